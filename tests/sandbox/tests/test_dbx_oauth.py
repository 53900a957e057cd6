"""Databricks OAuth M2M in the sandbox: account and workspace token endpoints, discovery, expiry."""
import json
import os
import sys
import time

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from sbx import dbx_testkit as kit  # noqa: E402
from sbx import identity  # noqa: E402

TOKEN_PATH = "/oidc/accounts/%s/v1/token" % kit.ACCOUNT


@pytest.fixture(scope="module")
def sb():
    s = kit.Sandbox(persist=True)
    yield s
    s.close()


def test_token_with_basic_auth(sb):
    s, b, h = sb.token_request(TOKEN_PATH)
    assert s == 200
    tok = json.loads(b)
    assert tok["token_type"] == "Bearer" and tok["expires_in"] == 3600 and len(tok["access_token"]) > 40
    assert h["Content-Type"].startswith("application/json")


def test_token_with_form_credentials(sb):
    s, b, _ = sb.token_request(TOKEN_PATH, basic=False)
    assert s == 200 and json.loads(b)["access_token"]


def test_wrong_secret_is_invalid_client(sb):
    s, b, _ = sb.token_request(TOKEN_PATH, secret="dose-wrong")
    assert s == 401
    assert json.loads(b)["error"] == "invalid_client"
    s, b, _ = sb.token_request(TOKEN_PATH, client_id="someone-else")
    assert s == 401 and json.loads(b)["error"] == "invalid_client"


def test_wrong_grant_and_scope(sb):
    s, b, _ = sb.token_request(TOKEN_PATH, form="grant_type=password&scope=all-apis")
    assert s == 400 and json.loads(b)["error"] == "unsupported_grant_type"
    s, b, _ = sb.token_request(TOKEN_PATH, form="grant_type=client_credentials&scope=sql")
    assert s == 400 and json.loads(b)["error"] == "invalid_scope"


def test_unknown_account_in_token_path(sb):
    s, b, _ = sb.token_request("/oidc/accounts/00000000-0000-4000-8000-000000000000/v1/token")
    assert s == 400 and json.loads(b)["error"] == "invalid_request"


def test_account_discovery_document(sb):
    s, b, _ = sb.http("GET", "/oidc/accounts/%s/.well-known/oauth-authorization-server" % kit.ACCOUNT)
    doc = json.loads(b)
    assert s == 200 and doc["token_endpoint"] == sb.base + TOKEN_PATH
    assert "client_credentials" in doc["grant_types_supported"]


def test_api_needs_a_valid_token(sb):
    s, b = sb.acct("GET", "workspaces", token="not-a-token")
    assert s == 401 and b["error_code"] == "UNAUTHENTICATED"
    s, b, _ = sb.http("GET", "/api/2.0/accounts/%s/workspaces" % kit.ACCOUNT)
    assert s == 401 and "Credential was not sent" in json.loads(b)["message"]
    s, b, _ = sb.http("GET", "/api/2.0/accounts/11111111-2222-4333-8444-555555555555/workspaces",
                      headers={"Authorization": "Bearer " + sb.token()})
    assert s == 403 and json.loads(b)["error_code"] == "PERMISSION_DENIED"


def test_tokens_expire(sb):
    sb.config(dbx_token_ttl_s=1)
    try:
        s, b, _ = sb.token_request(TOKEN_PATH)
        tok = json.loads(b)
        assert tok["expires_in"] == 1
        assert sb.acct("GET", "workspaces", token=tok["access_token"])[0] == 200
        time.sleep(1.1)
        s, b = sb.acct("GET", "workspaces", token=tok["access_token"])
        assert s == 401 and "expired" in b["message"]
    finally:
        sb.config(dbx_token_ttl_s=3600)


def test_state_file_holds_no_token(sb):
    tok = sb.token(fresh=True)
    sb.app.state.save(force=True)
    with open(sb.app.state.path, encoding="utf-8") as f:
        text = f.read()
    assert tok not in text and identity.DBX_CLIENT_SECRET not in text
