/* dbx_client.h - Databricks REST calls on the shared loop.
 *
 * One client talks to one host: the account console (account client) or one
 * workspace (workspace client, same service principal, its own token).  A
 * call waits for a valid token, sends JSON, and hands the parsed reply or a
 * typed error to its callback.  Reads and idempotent writes are retried on
 * 429/503 (honouring Retry-After), other 5xx and transport failures, with
 * backoff; creates are never blindly retried (only a 429, which the server
 * did not process): after a failed create, adopt by name instead.  A 401 with
 * an OAuth token is retried once with a fresh token.  Free a client only when
 * nothing is pending on the loop for it. */
#ifndef DBX_CLIENT_H
#define DBX_CLIENT_H

#include <stddef.h>
#include <cJSON.h>
#include "core/hk_buf.h"
#include "core/hk_status.h"
#include "dbx/dbx_config.h"
#include "dbx/dbx_oauth.h"
#include "net/net_loop.h"

struct dbx_client;

struct dbx_client_opts {
  int max_attempts;          /* reads/writes; 0 = 5 */
  long retry_base_ms;        /* 0 = 500 */
  long retry_cap_ms;         /* 0 = 20000 */
  long retry_after_cap_ms;   /* longest Retry-After honoured; 0 = 120000 */
  size_t max_body;           /* response cap; 0 = 8 MiB */
  dbx_clock_fn now;          /* NULL = hk_now_ms (token expiry, polling) */
  long cred_retry_cap_ms;    /* credential propagation wait; 0 = 180000 */
  long poll_min_ms;          /* workspace polling; 0 = 2000 */
  long poll_max_ms;          /* 0 = 15000 */
  long poll_timeout_ms;      /* 0 = 30 min */
};

enum dbx_call_kind {
  DBX_READ,    /* GET, list, poll: retried */
  DBX_WRITE,   /* idempotent PUT/PATCH/DELETE or action: retried */
  DBX_CREATE   /* POST to a collection: retried only after a 429 */
};

/* json: parsed reply (NULL for an empty body), owned by the client and freed
 * after the callback returns.  On error json is NULL and err is set. */
typedef void (*dbx_json_cb)(hk_status st, const cJSON *json, const struct hk_error *err,
                            void *ud);
/* Raw reply body (Files API). */
typedef void (*dbx_raw_cb)(hk_status st, const struct hk_buf *body, const struct hk_error *err,
                           void *ud);

/* Account client; cfg must have passed dbx_config_validate(). */
struct dbx_client *dbx_client_new(struct hk_loop *loop, const struct dbx_config *cfg,
                                  const struct dbx_client_opts *opts, struct hk_error *err);
/* Workspace client for the same principal (workspace OAuth token or the PAT). */
struct dbx_client *dbx_client_new_workspace(const struct dbx_client *acct,
                                            const char *workspace_url, struct hk_error *err);
void dbx_client_free(struct dbx_client *c);

struct hk_loop *dbx_client_loop(const struct dbx_client *c);
const char *dbx_client_host(const struct dbx_client *c);
const char *dbx_client_account_id(const struct dbx_client *c);
const struct dbx_client_opts *dbx_client_opts(const struct dbx_client *c);
struct dbx_token_source *dbx_client_tokens(const struct dbx_client *c);
long dbx_client_now(const struct dbx_client *c);
/* Calls sent (attempts) and retries so far. */
long dbx_client_attempts(const struct dbx_client *c);
long dbx_client_retries(const struct dbx_client *c);

/* path starts with "/" and may carry a query ("/api/2.1/clusters/get?cluster_id=x").
 * body may be NULL.  HK_OK = started (cb runs exactly once, from the loop or
 * synchronously on a cached-token fast path failure); otherwise cb never runs. */
hk_status dbx_call(struct dbx_client *c, const char *method, const char *path,
                   const cJSON *body, enum dbx_call_kind kind, dbx_json_cb cb, void *ud);
/* Same, with path relative to /api/2.0/accounts/{account_id}. */
hk_status dbx_account_call(struct dbx_client *c, const char *method, const char *path,
                           const cJSON *body, enum dbx_call_kind kind, dbx_json_cb cb, void *ud);
/* Raw bytes in and out (content_type NULL = no body). */
hk_status dbx_call_raw(struct dbx_client *c, const char *method, const char *path,
                       const void *data, size_t len, const char *content_type,
                       enum dbx_call_kind kind, dbx_raw_cb cb, void *ud);

/* Percent-encode one path segment (RFC 3986 unreserved kept). */
hk_status dbx_url_escape(struct hk_buf *out, const char *segment);

#endif
