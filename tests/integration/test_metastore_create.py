"""metastore.mode = create against the sandbox (issue 16, F2/F6/F14): heiiki creates a metastore WITHOUT a root
(the Security Reference Architecture's design, [SRA] unity_catalog_metastore_creation/main.tf), the Unity
Catalog bucket and IAM role, a storage credential whose external ID the role trusts (the UC master role plus
the role itself), and an external location on the bucket (waiting out IAM propagation); the plan shows both
role policies before anything is made, and the post-deploy checks then give the new catalog a managed location
in that external location and pass the Files API round trip.  The sandbox refuses a catalog without a managed
location on a root-less metastore and a managed write without a storage credential (sbx/dbx_uc.py)."""
import json
import os
import re

import pytest

from sbx_util import example_answers

UC_BUCKET = "tokyo-closed-uc-0d26daa6"
UC_ROLE = "tokyo-closed-uc"


def create_mode_answers(sandbox):
    path = example_answers(sandbox)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    acct = sandbox.state()["config"]["account_id"]
    block = ("[metastore]\nmode = create\nname = tokyo-closed-metastore\nbucket = %s\n"
             "role_arn = arn:aws:iam::%s:role/%s\n\n[workspace]" % (UC_BUCKET, acct, UC_ROLE))
    text, n = re.subn(r"(?s)\[metastore\].*?\n\[workspace\]", block, text, count=1)
    assert n == 1
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def summary(heiiki):
    r = heiiki("summary", "tokyo-closed", "--json")
    assert r.rc == 0, r
    return {a["action"]: a for a in json.loads(r.out)["resources"]}


@pytest.mark.seed("tokyo-no-metastore")
def test_create_mode_builds_a_working_metastore(sandbox, heiiki):
    answers = create_mode_answers(sandbox)
    # the operator sees both policies of the Unity Catalog role before anything is made
    r = heiiki("plan", "--answers", answers)
    assert r.rc == 0, r
    assert "UnityCatalogAssumeRole" in r.out and "ExplicitSelfRoleAssumption" in r.out, r.out
    assert "unity-catalog-prod-UCMasterRole" in r.out
    assert "arn:aws:s3:::%s/*" % UC_BUCKET in r.out and "s3:PutObject" in r.out
    assert "external ID" in r.out
    for act in ("aws.uc.bucket", "post.uc.credential", "aws.uc.role", "aws.uc.role.policy", "post.uc.location"):
        assert re.search(r"(?m)^\s+create\s+%s\b" % re.escape(act), r.out), (act, r.out)
    r = heiiki("plan", "--answers", answers, "--json")
    assert r.rc == 0, r
    pol = {p["title"]: p for p in json.loads(r.out).get("policies", [])}
    assert any("trust" in t for t in pol) and any("permissions" in t for t in pol), pol

    # a fresh role is not visible to Unity Catalog at once: heiiki waits (like [SRA]'s time_sleep)
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.3, "dbx_cluster_start_s": 0.3,
                                               "dbx_iam_propagation_s": 2})
    r = heiiki("apply", "--answers", answers, "--yes", "--no-post-checks", timeout=240)
    assert r.rc == 0, r
    assert "waiting for IAM to propagate to Unity Catalog" in r.out + r.err, r
    res = summary(heiiki)
    for act in ("aws.uc.bucket", "aws.uc.role", "aws.uc.role.policy", "post.uc.credential",
                "post.uc.location", "dbx.metastore"):
        assert res[act]["origin"] == "created", res[act]
    state = sandbox.state()
    ms = [m for m in state["dbx"]["metastores"].values()]
    assert len(ms) == 1 and not ms[0].get("storage_root"), ms       # no root: catalogs bring their own
    assert UC_BUCKET in state["s3"]["buckets"]
    uc = state["dbx"]["uc"][ms[0]["metastore_id"]]
    cred = uc["credentials"][res["post.uc.credential"]["result"]["name"]]
    trust = json.loads(state["iam"]["roles"][UC_ROLE]["AssumeRolePolicyDocument"])
    assert json.dumps(trust).count(cred["aws_iam_role"]["external_id"]) == 2
    loc = uc["locations"][res["post.uc.location"]["result"]["name"]]
    assert loc["url"] == "s3://%s/" % UC_BUCKET

    # post-deploy: the catalog gets a managed location in heiiki's external location, and the round trip passes
    r = heiiki("--ca-bundle", sandbox.env["HEIIKI_SANDBOX_CA"], "verify", "tokyo-closed",
               "--frontend-addr", sandbox.env["HEIIKI_SANDBOX_FRONTEND"], "--skip", "backend", timeout=180)
    assert r.rc == 0, r
    assert "PASS  Default catalog" in r.out and "PASS  Unity Catalog" in r.out, r.out
    wsd = list(sandbox.state()["dbx"]["ws"].values())[0]
    assert wsd["catalogs"]["heiiki"]["storage_root"].startswith("s3://%s/" % UC_BUCKET)

    # a second apply changes nothing
    sandbox.clear_log()
    r = heiiki("apply", "--answers", answers, "--yes", "--no-post-checks", timeout=240)
    assert r.rc == 0, r
    assert sandbox.creates() == [], sandbox.creates()

    # destroy removes the role, its policy, the credential and the location heiiki made, and the metastore
    # with force=true: it still holds the check's catalog, and Unity Catalog refuses to delete a non-empty
    # metastore otherwise ([SDK] DeleteAccountMetastoreRequest.Force; sbx/dbx_metastore.py) -- fails on dc450ab
    assert "heiiki" in sandbox.state()["dbx"]["metastores"][ms[0]["metastore_id"]]["_catalogs"]
    r = heiiki("destroy", "tokyo-closed", "--yes", timeout=240)
    assert r.rc == 0, r
    assert re.search(r"delete\s+dbx\.metastore\s+\S+\n\s+force=true: with every catalog", r.out), r.out
    state = sandbox.state()
    assert UC_ROLE not in state["iam"]["roles"]
    assert UC_BUCKET not in state["s3"]["buckets"]
    assert not state["dbx"].get("metastores")
    assert not any(d.get("credentials") or d.get("locations") for d in state["dbx"].get("uc", {}).values())


@pytest.mark.seed("tokyo-rootless-metastore")
def test_existing_rootless_metastore_without_location_says_what_to_do(sandbox, heiiki):
    """F6: an existing metastore without a root and no external location from heiiki: the catalog check
    explains that a catalog needs a managed location, instead of passing on Databricks' raw refusal."""
    answers = example_answers(sandbox)
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.3, "dbx_cluster_start_s": 0.3})
    r = heiiki("apply", "--answers", answers, "--yes", "--no-post-checks", timeout=240)
    assert r.rc == 0, r
    r = heiiki("--ca-bundle", sandbox.env["HEIIKI_SANDBOX_CA"], "verify", "tokyo-closed",
               "--frontend-addr", sandbox.env["HEIIKI_SANDBOX_FRONTEND"], "--skip", "backend", timeout=180)
    assert r.rc == 1, r
    assert "FAIL  Default catalog" in r.out, r.out
    assert "has no storage root" in r.out and "managed location" in r.out, r.out


def test_uc_round_trip_failure_blames_the_storage_credential(sandbox, heiiki):
    """F14: the Files API is served by the control plane writing to S3 with the Unity Catalog storage
    credential; a failure is not the S3 gateway endpoint's."""
    answers = example_answers(sandbox)
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.3, "dbx_cluster_start_s": 0.3})
    r = heiiki("apply", "--answers", answers, "--yes", "--no-post-checks", timeout=240)
    assert r.rc == 0, r
    # the seed's metastore loses its root's data-access credential
    st = sandbox.state()
    mid = list(st["dbx"]["metastores"])[0]
    body = {"metastore_info": {"storage_root_credential_id": ""}}
    r2 = heiiki("--ca-bundle", sandbox.env["HEIIKI_SANDBOX_CA"], "verify", "tokyo-closed",
                "--frontend-addr", sandbox.env["HEIIKI_SANDBOX_FRONTEND"], "--skip", "backend", timeout=180)
    assert r2.rc == 0, r2      # with the credential it passes
    _put_metastore(sandbox, mid, body)
    r3 = heiiki("--ca-bundle", sandbox.env["HEIIKI_SANDBOX_CA"], "verify", "tokyo-closed",
                "--frontend-addr", sandbox.env["HEIIKI_SANDBOX_FRONTEND"], "--skip", "backend", timeout=180)
    assert r3.rc == 1, r3
    assert "FAIL  Unity Catalog" in r3.out, r3.out
    assert "S3 gateway endpoint" not in r3.out
    assert "storage credential" in r3.out and "control plane" in r3.out, r3.out


def _put_metastore(sandbox, mid, body):
    """PUT /metastores/{id} on the account API with the sandbox's service principal."""
    import base64
    import urllib.request
    env = sandbox.env
    base = env["DATABRICKS_HOST"]
    acct = env["DATABRICKS_ACCOUNT_ID"]
    basic = base64.b64encode(("%s:%s" % (env["DATABRICKS_CLIENT_ID"], env["DATABRICKS_CLIENT_SECRET"])).encode())
    req = urllib.request.Request("%s/oidc/accounts/%s/v1/token" % (base, acct),
                                 data=b"grant_type=client_credentials&scope=all-apis", method="POST",
                                 headers={"Authorization": "Basic " + basic.decode(),
                                          "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=10) as r:
        token = json.loads(r.read())["access_token"]
    req = urllib.request.Request("%s/api/2.0/accounts/%s/metastores/%s" % (base, acct, mid),
                                 data=json.dumps(body).encode(), method="PUT",
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        r.read()
