/* checks_account.c - rules A1-A4: region, PrivateLink tier, partition, account API. */
#include "checks/checks_rules.h"

#include <ctype.h>
#include <string.h>

#include "checks/checks_util.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "setup/setup_assets.h"

enum hk_verdict hk_check_A1(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  char list[1024];
  enum hk_partition other;

  (void)f;
  if(!s->region[0])
    return hk_say(out, HK_VERDICT_FAIL, _("No region is set."));
  if(hk_assets_region(s->region, s->partition))
    return hk_say(out, HK_VERDICT_PASS, _("Databricks supports %s in partition %s."), s->region,
                  hk_partition_key(s->partition));
  hk_assets_regions_list(s->partition, list, sizeof(list));
  if(hk_assets_region_known(s->region, &other))
    hk_say(out, HK_VERDICT_FAIL, _("%s is a Databricks region of partition %s, not of %s."), s->region,
           hk_partition_key(other), hk_partition_key(s->partition));
  else
    hk_say(out, HK_VERDICT_FAIL, _("Databricks does not run workspaces in %s (partition %s)."), s->region,
           hk_partition_key(s->partition));
  hk_fix(out, _("Choose one of: %s."), list[0] ? list : _("(the region table assets/regions/privatelink-services.tsv is missing)"));
  return HK_VERDICT_FAIL;
}

enum hk_verdict hk_check_A2(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct hk_dbx_account_ref *a = &f->dbx_account;

  if(!a->auth_ok)
    return hk_say(out, HK_VERDICT_SKIP, _("The account API did not accept the credentials (rule A4)."));
  if(!a->pl_ok) {
    hk_say(out, HK_VERDICT_FAIL, _("The account cannot use PrivateLink objects: %s"),
           a->pl_error[0] ? a->pl_error : _("listing private access settings was refused."));
    hk_fix(out, _("Ask Databricks to put the account on the Enterprise tier with PrivateLink enabled."));
    return HK_VERDICT_FAIL;
  }
  /* The tier is per workspace, not per account ([SDK] service/provisioning/model.go:
   * Workspace.PricingTier, CreateWorkspaceRequest.PricingTier); PrivateLink needs the
   * workspace on ENTERPRISE (Databricks PrivateLink docs, "Requirements").  Older
   * PREMIUM workspaces say nothing about the new one, so they only warn. */
  if(s->workspace.pricing_tier[0] && strcmp(s->workspace.pricing_tier, "ENTERPRISE") != 0) {
    hk_say(out, HK_VERDICT_FAIL, _("The workspace is to be created on the %s tier; PrivateLink needs ENTERPRISE."),
           s->workspace.pricing_tier);
    hk_fix(out, _("Set [workspace] pricing_tier = ENTERPRISE."));
    return HK_VERDICT_FAIL;
  }
  if(a->tier[0] && strcmp(a->tier, "ENTERPRISE") != 0) {
    hk_say(out, HK_VERDICT_WARN,
           _("The account's existing workspaces are on the %s tier. The tier is per workspace and heiiki "
             "creates this one on ENTERPRISE, which PrivateLink needs; Databricks refuses the create if the "
             "account may not have Enterprise workspaces."), a->tier);
    hk_fix(out, _("If unsure, ask Databricks whether the account can create Enterprise-tier workspaces."));
    return HK_VERDICT_WARN;
  }
  return hk_say(out, HK_VERDICT_PASS, _("Private access settings and VPC endpoints can be listed (tier %s)."),
                a->tier[0] ? a->tier : _("not shown"));
}

/* "arn:aws-us-gov:sts::..." -> "aws-us-gov" */
static void arn_partition(const char *arn, char *out, size_t n)
{
  const char *p, *end;

  out[0] = '\0';
  if(strncmp(arn, "arn:", 4) != 0)
    return;
  p = arn + 4;
  end = strchr(p, ':');
  if(!end || (size_t)(end - p) >= n)
    return;
  memcpy(out, p, (size_t)(end - p));
  out[end - p] = '\0';
}

enum hk_verdict hk_check_A3(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  char part[32];
  const char *want = hk_partition_arn(s->partition);
  const char *dbx = hk_databricks_account(s);

  arn_partition(f->identity.arn, part, sizeof(part));
  if(!part[0])
    return hk_say(out, HK_VERDICT_FAIL, _("The caller identity \"%s\" is not an ARN."), f->identity.arn);
  if(strcmp(part, want) != 0) {
    hk_say(out, HK_VERDICT_FAIL, _("The AWS credentials are for partition %s (%s), but region %s is in %s."),
           part, f->identity.arn, s->region, want);
    hk_fix(out, _("Use a profile of the %s partition: aws sts get-caller-identity --profile <profile>"), want);
    return HK_VERDICT_FAIL;
  }
  if(!dbx || !dbx[0]) {
    hk_say(out, HK_VERDICT_FAIL, _("No Databricks AWS account is known for partition %s."),
           hk_partition_key(s->partition));
    hk_fix(out, _("Reinstall heiiki: assets/partitions.tsv is missing or incomplete."));
    return HK_VERDICT_FAIL;
  }
  return hk_say(out, HK_VERDICT_PASS, _("AWS account %s (%s) as %s; Databricks principal arn:%s:iam::%s:root."),
                f->identity.account, part, f->identity.arn, want, dbx);
}

static bool is_uuid(const char *v)
{
  static const int dash[] = { 8, 13, 18, 23 };
  size_t i, d = 0;

  if(strlen(v) != 36)
    return false;
  for(i = 0; i < 36; i++) {
    if(d < 4 && (int)i == dash[d]) {
      if(v[i] != '-')
        return false;
      d++;
    } else if(!isxdigit((unsigned char)v[i])) {
      return false;
    }
  }
  return true;
}

enum hk_verdict hk_check_A4(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  if(!is_uuid(s->account_id)) {
    hk_say(out, HK_VERDICT_FAIL, _("The Databricks account ID \"%s\" is not a UUID."), s->account_id);
    hk_fix(out, _("Copy the account ID from the account console (top right menu); it looks like 0d26daa6-5e44-4c97-a497-ef015f91254a."));
    return HK_VERDICT_FAIL;
  }
  if(!f->dbx_account.auth_ok) {
    hk_say(out, HK_VERDICT_FAIL, _("The account API refused the credentials: %s"),
           f->dbx_account.auth_error[0] ? f->dbx_account.auth_error : _("no reason given."));
    return HK_VERDICT_FAIL;
  }
  return hk_say(out, HK_VERDICT_PASS, _("Databricks account %s accepts the credentials."),
                s->account_id);
}
