/* act_aws_uc_role_policy.c - both policies of the Unity Catalog role: its
 * trust (UpdateAssumeRolePolicy, so an adopted role trusts this storage
 * credential's external ID too) and its permissions (inline policy,
 * [TFP] databricks_aws_unity_catalog_policy).  Both calls replace what is
 * there, so a retry is harmless; found when the role already holds both. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aws/aws_iam.h"
#include "core/hk_i18n.h"
#include "plan/actions/act_aws_util.h"
#include "policy/policy.h"

static void policy_name(const struct hk_run *run, char *out, size_t n)
{
  hk_aws_name(run, "unity-catalog", out, n);
}

static const char *role_name(const struct hk_run *run)
{
  return hk_run_dep(run, "aws.uc.role", "role_name");
}

static char *trust_doc(const struct hk_run *run, struct hk_error *e)
{
  return hk_act_uc_trust(hk_run_setup(run),
                         hk_run_dep(run, "post.uc.credential", "external_id"), e);
}

static bool same(const char *mine, const char *theirs)
{
  char *a = mine ? hk_policy_canonical(mine) : NULL;
  char *b = theirs ? hk_policy_canonical(theirs) : NULL;
  bool eq = a && b && strcmp(a, b) == 0;

  free(a);
  free(b);
  return eq;
}

static void record(struct hk_run *run)
{
  char name[160];

  policy_name(run, name, sizeof(name));
  hk_run_set(run, "policy_name", name);
  hk_run_set(run, "role_name", role_name(run));
}

static void on_got_policy(const struct aws_role_policy *pol, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  struct hk_error e = { .status = HK_OK };
  char *mine;

  if(err->status == HK_NOT_FOUND) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  if(err->status != HK_OK || !pol) {
    hk_run_finish_aws(run, err);
    return;
  }
  mine = hk_act_uc_permissions(hk_run_setup(run), &e);
  if(same(mine, pol->document)) {
    record(run);
    hk_run_found(run);
  }
  free(mine);
  hk_run_finish(run, HK_OK, NULL);
}

/* Lookup: the trust first, then the permissions; both must match. */
static void on_got_role(const struct aws_role *r, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  struct hk_error e = { .status = HK_OK };
  char name[160];
  char *mine;
  bool ok;

  if(err->status == HK_NOT_FOUND) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  if(err->status != HK_OK || !r) {
    hk_run_finish_aws(run, err);
    return;
  }
  mine = trust_doc(run, &e);
  ok = same(mine, r->assume_role_policy);
  free(mine);
  if(!ok) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  policy_name(run, name, sizeof(name));
  if(aws_iam_get_role_policy(run->eng->aws, role_name(run), name, on_got_policy, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the Unity Catalog role's policy."));
}

static void lookup(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);

  if(aws && aws_iam_get_role(aws, role_name(run), on_got_role, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the Unity Catalog IAM role."));
}

static void on_put(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status == HK_OK)
    record(run);
  hk_run_finish_aws(run, err);
}

static void on_trust(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  struct hk_error e = { .status = HK_OK };
  char name[160];
  char *doc;
  hk_status st;

  if(err->status != HK_OK) {
    hk_run_finish_aws(run, err);
    return;
  }
  hk_error_clear(&e);
  doc = hk_act_uc_permissions(hk_run_setup(run), &e);
  if(!doc) {
    hk_run_finish(run, e.status != HK_OK ? e.status : HK_CONFIG, &e);
    return;
  }
  policy_name(run, name, sizeof(name));
  st = aws_iam_put_role_policy(run->eng->aws, role_name(run), name, doc, on_put, run);
  free(doc);
  if(st != HK_OK)
    hk_run_fail(run, st, "%s", _("Cannot put the Unity Catalog role's policy."));
}

static void create(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  struct hk_error e = { .status = HK_OK };
  char *trust;
  hk_status st;

  if(!aws)
    return;
  hk_error_clear(&e);
  trust = trust_doc(run, &e);
  if(!trust) {
    hk_run_finish(run, e.status != HK_OK ? e.status : HK_CONFIG, &e);
    return;
  }
  st = aws_iam_update_assume_role_policy(aws, role_name(run), trust, on_trust, run);
  free(trust);
  if(st != HK_OK)
    hk_run_fail(run, st, "%s", _("Cannot update the Unity Catalog role's trust policy."));
}

static void on_deleted(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status == HK_NOT_FOUND) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  hk_run_finish_aws(run, err);
}

static void remove_(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);

  if(aws && aws_iam_delete_role_policy(aws, hk_run_get(run, "role_name"),
                                       hk_run_get(run, "policy_name"), on_deleted,
                                       run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot delete the Unity Catalog role's policy."));
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  if(!hk_act_uc_on(s)) {
    hk_act_note(a, "%s", _("the metastore is not created by heiiki"));
    return HK_DEC_SKIP;
  }
  hk_act_note(a, _("trust and permissions on bucket %s (both shown below)"), s->metastore.bucket);
  return HK_DEC_CREATE;
}

static void describe(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n)
{
  (void)s;
  snprintf(out, n, "%s", a->note);
}

static const char *const keys[] = { "policy_name", NULL };

const struct hk_action_ops hk_act_aws_uc_role_policy = {
  "aws.uc.role.policy", decide, lookup, create, remove_, describe, keys,
};
