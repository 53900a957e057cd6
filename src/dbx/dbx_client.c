/* dbx_client.c - one Databricks call: token, request, retries, reply or typed error. */
#include "dbx/dbx_client.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/hk_i18n.h"
#include "dbx/dbx_error.h"
#include "dbx/dbx_json.h"

#define DEFAULT_ATTEMPTS 5
#define DEFAULT_BASE_MS 500L
#define DEFAULT_CAP_MS 20000L
#define DEFAULT_RA_CAP_MS 120000L
#define DEFAULT_MAX_BODY (8u * 1024u * 1024u)
#define CURL_WRITE_ERROR 23

struct dbx_client {
  struct hk_loop *loop;
  struct dbx_config cfg;     /* host, account id, client id; secrets wiped on free */
  struct dbx_client_opts opts;
  struct dbx_token_source *ts;
  long attempts;
  long retries;
};

struct dbx_call {
  struct dbx_client *c;
  char method[12];
  char *url;
  char what[256];
  struct hk_buf body;
  char content_type[64];
  enum dbx_call_kind kind;
  int attempt;
  int reauthed;
  dbx_json_cb cb;
  dbx_raw_cb rcb;
  void *ud;
};

static void opts_defaults(struct dbx_client_opts *o)
{
  if(o->max_attempts <= 0)
    o->max_attempts = DEFAULT_ATTEMPTS;
  if(o->retry_base_ms <= 0)
    o->retry_base_ms = DEFAULT_BASE_MS;
  if(o->retry_cap_ms <= 0)
    o->retry_cap_ms = DEFAULT_CAP_MS;
  if(o->retry_after_cap_ms <= 0)
    o->retry_after_cap_ms = DEFAULT_RA_CAP_MS;
  if(o->max_body == 0)
    o->max_body = DEFAULT_MAX_BODY;
  if(o->cred_retry_cap_ms <= 0)
    o->cred_retry_cap_ms = 180000L;
  if(o->poll_min_ms <= 0)
    o->poll_min_ms = 2000L;
  if(o->poll_max_ms <= 0)
    o->poll_max_ms = 15000L;
  if(o->poll_timeout_ms <= 0)
    o->poll_timeout_ms = 30L * 60L * 1000L;
}

static struct dbx_client *client_alloc(struct hk_loop *loop, const struct dbx_config *cfg,
                                       const struct dbx_client_opts *opts, struct hk_error *err)
{
  struct dbx_client *c = calloc(1, sizeof(*c));
  if(!c || dbx_config_copy(&c->cfg, cfg) != HK_OK) {
    free(c);
    hk_error_set(err, HK_NOMEM, "%s", _("Out of memory."));
    return NULL;
  }
  c->loop = loop;
  if(opts)
    c->opts = *opts;
  opts_defaults(&c->opts);
  return c;
}

struct dbx_client *dbx_client_new(struct hk_loop *loop, const struct dbx_config *cfg,
                                  const struct dbx_client_opts *opts, struct hk_error *err)
{
  struct dbx_client *c;
  if(!loop || !cfg || !cfg->host[0]) {
    hk_error_set(err, HK_INVALID, "%s", _("The Databricks client needs a loop and a host."));
    return NULL;
  }
  c = client_alloc(loop, cfg, opts, err);
  if(!c)
    return NULL;
  if(dbx_config_uses_pat(cfg))
    c->ts = dbx_token_source_pat(loop, cfg->token);
  else
    c->ts = dbx_token_source_account(loop, cfg->host, cfg->account_id, cfg->client_id,
                                     cfg->client_secret);
  if(!c->ts) {
    dbx_client_free(c);
    hk_error_set(err, HK_NOMEM, "%s", _("Out of memory."));
    return NULL;
  }
  dbx_token_source_set_clock(c->ts, c->opts.now);
  return c;
}

struct dbx_client *dbx_client_new_workspace(const struct dbx_client *acct,
                                            const char *workspace_url, struct hk_error *err)
{
  struct dbx_client *c;
  size_t n;
  hk_status st = dbx_check_host(workspace_url, err);
  if(st != HK_OK)
    return NULL;
  c = client_alloc(acct->loop, &acct->cfg, &acct->opts, err);
  if(!c)
    return NULL;
  hk_strlcpy(c->cfg.host, workspace_url, sizeof(c->cfg.host));
  n = strlen(c->cfg.host);
  while(n && c->cfg.host[n - 1] == '/')
    c->cfg.host[--n] = '\0';
  if(dbx_config_uses_pat(&c->cfg))
    c->ts = dbx_token_source_pat(c->loop, c->cfg.token);
  else
    c->ts = dbx_token_source_workspace(c->loop, c->cfg.host, c->cfg.client_id,
                                       c->cfg.client_secret);
  if(!c->ts) {
    dbx_client_free(c);
    hk_error_set(err, HK_NOMEM, "%s", _("Out of memory."));
    return NULL;
  }
  dbx_token_source_set_clock(c->ts, c->opts.now);
  return c;
}

void dbx_client_free(struct dbx_client *c)
{
  if(!c)
    return;
  dbx_token_source_free(c->ts);
  dbx_config_free(&c->cfg);
  free(c);
}

struct hk_loop *dbx_client_loop(const struct dbx_client *c) { return c->loop; }
const char *dbx_client_host(const struct dbx_client *c) { return c->cfg.host; }
const char *dbx_client_account_id(const struct dbx_client *c) { return c->cfg.account_id; }
const struct dbx_client_opts *dbx_client_opts(const struct dbx_client *c) { return &c->opts; }
struct dbx_token_source *dbx_client_tokens(const struct dbx_client *c) { return c->ts; }
long dbx_client_attempts(const struct dbx_client *c) { return c->attempts; }
long dbx_client_retries(const struct dbx_client *c) { return c->retries; }

long dbx_client_now(const struct dbx_client *c)
{
  return c->opts.now ? c->opts.now() : hk_now_ms();
}

hk_status dbx_url_escape(struct hk_buf *out, const char *s)
{
  static const char hex[] = "0123456789ABCDEF";
  hk_status st = HK_OK;
  for(; *s && st == HK_OK; s++) {
    unsigned char ch = (unsigned char)*s;
    if((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
       ch == '-' || ch == '_' || ch == '.' || ch == '~')
      st = hk_buf_append(out, s, 1);
    else {
      char e[3] = {'%', hex[ch >> 4], hex[ch & 15]};
      st = hk_buf_append(out, e, 3);
    }
  }
  return st;
}

/* ---- the call state machine ---- */

static void call_free(struct dbx_call *k)
{
  if(!k)
    return;
  free(k->url);
  hk_buf_free(&k->body);
  free(k);
}

static void call_finish(struct dbx_call *k, hk_status st, const cJSON *json,
                        const struct hk_buf *raw, const struct hk_error *err)
{
  if(k->cb)
    k->cb(st, st == HK_OK ? json : NULL, st == HK_OK ? NULL : err, k->ud);
  else if(k->rcb)
    k->rcb(st, st == HK_OK ? raw : NULL, st == HK_OK ? NULL : err, k->ud);
  call_free(k);
}

static void call_fail(struct dbx_call *k, hk_status st, const char *sentence)
{
  struct hk_error e;
  hk_error_clear(&e);
  hk_error_set(&e, st, "%s", sentence);
  call_finish(k, st, NULL, NULL, &e);
}

static void call_attempt(struct dbx_call *k);

static void retry_timer(void *ud)
{
  call_attempt(ud);
}

static void schedule_retry(struct dbx_call *k, long delay)
{
  k->c->retries++;
  if(hk_loop_timer(k->c->loop, delay, retry_timer, k) != HK_OK)
    call_fail(k, HK_NOMEM, _("Out of memory."));
}

/* Delay before the next attempt, or -1 to stop. */
static long retry_delay(struct dbx_call *k, struct hk_request *req)
{
  const struct dbx_client_opts *o = &k->c->opts;
  long http = req->http_status;
  long ra;

  if(k->attempt >= o->max_attempts)
    return -1;
  if(hk_request_transport_failed(req)) {
    if(k->kind == DBX_CREATE || req->transport_error == CURL_WRITE_ERROR)
      return -1;
    return hk_backoff_ms(k->attempt, o->retry_base_ms, o->retry_cap_ms);
  }
  if(http == 429 || (http == 503 && k->kind != DBX_CREATE)) {
    ra = dbx_retry_after_ms(hk_request_resp_header(req, "Retry-After"), (long long)time(NULL));
    if(ra > o->retry_after_cap_ms)
      return -1;
    if(ra >= 0)
      return ra;
    return hk_backoff_ms(k->attempt, o->retry_base_ms, o->retry_cap_ms);
  }
  if(k->kind != DBX_CREATE && (http == 500 || http == 502 || http == 504))
    return hk_backoff_ms(k->attempt, o->retry_base_ms, o->retry_cap_ms);
  return -1;
}

static void deliver_reply(struct dbx_call *k, struct hk_request *req)
{
  struct hk_error e;
  struct dbx_http_result r = {req->http_status, req->resp_body.data, req->resp_body.len,
                              hk_request_resp_header(req, "Location"),
                              hk_request_resp_header(req, "x-request-id"),
                              hk_request_resp_header(req, "Content-Type")};
  cJSON *j = NULL;
  hk_status st;

  hk_error_clear(&e);
  if(req->http_status < 200 || req->http_status >= 300) {
    st = dbx_error_from_http(&r, k->what, &e);
    call_finish(k, st, NULL, NULL, &e);
    return;
  }
  if(k->rcb) {
    if(dbx_is_private_link_page(&r)) {
      st = dbx_error_from_http(&r, k->what, &e);
      call_finish(k, st, NULL, NULL, &e);
      return;
    }
    call_finish(k, HK_OK, NULL, &req->resp_body, NULL);
    return;
  }
  if(req->resp_body.len == 0 || strspn(req->resp_body.data, " \t\r\n") == req->resp_body.len) {
    call_finish(k, HK_OK, NULL, NULL, NULL);
    return;
  }
  j = dbx_json_parse(req->resp_body.data, req->resp_body.len);
  if(!j || !(cJSON_IsObject(j) || cJSON_IsArray(j))) {
    st = dbx_error_from_http(&r, k->what, &e);
    if(st == HK_OK || st == HK_API)
      st = hk_error_set(&e, HK_PARSE,
                        _("Databricks answered %s with a body that is not JSON (%zu bytes)."),
                        k->what, req->resp_body.len);
    cJSON_Delete(j);
    call_finish(k, st, NULL, NULL, &e);
    return;
  }
  call_finish(k, HK_OK, j, NULL, NULL);
  cJSON_Delete(j);
}

static void request_done(struct hk_request *req, void *ud)
{
  struct dbx_call *k = ud;
  struct hk_error e;
  long delay;

  hk_error_clear(&e);
  if(!hk_request_transport_failed(req) && req->http_status == 401 && !k->reauthed &&
     dbx_token_refreshable(k->c->ts)) {
    k->reauthed = 1;
    dbx_token_invalidate(k->c->ts);
    hk_request_free(req);
    schedule_retry(k, 0);
    return;
  }
  delay = retry_delay(k, req);
  if(delay >= 0) {
    hk_request_free(req);
    schedule_retry(k, delay);
    return;
  }
  if(hk_request_transport_failed(req)) {
    hk_status st = hk_request_transport_error(req, &e);
    if(st == HK_OK)
      st = hk_error_set(&e, HK_NET, _("The request %s failed: %s"), k->what, req->transport_msg);
    if(k->kind == DBX_CREATE && st != HK_TOO_BIG)
      hk_error_hint(&e, "%s",
                    _("The create may or may not have happened; run again and heiiki will "
                      "adopt the object if it exists."));
    hk_request_free(req);
    call_finish(k, st, NULL, NULL, &e);
    return;
  }
  deliver_reply(k, req);
  hk_request_free(req);
}

static void on_token(hk_status st, const char *token, const struct hk_error *err, void *ud)
{
  struct dbx_call *k = ud;
  struct hk_request *req;
  char auth[4096];
  hk_status rs;

  if(st != HK_OK) {
    call_finish(k, st, NULL, NULL, err);
    return;
  }
  req = hk_request_new(k->method, k->url);
  if(!req) {
    call_fail(k, HK_NOMEM, _("Out of memory."));
    return;
  }
  req->label = "dbx";
  req->no_resend = k->kind == DBX_CREATE;
  req->done = request_done;
  req->ud = k;
  req->resp_body.max = k->c->opts.max_body;
  snprintf(auth, sizeof(auth), "Bearer %s", token);
  rs = hk_request_header_set(req, "Authorization", auth);
  hk_memzero(auth, sizeof(auth));
  if(rs == HK_OK)
    rs = hk_request_header_set(req, "Accept", k->rcb ? "*/*" : "application/json");
  if(rs == HK_OK && k->content_type[0]) {
    rs = hk_request_header_set(req, "Content-Type", k->content_type);
    if(rs == HK_OK)
      rs = hk_request_body_set(req, k->body.data ? k->body.data : "", k->body.len);
  }
  if(rs == HK_OK)
    rs = hk_loop_submit(k->c->loop, req);
  if(rs != HK_OK) {
    hk_request_free(req);
    call_fail(k, rs, _("The Databricks request could not be started."));
    return;
  }
  k->c->attempts++;
  k->attempt++;
}

static void call_attempt(struct dbx_call *k)
{
  hk_status st = dbx_token_get(k->c->ts, on_token, k);
  if(st != HK_OK)
    call_fail(k, st, _("No Databricks token could be requested."));
}

static hk_status call_start(struct dbx_client *c, const char *method, const char *prefix,
                            const char *path, const void *data, size_t len,
                            const char *content_type, enum dbx_call_kind kind, dbx_json_cb cb,
                            dbx_raw_cb rcb, void *ud)
{
  struct dbx_call *k;
  hk_status st = HK_OK;
  size_t q;

  if(!c || !method || !path || path[0] != '/' || (!cb && !rcb))
    return HK_INVALID;
  k = calloc(1, sizeof(*k));
  if(!k)
    return HK_NOMEM;
  k->c = c;
  hk_strlcpy(k->method, method, sizeof(k->method));
  k->kind = kind;
  k->cb = cb;
  k->rcb = rcb;
  k->ud = ud;
  k->url = hk_aprintf("%s%s%s", c->cfg.host, prefix, path);
  q = strcspn(path, "?");
  snprintf(k->what, sizeof(k->what), "%s %.*s", method, (int)q, path);
  hk_buf_init(&k->body);
  if(content_type) {
    hk_strlcpy(k->content_type, content_type, sizeof(k->content_type));
    if(len)
      st = hk_buf_append(&k->body, data, len);
  }
  if(!k->url || st != HK_OK) {
    call_free(k);
    return HK_NOMEM;
  }
  call_attempt(k);
  return HK_OK;
}

static hk_status json_call(struct dbx_client *c, const char *method, const char *prefix,
                           const char *path, const cJSON *body, enum dbx_call_kind kind,
                           dbx_json_cb cb, void *ud)
{
  char *text = NULL;
  hk_status st;
  if(body) {
    text = cJSON_PrintUnformatted(body);
    if(!text)
      return HK_NOMEM;
  }
  st = call_start(c, method, prefix, path, text, text ? strlen(text) : 0,
                  text ? "application/json" : NULL, kind, cb, NULL, ud);
  cJSON_free(text);
  return st;
}

hk_status dbx_call(struct dbx_client *c, const char *method, const char *path,
                   const cJSON *body, enum dbx_call_kind kind, dbx_json_cb cb, void *ud)
{
  return json_call(c, method, "", path, body, kind, cb, ud);
}

hk_status dbx_account_call(struct dbx_client *c, const char *method, const char *path,
                           const cJSON *body, enum dbx_call_kind kind, dbx_json_cb cb, void *ud)
{
  char prefix[128];
  if(!c)
    return HK_INVALID;
  snprintf(prefix, sizeof(prefix), "/api/2.0/accounts/%s", c->cfg.account_id);
  return json_call(c, method, prefix, path, body, kind, cb, ud);
}

hk_status dbx_call_raw(struct dbx_client *c, const char *method, const char *path,
                       const void *data, size_t len, const char *content_type,
                       enum dbx_call_kind kind, dbx_raw_cb cb, void *ud)
{
  return call_start(c, method, "", path, data, len, content_type, kind, NULL, cb, ud);
}
