"""Hooks the Databricks side (sbx/dbx_*.py) registers with the framework."""
from sbx.message import Response

DBX = {"handler": None, "startup": [], "env": [], "seed": [], "error": None}


def register_dbx(fn):
    DBX["handler"] = fn


def register_startup(fn):
    DBX["startup"].append(fn)


def register_env(fn):
    DBX["env"].append(fn)


def register_seed(fn):
    DBX["seed"].append(fn)


def register_dbx_error(fn):
    DBX["error"] = fn


def dbx_error(ctx, status, code, message, headers=None):
    if DBX["error"]:
        return DBX["error"](ctx, status, code, message, headers)
    return Response.json({"error_code": code, "message": message}, status, headers)


def load_dbx():
    try:
        import sbx.dbx_routes  # noqa: F401  (registers itself)
    except ModuleNotFoundError as e:
        if e.name != "sbx.dbx_routes":
            raise
    return DBX["handler"] is not None
