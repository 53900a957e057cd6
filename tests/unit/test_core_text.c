/* test_core_text.c - display cells: widths, padding and cutting UTF-8 text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "core/hk_text.h"

static void test_widths(void **state)
{
  (void)state;
  assert_int_equal(hk_text_width(""), 0);
  assert_int_equal(hk_text_width(NULL), 0);
  assert_int_equal(hk_text_width("Status"), 6);
  assert_int_equal(hk_text_width("ステータス"), 10);            /* 15 bytes */
  assert_int_equal(hk_text_width("hosts の行"), 10);
  assert_int_equal(hk_text_width("ＡＢ"), 4);                    /* full-width Latin */
  assert_int_equal(hk_text_width("e\xcc\x81"), 1);               /* e + combining acute */
  assert_int_equal(hk_text_width("\xff\xfe"), 2);                /* invalid bytes: 1 each */
  assert_int_equal(hk_text_width("\xe3\x81"), 2);                /* a cut sequence: 2 bytes */
  assert_int_equal(hk_text_width("\xc0\xaf"), 2);                /* overlong '/' */
  assert_int_equal(hk_text_width("\xed\xa0\x80"), 3);            /* a surrogate */
}

static void test_pad_counts_cells(void **state)
{
  char buf[64];
  (void)state;
  assert_string_equal(hk_text_pad(buf, sizeof(buf), "ID", 12), "ID          ");
  assert_string_equal(hk_text_pad(buf, sizeof(buf), "ステータス", 12), "ステータス  ");
  assert_int_equal(hk_text_width(hk_text_pad(buf, sizeof(buf), "作成", 7)), 7);
  /* longer than the column: kept whole, like printf */
  assert_string_equal(hk_text_pad(buf, sizeof(buf), "ワークスペース", 4), "ワークスペース");
  /* a buffer too small cuts at a character boundary */
  assert_string_equal(hk_text_pad(buf, 8, "ワーク", 2), "ワー");
  assert_string_equal(hk_text_pad(buf, 1, "x", 5), "");
}

static void test_fit_never_splits_a_character(void **state)
{
  char buf[64];
  (void)state;
  assert_string_equal(hk_text_fit(buf, sizeof(buf), "ワークスペース", 6), "ワーク");
  /* a wide character that would straddle the edge is left out, a space fills */
  assert_string_equal(hk_text_fit(buf, sizeof(buf), "ワークスペース", 5), "ワー ");
  assert_int_equal(hk_text_width(buf), 5);
  assert_string_equal(hk_text_fit(buf, sizeof(buf), "abc", 5), "abc  ");
  assert_string_equal(hk_text_fit(buf, sizeof(buf), "abcdef", 3), "abc");
  assert_string_equal(hk_text_fit(buf, sizeof(buf), "e\xcc\x81x", 1), "e\xcc\x81");
  assert_string_equal(hk_text_fit(buf, sizeof(buf), "x", 0), "");
}

static void test_break_points(void **state)
{
  (void)state;
  assert_int_equal(hk_text_break("short", 76), 5);
  assert_int_equal(hk_text_break("", 10), 0);
  assert_int_equal(hk_text_break("one two three", 9), 7);        /* before the space */
  assert_int_equal(hk_text_break("one two three", 7), 7);        /* a line that ends just there */
  assert_int_equal(hk_text_break("abcdefghij", 4), 4);           /* no space: hard break */
  /* Japanese without spaces: whole characters only, 3 bytes each, 2 cells each */
  assert_int_equal(hk_text_break("アカウントコンソール", 7), 9);  /* 3 characters = 6 cells */
  assert_int_equal(hk_text_break("アカウントコンソール", 1), 3);  /* one character at least */
  /* a space that fits wins over a hard break */
  assert_int_equal(hk_text_break("VPC endpoint", 8), 3);
  /* between wide characters is a break point too: the line is filled */
  assert_int_equal(hk_text_break("VPC のエンドポイント", 8), 10);  /* "VPC のエ" */
  assert_int_equal(hk_text_break("heiiki は、AWS 上の Databricks ワークスペース", 36), 41);  /* ..."ワー" */
}

/* Japanese line breaking (kinsoku shori, JIS X 4051): no line starts with a
 * closing bracket, 、。, ー or a small kana; none ends with an opening bracket. */
static void test_break_kinsoku(void **state)
{
  (void)state;
  assert_true(hk_text_can_break(0x30A2, 0x30AB));          /* ア|カ */
  assert_true(hk_text_can_break('S', 0x4E0A));             /* AWS|上 */
  assert_true(hk_text_can_break('a', ' '));
  assert_false(hk_text_can_break(' ', 'a'));
  assert_false(hk_text_can_break('a', 'b'));               /* a narrow word */
  assert_false(hk_text_can_break(0x30AB, 0x3001));         /* カ|、 */
  assert_false(hk_text_can_break(0x30AB, 0x3002));         /* カ|。 */
  assert_false(hk_text_can_break(0x30EB, 0x30FC));         /* ル|ー */
  assert_false(hk_text_can_break(0x30C8, 0x30C3));         /* ト|ッ */
  assert_false(hk_text_can_break(0x30C8, 0x300D));         /* ト|」 */
  assert_false(hk_text_can_break(0x30C8, 0xFF09));         /* ト|） */
  assert_false(hk_text_can_break(0x300C, 0x30C8));         /* 「|ト */
  assert_false(hk_text_can_break(0xFF08, 0x30C8));         /* （|ト */
  assert_false(hk_text_can_break(0x3010, 0x30C8));         /* 【|ト */
  assert_false(hk_text_can_break(0x30AB, 0x30FB));         /* カ|・ */
  assert_false(hk_text_can_break(0x30AB, 0x3099));         /* a combining mark */
  assert_false(hk_text_can_break(0x540D, '>'));            /* <セットアップ名>: ASCII brackets too */
  assert_false(hk_text_can_break('<', 0x30BB));
  assert_false(hk_text_can_break(0x540D, ')'));
  /* 。 would start the next line: the break moves one character back */
  assert_int_equal(hk_text_break("作成します。次へ", 10), 12);     /* "作成しま" | "す。次へ" */
  assert_int_equal(hk_text_break("サブネット、VPC", 10), 12);      /* "サブネッ" | "ト、VPC" */
  /* 「 would end the line: it goes to the next one with its word */
  assert_int_equal(hk_text_break("名前「ワークスペース」", 6), 6);  /* "名前" | "「ワー..." */
  assert_int_equal(hk_text_break("ーーーーー", 4), 6);             /* no break point: hard */
  /* a bounded length: the line stops at len */
  assert_int_equal(hk_text_break_n("アカウント\nID", 15, 40), 15);
  assert_int_equal(hk_text_break_n("アカウント", 9, 4), 6);
}

static void test_c_locale_still_counts_wide(void **state)
{
  (void)state;
  setlocale(LC_ALL, "C");
  assert_int_equal(hk_text_width("ステータス"), 10);
  assert_int_equal(hk_text_width("ab"), 2);
  if(!setlocale(LC_ALL, "C.UTF-8"))
    setlocale(LC_ALL, "C.utf8");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_widths),
    cmocka_unit_test(test_pad_counts_cells),
    cmocka_unit_test(test_fit_never_splits_a_character),
    cmocka_unit_test(test_break_points),
    cmocka_unit_test(test_break_kinsoku),
    cmocka_unit_test(test_c_locale_still_counts_wide),
  };
  if(!setlocale(LC_ALL, "C.UTF-8"))
    setlocale(LC_ALL, "C.utf8");
  return cmocka_run_group_tests(tests, NULL, NULL);
}
