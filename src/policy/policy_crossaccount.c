/* policy_crossaccount.c - the cross-account role: trust and permissions
 * ([TFP] databricks_aws_assume_role_policy, databricks_aws_crossaccount_policy
 * with policy_type customer / restricted; aws-policies.md sections 1-2). */
#include "policy/policy.h"

#include <stdio.h>
#include <string.h>

#include "core/hk_i18n.h"
#include "policy/policy_doc.h"
#include "setup/setup_assets.h"
#include "setup/setup_validate.h"

#define ARN_LEN 512
#define MAX_PASS_ROLES 16

/* The partition's Databricks AWS account, or a sentence. */
static const char *dbx_account(enum hk_partition p, struct hk_error *why)
{
  const struct hk_partition_info *pi;
  hk_status rc = hk_assets_load(why);
  if(rc != HK_OK)
    return NULL;
  pi = hk_assets_partition(p);
  if(!pi) {
    hk_error_set(why, HK_CONFIG, _("the partition table has no row for %s; reinstall heiiki."),
                 hk_partition_key(p));
    return NULL;
  }
  return pi->databricks_account;
}

char *hk_policy_crossaccount_trust(enum hk_partition p, const char *databricks_account_id,
                                   struct hk_error *err)
{
  const char *what = _("cross-account role trust policy");
  struct hk_pdoc pd;
  struct hk_error why;
  char principal[ARN_LEN];
  const char *acct;
  cJSON *st;

  hk_pdoc_init(&pd, err);
  hk_error_clear(&why);
  if(hk_validate_account_uuid(databricks_account_id, &why) != HK_OK)
    return hk_pdoc_refuse(&pd, what, &why);
  acct = dbx_account(p, &why);
  if(!acct)
    return hk_pdoc_refuse(&pd, what, &why);
  snprintf(principal, sizeof(principal), "arn:%s:iam::%s:root", hk_partition_arn(p), acct);
  st = hk_pdoc_stmt(&pd, NULL);
  hk_pdoc_strs(&pd, st, "Action", HK_PDOC_STRING, "sts:AssumeRole");
  hk_pdoc_principal(&pd, st, "AWS", HK_PDOC_STRING, principal);
  hk_pdoc_cond(&pd, st, "StringEquals", "sts:ExternalId", databricks_account_id);
  return hk_pdoc_finish(&pd, what);
}

/* Statements only the restricted policy has: scoped to account, region, VPC, SG. */
static void restricted_statements(struct hk_pdoc *pd, const char *ns,
                                  const struct hk_crossaccount_opts *o)
{
  char r[256], inst[300], vol[300], img[300], eni[300], sub[300], sgs[300], vpc[300], sg[300];
  cJSON *st;

  snprintf(r, sizeof(r), "arn:%s:ec2:%s:%s", ns, o->region, o->aws_account_id);
  snprintf(inst, sizeof(inst), "%s:instance/*", r);
  snprintf(vol, sizeof(vol), "%s:volume/*", r);
  snprintf(img, sizeof(img), "%s:image/*", r);
  snprintf(eni, sizeof(eni), "%s:network-interface/*", r);
  snprintf(sub, sizeof(sub), "%s:subnet/*", r);
  snprintf(sgs, sizeof(sgs), "%s:security-group/*", r);
  snprintf(vpc, sizeof(vpc), "%s:vpc/%s", r, o->vpc_id);
  snprintf(sg, sizeof(sg), "%s:security-group/%s", r, o->sg_id);

  st = hk_pdoc_stmt(pd, "InstancePoolsSupport");
  hk_pdoc_strs(pd, st, "Action", HK_PDOC_ARRAY, "ec2:AssociateIamInstanceProfile",
               "ec2:DisassociateIamInstanceProfile", "ec2:ReplaceIamInstanceProfileAssociation");
  hk_pdoc_strs(pd, st, "Resource", HK_PDOC_STRING, inst);
  hk_pdoc_cond(pd, st, "StringEquals", "ec2:ResourceTag/Vendor", "Databricks");

  st = hk_pdoc_stmt(pd, "AllowEc2RunInstancePerTag");
  hk_pdoc_strs(pd, st, "Action", HK_PDOC_STRING, "ec2:RunInstances");
  hk_pdoc_strs(pd, st, "Resource", HK_PDOC_ARRAY, vol, inst);
  hk_pdoc_cond(pd, st, "StringEquals", "aws:RequestTag/Vendor", "Databricks");

  st = hk_pdoc_stmt(pd, "AllowEc2RunInstanceImagePerTag");
  hk_pdoc_strs(pd, st, "Action", HK_PDOC_STRING, "ec2:RunInstances");
  hk_pdoc_strs(pd, st, "Resource", HK_PDOC_STRING, img);
  hk_pdoc_cond(pd, st, "StringEquals", "aws:ResourceTag/Vendor", "Databricks");

  st = hk_pdoc_stmt(pd, "AllowEc2RunInstancePerVPCid");
  hk_pdoc_strs(pd, st, "Action", HK_PDOC_STRING, "ec2:RunInstances");
  hk_pdoc_strs(pd, st, "Resource", HK_PDOC_ARRAY, eni, sub, sgs);
  hk_pdoc_cond(pd, st, "StringEquals", "ec2:vpc", vpc);

  st = hk_pdoc_stmt(pd, "AllowEc2RunInstanceOtherResources");
  hk_pdoc_strs(pd, st, "Action", HK_PDOC_STRING, "ec2:RunInstances");
  hk_pdoc_strs(pd, st, "NotResource", HK_PDOC_ARRAY, img, eni, sub, sgs, vol, inst);

  st = hk_pdoc_stmt(pd, "EC2TerminateInstancesTag");
  hk_pdoc_strs(pd, st, "Action", HK_PDOC_STRING, "ec2:TerminateInstances");
  hk_pdoc_strs(pd, st, "Resource", HK_PDOC_STRING, inst);
  hk_pdoc_cond(pd, st, "StringEquals", "ec2:ResourceTag/Vendor", "Databricks");

  st = hk_pdoc_stmt(pd, "EC2AttachDetachVolumeTag");
  hk_pdoc_strs(pd, st, "Action", HK_PDOC_ARRAY, "ec2:AttachVolume", "ec2:DetachVolume");
  hk_pdoc_strs(pd, st, "Resource", HK_PDOC_ARRAY, inst, vol);
  hk_pdoc_cond(pd, st, "StringEquals", "ec2:ResourceTag/Vendor", "Databricks");

  st = hk_pdoc_stmt(pd, "EC2CreateVolumeByTag");
  hk_pdoc_strs(pd, st, "Action", HK_PDOC_STRING, "ec2:CreateVolume");
  hk_pdoc_strs(pd, st, "Resource", HK_PDOC_STRING, vol);
  hk_pdoc_cond(pd, st, "StringEquals", "aws:RequestTag/Vendor", "Databricks");

  st = hk_pdoc_stmt(pd, "EC2DeleteVolumeByTag");
  hk_pdoc_strs(pd, st, "Action", HK_PDOC_STRING, "ec2:DeleteVolume");
  hk_pdoc_strs(pd, st, "Resource", HK_PDOC_ARRAY, vol);
  hk_pdoc_cond(pd, st, "StringEquals", "ec2:ResourceTag/Vendor", "Databricks");

  st = hk_pdoc_stmt(pd, "VpcNonresourceSpecificActions");
  hk_pdoc_strs(pd, st, "Action", HK_PDOC_ARRAY, "ec2:AuthorizeSecurityGroupEgress",
               "ec2:AuthorizeSecurityGroupIngress", "ec2:RevokeSecurityGroupEgress",
               "ec2:RevokeSecurityGroupIngress");
  hk_pdoc_strs(pd, st, "Resource", HK_PDOC_STRING, sg);
  hk_pdoc_cond(pd, st, "StringEquals", "ec2:vpc", vpc);
}

static hk_status check_opts(const struct hk_crossaccount_opts *o, struct hk_error *why)
{
  size_t i;
  hk_status rc = HK_OK;
  if(o->n_pass_roles > MAX_PASS_ROLES)
    return hk_error_set(why, HK_INVALID, _("at most %d roles can be passed."), MAX_PASS_ROLES);
  for(i = 0; i < o->n_pass_roles && rc == HK_OK; i++)
    rc = hk_validate_role_arn(o->pass_roles ? o->pass_roles[i] : NULL, why);
  if(rc != HK_OK || !o->restricted)
    return rc;
  rc = hk_validate_aws_account(o->aws_account_id, why);
  if(rc == HK_OK)
    rc = hk_validate_region(o->region, why);
  if(rc == HK_OK)
    rc = hk_validate_vpc_id(o->vpc_id, why);
  if(rc == HK_OK)
    rc = hk_validate_sg_id(o->sg_id, why);
  return rc;
}

char *hk_policy_crossaccount(const struct hk_crossaccount_opts *o, struct hk_error *err)
{
  const char *what = _("cross-account role permission policy");
  struct hk_pdoc pd;
  struct hk_error why;
  char spot[ARN_LEN];
  const char *ns;
  cJSON *st;

  hk_pdoc_init(&pd, err);
  hk_error_clear(&why);
  if(!o) {
    hk_error_set(&why, HK_INVALID, "%s", _("no options were given."));
    return hk_pdoc_refuse(&pd, what, &why);
  }
  if(check_opts(o, &why) != HK_OK)
    return hk_pdoc_refuse(&pd, what, &why);
  ns = hk_partition_arn(o->partition);

  st = hk_pdoc_stmt(&pd, NULL);
  if(o->restricted)
    hk_pdoc_lists(&pd, st, "Action", "crossaccount-base");
  else
    hk_pdoc_lists(&pd, st, "Action", "crossaccount-base", "crossaccount-customer");
  hk_pdoc_strs(&pd, st, "Resource", HK_PDOC_STRING, "*");

  snprintf(spot, sizeof(spot),
           "arn:%s:iam::*:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot", ns);
  st = hk_pdoc_stmt(&pd, NULL);
  hk_pdoc_lists(&pd, st, "Action", "crossaccount-spot");
  hk_pdoc_strs(&pd, st, "Resource", HK_PDOC_STRING, spot);
  hk_pdoc_cond(&pd, st, "StringLike", "iam:AWSServiceName", "spot.amazonaws.com");

  if(o->n_pass_roles > 0) {
    st = hk_pdoc_stmt(&pd, NULL);
    hk_pdoc_strs(&pd, st, "Action", HK_PDOC_STRING, "iam:PassRole");
    hk_pdoc_strv(&pd, st, "Resource", HK_PDOC_ARRAY, o->pass_roles, o->n_pass_roles);
  }
  if(o->restricted)
    restricted_statements(&pd, ns, o);
  return hk_pdoc_finish(&pd, what);
}
