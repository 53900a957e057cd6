"""STS query API: GetCallerIdentity and AssumeRole (trust policy evaluated; sessions signable)."""
import base64
import json
import secrets
import string

from sbx import aws_iam, aws_policy
from sbx.aws_common import AwsError, ok_query

ALNUM = string.ascii_uppercase + string.digits


def caller(ctx):
    """(arn, user_id) of the signer: the test user or an assumed-role session."""
    sess = ctx.extra.get("session")
    if sess:
        return sess["arn"], sess["user_id"]
    user = aws_iam.caller_user(ctx.state)
    return user["Arn"], user["UserId"]


def op_get_caller_identity(ctx, p):
    arn, uid = caller(ctx)
    return {"UserId": uid, "Account": ctx.state.config["account_id"], "Arn": arn}


def op_assume_role(ctx, p):
    state = ctx.state
    arn, _ = caller(ctx)
    role_arn = p["RoleArn"]
    name = role_arn.rsplit("/", 1)[-1]
    role = state.iam["roles"].get(name)
    denied = AwsError("AccessDenied", "User: %s is not authorized to perform: sts:AssumeRole on resource: %s"
                      % (arn, role_arn), 403)
    if role is None or role["Arn"] != role_arn:
        raise denied
    context = {"sts:ExternalId": [p["ExternalId"]]} if p.get("ExternalId") else {}
    ok, _ = aws_policy.trust_allows(json.loads(role["AssumeRolePolicyDocument"]), arn,
                                    state.config["account_id"], context=context)
    if not ok:
        raise denied
    duration = p.get("DurationSeconds", 3600)
    if duration > role.get("MaxSessionDuration", 3600):
        raise AwsError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for "
                       "this role.", 400)
    akid = "ASIA" + "".join(secrets.choice(ALNUM) for _ in range(16))
    secret = base64.b64encode(secrets.token_bytes(30)).decode()
    token = "IQoJb3JpZ2luX2VjE" + base64.b64encode(secrets.token_bytes(180)).decode()
    expires = int(state.now()) + duration
    session_arn = "arn:aws:sts::%s:assumed-role/%s/%s" % (state.config["account_id"], name, p["RoleSessionName"])
    user_id = "%s:%s" % (role["RoleId"], p["RoleSessionName"])
    # Session secrets live only in memory-backed state for signature checks; they are test values.
    state.sts["sessions"][akid] = {"secret": secret, "token": token, "expires": expires, "arn": session_arn,
                                   "user_id": user_id, "role": name}
    state.dirty()
    return {"Credentials": {"AccessKeyId": akid, "SecretAccessKey": secret, "SessionToken": token,
                            "Expiration": expires},
            "AssumedRoleUser": {"AssumedRoleId": user_id, "Arn": session_arn}, "PackedPolicySize": 0}


OPS = {"GetCallerIdentity": op_get_caller_identity, "AssumeRole": op_assume_role}


def handle(ctx, op, params):
    fn = OPS.get(op)
    if fn is None:
        raise AwsError("InvalidAction", "The sandbox does not emulate STS %s." % op, 400)
    return ok_query(ctx, op, fn(ctx, params) or {})
