/* checks_iam.c - rules C1-C2: the cross-account role's trust and permissions.
 *
 * Sources: C1 the trust policy of [TFP] aws/data_aws_assume_role_policy.go
 * (aws-policies.md section 1); C2 the actions of [TFP]
 * aws/data_aws_crossaccount_policy.go (assets/policies/crossaccount-*.txt),
 * simulated on the scoped ARNs and context keys of its restricted variant
 * (assets/rules/iam-simulation.tsv).  (C3, the propagation wait, lives in
 * src/plan/actions/act_dbx_cred_wait.c.) */
#include "checks/checks_rules.h"

#include <cJSON.h>
#include <stdio.h>
#include <string.h>

#include "checks/checks_util.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

/* The role name of "arn:aws:iam::123:role/path/name" ("" when not a role ARN). */
static void role_name_of(const char *arn, char *out, size_t n)
{
  const char *p = strstr(arn, ":role/");
  const char *slash;

  out[0] = '\0';
  if(!p)
    return;
  p += 6;
  slash = strrchr(p, '/');
  hk_strlcpy(out, slash ? slash + 1 : p, n);
}

/* A JSON value that is a string equal to v, or an array holding one. */
static bool json_has(const cJSON *item, const char *v)
{
  const cJSON *e;

  if(cJSON_IsString(item))
    return strcmp(item->valuestring, v) == 0;
  if(!cJSON_IsArray(item))
    return false;
  for(e = cJSON_IsArray(item) ? (item)->child : NULL; e; e = e->next)
    if(cJSON_IsString(e) && strcmp(e->valuestring, v) == 0)
      return true;
  return false;
}

struct trust_seen {
  bool principal;     /* an Allow statement names the Databricks principal */
  bool action;        /* ... with sts:AssumeRole */
  bool external_id;   /* ... and the external ID condition */
};

static void trust_statement(const cJSON *st, const char *root_arn, const char *dbx_acct,
                            const char *ext_id, struct trust_seen *seen)
{
  const cJSON *principal, *aws, *cond, *eq;

  if(!json_has(cJSON_GetObjectItemCaseSensitive(st, "Effect"), "Allow"))
    return;
  principal = cJSON_GetObjectItemCaseSensitive(st, "Principal");
  aws = cJSON_GetObjectItemCaseSensitive(principal, "AWS");
  if(!json_has(aws, root_arn) && !json_has(aws, dbx_acct))
    return;
  seen->principal = true;
  if(json_has(cJSON_GetObjectItemCaseSensitive(st, "Action"), "sts:AssumeRole"))
    seen->action = true;
  cond = cJSON_GetObjectItemCaseSensitive(st, "Condition");
  eq = cJSON_GetObjectItemCaseSensitive(cond, "StringEquals");
  if(json_has(cJSON_GetObjectItemCaseSensitive(eq, "sts:ExternalId"), ext_id))
    seen->external_id = true;
}

static void trust_fix(const struct hk_setup *s, const char *role, const char *root_arn,
                      struct hk_finding *out)
{
  hk_fix(out,
         "aws iam update-assume-role-policy --role-name %s --policy-document "
         "'{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
         "\"Principal\":{\"AWS\":\"%s\"},\"Action\":\"sts:AssumeRole\","
         "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"%s\"}}}]}'",
         role, root_arn, s->account_id);
}

enum hk_verdict hk_check_C1(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  char role[256], root_arn[128];
  const char *dbx = hk_databricks_account(s);
  cJSON *doc = NULL, *sts, *st;
  struct trust_seen seen = { false, false, false };
  enum hk_verdict v;

  if(s->credential.choice == HK_CREATE)
    return hk_say(out, HK_VERDICT_SKIP, _("heiiki creates the role with the Databricks trust policy."));
  role_name_of(s->credential.role_arn, role, sizeof(role));
  if(!f->role_found) {
    hk_say(out, HK_VERDICT_FAIL, _("The role %s does not exist in this AWS account."), s->credential.role_arn);
    hk_fix(out, _("Check the ARN, or let heiiki create the role (credential.mode = create)."));
    return HK_VERDICT_FAIL;
  }
  snprintf(root_arn, sizeof(root_arn), "arn:%s:iam::%s:root", hk_partition_arn(s->partition), dbx);
  doc = f->role.assume_role_policy ? cJSON_Parse(f->role.assume_role_policy) : NULL;
  if(!doc) {
    v = hk_say(out, HK_VERDICT_FAIL, _("The trust policy of role %s could not be read as JSON."), role);
    trust_fix(s, role, root_arn, out);
    goto out;
  }
  sts = cJSON_GetObjectItemCaseSensitive(doc, "Statement");
  if(cJSON_IsObject(sts))
    trust_statement(sts, root_arn, dbx, s->account_id, &seen);
  else
    for(st = cJSON_IsArray(sts) ? (sts)->child : NULL; st; st = st->next)
      trust_statement(st, root_arn, dbx, s->account_id, &seen);
  if(!seen.principal)
    v = hk_say(out, HK_VERDICT_FAIL, _("The trust policy of role %s does not allow the Databricks principal %s."),
               role, root_arn);
  else if(!seen.action)
    v = hk_say(out, HK_VERDICT_FAIL, _("The trust policy of role %s does not allow sts:AssumeRole for %s."),
               role, root_arn);
  else if(!seen.external_id)
    v = hk_say(out, HK_VERDICT_FAIL,
               _("The trust policy of role %s does not require the external ID %s (the Databricks account ID)."),
               role, s->account_id);
  else
    v = hk_say(out, HK_VERDICT_PASS, _("Role %s trusts %s with external ID %s."), role, root_arn, s->account_id);
  if(v == HK_VERDICT_FAIL)
    trust_fix(s, role, root_arn, out);
out:
  cJSON_Delete(doc);
  return v;
}

enum hk_verdict hk_check_C2(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  char role[256];
  size_t i, bad = 0;

  if(s->credential.choice == HK_CREATE)
    return hk_say(out, HK_VERDICT_SKIP, _("heiiki creates the role with the customer-managed VPC policy."));
  role_name_of(s->credential.role_arn, role, sizeof(role));
  if(f->n_sim == 0)
    return hk_say(out, HK_VERDICT_FAIL, _("The policy simulation of role %s returned no results."), role);
  for(i = 0; i < f->n_sim; i++) {
    if(strcmp(f->sim[i].decision, "allowed") == 0)
      continue;
    if(bad == 0)
      hk_say(out, HK_VERDICT_FAIL, _("Role %s is not allowed: "), role);
    if(f->sim[i].resource[0] && strcmp(f->sim[i].resource, "*") != 0)
      hk_say_more(out, "%s%s (%s on %s)", bad ? ", " : "", f->sim[i].action, f->sim[i].decision,
                  f->sim[i].resource);
    else
      hk_say_more(out, "%s%s (%s)", bad ? ", " : "", f->sim[i].action, f->sim[i].decision);
    bad++;
  }
  if(bad) {
    hk_say_more(out, ".");
    hk_fix(out, _("Attach the customer-managed VPC policy heiiki generates: "
                  "aws iam put-role-policy --role-name %s --policy-name databricks-cross-account "
                  "--policy-document file://crossaccount-policy.json"), role);
    return HK_VERDICT_FAIL;
  }
  return hk_say(out, HK_VERDICT_PASS, _("Role %s is allowed all %zu actions Databricks checks."), role, f->n_sim);
}
