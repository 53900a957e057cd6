/* test_netplan.c - the network layout planner: sizes, free ranges, zones, refusals. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include "core/hk_buf.h"
#include "netplan/netplan.h"
#include "netplan/netplan_sg.h"
#include "setup/setup_model.h"

static void in_init(struct hk_net_input *in, const char *vpc, long nodes, int zones)
{
  static const char *const z[] = { "ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d" };
  int i;

  memset(in, 0, sizeof(*in));
  assert_true(hk_cidr_parse(vpc, &in->vpc));
  in->nodes = nodes;
  for(i = 0; i < zones && i < 3; i++)
    hk_strlcpy(in->zones[in->n_zones++], z[i], sizeof(in->zones[0]));
}

static void existing(struct hk_net_input *in, const char *cidr)
{
  assert_true(hk_cidr_parse(cidr, &in->existing[in->n_existing++]));
}

static const char *cidr_of(const struct hk_net_layout *l, size_t i)
{
  static char buf[4][24];
  hk_net_cidr_format(&l->subnets[i].cidr, buf[i % 4], sizeof(buf[0]));
  return buf[i % 4];
}

static void test_cidr_parse(void **state)
{
  struct hk_cidr c;
  char out[24];
  (void)state;

  assert_true(hk_cidr_parse("10.0.0.0/16", &c));
  assert_int_equal(c.prefix, 16);
  hk_net_cidr_format(&c, out, sizeof(out));
  assert_string_equal(out, "10.0.0.0/16");
  assert_false(hk_cidr_parse("10.0.0.0/33", &c));
  assert_false(hk_cidr_parse("10.0.0.0", &c));
  assert_false(hk_cidr_parse("10.0.0.256/24", &c));
  assert_false(hk_cidr_parse("10.0.0.0/24x", &c));
  assert_false(hk_cidr_parse(NULL, &c));
}

/* (2^(32-N) - 5) / 2, closed-network-setup.md §2.3: /24 -> 125, /17 -> 16381, /26 -> 29 */
static void test_nodes_and_sizes(void **state)
{
  (void)state;
  assert_int_equal(hk_net_nodes_of(24), 125);
  assert_int_equal(hk_net_nodes_of(17), 16381);
  assert_int_equal(hk_net_nodes_of(26), 29);
  assert_int_equal(hk_net_prefix_for(0), 26);
  assert_int_equal(hk_net_prefix_for(29), 26);
  assert_int_equal(hk_net_prefix_for(30), 25);
  assert_int_equal(hk_net_prefix_for(125), 24);
  assert_int_equal(hk_net_prefix_for(126), 23);
  assert_int_equal(hk_net_prefix_for(16381), 17);
  assert_int_equal(hk_net_prefix_for(16382), 0);
}

static void test_empty_vpc_layout(void **state)
{
  struct hk_net_input in;
  struct hk_net_layout l;
  struct hk_error e;
  (void)state;

  in_init(&in, "10.0.0.0/16", 100, 3);
  in.public_subnet = true;
  assert_int_equal(hk_net_plan(&in, &l, &e), HK_OK);
  assert_int_equal(l.n, 4);
  assert_int_equal(l.subnets[0].role, HK_NET_CLUSTER_1);
  assert_string_equal(cidr_of(&l, 0), "10.0.0.0/24");
  assert_string_equal(l.subnets[0].zone, "ap-northeast-1a");
  assert_int_equal(l.subnets[0].nodes, 125);
  assert_string_equal(cidr_of(&l, 1), "10.0.1.0/24");
  assert_string_equal(l.subnets[1].zone, "ap-northeast-1c");
  assert_int_equal(l.subnets[2].role, HK_NET_ENDPOINTS);
  assert_string_equal(cidr_of(&l, 2), "10.0.2.0/26");
  assert_string_equal(l.subnets[2].zone, "ap-northeast-1d");
  assert_int_equal(l.subnets[3].role, HK_NET_PUBLIC);
  assert_string_equal(cidr_of(&l, 3), "10.0.2.64/28");
}

static void test_skips_existing_subnets(void **state)
{
  struct hk_net_input in;
  struct hk_net_layout l;
  struct hk_error e;
  char free_[256];
  (void)state;

  in_init(&in, "10.0.0.0/16", 200, 2);
  existing(&in, "10.0.0.0/24");
  existing(&in, "10.0.3.0/24");
  hk_net_free_ranges(&in, free_, sizeof(free_));
  assert_string_equal(free_, "10.0.1.0-10.0.2.255, 10.0.4.0-10.0.255.255");
  assert_int_equal(hk_net_plan(&in, &l, &e), HK_OK);
  assert_int_equal(l.n, 3);
  /* /23 for 200 nodes: 10.0.0.0/23 and 10.0.2.0/23 overlap what exists */
  assert_string_equal(cidr_of(&l, 0), "10.0.4.0/23");
  assert_string_equal(cidr_of(&l, 1), "10.0.6.0/23");
  assert_string_equal(cidr_of(&l, 2), "10.0.1.0/26");       /* fills the hole */
  assert_string_equal(l.subnets[2].zone, "ap-northeast-1a"); /* two zones: the first */
}

static void test_no_room(void **state)
{
  struct hk_net_input in;
  struct hk_net_layout l;
  struct hk_error e;
  (void)state;

  in_init(&in, "10.0.0.0/24", 100, 2);        /* two /25 would fill it: no room for /24s */
  assert_int_equal(hk_net_plan(&in, &l, &e), HK_CONFIG);
  assert_non_null(strstr(e.message, "no free /24"));
  assert_non_null(strstr(e.message, "after the 1 subnet(s) planned before it: none"));
  in_init(&in, "10.0.0.0/24", 29, 2);         /* 2 x /26 + endpoints /26 fit */
  assert_int_equal(hk_net_plan(&in, &l, &e), HK_OK);
  existing(&in, "10.0.0.192/26");
  existing(&in, "10.0.0.128/27");
  existing(&in, "10.0.0.176/28");
  assert_int_equal(hk_net_plan(&in, &l, &e), HK_OK);       /* endpoints shrink to /28 */
  assert_string_equal(cidr_of(&l, 2), "10.0.0.160/28");
  existing(&in, "10.0.0.160/28");
  assert_int_equal(hk_net_plan(&in, &l, &e), HK_CONFIG);
  assert_non_null(strstr(e.message, "endpoint"));
  assert_non_null(strstr(e.message, "after the 2 subnet(s) planned before it: none"));
}

static void test_zones_and_node_ceiling(void **state)
{
  struct hk_net_input in;
  struct hk_net_layout l;
  struct hk_error e;
  (void)state;

  in_init(&in, "10.0.0.0/16", 10, 1);
  assert_int_equal(hk_net_plan(&in, &l, &e), HK_CONFIG);
  assert_non_null(strstr(e.message, "two availability zones"));
  assert_non_null(strstr(e.message, "ap-northeast-1a"));
  in_init(&in, "10.0.0.0/16", 20000, 2);
  assert_int_equal(hk_net_plan(&in, &l, &e), HK_CONFIG);
  assert_non_null(strstr(e.message, "16381"));
  in_init(&in, "10.0.0.0/16", 16381, 2);      /* two /17 fill the VPC: no endpoint room */
  assert_int_equal(hk_net_plan(&in, &l, &e), HK_CONFIG);
  assert_non_null(strstr(e.message, "endpoint"));
}

static bool has(const struct aws_sg_rule *r, size_t n, const char *proto, int from, int to,
                const char *peer)
{
  size_t i;
  for(i = 0; i < n; i++)
    if(strcmp(r[i].protocol, proto) == 0 && r[i].from_port == from && r[i].to_port == to &&
       (strcmp(r[i].cidr, peer) == 0 || strcmp(r[i].group_id, peer) == 0 ||
        strcmp(r[i].prefix_list_id, peer) == 0))
      return true;
  return false;
}

/* security-group-rules.md §2/§3: SG 02 egress to the VPC CIDR and S3; SG 03 from SG 02 */
static void test_sg_rules(void **state)
{
  struct hk_setup s;
  struct hk_net_sg_rules r;
  struct hk_error e;
  (void)state;

  hk_setup_init(&s);
  hk_strlcpy(s.region, "ap-northeast-1", sizeof(s.region));
  s.client.n_client_cidrs = 1;
  hk_strlcpy(s.client.client_cidrs[0], "203.0.113.0/24", sizeof(s.client.client_cidrs[0]));
  assert_int_equal(hk_net_sg_rules(HK_NET_SG_CLUSTER, &s, "sg-02", "sg-02", "10.0.0.0/16",
                                   "pl-61a54008", &r, &e), HK_OK);
  assert_true(r.revoke_default_egress);
  assert_true(has(r.ingress, r.n_ingress, "tcp", 0, 65535, "sg-02"));
  assert_true(has(r.ingress, r.n_ingress, "udp", 0, 65535, "sg-02"));
  assert_int_equal(r.n_ingress, 2);
  assert_true(has(r.egress, r.n_egress, "udp", 0, 65535, "sg-02"));
  assert_true(has(r.egress, r.n_egress, "tcp", 443, 443, "10.0.0.0/16"));
  assert_true(has(r.egress, r.n_egress, "tcp", 6666, 6666, "10.0.0.0/16"));
  assert_true(has(r.egress, r.n_egress, "tcp", 8445, 8451, "10.0.0.0/16"));
  assert_true(has(r.egress, r.n_egress, "tcp", 443, 443, "pl-61a54008"));
  assert_false(has(r.egress, r.n_egress, "tcp", 3306, 3306, "10.0.0.0/16"));  /* optional */
  assert_int_equal(hk_net_sg_rules(HK_NET_SG_ENDPOINTS, &s, "sg-03", "sg-02", "10.0.0.0/16",
                                   "", &r, &e), HK_OK);
  assert_false(r.revoke_default_egress);
  assert_true(has(r.ingress, r.n_ingress, "tcp", 443, 443, "sg-02"));
  assert_true(has(r.ingress, r.n_ingress, "tcp", 6666, 6666, "sg-02"));
  assert_int_equal(r.n_egress, 0);
  assert_int_equal(hk_net_sg_rules(HK_NET_SG_FRONTEND, &s, "sg-01", "sg-02", "10.0.0.0/16",
                                   "", &r, &e), HK_OK);
  assert_true(has(r.ingress, r.n_ingress, "tcp", 443, 443, "203.0.113.0/24"));
  assert_true(has(r.ingress, r.n_ingress, "tcp", 0, 65535, "sg-02"));
  /* GovCloud shards use no 6666 */
  hk_strlcpy(s.region, "us-gov-west-1", sizeof(s.region));
  s.partition = HK_PART_AWS_US_GOV;
  assert_int_equal(hk_net_sg_rules(HK_NET_SG_CLUSTER, &s, "sg-02", "sg-02", "10.0.0.0/16",
                                   "", &r, &e), HK_OK);
  assert_false(has(r.egress, r.n_egress, "tcp", 6666, 6666, "10.0.0.0/16"));
}

static struct aws_sg_rule r_(const char *proto, int from, int to, const char *peer)
{
  struct aws_sg_rule r;
  char text[128];
  snprintf(text, sizeof(text), "%s:%d:%d:%s", proto, from, to, peer);
  assert_true(hk_net_sg_rule_parse(text, &r));
  return r;
}

/* what the operator's groups already let through, per port, union of rules */
static void test_sg_missing(void **state)
{
  struct aws_sg_rule eg[10], want[4], out[4];
  struct aws_security_group g;
  const struct aws_security_group *gs[1] = { &g };
  char text[128];
  int p;
  (void)state;

  memset(&g, 0, sizeof(g));
  for(p = 0; p < 7; p++)                                 /* SRA: one rule per port 8445..8451 */
    eg[p] = r_("tcp", 8445 + p, 8445 + p, "10.0.0.0/16");
  eg[7] = r_("tcp", 443, 443, "0.0.0.0/0");
  eg[8] = r_("tcp", 0, 65535, "sg-02");
  g.egress = eg;
  g.n_egress = 9;
  want[0] = r_("tcp", 8445, 8451, "10.0.0.0/16");        /* split over seven rules: covered */
  want[1] = r_("tcp", 443, 443, "pl-61a54008");          /* 0.0.0.0/0 covers the prefix list */
  want[2] = r_("tcp", 6666, 6666, "10.0.0.0/16");        /* missing */
  want[3] = r_("udp", 0, 65535, "sg-02");                /* missing: the self rule is TCP only */
  assert_int_equal(hk_net_sg_missing(gs, 1, true, "10.0.0.0/16", want, 4, out, 4), 2);
  assert_int_equal(out[0].from_port, 6666);
  assert_string_equal(out[1].protocol, "udp");
  assert_int_equal(hk_net_sg_missing(gs, 1, false, "10.0.0.0/16", want, 4, out, 4), 4);
  eg[9] = r_("-1", 0, 0, "0.0.0.0/0");                   /* all traffic anywhere */
  g.n_egress = 10;
  assert_int_equal(hk_net_sg_missing(gs, 1, true, "10.0.0.0/16", want, 4, out, 4), 0);
  hk_net_sg_rule_text(&want[1], text, sizeof(text));
  assert_string_equal(text, "tcp:443:443:pl-61a54008");
  assert_false(hk_net_sg_rule_parse("tcp:443", &want[0]));
}

/* zones where every endpoint service is offered (DescribeVpcEndpointServices) */
static void test_zones_offered(void **state)
{
  static const char relay[3][32] = { "ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d" };
  static const char ws[2][32] = { "ap-northeast-1d", "ap-northeast-1a" };
  static const char sts[1][32] = { "ap-northeast-1c" };
  struct hk_net_input in;
  struct hk_net_layout l;
  struct hk_error e;
  (void)state;

  in_init(&in, "10.0.0.0/16", 100, 0);
  hk_net_zones_offered(&in, relay, 3, true);
  hk_net_zones_offered(&in, ws, 2, false);       /* the workspace service is not in 1c */
  assert_int_equal(in.n_zones, 2);
  assert_string_equal(in.zones[0], "ap-northeast-1a");
  assert_string_equal(in.zones[1], "ap-northeast-1d");
  assert_int_equal(hk_net_plan(&in, &l, &e), HK_OK);
  assert_string_equal(l.subnets[1].zone, "ap-northeast-1d");
  assert_string_equal(l.subnets[2].zone, "ap-northeast-1a");
  hk_net_zones_offered(&in, sts, 1, false);      /* nothing in common left */
  assert_int_equal(in.n_zones, 0);
  assert_int_equal(hk_net_plan(&in, &l, &e), HK_CONFIG);
  assert_non_null(strstr(e.message, "0 zone(s)"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_cidr_parse),
    cmocka_unit_test(test_nodes_and_sizes),
    cmocka_unit_test(test_empty_vpc_layout),
    cmocka_unit_test(test_skips_existing_subnets),
    cmocka_unit_test(test_no_room),
    cmocka_unit_test(test_zones_and_node_ceiling),
    cmocka_unit_test(test_sg_rules),
    cmocka_unit_test(test_sg_missing),
    cmocka_unit_test(test_zones_offered),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
