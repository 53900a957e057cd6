/* test_verify_hosts.c - hosts-file writer on temporary files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/hk_buf.h"
#include "verify/verify_hosts.h"

static char dir[256];

static int setup_dir(void **state)
{
  (void)state;
  snprintf(dir, sizeof(dir), "/tmp/hk-hosts-XXXXXX");
  assert_non_null(mkdtemp(dir));
  chmod(dir, 0755);
  return 0;
}

static int teardown_dir(void **state)
{
  char *cmd = hk_aprintf("rm -rf '%s'", dir);
  (void)state;
  assert_int_equal(system(cmd), 0);
  free(cmd);
  return 0;
}

static char *slurp(const char *path)
{
  FILE *f = fopen(path, "rb");
  char *buf = calloc(1, 65536);
  if(f) {
    size_t n = fread(buf, 1, 65535, f);
    buf[n] = '\0';
    fclose(f);
  }
  return buf;
}

static void put(const char *path, const char *text)
{
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static int count(const char *hay, const char *needle)
{
  int n = 0;
  const char *p = hay;
  while((p = strstr(p, needle)) != NULL) {
    n++;
    p += strlen(needle);
  }
  return n;
}

static void test_line_and_instructions(void **state)
{
  char out[1024];
  (void)state;
  assert_int_equal(hk_hosts_line("10.0.1.5", "dbc-1-2.cloud.databricks.com", out, sizeof(out)), HK_OK);
  assert_string_equal(out, "10.0.1.5 dbc-1-2.cloud.databricks.com");
  assert_int_equal(hk_hosts_line("10.0.1.5 evil", "h", out, sizeof(out)), HK_INVALID);
  assert_int_equal(hk_hosts_line("10.0.1.5", "h\nx", out, sizeof(out)), HK_INVALID);
  assert_int_equal(hk_hosts_instructions("10.0.1.5", "dbc-1-2.cloud.databricks.com", out, sizeof(out)), HK_OK);
  assert_non_null(strstr(out, "C:\\Windows\\System32\\drivers\\etc\\hosts"));
  assert_non_null(strstr(out, "/etc/hosts"));
}

static void test_create_then_replace_no_duplicates(void **state)
{
  char *path = hk_aprintf("%s/hosts", dir);
  const char *l1[] = { "10.0.1.5 dbc-a.cloud.databricks.com" };
  const char *l2[] = { "10.0.1.9 dbc-a.cloud.databricks.com" };
  char bak[512] = "";
  struct hk_error err;
  char *text;
  (void)state;
  put(path, "127.0.0.1 localhost\n::1 localhost\n");
  chmod(path, 0640);
  assert_int_equal(hk_hosts_write(path, "tokyo", l1, 1, bak, sizeof(bak), &err), HK_OK);
  text = slurp(path);
  assert_non_null(strstr(text, "127.0.0.1 localhost\n::1 localhost\n# BEGIN heiiki tokyo\n10.0.1.5 dbc-a.cloud.databricks.com\n# END heiiki tokyo\n"));
  free(text);
  assert_true(hk_hosts_has_line(path, "tokyo", l1[0]));
  /* backup holds the original */
  text = slurp(bak);
  assert_string_equal(text, "127.0.0.1 localhost\n::1 localhost\n");
  free(text);
  /* re-run with a new address: replaced, not duplicated */
  assert_int_equal(hk_hosts_write(path, "tokyo", l2, 1, NULL, 0, &err), HK_OK);
  assert_int_equal(hk_hosts_write(path, "tokyo", l2, 1, NULL, 0, &err), HK_OK);
  text = slurp(path);
  assert_int_equal(count(text, "# BEGIN heiiki tokyo"), 1);
  assert_int_equal(count(text, "dbc-a.cloud.databricks.com"), 1);
  assert_non_null(strstr(text, "10.0.1.9"));
  assert_null(strstr(text, "10.0.1.5"));
  assert_non_null(strstr(text, "127.0.0.1 localhost"));
  free(text);
  assert_false(hk_hosts_has_line(path, "tokyo", l1[0]));
  /* another setup's block is left alone */
  assert_int_equal(hk_hosts_write(path, "osaka", l1, 1, NULL, 0, &err), HK_OK);
  assert_int_equal(hk_hosts_remove(path, "tokyo", &err), HK_OK);
  text = slurp(path);
  assert_null(strstr(text, "heiiki tokyo"));
  assert_non_null(strstr(text, "# BEGIN heiiki osaka"));
  free(text);
  {
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640); /* mode kept */
  }
  free(path);
}

static void test_missing_file_created(void **state)
{
  char *path = hk_aprintf("%s/newhosts", dir);
  const char *l1[] = { "10.0.0.1 w.example" };
  struct hk_error err;
  char *text;
  (void)state;
  assert_int_equal(hk_hosts_write(path, "s", l1, 1, NULL, 0, &err), HK_OK);
  text = slurp(path);
  assert_string_equal(text, "# BEGIN heiiki s\n10.0.0.1 w.example\n# END heiiki s\n");
  free(text);
  free(path);
}

static void test_refuses_symlink(void **state)
{
  char *target = hk_aprintf("%s/target", dir);
  char *link = hk_aprintf("%s/linked", dir);
  const char *l1[] = { "10.0.0.1 w.example" };
  struct hk_error err;
  char *text;
  (void)state;
  put(target, "keep me\n");
  assert_int_equal(symlink(target, link), 0);
  hk_error_clear(&err);
  assert_int_equal(hk_hosts_write(link, "s", l1, 1, NULL, 0, &err), HK_IO);
  assert_non_null(strstr(err.message, "symbolic link"));
  text = slurp(target);
  assert_string_equal(text, "keep me\n");
  free(text);
  free(target);
  free(link);
}

static void test_permission_error_sentence(void **state)
{
  char *path = hk_aprintf("%s/ro/hosts", dir);
  char *rodir = hk_aprintf("%s/ro", dir);
  pid_t pid;
  int status = 0;
  (void)state;
  mkdir(rodir, 0755);
  put(path, "127.0.0.1 localhost\n");
  chmod(path, 0644);
  pid = fork();
  if(pid == 0) {
    const char *l1[] = { "10.0.0.1 w.example" };
    struct hk_error err;
    hk_status st;
    if(geteuid() == 0 && setuid(65534) != 0)
      _exit(3);
    if(geteuid() != 0)
      chmod(path, 0444);
    hk_error_clear(&err);
    st = hk_hosts_write(path, "s", l1, 1, NULL, 0, &err);
    if(st != HK_IO || !strstr(err.message, "permission denied") || !strstr(err.hint, "root"))
      _exit(1);
    _exit(0);
  }
  assert_true(pid > 0);
  waitpid(pid, &status, 0);
  assert_true(WIFEXITED(status));
  assert_int_equal(WEXITSTATUS(status), 0);
  free(path);
  free(rodir);
}

static void test_bad_lines_refused(void **state)
{
  char *path = hk_aprintf("%s/h2", dir);
  const char *bad[] = { "10.0.0.1 a\n10.0.0.2 b" };
  struct hk_error err;
  (void)state;
  assert_int_equal(hk_hosts_write(path, "s", bad, 1, NULL, 0, &err), HK_INVALID);
  assert_int_equal(hk_hosts_write(path, "a\nb", bad, 0, NULL, 0, &err), HK_INVALID);
  free(path);
}

/* Read a file that may hold NUL bytes. */
static size_t slurp_bin(const char *path, char *buf, size_t n)
{
  FILE *f = fopen(path, "rb");
  size_t got = 0;
  if(f) {
    got = fread(buf, 1, n, f);
    fclose(f);
  }
  return got;
}

static void put_bin(const char *path, const char *data, size_t len)
{
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, len, f), len);
  fclose(f);
}

/* D5: a BEGIN without its END is damage; nothing after it is provably ours. */
static void test_unterminated_block_refused(void **state)
{
  static const char before[] = "127.0.0.1 localhost\n# BEGIN heiiki tokyo\n192.168.1.10 printer.corp\n"
                               "10.1.1.1 intranet.corp\n";
  char *path = hk_aprintf("%s/hosts", dir);
  char *bak = hk_aprintf("%s/hosts.heiiki.bak", dir);
  const char *l1[] = { "10.0.0.4 dbc-a.cloud.databricks.com" };
  struct hk_error err;
  char *text;
  (void)state;
  put(path, before);
  hk_error_clear(&err);
  assert_int_equal(hk_hosts_write(path, "tokyo", l1, 1, NULL, 0, &err), HK_INVALID);
  assert_non_null(strstr(err.message, "line 2"));
  assert_non_null(strstr(err.message, "# END heiiki tokyo"));
  assert_non_null(strstr(err.hint, "# END heiiki tokyo"));
  hk_error_clear(&err);
  assert_int_equal(hk_hosts_remove(path, "tokyo", &err), HK_INVALID);
  text = slurp(path);
  assert_string_equal(text, before);
  free(text);
  /* a second BEGIN before the first block's END is the same damage */
  put(path, "# BEGIN heiiki tokyo\nmine\n# BEGIN heiiki tokyo\nyours\n# END heiiki tokyo\n");
  assert_int_equal(hk_hosts_remove(path, "tokyo", &err), HK_INVALID);
  /* another setup's unterminated block is not ours to judge */
  put(path, "# BEGIN heiiki osaka\nx\n");
  assert_int_equal(hk_hosts_write(path, "tokyo", l1, 1, NULL, 0, &err), HK_OK);
  text = slurp(path);
  assert_non_null(strstr(text, "# BEGIN heiiki osaka\nx\n# BEGIN heiiki tokyo\n"));
  free(text);
  /* remove keeps a backup of what it changed */
  assert_int_equal(hk_hosts_remove(path, "tokyo", &err), HK_OK);
  text = slurp(bak);
  assert_non_null(strstr(text, "# BEGIN heiiki tokyo\n10.0.0.4"));
  free(text);
  text = slurp(path);
  assert_string_equal(text, "# BEGIN heiiki osaka\nx\n");
  free(text);
  free(path);
  free(bak);
}

/* D13: what heiiki does not own is kept byte for byte (NUL, CRLF). */
static void test_binary_and_crlf_kept(void **state)
{
  static const char before[] = "127.0.0.1 localhost\r\nodd\0bytes\r\n\r\n\r\n# tail\r\n";
  char *path = hk_aprintf("%s/hosts", dir);
  const char *l1[] = { "10.0.0.4 w.example" };
  struct hk_error err;
  char buf[4096];
  size_t n;
  (void)state;
  put_bin(path, before, sizeof(before) - 1);
  assert_int_equal(hk_hosts_write(path, "s", l1, 1, NULL, 0, &err), HK_OK);
  n = slurp_bin(path, buf, sizeof(buf));
  assert_true(n > sizeof(before) - 1);
  assert_memory_equal(buf, before, sizeof(before) - 1);
  assert_memory_equal(buf + sizeof(before) - 1, "# BEGIN heiiki s\r\n10.0.0.4 w.example\r\n# END heiiki s\r\n",
                      n - (sizeof(before) - 1));
  assert_true(hk_hosts_has_line(path, "s", l1[0]));
  assert_int_equal(hk_hosts_remove(path, "s", &err), HK_OK);
  n = slurp_bin(path, buf, sizeof(buf));
  assert_int_equal(n, sizeof(before) - 1);
  assert_memory_equal(buf, before, n);
  /* a block in the middle is replaced where it stands */
  put(path, "a\n# BEGIN heiiki s\nold\n# END heiiki s\nb\n");
  assert_int_equal(hk_hosts_write(path, "s", l1, 1, NULL, 0, &err), HK_OK);
  n = slurp_bin(path, buf, sizeof(buf));
  buf[n] = '\0';
  assert_string_equal(buf, "a\n# BEGIN heiiki s\n10.0.0.4 w.example\n# END heiiki s\nb\n");
  /* no final newline: the old last line is ended, nothing else changes */
  put(path, "a\n\n\nlast");
  assert_int_equal(hk_hosts_write(path, "s", l1, 1, NULL, 0, &err), HK_OK);
  n = slurp_bin(path, buf, sizeof(buf));
  buf[n] = '\0';
  assert_string_equal(buf, "a\n\n\nlast\n# BEGIN heiiki s\n10.0.0.4 w.example\n# END heiiki s\n");
  free(path);
}

/* D13: owner, mode and hard links are kept. */
static void test_owner_and_links_kept(void **state)
{
  char *path = hk_aprintf("%s/hosts", dir);
  char *other = hk_aprintf("%s/hosts-link", dir);
  const char *l1[] = { "10.0.0.4 w.example" };
  struct hk_error err;
  struct stat a, b;
  char *text;
  (void)state;
  put(path, "127.0.0.1 localhost\n");
  chmod(path, 0604);
  if(geteuid() == 0)
    assert_int_equal(chown(path, 65534, 65534), 0);
  assert_int_equal(hk_hosts_write(path, "s", l1, 1, NULL, 0, &err), HK_OK);
  assert_int_equal(stat(path, &a), 0);
  assert_int_equal(a.st_mode & 07777, 0604);
  if(geteuid() == 0) {
    assert_int_equal(a.st_uid, 65534);
    assert_int_equal(a.st_gid, 65534);
  }
  assert_int_equal(link(path, other), 0);
  assert_int_equal(hk_hosts_remove(path, "s", &err), HK_OK);
  assert_int_equal(stat(path, &a), 0);
  assert_int_equal(stat(other, &b), 0);
  assert_true(a.st_ino == b.st_ino);
  assert_int_equal(a.st_nlink, 2);
  text = slurp(other);
  assert_string_equal(text, "127.0.0.1 localhost\n");
  free(text);
  free(path);
  free(other);
}

/* D12: a FIFO (or anything not a regular file) is refused at once. */
static void test_fifo_refused_without_hanging(void **state)
{
  char *path = hk_aprintf("%s/hosts", dir);
  pid_t pid;
  int status = 0;
  (void)state;
  assert_int_equal(mkfifo(path, 0644), 0);
  pid = fork();
  if(pid == 0) {
    const char *l1[] = { "10.0.0.4 w.example" };
    struct hk_error err;
    alarm(5);
    hk_error_clear(&err);
    if(hk_hosts_write(path, "s", l1, 1, NULL, 0, &err) != HK_IO || !strstr(err.message, "regular"))
      _exit(1);
    if(hk_hosts_remove(path, "s", &err) != HK_IO || hk_hosts_has_line(path, "s", l1[0]))
      _exit(2);
    _exit(0);
  }
  assert_true(pid > 0);
  waitpid(pid, &status, 0);
  assert_true(WIFEXITED(status));   /* not killed by the alarm */
  assert_int_equal(WEXITSTATUS(status), 0);
  free(path);
}

/* D13: two writers of different setups on one file never lose a block. */
static void test_concurrent_writers_keep_both_blocks(void **state)
{
  char *path = hk_aprintf("%s/hosts", dir);
  pid_t pids[2];
  int k, status;
  char *text;
  (void)state;
  put(path, "127.0.0.1 localhost\n");
  for(k = 0; k < 2; k++) {
    pids[k] = fork();
    if(pids[k] == 0) {
      char name[16], line[64];
      struct hk_error err;
      const char *l1[] = { line };
      int i;
      snprintf(name, sizeof(name), "setup%d", k);
      for(i = 0; i < 60; i++) {
        snprintf(line, sizeof(line), "10.0.%d.%d host%d.example", k, i, k);
        if(hk_hosts_write(path, name, l1, 1, NULL, 0, &err) != HK_OK)
          _exit(1);
      }
      _exit(0);
    }
    assert_true(pids[k] > 0);
  }
  for(k = 0; k < 2; k++) {
    status = 0;
    waitpid(pids[k], &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
  }
  text = slurp(path);
  assert_true(hk_hosts_has_line(path, "setup0", "10.0.0.59 host0.example"));
  assert_true(hk_hosts_has_line(path, "setup1", "10.0.1.59 host1.example"));
  assert_int_equal(count(text, "# BEGIN heiiki"), 2);
  assert_non_null(strstr(text, "127.0.0.1 localhost\n"));
  free(text);
  free(path);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_line_and_instructions),
    cmocka_unit_test_setup_teardown(test_create_then_replace_no_duplicates, setup_dir, teardown_dir),
    cmocka_unit_test_setup_teardown(test_missing_file_created, setup_dir, teardown_dir),
    cmocka_unit_test_setup_teardown(test_refuses_symlink, setup_dir, teardown_dir),
    cmocka_unit_test_setup_teardown(test_permission_error_sentence, setup_dir, teardown_dir),
    cmocka_unit_test_setup_teardown(test_bad_lines_refused, setup_dir, teardown_dir),
    cmocka_unit_test_setup_teardown(test_unterminated_block_refused, setup_dir, teardown_dir),
    cmocka_unit_test_setup_teardown(test_binary_and_crlf_kept, setup_dir, teardown_dir),
    cmocka_unit_test_setup_teardown(test_owner_and_links_kept, setup_dir, teardown_dir),
    cmocka_unit_test_setup_teardown(test_fifo_refused_without_hanging, setup_dir, teardown_dir),
    cmocka_unit_test_setup_teardown(test_concurrent_writers_keep_both_blocks, setup_dir, teardown_dir),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
