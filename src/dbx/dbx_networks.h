/* dbx_networks.h - network configurations (customer-managed VPC). */
#ifndef DBX_NETWORKS_H
#define DBX_NETWORKS_H

#include <stdint.h>
#include "dbx/dbx_object.h"

#define DBX_MAX_MSGS 16

struct dbx_net_msg {
  char type[32];        /* error_type / warning_type: credentials, networkAcl, securityGroup, subnet, vpc */
  char message[512];
};

struct dbx_network {
  char network_id[DBX_ID_MAX];
  char network_name[DBX_NAME_MAX];                     /* sent */
  char vpc_id[DBX_ID_MAX];                             /* sent */
  char subnet_ids[DBX_MAX_IDS][DBX_ID_MAX];            /* sent */
  size_t n_subnet_ids;
  char security_group_ids[DBX_MAX_IDS][DBX_ID_MAX];    /* sent */
  size_t n_security_group_ids;
  char rest_api_ids[DBX_MAX_IDS][DBX_ID_MAX];          /* sent: vpc_endpoints.rest_api (Databricks IDs) */
  size_t n_rest_api_ids;
  char dataplane_relay_ids[DBX_MAX_IDS][DBX_ID_MAX];   /* sent: vpc_endpoints.dataplane_relay */
  size_t n_dataplane_relay_ids;
  char vpc_status[16];                                 /* VALID, WARNED, BROKEN, UNATTACHED */
  struct dbx_net_msg errors[DBX_MAX_MSGS];
  size_t n_errors;
  struct dbx_net_msg warnings[DBX_MAX_MSGS];
  size_t n_warnings;
  int64_t workspace_id;                                /* 0 = not attached */
  char account_id[DBX_ID_MAX];
  int64_t creation_time;
};

typedef void (*dbx_network_cb)(hk_status st, const struct dbx_network *net,
                               const struct hk_error *err, void *ud);
typedef void (*dbx_network_list_cb)(hk_status st, const struct dbx_network *items, size_t n,
                                    const struct hk_error *err, void *ud);

cJSON *dbx_network_to_json(const struct dbx_network *spec);
hk_status dbx_network_from_json(const cJSON *j, struct dbx_network *out, struct hk_error *err);

hk_status dbx_networks_create(struct dbx_client *c, const struct dbx_network *spec,
                              dbx_network_cb cb, void *ud);
hk_status dbx_networks_get(struct dbx_client *c, const char *id, dbx_network_cb cb, void *ud);
hk_status dbx_networks_list(struct dbx_client *c, dbx_network_list_cb cb, void *ud);
hk_status dbx_networks_delete(struct dbx_client *c, const char *id, dbx_done_cb cb, void *ud);

/* "subnet: msg; securityGroup: msg" (errors first, then "warnings: ..."); "" when none. */
void dbx_network_messages(const struct dbx_network *net, char *out, size_t n);

#endif
