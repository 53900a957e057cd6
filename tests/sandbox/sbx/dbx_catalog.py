"""Unity Catalog inside a workspace (minimal): catalogs, schemas, volumes; all need an assigned metastore.

Where a catalog's managed storage lives ([TFP] docs/resources/metastore.md: "If no storage_root is defined for the
metastore, each catalog must have a storage_root defined"; docs/resources/catalog.md: storage_root is "Optional if
storage_root is specified for the metastore"): a catalog without storage_root in a metastore without a root is
refused with Databricks' INVALID_STATE text (github databricks-demos/dbdemos#139, databricks/cli#5695). A catalog's
storage_root must lie under an external location ([SRA] unity_catalog_catalog_creation/main.tf creates the
external location first and the catalog `depends_on` it); sbx/dbx_uc.py checks the access itself.
"""
from sbx import dbx_metastore, dbx_uc, identity
from sbx.dbx_common import DbxError, bad, new_uuid, not_found, now_ms


def _meta(ctx, wid):
    return dbx_metastore.assignment_of(ctx, wid)


def _info(ctx, wid, **kw):
    t = now_ms(ctx.state)
    kw.update(metastore_id=_meta(ctx, wid)["metastore_id"], owner=identity.DBX_CLIENT_ID, created_at=t,
              created_by=identity.DBX_CLIENT_ID, updated_at=t, updated_by=identity.DBX_CLIENT_ID)
    return kw


def _name(body, key):
    val = body.get(key)
    if not isinstance(val, str) or not val or "." in val or "/" in val:
        raise bad("%s is required and must not contain '.' or '/'." % key)
    return val


def catalog_create(ctx, wsd, wid, body):
    name = _name(body, "name")
    if name in wsd["catalogs"] or name in ("system", "hive_metastore", "samples"):
        raise DbxError(409, "CATALOG_ALREADY_EXISTS", "Catalog '%s' already exists." % name)
    root = body.get("storage_root")
    meta = dbx_metastore.get_metastore(ctx, _meta(ctx, wid)["metastore_id"])
    if not root and not meta.get("storage_root"):
        raise DbxError(400, "INVALID_STATE",
                       "Metastore storage root URL does not exist. Please provide a storage location for the catalog "
                       "(for example 'CREATE CATALOG myCatalog MANAGED LOCATION '<location-path>'). Alternatively set "
                       "up a metastore root storage location to provide a storage location for all catalogs in the "
                       "metastore.")
    if root:
        if not str(root).startswith("s3://"):
            raise bad("storage_root must be an s3:// URL (got %r)." % root)
        if dbx_uc.covering_location(ctx, meta["metastore_id"], root) is None:
            raise bad("The managed location %s is not inside an external location; create an external location "
                      "that covers it first." % root, "INVALID_PARAMETER_VALUE")
    info = _info(ctx, wid, name=name, full_name=name, catalog_type="MANAGED_CATALOG",
                 isolation_mode="OPEN", comment=body.get("comment", ""))
    if root:
        info["storage_root"] = root
    wsd["catalogs"][name] = info
    dbx_metastore.note_catalog(ctx, meta["metastore_id"], name, True)
    wsd["schemas"]["%s.default" % name] = _info(ctx, wid, name="default", catalog_name=name,
                                                full_name="%s.default" % name)
    return info


def catalog_get(ctx, wsd, wid, name):
    _meta(ctx, wid)
    if name not in wsd["catalogs"]:
        raise not_found("Catalog '%s' does not exist." % name, "CATALOG_DOES_NOT_EXIST")
    return wsd["catalogs"][name]


def catalog_list(ctx, wsd, wid):
    _meta(ctx, wid)
    return {"catalogs": list(wsd["catalogs"].values())}


def catalog_delete(ctx, wsd, wid, name):
    catalog_get(ctx, wsd, wid, name)
    force = ctx.query.get("force", ["false"])[0] == "true"
    inner = [k for k in wsd["schemas"] if k.startswith(name + ".") and not k.endswith(".default")]
    if inner and not force:
        raise bad("Catalog '%s' is not empty." % name, "CATALOG_NOT_EMPTY")
    for k in [k for k in wsd["schemas"] if k.startswith(name + ".")]:
        del wsd["schemas"][k]
    for k in [k for k in wsd["volumes"] if k.startswith(name + ".")]:
        del wsd["volumes"][k]
    dbx_metastore.note_catalog(ctx, wsd["catalogs"][name].get("metastore_id"), name, False)
    del wsd["catalogs"][name]
    return {}


def schema_create(ctx, wsd, wid, body):
    cat = _name(body, "catalog_name")
    name = _name(body, "name")
    catalog_get(ctx, wsd, wid, cat)
    full = "%s.%s" % (cat, name)
    if full in wsd["schemas"]:
        raise DbxError(409, "SCHEMA_ALREADY_EXISTS", "Schema '%s' already exists." % full)
    info = _info(ctx, wid, name=name, catalog_name=cat, full_name=full, comment=body.get("comment", ""))
    wsd["schemas"][full] = info
    return info


def schema_get(ctx, wsd, wid, full):
    _meta(ctx, wid)
    if full not in wsd["schemas"]:
        raise not_found("Schema '%s' does not exist." % full, "SCHEMA_DOES_NOT_EXIST")
    return wsd["schemas"][full]


def schema_list(ctx, wsd, wid):
    cat = ctx.query.get("catalog_name", [""])[0]
    catalog_get(ctx, wsd, wid, cat)
    return {"schemas": [s for s in wsd["schemas"].values() if s["catalog_name"] == cat]}


def schema_delete(ctx, wsd, wid, full):
    schema_get(ctx, wsd, wid, full)
    if any(k.startswith(full + ".") for k in wsd["volumes"]):
        raise bad("Schema '%s' is not empty." % full, "SCHEMA_NOT_EMPTY")
    del wsd["schemas"][full]
    return {}


def volume_create(ctx, wsd, wid, body):
    cat, sch, name = _name(body, "catalog_name"), _name(body, "schema_name"), _name(body, "name")
    schema_get(ctx, wsd, wid, "%s.%s" % (cat, sch))
    vtype = body.get("volume_type") or "MANAGED"
    if vtype not in ("MANAGED", "EXTERNAL"):
        raise bad("volume_type must be MANAGED or EXTERNAL.")
    loc = body.get("storage_location")
    if vtype == "EXTERNAL" and not loc:
        raise bad("storage_location is required for EXTERNAL volumes.")
    if vtype == "MANAGED" and loc:
        raise bad("storage_location must not be set for MANAGED volumes.")
    full = "%s.%s.%s" % (cat, sch, name)
    if full in wsd["volumes"]:
        raise DbxError(409, "VOLUME_ALREADY_EXISTS", "Volume '%s' already exists." % full)
    vid = new_uuid()
    if not loc:
        meta = dbx_metastore.get_metastore(ctx, _meta(ctx, wid)["metastore_id"])
        root = wsd["catalogs"][cat].get("storage_root") or "%s/%s" % (
            (meta.get("storage_root") or "s3://sandbox-metastore").rstrip("/"), meta["metastore_id"])
        loc = "%s/volumes/%s" % (root.rstrip("/"), vid)
    info = _info(ctx, wid, name=name, catalog_name=cat, schema_name=sch, full_name=full, volume_id=vid,
                 volume_type=vtype, storage_location=loc, comment=body.get("comment", ""))
    wsd["volumes"][full] = info
    return info


def volume_get(ctx, wsd, wid, full):
    _meta(ctx, wid)
    if full not in wsd["volumes"]:
        raise not_found("Volume '%s' does not exist." % full)
    return wsd["volumes"][full]


def volume_list(ctx, wsd, wid):
    cat = ctx.query.get("catalog_name", [""])[0]
    sch = ctx.query.get("schema_name", [""])[0]
    schema_get(ctx, wsd, wid, "%s.%s" % (cat, sch))
    return {"volumes": [v for v in wsd["volumes"].values() if v["catalog_name"] == cat and v["schema_name"] == sch]}


def volume_delete(ctx, wsd, wid, full):
    volume_get(ctx, wsd, wid, full)
    del wsd["volumes"][full]
    prefix = "/Volumes/%s/" % full.replace(".", "/")
    for k in [k for k in wsd["files"] if k.startswith(prefix)]:
        del wsd["files"][k]
    for k in [k for k in wsd["dirs"] if k.startswith(prefix)]:
        del wsd["dirs"][k]
    return {}
