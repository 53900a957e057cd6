/* test_journal_parse.c - the loader never crashes on garbage and refuses with a sentence. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan/journal.h"

static const char *valid =
  "{\"heiiki_state\": 1, \"name\": \"tokyo\", \"phase\": \"applying\",\n"
  " \"created_at\": \"2026-11-24T10:00:00Z\", \"updated_at\": \"2026-11-24T10:01:00Z\",\n"
  " \"answers\": {\"account\": {\"region\": \"ap-northeast-1\"}},\n"
  " \"actions\": [\n"
  "  {\"id\": \"aws.vpce.relay\", \"state\": \"done\", \"origin\": \"created\",\n"
  "   \"client_token\": \"hk-00\", \"result\": {\"vpce_id\": \"vpce-1\"}},\n"
  "  {\"id\": \"dbx.workspace\", \"state\": \"intent\"}\n"
  " ]}";

static hk_status parse(const char *text, size_t len, struct hk_error *e)
{
  struct hk_journal j;
  hk_status st;

  memset(&j, 0, sizeof(j));
  j.lock_fd = -1;
  hk_error_clear(e);
  st = hk_journal_parse(&j, text, len, e);
  hk_journal_free(&j);
  return st;
}

static void test_valid(void **state)
{
  struct hk_journal j;
  struct hk_error e;
  char *again;
  (void)state;

  memset(&j, 0, sizeof(j));
  j.lock_fd = -1;
  assert_int_equal(hk_journal_parse(&j, valid, strlen(valid), &e), HK_OK);
  assert_int_equal(j.n_actions, 2);
  assert_string_equal(j.phase, "applying");
  /* dump -> parse is a fixed point */
  again = hk_journal_dump(&j);
  hk_journal_free(&j);
  assert_int_equal(parse(again, strlen(again), &e), HK_OK);
  free(again);
}

static void test_wrong_shapes(void **state)
{
  static const char *const cases[] = {
    "", "null", "[]", "42", "\"x\"", "{}",
    "{\"heiiki_state\": \"1\", \"name\": \"a\"}",
    "{\"heiiki_state\": 0, \"name\": \"a\"}",
    "{\"heiiki_state\": 1.5, \"name\": \"a\"}",
    "{\"heiiki_state\": -1e308, \"name\": \"a\"}",
    "{\"heiiki_state\": 1}",
    "{\"heiiki_state\": 1, \"name\": 5}",
    "{\"heiiki_state\": 1, \"name\": \"../../etc\"}",
    "{\"heiiki_state\": 1, \"name\": \"a\", \"answers\": []}",
    "{\"heiiki_state\": 1, \"name\": \"a\", \"actions\": {}}",
    "{\"heiiki_state\": 1, \"name\": \"a\", \"actions\": [1]}",
    "{\"heiiki_state\": 1, \"name\": \"a\", \"actions\": [{\"state\": \"done\"}]}",
    "{\"heiiki_state\": 1, \"name\": \"a\", \"actions\": [{\"id\": \"x\"}]}",
    "{\"heiiki_state\": 1, \"name\": \"a\", \"actions\": [{\"id\": \"x\", \"state\": \"weird\"}]}",
    "{\"heiiki_state\": 1, \"name\": \"a\", \"actions\": [{\"id\": \"x\", \"state\": \"done\", \"origin\": 3}]}",
    "{\"heiiki_state\": 1, \"name\": \"a\", \"actions\": [{\"id\": \"x\", \"state\": \"done\", \"result\": {\"k\": 1}}]}",
    "{\"heiiki_state\": 1, \"name\": \"a\", \"actions\": [{\"id\": \"x\", \"state\": \"done\", \"result\": []}]}",
    "{\"heiiki_state\": 1, \"name\": \"a\", \"actions\": [{\"id\": \"x\", \"state\": \"done\"}, {\"id\": \"x\", \"state\": \"done\"}]}",
    "{\"heiiki_state\": 1, \"name\": \"a\", \"actions\": [{\"id\": \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\", \"state\": \"done\"}]}",
  };
  struct hk_error e;
  size_t i;
  (void)state;

  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    hk_status st = parse(cases[i], strlen(cases[i]), &e);
    if(st != HK_STATE)
      fail_msg("case %zu accepted: %s", i, cases[i]);
    assert_true(strlen(e.message) > 20);
  }
}

static void test_embedded_nul(void **state)
{
  struct hk_error e;
  char buf[64] = "{\"heiiki_state\": 1,\0 \"name\": \"a\"}";
  (void)state;
  assert_int_equal(parse(buf, 40, &e), HK_STATE);
}

/* Every prefix of a valid file: refused (or, for the whole, accepted); never a crash. */
static void test_truncations(void **state)
{
  struct hk_error e;
  size_t len = strlen(valid);
  size_t i;
  int refused = 0;
  (void)state;

  for(i = 0; i < len; i++) {
    char *p = malloc(i + 1);
    assert_non_null(p);
    memcpy(p, valid, i);
    p[i] = '\0';
    if(parse(p, i, &e) == HK_STATE)
      refused++;
    free(p);
  }
  assert_int_equal(refused, (int)len); /* no strict prefix of an object is JSON */
}

/* Deterministic byte mutations and random garbage. */
static void test_mutations(void **state)
{
  struct hk_error e;
  size_t len = strlen(valid);
  unsigned long seed = 12345;
  int i, ok = 0, refused = 0;
  (void)state;

  for(i = 0; i < 20000; i++) {
    char *p = malloc(len + 1);
    int k, flips;
    hk_status st;
    assert_non_null(p);
    memcpy(p, valid, len + 1);
    seed = seed * 6364136223846793005UL + 1442695040888963407UL;
    flips = 1 + (int)((seed >> 33) % 4);
    for(k = 0; k < flips; k++) {
      seed = seed * 6364136223846793005UL + 1442695040888963407UL;
      p[(seed >> 33) % len] = (char)((seed >> 17) & 0xff);
    }
    st = parse(p, len, &e);
    assert_true(st == HK_OK || st == HK_STATE);
    if(st == HK_OK)
      ok++;
    else
      refused++;
    free(p);
  }
  for(i = 0; i < 2000; i++) {
    char g[256];
    size_t n = 1 + (size_t)i % sizeof(g);
    size_t b;
    for(b = 0; b < n; b++) {
      seed = seed * 6364136223846793005UL + 1442695040888963407UL;
      g[b] = (char)(seed >> 40);
    }
    assert_true(parse(g, n, &e) == HK_STATE);
  }
  print_message("mutations: %d accepted, %d refused\n", ok, refused);
  assert_true(refused > 0);
}

static void test_too_big(void **state)
{
  struct hk_error e;
  (void)state;
  assert_int_equal(parse(valid, HK_JOURNAL_MAX_BYTES + 1, &e), HK_STATE);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_valid),
    cmocka_unit_test(test_wrong_shapes),
    cmocka_unit_test(test_embedded_nul),
    cmocka_unit_test(test_truncations),
    cmocka_unit_test(test_mutations),
    cmocka_unit_test(test_too_big),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
