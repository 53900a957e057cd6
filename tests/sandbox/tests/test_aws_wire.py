"""Wire fidelity: SigV4 re-verification, botocore-model parameter checks, and a sweep of raw response
bodies through botocore's parsers plus a strict check that every XML element is one the model knows."""
import json
import os
import sys
import xml.etree.ElementTree as ET

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aws_kit  # noqa: E402

NS = {"ec2": "http://ec2.amazonaws.com/doc/2016-11-15/", "iam": "https://iam.amazonaws.com/doc/2010-05-08/",
      "sts": "https://sts.amazonaws.com/doc/2011-06-15/"}


box, sb = aws_kit.module_sandbox()


def _code(body):
    root = ET.fromstring(body)
    el = root.find(".//Code")
    if el is None:
        el = root.find(".//{*}Code")
    return el.text


def _tag(el):
    return el.tag.split("}")[-1]


def _conforms(el, shape, path, protocol):
    """Every child element must be a member of the shape (by its wire name); recurse."""
    t = shape.type_name
    if t == "structure":
        names = {}
        for mname, m in shape.members.items():
            if m.type_name == "list" and m.serialization.get("flattened"):
                names[m.member.serialization.get("name") or m.serialization.get("name", mname)] = (m, True)
            names[m.serialization.get("name", mname)] = (m, False)
        for child in el:
            key = _tag(child)
            assert key in names, "%s: <%s> is not in shape %s" % (path, key, shape.name)
            m, flat = names[key]
            _conforms(child, m.member if flat else m, path + "/" + key, protocol)
    elif t == "list":
        want = shape.member.serialization.get("name", "member")
        for child in el:
            assert _tag(child) == want, "%s: list item <%s>, expected <%s>" % (path, _tag(child), want)
            _conforms(child, shape.member, path + "/" + want, protocol)
    elif t == "map":
        for entry in el:
            assert _tag(entry) == "entry"
    else:
        assert len(el) == 0, "%s: scalar with children" % path


def _sweep(sb, service, calls):
    model = aws_kit._RAW_SESSION.get_service_model(service)
    for op, params in calls:
        status, headers, body = sb.raw(service, op, params)
        assert status == 200, (op, body)
        parsed = sb.parse(service, op, status, headers, body)
        assert parsed["ResponseMetadata"]["RequestId"], op
        root = ET.fromstring(body)
        assert root.tag == "{%s}%sResponse" % (NS[service], op), (op, root.tag)
        shape = model.operation_model(op).output_shape
        if shape is None:
            yield op, parsed
            continue
        if service == "ec2":
            kids = [c for c in root if _tag(c) not in ("requestId", "return")]
            holder = ET.Element("x")
            holder.extend(kids)
        else:
            wrapper = shape.serialization.get("resultWrapper")
            holder = root.find("{%s}%s" % (NS[service], wrapper))
            assert holder is not None, op
        _conforms(holder, shape, op, model.protocol)
        yield op, parsed


def test_ec2_response_sweep_parses_and_conforms(sb):
    refs = sb.refs()
    ec2 = sb.client("ec2")
    ep = ec2.create_vpc_endpoint(VpcId=refs["vpc"], VpcEndpointType="Interface",
                                 ServiceName="com.amazonaws.ap-northeast-1.sts", SubnetIds=[refs["priv3"]],
                                 SecurityGroupIds=[refs["sg3"]])["VpcEndpoint"]
    ec2.create_vpc_endpoint(VpcId=refs["vpc"], ServiceName="com.amazonaws.ap-northeast-1.s3",
                            RouteTableIds=[refs["privrt1"]])
    alloc = ec2.allocate_address(Domain="vpc")["AllocationId"]
    calls = [("DescribeVpcs", {}), ("DescribeSubnets", {}), ("DescribeRouteTables", {}),
             ("DescribeSecurityGroups", {}), ("DescribeNetworkAcls", {}), ("DescribeInternetGateways", {}),
             ("DescribeNatGateways", {}), ("DescribeVpcEndpoints", {}), ("DescribeNetworkInterfaces", {}),
             ("DescribeAddresses", {}), ("DescribeAvailabilityZones", {}), ("DescribeVpcEndpointServices", {}),
             ("DescribePrefixLists", {}),
             ("DescribeVpcAttribute", {"VpcId": refs["vpc"], "Attribute": "enableDnsSupport"}),
             ("CreateTags", {"Resources": [refs["vpc"]], "Tags": [{"Key": "k", "Value": "v"}]}),
             ("CreateSecurityGroup", {"VpcId": refs["vpc"], "GroupName": "x", "Description": "x"}),
             ("AuthorizeSecurityGroupIngress", {"GroupId": refs["sg1"], "IpPermissions": [
                 {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "10.1.0.0/16"}]}]}),
             ("CreateSubnet", {"VpcId": refs["vpc"], "CidrBlock": "10.0.9.0/24",
                               "AvailabilityZone": "ap-northeast-1c"}),
             ("CreateVpc", {"CidrBlock": "172.16.0.0/16"}),
             ("CreateRouteTable", {"VpcId": refs["vpc"]}),
             ("CreateInternetGateway", {}), ("CreateNetworkAcl", {"VpcId": refs["vpc"]}),
             ("AllocateAddress", {"Domain": "vpc"}),
             ("CreateNatGateway", {"SubnetId": refs["pub1"], "AllocationId": alloc}),
             ("ModifyVpcEndpoint", {"VpcEndpointId": ep["VpcEndpointId"], "AddSecurityGroupIds": [refs["sg1"]]}),
             ("DeleteVpcEndpoints", {"VpcEndpointIds": [ep["VpcEndpointId"]]})]
    done = dict(_sweep(sb, "ec2", calls))
    assert len(done) == len(calls)
    assert done["DescribeVpcEndpoints"]["VpcEndpoints"][0]["VpcEndpointId"]
    assert done["DeleteVpcEndpoints"]["Unsuccessful"] == []


def test_iam_sts_response_sweep_parses_and_conforms(sb):
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                                "Principal": {"AWS": "arn:aws:iam::123456789012:root"}}]})
    pol = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})
    calls = [("CreateRole", {"RoleName": "r1", "AssumeRolePolicyDocument": trust}),
             ("PutRolePolicy", {"RoleName": "r1", "PolicyName": "p", "PolicyDocument": pol}),
             ("GetRole", {"RoleName": "r1"}), ("ListRoles", {}), ("GetRolePolicy", {"RoleName": "r1", "PolicyName": "p"}),
             ("ListRolePolicies", {"RoleName": "r1"}), ("ListAttachedRolePolicies", {"RoleName": "r1"}),
             ("CreatePolicy", {"PolicyName": "mp", "PolicyDocument": pol}),
             ("AttachRolePolicy", {"RoleName": "r1", "PolicyArn": "arn:aws:iam::123456789012:policy/mp"}),
             ("GetPolicy", {"PolicyArn": "arn:aws:iam::123456789012:policy/mp"}),
             ("GetPolicyVersion", {"PolicyArn": "arn:aws:iam::123456789012:policy/mp", "VersionId": "v1"}),
             ("CreateInstanceProfile", {"InstanceProfileName": "ip1"}),
             ("AddRoleToInstanceProfile", {"InstanceProfileName": "ip1", "RoleName": "r1"}),
             ("GetInstanceProfile", {"InstanceProfileName": "ip1"}), ("ListInstanceProfiles", {}),
             ("ListInstanceProfilesForRole", {"RoleName": "r1"}), ("GetUser", {}),
             ("SimulatePrincipalPolicy", {"PolicySourceArn": "arn:aws:iam::123456789012:role/r1",
                                          "ActionNames": ["s3:GetObject", "ec2:RunInstances"]})]
    done = dict(_sweep(sb, "iam", calls))
    from urllib.parse import unquote   # botocore's client decodes in a handler; the raw parser does not
    doc = json.loads(unquote(done["GetRole"]["Role"]["AssumeRolePolicyDocument"]))
    assert doc["Statement"][0]["Action"] == "sts:AssumeRole"
    assert [r["EvalDecision"] for r in done["SimulatePrincipalPolicy"]["EvaluationResults"]] == [
        "allowed", "implicitDeny"]
    assert done["GetInstanceProfile"]["InstanceProfile"]["Roles"][0]["RoleName"] == "r1"
    sts = dict(_sweep(sb, "sts", [("GetCallerIdentity", {}),
                                  ("AssumeRole", {"RoleArn": "arn:aws:iam::123456789012:role/r1",
                                                  "RoleSessionName": "sweep"})]))
    assert sts["AssumeRole"]["Credentials"]["AccessKeyId"].startswith("ASIA")


def test_iam_policy_documents_are_url_encoded_on_the_wire(sb):
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                     "Principal": {"AWS": "arn:aws:iam::123456789012:root"}}]}
    sb.client("iam").create_role(RoleName="enc", AssumeRolePolicyDocument=json.dumps(trust))
    status, _, body = sb.raw("iam", "GetRole", {"RoleName": "enc"})
    doc = ET.fromstring(body).find(".//{%s}AssumeRolePolicyDocument" % NS["iam"]).text
    assert doc.startswith("%7B%22Version%22") and "{" not in doc


@pytest.mark.parametrize("service,op,params,status,code", [
    ("ec2", "DescribeVpcs", {}, 401, "AuthFailure"),
    ("iam", "ListRoles", {}, 403, "SignatureDoesNotMatch"),
    ("sts", "GetCallerIdentity", {}, 403, "SignatureDoesNotMatch"),
    ("s3", "ListBuckets", {}, 403, "SignatureDoesNotMatch"),
])
def test_wrong_secret_is_rejected_in_each_services_format(sb, service, op, params, status, code):
    got, _, body = sb.raw(service, op, params, secret="not-the-secret")
    assert (got, _code(body)) == (status, code)
    if service == "ec2":
        assert ET.fromstring(body).tag == "Response"
    elif service == "s3":
        assert ET.fromstring(body).tag == "Error"
    else:
        assert ET.fromstring(body).tag == "{%s}ErrorResponse" % NS[service]


def test_signature_errors_reach_botocore_with_aws_codes(sb):
    from botocore.exceptions import ClientError
    for service, call, code in (("ec2", lambda c: c.describe_vpcs(), "AuthFailure"),
                                ("iam", lambda c: c.list_roles(), "SignatureDoesNotMatch"),
                                ("sts", lambda c: c.get_caller_identity(), "SignatureDoesNotMatch"),
                                ("s3", lambda c: c.list_buckets(), "SignatureDoesNotMatch")):
        with pytest.raises(ClientError) as e:
            call(sb.client(service, secret="wrong"))
        assert e.value.response["Error"]["Code"] == code
    with pytest.raises(ClientError) as e:
        sb.client("sts", key="AKIAUNKNOWNKEY000000").get_caller_identity()
    assert e.value.response["Error"]["Code"] == "InvalidClientTokenId"


def test_body_changed_after_signing_is_rejected(sb):
    def tamper(when, req):
        if when == "after":
            req.data = req.body.replace(b"Action=DescribeVpcs", b"Action=DescribeSubnets")
    status, _, body = sb.raw("ec2", "DescribeVpcs", {}, mutate=tamper)
    assert (status, _code(body)) == (401, "AuthFailure")


def test_iam_must_be_signed_for_us_east_1(sb):
    status, _, body = sb.raw("iam", "ListRoles", {}, region="ap-northeast-1")
    assert (status, _code(body)) == (403, "SignatureDoesNotMatch")
    assert b"Credential should be scoped to a valid region" in body


def test_assumed_role_session_credentials_sign_requests(sb):
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                     "Principal": {"AWS": "arn:aws:iam::123456789012:user/heiiki-operator"}}]}
    sb.client("iam").create_role(RoleName="sess", AssumeRolePolicyDocument=json.dumps(trust))
    c = sb.client("sts").assume_role(RoleArn="arn:aws:iam::123456789012:role/sess", RoleSessionName="tt")["Credentials"]
    who = sb.client("sts", key=c["AccessKeyId"], secret=c["SecretAccessKey"], token=c["SessionToken"])
    assert who.get_caller_identity()["Arn"] == "arn:aws:sts::123456789012:assumed-role/sess/tt"
    forged = sb.client("ec2", key=c["AccessKeyId"], secret=c["SecretAccessKey"], token="forged")
    from botocore.exceptions import ClientError
    with pytest.raises(ClientError) as e:
        forged.describe_vpcs()
    assert e.value.response["Error"]["Code"] == "AuthFailure"


@pytest.mark.parametrize("service,action,params,code", [
    ("ec2", "DescribeVpcs", {"Bogus": "1"}, "UnknownParameter"),
    ("ec2", "DescribeVpcs", {"Filter.1.Nmae": "vpc-id"}, "UnknownParameter"),
    ("ec2", "CreateVpcEndpoint", {"ServiceName": "x"}, "MissingParameter"),
    ("ec2", "DescribeVpcs", {"MaxResults": "abc"}, "InvalidParameterValue"),
    ("ec2", "DescribeUnicorns", {}, "InvalidAction"),
    ("iam", "GetRole", {}, "ValidationError"),
    ("iam", "GetRole", {"RoleName": "x", "Colour": "blue"}, "InvalidInput"),
    ("sts", "AssumeRole", {"RoleArn": "arn:aws:iam::123456789012:role/x"}, "ValidationError"),
])
def test_parameters_are_checked_against_the_botocore_model(sb, service, action, params, code):
    version = {"ec2": "2016-11-15", "iam": "2010-05-08", "sts": "2011-06-15"}[service]

    def body(when, req):
        if when == "before":
            from urllib.parse import urlencode
            req.data = urlencode(dict({"Action": action, "Version": version}, **params)).encode()
    status, _, raw = sb.raw(service, "GetCallerIdentity" if service == "sts" else
                            ("ListRoles" if service == "iam" else "DescribeVpcs"), {}, mutate=body)
    assert status == 400 and _code(raw) == code, raw


def test_dry_run_answers_dry_run_operation(sb):
    from botocore.exceptions import ClientError
    with pytest.raises(ClientError) as e:
        sb.client("ec2").describe_vpcs(DryRun=True)
    assert e.value.response["Error"]["Code"] == "DryRunOperation"


def test_get_with_a_canonical_query_string(sb):
    """Query APIs also come as GET: the canonical query is sorted and RFC 3986-encoded (space = %20)."""
    from urllib.parse import quote

    def to_get(when, req):
        if when == "before":
            params = {"Action": "DescribeSubnets", "Version": "2016-11-15", "Filter.1.Name": "tag:Name",
                      "Filter.1.Value.1": "Private Subnet 0*"}
            req.method = "GET"
            req.url = req.url.split("?")[0] + "?" + "&".join(
                "%s=%s" % (quote(k, safe="-_.~"), quote(v, safe="-_.~")) for k, v in params.items())
            req.data = b""
            if "Content-Type" in req.headers:
                del req.headers["Content-Type"]
    status, headers, body = sb.raw("ec2", "DescribeSubnets", {}, mutate=to_get)
    assert status == 200, body
    parsed = sb.parse("ec2", "DescribeSubnets", status, headers, body)
    assert sorted(aws_kit.name_of(s) for s in parsed["Subnets"]) == [
        "Private Subnet 01", "Private Subnet 02", "Private Subnet 03"]


def test_s3_response_sweep_parses(sb):
    s3 = sb.client("s3")
    s3.create_bucket(Bucket="sweep-bucket", CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"})
    s3.put_object(Bucket="sweep-bucket", Key="a/b.txt", Body=b"hello")
    s3.put_bucket_versioning(Bucket="sweep-bucket", VersioningConfiguration={"Status": "Enabled"})
    s3.put_public_access_block(Bucket="sweep-bucket", PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": False})
    calls = [("ListBuckets", {}), ("ListObjectsV2", {"Bucket": "sweep-bucket"}),
             ("ListObjects", {"Bucket": "sweep-bucket"}), ("GetBucketVersioning", {"Bucket": "sweep-bucket"}),
             ("GetPublicAccessBlock", {"Bucket": "sweep-bucket"}), ("GetBucketEncryption", {"Bucket": "sweep-bucket"}),
             ("HeadObject", {"Bucket": "sweep-bucket", "Key": "a/b.txt"}),
             ("GetObject", {"Bucket": "sweep-bucket", "Key": "a/b.txt"}),
             ("HeadBucket", {"Bucket": "sweep-bucket"})]
    out = {}
    for op, params in calls:
        status, headers, body = sb.raw("s3", op, params)
        assert status == 200, (op, body)
        out[op] = sb.parse("s3", op, status, headers, body)
    assert [b["Name"] for b in out["ListBuckets"]["Buckets"]] == ["sweep-bucket"]
    assert out["ListObjectsV2"]["KeyCount"] == 1 and out["ListObjectsV2"]["Contents"][0]["Size"] == 5
    assert out["ListObjects"]["Contents"][0]["Key"] == "a/b.txt"
    assert out["GetBucketVersioning"]["Status"] == "Enabled"
    assert out["GetPublicAccessBlock"]["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": False}
    assert out["GetBucketEncryption"]["ServerSideEncryptionConfiguration"]["Rules"][0][
        "ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    assert out["HeadObject"]["ContentLength"] == 5 and out["HeadObject"]["ETag"]
    assert out["GetObject"]["ContentLength"] == 5 and out["GetObject"]["ETag"] == out["HeadObject"]["ETag"]
    status, _, body = sb.raw("s3", "GetBucketLocation", {"Bucket": "sweep-bucket"})
    root = ET.fromstring(body)
    assert root.tag == "{http://s3.amazonaws.com/doc/2006-03-01/}LocationConstraint" and root.text == "ap-northeast-1"
