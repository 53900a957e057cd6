"""Request context and Response type shared by every handler (see CONTRACT.md)."""
import json


class BadJson(ValueError):
    pass


class Fault(Exception):
    """Raised by ctx.op() when an injected fault must replace the response."""

    def __init__(self, rule):
        super().__init__(rule.get("kind"))
        self.rule = rule


class Headers:
    """Case-insensitive, order-keeping header view."""

    def __init__(self, pairs):
        self.pairs = list(pairs)

    def get(self, name, default=None):
        low = name.lower()
        for k, v in self.pairs:
            if k.lower() == low:
                return v
        return default

    def __contains__(self, name):
        return self.get(name) is not None

    def items(self):
        return list(self.pairs)


class Response:
    def __init__(self, status=200, body=b"", headers=None, content_type=None):
        self.status = status
        self.body = body.encode() if isinstance(body, str) else body
        self.headers = list(headers.items() if isinstance(headers, dict) else (headers or []))
        if content_type:
            self.headers.append(("Content-Type", content_type))

    @classmethod
    def json(cls, obj, status=200, headers=None):
        return cls(status, json.dumps(obj).encode(), headers, "application/json")

    @classmethod
    def xml(cls, text, status=200, headers=None):
        return cls(status, text, headers, "text/xml;charset=UTF-8")

    @classmethod
    def text(cls, s, status=200, headers=None):
        return cls(status, s, headers, "text/plain; charset=utf-8")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


class Request:
    def __init__(self, app, method, raw_path, path, query, headers, body,
                 client_addr, server_addr, tls):
        self.app = app
        self.state = app.state
        self.method = method
        self.raw_path = raw_path
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.client_addr = client_addr
        self.server_addr = server_addr
        self.tls = tls
        self.service = None       # "ec2" | "iam" | "sts" | "s3" | "dbx"
        self.operation = None     # set by op()
        self.create = False
        self.region = None
        self.request_id = None
        self.extra = {}

    def json(self):
        if not self.body:
            return {}
        try:
            return json.loads(self.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            raise BadJson(str(e))

    def op(self, name, create=None):
        """Name the operation; applies latency and raises Fault if a rule matches."""
        if self.operation is not None:
            return
        self.operation = name
        self.create = self.app.is_create(name) if create is None else bool(create)
        self.app.on_operation(self)
