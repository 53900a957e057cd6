/* act_aws_role_policy.c - the cross-account role's permissions (inline policy).
 * PutRolePolicy replaces the document, so a retry is harmless. */
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
  hk_aws_name(run, "databricks", out, n);
}

static void on_put(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  char name[160];

  if(err->status == HK_OK) {
    policy_name(run, name, sizeof(name));
    hk_run_set(run, "policy_name", name);
    hk_run_set(run, "role_name", hk_run_setup(run)->credential.role_name);
  }
  hk_run_finish_aws(run, err);
}

static char *document(const struct hk_run *run, struct hk_error *e)
{
  const struct hk_setup *s = hk_run_setup(run);
  struct hk_crossaccount_opts o;
  const char *glue_role = hk_run_dep(run, "aws.glue.role", "role_arn");
  const char *pass[1];

  memset(&o, 0, sizeof(o));
  pass[0] = glue_role;
  o.pass_roles = pass;
  o.n_pass_roles = glue_role[0] ? 1 : 0;
  o.partition = s->partition;
  o.restricted = s->credential.restricted;
  o.aws_account_id = s->aws_account_id;
  o.region = s->region;
  o.vpc_id = s->network.vpc_id;
  o.sg_id = s->network.n_sgs ? s->network.sg_ids[0] : "";
  return hk_policy_crossaccount(&o, e);
}

/* Found when the role already holds our policy with the same document. */
static void on_got(const struct aws_role_policy *pol, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  struct hk_error e = { .status = HK_OK };
  char *want, *have, *mine;
  char name[160];

  if(err->status == HK_NOT_FOUND) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  if(err->status != HK_OK || !pol || !pol->document) {
    hk_run_finish_aws(run, err);
    return;
  }
  mine = document(run, &e);
  want = mine ? hk_policy_canonical(mine) : NULL;
  have = hk_policy_canonical(pol->document);
  if(want && have && strcmp(want, have) == 0) {
    policy_name(run, name, sizeof(name));
    hk_run_set(run, "policy_name", name);
    hk_run_set(run, "role_name", hk_run_setup(run)->credential.role_name);
    hk_run_found(run);
  }
  free(mine);
  free(want);
  free(have);
  hk_run_finish(run, HK_OK, NULL);
}

static void lookup(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  char name[160];

  if(!aws)
    return;
  policy_name(run, name, sizeof(name));
  if(aws_iam_get_role_policy(aws, hk_run_setup(run)->credential.role_name, name, on_got, run) !=
     HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the role policy."));
}

static void create(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  struct hk_error e = { .status = HK_OK };
  char name[160];
  char *doc;
  hk_status st;

  if(!aws)
    return;
  hk_error_clear(&e);
  doc = document(run, &e);
  if(!doc) {
    hk_run_finish(run, e.status != HK_OK ? e.status : HK_CONFIG, &e);
    return;
  }
  policy_name(run, name, sizeof(name));
  st = aws_iam_put_role_policy(aws, hk_run_setup(run)->credential.role_name, name, doc, on_put,
                               run);
  free(doc);
  if(st != HK_OK)
    hk_run_fail(run, st, "%s", _("Cannot put the role policy."));
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
    hk_run_fail(run, HK_NET, "%s", _("Cannot delete the role policy."));
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  if(s->credential.choice == HK_EXISTING) {
    hk_act_note(a, _("your role's policy is used as is (pre-flight checks it)"));
    return HK_DEC_SKIP;
  }
  hk_act_note(a, _("customer-managed VPC policy%s"),
              s->credential.restricted ? _(", scoped to the VPC, security groups and region") : "");
  return HK_DEC_CREATE;
}

static void describe(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n)
{
  (void)s;
  snprintf(out, n, "%s", a->note);
}

static const char *const keys[] = { "policy_name", NULL };

const struct hk_action_ops hk_act_aws_role_policy = {
  "aws.role.policy", decide, lookup, create, remove_, describe, keys,
};
