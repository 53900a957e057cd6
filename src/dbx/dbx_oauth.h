/* dbx_oauth.h - OAuth M2M (client credentials) token sources.
 *
 * A token source hands out a valid access token: the cached one while it is
 * more than a margin (60 s, or 10% of a short lifetime) from expiry, else a
 * fresh one fetched through the loop.  Callers that ask while a refresh is in
 * flight queue behind it: there is never more than one token request per
 * source.  Account tokens come from {host}/oidc/accounts/{account_id}/v1/token;
 * workspace tokens from the endpoint named by
 * {ws}/oidc/.well-known/oauth-authorization-server (fallback {ws}/oidc/v1/token).
 * The client secret and every access token are registered with the loop so
 * traces redact them; they never leave memory.  Free a source only when
 * nothing waits on it. */
#ifndef DBX_OAUTH_H
#define DBX_OAUTH_H

#include "core/hk_status.h"
#include "net/net_loop.h"

struct dbx_token_source;

/* st == HK_OK: token is valid until the next call into the source. */
typedef void (*dbx_token_cb)(hk_status st, const char *token, const struct hk_error *err,
                             void *ud);
typedef long (*dbx_clock_fn)(void);

struct dbx_token_source *dbx_token_source_account(struct hk_loop *loop, const char *host,
                                                  const char *account_id, const char *client_id,
                                                  const char *client_secret);
struct dbx_token_source *dbx_token_source_workspace(struct hk_loop *loop, const char *ws_url,
                                                    const char *client_id,
                                                    const char *client_secret);
/* A fixed personal access token (no refresh). */
struct dbx_token_source *dbx_token_source_pat(struct hk_loop *loop, const char *token);
void dbx_token_source_free(struct dbx_token_source *ts);

/* Clock for expiry (tests pass a fake); NULL = hk_now_ms. */
void dbx_token_source_set_clock(struct dbx_token_source *ts, dbx_clock_fn now);

/* Ask for a token.  cb runs synchronously when a valid token is cached,
 * otherwise from the loop once the refresh ends. */
hk_status dbx_token_get(struct dbx_token_source *ts, dbx_token_cb cb, void *ud);
/* Forget the cached token (after a 401). */
void dbx_token_invalidate(struct dbx_token_source *ts);
/* The token URL in use ("" before workspace discovery). */
const char *dbx_token_url(const struct dbx_token_source *ts);
/* Token requests sent so far (tests). */
long dbx_token_requests(const struct dbx_token_source *ts);
/* True for OAuth sources (a 401 may be cured by a new token). */
int dbx_token_refreshable(const struct dbx_token_source *ts);

#endif
