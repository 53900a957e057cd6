"""The official Databricks SDK for JavaScript (@databricks/sdk-experimental, pinned in js/package.json)
runs the account flow against the sandbox with OAuth M2M over verified TLS and succeeds."""
import json
import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HERE)
from sbx import dbx_testkit as kit  # noqa: E402

JS = os.path.join(HERE, "js")
SDK = os.path.join(JS, "node_modules", "@databricks", "sdk-experimental")


@pytest.fixture(scope="module")
def sb():
    if not shutil.which("node"):
        pytest.fail("node is missing: run scripts/bootstrap-deps (installs nodejs, npm and the SDK)")
    if not os.path.isdir(SDK):
        pytest.fail("the Databricks JS SDK is missing: run scripts/bootstrap-deps (npm install in %s)" % JS)
    s = kit.Sandbox()
    s.config(workspace_delay_s=0.2)
    yield s
    s.close()


def run_flow(sb, flow):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABRICKS_")}
    env.update(sb.env)
    env.pop("DATABRICKS_HOST", None)            # the script names the TLS account host itself
    env.update(NODE_EXTRA_CA_CERTS=sb.env["HEIIKI_SANDBOX_CA"], HEIIKI_FLOW=json.dumps(flow),
               NODE_NO_WARNINGS="1", HOME=sb.dir)
    p = subprocess.run(["node", "account_flow.mjs"], cwd=JS, env=env, capture_output=True, text=True, timeout=60)
    lines = [x for x in p.stdout.splitlines() if x.startswith("{")]
    assert lines, "no result from node: rc=%s stdout=%r stderr=%r" % (p.returncode, p.stdout, p.stderr[-2000:])
    return p.returncode, json.loads(lines[-1])


def test_js_sdk_account_flow(sb):
    flow = kit.build_world(sb, tag="sdkjs")
    sb.admin("faults", {"kind": "throttle", "service": "dbx", "operation": "CreateNetwork", "nth": 1})
    rc, out = run_flow(sb, flow)
    assert rc == 0 and out["ok"], out
    assert out["first_status"] == "PROVISIONING" and out["status"] == "RUNNING"
    assert out["rest_use_case"] == "WORKSPACE_ACCESS" and out["relay_use_case"] == "DATAPLANE_RELAY_ACCESS"
    assert out["network_status"] == "VALID" and out["me"] == kit.identity.DBX_CLIENT_ID
    ws = sb.ok("GET", "workspaces/" + out["workspace_id"])
    assert ws["deployment_name"] == out["deployment_name"] and ws["network_id"] == out["network_id"]
    ops = [(e["service"], e["operation"], e["status"]) for e in sb.admin("log", method="GET")["requests"]]
    for op in ("OAuthToken", "CreateCredential", "CreateStorageConfiguration", "CreateVpcEndpoint",
               "CreatePrivateAccessSettings", "CreateNetwork", "CreateWorkspace", "GetWorkspace", "CurrentUserMe"):
        assert ("dbx", op, 200) in ops, op
    assert ("dbx", "CreateNetwork", 429) in ops          # the SDK retried the throttled call

def test_js_sdk_sees_failed_workspace(sb):
    flow = kit.build_world(sb, tag="sdkbad", same_az=True)
    rc, out = run_flow(sb, flow)
    assert rc == 1 and not out["ok"]
    assert "failed to reach RUNNING state, got FAILED" in out["error"] and "availability zones" in out["error"]
