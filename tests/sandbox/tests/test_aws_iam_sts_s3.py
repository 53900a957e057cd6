"""IAM policy evaluation, STS AssumeRole trust checks, S3 buckets with regions."""
import json
import os
import sys
import xml.etree.ElementTree as ET

import pytest
from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aws_kit  # noqa: E402

box, sb = aws_kit.module_sandbox()
ACCOUNT = "123456789012"
DBX_ACCOUNT = "0d26daa6-5e44-4c97-a497-ef015f91254a"


def _err(fn, **kw):
    with pytest.raises(ClientError) as e:
        fn(**kw)
    return e.value.response["Error"]["Code"]


def _role(sb, name, trust=None, **inline):
    trust = trust or {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                              "Principal": {"AWS": "arn:aws:iam::%s:root" % ACCOUNT}}]}
    iam = sb.client("iam")
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    for pname, doc in inline.items():
        iam.put_role_policy(RoleName=name, PolicyName=pname, PolicyDocument=json.dumps(doc))
    return arn


def _decisions(sb, arn, actions, **kw):
    res = sb.client("iam").simulate_principal_policy(PolicySourceArn=arn, ActionNames=actions, **kw)
    return [r["EvalDecision"] for r in res["EvaluationResults"]]


def test_simulate_principal_policy_really_evaluates(sb):
    arn = _role(sb, "xacct", p1={"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["ec2:Describe*", "ec2:RunInstances", "ec2:*Volume"], "Resource": "*"},
        {"Effect": "Deny", "Action": "ec2:DeleteVolume", "Resource": "*"}]},
        p2={"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "NotAction": ["iam:*", "s3:*"], "Resource": "*"}]})
    assert _decisions(sb, arn, ["ec2:DescribeVpcs", "EC2:RunInstances", "ec2:CreateVolume", "ec2:DeleteVolume",
                                "iam:PassRole", "s3:GetObject", "kinesis:PutRecord"]) == [
        "allowed", "allowed", "allowed", "explicitDeny", "implicitDeny", "implicitDeny", "allowed"]


def test_simulate_resources_conditions_and_managed_policies(sb):
    iam = sb.client("iam")
    arn = _role(sb, "scoped", p={"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "arn:aws:iam::*:role/glue-*"},
        {"Effect": "Allow", "Action": "iam:CreateServiceLinkedRole", "Resource": "*",
         "Condition": {"StringLike": {"iam:AWSServiceName": "spot.amazonaws.com"}}}]})
    assert _decisions(sb, arn, ["iam:PassRole"], ResourceArns=["arn:aws:iam::1:role/glue-x",
                                                              "arn:aws:iam::1:role/other"]) == [
        "allowed", "implicitDeny"]
    res = iam.simulate_principal_policy(PolicySourceArn=arn, ActionNames=["iam:CreateServiceLinkedRole"])
    assert res["EvaluationResults"][0]["EvalDecision"] == "implicitDeny"
    assert res["EvaluationResults"][0]["MissingContextValues"] == ["iam:AWSServiceName"]
    res = iam.simulate_principal_policy(PolicySourceArn=arn, ActionNames=["iam:CreateServiceLinkedRole"],
                                        ContextEntries=[{"ContextKeyName": "iam:AWSServiceName", "ContextKeyType":
                                                         "string", "ContextKeyValues": ["spot.amazonaws.com"]}])
    assert res["EvaluationResults"][0]["EvalDecision"] == "allowed"
    parn = iam.create_policy(PolicyName="deny-run", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": "ec2:RunInstances", "Resource": "*"}]}))["Policy"]["Arn"]
    arn2 = _role(sb, "withmanaged", p={"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]})
    iam.attach_role_policy(RoleName="withmanaged", PolicyArn=parn)
    assert _decisions(sb, arn2, ["ec2:RunInstances", "ec2:DescribeVpcs"]) == ["explicitDeny", "allowed"]
    assert iam.list_attached_role_policies(RoleName="withmanaged")["AttachedPolicies"][0]["PolicyArn"] == parn
    assert _err(iam.delete_role, RoleName="withmanaged") == "DeleteConflict"


def test_simulate_the_restricted_cross_account_policy(sb):
    """The restricted policy of terraform-provider-databricks (aws/data_aws_crossaccount_policy.go) allows
    RunInstances & co. only on scoped ARNs under Vendor-tag / ec2:vpc conditions. IAM evaluates a
    condition whose key is missing from the context as not met (and names it in MissingContextValues),
    so on "*" without context these are implicitDeny; with the resources and keys they are allowed."""
    from sbx.dbx_testkit import restricted_policy
    r = "arn:aws:ec2:ap-northeast-1:%s" % ACCOUNT
    arn = _role(sb, "restricted", p=restricted_policy("ap-northeast-1", ACCOUNT, "vpc-0abc", "sg-0abc"))
    scoped = ["ec2:TerminateInstances", "ec2:AttachVolume", "ec2:CreateVolume", "ec2:AuthorizeSecurityGroupIngress",
              "ec2:AssociateIamInstanceProfile"]
    assert _decisions(sb, arn, scoped) == ["implicitDeny"] * 5
    # "*" is not one of the NotResource ARNs, so the "other resources" statement matches it
    assert _decisions(sb, arn, ["ec2:RunInstances"]) == ["allowed"]
    assert _decisions(sb, arn, ["ec2:DescribeInstances", "ec2:CreateFleet"]) == ["allowed", "allowed"]

    def ctx(**kv):
        return [{"ContextKeyName": k.replace("__", "/").replace("_", ":", 1), "ContextKeyType": "string",
                 "ContextKeyValues": [v]} for k, v in kv.items()]
    tag_req = ctx(aws_RequestTag__Vendor="Databricks")
    tag_res = ctx(ec2_ResourceTag__Vendor="Databricks")
    in_vpc = ctx(ec2_vpc=r + ":vpc/vpc-0abc")
    assert _decisions(sb, arn, ["ec2:RunInstances", "ec2:CreateVolume"],
                      ResourceArns=[r + ":instance/*", r + ":volume/*"], ContextEntries=tag_req) == [
        "allowed", "allowed", "implicitDeny", "allowed"]     # CreateVolume: volumes only
    assert _decisions(sb, arn, ["ec2:RunInstances"], ResourceArns=[r + ":subnet/subnet-1", r + ":security-group/sg-0abc"],
                      ContextEntries=in_vpc) == ["allowed", "allowed"]
    assert _decisions(sb, arn, ["ec2:AuthorizeSecurityGroupIngress"], ResourceArns=[r + ":security-group/sg-0abc",
                                                                                     r + ":security-group/sg-other"],
                      ContextEntries=in_vpc) == ["allowed", "implicitDeny"]
    # the wrong VPC is refused
    assert _decisions(sb, arn, ["ec2:RunInstances"], ResourceArns=[r + ":subnet/subnet-1"],
                      ContextEntries=ctx(ec2_vpc=r + ":vpc/vpc-other")) == ["implicitDeny"]
    # an AMI's ARN has no account field (Service Authorization Reference): the NotResource statement allows it
    assert _decisions(sb, arn, ["ec2:RunInstances"], ResourceArns=["arn:aws:ec2:ap-northeast-1::image/*"]) == ["allowed"]
    assert _decisions(sb, arn, ["ec2:TerminateInstances", "ec2:AttachVolume"], ResourceArns=[r + ":instance/*"],
                      ContextEntries=tag_res) == ["allowed", "allowed"]


def test_iam_errors_and_pagination(sb):
    iam = sb.client("iam")
    assert _err(iam.get_role, RoleName="nope") == "NoSuchEntity"
    _role(sb, "dup")
    assert _err(iam.create_role, RoleName="dup", AssumeRolePolicyDocument="{}") == "EntityAlreadyExists"
    assert _err(iam.put_role_policy, RoleName="dup", PolicyName="p", PolicyDocument="{not json") == \
        "MalformedPolicyDocument"
    for i in range(5):
        _role(sb, "page-%d" % i)
    pages = list(iam.get_paginator("list_roles").paginate(PaginationConfig={"PageSize": 2}))
    assert [len(p["Roles"]) for p in pages] == [2, 2, 2]
    assert pages[0]["IsTruncated"] and not pages[-1]["IsTruncated"]


def test_instance_profiles(sb):
    iam = sb.client("iam")
    _role(sb, "glue-access")
    iam.create_instance_profile(InstanceProfileName="glue-access")
    iam.add_role_to_instance_profile(InstanceProfileName="glue-access", RoleName="glue-access")
    ip = iam.get_instance_profile(InstanceProfileName="glue-access")["InstanceProfile"]
    assert ip["Arn"] == "arn:aws:iam::%s:instance-profile/glue-access" % ACCOUNT
    assert [r["RoleName"] for r in ip["Roles"]] == ["glue-access"]
    assert _err(iam.add_role_to_instance_profile, InstanceProfileName="glue-access", RoleName="glue-access") == \
        "LimitExceeded"


def test_assume_role_checks_the_trust_policy(sb):
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                     "Principal": {"AWS": "arn:aws:iam::%s:root" % ACCOUNT},
                                                     "Condition": {"StringEquals": {"sts:ExternalId": DBX_ACCOUNT}}}]}
    arn = _role(sb, "ext", trust)
    sts = sb.client("sts")
    assert _err(sts.assume_role, RoleArn=arn, RoleSessionName="nope") == "AccessDenied"
    assert _err(sts.assume_role, RoleArn=arn, RoleSessionName="nope", ExternalId="wrong") == "AccessDenied"
    c = sts.assume_role(RoleArn=arn, RoleSessionName="ok", ExternalId=DBX_ACCOUNT)
    assert c["AssumedRoleUser"]["Arn"] == "arn:aws:sts::%s:assumed-role/ext/ok" % ACCOUNT
    other = _role(sb, "foreign", {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::414351767826:root"}}]})
    assert _err(sts.assume_role, RoleArn=other, RoleSessionName="nope") == "AccessDenied"
    assert _err(sts.assume_role, RoleArn="arn:aws:iam::%s:role/missing" % ACCOUNT, RoleSessionName="x1") == \
        "AccessDenied"


def test_caller_identity_and_account_from_config(sb):
    sb.admin("POST", "/_sandbox/config", {"account_id": "210987654321"})
    sb.reseed("empty")
    me = sb.client("sts").get_caller_identity()
    assert me["Account"] == "123456789012"      # seeds set the account: `empty` uses the default
    sb.admin("POST", "/_sandbox/config", {"account_id": "210987654321"})
    assert sb.client("sts").get_caller_identity()["Account"] == "210987654321"


def test_s3_buckets_regions_and_configuration(sb):
    s3 = sb.client("s3")
    s3.create_bucket(Bucket="heiiki-root", CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"})
    assert _err(s3.create_bucket, Bucket="heiiki-root",
                CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"}) == "BucketAlreadyOwnedByYou"
    assert _err(s3.create_bucket, Bucket="no-constraint") == "IllegalLocationConstraintException"
    assert _err(s3.create_bucket, Bucket="Bad_Name",
                CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"}) == "InvalidBucketName"
    assert _err(s3.get_bucket_policy, Bucket="heiiki-root") == "NoSuchBucketPolicy"
    # new buckets block all public access (S3, since April 2023); gone only once deleted
    assert all(s3.get_public_access_block(Bucket="heiiki-root")["PublicAccessBlockConfiguration"].values())
    s3.delete_public_access_block(Bucket="heiiki-root")
    assert _err(s3.get_public_access_block, Bucket="heiiki-root") == "NoSuchPublicAccessBlockConfiguration"
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
        "AWS": "arn:aws:iam::414351767826:root"}, "Action": ["s3:GetObject", "s3:PutObject"],
        "Resource": ["arn:aws:s3:::heiiki-root/*", "arn:aws:s3:::heiiki-root"]}]}
    s3.put_bucket_policy(Bucket="heiiki-root", Policy=json.dumps(policy))
    assert json.loads(s3.get_bucket_policy(Bucket="heiiki-root")["Policy"]) == policy
    bad = dict(policy, Statement=[dict(policy["Statement"][0], Resource="arn:aws:s3:::other-bucket/*")])
    assert _err(s3.put_bucket_policy, Bucket="heiiki-root", Policy=json.dumps(bad)) == "MalformedPolicy"
    s3.put_public_access_block(Bucket="heiiki-root", PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    assert s3.get_public_access_block(Bucket="heiiki-root")["PublicAccessBlockConfiguration"]["BlockPublicPolicy"]
    assert s3.get_bucket_versioning(Bucket="heiiki-root").get("Status") is None
    s3.put_bucket_versioning(Bucket="heiiki-root", VersioningConfiguration={"Status": "Enabled"})
    assert s3.get_bucket_versioning(Bucket="heiiki-root")["Status"] == "Enabled"
    put = s3.put_object(Bucket="heiiki-root", Key="uc/data.csv", Body=b"a,b\n1,2\n")
    assert put["VersionId"] and put["ETag"]
    assert s3.get_object(Bucket="heiiki-root", Key="uc/data.csv")["Body"].read() == b"a,b\n1,2\n"
    assert s3.head_object(Bucket="heiiki-root", Key="uc/data.csv")["ContentLength"] == 8
    assert [o["Key"] for o in s3.list_objects_v2(Bucket="heiiki-root", Prefix="uc/")["Contents"]] == ["uc/data.csv"]
    assert _err(s3.delete_bucket, Bucket="heiiki-root") == "BucketNotEmpty"
    s3.delete_object(Bucket="heiiki-root", Key="uc/data.csv")
    assert _err(s3.get_object, Bucket="heiiki-root", Key="uc/data.csv") == "NoSuchKey"
    assert s3.get_bucket_location(Bucket="heiiki-root")["LocationConstraint"] == "ap-northeast-1"


def test_s3_wrong_region_gets_authorization_header_malformed(sb):
    sb.client("s3").create_bucket(Bucket="tokyo-bucket",
                                  CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"})
    status, headers, body = sb.raw("s3", "GetBucketPolicy", {"Bucket": "tokyo-bucket"}, region="us-west-2")
    root = ET.fromstring(body)
    assert status == 400 and root.find("Code").text == "AuthorizationHeaderMalformed", (headers, body)
    assert root.find("Region").text == "ap-northeast-1"
    assert headers["x-amz-bucket-region"] == "ap-northeast-1"
    # botocore's own S3 region redirector understands the answer and retries in the right region
    assert _err(sb.client("s3", region="us-west-2").get_bucket_policy, Bucket="tokyo-bucket") == \
        "NoSuchBucketPolicy"


def test_s3_requires_content_sha256_and_checks_it(sb):
    def drop(when, req):
        if when == "after":
            del req.headers["X-Amz-Content-SHA256"]
    status, _, body = sb.raw("s3", "ListBuckets", {}, mutate=drop)
    assert status == 400 and b"x-amz-content-sha256" in body

    def lie(when, req):
        if when == "after":
            req.data = b"other data"
    sb.client("s3").create_bucket(Bucket="sha-bucket", CreateBucketConfiguration={"LocationConstraint":
                                                                                  "ap-northeast-1"})
    status, _, body = sb.raw("s3", "PutObject", {"Bucket": "sha-bucket", "Key": "k", "Body": b"data"}, mutate=lie)
    assert status == 400 and b"XAmzContentSHA256Mismatch" in body
