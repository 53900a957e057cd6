"""EC2 quotas and refusals that a network heiiki builds can run into (issue 18): subnet CIDR overlaps and
ranges, subnets per VPC, rules per security group, security groups per interface; the empty-VPC seed.
Quotas: https://docs.aws.amazon.com/vpc/latest/userguide/amazon-vpc-limits.html
Error codes: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html"""
import os
import sys

import pytest
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aws_kit  # noqa: E402

box, sb = aws_kit.module_sandbox()
STS = "com.amazonaws.ap-northeast-1.sts"


def _err(fn, **kw):
    with pytest.raises(ClientError) as e:
        fn(**kw)
    return e.value.response["Error"]["Code"]


def test_empty_vpc_seed_has_only_what_create_vpc_makes(sb):
    sb.reseed("tokyo-empty-vpc")
    ec2, refs = sb.client("ec2"), sb.refs()
    vid = refs["vpc"]
    flt = [{"Name": "vpc-id", "Values": [vid]}]
    assert ec2.describe_subnets(Filters=flt)["Subnets"] == []
    rts = ec2.describe_route_tables(Filters=flt)["RouteTables"]
    assert len(rts) == 1 and rts[0]["Associations"][0]["Main"] is True
    assert [r["GatewayId"] for r in rts[0]["Routes"]] == ["local"]
    sgs = ec2.describe_security_groups(Filters=flt)["SecurityGroups"]
    assert [g["GroupName"] for g in sgs] == ["default"]
    assert ec2.describe_internet_gateways()["InternetGateways"] == []
    assert ec2.describe_vpc_endpoints()["VpcEndpoints"] == []
    assert ec2.describe_vpc_attribute(VpcId=vid, Attribute="enableDnsSupport")["EnableDnsSupport"]["Value"]
    assert not ec2.describe_vpc_attribute(VpcId=vid, Attribute="enableDnsHostnames")["EnableDnsHostnames"]["Value"]


def test_subnet_cidr_overlap_and_range(sb):
    sb.reseed("tokyo-empty-vpc")
    ec2, vid = sb.client("ec2"), sb.refs()["vpc"]
    ec2.create_subnet(VpcId=vid, CidrBlock="10.0.0.0/20", AvailabilityZone="ap-northeast-1a")
    assert _err(ec2.create_subnet, VpcId=vid, CidrBlock="10.0.8.0/24") == "InvalidSubnet.Conflict"
    assert _err(ec2.create_subnet, VpcId=vid, CidrBlock="10.0.0.0/15") == "InvalidSubnet.Range"
    assert _err(ec2.create_subnet, VpcId=vid, CidrBlock="10.0.16.0/29") == "InvalidSubnet.Range"
    assert _err(ec2.create_vpc, CidrBlock="10.0.0.0/15") == "InvalidVpc.Range"
    # AWS lets VPCs overlap (only peering refuses them): a second 10.0.0.0/16 is accepted.
    assert ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"] != vid


def test_subnets_per_vpc_quota(sb):
    sb.reseed("tokyo-empty-vpc")
    ec2, vid = sb.client("ec2"), sb.refs()["vpc"]
    assert sb.admin("GET", "/_sandbox/config").get("subnets_per_vpc") is None   # the AWS default (200) applies
    sb.admin("POST", "/_sandbox/config", {"subnets_per_vpc": 3})
    for i in range(3):
        ec2.create_subnet(VpcId=vid, CidrBlock="10.0.%d.0/24" % i)
    assert _err(ec2.create_subnet, VpcId=vid, CidrBlock="10.0.9.0/24") == "SubnetLimitExceeded"
    other = ec2.create_vpc(CidrBlock="172.16.0.0/16")["Vpc"]["VpcId"]
    ec2.create_subnet(VpcId=other, CidrBlock="172.16.0.0/24")              # per VPC, not per account


def test_sixty_rules_per_direction(sb):
    sb.reseed("tokyo-empty-vpc")
    ec2, vid = sb.client("ec2"), sb.refs()["vpc"]
    gid = ec2.create_security_group(VpcId=vid, GroupName="many", Description="x")["GroupId"]
    perms = [{"IpProtocol": "tcp", "FromPort": 1000 + i, "ToPort": 1000 + i,
              "IpRanges": [{"CidrIp": "10.0.0.0/16"}]} for i in range(60)]
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=perms)
    one = [{"IpProtocol": "tcp", "FromPort": 2000, "ToPort": 2000, "IpRanges": [{"CidrIp": "10.0.0.0/16"}]}]
    assert _err(ec2.authorize_security_group_ingress, GroupId=gid, IpPermissions=one) == \
        "RulesPerSecurityGroupLimitExceeded"
    # outbound counts apart: 1 default rule + 59 more fit, the 61st does not
    ec2.authorize_security_group_egress(GroupId=gid, IpPermissions=perms[:59])
    assert _err(ec2.authorize_security_group_egress, GroupId=gid, IpPermissions=one) == \
        "RulesPerSecurityGroupLimitExceeded"


def test_five_security_groups_per_interface(sb):
    sb.reseed("tokyo-closed")
    ec2, refs = sb.client("ec2"), sb.refs()
    groups = [ec2.create_security_group(VpcId=refs["vpc"], GroupName="g%d" % i, Description="x")["GroupId"]
              for i in range(6)]
    assert _err(ec2.create_vpc_endpoint, VpcId=refs["vpc"], VpcEndpointType="Interface", ServiceName=STS,
                SubnetIds=[refs["priv3"]], SecurityGroupIds=groups) == "SecurityGroupsPerInterfaceLimitExceeded"
    assert ec2.describe_network_interfaces()["NetworkInterfaces"] == []
    ec2.create_vpc_endpoint(VpcId=refs["vpc"], VpcEndpointType="Interface", ServiceName=STS,
                            SubnetIds=[refs["priv3"]], SecurityGroupIds=groups[:5], PrivateDnsEnabled=False)


def test_create_route_table_client_token(sb):
    """CreateRouteTable takes a ClientToken (newer than the system botocore's model, so it is added
    to the body by hand): a repeat with the same token gives the same table; other parameters under
    it are IdempotentParameterMismatch."""
    sb.reseed("tokyo-empty-vpc")
    ec2, vid = sb.client("ec2"), sb.refs()["vpc"]

    def token(when, req):
        if when == "before":
            req.data = dict(req.data, ClientToken="heiiki-rt-01")

    def create(vpc):
        status, headers, body = sb.raw("ec2", "CreateRouteTable", {"VpcId": vpc}, mutate=token)
        return status, body.decode()

    (s1, b1), (s2, b2) = create(vid), create(vid)
    assert s1 == s2 == 200, (b1, b2)
    rid = b1.split("<routeTableId>")[1].split("<")[0]
    assert rid in b2
    assert len(ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vid]}])["RouteTables"]) == 2
    other = ec2.create_vpc(CidrBlock="172.16.0.0/16")["Vpc"]["VpcId"]
    s3, b3 = create(other)
    assert s3 == 400 and "IdempotentParameterMismatch" in b3
