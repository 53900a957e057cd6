"""The sandbox HTTP server: one dispatch for AWS, Databricks and the admin API."""
import json
import os
import signal
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Server(ThreadingHTTPServer):
    # The default listen backlog (5) makes the 6th+ concurrent connection wait
    # ~1 s for a SYN retry: clients that open 20 at once (pre-flight) saw it.
    request_queue_size = 128
from urllib.parse import parse_qs, urlsplit

from sbx import admin, faults, registry
from sbx.message import Fault, Headers, Request, Response
from sbx.state import State

DBX_PREFIXES = ("/api/", "/oidc/", "/.well-known/")


class App:
    def __init__(self, state_path=None, host="127.0.0.1", port=0, tls_port=None):
        self.state = State(state_path)
        self.host = host
        self.port = port
        self.tls_port = tls_port
        self.injector = faults.Injector()
        self.servers = []
        self.has_dbx = registry.load_dbx()
        self.stopping = threading.Event()

    config = property(lambda self: self.state.config)

    # listeners ----------------------------------------------------------
    def start(self):
        srv = self._make_server(self.host, self.port, None)
        self.port = srv.server_address[1]
        for fn in registry.DBX["startup"]:
            fn(self)
        return srv

    def serve_extra(self, host, port, ssl_context=None):
        srv = self._make_server(host, port, ssl_context)
        t = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        t.start()
        return srv.server_address[:2]

    def _make_server(self, host, port, ssl_context):
        app = self

        class Handler(SandboxHandler):
            pass
        Handler.app = app
        Handler.tls = ssl_context is not None
        srv = _Server((host, port), Handler)
        srv.daemon_threads = True
        if ssl_context is not None:
            srv.socket = ssl_context.wrap_socket(srv.socket, server_side=True)
        self.servers.append(srv)
        return srv

    def shutdown(self):
        self.stopping.set()
        for srv in self.servers:
            srv.shutdown()
            srv.server_close()

    # operations ---------------------------------------------------------
    @staticmethod
    def is_create(name):
        return bool(faults.CREATE_RE.match(name or ""))

    def on_operation(self, ctx):
        delay = self.injector.delay_for(ctx.service, ctx.operation)
        rule = self.injector.fault_for(ctx.service, ctx.operation)
        if delay > 0:
            held = ctx.extra.get("locked", False)
            if held:
                self.state.lock.release()
            try:
                faults.sleep(delay)
            finally:
                if held:
                    self.state.lock.acquire()
        if rule and rule["kind"] == "lost_response":
            ctx.extra["lost_response"] = rule     # run the handler; the reply is lost after it
        elif rule:
            raise Fault(rule)

    def route(self, ctx):
        """Return (service, handler) for a request."""
        auth = ctx.headers.get("Authorization", "") or ""
        if ctx.path.startswith("/_sandbox/"):
            return "admin", admin.handle
        if auth.startswith("AWS4-HMAC-SHA256") or "X-Amz-Credential" in ctx.query:
            from sbx import aws_dispatch
            return "aws", aws_dispatch.handle
        if (ctx.tls or ctx.path.startswith(DBX_PREFIXES) or auth.startswith("Bearer ")
                or auth.startswith("Basic ")):
            return "dbx", registry.DBX["handler"]
        return None, None

    def fault_response(self, ctx, rule):
        if ctx.service == "dbx":
            return dbx_fault(ctx, rule)
        from sbx import aws_dispatch
        return aws_dispatch.fault_response(ctx, rule)

    def dispatch(self, ctx):
        """Run the handler; returns (response, fault_rule)."""
        kind, handler = self.route(ctx)
        if kind is None:
            ctx.service, ctx.operation = "none", "Unrouted"
            return Response.json({"error": "the sandbox cannot tell which service this request is for "
                                  "(no AWS SigV4 Authorization, no Databricks path or Bearer token)"}, 400), None
        if kind == "admin":
            ctx.service, ctx.operation = "admin", ctx.path
            return handler(self, ctx), None
        if kind == "dbx":
            ctx.service = "dbx"
            if handler is None:
                handler = _dbx_missing
        try:
            if kind == "aws":
                resp = handler(self, ctx)
            else:
                with self.state.lock:
                    ctx.extra["locked"] = True
                    try:
                        resp = handler(ctx)
                    finally:
                        ctx.extra["locked"] = False
                        self.state.save()
                if ctx.operation is None:
                    ctx.op("%s %s" % (ctx.method, ctx.path), create=False)
        except Fault as f:
            return None, f.rule
        return resp, None

    def kill(self, rule):
        try:
            os.kill(rule["pid"], signal.SIGKILL)
        except OSError:
            pass


def _dbx_missing(ctx):
    return registry.dbx_error(ctx, 501, "NOT_AVAILABLE", "the Databricks side of the sandbox is not installed")


def dbx_fault(ctx, rule):
    kind = rule["kind"]
    if kind == "throttle":
        return registry.dbx_error(ctx, 429, "REQUEST_LIMIT_EXCEEDED",
                                  "Too many requests. Please wait a moment and try again.",
                                  [("Retry-After", str(rule.get("retry_after", 1)))])
    if kind == "http503":
        return registry.dbx_error(ctx, 503, "TEMPORARILY_UNAVAILABLE", "The service is temporarily unavailable.")
    if kind == "malformed":
        return Response(200, b'{"workspace_id": 12, "workspace_status": "RUNN', None, "application/json")
    if kind in ("echo_auth", "ansi"):
        from sbx.faults import hostile_message
        return registry.dbx_error(ctx, 400, "INVALID_PARAMETER_VALUE", hostile_message(kind, ctx.headers))
    return registry.dbx_error(ctx, 500, "INTERNAL_ERROR", "Internal error (injected by the sandbox).")


class SandboxHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "heiiki-sandbox"
    disable_nagle_algorithm = True   # headers and body go out in two writes: without this, ~40 ms per keep-alive call
    sys_version = ""
    app = None
    tls = False

    def finish(self):
        try:
            super().finish()
        except OSError:
            pass

    def version_string(self):
        return self.server_version

    def log_message(self, fmt, *args):  # quiet; the request log is the record
        pass

    def _read_body(self):
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if te == "chunked":
            out = bytearray()
            while True:
                line = self.rfile.readline(65537).strip()
                size = int(line.split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline(65537).strip():
                        pass
                    break
                out += self.rfile.read(size)
                self.rfile.readline()
            return bytes(out)
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def _handle(self):
        t0 = time.time()
        app = self.app
        body = self._read_body()
        parts = urlsplit(self.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        ctx = Request(app, self.command, self.path, parts.path, query, Headers(self.headers.items()),
                      body, self.client_address[:2], self.server.server_address[:2], self.tls)
        try:
            resp, rule = app.dispatch(ctx)
        except Exception as e:  # a handler bug must not kill the connection silently
            import traceback
            traceback.print_exc()
            resp, rule = Response.json({"error": "sandbox internal error: %s" % e}, 500), None
        status = resp.status if resp is not None else 0
        lost = ctx.extra.get("lost_response") if not rule else None
        if lost:
            rule = lost              # processed (the state changed, the status is logged); reply lost
        elif rule:
            resp, status = self._fault_response(ctx, rule)
        crash = None
        if ctx.service not in ("admin", "none") and not rule:
            crash = app.injector.crash_check(ctx, status)
            if crash and crash["when"] == "before_response":
                app.kill(crash)
        # The log entry lands before the client can see the response, so a
        # client that reads the log right after its call always finds the call.
        # "ms" is therefore the handling time, without writing the response.
        if ctx.service != "admin":
            app.injector.record({"t": round(t0, 3), "service": ctx.service, "operation": ctx.operation,
                                 "method": self.command, "path": ctx.path, "status": status,
                                 "fault": rule["kind"] if rule else None, "create": bool(ctx.create),
                                 "ms": round((time.time() - t0) * 1000, 1)})
        if rule:
            self._fault(rule, resp)
        elif resp is not None:
            self._send(resp)
        if crash and crash["when"] == "after_response":
            app.kill(crash)

    def _send(self, resp, truncate=False):
        body = resp.body
        self.send_response(resp.status)
        for k, v in resp.headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body[: len(body) // 2] if truncate else body)
        self.wfile.flush()

    def _fault_response(self, ctx, rule):
        """What a fault sends, and the status to log for it (0: no response at all)."""
        kind = rule["kind"]
        if kind in ("reset", "timeout"):
            return None, 0
        if kind == "truncate":
            resp = self.app.fault_response(ctx, dict(rule, kind="http500"))
            ok = Response(200, resp.body + b" " * 64, [h for h in resp.headers if h[0].lower() == "content-type"])
            return ok, 200
        resp = self.app.fault_response(ctx, rule)
        return resp, resp.status

    def _fault(self, rule, resp):
        kind = rule["kind"]
        if kind in ("reset", "lost_response"):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            os.close(self.connection.detach())   # linger 0 + close = TCP RST
            self.close_connection = True
        elif kind == "timeout":
            self.app.stopping.wait(rule.get("hold_s", 30))
            self.close_connection = True
        elif kind == "truncate":
            self._send(resp, truncate=True)
            self.close_connection = True
        else:
            self._send(resp)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _handle


def serve(state_path, port, tls_port=None, ready_fd=None, seed=None):
    """Run the sandbox in the foreground (the CLI daemonizes around this)."""
    app = App(state_path, port=port, tls_port=tls_port)
    srv = app.start()
    if seed:
        from sbx import seeds
        seeds.apply(app.state, seed)
    signal.signal(signal.SIGTERM, lambda *a: threading.Thread(target=app.shutdown, daemon=True).start())
    if ready_fd is not None:
        os.write(ready_fd, json.dumps({"port": app.port, "tls_port": app.tls_port}).encode() + b"\n")
        os.close(ready_fd)
    from sbx import aws_model
    aws_model.preload()
    srv.serve_forever(poll_interval=0.05)
    app.state.save(force=True)
    return app
