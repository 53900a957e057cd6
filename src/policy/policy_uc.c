/* policy_uc.c - the Unity Catalog role: trust (UC master role + itself) and
 * permissions ([TFP] databricks_aws_unity_catalog_assume_role_policy and
 * databricks_aws_unity_catalog_policy; aws-policies.md section 4). */
#include "policy/policy.h"

#include <stdio.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "policy/policy_doc.h"
#include "setup/setup_assets.h"
#include "setup/setup_validate.h"

/* UC external IDs are the storage credential's: any printable token. */
static hk_status check_external_id(const char *v, struct hk_error *why)
{
  return hk_validate_text(_("external ID"), v, 1224, why);
}

char *hk_policy_uc_trust(enum hk_partition p, const char *aws_account_id, const char *role_name,
                         const char *external_id, struct hk_error *err)
{
  const char *what = _("Unity Catalog role trust policy");
  const char *ns = hk_partition_arn(p);
  struct hk_pdoc pd;
  struct hk_error why;
  const struct hk_partition_info *pi;
  char self[256], root[128];
  cJSON *st;

  hk_pdoc_init(&pd, err);
  hk_error_clear(&why);
  if(hk_validate_aws_account(aws_account_id, &why) != HK_OK ||
     hk_validate_role_name(role_name, &why) != HK_OK ||
     check_external_id(external_id, &why) != HK_OK || hk_assets_load(&why) != HK_OK)
    return hk_pdoc_refuse(&pd, what, &why);
  pi = hk_assets_partition(p);
  if(!pi) {
    hk_error_set(&why, HK_CONFIG, _("the partition table has no row for %s."),
                 hk_partition_key(p));
    return hk_pdoc_refuse(&pd, what, &why);
  }
  snprintf(self, sizeof(self), "arn:%s:iam::%s:role/%s", ns, aws_account_id, role_name);
  snprintf(root, sizeof(root), "arn:%s:iam::%s:root", ns, aws_account_id);

  st = hk_pdoc_stmt(&pd, "UnityCatalogAssumeRole");
  hk_pdoc_strs(&pd, st, "Action", HK_PDOC_STRING, "sts:AssumeRole");
  hk_pdoc_principal(&pd, st, "AWS", HK_PDOC_STRING, pi->uc_master_role);
  hk_pdoc_cond(&pd, st, "StringEquals", "sts:ExternalId", external_id);

  st = hk_pdoc_stmt(&pd, "ExplicitSelfRoleAssumption");
  hk_pdoc_strs(&pd, st, "Action", HK_PDOC_STRING, "sts:AssumeRole");
  hk_pdoc_principal(&pd, st, "AWS", HK_PDOC_STRING, root);
  hk_pdoc_cond(&pd, st, "ArnLike", "aws:PrincipalArn", self);
  hk_pdoc_cond(&pd, st, "StringEquals", "sts:ExternalId", external_id);
  return hk_pdoc_finish(&pd, what);
}

char *hk_policy_uc_permissions(enum hk_partition p, const char *aws_account_id,
                               const char *role_name, const char *bucket, const char *kms_key,
                               struct hk_error *err)
{
  const char *what = _("Unity Catalog role permission policy");
  const char *ns = hk_partition_arn(p);
  struct hk_pdoc pd;
  struct hk_error why;
  char objects[160], whole[160], self[256], sqs[128], sns[128], kms[1100], prefix[32];
  cJSON *st;

  hk_pdoc_init(&pd, err);
  hk_error_clear(&why);
  if(hk_validate_aws_account(aws_account_id, &why) != HK_OK ||
     hk_validate_role_name(role_name, &why) != HK_OK ||
     hk_validate_uc_bucket(bucket, &why) != HK_OK)
    return hk_pdoc_refuse(&pd, what, &why);
  if(kms_key && kms_key[0] && hk_validate_text(_("KMS key"), kms_key, 1000, &why) != HK_OK)
    return hk_pdoc_refuse(&pd, what, &why);
  snprintf(objects, sizeof(objects), "arn:%s:s3:::%s/*", ns, bucket);
  snprintf(whole, sizeof(whole), "arn:%s:s3:::%s", ns, bucket);
  snprintf(self, sizeof(self), "arn:%s:iam::%s:role/%s", ns, aws_account_id, role_name);
  snprintf(sqs, sizeof(sqs), "arn:%s:sqs:*:%s:csms-*", ns, aws_account_id);
  snprintf(sns, sizeof(sns), "arn:%s:sns:*:%s:csms-*", ns, aws_account_id);

  st = hk_pdoc_stmt(&pd, NULL);
  hk_pdoc_lists(&pd, st, "Action", "uc-s3");
  hk_pdoc_strs(&pd, st, "Resource", HK_PDOC_ARRAY, objects, whole);

  st = hk_pdoc_stmt(&pd, NULL);
  hk_pdoc_strs(&pd, st, "Action", HK_PDOC_ARRAY, "sts:AssumeRole");
  hk_pdoc_strs(&pd, st, "Resource", HK_PDOC_ARRAY, self);

  if(kms_key && kms_key[0]) {
    /* a full ARN as is; else "region:account:key/id" under the partition */
    snprintf(prefix, sizeof(prefix), "arn:%s:", ns);
    if(strncmp(kms_key, prefix, strlen(prefix)) == 0)
      hk_strlcpy(kms, kms_key, sizeof(kms));
    else if(strncmp(kms_key, "arn:", 4) == 0) {
      hk_error_set(&why, HK_INVALID, _("the KMS key ARN is not in the %s partition; give a key "
                                       "of this partition, or region:account:key/ID."), ns);
      return hk_pdoc_refuse(&pd, what, &why);
    } else
      snprintf(kms, sizeof(kms), "arn:%s:kms:%s", ns, kms_key);
    st = hk_pdoc_stmt(&pd, NULL);
    hk_pdoc_lists(&pd, st, "Action", "uc-kms");
    hk_pdoc_strs(&pd, st, "Resource", HK_PDOC_ARRAY, kms);
  }

  st = hk_pdoc_stmt(&pd, "ManagedFileEventsSetupStatement");
  hk_pdoc_lists(&pd, st, "Action", "uc-file-events-setup");
  hk_pdoc_strs(&pd, st, "Resource", HK_PDOC_ARRAY, whole, sqs, sns);

  st = hk_pdoc_stmt(&pd, "ManagedFileEventsListStatement");
  hk_pdoc_lists(&pd, st, "Action", "uc-file-events-list");
  hk_pdoc_strs(&pd, st, "Resource", HK_PDOC_ARRAY, sqs, sns);

  st = hk_pdoc_stmt(&pd, "ManagedFileEventsTeardownStatement");
  hk_pdoc_lists(&pd, st, "Action", "uc-file-events-teardown");
  hk_pdoc_strs(&pd, st, "Resource", HK_PDOC_ARRAY, sqs, sns);
  return hk_pdoc_finish(&pd, what);
}
