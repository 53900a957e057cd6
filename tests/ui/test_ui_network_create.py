"""The wizard builds the report's network (issue 18): from the seed with only an
empty VPC (tokyo-empty-vpc), an empty state directory and no answers file."""
import os
import time

import pytest

from sandbox_kit import Sandbox


@pytest.fixture
def empty_vpc(tmp_path):
    sb = Sandbox(tmp_path, "tokyo-empty-vpc")
    sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": 1, "vpce_delay_s": 1,
                                          "dbx_cluster_start_s": 0.3})
    env = dict(sb.env)
    env["HEIIKI_SANDBOX_DIR"] = sb.dir
    env["HEIIKI_CA_BUNDLE"] = sb.env["HEIIKI_SANDBOX_CA"]
    env["HEIIKI_FRONTEND_ADDR"] = sb.env["HEIIKI_SANDBOX_FRONTEND"]
    yield sb, env
    sb.stop()


def test_from_an_empty_vpc_to_a_verified_workspace_in_a_real_terminal(tmux, empty_vpc, tmp_path):
    """The done-when of issue 18 for the wizard: an empty state directory, no answers
    file, a VPC with nothing in it; by keys alone (a real terminal, a key at a time)
    the wizard proposes to build the network, shows the layout, builds the report's
    subnets, route tables and groups and reaches a RUNNING workspace whose
    post-deploy checks all pass.  The key count is printed."""
    sb, env = empty_vpc
    vpc = sb.refs()["vpc"]
    state = tmp_path / "state"
    assert not state.exists() or not os.listdir(str(state))
    t = tmux(env=env, width=110, height=45)
    sent = [0]

    def key(*names):
        for n in names:
            t.send(n)
            sent[0] += 1

    def step(title, *also, timeout=30.0):
        end = time.time() + timeout
        s = ""
        while time.time() < end:
            s = t.screen()
            lines = s.splitlines()
            if len(lines) > 1 and title in lines[1] and all(a in s for a in also) and \
                    "checking" not in s:
                return s
            time.sleep(0.05)
        raise AssertionError("%r %r did not appear:\n%s" % (title, also, s))

    t.wait_for("Start a new setup")
    key("Enter")
    step("Account and identity")
    t.type("empty")
    sent[0] += len("empty")
    key("F10")
    # the VPC has no cluster subnet: heiiki proposes to build the network in it and
    # shows the planned layout (125 nodes per cluster subnet: two /24)
    net = step("Network configuration", vpc, "create_in_vpc", "10.0.1.0/24")
    for role in ("cluster-1", "cluster-2", "endpoints"):
        assert role in net, net
    key("F10")
    for title in ("Credential configuration", "Storage configuration", "VPC endpoints",
                  "Private access settings", "Metastore", "Workspace", "Client access"):
        step(title)
        key("F10")
    step("Review", "0 blocking", timeout=60)
    key("F10")
    t.wait_for("Create the resources?")
    key("Enter")
    print("wizard (tmux, empty VPC): keys from launch to the commit: %d" % sent[0])
    assert sent[0] <= 60, sent[0]
    t.wait_for("The workspace is ready", timeout=180)
    t.send("F10")
    t.wait_for("Hosts and DNS", timeout=30)
    t.send("F10")
    t.wait_for("Every post-deploy check passed", timeout=120)
    t.send("F10")
    s = t.wait_for("RUNNING", timeout=30)
    assert "Summary" in s.splitlines()[1], s
    # the report's layout was built in the VPC: two cluster subnets, the endpoint
    # subnet, their route tables and the three groups, all named after the setup
    ec2 = sb.admin("GET", "/_sandbox/state")["ec2"]
    names = set()
    for coll in ("subnets", "route_tables", "security_groups"):
        for v in ec2[coll].values():
            if v.get("VpcId") == vpc:
                names.update(tg.get("Value") for tg in v.get("Tags", []) if tg.get("Key") == "Name")
                names.add(v.get("GroupName"))
    for n in ("empty-cluster-1", "empty-cluster-2", "empty-endpoints", "empty-rt-cluster",
              "empty-sg-cluster"):
        assert n in names, sorted(x for x in names if x)


def test_the_network_step_offers_the_modes_and_the_layout_follows_the_node_count(scripted,
                                                                                empty_vpc):
    """The mode comes first; in a VPC with no cluster subnet it is create_in_vpc; the
    planned layout (subnet, zone, CIDR, nodes) is on the screen and follows the node
    count as it is typed; "existing" hides the table and asks for the subnets."""
    sb, env = empty_vpc
    p, screens = scripted.run("<Enter>empty<F10><until:10.0.1.0/24><dump>"
                              "<Tab><Tab><Tab><Tab>500<dump><Tab><dump>"
                              "<S-Tab><S-Tab><S-Tab><S-Tab><S-Tab><Left><dump>",
                              size=(100, 45), timeout=120, **env)
    first, typed, left, existing = screens[:4]
    lines = first.splitlines()
    at = [i for i, l in enumerate(lines) if "Network *" in l][0]
    assert "create_in_vpc" in lines[at], first
    assert any("Planned network layout" in l for l in lines[:at]), first   # above the form
    row = [l.split() for l in lines if l.split()[:1] == ["cluster-1"]][0]
    assert row == ["cluster-1", "ap-northeast-1a", "10.0.0.0/24", "125"], first
    # 500 nodes: a /22 ((1024 - 5) / 2 = 509), while the field is still being typed
    for s in (typed, left):
        rows = {l.split()[0]: l.split()[1:] for l in s.splitlines() if l.split()[:1] in
                (["cluster-1"], ["cluster-2"], ["endpoints"])}
        assert rows["cluster-1"][1:3] == ["10.0.0.0/22", "509"], s
        assert rows["cluster-2"][1:3] == ["10.0.4.0/22", "509"], s
        assert rows["endpoints"][1] == "10.0.8.0/26", s
    assert "Cluster subnets" not in left, left
    # back on the mode, one step left: existing; the table goes, the subnets are asked
    assert "\u2039 existing \u203a" in existing, existing
    assert "Planned network layout" not in existing, existing
    assert "Cluster subnets" in existing and "Cluster security groups" in existing, existing


def test_create_vpc_plans_in_the_cidr_typed(scripted, empty_vpc):
    """create_vpc: the VPC row gives way to the CIDR of the new VPC, and the layout is
    planned in that CIDR (the zones still read from AWS)."""
    sb, env = empty_vpc
    p, screens = scripted.run("<Enter>empty<F10><until:10.0.1.0/24><Right><dump>"
                              "<Tab>10.9.0.0/16<Tab><until:10.9.1.0/24><dump>",
                              size=(100, 45), timeout=120, **env)
    mode, planned = screens[:2]
    assert "\u2039 create_vpc \u203a" in mode and "VPC CIDR" in mode, mode
    assert "VPC *" not in mode, mode
    rows = {l.split()[0]: l.split()[1:] for l in planned.splitlines() if l.split()[:1] in
            (["cluster-1"], ["cluster-2"], ["endpoints"])}
    assert rows["cluster-1"][:3] == ["ap-northeast-1a", "10.9.0.0/24", "125"], planned
    assert rows["endpoints"][:2] == ["ap-northeast-1d", "10.9.2.0/26"], planned
