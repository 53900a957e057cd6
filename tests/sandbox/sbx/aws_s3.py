"""S3 REST API (path-style): buckets with a region, bucket policy, public access block, versioning,
default encryption, objects. state.s3["buckets"][name] = {"_region", "CreationDate", "_policy",
"_pab", "_versioning", "_objects": {key: {"body" (base64), "etag", "modified", "type"}}}."""
import base64
import hashlib
import re
import xml.etree.ElementTree as ET
from email.utils import formatdate
from urllib.parse import unquote
from xml.sax.saxutils import escape

from sbx import aws_iam, aws_model, aws_policy
from sbx.aws_common import NS, XML_DECL, AwsError
from sbx.message import Response

MAX_OBJECT = 8 * 1024 * 1024
BUCKET_RE = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")
SUBRESOURCES = ("location", "policy", "publicAccessBlock", "versioning", "encryption")
UNSUPPORTED = ("acl", "tagging", "lifecycle", "cors", "logging", "notification", "replication", "website",
               "ownershipControls", "uploads", "uploadId", "object-lock", "accelerate", "requestPayment",
               "analytics", "inventory", "metrics", "intelligent-tiering", "retention", "legal-hold", "torrent",
               "restore", "select", "attributes", "delete")


def _split(ctx):
    path = ctx.path.lstrip("/")
    bucket, _, key = path.partition("/")
    return unquote(bucket), unquote(key)


def classify(ctx):
    bucket, key = _split(ctx)
    m = ctx.method
    q = ctx.query
    if not bucket:
        return "ListBuckets" if m == "GET" else "Unsupported"
    if key:
        return {"GET": "GetObject", "PUT": "PutObject", "HEAD": "HeadObject", "DELETE": "DeleteObject"}.get(
            m, "Unsupported")
    for sub in SUBRESOURCES:
        if sub in q:
            verb = {"GET": "Get", "PUT": "Put", "DELETE": "Delete"}.get(m, "Unsupported")
            name = {"location": "BucketLocation", "policy": "BucketPolicy", "publicAccessBlock": "PublicAccessBlock",
                    "versioning": "BucketVersioning", "encryption": "BucketEncryption"}[sub]
            return verb + name
    if any(u in q for u in UNSUPPORTED):
        return "Unsupported"
    if m == "GET":
        return "ListObjectsV2" if q.get("list-type") == ["2"] else "ListObjects"
    return {"PUT": "CreateBucket", "HEAD": "HeadBucket", "DELETE": "DeleteBucket"}.get(m, "Unsupported")


def _xml(root, inner, status=200, headers=None):
    body = '%s<%s xmlns="%s">%s</%s>' % (XML_DECL, root, NS["s3"], inner, root)
    return Response(status, body, headers, "application/xml")


def _ok(ctx, status=200, body=b"", headers=None, ctype=None):
    h = [("x-amz-request-id", ctx.request_id), ("x-amz-id-2", base64.b64encode(ctx.request_id.encode()).decode())]
    return Response(status, body, h + list(headers or []), ctype)


def _parse_body(ctx, root_name):
    if not ctx.body:
        return None
    try:
        root = ET.fromstring(ctx.body)
    except ET.ParseError:
        raise AwsError("MalformedXML", "The XML you provided was not well-formed or did not validate against our "
                       "published schema", 400)
    if root.tag.split("}")[-1] != root_name:
        raise AwsError("MalformedXML", "The XML you provided was not well-formed or did not validate against our "
                       "published schema", 400)
    return {child.tag.split("}")[-1]: (child.text or "").strip() for child in root}


def _bucket(ctx, name, check_region=True):
    b = ctx.state.s3["buckets"].get(name)
    if b is None:
        raise AwsError("NoSuchBucket", "The specified bucket does not exist", 404, {"BucketName": name})
    if check_region and ctx.region != b["_region"]:
        if ctx.method == "HEAD":
            raise AwsError("400", "Bad Request", 400, headers=[("x-amz-bucket-region", b["_region"])])
        raise AwsError("AuthorizationHeaderMalformed", "The authorization header is malformed; the region '%s' is "
                       "wrong; expecting '%s'" % (ctx.region, b["_region"]), 400, {"Region": b["_region"]},
                       headers=[("x-amz-bucket-region", b["_region"])])
    return b


def create_bucket(state, name, region):
    if not BUCKET_RE.match(name) or ".." in name or re.match(r"^\d+\.\d+\.\d+\.\d+$", name):
        raise AwsError("InvalidBucketName", "The specified bucket is not valid.", 400, {"BucketName": name})
    if name in state.s3["buckets"]:
        raise AwsError("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and "
                       "you already own it.", 409, {"BucketName": name})
    # A new bucket blocks all public access: "Starting in April 2023, all Block Public Access settings are
    # enabled by default for new buckets" (S3 User Guide, "Blocking public access to your Amazon S3 storage";
    # AWS News Blog, "Heads-Up: Amazon S3 Security Changes Are Coming in April of 2023").  GetPublicAccessBlock
    # answers NoSuchPublicAccessBlockConfiguration only after DeletePublicAccessBlock (or for older buckets).
    state.s3["buckets"][name] = {"_region": region, "CreationDate": state.now(), "_policy": None,
                                 "_pab": {k: True for k in PAB_KEYS}, "_versioning": None, "_objects": {}}
    state.dirty()
    return state.s3["buckets"][name]


def op_list_buckets(ctx, b, key):
    user = aws_iam.caller_user(ctx.state)
    rows = sorted(ctx.state.s3["buckets"].items())
    inner = "<Owner><ID>%s</ID><DisplayName>%s</DisplayName></Owner><Buckets>%s</Buckets>" % (
        hashlib.sha256(user["Arn"].encode()).hexdigest(), escape(user["UserName"]),
        "".join("<Bucket><Name>%s</Name><CreationDate>%s</CreationDate></Bucket>"
                % (escape(n), aws_model.iso(x["CreationDate"])) for n, x in rows))
    return _ok(ctx, 200, _xml("ListAllMyBucketsResult", inner).body, None, "application/xml")


def op_create_bucket(ctx, name, key):
    conf = _parse_body(ctx, "CreateBucketConfiguration") or {}
    loc = conf.get("LocationConstraint") or None
    if loc is None and ctx.region != "us-east-1":
        raise AwsError("IllegalLocationConstraintException", "The unspecified location constraint is incompatible "
                       "for the region specific endpoint this request was sent to.", 400)
    if loc is not None and loc != ctx.region:
        raise AwsError("IllegalLocationConstraintException", "The %s location constraint is incompatible for the "
                       "region specific endpoint this request was sent to." % loc, 400)
    if loc == "us-east-1":
        raise AwsError("InvalidLocationConstraint", "The specified location-constraint is not valid", 400,
                       {"LocationConstraint": loc})
    create_bucket(ctx.state, name, loc or "us-east-1")
    return _ok(ctx, 200, b"", [("Location", "/" + name)])


def op_head_bucket(ctx, name, key):
    b = _bucket(ctx, name)
    return _ok(ctx, 200, b"", [("x-amz-bucket-region", b["_region"])])


def op_delete_bucket(ctx, name, key):
    b = _bucket(ctx, name)
    if b["_objects"]:
        raise AwsError("BucketNotEmpty", "The bucket you tried to delete is not empty", 409, {"BucketName": name})
    del ctx.state.s3["buckets"][name]
    ctx.state.dirty()
    return _ok(ctx, 204)


def op_get_bucket_location(ctx, name, key):
    b = _bucket(ctx, name, check_region=ctx.region != "us-east-1")
    loc = "" if b["_region"] == "us-east-1" else b["_region"]
    body = '%s<LocationConstraint xmlns="%s">%s</LocationConstraint>' % (XML_DECL, NS["s3"], loc)
    return _ok(ctx, 200, body.encode(), None, "application/xml")


def op_put_bucket_policy(ctx, name, key):
    b = _bucket(ctx, name)
    try:
        doc = aws_policy.parse(ctx.body.decode("utf-8"))
    except (aws_policy.PolicyError, UnicodeDecodeError):
        raise AwsError("MalformedPolicy", "Policies must be valid JSON and the first byte must be '{'", 400)
    for st in aws_policy.as_list(doc["Statement"]):
        if "Principal" not in st and "NotPrincipal" not in st:
            raise AwsError("MalformedPolicy", "Missing required field Principal", 400)
        for r in aws_policy.as_list(st.get("Resource")):
            if not (r.startswith("arn:aws:s3:::%s" % name) or r.startswith("arn:aws-us-gov:s3:::%s" % name)):
                raise AwsError("MalformedPolicy", "Policy has invalid resource", 400)
    pab = b.get("_pab") or {}
    if pab.get("BlockPublicPolicy") and any(st.get("Effect") == "Allow" and st.get("Principal") in ("*", {"AWS": "*"})
                                            for st in aws_policy.as_list(doc["Statement"])):
        raise AwsError("AccessDenied", "Access Denied", 403)
    b["_policy"] = ctx.body.decode("utf-8")
    ctx.state.dirty()
    return _ok(ctx, 204)


def op_get_bucket_policy(ctx, name, key):
    b = _bucket(ctx, name)
    if not b["_policy"]:
        raise AwsError("NoSuchBucketPolicy", "The bucket policy does not exist", 404, {"BucketName": name})
    return _ok(ctx, 200, b["_policy"].encode(), None, "application/json")


def op_delete_bucket_policy(ctx, name, key):
    b = _bucket(ctx, name)
    b["_policy"] = None
    ctx.state.dirty()
    return _ok(ctx, 204)


PAB_KEYS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")


def op_put_public_access_block(ctx, name, key):
    b = _bucket(ctx, name)
    conf = _parse_body(ctx, "PublicAccessBlockConfiguration")
    if conf is None:
        raise AwsError("MissingRequestBodyError", "Request Body is empty", 400)
    b["_pab"] = {k: conf.get(k, "false").lower() == "true" for k in PAB_KEYS}
    ctx.state.dirty()
    return _ok(ctx, 200)


def op_get_public_access_block(ctx, name, key):
    b = _bucket(ctx, name)
    if not b["_pab"]:
        raise AwsError("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found",
                       404, {"BucketName": name})
    inner = "".join("<%s>%s</%s>" % (k, "true" if b["_pab"][k] else "false", k) for k in PAB_KEYS)
    return _ok(ctx, 200, _xml("PublicAccessBlockConfiguration", inner).body, None, "application/xml")


def op_delete_public_access_block(ctx, name, key):
    _bucket(ctx, name)["_pab"] = None
    ctx.state.dirty()
    return _ok(ctx, 204)


def op_put_bucket_versioning(ctx, name, key):
    b = _bucket(ctx, name)
    conf = _parse_body(ctx, "VersioningConfiguration") or {}
    if conf.get("Status") not in ("Enabled", "Suspended"):
        raise AwsError("MalformedXML", "The XML you provided was not well-formed or did not validate against our "
                       "published schema", 400)
    b["_versioning"] = conf["Status"]
    ctx.state.dirty()
    return _ok(ctx, 200)


def op_get_bucket_versioning(ctx, name, key):
    b = _bucket(ctx, name)
    inner = "<Status>%s</Status>" % b["_versioning"] if b["_versioning"] else ""
    return _ok(ctx, 200, _xml("VersioningConfiguration", inner).body, None, "application/xml")


def op_get_bucket_encryption(ctx, name, key):
    _bucket(ctx, name)
    inner = ("<Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm>"
             "</ApplyServerSideEncryptionByDefault><BucketKeyEnabled>false</BucketKeyEnabled></Rule>")
    return _ok(ctx, 200, _xml("ServerSideEncryptionConfiguration", inner).body, None, "application/xml")


def op_put_object(ctx, name, key):
    b = _bucket(ctx, name)
    if len(ctx.body) > MAX_OBJECT:
        raise AwsError("EntityTooLarge", "Your proposed upload exceeds the sandbox's maximum object size (%d bytes)."
                       % MAX_OBJECT, 400)
    etag = '"%s"' % hashlib.md5(ctx.body).hexdigest()
    obj = {"body": base64.b64encode(ctx.body).decode(), "etag": etag, "modified": ctx.state.now(),
           "type": ctx.headers.get("Content-Type") or "binary/octet-stream"}
    headers = [("ETag", etag), ("x-amz-server-side-encryption", "AES256")]
    if b["_versioning"] == "Enabled":
        obj["version"] = ctx.state.new_hex(32)
        headers.append(("x-amz-version-id", obj["version"]))
    b["_objects"][key] = obj
    ctx.state.dirty()
    return _ok(ctx, 200, b"", headers)


def _object(ctx, name, key):
    b = _bucket(ctx, name)
    obj = b["_objects"].get(key)
    if obj is None:
        raise AwsError("NoSuchKey", "The specified key does not exist.", 404, {"Key": key})
    return obj


def _obj_headers(obj):
    return [("ETag", obj["etag"]), ("Last-Modified", formatdate(obj["modified"], usegmt=True)),
            ("Accept-Ranges", "bytes"), ("x-amz-server-side-encryption", "AES256")]


def op_get_object(ctx, name, key):
    obj = _object(ctx, name, key)
    return _ok(ctx, 200, base64.b64decode(obj["body"]), _obj_headers(obj), obj["type"])


def op_head_object(ctx, name, key):
    obj = _object(ctx, name, key)
    resp = _ok(ctx, 200, base64.b64decode(obj["body"]), _obj_headers(obj), obj["type"])
    return resp


def op_delete_object(ctx, name, key):
    b = _bucket(ctx, name)
    b["_objects"].pop(key, None)
    ctx.state.dirty()
    return _ok(ctx, 204)


def op_list_objects(ctx, name, key):
    b = _bucket(ctx, name)
    q = {k: v[0] for k, v in ctx.query.items()}
    prefix = q.get("prefix", "")
    keys = sorted(k for k in b["_objects"] if k.startswith(prefix))
    v2 = q.get("list-type") == "2"
    after = q.get("start-after" if v2 else "marker", "")
    if v2 and q.get("continuation-token"):
        after = base64.b64decode(q["continuation-token"]).decode()
    keys = [k for k in keys if k > after]
    max_keys = int(q.get("max-keys", 1000))
    page, more = keys[:max_keys], len(keys) > max_keys
    contents = "".join("<Contents><Key>%s</Key><LastModified>%s</LastModified><ETag>%s</ETag><Size>%d</Size>"
                       "<StorageClass>STANDARD</StorageClass></Contents>"
                       % (escape(k), aws_model.iso(b["_objects"][k]["modified"]), escape(b["_objects"][k]["etag"]),
                          len(base64.b64decode(b["_objects"][k]["body"]))) for k in page)
    inner = "<Name>%s</Name><Prefix>%s</Prefix><MaxKeys>%d</MaxKeys><IsTruncated>%s</IsTruncated>%s" % (
        escape(name), escape(prefix), max_keys, "true" if more else "false", contents)
    if v2:
        inner += "<KeyCount>%d</KeyCount>" % len(page)
        if more:
            inner += "<NextContinuationToken>%s</NextContinuationToken>" % base64.b64encode(page[-1].encode()).decode()
    elif more:
        inner += "<NextMarker>%s</NextMarker>" % escape(page[-1])
    return _ok(ctx, 200, _xml("ListBucketResult", inner).body, None, "application/xml")


OPS = {"ListBuckets": op_list_buckets, "CreateBucket": op_create_bucket, "HeadBucket": op_head_bucket,
       "DeleteBucket": op_delete_bucket, "GetBucketLocation": op_get_bucket_location,
       "PutBucketPolicy": op_put_bucket_policy, "GetBucketPolicy": op_get_bucket_policy,
       "DeleteBucketPolicy": op_delete_bucket_policy, "PutPublicAccessBlock": op_put_public_access_block,
       "GetPublicAccessBlock": op_get_public_access_block, "DeletePublicAccessBlock": op_delete_public_access_block,
       "PutBucketVersioning": op_put_bucket_versioning, "GetBucketVersioning": op_get_bucket_versioning,
       "GetBucketEncryption": op_get_bucket_encryption, "PutObject": op_put_object, "GetObject": op_get_object,
       "HeadObject": op_head_object, "DeleteObject": op_delete_object, "ListObjects": op_list_objects,
       "ListObjectsV2": op_list_objects}


# S3 operation -> IAM action (AWS "Actions, resources, and condition keys for Amazon S3").
IAM_ACTION = {"ListBuckets": "s3:ListAllMyBuckets", "HeadBucket": "s3:ListBucket", "ListObjects": "s3:ListBucket",
              "ListObjectsV2": "s3:ListBucket", "HeadObject": "s3:GetObject",
              "GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
              "PutPublicAccessBlock": "s3:PutBucketPublicAccessBlock",
              "DeletePublicAccessBlock": "s3:PutBucketPublicAccessBlock",
              "GetBucketEncryption": "s3:GetEncryptionConfiguration"}


def _gateway_policy_check(ctx, op, bucket, key):
    """The operator's host sits in a subnet (config operator_subnet) whose route table sends S3 through
    a gateway endpoint: then the endpoint policy applies to the operator's own S3 calls.  AWS: "a
    VPC endpoint policy ... controls access from the endpoint to the service"; a request no statement
    allows is refused with AccessDenied "... because no VPC endpoint policy allows the <action>
    action", one a Deny statement matches with "... on resource: "<arn>" with an explicit deny in a
    VPC endpoint policy" (IAM User Guide, "Troubleshoot access denied error messages"; S3 User Guide,
    troubleshoot-403-errors.html, "VPC endpoint policies")."""
    sid = ctx.state.config.get("operator_subnet")
    if not sid:
        return
    from sbx import aws_ec2_store as ec2s
    try:
        rt, _ = ec2s.route_table_for_subnet(ctx.state, ctx.region, sid)
    except AwsError:
        return
    pl = ec2s.prefix_list_id(ctx.region, "com.amazonaws.%s.s3" % ctx.region)
    for r in (rt or {}).get("Routes") or []:
        vpce = ctx.state.ec2["vpc_endpoints"].get(r.get("GatewayId") or "")
        if r.get("DestinationPrefixListId") != pl or vpce is None:
            continue
        try:
            doc = aws_policy.parse(vpce.get("PolicyDocument") or "{}")
        except aws_policy.PolicyError:
            return
        action = IAM_ACTION.get(op, "s3:" + op)
        resource = "*" if not bucket else "arn:aws:s3:::%s%s" % (bucket, "/" + key if key else "")
        account = ctx.state.config.get("account_id")
        decision, _, _ = aws_policy.evaluate([(vpce["VpcEndpointId"], "vpce", doc)], action, resource,
                                             {"aws:PrincipalAccount": account, "s3:ResourceAccount": account,
                                              "aws:ResourceAccount": account})
        if decision == "explicitDeny":
            user = aws_iam.caller_user(ctx.state)
            raise AwsError("AccessDenied", "User: %s is not authorized to perform: %s on resource: \"%s\" with an "
                           "explicit deny in a VPC endpoint policy" % (user["Arn"], action, resource), 403)
        if decision != "allowed":
            user = aws_iam.caller_user(ctx.state)
            raise AwsError("AccessDenied", "User: %s is not authorized to perform: %s on resource: \"%s\" because "
                           "no VPC endpoint policy allows the %s action" % (user["Arn"], action, resource, action),
                           403)
        return


def handle(ctx, op, params):
    bucket, key = _split(ctx)
    fn = OPS.get(op)
    if fn is None:
        raise AwsError("NotImplemented", "A header you provided implies functionality that is not implemented", 501)
    _gateway_policy_check(ctx, op, bucket, key)
    return fn(ctx, bucket, key)


