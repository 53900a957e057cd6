"""AWS error type, error bodies in each service's shape, and success envelopes."""
import secrets
import uuid
from xml.sax.saxutils import escape

from sbx import aws_model
from sbx.message import Response

NS = {"ec2": "http://ec2.amazonaws.com/doc/2016-11-15/",
      "iam": "https://iam.amazonaws.com/doc/2010-05-08/",
      "sts": "https://sts.amazonaws.com/doc/2011-06-15/",
      "s3": "http://s3.amazonaws.com/doc/2006-03-01/"}
XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'


class AwsError(Exception):
    def __init__(self, code, message, status=400, extra=None, headers=None, sender=True):
        super().__init__("%s: %s" % (code, message))
        self.code = code
        self.message = message
        self.status = status
        self.extra = extra or {}
        self.headers = headers or []
        self.sender = sender


def new_request_id(service):
    if service == "s3":
        return secrets.token_hex(8).upper()
    return str(uuid.uuid4())


def error_response(ctx, err):
    svc = ctx.service
    rid = ctx.request_id or new_request_id(svc)
    extra = "".join("<%s>%s</%s>" % (k, escape(str(v)), k) for k, v in err.extra.items())
    headers = list(err.headers)
    if svc == "ec2":
        body = ("%s<Response><Errors><Error><Code>%s</Code><Message>%s</Message>%s</Error></Errors>"
                "<RequestID>%s</RequestID></Response>" % (XML_DECL, err.code, escape(err.message), extra, rid))
    elif svc == "s3":
        body = ("%s<Error><Code>%s</Code><Message>%s</Message>%s<RequestId>%s</RequestId>"
                "<HostId>%s</HostId></Error>" % (XML_DECL, err.code, escape(err.message), extra, rid,
                                                 secrets.token_urlsafe(48)))
        headers += [("x-amz-request-id", rid), ("x-amz-id-2", secrets.token_urlsafe(48))]
        if ctx.method == "HEAD":
            body = ""
    else:
        body = ('<ErrorResponse xmlns="%s"><Error><Type>%s</Type><Code>%s</Code><Message>%s</Message>%s'
                "</Error><RequestId>%s</RequestId></ErrorResponse>"
                % (NS.get(svc, NS["iam"]), "Sender" if err.sender else "Receiver", err.code,
                   escape(err.message), extra, rid))
        headers.append(("x-amzn-RequestId", rid))
    return Response(err.status, body, headers, "text/xml;charset=UTF-8" if svc != "s3" else "application/xml")


def ok_query(ctx, operation, result):
    """Success body for EC2 (protocol ec2) and IAM/STS (protocol query)."""
    svc = ctx.service
    if svc == "ec2":
        inner = aws_model.output_inner("ec2", operation, result, millis=True)
        body = '%s<%sResponse xmlns="%s"><requestId>%s</requestId>%s</%sResponse>' % (
            XML_DECL, operation, NS["ec2"], ctx.request_id, inner, operation)
        return Response(200, body, None, "text/xml;charset=UTF-8")
    inner = aws_model.output_inner(svc, operation, result, millis=False)
    op = aws_model.model(svc).operation_model(operation)
    wrapper = op.output_shape.serialization.get("resultWrapper") if op.output_shape is not None else None
    if wrapper:
        inner = "<%s>%s</%s>" % (wrapper, inner, wrapper)
    body = ('<%sResponse xmlns="%s">%s<ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>'
            "</%sResponse>" % (operation, NS[svc], inner, ctx.request_id, operation))
    return Response(200, body, [("x-amzn-RequestId", ctx.request_id)], "text/xml")


FAULTS = {
    # kind: {service: (status, code, message)}
    "throttle": {"ec2": (503, "RequestLimitExceeded", "Request limit exceeded."),
                 "iam": (400, "Throttling", "Rate exceeded"),
                 "sts": (400, "Throttling", "Rate exceeded"),
                 "s3": (503, "SlowDown", "Please reduce your request rate.")},
    "http503": {"ec2": (503, "Unavailable", "The server is overloaded and can't handle the request."),
                "iam": (503, "ServiceUnavailable", "Service is unable to handle request."),
                "sts": (503, "ServiceUnavailable", "Service is unable to handle request."),
                "s3": (503, "ServiceUnavailable", "Service is unable to handle request.")},
    "http500": {"ec2": (500, "InternalError", "An internal error has occurred."),
                "iam": (500, "ServiceFailure", "An internal error has occurred."),
                "sts": (500, "InternalFailure", "An internal error has occurred."),
                "s3": (500, "InternalError", "We encountered an internal error. Please try again.")},
}


def fault_response(ctx, rule):
    kind = rule["kind"]
    svc = ctx.service if ctx.service in ("ec2", "iam", "sts", "s3") else "ec2"
    ctx.service = svc
    if kind == "malformed":
        op = ctx.operation or "Unknown"
        return Response(200, '%s<%sResponse xmlns="%s"><requestId>%s</requestId><vpcSet><item><vpcId>'
                        % (XML_DECL, op, NS.get(svc, ""), ctx.request_id or ""), None, "text/xml")
    if kind in ("echo_auth", "ansi"):
        from sbx.faults import hostile_message
        return error_response(ctx, AwsError("InvalidParameterValue", hostile_message(kind, ctx.headers), 400))
    status, code, message = FAULTS.get(kind, FAULTS["http500"])[svc]
    return error_response(ctx, AwsError(code, message, status, sender=(kind == "throttle")))
