/* act_aws_bucket_policy.c - the root bucket policy the account console's
 * "Generate policy" produces.  Found when the bucket already has it. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aws/aws_s3.h"
#include "core/hk_i18n.h"
#include "plan/actions/act_aws_util.h"
#include "policy/policy.h"

static char *document(const struct hk_run *run, struct hk_error *e)
{
  const struct hk_setup *s = hk_run_setup(run);
  return hk_policy_root_bucket(s->partition, s->storage.bucket, s->account_id, e);
}

static void on_policy(const struct aws_bucket_info *b, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  struct hk_error e = { .status = HK_OK };
  char *mine, *want, *have;

  if(err->status != HK_OK && err->status != HK_NOT_FOUND) {
    hk_run_finish_aws(run, err);
    return;
  }
  mine = document(run, &e);
  want = mine ? hk_policy_canonical(mine) : NULL;
  have = err->status == HK_OK && b && b->policy ? hk_policy_canonical(b->policy) : NULL;
  if(want && have && strcmp(want, have) == 0) {
    hk_run_set(run, "bucket", hk_run_setup(run)->storage.bucket);
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

  if(aws && aws_s3_get_bucket_policy(aws, hk_run_setup(run)->storage.bucket, on_policy, run) !=
              HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the bucket policy."));
}

static void on_put(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status == HK_OK)
    hk_run_set(run, "bucket", hk_run_setup(run)->storage.bucket);
  hk_run_finish_aws(run, err);
}

static void create(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  struct hk_error e = { .status = HK_OK };
  char *doc;
  hk_status st;

  if(!aws)
    return;
  doc = document(run, &e);
  if(!doc) {
    hk_run_finish(run, e.status != HK_OK ? e.status : HK_CONFIG, &e);
    return;
  }
  st = aws_s3_put_bucket_policy(aws, hk_run_setup(run)->storage.bucket, doc, on_put, run);
  free(doc);
  if(st != HK_OK)
    hk_run_fail(run, st, "%s", _("Cannot put the bucket policy."));
}

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

/* No delete: the policy goes with the bucket, and a given bucket keeps it. */
const struct hk_action_ops hk_act_aws_bucket_policy = {
  "aws.bucket.policy", decide, lookup, create, NULL, NULL, keys,
};
