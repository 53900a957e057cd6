"""Files API on Unity Catalog volumes: /api/2.0/fs/files/<abs path> and /api/2.0/fs/directories/<abs path>.

Files live in the workspace's sandbox state (base64). Paths must be /Volumes/<catalog>/<schema>/<volume>/...
and the volume must exist.
"""
import base64
from email.utils import formatdate
from urllib.parse import unquote

from sbx import dbx_catalog, dbx_uc
from sbx.dbx_awsview import View
from sbx.dbx_common import DbxError, bad
from sbx.message import Response

FILE_NOT_FOUND = "The file being accessed is not found."


def _abs_path(ctx, prefix):
    raw = ctx.path[len(prefix):]
    segs = [unquote(s) for s in raw.split("/") if s]
    if not segs or segs[0] != "Volumes" or len(segs) < 4:
        raise bad("Invalid path: the Files API serves /Volumes/<catalog>/<schema>/<volume>/... paths.")
    if any(s in (".", "..") for s in segs):
        raise bad("Invalid path: '.' and '..' are not allowed.")
    return "/" + "/".join(segs), segs


def _volume(ctx, wsd, wid, segs):
    full = "%s.%s.%s" % (segs[1], segs[2], segs[3])
    try:
        vol = dbx_catalog.volume_get(ctx, wsd, wid, full)
    except DbxError:
        raise DbxError(404, "NOT_FOUND", "Volume '%s' does not exist." % full)
    # The control plane reads and writes the volume's S3 location with the Unity Catalog storage credential
    # (not through the cluster network): a missing or broken credential fails the call (sbx/dbx_uc.py).
    cat = wsd["catalogs"].get(segs[1]) or {}
    dbx_uc.check_access(ctx, View(ctx.state), wid, vol["storage_location"], cat.get("storage_root"))
    return "/Volumes/%s/%s/%s" % tuple(segs[1:4])


def _is_dir(wsd, path, vol_root):
    if path == vol_root or path in wsd["dirs"]:
        return True
    pre = path + "/"
    return any(k.startswith(pre) for k in wsd["files"]) or any(k.startswith(pre) for k in wsd["dirs"])


def _not_found():
    return DbxError(404, "NOT_FOUND", FILE_NOT_FOUND)


def files(ctx, wsd, wid):
    path, segs = _abs_path(ctx, "/api/2.0/fs/files")
    vol_root = _volume(ctx, wsd, wid, segs)
    m = ctx.method
    if m == "PUT":
        ctx.op("UploadFile", create=True)
        if len(segs) < 5:
            raise bad("Invalid path: give a file path inside the volume.")
        overwrite = ctx.query.get("overwrite", ["false"])[0].lower() == "true"
        if _is_dir(wsd, path, vol_root):
            raise DbxError(409, "ALREADY_EXISTS", "A directory already exists at %s." % path)
        if path in wsd["files"] and not overwrite:
            raise DbxError(409, "ALREADY_EXISTS", "The file being created already exists.")
        parent = path.rsplit("/", 1)[0]
        if parent in wsd["files"]:
            raise DbxError(409, "ALREADY_EXISTS", "A file exists at the parent path %s." % parent)
        wsd["files"][path] = {"b64": base64.b64encode(ctx.body).decode(), "mtime": ctx.state.now()}
        ctx.state.dirty()
        return Response(204)
    if m in ("GET", "HEAD"):
        ctx.op("DownloadFile" if m == "GET" else "GetFileMetadata")
        f = wsd["files"].get(path)
        if f is None:
            raise _not_found()
        data = base64.b64decode(f["b64"])
        return Response(200, data, [("Last-Modified", formatdate(f["mtime"], usegmt=True))],
                        "application/octet-stream")
    if m == "DELETE":
        ctx.op("DeleteFile")
        if path not in wsd["files"]:
            raise _not_found()
        del wsd["files"][path]
        ctx.state.dirty()
        return Response(204)
    raise DbxError(405, "METHOD_NOT_ALLOWED", "Method %s is not allowed on files." % m)


def directories(ctx, wsd, wid):
    path, segs = _abs_path(ctx, "/api/2.0/fs/directories")
    path = path.rstrip("/")
    vol_root = _volume(ctx, wsd, wid, segs)
    m = ctx.method
    if m == "PUT":
        ctx.op("CreateDirectory", create=True)
        if path in wsd["files"]:
            raise DbxError(409, "ALREADY_EXISTS", "A file already exists at %s." % path)
        p = path
        while len(p) > len(vol_root):
            wsd["dirs"].setdefault(p, ctx.state.now())
            p = p.rsplit("/", 1)[0]
        ctx.state.dirty()
        return Response(204)
    if m == "HEAD":
        ctx.op("GetDirectoryMetadata")
        if not _is_dir(wsd, path, vol_root):
            raise DbxError(404, "NOT_FOUND", "The directory being accessed is not found.")
        return Response(200)
    if m == "GET":
        ctx.op("ListDirectoryContents")
        if not _is_dir(wsd, path, vol_root):
            raise DbxError(404, "NOT_FOUND", "The directory being accessed is not found.")
        pre = path + "/"
        entries = {}
        for k, f in wsd["files"].items():
            if k.startswith(pre):
                rest = k[len(pre):]
                if "/" in rest:
                    name = rest.split("/", 1)[0]
                    entries.setdefault(name, {"path": pre + name, "name": name, "is_directory": True})
                else:
                    entries[rest] = {"path": k, "name": rest, "is_directory": False,
                                     "file_size": len(base64.b64decode(f["b64"])),
                                     "last_modified": int(f["mtime"] * 1000)}
        for k in wsd["dirs"]:
            if k.startswith(pre):
                name = k[len(pre):].split("/", 1)[0]
                entries.setdefault(name, {"path": pre + name, "name": name, "is_directory": True})
        return Response.json({"contents": [entries[k] for k in sorted(entries)]})
    if m == "DELETE":
        ctx.op("DeleteDirectory")
        if not _is_dir(wsd, path, vol_root) or path == vol_root:
            raise DbxError(404, "NOT_FOUND", "The directory being accessed is not found.")
        pre = path + "/"
        if any(k.startswith(pre) for k in wsd["files"]) or any(k.startswith(pre) for k in wsd["dirs"]):
            raise DbxError(409, "DIRECTORY_NOT_EMPTY", "The directory being deleted is not empty.")
        wsd["dirs"].pop(path, None)
        ctx.state.dirty()
        return Response(204)
    raise DbxError(405, "METHOD_NOT_ALLOWED", "Method %s is not allowed on directories." % m)
