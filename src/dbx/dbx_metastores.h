/* dbx_metastores.h - Unity Catalog metastores at account level and their
 * workspace assignments.  One metastore per region per account; a workspace
 * can only use a metastore of its own region. */
#ifndef DBX_METASTORES_H
#define DBX_METASTORES_H

#include <stdbool.h>
#include <stdint.h>
#include "dbx/dbx_object.h"

struct dbx_metastore {
  char metastore_id[DBX_ID_MAX];
  char name[DBX_NAME_MAX];         /* sent */
  char region[32];                 /* sent */
  char storage_root[1024];         /* sent when set (s3://...) */
  char global_metastore_id[160];
  char owner[DBX_NAME_MAX];
};

struct dbx_metastore_assignment {
  char metastore_id[DBX_ID_MAX];
  int64_t workspace_id;
  char default_catalog_name[DBX_NAME_MAX];
};

typedef void (*dbx_metastore_cb)(hk_status st, const struct dbx_metastore *ms,
                                 const struct hk_error *err, void *ud);
typedef void (*dbx_metastore_list_cb)(hk_status st, const struct dbx_metastore *items, size_t n,
                                      const struct hk_error *err, void *ud);
typedef void (*dbx_assignment_cb)(hk_status st, const struct dbx_metastore_assignment *a,
                                  const struct hk_error *err, void *ud);

cJSON *dbx_metastore_to_json(const struct dbx_metastore *spec);
hk_status dbx_metastore_from_json(const cJSON *j, struct dbx_metastore *out,
                                  struct hk_error *err);
hk_status dbx_assignment_from_json(const cJSON *j, struct dbx_metastore_assignment *out,
                                   struct hk_error *err);

hk_status dbx_metastores_create(struct dbx_client *c, const struct dbx_metastore *spec,
                                dbx_metastore_cb cb, void *ud);
hk_status dbx_metastores_get(struct dbx_client *c, const char *id, dbx_metastore_cb cb,
                             void *ud);
/* region NULL or "": all; else only metastores of that region (filtered here). */
hk_status dbx_metastores_list(struct dbx_client *c, const char *region,
                              dbx_metastore_list_cb cb, void *ud);
/* force: also when assigned to workspaces. */
hk_status dbx_metastores_delete(struct dbx_client *c, const char *id, bool force,
                                dbx_done_cb cb, void *ud);
/* POST /workspaces/{wid}/metastores/{mid}; default_catalog may be NULL.  A create: sent
 * once (after an uncertain failure, read dbx_metastores_assignment). */
hk_status dbx_metastores_assign(struct dbx_client *c, int64_t workspace_id,
                                const char *metastore_id, const char *default_catalog,
                                dbx_done_cb cb, void *ud);
hk_status dbx_metastores_unassign(struct dbx_client *c, int64_t workspace_id,
                                  const char *metastore_id, dbx_done_cb cb, void *ud);
/* GET /workspaces/{wid}/metastore; HK_NOT_FOUND when none is assigned. */
hk_status dbx_metastores_assignment(struct dbx_client *c, int64_t workspace_id,
                                    dbx_assignment_cb cb, void *ud);

#endif
