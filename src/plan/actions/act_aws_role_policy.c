/* act_aws_role_policy.c - the cross-account role's permissions (inline policy). */
#include "plan/actions/actions.h"

#include <stdio.h>
#include "core/hk_i18n.h"

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
  "aws.role.policy", decide, NULL, NULL, NULL, describe, keys,
};
