/* test_dbx_flows.c - multi-call flows against a local responder: workspace polling (RUNNING,
 * FAILED with the network's messages, timeout), the credential propagation wait, deletes,
 * metastore region filter, PAS replace, workspace update, Files API, workspace calls. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbx/dbx_adopt.h"
#include "dbx/dbx_ws_compute.h"
#include "dbx/dbx_ws_files.h"
#include "dbx/dbx_ws_info.h"
#include "test_dbx_responder.h"

#define ACCT "0b9c2a5e-1f1d-4c1e-9a55-3e2d8f7a6b10"
#define API "/api/2.0/accounts/" ACCT

struct fix {
  struct responder *r;
  struct hk_loop *loop;
  struct dbx_client *c;
};

static int setup(void **state)
{
  struct fix *f = calloc(1, sizeof(*f));
  struct hk_loop_opts lo;
  struct dbx_client_opts o;
  struct dbx_config cfg;
  struct hk_error err;
  f->r = rsp_start();
  memset(&lo, 0, sizeof(lo));
  lo.timeout_ms = 5000;
  f->loop = hk_loop_new(&lo);
  memset(&o, 0, sizeof(o));
  o.retry_base_ms = 10;
  o.retry_cap_ms = 40;
  o.max_attempts = 3;
  o.poll_min_ms = 10;
  o.poll_max_ms = 30;
  o.poll_timeout_ms = 2000;
  o.cred_retry_cap_ms = 600;
  dbx_config_init(&cfg);
  snprintf(cfg.host, sizeof(cfg.host), "http://127.0.0.1:%d", f->r->port);
  snprintf(cfg.account_id, sizeof(cfg.account_id), ACCT);
  snprintf(cfg.client_id, sizeof(cfg.client_id), "sp");
  dbx_config_set_secret(&cfg.client_secret, "secret-xyz");
  f->c = dbx_client_new(f->loop, &cfg, &o, &err);
  assert_non_null(f->c);
  dbx_config_free(&cfg);
  rsp_json(f->r, "POST", "/oidc/", 200, "{\"access_token\":\"tok-1234\",\"expires_in\":3600}", 0);
  *state = f;
  return 0;
}

static int teardown(void **state)
{
  struct fix *f = *state;
  dbx_client_free(f->c);
  hk_loop_free(f->loop);
  rsp_stop(f->r);
  free(f);
  return 0;
}

/* ---- workspace polling ---- */

struct wait_res {
  int done;
  hk_status st;
  struct hk_error err;
  struct dbx_workspace ws;
  int progress;
  char seen[256];
};

static void on_progress(const struct dbx_workspace *ws, long elapsed_ms, void *ud)
{
  struct wait_res *r = ud;
  size_t n = strlen(r->seen);
  r->progress++;
  assert_true(elapsed_ms >= 0);
  snprintf(r->seen + n, sizeof(r->seen) - n, "%s%s", n ? "," : "", ws->workspace_status);
}

static void on_wait(hk_status st, const struct dbx_workspace *ws, const struct hk_error *err,
                    void *ud)
{
  struct wait_res *r = ud;
  r->done++;
  r->st = st;
  if(ws)
    r->ws = *ws;
  if(err)
    r->err = *err;
}

#define WS_JSON(status, msg)                                                                 \
  "{\"workspace_id\":42,\"workspace_name\":\"ws\",\"aws_region\":\"ap-northeast-1\","         \
  "\"network_id\":\"n-1\",\"workspace_status\":\"" status "\",\"workspace_status_message\":\"" \
  msg "\"}"

static void test_wait_until_running(void **state)
{
  struct fix *f = *state;
  struct wait_res r;
  memset(&r, 0, sizeof(r));
  rsp_json(f->r, "GET", API "/workspaces/42", 200, WS_JSON("PROVISIONING", "Setting up"), 2);
  rsp_json(f->r, "GET", API "/workspaces/42", 200, WS_JSON("RUNNING", "Ready"), 0);
  assert_int_equal(dbx_workspace_wait(f->c, 42, on_progress, on_wait, &r), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.done, 1);
  assert_int_equal(r.st, HK_OK);
  assert_int_equal(r.progress, 3);
  assert_string_equal(r.seen, "PROVISIONING,PROVISIONING,RUNNING");
  assert_true(r.ws.workspace_id == 42);
}

static void test_wait_failed_reports_network_messages(void **state)
{
  struct fix *f = *state;
  struct wait_res r;
  memset(&r, 0, sizeof(r));
  rsp_json(f->r, "GET", API "/workspaces/42", 200, WS_JSON("PROVISIONING", ""), 1);
  rsp_json(f->r, "GET", API "/workspaces/42", 200,
           WS_JSON("FAILED", "Network validation failed for the workspace"), 0);
  rsp_json(f->r, "GET", API "/networks/n-1", 200,
           "{\"network_id\":\"n-1\",\"network_name\":\"net\",\"vpc_status\":\"BROKEN\","
           "\"error_messages\":[{\"error_type\":\"subnet\",\"error_message\":\"subnet-1 routes "
           "0.0.0.0/0 to an internet gateway\"}],\"warning_messages\":[{\"warning_type\":"
           "\"securityGroup\",\"warning_message\":\"egress to 3306 is closed\"}]}", 0);
  assert_int_equal(dbx_workspace_wait(f->c, 42, NULL, on_wait, &r), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.done, 1);
  assert_int_equal(r.st, HK_API);
  assert_string_equal(r.err.code, "FAILED");
  assert_string_equal(r.err.api_message, "Network validation failed for the workspace");
  assert_non_null(strstr(r.err.message, "subnet: subnet-1 routes 0.0.0.0/0"));
  assert_non_null(strstr(r.err.message, "securityGroup: egress to 3306"));
  assert_non_null(strstr(r.err.hint, "not deleted"));
  assert_string_equal(r.ws.workspace_status, "FAILED");
  assert_int_equal(rsp_count(f->r, "DELETE", "/"), 0);
}

static void test_wait_times_out(void **state)
{
  struct fix *f = *state;
  struct wait_res r;
  struct dbx_client_opts o;
  struct dbx_config cfg;
  struct hk_error err;
  struct dbx_client *c;
  memset(&r, 0, sizeof(r));
  memset(&o, 0, sizeof(o));
  o.poll_min_ms = 10;
  o.poll_max_ms = 20;
  o.poll_timeout_ms = 150;
  dbx_config_init(&cfg);
  snprintf(cfg.host, sizeof(cfg.host), "http://127.0.0.1:%d", f->r->port);
  snprintf(cfg.account_id, sizeof(cfg.account_id), ACCT);
  dbx_config_set_secret(&cfg.token, "dapi-pat");
  c = dbx_client_new(f->loop, &cfg, &o, &err);
  dbx_config_free(&cfg);
  rsp_json(f->r, "GET", API "/workspaces/42", 200, WS_JSON("PROVISIONING", "Still going"), 0);
  assert_int_equal(dbx_workspace_wait(c, 42, on_progress, on_wait, &r), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.st, HK_TIMEOUT);
  assert_true(r.progress >= 3);
  assert_non_null(strstr(r.err.message, "PROVISIONING"));
  /* the PAT went out as a bearer token */
  assert_non_null(strstr(rsp_last(f->r, "GET", API "/workspaces/42")->head, "Bearer dapi-pat"));
  dbx_client_free(c);
}

/* ---- credential propagation ---- */

struct cred_res {
  int done;
  hk_status st;
  struct hk_error err;
  struct dbx_credentials cred;
  int asked;
  size_t last_n;
  char first[96];
  int grant;
};

static bool grants(const char *const *failed, size_t n, char *missing, size_t mn, void *ud)
{
  struct cred_res *r = ud;
  r->asked++;
  r->last_n = n;
  if(n)
    snprintf(r->first, sizeof(r->first), "%s", failed[0]);
  if(!r->grant)
    snprintf(missing, mn, "ec2:CreatePlacementGroup on *");
  return r->grant;
}

static void on_cred(hk_status st, const struct dbx_credentials *c, const struct hk_error *err,
                    void *ud)
{
  struct cred_res *r = ud;
  r->done++;
  r->st = st;
  if(c)
    r->cred = *c;
  if(err)
    r->err = *err;
}

static void cred_spec(struct dbx_credentials *s)
{
  memset(s, 0, sizeof(*s));
  snprintf(s->credentials_name, sizeof(s->credentials_name), "cred");
  snprintf(s->role_arn, sizeof(s->role_arn), "arn:aws:iam::123456789012:role/x");
}

#define CRED_FAIL                                                                        \
  "{\"error_code\":\"MALFORMED_REQUEST\",\"message\":\"Failed credential validation checks: " \
  "Create Placement Group, Delete Placement Group\"}"

static void test_credential_propagation_retry_succeeds(void **state)
{
  struct fix *f = *state;
  struct cred_res r;
  struct dbx_credentials s;
  memset(&r, 0, sizeof(r));
  r.grant = 1;
  cred_spec(&s);
  rsp_json(f->r, "POST", API "/credentials", 400, CRED_FAIL, 2);
  rsp_json(f->r, "POST", API "/credentials", 200,
           "{\"credentials_id\":\"c-9\",\"credentials_name\":\"cred\",\"aws_credentials\":"
           "{\"sts_role\":{\"role_arn\":\"arn:aws:iam::123456789012:role/x\"}}}", 0);
  assert_int_equal(dbx_credentials_create_wait(f->c, &s, grants, &r, on_cred, &r), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.done, 1);
  assert_int_equal(r.st, HK_OK);
  assert_string_equal(r.cred.credentials_id, "c-9");
  assert_int_equal(r.asked, 2);
  assert_int_equal(r.last_n, 2);
  assert_string_equal(r.first, "Create Placement Group");
  assert_int_equal(rsp_count(f->r, "POST", API "/credentials"), 3);
}

/* The propagation race answers with the plural wording (terraform-provider-
 * databricks #951), once as JSON and once as a text/plain body (databricks-
 * sdk-go #975): both are waited out. */
static void test_credential_plural_and_text_plain_are_waited_out(void **state)
{
  struct fix *f = *state;
  struct cred_res r;
  struct dbx_credentials s;
  memset(&r, 0, sizeof(r));
  r.grant = 1;
  cred_spec(&s);
  rsp_json(f->r, "POST", API "/credentials", 400,
           "{\"error_code\":\"MALFORMED_REQUEST\",\"message\":\"Failed credentials validation "
           "checks: Spot Cancellation, Delete Tags, Describe Availability Zones, Describe instances\"}",
           1);
  rsp_add(f->r, "POST", API "/credentials", 400, "Content-Type: text/plain; charset=utf-8\r\n",
          "MALFORMED_REQUEST: Failed credentials validation checks: Spot Cancellation, Delete Tags, "
          "Describe Availability Zones, Describe instances", 1);
  rsp_json(f->r, "POST", API "/credentials", 200,
           "{\"credentials_id\":\"c-9\",\"credentials_name\":\"cred\",\"aws_credentials\":"
           "{\"sts_role\":{\"role_arn\":\"arn:aws:iam::123456789012:role/x\"}}}", 0);
  assert_int_equal(dbx_credentials_create_wait(f->c, &s, grants, &r, on_cred, &r), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.st, HK_OK);
  assert_string_equal(r.cred.credentials_id, "c-9");
  assert_int_equal(r.asked, 2);
  assert_int_equal(r.last_n, 4);
  assert_string_equal(r.first, "Spot Cancellation");
  assert_int_equal(rsp_count(f->r, "POST", API "/credentials"), 3);
}

static void test_credential_missing_permission_stops_at_once(void **state)
{
  struct fix *f = *state;
  struct cred_res r;
  struct dbx_credentials s;
  memset(&r, 0, sizeof(r));
  cred_spec(&s);
  rsp_json(f->r, "POST", API "/credentials", 400, CRED_FAIL, 0);
  assert_int_equal(dbx_credentials_create_wait(f->c, &s, grants, &r, on_cred, &r), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.st, HK_API);
  assert_int_equal(rsp_count(f->r, "POST", API "/credentials"), 1);
  assert_non_null(strstr(r.err.hint, "ec2:CreatePlacementGroup on *"));
  assert_non_null(strstr(r.err.message, "role/x"));
  assert_string_equal(r.err.code, "MALFORMED_REQUEST");
}

static void test_credential_wait_has_a_cap(void **state)
{
  struct fix *f = *state;
  struct cred_res r;
  struct dbx_credentials s;
  long t0 = hk_now_ms(), dt;
  memset(&r, 0, sizeof(r));
  r.grant = 1;
  cred_spec(&s);
  rsp_json(f->r, "POST", API "/credentials", 400, CRED_FAIL, 0);
  assert_int_equal(dbx_credentials_create_wait(f->c, &s, grants, &r, on_cred, &r), HK_OK);
  hk_loop_run_until_idle(f->loop);
  dt = hk_now_ms() - t0;
  assert_int_equal(r.st, HK_API);
  assert_true(rsp_count(f->r, "POST", API "/credentials") >= 3);
  assert_true(dt >= 400);
  assert_true(dt <= 1500);
  assert_non_null(strstr(r.err.message, "still fails"));
}

static void test_other_create_errors_pass_through(void **state)
{
  struct fix *f = *state;
  struct cred_res r;
  struct dbx_credentials s;
  memset(&r, 0, sizeof(r));
  r.grant = 1;
  cred_spec(&s);
  rsp_json(f->r, "POST", API "/credentials", 400,
           "{\"error_code\":\"RESOURCE_ALREADY_EXISTS\",\"message\":\"Credential configuration "
           "with name cred already exists\"}", 0);
  assert_int_equal(dbx_credentials_create_wait(f->c, &s, grants, &r, on_cred, &r), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.st, HK_CONFLICT);
  assert_int_equal(r.asked, 0);
}

/* ---- VPC endpoint state ---- */

struct vpce_res {
  int done;
  hk_status st;
  struct hk_error err;
  struct dbx_vpce ep;
};

static void on_vpce(hk_status st, const struct dbx_vpce *ep, const struct hk_error *err, void *ud)
{
  struct vpce_res *r = ud;
  r->done++;
  r->st = st;
  if(ep)
    r->ep = *ep;
  if(err)
    r->err = *err;
}

#define VPCE_JSON(state) \
  "{\"vpc_endpoint_id\":\"v-1\",\"vpc_endpoint_name\":\"fe\",\"aws_vpc_endpoint_id\":\"vpce-1\"," \
  "\"state\":\"" state "\"}"

static void test_vpce_wait(void **state)
{
  struct fix *f = *state;
  struct vpce_res r;
  rsp_json(f->r, "GET", API "/vpc-endpoints/v-1", 200, VPCE_JSON("pendingAcceptance"), 1);
  rsp_json(f->r, "GET", API "/vpc-endpoints/v-1", 200, VPCE_JSON("pending"), 1);
  rsp_json(f->r, "GET", API "/vpc-endpoints/v-1", 200, VPCE_JSON("available"), 0);
  rsp_json(f->r, "GET", API "/vpc-endpoints/v-2", 200,
           "{\"vpc_endpoint_id\":\"v-2\",\"aws_vpc_endpoint_id\":\"vpce-2\",\"state\":\"rejected\"}", 0);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_vpce_wait(f->c, "v-1", on_vpce, &r), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.done, 1);
  assert_int_equal(r.st, HK_OK);
  assert_string_equal(r.ep.state, "available");
  assert_int_equal(rsp_count(f->r, "GET", API "/vpc-endpoints/v-1"), 3);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_vpce_wait(f->c, "v-2", on_vpce, &r), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.st, HK_API);
  assert_non_null(strstr(r.err.message, "rejected"));
  assert_int_equal(dbx_vpce_wait(f->c, "a/b", on_vpce, &r), HK_INVALID);
}

/* ---- deletes, lists, writes ---- */

struct done_res {
  int done;
  hk_status st;
  struct hk_error err;
};

static void on_done(hk_status st, const struct hk_error *err, void *ud)
{
  struct done_res *r = ud;
  r->done++;
  r->st = st;
  if(err)
    r->err = *err;
}

static void test_deletes(void **state)
{
  struct fix *f = *state;
  struct done_res r;
  memset(&r, 0, sizeof(r));
  rsp_json(f->r, "DELETE", API "/networks/gone", 404,
           "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"no\"}", 0);
  rsp_add(f->r, "DELETE", API "/networks/used", 409, "", "", 0);
  assert_int_equal(dbx_networks_delete(f->c, "gone", on_done, &r), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.st, HK_OK);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_networks_delete(f->c, "used", on_done, &r), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.st, HK_CONFLICT);
  assert_int_equal(r.err.http_status, 409);
  /* ids that would change the path are refused */
  assert_int_equal(dbx_networks_delete(f->c, "../x", on_done, &r), HK_INVALID);
  assert_int_equal(dbx_networks_delete(f->c, "", on_done, &r), HK_INVALID);
}

struct ms_res {
  int done;
  hk_status st;
  size_t n;
  char first[64];
};

static void on_ms(hk_status st, const struct dbx_metastore *items, size_t n,
                  const struct hk_error *err, void *ud)
{
  struct ms_res *r = ud;
  (void)err;
  r->done++;
  r->st = st;
  r->n = n;
  if(n)
    snprintf(r->first, sizeof(r->first), "%s", items[0].metastore_id);
}

static void test_metastores_region_filter(void **state)
{
  struct fix *f = *state;
  struct ms_res r;
  rsp_json(f->r, "GET", API "/metastores", 200,
           "{\"metastores\":[{\"metastore_id\":\"m-us\",\"name\":\"a\",\"region\":\"us-east-1\"},"
           "{\"metastore_id\":\"m-tk\",\"name\":\"b\",\"region\":\"ap-northeast-1\"}]}", 1);
  rsp_json(f->r, "GET", API "/metastores", 200, "{}", 0);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_metastores_list(f->c, "ap-northeast-1", on_ms, &r), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.st, HK_OK);
  assert_int_equal(r.n, 1);
  assert_string_equal(r.first, "m-tk");
  /* no metastores: the API omits the array */
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_metastores_list(f->c, NULL, on_ms, &r), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.st, HK_OK);
  assert_int_equal(r.n, 0);
}

struct pas_res {
  int done;
  hk_status st;
  struct dbx_pas pas;
};

static void on_pas(hk_status st, const struct dbx_pas *p, const struct hk_error *err, void *ud)
{
  struct pas_res *r = ud;
  (void)err;
  r->done++;
  r->st = st;
  if(p)
    r->pas = *p;
}

static void test_pas_replace_with_empty_reply_reads_back(void **state)
{
  struct fix *f = *state;
  struct pas_res r;
  struct dbx_pas spec;
  memset(&r, 0, sizeof(r));
  memset(&spec, 0, sizeof(spec));
  snprintf(spec.private_access_settings_name, DBX_NAME_MAX, "pas");
  snprintf(spec.region, 32, "ap-northeast-1");
  rsp_add(f->r, "PUT", API "/private-access-settings/p-1", 200, "", "", 0);
  rsp_json(f->r, "GET", API "/private-access-settings/p-1", 200,
           "{\"private_access_settings_id\":\"p-1\",\"private_access_settings_name\":\"pas\","
           "\"region\":\"ap-northeast-1\",\"public_access_enabled\":false}", 0);
  assert_int_equal(dbx_pas_replace(f->c, "p-1", &spec, on_pas, &r), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.st, HK_OK);
  assert_string_equal(r.pas.private_access_settings_id, "p-1");
  assert_non_null(strstr(rsp_last(f->r, "PUT", API "/private")->body,
                         "\"public_access_enabled\":false"));
}

static void test_workspace_update_mask_on_wire(void **state)
{
  struct fix *f = *state;
  struct wait_res r;
  struct dbx_workspace spec;
  const struct rsp_log *l;
  memset(&r, 0, sizeof(r));
  memset(&spec, 0, sizeof(spec));
  snprintf(spec.network_id, DBX_ID_MAX, "n-2");
  snprintf(spec.private_access_settings_id, DBX_ID_MAX, "p-2");
  rsp_json(f->r, "PATCH", API "/workspaces/42", 200, WS_JSON("RUNNING", ""), 0);
  assert_int_equal(dbx_workspaces_update(f->c, 42, &spec, DBX_WS_PAS | DBX_WS_NETWORK, on_wait, &r),
                   HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(r.st, HK_OK);
  l = rsp_last(f->r, "PATCH", API "/workspaces/42");
  assert_string_equal(l->target, API "/workspaces/42?update_mask=network_id,private_access_settings_id");
  assert_string_equal(l->body, "{\"network_id\":\"n-2\",\"private_access_settings_id\":\"p-2\"}");
}

/* ---- workspace-level ---- */

struct raw_res {
  int done;
  hk_status st;
  char body[64];
};

static void on_raw(hk_status st, const struct hk_buf *body, const struct hk_error *err, void *ud)
{
  struct raw_res *r = ud;
  (void)err;
  r->done++;
  r->st = st;
  if(body && body->data)
    snprintf(r->body, sizeof(r->body), "%s", body->data);
}

struct user_res {
  hk_status st;
  struct dbx_ws_user u;
};

static void on_user(hk_status st, const struct dbx_ws_user *u, const struct hk_error *err, void *ud)
{
  struct user_res *r = ud;
  (void)err;
  r->st = st;
  if(u)
    r->u = *u;
}

struct nt_res {
  hk_status st;
  char pick[64];
};

static void on_nt(hk_status st, const struct dbx_node_type *t, size_t n, const struct hk_error *err,
                  void *ud)
{
  struct nt_res *r = ud;
  const struct dbx_node_type *p = dbx_pick_node_type(t, n);
  (void)err;
  r->st = st;
  snprintf(r->pick, sizeof(r->pick), "%s", p ? p->node_type_id : "");
}

struct ns_res {
  hk_status st;
  struct dbx_default_catalog d;
  struct hk_error err;
};

static void on_ns(hk_status st, const struct dbx_default_catalog *d, const struct hk_error *err,
                  void *ud)
{
  struct ns_res *r = ud;
  r->st = st;
  if(d)
    r->d = *d;
  if(err)
    r->err = *err;
}

static void test_workspace_level_calls(void **state)
{
  struct fix *f = *state;
  struct dbx_client *ws;
  struct hk_error err;
  struct done_res d;
  struct raw_res raw;
  struct user_res u;
  struct nt_res nt;
  struct ns_res ns;
  char url[64];
  snprintf(url, sizeof(url), "http://127.0.0.1:%d/", f->r->port);
  ws = dbx_client_new_workspace(f->c, url, &err);
  assert_non_null(ws);
  rsp_json(f->r, "GET", "/oidc/.well-known/", 404, "{}", 0);
  rsp_json(f->r, "GET", "/api/2.0/preview/scim/v2/Me", 200,
           "{\"id\":\"7\",\"userName\":\"sp-uuid\",\"groups\":[{\"display\":\"admins\"}]}", 0);
  rsp_json(f->r, "GET", "/api/2.1/clusters/list-node-types", 200,
           "{\"node_types\":[{\"node_type_id\":\"m5d.xlarge\",\"memory_mb\":16384,\"num_cores\":4},"
           "{\"node_type_id\":\"m5d.large\",\"memory_mb\":8192,\"num_cores\":2}]}", 0);
  rsp_json(f->r, "GET", "/api/2.0/settings/types/default_namespace_ws", 200,
           "{\"etag\":\"e1\",\"setting_name\":\"default\",\"namespace\":{\"value\":\"hive_metastore\"}}", 0);
  rsp_json(f->r, "PATCH", "/api/2.0/settings/types/default_namespace_ws", 409,
           "{\"error_code\":\"RESOURCE_CONFLICT\",\"message\":\"etag mismatch\"}", 0);
  rsp_add(f->r, "PUT", "/api/2.0/fs/files/Volumes/main/s/v/a%20b.txt?overwrite=true", 204, "", "", 0);
  rsp_add(f->r, "GET", "/api/2.0/fs/files/Volumes/main/s/v/a%20b.txt", 200,
          "Content-Type: application/octet-stream\r\n", "hello bytes", 0);
  rsp_json(f->r, "DELETE", "/api/2.0/fs/files/Volumes/main/s/v/a%20b.txt", 404,
           "{\"error_code\":\"NOT_FOUND\",\"message\":\"gone\"}", 0);

  memset(&u, 0, sizeof(u));
  assert_int_equal(dbx_ws_current_user(ws, on_user, &u), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(u.st, HK_OK);
  assert_string_equal(u.u.user_name, "sp-uuid");
  assert_true(u.u.is_admin);
  /* discovery failed: the fallback token endpoint got the client credentials */
  assert_int_equal(rsp_count(f->r, "POST", "/oidc/v1/token"), 1);

  memset(&nt, 0, sizeof(nt));
  assert_int_equal(dbx_ws_node_types(ws, on_nt, &nt), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_string_equal(nt.pick, "m5d.large");

  memset(&ns, 0, sizeof(ns));
  assert_int_equal(dbx_ws_default_catalog_get(ws, on_ns, &ns), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_string_equal(ns.d.catalog, "hive_metastore");
  assert_string_equal(ns.d.etag, "e1");
  memset(&ns, 0, sizeof(ns));
  assert_int_equal(dbx_ws_default_catalog_set(ws, "main", "stale", on_ns, &ns), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(ns.st, HK_CONFLICT);
  assert_non_null(strstr(rsp_last(f->r, "PATCH", "/api/2.0/settings")->body,
                         "\"field_mask\":\"namespace.value\""));

  memset(&d, 0, sizeof(d));
  assert_int_equal(dbx_ws_file_upload(ws, "/Volumes/main/s/v/a b.txt", "hello bytes", 11, true,
                                      on_done, &d), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(d.st, HK_OK);
  assert_string_equal(rsp_last(f->r, "PUT", "/api/2.0/fs/files")->body, "hello bytes");
  assert_non_null(strstr(rsp_last(f->r, "PUT", "/api/2.0/fs/files")->head,
                         "application/octet-stream"));
  memset(&raw, 0, sizeof(raw));
  assert_int_equal(dbx_ws_file_download(ws, "/Volumes/main/s/v/a b.txt", on_raw, &raw), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(raw.st, HK_OK);
  assert_string_equal(raw.body, "hello bytes");
  memset(&d, 0, sizeof(d));
  assert_int_equal(dbx_ws_file_delete(ws, "/Volumes/main/s/v/a b.txt", on_done, &d), HK_OK);
  hk_loop_run_until_idle(f->loop);
  assert_int_equal(d.st, HK_OK);
  assert_int_equal(dbx_ws_file_delete(ws, "relative/path", on_done, &d), HK_INVALID);
  dbx_client_free(ws);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_wait_until_running, setup, teardown),
    cmocka_unit_test_setup_teardown(test_wait_failed_reports_network_messages, setup, teardown),
    cmocka_unit_test_setup_teardown(test_wait_times_out, setup, teardown),
    cmocka_unit_test_setup_teardown(test_credential_propagation_retry_succeeds, setup, teardown),
    cmocka_unit_test_setup_teardown(test_credential_plural_and_text_plain_are_waited_out, setup, teardown),
    cmocka_unit_test_setup_teardown(test_credential_missing_permission_stops_at_once, setup, teardown),
    cmocka_unit_test_setup_teardown(test_credential_wait_has_a_cap, setup, teardown),
    cmocka_unit_test_setup_teardown(test_other_create_errors_pass_through, setup, teardown),
    cmocka_unit_test_setup_teardown(test_vpce_wait, setup, teardown),
    cmocka_unit_test_setup_teardown(test_deletes, setup, teardown),
    cmocka_unit_test_setup_teardown(test_metastores_region_filter, setup, teardown),
    cmocka_unit_test_setup_teardown(test_pas_replace_with_empty_reply_reads_back, setup, teardown),
    cmocka_unit_test_setup_teardown(test_workspace_update_mask_on_wire, setup, teardown),
    cmocka_unit_test_setup_teardown(test_workspace_level_calls, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
