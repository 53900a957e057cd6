"""Network health of the sandbox's seeds, as the Account API reports it: the closed-network VPC is VALID
and each broken variant shows the failure class Databricks reports for it."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from sbx import dbx_testkit as kit  # noqa: E402

CASES = [
    ("tokyo-closed", "VALID", [], []),
    ("broken-one-az", "BROKEN", ["subnet"], []),
    ("broken-small-subnet", "BROKEN", ["subnet"], []),
    ("broken-dns-hostnames-off", "BROKEN", ["vpc"], []),
    ("broken-nacl", "BROKEN", ["networkAcl"], []),
    ("broken-igw-route", "WARNED", [], ["subnet"]),
    ("broken-sg-missing-6666", "WARNED", [], ["securityGroup"]),
]


@pytest.fixture(scope="module")
def sb():
    s = kit.Sandbox()
    yield s
    s.close()


def by_name(ec2, name):
    subs = ec2.describe_subnets(Filters=[{"Name": "tag:Name", "Values": [name]}])["Subnets"]
    assert len(subs) == 1, name
    return subs[0]


@pytest.mark.parametrize("seed,status,errors,warnings", CASES, ids=[c[0] for c in CASES])
def test_seed_network_health(sb, seed, status, errors, warnings):
    sb.admin("seed", {"name": seed})
    sb.token(fresh=True)                      # a seed replaces the whole state, tokens included
    ec2 = sb.client("ec2")
    s1, s2 = by_name(ec2, "Private Subnet 01"), by_name(ec2, "Private Subnet 02")
    sg = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["security-group-02"]}])
    s, net = sb.acct("POST", "networks", {"network_name": "seed-" + seed, "vpc_id": s1["VpcId"],
                                          "subnet_ids": [s1["SubnetId"], s2["SubnetId"]],
                                          "security_group_ids": [sg["SecurityGroups"][0]["GroupId"]]})
    assert s == 200, net
    assert net["vpc_status"] == status, net
    assert sorted({m["error_type"] for m in net.get("error_messages", [])}) == errors
    assert sorted({m["warning_type"] for m in net.get("warning_messages", [])}) == warnings
