/* actions.h - every action kind, one file each, and helpers they share. */
#ifndef PLAN_ACTIONS_H
#define PLAN_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include "plan/plan.h"
#include "setup/setup_model.h"

extern const struct hk_action_ops hk_act_aws_role;
extern const struct hk_action_ops hk_act_aws_role_policy;
extern const struct hk_action_ops hk_act_aws_bucket;
extern const struct hk_action_ops hk_act_aws_bucket_policy;
extern const struct hk_action_ops hk_act_aws_vpce;
extern const struct hk_action_ops hk_act_aws_glue_role;
extern const struct hk_action_ops hk_act_aws_glue_profile;
extern const struct hk_action_ops hk_act_dbx_credential;
extern const struct hk_action_ops hk_act_dbx_storage;
extern const struct hk_action_ops hk_act_dbx_vpce;
extern const struct hk_action_ops hk_act_dbx_pas;
extern const struct hk_action_ops hk_act_dbx_network;
extern const struct hk_action_ops hk_act_dbx_workspace;
extern const struct hk_action_ops hk_act_dbx_workspace_wait;
extern const struct hk_action_ops hk_act_dbx_metastore;
extern const struct hk_action_ops hk_act_dbx_metastore_assign;
extern const struct hk_action_ops hk_act_post_client_access;
extern const struct hk_action_ops hk_act_post_glue_profile;
extern const struct hk_action_ops hk_act_post_glue_policy;
extern const struct hk_action_ops hk_act_aws_uc_role;
extern const struct hk_action_ops hk_act_aws_uc_role_policy;
extern const struct hk_action_ops hk_act_post_uc_credential;
extern const struct hk_action_ops hk_act_post_uc_location;

/* Shared helpers (act_util.c). */
/* Set the decision's note (printf-style). */
void hk_act_note(struct hk_action *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Decide KEEP with one given result key, noting "given: <value>". */
enum hk_decision hk_act_keep(struct hk_action *a, const char *key, const char *value);
/* AWS service name for an endpoint kind in the setup's region ("" if unknown). */
void hk_act_ep_service(const struct hk_setup *s, enum hk_ep_kind k, char *out, size_t n);
/* Comma-separated list of n fixed-size IDs (ids[0] of a char[n][HK_ID_MAX]). */
void hk_act_join(const char *ids, int n, char *out, size_t outn);
/* Setup names with a fallback: value if set, else "<setup name>-<suffix>". */
void hk_act_name(const struct hk_setup *s, const char *value, const char *suffix, char *out,
                 size_t n);
/* The workspace client (eng->ws), made on first use with the workspace host
 * pinned to the front-end address; NULL after finishing the run with a
 * sentence (act_post_ws.c). */
struct dbx_client *hk_run_ws(struct hk_run *run);
/* The Glue cluster policy's definition (JSON text, caller frees) and
 * whether a definition pins both keys to these values (act_post_glue_policy.c). */
char *hk_glue_policy_definition(const char *instance_profile_arn);
bool hk_glue_policy_matches(const char *definition, const char *instance_profile_arn);
/* Glue catalog route asked for (answers client.glue or the Glue endpoint). */
bool hk_act_glue_on(const struct hk_setup *s);

/* Unity Catalog, metastore.mode = create (act_uc_util.c). */
struct hk_uc_role {
  char account[16];             /* from metastore.role_arn */
  char name[HK_NAME_MAX];
  char path[512];               /* "/" or "/a/b/" */
};
bool hk_act_uc_on(const struct hk_setup *s);
void hk_act_uc_role(const struct hk_setup *s, struct hk_uc_role *r);
/* "s3://<metastore.bucket>/": the external location's URL. */
void hk_act_uc_url(const struct hk_setup *s, char *out, size_t n);
/* "<setup>-<suffix>" (DBX_UC_CREDENTIAL_SUFFIX, DBX_UC_LOCATION_SUFFIX). */
void hk_act_uc_name(const struct hk_setup *s, const char *suffix, char *out, size_t n);
/* The UC role's trust (UC master role + itself, with the storage credential's
 * external ID) and permissions (the UC bucket, self-assume): caller frees. */
char *hk_act_uc_trust(const struct hk_setup *s, const char *external_id, struct hk_error *err);
char *hk_act_uc_permissions(const struct hk_setup *s, struct hk_error *err);

#endif
