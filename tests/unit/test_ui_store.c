/* test_ui_store.c - saved setups: the answers file the wizard writes is the
 * INI `heiiki apply --answers` reads, plus the wizard's place; resume reads
 * both back; hostile paths are refused. */
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

#include "core/hk_buf.h"
#include "setup/setup_answers.h"
#include "ui.h"

static struct ui *new_ui(const char *dir)
{
  struct ui *ui = calloc(1, sizeof(*ui));

  assert_non_null(ui);
  hk_setup_init(&ui->setup);
  ui->flow = ui_flow;
  ui->n_steps = ui_flow_len;
  hk_strlcpy(ui->state_dir, dir, sizeof(ui->state_dir));
  return ui;
}

static void test_round_trip(void **state)
{
  char dir[] = "/tmp/hk-ui-store-XXXXXX";
  char path[600];
  struct ui *ui, *back;
  struct hk_error err;
  struct hk_setup s;
  struct hk_diags d;
  int at = 0;

  (void)state;
  assert_non_null(mkdtemp(dir));
  ui = new_ui(dir);
  hk_strlcpy(ui->setup.name, "round-trip", sizeof(ui->setup.name));
  hk_strlcpy(ui->setup.region, "ap-northeast-1", sizeof(ui->setup.region));
  hk_strlcpy(ui->setup.network.vpc_id, "vpc-0123456789abcdef0", sizeof(ui->setup.network.vpc_id));
  ui->cur = ui_flow_find("network");
  assert_true(ui->cur > 0);
  ui->done[0] = ui->done[1] = ui->done[2] = true;
  hk_error_clear(&err);
  assert_int_equal(ui_store_save(ui, &err), HK_OK);

  /* the same file works headless: the answers reader accepts it */
  snprintf(path, sizeof(path), "%s/round-trip.answers", dir);
  hk_setup_init(&s);
  hk_diags_init(&d);
  assert_int_equal(hk_setup_read_ini(path, &s, &d), HK_OK);
  assert_string_equal(s.network.vpc_id, "vpc-0123456789abcdef0");
  hk_diags_free(&d);

  back = new_ui(dir);
  assert_int_equal(ui_store_list(back), 1);
  assert_string_equal(back->saved[0].name, "round-trip");
  assert_true(strstr(back->saved[0].progress, "3 of") != NULL);
  assert_int_equal(ui_store_load(back, back->saved[0].path, &at, &err), HK_OK);
  assert_int_equal(at, ui_flow_find("network"));
  assert_true(back->done[0] && back->done[1] && back->done[2]);
  assert_false(back->done[3]);
  assert_string_equal(back->setup.region, "ap-northeast-1");
  assert_string_equal(back->setup.network.vpc_id, "vpc-0123456789abcdef0");

  unlink(path);
  rmdir(dir);
  free(ui);
  free(back);
}

/* An answers file whose list goes on over an indented line (as the writer
 * and assets/examples/tokyo-closed.ini make them) loads whole. */
static void test_continued_list(void **state)
{
  char dir[] = "/tmp/hk-ui-store-XXXXXX";
  char path[600];
  struct ui *ui;
  struct hk_error err;
  int at = 0;
  FILE *f;

  (void)state;
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof(path), "%s/cont.answers", dir);
  f = fopen(path, "w");
  assert_non_null(f);
  fputs("[account]\nname = cont\nregion = ap-northeast-1\n[network]\n"
        "subnet_ids = subnet-02ea16dcebfcce328,\n    subnet-0dc0ecb96091fa3a6\n"
        "security_group_ids = sg-07342151c7dc24bc8\n", f);
  fclose(f);
  ui = new_ui(dir);
  hk_error_clear(&err);
  assert_int_equal(ui_store_load(ui, path, &at, &err), HK_OK);
  assert_int_equal(ui->setup.network.n_subnets, 2);
  assert_string_equal(ui->setup.network.subnet_ids[1], "subnet-0dc0ecb96091fa3a6");
  assert_int_equal(ui->setup.network.n_sgs, 1);
  unlink(path);
  rmdir(dir);
  free(ui);
}

static void test_write_refuses_symlink(void **state)
{
  char dir[] = "/tmp/hk-ui-link-XXXXXX";
  char link[600], target[600];
  struct hk_error err;
  struct stat st;

  (void)state;
  assert_non_null(mkdtemp(dir));
  snprintf(link, sizeof(link), "%s/policy.json", dir);
  snprintf(target, sizeof(target), "%s/elsewhere", dir);
  assert_int_equal(symlink(target, link), 0);
  hk_error_clear(&err);
  assert_int_equal(ui_store_write_file(link, "{}", &err), HK_IO);
  assert_true(strstr(err.message, "symbolic link") != NULL);
  assert_int_not_equal(stat(target, &st), 0);
  unlink(link);
  snprintf(link, sizeof(link), "%s/plain.json", dir);
  assert_int_equal(ui_store_write_file(link, "{\"a\":1}", &err), HK_OK);
  assert_int_equal(stat(link, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  unlink(link);
  rmdir(dir);
}

static void test_missing_dir_lists_nothing(void **state)
{
  struct ui *ui = new_ui("/nonexistent/heiiki/state");

  (void)state;
  assert_int_equal(ui_store_list(ui), 0);
  free(ui);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_round_trip),
    cmocka_unit_test(test_continued_list),
    cmocka_unit_test(test_write_refuses_symlink),
    cmocka_unit_test(test_missing_dir_lists_nothing),
  };

  return cmocka_run_group_tests(tests, NULL, NULL);
}
