/* policy_bucket.c - the root bucket policy.
 *
 * Sources disagree (real-cloud-audit.md F11), so heiiki makes the union:
 * - the Allow of [TFP] aws/data_aws_bucket_policy.go with
 *   databricks_e2_account_id, which [SRA] aws/tf/root_s3_bucket.tf uses too
 *   (aws-policies.md section 3);
 * - the Deny the account console's "Generate policy" adds today, Sid "Prevent
 *   DBFS from accessing Unity Catalog metastore": s3:* for the Databricks
 *   account root on <bucket>/unity-catalog/ and below (several public copies of the
 *   console output, e.g. Terraform imports and a CloudFormation template; TFP
 *   and SRA omit it).  It only keeps DBFS out of a Unity Catalog prefix, which
 *   heiiki never puts in the root bucket, so it costs nothing.
 * Rule S3 (checks_s3.c) accepts a bucket policy with or without that Deny. */
#include "policy/policy.h"

#include <stdio.h>

#include "core/hk_i18n.h"
#include "policy/policy_doc.h"
#include "setup/setup_assets.h"
#include "setup/setup_validate.h"

char *hk_policy_root_bucket(enum hk_partition p, const char *bucket,
                            const char *databricks_account_id, struct hk_error *err)
{
  const char *what = _("root bucket policy");
  struct hk_pdoc pd;
  struct hk_error why;
  const struct hk_partition_info *pi;
  const char *ns = hk_partition_arn(p);
  char objects[160], whole[160], principal[160], uc[192];
  cJSON *st;

  hk_pdoc_init(&pd, err);
  hk_error_clear(&why);
  if(hk_validate_bucket(bucket, &why) != HK_OK ||
     hk_validate_account_uuid(databricks_account_id, &why) != HK_OK ||
     hk_assets_load(&why) != HK_OK)
    return hk_pdoc_refuse(&pd, what, &why);
  pi = hk_assets_partition(p);
  if(!pi) {
    hk_error_set(&why, HK_CONFIG, _("the partition table has no row for %s."),
                 hk_partition_key(p));
    return hk_pdoc_refuse(&pd, what, &why);
  }
  snprintf(objects, sizeof(objects), "arn:%s:s3:::%s/*", ns, bucket);
  snprintf(whole, sizeof(whole), "arn:%s:s3:::%s", ns, bucket);
  snprintf(principal, sizeof(principal), "arn:%s:iam::%s:root", ns, pi->databricks_account);
  st = hk_pdoc_stmt(&pd, NULL);
  hk_pdoc_lists(&pd, st, "Action", "bucket-root");
  hk_pdoc_strs(&pd, st, "Resource", HK_PDOC_ARRAY, objects, whole);
  hk_pdoc_principal(&pd, st, "AWS", HK_PDOC_STRING, principal);
  hk_pdoc_cond(&pd, st, "StringEquals", "aws:PrincipalTag/DatabricksAccountId",
               databricks_account_id);
  snprintf(uc, sizeof(uc), "arn:%s:s3:::%s/unity-catalog/*", ns, bucket);
  st = hk_pdoc_stmt(&pd, "Prevent DBFS from accessing Unity Catalog metastore");
  hk_pdoc_deny(&pd, st);
  hk_pdoc_strs(&pd, st, "Action", HK_PDOC_STRING, "s3:*");
  hk_pdoc_strs(&pd, st, "Resource", HK_PDOC_STRING, uc);
  hk_pdoc_principal(&pd, st, "AWS", HK_PDOC_STRING, principal);
  return hk_pdoc_finish(&pd, what);
}
