/* test_dbx_live.c - the Databricks client against the sandbox (skipped unless
 * HEIIKI_SANDBOX_ENV=1).  Driven by tests/integration/test_dbx_live.py, which
 * starts the sandbox, builds the AWS side (VPC, endpoints, roles, buckets) and
 * exports DATABRICKS_*, HEIIKI_SANDBOX_CA/FRONTEND and HK_LIVE_* IDs.
 *
 * The tests run in order and share one context: create, adopt, poll and
 * delete every object, plus the failure paths (broken network -> FAILED with
 * the network's messages, subnet reuse refused, credential propagation wait,
 * missing permission stops at once).  HK_LIVE_PHASE selects "main" (default)
 * or "propagation". */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dbx/dbx_adopt.h"
#include "dbx/dbx_ws_compute.h"
#include "dbx/dbx_ws_files.h"
#include "dbx/dbx_ws_info.h"

/* ---- one result shape per callback type ---- */

#define RES_ONE(name, type)                                                                  \
  struct name##_res {                                                                        \
    int done;                                                                                \
    hk_status st;                                                                            \
    struct hk_error err;                                                                     \
    type obj;                                                                                \
  };                                                                                         \
  static void name##_cb(hk_status st, const type *o, const struct hk_error *e, void *ud)     \
  {                                                                                          \
    struct name##_res *r = ud;                                                               \
    r->done++;                                                                               \
    r->st = st;                                                                              \
    if(o)                                                                                    \
      r->obj = *o;                                                                           \
    if(e)                                                                                    \
      r->err = *e;                                                                           \
  }

#define RES_LIST(name, type)                                                                 \
  struct name##_lres {                                                                       \
    int done;                                                                                \
    hk_status st;                                                                            \
    struct hk_error err;                                                                     \
    type *items;                                                                             \
    size_t n;                                                                                \
  };                                                                                         \
  static void name##_lcb(hk_status st, const type *o, size_t n, const struct hk_error *e,    \
                         void *ud)                                                           \
  {                                                                                          \
    struct name##_lres *r = ud;                                                              \
    r->done++;                                                                               \
    r->st = st;                                                                              \
    r->n = n;                                                                                \
    if(n) {                                                                                  \
      r->items = calloc(n, sizeof(type));                                                    \
      memcpy(r->items, o, n * sizeof(type));                                                 \
    }                                                                                        \
    if(e)                                                                                    \
      r->err = *e;                                                                           \
  }

RES_ONE(cred, struct dbx_credentials)
RES_LIST(cred, struct dbx_credentials)
RES_ONE(stor, struct dbx_storage)
RES_LIST(stor, struct dbx_storage)
RES_ONE(vpce, struct dbx_vpce)
RES_LIST(vpce, struct dbx_vpce)
RES_ONE(pas, struct dbx_pas)
RES_LIST(pas, struct dbx_pas)
RES_ONE(net, struct dbx_network)
RES_LIST(net, struct dbx_network)
RES_ONE(ws, struct dbx_workspace)
RES_LIST(ws, struct dbx_workspace)
RES_ONE(ms, struct dbx_metastore)
RES_LIST(ms, struct dbx_metastore)
RES_ONE(asg, struct dbx_metastore_assignment)
RES_ONE(user, struct dbx_ws_user)
RES_ONE(ns, struct dbx_default_catalog)
RES_ONE(cl, struct dbx_cluster)
RES_ONE(pol, struct dbx_cluster_policy)
RES_LIST(pol, struct dbx_cluster_policy)
RES_LIST(sv, struct dbx_spark_version)
RES_LIST(nt, struct dbx_node_type)
RES_LIST(ip, struct dbx_instance_profile)

struct done_res {
  int done;
  hk_status st;
  struct hk_error err;
};

static void done_cb(hk_status st, const struct hk_error *e, void *ud)
{
  struct done_res *r = ud;
  r->done++;
  r->st = st;
  if(e)
    r->err = *e;
}

/* Show the error sentence when a status is not the expected one. */
#define assert_st(res, want)                                                         \
  do {                                                                               \
    if((res).st != (want))                                                           \
      print_message("status %s: %s [%s: %s] %s\n", hk_status_name((res).st),          \
                    (res).err.message, (res).err.code, (res).err.api_message,         \
                    (res).err.hint);                                                  \
    assert_int_equal((res).st, (want));                                              \
  } while(0)

/* ---- shared context ---- */

struct world {
  char tag[64], region[32], vpc[64], role[256], bucket[128], rest[64], relay[64];
  char subnets[4][64];
  size_t n_subnets;
  char sgs[4][64];
  size_t n_sgs;
};

static struct {
  int enabled;
  char phase[32];
  struct hk_loop *loop;
  struct dbx_client *c;
  struct world w, bad, fix;
  char cred_id[64], stor_id[64], rest_id[64], relay_id[64], pas_id[64], net_id[64];
  int64_t ws_id;
  char deployment[256];
  char ms_id[64];
  char bad_ids[6][64]; /* cred, storage, rest, relay, pas, network */
  char fix_ids[3][64]; /* rest, relay, network */
  int64_t bad_ws_id;
  int progress_calls;
  FILE *trace;
} L;

static void run(void)
{
  hk_loop_run_until_idle(L.loop);
}

static const char *env(const char *name)
{
  const char *v = getenv(name);
  return v ? v : "";
}

static size_t split(const char *s, char rows[][64], size_t max)
{
  size_t n = 0;
  while(*s && n < max) {
    size_t k = strcspn(s, ",");
    snprintf(rows[n++], 64, "%.*s", (int)k, s);
    s += k;
    if(*s == ',')
      s++;
  }
  return n;
}

static void load_world(struct world *w, const char *prefix)
{
  char name[64];
#define GET(field, key)                                                      \
  snprintf(name, sizeof(name), "%s%s", prefix, key);                         \
  snprintf(w->field, sizeof(w->field), "%s", env(name))
  GET(tag, "TAG");
  GET(region, "REGION");
  GET(vpc, "VPC");
  GET(role, "ROLE_ARN");
  GET(bucket, "BUCKET");
  GET(rest, "REST_VPCE");
  GET(relay, "RELAY_VPCE");
#undef GET
  snprintf(name, sizeof(name), "%sSUBNETS", prefix);
  w->n_subnets = split(env(name), w->subnets, 4);
  snprintf(name, sizeof(name), "%sSGS", prefix);
  w->n_sgs = split(env(name), w->sgs, 4);
}

static int group_setup(void **state)
{
  struct dbx_config cfg;
  struct dbx_client_opts o;
  struct hk_loop_opts lo;
  struct hk_error err;
  (void)state;
  memset(&L, 0, sizeof(L));
  if(strcmp(env("HEIIKI_SANDBOX_ENV"), "1"))
    return 0;
  L.enabled = 1;
  snprintf(L.phase, sizeof(L.phase), "%s", *env("HK_LIVE_PHASE") ? env("HK_LIVE_PHASE") : "main");
  load_world(&L.w, "HK_LIVE_");
  load_world(&L.bad, "HK_LIVE_BAD_");
  load_world(&L.fix, "HK_LIVE_FIX_");
  memset(&lo, 0, sizeof(lo));
  lo.ca_bundle = *env("HEIIKI_SANDBOX_CA") ? env("HEIIKI_SANDBOX_CA") : NULL;
  lo.timeout_ms = 15000;
  L.trace = tmpfile();
  lo.trace = L.trace;
  L.loop = hk_loop_new(&lo);
  assert_non_null(L.loop);
  dbx_config_init(&cfg);
  assert_int_equal(dbx_config_resolve(&cfg, NULL, NULL, &err), HK_OK);
  assert_int_equal(dbx_config_validate(&cfg, &err), HK_OK);
  memset(&o, 0, sizeof(o));
  o.retry_base_ms = 100;
  o.retry_cap_ms = 800;
  o.poll_min_ms = 100;
  o.poll_max_ms = 400;
  o.poll_timeout_ms = 30000;
  o.cred_retry_cap_ms = 20000;
  L.c = dbx_client_new(L.loop, &cfg, &o, &err);
  assert_non_null(L.c);
  dbx_config_free(&cfg);
  return 0;
}

static int group_teardown(void **state)
{
  (void)state;
  if(L.c)
    dbx_client_free(L.c);
  if(L.loop)
    hk_loop_free(L.loop);
  if(L.trace)
    fclose(L.trace);
  return 0;
}

static void need(const char *phase)
{
  if(!L.enabled || strcmp(L.phase, phase))
    skip();
}

/* ---- main phase ---- */

static void test_live_auth(void **state)
{
  struct cred_lres r;
  struct dbx_config cfg;
  struct dbx_client *bad;
  struct hk_error err;
  (void)state;
  need("main");
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_credentials_list(L.c, cred_lcb, &r), HK_OK);
  run();
  assert_st(r, HK_OK);
  free(r.items);
  assert_int_equal(dbx_token_requests(dbx_client_tokens(L.c)), 1);

  /* a wrong secret: AUTH with a sentence naming the principal */
  dbx_config_init(&cfg);
  assert_int_equal(dbx_config_resolve(&cfg, NULL, NULL, &err), HK_OK);
  dbx_config_set_secret(&cfg.client_secret, "not-the-secret");
  bad = dbx_client_new(L.loop, &cfg, NULL, &err);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_credentials_list(bad, cred_lcb, &r), HK_OK);
  run();
  assert_st(r, HK_AUTH);
  assert_non_null(strstr(r.err.message, cfg.client_id));
  dbx_client_free(bad);
  dbx_config_free(&cfg);
}

static bool grant_all(const char *const *failed, size_t n, char *missing, size_t mn, void *ud)
{
  (void)failed; (void)n; (void)missing; (void)mn;
  ++*(int *)ud;
  return true;
}

/* Grants everything except the actions listed in HK_LIVE_DROPPED (what the
 * engine learns from IAM SimulatePrincipalPolicy). */
static bool grant_except_dropped(const char *const *failed, size_t n, char *missing, size_t mn,
                                 void *ud)
{
  size_t i;
  bool all = true;
  char act[96];
  ++*(int *)ud;
  missing[0] = '\0';
  for(i = 0; i < n; i++) {
    if(dbx_cred_check_action(failed[i], act, sizeof(act)) != DBX_CHECK_ACTION)
      continue;
    if(strstr(env("HK_LIVE_DROPPED"), act)) {
      size_t k = strlen(missing);
      snprintf(missing + k, mn - k, "%s%s", k ? ", " : "", act);
      all = false;
    }
  }
  return all;
}

static void test_live_credentials(void **state)
{
  struct cred_res r;
  struct cred_lres l;
  struct dbx_credentials spec;
  struct dbx_adopt a;
  int asked = 0;
  long before;
  (void)state;
  need("main");
  memset(&spec, 0, sizeof(spec));
  snprintf(spec.credentials_name, DBX_NAME_MAX, "%s-cred", L.w.tag);
  snprintf(spec.role_arn, DBX_ARN_MAX, "%s", L.w.role);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_credentials_create_wait(L.c, &spec, grant_all, &asked, cred_cb, &r), HK_OK);
  run();
  assert_st(r, HK_OK);
  assert_string_equal(r.obj.role_arn, L.w.role);
  snprintf(L.cred_id, sizeof(L.cred_id), "%s", r.obj.credentials_id);

  /* a second create is refused; adoption finds the first */
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_credentials_create(L.c, &spec, cred_cb, &r), HK_OK);
  run();
  assert_st(r, HK_CONFLICT);
  memset(&l, 0, sizeof(l));
  assert_int_equal(dbx_credentials_list(L.c, cred_lcb, &l), HK_OK);
  run();
  dbx_adopt_credentials(l.items, l.n, &spec, &a);
  assert_int_equal(a.kind, DBX_ADOPT_SAME);
  assert_string_equal(l.items[a.index].credentials_id, L.cred_id);
  free(l.items);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_credentials_get(L.c, L.cred_id, cred_cb, &r), HK_OK);
  run();
  assert_string_equal(r.obj.credentials_name, spec.credentials_name);

  /* a role lacking a permission: stop at once with the missing action */
  snprintf(spec.credentials_name, DBX_NAME_MAX, "%s-cred-dropped", L.w.tag);
  snprintf(spec.role_arn, DBX_ARN_MAX, "%s", env("HK_LIVE_DROP_ROLE_ARN"));
  asked = 0;
  before = dbx_client_attempts(L.c);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_credentials_create_wait(L.c, &spec, grant_except_dropped, &asked, cred_cb,
                                               &r), HK_OK);
  run();
  assert_st(r, HK_API);
  assert_int_equal(asked, 1);
  assert_int_equal(dbx_client_attempts(L.c) - before, 1);
  assert_non_null(strstr(r.err.hint, env("HK_LIVE_DROPPED")));
  assert_true(dbx_cred_validation_failed(r.err.api_message));
}

static void test_live_storage(void **state)
{
  struct stor_res r;
  struct stor_lres l;
  struct dbx_storage spec;
  struct dbx_adopt a;
  (void)state;
  need("main");
  memset(&spec, 0, sizeof(spec));
  snprintf(spec.storage_configuration_name, DBX_NAME_MAX, "%s-storage", L.w.tag);
  snprintf(spec.bucket_name, DBX_ID_MAX, "%s", L.w.bucket);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_storage_create(L.c, &spec, stor_cb, &r), HK_OK);
  run();
  assert_st(r, HK_OK);
  assert_string_equal(r.obj.bucket_name, L.w.bucket);
  snprintf(L.stor_id, sizeof(L.stor_id), "%s", r.obj.storage_configuration_id);
  memset(&l, 0, sizeof(l));
  assert_int_equal(dbx_storage_list(L.c, stor_lcb, &l), HK_OK);
  run();
  dbx_adopt_storage(l.items, l.n, &spec, &a);
  assert_int_equal(a.kind, DBX_ADOPT_SAME);
  assert_string_equal(l.items[a.index].storage_configuration_id, L.stor_id);
  free(l.items);
}

static void register_vpce(const char *name, const char *aws_id, const char *region, char *out_id,
                          const char *use_case)
{
  struct vpce_res r;
  struct dbx_vpce spec;
  memset(&spec, 0, sizeof(spec));
  snprintf(spec.vpc_endpoint_name, DBX_NAME_MAX, "%s", name);
  snprintf(spec.aws_vpc_endpoint_id, DBX_ID_MAX, "%s", aws_id);
  snprintf(spec.region, sizeof(spec.region), "%s", region);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_vpce_create(L.c, &spec, vpce_cb, &r), HK_OK);
  run();
  assert_st(r, HK_OK);
  assert_string_equal(r.obj.aws_vpc_endpoint_id, aws_id);
  if(use_case)
    assert_string_equal(r.obj.use_case, use_case);
  snprintf(out_id, 64, "%s", r.obj.vpc_endpoint_id);
}

static void test_live_vpc_endpoints(void **state)
{
  struct vpce_lres l;
  struct vpce_res g;
  struct dbx_vpce want;
  struct dbx_adopt a;
  (void)state;
  need("main");
  register_vpce("rest", L.w.rest, L.w.region, L.rest_id, NULL);
  register_vpce("relay", L.w.relay, L.w.region, L.relay_id, "DATAPLANE_RELAY_ACCESS");
  /* adoption by the AWS endpoint id, whatever name we would use now */
  memset(&want, 0, sizeof(want));
  snprintf(want.vpc_endpoint_name, DBX_NAME_MAX, "another-name");
  snprintf(want.aws_vpc_endpoint_id, DBX_ID_MAX, "%s", L.w.relay);
  memset(&l, 0, sizeof(l));
  assert_int_equal(dbx_vpce_list(L.c, vpce_lcb, &l), HK_OK);
  run();
  dbx_adopt_vpce(l.items, l.n, &want, &a);
  assert_int_equal(a.kind, DBX_ADOPT_SAME);
  assert_string_equal(l.items[a.index].vpc_endpoint_id, L.relay_id);
  free(l.items);
  memset(&g, 0, sizeof(g));
  assert_int_equal(dbx_vpce_get(L.c, L.rest_id, vpce_cb, &g), HK_OK);
  run();
  assert_st(g, HK_OK);
  assert_true(dbx_vpce_is_rest(&g.obj));
  assert_true(dbx_vpce_ready(&g.obj) || dbx_vpce_pending(&g.obj));
  memset(&g, 0, sizeof(g));
  assert_int_equal(dbx_vpce_wait(L.c, L.relay_id, vpce_cb, &g), HK_OK);
  run();
  assert_st(g, HK_OK);
  assert_true(dbx_vpce_ready(&g.obj));
}

static void test_live_pas(void **state)
{
  struct pas_res r;
  struct pas_lres l;
  struct dbx_pas spec;
  struct dbx_adopt a;
  (void)state;
  need("main");
  memset(&spec, 0, sizeof(spec));
  snprintf(spec.private_access_settings_name, DBX_NAME_MAX, "%s-pas", L.w.tag);
  snprintf(spec.region, sizeof(spec.region), "%s", L.w.region);
  spec.public_access_enabled = true;
  snprintf(spec.private_access_level, sizeof(spec.private_access_level), "ACCOUNT");
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_pas_create(L.c, &spec, pas_cb, &r), HK_OK);
  run();
  assert_st(r, HK_OK);
  assert_true(r.obj.public_access_enabled);
  snprintf(L.pas_id, sizeof(L.pas_id), "%s", r.obj.private_access_settings_id);
  /* replace: public access off, endpoint level with the REST endpoint */
  spec.public_access_enabled = false;
  snprintf(spec.private_access_level, sizeof(spec.private_access_level), "ENDPOINT");
  snprintf(spec.allowed_vpc_endpoint_ids[0], DBX_ID_MAX, "%s", L.rest_id);
  spec.n_allowed = 1;
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_pas_replace(L.c, L.pas_id, &spec, pas_cb, &r), HK_OK);
  run();
  assert_st(r, HK_OK);
  assert_false(r.obj.public_access_enabled);
  assert_string_equal(r.obj.private_access_level, "ENDPOINT");
  memset(&l, 0, sizeof(l));
  assert_int_equal(dbx_pas_list(L.c, pas_lcb, &l), HK_OK);
  run();
  dbx_adopt_pas(l.items, l.n, &spec, &a);
  assert_int_equal(a.kind, DBX_ADOPT_SAME);
  spec.public_access_enabled = true;
  dbx_adopt_pas(l.items, l.n, &spec, &a);
  assert_int_equal(a.kind, DBX_ADOPT_DIFFERS);
  free(l.items);
}

static void network_spec(struct dbx_network *n, const struct world *w, const char *name,
                         const char *rest, const char *relay)
{
  size_t i;
  memset(n, 0, sizeof(*n));
  snprintf(n->network_name, DBX_NAME_MAX, "%s", name);
  snprintf(n->vpc_id, DBX_ID_MAX, "%s", w->vpc);
  for(i = 0; i < w->n_subnets; i++)
    snprintf(n->subnet_ids[i], DBX_ID_MAX, "%s", w->subnets[i]);
  n->n_subnet_ids = w->n_subnets;
  for(i = 0; i < w->n_sgs; i++)
    snprintf(n->security_group_ids[i], DBX_ID_MAX, "%s", w->sgs[i]);
  n->n_security_group_ids = w->n_sgs;
  snprintf(n->rest_api_ids[0], DBX_ID_MAX, "%s", rest);
  n->n_rest_api_ids = 1;
  snprintf(n->dataplane_relay_ids[0], DBX_ID_MAX, "%s", relay);
  n->n_dataplane_relay_ids = 1;
}

static void test_live_network(void **state)
{
  struct net_res r;
  struct net_lres l;
  struct dbx_network *spec;
  struct dbx_adopt a;
  char name[128];
  (void)state;
  need("main");
  spec = calloc(1, sizeof(*spec));
  snprintf(name, sizeof(name), "%s-network", L.w.tag);
  network_spec(spec, &L.w, name, L.rest_id, L.relay_id);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_networks_create(L.c, spec, net_cb, &r), HK_OK);
  run();
  assert_st(r, HK_OK);
  assert_int_equal(r.obj.n_subnet_ids, L.w.n_subnets);
  snprintf(L.net_id, sizeof(L.net_id), "%s", r.obj.network_id);

  /* a twin (same subnets, other name) is refused by the service: subnets
   * belong to one network configuration; adoption reuses the existing one */
  snprintf(spec->network_name, DBX_NAME_MAX, "%s-network-twin", L.w.tag);
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_networks_create(L.c, spec, net_cb, &r), HK_OK);
  run();
  assert_int_not_equal(r.st, HK_OK);
  assert_non_null(strstr(r.err.api_message, L.w.subnets[0]));
  memset(&l, 0, sizeof(l));
  assert_int_equal(dbx_networks_list(L.c, net_lcb, &l), HK_OK);
  run();
  dbx_adopt_network(l.items, l.n, spec, &a);
  assert_int_equal(a.kind, DBX_ADOPT_SAME);
  assert_string_equal(l.items[a.index].network_id, L.net_id);
  /* one reused subnet next to a new one: adoption explains the refusal */
  snprintf(spec->subnet_ids[1], DBX_ID_MAX, "%s", L.bad.subnets[1]);
  dbx_adopt_network(l.items, l.n, spec, &a);
  assert_int_equal(a.kind, DBX_ADOPT_DIFFERS);
  assert_non_null(strstr(a.why, "already used"));
  free(l.items);
  free(spec);
}

static void on_progress(const struct dbx_workspace *ws, long elapsed_ms, void *ud)
{
  (void)ud;
  assert_true(elapsed_ms >= 0);
  assert_true(ws->workspace_status[0] != '\0');
  L.progress_calls++;
}

static void test_live_workspace(void **state)
{
  struct ws_res r;
  struct ws_lres l;
  struct done_res d;
  struct dbx_workspace *spec;
  struct dbx_adopt a;
  (void)state;
  need("main");
  spec = calloc(1, sizeof(*spec));
  snprintf(spec->workspace_name, DBX_NAME_MAX, "%s-ws", L.w.tag);
  snprintf(spec->aws_region, sizeof(spec->aws_region), "%s", L.w.region);
  snprintf(spec->credentials_id, DBX_ID_MAX, "%s", L.cred_id);
  snprintf(spec->storage_configuration_id, DBX_ID_MAX, "%s", L.stor_id);
  snprintf(spec->network_id, DBX_ID_MAX, "%s", L.net_id);
  snprintf(spec->private_access_settings_id, DBX_ID_MAX, "%s", L.pas_id);
  snprintf(spec->pricing_tier, sizeof(spec->pricing_tier), "ENTERPRISE");
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_workspaces_create(L.c, spec, ws_cb, &r), HK_OK);
  run();
  assert_st(r, HK_OK);
  assert_true(r.obj.workspace_id > 0);
  assert_string_equal(r.obj.workspace_status, "PROVISIONING");
  L.ws_id = r.obj.workspace_id;
  snprintf(L.deployment, sizeof(L.deployment), "%s", r.obj.deployment_name);

  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_workspace_wait(L.c, L.ws_id, on_progress, ws_cb, &r), HK_OK);
  run();
  assert_st(r, HK_OK);
  assert_string_equal(r.obj.workspace_status, "RUNNING");
  assert_true(L.progress_calls >= 2);

  memset(&l, 0, sizeof(l));
  assert_int_equal(dbx_workspaces_list(L.c, ws_lcb, &l), HK_OK);
  run();
  dbx_adopt_workspace(l.items, l.n, spec, &a);
  assert_int_equal(a.kind, DBX_ADOPT_SAME);
  assert_true(l.items[a.index].workspace_id == L.ws_id);
  free(l.items);

  /* objects in use cannot be deleted */
  memset(&d, 0, sizeof(d));
  assert_int_equal(dbx_networks_delete(L.c, L.net_id, done_cb, &d), HK_OK);
  run();
  /* (the service answers 409 with an empty body, as the real one does) */
  assert_st(d, HK_CONFLICT);
  assert_non_null(strstr(d.err.message, "still used"));

  /* update of an allowed field on a running workspace: tags */
  spec->n_tags = 1;
  snprintf(spec->tags[0].key, sizeof(spec->tags[0].key), "Owner");
  snprintf(spec->tags[0].value, sizeof(spec->tags[0].value), "heiiki");
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_workspaces_update(L.c, L.ws_id, spec, DBX_WS_CUSTOM_TAGS, ws_cb, &r), HK_OK);
  run();
  assert_st(r, HK_OK);
  /* storage is fixed on a running workspace: the service says so */
  memset(&r, 0, sizeof(r));
  assert_int_equal(dbx_workspaces_update(L.c, L.ws_id, spec, DBX_WS_STORAGE, ws_cb, &r), HK_OK);
  run();
  assert_st(r, HK_API);
  assert_non_null(strstr(r.err.api_message, "storage_configuration_id"));
  free(spec);
}

static void test_live_metastore(void **state)
{
  struct ms_lres l;
  struct ms_res r;
  struct asg_res g;
  struct done_res d;
  struct dbx_metastore spec;
  struct dbx_adopt a;
  (void)state;
  need("main");
  memset(&l, 0, sizeof(l));
  assert_int_equal(dbx_metastores_list(L.c, L.w.region, ms_lcb, &l), HK_OK);
  run();
  assert_st(l, HK_OK);
  dbx_adopt_metastore(l.items, l.n, L.w.region, &a);
  if(a.kind == DBX_ADOPT_SAME)
    snprintf(L.ms_id, sizeof(L.ms_id), "%s", l.items[a.index].metastore_id);
  free(l.items);
  if(!L.ms_id[0]) {
    memset(&spec, 0, sizeof(spec));
    snprintf(spec.name, DBX_NAME_MAX, "%s-metastore", L.w.tag);
    snprintf(spec.region, sizeof(spec.region), "%s", L.w.region);
    memset(&r, 0, sizeof(r));
    assert_int_equal(dbx_metastores_create(L.c, &spec, ms_cb, &r), HK_OK);
    run();
    assert_st(r, HK_OK);
    assert_string_equal(r.obj.region, L.w.region);
    snprintf(L.ms_id, sizeof(L.ms_id), "%s", r.obj.metastore_id);
    /* one per region: a second one is refused */
    memset(&r, 0, sizeof(r));
    assert_int_equal(dbx_metastores_create(L.c, &spec, ms_cb, &r), HK_OK);
    run();
    assert_int_not_equal(r.st, HK_OK);
  }
  memset(&l, 0, sizeof(l));
  assert_int_equal(dbx_metastores_list(L.c, L.w.region, ms_lcb, &l), HK_OK);
  run();
  dbx_adopt_metastore(l.items, l.n, L.w.region, &a);
  assert_int_equal(a.kind, DBX_ADOPT_SAME);
  free(l.items);

  memset(&g, 0, sizeof(g));
  assert_int_equal(dbx_metastores_assignment(L.c, L.ws_id, asg_cb, &g), HK_OK);
  run();
  assert_st(g, HK_NOT_FOUND);
  memset(&d, 0, sizeof(d));
  assert_int_equal(dbx_metastores_assign(L.c, L.ws_id, L.ms_id, NULL, done_cb, &d), HK_OK);
  run();
  assert_st(d, HK_OK);
  memset(&g, 0, sizeof(g));
  assert_int_equal(dbx_metastores_assignment(L.c, L.ws_id, asg_cb, &g), HK_OK);
  run();
  assert_st(g, HK_OK);
  assert_string_equal(g.obj.metastore_id, L.ms_id);
}

static struct dbx_client *workspace_client(void)
{
  char host[300], url[320], addr[64];
  const char *fe = env("HEIIKI_SANDBOX_FRONTEND");
  const char *colon = strrchr(fe, ':');
  struct hk_error err;
  struct dbx_client *ws;
  assert_non_null(colon);
  snprintf(host, sizeof(host), "%s.cloud.databricks.com", L.deployment);
  snprintf(addr, sizeof(addr), "%.*s", (int)(colon - fe), fe);
  assert_int_equal(hk_loop_pin(L.loop, host, 443, addr, atoi(colon + 1)), HK_OK);
  snprintf(url, sizeof(url), "https://%s", host);
  ws = dbx_client_new_workspace(L.c, url, &err);
  assert_non_null(ws);
  return ws;
}

struct json_res {
  hk_status st;
  struct hk_error err;
};

static void json_cb(hk_status st, const cJSON *j, const struct hk_error *e, void *ud)
{
  struct json_res *r = ud;
  (void)j;
  r->st = st;
  if(e)
    r->err = *e;
}

static void raw_cb(hk_status st, const struct hk_buf *b, const struct hk_error *e, void *ud)
{
  struct hk_buf *out = ud;
  (void)e;
  if(st == HK_OK && b && b->data)
    hk_buf_append(out, b->data, b->len);
  else
    hk_buf_puts(out, "<error>");
}

static void test_live_workspace_level(void **state)
{
  struct dbx_client *ws;
  struct user_res u;
  struct asg_res cur;
  struct ns_res ns;
  struct sv_lres sv;
  struct nt_lres nt;
  struct pol_res pol;
  struct pol_lres pols;
  struct cl_res cl;
  struct done_res d;
  struct json_res j;
  struct dbx_cluster_spec *cs;
  struct hk_buf got;
  cJSON *body;
  char etag[256];
  (void)state;
  need("main");
  cs = calloc(1, sizeof(*cs));
  assert_true(L.deployment[0] != '\0');
  ws = workspace_client();

  memset(&u, 0, sizeof(u));
  assert_int_equal(dbx_ws_current_user(ws, user_cb, &u), HK_OK);
  run();
  assert_st(u, HK_OK);
  assert_string_equal(u.obj.user_name, env("DATABRICKS_CLIENT_ID"));
  assert_non_null(strstr(dbx_token_url(dbx_client_tokens(ws)), "/oidc/v1/token"));

  memset(&cur, 0, sizeof(cur));
  assert_int_equal(dbx_ws_current_metastore(ws, asg_cb, &cur), HK_OK);
  run();
  assert_st(cur, HK_OK);
  assert_string_equal(cur.obj.metastore_id, L.ms_id);

  memset(&ns, 0, sizeof(ns));
  assert_int_equal(dbx_ws_default_catalog_get(ws, ns_cb, &ns), HK_OK);
  run();
  assert_st(ns, HK_OK);
  snprintf(etag, sizeof(etag), "%s", ns.obj.etag);
  memset(&ns, 0, sizeof(ns));
  assert_int_equal(dbx_ws_default_catalog_set(ws, "heiiki_main", etag, ns_cb, &ns), HK_OK);
  run();
  assert_st(ns, HK_OK);
  assert_string_equal(ns.obj.catalog, "heiiki_main");
  memset(&ns, 0, sizeof(ns));
  assert_int_equal(dbx_ws_default_catalog_set(ws, "other", etag, ns_cb, &ns), HK_OK);
  run();
  assert_st(ns, HK_CONFLICT); /* stale etag */

  memset(&sv, 0, sizeof(sv));
  memset(&nt, 0, sizeof(nt));
  assert_int_equal(dbx_ws_spark_versions(ws, sv_lcb, &sv), HK_OK);
  assert_int_equal(dbx_ws_node_types(ws, nt_lcb, &nt), HK_OK);
  run();
  assert_st(sv, HK_OK);
  assert_st(nt, HK_OK);
  assert_non_null(dbx_pick_spark_version(sv.items, sv.n));
  assert_non_null(dbx_pick_node_type(nt.items, nt.n));
  snprintf(cs->cluster_name, DBX_NAME_MAX, "heiiki-check");
  snprintf(cs->spark_version, sizeof(cs->spark_version), "%s",
           dbx_pick_spark_version(sv.items, sv.n)->key);
  snprintf(cs->node_type_id, sizeof(cs->node_type_id), "%s",
           dbx_pick_node_type(nt.items, nt.n)->node_type_id);
  cs->autotermination_minutes = 10;
  free(sv.items);
  free(nt.items);

  memset(&pol, 0, sizeof(pol));
  assert_int_equal(dbx_ws_policy_create(ws, "heiiki-glue",
                                        "{\"spark_conf.spark.databricks.hive.metastore."
                                        "glueCatalog.enabled\":{\"type\":\"fixed\",\"value\":"
                                        "\"true\"}}", "test", pol_cb, &pol), HK_OK);
  run();
  assert_st(pol, HK_OK);
  snprintf(cs->policy_id, sizeof(cs->policy_id), "%s", pol.obj.policy_id);
  memset(&pol, 0, sizeof(pol));
  assert_int_equal(dbx_ws_policy_get(ws, cs->policy_id, pol_cb, &pol), HK_OK);
  run();
  assert_string_equal(pol.obj.name, "heiiki-glue");
  assert_non_null(strstr(pol.obj.definition, "glueCatalog"));
  memset(&pols, 0, sizeof(pols));
  assert_int_equal(dbx_ws_policy_list(ws, pol_lcb, &pols), HK_OK);
  run();
  assert_true(pols.n >= 1);
  free(pols.items);

  /* instance profile: validated against AWS, listed, refused twice, used by the cluster */
  {
    const char *ipa = env("HK_LIVE_INSTANCE_PROFILE_ARN");
    struct ip_lres ips;
    memset(&d, 0, sizeof(d));
    assert_int_equal(dbx_ws_instance_profile_add(ws, ipa, NULL, false, done_cb, &d), HK_OK);
    run();
    assert_st(d, HK_OK);
    memset(&d, 0, sizeof(d));
    assert_int_equal(dbx_ws_instance_profile_add(ws, ipa, NULL, false, done_cb, &d), HK_OK);
    run();
    assert_st(d, HK_CONFLICT);
    memset(&d, 0, sizeof(d));
    assert_int_equal(dbx_ws_instance_profile_add(ws, "arn:aws:iam::123456789012:instance-profile/"
                                                 "nope", NULL, false, done_cb, &d), HK_OK);
    run();
    assert_st(d, HK_API);
    assert_non_null(strstr(d.err.api_message, "Validation failed"));
    memset(&ips, 0, sizeof(ips));
    assert_int_equal(dbx_ws_instance_profile_list(ws, ip_lcb, &ips), HK_OK);
    run();
    assert_int_equal(ips.n, 1);
    assert_string_equal(ips.items[0].instance_profile_arn, ipa);
    free(ips.items);
    snprintf(cs->instance_profile_arn, sizeof(cs->instance_profile_arn), "%s", ipa);
  }

  memset(&cl, 0, sizeof(cl));
  assert_int_equal(dbx_ws_cluster_create(ws, cs, cl_cb, &cl), HK_OK);
  run();
  assert_st(cl, HK_OK);
  assert_true(cl.obj.cluster_id[0] != '\0');
  {
    char id[64];
    snprintf(id, sizeof(id), "%s", cl.obj.cluster_id);
    memset(&cl, 0, sizeof(cl));
    assert_int_equal(dbx_ws_cluster_get(ws, id, cl_cb, &cl), HK_OK);
    run();
    assert_st(cl, HK_OK);
    assert_true(cl.obj.state[0] != '\0');
    assert_string_equal(cl.obj.policy_id, cs->policy_id);
    memset(&d, 0, sizeof(d));
    assert_int_equal(dbx_ws_cluster_delete(ws, id, done_cb, &d), HK_OK);
    run();
    assert_st(d, HK_OK);
    memset(&d, 0, sizeof(d));
    assert_int_equal(dbx_ws_cluster_permanent_delete(ws, id, done_cb, &d), HK_OK);
    run();
    assert_st(d, HK_OK);
  }
  memset(&d, 0, sizeof(d));
  assert_int_equal(dbx_ws_policy_delete(ws, cs->policy_id, done_cb, &d), HK_OK);
  run();
  assert_st(d, HK_OK);
  memset(&d, 0, sizeof(d));
  assert_int_equal(dbx_ws_instance_profile_remove(ws, cs->instance_profile_arn, done_cb, &d), HK_OK);
  run();
  assert_st(d, HK_OK);
  memset(&d, 0, sizeof(d));
  assert_int_equal(dbx_ws_instance_profile_remove(ws, cs->instance_profile_arn, done_cb, &d), HK_OK);
  run();
  assert_st(d, HK_OK); /* already gone counts as removed */

  /* Files API on a volume (catalog and volume made with the generic call) */
  body = cJSON_Parse("{\"name\":\"heiiki_files\"}");
  memset(&j, 0, sizeof(j));
  assert_int_equal(dbx_call(ws, "POST", "/api/2.1/unity-catalog/catalogs", body, DBX_CREATE,
                            json_cb, &j), HK_OK);
  run();
  cJSON_Delete(body);
  assert_st(j, HK_OK);
  body = cJSON_Parse("{\"catalog_name\":\"heiiki_files\",\"schema_name\":\"default\","
                     "\"name\":\"v1\",\"volume_type\":\"MANAGED\"}");
  memset(&j, 0, sizeof(j));
  assert_int_equal(dbx_call(ws, "POST", "/api/2.1/unity-catalog/volumes", body, DBX_CREATE,
                            json_cb, &j), HK_OK);
  run();
  cJSON_Delete(body);
  assert_st(j, HK_OK);
  memset(&d, 0, sizeof(d));
  assert_int_equal(dbx_ws_file_upload(ws, "/Volumes/heiiki_files/default/v1/dir one/ä b#1.txt",
                                      "heiiki bytes\n", 13, true, done_cb, &d), HK_OK);
  run();
  assert_st(d, HK_OK);
  hk_buf_init(&got);
  assert_int_equal(dbx_ws_file_download(ws, "/Volumes/heiiki_files/default/v1/dir one/ä b#1.txt",
                                        raw_cb, &got), HK_OK);
  run();
  assert_string_equal(got.data, "heiiki bytes\n");
  hk_buf_free(&got);
  memset(&d, 0, sizeof(d));
  assert_int_equal(dbx_ws_file_delete(ws, "/Volumes/heiiki_files/default/v1/dir one/ä b#1.txt",
                                      done_cb, &d), HK_OK);
  run();
  assert_st(d, HK_OK);
  hk_buf_init(&got);
  assert_int_equal(dbx_ws_file_download(ws, "/Volumes/heiiki_files/default/v1/dir one/ä b#1.txt",
                                        raw_cb, &got), HK_OK);
  run();
  assert_string_equal(got.data, "<error>");
  hk_buf_free(&got);

  free(cs);
  dbx_client_free(ws);
}

static void test_live_broken_network_fails(void **state)
{
  struct cred_res cr;
  struct stor_res sr;
  struct pas_res pr;
  struct net_res nr;
  struct ws_res wr;
  struct dbx_credentials c;
  struct dbx_storage s;
  struct dbx_pas p;
  struct dbx_network *n;
  struct dbx_workspace *w;
  char name[128];
  (void)state;
  need("main");
  n = calloc(1, sizeof(*n));
  w = calloc(1, sizeof(*w));
  memset(&c, 0, sizeof(c));
  snprintf(c.credentials_name, DBX_NAME_MAX, "%s-cred", L.bad.tag);
  snprintf(c.role_arn, DBX_ARN_MAX, "%s", L.bad.role);
  memset(&cr, 0, sizeof(cr));
  assert_int_equal(dbx_credentials_create(L.c, &c, cred_cb, &cr), HK_OK);
  memset(&s, 0, sizeof(s));
  snprintf(s.storage_configuration_name, DBX_NAME_MAX, "%s-storage", L.bad.tag);
  snprintf(s.bucket_name, DBX_ID_MAX, "%s", L.bad.bucket);
  memset(&sr, 0, sizeof(sr));
  assert_int_equal(dbx_storage_create(L.c, &s, stor_cb, &sr), HK_OK);
  memset(&p, 0, sizeof(p));
  snprintf(p.private_access_settings_name, DBX_NAME_MAX, "%s-pas", L.bad.tag);
  snprintf(p.region, sizeof(p.region), "%s", L.bad.region);
  p.public_access_enabled = true;
  memset(&pr, 0, sizeof(pr));
  assert_int_equal(dbx_pas_create(L.c, &p, pas_cb, &pr), HK_OK);
  run(); /* three creates in flight at once */
  assert_st(cr, HK_OK);
  assert_st(sr, HK_OK);
  assert_st(pr, HK_OK);
  snprintf(L.bad_ids[0], 64, "%s", cr.obj.credentials_id);
  snprintf(L.bad_ids[1], 64, "%s", sr.obj.storage_configuration_id);
  snprintf(L.bad_ids[4], 64, "%s", pr.obj.private_access_settings_id);
  register_vpce("bad-rest", L.bad.rest, L.bad.region, L.bad_ids[2], NULL);
  register_vpce("bad-relay", L.bad.relay, L.bad.region, L.bad_ids[3], NULL);
  snprintf(name, sizeof(name), "%s-network", L.bad.tag);
  network_spec(n, &L.bad, name, L.bad_ids[2], L.bad_ids[3]);
  memset(&nr, 0, sizeof(nr));
  assert_int_equal(dbx_networks_create(L.c, n, net_cb, &nr), HK_OK);
  run();
  assert_st(nr, HK_OK);
  snprintf(L.bad_ids[5], 64, "%s", nr.obj.network_id);

  snprintf(w->workspace_name, DBX_NAME_MAX, "%s-ws", L.bad.tag);
  snprintf(w->aws_region, sizeof(w->aws_region), "%s", L.bad.region);
  snprintf(w->credentials_id, DBX_ID_MAX, "%s", L.bad_ids[0]);
  snprintf(w->storage_configuration_id, DBX_ID_MAX, "%s", L.bad_ids[1]);
  snprintf(w->network_id, DBX_ID_MAX, "%s", L.bad_ids[5]);
  snprintf(w->private_access_settings_id, DBX_ID_MAX, "%s", L.bad_ids[4]);
  snprintf(w->pricing_tier, sizeof(w->pricing_tier), "ENTERPRISE");
  memset(&wr, 0, sizeof(wr));
  assert_int_equal(dbx_workspaces_create(L.c, w, ws_cb, &wr), HK_OK);
  run();
  assert_st(wr, HK_OK);
  L.bad_ws_id = wr.obj.workspace_id;
  memset(&wr, 0, sizeof(wr));
  assert_int_equal(dbx_workspace_wait(L.c, L.bad_ws_id, NULL, ws_cb, &wr), HK_OK);
  run();
  assert_st(wr, HK_API);
  assert_string_equal(wr.err.code, "FAILED");
  assert_string_equal(wr.obj.workspace_status, "FAILED");
  /* the sentence carries the network's own messages, by type */
  assert_non_null(strstr(wr.err.message, "subnet:"));
  assert_non_null(strstr(wr.err.message, L.bad.tag));
  assert_true(wr.err.hint[0] != '\0');

  /* fix and update: a FAILED workspace takes another network and provisions again */
  register_vpce("fix-rest", L.fix.rest, L.fix.region, L.fix_ids[0], NULL);
  register_vpce("fix-relay", L.fix.relay, L.fix.region, L.fix_ids[1], NULL);
  snprintf(name, sizeof(name), "%s-network", L.fix.tag);
  network_spec(n, &L.fix, name, L.fix_ids[0], L.fix_ids[1]);
  memset(&nr, 0, sizeof(nr));
  assert_int_equal(dbx_networks_create(L.c, n, net_cb, &nr), HK_OK);
  run();
  assert_st(nr, HK_OK);
  snprintf(L.fix_ids[2], 64, "%s", nr.obj.network_id);
  snprintf(w->network_id, DBX_ID_MAX, "%s", L.fix_ids[2]);
  memset(&wr, 0, sizeof(wr));
  assert_int_equal(dbx_workspaces_update(L.c, L.bad_ws_id, w, DBX_WS_NETWORK, ws_cb, &wr), HK_OK);
  run();
  assert_st(wr, HK_OK);
  assert_string_equal(wr.obj.network_id, L.fix_ids[2]);
  memset(&wr, 0, sizeof(wr));
  assert_int_equal(dbx_workspace_wait(L.c, L.bad_ws_id, NULL, ws_cb, &wr), HK_OK);
  run();
  assert_st(wr, HK_OK);
  assert_string_equal(wr.obj.workspace_status, "RUNNING");
  free(n);
  free(w);
}

static void delete_ok(hk_status (*fn)(struct dbx_client *, const char *, dbx_done_cb, void *),
                      const char *id)
{
  struct done_res d;
  memset(&d, 0, sizeof(d));
  assert_int_equal(fn(L.c, id, done_cb, &d), HK_OK);
  run();
  assert_st(d, HK_OK);
}

static void test_live_teardown(void **state)
{
  struct done_res d;
  struct net_res g;
  (void)state;
  need("main");
  memset(&d, 0, sizeof(d));
  assert_int_equal(dbx_metastores_unassign(L.c, L.ws_id, L.ms_id, done_cb, &d), HK_OK);
  run();
  assert_st(d, HK_OK);
  memset(&d, 0, sizeof(d));
  assert_int_equal(dbx_workspaces_delete(L.c, L.ws_id, done_cb, &d), HK_OK);
  run();
  assert_st(d, HK_OK);
  memset(&d, 0, sizeof(d));
  assert_int_equal(dbx_workspaces_delete(L.c, L.bad_ws_id, done_cb, &d), HK_OK);
  run();
  assert_st(d, HK_OK);
  memset(&d, 0, sizeof(d));
  assert_int_equal(dbx_metastores_delete(L.c, L.ms_id, true, done_cb, &d), HK_OK);
  run();
  assert_st(d, HK_OK);
  delete_ok(dbx_networks_delete, L.net_id);
  delete_ok(dbx_networks_delete, L.bad_ids[5]);
  delete_ok(dbx_networks_delete, L.fix_ids[2]);
  delete_ok(dbx_vpce_delete, L.fix_ids[0]);
  delete_ok(dbx_vpce_delete, L.fix_ids[1]);
  delete_ok(dbx_pas_delete, L.pas_id);
  delete_ok(dbx_pas_delete, L.bad_ids[4]);
  delete_ok(dbx_vpce_delete, L.rest_id);
  delete_ok(dbx_vpce_delete, L.relay_id);
  delete_ok(dbx_vpce_delete, L.bad_ids[2]);
  delete_ok(dbx_vpce_delete, L.bad_ids[3]);
  delete_ok(dbx_storage_delete, L.stor_id);
  delete_ok(dbx_storage_delete, L.bad_ids[1]);
  delete_ok(dbx_credentials_delete, L.cred_id);
  delete_ok(dbx_credentials_delete, L.bad_ids[0]);
  /* gone: a get says NOT_FOUND, a second delete is still fine */
  memset(&g, 0, sizeof(g));
  assert_int_equal(dbx_networks_get(L.c, L.net_id, net_cb, &g), HK_OK);
  run();
  assert_st(g, HK_NOT_FOUND);
  delete_ok(dbx_networks_delete, L.net_id);
}

static void keep_token(hk_status st, const char *token, const struct hk_error *e, void *ud)
{
  (void)e;
  if(st == HK_OK)
    snprintf(ud, 4096, "%s", token);
}

/* Everything above went through a traced loop: the trace holds requests and
 * replies but never the client secret, the Basic credentials or a token. */
static void test_live_trace_is_redacted(void **state)
{
  char token[4096] = "";
  char *text;
  long n;
  (void)state;
  need("main");
  assert_int_equal(dbx_token_get(dbx_client_tokens(L.c), keep_token, token), HK_OK);
  run();
  assert_true(strlen(token) > 8);
  fflush(L.trace);
  n = ftell(L.trace);
  assert_true(n > 1000);
  text = calloc(1, (size_t)n + 1);
  rewind(L.trace);
  assert_int_equal(fread(text, 1, (size_t)n, L.trace), (size_t)n);
  assert_non_null(strstr(text, "/networks"));
  assert_null(strstr(text, env("DATABRICKS_CLIENT_SECRET")));
  assert_null(strstr(text, token));
  assert_null(strstr(text, "Basic "));
  free(text);
}

/* ---- propagation phase: a role created just before, IAM not yet visible ---- */

static void test_live_credential_propagation(void **state)
{
  struct cred_res r;
  struct dbx_credentials spec;
  int asked = 0;
  long t0;
  (void)state;
  need("propagation");
  memset(&spec, 0, sizeof(spec));
  snprintf(spec.credentials_name, DBX_NAME_MAX, "%s-cred-prop", L.w.tag);
  snprintf(spec.role_arn, DBX_ARN_MAX, "%s", env("HK_LIVE_PROP_ROLE_ARN"));
  memset(&r, 0, sizeof(r));
  t0 = hk_now_ms();
  assert_int_equal(dbx_credentials_create_wait(L.c, &spec, grant_all, &asked, cred_cb, &r), HK_OK);
  run();
  assert_st(r, HK_OK);
  assert_string_equal(r.obj.role_arn, spec.role_arn);
  assert_true(asked >= 1);
  printf("propagation: %d retries, %ld ms\n", asked, hk_now_ms() - t0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_live_auth),
    cmocka_unit_test(test_live_credentials),
    cmocka_unit_test(test_live_storage),
    cmocka_unit_test(test_live_vpc_endpoints),
    cmocka_unit_test(test_live_pas),
    cmocka_unit_test(test_live_network),
    cmocka_unit_test(test_live_workspace),
    cmocka_unit_test(test_live_metastore),
    cmocka_unit_test(test_live_workspace_level),
    cmocka_unit_test(test_live_broken_network_fails),
    cmocka_unit_test(test_live_teardown),
    cmocka_unit_test(test_live_trace_is_redacted),
    cmocka_unit_test(test_live_credential_propagation),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
