"""Debian's aws CLI against the sandbox: the official client parses every answer."""
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aws_kit  # noqa: E402

pytestmark = pytest.mark.skipif(not os.path.exists(aws_kit.AWS_CLI), reason="Debian awscli not installed")


box, sb = aws_kit.module_sandbox()


def _parallel(sb, *calls):
    with ThreadPoolExecutor(len(calls)) as pool:
        futs = [pool.submit(sb.aws, *c[0], **c[1]) for c in calls]
        return [f.result()[1] for f in futs]


def test_cli_reads_the_seeded_world(sb):
    vid = sb.refs()["vpc"]
    name = "com.amazonaws.vpce.ap-northeast-1.vpce-svc-02691fd610d24fd64"
    vpcs, subnets, me, svcs = _parallel(
        sb, (("ec2", "describe-vpcs"), {}),
        (("ec2", "describe-subnets", "--filters", "Name=vpc-id,Values=" + vid,
          "Name=tag:Name,Values=Private Subnet*"), {}),
        (("sts", "get-caller-identity"), {}),
        (("ec2", "describe-vpc-endpoint-services", "--service-names", name), {}))
    assert [aws_kit.name_of(v) for v in vpcs["Vpcs"]] == ["Closed VPC"]
    assert vpcs["Vpcs"][0]["CidrBlock"] == "10.0.0.0/16"
    got = sorted((aws_kit.name_of(s), s["AvailabilityZone"], s["CidrBlock"]) for s in subnets["Subnets"])
    assert got == [("Private Subnet 01", "ap-northeast-1a", "10.0.1.0/24"),
                   ("Private Subnet 02", "ap-northeast-1c", "10.0.2.0/24"),
                   ("Private Subnet 03", "ap-northeast-1d", "10.0.3.0/24")]
    assert me["Arn"] == "arn:aws:iam::123456789012:user/heiiki-operator" and me["Account"] == "123456789012"
    assert svcs["ServiceNames"] == [name]
    assert svcs["ServiceDetails"][0]["ServiceType"] == [{"ServiceType": "Interface"}]
    assert set(svcs["ServiceDetails"][0]["AvailabilityZones"]) == {"ap-northeast-1a", "ap-northeast-1c",
                                                                   "ap-northeast-1d"}


def test_cli_creates_an_interface_endpoint(sb):
    refs = sb.refs()
    _, out, _ = sb.aws("ec2", "create-vpc-endpoint", "--vpc-id", refs["vpc"], "--vpc-endpoint-type", "Interface",
                       "--service-name", "com.amazonaws.vpce.ap-northeast-1.vpce-svc-02aa633bda3edbec0",
                       "--subnet-ids", refs["priv3"], "--security-group-ids", refs["sg3"],
                       "--private-dns-enabled", "--client-token", "relay-1")
    ep = out["VpcEndpoint"]
    assert ep["State"] in ("pendingAcceptance", "available") and ep["PrivateDnsEnabled"] is True
    time.sleep(0.35)
    out = sb.client("ec2").describe_vpc_endpoints(Filters=[{"Name": "vpc-endpoint-type", "Values": ["Interface"]}])
    assert [e["VpcEndpointId"] for e in out["VpcEndpoints"]] == [ep["VpcEndpointId"]]
    assert out["VpcEndpoints"][0]["State"] == "available"
    rc, _, err = sb.aws("ec2", "describe-vpc-endpoints", "--vpc-endpoint-ids", "vpce-0123456789abcdef0",
                        check=False)
    assert rc != 0 and "InvalidVpcEndpointId.NotFound" in err


def test_cli_iam_sts_s3(sb):
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                     "Principal": {"AWS": "arn:aws:iam::414351767826:root"}}]}
    _, out, _ = sb.aws("iam", "create-role", "--role-name", "heiiki-xacct",
                       "--assume-role-policy-document", json.dumps(trust), region="us-east-1")
    arn = out["Role"]["Arn"]
    sb.client("iam").put_role_policy(RoleName="heiiki-xacct", PolicyName="p", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}))
    sb.client("s3").create_bucket(Bucket="heiiki-root-bucket",
                                  CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"})
    role, sim, loc = _parallel(
        sb, (("iam", "get-role", "--role-name", "heiiki-xacct"), {"region": "us-east-1"}),
        (("iam", "simulate-principal-policy", "--policy-source-arn", arn, "--action-names", "ec2:DescribeVpcs",
          "ec2:RunInstances"), {"region": "us-east-1"}),
        (("s3api", "get-bucket-location", "--bucket", "heiiki-root-bucket"), {}))
    assert role["Role"]["AssumeRolePolicyDocument"] == trust   # the CLI URL-decodes as for real IAM
    assert [r["EvalDecision"] for r in sim["EvaluationResults"]] == ["allowed", "implicitDeny"]
    assert loc["LocationConstraint"] == "ap-northeast-1"
