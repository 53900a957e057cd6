/* dbx_pas.c - private access settings. */
#include "dbx/dbx_pas.h"

#include <stdio.h>
#include <string.h>

#include "dbx/dbx_json.h"

static hk_status pas_parse(const cJSON *j, void *out)
{
  struct dbx_pas *p = out;
  dbx_jstr(j, "private_access_settings_id", p->private_access_settings_id,
           sizeof(p->private_access_settings_id));
  dbx_jstr(j, "private_access_settings_name", p->private_access_settings_name,
           sizeof(p->private_access_settings_name));
  dbx_jstr(j, "region", p->region, sizeof(p->region));
  p->public_access_enabled = dbx_jbool(j, "public_access_enabled", false);
  dbx_jstr(j, "private_access_level", p->private_access_level, sizeof(p->private_access_level));
  p->n_allowed = dbx_jstrs(j, "allowed_vpc_endpoint_ids", &p->allowed_vpc_endpoint_ids[0][0],
                           DBX_MAX_IDS, DBX_ID_MAX);
  dbx_jstr(j, "account_id", p->account_id, sizeof(p->account_id));
  return HK_OK;
}

DBX_FAMILY_DELIVERY(pas, dbx_pas_cb, dbx_pas_list_cb)

static const struct dbx_family fam_pas = {
  "/private-access-settings", "private access settings object", "private_access_settings_id",
  sizeof(struct dbx_pas), pas_parse, NULL, NULL, pas_one, pas_many,
};

cJSON *dbx_pas_to_json(const struct dbx_pas *spec)
{
  cJSON *o = cJSON_CreateObject();
  bool ok = o != NULL;
  ok = ok && dbx_jadd_str(o, "private_access_settings_name", spec->private_access_settings_name);
  ok = ok && dbx_jadd_str(o, "region", spec->region);
  /* the SDK omits false; send it explicitly so "off" really means off */
  ok = ok && cJSON_AddBoolToObject(o, "public_access_enabled", spec->public_access_enabled);
  ok = ok && dbx_jadd_str(o, "private_access_level", spec->private_access_level);
  if(ok && spec->n_allowed)
    ok = dbx_jadd_strs(o, "allowed_vpc_endpoint_ids", &spec->allowed_vpc_endpoint_ids[0][0],
                       spec->n_allowed, DBX_ID_MAX);
  if(!ok) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

hk_status dbx_pas_from_json(const cJSON *j, struct dbx_pas *out, struct hk_error *err)
{
  return dbx_obj_parse(&fam_pas, j, out, err);
}

hk_status dbx_pas_create(struct dbx_client *c, const struct dbx_pas *spec, dbx_pas_cb cb,
                         void *ud)
{
  cJSON *body = dbx_pas_to_json(spec);
  hk_status st;
  if(!body)
    return HK_NOMEM;
  st = dbx_obj_create(c, &fam_pas, body, (dbx_fn)cb, ud);
  cJSON_Delete(body);
  return st;
}

hk_status dbx_pas_get(struct dbx_client *c, const char *id, dbx_pas_cb cb, void *ud)
{
  return dbx_obj_get(c, &fam_pas, id, (dbx_fn)cb, ud);
}

hk_status dbx_pas_list(struct dbx_client *c, dbx_pas_list_cb cb, void *ud)
{
  return dbx_obj_list(c, &fam_pas, (dbx_fn)cb, ud);
}

hk_status dbx_pas_delete(struct dbx_client *c, const char *id, dbx_done_cb cb, void *ud)
{
  return dbx_obj_delete(c, &fam_pas, id, cb, ud);
}

hk_status dbx_pas_replace(struct dbx_client *c, const char *id, const struct dbx_pas *spec,
                          dbx_pas_cb cb, void *ud)
{
  char path[256];
  cJSON *body;
  hk_status st;
  if(!dbx_safe_id(id))
    return HK_INVALID;
  body = dbx_pas_to_json(spec);
  if(!body)
    return HK_NOMEM;
  snprintf(path, sizeof(path), "/private-access-settings/%s", id);
  st = dbx_obj_call(c, &fam_pas, "PUT", path, body, DBX_WRITE, (dbx_fn)cb, ud, id);
  cJSON_Delete(body);
  return st;
}
