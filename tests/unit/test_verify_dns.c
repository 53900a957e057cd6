/* test_verify_dns.c - DNS verdicts with a scripted resolver. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/hk_buf.h"
#include "verify/verify_dns.h"

static size_t fake(const char *host, char addrs[][48], size_t max, void *ud)
{
  const char *const *answers = ud;
  size_t n = 0;
  (void)host;
  while(answers && answers[n] && n < max) {
    hk_strlcpy(addrs[n], answers[n], 48);
    n++;
  }
  return n;
}

static void test_ok(void **state)
{
  const char *ans[] = { "10.0.0.25", NULL };
  const char *exp[] = { "10.0.0.25", "10.0.1.25" };
  struct hk_dns_result r;
  (void)state;
  hk_dns_check("dbc-a.cloud.databricks.com", exp, 2, fake, ans, &r);
  assert_int_equal(r.verdict, HK_DNS_OK);
  assert_non_null(strstr(r.sentence, "front-end endpoint"));
}

static void test_public(void **state)
{
  const char *ans[] = { "52.194.12.9", NULL };
  const char *exp[] = { "10.0.0.25" };
  struct hk_dns_result r;
  (void)state;
  hk_dns_check("dbc-a.cloud.databricks.com", exp, 1, fake, ans, &r);
  assert_int_equal(r.verdict, HK_DNS_PUBLIC);
  assert_non_null(strstr(r.sentence, "public ingress"));
  assert_non_null(strstr(r.fix, "NO_PROXY"));
}

static void test_stale_private(void **state)
{
  const char *ans[] = { "10.9.9.9", NULL };
  const char *exp[] = { "10.0.0.25" };
  struct hk_dns_result r;
  (void)state;
  hk_dns_check("dbc-a.cloud.databricks.com", exp, 1, fake, ans, &r);
  assert_int_equal(r.verdict, HK_DNS_OTHER_PRIVATE);
  assert_non_null(strstr(r.fix, "10.0.0.25 dbc-a.cloud.databricks.com"));
}

static void test_no_answer(void **state)
{
  const char *exp[] = { "10.0.0.25" };
  struct hk_dns_result r;
  (void)state;
  hk_dns_check("dbc-a.cloud.databricks.com", exp, 1, fake, NULL, &r);
  assert_int_equal(r.verdict, HK_DNS_NO_ANSWER);
}

static void test_private_ranges(void **state)
{
  (void)state;
  assert_true(hk_addr_is_private("10.1.2.3"));
  assert_true(hk_addr_is_private("172.16.0.1"));
  assert_true(hk_addr_is_private("172.31.255.1"));
  assert_false(hk_addr_is_private("172.32.0.1"));
  assert_true(hk_addr_is_private("192.168.1.1"));
  assert_true(hk_addr_is_private("127.0.0.1"));
  assert_true(hk_addr_is_private("100.64.0.1"));
  assert_false(hk_addr_is_private("100.128.0.1"));
  assert_false(hk_addr_is_private("8.8.8.8"));
  assert_true(hk_addr_is_private("fd00::1"));
  assert_false(hk_addr_is_private("2001:db8::1"));
  assert_false(hk_addr_is_private("not-an-ip"));
}

static void test_system_resolver_localhost(void **state)
{
  char addrs[4][48];
  size_t n;
  (void)state;
  n = hk_resolve_system("localhost", addrs, 4, NULL);
  assert_true(n >= 1);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_ok),
    cmocka_unit_test(test_public),
    cmocka_unit_test(test_stale_private),
    cmocka_unit_test(test_no_answer),
    cmocka_unit_test(test_private_ranges),
    cmocka_unit_test(test_system_resolver_localhost),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
