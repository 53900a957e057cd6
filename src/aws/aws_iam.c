/* aws_iam.c - typed IAM operations on the query API (2010-05-08). */
#include "aws/aws_iam.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_params.h"
#include "aws/aws_result.h"
#include "aws/aws_xml.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

typedef void (*any_fn)(void);

struct iam_op {
  any_fn fn;
  void *ud;
  char action[48];
};

static hk_status iam_call(struct aws_client *c, const char *action, struct aws_params *p,
                          unsigned flags, aws_response_cb done, any_fn fn, void *ud)
{
  struct iam_op *op;
  hk_status st;

  if(!fn) {
    aws_params_free(p);
    return HK_INVALID;
  }
  op = calloc(1, sizeof(*op));
  if(!op) {
    aws_params_free(p);
    return HK_NOMEM;
  }
  op->fn = fn;
  op->ud = ud;
  hk_strlcpy(op->action, action, sizeof(op->action));
  st = aws_client_query(c, AWS_SVC_IAM, action, p, flags, done, op);
  aws_params_free(p);
  if(st != HK_OK)
    free(op);
  return st;
}

/* <Action>Result element of the first page. */
static xmlNode *result_of(const struct aws_response *resp, const struct iam_op *op)
{
  char name[64];
  snprintf(name, sizeof(name), "%sResult", op->action);
  return aws_xml_child(aws_resp_root(resp), name);
}

static void nomem(struct hk_error *e)
{
  hk_error_clear(e);
  hk_error_set(e, HK_NOMEM, "%s", hk_status_text(HK_NOMEM));
}

/* ---- plain ---- */

static void done_plain(const struct aws_response *resp, void *ud)
{
  struct iam_op *op = ud;
  struct hk_error ok;
  ((aws_done_cb)op->fn)(aws_resp_error(resp, &ok), op->ud);
  free(op);
}

static hk_status plain(struct aws_client *c, const char *action, const char *k1,
                       const char *v1, const char *k2, const char *v2, aws_done_cb cb,
                       void *ud)
{
  struct aws_params p;
  if(!v1 || !v1[0] || (k2 && (!v2 || !v2[0])))
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, k1, v1);
  if(k2)
    aws_params_add(&p, k2, v2);
  return iam_call(c, action, &p, AWS_CALL_IDEMPOTENT, done_plain, (any_fn)cb, ud);
}

hk_status aws_iam_delete_role(struct aws_client *c, const char *role_name, aws_done_cb cb,
                              void *ud)
{
  return plain(c, "DeleteRole", "RoleName", role_name, NULL, NULL, cb, ud);
}

hk_status aws_iam_update_assume_role_policy(struct aws_client *c, const char *role_name,
                                            const char *document, aws_done_cb cb, void *ud)
{
  return plain(c, "UpdateAssumeRolePolicy", "RoleName", role_name, "PolicyDocument", document,
               cb, ud);
}

hk_status aws_iam_delete_role_policy(struct aws_client *c, const char *role_name,
                                     const char *policy_name, aws_done_cb cb, void *ud)
{
  return plain(c, "DeleteRolePolicy", "RoleName", role_name, "PolicyName", policy_name, cb,
               ud);
}

hk_status aws_iam_delete_instance_profile(struct aws_client *c, const char *name,
                                          aws_done_cb cb, void *ud)
{
  return plain(c, "DeleteInstanceProfile", "InstanceProfileName", name, NULL, NULL, cb, ud);
}

hk_status aws_iam_add_role_to_instance_profile(struct aws_client *c, const char *profile,
                                               const char *role_name, aws_done_cb cb,
                                               void *ud)
{
  return plain(c, "AddRoleToInstanceProfile", "InstanceProfileName", profile, "RoleName",
               role_name, cb, ud);
}

hk_status aws_iam_remove_role_from_instance_profile(struct aws_client *c, const char *profile,
                                                    const char *role_name, aws_done_cb cb,
                                                    void *ud)
{
  return plain(c, "RemoveRoleFromInstanceProfile", "InstanceProfileName", profile, "RoleName",
               role_name, cb, ud);
}

hk_status aws_iam_put_role_policy(struct aws_client *c, const char *role_name,
                                  const char *policy_name, const char *document,
                                  aws_done_cb cb, void *ud)
{
  struct aws_params p;
  if(!role_name || !policy_name || !document)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "RoleName", role_name);
  aws_params_add(&p, "PolicyName", policy_name);
  aws_params_add(&p, "PolicyDocument", document);
  /* PutRolePolicy replaces: resending is harmless */
  return iam_call(c, "PutRolePolicy", &p, AWS_CALL_IDEMPOTENT, done_plain, (any_fn)cb, ud);
}

/* ---- roles ---- */

static void role_done(const struct aws_response *resp, void *ud)
{
  struct iam_op *op = ud;
  struct hk_error ok;
  struct aws_role *role = NULL;
  xmlNode *r = aws_xml_child(result_of(resp, op), "Role");
  char *doc;

  hk_error_clear(&ok);
  if(resp->status != HK_OK) {
    ((aws_role_cb)op->fn)(NULL, resp->err, op->ud);
    free(op);
    return;
  }
  if(!r) {
    hk_error_set(&ok, HK_PARSE, _("iam:%s answered without a role."), op->action);
    ((aws_role_cb)op->fn)(NULL, &ok, op->ud);
    free(op);
    return;
  }
  role = calloc(1, sizeof(*role));
  if(!role) {
    nomem(&ok);
    ((aws_role_cb)op->fn)(NULL, &ok, op->ud);
    free(op);
    return;
  }
  aws_xml_text(r, "RoleName", role->role_name, sizeof(role->role_name));
  aws_xml_text(r, "Arn", role->arn, sizeof(role->arn));
  aws_xml_text(r, "Path", role->path, sizeof(role->path));
  doc = aws_xml_text_dup(r, "AssumeRolePolicyDocument");
  role->assume_role_policy = aws_policy_decode(doc);
  free(doc);
  ((aws_role_cb)op->fn)(role, &ok, op->ud);
  aws_role_clear(role);
  free(role);
  free(op);
}

hk_status aws_iam_get_role(struct aws_client *c, const char *role_name, aws_role_cb cb, void *ud)
{
  struct aws_params p;
  if(!role_name || !role_name[0])
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "RoleName", role_name);
  return iam_call(c, "GetRole", &p, AWS_CALL_IDEMPOTENT, role_done, (any_fn)cb, ud);
}

hk_status aws_iam_create_role(struct aws_client *c, const char *role_name, const char *path,
                              const char *assume_role_policy, const char *description,
                              aws_role_cb cb, void *ud)
{
  struct aws_params p;
  if(!role_name || !role_name[0] || !assume_role_policy)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "RoleName", role_name);
  aws_params_add(&p, "Path", path && path[0] ? path : "/");
  aws_params_add(&p, "AssumeRolePolicyDocument", assume_role_policy);
  aws_params_add(&p, "Description", description);
  return iam_call(c, "CreateRole", &p, 0, role_done, (any_fn)cb, ud);
}

/* ---- inline policies ---- */

static void role_policy_done(const struct aws_response *resp, void *ud)
{
  struct iam_op *op = ud;
  struct hk_error ok;
  struct aws_role_policy *pol;
  xmlNode *r = result_of(resp, op);
  char *doc;

  hk_error_clear(&ok);
  if(resp->status != HK_OK) {
    ((aws_role_policy_cb)op->fn)(NULL, resp->err, op->ud);
    free(op);
    return;
  }
  pol = calloc(1, sizeof(*pol));
  if(!pol) {
    nomem(&ok);
    ((aws_role_policy_cb)op->fn)(NULL, &ok, op->ud);
    free(op);
    return;
  }
  aws_xml_text(r, "PolicyName", pol->policy_name, sizeof(pol->policy_name));
  doc = aws_xml_text_dup(r, "PolicyDocument");
  pol->document = aws_policy_decode(doc);
  free(doc);
  if(!pol->document)
    hk_error_set(&ok, HK_PARSE, _("iam:GetRolePolicy answered without a policy document."));
  ((aws_role_policy_cb)op->fn)(ok.status == HK_OK ? pol : NULL, &ok, op->ud);
  aws_role_policy_clear(pol);
  free(pol);
  free(op);
}

hk_status aws_iam_get_role_policy(struct aws_client *c, const char *role_name,
                                  const char *policy_name, aws_role_policy_cb cb, void *ud)
{
  struct aws_params p;
  if(!role_name || !policy_name)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "RoleName", role_name);
  aws_params_add(&p, "PolicyName", policy_name);
  return iam_call(c, "GetRolePolicy", &p, AWS_CALL_IDEMPOTENT, role_policy_done, (any_fn)cb,
                  ud);
}

/* ---- lists ---- */

static bool parse_name(const xmlNode *it, void *elem)
{
  aws_xml_text(it, "", (char *)elem, AWS_NAME_MAX);
  return true;
}

static void names_done(const struct aws_response *resp, void *ud)
{
  struct iam_op *op = ud;
  struct hk_error ok;
  void *arr = NULL;
  size_t n = 0;

  if(resp->status != HK_OK) {
    ((aws_names_cb)op->fn)(NULL, 0, resp->err, op->ud);
    free(op);
    return;
  }
  if(aws_collect(resp, "ListRolePoliciesResult/PolicyNames", AWS_NAME_MAX, parse_name, &arr,
                 &n) != HK_OK) {
    free(arr);
    nomem(&ok);
    ((aws_names_cb)op->fn)(NULL, 0, &ok, op->ud);
    free(op);
    return;
  }
  ((aws_names_cb)op->fn)((char (*)[AWS_NAME_MAX])arr, n, aws_resp_error(resp, &ok), op->ud);
  free(op);
}

hk_status aws_iam_list_role_policies(struct aws_client *c, const char *role_name,
                                     aws_names_cb cb, void *ud)
{
  struct aws_params p;
  if(!role_name)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "RoleName", role_name);
  return iam_call(c, "ListRolePolicies", &p, AWS_CALL_IDEMPOTENT | AWS_CALL_PAGINATE,
                  names_done, (any_fn)cb, ud);
}

static bool parse_role_item(const xmlNode *it, void *elem)
{
  struct aws_role *r = elem;
  char *doc;

  aws_xml_text(it, "RoleName", r->role_name, sizeof(r->role_name));
  aws_xml_text(it, "Arn", r->arn, sizeof(r->arn));
  aws_xml_text(it, "Path", r->path, sizeof(r->path));
  doc = aws_xml_text_dup(it, "AssumeRolePolicyDocument");
  r->assume_role_policy = aws_policy_decode(doc);
  free(doc);
  return true;
}

void aws_roles_free(struct aws_role *v, size_t n)
{
  size_t i;

  for(i = 0; v && i < n; i++)
    aws_role_clear(&v[i]);
  free(v);
}

static void roles_done(const struct aws_response *resp, void *ud)
{
  struct iam_op *op = ud;
  struct hk_error ok;
  void *arr = NULL;
  size_t n = 0;

  if(resp->status != HK_OK) {
    ((aws_roles_cb)op->fn)(NULL, 0, resp->err, op->ud);
    free(op);
    return;
  }
  if(aws_collect(resp, "ListRolesResult/Roles", sizeof(struct aws_role), parse_role_item, &arr,
                 &n) != HK_OK) {
    aws_roles_free(arr, n);
    nomem(&ok);
    ((aws_roles_cb)op->fn)(NULL, 0, &ok, op->ud);
    free(op);
    return;
  }
  ((aws_roles_cb)op->fn)(arr, n, aws_resp_error(resp, &ok), op->ud);
  free(op);
}

hk_status aws_iam_list_roles(struct aws_client *c, const char *path_prefix, aws_roles_cb cb,
                             void *ud)
{
  struct aws_params p;
  aws_params_init(&p);
  if(path_prefix && path_prefix[0])
    aws_params_add(&p, "PathPrefix", path_prefix);
  return iam_call(c, "ListRoles", &p, AWS_CALL_IDEMPOTENT | AWS_CALL_PAGINATE, roles_done,
                  (any_fn)cb, ud);
}

static bool parse_attached(const xmlNode *it, void *elem)
{
  struct aws_attached_policy *a = elem;
  aws_xml_text(it, "PolicyName", a->policy_name, sizeof(a->policy_name));
  aws_xml_text(it, "PolicyArn", a->policy_arn, sizeof(a->policy_arn));
  return true;
}

static void attached_done(const struct aws_response *resp, void *ud)
{
  struct iam_op *op = ud;
  struct hk_error ok;
  void *arr = NULL;
  size_t n = 0;

  if(resp->status != HK_OK) {
    ((aws_attached_cb)op->fn)(NULL, 0, resp->err, op->ud);
    free(op);
    return;
  }
  if(aws_collect(resp, "ListAttachedRolePoliciesResult/AttachedPolicies",
                 sizeof(struct aws_attached_policy), parse_attached, &arr, &n) != HK_OK) {
    free(arr);
    nomem(&ok);
    ((aws_attached_cb)op->fn)(NULL, 0, &ok, op->ud);
    free(op);
    return;
  }
  ((aws_attached_cb)op->fn)(arr, n, aws_resp_error(resp, &ok), op->ud);
  free(op);
}

hk_status aws_iam_list_attached_role_policies(struct aws_client *c, const char *role_name,
                                              aws_attached_cb cb, void *ud)
{
  struct aws_params p;
  if(!role_name)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "RoleName", role_name);
  return iam_call(c, "ListAttachedRolePolicies", &p, AWS_CALL_IDEMPOTENT | AWS_CALL_PAGINATE,
                  attached_done, (any_fn)cb, ud);
}

static bool parse_sim(const xmlNode *it, void *elem)
{
  struct aws_sim_result *s = elem;
  aws_xml_text(it, "EvalActionName", s->action, sizeof(s->action));
  aws_xml_text(it, "EvalDecision", s->decision, sizeof(s->decision));
  aws_xml_text(it, "EvalResourceName", s->resource, sizeof(s->resource));
  return true;
}

static void sim_done(const struct aws_response *resp, void *ud)
{
  struct iam_op *op = ud;
  struct hk_error ok;
  void *arr = NULL;
  size_t n = 0;

  if(resp->status != HK_OK) {
    ((aws_sim_cb)op->fn)(NULL, 0, resp->err, op->ud);
    free(op);
    return;
  }
  if(aws_collect(resp, "SimulatePrincipalPolicyResult/EvaluationResults",
                 sizeof(struct aws_sim_result), parse_sim, &arr, &n) != HK_OK) {
    free(arr);
    nomem(&ok);
    ((aws_sim_cb)op->fn)(NULL, 0, &ok, op->ud);
    free(op);
    return;
  }
  ((aws_sim_cb)op->fn)(arr, n, aws_resp_error(resp, &ok), op->ud);
  free(op);
}

hk_status aws_iam_simulate_principal_policy(struct aws_client *c, const char *source_arn,
                                            const char *const *actions, size_t n_actions,
                                            const char *const *resource_arns,
                                            size_t n_resources, aws_sim_cb cb, void *ud)
{
  return aws_iam_simulate_principal_policy_ctx(c, source_arn, actions, n_actions, resource_arns,
                                               n_resources, NULL, 0, cb, ud);
}

hk_status aws_iam_simulate_principal_policy_ctx(struct aws_client *c, const char *source_arn,
                                                const char *const *actions, size_t n_actions,
                                                const char *const *resource_arns,
                                                size_t n_resources,
                                                const struct aws_sim_context *ctx, size_t n_ctx,
                                                aws_sim_cb cb, void *ud)
{
  struct aws_params p;
  char key[96];
  size_t i;

  if(!source_arn || !actions || !n_actions)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "PolicySourceArn", source_arn);
  aws_params_add_list(&p, "ActionNames.member", actions, n_actions);
  if(resource_arns)
    aws_params_add_list(&p, "ResourceArns.member", resource_arns, n_resources);
  /* ContextEntries.member.N.{ContextKeyName,ContextKeyValues.member.1,ContextKeyType}
   * (IAM API reference, SimulatePrincipalPolicy / ContextEntry) */
  for(i = 0; ctx && i < n_ctx; i++) {
    snprintf(key, sizeof(key), "ContextEntries.member.%zu.ContextKeyName", i + 1);
    aws_params_add(&p, key, ctx[i].key);
    snprintf(key, sizeof(key), "ContextEntries.member.%zu.ContextKeyValues.member.1", i + 1);
    aws_params_add(&p, key, ctx[i].value);
    snprintf(key, sizeof(key), "ContextEntries.member.%zu.ContextKeyType", i + 1);
    aws_params_add(&p, key, "string");
  }
  return iam_call(c, "SimulatePrincipalPolicy", &p, AWS_CALL_IDEMPOTENT | AWS_CALL_PAGINATE,
                  sim_done, (any_fn)cb, ud);
}

/* ---- instance profiles ---- */

static void profile_done(const struct aws_response *resp, void *ud)
{
  struct iam_op *op = ud;
  struct hk_error ok;
  struct aws_instance_profile *ip;
  xmlNode *r = aws_xml_child(result_of(resp, op), "InstanceProfile");
  xmlNode *m;
  size_t n = 0;

  hk_error_clear(&ok);
  if(resp->status != HK_OK) {
    ((aws_instance_profile_cb)op->fn)(NULL, resp->err, op->ud);
    free(op);
    return;
  }
  ip = calloc(1, sizeof(*ip));
  if(!r || !ip) {
    free(ip);
    if(r)
      nomem(&ok);
    else
      hk_error_set(&ok, HK_PARSE, _("iam:%s answered without an instance profile."),
                   op->action);
    ((aws_instance_profile_cb)op->fn)(NULL, &ok, op->ud);
    free(op);
    return;
  }
  aws_xml_text(r, "InstanceProfileName", ip->name, sizeof(ip->name));
  aws_xml_text(r, "Arn", ip->arn, sizeof(ip->arn));
  for(m = aws_xml_first(aws_xml_child(r, "Roles")); m; m = aws_xml_next_member(m))
    n++;
  if(n) {
    ip->role_names = calloc(n, sizeof(*ip->role_names));
    for(m = aws_xml_first(aws_xml_child(r, "Roles")); m && ip->role_names;
        m = aws_xml_next_member(m))
      aws_xml_text(m, "RoleName", ip->role_names[ip->n_role_names++],
                   sizeof(ip->role_names[0]));
  }
  ((aws_instance_profile_cb)op->fn)(ip, &ok, op->ud);
  aws_instance_profile_clear(ip);
  free(ip);
  free(op);
}

hk_status aws_iam_create_instance_profile(struct aws_client *c, const char *name,
                                          const char *path, aws_instance_profile_cb cb,
                                          void *ud)
{
  struct aws_params p;
  if(!name || !name[0])
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "InstanceProfileName", name);
  aws_params_add(&p, "Path", path && path[0] ? path : "/");
  return iam_call(c, "CreateInstanceProfile", &p, 0, profile_done, (any_fn)cb, ud);
}

hk_status aws_iam_get_instance_profile(struct aws_client *c, const char *name,
                                       aws_instance_profile_cb cb, void *ud)
{
  struct aws_params p;
  if(!name || !name[0])
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "InstanceProfileName", name);
  return iam_call(c, "GetInstanceProfile", &p, AWS_CALL_IDEMPOTENT, profile_done, (any_fn)cb,
                  ud);
}
