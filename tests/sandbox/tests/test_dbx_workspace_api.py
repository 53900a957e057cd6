"""Workspace hosts in the sandbox: TLS listeners (front end / public ingress), private-link validation,
workspace OAuth, SCIM Me, clusters (incl. network faults), policies, instance profiles, settings,
Unity Catalog objects and the Files API."""
import json
import os
import ssl
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from sbx import dbx_testkit as kit  # noqa: E402
from sbx import identity  # noqa: E402


@pytest.fixture(scope="module")
def sb():
    s = kit.Sandbox()
    s.config(workspace_delay_s=0.05, dbx_cluster_start_s=0.2, dbx_cluster_stop_s=0.1, vpce_delay_s=0)
    yield s
    s.close()


def running_workspace(sb, tag, public_access=False, **world_kw):
    w = kit.build_world(sb, tag=tag, **world_kw)
    ids = kit.register_all(sb, w, public_access=public_access)
    s, ws = kit.create_workspace(sb, w, ids)
    assert s == 200, ws
    ws = sb.wait_workspace(ws["workspace_id"])
    assert ws["workspace_status"] == "RUNNING", ws
    ws["host"] = ws["deployment_name"] + ".cloud.databricks.com"
    ws["world"] = w
    return ws


@pytest.fixture(scope="module")
def ws(sb):
    return running_workspace(sb, "api")


def wait_cluster(sb, host, cid, want, limit=5.0):
    end = time.time() + limit
    while True:
        s, c = sb.ws(host, "GET", "/api/2.1/clusters/get?cluster_id=" + cid)
        assert s == 200, c
        if c["state"] in want or time.time() > end:
            return c
        time.sleep(0.05)


# --- listeners, TLS, private link ---------------------------------------------------------------
def test_tls_certificate_is_checked(sb, ws):
    s, me = sb.ws(ws["host"], "GET", "/api/2.0/preview/scim/v2/Me")
    assert s == 200 and me["userName"] == identity.DBX_CLIENT_ID
    strict = ssl.create_default_context()          # the system trust store does not know the test CA
    conn = kit._PinnedHTTPS(ws["host"], sb.frontend, strict)
    with pytest.raises(ssl.SSLError):
        conn.request("GET", "/api/2.0/preview/scim/v2/Me")
    conn.close()


def test_public_listener_private_link_validation_error(sb, ws):
    s, body, h = sb.https("public", ws["host"], "GET", "/api/2.0/preview/scim/v2/Me",
                          headers={"Authorization": "Bearer " + sb.token()})
    assert s == 302 and h["Location"] == "/login.html?error=private-link-validation-error"
    assert b"public internet" in body
    s, body, h = sb.https("public", ws["host"], "GET", "/login.html?error=private-link-validation-error")
    assert s == 200 and b"private-link-validation-error" in body and h["Content-Type"].startswith("text/html")


def test_frontend_refused_when_endpoint_not_allowed(sb, ws):
    pas_id = ws["private_access_settings_id"]
    pas = sb.ok("GET", "private-access-settings/" + pas_id)
    relay = sb.ok("GET", "networks/" + ws["network_id"])["vpc_endpoints"]["dataplane_relay"][0]
    body = dict(pas, allowed_vpc_endpoint_ids=[relay])
    assert sb.acct("PUT", "private-access-settings/" + pas_id, body)[0] == 200
    try:
        s, page = sb.ws(ws["host"], "GET", "/api/2.0/preview/scim/v2/Me")
        assert s == 302 and b"not among the allowed VPC endpoints" in page
    finally:
        assert sb.acct("PUT", "private-access-settings/" + pas_id, pas)[0] == 200
    assert sb.ws(ws["host"], "GET", "/api/2.0/preview/scim/v2/Me")[0] == 200


def test_public_listener_serves_when_public_access_on(sb):
    pub = running_workspace(sb, "pub", public_access=True)
    s, me = sb.ws(pub["host"], "GET", "/api/2.0/preview/scim/v2/Me", listener="public")
    assert s == 200 and me["active"] is True


def test_unknown_workspace_host(sb):
    s, b = sb.ws("dbc-00000000-0000.cloud.databricks.com", "GET", "/api/2.0/preview/scim/v2/Me")
    assert s == 404


def test_account_host_over_tls(sb):
    s, b, _ = sb.https("public", "accounts.cloud.databricks.com", "GET",
                       "/api/2.0/accounts/%s/workspaces" % kit.ACCOUNT,
                       headers={"Authorization": "Bearer " + sb.token()})
    assert s == 200 and isinstance(json.loads(b), list)


# --- workspace OAuth ------------------------------------------------------------------------------
def test_workspace_oauth_discovery_and_token(sb, ws):
    s, doc = sb.ws(ws["host"], "GET", "/oidc/.well-known/oauth-authorization-server")
    port = sb.frontend[1]
    assert s == 200 and doc["token_endpoint"] == "https://%s:%d/oidc/v1/token" % (ws["host"], port)
    s, b, _ = sb.token_request("/oidc/v1/token", via="frontend", host=ws["host"])
    assert s == 200
    wtok = json.loads(b)["access_token"]
    assert sb.ws(ws["host"], "GET", "/api/2.0/preview/scim/v2/Me", token=wtok)[0] == 200
    s, b = sb.acct("GET", "workspaces", token=wtok)          # a workspace token is not an account token
    assert s == 401
    s, b = sb.ws(ws["host"], "GET", "/api/2.0/preview/scim/v2/Me", token="bogus")
    assert s == 403 and b["message"] == "Invalid access token."
    s, b, _ = sb.https("frontend", ws["host"], "GET", "/api/2.0/preview/scim/v2/Me")
    assert s == 401


# --- clusters -------------------------------------------------------------------------------------
def test_runtime_versions_and_node_types(sb, ws):
    s, v = sb.ws(ws["host"], "GET", "/api/2.1/clusters/spark-versions")
    assert s == 200 and any(x["key"].startswith("15.4") for x in v["versions"])
    s, n = sb.ws(ws["host"], "GET", "/api/2.1/clusters/list-node-types")
    assert s == 200 and {"node_type_id", "memory_mb", "num_cores", "category"} <= set(n["node_types"][0])


def test_cluster_lifecycle(sb, ws):
    h = ws["host"]
    s, b = sb.ws(h, "POST", "/api/2.1/clusters/create", {"cluster_name": "c1", "spark_version": "15.4.x-scala2.12",
                                                         "node_type_id": "m5d.large", "num_workers": 1})
    assert s == 200
    cid = b["cluster_id"]
    assert sb.ws(h, "GET", "/api/2.1/clusters/get?cluster_id=" + cid)[1]["state"] == "PENDING"
    c = wait_cluster(sb, h, cid, ("RUNNING", "TERMINATED", "ERROR"))
    assert c["state"] == "RUNNING" and c["default_tags"]["Vendor"] == "Databricks"
    s, b = sb.ws(h, "POST", "/api/2.1/clusters/start", {"cluster_id": cid})
    assert s == 400 and b["error_code"] == "INVALID_STATE"
    assert sb.ws(h, "POST", "/api/2.1/clusters/delete", {"cluster_id": cid})[0] == 200
    assert sb.ws(h, "GET", "/api/2.1/clusters/get?cluster_id=" + cid)[1]["state"] == "TERMINATING"
    c = wait_cluster(sb, h, cid, ("TERMINATED",))
    assert c["termination_reason"]["code"] == "USER_REQUEST"
    assert sb.ws(h, "POST", "/api/2.1/clusters/start", {"cluster_id": cid})[0] == 200
    assert wait_cluster(sb, h, cid, ("RUNNING", "TERMINATED"))["state"] == "RUNNING"
    assert any(x["cluster_id"] == cid for x in sb.ws(h, "GET", "/api/2.1/clusters/list")[1]["clusters"])
    assert sb.ws(h, "POST", "/api/2.1/clusters/permanent-delete", {"cluster_id": cid})[0] == 200
    s, b = sb.ws(h, "GET", "/api/2.1/clusters/get?cluster_id=" + cid)
    assert s == 400 and "does not exist" in b["message"]


def test_cluster_create_validation(sb, ws):
    h = ws["host"]
    s, b = sb.ws(h, "POST", "/api/2.1/clusters/create", {"node_type_id": "m5d.large"})
    assert s == 400 and "spark_version" in b["message"]
    s, b = sb.ws(h, "POST", "/api/2.1/clusters/create", {"spark_version": "15.4.x-scala2.12", "node_type_id": "z9.huge"})
    assert s == 400 and "not supported" in b["message"]


@pytest.mark.parametrize("kw,needle", [({"relay_6666": False}, "port 6666"),
                                       ({"cluster_egress": False}, "does not allow egress"),
                                       ({"backend_private_dns": False}, "has private DNS disabled"),
                                       ({"s3_gateway": False}, "no route to S3"),
                                       ({"s3_egress": False}, "port 443 to S3 (prefix list pl-"),
                                       ({"sts": False}, "cannot reach STS"),
                                       ({"kinesis": False}, "cannot reach Kinesis"),
                                       ({"aws_endpoint_443": False}, "security group of the STS endpoint")],
                         ids=["relay-sg-without-6666", "cluster-sg-without-egress", "backend-private-dns-off",
                              "no-s3-gateway-route", "cluster-sg-without-s3-prefix-list", "no-sts-endpoint",
                              "no-kinesis-endpoint", "aws-endpoint-sg-without-443"])
def test_cluster_start_network_failure(sb, kw, needle):
    bad = running_workspace(sb, "net%d" % len(needle), **kw)
    s, b = sb.ws(bad["host"], "POST", "/api/2.1/clusters/create",
                 {"cluster_name": "c", "spark_version": "15.4.x-scala2.12", "node_type_id": "m5d.large",
                  "num_workers": 0})
    assert s == 200
    c = wait_cluster(sb, bad["host"], b["cluster_id"], ("RUNNING", "TERMINATED", "ERROR"))
    assert c["state"] == "TERMINATED"
    assert c["termination_reason"]["code"] == "NETWORK_CONFIGURATION_FAILURE"
    assert c["termination_reason"]["type"] == "CLIENT_ERROR"
    assert "Connection timeout" in c["state_message"] and needle in c["state_message"]


# --- policies and instance profiles ----------------------------------------------------------------
def test_cluster_policy_pins_glue_conf(sb, ws):
    h = ws["host"]
    iam = sb.client("iam", "us-east-1")
    iam.create_role(RoleName="glue-role", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                "Principal": {"Service": "ec2.amazonaws.com"}}]}))
    ip = iam.create_instance_profile(InstanceProfileName="glue-profile")["InstanceProfile"]["Arn"]
    s, b = sb.ws(h, "POST", "/api/2.0/instance-profiles/add", {"instance_profile_arn": ip})
    assert s == 400 and "no IAM role" in b["message"]
    iam.add_role_to_instance_profile(InstanceProfileName="glue-profile", RoleName="glue-role")
    assert sb.ws(h, "POST", "/api/2.0/instance-profiles/add", {"instance_profile_arn": ip})[0] == 200
    s, b = sb.ws(h, "POST", "/api/2.0/instance-profiles/add",
                 {"instance_profile_arn": "arn:aws:iam::123456789012:instance-profile/missing"})
    assert s == 400 and "does not exist" in b["message"]
    assert [p["instance_profile_arn"] for p in sb.ws(h, "GET", "/api/2.0/instance-profiles/list")[1]
            ["instance_profiles"]] == [ip]
    definition = {"spark_conf.spark.databricks.hive.metastore.glueCatalog.enabled": {"type": "fixed", "value": "true"},
                  "aws_attributes.instance_profile_arn": {"type": "fixed", "value": ip}}
    s, b = sb.ws(h, "POST", "/api/2.0/policies/clusters/create", {"name": "glue", "definition": json.dumps(definition)})
    assert s == 200
    pid = b["policy_id"]
    s, b = sb.ws(h, "POST", "/api/2.0/policies/clusters/create", {"name": "glue", "definition": "{}"})
    assert s == 400
    s, b = sb.ws(h, "POST", "/api/2.0/policies/clusters/create", {"name": "broken", "definition": "{nope"})
    assert s == 400 and "not valid JSON" in b["message"]
    assert json.loads(sb.ws(h, "GET", "/api/2.0/policies/clusters/get?policy_id=" + pid)[1]["definition"]) == definition
    s, b = sb.ws(h, "POST", "/api/2.1/clusters/create", {
        "spark_version": "15.4.x-scala2.12", "node_type_id": "m5d.large", "policy_id": pid,
        "spark_conf": {"spark.databricks.hive.metastore.glueCatalog.enabled": "false"}})
    assert s == 400 and "Validation failed for spark_conf.spark.databricks.hive.metastore.glueCatalog.enabled" \
        in b["message"]
    s, b = sb.ws(h, "POST", "/api/2.1/clusters/create", {
        "spark_version": "15.4.x-scala2.12", "node_type_id": "m5d.large", "policy_id": pid, "num_workers": 0})
    assert s == 200
    c = sb.ws(h, "GET", "/api/2.1/clusters/get?cluster_id=" + b["cluster_id"])[1]
    assert c["spark_conf"]["spark.databricks.hive.metastore.glueCatalog.enabled"] == "true"
    assert c["aws_attributes"]["instance_profile_arn"] == ip
    assert sb.ws(h, "POST", "/api/2.0/policies/clusters/edit",
                 {"policy_id": pid, "name": "glue-closed", "definition": json.dumps(definition)})[0] == 200
    assert sb.ws(h, "GET", "/api/2.0/policies/clusters/list")[1]["policies"][0]["name"] == "glue-closed"
    assert sb.ws(h, "POST", "/api/2.0/policies/clusters/delete", {"policy_id": pid})[0] == 200
    assert sb.ws(h, "GET", "/api/2.0/policies/clusters/get?policy_id=" + pid)[0] == 400
    assert sb.ws(h, "POST", "/api/2.0/instance-profiles/remove", {"instance_profile_arn": ip})[0] == 200
    assert sb.ws(h, "GET", "/api/2.0/instance-profiles/list")[1]["instance_profiles"] == []


# --- settings, Unity Catalog, Files ----------------------------------------------------------------
SETTING = "/api/2.0/settings/types/default_namespace_ws/names/default"


def test_default_catalog_setting(sb, ws):
    h = ws["host"]
    s, cur = sb.ws(h, "GET", SETTING)
    assert s == 200 and cur["namespace"]["value"] == "hive_metastore" and cur["etag"]
    s, new = sb.ws(h, "PATCH", SETTING, {"allow_missing": True, "field_mask": "namespace.value",
                                         "setting": {"etag": cur["etag"], "namespace": {"value": "main"}}})
    assert s == 200 and new["namespace"]["value"] == "main" and new["etag"] != cur["etag"]
    s, b = sb.ws(h, "PATCH", SETTING, {"allow_missing": True, "field_mask": "namespace.value",
                                       "setting": {"etag": cur["etag"], "namespace": {"value": "other"}}})
    assert s == 409
    assert sb.ws(h, "GET", SETTING)[1]["namespace"]["value"] == "main"


def test_unity_catalog_and_files(sb, ws):
    h, wid = ws["host"], ws["workspace_id"]
    s, b = sb.ws(h, "GET", "/api/2.1/unity-catalog/current-metastore-assignment")
    assert s == 404 and b["error_code"] == "METASTORE_DOES_NOT_EXIST"
    s, m = sb.acct("POST", "metastores", {"metastore_info": {"name": "files", "region": "ap-northeast-1",
                                                            "storage_root": "s3://files-metastore/root"}})
    mid = m["metastore_info"]["metastore_id"]
    # a root with its default data-access credential ([TFP] docs/resources/metastore_data_access.md)
    assert sb.acct("PUT", "metastores/" + mid, {"metastore_info": {
        "storage_root_credential_id": "0e6c1b0a-1111-4222-8333-944455556666"}})[0] == 200
    assert sb.acct("POST", "workspaces/%d/metastores/%s" % (wid, mid), {"metastore_assignment": {}})[0] == 200
    s, a = sb.ws(h, "GET", "/api/2.1/unity-catalog/current-metastore-assignment")
    assert s == 200 and a["metastore_id"] == mid and a["workspace_id"] == wid
    assert sb.ws(h, "POST", "/api/2.1/unity-catalog/catalogs", {"name": "main"})[0] == 200
    assert sb.ws(h, "POST", "/api/2.1/unity-catalog/catalogs", {"name": "main"})[0] == 409
    assert sb.ws(h, "POST", "/api/2.1/unity-catalog/schemas", {"catalog_name": "main", "name": "raw"})[0] == 200
    s, v = sb.ws(h, "POST", "/api/2.1/unity-catalog/volumes", {"catalog_name": "main", "schema_name": "raw",
                                                               "name": "landing", "volume_type": "MANAGED"})
    assert s == 200 and v["full_name"] == "main.raw.landing" and v["storage_location"].startswith("s3://")
    base = "/api/2.0/fs/files/Volumes/main/raw/landing"
    data = b"hello closed network\n" * 10
    s, b = sb.ws(h, "PUT", base + "/in/hello%20world.txt?overwrite=false", raw=data,
                 headers={"Content-Type": "application/octet-stream"})
    assert s == 204
    s, b = sb.ws(h, "PUT", base + "/in/hello%20world.txt?overwrite=false", raw=b"again",
                 headers={"Content-Type": "application/octet-stream"})
    assert s == 409
    s, b = sb.ws(h, "GET", base + "/in/hello%20world.txt")
    assert s == 200 and b == data
    st, body, hd = sb.https("frontend", h, "HEAD", base + "/in/hello%20world.txt",
                            headers={"Authorization": "Bearer " + sb.token()})
    assert st == 200 and int(hd["Content-Length"]) == len(data) and hd["Last-Modified"] and body == b""
    s, lst = sb.ws(h, "GET", "/api/2.0/fs/directories/Volumes/main/raw/landing/in")
    assert s == 200 and lst["contents"] == [{"path": "/Volumes/main/raw/landing/in/hello world.txt",
                                             "name": "hello world.txt", "is_directory": False,
                                             "file_size": len(data),
                                             "last_modified": lst["contents"][0]["last_modified"]}]
    assert sb.ws(h, "PUT", "/api/2.0/fs/directories/Volumes/main/raw/landing/out/a/b")[0] == 204
    assert sb.ws(h, "GET", "/api/2.0/fs/directories/Volumes/main/raw/landing")[1]["contents"][1]["name"] == "out"
    assert sb.ws(h, "DELETE", "/api/2.0/fs/directories/Volumes/main/raw/landing/in")[0] == 409
    assert sb.ws(h, "DELETE", base + "/in/hello%20world.txt")[0] == 204
    s, b = sb.ws(h, "GET", base + "/in/hello%20world.txt")
    assert s == 404 and b["error_code"] == "NOT_FOUND"
    s, b = sb.ws(h, "PUT", "/api/2.0/fs/files/Volumes/main/raw/nope/x.txt", raw=b"x")
    assert s == 404
