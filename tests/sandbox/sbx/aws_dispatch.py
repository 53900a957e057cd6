"""AWS entry: find service + operation, apply faults, verify SigV4, check parameters, run the handler."""
from urllib.parse import parse_qsl

from sbx import aws_common, aws_model, aws_sigv4
from sbx.aws_common import AwsError, error_response
from sbx.message import Response

QUERY_SERVICES = ("ec2", "iam", "sts")


def _module(service):
    if service == "ec2":
        from sbx import aws_ec2 as m
    elif service == "iam":
        from sbx import aws_iam as m
    elif service == "sts":
        from sbx import aws_sts as m
    else:
        from sbx import aws_s3 as m
    return m


def query_params(ctx):
    pairs = []
    if ctx.body and ctx.method == "POST":
        try:
            pairs += parse_qsl(ctx.body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            pass
    pairs += [(k, v) for k, vals in ctx.query.items() for v in vals]
    return dict(pairs)


def fault_response(ctx, rule):
    return aws_common.fault_response(ctx, rule)


def _param_error(service, e):
    if service == "ec2":
        code = {"unknown": "UnknownParameter", "missing": "MissingParameter"}.get(e.kind, "InvalidParameterValue")
        return AwsError(code, e.message, 400)
    if e.kind == "missing":
        member = e.name.split(".")[-1]
        member = member[:1].lower() + member[1:]
        return AwsError("ValidationError", "1 validation error detected: Value null at '%s' failed to satisfy "
                        "constraint: Member must not be null" % member, 400)
    if e.kind == "unknown":
        return AwsError("InvalidInput", e.message, 400)
    return AwsError("ValidationError", "1 validation error detected: Value at '%s' failed to satisfy "
                    "constraint: %s" % (e.name, e.message), 400)


def handle(app, ctx):
    auth = aws_sigv4.parse_auth(ctx.headers.get("Authorization"))
    if auth is None:
        ctx.service = "s3" if "X-Amz-Credential" in ctx.query else "ec2"
        ctx.op("Unsigned", create=False)
        return error_response(ctx, AwsError("IncompleteSignature" if ctx.service != "s3" else "AccessDenied",
                                            "The request signature is malformed or presigned URLs are used "
                                            "(the sandbox verifies Authorization-header SigV4 only).", 403))
    service = auth["service"]
    if service not in ("ec2", "iam", "sts", "s3"):
        ctx.service = "ec2"
        ctx.op("Unsupported:" + service, create=False)
        return Response.json({"error": "the sandbox does not emulate AWS service %r" % service}, 400)
    ctx.service = service
    ctx.region = auth["region"]
    ctx.request_id = aws_common.new_request_id(service)
    mod = _module(service)
    if service in QUERY_SERVICES:
        params = query_params(ctx)
        action = params.pop("Action", None)
        version = params.pop("Version", None)
        ctx.op(action or "MissingAction")
    else:
        params = None
        ctx.op(mod.classify(ctx))
    try:
        sess = aws_sigv4.verify(ctx, auth)
        ctx.extra["session"] = sess
        if service == "iam" and auth["region"] != "us-east-1":
            raise AwsError("SignatureDoesNotMatch", "Credential should be scoped to a valid region, not '%s'. "
                           % auth["region"], 403)
        if service in QUERY_SERVICES:
            if not action:
                raise AwsError("MissingAction", "Missing Action", 400)
            if not aws_model.has_operation(service, action):
                raise AwsError("InvalidAction", "The action %s is not valid for this web service." % action, 400)
            if not version:
                raise AwsError("MissingParameter", "The request must contain the parameter Version", 400)
            try:
                params = aws_model.parse_query(service, action, params)
            except aws_model.ParamError as e:
                raise _param_error(service, e)
            if service == "ec2" and params.get("DryRun"):
                raise AwsError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412)
        with ctx.state.lock:
            try:
                return mod.handle(ctx, ctx.operation, params)
            finally:
                ctx.state.save()
    except AwsError as e:
        return error_response(ctx, e)
