/* policy_endpoints.c - S3 gateway, STS and Kinesis endpoint policies that keep
 * traffic to the operator's and Databricks' resources ([SRA] privatelink.tf;
 * aws-policies.md section 5).  Regional buckets: assets/regions/databricks-buckets.tsv. */
#include "policy/policy.h"

#include <stdio.h>
#include <string.h>

#include "core/hk_i18n.h"
#include "policy/policy_doc.h"
#include "setup/setup_assets.h"
#include "setup/setup_validate.h"

#define BUCKET_ARN 128

/* Partition row and region buckets, or a sentence. */
static hk_status lookups(enum hk_partition p, const char *region,
                         const struct hk_partition_info **pi, const struct hk_region_buckets **rb,
                         struct hk_error *why)
{
  hk_status rc = hk_validate_region(region, why);
  if(rc != HK_OK)
    return rc;
  *pi = hk_assets_partition(p);
  if(!*pi)
    return hk_error_set(why, HK_CONFIG, _("the partition table has no row for %s."),
                        hk_partition_key(p));
  if(rb) {
    *rb = hk_assets_buckets(region, p);
    if(!*rb)
      return hk_error_set(why, HK_INVALID, _("heiiki knows no Databricks buckets for %s in the %s "
                                             "partition; check the region and partition."),
                          region, hk_partition_key(p));
  }
  return HK_OK;
}

/* Resources: the objects ARN (bucket, slash, star) and the bucket ARN, per bucket. */
static void bucket_resources(struct hk_pdoc *pd, cJSON *st, const char *ns,
                             const char *const *names, size_t n)
{
  char arns[2 * HK_MAX_ARTIFACT_BUCKETS][BUCKET_ARN];
  const char *v[2 * HK_MAX_ARTIFACT_BUCKETS];
  size_t i;
  for(i = 0; i < n && i < HK_MAX_ARTIFACT_BUCKETS; i++) {
    snprintf(arns[2 * i], BUCKET_ARN, "arn:%s:s3:::%s/*", ns, names[i]);
    snprintf(arns[2 * i + 1], BUCKET_ARN, "arn:%s:s3:::%s", ns, names[i]);
    v[2 * i] = arns[2 * i];
    v[2 * i + 1] = arns[2 * i + 1];
  }
  hk_pdoc_strv(pd, st, "Resource", HK_PDOC_ARRAY, v, 2 * i);
}

static cJSON *s3_stmt(struct hk_pdoc *pd, const char *sid, const char *list)
{
  cJSON *st = hk_pdoc_stmt(pd, sid);
  hk_pdoc_lists(pd, st, "Action", list);
  return st;
}

char *hk_policy_s3_endpoint(const struct hk_s3_endpoint_opts *o, struct hk_error *err)
{
  const char *what = _("S3 gateway endpoint policy");
  struct hk_pdoc pd;
  struct hk_error why;
  const struct hk_partition_info *pi = NULL;
  const struct hk_region_buckets *rb = NULL;
  const char *ns, *one[1];
  const char *art[HK_MAX_ARTIFACT_BUCKETS];
  bool catalog;
  int i;
  cJSON *st;

  hk_pdoc_init(&pd, err);
  hk_error_clear(&why);
  if(!o) {
    hk_error_set(&why, HK_INVALID, "%s", _("no options were given."));
    return hk_pdoc_refuse(&pd, what, &why);
  }
  catalog = o->catalog_bucket && o->catalog_bucket[0];
  if(hk_validate_aws_account(o->aws_account_id, &why) != HK_OK ||
     hk_validate_bucket(o->root_bucket, &why) != HK_OK ||
     (catalog && hk_validate_uc_bucket(o->catalog_bucket, &why) != HK_OK) ||
     lookups(o->partition, o->region, &pi, &rb, &why) != HK_OK || !pi || !rb)
    return hk_pdoc_refuse(&pd, what, &why);
  ns = hk_partition_arn(o->partition);

  st = s3_stmt(&pd, "Grant access to Workspace Root Bucket", "s3-endpoint-rw");
  one[0] = o->root_bucket;
  bucket_resources(&pd, st, ns, one, 1);
  hk_pdoc_principal(&pd, st, "AWS", HK_PDOC_STRING, "*");
  hk_pdoc_cond(&pd, st, "StringEquals", "aws:PrincipalAccount", pi->databricks_account);

  if(catalog) {
    st = s3_stmt(&pd, "Grant access to Unity Catalog Workspace Catalog Bucket", "s3-endpoint-rw");
    one[0] = o->catalog_bucket;
    bucket_resources(&pd, st, ns, one, 1);
    hk_pdoc_principal(&pd, st, "AWS", HK_PDOC_STRING, "*");
    hk_pdoc_cond(&pd, st, "StringEquals", "aws:PrincipalAccount", o->aws_account_id);
    hk_pdoc_cond(&pd, st, "StringEquals", "s3:ResourceAccount", o->aws_account_id);
  }

  if(o->manage_account && o->manage_account[0]) {
    const char *mine[2];
    size_t n = 0;
    if(hk_validate_aws_account(o->manage_account, &why) != HK_OK)
      return hk_pdoc_refuse(&pd, what, &why);
    mine[n++] = o->root_bucket;
    if(catalog)
      mine[n++] = o->catalog_bucket;
    /* The root-bucket statement admits only Databricks' account: without this one, heiiki
     * (and the operator) could not create or read the buckets from inside the VPC. */
    st = s3_stmt(&pd, "Allow the workspace account to manage the workspace buckets", "s3-endpoint-manage");
    bucket_resources(&pd, st, ns, mine, n);
    hk_pdoc_principal(&pd, st, "AWS", HK_PDOC_STRING, "*");
    hk_pdoc_cond(&pd, st, "StringEquals", "aws:PrincipalAccount", o->manage_account);
  }

  st = s3_stmt(&pd, "Grant access to Databricks Artifact Buckets", "s3-endpoint-ro");
  for(i = 0; i < rb->n_artifacts; i++)
    art[i] = rb->artifacts[i];
  bucket_resources(&pd, st, ns, art, (size_t)rb->n_artifacts);
  hk_pdoc_principal(&pd, st, "AWS", HK_PDOC_STRING, "*");
  hk_pdoc_cond(&pd, st, "StringEquals", "aws:ResourceAccount", pi->artifact_owner);

  st = s3_stmt(&pd, "Grant access to Databricks System Tables Bucket", "s3-endpoint-ro");
  one[0] = rb->system_tables;
  bucket_resources(&pd, st, ns, one, 1);
  hk_pdoc_principal(&pd, st, "AWS", HK_PDOC_STRING, "*");
  hk_pdoc_cond(&pd, st, "StringEquals", "aws:PrincipalAccount", pi->databricks_account);

  st = s3_stmt(&pd, "Grant access to Databricks Sample Data Bucket", "s3-endpoint-ro");
  one[0] = rb->datasets;
  bucket_resources(&pd, st, ns, one, 1);
  hk_pdoc_principal(&pd, st, "AWS", HK_PDOC_STRING, "*");
  hk_pdoc_cond(&pd, st, "StringEquals", "aws:PrincipalAccount", pi->artifact_owner);

  st = s3_stmt(&pd, "Grant access to Databricks Log Bucket", "s3-endpoint-log");
  one[0] = rb->logs;
  bucket_resources(&pd, st, ns, one, 1);
  hk_pdoc_principal(&pd, st, "AWS", HK_PDOC_STRING, "*");
  hk_pdoc_cond(&pd, st, "StringEquals", "aws:PrincipalAccount", pi->databricks_account);
  return hk_pdoc_finish(&pd, what);
}

char *hk_policy_sts_endpoint(enum hk_partition p, const char *region, const char *aws_account_id,
                             struct hk_error *err)
{
  const char *what = _("STS endpoint policy");
  struct hk_pdoc pd;
  struct hk_error why;
  const struct hk_partition_info *pi = NULL;
  char user[160];
  cJSON *st;

  hk_pdoc_init(&pd, err);
  hk_error_clear(&why);
  if(hk_validate_aws_account(aws_account_id, &why) != HK_OK ||
     lookups(p, region, &pi, NULL, &why) != HK_OK || !pi)
    return hk_pdoc_refuse(&pd, what, &why);
  st = hk_pdoc_stmt(&pd, NULL);
  hk_pdoc_lists(&pd, st, "Action", "sts-endpoint-customer");
  hk_pdoc_strs(&pd, st, "Resource", HK_PDOC_STRING, "*");
  hk_pdoc_principal(&pd, st, "AWS", HK_PDOC_STRING, aws_account_id);

  st = hk_pdoc_stmt(&pd, NULL);
  hk_pdoc_lists(&pd, st, "Action", "sts-endpoint-databricks");
  hk_pdoc_strs(&pd, st, "Resource", HK_PDOC_STRING, "*");
  if(strcmp(region, "us-gov-west-1") == 0) {
    hk_pdoc_principal(&pd, st, "AWS", HK_PDOC_STRING, pi->databricks_account);
  } else {
    snprintf(user, sizeof(user), "arn:%s:iam::%s:user/databricks-datasets-readonly-user-prod",
             hk_partition_arn(p), pi->databricks_account);
    hk_pdoc_principal(&pd, st, "AWS", HK_PDOC_ARRAY, user, pi->databricks_account);
  }
  return hk_pdoc_finish(&pd, what);
}

char *hk_policy_kinesis_endpoint(enum hk_partition p, const char *region, struct hk_error *err)
{
  const char *what = _("Kinesis endpoint policy");
  struct hk_pdoc pd;
  struct hk_error why;
  const struct hk_partition_info *pi = NULL;
  char streams[160];
  cJSON *st;

  hk_pdoc_init(&pd, err);
  hk_error_clear(&why);
  if(lookups(p, region, &pi, NULL, &why) != HK_OK || !pi)
    return hk_pdoc_refuse(&pd, what, &why);
  snprintf(streams, sizeof(streams), "arn:%s:kinesis:%s:%s:stream/*", hk_partition_arn(p), region,
           pi->databricks_account);
  st = hk_pdoc_stmt(&pd, NULL);
  hk_pdoc_lists(&pd, st, "Action", "kinesis-endpoint");
  hk_pdoc_strs(&pd, st, "Resource", HK_PDOC_STRING, streams);
  hk_pdoc_principal(&pd, st, "AWS", HK_PDOC_STRING, pi->databricks_account);
  return hk_pdoc_finish(&pd, what);
}
