/* act_aws_bucket.c - the workspace root bucket (arg 0) and the Unity Catalog
 * bucket of metastore.mode = create (arg 1): created with every public
 * access blocked, or given by you (root) / adopted when you own it (UC). */
#include "plan/actions/actions.h"

#include <stdio.h>
#include "aws/aws_s3.h"
#include "core/hk_i18n.h"
#include "plan/actions/act_aws_util.h"

static const char *bucket_of(const struct hk_run *run)
{
  return run->action->arg ? hk_run_setup(run)->metastore.bucket : hk_run_setup(run)->storage.bucket;
}

static void on_blocked(const struct hk_error *err, void *ud);

static void on_head(const struct aws_bucket_info *b, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status == HK_NOT_FOUND || (err->status == HK_OK && b && !b->exists)) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  if(err->status == HK_OK && b && !b->owned) {
    hk_run_fail(run, HK_CONFLICT,
                _("The bucket name %s is taken by another AWS account; choose another name."),
                bucket_of(run));
    return;
  }
  if(err->status == HK_OK) {
    hk_run_set(run, "bucket", bucket_of(run));
    hk_run_found(run);
    /* The plan says "public access blocked": a bucket found instead of made
     * (ours from a run killed between CreateBucket and PutPublicAccessBlock,
     * or one of yours by that name, adopted) gets the block too, else a later
     * check warns S4 about the bucket heiiki vouched for.  New buckets have
     * it on by default since April 2023 (S3 User Guide, "Blocking public
     * access to your Amazon S3 storage"), older ones and ones whose block was
     * removed do not.  PutPublicAccessBlock replaces the whole configuration:
     * idempotent.  A re-read of a done bucket changes nothing. */
    if(!run->recheck && hk_run_aws(run)) {
      if(aws_s3_put_public_access_block(run->eng->aws, bucket_of(run), true, true, true, true,
                                        on_blocked, run) != HK_OK)
        hk_run_fail(run, HK_NET, "%s", _("Cannot block public access on the bucket."));
      return;
    }
  }
  hk_run_finish_aws(run, err);
}

static void lookup(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);

  if(aws && aws_s3_head_bucket(aws, bucket_of(run), on_head, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the bucket."));
}

static void on_blocked(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status == HK_OK)
    hk_run_set(run, "bucket", bucket_of(run));
  hk_run_finish_aws(run, err);
}

static void on_created(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status != HK_OK) {
    hk_run_finish_aws(run, err);
    return;
  }
  if(aws_s3_put_public_access_block(run->eng->aws, bucket_of(run), true, true, true, true,
                                    on_blocked, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot block public access on the bucket."));
}

static void create(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);

  if(aws && aws_s3_create_bucket(aws, bucket_of(run), hk_run_setup(run)->region, on_created,
                                 run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot create the bucket."));
}

static void on_deleted(const struct hk_error *err, void *ud)
{
  hk_run_finish_aws(ud, err);
}

static void remove_(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);

  if(aws && aws_s3_delete_bucket(aws, hk_run_get(run, "bucket"), on_deleted, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot delete the bucket."));
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  if(a->arg) {
    if(!hk_act_uc_on(s)) {
      hk_act_note(a, "%s", _("the metastore is not created by heiiki"));
      return HK_DEC_SKIP;
    }
    hk_act_note(a, "%s", s->metastore.bucket);
    return HK_DEC_CREATE;
  }
  if(s->storage.choice == HK_EXISTING)
    return hk_act_keep(a, "bucket", s->storage.bucket);
  hk_act_note(a, "%s", s->storage.bucket);
  return HK_DEC_CREATE;
}

static void describe(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n)
{
  snprintf(out, n, _("bucket %s in %s, public access blocked"),
           a->arg ? s->metastore.bucket : s->storage.bucket, s->region);
}

static const char *const keys[] = { "bucket", NULL };

const struct hk_action_ops hk_act_aws_bucket = {
  "aws.bucket", decide, lookup, create, remove_, describe, keys,
};
