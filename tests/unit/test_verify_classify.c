/* test_verify_classify.c - front-end probe and cluster failure classification. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/hk_buf.h"
#include "dbx/dbx_ws_compute.h"
#include "verify/verify_run.h"

static void test_probe(void **state)
{
  (void)state;
  assert_true(hk_verify_frontend_probe_ok(200, NULL, "<html>Databricks</html>"));
  assert_true(hk_verify_frontend_probe_ok(302, "/login.html", ""));
  assert_true(hk_verify_frontend_probe_ok(401, NULL, NULL));
  assert_false(hk_verify_frontend_probe_ok(302, "/login.html?error=private-link-validation-error", ""));
  assert_false(hk_verify_frontend_probe_ok(403, NULL, "Unauthorized access to Org: 123"));
  assert_false(hk_verify_frontend_probe_ok(200, NULL, "... private-link-validation-error ..."));
  assert_false(hk_verify_frontend_probe_ok(502, NULL, "bad gateway"));
  /* D14: a 5xx is a server error, not the private-link validation page */
  assert_int_equal(hk_verify_frontend_probe(503, NULL, "{\"error_code\":\"TEMPORARILY_UNAVAILABLE\"}"),
                   HK_FE_PROBE_SERVER);
  assert_int_equal(hk_verify_frontend_probe(502, NULL, "bad gateway"), HK_FE_PROBE_SERVER);
  assert_int_equal(hk_verify_frontend_probe(503, NULL, "private-link-validation-error"), HK_FE_PROBE_PUBLIC);
  assert_int_equal(hk_verify_frontend_probe(302, "/login.html?error=private-link-validation-error", ""),
                   HK_FE_PROBE_PUBLIC);
  assert_int_equal(hk_verify_frontend_probe(200, NULL, "<html>"), HK_FE_PROBE_OK);
}

static void test_cluster_network(void **state)
{
  struct dbx_cluster cl;
  char s[768];
  char f[512];
  (void)state;
  memset(&cl, 0, sizeof(cl));
  hk_strlcpy(cl.state, "TERMINATED", sizeof(cl.state));
  hk_strlcpy(cl.termination_code, "NETWORK_FAILURE", sizeof(cl.termination_code));
  hk_strlcpy(cl.termination_message, "Connection to the relay timed out", sizeof(cl.termination_message));
  assert_int_equal(hk_verify_classify_cluster(&cl, s, sizeof(s), f, sizeof(f)), 1);
  assert_non_null(strstr(s, "back end"));
  assert_non_null(strstr(f, "6666"));
}

static void test_cluster_permission(void **state)
{
  struct dbx_cluster cl;
  char s[768];
  char f[512];
  (void)state;
  memset(&cl, 0, sizeof(cl));
  hk_strlcpy(cl.state, "ERROR", sizeof(cl.state));
  hk_strlcpy(cl.termination_code, "CLOUD_PROVIDER_LAUNCH_FAILURE", sizeof(cl.termination_code));
  hk_strlcpy(cl.termination_message, "UnauthorizedOperation: You are not authorized to perform ec2:RunInstances",
             sizeof(cl.termination_message));
  assert_int_equal(hk_verify_classify_cluster(&cl, s, sizeof(s), f, sizeof(f)), 2);
  assert_non_null(strstr(s, "credential role"));
}

static void test_cluster_other(void **state)
{
  struct dbx_cluster cl;
  char s[768];
  char f[512];
  (void)state;
  memset(&cl, 0, sizeof(cl));
  hk_strlcpy(cl.state, "TERMINATED", sizeof(cl.state));
  hk_strlcpy(cl.termination_code, "USER_REQUEST", sizeof(cl.termination_code));
  assert_int_equal(hk_verify_classify_cluster(&cl, s, sizeof(s), f, sizeof(f)), 0);
  assert_non_null(strstr(s, "USER_REQUEST"));
}

static void test_parse_list(void **state)
{
  unsigned m = 0;
  struct hk_error e;
  (void)state;
  assert_int_equal(hk_verify_parse_list("backend,uc", &m, &e), HK_OK);
  assert_int_equal(m, (1u << HK_VERIFY_BACKEND) | (1u << HK_VERIFY_UC));
  hk_error_clear(&e);
  assert_int_equal(hk_verify_parse_list("backend,nope", &m, &e), HK_INVALID);
  assert_non_null(strstr(e.message, "nope"));
  assert_int_equal(hk_verify_parse_list("", &m, &e), HK_OK);
  assert_int_equal(m, 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_probe),
    cmocka_unit_test(test_cluster_network),
    cmocka_unit_test(test_cluster_permission),
    cmocka_unit_test(test_cluster_other),
    cmocka_unit_test(test_parse_list),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
