"""Workspace compute APIs: clusters, cluster policies, instance profiles, runtime versions, node types.

Cluster states follow the real lifecycle lazily (a timeline resolved on read):
create/start -> PENDING -> RUNNING after dbx_cluster_start_s; delete -> TERMINATING -> TERMINATED after
dbx_cluster_stop_s. When the workspace's network cannot reach the control plane (cluster SG without
egress to the endpoints, relay endpoint SG without ingress on 6666 ...) the start ends in TERMINATED
with termination_reason {code: NETWORK_CONFIGURATION_FAILURE, type: CLIENT_ERROR} and a
"Connection timeout" message (the real symptom of a broken back-end path).
"""
import json
import re
import secrets
import time

from sbx import identity
from sbx.dbx_common import DbxError, bad, knob, not_found, now_ms, public
from sbx.dbx_data import NODE_TYPES, SPARK_VERSIONS

IP_ARN_RE = re.compile(r"^arn:aws:iam::(\d{12}):instance-profile/(?:[\w+=,.@-]+/)*([\w+=,.@-]+)$")
ROLE_ARN_RE = re.compile(r"^arn:aws:iam::(\d{12}):role/(?:[\w+=,.@-]+/)*([\w+=,.@-]+)$")
MAP_ATTRS = ("spark_conf", "custom_tags", "aws_attributes", "spark_env_vars")


def spark_versions():
    return {"versions": [{"key": k, "name": n} for k, n in SPARK_VERSIONS]}


def node_types():
    return {"node_types": [
        {"node_type_id": nid, "instance_type_id": nid, "memory_mb": mem, "num_cores": float(cores),
         "description": nid, "category": cat, "is_deprecated": False, "is_hidden": False,
         "support_ebs_volumes": True, "support_cluster_tags": True, "num_gpus": 0,
         "node_info": {"status": []}, "display_order": i}
        for i, (nid, mem, cores, cat) in enumerate(NODE_TYPES)]}


# instance profiles ------------------------------------------------------------------------------------
def ip_add(ctx, wsd, view, body):
    arn = body.get("instance_profile_arn")
    if not isinstance(arn, str) or not arn:
        raise bad("instance_profile_arn is required")
    if not IP_ARN_RE.match(arn):
        raise bad("Invalid instance_profile_arn %r: expected arn:aws:iam::<account>:instance-profile/<name>." % arn)
    role_arn = body.get("iam_role_arn")
    if role_arn and not ROLE_ARN_RE.match(role_arn):
        raise bad("Invalid iam_role_arn %r." % role_arn)
    if arn in wsd["instance_profiles"]:
        raise bad("Instance profile with arn %s already exists." % arn, "RESOURCE_ALREADY_EXISTS")
    if not body.get("skip_validation"):
        ip = view.instance_profile(arn)
        if ip is None:
            raise bad("Validation failed for instance profile %s: it does not exist in AWS account." % arn)
        if not ip.get("roles"):
            raise bad("Validation failed for instance profile %s: it has no IAM role." % arn)
    rec = {"instance_profile_arn": arn, "is_meta_instance_profile": bool(body.get("is_meta_instance_profile"))}
    if role_arn:
        rec["iam_role_arn"] = role_arn
    wsd["instance_profiles"][arn] = rec
    return {}


def ip_list(wsd):
    return {"instance_profiles": list(wsd["instance_profiles"].values())}


def ip_remove(wsd, body):
    arn = body.get("instance_profile_arn")
    if arn not in wsd["instance_profiles"]:
        raise not_found("Instance profile %s does not exist." % arn)
    del wsd["instance_profiles"][arn]
    return {}


# cluster policies ---------------------------------------------------------------------------------
def _definition(raw):
    if raw in (None, ""):
        return "{}", {}
    if not isinstance(raw, str):
        raise bad("definition must be a JSON document encoded as a string.")
    try:
        d = json.loads(raw)
    except ValueError as e:
        raise bad("Policy definition is not valid JSON: %s" % e)
    if not isinstance(d, dict):
        raise bad("Policy definition must be a JSON object.")
    for path, rule in d.items():
        if not isinstance(rule, dict) or rule.get("type") not in (
                "fixed", "forbidden", "allowlist", "blocklist", "range", "regex", "unlimited"):
            raise bad("Policy definition: invalid rule for %s (type must be fixed, forbidden, allowlist, blocklist, "
                      "range, regex or unlimited)." % path)
        if rule["type"] == "fixed" and "value" not in rule:
            raise bad("Policy definition: fixed rule for %s needs a value." % path)
    return raw, d


def policy_create(ctx, wsd, body):
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise bad("name is required")
    if any(p["name"] == name for p in wsd["policies"].values()):
        raise bad("Policy with name %s already exists." % name, "INVALID_PARAMETER_VALUE")
    raw, _ = _definition(body.get("definition"))
    pid = secrets.token_hex(8).upper()
    pol = {"policy_id": pid, "name": name, "definition": raw, "created_at_timestamp": now_ms(ctx.state),
           "creator_user_name": identity.DBX_CLIENT_ID, "is_default": False}
    for k in ("description", "max_clusters_per_user", "policy_family_id", "policy_family_definition_overrides"):
        if k in body:
            pol[k] = body[k]
    wsd["policies"][pid] = pol
    return {"policy_id": pid}


def _policy(wsd, pid):
    pol = wsd["policies"].get(pid or "")
    if pol is None:
        raise bad("Cluster policy %s does not exist." % pid, "RESOURCE_DOES_NOT_EXIST")
    return pol


def policy_get(wsd, pid):
    return dict(_policy(wsd, pid))


def policy_edit(ctx, wsd, body):
    pol = _policy(wsd, body.get("policy_id"))
    name = body.get("name") or pol["name"]
    if any(p["name"] == name and p is not pol for p in wsd["policies"].values()):
        raise bad("Policy with name %s already exists." % name)
    raw, _ = _definition(body.get("definition", pol["definition"]))
    pol.update(name=name, definition=raw)
    for k in ("description", "max_clusters_per_user", "policy_family_id", "policy_family_definition_overrides"):
        if k in body:
            pol[k] = body[k]
    return {}


def policy_delete(wsd, body):
    _policy(wsd, body.get("policy_id"))
    del wsd["policies"][body["policy_id"]]
    return {}


def policy_list(wsd):
    pols = list(wsd["policies"].values())
    return {"policies": pols, "total_count": len(pols)}


def _path_get(spec, path):
    top, _, rest = path.partition(".")
    if top in MAP_ATTRS and rest:
        return (spec.get(top) or {}).get(rest)
    return spec.get(path)


def _path_set(spec, path, value):
    top, _, rest = path.partition(".")
    if top in MAP_ATTRS and rest:
        spec.setdefault(top, {})[rest] = value
    else:
        spec[path] = value


def apply_policy(spec, definition, apply_defaults):
    for path, rule in definition.items():
        have = _path_get(spec, path)
        kind = rule["type"]
        if kind == "fixed":
            want = rule["value"]
            if have is None:
                _path_set(spec, path, want)
            elif str(have).lower() != str(want).lower():
                raise bad("Validation failed for %s, the value must be %s (is \"%s\")" % (path, want, have))
        elif kind == "forbidden" and have is not None:
            raise bad("Validation failed for %s, the value is forbidden by the cluster policy" % path)
        elif kind == "allowlist" and have is not None and have not in rule.get("values", []):
            raise bad("Validation failed for %s, the value must be one of %s (is \"%s\")" % (
                path, rule.get("values"), have))
        elif kind == "blocklist" and have is not None and have in rule.get("values", []):
            raise bad("Validation failed for %s, the value \"%s\" is not allowed" % (path, have))
        if have is None and apply_defaults and "defaultValue" in rule:
            _path_set(spec, path, rule["defaultValue"])


# clusters -----------------------------------------------------------------------------------------
def _new_cluster_id():
    t = time.gmtime()
    return "%s-%s-%s" % (time.strftime("%m%d", t), time.strftime("%H%M%S", t),
                         "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(8)))


def resolve(ctx, c):
    """Apply due timeline entries."""
    now = ctx.state.now()
    tl = c.get("_timeline") or []
    due = [e for e in tl if e["at"] <= now]
    if not due:
        return c
    for e in due:
        c["state"] = e["state"]
        c["state_message"] = e.get("message", "")
        if e["state"] == "RUNNING":
            c.pop("termination_reason", None)
            c.pop("terminated_time", None)
        if e["state"] == "TERMINATED":
            c["terminated_time"] = int(e["at"] * 1000)
            if e.get("reason"):
                c["termination_reason"] = e["reason"]
    c["_timeline"] = [e for e in tl if e["at"] > now]
    ctx.state.dirty()
    return c


def _schedule_start(ctx, c, fault):
    now = ctx.state.now()
    start = float(knob(ctx.state, "dbx_cluster_start_s"))
    c.update(state="PENDING", state_message="Finding instances for new nodes, acquiring more instances if necessary",
             start_time=int(now * 1000))
    c.pop("termination_reason", None)
    c.pop("terminated_time", None)
    if fault:
        c["_timeline"] = [
            {"at": now + start * 0.5, "state": "TERMINATING", "message": fault},
            {"at": now + start, "state": "TERMINATED", "message": fault,
             "reason": {"code": "NETWORK_CONFIGURATION_FAILURE", "type": "CLIENT_ERROR",
                        "parameters": {"databricks_error_message": fault}}}]
    else:
        c["_timeline"] = [{"at": now + start, "state": "RUNNING", "message": ""}]


def cluster_create(ctx, wsd, body, fault):
    spec = {k: v for k, v in body.items() if not k.startswith("_")}
    sv = spec.get("spark_version")
    if not sv:
        raise bad("Missing required field: spark_version")
    if sv not in {k for k, _ in SPARK_VERSIONS}:
        raise bad("Invalid spark version %s." % sv)
    if spec.get("policy_id"):
        pol = _policy(wsd, spec["policy_id"])
        apply_policy(spec, json.loads(pol["definition"] or "{}"), bool(spec.get("apply_policy_default_values")))
    node = spec.get("node_type_id")
    if not node:
        raise bad("Missing required field: node_type_id")
    if node not in {n[0] for n in NODE_TYPES}:
        raise bad("Node type %s is not supported. Supported node types: %s" % (
            node, ", ".join(n[0] for n in NODE_TYPES)))
    if "num_workers" not in spec and "autoscale" not in spec:
        spec["num_workers"] = 0
    # With the account's "disable legacy features" setting on, new workspaces disable "No-isolation
    # clusters" (terraform-provider-databricks docs/resources/disable_legacy_features_setting.md; SRA
    # turns it on). A cluster without data_security_mode (or NONE) is such a cluster. The message
    # wording is the sandbox's own: no public copy of the real one was found.
    if knob(ctx.state, "dbx_disable_legacy_features") and spec.get("data_security_mode") in (None, "", "NONE"):
        raise bad("No-isolation clusters are disabled in this workspace (legacy features are disabled): set "
                  "data_security_mode, e.g. USER_ISOLATION or SINGLE_USER.")
    ip = (spec.get("aws_attributes") or {}).get("instance_profile_arn")
    if ip and ip not in wsd["instance_profiles"]:
        raise bad("Instance profile %s has not been added to this workspace (POST /api/2.0/instance-profiles/add)."
                  % ip)
    cid = _new_cluster_id()
    c = dict(spec, cluster_id=cid, cluster_source="API", creator_user_name=identity.DBX_CLIENT_ID,
             driver_node_type_id=spec.get("driver_node_type_id") or node,
             autotermination_minutes=spec.get("autotermination_minutes", 120),
             default_tags={"Vendor": "Databricks", "Creator": identity.DBX_CLIENT_ID,
                           "ClusterName": spec.get("cluster_name", ""), "ClusterId": cid})
    _schedule_start(ctx, c, fault)
    wsd["clusters"][cid] = c
    return {"cluster_id": cid}


def _cluster(ctx, wsd, cid):
    c = wsd["clusters"].get(cid or "")
    if c is None:
        raise bad("Cluster %s does not exist" % cid)
    return resolve(ctx, c)


def cluster_get(ctx, wsd, cid):
    return public(_cluster(ctx, wsd, cid))


def cluster_list(ctx, wsd):
    return {"clusters": [public(resolve(ctx, c)) for c in wsd["clusters"].values()]}


def cluster_delete(ctx, wsd, body):
    c = _cluster(ctx, wsd, body.get("cluster_id"))
    if c["state"] in ("TERMINATED", "TERMINATING"):
        return {}
    now = ctx.state.now()
    c.update(state="TERMINATING", state_message="Terminating the cluster")
    c["_timeline"] = [{"at": now + float(knob(ctx.state, "dbx_cluster_stop_s")), "state": "TERMINATED",
                       "message": "Terminated by user",
                       "reason": {"code": "USER_REQUEST", "type": "SUCCESS",
                                  "parameters": {"username": identity.DBX_CLIENT_ID}}}]
    return {}


def cluster_start(ctx, wsd, body, fault):
    c = _cluster(ctx, wsd, body.get("cluster_id"))
    if c["state"] != "TERMINATED":
        raise DbxError(400, "INVALID_STATE", "Cluster %s is in unexpected state %s." % (
            c["cluster_id"], c["state"].capitalize()))
    _schedule_start(ctx, c, fault)
    return {}


def cluster_permanent_delete(ctx, wsd, body):
    _cluster(ctx, wsd, body.get("cluster_id"))
    gone = wsd["clusters"].pop(body["cluster_id"])
    # kept out of every API answer, for tests that inspect the state (/_sandbox/state)
    wsd.setdefault("_deleted_clusters", []).append(public(gone))
    return {}
