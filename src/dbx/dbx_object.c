/* dbx_object.c - generic object calls: reply parsing and typed delivery. */
#include "dbx/dbx_object.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_json.h"

enum obj_mode { OBJ_ONE, OBJ_LIST, OBJ_DELETE };

struct obj_ctx {
  const struct dbx_family *fam;
  enum obj_mode mode;
  dbx_fn cb;
  dbx_done_cb done;
  void *ud;
  char refetch[128];   /* id to GET when a write replies with an empty body */
  struct dbx_client *c;
};

hk_status dbx_obj_parse(const struct dbx_family *fam, const cJSON *j, void *out,
                        struct hk_error *err)
{
  const cJSON *o = j;
  char id[128];
  hk_status st;

  memset(out, 0, fam->size);
  if(fam->wrapper && cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, fam->wrapper)))
    o = cJSON_GetObjectItemCaseSensitive(j, fam->wrapper);
  if(!cJSON_IsObject(o))
    return hk_error_set(err, HK_PARSE, _("Databricks sent a %s that is not a JSON object."),
                        fam->what);
  if(!dbx_jstr(o, fam->id_key, id, sizeof(id)) || !id[0])
    return hk_error_set(err, HK_PARSE,
                        _("Databricks sent a %s without its %s; the reply cannot be used."),
                        fam->what, fam->id_key);
  st = fam->parse(o, out);
  if(st != HK_OK)
    return hk_error_set(err, st, _("Databricks sent a %s that cannot be read."), fam->what);
  return HK_OK;
}

hk_status dbx_obj_parse_list(const struct dbx_family *fam, const cJSON *j, void **items,
                             size_t *n, struct hk_error *err)
{
  const cJSON *arr = j;
  const cJSON *it;
  char *out = NULL;
  size_t count, i = 0;
  hk_status st = HK_OK;

  *items = NULL;
  *n = 0;
  if(fam->list_key && cJSON_IsObject(j))
    arr = cJSON_GetObjectItemCaseSensitive(j, fam->list_key);
  if(!arr)
    return HK_OK; /* an empty list may come as {} or no body */
  if(!cJSON_IsArray(arr))
    return hk_error_set(err, HK_PARSE, _("Databricks sent a list of %ss that is not an array."),
                        fam->what);
  count = (size_t)cJSON_GetArraySize(arr);
  if(count == 0)
    return HK_OK;
  out = calloc(count, fam->size);
  if(!out)
    return hk_error_set(err, HK_NOMEM, "%s", _("Out of memory."));
  cJSON_ArrayForEach(it, arr) {
    st = dbx_obj_parse(fam, it, out + i * fam->size, err);
    if(st != HK_OK)
      break;
    i++;
  }
  if(st != HK_OK) {
    free(out);
    return st;
  }
  *items = out;
  *n = i;
  return HK_OK;
}

static void obj_reply(hk_status st, const cJSON *j, const struct hk_error *err, void *ud)
{
  struct obj_ctx *x = ud;
  const struct dbx_family *fam = x->fam;
  struct hk_error e;
  void *obj = NULL;
  size_t n = 0;

  hk_error_clear(&e);
  if(x->mode == OBJ_DELETE) {
    if(st == HK_NOT_FOUND)
      st = HK_OK;
    x->done(st, st == HK_OK ? NULL : err, x->ud);
    goto out;
  }
  if(st != HK_OK) {
    if(x->mode == OBJ_ONE)
      fam->one(x->cb, st, NULL, err, x->ud);
    else
      fam->many(x->cb, st, NULL, 0, err, x->ud);
    goto out;
  }
  if(x->mode == OBJ_LIST) {
    st = dbx_obj_parse_list(fam, j, &obj, &n, &e);
    fam->many(x->cb, st, st == HK_OK ? obj : NULL, st == HK_OK ? n : 0,
              st == HK_OK ? NULL : &e, x->ud);
    goto out;
  }
  if(!j && x->refetch[0]) {
    /* older API versions answer PUT/PATCH without a body: read the object */
    st = dbx_obj_get(x->c, fam, x->refetch, x->cb, x->ud);
    if(st == HK_OK)
      goto out;
  }
  obj = calloc(1, fam->size);
  if(!obj)
    st = hk_error_set(&e, HK_NOMEM, "%s", _("Out of memory."));
  else if(!j)
    st = hk_error_set(&e, HK_PARSE, _("Databricks sent an empty reply where a %s was expected."),
                      fam->what);
  else
    st = dbx_obj_parse(fam, j, obj, &e);
  fam->one(x->cb, st, st == HK_OK ? obj : NULL, st == HK_OK ? NULL : &e, x->ud);

out:
  free(obj);
  free(x);
}

static hk_status obj_start(struct dbx_client *c, const struct dbx_family *fam,
                           enum obj_mode mode, const char *method, const char *path,
                           const cJSON *body, enum dbx_call_kind kind, dbx_fn cb,
                           dbx_done_cb done, void *ud, const char *refetch)
{
  struct obj_ctx *x = calloc(1, sizeof(*x));
  hk_status st;
  if(!x)
    return HK_NOMEM;
  x->c = c;
  if(refetch)
    hk_strlcpy(x->refetch, refetch, sizeof(x->refetch));
  x->fam = fam;
  x->mode = mode;
  x->cb = cb;
  x->done = done;
  x->ud = ud;
  /* account families use paths under /api/2.0/accounts/{id}; workspace ones absolute /api/ paths */
  if(!strncmp(path, "/api/", 5))
    st = dbx_call(c, method, path, body, kind, obj_reply, x);
  else
    st = dbx_account_call(c, method, path, body, kind, obj_reply, x);
  if(st != HK_OK)
    free(x);
  return st;
}

/* IDs go into paths: refuse anything that could change the path. */
static hk_status id_path(const struct dbx_family *fam, const char *id, char *out, size_t n)
{
  if(!dbx_safe_id(id))
    return HK_INVALID;
  snprintf(out, n, "%s/%s", fam->coll, id);
  return HK_OK;
}

hk_status dbx_obj_create(struct dbx_client *c, const struct dbx_family *fam, const cJSON *body,
                         dbx_fn cb, void *ud)
{
  return obj_start(c, fam, OBJ_ONE, "POST", fam->coll, body, DBX_CREATE, cb, NULL, ud, NULL);
}

hk_status dbx_obj_get(struct dbx_client *c, const struct dbx_family *fam, const char *id,
                      dbx_fn cb, void *ud)
{
  char path[256];
  if(id_path(fam, id, path, sizeof(path)) != HK_OK)
    return HK_INVALID;
  return obj_start(c, fam, OBJ_ONE, "GET", path, NULL, DBX_READ, cb, NULL, ud, NULL);
}

hk_status dbx_obj_list(struct dbx_client *c, const struct dbx_family *fam, dbx_fn cb, void *ud)
{
  return obj_start(c, fam, OBJ_LIST, "GET", fam->coll, NULL, DBX_READ, cb, NULL, ud, NULL);
}

hk_status dbx_obj_delete(struct dbx_client *c, const struct dbx_family *fam, const char *id,
                         dbx_done_cb cb, void *ud)
{
  char path[256];
  if(!cb || id_path(fam, id, path, sizeof(path)) != HK_OK)
    return HK_INVALID;
  return obj_start(c, fam, OBJ_DELETE, "DELETE", path, NULL, DBX_WRITE, NULL, cb, ud, NULL);
}

hk_status dbx_obj_call(struct dbx_client *c, const struct dbx_family *fam, const char *method,
                       const char *path, const cJSON *body, enum dbx_call_kind kind, dbx_fn cb,
                       void *ud, const char *refetch_id)
{
  return obj_start(c, fam, OBJ_ONE, method, path, body, kind, cb, NULL, ud, refetch_id);
}

struct status_ctx {
  dbx_done_cb cb;
  void *ud;
  bool not_found_ok;
};

static void status_reply(hk_status st, const cJSON *j, const struct hk_error *err, void *ud)
{
  struct status_ctx *d = ud;
  (void)j;
  if(st == HK_NOT_FOUND && d->not_found_ok)
    st = HK_OK;
  d->cb(st, st == HK_OK ? NULL : err, d->ud);
  free(d);
}

hk_status dbx_obj_status_call(struct dbx_client *c, const char *method, const char *path,
                              const cJSON *body, enum dbx_call_kind kind, bool not_found_ok,
                              dbx_done_cb cb, void *ud)
{
  struct status_ctx *d;
  hk_status st;
  if(!cb || !path)
    return HK_INVALID;
  d = calloc(1, sizeof(*d));
  if(!d)
    return HK_NOMEM;
  d->cb = cb;
  d->ud = ud;
  d->not_found_ok = not_found_ok;
  if(!strncmp(path, "/api/", 5))
    st = dbx_call(c, method, path, body, kind, status_reply, d);
  else
    st = dbx_account_call(c, method, path, body, kind, status_reply, d);
  if(st != HK_OK)
    free(d);
  return st;
}

bool dbx_safe_id(const char *id)
{
  return id && *id && strcspn(id, "/?#%& \t\r\n") == strlen(id);
}
