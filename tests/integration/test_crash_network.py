"""Crash safety of the network heiiki builds (issue 18): from the empty-VPC seed, kill heiiki
with SIGKILL right after each EC2 call that creates or changes something (CreateSubnet,
CreateRouteTable, AssociateRouteTable, CreateSecurityGroup, Authorize*, Revoke*, Modify*, the
endpoints ...), resume, and check the network is whole: each subnet, route table and group once,
every association and rule there, and the workspace complete."""
import json
import os
import signal

from test_crash import start_stopped
from test_network_create import answers


def network_of(state, vpc):
    """Names -> what the VPC holds: subnets (cidr), route tables (associated subnet names, routes),
    security groups (rules without their ids), endpoints per service."""
    ec2 = state["ec2"]
    name = {}
    for coll in ("subnets", "route_tables", "security_groups"):
        for k, v in ec2[coll].items():
            tags = {t["Key"]: t["Value"] for t in v.get("Tags", [])}
            name[k] = tags.get("Name") or v.get("GroupName") or k
    out = {"subnets": sorted((name[k], v["CidrBlock"]) for k, v in ec2["subnets"].items() if v["VpcId"] == vpc)}
    out["route_tables"] = sorted(
        (name[k], sorted(name.get(a.get("SubnetId"), "main") for a in v["Associations"]),
         sorted(bool(r.get("DestinationPrefixListId")) for r in v["Routes"]))
        for k, v in ec2["route_tables"].items() if v["VpcId"] == vpc)
    out["security_groups"] = sorted(
        (name[k], sorted(repr((r["dir"], r["IpProtocol"], r.get("FromPort"), r.get("ToPort"), r.get("cidr"),
                               name.get(r.get("group"), r.get("group")), bool(r.get("prefix_list"))))
                         for r in v["_rules"]))
        for k, v in ec2["security_groups"].items() if v["VpcId"] == vpc)
    eps = {}
    for e in ec2["vpc_endpoints"].values():
        if e["VpcId"] == vpc:
            eps[e["ServiceName"]] = eps.get(e["ServiceName"], 0) + 1
    out["endpoints"] = eps
    return out


def fresh(sandbox):
    sandbox.admin("POST", "/_sandbox/seed", {"name": "tokyo-empty-vpc"})
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
    for n in os.listdir(sandbox.state_dir):
        os.unlink(os.path.join(sandbox.state_dir, n))
    return answers(sandbox)


def test_kill_after_every_network_call_then_resume(sandbox_factory):
    sandbox = sandbox_factory(seed="tokyo-empty-vpc")
    from conftest import heiiki_bin
    import subprocess

    def heiiki(*args):
        return subprocess.run([heiiki_bin()] + list(args), env=sandbox.full_env(), capture_output=True,
                              text=True, cwd=sandbox.dir, timeout=180)

    args = ["--yes", "--quiet", "--no-post-checks"]
    path = fresh(sandbox)
    vpc = sandbox.state()["seed_refs"]["vpc"]
    sandbox.clear_log()
    r = heiiki("apply", "--answers", path, *args)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]
    want = network_of(sandbox.state(), vpc)
    assert len(want["subnets"]) == 3 and len(want["route_tables"]) == 3 and len(want["security_groups"]) == 4
    assert all(n == 1 for n in want["endpoints"].values()) and len(want["endpoints"]) == 5
    import re
    mut = re.compile(r"^(Create|Allocate|Put|Run|Register|Associate|Authorize|Revoke|Modify|Attach|Disassociate)")
    total = len([q for q in sandbox.requests() if q["service"] == "ec2" and q["status"] < 400
                 and mut.match(q["operation"])])
    assert total >= 20, total
    for n in range(1, total + 1):
        path = fresh(sandbox)
        vpc = sandbox.state()["seed_refs"]["vpc"]
        proc = start_stopped(sandbox, ["apply", "--answers", path] + args)
        sandbox.admin("POST", "/_sandbox/crash", {"pid": proc.pid, "after_creates": n, "service": "ec2",
                                                  "mutations": True, "when": "before_response"})
        os.kill(proc.pid, signal.SIGCONT)
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == -signal.SIGKILL, (n, out[-2000:], err[-2000:])
        r = heiiki("resume", "empty", "--quiet", "--no-post-checks")
        assert r.returncode == 0, (n, r.stdout[-3000:], r.stderr[-2000:])
        got = network_of(sandbox.state(), vpc)
        assert got == want, (n, got, want)
        summary = json.loads(heiiki("summary", "empty", "--json").stdout)
        assert summary["phase"] == "complete" and summary["workspace"]["status"] == "RUNNING", n
    print("network crash test: %d kill points, each resumed to the same network" % total)


def test_kill_around_the_internet_gateway_then_resume_and_destroy(sandbox_factory):
    """create_vpc with a public front end: kill heiiki right after CreateInternetGateway and right
    after AttachInternetGateway; the resume finds the gateway by its Name tag (attaching it if the
    kill came first), the VPC ends with exactly one gateway, routed from the public subnet, and
    destroy removes it and the VPC."""
    from conftest import heiiki_bin
    from test_network_create import _public_vpc
    import subprocess
    sandbox = sandbox_factory(seed="tokyo-empty-vpc")

    def heiiki(*args):
        return subprocess.run([heiiki_bin()] + list(args), env=sandbox.full_env(), capture_output=True,
                              text=True, cwd=sandbox.dir, timeout=180)

    def reset():
        sandbox.admin("POST", "/_sandbox/seed", {"name": "tokyo-empty-vpc"})
        sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
        for n in os.listdir(sandbox.state_dir):
            os.unlink(os.path.join(sandbox.state_dir, n))
        return _public_vpc(sandbox, "pub")

    args = ["--yes", "--quiet", "--no-post-checks"]
    path = reset()
    sandbox.clear_log()
    r = heiiki("apply", "--answers", path, *args)
    assert r.returncode in (0, 6), r.stdout[-3000:] + r.stderr[-2000:]
    import re
    mut = re.compile(r"^(Create|Allocate|Put|Run|Register|Associate|Authorize|Revoke|Modify|Attach|Disassociate)")
    ops = [q["operation"] for q in sandbox.requests() if q["service"] == "ec2" and q["status"] < 400
           and mut.match(q["operation"])]
    points = [i + 1 for i, op in enumerate(ops) if op in ("CreateInternetGateway", "AttachInternetGateway")]
    assert len(points) == 2, ops
    for n in points:
        path = reset()
        proc = start_stopped(sandbox, ["apply", "--answers", path] + args)
        sandbox.admin("POST", "/_sandbox/crash", {"pid": proc.pid, "after_creates": n, "service": "ec2",
                                                  "mutations": True, "when": "before_response"})
        os.kill(proc.pid, signal.SIGCONT)
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == -signal.SIGKILL, (n, out[-2000:], err[-2000:])
        r = heiiki("resume", "pub", "--quiet", "--no-post-checks")
        assert r.returncode in (0, 6), (n, r.stdout[-3000:], r.stderr[-2000:])
        summary = json.loads(heiiki("summary", "pub", "--json").stdout)
        res = {a["action"]: a for a in summary["resources"]}
        vpc = res["aws.net.vpc"]["result"]["vpc_id"]
        ec2 = sandbox.state()["ec2"]
        igws = [g for g in ec2["internet_gateways"].values()
                if any(t.get("Value") == "pub-igw" for t in g.get("Tags", []))]
        assert len(igws) == 1 and [a["VpcId"] for a in igws[0]["Attachments"]] == [vpc], (n, igws)
        rt = ec2["route_tables"][res["aws.net.rt.public"]["result"]["route_table_id"]]
        assert any(x.get("GatewayId") == igws[0]["InternetGatewayId"] for x in rt["Routes"]), n
        r = heiiki("destroy", "pub", "--yes")
        assert r.returncode == 0, (n, r.stdout[-3000:], r.stderr[-2000:])
        ec2 = sandbox.state()["ec2"]
        assert igws[0]["InternetGatewayId"] not in ec2.get("internet_gateways", {}), n
        assert vpc not in ec2["vpcs"], n
    print("internet gateway crash test: kill points %s, each resumed to one attached gateway" % points)
