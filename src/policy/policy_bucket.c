/* policy_bucket.c - the root bucket policy, as the account console's
 * "Generate policy" makes it ([TFP] databricks_aws_bucket_policy with
 * databricks_e2_account_id; aws-policies.md section 3). */
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
  char objects[160], whole[160], principal[160];
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
  return hk_pdoc_finish(&pd, what);
}
