/* dbx_ws_info.h - workspace-level identity and settings for post-deploy checks:
 * the current user (the service principal), the current metastore
 * assignment, and the workspace default catalog setting (etag-guarded). */
#ifndef DBX_WS_INFO_H
#define DBX_WS_INFO_H

#include "dbx/dbx_metastores.h"
#include "dbx/dbx_object.h"

struct dbx_ws_user {
  char id[DBX_ID_MAX];
  char user_name[DBX_NAME_MAX];
  char display_name[DBX_NAME_MAX];
  bool is_admin;            /* member of the "admins" group */
};

struct dbx_default_catalog {
  char catalog[DBX_NAME_MAX];   /* namespace.value */
  char etag[256];
};

typedef void (*dbx_ws_user_cb)(hk_status st, const struct dbx_ws_user *u,
                               const struct hk_error *err, void *ud);
typedef void (*dbx_default_catalog_cb)(hk_status st, const struct dbx_default_catalog *d,
                                       const struct hk_error *err, void *ud);

/* GET /api/2.0/preview/scim/v2/Me */
hk_status dbx_ws_current_user(struct dbx_client *ws, dbx_ws_user_cb cb, void *ud);
/* GET /api/2.1/unity-catalog/current-metastore-assignment (HK_NOT_FOUND: none). */
hk_status dbx_ws_current_metastore(struct dbx_client *ws, dbx_assignment_cb cb, void *ud);
/* GET /api/2.0/settings/types/default_namespace_ws/names/default */
hk_status dbx_ws_default_catalog_get(struct dbx_client *ws, dbx_default_catalog_cb cb, void *ud);
/* PATCH with the etag read before (NULL/"": none); a stale etag gives HK_CONFLICT. */
hk_status dbx_ws_default_catalog_set(struct dbx_client *ws, const char *catalog,
                                     const char *etag, dbx_default_catalog_cb cb, void *ud);

#endif
