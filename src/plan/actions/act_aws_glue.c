/* act_aws_glue.c - the Glue catalog route: instance role and instance profile. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include "core/hk_i18n.h"

static enum hk_decision decide_role(struct hk_action *a, const struct hk_setup *s)
{
  if(!s->client.glue) {
    hk_act_note(a, _("the Glue catalog route is not used"));
    return HK_DEC_SKIP;
  }
  hk_act_note(a, _("role %s-glue for cluster nodes, with Glue Data Catalog access"), s->name);
  return HK_DEC_CREATE;
}

static enum hk_decision decide_profile(struct hk_action *a, const struct hk_setup *s)
{
  if(!s->client.glue) {
    hk_act_note(a, _("the Glue catalog route is not used"));
    return HK_DEC_SKIP;
  }
  hk_act_note(a, _("instance profile %s-glue holding the Glue role"), s->name);
  return HK_DEC_CREATE;
}

static const char *const role_keys[] = { "role_arn", NULL };
static const char *const profile_keys[] = { "instance_profile_arn", NULL };

const struct hk_action_ops hk_act_aws_glue_role = {
  "aws.glue.role", decide_role, NULL, NULL, NULL, NULL, role_keys,
};

const struct hk_action_ops hk_act_aws_glue_profile = {
  "aws.glue.profile", decide_profile, NULL, NULL, NULL, NULL, profile_keys,
};
