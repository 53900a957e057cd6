/* act_aws_util.c - helpers for the AWS action files. */
#include "plan/actions/act_aws_util.h"

#include <stdio.h>
#include "core/hk_i18n.h"

struct aws_client *hk_run_aws(struct hk_run *run)
{
  if(!run->eng->aws)
    hk_run_fail(run, HK_CONFIG,
                _("AWS is not configured: set AWS credentials (environment or ~/.aws) for the "
                  "account of the VPC."));
  return run->eng->aws;
}

void hk_run_finish_aws(struct hk_run *run, const struct hk_error *err)
{
  hk_status st = err ? err->status : HK_OK;
  hk_run_finish(run, st, st == HK_OK ? NULL : err);
}

void hk_aws_name(const struct hk_run *run, const char *suffix, char *out, size_t n)
{
  snprintf(out, n, "%s-%s", hk_run_setup(run)->name, suffix);
}
