"""Account API rules in the sandbox: credentials (IAM checks), storage, VPC endpoints, PAS, networks."""
import json
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from sbx import dbx_testkit as kit  # noqa: E402


@pytest.fixture(scope="module")
def sb():
    s = kit.Sandbox()
    s.config(workspace_delay_s=0.2)
    yield s
    s.close()


_n = [0]


@pytest.fixture
def world(sb):
    _n[0] += 1
    return kit.build_world(sb, tag="a%d" % _n[0])


def cred(sb, arn, name=None):
    _n[0] += 1
    return sb.acct("POST", "credentials", {"credentials_name": name or "cred-%d" % _n[0],
                                           "aws_credentials": {"sts_role": {"role_arn": arn}}})


# --- credentials -------------------------------------------------------------------------------
def test_credential_ok_and_shape(sb, world):
    s, b = cred(sb, world["role_arn"])
    assert s == 200, b
    assert b["aws_credentials"]["sts_role"]["role_arn"] == world["role_arn"]
    assert b["account_id"] == kit.ACCOUNT and isinstance(b["creation_time"], int)
    s, lst = sb.acct("GET", "credentials")
    assert s == 200 and isinstance(lst, list) and any(c["credentials_id"] == b["credentials_id"] for c in lst)
    assert sb.ok("GET", "credentials/" + b["credentials_id"])["credentials_name"] == b["credentials_name"]


def test_credential_name_length(sb, world):
    s, b = cred(sb, world["role_arn"], name="abc")
    assert s == 400 and b["error_code"] == "INVALID_PARAMETER_VALUE" and "between 4 and 256" in b["message"]
    s, b = cred(sb, world["role_arn"], name="x" * 257)
    assert s == 400


def test_credential_duplicate_name(sb, world):
    assert cred(sb, world["role_arn"], name="dup-cred")[0] == 200
    s, b = cred(sb, world["role_arn"], name="dup-cred")
    assert s == 409 and b["error_code"] == "RESOURCE_ALREADY_EXISTS"


def test_credential_missing_actions_are_listed(sb):
    w = kit.build_world(sb, tag="miss", policy=kit.customer_policy(drop=("DescribeAvailabilityZones",
                                                                          "RunInstances")))
    s, b = cred(sb, w["role_arn"])
    assert s == 400 and b["error_code"] == "MALFORMED_REQUEST"
    assert b["message"] == "Failed credentials validation checks: Describe Availability Zones, Run Instances"


def test_credential_explicit_deny_counts(sb):
    pol = kit.customer_policy()
    pol["Statement"].append({"Effect": "Deny", "Action": "ec2:CreateTags", "Resource": "*"})
    w = kit.build_world(sb, tag="deny", policy=pol)
    s, b = cred(sb, w["role_arn"])
    assert s == 400 and b["message"].endswith("checks: Create Tags")


def test_credential_console_check_names(sb):
    # terraform-provider-databricks #951: "Spot Cancellation", "Describe instances" (lower case),
    # "Describe Spot Instances" are Databricks' names, not IAM action names
    w = kit.build_world(sb, tag="names", policy=kit.customer_policy(drop=(
        "CancelSpotInstanceRequests", "DescribeInstances", "DescribeSpotInstanceRequests")))
    s, b = cred(sb, w["role_arn"])
    assert s == 400 and b["message"] == ("Failed credentials validation checks: Spot Cancellation, "
                                         "Describe instances, Describe Spot Instances")


def test_credential_official_restricted_policy_passes(sb):
    w = kit.build_world(sb, tag="tfrestr")
    iam = sb.client("iam", "us-east-1")
    pol = kit.restricted_policy(w["region"], "123456789012", w["vpc_id"], w["security_group_ids"][0])
    iam.put_role_policy(RoleName=w["tag"] + "-crossaccount", PolicyName="databricks",
                        PolicyDocument=json.dumps(pol))
    assert cred(sb, w["role_arn"])[0] == 200


def test_credential_restricted_style_policy_passes(sb):
    scoped = kit.customer_policy(drop=("RunInstances", "TerminateInstances"))
    scoped["Statement"].append({"Effect": "Allow", "Action": ["ec2:RunInstances", "ec2:TerminateInstances"],
                                "Resource": "arn:aws:ec2:ap-northeast-1:123456789012:instance/*",
                                "Condition": {"StringEquals": {"ec2:ResourceTag/Vendor": "Databricks"}}})
    w = kit.build_world(sb, tag="restr", policy=scoped)
    assert cred(sb, w["role_arn"])[0] == 200


@pytest.mark.parametrize("trust", [
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                             "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
                                             "Condition": {"StringEquals": {"sts:ExternalId": kit.ACCOUNT}}}]},
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                             "Principal": {"AWS": "arn:aws:iam::414351767826:root"},
                                             "Condition": {"StringEquals": {"sts:ExternalId": "wrong-id"}}}]},
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                             "Principal": {"AWS": "arn:aws:iam::414351767826:root"}}]},
], ids=["wrong-principal", "wrong-external-id", "no-external-id"])
def test_credential_trust_policy(sb, trust):
    _n[0] += 1
    w = kit.build_world(sb, tag="t%d" % _n[0], trust=trust)
    s, b = cred(sb, w["role_arn"])
    # terraform-provider-databricks #1363: the singular wording, prose instead of a list
    assert s == 400 and b["message"] == ("Failed credential validation checks: please use a valid cross account "
                                         "IAM role with permissions setup correctly")


def test_credential_unknown_role_and_bad_arn(sb):
    s, b = cred(sb, "arn:aws:iam::123456789012:role/does-not-exist")
    assert s == 400 and b["message"].startswith("Failed credential validation checks: please use a valid")
    s, b = cred(sb, "not-an-arn")
    assert s == 400 and b["error_code"] == "INVALID_PARAMETER_VALUE"


def test_iam_propagation_delay_then_retry(sb):
    import time
    sb.config(dbx_iam_propagation_s=0.6)
    try:
        w = kit.build_world(sb, tag="prop")
        body = {"credentials_name": "prop-cred", "aws_credentials": {"sts_role": {"role_arn": w["role_arn"]}}}
        answers = [sb.http("POST", "/api/2.0/accounts/%s/credentials" % kit.ACCOUNT, body,
                           {"Authorization": "Bearer " + sb.token()}) for _ in range(2)]
        texts = []
        for s, raw, headers in answers:
            assert s == 400
            ctype = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
            if ctype.startswith("text/plain"):      # databricks-sdk-go #975: sometimes text/plain
                assert raw.startswith(b"MALFORMED_REQUEST: ")
                texts.append(raw.decode()[len("MALFORMED_REQUEST: "):])
            else:
                texts.append(json.loads(raw)["message"])
        assert any(not {k.lower(): v for k, v in h.items()}.get("content-type", "").startswith("application/json")
                   for _, _, h in answers), "one of two propagation answers is text/plain"
        for t in texts:
            # terraform-provider-databricks #951: plural "credentials", the console check names
            assert t.startswith("Failed credentials validation checks: Spot Cancellation, Delete Tags, "
                                "Describe Availability Zones, Describe instances"), t
        time.sleep(0.7)
        assert cred(sb, w["role_arn"], name="prop-cred")[0] == 200
        # a policy change restarts the window: the checks fail again for a moment
        iam = sb.client("iam", "us-east-1")
        iam.put_role_policy(RoleName="prop-crossaccount", PolicyName="extra",
                            PolicyDocument=json.dumps(kit.customer_policy()))
        assert cred(sb, w["role_arn"], name="prop-cred-2")[0] == 400
        time.sleep(0.7)
        assert cred(sb, w["role_arn"], name="prop-cred-2")[0] == 200
    finally:
        sb.config(dbx_iam_propagation_s=0)


def test_workspace_create_meets_iam_propagation_too(sb):
    """terraform-provider-databricks docs/guides/aws-workspace.md: the plural "Failed credentials
    validation checks: ..." also comes back as "400 on /api/2.0/accounts/{UUID}/workspaces", after the
    credential configuration went through."""
    import time
    w = kit.build_world(sb, tag="wsprop")
    ids = kit.register_all(sb, w)
    sb.config(dbx_ws_iam_propagation_s=0.8)
    try:
        iam = sb.client("iam", "us-east-1")         # a policy change: the window starts again
        iam.put_role_policy(RoleName="wsprop-crossaccount", PolicyName="extra",
                            PolicyDocument=json.dumps(kit.customer_policy()))
        s, b = kit.create_workspace(sb, w, ids)
        msg = b.decode() if isinstance(b, bytes) else b["message"]     # text/plain every other time
        assert s == 400 and "Failed credentials validation checks: Spot Cancellation" in msg, b
        assert not [x for x in sb.acct("GET", "workspaces")[1] if x["workspace_name"] == "wsprop-ws"]
        time.sleep(0.9)
        s, b = kit.create_workspace(sb, w, ids)
        assert s == 200 and b["workspace_status"] == "PROVISIONING", b
    finally:
        sb.config(dbx_ws_iam_propagation_s=0)


# --- storage -----------------------------------------------------------------------------------
def test_storage_bucket_checks(sb, world):
    body = {"storage_configuration_name": "root-ok", "root_bucket_info": {"bucket_name": world["bucket"]}}
    s, b = sb.acct("POST", "storage-configurations", body)
    assert s == 200 and b["root_bucket_info"]["bucket_name"] == world["bucket"]
    s, b = sb.acct("POST", "storage-configurations", {"storage_configuration_name": "root-missing",
                                                      "root_bucket_info": {"bucket_name": "no-such-bucket-x"}})
    assert s == 400 and "does not exist" in b["message"]
    s, b = sb.acct("POST", "storage-configurations", {"storage_configuration_name": "root-bad",
                                                      "root_bucket_info": {"bucket_name": "Bad_Name"}})
    assert s == 400 and b["error_code"] == "INVALID_PARAMETER_VALUE"


# --- VPC endpoints -----------------------------------------------------------------------------
def test_vpce_registration_reads_aws(sb, world):
    s, rest = sb.acct("POST", "vpc-endpoints", {"vpc_endpoint_name": "reg-rest", "region": world["region"],
                                                "aws_vpc_endpoint_id": world["rest_vpce"]})
    assert s == 200, rest
    assert rest["use_case"] == "WORKSPACE_ACCESS" and rest["state"] == "available"
    assert rest["aws_endpoint_service_id"].endswith("vpce-svc-02691fd610d24fd64")
    assert rest["aws_account_id"] == "123456789012" and rest["vpc_endpoint_id"] != world["rest_vpce"]
    s, relay = sb.acct("POST", "vpc-endpoints", {"vpc_endpoint_name": "reg-relay", "region": world["region"],
                                                 "aws_vpc_endpoint_id": world["relay_vpce"]})
    assert s == 200 and relay["use_case"] == "DATAPLANE_RELAY_ACCESS"
    s, b = sb.acct("POST", "vpc-endpoints", {"vpc_endpoint_name": "reg-again", "region": world["region"],
                                             "aws_vpc_endpoint_id": world["rest_vpce"]})
    assert s == 409 and b["error_code"] == "RESOURCE_ALREADY_EXISTS"


def test_vpce_registration_refusals(sb, world):
    s, b = sb.acct("POST", "vpc-endpoints", {"vpc_endpoint_name": "reg-none", "region": world["region"],
                                             "aws_vpc_endpoint_id": "vpce-0123456789abcdef0"})
    assert s == 400 and "does not exist" in b["message"]
    s, b = sb.acct("POST", "vpc-endpoints", {"vpc_endpoint_name": "reg-region", "region": "us-west-2",
                                             "aws_vpc_endpoint_id": world["rest_vpce"]})
    assert s == 400 and "us-west-2" in b["message"]
    ec2 = sb.client("ec2")
    sts = ec2.create_vpc_endpoint(VpcId=world["vpc_id"], VpcEndpointType="Interface",
                                  ServiceName="com.amazonaws.ap-northeast-1.sts", SubnetIds=[world["endpoint_subnet"]],
                                  SecurityGroupIds=[world["endpoint_sg"]],
                                  PrivateDnsEnabled=False)["VpcEndpoint"]["VpcEndpointId"]
    s, b = sb.acct("POST", "vpc-endpoints", {"vpc_endpoint_name": "reg-sts", "region": world["region"],
                                             "aws_vpc_endpoint_id": sts})
    assert s == 400 and "not a Databricks PrivateLink endpoint service" in b["message"]


# --- private access settings -------------------------------------------------------------------
def test_pas_rules_and_replace(sb, world):
    s, rest = sb.acct("POST", "vpc-endpoints", {"vpc_endpoint_name": "pas-rest", "region": world["region"],
                                                "aws_vpc_endpoint_id": world["rest_vpce"]})
    vid = rest["vpc_endpoint_id"]
    s, b = sb.acct("POST", "private-access-settings", {"private_access_settings_name": "pas-noregion"})
    assert s == 400 and "region" in b["message"]
    s, b = sb.acct("POST", "private-access-settings", {"private_access_settings_name": "pas-level",
                                                       "region": world["region"], "private_access_level": "ANY"})
    assert s == 400 and "ACCOUNT or ENDPOINT" in b["message"]
    s, b = sb.acct("POST", "private-access-settings", {
        "private_access_settings_name": "pas-awsid", "region": world["region"], "private_access_level": "ENDPOINT",
        "allowed_vpc_endpoint_ids": [world["rest_vpce"]]})
    assert s == 400 and "Databricks vpc_endpoint_id" in b["message"]
    s, b = sb.acct("POST", "private-access-settings", {
        "private_access_settings_name": "pas-acct", "region": world["region"], "private_access_level": "ACCOUNT",
        "allowed_vpc_endpoint_ids": [vid]})
    assert s == 400 and "only be set when private_access_level is ENDPOINT" in b["message"]
    s, pas = sb.acct("POST", "private-access-settings", {
        "private_access_settings_name": "pas-good", "region": world["region"], "public_access_enabled": False,
        "private_access_level": "ENDPOINT", "allowed_vpc_endpoint_ids": [vid]})
    assert s == 200 and pas["public_access_enabled"] is False and pas["allowed_vpc_endpoint_ids"] == [vid]
    pid = pas["private_access_settings_id"]
    s, new = sb.acct("PUT", "private-access-settings/" + pid, {
        "private_access_settings_name": "pas-good", "region": world["region"], "public_access_enabled": True})
    assert s == 200 and new["public_access_enabled"] is True and new["private_access_level"] == "ACCOUNT"
    assert new["allowed_vpc_endpoint_ids"] == []     # PUT replaces the whole object
    assert sb.acct("PUT", "private-access-settings/nope", {"private_access_settings_name": "xxxx",
                                                            "region": world["region"]})[0] == 404


# --- networks ----------------------------------------------------------------------------------
def network(sb, w, name, **over):
    body = {"network_name": name, "vpc_id": w["vpc_id"], "subnet_ids": w["subnet_ids"],
            "security_group_ids": w["security_group_ids"]}
    body.update(over)
    return sb.acct("POST", "networks", body)


def test_network_valid_and_reuse_refused(sb, world):
    s, net = network(sb, world, "net-valid")
    assert s == 200 and net["vpc_status"] == "VALID", net
    assert "error_messages" not in net and "warning_messages" not in net
    s, b = network(sb, world, "net-reuse-subnet")
    assert s == 400 and "already used by network configuration" in b["message"]
    s, b = network(sb, world, "net-reuse-sg", subnet_ids=[world["endpoint_subnet"], "subnet-0aaaaaaaaaaaaaaaa"])
    assert s == 400 and "Security group" in b["message"] and "already used" in b["message"]
    s, lst = sb.acct("GET", "networks")
    assert isinstance(lst, list) and [n["network_id"] for n in lst].count(net["network_id"]) == 1


def test_network_shape_rules(sb, world):
    s, b = network(sb, world, "net-one", subnet_ids=world["subnet_ids"][:1])
    assert s == 400 and "At least two subnet_ids" in b["message"]
    s, b = network(sb, world, "net-sg6", security_group_ids=["sg-0%016x" % i for i in range(6)])
    assert s == 400 and "Between 1 and 5" in b["message"]
    s, b = network(sb, world, "nt")
    assert s == 400 and "between 4 and 256" in b["message"]
    s, b = network(sb, world, "net-awsid", vpc_endpoints={"rest_api": [world["rest_vpce"]], "dataplane_relay": []})
    assert s == 400 and "register it and use the Databricks vpc_endpoint_id" in b["message"]


def _types(net, key):
    field = "error_type" if key == "error_messages" else "warning_type"
    return sorted({m[field] for m in net.get(key, [])})


def test_network_broken_same_az(sb):
    w = kit.build_world(sb, tag="oneaz", same_az=True)
    s, net = network(sb, w, "net-oneaz")
    assert net["vpc_status"] == "BROKEN" and _types(net, "error_messages") == ["subnet"]
    assert "at least two availability zones" in net["error_messages"][0]["error_message"]


def test_network_broken_small_subnet(sb):
    w = kit.build_world(sb, tag="small", small_subnet=True)
    s, net = network(sb, w, "net-small")
    assert net["vpc_status"] == "BROKEN" and "/27" in net["error_messages"][0]["error_message"]


def test_network_warned_on_missing_sg_egress(sb):
    w = kit.build_world(sb, tag="noegress", cluster_egress=False)
    s, net = network(sb, w, "net-noegress")
    assert net["vpc_status"] == "WARNED" and _types(net, "warning_messages") == ["securityGroup"]
    assert "443, 6666, 8443" in net["warning_messages"][0]["warning_message"]


def test_network_dns_attribute_and_igw_route(sb, world):
    ec2 = sb.client("ec2")
    s, net = network(sb, world, "net-live")
    assert net["vpc_status"] == "VALID"
    ec2.modify_vpc_attribute(VpcId=world["vpc_id"], EnableDnsHostnames={"Value": False})
    net = sb.ok("GET", "networks/" + net["network_id"])
    assert net["vpc_status"] == "BROKEN" and _types(net, "error_messages") == ["vpc"]
    ec2.modify_vpc_attribute(VpcId=world["vpc_id"], EnableDnsHostnames={"Value": True})
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=world["vpc_id"])
    ec2.create_route(RouteTableId=world["route_table"], DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    net = sb.ok("GET", "networks/" + net["network_id"])
    assert net["vpc_status"] == "WARNED" and "internet gateway" in net["warning_messages"][0]["warning_message"]


def test_network_custom_nacl_is_evaluated_in_order(sb, world):
    ec2 = sb.client("ec2")
    s, net = network(sb, world, "net-nacl")
    acl = ec2.create_network_acl(VpcId=world["vpc_id"])["NetworkAcl"]["NetworkAclId"]
    assoc = [a for a in ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id",
                                                            "Values": [world["subnet_ids"][0]]}])
             ["NetworkAcls"][0]["Associations"] if a["SubnetId"] == world["subnet_ids"][0]][0]
    ec2.replace_network_acl_association(AssociationId=assoc["NetworkAclAssociationId"], NetworkAclId=acl)
    net = sb.ok("GET", "networks/" + net["network_id"])
    assert net["vpc_status"] == "BROKEN" and _types(net, "error_messages") == ["networkAcl"]
    for egress in (False, True):      # deny 6666 first, then allow everything: 6666 stays blocked
        ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=90, Protocol="6", RuleAction="deny",
                                     Egress=egress, CidrBlock="0.0.0.0/0", PortRange={"From": 6666, "To": 6666})
        ec2.create_network_acl_entry(NetworkAclId=acl, RuleNumber=100, Protocol="-1", RuleAction="allow",
                                     Egress=egress, CidrBlock="0.0.0.0/0")
    net = sb.ok("GET", "networks/" + net["network_id"])
    assert net["vpc_status"] == "BROKEN" and "6666" in net["error_messages"][0]["error_message"]
    for egress in (False, True):
        ec2.delete_network_acl_entry(NetworkAclId=acl, RuleNumber=90, Egress=egress)
    assert sb.ok("GET", "networks/" + net["network_id"])["vpc_status"] == "VALID"


def test_unattached_status_knob(sb, world):
    sb.config(dbx_unattached_status=True)
    try:
        s, net = network(sb, world, "net-unatt")
        assert net["vpc_status"] == "UNATTACHED"
    finally:
        sb.config(dbx_unattached_status=False)


# --- generic shapes ----------------------------------------------------------------------------
def test_not_found_and_bad_json(sb):
    s, b = sb.acct("GET", "networks/6d417898-7098-4c5a-b86a-65fe21ba8e12")
    assert s == 404 and b["error_code"] == "RESOURCE_DOES_NOT_EXIST"
    s, b, _ = sb.http("POST", "/api/2.0/accounts/%s/networks" % kit.ACCOUNT, raw=b"{not json",
                      headers={"Authorization": "Bearer " + sb.token(), "Content-Type": "application/json"})
    assert s == 400 and json.loads(b)["error_code"] == "MALFORMED_REQUEST"
    s, b = sb.acct("GET", "no-such-collection")
    assert s == 404 and b["error_code"] == "ENDPOINT_NOT_FOUND"
