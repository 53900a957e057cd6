/* act_aws_bucket_policy.c - the root bucket policy the account console generates. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include "core/hk_i18n.h"

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  if(s->storage.choice == HK_EXISTING && !s->storage.apply_policy) {
    hk_act_note(a, _("you apply the bucket policy yourself"));
    return HK_DEC_SKIP;
  }
  hk_act_note(a, _("Databricks' root bucket policy on %s"), s->storage.bucket);
  return HK_DEC_CREATE;
}

static const char *const keys[] = { "bucket", NULL };

const struct hk_action_ops hk_act_aws_bucket_policy = {
  "aws.bucket.policy", decide, NULL, NULL, NULL, NULL, keys,
};
