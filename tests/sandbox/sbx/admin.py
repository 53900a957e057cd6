"""The unsigned admin API under /_sandbox/ (tests only; see CONTRACT.md and ../README.md)."""
from sbx.message import BadJson, Response


def _err(msg, status=400):
    return Response.json({"error": msg}, status)


def handle(app, ctx):
    path = ctx.path.rstrip("/")
    m = ctx.method
    inj = app.injector
    try:
        body = ctx.json() if m in ("POST", "PUT") else {}
    except BadJson as e:
        return _err("the admin API takes a JSON body: %s" % e)
    if not isinstance(body, dict):
        return _err("the admin API takes a JSON object")
    try:
        if path == "/_sandbox/health":
            return Response.json({"ok": True, "port": app.port, "tls_port": app.tls_port,
                                  "pid": __import__("os").getpid(), "seed": app.state.data.get("seed"),
                                  "dbx": app.has_dbx})
        if path == "/_sandbox/log":
            if m == "DELETE":
                inj.clear_log()
                return Response.json({"ok": True})
            since = int((ctx.query.get("since") or ["0"])[0])
            return Response.json(inj.snapshot(since))
        if path == "/_sandbox/env":
            from sbx import registry
            extra = {}
            for fn in registry.DBX["env"]:
                extra.update(fn(app) or {})
            return Response.json(extra)
        if path == "/_sandbox/state" and m == "GET":
            with app.state.lock:
                return Response.json(app.state.data)
        if path == "/_sandbox/reset" and m == "POST":
            app.state.reset()
            inj.clear(log=True)
            return Response.json({"ok": True})
        if path == "/_sandbox/seed" and m == "POST":
            from sbx import seeds
            name = body.get("name")
            if not name:
                return _err("give the seed as {\"name\": \"tokyo-closed\"}")
            seeds.apply(app.state, name)
            inj.clear(log=True)
            return Response.json({"ok": True, "seed": name})
        if path == "/_sandbox/config":
            if m == "POST":
                with app.state.lock:
                    app.state.config.update(body)
                    app.state.dirty()
                    app.state.save()
            return Response.json(app.state.config)
        if path == "/_sandbox/latency":
            if m == "DELETE":
                inj.latency = []
                return Response.json({"ok": True})
            if m == "POST":
                return Response.json(inj.add_latency(body))
            return Response.json({"latency": inj.latency})
        if path == "/_sandbox/faults":
            if m == "DELETE":
                inj.faults = []
                inj.crash = None
                return Response.json({"ok": True})
            if m == "POST":
                return Response.json(inj.add_fault(body))
            return Response.json({"faults": inj.faults, "crash": inj.crash})
        if path == "/_sandbox/object" and m == "POST":
            # Change a stored object as its service would on its own (a workspace that fails, an
            # endpoint the service owner rejects): {"service": "ec2"|"dbx", "collection":
            # "vpc_endpoints", "id": "vpce-...", "set": {"State": "rejected"}}.
            with app.state.lock:
                if body.get("service") == "ec2":
                    coll = app.state.ec2[body["collection"]]
                else:
                    from sbx.dbx_common import dbx_root
                    coll = dbx_root(app.state)[body["collection"]]
                obj = coll.get(str(body["id"]))
                if obj is None:
                    return _err("no %s %s" % (body["collection"], body["id"]), 404)
                obj.update(body["set"])
                app.state.dirty()
                app.state.save()
            return Response.json({"ok": True})
        if path == "/_sandbox/crash" and m == "POST":
            if "pid" not in body:
                return _err("give the pid to kill: {\"pid\": N, \"after_creates\": N}")
            return Response.json(inj.set_crash(body))
    except (ValueError, KeyError, TypeError) as e:
        return _err(str(e))
    except FileNotFoundError as e:
        return _err(str(e), 404)
    return _err("no admin endpoint %s %s" % (m, ctx.path), 404)
