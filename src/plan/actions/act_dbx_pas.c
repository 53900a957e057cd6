/* act_dbx_pas.c - private access settings: who may reach the workspace. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "plan/actions/act_dbx_obj.h"

static void pas_name(const struct hk_run *run, char *out, size_t n)
{
  const struct hk_setup *s = hk_run_setup(run);
  hk_act_name(s, s->pas.name, "pas", out, n);
}

static bool pas_matches(const struct hk_run *run, const cJSON *obj, char *why, size_t n)
{
  const char *region = hk_json_str(obj, "region");

  if(strcmp(region, hk_run_setup(run)->region) == 0)
    return true;
  snprintf(why, n, _("it is for region %s"), region);
  return false;
}

static cJSON *pas_body(const struct hk_run *run)
{
  const struct hk_setup *s = hk_run_setup(run);
  char name[HK_NAME_MAX];
  cJSON *b = cJSON_CreateObject();
  const char *be = hk_run_dep(run, "dbx.vpce.backend_rest", "vpc_endpoint_id");

  pas_name(run, name, sizeof(name));
  cJSON_AddStringToObject(b, "private_access_settings_name", name);
  cJSON_AddStringToObject(b, "region", s->region);
  cJSON_AddBoolToObject(b, "public_access_enabled", s->pas.public_access);
  cJSON_AddStringToObject(b, "private_access_level",
                          s->pas.level == HK_PAS_ENDPOINT ? "ENDPOINT" : "ACCOUNT");
  if(s->pas.level == HK_PAS_ENDPOINT) {
    cJSON *ids = cJSON_AddArrayToObject(b, "allowed_vpc_endpoint_ids");
    cJSON_AddItemToArray(ids, cJSON_CreateString(
                                hk_run_dep(run, "dbx.vpce.workspace", "vpc_endpoint_id")));
    if(be[0])
      cJSON_AddItemToArray(ids, cJSON_CreateString(be));
  }
  return b;
}

static const struct hk_dbx_obj obj = {
  "/private-access-settings", "private_access_settings_name", "private_access_settings_id",
  N_("private access settings object"), pas_name, pas_matches, pas_body, NULL, NULL,
};

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  hk_act_note(a, _("public access %s, level %s"), s->pas.public_access ? _("on") : _("off"),
              s->pas.level == HK_PAS_ENDPOINT ? _("ENDPOINT (the registered workspace endpoint)")
                                              : "ACCOUNT");
  return HK_DEC_CREATE;
}

static void lookup(struct hk_run *run) { hk_dbx_obj_lookup(run, &obj); }
static void create(struct hk_run *run) { hk_dbx_obj_create(run, &obj); }
static void remove_(struct hk_run *run) { hk_dbx_obj_remove(run, &obj); }

static const char *const keys[] = { "private_access_settings_id", NULL };

const struct hk_action_ops hk_act_dbx_pas = {
  "dbx.pas", decide, lookup, create, remove_, NULL, keys,
};
