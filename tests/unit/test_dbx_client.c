/* test_dbx_client.c - OAuth tokens, error mapping, retries, bad bodies against a local responder. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dbx/dbx_client.h"
#include "dbx/dbx_error.h"
#include "dbx/dbx_metastores.h"
#include "test_dbx_responder.h"

#define ACCT "0b9c2a5e-1f1d-4c1e-9a55-3e2d8f7a6b10"
#define TOKEN_PATH "/oidc/accounts/" ACCT "/v1/token"
#define API "/api/2.0/accounts/" ACCT

struct fix {
  struct responder *r;
  struct hk_loop *loop;
  struct dbx_client *c;
  FILE *trace;
  char *trace_buf;
  size_t trace_len;
};

static long fake_now_ms;
static long fake_clock(void) { return fake_now_ms; }

struct res {
  int done;
  hk_status st;
  char *json;
  struct hk_error err;
};

static void on_json(hk_status st, const cJSON *j, const struct hk_error *err, void *ud)
{
  struct res *r = ud;
  r->done++;
  r->st = st;
  r->json = j ? cJSON_PrintUnformatted(j) : NULL;
  if(err)
    r->err = *err;
}

static void res_free(struct res *r)
{
  free(r->json);
  memset(r, 0, sizeof(*r));
}

static struct dbx_client *make_client(struct fix *f, const struct dbx_client_opts *o)
{
  struct dbx_config cfg;
  struct hk_error err;
  struct dbx_client *c;
  dbx_config_init(&cfg);
  snprintf(cfg.host, sizeof(cfg.host), "http://127.0.0.1:%d", f->r->port);
  snprintf(cfg.account_id, sizeof(cfg.account_id), ACCT);
  snprintf(cfg.client_id, sizeof(cfg.client_id), "sp-id");
  dbx_config_set_secret(&cfg.client_secret, "sp-SECRET-value");
  assert_int_equal(dbx_config_validate(&cfg, &err), HK_OK);
  c = dbx_client_new(f->loop, &cfg, o, &err);
  assert_non_null(c);
  dbx_config_free(&cfg);
  return c;
}

static int setup(void **state)
{
  struct fix *f = calloc(1, sizeof(*f));
  struct hk_loop_opts lo;
  struct dbx_client_opts o;
  f->r = rsp_start();
  f->trace = open_memstream(&f->trace_buf, &f->trace_len);
  memset(&lo, 0, sizeof(lo));
  lo.trace = f->trace;
  lo.timeout_ms = 5000;
  f->loop = hk_loop_new(&lo);
  memset(&o, 0, sizeof(o));
  o.retry_base_ms = 20;
  o.retry_cap_ms = 100;
  o.max_attempts = 4;
  o.now = fake_clock;
  fake_now_ms = 1000;
  f->c = make_client(f, &o);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct fix *f = *state;
  dbx_client_free(f->c);
  hk_loop_free(f->loop);
  fclose(f->trace);
  free(f->trace_buf);
  rsp_stop(f->r);
  free(f);
  return 0;
}

static void token_rule(struct responder *r, const char *tok, int times)
{
  char body[256];
  snprintf(body, sizeof(body), "{\"access_token\":\"%s\",\"token_type\":\"Bearer\",\"expires_in\":3600}",
           tok);
  rsp_json(r, "POST", TOKEN_PATH, 200, body, times);
}

static void run_get(struct fix *f, const char *path, struct res *out)
{
  memset(out, 0, sizeof(*out));
  assert_int_equal(dbx_account_call(f->c, "GET", path, NULL, DBX_READ, on_json, out), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(out->done, 1);
}

/* ---- OAuth ---- */

static void test_token_request_shape_and_bearer(void **state)
{
  struct fix *f = *state;
  struct res r;
  const struct rsp_log *l;
  token_rule(f->r, "tok-AAAA-1", 0);
  rsp_json(f->r, "GET", API "/credentials", 200, "[]", 0);
  run_get(f, "/credentials", &r);
  assert_int_equal(r.st, HK_OK);
  assert_string_equal(r.json, "[]");
  l = rsp_last(f->r, "POST", TOKEN_PATH);
  assert_non_null(l);
  /* base64("sp-id:sp-SECRET-value") */
  assert_non_null(strstr(l->head, "Authorization: Basic c3AtaWQ6c3AtU0VDUkVULXZhbHVl"));
  assert_non_null(strstr(l->head, "application/x-www-form-urlencoded"));
  assert_string_equal(l->body, "grant_type=client_credentials&scope=all-apis");
  l = rsp_last(f->r, "GET", API "/credentials");
  assert_non_null(strstr(l->head, "Authorization: Bearer tok-AAAA-1"));
  assert_non_null(strstr(dbx_token_url(dbx_client_tokens(f->c)), TOKEN_PATH));
  /* the trace never shows the secret or the token */
  fflush(f->trace);
  assert_true(f->trace_len > 0);
  assert_null(strstr(f->trace_buf, "sp-SECRET-value"));
  assert_null(strstr(f->trace_buf, "tok-AAAA-1"));
  assert_null(strstr(f->trace_buf, "c3AtaWQ6c3AtU0VDUkVULXZhbHVl"));
  res_free(&r);
}

static void test_concurrent_calls_share_one_token_request(void **state)
{
  struct fix *f = *state;
  struct res r[5];
  int i;
  token_rule(f->r, "tok-shared", 0);
  rsp_last_delay(f->r, 150);
  rsp_json(f->r, "GET", API "/networks", 200, "[]", 0);
  memset(r, 0, sizeof(r));
  for(i = 0; i < 5; i++)
    assert_int_equal(dbx_account_call(f->c, "GET", "/networks", NULL, DBX_READ, on_json, &r[i]),
                     HK_OK);
  hk_loop_run_until_idle(f->loop);
  for(i = 0; i < 5; i++) {
    assert_int_equal(r[i].done, 1);
    assert_int_equal(r[i].st, HK_OK);
    res_free(&r[i]);
  }
  assert_int_equal(rsp_count(f->r, "POST", TOKEN_PATH), 1);
  assert_int_equal(dbx_token_requests(dbx_client_tokens(f->c)), 1);
  assert_int_equal(rsp_count(f->r, "GET", API "/networks"), 5);
}

static void test_token_refreshed_before_expiry(void **state)
{
  struct fix *f = *state;
  struct res r;
  token_rule(f->r, "tok-first", 1);
  token_rule(f->r, "tok-second", 1);
  rsp_json(f->r, "GET", API "/workspaces", 200, "[]", 0);
  run_get(f, "/workspaces", &r);
  res_free(&r);
  /* 3600 s lifetime, 60 s margin: still valid at +3539 s */
  fake_now_ms += 3539L * 1000L;
  run_get(f, "/workspaces", &r);
  res_free(&r);
  assert_int_equal(rsp_count(f->r, "POST", TOKEN_PATH), 1);
  fake_now_ms += 2000L;
  run_get(f, "/workspaces", &r);
  assert_int_equal(r.st, HK_OK);
  res_free(&r);
  assert_int_equal(rsp_count(f->r, "POST", TOKEN_PATH), 2);
  assert_non_null(strstr(rsp_last(f->r, "GET", API "/workspaces")->head, "Bearer tok-second"));
}

static void test_short_token_uses_ten_percent_margin(void **state)
{
  struct fix *f = *state;
  struct res r;
  rsp_json(f->r, "POST", TOKEN_PATH, 200, "{\"access_token\":\"short-1\",\"expires_in\":100}", 1);
  token_rule(f->r, "tok-after", 1);
  rsp_json(f->r, "GET", API "/credentials", 200, "[]", 0);
  run_get(f, "/credentials", &r);
  res_free(&r);
  fake_now_ms += 89000;
  run_get(f, "/credentials", &r);
  res_free(&r);
  assert_int_equal(rsp_count(f->r, "POST", TOKEN_PATH), 1);
  fake_now_ms += 2000;
  run_get(f, "/credentials", &r);
  res_free(&r);
  assert_int_equal(rsp_count(f->r, "POST", TOKEN_PATH), 2);
}

static void test_401_gets_one_fresh_token(void **state)
{
  struct fix *f = *state;
  struct res r;
  token_rule(f->r, "tok-revoked", 1);
  token_rule(f->r, "tok-fresh", 1);
  rsp_json(f->r, "GET", API "/credentials", 401,
           "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"token expired\"}", 1);
  rsp_json(f->r, "GET", API "/credentials", 200, "[]", 0);
  run_get(f, "/credentials", &r);
  assert_int_equal(r.st, HK_OK);
  assert_int_equal(rsp_count(f->r, "POST", TOKEN_PATH), 2);
  res_free(&r);
}

static void test_403_is_auth_with_admin_sentence(void **state)
{
  struct fix *f = *state;
  struct res r;
  token_rule(f->r, "tok-x", 0);
  rsp_json(f->r, "GET", API "/credentials", 403,
           "{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"User is not an account admin\"}", 0);
  run_get(f, "/credentials", &r);
  assert_int_equal(r.st, HK_AUTH);
  assert_int_equal(r.err.http_status, 403);
  assert_string_equal(r.err.code, "PERMISSION_DENIED");
  assert_string_equal(r.err.api_message, "User is not an account admin");
  assert_non_null(strstr(r.err.hint, "account admin"));
  res_free(&r);
}

static void test_bad_client_secret(void **state)
{
  struct fix *f = *state;
  struct res r;
  rsp_json(f->r, "POST", TOKEN_PATH, 401,
           "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}",
           0);
  run_get(f, "/credentials", &r);
  assert_int_equal(r.st, HK_AUTH);
  assert_non_null(strstr(r.err.message, "sp-id"));
  assert_string_equal(r.err.code, "invalid_client");
  assert_string_equal(r.err.api_message, "Client authentication failed");
  assert_int_equal(rsp_count(f->r, "GET", API), 0);
  res_free(&r);
}

static void test_workspace_discovery_and_fallback(void **state)
{
  struct fix *f = *state;
  struct dbx_client *ws;
  struct hk_error err;
  struct res r;
  char url[128], te[256];
  snprintf(url, sizeof(url), "http://127.0.0.1:%d", f->r->port);
  snprintf(te, sizeof(te), "{\"token_endpoint\":\"%s/oidc/v1/token-disc\"}", url);
  rsp_json(f->r, "GET", "/oidc/.well-known/oauth-authorization-server", 200, te, 1);
  rsp_json(f->r, "POST", "/oidc/v1/token-disc", 200, "{\"access_token\":\"ws-tok\",\"expires_in\":3600}", 0);
  rsp_json(f->r, "GET", "/api/2.0/preview/scim/v2/Me", 200, "{\"userName\":\"sp\"}", 0);
  ws = dbx_client_new_workspace(f->c, url, &err);
  assert_non_null(ws);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_call(ws, "GET", "/api/2.0/preview/scim/v2/Me", NULL, DBX_READ, on_json, &r),
                   HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.st, HK_OK);
  assert_non_null(strstr(rsp_last(f->r, "GET", "/api/2.0/preview")->head, "Bearer ws-tok"));
  res_free(&r);
  dbx_client_free(ws);

  /* a token endpoint on another origin is refused: fallback to {ws}/oidc/v1/token */
  rsp_clear(f->r);
  rsp_json(f->r, "GET", "/oidc/.well-known/oauth-authorization-server", 200,
           "{\"token_endpoint\":\"https://evil.example/token\"}", 1);
  rsp_json(f->r, "POST", "/oidc/v1/token", 200, "{\"access_token\":\"ws-tok2\",\"expires_in\":3600}", 0);
  rsp_json(f->r, "GET", "/api/2.0/preview/scim/v2/Me", 200, "{\"userName\":\"sp\"}", 0);
  ws = dbx_client_new_workspace(f->c, url, &err);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_call(ws, "GET", "/api/2.0/preview/scim/v2/Me", NULL, DBX_READ, on_json, &r),
                   HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.st, HK_OK);
  assert_int_equal(rsp_count(f->r, "POST", "/oidc/v1/token"), 1);
  assert_non_null(strstr(dbx_token_url(dbx_client_tokens(ws)), "/oidc/v1/token"));
  res_free(&r);
  dbx_client_free(ws);
}

/* ---- retries ---- */

static void test_503_retry_after_then_ok(void **state)
{
  struct fix *f = *state;
  struct res r;
  token_rule(f->r, "t", 0);
  rsp_add(f->r, "GET", API "/networks", 503, "Retry-After: 0\r\n", "", 2);
  rsp_json(f->r, "GET", API "/networks", 200, "[{\"network_id\":\"n1\"}]", 0);
  run_get(f, "/networks", &r);
  assert_int_equal(r.st, HK_OK);
  assert_int_equal(rsp_count(f->r, "GET", API "/networks"), 3);
  assert_int_equal(dbx_client_retries(f->c), 2);
  res_free(&r);
}

static void test_429_retry_after_is_honoured(void **state)
{
  struct fix *f = *state;
  struct res r;
  long t0, dt;
  token_rule(f->r, "t", 0);
  rsp_add(f->r, "GET", API "/networks", 429, "Retry-After: 1\r\nContent-Type: application/json\r\n",
          "{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"slow down\"}", 1);
  rsp_json(f->r, "GET", API "/networks", 200, "[]", 0);
  t0 = hk_now_ms();
  run_get(f, "/networks", &r);
  dt = hk_now_ms() - t0;
  assert_int_equal(r.st, HK_OK);
  assert_true(dt >= 900);
  assert_true(dt < 4000);
  res_free(&r);
}

static void test_retries_give_up_with_throttled(void **state)
{
  struct fix *f = *state;
  struct res r;
  token_rule(f->r, "t", 0);
  rsp_add(f->r, "GET", API "/networks", 429, "Retry-After: 0\r\nContent-Type: application/json\r\n",
          "{\"error_code\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"slow down\"}", 0);
  run_get(f, "/networks", &r);
  assert_int_equal(r.st, HK_THROTTLED);
  assert_int_equal(rsp_count(f->r, "GET", API "/networks"), 4);
  assert_string_equal(r.err.code, "REQUEST_LIMIT_EXCEEDED");
  res_free(&r);
}

static void test_create_is_not_retried_on_503(void **state)
{
  struct fix *f = *state;
  struct res r;
  cJSON *body = cJSON_CreateObject();
  cJSON_AddStringToObject(body, "network_name", "n");
  token_rule(f->r, "t", 0);
  rsp_json(f->r, "POST", API "/networks", 503,
           "{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"try later\"}", 1);
  rsp_json(f->r, "POST", API "/networks", 200, "{\"network_id\":\"n1\"}", 0);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_account_call(f->c, "POST", "/networks", body, DBX_CREATE, on_json, &r), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.st, HK_SERVER);
  assert_int_equal(rsp_count(f->r, "POST", API "/networks"), 1);
  assert_string_equal(r.err.code, "TEMPORARILY_UNAVAILABLE");
  res_free(&r);
  /* a 429 was not processed: retried even for a create */
  rsp_clear(f->r);
  token_rule(f->r, "t", 0);
  rsp_add(f->r, "POST", API "/networks", 429, "Retry-After: 0\r\n", "", 1);
  rsp_json(f->r, "POST", API "/networks", 200, "{\"network_id\":\"n1\"}", 0);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_account_call(f->c, "POST", "/networks", body, DBX_CREATE, on_json, &r), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.st, HK_OK);
  assert_string_equal(r.json, "{\"network_id\":\"n1\"}");
  assert_string_equal(rsp_last(f->r, "POST", API "/networks")->body, "{\"network_name\":\"n\"}");
  res_free(&r);
  cJSON_Delete(body);
}

static void on_done(hk_status st, const struct hk_error *err, void *ud)
{
  hk_status *out = ud;
  (void)err;
  *out = st;
}

/* The metastore assignment POST creates an assignment: a 503 (or a lost reply)
 * may have taken effect, so it is never re-sent (issue 20, item 3). */
static void test_metastore_assign_is_not_resent(void **state)
{
  struct fix *f = *state;
  hk_status st = HK_OK;
  token_rule(f->r, "t", 0);
  rsp_json(f->r, "POST", API "/workspaces/7/metastores/ms-1", 503,
           "{\"error_code\":\"TEMPORARILY_UNAVAILABLE\",\"message\":\"try later\"}", 1);
  rsp_json(f->r, "POST", API "/workspaces/7/metastores/ms-1", 200, "{}", 0);
  assert_int_equal(dbx_metastores_assign(f->c, 7, "ms-1", NULL, on_done, &st), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(st, HK_SERVER);
  assert_int_equal(rsp_count(f->r, "POST", API "/workspaces/7/metastores/ms-1"), 1);
}

static void test_transport_failure_retried_then_net(void **state)
{
  struct fix *f = *state;
  struct dbx_config cfg;
  struct dbx_client_opts o;
  struct hk_error err;
  struct dbx_client *c;
  struct res r;
  (void)f;
  dbx_config_init(&cfg);
  /* port 1 on loopback: connection refused */
  snprintf(cfg.host, sizeof(cfg.host), "http://127.0.0.1:1");
  snprintf(cfg.account_id, sizeof(cfg.account_id), ACCT);
  dbx_config_set_secret(&cfg.token, "dapi-test-token");
  memset(&o, 0, sizeof(o));
  o.retry_base_ms = 5;
  o.retry_cap_ms = 20;
  o.max_attempts = 3;
  c = dbx_client_new(f->loop, &cfg, &o, &err);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_account_call(c, "GET", "/networks", NULL, DBX_READ, on_json, &r), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.st, HK_NET);
  assert_int_equal(dbx_client_attempts(c), 3);
  assert_true(r.err.message[0] != '\0');
  res_free(&r);
  dbx_client_free(c);
  dbx_config_free(&cfg);
}

/* ---- bad bodies ---- */

static void test_bad_bodies(void **state)
{
  struct fix *f = *state;
  struct res r;
  token_rule(f->r, "t", 0);
  rsp_add(f->r, "GET", API "/a", 200, "Content-Type: text/plain\r\n", "hello", 0);
  rsp_add(f->r, "GET", API "/b", 200, "Content-Type: text/html\r\n",
          "<!DOCTYPE html><html><body>Sign in</body></html>", 0);
  rsp_add(f->r, "GET", API "/c", 302,
          "Location: https://x.cloud.databricks.com/login.html?error=private-link-validation-error\r\n",
          "", 0);
  rsp_add(f->r, "GET", API "/d", 200, "Content-Type: application/json\r\n", "{\"a\":", 0);
  rsp_add(f->r, "GET", API "/e", 200, "Content-Type: application/json\r\n", "\"just a string\"", 0);
  rsp_add(f->r, "GET", API "/f", 200, "", "", 0);
  rsp_add(f->r, "GET", API "/zbig", 200, "Content-Type: application/json\r\n", "", 0);
  rsp_last_fill(f->r, 9u * 1024u * 1024u);

  run_get(f, "/a", &r);
  assert_int_equal(r.st, HK_PARSE);
  assert_non_null(strstr(r.err.message, "not"));
  res_free(&r);
  run_get(f, "/b", &r);
  assert_int_equal(r.st, HK_PARSE);
  assert_non_null(strstr(r.err.message, "HTML"));
  res_free(&r);
  run_get(f, "/c", &r);
  assert_int_equal(r.st, HK_NET);
  assert_non_null(strstr(r.err.hint, "DNS or proxy"));
  res_free(&r);
  run_get(f, "/d", &r);
  assert_int_equal(r.st, HK_PARSE);
  res_free(&r);
  run_get(f, "/e", &r);
  assert_int_equal(r.st, HK_PARSE);
  res_free(&r);
  run_get(f, "/f", &r);
  assert_int_equal(r.st, HK_OK);
  assert_null(r.json);
  res_free(&r);
  run_get(f, "/zbig", &r);
  assert_int_equal(r.st, HK_TOO_BIG);
  /* never retried: the same answer would come back */
  assert_int_equal(rsp_count(f->r, "GET", API "/zbig"), 1);
  res_free(&r);
}

/* ---- pure mapping ---- */

static hk_status map(long status, const char *body, const char *loc, struct hk_error *e)
{
  struct dbx_http_result r = {status, body, body ? strlen(body) : 0, loc, NULL, NULL};
  return dbx_error_from_http(&r, "GET /x", e);
}

static void test_error_mapping_table(void **state)
{
  struct hk_error e;
  (void)state;
  assert_int_equal(map(401, "", NULL, &e), HK_AUTH);
  assert_non_null(strstr(e.hint, "account admin"));
  assert_int_equal(map(403, "{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"Private access "
                            "settings are not enabled for this account. Please upgrade to the "
                            "Enterprise tier\"}", NULL, &e), HK_AUTH);
  assert_non_null(strstr(e.hint, "Enterprise"));
  assert_null(strstr(e.hint, "account admin role"));
  assert_non_null(strstr(e.api_message, "Private access settings"));
  assert_int_equal(map(403, "{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"Account "
                            "entitlement missing: PrivateLink\"}", NULL, &e), HK_AUTH);
  assert_non_null(strstr(e.hint, "PrivateLink"));
  assert_int_equal(map(404, "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"Network "
                            "n1 does not exist\"}", NULL, &e), HK_NOT_FOUND);
  assert_string_equal(e.code, "RESOURCE_DOES_NOT_EXIST");
  assert_non_null(strstr(e.message, "Network n1 does not exist"));
  assert_int_equal(map(400, "{\"error_code\":\"RESOURCE_ALREADY_EXISTS\",\"message\":\"dup\"}", NULL,
                       &e), HK_CONFLICT);
  assert_int_equal(map(409, "", NULL, &e), HK_CONFLICT);
  assert_int_equal(e.http_status, 409);
  assert_non_null(strstr(e.message, "still used"));
  assert_int_equal(map(409, NULL, NULL, &e), HK_CONFLICT);
  assert_int_equal(map(400, "{\"error_code\":\"MALFORMED_REQUEST\",\"message\":\"Failed credential "
                            "validation checks\"}", NULL, &e), HK_API);
  assert_string_equal(e.api_message, "Failed credential validation checks");
  assert_int_equal(map(429, "", NULL, &e), HK_THROTTLED);
  assert_int_equal(map(500, "oops", NULL, &e), HK_SERVER);
  assert_string_equal(e.api_message, "oops");
  assert_int_equal(map(503, "{\"error_code\":\"TEMPORARILY_UNAVAILABLE\"}", NULL, &e), HK_SERVER);
  assert_int_equal(map(502, "<html><body>Bad gateway</body></html>", NULL, &e), HK_SERVER);
  assert_non_null(strstr(e.message, "HTML"));
  assert_int_equal(map(200, "<html>login.html?error=private-link-validation-error</html>", NULL, &e),
                   HK_NET);
  assert_int_equal(map(403, "{\"error_code\":\"X\",\"message\":\"m\",\"details\":[{\"@type\":"
                            "\"type.googleapis.com/google.rpc.RequestInfo\",\"request_id\":"
                            "\"req-42\"}]}", NULL, &e), HK_AUTH);
  assert_string_equal(e.request_id, "req-42");
  /* a huge message is cut, not overflowed */
  {
    size_t n = 100000;
    char *big = malloc(n + 64);
    memcpy(big, "{\"message\":\"", 12);
    memset(big + 12, 'a', n);
    memcpy(big + 12 + n, "\"}", 3);
    assert_int_equal(map(400, big, NULL, &e), HK_API);
    assert_int_equal(strlen(e.api_message), sizeof(e.api_message) - 1);
    free(big);
  }
}

static void test_retry_after_parsing(void **state)
{
  char date[64];
  struct tm tm;
  time_t now = 1700000000;
  (void)state;
  assert_int_equal(dbx_retry_after_ms("5", 0), 5000);
  assert_int_equal(dbx_retry_after_ms(" 7 ", 0), 7000);
  assert_int_equal(dbx_retry_after_ms("0", 0), 0);
  assert_int_equal(dbx_retry_after_ms("abc", 0), -1);
  assert_int_equal(dbx_retry_after_ms("5s", 0), -1);
  assert_int_equal(dbx_retry_after_ms("-3", 0), -1);
  assert_int_equal(dbx_retry_after_ms(NULL, 0), -1);
  assert_int_equal(dbx_retry_after_ms("", 0), -1);
  assert_int_equal(dbx_retry_after_ms("999999999", 0), 86400L * 1000L);
  gmtime_r(&(time_t){now + 30}, &tm);
  strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  assert_int_equal(dbx_retry_after_ms(date, (long long)now), 30000);
  gmtime_r(&(time_t){now - 30}, &tm);
  strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  assert_int_equal(dbx_retry_after_ms(date, (long long)now), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_token_request_shape_and_bearer, setup, teardown),
    cmocka_unit_test_setup_teardown(test_concurrent_calls_share_one_token_request, setup, teardown),
    cmocka_unit_test_setup_teardown(test_token_refreshed_before_expiry, setup, teardown),
    cmocka_unit_test_setup_teardown(test_short_token_uses_ten_percent_margin, setup, teardown),
    cmocka_unit_test_setup_teardown(test_401_gets_one_fresh_token, setup, teardown),
    cmocka_unit_test_setup_teardown(test_403_is_auth_with_admin_sentence, setup, teardown),
    cmocka_unit_test_setup_teardown(test_bad_client_secret, setup, teardown),
    cmocka_unit_test_setup_teardown(test_workspace_discovery_and_fallback, setup, teardown),
    cmocka_unit_test_setup_teardown(test_503_retry_after_then_ok, setup, teardown),
    cmocka_unit_test_setup_teardown(test_429_retry_after_is_honoured, setup, teardown),
    cmocka_unit_test_setup_teardown(test_retries_give_up_with_throttled, setup, teardown),
    cmocka_unit_test_setup_teardown(test_create_is_not_retried_on_503, setup, teardown),
    cmocka_unit_test_setup_teardown(test_metastore_assign_is_not_resent, setup, teardown),
    cmocka_unit_test_setup_teardown(test_transport_failure_retried_then_net, setup, teardown),
    cmocka_unit_test_setup_teardown(test_bad_bodies, setup, teardown),
    cmocka_unit_test(test_error_mapping_table),
    cmocka_unit_test(test_retry_after_parsing),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
