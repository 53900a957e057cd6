"""Workspace lifecycle in the sandbox: asynchronous create, FAILED on a broken network, update_mask,
deletes refused while attached, deployment names, metastores and assignments."""
import os
import re
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from sbx import dbx_testkit as kit  # noqa: E402

DELAY = 0.3


@pytest.fixture(scope="module")
def sb():
    s = kit.Sandbox()
    s.config(workspace_delay_s=DELAY)
    yield s
    s.close()


_n = [0]


def setup_ws(sb, **world_kw):
    _n[0] += 1
    w = kit.build_world(sb, tag="ws%d" % _n[0], **world_kw)
    return w, kit.register_all(sb, w)


def test_create_is_asynchronous_then_running(sb):
    w, ids = setup_ws(sb)
    t0 = time.time()
    s, ws = kit.create_workspace(sb, w, ids)
    assert s == 200, ws
    assert ws["workspace_status"] == "PROVISIONING"
    assert re.fullmatch(r"dbc-[0-9a-f]{8}-[0-9a-f]{4}", ws["deployment_name"])
    assert isinstance(ws["workspace_id"], int) and ws["pricing_tier"] == "ENTERPRISE"
    net = sb.ok("GET", "networks/" + ids["network_id"])
    assert net["workspace_id"] == ws["workspace_id"]
    assert sb.ok("GET", "workspaces/%d" % ws["workspace_id"])["workspace_status"] == "PROVISIONING"
    done = sb.wait_workspace(ws["workspace_id"])
    assert done["workspace_status"] == "RUNNING" and time.time() - t0 >= DELAY
    lst = sb.ok("GET", "workspaces")
    assert isinstance(lst, list) and any(x["workspace_id"] == ws["workspace_id"] for x in lst)


def test_broken_network_fails_workspace_with_message(sb):
    w, ids = setup_ws(sb, same_az=True)
    s, ws = kit.create_workspace(sb, w, ids)
    assert s == 200 and ws["workspace_status"] == "PROVISIONING"
    done = sb.wait_workspace(ws["workspace_id"])
    assert done["workspace_status"] == "FAILED"
    assert "BROKEN" in done["workspace_status_message"]
    assert "availability zones" in done["workspace_status_message"]
    net = sb.ok("GET", "networks/" + ids["network_id"])
    assert net["vpc_status"] == "BROKEN" and net["workspace_id"] == ws["workspace_id"]
    assert net["error_messages"][0]["error_type"] == "subnet"


def test_failed_workspace_fixed_by_update(sb):
    w, ids = setup_ws(sb, same_az=True)
    s, ws = kit.create_workspace(sb, w, ids)
    wid = ws["workspace_id"]
    assert sb.wait_workspace(wid)["workspace_status"] == "FAILED"
    ec2 = sb.client("ec2")
    azs = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]]
    s3 = ec2.create_subnet(VpcId=w["vpc_id"], CidrBlock="10.20.8.0/24", AvailabilityZone=azs[1])["Subnet"]["SubnetId"]
    sg2 = ec2.create_security_group(VpcId=w["vpc_id"], GroupName="fix", Description="fix")["GroupId"]
    net2 = sb.ok("POST", "networks", {"network_name": w["tag"] + "-fixed", "vpc_id": w["vpc_id"],
                                      "subnet_ids": [s3, w["endpoint_subnet"]],
                                      "security_group_ids": [sg2],
                                      "vpc_endpoints": {"rest_api": [ids["rest"]], "dataplane_relay": [ids["relay"]]}})
    s, up = sb.acct("PATCH", "workspaces/%d" % wid, {"network_id": net2["network_id"]}, query="?update_mask=network_id")
    assert s == 200 and up["workspace_status"] == "PROVISIONING" and up["network_id"] == net2["network_id"]
    assert "workspace_id" not in sb.ok("GET", "networks/" + ids["network_id"])
    assert sb.wait_workspace(wid)["workspace_status"] == "RUNNING"


def test_update_mask_rules(sb):
    w, ids = setup_ws(sb)
    s, ws = kit.create_workspace(sb, w, ids)
    wid = ws["workspace_id"]
    s, b = sb.acct("PATCH", "workspaces/%d" % wid, {"custom_tags": {"a": "b"}}, query="?update_mask=custom_tags")
    assert s == 400 and "PROVISIONING" in b["message"]
    sb.wait_workspace(wid)
    s, b = sb.acct("PATCH", "workspaces/%d" % wid, {"custom_tags": {"team": "data"}},
                   query="?update_mask=custom_tags")
    assert s == 200 and b["custom_tags"] == {"team": "data"} and b["workspace_status"] == "RUNNING"
    s, b = sb.acct("PATCH", "workspaces/%d" % wid, {"workspace_name": "renamed"}, query="?update_mask=workspace_name")
    assert s == 400 and "cannot be updated" in b["message"]
    s, b = sb.acct("PATCH", "workspaces/%d" % wid, {"private_access_settings_id": ""},
                   query="?update_mask=private_access_settings_id")
    assert s == 400 and "cannot be removed" in b["message"]


def test_deletes_refused_while_attached(sb):
    w, ids = setup_ws(sb)
    s, ws = kit.create_workspace(sb, w, ids)
    wid = ws["workspace_id"]
    for coll, oid in (("credentials", ids["credentials_id"]), ("storage-configurations", ids["storage_configuration_id"]),
                      ("private-access-settings", ids["private_access_settings_id"]), ("vpc-endpoints", ids["rest"]),
                      ("vpc-endpoints", ids["relay"])):
        s, b = sb.acct("DELETE", "%s/%s" % (coll, oid))
        assert s == 400 and "used by workspace %d" % wid in b["message"], (coll, s, b)
    s, b, _ = sb.http("DELETE", "/api/2.0/accounts/%s/networks/%s" % (kit.ACCOUNT, ids["network_id"]),
                      headers={"Authorization": "Bearer " + sb.token()})
    assert s == 409 and b == b""             # the real service's quirk: 409 Conflict, empty body
    assert sb.acct("DELETE", "workspaces/%d" % wid)[0] == 200
    assert sb.acct("GET", "workspaces/%d" % wid)[0] == 404
    for coll, oid in (("networks", ids["network_id"]), ("private-access-settings", ids["private_access_settings_id"]),
                      ("vpc-endpoints", ids["rest"]), ("credentials", ids["credentials_id"]),
                      ("storage-configurations", ids["storage_configuration_id"])):
        assert sb.acct("DELETE", "%s/%s" % (coll, oid))[0] == 200, coll
        assert sb.acct("GET", "%s/%s" % (coll, oid))[0] == 404


def test_create_refusals(sb):
    w, ids = setup_ws(sb)
    s, b = sb.acct("POST", "workspaces", {"workspace_name": "x", "aws_region": "mars-1",
                                          "credentials_id": ids["credentials_id"],
                                          "storage_configuration_id": ids["storage_configuration_id"]})
    assert s == 400 and "not a supported Databricks region" in b["message"]
    body = {"workspace_name": "dep", "aws_region": w["region"], "credentials_id": ids["credentials_id"],
            "storage_configuration_id": ids["storage_configuration_id"], "deployment_name": "mycorp"}
    s, b = sb.acct("POST", "workspaces", body)
    assert s == 400 and "deployment name prefix" in b["message"]
    sb.config(dbx_deployment_prefix="acme")
    try:
        s, b = sb.acct("POST", "workspaces", body)
        assert s == 200 and b["deployment_name"] == "acme-mycorp"
    finally:
        sb.config(dbx_deployment_prefix="")
    other = kit.build_world(sb, tag="wsbucket", bucket_region="us-west-2")
    st = sb.ok("POST", "storage-configurations", {"storage_configuration_name": "wrong-region-root",
                                                  "root_bucket_info": {"bucket_name": other["bucket"]}})
    s, b = sb.acct("POST", "workspaces", dict(body, deployment_name=None,
                                              storage_configuration_id=st["storage_configuration_id"]))
    assert s == 400 and "us-west-2" in b["message"]
    s, b = kit.create_workspace(sb, w, ids)
    assert s == 200
    s, b = kit.create_workspace(sb, w, ids, name="second")
    assert s == 400 and "already used by workspace" in b["message"]


def test_public_access_off_needs_back_end_private_link(sb):
    w, ids = setup_ws(sb)
    net = sb.ok("POST", "networks", {"network_name": w["tag"] + "-nopl", "vpc_id": w["vpc_id"],
                                     "subnet_ids": [w["endpoint_subnet"], "subnet-0bbbbbbbbbbbbbbbb"],
                                     "security_group_ids": [w["endpoint_sg"]]})
    s, b = kit.create_workspace(sb, w, dict(ids, network_id=net["network_id"]))
    assert s == 400 and "back-end PrivateLink" in b["message"]


# --- metastores ----------------------------------------------------------------------------------
def test_metastores_one_per_region_and_assignment(sb):
    w, ids = setup_ws(sb)
    s, ws = kit.create_workspace(sb, w, ids)
    wid = ws["workspace_id"]
    sb.wait_workspace(wid)
    s, m = sb.acct("POST", "metastores", {"metastore_info": {"name": "tokyo", "region": "ap-northeast-1",
                                                             "storage_root": "s3://meta-bucket/root"}})
    assert s == 200, m
    mid = m["metastore_info"]["metastore_id"]
    s, b = sb.acct("POST", "metastores", {"metastore_info": {"name": "tokyo2", "region": "ap-northeast-1"}})
    assert s == 400 and "reached the limit for metastores in region ap-northeast-1" in b["message"]
    s, other = sb.acct("POST", "metastores", {"metastore_info": {"name": "oregon", "region": "us-west-2"}})
    assert s == 200
    assert len(sb.ok("GET", "metastores")["metastores"]) == 2
    s, b = sb.acct("POST", "workspaces/%d/metastores/%s" % (wid, other["metastore_info"]["metastore_id"]),
                   {"metastore_assignment": {}})
    assert s == 400 and "its own region" in b["message"]
    assert sb.acct("GET", "workspaces/%d/metastore" % wid)[0] == 404
    s, b = sb.acct("POST", "workspaces/%d/metastores/%s" % (wid, mid), {"metastore_assignment": {}})
    assert s == 200
    a = sb.ok("GET", "workspaces/%d/metastore" % wid)["metastore_assignment"]
    assert a["metastore_id"] == mid and a["workspace_id"] == wid
    assert sb.ok("GET", "metastores/%s/workspaces" % mid) == {"workspace_ids": [wid]}
    s, b = sb.acct("DELETE", "metastores/" + mid)
    assert s == 400
    assert sb.acct("DELETE", "workspaces/%d/metastores/%s" % (wid, mid))[0] == 200
    assert sb.ok("GET", "metastores/%s/workspaces" % mid) == {"workspace_ids": []}
    assert sb.acct("DELETE", "metastores/" + mid)[0] == 200
    assert sb.acct("GET", "metastores/" + mid)[0] == 404


def test_role_broken_after_credential_creation(sb):
    w, ids = setup_ws(sb)
    iam = sb.client("iam", "us-east-1")
    iam.delete_role_policy(RoleName=w["tag"] + "-crossaccount", PolicyName="databricks")
    s, ws = kit.create_workspace(sb, w, ids)
    assert s == 200
    done = sb.wait_workspace(ws["workspace_id"])
    assert done["workspace_status"] == "FAILED"
    assert "Failed credentials validation checks: Assign Private Ip Addresses" in done["workspace_status_message"]
    net = sb.ok("GET", "networks/" + ids["network_id"])
    assert net["vpc_status"] == "BROKEN" and net["error_messages"][0]["error_type"] == "credentials"


def test_workspace_ids_are_16_digits_and_safe_for_json_doubles():
    """Every client can hold the id: 16 digits, below 2**53 (JavaScript's safe integers)."""
    from sbx.dbx_common import new_int_id
    seen = {}
    for _ in range(5000):
        n = new_int_id(seen)
        assert 10 ** 15 <= n < 2 ** 53
        seen[str(n)] = True
