/* dbx_ws_info.c - current user, current metastore, default catalog setting. */
#include "dbx/dbx_ws_info.h"

#include <string.h>

#include "dbx/dbx_json.h"

#define DEFAULT_NS_PATH "/api/2.0/settings/types/default_namespace_ws/names/default"

static hk_status user_parse(const cJSON *j, void *out)
{
  struct dbx_ws_user *u = out;
  const cJSON *g;
  dbx_jstr(j, "id", u->id, sizeof(u->id));
  dbx_jstr(j, "userName", u->user_name, sizeof(u->user_name));
  dbx_jstr(j, "displayName", u->display_name, sizeof(u->display_name));
  cJSON_ArrayForEach(g, cJSON_GetObjectItemCaseSensitive(j, "groups")) {
    char name[64];
    if(dbx_jstr(g, "display", name, sizeof(name)) && !strcmp(name, "admins"))
      u->is_admin = true;
  }
  return HK_OK;
}

static hk_status ns_parse(const cJSON *j, void *out)
{
  struct dbx_default_catalog *d = out;
  dbx_jstr_path(j, "namespace.value", d->catalog, sizeof(d->catalog));
  dbx_jstr(j, "etag", d->etag, sizeof(d->etag));
  return HK_OK;
}

static hk_status cur_parse(const cJSON *j, void *out)
{
  struct dbx_metastore_assignment *a = out;
  dbx_jstr(j, "metastore_id", a->metastore_id, sizeof(a->metastore_id));
  a->workspace_id = dbx_jint(j, "workspace_id");
  dbx_jstr(j, "default_catalog_name", a->default_catalog_name, sizeof(a->default_catalog_name));
  return HK_OK;
}

static void user_one(dbx_fn fn, hk_status st, const void *obj, const struct hk_error *err,
                     void *ud)
{
  ((dbx_ws_user_cb)fn)(st, obj, err, ud);
}

static void ns_one(dbx_fn fn, hk_status st, const void *obj, const struct hk_error *err, void *ud)
{
  ((dbx_default_catalog_cb)fn)(st, obj, err, ud);
}

static void cur_one(dbx_fn fn, hk_status st, const void *obj, const struct hk_error *err,
                    void *ud)
{
  ((dbx_assignment_cb)fn)(st, obj, err, ud);
}

static const struct dbx_family fam_user = {
  "/api/2.0/preview/scim/v2/Me", "current user", "userName",
  sizeof(struct dbx_ws_user), user_parse, NULL, NULL, user_one, NULL,
};
static const struct dbx_family fam_ns = {
  DEFAULT_NS_PATH, "default catalog setting", "etag",
  sizeof(struct dbx_default_catalog), ns_parse, NULL, NULL, ns_one, NULL,
};
static const struct dbx_family fam_cur = {
  "/api/2.1/unity-catalog/current-metastore-assignment", "metastore assignment", "metastore_id",
  sizeof(struct dbx_metastore_assignment), cur_parse, NULL, NULL, cur_one, NULL,
};

hk_status dbx_ws_current_user(struct dbx_client *ws, dbx_ws_user_cb cb, void *ud)
{
  return dbx_obj_call(ws, &fam_user, "GET", fam_user.coll, NULL, DBX_READ, (dbx_fn)cb, ud, NULL);
}

hk_status dbx_ws_current_metastore(struct dbx_client *ws, dbx_assignment_cb cb, void *ud)
{
  return dbx_obj_call(ws, &fam_cur, "GET", fam_cur.coll, NULL, DBX_READ, (dbx_fn)cb, ud, NULL);
}

hk_status dbx_ws_default_catalog_get(struct dbx_client *ws, dbx_default_catalog_cb cb, void *ud)
{
  return dbx_obj_call(ws, &fam_ns, "GET", DEFAULT_NS_PATH, NULL, DBX_READ, (dbx_fn)cb, ud, NULL);
}

hk_status dbx_ws_default_catalog_set(struct dbx_client *ws, const char *catalog,
                                     const char *etag, dbx_default_catalog_cb cb, void *ud)
{
  cJSON *body, *setting, *ns;
  hk_status st;
  if(!catalog || !*catalog)
    return HK_INVALID;
  body = cJSON_CreateObject();
  setting = body ? cJSON_AddObjectToObject(body, "setting") : NULL;
  ns = setting ? cJSON_AddObjectToObject(setting, "namespace") : NULL;
  if(!ns || !cJSON_AddTrueToObject(body, "allow_missing") ||
     !cJSON_AddStringToObject(body, "field_mask", "namespace.value") ||
     !dbx_jadd_str(setting, "etag", etag) ||
     !cJSON_AddStringToObject(setting, "setting_name", "default") ||
     !cJSON_AddStringToObject(ns, "value", catalog)) {
    cJSON_Delete(body);
    return HK_NOMEM;
  }
  st = dbx_obj_call(ws, &fam_ns, "PATCH", DEFAULT_NS_PATH, body, DBX_WRITE, (dbx_fn)cb, ud, NULL);
  cJSON_Delete(body);
  return st;
}
