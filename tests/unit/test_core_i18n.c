/* test_core_i18n.c - locale names and finding the message catalogs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hk_i18n.h"

static void test_lang_of_locale_names(void **state)
{
  char out[16];
  (void)state;
  assert_string_equal(hk_i18n_lang("ja_JP.UTF-8", out, sizeof(out)), "ja");
  assert_string_equal(hk_i18n_lang("ja", out, sizeof(out)), "ja");
  assert_string_equal(hk_i18n_lang("ja:en", out, sizeof(out)), "ja");
  assert_string_equal(hk_i18n_lang("de_DE@euro", out, sizeof(out)), "de");
  assert_string_equal(hk_i18n_lang("C", out, sizeof(out)), "");
  assert_string_equal(hk_i18n_lang("POSIX", out, sizeof(out)), "");
  assert_string_equal(hk_i18n_lang("C.UTF-8", out, sizeof(out)), "");
  assert_string_equal(hk_i18n_lang(NULL, out, sizeof(out)), "");
  assert_string_equal(hk_i18n_lang("verylonglanguage_XX", out, 4), "ver");
}

static void test_catalog_lookup(void **state)
{
  char dir[] = "/tmp/hk-i18n-XXXXXX";
  char p[256];
  FILE *f;
  (void)state;
  assert_non_null(mkdtemp(dir));
  assert_false(hk_i18n_has_catalog(dir, NULL));
  assert_false(hk_i18n_has_catalog(dir, "ja"));
  snprintf(p, sizeof(p), "%s/ja", dir);
  assert_int_equal(mkdir(p, 0700), 0);
  snprintf(p, sizeof(p), "%s/ja/LC_MESSAGES", dir);
  assert_int_equal(mkdir(p, 0700), 0);
  assert_false(hk_i18n_has_catalog(dir, NULL));     /* a directory without the .mo */
  snprintf(p, sizeof(p), "%s/ja/LC_MESSAGES/heiiki.mo", dir);
  f = fopen(p, "w");
  assert_non_null(f);
  fclose(f);
  assert_true(hk_i18n_has_catalog(dir, NULL));
  assert_true(hk_i18n_has_catalog(dir, "ja"));
  assert_false(hk_i18n_has_catalog(dir, "de"));
  assert_false(hk_i18n_has_catalog(dir, ""));
  assert_false(hk_i18n_has_catalog("", "ja"));
  unlink(p);
  snprintf(p, sizeof(p), "%s/ja/LC_MESSAGES", dir);
  rmdir(p);
  snprintf(p, sizeof(p), "%s/ja", dir);
  rmdir(p);
  rmdir(dir);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_lang_of_locale_names),
    cmocka_unit_test(test_catalog_lookup),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
