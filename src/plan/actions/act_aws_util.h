/* act_aws_util.h - what the AWS action files share. */
#ifndef PLAN_ACT_AWS_UTIL_H
#define PLAN_ACT_AWS_UTIL_H

#include "aws/aws_client.h"
#include "plan/apply.h"

/* The AWS client, or finish the run with a sentence and return NULL. */
struct aws_client *hk_run_aws(struct hk_run *run);
/* Finish from an AWS callback's err (status HK_OK = success). */
void hk_run_finish_aws(struct hk_run *run, const struct hk_error *err);
/* A Name tag for what heiiki creates: "<setup>-<suffix>". */
void hk_aws_name(const struct hk_run *run, const char *suffix, char *out, size_t n);

#endif
