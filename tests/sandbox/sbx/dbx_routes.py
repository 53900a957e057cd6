"""Entry of the Databricks side: registers with the framework and routes every Databricks request.

Hosts: the plain listener (DATABRICKS_HOST, http://127.0.0.1:PORT) serves the account API and, when the
Host header names a workspace (dbc-....cloud.databricks.com), that workspace as if reached through the
front-end endpoint. Two TLS listeners (test CA, cert for *.cloud.databricks.com) serve the account host
accounts.cloud.databricks.com and the workspace hosts: the "front-end endpoint" listener
(HEIIKI_SANDBOX_FRONTEND) and the "public ingress" listener (HEIIKI_SANDBOX_PUBLIC); on the latter, a
workspace whose private access settings disable public access answers with the private-link
validation error, as the real service does.
"""
import os
import re
import subprocess
import sys

from sbx import dbx_account, dbx_catalog, dbx_compute, dbx_files, dbx_metastore, dbx_network, dbx_oauth
from sbx import dbx_settings, dbx_tls, dbx_uc, identity, registry
from sbx.dbx_awsview import View
from sbx.dbx_common import ACCOUNT_HOST, WORKSPACE_DOMAIN, DbxError, dbx_root, not_found, public
from sbx.message import BadJson, Response

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CERT_BASE = os.path.join(HERE, "certs")
ACCT_RE = re.compile(r"^/api/2\.0/accounts/([^/]+)(/.*)?$")


# responses ---------------------------------------------------------------------------------------

def _plural(name):
    """ListNetwork -> ListNetworks; ListPrivateAccessSettings stays as it is."""
    return name if name.endswith("s") else name + "s"

def error_response(ctx, err):
    if getattr(err, "oauth", False):
        return Response.json({"error": err.code, "error_description": err.message}, err.status)
    if err.empty:
        return Response(err.status, b"", err.headers)
    if getattr(err, "plain", False):
        return Response(err.status, ("%s: %s" % (err.code, err.message)).encode("utf-8"), err.headers,
                        "text/plain; charset=utf-8")
    return registry.dbx_error(ctx, err.status, err.code, err.message, err.headers or None)


def _body(ctx):
    if ctx.method in ("GET", "HEAD", "DELETE"):
        return {}
    try:
        body = ctx.json()
    except BadJson:
        raise DbxError(400, "MALFORMED_REQUEST", "Could not parse the request body as JSON.")
    if not isinstance(body, dict):
        raise DbxError(400, "MALFORMED_REQUEST", "The request body must be a JSON object.")
    return body


def _method_not_allowed(ctx):
    return DbxError(405, "METHOD_NOT_ALLOWED", "%s is not supported on %s." % (ctx.method, ctx.path))


# listeners ---------------------------------------------------------------------------------------
def listener_of(ctx):
    info = getattr(ctx.app, "dbx", None) or {}
    addr = tuple(ctx.server_addr[:2])
    if ctx.tls and info.get("public") and tuple(info["public"]) == addr:
        return "public"
    return "frontend"


def _base_url(ctx):
    host = ctx.headers.get("Host") or "%s:%s" % tuple(ctx.server_addr[:2])
    return "%s://%s" % ("https" if ctx.tls else "http", host)


# account side ------------------------------------------------------------------------------------
def _account(ctx, view):
    path = ctx.path
    m = re.match(r"^/oidc/accounts/([^/]+)/(v1/token|\.well-known/oauth-authorization-server)$", path)
    if m:
        if m.group(1) != identity.DBX_ACCOUNT_ID:
            err = DbxError(400, "invalid_request", "Unknown account %s." % m.group(1))
            err.oauth = True
            raise err
        if m.group(2) == "v1/token":
            if ctx.method != "POST":
                raise _method_not_allowed(ctx)
            ctx.op("OAuthToken", create=False)
            return Response.json(dbx_oauth.issue(ctx, "account"))
        ctx.op("OidcDiscovery")
        return Response.json(dbx_oauth.discovery(_base_url(ctx), identity.DBX_ACCOUNT_ID))
    if path in ("/.well-known/databricks-config",):
        ctx.op("HostMetadata")
        return Response.json({"account_id": identity.DBX_ACCOUNT_ID, "cloud": "aws"})
    m = ACCT_RE.match(path)
    if not m:
        raise DbxError(404, "ENDPOINT_NOT_FOUND", "No API found for '%s %s'." % (ctx.method, path))
    dbx_oauth.check_bearer(ctx, "account")
    if m.group(1) != identity.DBX_ACCOUNT_ID:
        raise DbxError(403, "PERMISSION_DENIED", "The service principal is not a member of account %s."
                       % m.group(1))
    parts = [p for p in (m.group(2) or "").split("/") if p]
    return Response.json(_account_api(ctx, view, parts))


def _account_api(ctx, view, parts):
    meth = ctx.method
    if not parts:
        raise DbxError(404, "ENDPOINT_NOT_FOUND", "No API found for '%s %s'." % (meth, ctx.path))
    coll = parts[0]
    if coll in dbx_account.COLLECTIONS:
        store, op, create, delete, render, replace = dbx_account.COLLECTIONS[coll]
        objs = dbx_root(ctx.state)[store]
        if len(parts) == 1:
            if meth == "POST":
                ctx.op("Create" + op)
                body = _body(ctx)
                out = create(ctx, view, body)
                ctx.state.dirty()
                return out
            if meth == "GET":
                ctx.op(_plural("List" + op))
                return [render(ctx, view, o) for o in objs.values()]
        elif len(parts) == 2:
            oid = parts[1]
            if meth == "GET":
                ctx.op("Get" + op)
                if oid not in objs:
                    raise not_found("%s %s does not exist." % (op, oid))
                return render(ctx, view, objs[oid])
            if meth == "DELETE":
                ctx.op("Delete" + op)
                out = delete(ctx, view, {}, oid)
                ctx.state.dirty()
                return out
            if meth == "PUT" and replace:
                ctx.op("Replace" + op)
                out = replace(ctx, view, _body(ctx), oid)
                ctx.state.dirty()
                return out
        raise _method_not_allowed(ctx)
    if coll == "workspaces":
        return _workspaces(ctx, view, parts)
    if coll == "metastores":
        return _metastores(ctx, parts)
    raise DbxError(404, "ENDPOINT_NOT_FOUND", "No API found for '%s %s'." % (meth, ctx.path))


def _workspaces(ctx, view, parts):
    meth = ctx.method
    if len(parts) == 1:
        if meth == "POST":
            ctx.op("CreateWorkspace")
            out = dbx_account.create_workspace(ctx, view, _body(ctx))
            ctx.state.dirty()
            return out
        if meth == "GET":
            ctx.op("ListWorkspaces")
            return dbx_account.list_workspaces(ctx, view)
        raise _method_not_allowed(ctx)
    wid = parts[1]
    if len(parts) == 2:
        if meth == "GET":
            ctx.op("GetWorkspace")
            return dbx_account.get_workspace(ctx, view, {}, wid)
        if meth == "PATCH":
            ctx.op("UpdateWorkspace", create=False)
            out = dbx_account.update_workspace(ctx, view, _body(ctx), wid)
            ctx.state.dirty()
            return out
        if meth == "DELETE":
            ctx.op("DeleteWorkspace")
            out = dbx_account.delete_workspace(ctx, view, {}, wid)
            ctx.state.dirty()
            return out
        raise _method_not_allowed(ctx)
    if len(parts) == 3 and parts[2] == "metastore" and meth == "GET":
        ctx.op("GetWorkspaceMetastoreAssignment")
        dbx_account.get_workspace(ctx, view, {}, wid)
        return {"metastore_assignment": dbx_metastore.assignment_of(ctx, wid)}
    if len(parts) == 4 and parts[2] == "metastores":
        ws = dbx_account.get_ws(ctx, view, wid)
        mid = parts[3]
        if meth == "POST":
            ctx.op("CreateMetastoreAssignment")
            out = dbx_metastore.assign(ctx, ws, mid, _body(ctx))
        elif meth == "PUT":
            ctx.op("UpdateMetastoreAssignment", create=False)
            out = dbx_metastore.assign(ctx, ws, mid, _body(ctx), replace=True)
        elif meth == "DELETE":
            ctx.op("DeleteMetastoreAssignment")
            out = dbx_metastore.unassign(ctx, ws, mid)
        else:
            raise _method_not_allowed(ctx)
        ctx.state.dirty()
        return out
    raise DbxError(404, "ENDPOINT_NOT_FOUND", "No API found for '%s %s'." % (meth, ctx.path))


def _metastores(ctx, parts):
    meth = ctx.method
    if len(parts) == 1:
        if meth == "POST":
            ctx.op("CreateMetastore")
            out = dbx_metastore.create(ctx, _body(ctx))
            ctx.state.dirty()
            return out
        if meth == "GET":
            ctx.op("ListMetastores")
            return dbx_metastore.list_all(ctx)
        raise _method_not_allowed(ctx)
    mid = parts[1]
    if len(parts) == 2:
        if meth == "GET":
            ctx.op("GetMetastore")
            return {"metastore_info": public(dbx_metastore.get_metastore(ctx, mid))}
        if meth == "PUT":
            ctx.op("UpdateMetastore", create=False)
            out = dbx_metastore.update(ctx, _body(ctx), mid)
            ctx.state.dirty()
            return out
        if meth == "DELETE":
            ctx.op("DeleteMetastore")
            out = dbx_metastore.delete(ctx, mid)
            ctx.state.dirty()
            return out
        raise _method_not_allowed(ctx)
    if len(parts) == 3 and parts[2] == "workspaces" and meth == "GET":
        ctx.op("ListMetastoreWorkspaces")
        return dbx_metastore.workspaces_of(ctx, mid)
    raise DbxError(404, "ENDPOINT_NOT_FOUND", "No API found for '%s %s'." % (meth, ctx.path))


# workspace side ----------------------------------------------------------------------------------
PRIVATE_LINK_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Databricks - Sign In</title></head>
<body><div class="login-error" id="private-link-validation-error">
<h1>Unauthorized access to Org: %(wid)s</h1>
<p>Private access to this workspace is required (private-link-validation-error). %(reason)s
Connect through the workspace's front-end PrivateLink endpoint (check DNS or the hosts file, and any proxy).</p>
</div></body></html>
"""


def _private_link_block(ctx, ws, host, listener):
    """The private-link validation error, or None when the request may pass.

    public listener: refused when the PAS disables public access. front-end listener: the request is taken
    to arrive through the workspace network's rest_api endpoint registration (the shared REST/front-end
    endpoint of the closed-network design); refused when the PAS level is ENDPOINT and that registration
    is not in allowed_vpc_endpoint_ids."""
    pas = dbx_root(ctx.state)["pas"].get(str(ws.get("private_access_settings_id")))
    if pas is None:
        return None
    if listener == "public":
        if pas.get("public_access_enabled"):
            return None
        reason = ("The request came over the public internet, but public access to workspace %s is disabled "
                  "by its private access settings." % host)
    else:
        net = dbx_root(ctx.state)["networks"].get(str(ws.get("network_id"))) or {}
        via = ((net.get("vpc_endpoints") or {}).get("rest_api") or [None])[0]
        allowed = pas.get("allowed_vpc_endpoint_ids") or []
        if pas.get("private_access_level") != "ENDPOINT" or not allowed or via in allowed:
            return None
        reason = ("The request came through VPC endpoint %s, which is not among the allowed VPC endpoints of "
                  "the private access settings of workspace %s." % (via, host))
    ctx.op("PrivateLinkValidation", create=False)
    page = (PRIVATE_LINK_PAGE % {"wid": ws["workspace_id"], "reason": reason}).encode()
    if ctx.path == "/login.html":
        return Response(200, page, None, "text/html; charset=utf-8")
    return Response(302, page, [("Location", "/login.html?error=private-link-validation-error")],
                    "text/html; charset=utf-8")


def ws_data(ctx, wid):
    wsd = dbx_root(ctx.state)["ws"].setdefault(str(wid), {})
    for k in ("clusters", "policies", "instance_profiles", "settings", "catalogs", "schemas", "volumes",
              "files", "dirs"):
        wsd.setdefault(k, {})
    return wsd


def _workspace(ctx, view, host):
    ws = dbx_account.workspace_by_host(ctx, view, host)
    if ws is None:
        raise DbxError(404, "NOT_FOUND", "No workspace is served at %s." % host.split(":")[0])
    blocked = _private_link_block(ctx, ws, host.split(":")[0], listener_of(ctx))
    if blocked is not None:
        return blocked
    if ws["workspace_status"] != "RUNNING":
        raise DbxError(503, "TEMPORARILY_UNAVAILABLE", "Workspace %s is %s, not RUNNING." % (
            ws["workspace_id"], ws["workspace_status"]))
    wid = ws["workspace_id"]
    path = ctx.path
    if path == "/oidc/.well-known/oauth-authorization-server":
        ctx.op("OidcDiscovery")
        return Response.json(dbx_oauth.discovery(_base_url(ctx)))
    if path == "/oidc/v1/token":
        if ctx.method != "POST":
            raise _method_not_allowed(ctx)
        ctx.op("OAuthToken", create=False)
        return Response.json(dbx_oauth.issue(ctx, str(wid)))
    dbx_oauth.check_bearer(ctx, str(wid))
    wsd = ws_data(ctx, wid)
    if path.startswith("/api/2.0/fs/files/"):
        return dbx_files.files(ctx, wsd, wid)
    if path.startswith("/api/2.0/fs/directories/"):
        return dbx_files.directories(ctx, wsd, wid)
    out = _workspace_api(ctx, view, ws, wsd, path)
    if isinstance(out, Response):
        return out
    return Response.json(out)


def _cluster_fault(ctx, view, ws):
    net = dbx_root(ctx.state)["networks"].get(str(ws.get("network_id")))
    if net is None:
        return None
    regs = dbx_root(ctx.state)["vpc_endpoints"]

    def aws_id(kind):
        ids = (net.get("vpc_endpoints") or {}).get(kind) or []
        reg = regs.get(ids[0]) if ids else None
        return reg["aws_vpc_endpoint_id"] if reg else None
    return dbx_network.cluster_start_fault(view, net, aws_id)


def _q(ctx, name):
    return ctx.query.get(name, [""])[0]


def _workspace_api(ctx, view, ws, wsd, path):
    meth = ctx.method
    wid = ws["workspace_id"]
    if path == "/api/2.0/preview/scim/v2/Me" and meth == "GET":
        ctx.op("CurrentUserMe")
        return {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                            "urn:ietf:params:scim:schemas:extension:workspace:2.0:User"],
                "id": str(int(identity.DBX_CLIENT_ID.replace("-", "")[:12], 16)),
                "userName": identity.DBX_CLIENT_ID, "displayName": "heiiki sandbox service principal",
                "active": True, "emails": [], "groups": [{"display": "admins", "type": "direct"}],
                "entitlements": [{"value": "workspace-access"}, {"value": "allow-cluster-create"}]}
    m = re.match(r"^/api/2\.[01]/clusters/([a-z-]+)$", path)
    if m:
        return _clusters(ctx, view, ws, wsd, m.group(1))
    m = re.match(r"^/api/2\.0/policies/clusters/([a-z]+)$", path)
    if m:
        return _policies(ctx, wsd, m.group(1))
    m = re.match(r"^/api/2\.0/instance-profiles/([a-z]+)$", path)
    if m:
        verb = m.group(1)
        if verb == "add" and meth == "POST":
            ctx.op("AddInstanceProfile")
            out = dbx_compute.ip_add(ctx, wsd, view, _body(ctx))
        elif verb == "list" and meth == "GET":
            ctx.op("ListInstanceProfiles")
            return dbx_compute.ip_list(wsd)
        elif verb == "remove" and meth == "POST":
            ctx.op("RemoveInstanceProfile")
            out = dbx_compute.ip_remove(wsd, _body(ctx))
        else:
            raise _method_not_allowed(ctx)
        ctx.state.dirty()
        return out
    if path.startswith("/api/2.0/settings/types/"):
        return dbx_settings.handle(ctx, wsd)
    if path.startswith("/api/2.1/unity-catalog/"):
        return _unity(ctx, wsd, wid, path[len("/api/2.1/unity-catalog/"):])
    raise DbxError(404, "ENDPOINT_NOT_FOUND", "No API found for '%s %s'." % (meth, path))


def _clusters(ctx, view, ws, wsd, verb):
    meth = ctx.method
    gets = {"get": "GetCluster", "list": "ListClusters", "spark-versions": "SparkVersions",
            "list-node-types": "ListNodeTypes"}
    if verb in gets:
        if meth != "GET":
            raise _method_not_allowed(ctx)
        ctx.op(gets[verb])
        if verb == "get":
            return dbx_compute.cluster_get(ctx, wsd, _q(ctx, "cluster_id"))
        if verb == "list":
            return dbx_compute.cluster_list(ctx, wsd)
        return dbx_compute.spark_versions() if verb == "spark-versions" else dbx_compute.node_types()
    posts = {"create": "CreateCluster", "delete": "DeleteCluster", "start": "StartCluster",
             "permanent-delete": "PermanentDeleteCluster"}
    if verb not in posts:
        raise DbxError(404, "ENDPOINT_NOT_FOUND", "No API found for '%s %s'." % (meth, ctx.path))
    if meth != "POST":
        raise _method_not_allowed(ctx)
    ctx.op(posts[verb], create=(verb in ("create", "start")))
    body = _body(ctx)
    if verb == "create":
        out = dbx_compute.cluster_create(ctx, wsd, body, _cluster_fault(ctx, view, ws))
    elif verb == "start":
        out = dbx_compute.cluster_start(ctx, wsd, body, _cluster_fault(ctx, view, ws))
    elif verb == "delete":
        out = dbx_compute.cluster_delete(ctx, wsd, body)
    else:
        out = dbx_compute.cluster_permanent_delete(ctx, wsd, body)
    ctx.state.dirty()
    return out


def _policies(ctx, wsd, verb):
    meth = ctx.method
    if verb == "get" and meth == "GET":
        ctx.op("GetClusterPolicy")
        return dbx_compute.policy_get(wsd, _q(ctx, "policy_id"))
    if verb == "list" and meth == "GET":
        ctx.op("ListClusterPolicies")
        return dbx_compute.policy_list(wsd)
    if meth != "POST" or verb not in ("create", "edit", "delete"):
        raise _method_not_allowed(ctx)
    ctx.op({"create": "CreateClusterPolicy", "edit": "EditClusterPolicy", "delete": "DeleteClusterPolicy"}[verb])
    body = _body(ctx)
    if verb == "create":
        out = dbx_compute.policy_create(ctx, wsd, body)
    elif verb == "edit":
        out = dbx_compute.policy_edit(ctx, wsd, body)
    else:
        out = dbx_compute.policy_delete(wsd, body)
    ctx.state.dirty()
    return out


def _unity(ctx, wsd, wid, rest):
    meth = ctx.method
    if rest == "current-metastore-assignment" and meth == "GET":
        ctx.op("CurrentMetastoreAssignment")
        return dbx_metastore.assignment_of(ctx, wid)
    if rest == "metastore_summary" and meth == "GET":
        ctx.op("GetMetastoreSummary")
        return dbx_uc.metastore_summary(ctx, wid)
    parts = rest.split("/", 1)
    if parts[0] in UC_ACCESS:
        return _uc_access(ctx, wid, parts)
    kinds = {"catalogs": ("Catalog", dbx_catalog.catalog_create, dbx_catalog.catalog_list,
                          dbx_catalog.catalog_get, dbx_catalog.catalog_delete),
             "schemas": ("Schema", dbx_catalog.schema_create, dbx_catalog.schema_list,
                         dbx_catalog.schema_get, dbx_catalog.schema_delete),
             "volumes": ("Volume", dbx_catalog.volume_create, dbx_catalog.volume_list,
                         dbx_catalog.volume_get, dbx_catalog.volume_delete)}
    if parts[0] not in kinds:
        raise DbxError(404, "ENDPOINT_NOT_FOUND", "No API found for '%s %s'." % (meth, ctx.path))
    op, create, lst, get, delete = kinds[parts[0]]
    if len(parts) == 1:
        if meth == "POST":
            ctx.op("Create" + op)
            out = create(ctx, wsd, wid, _body(ctx))
            ctx.state.dirty()
            return out
        if meth == "GET":
            ctx.op(_plural("List" + op))
            return lst(ctx, wsd, wid)
        raise _method_not_allowed(ctx)
    name = parts[1]
    if meth == "GET":
        ctx.op("Get" + op)
        return get(ctx, wsd, wid, name)
    if meth == "DELETE":
        ctx.op("Delete" + op)
        out = delete(ctx, wsd, wid, name)
        ctx.state.dirty()
        return out
    raise _method_not_allowed(ctx)


# storage credentials and external locations (sbx/dbx_uc.py)
UC_ACCESS = {"storage-credentials": ("StorageCredential", dbx_uc.credential_create, dbx_uc.credential_list,
                                     dbx_uc.credential_get, dbx_uc.credential_delete),
             "external-locations": ("ExternalLocation", dbx_uc.location_create, dbx_uc.location_list,
                                    dbx_uc.location_get, dbx_uc.location_delete)}


def _uc_access(ctx, wid, parts):
    meth = ctx.method
    view = View(ctx.state)
    op, create, lst, get, delete = UC_ACCESS[parts[0]]
    if len(parts) == 1:
        if meth == "POST":
            ctx.op("Create" + op)
            out = create(ctx, view, wid, _body(ctx))
            ctx.state.dirty()
            return out
        if meth == "GET":
            ctx.op(_plural("List" + op))
            return lst(ctx, view, wid)
        raise _method_not_allowed(ctx)
    if meth == "GET":
        ctx.op("Get" + op)
        return get(ctx, view, wid, parts[1])
    if meth == "DELETE":
        ctx.op("Delete" + op)
        out = delete(ctx, view, wid, parts[1])
        ctx.state.dirty()
        return out
    raise _method_not_allowed(ctx)


# dispatch ----------------------------------------------------------------------------------------
def handle(ctx):
    view = View(ctx.state)
    host = (ctx.headers.get("Host") or "").strip().lower()
    hostname = host.split(":")[0]
    try:
        if hostname.endswith(WORKSPACE_DOMAIN) and hostname != ACCOUNT_HOST:
            return _workspace(ctx, view, host)
        if ctx.tls and hostname not in (ACCOUNT_HOST, "localhost", "127.0.0.1"):
            raise DbxError(404, "NOT_FOUND", "No Databricks host is served at %s." % hostname)
        return _account(ctx, view)
    except DbxError as err:
        return error_response(ctx, err)


# framework hooks ---------------------------------------------------------------------------------
def startup(app):
    try:
        ca, crt, key = dbx_tls.ensure_certs(CERT_BASE)
    except (OSError, subprocess.CalledProcessError) as e:   # no openssl: the AWS side still works
        err = getattr(e, "stderr", b"") or b""
        sys.stderr.write("sandbox: no TLS listeners for Databricks hosts (certificate generation failed: "
                         "%s %s)\n" % (e, err.decode("utf-8", "replace").strip()))
        return
    host = app.host if getattr(app, "host", None) else "127.0.0.1"
    # Stable ports when the main port is fixed (clients pin hosts there across sandbox restarts):
    # front end = --tls-port or PORT+1, public = front end + 1; any free port when those are taken.
    want = app.tls_port or (app.port + 1 if app.port else 0)

    def listen(port):
        try:
            return app.serve_extra(host, port, dbx_tls.server_context(crt, key))
        except OSError:
            if not port:
                raise
            return app.serve_extra(host, 0, dbx_tls.server_context(crt, key))
    fe = listen(want)
    pub = listen(fe[1] + 1 if want else 0)
    app.dbx = {"frontend": list(fe), "public": list(pub), "ca": ca}
    app.tls_port = fe[1]


def env(app):
    info = getattr(app, "dbx", None)
    out = {"DATABRICKS_HOST": "http://127.0.0.1:%d" % app.port,
           "DATABRICKS_ACCOUNT_ID": identity.DBX_ACCOUNT_ID,
           "DATABRICKS_CLIENT_ID": identity.DBX_CLIENT_ID,
           "DATABRICKS_CLIENT_SECRET": identity.DBX_CLIENT_SECRET}
    if info:
        out.update(HEIIKI_SANDBOX_CA=info["ca"],
                   HEIIKI_SANDBOX_FRONTEND="%s:%d" % tuple(info["frontend"]),
                   HEIIKI_SANDBOX_PUBLIC="%s:%d" % tuple(info["public"]))
    return out


def seed(state, seed_dict):
    """A seed's "dbx" section: {"config": {knob: value}} (other keys are copied into the dbx state)."""
    section = seed_dict.get("dbx") or {}
    state.config.update(section.get("config") or {})
    for k, v in section.items():
        if k == "config":
            continue
        if v is None:                   # a variant drops a collection of its parent ("metastores": null)
            state.dbx.pop(k, None)
        else:
            state.dbx[k] = v


registry.register_dbx(handle)
registry.register_startup(startup)
registry.register_env(env)
registry.register_seed(seed)
