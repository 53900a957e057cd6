/* dbx_vpce.h - VPC endpoint registrations (Databricks IDs for AWS vpce-...). */
#ifndef DBX_VPCE_H
#define DBX_VPCE_H

#include <stdbool.h>
#include "dbx/dbx_object.h"

struct dbx_vpce {
  char vpc_endpoint_id[DBX_ID_MAX];         /* Databricks ID */
  char vpc_endpoint_name[DBX_NAME_MAX];     /* create: sent */
  char aws_vpc_endpoint_id[DBX_ID_MAX];     /* create: sent (vpce-...) */
  char region[32];                          /* create: sent */
  char aws_account_id[16];
  char aws_endpoint_service_id[DBX_NAME_MAX];
  char state[32];                           /* copied from AWS: available, pending, rejected... */
  char use_case[32];                        /* WORKSPACE_ACCESS | DATAPLANE_RELAY_ACCESS | GENERAL_ACCESS */
  char account_id[DBX_ID_MAX];
};

typedef void (*dbx_vpce_cb)(hk_status st, const struct dbx_vpce *ep, const struct hk_error *err,
                            void *ud);
typedef void (*dbx_vpce_list_cb)(hk_status st, const struct dbx_vpce *items, size_t n,
                                 const struct hk_error *err, void *ud);

cJSON *dbx_vpce_to_json(const struct dbx_vpce *spec);
hk_status dbx_vpce_from_json(const cJSON *j, struct dbx_vpce *out, struct hk_error *err);

hk_status dbx_vpce_create(struct dbx_client *c, const struct dbx_vpce *spec, dbx_vpce_cb cb,
                          void *ud);
hk_status dbx_vpce_get(struct dbx_client *c, const char *id, dbx_vpce_cb cb, void *ud);
hk_status dbx_vpce_list(struct dbx_client *c, dbx_vpce_list_cb cb, void *ud);
hk_status dbx_vpce_delete(struct dbx_client *c, const char *id, dbx_done_cb cb, void *ud);

/* State classes: "available" = ready; "pending"/"pendingacceptance" = wait; else failed. */
bool dbx_vpce_ready(const struct dbx_vpce *ep);
bool dbx_vpce_pending(const struct dbx_vpce *ep);
/* WORKSPACE_ACCESS and GENERAL_ACCESS both serve the REST API / front end. */
bool dbx_vpce_is_rest(const struct dbx_vpce *ep);

/* Poll GET /vpc-endpoints/{id} until the state is "available" (HK_OK), a
 * state other than pending (HK_API with the state in the sentence), or the
 * client's poll_timeout_ms (HK_TIMEOUT).  Interval as for workspaces. */
hk_status dbx_vpce_wait(struct dbx_client *c, const char *id, dbx_vpce_cb cb, void *ud);

#endif
