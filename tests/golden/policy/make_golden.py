#!/usr/bin/env python3
"""Write the golden policy documents from the reference text alone.

The action lists are read out of aws-policies.md (the project's restatement of
the Terraform provider, SRA and Databricks docs); the document shapes follow
that file's sections 1-6.  Nothing here reads heiiki's code or assets, so the
C generators are checked against an independent rendering.

    python3 tests/golden/policy/make_golden.py /path/to/aws-policies.md
"""
import json
import os
import re
import sys

REF = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/reference/aws-policies.md"
OUT = os.path.dirname(os.path.abspath(__file__))
md = open(REF, encoding="utf-8").read()


def span_after(marker):
    """The first `backticked` span after marker, split on commas."""
    i = md.index(marker)
    for m in re.finditer(r"`([^`]*)`", md[i:], re.S):
        if m.group(1).count(",") >= 2:
            return [a.strip() for a in m.group(1).replace("\n", " ").split(",") if a.strip()]
    raise ValueError(marker)


A = span_after("Base action list **A**")
B = span_after("List **B**")
assert len(A) == 37 and len(B) == 13, (len(A), len(B))
GLUE = span_after("22 actions:")
assert len(GLUE) == 22
UC_S3 = ["s3:" + a.strip().replace("s3:", "") for a in
         re.search(r"1\. Allow `([^`]*)`", md[md.index("Permissions ([TFP]"):]).group(1).split(",")]
assert len(UC_S3) == 8
sec4 = md[md.index("## 4. Unity Catalog role"):md.index("## 5.")]
SETUP = [a.strip() for a in re.search(r"ManagedFileEventsSetupStatement`: `([^`]*)`", sec4, re.S)
         .group(1).replace("\n", " ").split(",")]
assert len(SETUP) == 19
LIST = [a.strip() for a in re.search(r"ManagedFileEventsListStatement`: `([^`]*)`", sec4).group(1).split(",")]
TEAR = [a.strip() for a in re.search(r"ManagedFileEventsTeardownStatement`: `([^`]*)`", sec4).group(1).split(",")]
ROOT6 = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket",
         "s3:GetBucketLocation"]
assert all(a in md for a in ROOT6)
RO4 = ["s3:ListBucket", "s3:GetObjectVersion", "s3:GetObject", "s3:GetBucketLocation"]
LOG3 = ["s3:PutObject", "s3:ListBucket", "s3:GetBucketLocation"]

DBX = {"aws": "414351767826", "aws-us-gov": "044793339203", "aws-us-gov-dod": "170661010020"}
NS = {"aws": "aws", "aws-us-gov": "aws-us-gov", "aws-us-gov-dod": "aws-us-gov"}
UCM = {"aws": "arn:aws:iam::414351767826:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL",
       "aws-us-gov": "arn:aws-us-gov:iam::044793339203:role/unity-catalog-prod-UCMasterRole-1QRFA8SGY15OJ",
       "aws-us-gov-dod": "arn:aws-us-gov:iam::170661010020:role/unity-catalog-prod-UCMasterRole-1DI6DL6ZP26AS"}
ART = {"aws": "414351767826", "aws-us-gov": "282567162347", "aws-us-gov-dod": "282567162347"}
for k in list(DBX.values()) + list(UCM.values()):
    assert k in md, k

UUID = "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
ACCT = "123456789012"
VPC = "vpc-0f3b6c2d9a1e47b85"
SG = "sg-0b8e4f6d2c0a35d72"


def doc(*stmts):
    return {"Version": "2012-10-17", "Statement": list(stmts)}


def write(name, d):
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(d, f, indent=2)
        f.write("\n")


for p in DBX:
    write("crossaccount-trust-" + p, doc({
        "Effect": "Allow", "Action": "sts:AssumeRole",
        "Principal": {"AWS": "arn:%s:iam::%s:root" % (NS[p], DBX[p])},
        "Condition": {"StringEquals": {"sts:ExternalId": UUID}}}))


def spot(p):
    return {"Effect": "Allow", "Action": ["iam:CreateServiceLinkedRole", "iam:PutRolePolicy"],
            "Resource": "arn:%s:iam::*:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot" % NS[p],
            "Condition": {"StringLike": {"iam:AWSServiceName": "spot.amazonaws.com"}}}


write("crossaccount-customer-aws", doc({"Effect": "Allow", "Action": A + B, "Resource": "*"}, spot("aws")))
GLUE_ROLE = "arn:aws:iam::%s:role/tokyo-closed-glue" % ACCT
write("crossaccount-customer-passrole-aws", doc(
    {"Effect": "Allow", "Action": A + B, "Resource": "*"}, spot("aws"),
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": [GLUE_ROLE]}))


def restricted(p, region):
    R = "arn:%s:ec2:%s:%s" % (NS[p], region, ACCT)
    tag = lambda k: {"StringEquals": {k: "Databricks"}}
    vpc = {"StringEquals": {"ec2:vpc": "%s:vpc/%s" % (R, VPC)}}
    return doc(
        {"Effect": "Allow", "Action": A, "Resource": "*"}, spot(p),
        {"Sid": "InstancePoolsSupport", "Effect": "Allow",
         "Action": ["ec2:AssociateIamInstanceProfile", "ec2:DisassociateIamInstanceProfile",
                    "ec2:ReplaceIamInstanceProfileAssociation"],
         "Resource": R + ":instance/*", "Condition": tag("ec2:ResourceTag/Vendor")},
        {"Sid": "AllowEc2RunInstancePerTag", "Effect": "Allow", "Action": "ec2:RunInstances",
         "Resource": [R + ":volume/*", R + ":instance/*"], "Condition": tag("aws:RequestTag/Vendor")},
        {"Sid": "AllowEc2RunInstanceImagePerTag", "Effect": "Allow", "Action": "ec2:RunInstances",
         "Resource": R + ":image/*", "Condition": tag("aws:ResourceTag/Vendor")},
        {"Sid": "AllowEc2RunInstancePerVPCid", "Effect": "Allow", "Action": "ec2:RunInstances",
         "Resource": [R + ":network-interface/*", R + ":subnet/*", R + ":security-group/*"], "Condition": vpc},
        {"Sid": "AllowEc2RunInstanceOtherResources", "Effect": "Allow", "Action": "ec2:RunInstances",
         "NotResource": [R + ":image/*", R + ":network-interface/*", R + ":subnet/*", R + ":security-group/*",
                         R + ":volume/*", R + ":instance/*"]},
        {"Sid": "EC2TerminateInstancesTag", "Effect": "Allow", "Action": "ec2:TerminateInstances",
         "Resource": R + ":instance/*", "Condition": tag("ec2:ResourceTag/Vendor")},
        {"Sid": "EC2AttachDetachVolumeTag", "Effect": "Allow", "Action": ["ec2:AttachVolume", "ec2:DetachVolume"],
         "Resource": [R + ":instance/*", R + ":volume/*"], "Condition": tag("ec2:ResourceTag/Vendor")},
        {"Sid": "EC2CreateVolumeByTag", "Effect": "Allow", "Action": "ec2:CreateVolume",
         "Resource": R + ":volume/*", "Condition": tag("aws:RequestTag/Vendor")},
        {"Sid": "EC2DeleteVolumeByTag", "Effect": "Allow", "Action": "ec2:DeleteVolume",
         "Resource": [R + ":volume/*"], "Condition": tag("ec2:ResourceTag/Vendor")},
        {"Sid": "VpcNonresourceSpecificActions", "Effect": "Allow",
         "Action": ["ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress",
                    "ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress"],
         "Resource": "%s:security-group/%s" % (R, SG), "Condition": vpc})


write("crossaccount-restricted-aws", restricted("aws", "ap-northeast-1"))
write("crossaccount-restricted-aws-us-gov-dod", restricted("aws-us-gov-dod", "us-gov-west-1"))

for p in DBX:
    b = "tokyo-closed-root"
    # section 3: the Allow ([TFP]/[SRA]) and the console's "Generate policy" Deny on unity-catalog/*
    assert "Prevent DBFS from accessing Unity Catalog metastore" in md
    write("bucket-root-" + p, doc({
        "Effect": "Allow", "Action": ROOT6,
        "Resource": ["arn:%s:s3:::%s/*" % (NS[p], b), "arn:%s:s3:::%s" % (NS[p], b)],
        "Principal": {"AWS": "arn:%s:iam::%s:root" % (NS[p], DBX[p])},
        "Condition": {"StringEquals": {"aws:PrincipalTag/DatabricksAccountId": UUID}}}, {
        "Sid": "Prevent DBFS from accessing Unity Catalog metastore", "Effect": "Deny", "Action": "s3:*",
        "Resource": "arn:%s:s3:::%s/unity-catalog/*" % (NS[p], b),
        "Principal": {"AWS": "arn:%s:iam::%s:root" % (NS[p], DBX[p])}}))

for p in ("aws", "aws-us-gov-dod"):
    n = NS[p]
    write("uc-trust-" + p, doc(
        {"Sid": "UnityCatalogAssumeRole", "Effect": "Allow", "Action": "sts:AssumeRole",
         "Principal": {"AWS": UCM[p]}, "Condition": {"StringEquals": {"sts:ExternalId": "ext-1234"}}},
        {"Sid": "ExplicitSelfRoleAssumption", "Effect": "Allow", "Action": "sts:AssumeRole",
         "Principal": {"AWS": "arn:%s:iam::%s:root" % (n, ACCT)},
         "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:%s:iam::%s:role/tokyo-closed-uc-role" % (n, ACCT)},
                       "StringEquals": {"sts:ExternalId": "ext-1234"}}}))


def uc_perm(p, kms):
    n = NS[p]
    b = "tokyo-closed-uc"
    sqs = "arn:%s:sqs:*:%s:csms-*" % (n, ACCT)
    sns = "arn:%s:sns:*:%s:csms-*" % (n, ACCT)
    st = [{"Effect": "Allow", "Action": UC_S3, "Resource": ["arn:%s:s3:::%s/*" % (n, b), "arn:%s:s3:::%s" % (n, b)]},
          {"Effect": "Allow", "Action": ["sts:AssumeRole"],
           "Resource": ["arn:%s:iam::%s:role/tokyo-closed-uc-role" % (n, ACCT)]}]
    if kms:
        st.append({"Effect": "Allow", "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"],
                   "Resource": ["arn:%s:kms:%s" % (n, kms)]})
    st += [{"Sid": "ManagedFileEventsSetupStatement", "Effect": "Allow", "Action": SETUP,
            "Resource": ["arn:%s:s3:::%s" % (n, b), sqs, sns]},
           {"Sid": "ManagedFileEventsListStatement", "Effect": "Allow", "Action": LIST, "Resource": [sqs, sns]},
           {"Sid": "ManagedFileEventsTeardownStatement", "Effect": "Allow", "Action": TEAR, "Resource": [sqs, sns]}]
    return doc(*st)


write("uc-permissions-aws", uc_perm("aws", None))
write("uc-permissions-kms-aws-us-gov", uc_perm("aws-us-gov", "us-gov-west-1:%s:key/1234abcd-12ab-34cd-56ef-1234567890ab" % ACCT))

write("glue-trust", doc({"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ec2.amazonaws.com"}}))
write("glue-permissions", doc({"Sid": "GrantCatalogAccessToGlue", "Effect": "Allow", "Action": GLUE, "Resource": "*"}))
write("glue-passrole-aws", doc({"Effect": "Allow", "Action": "iam:PassRole", "Resource": GLUE_ROLE}))

# Section 5: regional buckets, restated from the md's prose.
BUCKETS = {
    ("ap-northeast-1", "aws"): (["databricks-prod-artifacts-ap-northeast-1"],
                                "system-tables-prod-ap-northeast-1-uc-metastore-bucket",
                                "databricks-prod-storage-tokyo", "databricks-datasets-tokyo"),
    ("us-west-2", "aws"): (["databricks-prod-artifacts-us-west-2", "databricks-update-oregon"],
                           "system-tables-prod-us-west-2-uc-metastore-bucket",
                           "databricks-prod-storage-oregon", "databricks-datasets-oregon"),
    ("us-gov-west-1", "aws-us-gov-dod"): (["databricks-prod-artifacts-us-gov-west-1"],
                                          "system-tables-prod-us-gov-west-1-dod-uc-metastore-bucket",
                                          "databricks-prod-storage-pendleton-dod", "databricks-datasets-pendleton"),
}
for pattern in ("databricks-prod-artifacts-<region>", "system-tables-prod-<region>-uc-metastore-bucket",
                "databricks-update-oregon", "system-tables-prod-us-gov-west-1-dod-uc-metastore-bucket",
                "databricks-prod-storage-pendleton-dod", "databricks-datasets-pendleton",
                "ap-northeast-1 tokyo", "us-west-2 oregon"):
    assert pattern in md, pattern


def res(n, *buckets):
    out = []
    for b in buckets:
        out += ["arn:%s:s3:::%s/*" % (n, b), "arn:%s:s3:::%s" % (n, b)]
    return out


def s3(region, p, catalog):
    n = NS[p]
    art, sys_b, log_b, ds_b = BUCKETS[(region, p)]
    anyone = {"AWS": "*"}
    st = [{"Sid": "Grant access to Workspace Root Bucket", "Effect": "Allow", "Action": ROOT6,
           "Resource": res(n, "tokyo-closed-root"), "Principal": anyone,
           "Condition": {"StringEquals": {"aws:PrincipalAccount": DBX[p]}}}]
    if catalog:
        st.append({"Sid": "Grant access to Unity Catalog Workspace Catalog Bucket", "Effect": "Allow",
                   "Action": ROOT6, "Resource": res(n, catalog), "Principal": anyone,
                   "Condition": {"StringEquals": {"aws:PrincipalAccount": ACCT, "s3:ResourceAccount": ACCT}}})
    st += [{"Sid": "Grant access to Databricks Artifact Buckets", "Effect": "Allow", "Action": RO4,
            "Resource": res(n, *art), "Principal": anyone,
            "Condition": {"StringEquals": {"aws:ResourceAccount": ART[p]}}},
           {"Sid": "Grant access to Databricks System Tables Bucket", "Effect": "Allow", "Action": RO4,
            "Resource": res(n, sys_b), "Principal": anyone,
            "Condition": {"StringEquals": {"aws:PrincipalAccount": DBX[p]}}},
           {"Sid": "Grant access to Databricks Sample Data Bucket", "Effect": "Allow", "Action": RO4,
            "Resource": res(n, ds_b), "Principal": anyone,
            "Condition": {"StringEquals": {"aws:PrincipalAccount": ART[p]}}},
           {"Sid": "Grant access to Databricks Log Bucket", "Effect": "Allow", "Action": LOG3,
            "Resource": res(n, log_b), "Principal": anyone,
            "Condition": {"StringEquals": {"aws:PrincipalAccount": DBX[p]}}}]
    return doc(*st)


write("s3-endpoint-ap-northeast-1", s3("ap-northeast-1", "aws", "tokyo-closed-uc"))
write("s3-endpoint-us-west-2", s3("us-west-2", "aws", None))
write("s3-endpoint-us-gov-west-1-dod", s3("us-gov-west-1", "aws-us-gov-dod", "tokyo-closed-uc"))

STS_C = ["sts:AssumeRole", "sts:GetAccessKeyInfo", "sts:GetSessionToken", "sts:DecodeAuthorizationMessage",
         "sts:TagSession"]
STS_D = ["sts:AssumeRole", "sts:GetSessionToken", "sts:TagSession"]
for region, p, dbx_principal in (
        ("ap-northeast-1", "aws", ["arn:aws:iam::414351767826:user/databricks-datasets-readonly-user-prod",
                                   "414351767826"]),
        ("us-gov-west-1", "aws-us-gov", "044793339203")):
    write("sts-endpoint-" + region, doc(
        {"Effect": "Allow", "Action": STS_C, "Resource": "*", "Principal": {"AWS": ACCT}},
        {"Effect": "Allow", "Action": STS_D, "Resource": "*", "Principal": {"AWS": dbx_principal}}))

for region, p, suffix in (("ap-northeast-1", "aws", "ap-northeast-1"), ("us-gov-west-1", "aws-us-gov-dod",
                                                                       "us-gov-west-1-dod")):
    write("kinesis-endpoint-" + suffix, doc({
        "Effect": "Allow", "Action": ["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStream"],
        "Resource": "arn:%s:kinesis:%s:%s:stream/*" % (NS[p], region, DBX[p]),
        "Principal": {"AWS": DBX[p]}}))
print("wrote golden policies to", OUT)
