/* act_aws_bucket.c - the workspace root bucket. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include "core/hk_i18n.h"

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  if(s->storage.choice == HK_EXISTING)
    return hk_act_keep(a, "bucket", s->storage.bucket);
  hk_act_note(a, "%s", s->storage.bucket);
  return HK_DEC_CREATE;
}

static void describe(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n)
{
  (void)a;
  snprintf(out, n, _("bucket %s in %s, public access blocked"), s->storage.bucket, s->region);
}

static const char *const keys[] = { "bucket", NULL };

const struct hk_action_ops hk_act_aws_bucket = {
  "aws.bucket", decide, NULL, NULL, NULL, describe, keys,
};
