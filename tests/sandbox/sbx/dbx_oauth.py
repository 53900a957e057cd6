"""OAuth M2M (client credentials) for the account and for workspaces, and Bearer token checks.

Tokens are random; only their SHA-256 is kept in the state (the state file never holds a usable token).
"""
import base64
import hashlib
import secrets
from urllib.parse import parse_qs

from sbx import identity
from sbx.dbx_common import DbxError, knob, dbx_root


def _oauth_error(status, error, description):
    err = DbxError(status, error, description)
    err.oauth = True
    return err


def _digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def _client_from(ctx, form):
    auth = ctx.headers.get("Authorization", "") or ""
    cid = secret = None
    if auth.startswith("Basic "):
        try:
            raw = base64.b64decode(auth[6:].strip()).decode()
            cid, _, secret = raw.partition(":")
        except (ValueError, UnicodeDecodeError):
            raise _oauth_error(400, "invalid_request", "Malformed Basic authorization header.")
    if cid is None:
        cid = (form.get("client_id") or [None])[0]
        secret = (form.get("client_secret") or [None])[0]
    return cid, secret


def issue(ctx, audience):
    """Handle a token request; audience = "account" or a workspace id (str)."""
    ctype = (ctx.headers.get("Content-Type", "") or "").split(";")[0].strip().lower()
    if ctype != "application/x-www-form-urlencoded":
        raise _oauth_error(400, "invalid_request",
                           "Token requests must be application/x-www-form-urlencoded.")
    form = parse_qs(ctx.body.decode("utf-8", "replace"), keep_blank_values=True)
    grant = (form.get("grant_type") or [""])[0]
    if grant != "client_credentials":
        raise _oauth_error(400, "unsupported_grant_type",
                           "grant_type must be client_credentials (got %r)." % grant)
    cid, secret = _client_from(ctx, form)
    if not cid or cid != identity.DBX_CLIENT_ID or secret != identity.DBX_CLIENT_SECRET:
        raise _oauth_error(401, "invalid_client", "Client authentication failed.")
    scope = (form.get("scope") or ["all-apis"])[0] or "all-apis"
    if "all-apis" not in scope.split():
        raise _oauth_error(400, "invalid_scope", "The only supported scope is all-apis.")
    ttl = int(knob(ctx.state, "dbx_token_ttl_s"))
    token = secrets.token_urlsafe(48)
    toks = dbx_root(ctx.state)["tokens"]
    now = ctx.state.now()
    for k in [k for k, v in toks.items() if v["exp"] < now]:
        del toks[k]
    toks[_digest(token)] = {"exp": now + ttl, "aud": audience, "client_id": cid, "scope": scope}
    ctx.state.dirty()
    return {"access_token": token, "token_type": "Bearer", "expires_in": ttl, "scope": scope}


def check_bearer(ctx, audience):
    """Return the token record or raise the API's auth error.

    audience "account": only account tokens; a workspace id: that workspace's tokens or account tokens.
    """
    auth = ctx.headers.get("Authorization", "") or ""
    if not auth.startswith("Bearer "):
        if audience == "account":
            raise DbxError(401, "UNAUTHENTICATED",
                           "Credential was not sent or was of an unsupported type for this API.")
        raise DbxError(401, "401", "Credential was not sent or was of an unsupported type for this API.")
    rec = dbx_root(ctx.state)["tokens"].get(_digest(auth[7:].strip()))
    if rec is None or rec["exp"] <= ctx.state.now():
        if audience == "account":
            raise DbxError(401, "UNAUTHENTICATED", "Invalid or expired access token.")
        raise DbxError(403, "403", "Invalid access token.")
    if audience == "account" and rec["aud"] != "account":
        raise DbxError(401, "UNAUTHENTICATED",
                       "This token was issued for a workspace and is not valid for the Account API.")
    if audience != "account" and rec["aud"] not in ("account", str(audience)):
        raise DbxError(403, "403", "Invalid access token.")
    return rec


def discovery(base, account=None):
    prefix = "%s/oidc/accounts/%s" % (base, account) if account else "%s/oidc" % base
    return {
        "issuer": prefix,
        "authorization_endpoint": prefix + "/v1/authorize",
        "token_endpoint": prefix + "/v1/token",
        "jwks_uri": prefix + "/jwks.json",
        "grant_types_supported": ["client_credentials", "authorization_code", "refresh_token"],
        "response_types_supported": ["code"],
        "scopes_supported": ["all-apis", "offline_access"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
    }
