"""Shared pieces of the Databricks side: errors, knobs, ids, time, small validators."""
import secrets
import time

from sbx import identity

# Admin knobs (POST /_sandbox/config {key: value}); defaults when unset.
KNOBS = {
    "workspace_delay_s": 2.0,         # PROVISIONING -> RUNNING/FAILED
    "dbx_token_ttl_s": 3600,          # OAuth access token lifetime
    "dbx_iam_propagation_s": 0.0,     # role/policy younger than this fails credential validation
    "dbx_ws_iam_propagation_s": 0.0,  # ... and workspace create (POST /workspaces); the larger one applies
    "dbx_disable_legacy_features": False,  # account setting on: workspaces refuse No-isolation clusters
    "dbx_cluster_start_s": 1.0,       # PENDING -> RUNNING (or TERMINATED on a network fault)
    "dbx_cluster_stop_s": 0.5,        # TERMINATING -> TERMINATED
    "dbx_unattached_status": False,   # True: networks without a workspace report UNATTACHED
    "dbx_deployment_prefix": "",      # account deployment-name prefix ("" = none, custom names refused)
}

DATABRICKS_AWS_ACCOUNT = "414351767826"
DATABRICKS_PRINCIPAL = "arn:aws:iam::%s:root" % DATABRICKS_AWS_ACCOUNT
WORKSPACE_DOMAIN = ".cloud.databricks.com"
ACCOUNT_HOST = "accounts.cloud.databricks.com"


class DbxError(Exception):
    """An API error answered as {"error_code", "message"} (or an empty body when empty=True, or the
    text/plain body "<code>: <message>" when plain=True: databricks-sdk-go #975 and
    terraform-provider-databricks #1424 show POST /credentials answering 400 with Content-Type
    text/plain and a body starting with "M", i.e. "invalid character 'M' looking for beginning of value")."""

    def __init__(self, status, code, message, empty=False, headers=None, plain=False):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.empty = empty
        self.headers = headers or []
        self.plain = plain


def bad(message, code="INVALID_PARAMETER_VALUE"):
    return DbxError(400, code, message)


def not_found(message, code="RESOURCE_DOES_NOT_EXIST"):
    return DbxError(404, code, message)


def knob(state, name):
    val = state.config.get(name)
    return KNOBS[name] if val is None else val


def account_id():
    return identity.DBX_ACCOUNT_ID


def now_ms(state):
    return int(state.now() * 1000)


def new_uuid():
    h = secrets.token_hex(16)
    return "%s-%s-4%s-%s%s-%s" % (h[:8], h[8:12], h[13:16], "89ab"[int(h[16], 16) % 4], h[17:20], h[20:32])


# Workspace ids are 16 digits and stay below 2**53: JSON clients that hold numbers as
# doubles (the JavaScript SDK) round larger ones, and then ask for a workspace that does not
# exist (test_dbx_sdk_js failed that way about one run in nine).  heiiki itself keeps ids of
# any length exact (tests/unit/test_dbx_objects.c).
MAX_SAFE_ID = 2 ** 53 - 1


def new_int_id(existing):
    """A 16-digit workspace-style id not in `existing`, below 2**53."""
    while True:
        n = 1000000000000000 + secrets.randbelow(MAX_SAFE_ID - 1000000000000000)
        if str(n) not in existing:
            return n


def public(obj):
    """Copy of a stored object without internal (underscore) keys."""
    return {k: v for k, v in obj.items() if not k.startswith("_")}


def req_str(body, key, what=None):
    val = body.get(key)
    if not isinstance(val, str) or not val.strip():
        raise bad("%s is required" % (what or key))
    return val


def check_name(body, key):
    """Configuration names: 4-256 characters (as the provider and console enforce)."""
    val = body.get(key)
    if not isinstance(val, str) or not val:
        raise bad("%s is required" % key)
    if not 4 <= len(val) <= 256:
        raise bad("%s must be between 4 and 256 characters long (got %d)" % (key, len(val)))
    return val


def unique_name(coll, key, name, what):
    for obj in coll.values():
        if obj.get(key) == name:
            raise DbxError(409, "RESOURCE_ALREADY_EXISTS",
                           "%s with name '%s' already exists in this account" % (what, name))


def iso_now():
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def dbx_root(state):
    """The Databricks state dict with every collection present."""
    d = state.dbx
    for key in ("tokens", "credentials", "storage", "networks", "vpc_endpoints", "pas",
                "workspaces", "metastores", "assignments", "ws", "uc"):
        d.setdefault(key, {})
    return d
