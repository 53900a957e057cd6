"""Re-verify a request's AWS SigV4 signature with botocore's own signer."""
import datetime
import hashlib
import hmac
import re
from urllib.parse import parse_qsl, urlsplit

from sbx import identity
from sbx.aws_common import AwsError

AUTH_RE = re.compile(r"AWS4-HMAC-SHA256\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,"
                     r"\s*Signature=([0-9a-f]+)\s*$")
UNSIGNED = ("UNSIGNED-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER")


def parse_auth(header):
    """-> dict(akid, date, region, service, signed_headers, signature) or None."""
    m = AUTH_RE.match(header or "")
    if not m:
        return None
    scope = m.group(1).split("/")
    if len(scope) != 5 or scope[4] != "aws4_request":
        return None
    return {"akid": scope[0], "date": scope[1], "region": scope[2], "service": scope[3],
            "signed_headers": m.group(2).split(";"), "signature": m.group(3)}


def _bad_sig(service, message):
    if service == "ec2":
        return AwsError("AuthFailure", "AWS was not able to validate the provided access credentials", 401)
    return AwsError("SignatureDoesNotMatch", message, 403)


def _bad_key(service):
    if service == "ec2":
        return AwsError("AuthFailure", "AWS was not able to validate the provided access credentials", 401)
    if service == "s3":
        return AwsError("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.",
                        403)
    return AwsError("InvalidClientTokenId", "The security token included in the request is invalid.", 403)


def lookup_secret(state, akid, token):
    """The secret for an access key: the fixed test key or an AssumeRole session."""
    if akid == identity.AWS_ACCESS_KEY_ID:
        return identity.AWS_SECRET_ACCESS_KEY, None
    sess = state.sts["sessions"].get(akid)
    if not sess:
        return None, None
    if sess["expires"] < state.now():
        return None, "expired"
    if token != sess["token"]:
        return None, None
    return sess["secret"], sess


def verify(ctx, auth):
    """Raise AwsError unless the request is signed by a known key. Returns the session (or None)."""
    from botocore.auth import S3SigV4Auth, SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    service = auth["service"]
    amz_date = ctx.headers.get("X-Amz-Date")
    if not amz_date:
        raise AwsError("MissingAuthenticationToken" if service != "s3" else "AccessDenied",
                       "Missing X-Amz-Date header (the sandbox needs it to check the signature).", 403)
    try:
        when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        raise _bad_sig(service, "Invalid X-Amz-Date %r" % amz_date)
    skew = abs((datetime.datetime.now(datetime.timezone.utc) - when).total_seconds())
    if skew > 900:
        if service == "ec2":
            raise AwsError("RequestExpired", "Request has expired.", 400)
        if service == "s3":
            raise AwsError("RequestTimeTooSkewed",
                           "The difference between the request time and the current time is too large.", 403)
        raise AwsError("SignatureDoesNotMatch", "Signature expired: %s is now earlier than the allowed window "
                       "(15 minutes)." % amz_date, 403)
    if auth["date"] != amz_date[:8]:
        raise _bad_sig(service, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
                       "from HTTP: '%s' != '%s', from '%s'." % (auth["date"], amz_date[:8], amz_date))
    token = ctx.headers.get("X-Amz-Security-Token")
    secret, sess = lookup_secret(ctx.state, auth["akid"], token)
    if secret is None:
        if sess == "expired":
            code = "ExpiredToken" if service != "ec2" else "RequestExpired"
            raise AwsError(code, "The security token included in the request is expired", 400 if service == "ec2"
                           else 403)
        raise _bad_key(service)
    claimed = ctx.headers.get("X-Amz-Content-SHA256")
    if service == "s3" and not claimed:
        raise AwsError("InvalidRequest", "Missing required header for this request: x-amz-content-sha256", 400)
    if "host" not in auth["signed_headers"]:
        raise _bad_sig(service, "'Host' must be a signed header.")
    signed = []
    for name in auth["signed_headers"]:
        vals = [v for k, v in ctx.headers.items() if k.lower() == name]
        if not vals:
            raise _bad_sig(service, "The request signature we calculated does not match the signature you "
                           "provided. Signed header %r is missing from the request." % name)
        signed += [(name, v) for v in vals]
    if claimed and claimed not in UNSIGNED and claimed != hashlib.sha256(ctx.body).hexdigest():
        raise AwsError("XAmzContentSHA256Mismatch",
                       "The provided 'x-amz-content-sha256' header does not match what was computed.", 400)
    host = ctx.headers.get("Host") or "%s:%d" % ctx.server_addr
    parts = urlsplit(ctx.raw_path)
    req = AWSRequest(method=ctx.method, url="http://%s%s" % (host, parts.path), data=ctx.body)
    for k, v in signed:
        req.headers[k] = v
    if parts.query:
        req.params = parse_qsl(parts.query, keep_blank_values=True)
    req.context["timestamp"] = amz_date
    signer_cls = S3SigV4Auth if service == "s3" else SigV4Auth
    signer = signer_cls(Credentials(auth["akid"], secret, token), service, auth["region"])
    canonical = signer.canonical_request(req)
    expected = signer.signature(signer.string_to_sign(req, canonical), req)
    if not hmac.compare_digest(expected, auth["signature"]):
        raise _bad_sig(service, "The request signature we calculated does not match the signature you provided. "
                       "Check your AWS Secret Access Key and signing method. Consult the service documentation "
                       "for details.")
    return sess if isinstance(sess, dict) else None
