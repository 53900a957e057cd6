/* act_aws_uc_role.c - the Unity Catalog IAM role of metastore.mode = create
 * (named by metastore.role_arn).
 *
 * Its trust needs the storage credential's external ID, and the credential
 * needs the role's ARN: the credential is made first from the ARN alone
 * ([SRA] unity_catalog_catalog_creation/main.tf, "Storage Credential (created
 * before role)"), then this role with the trust of
 * [TFP] databricks_aws_unity_catalog_assume_role_policy (the UC master role
 * and the role itself, both with that external ID).  A role that already
 * exists is adopted; aws.uc.role.policy puts both policies on it. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aws/aws_iam.h"
#include "core/hk_i18n.h"
#include "plan/actions/act_aws_util.h"

static const char *external_id(const struct hk_run *run)
{
  return hk_run_dep(run, "post.uc.credential", "external_id");
}

static void on_role(const struct aws_role *r, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status == HK_NOT_FOUND && run->step == HK_RUN_LOOKUP) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  if(err->status == HK_OK && r) {
    hk_run_set(run, "role_arn", r->arn);
    hk_run_set(run, "role_name", r->role_name);
    if(run->step == HK_RUN_LOOKUP)
      hk_run_found(run);
  }
  hk_run_finish_aws(run, err);
}

static void lookup(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  struct hk_uc_role r;

  if(!aws)
    return;
  hk_act_uc_role(hk_run_setup(run), &r);
  if(aws_iam_get_role(aws, r.name, on_role, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the Unity Catalog IAM role."));
}

static void create(struct hk_run *run)
{
  const struct hk_setup *s = hk_run_setup(run);
  struct aws_client *aws = hk_run_aws(run);
  struct hk_error e = { .status = HK_OK };
  struct hk_uc_role r;
  char desc[320];
  char *trust;
  hk_status st;

  if(!aws)
    return;
  hk_act_uc_role(s, &r);
  if(s->aws_account_id[0] && strcmp(r.account, s->aws_account_id) != 0) {
    hk_run_fail(run, HK_CONFIG,
                _("The Unity Catalog role %s is in AWS account %s, but heiiki is signed in to %s: "
                  "create the role there yourself, or give a role ARN of account %s."),
                s->metastore.role_arn, r.account, s->aws_account_id, s->aws_account_id);
    return;
  }
  if(!external_id(run)[0]) {
    hk_run_fail(run, HK_STATE, "%s", _("The storage credential has no external ID in the state "
                                       "file; run `heiiki resume` to redo that step."));
    return;
  }
  hk_error_clear(&e);
  trust = hk_act_uc_trust(s, external_id(run), &e);
  if(!trust) {
    hk_run_finish(run, e.status != HK_OK ? e.status : HK_CONFIG, &e);
    return;
  }
  snprintf(desc, sizeof(desc), "Unity Catalog storage role for heiiki setup %s", s->name);
  st = aws_iam_create_role(aws, r.name, r.path, trust, desc, on_role, run);
  free(trust);
  if(st != HK_OK)
    hk_run_fail(run, st, "%s", _("Cannot create the Unity Catalog IAM role."));
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
    hk_run_fail(run, HK_NET, "%s", _("Cannot delete the Unity Catalog IAM role."));
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  struct hk_uc_role r;

  if(!hk_act_uc_on(s)) {
    hk_act_note(a, "%s", _("the metastore is not created by heiiki"));
    return HK_DEC_SKIP;
  }
  hk_act_uc_role(s, &r);
  hk_act_note(a, _("role %s (adopted if it exists)"), r.name);
  return HK_DEC_CREATE;
}

static void describe(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n)
{
  struct hk_uc_role r;

  (void)a;
  hk_act_uc_role(s, &r);
  snprintf(out, n, _("role %s trusting the Unity Catalog master role and itself, with the storage "
                     "credential's external ID (trust policy below)"), r.name);
}

static const char *const keys[] = { "role_arn", NULL };

const struct hk_action_ops hk_act_aws_uc_role = {
  "aws.uc.role", decide, lookup, create, remove_, describe, keys,
};
