/* dbx_pas.h - private access settings (regional; public access, level, allow list). */
#ifndef DBX_PAS_H
#define DBX_PAS_H

#include <stdbool.h>
#include "dbx/dbx_object.h"

struct dbx_pas {
  char private_access_settings_id[DBX_ID_MAX];
  char private_access_settings_name[DBX_NAME_MAX];  /* sent */
  char region[32];                                  /* sent */
  bool public_access_enabled;                       /* sent, always (also when false) */
  char private_access_level[16];                    /* sent when set: ACCOUNT | ENDPOINT */
  char allowed_vpc_endpoint_ids[DBX_MAX_IDS][DBX_ID_MAX]; /* sent with ENDPOINT (Databricks IDs) */
  size_t n_allowed;
  char account_id[DBX_ID_MAX];
};

typedef void (*dbx_pas_cb)(hk_status st, const struct dbx_pas *pas, const struct hk_error *err,
                           void *ud);
typedef void (*dbx_pas_list_cb)(hk_status st, const struct dbx_pas *items, size_t n,
                                const struct hk_error *err, void *ud);

cJSON *dbx_pas_to_json(const struct dbx_pas *spec);
hk_status dbx_pas_from_json(const cJSON *j, struct dbx_pas *out, struct hk_error *err);

hk_status dbx_pas_create(struct dbx_client *c, const struct dbx_pas *spec, dbx_pas_cb cb,
                         void *ud);
hk_status dbx_pas_get(struct dbx_client *c, const char *id, dbx_pas_cb cb, void *ud);
hk_status dbx_pas_list(struct dbx_client *c, dbx_pas_list_cb cb, void *ud);
hk_status dbx_pas_delete(struct dbx_client *c, const char *id, dbx_done_cb cb, void *ud);
/* PUT: overwrites the whole object (affects every attached workspace). */
hk_status dbx_pas_replace(struct dbx_client *c, const char *id, const struct dbx_pas *spec,
                          dbx_pas_cb cb, void *ud);

#endif
