/* test_aws_live.c - the AWS client against the bundled sandbox.
 *
 * Skipped unless HEIIKI_SANDBOX_ENV is set: either to a file holding the
 * output of `tests/sandbox/sandbox env` (export lines), or to any other value
 * when those variables are already in the environment.  The sandbox must run
 * the tokyo-closed seed.  tests/integration/test_aws_client.py starts one and
 * runs this binary. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aws/aws_client.h"
#include "aws/aws_ec2.h"
#include "aws/aws_iam.h"
#include "aws/aws_s3.h"
#include "aws/aws_sts.h"
#include "net/net_loop.h"

static struct hk_loop *loop;
static struct aws_client *cl;

static struct {
  int calls;
  hk_status st;
  char msg[1024];
  char code[96];
  size_t n;
  char s[8][256];
  int i[4];
} got;

static void reset(void)
{
  memset(&got, 0, sizeof(got));
}

static void note(const struct hk_error *err)
{
  got.calls++;
  got.st = err->status;
  hk_strlcpy(got.msg, err->message, sizeof(got.msg));
  hk_strlcpy(got.code, err->code, sizeof(got.code));
}

static void wait_one(void)
{
  long t0 = hk_now_ms();
  while(!got.calls && hk_now_ms() - t0 < 30000)
    hk_loop_poll(loop, 100, -1, NULL);
  assert_int_equal(got.calls, 1);
  if(got.st != HK_OK)
    print_message("  last error: %s [%s]\n", got.msg, got.code);
}

/* Load "export K=V" lines. */
static void load_env_file(const char *path)
{
  FILE *f = fopen(path, "r");
  char line[2048];
  if(!f)
    return;
  while(fgets(line, sizeof(line), f)) {
    char *p = line;
    char *eq;
    size_t n = strlen(p);
    while(n && (p[n - 1] == '\n' || p[n - 1] == '\r'))
      p[--n] = '\0';
    if(!strncmp(p, "export ", 7))
      p += 7;
    eq = strchr(p, '=');
    if(!eq)
      continue;
    *eq = '\0';
    if(eq[1] == '\'' || eq[1] == '"') {
      size_t vl = strlen(eq + 1);
      if(vl >= 2 && eq[vl] == eq[1]) {
        eq[vl] = '\0';
        eq++;
      }
    }
    setenv(p, eq + 1, 1);
  }
  fclose(f);
}

static int group_setup(void **state)
{
  const char *env = getenv("HEIIKI_SANDBOX_ENV");
  struct hk_loop_opts lo;
  struct aws_client_opts co;
  struct hk_error err;
  (void)state;
  if(!env || !env[0])
    return 0;
  if(access(env, R_OK) == 0)
    load_env_file(env);
  memset(&lo, 0, sizeof(lo));
  lo.timeout_ms = 10000;
  loop = hk_loop_new(&lo);
  memset(&co, 0, sizeof(co));
  co.backoff_base_ms = 10;
  cl = aws_client_new(loop, &co, &err);
  if(!cl) {
    fprintf(stderr, "aws client: %s\n", err.message);
    return -1;
  }
  return 0;
}

static int group_teardown(void **state)
{
  (void)state;
  aws_client_free(cl);
  hk_loop_free(loop);
  return 0;
}

#define NEED_SANDBOX()                                    \
  do {                                                    \
    if(!cl) {                                             \
      print_message("  HEIIKI_SANDBOX_ENV not set\n");    \
      skip();                                             \
    }                                                     \
  } while(0)

/* ---- callbacks ---- */

static void on_identity(const struct aws_caller_identity *id, const struct hk_error *err,
                        void *ud)
{
  (void)ud;
  note(err);
  if(id) {
    hk_strlcpy(got.s[0], id->account, sizeof(got.s[0]));
    hk_strlcpy(got.s[1], id->arn, sizeof(got.s[1]));
  }
}

static void on_vpcs(struct aws_vpc *v, size_t n, const struct hk_error *err, void *ud)
{
  size_t k;
  (void)ud;
  note(err);
  got.n = n;
  for(k = 0; k < n; k++) {
    if(!strcmp(v[k].name, "Closed VPC")) {
      hk_strlcpy(got.s[0], v[k].vpc_id, sizeof(got.s[0]));
      hk_strlcpy(got.s[1], v[k].cidr, sizeof(got.s[1]));
    }
  }
  aws_vpcs_free(v, n);
}

static void on_subnets(struct aws_subnet *v, size_t n, const struct hk_error *err, void *ud)
{
  size_t k;
  (void)ud;
  note(err);
  got.n = n;
  for(k = 0; k < n; k++) {
    if(!strcmp(v[k].name, "Private Subnet 01")) {
      hk_strlcpy(got.s[0], v[k].subnet_id, sizeof(got.s[0]));
      hk_strlcpy(got.s[2], v[k].az, sizeof(got.s[2]));
      got.i[0] = v[k].available_ips;
    }
    if(!strcmp(v[k].name, "Private Subnet 02"))
      hk_strlcpy(got.s[1], v[k].subnet_id, sizeof(got.s[1]));
  }
  aws_subnets_free(v, n);
}

static void on_azs(struct aws_az *v, size_t n, const struct hk_error *err, void *ud)
{
  (void)ud;
  note(err);
  got.n = n;
  if(n)
    hk_strlcpy(got.s[0], v[0].zone_name, sizeof(got.s[0]));
  aws_azs_free(v, n);
}

static void on_rts(struct aws_route_table *v, size_t n, const struct hk_error *err, void *ud)
{
  size_t k;
  size_t r;
  (void)ud;
  note(err);
  got.n = n;
  for(k = 0; k < n; k++) {
    if(v[k].is_main)
      got.i[0]++;
    for(r = 0; r < v[k].n_routes; r++) {
      if(!strncmp(v[k].routes[r].gateway_id, "igw-", 4))
        got.i[1]++;
    }
  }
  aws_route_tables_free(v, n);
}

static void on_sgs(struct aws_security_group *v, size_t n, const struct hk_error *err, void *ud)
{
  size_t k;
  (void)ud;
  note(err);
  got.n = n;
  for(k = 0; k < n; k++) {
    if(!strcmp(v[k].group_name, "security-group-02")) {
      hk_strlcpy(got.s[0], v[k].group_id, sizeof(got.s[0]));
      got.i[0] = (int)v[k].n_ingress;
      got.i[1] = (int)v[k].n_egress;
    }
    if(!strcmp(v[k].group_name, "heiiki-live-test"))
      got.i[2] = (int)v[k].n_ingress;
  }
  aws_security_groups_free(v, n);
}

static void on_nacls(struct aws_nacl *v, size_t n, const struct hk_error *err, void *ud)
{
  (void)ud;
  note(err);
  got.n = n;
  if(n)
    got.i[0] = (int)v[0].n_entries;
  aws_nacls_free(v, n);
}

static void on_dns(int support, int hostnames, const struct hk_error *err, void *ud)
{
  (void)ud;
  note(err);
  got.i[0] = support;
  got.i[1] = hostnames;
}

static void on_svcs(struct aws_vpce_service *v, size_t n, const struct hk_error *err, void *ud)
{
  (void)ud;
  note(err);
  got.n = n;
  if(n) {
    hk_strlcpy(got.s[0], v[0].service_name, sizeof(got.s[0]));
    hk_strlcpy(got.s[1], v[0].type, sizeof(got.s[1]));
  }
  aws_vpce_services_free(v, n);
}

static void on_igws(struct aws_igw *v, size_t n, const struct hk_error *err, void *ud)
{
  (void)ud;
  note(err);
  got.n = n;
  if(n)
    hk_strlcpy(got.s[0], v[0].vpc_id, sizeof(got.s[0]));
  aws_igws_free(v, n);
}

static void on_id(const char *id, const struct hk_error *err, void *ud)
{
  (void)ud;
  note(err);
  hk_strlcpy(got.s[0], id, sizeof(got.s[0]));
}

static void on_done(const struct hk_error *err, void *ud)
{
  (void)ud;
  note(err);
}

static void on_address(const char *alloc, const char *ip, const struct hk_error *err, void *ud)
{
  (void)ud;
  note(err);
  hk_strlcpy(got.s[0], alloc, sizeof(got.s[0]));
  hk_strlcpy(got.s[1], ip, sizeof(got.s[1]));
}

static void on_vpce(const struct aws_vpc_endpoint *e, const struct hk_error *err, void *ud)
{
  (void)ud;
  note(err);
  if(e) {
    hk_strlcpy(got.s[0], e->vpce_id, sizeof(got.s[0]));
    got.i[0] = (int)e->n_subnet_ids;
  }
}

static void on_vpces(struct aws_vpc_endpoint *v, size_t n, const struct hk_error *err, void *ud)
{
  (void)ud;
  note(err);
  got.n = n;
  if(n) {
    hk_strlcpy(got.s[0], v[0].state, sizeof(got.s[0]));
    got.i[0] = (int)v[0].n_eni_ids;
    if(v[0].n_eni_ids)
      hk_strlcpy(got.s[1], v[0].eni_ids[0], sizeof(got.s[1]));
  }
  aws_vpc_endpoints_free(v, n);
}

static void on_enis(struct aws_eni *v, size_t n, const struct hk_error *err, void *ud)
{
  (void)ud;
  note(err);
  got.n = n;
  if(n)
    hk_strlcpy(got.s[0], v[0].private_ip, sizeof(got.s[0]));
  aws_enis_free(v, n);
}

static void on_role(const struct aws_role *r, const struct hk_error *err, void *ud)
{
  (void)ud;
  note(err);
  if(r) {
    hk_strlcpy(got.s[0], r->arn, sizeof(got.s[0]));
    hk_strlcpy(got.s[1], r->assume_role_policy ? r->assume_role_policy : "",
               sizeof(got.s[1]));
  }
}

static void on_policy(const struct aws_role_policy *p, const struct hk_error *err, void *ud)
{
  (void)ud;
  note(err);
  if(p)
    hk_strlcpy(got.s[0], p->document, sizeof(got.s[0]));
}

static void on_names(char (*names)[AWS_NAME_MAX], size_t n, const struct hk_error *err,
                     void *ud)
{
  (void)ud;
  note(err);
  got.n = n;
  if(n)
    hk_strlcpy(got.s[0], names[0], sizeof(got.s[0]));
  free(names);
}

static void on_sim(struct aws_sim_result *v, size_t n, const struct hk_error *err, void *ud)
{
  (void)ud;
  note(err);
  got.n = n;
  if(n)
    hk_strlcpy(got.s[0], v[0].decision, sizeof(got.s[0]));
  aws_sim_results_free(v, n);
}

static void on_profile(const struct aws_instance_profile *p, const struct hk_error *err,
                       void *ud)
{
  (void)ud;
  note(err);
  if(p) {
    hk_strlcpy(got.s[0], p->arn, sizeof(got.s[0]));
    got.i[0] = (int)p->n_role_names;
  }
}

static void on_bucket(const struct aws_bucket_info *b, const struct hk_error *err, void *ud)
{
  (void)ud;
  note(err);
  got.i[0] = b->exists;
  got.i[1] = b->owned;
  got.i[2] = b->block_public_policy;
  hk_strlcpy(got.s[0], b->region, sizeof(got.s[0]));
  hk_strlcpy(got.s[1], b->policy ? b->policy : "", sizeof(got.s[1]));
  hk_strlcpy(got.s[2], b->versioning, sizeof(got.s[2]));
}

/* ---- tests ---- */

static char vpc_id[64];
static char subnet1[64];
static char subnet2[64];
static char sg2[64];

static void test_identity_and_vpc(void **state)
{
  const char *vals[1];
  struct aws_filter f;
  (void)state;
  NEED_SANDBOX();
  reset();
  assert_int_equal(aws_sts_get_caller_identity(cl, on_identity, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(strlen(got.s[0]), 12);
  assert_non_null(strstr(got.s[1], "arn:aws:"));

  reset();
  assert_int_equal(aws_ec2_describe_vpcs(cl, NULL, 0, NULL, 0, on_vpcs, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_true(got.s[0][0] != '\0');
  assert_string_equal(got.s[1], "10.0.0.0/16");
  hk_strlcpy(vpc_id, got.s[0], sizeof(vpc_id));

  vals[0] = vpc_id;
  f.name = "vpc-id";
  f.values = vals;
  f.n_values = 1;
  reset();
  assert_int_equal(aws_ec2_describe_subnets(cl, NULL, 0, &f, 1, on_subnets, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(got.n, 4);
  assert_string_equal(got.s[2], "ap-northeast-1a");
  assert_true(got.i[0] > 200);
  hk_strlcpy(subnet1, got.s[0], sizeof(subnet1));
  hk_strlcpy(subnet2, got.s[1], sizeof(subnet2));

  reset();
  assert_int_equal(aws_ec2_describe_vpc_dns(cl, vpc_id, on_dns, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(got.i[0], 1);
  assert_int_equal(got.i[1], 1);

  reset();
  assert_int_equal(aws_ec2_describe_availability_zones(cl, on_azs, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_true(got.n >= 3);

  reset();
  assert_int_equal(aws_ec2_describe_route_tables(cl, NULL, 0, &f, 1, on_rts, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(got.n, 4);
  assert_int_equal(got.i[0], 1);
  assert_int_equal(got.i[1], 1);

  reset();
  assert_int_equal(aws_ec2_describe_security_groups(cl, NULL, 0, &f, 1, on_sgs, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_true(got.n >= 3);
  assert_true(got.i[1] >= 10);
  hk_strlcpy(sg2, got.s[0], sizeof(sg2));

  reset();
  assert_int_equal(aws_ec2_describe_network_acls(cl, NULL, 0, &f, 1, on_nacls, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_true(got.n >= 1);

  reset();
  assert_int_equal(aws_ec2_describe_internet_gateways(cl, NULL, 0, NULL, 0, on_igws, NULL),
                   HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_string_equal(got.s[0], vpc_id);
}

static void test_endpoints(void **state)
{
  const char *names[] = {"com.amazonaws.ap-northeast-1.sts"};
  const char *subnets[2];
  const char *sgs[1];
  const char *ids[1];
  struct aws_vpce_create spec;
  char token[64];
  char vpce[64];
  (void)state;
  NEED_SANDBOX();
  reset();
  assert_int_equal(aws_ec2_describe_vpc_endpoint_services(cl, names, 1, NULL, 0, on_svcs, NULL),
                   HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(got.n, 1);
  assert_string_equal(got.s[0], names[0]);
  assert_string_equal(got.s[1], "Interface");

  subnets[0] = subnet1;
  subnets[1] = subnet2;
  sgs[0] = sg2;
  snprintf(token, sizeof(token), "heiiki-live-%ld", (long)getpid());
  memset(&spec, 0, sizeof(spec));
  spec.vpc_id = vpc_id;
  spec.service_name = names[0];
  spec.type = "Interface";
  spec.subnet_ids = subnets;
  spec.n_subnet_ids = 2;
  spec.security_group_ids = sgs;
  spec.n_security_group_ids = 1;
  spec.private_dns = 1;
  spec.client_token = token;
  spec.name = "heiiki live sts";
  reset();
  assert_int_equal(aws_ec2_create_vpc_endpoint(cl, &spec, on_vpce, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(got.i[0], 2);
  hk_strlcpy(vpce, got.s[0], sizeof(vpce));
  /* same ClientToken, same parameters: the same endpoint */
  reset();
  assert_int_equal(aws_ec2_create_vpc_endpoint(cl, &spec, on_vpce, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_string_equal(got.s[0], vpce);

  ids[0] = vpce;
  reset();
  assert_int_equal(aws_ec2_describe_vpc_endpoints(cl, ids, 1, NULL, 0, on_vpces, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(got.n, 1);
  if(got.i[0] > 0) {
    char eni[64];
    const char *enis[1];
    hk_strlcpy(eni, got.s[1], sizeof(eni));
    enis[0] = eni;
    reset();
    assert_int_equal(aws_ec2_describe_network_interfaces(cl, enis, 1, NULL, 0, on_enis, NULL),
                     HK_OK);
    wait_one();
    assert_int_equal(got.st, HK_OK);
    /* the sandbox reports an ENI's address on loopback (its subnet address 10.0.x.y as 127.0.x.y) */
    assert_int_equal(strncmp(got.s[0], "127.0.", 6), 0);
  }
  reset();
  assert_int_equal(aws_ec2_delete_vpc_endpoints(cl, ids, 1, on_done, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
}

static void test_security_group(void **state)
{
  struct aws_sg_rule rule;
  const char *ids[1];
  char gid[64];
  (void)state;
  NEED_SANDBOX();
  reset();
  assert_int_equal(aws_ec2_create_security_group(cl, vpc_id, "heiiki-live-test", "live test",
                                                 "heiiki live", on_id, NULL),
                   HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  hk_strlcpy(gid, got.s[0], sizeof(gid));
  memset(&rule, 0, sizeof(rule));
  hk_strlcpy(rule.protocol, "tcp", sizeof(rule.protocol));
  rule.from_port = 443;
  rule.to_port = 443;
  hk_strlcpy(rule.cidr, "10.0.0.0/16", sizeof(rule.cidr));
  reset();
  assert_int_equal(aws_ec2_authorize_security_group(cl, gid, false, &rule, 1, on_done, NULL),
                   HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  /* again: a duplicate counts as done */
  reset();
  assert_int_equal(aws_ec2_authorize_security_group(cl, gid, false, &rule, 1, on_done, NULL),
                   HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  ids[0] = gid;
  reset();
  assert_int_equal(aws_ec2_describe_security_groups(cl, ids, 1, NULL, 0, on_sgs, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.i[2], 1);
  reset();
  assert_int_equal(aws_ec2_delete_security_group(cl, gid, on_done, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);

  /* Elastic IP */
  reset();
  assert_int_equal(aws_ec2_allocate_address(cl, "heiiki live", on_address, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(strncmp(got.s[0], "eipalloc-", 9), 0);
  assert_true(got.s[1][0] != '\0');
  hk_strlcpy(gid, got.s[0], sizeof(gid));
  reset();
  assert_int_equal(aws_ec2_release_address(cl, gid, on_done, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
}

static void test_iam(void **state)
{
  char role[64];
  char arn[256];
  const char *actions[] = {"s3:GetObject"};
  static const char trust[] =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
      "{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}";
  static const char pol[] =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
      "\"s3:GetObject\",\"Resource\":\"*\"}]}";
  (void)state;
  NEED_SANDBOX();
  snprintf(role, sizeof(role), "heiiki-live-%ld", (long)getpid());
  reset();
  assert_int_equal(aws_iam_create_role(cl, role, NULL, trust, "live test", on_role, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  hk_strlcpy(arn, got.s[0], sizeof(arn));
  reset();
  assert_int_equal(aws_iam_get_role(cl, role, on_role, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_non_null(strstr(got.s[1], "ec2.amazonaws.com"));
  reset();
  assert_int_equal(aws_iam_put_role_policy(cl, role, "inline", pol, on_done, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  reset();
  assert_int_equal(aws_iam_get_role_policy(cl, role, "inline", on_policy, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_non_null(strstr(got.s[0], "s3:GetObject"));
  reset();
  assert_int_equal(aws_iam_list_role_policies(cl, role, on_names, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.n, 1);
  assert_string_equal(got.s[0], "inline");
  reset();
  assert_int_equal(aws_iam_simulate_principal_policy(cl, arn, actions, 1, NULL, 0, on_sim, NULL),
                   HK_OK);
  wait_one();
  if(got.st == HK_OK)
    assert_string_equal(got.s[0], "allowed");
  reset();
  assert_int_equal(aws_iam_create_instance_profile(cl, role, NULL, on_profile, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  reset();
  assert_int_equal(aws_iam_add_role_to_instance_profile(cl, role, role, on_done, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  reset();
  assert_int_equal(aws_iam_get_instance_profile(cl, role, on_profile, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.i[0], 1);
  reset();
  assert_int_equal(aws_iam_remove_role_from_instance_profile(cl, role, role, on_done, NULL),
                   HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  reset();
  assert_int_equal(aws_iam_delete_instance_profile(cl, role, on_done, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  reset();
  assert_int_equal(aws_iam_delete_role_policy(cl, role, "inline", on_done, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  reset();
  assert_int_equal(aws_iam_delete_role(cl, role, on_done, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  reset();
  assert_int_equal(aws_iam_get_role(cl, role, on_role, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_NOT_FOUND);
}

static void test_s3(void **state)
{
  char bucket[64];
  char pol[512];
  (void)state;
  NEED_SANDBOX();
  snprintf(bucket, sizeof(bucket), "heiiki-live-%ld", (long)getpid());
  reset();
  assert_int_equal(aws_s3_head_bucket(cl, bucket, on_bucket, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(got.i[0], 0);
  reset();
  assert_int_equal(aws_s3_create_bucket(cl, bucket, NULL, on_done, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  reset();
  assert_int_equal(aws_s3_head_bucket(cl, bucket, on_bucket, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.i[0], 1);
  assert_int_equal(got.i[1], 1);
  reset();
  assert_int_equal(aws_s3_get_bucket_location(cl, bucket, on_bucket, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_string_equal(got.s[0], "ap-northeast-1");
  reset();
  assert_int_equal(aws_s3_get_bucket_policy(cl, bucket, on_bucket, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_string_equal(got.s[1], "");
  snprintf(pol, sizeof(pol),
           "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
           "{\"AWS\":\"arn:aws:iam::414351767826:root\"},\"Action\":\"s3:GetObject\","
           "\"Resource\":\"arn:aws:s3:::%s/*\"}]}",
           bucket);
  reset();
  assert_int_equal(aws_s3_put_bucket_policy(cl, bucket, pol, on_done, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  reset();
  assert_int_equal(aws_s3_get_bucket_policy(cl, bucket, on_bucket, NULL), HK_OK);
  wait_one();
  assert_non_null(strstr(got.s[1], "s3:GetObject"));
  reset();
  assert_int_equal(aws_s3_put_public_access_block(cl, bucket, true, true, true, true, on_done,
                                                  NULL),
                   HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  reset();
  assert_int_equal(aws_s3_get_public_access_block(cl, bucket, on_bucket, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(got.i[2], 1);
  reset();
  assert_int_equal(aws_s3_get_bucket_versioning(cl, bucket, on_bucket, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  reset();
  assert_int_equal(aws_s3_put_object(cl, bucket, "dir/hello world.txt", "hello", 5, "text/plain",
                                     on_done, NULL),
                   HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  reset();
  assert_int_equal(aws_s3_delete_object(cl, bucket, "dir/hello world.txt", on_done, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
  reset();
  assert_int_equal(aws_s3_delete_bucket(cl, bucket, on_done, NULL), HK_OK);
  wait_one();
  assert_int_equal(got.st, HK_OK);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_identity_and_vpc),
      cmocka_unit_test(test_endpoints),
      cmocka_unit_test(test_security_group),
      cmocka_unit_test(test_iam),
      cmocka_unit_test(test_s3),
  };
  return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
