/* test_setup_net.c - the network step's create answers: which fields apply per mode, syntax. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>
#include "setup/setup_fields.h"
#include "setup/setup_model.h"
#include "setup/setup_validate.h"

static bool active(const struct hk_setup *s, const char *q)
{
  const struct hk_field_def *f = hk_field_find(q);
  assert_non_null(f);
  return hk_field_active(s, f);
}

static void set(struct hk_setup *s, const char *q, const char *v)
{
  struct hk_error e;
  hk_error_clear(&e);
  assert_int_equal(hk_field_set(s, hk_field_find(q), v, &e), HK_OK);
}

static void test_existing_mode_asks_for_ids(void **state)
{
  struct hk_setup s;
  (void)state;
  hk_setup_init(&s);
  assert_int_equal(s.network.mode, HK_NET_EXISTING);
  assert_true(active(&s, "network.vpc_id"));
  assert_true(active(&s, "network.subnet_ids"));
  assert_true(active(&s, "network.security_group_ids"));
  assert_false(active(&s, "network.vpc_cidr"));
  assert_false(active(&s, "network.nodes"));
  assert_false(active(&s, "network.create_subnets"));
  set(&s, "endpoints.sts.mode", "create");
  assert_true(active(&s, "endpoints.sts.create_in_subnets"));
  assert_true(active(&s, "endpoints.sts.security_group"));
}

static void test_create_in_vpc_mixes_parts(void **state)
{
  struct hk_setup s;
  (void)state;
  hk_setup_init(&s);
  set(&s, "network.mode", "create_in_vpc");
  set(&s, "endpoints.sts.mode", "create");
  set(&s, "endpoints.s3.mode", "create");
  assert_true(active(&s, "network.vpc_id"));
  assert_false(active(&s, "network.subnet_ids"));
  assert_false(active(&s, "network.security_group_ids"));
  assert_true(active(&s, "network.nodes"));
  assert_false(active(&s, "endpoints.sts.create_in_subnets"));
  assert_false(active(&s, "endpoints.sts.security_group"));
  assert_false(active(&s, "endpoints.s3.route_tables"));
  /* keep the operator's subnets, create only the security groups */
  set(&s, "network.create_subnets", "false");
  assert_true(hk_net_creates_sgs(&s) && !hk_net_creates_subnets(&s));
  assert_true(active(&s, "network.subnet_ids"));
  assert_false(active(&s, "network.security_group_ids"));
  assert_false(active(&s, "network.nodes"));
  assert_true(active(&s, "endpoints.sts.create_in_subnets"));
  assert_true(active(&s, "endpoints.s3.route_tables"));
  assert_false(active(&s, "endpoints.sts.security_group"));
}

static void test_create_vpc(void **state)
{
  struct hk_setup s;
  (void)state;
  hk_setup_init(&s);
  set(&s, "network.mode", "create_vpc");
  set(&s, "network.create_subnets", "false");       /* ignored: a new VPC has no subnets */
  assert_false(active(&s, "network.vpc_id"));
  assert_true(active(&s, "network.vpc_cidr"));
  assert_false(active(&s, "network.create_subnets"));
  assert_true(hk_net_creates_vpc(&s) && hk_net_creates_subnets(&s) && hk_net_creates_sgs(&s));
  assert_false(active(&s, "network.subnet_ids"));
}

static void test_syntax(void **state)
{
  struct hk_error e;
  (void)state;
  hk_error_clear(&e);
  assert_int_equal(hk_validate_vpc_cidr("10.0.0.0/16", &e), HK_OK);
  assert_int_equal(hk_validate_vpc_cidr("10.0.0.0/15", &e), HK_INVALID);
  assert_non_null(strstr(e.message, "/16 to /28"));
  assert_int_equal(hk_validate_vpc_cidr("10.0.0.0/29", &e), HK_INVALID);
  assert_int_equal(hk_validate_nodes("", &e), HK_OK);
  assert_int_equal(hk_validate_nodes("125", &e), HK_OK);
  assert_int_equal(hk_validate_nodes("0", &e), HK_INVALID);
  assert_int_equal(hk_validate_nodes("16382", &e), HK_INVALID);
  assert_non_null(strstr(e.message, "16381"));
  assert_int_equal(hk_validate_nodes("12x", &e), HK_INVALID);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_existing_mode_asks_for_ids),
    cmocka_unit_test(test_create_in_vpc_mixes_parts),
    cmocka_unit_test(test_create_vpc),
    cmocka_unit_test(test_syntax),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
