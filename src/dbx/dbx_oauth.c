/* dbx_oauth.c - OAuth M2M token sources with in-memory cache and one refresh at a time. */
#include "dbx/dbx_oauth.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <cJSON.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_error.h"

#define TOKEN_MARGIN_MAX_MS 60000L
#define TOKEN_DEFAULT_LIFETIME_S 3600L
#define TOKEN_ATTEMPTS 3

enum ts_kind { TS_PAT, TS_ACCOUNT, TS_WORKSPACE };

struct waiter {
  dbx_token_cb cb;
  void *ud;
};

struct dbx_token_source {
  struct hk_loop *loop;
  enum ts_kind kind;
  char base[1024];           /* workspace URL (discovery) */
  char token_url[1100];
  char client_id[256];
  char *client_secret;
  char *access_token;
  long expires_at_ms;
  long margin_ms;
  int busy;                  /* a discovery or token request is in flight */
  struct waiter *waiters;
  size_t n_waiters, cap_waiters;
  dbx_clock_fn now;
  long requests;
};

static long ts_now(const struct dbx_token_source *ts)
{
  return ts->now ? ts->now() : hk_now_ms();
}

static struct dbx_token_source *ts_new(struct hk_loop *loop, enum ts_kind kind,
                                       const char *client_id, const char *secret)
{
  struct dbx_token_source *ts = calloc(1, sizeof(*ts));
  if(!ts)
    return NULL;
  ts->loop = loop;
  ts->kind = kind;
  if(client_id)
    hk_strlcpy(ts->client_id, client_id, sizeof(ts->client_id));
  if(secret) {
    ts->client_secret = hk_strdup(secret);
    if(!ts->client_secret) {
      free(ts);
      return NULL;
    }
    hk_loop_add_secret(loop, secret);
  }
  return ts;
}

static void trim_slash(char *s)
{
  size_t n = strlen(s);
  while(n && s[n - 1] == '/')
    s[--n] = '\0';
}

struct dbx_token_source *dbx_token_source_account(struct hk_loop *loop, const char *host,
                                                  const char *account_id, const char *client_id,
                                                  const char *client_secret)
{
  struct dbx_token_source *ts = ts_new(loop, TS_ACCOUNT, client_id, client_secret);
  if(!ts)
    return NULL;
  hk_strlcpy(ts->base, host, sizeof(ts->base));
  trim_slash(ts->base);
  snprintf(ts->token_url, sizeof(ts->token_url), "%s/oidc/accounts/%s/v1/token", ts->base,
           account_id);
  return ts;
}

struct dbx_token_source *dbx_token_source_workspace(struct hk_loop *loop, const char *ws_url,
                                                    const char *client_id,
                                                    const char *client_secret)
{
  struct dbx_token_source *ts = ts_new(loop, TS_WORKSPACE, client_id, client_secret);
  if(!ts)
    return NULL;
  hk_strlcpy(ts->base, ws_url, sizeof(ts->base));
  trim_slash(ts->base);
  return ts;
}

struct dbx_token_source *dbx_token_source_pat(struct hk_loop *loop, const char *token)
{
  struct dbx_token_source *ts = ts_new(loop, TS_PAT, NULL, NULL);
  if(!ts)
    return NULL;
  ts->access_token = hk_strdup(token);
  if(!ts->access_token) {
    free(ts);
    return NULL;
  }
  hk_loop_add_secret(loop, token);
  return ts;
}

void dbx_token_source_free(struct dbx_token_source *ts)
{
  if(!ts)
    return;
  hk_secret_free(ts->client_secret);
  hk_secret_free(ts->access_token);
  free(ts->waiters);
  hk_memzero(ts, sizeof(*ts));
  free(ts);
}

void dbx_token_source_set_clock(struct dbx_token_source *ts, dbx_clock_fn now)
{
  ts->now = now;
}

const char *dbx_token_url(const struct dbx_token_source *ts)
{
  return ts->token_url;
}

long dbx_token_requests(const struct dbx_token_source *ts)
{
  return ts->requests;
}

int dbx_token_refreshable(const struct dbx_token_source *ts)
{
  return ts && ts->kind != TS_PAT;
}

void dbx_token_invalidate(struct dbx_token_source *ts)
{
  if(ts && ts->kind != TS_PAT)
    ts->expires_at_ms = 0;
}

static int token_valid(const struct dbx_token_source *ts)
{
  if(!ts->access_token)
    return 0;
  if(ts->kind == TS_PAT)
    return 1;
  return ts_now(ts) < ts->expires_at_ms - ts->margin_ms;
}

/* Deliver to every waiter; waiters may ask again from their callback. */
static void deliver(struct dbx_token_source *ts, hk_status st, const struct hk_error *err)
{
  struct waiter *list = ts->waiters;
  size_t n = ts->n_waiters;
  size_t i;

  ts->waiters = NULL;
  ts->n_waiters = ts->cap_waiters = 0;
  ts->busy = 0;
  for(i = 0; i < n; i++)
    list[i].cb(st, st == HK_OK ? ts->access_token : NULL, err, list[i].ud);
  free(list);
}

static void fail_all(struct dbx_token_source *ts, hk_status st, const char *sentence)
{
  struct hk_error e;
  hk_error_clear(&e);
  hk_error_set(&e, st, "%s", sentence);
  deliver(ts, st, &e);
}

/* ---- helpers: form encoding and base64 ---- */

static hk_status form_escape(struct hk_buf *b, const char *s)
{
  static const char hex[] = "0123456789ABCDEF";
  hk_status st = HK_OK;
  for(; *s && st == HK_OK; s++) {
    unsigned char c = (unsigned char)*s;
    if((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
       c == '-' || c == '_' || c == '.' || c == '~')
      st = hk_buf_append(b, s, 1);
    else if(c == ' ')
      st = hk_buf_append(b, "+", 1);
    else {
      char e[3] = {'%', hex[c >> 4], hex[c & 15]};
      st = hk_buf_append(b, e, 3);
    }
  }
  return st;
}

static hk_status base64(struct hk_buf *out, const unsigned char *p, size_t n)
{
  static const char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i;
  hk_status st = HK_OK;
  for(i = 0; i < n && st == HK_OK; i += 3) {
    unsigned v = (unsigned)p[i] << 16;
    char q[4];
    if(i + 1 < n)
      v |= (unsigned)p[i + 1] << 8;
    if(i + 2 < n)
      v |= p[i + 2];
    q[0] = tbl[(v >> 18) & 63];
    q[1] = tbl[(v >> 12) & 63];
    q[2] = i + 1 < n ? tbl[(v >> 6) & 63] : '=';
    q[3] = i + 2 < n ? tbl[v & 63] : '=';
    st = hk_buf_append(out, q, 4);
  }
  return st;
}

/* ---- token request ---- */

static long token_retry(struct hk_request *req, int attempt, void *ud)
{
  long ra;
  (void)ud;
  if(hk_request_transport_failed(req)) {
    if(req->transport_error == 23 /* CURLE_WRITE_ERROR: body too big */)
      return -1;
    return hk_backoff_ms(attempt, 500, 8000);
  }
  if(req->http_status != 429 && req->http_status < 500)
    return -1;
  ra = dbx_retry_after_ms(hk_request_resp_header(req, "Retry-After"), 0);
  if(ra >= 0 && ra <= 60000)
    return ra;
  return hk_backoff_ms(attempt, 500, 8000);
}

static void token_done(struct hk_request *req, void *ud)
{
  struct dbx_token_source *ts = ud;
  struct hk_error e;
  cJSON *j = NULL;
  const cJSON *tok, *exp;
  char what[1200];
  hk_status st;

  hk_error_clear(&e);
  snprintf(what, sizeof(what), _("the token request to %s"), ts->token_url);
  if(hk_request_transport_failed(req)) {
    hk_request_transport_error(req, &e);
    deliver(ts, e.status ? e.status : HK_NET, &e);
    goto out;
  }
  if(req->http_status < 200 || req->http_status >= 300) {
    struct dbx_http_result r = {req->http_status, req->resp_body.data, req->resp_body.len,
                                hk_request_resp_header(req, "Location"),
                                hk_request_resp_header(req, "x-request-id"),
                                hk_request_resp_header(req, "Content-Type")};
    st = dbx_error_from_http(&r, what, &e);
    if(st == HK_AUTH || (req->http_status == 400 && !strcmp(e.code, "invalid_client"))) {
      st = hk_error_set(&e, HK_AUTH,
                        _("The service principal %s could not get an OAuth token from %s: the "
                          "client ID or secret is wrong, expired, or belongs to another "
                          "account."), ts->client_id, ts->token_url);
      hk_error_hint(&e, "%s",
                    _("Create a new OAuth secret for the service principal in the account "
                      "console and set DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET."));
    }
    else if(st == HK_NOT_FOUND) {
      st = hk_error_set(&e, HK_CONFIG,
                        _("There is no OAuth token endpoint at %s (HTTP 404): check the host "
                          "and the account ID."), ts->token_url);
    }
    deliver(ts, st, &e);
    goto out;
  }
  j = cJSON_ParseWithLength(req->resp_body.data ? req->resp_body.data : "", req->resp_body.len);
  tok = cJSON_GetObjectItemCaseSensitive(j, "access_token");
  if(!cJSON_IsString(tok) || !tok->valuestring || !tok->valuestring[0]) {
    struct dbx_http_result r = {req->http_status, req->resp_body.data, req->resp_body.len,
                                NULL, NULL, NULL};
    if(dbx_body_is_html(req->resp_body.data, req->resp_body.len)) {
      st = dbx_error_from_http(&r, what, &e);
      deliver(ts, st, &e);
    }
    else
      fail_all(ts, HK_PARSE,
               _("The OAuth token response has no access_token; the host may not be a "
                 "Databricks account or workspace URL."));
    goto out;
  }
  hk_secret_free(ts->access_token);
  ts->access_token = hk_strdup(tok->valuestring);
  if(!ts->access_token) {
    fail_all(ts, HK_NOMEM, _("Out of memory."));
    goto out;
  }
  hk_loop_add_secret(ts->loop, ts->access_token);
  {
    long life_s = TOKEN_DEFAULT_LIFETIME_S;
    exp = cJSON_GetObjectItemCaseSensitive(j, "expires_in");
    if(cJSON_IsNumber(exp) && exp->valuedouble > 0 && exp->valuedouble < 1e7)
      life_s = (long)exp->valuedouble;
    else if(cJSON_IsString(exp) && exp->valuestring) {
      long v = strtol(exp->valuestring, NULL, 10);
      if(v > 0 && v < 10000000L)
        life_s = v;
    }
    ts->margin_ms = life_s * 100; /* 10% of the lifetime */
    if(ts->margin_ms > TOKEN_MARGIN_MAX_MS)
      ts->margin_ms = TOKEN_MARGIN_MAX_MS;
    ts->expires_at_ms = ts_now(ts) + life_s * 1000;
  }
  deliver(ts, HK_OK, NULL);

out:
  if(j) {
    /* wipe the token copy inside the parse tree */
    tok = cJSON_GetObjectItemCaseSensitive(j, "access_token");
    if(cJSON_IsString(tok) && tok->valuestring)
      hk_memzero(tok->valuestring, strlen(tok->valuestring));
    cJSON_Delete(j);
  }
  hk_memzero(req->resp_body.data, req->resp_body.len);
  hk_request_free(req);
}

static hk_status start_token_request(struct dbx_token_source *ts)
{
  struct hk_request *req = NULL;
  struct hk_buf cred, auth, form;
  hk_status st;

  hk_buf_init(&cred);
  hk_buf_init(&auth);
  hk_buf_init(&form);
  st = form_escape(&cred, ts->client_id);
  if(st == HK_OK)
    st = hk_buf_append(&cred, ":", 1);
  if(st == HK_OK)
    st = form_escape(&cred, ts->client_secret ? ts->client_secret : "");
  if(st == HK_OK)
    st = hk_buf_puts(&auth, "Basic ");
  if(st == HK_OK)
    st = base64(&auth, (const unsigned char *)cred.data, cred.len);
  if(st == HK_OK)
    st = hk_buf_puts(&form, "grant_type=client_credentials&scope=all-apis");
  if(st != HK_OK)
    goto out;
  req = hk_request_new("POST", ts->token_url);
  if(!req) {
    st = HK_NOMEM;
    goto out;
  }
  req->label = "dbx:oauth-token";
  req->max_attempts = TOKEN_ATTEMPTS;
  req->retry = token_retry;
  req->done = token_done;
  req->ud = ts;
  st = hk_request_header_set(req, "Authorization", auth.data);
  if(st == HK_OK)
    st = hk_request_header_set(req, "Content-Type", "application/x-www-form-urlencoded");
  if(st == HK_OK)
    st = hk_request_header_set(req, "Accept", "application/json");
  if(st == HK_OK)
    st = hk_request_body_set(req, form.data, form.len);
  if(st == HK_OK)
    st = hk_loop_submit(ts->loop, req);
  if(st == HK_OK) {
    ts->requests++;
    req = NULL;
  }

out:
  hk_request_free(req);
  hk_memzero(cred.data, cred.len);
  hk_memzero(auth.data, auth.len);
  hk_buf_free(&cred);
  hk_buf_free(&auth);
  hk_buf_free(&form);
  return st;
}

/* ---- workspace discovery ---- */

/* The discovered endpoint receives the client secret: accept it only on the
 * workspace's own origin. */
static int same_origin(const char *base, const char *url)
{
  size_t n = strlen(base);
  return !strncasecmp(base, url, n) && (url[n] == '/' || url[n] == '\0');
}

static void discovery_done(struct hk_request *req, void *ud)
{
  struct dbx_token_source *ts = ud;
  cJSON *j = NULL;
  const cJSON *te;

  if(!hk_request_transport_failed(req) && req->http_status == 200) {
    j = cJSON_ParseWithLength(req->resp_body.data ? req->resp_body.data : "",
                              req->resp_body.len);
    te = cJSON_GetObjectItemCaseSensitive(j, "token_endpoint");
    if(cJSON_IsString(te) && te->valuestring && same_origin(ts->base, te->valuestring))
      hk_strlcpy(ts->token_url, te->valuestring, sizeof(ts->token_url));
  }
  else if(hk_request_transport_failed(req)) {
    struct hk_error e;
    hk_error_clear(&e);
    hk_request_transport_error(req, &e);
    cJSON_Delete(j);
    hk_request_free(req);
    deliver(ts, e.status ? e.status : HK_NET, &e);
    return;
  }
  cJSON_Delete(j);
  hk_request_free(req);
  if(!ts->token_url[0])
    snprintf(ts->token_url, sizeof(ts->token_url), "%s/oidc/v1/token", ts->base);
  if(start_token_request(ts) != HK_OK)
    fail_all(ts, HK_NOMEM, _("The OAuth token request could not be started."));
}

static hk_status start_discovery(struct dbx_token_source *ts)
{
  struct hk_request *req;
  char url[1200];
  hk_status st;

  snprintf(url, sizeof(url), "%s/oidc/.well-known/oauth-authorization-server", ts->base);
  req = hk_request_new("GET", url);
  if(!req)
    return HK_NOMEM;
  req->label = "dbx:oidc-discovery";
  req->done = discovery_done;
  req->ud = ts;
  req->max_attempts = TOKEN_ATTEMPTS;
  req->retry = token_retry;
  st = hk_loop_submit(ts->loop, req);
  if(st != HK_OK)
    hk_request_free(req);
  return st;
}

hk_status dbx_token_get(struct dbx_token_source *ts, dbx_token_cb cb, void *ud)
{
  hk_status st;

  if(!ts || !cb)
    return HK_INVALID;
  if(token_valid(ts)) {
    cb(HK_OK, ts->access_token, NULL, ud);
    return HK_OK;
  }
  if(ts->kind == TS_PAT)
    return HK_INVALID;
  if(ts->n_waiters == ts->cap_waiters) {
    size_t ncap = ts->cap_waiters ? ts->cap_waiters * 2 : 8;
    struct waiter *w = realloc(ts->waiters, ncap * sizeof(*w));
    if(!w)
      return HK_NOMEM;
    ts->waiters = w;
    ts->cap_waiters = ncap;
  }
  ts->waiters[ts->n_waiters].cb = cb;
  ts->waiters[ts->n_waiters].ud = ud;
  ts->n_waiters++;
  if(ts->busy)
    return HK_OK;
  if(ts->kind == TS_WORKSPACE && !ts->token_url[0])
    st = start_discovery(ts);
  else
    st = start_token_request(ts);
  if(st != HK_OK) {
    ts->n_waiters--;
    return st;
  }
  ts->busy = 1;
  return HK_OK;
}
