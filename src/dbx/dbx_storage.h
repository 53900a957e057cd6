/* dbx_storage.h - storage configurations (root bucket). */
#ifndef DBX_STORAGE_H
#define DBX_STORAGE_H

#include <stdint.h>
#include "dbx/dbx_object.h"

struct dbx_storage {
  char storage_configuration_id[DBX_ID_MAX];
  char storage_configuration_name[DBX_NAME_MAX]; /* create: sent */
  char bucket_name[DBX_ID_MAX];                  /* create: sent (root_bucket_info.bucket_name) */
  char role_arn[DBX_ARN_MAX];                    /* create: sent when set (UC workspace catalog role) */
  char account_id[DBX_ID_MAX];
  int64_t creation_time;
};

typedef void (*dbx_storage_cb)(hk_status st, const struct dbx_storage *sc,
                               const struct hk_error *err, void *ud);
typedef void (*dbx_storage_list_cb)(hk_status st, const struct dbx_storage *items, size_t n,
                                    const struct hk_error *err, void *ud);

cJSON *dbx_storage_to_json(const struct dbx_storage *spec);
hk_status dbx_storage_from_json(const cJSON *j, struct dbx_storage *out, struct hk_error *err);

hk_status dbx_storage_create(struct dbx_client *c, const struct dbx_storage *spec,
                             dbx_storage_cb cb, void *ud);
hk_status dbx_storage_get(struct dbx_client *c, const char *id, dbx_storage_cb cb, void *ud);
hk_status dbx_storage_list(struct dbx_client *c, dbx_storage_list_cb cb, void *ud);
hk_status dbx_storage_delete(struct dbx_client *c, const char *id, dbx_done_cb cb, void *ud);

#endif
