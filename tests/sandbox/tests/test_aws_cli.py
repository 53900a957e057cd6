"""Debian's aws CLI against the sandbox: the official client serializes, signs and parses every call.
Commands run through awscli.clidriver (what /usr/bin/aws runs) batched in one process to pay the CLI's
start-up once; one call goes through the /usr/bin/aws executable itself."""
import json
import os
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aws_kit  # noqa: E402

pytestmark = pytest.mark.skipif(not os.path.exists(aws_kit.AWS_CLI), reason="Debian awscli not installed")

box, sb = aws_kit.module_sandbox()
WORKSPACE = "com.amazonaws.vpce.ap-northeast-1.vpce-svc-02691fd610d24fd64"
RELAY = "com.amazonaws.vpce.ap-northeast-1.vpce-svc-02aa633bda3edbec0"
TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                 "Principal": {"AWS": "arn:aws:iam::414351767826:root"}}]}


def test_the_aws_executable_itself(sb):
    _, out, _ = sb.aws("sts", "get-caller-identity")
    assert out["Arn"] == "arn:aws:iam::123456789012:user/heiiki-operator" and out["Account"] == "123456789012"


def test_cli_reads_and_creates_across_services(sb):
    refs = sb.refs()
    sb.admin("POST", "/_sandbox/config", {"vpce_delay_s": 0})
    (vpcs, subnets, ep, notfound, role, bucket, svcs) = sb.aws_batch([
        ("ec2", "describe-vpcs"),
        ("ec2", "describe-subnets", "--filters", "Name=vpc-id,Values=" + refs["vpc"],
         "Name=tag:Name,Values=Private Subnet*"),
        ("ec2", "create-vpc-endpoint", "--vpc-id", refs["vpc"], "--vpc-endpoint-type", "Interface",
         "--service-name", RELAY, "--subnet-ids", refs["priv3"], "--security-group-ids", refs["sg3"],
         "--private-dns-enabled", "--client-token", "relay-1"),
        ("ec2", "describe-vpc-endpoints", "--vpc-endpoint-ids", "vpce-0123456789abcdef0"),
        ("iam", "create-role", "--region", "us-east-1", "--role-name", "heiiki-xacct",
         "--assume-role-policy-document", json.dumps(TRUST)),
        ("s3api", "create-bucket", "--bucket", "heiiki-root-bucket", "--create-bucket-configuration",
         "LocationConstraint=ap-northeast-1"),
        ("ec2", "describe-vpc-endpoint-services", "--service-names", WORKSPACE)])
    for rc, _, err in (vpcs, subnets, ep, role, bucket, svcs):
        assert rc == 0, err
    assert [aws_kit.name_of(v) for v in vpcs[1]["Vpcs"]] == ["Closed VPC"]
    got = sorted((aws_kit.name_of(s), s["AvailabilityZone"], s["CidrBlock"]) for s in subnets[1]["Subnets"])
    assert got == [("Private Subnet 01", "ap-northeast-1a", "10.0.1.0/24"),
                   ("Private Subnet 02", "ap-northeast-1c", "10.0.2.0/24"),
                   ("Private Subnet 03", "ap-northeast-1d", "10.0.3.0/24")]
    endpoint = ep[1]["VpcEndpoint"]
    assert endpoint["ServiceName"] == RELAY and endpoint["PrivateDnsEnabled"] is True
    assert notfound[0] != 0 and "InvalidVpcEndpointId.NotFound" in notfound[2]
    assert role[1]["Role"]["Arn"] == "arn:aws:iam::123456789012:role/heiiki-xacct"
    assert bucket[1]["Location"] == "/heiiki-root-bucket"
    assert svcs[1]["ServiceNames"] == [WORKSPACE]
    assert set(svcs[1]["ServiceDetails"][0]["AvailabilityZones"]) == {"ap-northeast-1a", "ap-northeast-1c",
                                                                      "ap-northeast-1d"}

    sb.client("iam").put_role_policy(RoleName="heiiki-xacct", PolicyName="p", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}))
    time.sleep(0.05)
    (getrole, sim, loc, eps) = sb.aws_batch([
        ("iam", "get-role", "--region", "us-east-1", "--role-name", "heiiki-xacct"),
        ("iam", "simulate-principal-policy", "--region", "us-east-1", "--policy-source-arn",
         role[1]["Role"]["Arn"], "--action-names", "ec2:DescribeVpcs", "ec2:RunInstances"),
        ("s3api", "get-bucket-location", "--bucket", "heiiki-root-bucket"),
        ("ec2", "describe-vpc-endpoints", "--filters", "Name=vpc-endpoint-type,Values=Interface")])
    assert getrole[1]["Role"]["AssumeRolePolicyDocument"] == TRUST    # the CLI URL-decodes, as for real IAM
    assert [r["EvalDecision"] for r in sim[1]["EvaluationResults"]] == ["allowed", "implicitDeny"]
    assert loc[1]["LocationConstraint"] == "ap-northeast-1"
    assert [(e["VpcEndpointId"], e["State"]) for e in eps[1]["VpcEndpoints"]] == [
        (endpoint["VpcEndpointId"], "available")]
