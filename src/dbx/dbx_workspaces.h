/* dbx_workspaces.h - workspaces: create (asynchronous), get, list, delete,
 * update of the fields the API allows, and status polling. */
#ifndef DBX_WORKSPACES_H
#define DBX_WORKSPACES_H

#include <stdbool.h>
#include <stdint.h>
#include "dbx/dbx_networks.h"
#include "dbx/dbx_object.h"

#define DBX_MAX_TAGS 16

struct dbx_tag {
  char key[128];
  char value[256];
};

struct dbx_workspace {
  int64_t workspace_id;
  char workspace_name[DBX_NAME_MAX];                 /* sent */
  char aws_region[32];                               /* sent */
  char credentials_id[DBX_ID_MAX];                   /* sent */
  char storage_configuration_id[DBX_ID_MAX];         /* sent */
  char network_id[DBX_ID_MAX];                       /* sent when set */
  char private_access_settings_id[DBX_ID_MAX];       /* sent when set */
  char pricing_tier[24];                             /* sent when set (ENTERPRISE for PrivateLink) */
  char deployment_name[DBX_NAME_MAX];                /* sent when set; read back the real one */
  char storage_customer_managed_key_id[DBX_ID_MAX];  /* sent when set */
  char managed_services_customer_managed_key_id[DBX_ID_MAX]; /* sent when set */
  struct dbx_tag tags[DBX_MAX_TAGS];                 /* custom_tags, sent when any */
  size_t n_tags;
  char workspace_status[24];   /* NOT_PROVISIONED PROVISIONING RUNNING FAILED BANNED CANCELLING */
  char workspace_status_message[1024];
  char compute_mode[16];
  char account_id[DBX_ID_MAX];
  int64_t creation_time;
};

typedef void (*dbx_workspace_cb)(hk_status st, const struct dbx_workspace *ws,
                                 const struct hk_error *err, void *ud);
typedef void (*dbx_workspace_list_cb)(hk_status st, const struct dbx_workspace *items, size_t n,
                                      const struct hk_error *err, void *ud);

cJSON *dbx_workspace_to_json(const struct dbx_workspace *spec);
hk_status dbx_workspace_from_json(const cJSON *j, struct dbx_workspace *out,
                                  struct hk_error *err);

/* Create returns at once (status PROVISIONING); follow with dbx_workspace_wait(). */
hk_status dbx_workspaces_create(struct dbx_client *c, const struct dbx_workspace *spec,
                                dbx_workspace_cb cb, void *ud);
hk_status dbx_workspaces_get(struct dbx_client *c, int64_t id, dbx_workspace_cb cb, void *ud);
hk_status dbx_workspaces_list(struct dbx_client *c, dbx_workspace_list_cb cb, void *ud);
hk_status dbx_workspaces_delete(struct dbx_client *c, int64_t id, dbx_done_cb cb, void *ud);

/* Updatable fields (bit set).  Storage and region only on a FAILED workspace;
 * PAS can be added or changed, never removed. */
enum {
  DBX_WS_CREDENTIALS = 1u << 0,
  DBX_WS_CUSTOM_TAGS = 1u << 1,
  DBX_WS_MANAGED_SERVICES_CMK = 1u << 2,
  DBX_WS_NETWORK = 1u << 3,
  DBX_WS_PAS = 1u << 4,
  DBX_WS_STORAGE = 1u << 5,
  DBX_WS_STORAGE_CMK = 1u << 6,
  DBX_WS_REGION = 1u << 7
};
/* PATCH /workspaces/{id}?update_mask=<sorted,comma,list>; the body carries those fields. */
hk_status dbx_workspaces_update(struct dbx_client *c, int64_t id, const struct dbx_workspace *spec,
                                unsigned fields, dbx_workspace_cb cb, void *ud);
/* The update_mask text for a field set (sorted, comma-separated, no spaces). */
void dbx_workspace_update_mask(unsigned fields, char *out, size_t n);

bool dbx_workspace_running(const struct dbx_workspace *ws);
/* FAILED, BANNED or CANCELLED: polling stops. */
bool dbx_workspace_terminal(const struct dbx_workspace *ws);

/* Polling.  progress (may be NULL) gets every state read, with the elapsed
 * time.  done gets RUNNING (HK_OK), or an error: FAILED/BANNED with the
 * status message and the network's error/warning messages by type; or
 * HK_TIMEOUT after the client's poll_timeout_ms.  The interval starts at
 * poll_min_ms and grows by half each time up to poll_max_ms. */
typedef void (*dbx_workspace_progress_fn)(const struct dbx_workspace *ws, long elapsed_ms,
                                          void *ud);
hk_status dbx_workspace_wait(struct dbx_client *c, int64_t id,
                             dbx_workspace_progress_fn progress, dbx_workspace_cb done, void *ud);

#endif
