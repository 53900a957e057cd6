/* test_fuzz_regressions.c - inputs that crashed a fuzz target once, kept so
 * the bug stays fixed (run under `make asan` to see memory errors). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "dbx/dbx_error.h"

/* fuzz_dbx_json: dbx_error_from_http ran strspn over a body that is not
 * NUL-terminated (the API passes body + len), reading past the end. */
static void test_dbx_error_body_not_terminated(void **state)
{
  char *body = malloc(2);
  struct dbx_http_result r;
  struct hk_error err;
  (void)state;
  body[0] = ' ';
  body[1] = '\n';
  memset(&r, 0, sizeof(r));
  r.http_status = 409;
  r.body = body;
  r.len = 2;
  hk_error_clear(&err);
  assert_int_equal(dbx_error_from_http(&r, "POST /networks", &err), HK_CONFLICT);
  assert_true(err.message[0] != '\0');
  body[0] = 'x';
  hk_error_clear(&err);
  dbx_error_from_http(&r, "POST /networks", &err);
  assert_true(err.message[0] != '\0');
  free(body);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_dbx_error_body_not_terminated),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
