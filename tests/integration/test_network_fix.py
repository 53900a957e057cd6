"""Fix, not only tell (issue 18): with network.fix_existing = true, what pre-flight finds wrong in
the operator's own network and can fix becomes a planned action that runs once the plan is
confirmed (--yes), the aws command still shown; without it pre-flight blocks as before.  Destroy
undoes exactly what the fix changed."""
import json
import os

import pytest

from conftest import write_tokyo_answers
from test_network_create import ec2_client


def with_network(path, lines, s3_vpce=None):
    with open(path) as f:
        text = f.read()
    text = text.replace("[network]\n", "[network]\n" + lines)
    if s3_vpce:
        text = text.replace("s3.mode = create\n", "s3.mode = existing\ns3.vpce_id = %s\n" % s3_vpce)
    with open(path, "w") as f:
        f.write(text)
    return path


@pytest.mark.seed("broken-dns-hostnames-off")
def test_dns_hostnames_fixed_only_when_asked(sandbox, heiiki):
    vpc = sandbox.state()["seed_refs"]["vpc"]
    path = write_tokyo_answers(sandbox)
    r = heiiki("apply", "--answers", path, "--yes", "--no-post-checks")
    assert r.rc == 3 and "BLOCK   N1" in r.out and "--enable-dns-hostnames" in r.out, r
    assert not sandbox.state()["ec2"]["vpcs"][vpc]["_dns_hostnames"]
    with_network(path, "fix_existing = true\n")
    r = heiiki("plan", "--answers", path)
    assert "aws.net.vpc_dns" in r.out and "modify-vpc-attribute" in r.out, r
    r = heiiki("apply", "--answers", path, "--yes", "--no-post-checks", timeout=300)
    assert r.rc == 0, r
    # the finding is still shown, with its command, as a warning that heiiki fixes it
    assert "heiiki fixes it (aws.net.vpc_dns)" in r.out and "--enable-dns-hostnames" in r.out, r
    assert sandbox.state()["ec2"]["vpcs"][vpc]["_dns_hostnames"]
    res = {a["action"]: a for a in json.loads(heiiki("summary", "tokyo-closed", "--json").out)["resources"]}
    assert res["aws.net.vpc_dns"]["origin"] == "created"
    r = heiiki("destroy", "tokyo-closed", "--yes", timeout=300)
    assert r.rc == 0, r
    assert not sandbox.state()["ec2"]["vpcs"][vpc]["_dns_hostnames"]       # as it was


def test_s3_route_fixed_only_when_asked(sandbox, heiiki):
    refs = sandbox.state()["seed_refs"]
    ec2 = ec2_client(sandbox)
    # the operator's S3 gateway endpoint, on the endpoint subnet's table only
    s3 = ec2.create_vpc_endpoint(VpcId=refs["vpc"], VpcEndpointType="Gateway",
                                 ServiceName="com.amazonaws.ap-northeast-1.s3",
                                 RouteTableIds=[refs["privrt2"]])["VpcEndpoint"]["VpcEndpointId"]
    path = with_network(write_tokyo_answers(sandbox), "", s3_vpce=s3)
    r = heiiki("apply", "--answers", path, "--yes", "--no-post-checks")
    assert r.rc == 3 and "BLOCK   N5" in r.out and "modify-vpc-endpoint" in r.out, r
    with_network(path, "fix_existing = true\n")
    r = heiiki("apply", "--answers", path, "--yes", "--no-post-checks", timeout=300)
    assert r.rc == 0, r
    assert "heiiki fixes it (aws.fix.s3_route)" in r.out, r
    ep = sandbox.state()["ec2"]["vpc_endpoints"][s3]
    assert sorted(ep["RouteTableIds"]) == sorted([refs["privrt1"], refs["privrt2"]])
    r = heiiki("destroy", "tokyo-closed", "--yes", timeout=300)
    assert r.rc == 0, r
    assert sandbox.state()["ec2"]["vpc_endpoints"][s3]["RouteTableIds"] == [refs["privrt2"]]


@pytest.mark.seed("broken-sg-missing-6666")
def test_missing_sg_rule_fixed_only_when_asked(sandbox, heiiki):
    refs = sandbox.state()["seed_refs"]

    def rules():
        return sorted(repr((r["dir"], r["IpProtocol"], r.get("FromPort"), r.get("ToPort"), r.get("cidr"),
                            r.get("group"), r.get("prefix_list")))
                      for r in sandbox.state()["ec2"]["security_groups"][refs["sg2"]]["_rules"])

    # the seed also drops 6666 from the endpoint group (E3): put that back, this test is about SG 02
    ec2_client(sandbox).authorize_security_group_ingress(GroupId=refs["sg3"], IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 6666, "ToPort": 6666, "UserIdGroupPairs": [{"GroupId": refs["sg2"]}]}])
    before = rules()
    path = write_tokyo_answers(sandbox)
    r = heiiki("apply", "--answers", path, "--yes", "--no-post-checks")
    assert r.rc == 3 and "BLOCK   G4" in r.out and "authorize-security-group-egress" in r.out, r
    with_network(path, "fix_existing = true\n")
    r = heiiki("apply", "--answers", path, "--yes", "--no-post-checks", timeout=300)
    assert r.rc == 0, r
    assert "heiiki fixes it (aws.fix.sg_rules)" in r.out, r
    added = set(rules()) - set(before)
    assert added == {repr(("egress", "tcp", 6666, 6666, "10.0.0.0/16", None, None))}, added
    r = heiiki("destroy", "tokyo-closed", "--yes", timeout=300)
    assert r.rc == 0, r
    assert rules() == before
