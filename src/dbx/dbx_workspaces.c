/* dbx_workspaces.c - workspaces: objects, create, update. */
#include "dbx/dbx_workspaces.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "core/hk_buf.h"
#include "dbx/dbx_json.h"

static hk_status ws_parse(const cJSON *j, void *out)
{
  struct dbx_workspace *w = out;
  const cJSON *tags = cJSON_GetObjectItemCaseSensitive(j, "custom_tags");
  const cJSON *tag_obj = cJSON_IsObject(tags) ? tags : NULL;
  const cJSON *t;
  w->workspace_id = dbx_jint(j, "workspace_id");
  dbx_jstr(j, "workspace_name", w->workspace_name, sizeof(w->workspace_name));
  dbx_jstr(j, "aws_region", w->aws_region, sizeof(w->aws_region));
  dbx_jstr(j, "credentials_id", w->credentials_id, sizeof(w->credentials_id));
  dbx_jstr(j, "storage_configuration_id", w->storage_configuration_id,
           sizeof(w->storage_configuration_id));
  dbx_jstr(j, "network_id", w->network_id, sizeof(w->network_id));
  dbx_jstr(j, "private_access_settings_id", w->private_access_settings_id,
           sizeof(w->private_access_settings_id));
  dbx_jstr(j, "pricing_tier", w->pricing_tier, sizeof(w->pricing_tier));
  dbx_jstr(j, "deployment_name", w->deployment_name, sizeof(w->deployment_name));
  dbx_jstr(j, "storage_customer_managed_key_id", w->storage_customer_managed_key_id,
           sizeof(w->storage_customer_managed_key_id));
  dbx_jstr(j, "managed_services_customer_managed_key_id",
           w->managed_services_customer_managed_key_id,
           sizeof(w->managed_services_customer_managed_key_id));
  dbx_jstr(j, "workspace_status", w->workspace_status, sizeof(w->workspace_status));
  dbx_jstr(j, "workspace_status_message", w->workspace_status_message,
           sizeof(w->workspace_status_message));
  dbx_jstr(j, "compute_mode", w->compute_mode, sizeof(w->compute_mode));
  dbx_jstr(j, "account_id", w->account_id, sizeof(w->account_id));
  w->creation_time = dbx_jint(j, "creation_time");
  cJSON_ArrayForEach(t, tag_obj) {
    if(w->n_tags >= DBX_MAX_TAGS || !t->string || !cJSON_IsString(t))
      continue;
    hk_strlcpy(w->tags[w->n_tags].key, t->string, sizeof(w->tags[0].key));
    hk_strlcpy(w->tags[w->n_tags].value, t->valuestring, sizeof(w->tags[0].value));
    w->n_tags++;
  }
  return HK_OK;
}

DBX_FAMILY_DELIVERY(ws, dbx_workspace_cb, dbx_workspace_list_cb)

static const struct dbx_family fam_ws = {
  "/workspaces", "workspace", "workspace_id",
  sizeof(struct dbx_workspace), ws_parse, NULL, NULL, ws_one, ws_many,
};

static bool add_tags(cJSON *o, const struct dbx_workspace *spec)
{
  cJSON *t;
  size_t i;
  if(!spec->n_tags)
    return true;
  t = cJSON_AddObjectToObject(o, "custom_tags");
  if(!t)
    return false;
  for(i = 0; i < spec->n_tags; i++)
    if(!cJSON_AddStringToObject(t, spec->tags[i].key, spec->tags[i].value))
      return false;
  return true;
}

cJSON *dbx_workspace_to_json(const struct dbx_workspace *spec)
{
  cJSON *o = cJSON_CreateObject();
  bool ok = o != NULL;
  ok = ok && dbx_jadd_str(o, "workspace_name", spec->workspace_name);
  ok = ok && dbx_jadd_str(o, "aws_region", spec->aws_region);
  ok = ok && dbx_jadd_str(o, "credentials_id", spec->credentials_id);
  ok = ok && dbx_jadd_str(o, "storage_configuration_id", spec->storage_configuration_id);
  ok = ok && dbx_jadd_str(o, "network_id", spec->network_id);
  ok = ok && dbx_jadd_str(o, "private_access_settings_id", spec->private_access_settings_id);
  ok = ok && dbx_jadd_str(o, "pricing_tier", spec->pricing_tier);
  ok = ok && dbx_jadd_str(o, "deployment_name", spec->deployment_name);
  ok = ok && dbx_jadd_str(o, "storage_customer_managed_key_id",
                          spec->storage_customer_managed_key_id);
  ok = ok && dbx_jadd_str(o, "managed_services_customer_managed_key_id",
                          spec->managed_services_customer_managed_key_id);
  ok = ok && add_tags(o, spec);
  if(!ok) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

hk_status dbx_workspace_from_json(const cJSON *j, struct dbx_workspace *out,
                                  struct hk_error *err)
{
  return dbx_obj_parse(&fam_ws, j, out, err);
}

hk_status dbx_workspaces_create(struct dbx_client *c, const struct dbx_workspace *spec,
                                dbx_workspace_cb cb, void *ud)
{
  cJSON *body = dbx_workspace_to_json(spec);
  hk_status st;
  if(!body)
    return HK_NOMEM;
  st = dbx_obj_create(c, &fam_ws, body, (dbx_fn)cb, ud);
  cJSON_Delete(body);
  return st;
}

static void id_text(int64_t id, char *out, size_t n)
{
  snprintf(out, n, "%" PRId64, id);
}

hk_status dbx_workspaces_get(struct dbx_client *c, int64_t id, dbx_workspace_cb cb, void *ud)
{
  char s[32];
  id_text(id, s, sizeof(s));
  return dbx_obj_get(c, &fam_ws, s, (dbx_fn)cb, ud);
}

hk_status dbx_workspaces_list(struct dbx_client *c, dbx_workspace_list_cb cb, void *ud)
{
  return dbx_obj_list(c, &fam_ws, (dbx_fn)cb, ud);
}

hk_status dbx_workspaces_delete(struct dbx_client *c, int64_t id, dbx_done_cb cb, void *ud)
{
  char s[32];
  id_text(id, s, sizeof(s));
  return dbx_obj_delete(c, &fam_ws, s, cb, ud);
}

/* Field names in sorted order: the mask is built by walking this table. */
static const struct {
  unsigned bit;
  const char *name;
} ws_fields[] = {
  {DBX_WS_REGION, "aws_region"},
  {DBX_WS_CREDENTIALS, "credentials_id"},
  {DBX_WS_CUSTOM_TAGS, "custom_tags"},
  {DBX_WS_MANAGED_SERVICES_CMK, "managed_services_customer_managed_key_id"},
  {DBX_WS_NETWORK, "network_id"},
  {DBX_WS_PAS, "private_access_settings_id"},
  {DBX_WS_STORAGE, "storage_configuration_id"},
  {DBX_WS_STORAGE_CMK, "storage_customer_managed_key_id"},
};

void dbx_workspace_update_mask(unsigned fields, char *out, size_t n)
{
  size_t i, o = 0;
  if(!n)
    return;
  out[0] = '\0';
  for(i = 0; i < sizeof(ws_fields) / sizeof(ws_fields[0]); i++) {
    int w;
    if(!(fields & ws_fields[i].bit))
      continue;
    w = snprintf(out + o, n - o, "%s%s", o ? "," : "", ws_fields[i].name);
    if(w < 0 || (size_t)w >= n - o)
      return;
    o += (size_t)w;
  }
}

static const char *ws_field_value(const struct dbx_workspace *s, unsigned bit)
{
  switch(bit) {
  case DBX_WS_REGION: return s->aws_region;
  case DBX_WS_CREDENTIALS: return s->credentials_id;
  case DBX_WS_MANAGED_SERVICES_CMK: return s->managed_services_customer_managed_key_id;
  case DBX_WS_NETWORK: return s->network_id;
  case DBX_WS_PAS: return s->private_access_settings_id;
  case DBX_WS_STORAGE: return s->storage_configuration_id;
  case DBX_WS_STORAGE_CMK: return s->storage_customer_managed_key_id;
  default: return NULL;
  }
}

hk_status dbx_workspaces_update(struct dbx_client *c, int64_t id, const struct dbx_workspace *spec,
                                unsigned fields, dbx_workspace_cb cb, void *ud)
{
  char mask[512], path[640], s[32];
  cJSON *body;
  size_t i;
  bool ok;
  hk_status st;

  if(!fields || !spec)
    return HK_INVALID;
  body = cJSON_CreateObject();
  ok = body != NULL;
  for(i = 0; ok && i < sizeof(ws_fields) / sizeof(ws_fields[0]); i++) {
    unsigned bit = ws_fields[i].bit;
    if(!(fields & bit))
      continue;
    if(bit == DBX_WS_CUSTOM_TAGS)
      ok = add_tags(body, spec);
    else
      ok = cJSON_AddStringToObject(body, ws_fields[i].name, ws_field_value(spec, bit)) != NULL;
  }
  if(!ok) {
    cJSON_Delete(body);
    return HK_NOMEM;
  }
  dbx_workspace_update_mask(fields, mask, sizeof(mask));
  id_text(id, s, sizeof(s));
  snprintf(path, sizeof(path), "/workspaces/%s?update_mask=%s", s, mask);
  st = dbx_obj_call(c, &fam_ws, "PATCH", path, body, DBX_WRITE, (dbx_fn)cb, ud, s);
  cJSON_Delete(body);
  return st;
}

bool dbx_workspace_running(const struct dbx_workspace *ws)
{
  return !strcmp(ws->workspace_status, "RUNNING");
}

bool dbx_workspace_terminal(const struct dbx_workspace *ws)
{
  return !strcmp(ws->workspace_status, "FAILED") || !strcmp(ws->workspace_status, "BANNED") ||
         !strcmp(ws->workspace_status, "CANCELLED");
}
