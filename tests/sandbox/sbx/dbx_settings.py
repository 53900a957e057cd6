"""Workspace settings API: /api/2.0/settings/types/default_namespace_ws/names/default (default catalog).

GET answers {etag, setting_name, namespace: {value}} (hive_metastore until set); PATCH takes
{allow_missing, field_mask: "namespace.value", setting: {etag?, namespace: {value}}} and refuses a stale
etag (409); DELETE resets (etag query parameter optional).
"""
import secrets

from sbx.dbx_common import DbxError, bad
from sbx.message import Response

PATH = "/api/2.0/settings/types/default_namespace_ws/names/default"
DEFAULT = "hive_metastore"


def _current(wsd):
    cur = wsd["settings"].get("default_namespace_ws")
    if cur is None:
        cur = {"value": DEFAULT, "etag": secrets.token_hex(8)}
        wsd["settings"]["default_namespace_ws"] = cur
    return cur


def _render(cur):
    return {"etag": cur["etag"], "setting_name": "default", "namespace": {"value": cur["value"]}}


def handle(ctx, wsd):
    if ctx.path != PATH:
        raise DbxError(404, "ENDPOINT_NOT_FOUND", "No setting at %s." % ctx.path)
    cur = _current(wsd)
    if ctx.method == "GET":
        ctx.op("GetDefaultNamespaceSetting")
        return _render(cur)
    if ctx.method == "PATCH":
        ctx.op("UpdateDefaultNamespaceSetting", create=False)
        try:
            body = ctx.json()
        except ValueError:
            raise DbxError(400, "MALFORMED_REQUEST", "Could not parse the request body as JSON.")
        if not isinstance(body, dict):
            raise DbxError(400, "MALFORMED_REQUEST", "The request body must be a JSON object.")
        if body.get("field_mask") not in ("namespace.value", "namespace", "*"):
            raise bad("field_mask is required and must be namespace.value.")
        setting = body.get("setting") or {}
        value = (setting.get("namespace") or {}).get("value")
        if not isinstance(value, str) or not value:
            raise bad("setting.namespace.value is required.")
        etag = setting.get("etag")
        if etag and etag != cur["etag"]:
            raise DbxError(409, "RESOURCE_CONFLICT", "The setting was changed by another request (etag "
                           "mismatch). Read it again and retry with the new etag.")
        cur.update(value=value, etag=secrets.token_hex(8))
        ctx.state.dirty()
        return _render(cur)
    if ctx.method == "DELETE":
        ctx.op("DeleteDefaultNamespaceSetting")
        etag = ctx.query.get("etag", [""])[0]
        if etag and etag != cur["etag"]:
            raise DbxError(409, "RESOURCE_CONFLICT", "etag mismatch")
        cur.update(value=DEFAULT, etag=secrets.token_hex(8))
        ctx.state.dirty()
        return {"etag": cur["etag"]}
    return Response(405)
