/* act_dbx_credential.c - credential configuration: the cross-account role for Databricks. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "plan/actions/act_dbx_cred_wait.h"
#include "plan/actions/act_dbx_obj.h"

static void cred_name(const struct hk_run *run, char *out, size_t n)
{
  const struct hk_setup *s = hk_run_setup(run);
  hk_act_name(s, s->credential.config_name, "credential", out, n);
}

static const char *role_arn(const struct hk_run *run)
{
  return hk_run_dep(run, "aws.role", "role_arn");
}

static bool cred_matches(const struct hk_run *run, const cJSON *obj, char *why, size_t n)
{
  const cJSON *aws = cJSON_GetObjectItemCaseSensitive(obj, "aws_credentials");
  const cJSON *sts = cJSON_GetObjectItemCaseSensitive(aws, "sts_role");
  const char *have = hk_json_str(sts, "role_arn");

  if(strcmp(have, role_arn(run)) == 0)
    return true;
  snprintf(why, n, _("it uses role %s, not %s"), have, role_arn(run));
  return false;
}

static cJSON *cred_body(const struct hk_run *run)
{
  char name[HK_NAME_MAX];
  cJSON *b = cJSON_CreateObject();
  cJSON *sts = cJSON_AddObjectToObject(cJSON_AddObjectToObject(b, "aws_credentials"), "sts_role");

  cred_name(run, name, sizeof(name));
  cJSON_AddStringToObject(b, "credentials_name", name);
  cJSON_AddStringToObject(sts, "role_arn", role_arn(run));
  return b;
}

static const struct hk_dbx_obj obj = {
  "/credentials", "credentials_name", "credentials_id", N_("credential configuration"),
  cred_name, cred_matches, cred_body, NULL, NULL,
};

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  char name[HK_NAME_MAX];

  hk_act_name(s, s->credential.config_name, "credential", name, sizeof(name));
  hk_act_note(a, _("credential configuration \"%s\" for the cross-account role"), name);
  return HK_DEC_CREATE;
}

static void lookup(struct hk_run *run) { hk_dbx_obj_lookup(run, &obj); }
static void create(struct hk_run *run)
{
  hk_cred_create_wait(run, &obj, role_arn(run), cred_body(run));
}
static void remove_(struct hk_run *run) { hk_dbx_obj_remove(run, &obj); }

static const char *const keys[] = { "credentials_id", NULL };

const struct hk_action_ops hk_act_dbx_credential = {
  "dbx.credential", decide, lookup, create, remove_, NULL, keys,
};
