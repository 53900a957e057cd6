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

from sandbox_kit import TOKYO_TO_COMMIT, Sandbox, count_keys, tmux_tokyo_walk

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
    assert keys.endswith("<F10><Enter>")
    keys = keys[:-len("<Enter>")] + "<dump><Enter>"          # the confirmation, dumped
    p, screens = scripted.run(keys + "<dump><F10><dump><F10><dump><F10><dump><F10>", timeout=300,
                              size=(100, 40), **env)
    assert p.returncode == 0, p.stderr
    confirm, commit, access, verify, summary = screens[:5]
    text = " ".join(confirm.split())
    assert "Create the resources?" in text, confirm
    assert "creates 24 resources in AWS account 123456789012" in text, confirm
    assert sb.env["DATABRICKS_ACCOUNT_ID"] in text, confirm
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
    # the wizard records its post-deploy checks as the CLI does: the summary lists them
    import json
    import subprocess
    from conftest import base_env
    r = subprocess.run([scripted.binary, "summary", "tokyo-closed", "--json"], capture_output=True,
                       text=True, timeout=60, env=base_env(scripted.state_dir, **env))
    doc = json.loads(r.stdout)
    assert doc["phase"] == "complete", doc
    assert "verify.frontend" in r.stdout and "verify.uc" in r.stdout, r.stdout[-2000:]


def test_endpoints_step_is_not_a_dead_end(scripted, sandbox_env):
    """The network is asked before the endpoints, so the endpoint checks see the
    VPC; on the network step, the rule that needs the endpoints says where it
    is checked instead of failing."""
    sb, env = sandbox_env
    p, screens = scripted.run("<Enter>deadend<Tab><dump><F10><until:vpc-><dump><F3><dump><Esc>"
                              "<F10><F10><F10><dump><F10><dump>", size=(100, 50), timeout=120, **env)
    account, net, details, endpoints, pas = screens[:5]
    # F3: the full text of the step's findings, none cut
    assert "Full text" in details and "N5" in details, details
    assert "whose answers it needs" in " ".join(details.split()), details
    # the account step says where things will be made, whatever field has the focus
    text = " ".join(account.split())
    assert "A3: AWS account 123456789012 (aws) as arn:aws:iam::123456789012:" in text, account
    assert "A4: Databricks account %s accepts" % sb.env["DATABRICKS_ACCOUNT_ID"] in text, account
    assert "Network configuration" in net.splitlines()[1]
    assert "N5" in net and "checked at the \"VPC endpoints\" step" in " ".join(net.split()), net
    assert "VPC endpoints" in endpoints.splitlines()[1]
    assert "is not a subnet of VPC ." not in endpoints
    assert "Private access settings" in pas.splitlines()[1], pas


def test_a_taken_name_asks_and_both_setups_keep_their_answers(scripted, sandbox_env):
    sb, env = sandbox_env
    # the first setup: its account and network answered
    p, _ = scripted.run("<Enter>tokyo-closed<F10><until:vpc-><F10><dump>", timeout=120, **env)
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


def _journal_state(path):
    import json
    try:
        with open(path) as f:
            doc = json.load(f)
    except (OSError, ValueError):
        return {}
    return {a.get("id"): a.get("state") for a in doc.get("actions", [])}


def test_kill_9_during_the_commit_then_the_wizard_resumes_without_duplicates(scripted, sandbox_env,
                                                                             tmp_path):
    """kill -9 while the workspace provisions; the wizard, started again, lists
    the setup, resumes it (its own registration, PAS and network are not
    conflicts: the review does not block on E8) and finishes; the cloud holds
    one of each object."""
    import signal
    import subprocess
    import time
    from conftest import base_env
    sb, env = sandbox_env
    sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": 8})
    script = tmp_path / "first.keys"
    script.write_text(TOKYO_TO_COMMIT + "<until:The workspace is ready>")
    e = base_env(scripted.state_dir, COLUMNS="100", LINES="40", **env)
    e["HEIIKI_UI_SCRIPT"] = str(script)
    e["HEIIKI_UI_DUMP"] = str(tmp_path / "first.txt")
    p = subprocess.Popen([scripted.binary], env=e, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = scripted.state_dir / "tokyo-closed.json"
    end = time.time() + 120
    while time.time() < end and _journal_state(journal).get("dbx.workspace") != "done":
        time.sleep(0.1)
    assert _journal_state(journal).get("dbx.workspace") == "done", _journal_state(journal)
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": 1})
    keys = ("<dump><Down><Enter><dump><F10><Enter><until:The workspace is ready><dump>"
            "<F10><F10><dump>")
    p, screens = scripted.run(keys, size=(100, 40), timeout=180, **env)
    start, review, commit, verify = screens[:4]
    assert "Resume tokyo-closed" in start, start
    assert "Review" in review.splitlines()[1], review
    assert "0 blocking" in review and "E8" not in review, review
    assert "The workspace is ready" in commit and "\u2717" not in commit, commit
    assert "Every post-deploy check passed" in verify, verify
    state = sb.admin("GET", "/_sandbox/state")
    # AWS: workspace, relay, S3, STS, Kinesis, Glue endpoints; the cross-account and Glue roles
    assert len(state["ec2"]["vpc_endpoints"]) == 6, list(state["ec2"]["vpc_endpoints"])
    assert len(state["iam"]["roles"]) == 2, list(state["iam"]["roles"])
    assert len(state["s3"]["buckets"]) == 1, list(state["s3"]["buckets"])
    # Databricks: no two objects of a kind share a name (credential, storage,
    # registrations, PAS, network, workspace)
    for kind, objs in state["dbx"].items():
        if not isinstance(objs, dict):
            continue
        for key in {k for o in objs.values() if isinstance(o, dict) for k in o if k.endswith("_name")}:
            names = [o[key] for o in objs.values() if isinstance(o, dict) and o.get(key)
                     and isinstance(o[key], str)]
            assert len(names) == len(set(names)), (kind, key, names)


def test_a_setup_started_headless_is_listed_and_resumed_by_the_wizard(scripted, sandbox_env,
                                                                      tmp_path):
    """`heiiki apply` killed while the workspace provisions leaves a state file and
    no saved answers: the wizard lists it with its progress in the cloud, resumes
    it at the review and finishes it."""
    import signal
    import subprocess
    import time
    from conftest import base_env
    sb, env = sandbox_env
    sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": 8})
    answers = tmp_path / "tokyo.ini"
    from sandbox_kit import tokyo_answers
    answers.write_text(tokyo_answers(sb.refs(), sb.env["DATABRICKS_ACCOUNT_ID"], name="headless"))
    e = base_env(scripted.state_dir, **env)
    p = subprocess.Popen([scripted.binary, "apply", "--answers", str(answers), "--yes", "--quiet",
                          "--no-post-checks"], env=e, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    journal = scripted.state_dir / "headless.json"
    end = time.time() + 120
    while time.time() < end and _journal_state(journal).get("dbx.workspace") != "done":
        time.sleep(0.1)
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    assert not (scripted.state_dir / "headless.answers").exists()
    keys = "<dump><Down><Enter><dump><F10><Enter><until:The workspace is ready><dump>"
    p, screens = scripted.run(keys, size=(100, 40), timeout=180, **env)
    start, review, commit = screens[:3]
    line = [l for l in start.splitlines() if "headless" in l and "Resume" in l]
    assert line and "started headless" in line[0] and "actions done in the cloud" in line[0], start
    assert "Review" in review.splitlines()[1] and "0 blocking" in review, review
    assert "The workspace is ready" in commit and "\u2717" not in commit, commit
    assert len(sb.admin("GET", "/_sandbox/state")["ec2"]["vpc_endpoints"]) == 5
    # a new setup given its name: "Open it" opens that setup where it stopped (the wizard
    # saved it at its commit), not a new one with defaults
    p, screens = scripted.run("<Enter>headless<F10><Enter><dump>", size=(100, 40), timeout=120, **env)
    assert "Commit" in screens[0].splitlines()[1], screens[0]


def test_hint_line_and_picker_filter_tell_the_truth(scripted, sandbox_env):
    """In a text field q types a q, so the hint line offers ^C to quit; in a
    picker Space types a space ("Subnet 02" finds Private Subnet 02), Tab marks,
    the rows show full names, and the order is by name."""
    sb, env = sandbox_env
    refs = sb.refs()
    keys = "<Enter>keys<F10><Tab><Tab><dump><C-u><F4><dump>Subnet 02<dump><Tab><Enter><dump>"
    p, screens = scripted.run(keys, size=(140, 30), timeout=120, **env)
    field, full, filtered, after = screens[:4]
    hints = field.splitlines()[-1]
    assert "^C Quit" in hints and "q Quit" not in hints, hints
    rows = [l for l in full.splitlines() if "subnet-" in l]
    names = [n for n in ("Private Subnet 01", "Private Subnet 02", "Private Subnet 03",
                         "Public Subnet 01") if n in full]
    assert len(names) == 4, full                              # full names, not cut at 16
    assert [r for r in rows if refs["vpc"] in r], full        # the VPC column
    order = [min(i for i, r in enumerate(rows) if n in r) for n in names]
    assert order == sorted(order), rows                      # by name
    assert 'filter "Subnet 02": 1 of 4' in filtered, filtered
    assert refs["priv2"] in filtered and refs["priv1"] not in filtered, filtered
    line = [l for l in after.splitlines() if l.strip().startswith("Cluster subnets")][0]
    assert refs["priv2"] in line and refs["priv1"] not in line, line


def test_review_paging_skips_no_line(scripted, sandbox_env):
    """PgDn on the review shows the next page with the last line kept for context
    (it went from 1-24 to 26-49, and line 25 was seen only with Down)."""
    from sandbox_kit import save_setup, tokyo_answers
    sb, env = sandbox_env
    save_setup(scripted.state_dir, tokyo_answers(sb.refs(), sb.env["DATABRICKS_ACCOUNT_ID"]))
    keys = "<Down><Enter>" + "<F10>" * 9 + "<dump><PgDn><dump><PgDn><dump>"
    p, screens = scripted.run(keys, size=(100, 35), timeout=120, **env)
    spans = []
    for s in screens[:3]:
        m = re.search(r" (\d+)-(\d+)/(\d+) *$", s, re.M)
        assert m, s
        spans.append((int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for (a1, b1, _), (a2, b2, total) in zip(spans, spans[1:]):
        assert a2 <= b1 + 1 and (b2 > b1 or b2 == total), spans


def test_two_vpcs_the_operator_picks_and_proposals_follow_the_vpc(scripted, sandbox_env):
    """With two VPCs none is proposed; once one is picked, its cluster subnets
    are proposed, and picking the other VPC replaces the proposals (it does not
    leave the first VPC's subnets behind)."""
    import botocore.config
    import botocore.session
    sb, env = sandbox_env
    ec2 = botocore.session.get_session().create_client(
        "ec2", region_name="ap-northeast-1", endpoint_url=sb.url,
        aws_access_key_id=sb.env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=sb.env["AWS_SECRET_ACCESS_KEY"],
        config=botocore.config.Config(retries={"max_attempts": 0}))
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16", TagSpecifications=[{
        "ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "Second VPC"}]}])["Vpc"]["VpcId"]
    made = []
    for cidr, az in (("10.1.1.0/24", "ap-northeast-1a"), ("10.1.2.0/24", "ap-northeast-1c")):
        made.append(ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=az)["Subnet"]["SubnetId"])
    refs = sb.refs()
    keys = ("<Enter>twovpc<F10><dump><Tab><F4>Closed<Enter><dump>"
            "<F4><C-u>Second<Enter><dump>")
    p, screens = scripted.run(keys, size=(140, 40), timeout=120, **env)
    first, picked, other = screens[:3]

    def line(screen, label):
        return [l for l in screen.splitlines() if l.strip().startswith(label)][0]
    assert "vpc-" not in line(first, "VPC"), first                     # two VPCs: no guess
    assert refs["priv1"] in line(picked, "Cluster subnets"), picked
    assert refs["priv2"] in line(picked, "Cluster subnets"), picked
    sub = line(other, "Cluster subnets")
    assert refs["priv1"] not in sub and refs["priv2"] not in sub, other
    assert made[0] in sub and made[1] in sub, other


def test_a_role_that_already_trusts_databricks_is_proposed(scripted, sandbox_env):
    """The credential step proposes "create" unless the account has a role that
    trusts Databricks with this account's ID as external ID (rule C1)."""
    import json
    import botocore.config
    import botocore.session
    sb, env = sandbox_env
    iam = botocore.session.get_session().create_client(
        "iam", region_name="us-east-1", endpoint_url=sb.url,
        aws_access_key_id=sb.env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=sb.env["AWS_SECRET_ACCESS_KEY"],
        config=botocore.config.Config(retries={"max_attempts": 0}))

    def trust(ext):
        return json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::414351767826:root"},
            "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": ext}}}]})
    iam.create_role(RoleName="aaa-other-account", AssumeRolePolicyDocument=trust(
        "11111111-2222-3333-4444-555555555555"))
    iam.create_role(RoleName="zzz-ours", AssumeRolePolicyDocument=trust(sb.env["DATABRICKS_ACCOUNT_ID"]))
    # the network step's proposals come from the account's reads: wait for them (a loaded
    # machine answered after the F10), as an operator waits for the VPC to appear
    p, screens = scripted.run("<Enter>roles<F10><until:vpc-><F10><dump>", size=(100, 40), timeout=120, **env)
    cred = screens[0]
    assert "Credential configuration" in cred.splitlines()[1], cred
    mode = [l for l in cred.splitlines() if l.strip().startswith("Cross-account role")][0]
    assert "existing" in mode, cred
    assert "role/zzz-ours" in cred and "aaa-other-account" not in cred, cred


def test_tokyo_in_a_real_terminal_from_empty_state(tmux, sandbox_env, tmp_path):
    """The same walk in a real terminal (tmux), a key at a time, looking at the
    screen before each key as a person does: from an empty state directory to a
    RUNNING, verified workspace, counting every key sent up to the commit."""
    sb, env = sandbox_env
    state = tmp_path / "state"
    assert not state.exists() or not os.listdir(str(state))
    t = tmux(env=env, width=110, height=40)
    seen = []
    sent = tmux_tokyo_walk(t, sb.refs(), "en", see=lambda s, where: seen.append(s), page=False)
    print("wizard (tmux): keys from launch to the commit: %d" % sent)
    assert sent == count_keys(TOKYO_TO_COMMIT) and sent <= 60, sent
    assert any("Create the resources?" in s for s in seen)
    assert "Start a new setup" in seen[0], seen[0]
