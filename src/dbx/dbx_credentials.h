/* dbx_credentials.h - credential configurations (cross-account IAM role). */
#ifndef DBX_CREDENTIALS_H
#define DBX_CREDENTIALS_H

#include <stdbool.h>
#include <stdint.h>
#include "dbx/dbx_object.h"

struct dbx_credentials {
  char credentials_id[DBX_ID_MAX];
  char credentials_name[DBX_NAME_MAX];   /* create: sent */
  char role_arn[DBX_ARN_MAX];            /* create: sent (aws_credentials.sts_role.role_arn) */
  char external_id[DBX_ID_MAX];          /* older API only; do not depend on it */
  char account_id[DBX_ID_MAX];
  int64_t creation_time;                 /* epoch ms */
};

typedef void (*dbx_credentials_cb)(hk_status st, const struct dbx_credentials *cred,
                                   const struct hk_error *err, void *ud);
typedef void (*dbx_credentials_list_cb)(hk_status st, const struct dbx_credentials *items,
                                        size_t n, const struct hk_error *err, void *ud);

cJSON *dbx_credentials_to_json(const struct dbx_credentials *spec);
hk_status dbx_credentials_from_json(const cJSON *j, struct dbx_credentials *out,
                                    struct hk_error *err);

hk_status dbx_credentials_create(struct dbx_client *c, const struct dbx_credentials *spec,
                                 dbx_credentials_cb cb, void *ud);
hk_status dbx_credentials_get(struct dbx_client *c, const char *id, dbx_credentials_cb cb,
                              void *ud);
hk_status dbx_credentials_list(struct dbx_client *c, dbx_credentials_list_cb cb, void *ud);
hk_status dbx_credentials_delete(struct dbx_client *c, const char *id, dbx_done_cb cb, void *ud);

/* IAM propagation.  Decides whether the failed checks Databricks lists
 * ("Assume Role", "Create Placement Group", ...; n may be 0) are in fact
 * granted by the role (then the failure is IAM propagation: keep waiting).
 * When not, write the missing statements as a sentence into missing. */
typedef bool (*dbx_cred_grants_fn)(const char *const *failed, size_t n, char *missing,
                                   size_t missing_n, void *ud);

/* Create, and on 400 "Failed credential(s) validation checks" ask grants(); if
 * it says the role grants them, retry with backoff until the client's
 * cred_retry_cap_ms; if not, stop at once with the missing statements.
 * grants NULL = never wait. */
hk_status dbx_credentials_create_wait(struct dbx_client *c, const struct dbx_credentials *spec,
                                      dbx_cred_grants_fn grants, void *grants_ud,
                                      dbx_credentials_cb cb, void *ud);

/* ---- the failed checks (dbx_cred_checks.c; table assets/rules/credential-checks.tsv) ---- */

/* Whether a message is Databricks' credential validation failure, in either
 * wording ("Failed credentials validation checks: ..." or "Failed credential
 * validation checks: ..."), JSON message or verbatim text/plain body. */
bool dbx_cred_validation_failed(const char *api_message);
/* Split the failed checks out of the API message; returns the count (<= max).
 * Prose ("please use a valid cross account IAM role ...") gives 0. */
size_t dbx_cred_failed_checks(const char *api_message, char out[][96], size_t max);

enum dbx_check_kind {
  DBX_CHECK_ACTION,     /* out = the IAM action the check tests */
  DBX_CHECK_NO_ACTION,  /* known, but no permission-policy action to verify ("Assume Role") */
  DBX_CHECK_UNKNOWN,    /* not in the table: keep waiting, never "missing permission" */
};
/* "Spot Cancellation" -> ec2:CancelSpotInstanceRequests (case-insensitive). */
enum dbx_check_kind dbx_cred_check_action(const char *check, char *out, size_t n);
/* Load the table (once); a sentence in err when it is missing or broken. */
hk_status dbx_cred_checks_load(struct hk_error *err);
/* Forget the cached table (tests that change HEIIKI_ASSETS). */
void dbx_cred_checks_reset(void);

#endif
