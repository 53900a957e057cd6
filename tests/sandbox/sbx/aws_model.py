"""botocore's service models: parse query-protocol parameters against an operation's input shape
(rejecting unknown and missing ones) and serialize results to XML by the output shape."""
import base64
import datetime
import threading
from xml.sax.saxutils import escape

_LOCK = threading.Lock()
_MODELS = {}
_SESSION = []


class ParamError(Exception):
    """kind: 'unknown' | 'missing' | 'invalid'; name: the wire name (EC2) or member path (IAM)."""

    def __init__(self, kind, name, message):
        super().__init__(message)
        self.kind = kind
        self.name = name
        self.message = message


def model(service):
    with _LOCK:
        if service not in _MODELS:
            if not _SESSION:
                import botocore.session
                _SESSION.append(botocore.session.get_session())
            _MODELS[service] = _SESSION[0].get_service_model(service)
        return _MODELS[service]


def preload(services=("ec2", "iam", "sts", "s3")):
    def run():
        import botocore.auth  # noqa: F401  (the signer, imported here so the first request need not)
        import botocore.awsrequest  # noqa: F401
        import botocore.credentials  # noqa: F401
        for s in services:
            model(s)
    threading.Thread(target=run, daemon=True).start()


# ---------------------------------------------------------------- input (query / ec2 protocol)
def _wire_name(shape, default, ec2):
    ser = shape.serialization
    if ec2:
        if "queryName" in ser:
            return ser["queryName"]
        if "name" in ser:
            return ser["name"][0].upper() + ser["name"][1:]
        return default
    return ser.get("name", default)


def _scalar(shape, raw, wire, ec2):
    t = shape.type_name
    try:
        if t == "boolean":
            low = raw.lower()
            if low not in ("true", "false"):
                raise ValueError
            return low == "true"
        if t in ("integer", "long"):
            v = int(raw)
            lo = shape.metadata.get("min")
            hi = shape.metadata.get("max")
            if (lo is not None and v < lo) or (hi is not None and v > hi):
                raise ParamError("invalid", wire, "Value (%s) for parameter %s is invalid. "
                                 "It must be between %s and %s." % (raw, wire, lo, hi))
            return v
        if t in ("float", "double"):
            return float(raw)
        if t == "timestamp":
            return raw
        if t == "blob":
            return base64.b64decode(raw)
    except ValueError:
        raise ParamError("invalid", wire, "Value (%s) for parameter %s is invalid." % (raw, wire))
    if not ec2:
        lo = shape.metadata.get("min")
        hi = shape.metadata.get("max")
        if lo is not None and len(raw) < lo:
            raise ParamError("invalid", wire, "Member must have length greater than or equal to %d" % lo)
        if hi is not None and len(raw) > hi:
            raise ParamError("invalid", wire, "Member must have length less than or equal to %d" % hi)
    return raw


def _has_prefix(params, prefix):
    p = prefix + "."
    return any(k == prefix or k.startswith(p) for k in params)


def _parse(shape, prefix, params, used, ec2):
    t = shape.type_name
    if t == "structure":
        out = {}
        for mname, mshape in shape.members.items():
            wname = _wire_name(mshape, mname, ec2)
            if not ec2 and mshape.type_name == "list" and mshape.serialization.get("flattened"):
                wname = mshape.member.serialization.get("name", wname)
            key = "%s.%s" % (prefix, wname) if prefix else wname
            if _has_prefix(params, key):
                out[mname] = _parse(mshape, key, params, used, ec2)
        for req in shape.required_members:
            if req not in out:
                wname = _wire_name(shape.members[req], req, ec2)
                raise ParamError("missing", ("%s.%s" % (prefix, wname)) if prefix else wname,
                                 "The request must contain the parameter %s" % wname)
        return out
    if t == "list":
        if ec2:
            base = prefix
        elif shape.serialization.get("flattened"):
            base = prefix
        else:
            base = "%s.%s" % (prefix, shape.member.serialization.get("name", "member"))
        if prefix in params and params[prefix] == "":
            used.add(prefix)
            return []
        items, i = [], 1
        while _has_prefix(params, "%s.%d" % (base, i)):
            items.append(_parse(shape.member, "%s.%d" % (base, i), params, used, ec2))
            i += 1
        return items
    if t == "map":
        out, i = {}, 1
        kname = shape.key.serialization.get("name", "key")
        vname = shape.value.serialization.get("name", "value")
        base = prefix if shape.serialization.get("flattened") else prefix + ".entry"
        while _has_prefix(params, "%s.%d" % (base, i)):
            k = _parse(shape.key, "%s.%d.%s" % (base, i, kname), params, used, ec2)
            out[k] = _parse(shape.value, "%s.%d.%s" % (base, i, vname), params, used, ec2)
            i += 1
        return out
    if prefix not in params:
        raise ParamError("invalid", prefix, "The parameter %s has no value" % prefix)
    used.add(prefix)
    return _scalar(shape, params[prefix], prefix, ec2)


# Parameters the real API takes that the system's (older) botocore model lacks: taken as optional
# strings. CreateRouteTable's ClientToken: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/
# API_CreateRouteTable.html (in botocore's model since 2023; Debian's 1.29 predates it).
NEWER_PARAMS = {("ec2", "CreateRouteTable"): ("ClientToken",)}


def parse_query(service, operation, params):
    """params: flat dict wire-name -> str (without Action/Version). Returns the nested input."""
    newer = {k: params[k] for k in NEWER_PARAMS.get((service, operation), ()) if k in params}
    if newer:
        params = {k: v for k, v in params.items() if k not in newer}
        out = parse_query(service, operation, params)
        out.update(newer)
        return out
    op = model(service).operation_model(operation)
    ec2 = model(service).protocol == "ec2"
    if op.input_shape is None:
        if params:
            name = sorted(params)[0]
            raise ParamError("unknown", name, "The parameter %s is not recognized" % name)
        return {}
    used = set()
    out = _parse(op.input_shape, "", params, used, ec2)
    extra = sorted(k for k in params if k not in used)
    if extra:
        raise ParamError("unknown", extra[0], "The parameter %s is not recognized" % extra[0])
    return out


def has_operation(service, operation):
    return operation in model(service).operation_names


# ---------------------------------------------------------------- output (XML)
def iso(ts, millis=True):
    d = datetime.datetime.fromtimestamp(float(ts), datetime.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S") + (".000Z" if millis else "Z")


def _member_tag(mname, mshape):
    if mshape.type_name == "list" and mshape.serialization.get("flattened"):
        n = mshape.member.serialization.get("name")
        if n:
            return n
    return mshape.serialization.get("name", mname)


def to_xml(shape, value, tag, millis=True):
    t = shape.type_name
    if value is None:
        return ""
    if t == "structure":
        parts = []
        for mname, mshape in shape.members.items():
            if mname in value and value[mname] is not None:
                if mshape.serialization.get("location"):
                    continue
                if millis and mname in ("Tags", "TagSet") and not value[mname]:
                    continue    # EC2 leaves out an empty tagSet
                parts.append(to_xml(mshape, value[mname], _member_tag(mname, mshape), millis))
        return "<%s>%s</%s>" % (tag, "".join(parts), tag)
    if t == "list":
        if shape.serialization.get("flattened"):
            return "".join(to_xml(shape.member, v, tag, millis) for v in value)
        mtag = shape.member.serialization.get("name", "member")
        return "<%s>%s</%s>" % (tag, "".join(to_xml(shape.member, v, mtag, millis) for v in value), tag)
    if t == "map":
        kn = shape.key.serialization.get("name", "key")
        vn = shape.value.serialization.get("name", "value")
        body = "".join("<entry>%s%s</entry>" % (to_xml(shape.key, k, kn, millis), to_xml(shape.value, v, vn, millis))
                       for k, v in value.items())
        return "<%s>%s</%s>" % (tag, body, tag)
    if t == "boolean":
        text = "true" if value else "false"
    elif t == "timestamp":
        text = iso(value, millis) if isinstance(value, (int, float)) else str(value)
    elif t == "blob":
        text = base64.b64encode(value if isinstance(value, bytes) else str(value).encode()).decode()
    else:
        text = escape(str(value))
    return "<%s>%s</%s>" % (tag, text, tag)


def output_inner(service, operation, result, millis=True):
    """The XML of the output shape's members (without a wrapper element)."""
    op = model(service).operation_model(operation)
    shape = op.output_shape
    if shape is None:
        return ""
    xml = to_xml(shape, result or {}, "X", millis)
    return xml[3:-4]
