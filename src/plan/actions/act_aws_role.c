/* act_aws_role.c - the cross-account IAM role Databricks assumes. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aws/aws_iam.h"
#include "core/hk_i18n.h"
#include "plan/actions/act_aws_util.h"
#include "policy/policy.h"
#include "setup/setup_assets.h"

static void record(struct hk_run *run, const struct aws_role *r)
{
  hk_run_set(run, "role_arn", r->arn);
  hk_run_set(run, "role_name", r->role_name);
}

static void on_role(const struct aws_role *r, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status == HK_NOT_FOUND) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  if(err->status == HK_OK && r) {
    record(run, r);
    if(run->step == HK_RUN_LOOKUP)
      hk_run_found(run);
  }
  hk_run_finish_aws(run, err);
}

static void lookup(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);

  if(aws && aws_iam_get_role(aws, hk_run_setup(run)->credential.role_name, on_role, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the IAM role."));
}

static void create(struct hk_run *run)
{
  const struct hk_setup *s = hk_run_setup(run);
  struct aws_client *aws = hk_run_aws(run);
  struct hk_error e = { .status = HK_OK };
  char desc[320];
  char *trust;
  hk_status st;

  if(!aws)
    return;
  hk_error_clear(&e);
  trust = hk_policy_crossaccount_trust(s->partition, s->account_id, &e);
  if(!trust) {
    hk_run_finish(run, e.status != HK_OK ? e.status : HK_CONFIG, &e);
    return;
  }
  snprintf(desc, sizeof(desc), "Databricks cross-account role for heiiki setup %s", s->name);
  st = aws_iam_create_role(aws, s->credential.role_name, NULL, trust, desc, on_role, run);
  free(trust);
  if(st != HK_OK)
    hk_run_fail(run, st, "%s", _("Cannot create the IAM role."));
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

  if(aws && aws_iam_delete_role(aws, hk_run_get(run, "role_name"), on_deleted, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot delete the IAM role."));
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  if(s->credential.choice == HK_EXISTING)
    return hk_act_keep(a, "role_arn", s->credential.role_arn);
  hk_act_note(a, "%s", s->credential.role_name);
  return HK_DEC_CREATE;
}

static void describe(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n)
{
  (void)a;
  hk_assets_load(NULL);
  snprintf(out, n, _("role %s trusting Databricks (AWS account %s) with external ID %s"),
           s->credential.role_name, hk_assets_databricks_account(s->partition), s->account_id);
}

static const char *const keys[] = { "role_arn", NULL };

const struct hk_action_ops hk_act_aws_role = {
  "aws.role", decide, lookup, create, remove_, describe, keys,
};
