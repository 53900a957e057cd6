/* act_dbx_workspace.c - the workspace itself (create only; act_dbx_workspace_wait polls). */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_client.h"
#include "plan/actions/act_dbx_cred_wait.h"
#include "plan/actions/act_dbx_obj.h"

static void ws_name(const struct hk_run *run, char *out, size_t n)
{
  const struct hk_setup *s = hk_run_setup(run);
  hk_act_name(s, s->workspace.name, "workspace", out, n);
}

static bool ws_matches(const struct hk_run *run, const cJSON *obj, char *why, size_t n)
{
  const char *region = hk_json_str(obj, "aws_region");

  if(strcmp(region, hk_run_setup(run)->region) == 0)
    return true;
  snprintf(why, n, _("it is in region %s"), region);
  return false;
}

static cJSON *ws_body(const struct hk_run *run)
{
  const struct hk_setup *s = hk_run_setup(run);
  char name[HK_NAME_MAX];
  cJSON *b = cJSON_CreateObject();

  ws_name(run, name, sizeof(name));
  cJSON_AddStringToObject(b, "workspace_name", name);
  cJSON_AddStringToObject(b, "aws_region", s->region);
  cJSON_AddStringToObject(b, "credentials_id", hk_run_dep(run, "dbx.credential", "credentials_id"));
  cJSON_AddStringToObject(b, "storage_configuration_id",
                          hk_run_dep(run, "dbx.storage", "storage_configuration_id"));
  cJSON_AddStringToObject(b, "network_id", hk_run_dep(run, "dbx.network", "network_id"));
  cJSON_AddStringToObject(b, "private_access_settings_id",
                          hk_run_dep(run, "dbx.pas", "private_access_settings_id"));
  cJSON_AddStringToObject(b, "pricing_tier", s->workspace.pricing_tier[0] ? s->workspace.pricing_tier
                                                                          : "ENTERPRISE");
  if(s->workspace.deployment_name[0])
    cJSON_AddStringToObject(b, "deployment_name", s->workspace.deployment_name);
  return b;
}

/* Always the deployment name and URL the API returns, never the requested ones. */
static void ws_record(struct hk_run *run, const cJSON *obj)
{
  const char *dep = hk_json_str(obj, "deployment_name");
  const char *host = run->eng->dbx ? dbx_client_host(run->eng->dbx) : "";
  char url[512];

  hk_run_set(run, "deployment_name", dep);
  hk_run_set(run, "workspace_status", hk_json_str(obj, "workspace_status"));
  if(!dep[0])
    return;
  if(dbx_workspace_url_for(host, dep, url, sizeof(url)) != HK_OK)
    snprintf(url, sizeof(url), "https://%s.cloud.databricks.com", dep);
  hk_run_set(run, "workspace_url", url);
  hk_run_set(run, "workspace_host", url + strlen("https://"));
}

static const struct hk_dbx_obj obj = {
  "/workspaces", "workspace_name", "workspace_id", N_("workspace"),
  ws_name, ws_matches, ws_body, ws_record, NULL,
};

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  char name[HK_NAME_MAX];

  hk_act_name(s, s->workspace.name, "workspace", name, sizeof(name));
  hk_act_note(a, _("workspace \"%s\" (%s) with the objects above; never deleted on failure"),
              name, s->workspace.pricing_tier[0] ? s->workspace.pricing_tier : "ENTERPRISE");
  return HK_DEC_CREATE;
}

static void lookup(struct hk_run *run) { hk_dbx_obj_lookup(run, &obj); }
/* Databricks validates the cross-account role again here and may answer the
 * IAM-propagation "Failed credentials validation checks" (TF provider
 * docs/guides/aws-workspace.md): the same bounded wait as the credential. */
static void create(struct hk_run *run)
{
  hk_cred_create_wait(run, &obj, hk_run_dep(run, "aws.role", "role_arn"), ws_body(run));
}
static void remove_(struct hk_run *run) { hk_dbx_obj_remove(run, &obj); }

static const char *const keys[] = { "workspace_id", NULL };

const struct hk_action_ops hk_act_dbx_workspace = {
  "dbx.workspace", decide, lookup, create, remove_, NULL, keys,
};
