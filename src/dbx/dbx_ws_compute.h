/* dbx_ws_compute.h - workspace-level compute calls for post-deploy checks:
 * runtime versions, node types, clusters, cluster policies, instance
 * profiles.  Use a workspace client (dbx_client_new_workspace). */
#ifndef DBX_WS_COMPUTE_H
#define DBX_WS_COMPUTE_H

#include <stdbool.h>
#include <stdint.h>
#include "dbx/dbx_object.h"

struct dbx_spark_version {
  char key[128];          /* use as spark_version */
  char name[256];
};

struct dbx_node_type {
  char node_type_id[64];
  char instance_type_id[64];
  int64_t memory_mb;
  double num_cores;
  char category[64];
  bool is_deprecated;
  bool is_hidden;
};

#define DBX_MAX_CONF 8

struct dbx_cluster_spec {
  char cluster_name[DBX_NAME_MAX];
  char spark_version[128];
  char node_type_id[64];
  int num_workers;
  int autotermination_minutes;          /* 0 = not sent */
  char data_security_mode[40];          /* "" = not sent */
  char single_user_name[DBX_NAME_MAX];
  char instance_profile_arn[DBX_ARN_MAX];
  char policy_id[DBX_ID_MAX];
  bool apply_policy_default_values;
  struct { char key[128]; char value[256]; } spark_conf[DBX_MAX_CONF];
  size_t n_spark_conf;
  struct { char key[128]; char value[256]; } custom_tags[DBX_MAX_CONF];
  size_t n_custom_tags;
};

struct dbx_cluster {
  char cluster_id[DBX_ID_MAX];
  char cluster_name[DBX_NAME_MAX];
  char state[24];               /* PENDING RUNNING RESTARTING RESIZING TERMINATING TERMINATED ERROR UNKNOWN */
  char state_message[1024];
  char termination_code[64];
  char termination_type[32];    /* SUCCESS CLIENT_ERROR SERVICE_FAULT CLOUD_FAILURE */
  char termination_message[512];/* termination_reason.parameters.databricks_error_message */
  char spark_version[128];
  char node_type_id[64];
  char policy_id[DBX_ID_MAX];
};

struct dbx_cluster_policy {
  char policy_id[DBX_ID_MAX];
  char name[DBX_NAME_MAX];
  char definition[8192];        /* JSON text */
  char description[512];
};

struct dbx_instance_profile {
  char instance_profile_arn[DBX_ARN_MAX];
  char iam_role_arn[DBX_ARN_MAX];
  bool is_meta_instance_profile;
};

typedef void (*dbx_spark_versions_cb)(hk_status st, const struct dbx_spark_version *items,
                                      size_t n, const struct hk_error *err, void *ud);
typedef void (*dbx_node_types_cb)(hk_status st, const struct dbx_node_type *items, size_t n,
                                  const struct hk_error *err, void *ud);
typedef void (*dbx_cluster_cb)(hk_status st, const struct dbx_cluster *cl,
                               const struct hk_error *err, void *ud);
typedef void (*dbx_cluster_list_cb)(hk_status st, const struct dbx_cluster *items, size_t n,
                                    const struct hk_error *err, void *ud);
typedef void (*dbx_policy_cb)(hk_status st, const struct dbx_cluster_policy *p,
                              const struct hk_error *err, void *ud);
typedef void (*dbx_policy_list_cb)(hk_status st, const struct dbx_cluster_policy *items,
                                   size_t n, const struct hk_error *err, void *ud);
typedef void (*dbx_instance_profile_list_cb)(hk_status st,
                                             const struct dbx_instance_profile *items, size_t n,
                                             const struct hk_error *err, void *ud);

hk_status dbx_ws_spark_versions(struct dbx_client *ws, dbx_spark_versions_cb cb, void *ud);
hk_status dbx_ws_node_types(struct dbx_client *ws, dbx_node_types_cb cb, void *ud);
/* Newest plain LTS runtime (no ML, GPU, Photon, ARM), else the first; NULL if none. */
const struct dbx_spark_version *dbx_pick_spark_version(const struct dbx_spark_version *v,
                                                       size_t n);
/* Smallest (memory, then cores) node type that is neither deprecated nor hidden. */
const struct dbx_node_type *dbx_pick_node_type(const struct dbx_node_type *t, size_t n);

cJSON *dbx_cluster_spec_to_json(const struct dbx_cluster_spec *spec);
hk_status dbx_cluster_from_json(const cJSON *j, struct dbx_cluster *out, struct hk_error *err);
/* The reply carries only cluster_id (state is empty until the first get). */
hk_status dbx_ws_cluster_create(struct dbx_client *ws, const struct dbx_cluster_spec *spec,
                                dbx_cluster_cb cb, void *ud);
hk_status dbx_ws_cluster_get(struct dbx_client *ws, const char *cluster_id, dbx_cluster_cb cb,
                             void *ud);
/* The workspace's clusters (first page): find a test cluster by its name. */
hk_status dbx_ws_cluster_list(struct dbx_client *ws, dbx_cluster_list_cb cb, void *ud);
/* Terminate (the cluster is kept). */
hk_status dbx_ws_cluster_delete(struct dbx_client *ws, const char *cluster_id, dbx_done_cb cb,
                                void *ud);
hk_status dbx_ws_cluster_permanent_delete(struct dbx_client *ws, const char *cluster_id,
                                          dbx_done_cb cb, void *ud);

/* definition is a JSON object text (sent as a string). Reply: policy_id only. */
hk_status dbx_ws_policy_create(struct dbx_client *ws, const char *name, const char *definition,
                               const char *description, dbx_policy_cb cb, void *ud);
hk_status dbx_ws_policy_get(struct dbx_client *ws, const char *policy_id, dbx_policy_cb cb,
                            void *ud);
hk_status dbx_ws_policy_list(struct dbx_client *ws, dbx_policy_list_cb cb, void *ud);
hk_status dbx_ws_policy_delete(struct dbx_client *ws, const char *policy_id, dbx_done_cb cb,
                               void *ud);

hk_status dbx_ws_instance_profile_add(struct dbx_client *ws, const char *instance_profile_arn,
                                      const char *iam_role_arn, bool skip_validation,
                                      dbx_done_cb cb, void *ud);
hk_status dbx_ws_instance_profile_list(struct dbx_client *ws, dbx_instance_profile_list_cb cb,
                                       void *ud);
hk_status dbx_ws_instance_profile_remove(struct dbx_client *ws, const char *instance_profile_arn,
                                         dbx_done_cb cb, void *ud);

#endif
