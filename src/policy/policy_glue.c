/* policy_glue.c - the Glue Data Catalog instance profile: EC2 trust, the 22
 * Glue actions, and the PassRole the cross-account role needs ([GLUE];
 * aws-policies.md section 6). */
#include "policy/policy.h"

#include <stdio.h>

#include "core/hk_i18n.h"
#include "policy/policy_doc.h"
#include "setup/setup_validate.h"

char *hk_policy_glue_trust(struct hk_error *err)
{
  struct hk_pdoc pd;
  cJSON *st;
  hk_pdoc_init(&pd, err);
  st = hk_pdoc_stmt(&pd, NULL);
  hk_pdoc_strs(&pd, st, "Action", HK_PDOC_STRING, "sts:AssumeRole");
  hk_pdoc_principal(&pd, st, "Service", HK_PDOC_STRING, "ec2.amazonaws.com");
  return hk_pdoc_finish(&pd, _("Glue instance profile trust policy"));
}

char *hk_policy_glue_permissions(struct hk_error *err)
{
  struct hk_pdoc pd;
  cJSON *st;
  hk_pdoc_init(&pd, err);
  st = hk_pdoc_stmt(&pd, "GrantCatalogAccessToGlue");
  hk_pdoc_lists(&pd, st, "Action", "glue");
  hk_pdoc_strs(&pd, st, "Resource", HK_PDOC_STRING, "*");
  return hk_pdoc_finish(&pd, _("Glue instance profile permission policy"));
}

char *hk_policy_glue_passrole(enum hk_partition p, const char *aws_account_id,
                              const char *role_name, struct hk_error *err)
{
  const char *what = _("PassRole policy for the Glue role");
  struct hk_pdoc pd;
  struct hk_error why;
  char role[256];
  cJSON *st;
  hk_pdoc_init(&pd, err);
  hk_error_clear(&why);
  if(hk_validate_aws_account(aws_account_id, &why) != HK_OK ||
     hk_validate_role_name(role_name, &why) != HK_OK)
    return hk_pdoc_refuse(&pd, what, &why);
  snprintf(role, sizeof(role), "arn:%s:iam::%s:role/%s", hk_partition_arn(p), aws_account_id,
           role_name);
  st = hk_pdoc_stmt(&pd, NULL);
  hk_pdoc_strs(&pd, st, "Action", HK_PDOC_STRING, "iam:PassRole");
  hk_pdoc_strs(&pd, st, "Resource", HK_PDOC_STRING, role);
  return hk_pdoc_finish(&pd, what);
}
