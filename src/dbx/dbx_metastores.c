/* dbx_metastores.c - account-level Unity Catalog metastores and assignments. */
#include "dbx/dbx_metastores.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_json.h"

static hk_status ms_parse(const cJSON *j, void *out)
{
  struct dbx_metastore *m = out;
  dbx_jstr(j, "metastore_id", m->metastore_id, sizeof(m->metastore_id));
  dbx_jstr(j, "name", m->name, sizeof(m->name));
  dbx_jstr(j, "region", m->region, sizeof(m->region));
  dbx_jstr(j, "storage_root", m->storage_root, sizeof(m->storage_root));
  dbx_jstr(j, "global_metastore_id", m->global_metastore_id, sizeof(m->global_metastore_id));
  dbx_jstr(j, "owner", m->owner, sizeof(m->owner));
  return HK_OK;
}

static hk_status asg_parse(const cJSON *j, void *out)
{
  struct dbx_metastore_assignment *a = out;
  dbx_jstr(j, "metastore_id", a->metastore_id, sizeof(a->metastore_id));
  a->workspace_id = dbx_jint(j, "workspace_id");
  dbx_jstr(j, "default_catalog_name", a->default_catalog_name, sizeof(a->default_catalog_name));
  return HK_OK;
}

DBX_FAMILY_DELIVERY(ms, dbx_metastore_cb, dbx_metastore_list_cb)

static void asg_one(dbx_fn fn, hk_status st, const void *obj, const struct hk_error *err,
                    void *ud)
{
  ((dbx_assignment_cb)fn)(st, obj, err, ud);
}

static const struct dbx_family fam_ms = {
  "/metastores", "metastore", "metastore_id",
  sizeof(struct dbx_metastore), ms_parse, "metastore_info", "metastores", ms_one, ms_many,
};

static const struct dbx_family fam_asg = {
  "/metastore", "metastore assignment", "metastore_id",
  sizeof(struct dbx_metastore_assignment), asg_parse, "metastore_assignment", NULL, asg_one,
  NULL,
};

cJSON *dbx_metastore_to_json(const struct dbx_metastore *spec)
{
  cJSON *o = cJSON_CreateObject();
  cJSON *info = o ? cJSON_AddObjectToObject(o, "metastore_info") : NULL;
  if(!info || !cJSON_AddStringToObject(info, "name", spec->name) ||
     !dbx_jadd_str(info, "region", spec->region) ||
     !dbx_jadd_str(info, "storage_root", spec->storage_root)) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

hk_status dbx_metastore_from_json(const cJSON *j, struct dbx_metastore *out,
                                  struct hk_error *err)
{
  return dbx_obj_parse(&fam_ms, j, out, err);
}

hk_status dbx_assignment_from_json(const cJSON *j, struct dbx_metastore_assignment *out,
                                   struct hk_error *err)
{
  return dbx_obj_parse(&fam_asg, j, out, err);
}

hk_status dbx_metastores_create(struct dbx_client *c, const struct dbx_metastore *spec,
                                dbx_metastore_cb cb, void *ud)
{
  cJSON *body = dbx_metastore_to_json(spec);
  hk_status st;
  if(!body)
    return HK_NOMEM;
  st = dbx_obj_create(c, &fam_ms, body, (dbx_fn)cb, ud);
  cJSON_Delete(body);
  return st;
}

hk_status dbx_metastores_get(struct dbx_client *c, const char *id, dbx_metastore_cb cb,
                             void *ud)
{
  return dbx_obj_get(c, &fam_ms, id, (dbx_fn)cb, ud);
}

struct ms_filter {
  char region[32];
  dbx_metastore_list_cb cb;
  void *ud;
};

static void ms_filtered(hk_status st, const struct dbx_metastore *items, size_t n,
                        const struct hk_error *err, void *ud)
{
  struct ms_filter *f = ud;
  struct dbx_metastore *keep = NULL;
  size_t i, k = 0;
  if(st == HK_OK && f->region[0] && n) {
    keep = calloc(n, sizeof(*keep));
    if(!keep) {
      struct hk_error e;
      hk_error_clear(&e);
      hk_error_set(&e, HK_NOMEM, "%s", _("Out of memory."));
      f->cb(HK_NOMEM, NULL, 0, &e, f->ud);
      free(f);
      return;
    }
    for(i = 0; i < n; i++)
      if(!strcmp(items[i].region, f->region))
        keep[k++] = items[i];
    f->cb(st, keep, k, err, f->ud);
  }
  else
    f->cb(st, items, n, err, f->ud);
  free(keep);
  free(f);
}

hk_status dbx_metastores_list(struct dbx_client *c, const char *region,
                              dbx_metastore_list_cb cb, void *ud)
{
  struct ms_filter *f = calloc(1, sizeof(*f));
  hk_status st;
  if(!f)
    return HK_NOMEM;
  if(region)
    hk_strlcpy(f->region, region, sizeof(f->region));
  f->cb = cb;
  f->ud = ud;
  st = dbx_obj_list(c, &fam_ms, (dbx_fn)ms_filtered, f);
  if(st != HK_OK)
    free(f);
  return st;
}

hk_status dbx_metastores_delete(struct dbx_client *c, const char *id, bool force,
                                dbx_done_cb cb, void *ud)
{
  char path[256];
  if(!dbx_safe_id(id))
    return HK_INVALID;
  snprintf(path, sizeof(path), "/metastores/%s%s", id, force ? "?force=true" : "");
  return dbx_obj_status_call(c, "DELETE", path, NULL, DBX_WRITE, true, cb, ud);
}

hk_status dbx_metastores_assign(struct dbx_client *c, int64_t workspace_id,
                                const char *metastore_id, const char *default_catalog,
                                dbx_done_cb cb, void *ud)
{
  char path[256];
  cJSON *body, *a;
  hk_status st;
  if(!dbx_safe_id(metastore_id) || workspace_id <= 0)
    return HK_INVALID;
  body = cJSON_CreateObject();
  a = body ? cJSON_AddObjectToObject(body, "metastore_assignment") : NULL;
  if(!a || !cJSON_AddStringToObject(a, "metastore_id", metastore_id) ||
     !dbx_jadd_str(a, "default_catalog_name", default_catalog)) {
    cJSON_Delete(body);
    return HK_NOMEM;
  }
  snprintf(path, sizeof(path), "/workspaces/%" PRId64 "/metastores/%s", workspace_id,
           metastore_id);
  /* POST creates the assignment ([SDK] service/catalog AccountMetastoreAssignments.Create;
   * PUT is its Update): a create, so never re-sent after a reply that may have taken
   * effect (issue 20 D4; the caller looks the assignment up instead) */
  st = dbx_obj_status_call(c, "POST", path, body, DBX_CREATE, false, cb, ud);
  cJSON_Delete(body);
  return st;
}

hk_status dbx_metastores_unassign(struct dbx_client *c, int64_t workspace_id,
                                  const char *metastore_id, dbx_done_cb cb, void *ud)
{
  char path[256];
  if(!dbx_safe_id(metastore_id) || workspace_id <= 0)
    return HK_INVALID;
  snprintf(path, sizeof(path), "/workspaces/%" PRId64 "/metastores/%s", workspace_id,
           metastore_id);
  return dbx_obj_status_call(c, "DELETE", path, NULL, DBX_WRITE, true, cb, ud);
}

hk_status dbx_metastores_assignment(struct dbx_client *c, int64_t workspace_id,
                                    dbx_assignment_cb cb, void *ud)
{
  char path[128];
  if(workspace_id <= 0)
    return HK_INVALID;
  snprintf(path, sizeof(path), "/workspaces/%" PRId64 "/metastore", workspace_id);
  return dbx_obj_call(c, &fam_asg, "GET", path, NULL, DBX_READ, (dbx_fn)cb, ud, NULL);
}
