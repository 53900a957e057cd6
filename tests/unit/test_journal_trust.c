/* test_journal_trust.c - one writer per setup, and state other users cannot touch
 * (issue 20: D1-D3 lock then read, the holder named; D7 StrictModes; D12 FIFOs and
 * links never followed or waited on; D20a an API conflict is not "state unusable"). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "plan/apply.h"
#include "plan/journal.h"

static char dir[256];

static void on_alarm(int sig)
{
  (void)sig;
  /* a FIFO read that blocks is the defect: fail instead of hanging the suite */
  static const char msg[] = "timed out: heiiki waited on a FIFO\n";
  ssize_t w = write(2, msg, sizeof(msg) - 1);
  (void)w;
  _exit(1);
}

static int setup_dir(void **state)
{
  (void)state;
  snprintf(dir, sizeof(dir), "/tmp/hk-trust-test-XXXXXX");
  assert_non_null(mkdtemp(dir));
  signal(SIGALRM, on_alarm);
  alarm(20);
  return 0;
}

static int rm_dir(void **state)
{
  char cmd[400];
  (void)state;
  alarm(0);
  chmod(dir, 0700);
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
  return 0;
}

static void path_of(char *out, size_t n, const char *file)
{
  snprintf(out, n, "%s/%s", dir, file);
}

/* A saved setup "name" with one created action. */
static void save_setup(const char *name, const char *vpce)
{
  struct hk_journal j;
  struct hk_jaction *a;
  struct hk_error e;

  assert_int_equal(hk_journal_init(&j, dir, name, &e), HK_OK);
  assert_int_equal(hk_journal_mark_intent(&j, "aws.vpce.sts", "t", &e), HK_OK);
  a = hk_journal_find(&j, "aws.vpce.sts");
  assert_int_equal(hk_kvmap_set(&a->result, "vpce_id", vpce), HK_OK);
  assert_int_equal(hk_journal_mark_done(&j, "aws.vpce.sts", HK_ORIGIN_CREATED, &e), HK_OK);
  hk_journal_free(&j);
}

/* --- D1-D3: the lock first, then the read; the holder is named --- */

static void test_lock_names_its_holder(void **state)
{
  struct hk_journal a, b;
  struct hk_error e;
  char pid[32], host[256] = "";
  (void)state;

  hk_journal_set_command("heiiki verify");
  assert_int_equal(hk_journal_init(&a, dir, "held", &e), HK_OK);
  assert_int_equal(hk_journal_init(&b, dir, "held", &e), HK_OK);
  assert_int_equal(hk_journal_lock(&a, &e), HK_OK);
  hk_error_clear(&e);
  assert_int_equal(hk_journal_lock(&b, &e), HK_CONFLICT);
  snprintf(pid, sizeof(pid), "process %ld", (long)getpid());
  assert_int_equal(gethostname(host, sizeof(host) - 1), 0);
  assert_non_null(strstr(e.message, "Another heiiki is working on setup \"held\""));
  assert_non_null(strstr(e.message, "heiiki verify"));
  assert_non_null(strstr(e.message, pid));
  assert_non_null(strstr(e.message, host));
  assert_non_null(strstr(e.message, "since 20"));
  assert_non_null(strstr(e.hint, "Wait for it to finish"));
  hk_journal_free(&a);
  assert_int_equal(hk_journal_lock(&b, &e), HK_OK);
  hk_journal_free(&b);
}

static void test_open_locked_reads_after_the_lock(void **state)
{
  struct hk_journal a, b;
  struct hk_error e;
  (void)state;

  /* a holds the lock on a setup that has no file yet */
  assert_int_equal(hk_journal_open_locked(&a, dir, "race", true, &e), HK_OK);
  assert_true(a.lock_fd >= 0);
  assert_int_equal(a.n_actions, 0);
  /* b cannot get it, and reads nothing it could later write back */
  hk_error_clear(&e);
  assert_int_equal(hk_journal_open_locked(&b, dir, "race", true, &e), HK_CONFLICT);
  assert_int_equal(b.lock_fd, -1);
  assert_int_equal(b.n_actions, 0);
  hk_journal_free(&b);
  /* a writes and ends; b now reads what a left */
  assert_int_equal(hk_journal_mark_intent(&a, "dbx.workspace", "", &e), HK_OK);
  assert_int_equal(hk_journal_mark_done(&a, "dbx.workspace", HK_ORIGIN_CREATED, &e), HK_OK);
  hk_journal_free(&a);
  assert_int_equal(hk_journal_open_locked(&b, dir, "race", true, &e), HK_OK);
  assert_int_equal(b.n_actions, 1);
  assert_int_equal(hk_journal_find(&b, "dbx.workspace")->origin, HK_ORIGIN_CREATED);
  hk_journal_free(&b);
}

static void test_open_locked_missing_setup_leaves_nothing(void **state)
{
  struct hk_journal j;
  struct hk_error e;
  char lock[400];
  struct stat st;
  (void)state;

  assert_int_equal(hk_journal_open_locked(&j, dir, "nosuch", false, &e), HK_NOT_FOUND);
  assert_int_equal(j.lock_fd, -1);
  hk_journal_free(&j);
  path_of(lock, sizeof(lock), "nosuch.json.lock");
  assert_int_not_equal(stat(lock, &st), 0);   /* no lock file for a setup that is not there */
  save_setup("there", "vpce-1");
  assert_int_equal(hk_journal_open_locked(&j, dir, "there", false, &e), HK_OK);
  assert_true(j.lock_fd >= 0);
  assert_int_equal(j.n_actions, 1);
  path_of(lock, sizeof(lock), "there.json.lock");
  assert_int_equal(stat(lock, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  hk_journal_free(&j);
}

/* --- D7: owner and mode, as ssh's StrictModes --- */

static void test_group_or_world_writable_dir_refused(void **state)
{
  static const mode_t modes[] = { 0777, 0775, 0770, 01777 };
  struct hk_journal j;
  struct hk_error e;
  struct hk_journal_info *infos = NULL;
  size_t i, n = 0;
  (void)state;

  save_setup("tokyo", "vpce-1");
  for(i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
    assert_int_equal(chmod(dir, modes[i]), 0);
    hk_error_clear(&e);
    assert_int_equal(hk_journal_open(&j, dir, "tokyo", &e), HK_STATE);
    assert_non_null(strstr(e.message, "can be written by other users"));
    assert_non_null(strstr(e.hint, "chmod 700"));
    assert_int_equal(j.n_actions, 0);
    hk_journal_free(&j);
    hk_error_clear(&e);
    assert_int_equal(hk_journal_open_locked(&j, dir, "tokyo", false, &e), HK_STATE);
    assert_int_equal(j.lock_fd, -1);
    hk_journal_free(&j);
    hk_error_clear(&e);
    assert_int_equal(hk_journal_list(dir, &infos, &n, &e), HK_STATE);
    free(infos);
  }
  assert_int_equal(chmod(dir, 0755), 0);   /* readable by others is fine; writable is not */
  assert_int_equal(hk_journal_open(&j, dir, "tokyo", &e), HK_OK);
  hk_journal_free(&j);
}

static void test_writable_state_file_refused(void **state)
{
  struct hk_journal j;
  struct hk_error e;
  char path[400];
  (void)state;

  save_setup("tokyo", "vpce-1");
  path_of(path, sizeof(path), "tokyo.json");
  assert_int_equal(chmod(path, 0666), 0);
  hk_error_clear(&e);
  assert_int_equal(hk_journal_open(&j, dir, "tokyo", &e), HK_STATE);
  assert_non_null(strstr(e.message, "can be written by other users (mode 0666)"));
  assert_non_null(strstr(e.hint, "chmod 600"));
  hk_journal_free(&j);
  assert_int_equal(chmod(path, 0644), 0);
  assert_int_equal(hk_journal_open(&j, dir, "tokyo", &e), HK_OK);
  hk_journal_free(&j);
}

static void test_foreign_owner_refused(void **state)
{
  struct hk_journal j;
  struct hk_error e;
  char path[400];
  (void)state;

  if(geteuid() != 0)
    skip();                         /* only root can give a file away */
  save_setup("tokyo", "vpce-1");
  path_of(path, sizeof(path), "tokyo.json");
  assert_int_equal(chown(path, 65534, 65534), 0);
  hk_error_clear(&e);
  assert_int_equal(hk_journal_open(&j, dir, "tokyo", &e), HK_STATE);
  assert_non_null(strstr(e.message, "belongs to user 65534"));
  assert_non_null(strstr(e.hint, "chown"));
  hk_journal_free(&j);
  assert_int_equal(chown(path, 0, 0), 0);
  assert_int_equal(chown(dir, 65534, 65534), 0);
  hk_error_clear(&e);
  assert_int_equal(hk_journal_open(&j, dir, "tokyo", &e), HK_STATE);
  assert_non_null(strstr(e.message, "The state directory"));
  assert_non_null(strstr(e.message, "belongs to user 65534"));
  hk_journal_free(&j);
  assert_int_equal(chown(dir, 0, 0), 0);
}

/* --- D12: never follow a link, never wait on a FIFO --- */

static void test_fifo_refused_without_waiting(void **state)
{
  struct hk_journal j;
  struct hk_error e;
  struct hk_journal_info *infos = NULL;
  char path[400];
  size_t n = 0;
  (void)state;

  path_of(path, sizeof(path), "piped.json");
  assert_int_equal(mkfifo(path, 0600), 0);
  hk_error_clear(&e);
  assert_int_equal(hk_journal_open(&j, dir, "piped", &e), HK_STATE);   /* old code: hangs */
  assert_non_null(strstr(e.message, "not a regular file"));
  assert_non_null(strstr(e.message, "FIFO"));
  hk_journal_free(&j);
  assert_int_equal(hk_journal_open_locked(&j, dir, "piped", false, &e), HK_STATE);
  hk_journal_free(&j);
  /* the `heiiki resume` listing names it unreadable and goes on */
  save_setup("tokyo", "vpce-1");
  assert_int_equal(hk_journal_list(dir, &infos, &n, &e), HK_OK);
  assert_int_equal(n, 2);
  assert_string_equal(infos[0].name, "piped");
  assert_false(infos[0].readable);
  assert_non_null(strstr(infos[0].why, "not a regular file"));
  assert_true(infos[1].readable);
  free(infos);
}

static void test_directory_and_link_refused(void **state)
{
  struct hk_journal j;
  struct hk_error e;
  char path[400], target[400];
  (void)state;

  path_of(path, sizeof(path), "adir.json");
  assert_int_equal(mkdir(path, 0700), 0);
  hk_error_clear(&e);
  assert_int_equal(hk_journal_open(&j, dir, "adir", &e), HK_STATE);
  assert_non_null(strstr(e.message, "not a regular file but a directory"));
  hk_journal_free(&j);

  save_setup("real", "vpce-1");
  path_of(target, sizeof(target), "real.json");
  path_of(path, sizeof(path), "linked.json");
  assert_int_equal(symlink(target, path), 0);
  hk_error_clear(&e);
  assert_int_equal(hk_journal_open(&j, dir, "linked", &e), HK_STATE);
  assert_non_null(strstr(e.message, "symbolic link"));
  hk_journal_free(&j);
}

/* --- D20a: a conflict from the API is a failed action (1), not an unusable state (6) --- */

static void test_api_conflict_is_a_failure_not_a_state_problem(void **state)
{
  struct hk_engine eng;
  (void)state;

  memset(&eng, 0, sizeof(eng));
  eng.n_failed = 1;
  assert_int_equal(hk_apply_exit_code(&eng, HK_CONFLICT), HK_EXIT_FAILURE);
  assert_int_equal(hk_apply_exit_code(&eng, HK_STATE), HK_EXIT_STATE);
  assert_int_equal(hk_apply_exit_code(&eng, HK_OK), HK_EXIT_OK);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_lock_names_its_holder, setup_dir, rm_dir),
    cmocka_unit_test_setup_teardown(test_open_locked_reads_after_the_lock, setup_dir, rm_dir),
    cmocka_unit_test_setup_teardown(test_open_locked_missing_setup_leaves_nothing, setup_dir,
                                    rm_dir),
    cmocka_unit_test_setup_teardown(test_group_or_world_writable_dir_refused, setup_dir, rm_dir),
    cmocka_unit_test_setup_teardown(test_writable_state_file_refused, setup_dir, rm_dir),
    cmocka_unit_test_setup_teardown(test_foreign_owner_refused, setup_dir, rm_dir),
    cmocka_unit_test_setup_teardown(test_fifo_refused_without_waiting, setup_dir, rm_dir),
    cmocka_unit_test_setup_teardown(test_directory_and_link_refused, setup_dir, rm_dir),
    cmocka_unit_test(test_api_conflict_is_a_failure_not_a_state_problem),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
