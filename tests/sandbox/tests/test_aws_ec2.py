"""EC2 behaviour: seeds, describe filters and ID errors, pagination, endpoints, security groups."""
import os
import sys
import time
import ipaddress

import pytest
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aws_kit  # noqa: E402

box, sb = aws_kit.module_sandbox()
RELAY = "com.amazonaws.vpce.ap-northeast-1.vpce-svc-02aa633bda3edbec0"
WORKSPACE = "com.amazonaws.vpce.ap-northeast-1.vpce-svc-02691fd610d24fd64"


def _err(fn, **kw):
    with pytest.raises(ClientError) as e:
        fn(**kw)
    return e.value.response["Error"]["Code"]


def _egress_ports(sg):
    return sorted(p["FromPort"] for p in sg["IpPermissionsEgress"] if p["IpProtocol"] == "tcp"
                  and p["FromPort"] == p["ToPort"])


def test_tokyo_closed_matches_the_field_report(sb):
    ec2, refs = sb.client("ec2"), sb.refs()
    subnets = {aws_kit.name_of(s): s for s in ec2.describe_subnets()["Subnets"]}
    assert set(subnets) == {"Public Subnet 01", "Private Subnet 01", "Private Subnet 02", "Private Subnet 03"}
    assert subnets["Private Subnet 01"]["AvailabilityZoneId"] == "apne1-az1"
    assert subnets["Private Subnet 02"]["AvailabilityZoneId"] == "apne1-az2"
    assert subnets["Private Subnet 01"]["AvailableIpAddressCount"] == 251
    rts = {aws_kit.name_of(r): r for r in ec2.describe_route_tables(
        Filters=[{"Name": "vpc-id", "Values": [refs["vpc"]]}])["RouteTables"]}
    assert any(r.get("GatewayId", "").startswith("igw-") for r in rts["Public Route Table"]["Routes"])
    priv = rts["Private Route Table 01"]
    assert sorted(a["SubnetId"] for a in priv["Associations"]) == sorted([refs["priv1"], refs["priv2"]])
    assert [r["GatewayId"] for r in priv["Routes"]] == ["local"]
    sgs = {aws_kit.name_of(g): g for g in ec2.describe_security_groups(
        Filters=[{"Name": "tag:Name", "Values": ["Security Group 0?"]}])["SecurityGroups"]}
    assert set(sgs) == {"Security Group 01", "Security Group 02", "Security Group 03"}
    assert _egress_ports(sgs["Security Group 02"]) == [443, 2443, 5432, 6666, 8443, 8444] + list(range(8445, 8452))
    https = [p for p in sgs["Security Group 02"]["IpPermissionsEgress"] if p.get("FromPort") == 443][0]
    assert https["IpRanges"] == [{"CidrIp": "10.0.0.0/16"}] and https["PrefixListIds"][0]["PrefixListId"]
    self_in = [p for p in sgs["Security Group 02"]["IpPermissions"]
               if p["UserIdGroupPairs"] and p["UserIdGroupPairs"][0]["GroupId"] == refs["sg2"]]
    assert sorted(p["IpProtocol"] for p in self_in) == ["tcp", "udp"]
    ranges = [(p["FromPort"], p["ToPort"]) for p in sgs["Security Group 03"]["IpPermissions"]]
    assert (8445, 8451) in ranges and (6666, 6666) in ranges
    attr = ec2.describe_vpc_attribute(VpcId=refs["vpc"], Attribute="enableDnsHostnames")
    assert attr["EnableDnsHostnames"]["Value"] is True
    assert len(ec2.describe_internet_gateways(
        Filters=[{"Name": "attachment.vpc-id", "Values": [refs["vpc"]]}])["InternetGateways"]) == 1
    assert ec2.describe_vpc_endpoints()["VpcEndpoints"] == []


@pytest.mark.parametrize("seed,check", [
    ("broken-one-az", lambda ec2, r: ec2.describe_subnets(SubnetIds=[r["priv2"]])["Subnets"][0]["AvailabilityZone"]
     == "ap-northeast-1a"),
    ("broken-small-subnet", lambda ec2, r: ec2.describe_subnets(SubnetIds=[r["priv1"]])["Subnets"][0]["CidrBlock"]
     == "10.0.1.0/27"),
    ("broken-igw-route", lambda ec2, r: any(x.get("GatewayId", "").startswith("igw-") for x in ec2.describe_route_tables(
        RouteTableIds=[r["privrt1"]])["RouteTables"][0]["Routes"])),
    ("broken-sg-missing-6666", lambda ec2, r: 6666 not in _egress_ports(ec2.describe_security_groups(
        GroupIds=[r["sg2"]])["SecurityGroups"][0])),
    ("broken-dns-hostnames-off", lambda ec2, r: ec2.describe_vpc_attribute(
        VpcId=r["vpc"], Attribute="enableDnsHostnames")["EnableDnsHostnames"]["Value"] is False),
    ("broken-sg-no-s3-egress", lambda ec2, r: not any(p["PrefixListIds"] for p in ec2.describe_security_groups(
        GroupIds=[r["sg2"]])["SecurityGroups"][0]["IpPermissionsEgress"])),
    ("broken-relay-zones", lambda ec2, r: ec2.describe_vpc_endpoint_services(ServiceNames=[RELAY])[
        "ServiceDetails"][0]["AvailabilityZones"] == ["ap-northeast-1a", "ap-northeast-1c"]),
    ("broken-nacl", lambda ec2, r: ec2.describe_network_acls(Filters=[
        {"Name": "association.subnet-id", "Values": [r["priv1"]]}])["NetworkAcls"][0]["Entries"][0]["RuleAction"]
     == "deny"),
])
def test_broken_seeds_break_one_thing(sb, seed, check):
    sb.reseed(seed)
    assert check(sb.client("ec2"), sb.refs())
    assert len(sb.client("ec2").describe_subnets()["Subnets"]) == 4


def test_describe_ids_that_do_not_exist(sb):
    ec2 = sb.client("ec2")
    assert _err(ec2.describe_vpcs, VpcIds=["vpc-0123456789abcdef0"]) == "InvalidVpcID.NotFound"
    assert _err(ec2.describe_subnets, SubnetIds=["subnet-0123456789abcdef0"]) == "InvalidSubnetID.NotFound"
    assert _err(ec2.describe_security_groups, GroupIds=["sg-0123456789abcdef0"]) == "InvalidGroup.NotFound"
    assert _err(ec2.describe_vpc_endpoints, VpcEndpointIds=["vpce-0123456789abcdef0"]) == \
        "InvalidVpcEndpointId.NotFound"
    assert _err(ec2.describe_vpcs, VpcIds=["not-a-vpc"]) == "InvalidVpcID.Malformed"
    assert _err(ec2.describe_vpcs, Filters=[{"Name": "colour", "Values": ["x"]}]) == "InvalidParameterValue"


def test_describe_filters(sb):
    ec2, refs = sb.client("ec2"), sb.refs()
    main = ec2.describe_route_tables(Filters=[{"Name": "association.main", "Values": ["true"]},
                                              {"Name": "vpc-id", "Values": [refs["vpc"]]}])["RouteTables"]
    assert len(main) == 1 and main[0]["RouteTableId"] == refs["main"]
    by_subnet = ec2.describe_route_tables(Filters=[{"Name": "association.subnet-id", "Values": [refs["priv3"]]}])
    assert [r["RouteTableId"] for r in by_subnet["RouteTables"]] == [refs["privrt2"]]
    az = ec2.describe_subnets(Filters=[{"Name": "availability-zone", "Values": ["ap-northeast-1a"]}])["Subnets"]
    assert sorted(aws_kit.name_of(s) for s in az) == ["Private Subnet 01", "Public Subnet 01"]
    sg = ec2.describe_security_groups(Filters=[{"Name": "group-id", "Values": [refs["sg3"]]}])["SecurityGroups"]
    assert [aws_kit.name_of(g) for g in sg] == ["Security Group 03"]
    zones = ec2.describe_availability_zones()["AvailabilityZones"]
    assert [(z["ZoneName"], z["ZoneId"]) for z in zones] == [
        ("ap-northeast-1a", "apne1-az1"), ("ap-northeast-1c", "apne1-az2"), ("ap-northeast-1d", "apne1-az4")]
    svc = ec2.describe_vpc_endpoint_services(Filters=[{"Name": "service-name", "Values": ["*vpce-svc-*"]}])
    assert sorted(svc["ServiceNames"]) == sorted([WORKSPACE, RELAY])


def test_ec2_pagination_with_max_results_and_next_token(sb):
    ec2, refs = sb.client("ec2"), sb.refs()
    for i in range(8):
        ec2.create_subnet(VpcId=refs["vpc"], CidrBlock="10.0.%d.0/26" % (100 + i), AvailabilityZone="ap-northeast-1c")
    pages = list(ec2.get_paginator("describe_subnets").paginate(PaginationConfig={"PageSize": 5}))
    assert [len(p["Subnets"]) for p in pages] == [5, 5, 2]
    ids = [s["SubnetId"] for p in pages for s in p["Subnets"]]
    assert len(set(ids)) == 12
    assert _err(ec2.describe_subnets, SubnetIds=ids[:1], MaxResults=5) == "InvalidParameterCombination"
    assert _err(ec2.describe_subnets, NextToken="garbage") == "InvalidPaginationToken"


def test_interface_endpoint_enis_dns_and_state(sb):
    ec2, refs = sb.client("ec2"), sb.refs()
    sb.admin("POST", "/_sandbox/config", {"vpce_delay_s": 0.2})
    ep = ec2.create_vpc_endpoint(VpcId=refs["vpc"], VpcEndpointType="Interface", ServiceName=WORKSPACE,
                                 SubnetIds=[refs["pub1"]], SecurityGroupIds=[refs["sg1"]],
                                 PrivateDnsEnabled=True)["VpcEndpoint"]
    assert ep["State"] == "pendingAcceptance"
    enis = ec2.describe_network_interfaces(NetworkInterfaceIds=ep["NetworkInterfaceIds"])["NetworkInterfaces"]
    assert len(enis) == 1 and enis[0]["InterfaceType"] == "vpc_endpoint" and enis[0]["RequesterManaged"]
    # allocated in the subnet as AWS does (10.0.0.x), reported as its loopback image (D21)
    assert ipaddress.ip_address(enis[0]["PrivateIpAddress"]) in ipaddress.ip_network("127.0.0.0/24")
    assert enis[0]["Groups"][0]["GroupId"] == refs["sg1"]
    assert any(d["DnsName"] == "ap-northeast-1.privatelink.cloud.databricks.com" for d in ep["DnsEntries"])
    time.sleep(0.25)
    assert ec2.describe_vpc_endpoints(VpcEndpointIds=[ep["VpcEndpointId"]])["VpcEndpoints"][0]["State"] == "available"
    sub = ec2.describe_subnets(SubnetIds=[refs["pub1"]])["Subnets"][0]
    assert sub["AvailableIpAddressCount"] == 250
    alloc = ec2.allocate_address(Domain="vpc")["AllocationId"]
    code = _err(ec2.associate_address, AllocationId=alloc, NetworkInterfaceId=enis[0]["NetworkInterfaceId"])
    assert code == "AuthFailure"


def test_interface_endpoint_rules(sb):
    ec2, refs = sb.client("ec2"), sb.refs()
    assert _err(ec2.create_vpc_endpoint, VpcId=refs["vpc"], VpcEndpointType="Interface", ServiceName=RELAY,
                SubnetIds=[refs["pub1"], refs["priv1"]]) == "DuplicateSubnetsInSameZone"
    assert _err(ec2.create_vpc_endpoint, VpcId=refs["vpc"], VpcEndpointType="Interface",
                ServiceName="com.amazonaws.vpce.ap-northeast-1.vpce-svc-0000000000000000",
                SubnetIds=[refs["priv3"]]) == "InvalidServiceName"
    sb.reseed("broken-dns-hostnames-off")
    refs = sb.refs()
    assert _err(ec2.create_vpc_endpoint, VpcId=refs["vpc"], VpcEndpointType="Interface", ServiceName=RELAY,
                SubnetIds=[refs["priv3"]], PrivateDnsEnabled=True) == "InvalidParameter"


def test_endpoint_services_limited_to_some_zones(sb):
    """A service offered only in some zones: DescribeVpcEndpointServices says which, and
    CreateVpcEndpoint refuses a subnet elsewhere (config endpoint_service_zones)."""
    ec2, refs = sb.client("ec2"), sb.refs()
    sb.admin("POST", "/_sandbox/config", {"endpoint_service_zones": {RELAY.rsplit(".", 1)[1]: ["apne1-az1",
                                                                                              "apne1-az2"]}})
    try:
        d = ec2.describe_vpc_endpoint_services(ServiceNames=[RELAY])["ServiceDetails"][0]
        assert d["AvailabilityZones"] == ["ap-northeast-1a", "ap-northeast-1c"]
        full = ec2.describe_vpc_endpoint_services(ServiceNames=[WORKSPACE])["ServiceDetails"][0]
        assert "ap-northeast-1d" in full["AvailabilityZones"]
        with pytest.raises(ClientError) as e:          # Private Subnet 03 is in ap-northeast-1d (apne1-az4)
            ec2.create_vpc_endpoint(VpcId=refs["vpc"], VpcEndpointType="Interface", ServiceName=RELAY,
                                    SubnetIds=[refs["priv3"]], SecurityGroupIds=[refs["sg3"]])
        assert e.value.response["Error"]["Code"] == "InvalidParameter"
        assert "does not support the availability zone" in e.value.response["Error"]["Message"]
        ec2.create_vpc_endpoint(VpcId=refs["vpc"], VpcEndpointType="Interface", ServiceName=RELAY,
                                SubnetIds=[refs["priv1"]], SecurityGroupIds=[refs["sg3"]])
    finally:
        sb.admin("POST", "/_sandbox/config", {"endpoint_service_zones": {}})


def test_one_private_dns_endpoint_per_service_and_vpc(sb):
    ec2, refs = sb.client("ec2"), sb.refs()
    kw = dict(VpcId=refs["vpc"], VpcEndpointType="Interface", ServiceName=WORKSPACE, SecurityGroupIds=[refs["sg1"]])
    ec2.create_vpc_endpoint(SubnetIds=[refs["pub1"]], PrivateDnsEnabled=True, **kw)
    with pytest.raises(ClientError) as e:
        ec2.create_vpc_endpoint(SubnetIds=[refs["priv3"]], PrivateDnsEnabled=True, **kw)
    assert "conflicting DNS domain" in e.value.response["Error"]["Message"]
    ec2.create_vpc_endpoint(SubnetIds=[refs["priv3"]], PrivateDnsEnabled=False, **kw)


def test_client_token_idempotency(sb):
    ec2, refs = sb.client("ec2"), sb.refs()
    kw = dict(VpcId=refs["vpc"], VpcEndpointType="Interface", ServiceName="com.amazonaws.ap-northeast-1.sts",
              SubnetIds=[refs["priv3"]], SecurityGroupIds=[refs["sg3"]], ClientToken="heiiki-sts-01")
    a = ec2.create_vpc_endpoint(**kw)["VpcEndpoint"]
    b = ec2.create_vpc_endpoint(**kw)["VpcEndpoint"]
    assert a["VpcEndpointId"] == b["VpcEndpointId"]
    assert len(ec2.describe_vpc_endpoints()["VpcEndpoints"]) == 1
    assert len(ec2.describe_network_interfaces(Filters=[{"Name": "subnet-id", "Values": [refs["priv3"]]}])[
        "NetworkInterfaces"]) == 1
    kw["SecurityGroupIds"] = [refs["sg1"]]
    assert _err(ec2.create_vpc_endpoint, **kw) == "IdempotentParameterMismatch"


def test_gateway_endpoint_adds_prefix_list_route(sb):
    ec2, refs = sb.client("ec2"), sb.refs()
    ep = ec2.create_vpc_endpoint(VpcId=refs["vpc"], VpcEndpointType="Gateway",
                                 ServiceName="com.amazonaws.ap-northeast-1.s3",
                                 RouteTableIds=[refs["privrt1"]])["VpcEndpoint"]
    routes = ec2.describe_route_tables(RouteTableIds=[refs["privrt1"]])["RouteTables"][0]["Routes"]
    pl = [r for r in routes if r.get("GatewayId") == ep["VpcEndpointId"]]
    assert len(pl) == 1 and pl[0]["DestinationPrefixListId"].startswith("pl-")
    names = ec2.describe_prefix_lists(PrefixListIds=[pl[0]["DestinationPrefixListId"]])["PrefixLists"]
    assert names[0]["PrefixListName"] == "com.amazonaws.ap-northeast-1.s3"
    ec2.delete_vpc_endpoints(VpcEndpointIds=[ep["VpcEndpointId"]])
    routes = ec2.describe_route_tables(RouteTableIds=[refs["privrt1"]])["RouteTables"][0]["Routes"]
    assert [r["GatewayId"] for r in routes] == ["local"]


def test_gateway_endpoint_policy_applies_to_the_operator_inside_the_vpc(sb):
    """With the operator's host in a subnet routed through the S3 gateway endpoint (config
    operator_subnet), its own S3 calls must be allowed by the endpoint policy."""
    import json
    ec2, s3, refs = sb.client("ec2"), sb.client("s3"), sb.refs()
    sra_only = {"Version": "2012-10-17", "Statement": [{
        "Sid": "Grant access to Workspace Root Bucket", "Effect": "Allow", "Principal": {"AWS": "*"},
        "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:GetBucketLocation"],
        "Resource": ["arn:aws:s3:::op-root/*", "arn:aws:s3:::op-root"],
        "Condition": {"StringEquals": {"aws:PrincipalAccount": "414351767826"}}}]}
    ep = ec2.create_vpc_endpoint(VpcId=refs["vpc"], VpcEndpointType="Gateway",
                                 ServiceName="com.amazonaws.ap-northeast-1.s3", RouteTableIds=[refs["privrt1"]],
                                 PolicyDocument=json.dumps(sra_only))["VpcEndpoint"]["VpcEndpointId"]
    cfg = {"CreateBucketConfiguration": {"LocationConstraint": "ap-northeast-1"}}
    s3.create_bucket(Bucket="outside-vpc", **cfg)           # no operator_subnet: not through the endpoint
    sb.admin("POST", "/_sandbox/config", {"operator_subnet": refs["priv1"]})
    try:
        with pytest.raises(ClientError) as e:
            s3.create_bucket(Bucket="op-root", **cfg)
        assert e.value.response["Error"]["Code"] == "AccessDenied"
        assert "because no VPC endpoint policy allows the s3:CreateBucket action" in \
            e.value.response["Error"]["Message"]
        mine = dict(sra_only["Statement"][0], Sid="mine", Action=["s3:CreateBucket", "s3:ListBucket"],
                    Condition={"StringEquals": {"aws:PrincipalAccount": refs.get("account_id", "123456789012")}})
        ec2.modify_vpc_endpoint(VpcEndpointId=ep, PolicyDocument=json.dumps(
            dict(sra_only, Statement=sra_only["Statement"] + [mine])))
        s3.create_bucket(Bucket="op-root", **cfg)
        s3.head_bucket(Bucket="op-root")
        with pytest.raises(ClientError):                      # another bucket: still refused
            s3.head_bucket(Bucket="outside-vpc")
        sb.admin("POST", "/_sandbox/config", {"operator_subnet": refs["priv3"]})   # Private Route Table 02
        s3.head_bucket(Bucket="outside-vpc")
    finally:
        sb.admin("POST", "/_sandbox/config", {"operator_subnet": ""})


def test_security_group_rules(sb):
    ec2, refs = sb.client("ec2"), sb.refs()
    perm = [{"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306, "UserIdGroupPairs": [{"GroupId": refs["sg2"]}]}]
    ec2.authorize_security_group_ingress(GroupId=refs["sg3"], IpPermissions=perm)
    assert _err(ec2.authorize_security_group_ingress, GroupId=refs["sg3"], IpPermissions=perm) == \
        "InvalidPermission.Duplicate"
    ec2.revoke_security_group_ingress(GroupId=refs["sg3"], IpPermissions=perm)
    assert _err(ec2.revoke_security_group_ingress, GroupId=refs["sg3"], IpPermissions=perm) == \
        "InvalidPermission.NotFound"
    gid = ec2.create_security_group(VpcId=refs["vpc"], GroupName="extra", Description="x")["GroupId"]
    egress = ec2.describe_security_groups(GroupIds=[gid])["SecurityGroups"][0]["IpPermissionsEgress"]
    assert egress[0]["IpProtocol"] == "-1" and egress[0]["IpRanges"] == [{"CidrIp": "0.0.0.0/0"}]
    assert _err(ec2.create_security_group, VpcId=refs["vpc"], GroupName="extra", Description="x") == \
        "InvalidGroup.Duplicate"
    assert _err(ec2.delete_security_group, GroupId=refs["sg2"]) == "DependencyViolation"


def test_vpc_lifecycle_and_dependencies(sb):
    ec2 = sb.client("ec2")
    vpc = ec2.create_vpc(CidrBlock="172.31.0.0/16")["Vpc"]
    attr = ec2.describe_vpc_attribute(VpcId=vpc["VpcId"], Attribute="enableDnsHostnames")
    assert attr["EnableDnsHostnames"]["Value"] is False
    ec2.modify_vpc_attribute(VpcId=vpc["VpcId"], EnableDnsHostnames={"Value": True})
    sub = ec2.create_subnet(VpcId=vpc["VpcId"], CidrBlock="172.31.0.0/24")["Subnet"]
    assert _err(ec2.create_subnet, VpcId=vpc["VpcId"], CidrBlock="172.31.0.128/25") == "InvalidSubnet.Conflict"
    assert _err(ec2.create_subnet, VpcId=vpc["VpcId"], CidrBlock="10.9.0.0/24") == "InvalidSubnet.Range"
    assert _err(ec2.delete_vpc, VpcId=vpc["VpcId"]) == "DependencyViolation"
    ec2.delete_subnet(SubnetId=sub["SubnetId"])
    ec2.delete_vpc(VpcId=vpc["VpcId"])
    assert _err(ec2.describe_vpcs, VpcIds=[vpc["VpcId"]]) == "InvalidVpcID.NotFound"


def test_regions_are_separate(sb):
    assert sb.client("ec2", region="us-east-1").describe_vpcs()["Vpcs"] == []
    zones = sb.client("ec2", region="us-east-1").describe_availability_zones()["AvailabilityZones"]
    assert zones[0]["ZoneId"] == "use1-az1"


def test_network_acl_rules_are_evaluated_in_rule_order():
    sys.path.insert(0, aws_kit.ROOT)
    from sbx import aws_ec2_store, seeds, state
    s = state.State(None)
    seeds.apply(s, "broken-nacl")
    refs = s.data["seed_refs"]
    acl = s.ec2["network_acls"][refs["clusteracl"]]
    assert not aws_ec2_store.acl_allows(acl, False, "tcp", 443, "10.0.3.10")     # rule 50 deny wins over 100
    assert aws_ec2_store.acl_allows(acl, True, "tcp", 443, "10.0.3.10")
    default = next(a for a in s.ec2["network_acls"].values() if a["IsDefault"])
    assert aws_ec2_store.acl_allows(default, False, "udp", 53, "8.8.8.8")
    del acl["Entries"][:]
    assert not aws_ec2_store.acl_allows(acl, False, "tcp", 443, "10.0.3.10")    # nothing matches: deny


IPV4 = __import__("re").compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d/.])")


def _addresses(obj, path=()):
    """(path, address) for every bare IPv4 address in obj (a CIDR such as 10.0.0.0/16 is data,
    not an address to connect to); keys starting with "_" are the sandbox's own bookkeeping,
    never returned by an API."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if not str(k).startswith("_"):
                yield from _addresses(v, path + (str(k),))
    elif isinstance(obj, list):
        for v in obj:
            yield from _addresses(v, path)
    elif isinstance(obj, str):
        for m in IPV4.finditer(obj):
            try:
                yield path, ipaddress.ip_address(m.group(1))
            except ValueError:
                pass


def test_every_address_it_hands_out_is_loopback(sb):
    """D21: an interface endpoint's ENI, a NAT gateway's ENI and an Elastic IP: every address the
    sandbox answers with (and every one in its state) is in 127.0.0.0/8, so nothing heiiki is
    told to connect to can reach another machine; VPC and subnet CIDRs stay 10.x (data)."""
    ec2, refs = sb.client("ec2"), sb.refs()
    ep = ec2.create_vpc_endpoint(VpcId=refs["vpc"], VpcEndpointType="Interface", ServiceName=WORKSPACE,
                                 SubnetIds=[refs["pub1"]], SecurityGroupIds=[refs["sg1"]],
                                 PrivateDnsEnabled=True)["VpcEndpoint"]
    alloc = ec2.allocate_address(Domain="vpc")
    ec2.create_nat_gateway(SubnetId=refs["pub1"], AllocationId=alloc["AllocationId"])
    answers = {
        "CreateVpcEndpoint": ep, "AllocateAddress": alloc,
        "DescribeNetworkInterfaces": ec2.describe_network_interfaces(),
        "DescribeAddresses": ec2.describe_addresses(),
        "DescribeNatGateways": ec2.describe_nat_gateways(),
        "DescribeVpcEndpoints": ec2.describe_vpc_endpoints(),
    }
    seen = [((op,) + path, a) for op, ans in answers.items() for path, a in _addresses(ans)]
    assert len(seen) >= 3, seen            # the scan does see the addresses
    away = [(path, str(a)) for path, a in seen if not a.is_loopback]
    assert away == [], away
    state = sb.admin("GET", "/_sandbox/state")
    away = [(path, str(a)) for path, a in _addresses(state) if not a.is_loopback]
    assert away == [], away[:10]
    # the subnet still counts the address as AWS would
    sub = ec2.describe_subnets(SubnetIds=[refs["pub1"]])["Subnets"][0]
    assert ipaddress.ip_network(sub["CidrBlock"]).network_address.packed[0] == 10
    assert sub["AvailableIpAddressCount"] == 249
