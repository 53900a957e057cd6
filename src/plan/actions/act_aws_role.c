/* act_aws_role.c - the cross-account IAM role Databricks assumes. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include "core/hk_i18n.h"
#include "setup/setup_assets.h"

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
  "aws.role", decide, NULL, NULL, NULL, describe, keys,
};
