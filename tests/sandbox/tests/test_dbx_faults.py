"""The admin API's faults and latency apply to Databricks operations by name, in Databricks' format."""
import json
import os
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from sbx import dbx_testkit as kit  # noqa: E402


@pytest.fixture(scope="module")
def sb():
    s = kit.Sandbox()
    yield s
    s.close()


def test_throttle_nth_call_of_an_operation(sb):
    sb.admin("faults", {"kind": "throttle", "service": "dbx", "operation": "ListWorkspaces", "nth": 2,
                        "retry_after": 3})
    try:
        assert sb.acct("GET", "workspaces")[0] == 200
        s, b, h = sb.http("GET", "/api/2.0/accounts/%s/workspaces" % kit.ACCOUNT,
                          headers={"Authorization": "Bearer " + sb.token()})
        assert s == 429 and h["Retry-After"] == "3"
        assert json.loads(b)["error_code"] == "REQUEST_LIMIT_EXCEEDED"
        assert sb.acct("GET", "workspaces")[0] == 200
    finally:
        sb.admin("faults", method="DELETE")


def test_http503_on_token_endpoint_and_log(sb):
    sb.admin("log", method="DELETE")
    sb.admin("faults", {"kind": "http503", "service": "dbx", "operation": "OAuthToken", "nth": 1})
    try:
        s, b, _ = sb.token_request("/oidc/accounts/%s/v1/token" % kit.ACCOUNT)
        assert s == 503 and json.loads(b)["error_code"] == "TEMPORARILY_UNAVAILABLE"
        s, b, _ = sb.token_request("/oidc/accounts/%s/v1/token" % kit.ACCOUNT)
        assert s == 200
    finally:
        sb.admin("faults", method="DELETE")
    log = sb.admin("log", method="GET")["requests"]
    assert [(e["operation"], e["status"], e["fault"]) for e in log] == [
        ("OAuthToken", 503, "http503"), ("OAuthToken", 200, None)]


def test_latency_per_operation(sb):
    sb.admin("latency", {"fixed_ms": 300, "service": "dbx", "operation": "ListNetworks"})
    try:
        t0 = time.time()
        assert sb.acct("GET", "networks")[0] == 200
        slow = time.time() - t0
        t0 = time.time()
        assert sb.acct("GET", "credentials")[0] == 200
        fast = time.time() - t0
        assert slow >= 0.3 and fast < 0.2
    finally:
        sb.admin("latency", method="DELETE")
