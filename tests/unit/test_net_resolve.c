/* test_net_resolve.c - later actions see the IDs the network step created. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include "core/hk_buf.h"
#include "plan/net_resolve.h"

static void done(struct hk_journal *j, const char *id, const char *key, const char *value)
{
  struct hk_jaction *ja = hk_journal_get(j, id);
  assert_non_null(ja);
  ja->state = HK_JS_DONE;
  assert_int_equal(hk_kvmap_set(&ja->result, key, value), HK_OK);
}

static void base(struct hk_setup *s)
{
  int k;

  hk_setup_init(s);
  hk_strlcpy(s->name, "t", sizeof(s->name));
  s->network.mode = HK_NET_CREATE_IN_VPC;
  hk_strlcpy(s->network.vpc_id, "vpc-given", sizeof(s->network.vpc_id));
  for(k = 0; k < HK_EP__COUNT; k++)
    s->endpoints[k].choice = HK_CREATE;
}

static void test_fills_created_ids(void **state)
{
  struct hk_setup s, r;
  struct hk_journal j;
  struct hk_error e;
  (void)state;

  base(&s);
  assert_int_equal(hk_journal_init(&j, "/nonexistent", "t", &e), HK_OK);
  hk_net_resolve(&r, &s, &j);                 /* nothing created yet: still empty */
  assert_int_equal(r.network.n_subnets, 0);
  assert_int_equal(r.network.n_sgs, 0);
  done(&j, "aws.net.subnet.cluster1", "subnet_id", "subnet-c1");
  done(&j, "aws.net.subnet.cluster2", "subnet_id", "subnet-c2");
  done(&j, "aws.net.subnet.endpoints", "subnet_id", "subnet-ep");
  done(&j, "aws.net.rt.cluster", "route_table_id", "rtb-c");
  done(&j, "aws.net.sg.cluster", "group_id", "sg-02");
  done(&j, "aws.net.sg.endpoints", "group_id", "sg-03");
  done(&j, "aws.net.sg.frontend", "group_id", "sg-01");
  hk_net_resolve(&r, &s, &j);
  assert_string_equal(r.network.vpc_id, "vpc-given");
  assert_int_equal(r.network.n_subnets, 2);
  assert_string_equal(r.network.subnet_ids[1], "subnet-c2");
  assert_string_equal(r.network.sg_ids[0], "sg-02");
  assert_string_equal(r.endpoints[HK_EP_RELAY].subnet_ids[0], "subnet-ep");
  assert_string_equal(r.endpoints[HK_EP_RELAY].sg_id, "sg-03");
  assert_string_equal(r.endpoints[HK_EP_WORKSPACE].sg_id, "sg-01");        /* SG 01 */
  assert_string_equal(r.endpoints[HK_EP_S3].route_table_ids[0], "rtb-c");
  assert_string_equal(s.network.vpc_id, "vpc-given");                      /* answers untouched */
  assert_int_equal(s.network.n_subnets, 0);

  /* keep the operator's subnets, create only the groups */
  s.network.create_subnets = false;
  s.network.n_subnets = 1;
  hk_strlcpy(s.network.subnet_ids[0], "subnet-mine", HK_ID_MAX);
  s.endpoints[HK_EP_RELAY].n_subnets = 1;
  hk_strlcpy(s.endpoints[HK_EP_RELAY].subnet_ids[0], "subnet-mine-ep", HK_ID_MAX);
  hk_net_resolve(&r, &s, &j);
  assert_string_equal(r.network.subnet_ids[0], "subnet-mine");
  assert_string_equal(r.endpoints[HK_EP_RELAY].subnet_ids[0], "subnet-mine-ep");
  assert_string_equal(r.endpoints[HK_EP_RELAY].sg_id, "sg-03");
  /* a new VPC */
  s.network.mode = HK_NET_CREATE_VPC;
  done(&j, "aws.net.vpc", "vpc_id", "vpc-made");
  hk_net_resolve(&r, &s, &j);
  assert_string_equal(r.network.vpc_id, "vpc-made");
  assert_string_equal(r.network.subnet_ids[0], "subnet-c1");
  /* existing mode: the answers as they are */
  s.network.mode = HK_NET_EXISTING;
  hk_net_resolve(&r, &s, &j);
  assert_string_equal(r.network.vpc_id, "vpc-given");
  assert_string_equal(r.network.subnet_ids[0], "subnet-mine");
  hk_journal_free(&j);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_fills_created_ids),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
