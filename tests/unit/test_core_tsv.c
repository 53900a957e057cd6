/* test_core_tsv.c - the one TSV reader behind the assets/ tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/hk_tsv.h"

struct seen {
  int rows;
  int last_line;
  int last_cols;
  char first[64];
  char joined[256];
  int stop_at;      /* fail on this line (0: never) */
};

static hk_status collect(void *ctx, char **cols, int n, int lineno, struct hk_error *err)
{
  struct seen *s = ctx;
  int i;
  size_t len;

  if(s->stop_at && lineno == s->stop_at)
    return hk_error_set(err, HK_PARSE, "row %d refused", lineno);
  if(!s->rows)
    snprintf(s->first, sizeof(s->first), "%s", cols[0]);
  for(i = 0; i < n; i++) {
    len = strlen(s->joined);
    snprintf(s->joined + len, sizeof(s->joined) - len, "%s%s", i ? "|" : "", cols[i]);
  }
  len = strlen(s->joined);
  snprintf(s->joined + len, sizeof(s->joined) - len, ";");
  s->rows++;
  s->last_line = lineno;
  s->last_cols = n;
  return HK_OK;
}

static void test_rows_version_and_line_numbers(void **state)
{
  struct seen s;
  struct hk_error err;
  char version[16] = "";
  (void)state;
  memset(&s, 0, sizeof(s));
  hk_error_clear(&err);
  assert_int_equal(hk_tsv_parse("# a table\r\n# version\t2026-11\n\nname\tvalue\r\n"
                                "a\t1\r\n\n\nb\t\t3\n", "t.tsv", "name", version,
                                sizeof(version), collect, &s, &err), HK_OK);
  assert_int_equal(s.rows, 2);
  assert_string_equal(version, "2026-11");
  assert_string_equal(s.joined, "a|1;b||3;");
  assert_int_equal(s.last_line, 8);      /* blank lines still count */
  assert_int_equal(s.last_cols, 3);      /* an empty column is a column */
}

static void test_header_errors(void **state)
{
  struct seen s;
  struct hk_error err;
  (void)state;
  memset(&s, 0, sizeof(s));
  assert_int_equal(hk_tsv_parse("# only comments\n\n", "t.tsv", "name", NULL, 0, collect, &s,
                                &err), HK_PARSE);
  assert_non_null(strstr(err.message, "t.tsv has no header line \"name\""));
  assert_int_equal(hk_tsv_parse("a\t1\nname\tvalue\n", "t.tsv", "name", NULL, 0, collect, &s,
                                &err), HK_PARSE);
  assert_non_null(strstr(err.message, "t.tsv line 1"));
  assert_non_null(strstr(err.message, "header"));
  assert_int_equal(s.rows, 0);
  assert_int_equal(hk_tsv_parse(NULL, "t.tsv", "name", NULL, 0, collect, &s, &err), HK_PARSE);
}

static void test_row_error_stops_the_walk(void **state)
{
  struct seen s;
  struct hk_error err;
  (void)state;
  memset(&s, 0, sizeof(s));
  s.stop_at = 3;
  assert_int_equal(hk_tsv_parse("name\n1\n2\n3\n", "t.tsv", "name", NULL, 0, collect, &s, &err),
                   HK_PARSE);
  assert_string_equal(err.message, "row 3 refused");
  assert_int_equal(s.rows, 1);
}

static void test_split_caps_columns(void **state)
{
  char line[] = "a\tb\tc\td";
  char *cols[3];
  char one[] = "";
  (void)state;
  assert_int_equal(hk_tsv_split(line, cols, 3), 3);
  assert_string_equal(cols[0], "a");
  assert_string_equal(cols[2], "c\td");  /* the rest stays in the last column */
  assert_int_equal(hk_tsv_split(one, cols, 3), 1);
  assert_string_equal(cols[0], "");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_rows_version_and_line_numbers),
    cmocka_unit_test(test_header_errors),
    cmocka_unit_test(test_row_error_stops_the_walk),
    cmocka_unit_test(test_split_caps_columns),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
