"""Unity Catalog storage in the sandbox (issue 16, F2/F6): a metastore without a root refuses a catalog without
a managed location; storage credentials hand out an external ID and validate the IAM role only when an external
location is made (the role must trust the UC master role with that ID and itself, and reach the bucket); a
catalog's managed location must lie in an external location; a metastore root without its data-access credential
fails managed writes (DAC_DOES_NOT_EXIST). Sources: sbx/dbx_uc.py, sbx/dbx_catalog.py."""
import json
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from sbx import dbx_testkit as kit  # noqa: E402
from sbx.dbx_uc import UC_MASTER_ROLE  # noqa: E402

UC = "/api/2.1/unity-catalog/"


@pytest.fixture(scope="module")
def sb():
    s = kit.Sandbox()
    s.config(workspace_delay_s=0.05)
    yield s
    s.close()


def workspace_with_metastore(sb, tag, root=None):
    w = kit.build_world(sb, tag=tag)
    ids = kit.register_all(sb, w)
    s, ws = kit.create_workspace(sb, w, ids)
    assert s == 200, ws
    ws = sb.wait_workspace(ws["workspace_id"])
    info = {"name": tag + "-ms", "region": kit.REGION}
    if root:
        info["storage_root"] = root
    # one metastore per region: drop the previous test's
    for m in sb.ok("GET", "metastores")["metastores"]:
        sb.acct("DELETE", "metastores/" + m["metastore_id"], query="?force=true")
    s, m = sb.acct("POST", "metastores", {"metastore_info": info})
    assert s == 200, m
    mid = m["metastore_info"]["metastore_id"]
    assert sb.acct("POST", "workspaces/%d/metastores/%s" % (ws["workspace_id"], mid), {"metastore_assignment": {}})[0] == 200
    return ws["deployment_name"] + ".cloud.databricks.com", mid


def uc_trust(acct, role, ext, self_assume=True):
    st = [{"Sid": "UnityCatalogAssumeRole", "Effect": "Allow", "Action": "sts:AssumeRole",
           "Principal": {"AWS": UC_MASTER_ROLE}, "Condition": {"StringEquals": {"sts:ExternalId": ext}}}]
    if self_assume:
        st.append({"Sid": "ExplicitSelfRoleAssumption", "Effect": "Allow", "Action": "sts:AssumeRole",
                   "Principal": {"AWS": "arn:aws:iam::%s:root" % acct},
                   "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::%s:role/%s" % (acct, role)},
                                 "StringEquals": {"sts:ExternalId": ext}}})
    return json.dumps({"Version": "2012-10-17", "Statement": st})


def uc_policy(bucket):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket",
                                      "s3:GetBucketLocation"],
        "Resource": ["arn:aws:s3:::%s/*" % bucket, "arn:aws:s3:::%s" % bucket]}]})


def test_rootless_metastore_needs_a_managed_location_and_a_valid_credential(sb):
    h, mid = workspace_with_metastore(sb, "ucroot")
    acct = sb.client("sts", "us-east-1").get_caller_identity()["Account"]
    # [TFP] docs/resources/metastore.md: no metastore root -> each catalog must have a storage_root
    s, b = sb.ws(h, "POST", UC + "catalogs", {"name": "main"})
    assert s == 400 and b["error_code"] == "INVALID_STATE" and "Metastore storage root URL does not exist" in b["message"]
    s, summ = sb.ws(h, "GET", UC + "metastore_summary")
    assert s == 200 and summ["metastore_id"] == mid and not summ.get("storage_root")
    # [SRA] the credential exists before its role: created without validation, with its own external ID
    role, bucket = "ucroot-uc", "ucroot-uc-bucket"
    arn = "arn:aws:iam::%s:role/%s" % (acct, role)
    s, cred = sb.ws(h, "POST", UC + "storage-credentials", {"name": "ucroot-cred", "aws_iam_role": {"role_arn": arn}})
    assert s == 200, cred
    ext = cred["aws_iam_role"]["external_id"]
    assert ext and cred["aws_iam_role"]["unity_catalog_iam_arn"] == UC_MASTER_ROLE
    assert sb.ws(h, "POST", UC + "storage-credentials", {"name": "ucroot-cred",
                                                         "aws_iam_role": {"role_arn": arn}})[0] == 409
    loc = {"name": "ucroot-loc", "url": "s3://%s/" % bucket, "credential_name": "ucroot-cred"}
    # the external location validates the role: no role yet
    s, b = sb.ws(h, "POST", UC + "external-locations", loc)
    assert s == 403 and "does not exist" in b["message"], b
    iam = sb.client("iam", "us-east-1")
    sb.client("s3").create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": kit.REGION})
    # trust without the self-assume statement is refused
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=uc_trust(acct, role, ext, self_assume=False))
    iam.put_role_policy(RoleName=role, PolicyName="uc", PolicyDocument=uc_policy(bucket))
    s, b = sb.ws(h, "POST", UC + "external-locations", loc)
    assert s == 403 and "self-assuming" in b["message"], b
    # a wrong external ID is refused
    iam.update_assume_role_policy(RoleName=role, PolicyDocument=uc_trust(acct, role, "not-" + ext))
    s, b = sb.ws(h, "POST", UC + "external-locations", loc)
    assert s == 403 and "external ID" in b["message"], b
    # IAM propagation: a role changed moments ago is not usable yet ([SRA] time_sleep 60s)
    iam.update_assume_role_policy(RoleName=role, PolicyDocument=uc_trust(acct, role, ext))
    sb.config(dbx_iam_propagation_s=30)
    s, b = sb.ws(h, "POST", UC + "external-locations", loc)
    assert s == 403 and "changed moments ago" in b["message"], b
    sb.config(dbx_iam_propagation_s=0)
    s, b = sb.ws(h, "POST", UC + "external-locations", loc)
    assert s == 200 and b["credential_name"] == "ucroot-cred", b
    # the managed location must be inside an external location
    s, b = sb.ws(h, "POST", UC + "catalogs", {"name": "main", "storage_root": "s3://elsewhere/main"})
    assert s == 400 and "not inside an external location" in b["message"], b
    s, cat = sb.ws(h, "POST", UC + "catalogs", {"name": "main", "storage_root": "s3://%s/main" % bucket})
    assert s == 200 and cat["storage_root"] == "s3://%s/main" % bucket
    assert sb.ws(h, "POST", UC + "schemas", {"catalog_name": "main", "name": "raw"})[0] == 200
    s, v = sb.ws(h, "POST", UC + "volumes", {"catalog_name": "main", "schema_name": "raw", "name": "v",
                                              "volume_type": "MANAGED"})
    assert s == 200 and v["storage_location"].startswith("s3://%s/main/" % bucket)
    path = "/api/2.0/fs/files/Volumes/main/raw/v/x.txt"
    assert sb.ws(h, "PUT", path, raw=b"x", headers={"Content-Type": "application/octet-stream"})[0] == 204
    # the Files API is the control plane using the credential: a broken policy fails the write
    iam.delete_role_policy(RoleName=role, PolicyName="uc")
    s, b = sb.ws(h, "PUT", path, raw=b"y", headers={"Content-Type": "application/octet-stream"})
    assert s == 403 and "s3:" in b["message"], b
    # a credential with a dependent location is not deleted without force
    assert sb.ws(h, "DELETE", UC + "storage-credentials/ucroot-cred")[0] == 400


def test_metastore_root_without_credential_fails_managed_writes(sb):
    h, mid = workspace_with_metastore(sb, "ucdac", root="s3://ucdac-metastore/root")
    assert sb.ws(h, "POST", UC + "catalogs", {"name": "main"})[0] == 200
    assert sb.ws(h, "POST", UC + "schemas", {"catalog_name": "main", "name": "raw"})[0] == 200
    assert sb.ws(h, "POST", UC + "volumes", {"catalog_name": "main", "schema_name": "raw", "name": "v",
                                             "volume_type": "MANAGED"})[0] == 200
    s, b = sb.ws(h, "PUT", "/api/2.0/fs/files/Volumes/main/raw/v/x.txt", raw=b"x")
    assert s == 400 and b["error_code"] == "DAC_DOES_NOT_EXIST" and mid in b["message"], b


def test_metastore_with_catalogs_needs_force_to_delete(sb):
    """[SDK] DeleteAccountMetastoreRequest.Force: "Force deletion even if the metastore is not empty";
    catalogs belong to the metastore and outlive the workspace that made them."""
    h, mid = workspace_with_metastore(sb, "msforce", root="s3://msforce-root/")
    s, b = sb.ws(h, "POST", UC + "catalogs", {"name": "kept"})
    assert s == 200, b
    wid = [w for w in sb.ok("GET", "workspaces") if w["workspace_name"] == "msforce-ws"][0]["workspace_id"]
    assert sb.acct("DELETE", "workspaces/%d" % wid)[0] == 200
    s, b = sb.acct("DELETE", "metastores/" + mid)
    assert s == 400 and "is not empty" in b["message"] and "kept" in b["message"], b
    assert sb.acct("GET", "metastores/" + mid)[0] == 200
    assert "_catalogs" not in sb.acct("GET", "metastores/" + mid)[1]["metastore_info"]
    assert sb.acct("DELETE", "metastores/" + mid, query="?force=true")[0] == 200
    assert sb.acct("GET", "metastores/" + mid)[0] == 404
