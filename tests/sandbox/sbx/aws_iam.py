"""IAM query API: roles, inline and managed policies, instance profiles, users, SimulatePrincipalPolicy.

Storage (shared with sandbox-dbx, see CONTRACT.md): state.iam["roles"][RoleName] = model Role fields +
"_inline" {PolicyName: json text} + "_attached" [policy ARN] + "_created"/"_changed" (epoch);
state.iam["policies"][Arn] = model Policy fields + "_versions" {"v1": {"Document": json text}};
state.iam["instance_profiles"][Name] = model fields + "_roles" [RoleName]; state.iam["users"][UserName]."""
import base64
import json
import secrets
import string
from urllib.parse import quote

from sbx import aws_policy, identity
from sbx.aws_common import AwsError, ok_query

ALNUM = string.ascii_uppercase + string.digits


def unique_id(prefix):
    return prefix + "".join(secrets.choice(ALNUM) for _ in range(17))


def account(state):
    return state.config["account_id"]


def _no_such(kind, name):
    return AwsError("NoSuchEntity", "The %s with name %s cannot be found." % (kind, name), 404)


def _doc_text(text, what="policy"):
    try:
        aws_policy.parse(text)
    except aws_policy.PolicyError as e:
        raise AwsError("MalformedPolicyDocument", str(e), 400)
    return text


def enc(text):
    return quote(text, safe="")


# ------------------------------------------------------------------ store (used by seeds too)
def create_role(state, name, trust, path="/", description=None, tags=(), max_session=3600):
    roles = state.iam["roles"]
    if name in roles:
        raise AwsError("EntityAlreadyExists", "Role with name %s already exists." % name, 409)
    trust = trust if isinstance(trust, str) else json.dumps(trust)
    _doc_text(trust)
    now = state.now()
    role = {"Path": path, "RoleName": name, "RoleId": unique_id("AROA"),
            "Arn": "arn:aws:iam::%s:role%s%s" % (account(state), path, name), "CreateDate": now,
            "AssumeRolePolicyDocument": trust, "Description": description, "MaxSessionDuration": max_session,
            "Tags": list(tags), "_inline": {}, "_attached": [], "_created": now, "_changed": now}
    roles[name] = role
    state.dirty()
    return role


def get_role_item(state, name):
    role = state.iam["roles"].get(name)
    if role is None:
        raise _no_such("role", name)
    return role


def put_role_policy(state, role_name, policy_name, doc):
    role = get_role_item(state, role_name)
    doc = doc if isinstance(doc, str) else json.dumps(doc)
    role["_inline"][policy_name] = _doc_text(doc)
    role["_changed"] = state.now()
    state.dirty()


def create_policy(state, name, doc, path="/", description=None):
    arn = "arn:aws:iam::%s:policy%s%s" % (account(state), path, name)
    if arn in state.iam["policies"]:
        raise AwsError("EntityAlreadyExists", "A policy called %s already exists. Duplicate names are not "
                       "allowed." % name, 409)
    doc = doc if isinstance(doc, str) else json.dumps(doc)
    _doc_text(doc)
    now = state.now()
    pol = {"PolicyName": name, "PolicyId": unique_id("ANPA"), "Arn": arn, "Path": path,
           "DefaultVersionId": "v1", "AttachmentCount": 0, "PermissionsBoundaryUsageCount": 0,
           "IsAttachable": True, "Description": description, "CreateDate": now, "UpdateDate": now,
           "_versions": {"v1": {"Document": doc, "CreateDate": now}}, "_changed": now}
    state.iam["policies"][arn] = pol
    state.dirty()
    return pol


def create_instance_profile(state, name, path="/"):
    ips = state.iam["instance_profiles"]
    if name in ips:
        raise AwsError("EntityAlreadyExists", "Instance Profile %s already exists." % name, 409)
    ip = {"Path": path, "InstanceProfileName": name, "InstanceProfileId": unique_id("AIPA"),
          "Arn": "arn:aws:iam::%s:instance-profile%s%s" % (account(state), path, name),
          "CreateDate": state.now(), "_roles": [], "Tags": []}
    ips[name] = ip
    state.dirty()
    return ip


def caller_user(state):
    name = state.config.get("user_name", identity.AWS_USER_NAME)
    users = state.iam["users"]
    if name not in users:
        users[name] = {"Path": "/", "UserName": name, "UserId": "AIDA" + base64.b32encode(
            name.encode()).decode()[:17].ljust(17, "A"), "Arn": "arn:aws:iam::%s:user/%s" % (account(state), name),
            "CreateDate": 1700000000.0, "_inline": {}, "_attached": []}
        state.dirty()
    return users[name]


# ------------------------------------------------------------------ views
def role_view(role):
    out = {k: v for k, v in role.items() if not k.startswith("_")}
    out["AssumeRolePolicyDocument"] = enc(role["AssumeRolePolicyDocument"])
    out["RoleLastUsed"] = {}
    if not out.get("Tags"):
        out.pop("Tags", None)
    return out


def _page(state, rows, p, default=100):
    start = 0
    if p.get("Marker"):
        try:
            start = int(base64.b64decode(p["Marker"]).decode().split(":")[1])
        except (ValueError, IndexError):
            raise AwsError("ValidationError", "Invalid Marker.", 400)
    size = p.get("MaxItems") or state.config.get("page_size") or default
    page = rows[start:start + size]
    more = start + size < len(rows)
    out = {"IsTruncated": more}
    if more:
        out["Marker"] = base64.b64encode(("m:%d" % (start + size)).encode()).decode()
    return page, out


# ------------------------------------------------------------------ operations
def op_create_role(ctx, p):
    role = create_role(ctx.state, p["RoleName"], p["AssumeRolePolicyDocument"], p.get("Path", "/"),
                       p.get("Description"), p.get("Tags", []), p.get("MaxSessionDuration", 3600))
    return {"Role": role_view(role)}


def _lagging(state, created):
    """IAM is eventually consistent: "a change ... is not always immediately visible" to reads,
    so a Get right after a Create may answer NoSuchEntity
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency).
    Knob `iam_read_lag_s` (default 0): Get* of an entity younger than this says it does not exist."""
    lag = float(state.config.get("iam_read_lag_s", 0) or 0)
    return lag > 0 and isinstance(created, (int, float)) and state.now() - created < lag


def op_get_role(ctx, p):
    role = get_role_item(ctx.state, p["RoleName"])
    if _lagging(ctx.state, role.get("_created")):
        raise _no_such("role", p["RoleName"])
    return {"Role": role_view(role)}


def op_list_roles(ctx, p):
    rows = sorted(ctx.state.iam["roles"].values(), key=lambda r: r["RoleName"].lower())
    prefix = p.get("PathPrefix", "/")
    rows = [r for r in rows if r["Path"].startswith(prefix)]
    page, more = _page(ctx.state, rows, p)
    return dict(more, Roles=[role_view(r) for r in page])


def op_delete_role(ctx, p):
    role = get_role_item(ctx.state, p["RoleName"])
    if role["_inline"] or role["_attached"]:
        raise AwsError("DeleteConflict", "Cannot delete entity, must delete policies first.", 409)
    if any(role["RoleName"] in ip["_roles"] for ip in ctx.state.iam["instance_profiles"].values()):
        raise AwsError("DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.", 409)
    del ctx.state.iam["roles"][role["RoleName"]]
    ctx.state.dirty()


def op_update_assume_role_policy(ctx, p):
    role = get_role_item(ctx.state, p["RoleName"])
    role["AssumeRolePolicyDocument"] = _doc_text(p["PolicyDocument"])
    role["_changed"] = ctx.state.now()
    ctx.state.dirty()


def op_put_role_policy(ctx, p):
    put_role_policy(ctx.state, p["RoleName"], p["PolicyName"], p["PolicyDocument"])


def op_get_role_policy(ctx, p):
    role = get_role_item(ctx.state, p["RoleName"])
    doc = role["_inline"].get(p["PolicyName"])
    if doc is None:
        raise AwsError("NoSuchEntity", "The role policy with name %s cannot be found." % p["PolicyName"], 404)
    return {"RoleName": role["RoleName"], "PolicyName": p["PolicyName"], "PolicyDocument": enc(doc)}


def op_list_role_policies(ctx, p):
    role = get_role_item(ctx.state, p["RoleName"])
    page, more = _page(ctx.state, sorted(role["_inline"]), p)
    return dict(more, PolicyNames=page)


def op_delete_role_policy(ctx, p):
    role = get_role_item(ctx.state, p["RoleName"])
    if p["PolicyName"] not in role["_inline"]:
        raise AwsError("NoSuchEntity", "The role policy with name %s cannot be found." % p["PolicyName"], 404)
    del role["_inline"][p["PolicyName"]]
    role["_changed"] = ctx.state.now()
    ctx.state.dirty()


def _policy(ctx, arn):
    pol = ctx.state.iam["policies"].get(arn)
    if pol is None:
        raise AwsError("NoSuchEntity", "Policy %s does not exist or is not attachable." % arn, 404)
    return pol


def op_attach_role_policy(ctx, p):
    role = get_role_item(ctx.state, p["RoleName"])
    pol = _policy(ctx, p["PolicyArn"])
    if p["PolicyArn"] not in role["_attached"]:
        role["_attached"].append(p["PolicyArn"])
        pol["AttachmentCount"] += 1
        role["_changed"] = ctx.state.now()
    ctx.state.dirty()


def op_detach_role_policy(ctx, p):
    role = get_role_item(ctx.state, p["RoleName"])
    if p["PolicyArn"] not in role["_attached"]:
        raise AwsError("NoSuchEntity", "Policy %s was not found." % p["PolicyArn"], 404)
    role["_attached"].remove(p["PolicyArn"])
    pol = ctx.state.iam["policies"].get(p["PolicyArn"])
    if pol:
        pol["AttachmentCount"] -= 1
    ctx.state.dirty()


def op_list_attached_role_policies(ctx, p):
    role = get_role_item(ctx.state, p["RoleName"])
    rows = [{"PolicyName": a.rsplit("/", 1)[-1], "PolicyArn": a} for a in role["_attached"]]
    page, more = _page(ctx.state, rows, p)
    return dict(more, AttachedPolicies=page)


def _policy_view(pol):
    return {k: v for k, v in pol.items() if not k.startswith("_")}


def op_create_policy(ctx, p):
    pol = create_policy(ctx.state, p["PolicyName"], p["PolicyDocument"], p.get("Path", "/"), p.get("Description"))
    return {"Policy": _policy_view(pol)}


def op_get_policy(ctx, p):
    return {"Policy": _policy_view(_policy(ctx, p["PolicyArn"]))}


def op_get_policy_version(ctx, p):
    pol = _policy(ctx, p["PolicyArn"])
    v = pol["_versions"].get(p["VersionId"])
    if v is None:
        raise AwsError("NoSuchEntity", "Policy %s version %s does not exist or is not attachable."
                       % (p["PolicyArn"], p["VersionId"]), 404)
    return {"PolicyVersion": {"Document": enc(v["Document"]), "VersionId": p["VersionId"],
                              "IsDefaultVersion": p["VersionId"] == pol["DefaultVersionId"],
                              "CreateDate": v["CreateDate"]}}


def op_delete_policy(ctx, p):
    pol = _policy(ctx, p["PolicyArn"])
    if pol["AttachmentCount"]:
        raise AwsError("DeleteConflict", "Cannot delete a policy attached to entities.", 409)
    del ctx.state.iam["policies"][p["PolicyArn"]]
    ctx.state.dirty()


def _ip_view(ctx, ip):
    out = {k: v for k, v in ip.items() if not k.startswith("_")}
    out["Roles"] = [role_view(ctx.state.iam["roles"][r]) for r in ip["_roles"] if r in ctx.state.iam["roles"]]
    return out


def _ip(ctx, name):
    ip = ctx.state.iam["instance_profiles"].get(name)
    if ip is None:
        raise AwsError("NoSuchEntity", "Instance Profile %s cannot be found." % name, 404)
    return ip


def op_create_instance_profile(ctx, p):
    return {"InstanceProfile": _ip_view(ctx, create_instance_profile(ctx.state, p["InstanceProfileName"],
                                                                     p.get("Path", "/")))}


def op_get_instance_profile(ctx, p):
    ip = _ip(ctx, p["InstanceProfileName"])
    if _lagging(ctx.state, ip.get("CreateDate")):
        raise AwsError("NoSuchEntity", "Instance Profile %s cannot be found." % p["InstanceProfileName"], 404)
    return {"InstanceProfile": _ip_view(ctx, ip)}


def op_add_role_to_instance_profile(ctx, p):
    ip = _ip(ctx, p["InstanceProfileName"])
    get_role_item(ctx.state, p["RoleName"])
    if ip["_roles"]:
        raise AwsError("LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1", 409)
    ip["_roles"].append(p["RoleName"])
    ctx.state.dirty()


def op_remove_role_from_instance_profile(ctx, p):
    ip = _ip(ctx, p["InstanceProfileName"])
    if p["RoleName"] not in ip["_roles"]:
        raise _no_such("role", p["RoleName"])
    ip["_roles"].remove(p["RoleName"])
    ctx.state.dirty()


def op_delete_instance_profile(ctx, p):
    ip = _ip(ctx, p["InstanceProfileName"])
    if ip["_roles"]:
        raise AwsError("DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.", 409)
    del ctx.state.iam["instance_profiles"][ip["InstanceProfileName"]]
    ctx.state.dirty()


def op_list_instance_profiles(ctx, p):
    rows = sorted(ctx.state.iam["instance_profiles"].values(), key=lambda x: x["InstanceProfileName"])
    page, more = _page(ctx.state, rows, p)
    return dict(more, InstanceProfiles=[_ip_view(ctx, x) for x in page])


def op_list_instance_profiles_for_role(ctx, p):
    get_role_item(ctx.state, p["RoleName"])
    rows = [x for x in sorted(ctx.state.iam["instance_profiles"].values(), key=lambda x: x["InstanceProfileName"])
            if p["RoleName"] in x["_roles"]]
    page, more = _page(ctx.state, rows, p)
    return dict(more, InstanceProfiles=[_ip_view(ctx, x) for x in page])


def op_get_user(ctx, p):
    if ctx.extra.get("session") and not p.get("UserName"):
        raise AwsError("ValidationError", "Must specify userName when calling with non-User credentials", 400)
    caller_user(ctx.state)
    name = p.get("UserName") or ctx.state.config.get("user_name", identity.AWS_USER_NAME)
    user = ctx.state.iam["users"].get(name)
    if user is None:
        raise AwsError("NoSuchEntity", "The user with name %s cannot be found." % name, 404)
    return {"User": {k: v for k, v in user.items() if not k.startswith("_")}}


def principal_policies(state, arn):
    """[(id, type, doc)] of a role's or user's identity policies; raises NoSuchEntity."""
    kind_name = arn.split(":", 5)[-1] if arn.count(":") >= 5 else ""
    kind, _, name = kind_name.partition("/")
    name = name.rsplit("/", 1)[-1]
    if kind == "role":
        ent = state.iam["roles"].get(name)
        stype = "role"
    elif kind == "user":
        caller_user(state)
        ent = state.iam["users"].get(name)
        stype = "user"
    else:
        ent = None
    if ent is None or ent.get("Arn") != arn:
        raise AwsError("NoSuchEntity", "PolicySourceArn %s does not exist." % arn, 404)
    out = [(pname, stype, json.loads(doc)) for pname, doc in sorted(ent.get("_inline", {}).items())]
    for parn in ent.get("_attached", []):
        pol = state.iam["policies"].get(parn)
        if pol:
            out.append((parn, "user-managed", json.loads(pol["_versions"][pol["DefaultVersionId"]]["Document"])))
    return out


def op_simulate_principal_policy(ctx, p):
    policies = principal_policies(ctx.state, p["PolicySourceArn"])
    for i, text in enumerate(p.get("PolicyInputList", [])):
        _doc_text(text)
        policies.append(("PolicyInputList.%d" % (i + 1), "none", json.loads(text)))
    context = {}
    for c in p.get("ContextEntries", []):
        context[c["ContextKeyName"]] = c.get("ContextKeyValues", [])
    resources = p.get("ResourceArns") or ["*"]
    results = []
    for action in p["ActionNames"]:
        for res in resources:
            decision, matched, missing = aws_policy.evaluate(policies, action, res, context)
            results.append({"EvalActionName": action, "EvalResourceName": res, "EvalDecision": decision,
                            "MatchedStatements": [{"SourcePolicyId": sid, "SourcePolicyType": stype,
                                                   "StartPosition": {"Line": 1, "Column": idx + 1},
                                                   "EndPosition": {"Line": 1, "Column": idx + 2}}
                                                  for sid, stype, idx in matched],
                            "MissingContextValues": missing, "EvalDecisionDetails": {}})
    page, more = _page(ctx.state, results, p, default=1000)
    return dict(more, EvaluationResults=page)


OPS = {
    "CreateRole": op_create_role, "GetRole": op_get_role, "ListRoles": op_list_roles, "DeleteRole": op_delete_role,
    "UpdateAssumeRolePolicy": op_update_assume_role_policy,
    "PutRolePolicy": op_put_role_policy, "GetRolePolicy": op_get_role_policy,
    "ListRolePolicies": op_list_role_policies, "DeleteRolePolicy": op_delete_role_policy,
    "AttachRolePolicy": op_attach_role_policy, "DetachRolePolicy": op_detach_role_policy,
    "ListAttachedRolePolicies": op_list_attached_role_policies,
    "CreatePolicy": op_create_policy, "GetPolicy": op_get_policy, "GetPolicyVersion": op_get_policy_version,
    "DeletePolicy": op_delete_policy,
    "CreateInstanceProfile": op_create_instance_profile, "GetInstanceProfile": op_get_instance_profile,
    "AddRoleToInstanceProfile": op_add_role_to_instance_profile,
    "RemoveRoleFromInstanceProfile": op_remove_role_from_instance_profile,
    "DeleteInstanceProfile": op_delete_instance_profile, "ListInstanceProfiles": op_list_instance_profiles,
    "ListInstanceProfilesForRole": op_list_instance_profiles_for_role,
    "GetUser": op_get_user, "SimulatePrincipalPolicy": op_simulate_principal_policy,
}


def handle(ctx, op, params):
    fn = OPS.get(op)
    if fn is None:
        raise AwsError("InvalidAction", "The sandbox does not emulate IAM %s." % op, 400)
    return ok_query(ctx, op, fn(ctx, params) or {})
