"""The wizard as a new operator meets it (issue 17): every test starts from an
EMPTY state directory and no answers file, and drives the wizard by keys alone.

- the report's Tokyo setup (closed-network-setup.md) to a RUNNING, verified
  workspace in at most 60 keys from launch to the commit: the network comes
  before the endpoints (no dead end), the rest comes from the account;
- a new setup given an existing setup's name asks, and both setups keep their
  answers."""
import os
import re

import pytest

from sandbox_kit import TOKYO_TO_COMMIT, Sandbox, count_keys

@pytest.fixture
def sandbox_env(tmp_path):
    sb = Sandbox(tmp_path, "tokyo-closed")
    sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": 1, "vpce_delay_s": 1,
                                          "dbx_cluster_start_s": 0.3})
    env = dict(sb.env)
    env["HEIIKI_SANDBOX_DIR"] = sb.dir
    env["HEIIKI_CA_BUNDLE"] = sb.env["HEIIKI_SANDBOX_CA"]
    env["HEIIKI_FRONTEND_ADDR"] = sb.env["HEIIKI_SANDBOX_FRONTEND"]
    yield sb, env
    sb.stop()


def test_key_count_reads_keys_not_markers():
    assert count_keys("<Enter>ab<F10><dump><until:x y>") == 4


def test_tokyo_from_empty_state_to_a_verified_workspace_in_60_keys(scripted, sandbox_env):
    sb, env = sandbox_env
    assert not os.listdir(str(scripted.state_dir))           # nothing saved, no answers file
    keys = TOKYO_TO_COMMIT
    n = count_keys(keys)
    print("wizard: keys from launch to the commit: %d" % n)
    assert n <= 60, n
    p, screens = scripted.run(keys + "<dump><F10><dump><F10><dump><F10><dump><F10>", timeout=300,
                              size=(100, 40), **env)
    assert p.returncode == 0, p.stderr
    commit, access, verify, summary = screens[:4]
    assert "Commit" in commit.splitlines()[1]
    assert "\u2717" not in commit, commit
    assert "The workspace is ready" in commit, commit
    assert "Every post-deploy check passed" in verify, verify
    assert "RUNNING" in summary, summary
    # the report's layout was built: the front end in Public Subnet 01 with SG 01,
    # the relay, STS, Kinesis and Glue in Private Subnet 03 with SG 03, the
    # clusters in Private Subnets 01 and 02 with SG 02
    refs = sb.refs()
    state = sb.admin("GET", "/_sandbox/state")
    text = repr(state)
    for ref in ("pub1", "priv1", "priv2", "priv3", "sg1", "sg2", "sg3", "privrt1"):
        assert refs[ref] in text, ref
    saved = (scripted.state_dir / "tokyo-closed.answers").read_text()
    assert "workspace.create_in_subnets = %s" % refs["pub1"] in saved, saved
    assert "relay.create_in_subnets = %s" % refs["priv3"] in saved, saved
    assert "glue.security_group = %s" % refs["sg3"] in saved, saved
    assert re.search(r"subnet_ids = %s, ?%s" % (refs["priv1"], refs["priv2"]), saved), saved
    assert "security_group_ids = %s" % refs["sg2"] in saved, saved


def test_endpoints_step_is_not_a_dead_end(scripted, sandbox_env):
    """The network is asked before the endpoints, so the endpoint checks see the
    VPC; on the network step, the rule that needs the endpoints says where it
    is checked instead of failing."""
    sb, env = sandbox_env
    p, screens = scripted.run("<Enter>deadend<F10><dump><F10><F10><F10><dump><F10><dump>",
                              size=(100, 50), timeout=120, **env)
    net, endpoints, pas = screens[:3]
    assert "Network configuration" in net.splitlines()[1]
    assert "N5" in net and "checked at the \"VPC endpoints\" step" in " ".join(net.split()), net
    assert "VPC endpoints" in endpoints.splitlines()[1]
    assert "is not a subnet of VPC ." not in endpoints
    assert "Private access settings" in pas.splitlines()[1], pas


def test_a_taken_name_asks_and_both_setups_keep_their_answers(scripted, sandbox_env):
    sb, env = sandbox_env
    # the first setup: its account and network answered
    p, _ = scripted.run("<Enter>tokyo-closed<F10><F10><dump>", timeout=120, **env)
    first = scripted.state_dir / "tokyo-closed.answers"
    before = first.read_bytes()
    assert b"vpc_id = " + sb.refs()["vpc"].encode() in before
    # a new setup given the same name: the wizard asks; "Choose another name"
    p, screens = scripted.run("<Enter>tokyo-closed<F10><dump><Tab><Enter><C-u>tokyo-two<F10><dump>",
                              timeout=120, **env)
    asked, after = screens[:2]
    assert "already exists" in asked and "Open it" in asked, asked
    assert "Network configuration" in after.splitlines()[1], after
    assert first.read_bytes() == before                       # untouched
    second = scripted.state_dir / "tokyo-two.answers"
    assert second.exists() and b"name = tokyo-two" in second.read_bytes()
    # again, and "Open it": the first setup opens where it stopped, with its answers
    p, screens = scripted.run("<Enter>tokyo-closed<F10><Enter><dump>", timeout=120, **env)
    opened = screens[0]
    assert "Credential configuration" in opened.splitlines()[1], opened
    assert first.read_bytes() == before
