/* dbx_storage.c - storage configurations. */
#include "dbx/dbx_storage.h"

#include "dbx/dbx_json.h"

static hk_status storage_parse(const cJSON *j, void *out)
{
  struct dbx_storage *s = out;
  dbx_jstr(j, "storage_configuration_id", s->storage_configuration_id,
           sizeof(s->storage_configuration_id));
  dbx_jstr(j, "storage_configuration_name", s->storage_configuration_name,
           sizeof(s->storage_configuration_name));
  dbx_jstr_path(j, "root_bucket_info.bucket_name", s->bucket_name, sizeof(s->bucket_name));
  dbx_jstr(j, "role_arn", s->role_arn, sizeof(s->role_arn));
  dbx_jstr(j, "account_id", s->account_id, sizeof(s->account_id));
  s->creation_time = dbx_jint(j, "creation_time");
  return HK_OK;
}

DBX_FAMILY_DELIVERY(storage, dbx_storage_cb, dbx_storage_list_cb)

static const struct dbx_family fam_storage = {
  "/storage-configurations", "storage configuration", "storage_configuration_id",
  sizeof(struct dbx_storage), storage_parse, NULL, NULL, storage_one, storage_many,
};

cJSON *dbx_storage_to_json(const struct dbx_storage *spec)
{
  cJSON *o = cJSON_CreateObject();
  cJSON *rb = o ? dbx_jchild(o, "root_bucket_info") : NULL;
  if(!rb || !dbx_jadd_str(o, "storage_configuration_name", spec->storage_configuration_name) ||
     !cJSON_AddStringToObject(rb, "bucket_name", spec->bucket_name) ||
     !dbx_jadd_str(o, "role_arn", spec->role_arn)) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

hk_status dbx_storage_from_json(const cJSON *j, struct dbx_storage *out, struct hk_error *err)
{
  return dbx_obj_parse(&fam_storage, j, out, err);
}

hk_status dbx_storage_create(struct dbx_client *c, const struct dbx_storage *spec,
                             dbx_storage_cb cb, void *ud)
{
  cJSON *body = dbx_storage_to_json(spec);
  hk_status st;
  if(!body)
    return HK_NOMEM;
  st = dbx_obj_create(c, &fam_storage, body, (dbx_fn)cb, ud);
  cJSON_Delete(body);
  return st;
}

hk_status dbx_storage_get(struct dbx_client *c, const char *id, dbx_storage_cb cb, void *ud)
{
  return dbx_obj_get(c, &fam_storage, id, (dbx_fn)cb, ud);
}

hk_status dbx_storage_list(struct dbx_client *c, dbx_storage_list_cb cb, void *ud)
{
  return dbx_obj_list(c, &fam_storage, (dbx_fn)cb, ud);
}

hk_status dbx_storage_delete(struct dbx_client *c, const char *id, dbx_done_cb cb, void *ud)
{
  return dbx_obj_delete(c, &fam_storage, id, cb, ud);
}
