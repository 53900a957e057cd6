"""Unity Catalog storage access: storage credentials, external locations, the metastore summary, and the
check Unity Catalog makes before it touches S3 for a catalog, a volume or a file.

Sources (snapshots named in ../../../../shared/reference/databricks-account-api.md and aws-policies.md):
- [SDK] databricks-sdk-go service/catalog: workspace-level `POST/GET/DELETE /api/2.1/unity-catalog/
  storage-credentials[/{name}]` (`name`, `aws_iam_role{role_arn}` -> `aws_iam_role{role_arn, external_id,
  unity_catalog_iam_arn}`), `.../external-locations[/{name}]` (`name`, `url`, `credential_name`, `read_only`,
  `skip_validation`), `GET /api/2.1/unity-catalog/metastore_summary` ([TFP]
  catalog/resource_metastore_data_access_test.go calls these exact paths).
- [SRA] aws/tf/modules/databricks_workspace/unity_catalog_catalog_creation/main.tf: the storage credential is
  created BEFORE the IAM role ("Storage Credential (created before role)") - so creating a credential does not
  validate the role - and the role's trust uses the credential's `external_id`; the external location is created
  after a 60 s `time_sleep` "to prevent race condition between IAM role and external location validation" - so
  creating an external location validates the role, and a fresh role fails it for a while (knob
  dbx_iam_propagation_s, shared with the cross-account credential check).
- [TFP] aws/data_aws_unity_catalog_assume_role_policy.go: the role must trust the Unity Catalog master role with
  the external ID AND itself (statement ExplicitSelfRoleAssumption); [TFP] aws/data_aws_unity_catalog_policy.go:
  the S3 actions on the bucket and its objects.
- Metastore root without its default data-access credential: Databricks answers ErrorClass=DAC_DOES_NOT_EXIST
  "Root storage credential for metastore ... does not exist" (github databricks-demos/dbdemos#59); [TFP]
  docs/resources/metastore_data_access.md: the default credential (`is_default`) is what reaches the root.
"""
from sbx import aws_policy, dbx_metastore, identity
from sbx.dbx_common import DATABRICKS_AWS_ACCOUNT, DbxError, bad, dbx_root, knob, new_uuid, not_found, now_ms
from sbx.dbx_account import ROLE_ARN_RE

# [TFP] aws/constants.go (commercial partition): the role Unity Catalog assumes customer roles from.
UC_MASTER_ROLE = "arn:aws:iam::%s:role/unity-catalog-prod-UCMasterRole-14S5ZJVKOTYTL" % DATABRICKS_AWS_ACCOUNT
# [TFP] aws/data_aws_unity_catalog_policy.go: what a managed write needs of the role (list, read, write, delete).
S3_OBJECT_ACTIONS = ("s3:GetObject", "s3:PutObject", "s3:DeleteObject")
S3_BUCKET_ACTIONS = ("s3:ListBucket",)


def _uc(ctx, mid):
    d = dbx_root(ctx.state)["uc"].setdefault(mid, {})
    d.setdefault("credentials", {})
    d.setdefault("locations", {})
    return d


def _mid(ctx, wid):
    return dbx_metastore.assignment_of(ctx, wid)["metastore_id"]


def _split_s3(url):
    """s3://bucket/prefix -> (bucket, prefix) or (None, None)."""
    if not isinstance(url, str) or not url.startswith("s3://") or len(url) <= 5:
        return None, None
    rest = url[5:]
    bucket, _, prefix = rest.partition("/")
    return (bucket or None), prefix


def _covers(base, url):
    base = base.rstrip("/") + "/"
    return (url.rstrip("/") + "/").startswith(base)


# ------------------------------------------------------------------ the access check
def role_problem(ctx, view, role_arn, external_id, url):
    """None when Unity Catalog can assume role_arn with external_id and read/write url; else a sentence."""
    role = view.role(role_arn)
    if role is None:
        return "the IAM role %s does not exist (or is in another AWS account)" % role_arn
    prop = float(knob(ctx.state, "dbx_iam_propagation_s"))
    if ctx.state.now() - float(role.get("changed") or 0) < prop:
        # [SRA] time_sleep 60s: a new or changed role is not yet visible to Unity Catalog
        return "AWS could not assume the IAM role %s (AccessDenied: the role was changed moments ago)" % role_arn
    trust = role.get("trust") or {}
    if not aws_policy.trust_allows(trust, UC_MASTER_ROLE, DATABRICKS_AWS_ACCOUNT,
                                   context={"sts:ExternalId": external_id})[0]:
        return ("the IAM role %s does not trust the Unity Catalog master role %s with the external ID %s"
                % (role_arn, UC_MASTER_ROLE, external_id))
    own = role_arn.split(":")[4]
    if not aws_policy.trust_allows(trust, role_arn, own, context={"sts:ExternalId": external_id,
                                                                   "aws:PrincipalArn": role_arn})[0]:
        return "the IAM role %s is not self-assuming (its trust policy must allow the role itself)" % role_arn
    bucket, prefix = _split_s3(url)
    if view.bucket(bucket) is None:
        return "the bucket %s does not exist" % bucket
    sources = [("policy%d" % i, "IAM Policy", d) for i, d in enumerate(role.get("policies") or [])]
    obj = "arn:aws:s3:::%s/%s" % (bucket, (prefix.rstrip("/") + "/" if prefix else "") + "heiiki-probe")
    for act, res in [(a, obj) for a in S3_OBJECT_ACTIONS] + [(a, "arn:aws:s3:::" + bucket) for a in S3_BUCKET_ACTIONS]:
        if aws_policy.evaluate(sources, act, res, {})[0] != "allowed":
            return "the IAM role %s is not allowed %s on %s" % (role_arn, act, res)
    return None


def _denied(url, why):
    return DbxError(403, "PERMISSION_DENIED", "Unity Catalog cannot access %s: %s." % (url, why))


def check_access(ctx, view, wid, url, catalog_root):
    """Raise the error Unity Catalog gives when it cannot reach url (a managed location)."""
    mid = _mid(ctx, wid)
    if catalog_root:
        loc = covering_location(ctx, mid, url)
        if loc is None:
            raise _denied(url, "no external location covers it")
        cred = _uc(ctx, mid)["credentials"].get(loc["credential_name"])
        if cred is None:
            raise _denied(url, "the storage credential %s of external location %s does not exist"
                          % (loc["credential_name"], loc["name"]))
        why = role_problem(ctx, view, cred["aws_iam_role"]["role_arn"], cred["aws_iam_role"]["external_id"], url)
        if why:
            raise _denied(url, why)
        return
    m = dbx_metastore.get_metastore(ctx, mid)
    cid = m.get("storage_root_credential_id")
    if not cid:
        raise DbxError(400, "DAC_DOES_NOT_EXIST",
                       "Root storage credential for metastore %s does not exist. Please contact your Databricks "
                       "representative or consider updating the metastore with a valid storage credential." % mid)
    cred = next((c for c in _uc(ctx, mid)["credentials"].values() if c["id"] == cid), None)
    if cred is not None:            # a credential the seed does not model (Databricks' own) is taken as valid
        why = role_problem(ctx, view, cred["aws_iam_role"]["role_arn"], cred["aws_iam_role"]["external_id"], url)
        if why:
            raise _denied(url, why)


def covering_location(ctx, mid, url):
    best = None
    for loc in _uc(ctx, mid)["locations"].values():
        if _covers(loc["url"], url) and (best is None or len(loc["url"]) > len(best["url"])):
            best = loc
    return best


# ------------------------------------------------------------------ storage credentials
def credential_create(ctx, view, wid, body):
    mid = _mid(ctx, wid)
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise bad("name is required")
    role_arn = (body.get("aws_iam_role") or {}).get("role_arn")
    if not isinstance(role_arn, str) or not ROLE_ARN_RE.match(role_arn):
        raise bad("aws_iam_role.role_arn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>), got %r."
                  % (role_arn,))
    creds = _uc(ctx, mid)["credentials"]
    if name in creds:
        raise DbxError(409, "STORAGE_CREDENTIAL_ALREADY_EXISTS", "Storage Credential '%s' already exists." % name)
    t = now_ms(ctx.state)
    # [SRA] the credential exists before its role: no validation here (skip_validation changes nothing)
    cred = {"id": new_uuid(), "name": name, "full_name": name, "metastore_id": mid,
            "aws_iam_role": {"role_arn": role_arn, "external_id": new_uuid(), "unity_catalog_iam_arn": UC_MASTER_ROLE},
            "read_only": bool(body.get("read_only", False)), "comment": body.get("comment", ""),
            "isolation_mode": "ISOLATION_MODE_OPEN", "owner": identity.DBX_CLIENT_ID, "created_at": t,
            "created_by": identity.DBX_CLIENT_ID, "updated_at": t, "updated_by": identity.DBX_CLIENT_ID,
            "used_for_managed_storage": False}
    creds[name] = cred
    return dict(cred)


def credential_get(ctx, view, wid, name):
    cred = _uc(ctx, _mid(ctx, wid))["credentials"].get(name)
    if cred is None:
        raise not_found("Storage Credential '%s' does not exist." % name, "STORAGE_CREDENTIAL_DOES_NOT_EXIST")
    return dict(cred)


def credential_list(ctx, view, wid):
    return {"storage_credentials": [dict(c) for c in _uc(ctx, _mid(ctx, wid))["credentials"].values()]}


def credential_delete(ctx, view, wid, name):
    d = _uc(ctx, _mid(ctx, wid))
    credential_get(ctx, view, wid, name)
    users = [loc["name"] for loc in d["locations"].values() if loc["credential_name"] == name]
    if users and ctx.query.get("force", ["false"])[0].lower() != "true":
        raise bad("Storage credential '%s' has %d dependent external location(s): %s." % (name, len(users),
                                                                                          ", ".join(users)))
    del d["credentials"][name]
    return {}


# ------------------------------------------------------------------ external locations
def location_create(ctx, view, wid, body):
    mid = _mid(ctx, wid)
    d = _uc(ctx, mid)
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise bad("name is required")
    url = body.get("url")
    bucket, _ = _split_s3(url)
    if not bucket:
        raise bad("url must be an s3:// URL, got %r." % (url,))
    cname = body.get("credential_name")
    cred = d["credentials"].get(cname)
    if cred is None:
        raise not_found("Storage Credential '%s' does not exist." % cname, "STORAGE_CREDENTIAL_DOES_NOT_EXIST")
    if name in d["locations"]:
        raise DbxError(409, "EXTERNAL_LOCATION_ALREADY_EXISTS", "External Location '%s' already exists." % name)
    for other in d["locations"].values():
        if _covers(other["url"], url) or _covers(url, other["url"]):
            raise bad("Input path url '%s' overlaps with an existing external location '%s' (%s)."
                      % (url, other["name"], other["url"]))
    if not body.get("skip_validation"):
        why = role_problem(ctx, view, cred["aws_iam_role"]["role_arn"], cred["aws_iam_role"]["external_id"], url)
        if why:
            raise _denied(url, why)
    t = now_ms(ctx.state)
    loc = {"name": name, "url": url, "credential_name": cname, "credential_id": cred["id"], "metastore_id": mid,
           "read_only": bool(body.get("read_only", False)), "comment": body.get("comment", ""),
           "isolation_mode": "ISOLATION_MODE_OPEN", "owner": identity.DBX_CLIENT_ID, "created_at": t,
           "created_by": identity.DBX_CLIENT_ID, "updated_at": t, "updated_by": identity.DBX_CLIENT_ID}
    d["locations"][name] = loc
    return dict(loc)


def location_get(ctx, view, wid, name):
    loc = _uc(ctx, _mid(ctx, wid))["locations"].get(name)
    if loc is None:
        raise not_found("External Location '%s' does not exist." % name, "EXTERNAL_LOCATION_DOES_NOT_EXIST")
    return dict(loc)


def location_list(ctx, view, wid):
    return {"external_locations": [dict(x) for x in _uc(ctx, _mid(ctx, wid))["locations"].values()]}


def location_delete(ctx, view, wid, name):
    location_get(ctx, view, wid, name)
    del _uc(ctx, _mid(ctx, wid))["locations"][name]
    return {}


def metastore_summary(ctx, wid):
    m = dbx_metastore.get_metastore(ctx, _mid(ctx, wid))
    return {k: v for k, v in m.items() if not k.startswith("_")}
