/* test_journal_file.c - state file: round trip, 0600, atomic replace, refusals. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "plan/journal.h"

static char dir[256];

static int setup_dir(void **state)
{
  (void)state;
  snprintf(dir, sizeof(dir), "/tmp/hk-journal-test-XXXXXX");
  assert_non_null(mkdtemp(dir));
  return 0;
}

static int rm_dir(void **state)
{
  char cmd[400];
  (void)state;
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
  return 0;
}

static void write_text(const char *path, const char *text)
{
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static char *read_text(const char *path)
{
  FILE *f = fopen(path, "rb");
  char *buf = calloc(1, 1 << 20);
  assert_non_null(f);
  assert_non_null(buf);
  fread(buf, 1, (1 << 20) - 1, f);
  fclose(f);
  return buf;
}

static void new_journal(struct hk_journal *j, const char *name)
{
  struct hk_error e;
  assert_int_equal(hk_journal_init(j, dir, name, &e), HK_OK);
}

static void test_roundtrip(void **state)
{
  struct hk_journal j, k;
  struct hk_jaction *a;
  struct hk_error e;
  (void)state;

  new_journal(&j, "tokyo");
  assert_int_equal(hk_journal_set_answers(&j, "{\"account\":{\"region\":\"ap-northeast-1\"}}"),
                   HK_OK);
  assert_int_equal(hk_journal_mark_intent(&j, "aws.vpce.relay", "hk-abc", &e), HK_OK);
  a = hk_journal_find(&j, "aws.vpce.relay");
  assert_non_null(a);
  assert_int_equal(hk_kvmap_set(&a->result, "vpce_id", "vpce-0123456789abcdef0"), HK_OK);
  assert_int_equal(hk_journal_mark_done(&j, "aws.vpce.relay", HK_ORIGIN_CREATED, &e), HK_OK);
  assert_int_equal(hk_journal_mark_intent(&j, "dbx.network", "", &e), HK_OK);
  hk_journal_free(&j);

  assert_int_equal(hk_journal_open(&k, dir, "tokyo", &e), HK_OK);
  assert_int_equal(k.n_actions, 2);
  a = hk_journal_find(&k, "aws.vpce.relay");
  assert_non_null(a);
  assert_int_equal(a->state, HK_JS_DONE);
  assert_int_equal(a->origin, HK_ORIGIN_CREATED);
  assert_string_equal(a->client_token, "hk-abc");
  assert_string_equal(hk_kvmap_str(&a->result, "vpce_id"), "vpce-0123456789abcdef0");
  assert_true(a->intent_at[0] && a->done_at[0]);
  assert_int_equal(hk_journal_find(&k, "dbx.network")->state, HK_JS_INTENT);
  assert_non_null(strstr(k.answers, "ap-northeast-1"));
  hk_journal_free(&k);
}

static void test_absent_is_not_found(void **state)
{
  struct hk_journal j;
  struct hk_error e;
  (void)state;
  assert_int_equal(hk_journal_open(&j, dir, "nothing-here", &e), HK_NOT_FOUND);
  assert_int_equal(j.n_actions, 0);
  hk_journal_free(&j);
}

static void test_mode_0600_and_dir_0700(void **state)
{
  struct hk_journal j;
  struct hk_error e;
  struct stat st;
  char sub[400];
  (void)state;

  snprintf(sub, sizeof(sub), "%s/deeper/heiiki", dir);
  assert_int_equal(hk_journal_init(&j, sub, "perm", &e), HK_OK);
  umask(0);
  assert_int_equal(hk_journal_save(&j, &e), HK_OK);
  umask(022);
  assert_int_equal(stat(j.path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  assert_int_equal(stat(sub, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0700);
  hk_journal_free(&j);
}

static int count_entries(const char *d)
{
  DIR *dd = opendir(d);
  struct dirent *de;
  int n = 0;
  assert_non_null(dd);
  for(;;) {
    de = readdir(dd);
    if(!de)
      break;
    if(de->d_name[0] != '.')
      n++;
  }
  closedir(dd);
  return n;
}

static void test_atomic_replace(void **state)
{
  struct hk_journal j;
  struct hk_error e;
  struct stat st1, st2;
  char stale[4300];
  int i;
  (void)state;

  new_journal(&j, "atomic");
  assert_int_equal(hk_journal_save(&j, &e), HK_OK);
  assert_int_equal(stat(j.path, &st1), 0);
  /* a stale temp file of a crashed writer with our pid does not block us */
  snprintf(stale, sizeof(stale), "%s.tmp.%ld", j.path, (long)getpid());
  write_text(stale, "half a file");
  assert_int_equal(hk_journal_mark_intent(&j, "act.first", "t", &e), HK_OK);
  assert_int_equal(stat(j.path, &st2), 0);
  assert_true(st1.st_ino != st2.st_ino); /* replaced by rename, not rewritten in place */
  for(i = 0; i < 20; i++) {
    char id[32];
    snprintf(id, sizeof(id), "act.%d", i);
    assert_int_equal(hk_journal_mark_intent(&j, id, "t", &e), HK_OK);
  }
  assert_int_equal(count_entries(dir), 1); /* no temp file left behind */
  hk_journal_free(&j);
}

static void test_corrupt_refused_untouched(void **state)
{
  struct hk_journal j;
  struct hk_error e;
  char path[400];
  const char *bad = "{\"heiiki_state\": 1, \"name\": \"broken\", \"actions\": [ {\"id\": ";
  char *after;
  (void)state;

  snprintf(path, sizeof(path), "%s/broken.json", dir);
  write_text(path, bad);
  hk_error_clear(&e);
  assert_int_equal(hk_journal_open(&j, dir, "broken", &e), HK_STATE);
  assert_non_null(strstr(e.message, "damaged"));
  assert_non_null(strstr(e.message, "untouched"));
  hk_journal_free(&j);
  after = read_text(path);
  assert_string_equal(after, bad);
  free(after);
}

static void test_newer_version_refused(void **state)
{
  struct hk_journal j;
  struct hk_error e;
  char path[400];
  const char *newer = "{\"heiiki_state\": 7, \"name\": \"future\", \"actions\": []}";
  char *after;
  (void)state;

  snprintf(path, sizeof(path), "%s/future.json", dir);
  write_text(path, newer);
  hk_error_clear(&e);
  assert_int_equal(hk_journal_open(&j, dir, "future", &e), HK_STATE);
  assert_non_null(strstr(e.message, "newer heiiki"));
  assert_non_null(strstr(e.message, "schema 7"));
  hk_journal_free(&j);
  after = read_text(path);
  assert_string_equal(after, newer);
  free(after);
}

static void test_name_mismatch_refused(void **state)
{
  struct hk_journal j;
  struct hk_error e;
  char path[400];
  (void)state;
  snprintf(path, sizeof(path), "%s/one.json", dir);
  write_text(path, "{\"heiiki_state\": 1, \"name\": \"two\"}");
  assert_int_equal(hk_journal_open(&j, dir, "one", &e), HK_STATE);
  assert_non_null(strstr(e.message, "belongs to setup"));
  hk_journal_free(&j);
}

static void test_secret_guard(void **state)
{
  struct hk_journal j;
  struct hk_error e;
  struct stat st;
  const char *secret = "heiiki-sandbox-secret-key-0000000000000000";
  (void)state;

  new_journal(&j, "guarded");
  hk_journal_guard(&j, secret);
  assert_int_equal(hk_journal_set_answers(&j, "{\"oops\":\"heiiki-sandbox-secret-key-0000000000000000\"}"),
                   HK_OK);
  hk_error_clear(&e);
  assert_int_equal(hk_journal_save(&j, &e), HK_STATE);
  assert_non_null(strstr(e.message, "secret"));
  assert_int_not_equal(stat(j.path, &st), 0);
  assert_int_equal(count_entries(dir), 0);
  hk_journal_free(&j);
}

static void test_lock_conflict(void **state)
{
  struct hk_journal a, b;
  struct hk_error e;
  (void)state;
  new_journal(&a, "locked");
  new_journal(&b, "locked");
  {
    char stale[4300];
    struct stat st;
    snprintf(stale, sizeof(stale), "%s.tmp.999999", a.path);
    write_text(stale, "{\"half");
    assert_int_equal(hk_journal_lock(&a, &e), HK_OK);
    assert_int_not_equal(stat(stale, &st), 0); /* a killed writer's temp file is cleaned */
  }
  assert_int_equal(hk_journal_lock(&b, &e), HK_CONFLICT);
  assert_non_null(strstr(e.message, "Another heiiki"));
  hk_journal_free(&a);
  assert_int_equal(hk_journal_lock(&b, &e), HK_OK);
  hk_journal_free(&b);
}

/* The wizard's hold: a journal read without the lock (maybe stale) is read
 * again under it; a held one is kept; another setup's is swapped. */
static void test_hold(void **state)
{
  struct hk_journal j, other, w;
  struct hk_error e;
  bool open = false;
  (void)state;

  hk_error_clear(&e);
  assert_int_equal(hk_journal_init(&w, dir, "held", &e), HK_OK);
  assert_int_equal(hk_journal_mark_intent(&w, "aws.role", "", &e), HK_OK);   /* saved */
  hk_journal_free(&w);
  assert_int_equal(hk_journal_hold(&j, &open, dir, "none", false, &e), HK_NOT_FOUND);
  assert_false(open);
  assert_int_equal(hk_journal_open(&j, dir, "held", &e), HK_OK);     /* read, not locked */
  open = true;
  assert_true(j.lock_fd < 0);
  /* another writer saves meanwhile: the held copy must be the new one */
  assert_int_equal(hk_journal_open_locked(&w, dir, "held", false, &e), HK_OK);
  assert_int_equal(hk_journal_mark_intent(&w, "aws.bucket", "", &e), HK_OK);
  assert_int_equal(hk_journal_hold(&j, &open, dir, "held", false, &e), HK_CONFLICT);
  assert_false(open);
  hk_journal_free(&w);
  assert_int_equal(hk_journal_hold(&j, &open, dir, "held", false, &e), HK_OK);
  assert_true(open);
  assert_true(j.lock_fd >= 0);
  assert_non_null(hk_journal_find(&j, "aws.bucket"));
  assert_int_equal(hk_journal_hold(&j, &open, dir, "held", false, &e), HK_OK);  /* kept */
  assert_non_null(hk_journal_find(&j, "aws.bucket"));
  assert_int_equal(hk_journal_open_locked(&other, dir, "held", false, &e), HK_CONFLICT);
  hk_journal_free(&other);
  assert_int_equal(hk_journal_hold(&j, &open, dir, "fresh", true, &e), HK_OK);   /* swapped */
  assert_string_equal(j.name, "fresh");
  assert_int_equal(hk_journal_open_locked(&other, dir, "held", false, &e), HK_OK);  /* released */
  hk_journal_free(&other);
  hk_journal_free(&j);
}

static void test_list(void **state)
{
  struct hk_journal j;
  struct hk_journal_info *infos;
  struct hk_error e;
  char path[400];
  size_t n;
  (void)state;

  new_journal(&j, "b-setup");
  assert_int_equal(hk_journal_mark_intent(&j, "x", "", &e), HK_OK);
  assert_int_equal(hk_journal_mark_done(&j, "x", HK_ORIGIN_CREATED, &e), HK_OK);
  assert_int_equal(hk_journal_mark(&j, "y", HK_JS_PENDING, &e), HK_OK);
  hk_journal_free(&j);
  snprintf(path, sizeof(path), "%s/a-broken.json", dir);
  write_text(path, "not json");
  snprintf(path, sizeof(path), "%s/ignored.txt", dir);
  write_text(path, "x");

  assert_int_equal(hk_journal_list(dir, &infos, &n, &e), HK_OK);
  assert_int_equal(n, 2);
  assert_string_equal(infos[0].name, "a-broken");
  assert_false(infos[0].readable);
  assert_non_null(strstr(infos[0].why, "damaged"));
  assert_string_equal(infos[1].name, "b-setup");
  assert_true(infos[1].readable);
  assert_int_equal(infos[1].done, 1);
  assert_int_equal(infos[1].total, 2);
  free(infos);
}

static void test_state_dir(void **state)
{
  char out[512];
  struct hk_error e;
  (void)state;

  setenv("HEIIKI_STATE_DIR", "/env/dir", 1);
  assert_int_equal(hk_state_dir("/opt/x", out, sizeof(out), &e), HK_OK);
  assert_string_equal(out, "/opt/x");
  assert_int_equal(hk_state_dir(NULL, out, sizeof(out), &e), HK_OK);
  assert_string_equal(out, "/env/dir");
  unsetenv("HEIIKI_STATE_DIR");
  setenv("XDG_STATE_HOME", "/xdg", 1);
  assert_int_equal(hk_state_dir(NULL, out, sizeof(out), &e), HK_OK);
  assert_string_equal(out, "/xdg/heiiki");
  unsetenv("XDG_STATE_HOME");
  setenv("HOME", "/home/op", 1);
  assert_int_equal(hk_state_dir(NULL, out, sizeof(out), &e), HK_OK);
  assert_string_equal(out, "/home/op/.local/state/heiiki");
}

static void test_names_and_tokens(void **state)
{
  char t1[64], t2[64], t3[64];
  struct hk_error e;
  (void)state;

  assert_int_equal(hk_journal_name_check("tokyo-closed_1.x", &e), HK_OK);
  assert_int_equal(hk_journal_name_check("../etc/passwd", &e), HK_INVALID);
  assert_int_equal(hk_journal_name_check(".hidden", &e), HK_INVALID);
  assert_int_equal(hk_journal_name_check("", &e), HK_INVALID);
  assert_int_equal(hk_journal_name_check("a b", &e), HK_INVALID);
  assert_int_equal(hk_journal_name_check("\xe9\x96\x89", &e), HK_INVALID);

  hk_client_token("tokyo", "aws.vpce.relay", t1, sizeof(t1));
  hk_client_token("tokyo", "aws.vpce.relay", t2, sizeof(t2));
  hk_client_token("tokyo", "aws.vpce.sts", t3, sizeof(t3));
  assert_string_equal(t1, t2);
  assert_string_not_equal(t1, t3);
  assert_int_equal(strlen(t1), 43); /* "hk-" + 40 hex; EC2 allows 64 */
  assert_memory_equal(t1, "hk-", 3);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_roundtrip, setup_dir, rm_dir),
    cmocka_unit_test_setup_teardown(test_absent_is_not_found, setup_dir, rm_dir),
    cmocka_unit_test_setup_teardown(test_mode_0600_and_dir_0700, setup_dir, rm_dir),
    cmocka_unit_test_setup_teardown(test_atomic_replace, setup_dir, rm_dir),
    cmocka_unit_test_setup_teardown(test_corrupt_refused_untouched, setup_dir, rm_dir),
    cmocka_unit_test_setup_teardown(test_newer_version_refused, setup_dir, rm_dir),
    cmocka_unit_test_setup_teardown(test_name_mismatch_refused, setup_dir, rm_dir),
    cmocka_unit_test_setup_teardown(test_secret_guard, setup_dir, rm_dir),
    cmocka_unit_test_setup_teardown(test_lock_conflict, setup_dir, rm_dir),
    cmocka_unit_test_setup_teardown(test_hold, setup_dir, rm_dir),
    cmocka_unit_test_setup_teardown(test_list, setup_dir, rm_dir),
    cmocka_unit_test(test_state_dir),
    cmocka_unit_test(test_names_and_tokens),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
