/* test_setup_answers.c - the answers file: good files, every error kind, writer round trip. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "setup/setup_answers.h"
#include "setup/setup_assets.h"
#include "setup/setup_fields.h"

static const struct hk_diag *find_diag(const struct hk_diags *d, int line)
{
  size_t i;
  for(i = 0; i < d->n; i++)
    if(d->items[i].line == line)
      return &d->items[i];
  return NULL;
}

static void expect_diag(const struct hk_diags *d, int line, const char *prefix, const char *phrase)
{
  const struct hk_diag *g = find_diag(d, line);
  if(!g)
    fail_msg("no problem reported on line %d", line);
  if(strncmp(g->message, prefix, strlen(prefix)) != 0 || !strstr(g->message, phrase))
    fail_msg("line %d: \"%s\" should start \"%s\" and say \"%s\"", line, g->message, prefix, phrase);
}

static void example_path(char *out, size_t n)
{
  struct hk_error err;
  assert_int_equal(hk_assets_path("examples/tokyo-closed.ini", out, n, &err), HK_OK);
}

static void test_example_loads(void **state)
{
  struct hk_setup s;
  struct hk_diags d;
  char path[4200];
  struct hk_buf b;
  (void)state;
  example_path(path, sizeof(path));
  hk_setup_init(&s);
  hk_diags_init(&d);
  if(hk_setup_read_ini(path, &s, &d) != HK_OK) {
    hk_buf_init(&b);
    hk_diags_format(&d, &b);
    fail_msg("example: %s", b.data);
  }
  assert_int_equal(d.n, 0);
  assert_int_equal(hk_setup_check_complete(&s, path, &d), HK_OK);
  assert_string_equal(s.name, "tokyo-closed");
  assert_string_equal(s.region, "ap-northeast-1");
  assert_int_equal(s.partition, HK_PART_AWS);
  assert_int_equal(s.network.n_subnets, 2);      /* the list goes on over an indented line */
  assert_string_equal(s.network.subnet_ids[1], "subnet-0dc0ecb96091fa3a6");
  assert_true(s.backend_shared);
  assert_false(s.endpoints[HK_EP_BACKEND_REST].enabled);
  assert_int_equal(s.endpoints[HK_EP_RELAY].choice, HK_CREATE);
  assert_int_equal(s.credential.choice, HK_CREATE);
  assert_string_equal(s.credential.role_name, "tokyo-closed-crossaccount");
  assert_int_equal(s.storage.choice, HK_CREATE);
  assert_string_equal(s.endpoints[HK_EP_RELAY].sg_id, "sg-0c57cd4ef4c7ad637");
  assert_true(s.client.glue);
  assert_int_equal(s.client.n_client_cidrs, 1);
  assert_false(s.pas.public_access);
  assert_int_equal(s.pas.level, HK_PAS_ENDPOINT);
  hk_diags_free(&d);
}

static void test_every_error(void **state)
{
  static const char text[] =
      "\xEF\xBB\xBF# comment\n"                                     /* 1 BOM + comment */
      "stray = 1\n"                                                /* 2 outside any section */
      "[acount]\n"                                                 /* 3 unknown, close */
      "name = x\n"                                                 /* 4 skipped */
      "[account]\n"                                                /* 5 */
      "  name = tokyo-closed\n"                                    /* 6 indented key: fine */
      "regoin = ap-northeast-1\n"                                  /* 7 did you mean */
      "vpc_id = vpc-0123456789abcdef0\n"                           /* 8 wrong section */
      "name = again\n"                                             /* 9 set twice */
      "account_id = not-a-uuid\n"                                  /* 10 invalid value */
      "this line has no equals sign\n"                             /* 11 not key = value */
      "[network\n"                                                 /* 12 unclosed */
      "[network]\n"                                                /* 13 */
      "subnet_ids = subnet-0123456789abcdef0\n"                    /* 14 */
      "    subnet-0123456789abcdef1\n"                             /* 15 continuation: ok */
      "    subnet-bad\n"                                           /* 16 bad continuation */
      "  [client]\n"                                               /* 17 indented header */
      "[private_access]\n"                                         /* 18 */
      "public_access = false\n"                                    /* 19 */
      "    true\n"                                                 /* 20 bool continuation */
      "level = ANY\n"                                              /* 21 bad enum */
      "[nonsense]\n"                                               /* 22 unknown, far */
      "[client]\n"                                                 /* 23 */
      "client_cidrs = 10.0.0.1/8\n"                                /* 24 host bits */
      "hosts_file = /etc/hosts ; inline comment\n"                 /* 25 ok */
      "[endpoints]\n"                                              /* 26 */
      "relay.securty_group = sg-0123456789abcdef0\n"               /* 27 did you mean */
      "relay.vpce_id = vpce-0123456789abcdef0\r\n";                /* 28 CRLF ok */
  char longline[400];
  struct hk_buf all;
  struct hk_setup s;
  struct hk_diags d;
  (void)state;

  hk_buf_init(&all);
  assert_int_equal(hk_buf_puts(&all, text), HK_OK);
  memset(longline, 'x', sizeof(longline));
  memcpy(longline, "name = ", 7);
  longline[sizeof(longline) - 1] = '\0';
  hk_buf_printf(&all, "[workspace]\n%s\n", longline);             /* 29, 30 too long */
  hk_buf_puts(&all, "name = tokyo-closed-workspace\n");          /* 31 ok */
  hk_buf_puts(&all, "= orphan value\n");                          /* 32 no key */

  hk_setup_init(&s);
  hk_diags_init(&d);
  assert_int_equal(hk_setup_read_ini_string(all.data, "t.ini", &s, &d), HK_CONFIG);
  expect_diag(&d, 2, "t.ini:2: stray: ", "outside any section");
  expect_diag(&d, 3, "t.ini:3: ", "unknown section [acount]; did you mean [account]?");
  assert_null(find_diag(&d, 4));
  assert_null(find_diag(&d, 6));
  expect_diag(&d, 7, "t.ini:7: account.regoin: ", "did you mean region?");
  expect_diag(&d, 8, "t.ini:8: account.vpc_id: ", "belongs in section [network]");
  expect_diag(&d, 9, "t.ini:9: account.name: ", "set twice (first on line 6)");
  expect_diag(&d, 10, "t.ini:10: account.account_id: ", "UUID");
  expect_diag(&d, 11, "t.ini:11: ", "not \"key = value\"");
  expect_diag(&d, 12, "t.ini:12: ", "no closing ']'");
  assert_null(find_diag(&d, 15));
  expect_diag(&d, 16, "t.ini:16: network.subnet_ids: ", "entry 3");
  expect_diag(&d, 17, "t.ini:17: ", "beginning of the line");
  expect_diag(&d, 20, "t.ini:20: private_access.public_access: ", "only lists and text");
  expect_diag(&d, 21, "t.ini:21: private_access.level: ", "ACCOUNT, ENDPOINT");
  expect_diag(&d, 22, "t.ini:22: ", "the sections are [account]");
  expect_diag(&d, 24, "t.ini:24: client.client_cidrs: ", "host bits");
  assert_null(find_diag(&d, 25));
  expect_diag(&d, 27, "t.ini:27: endpoints.relay.securty_group: ", "did you mean relay.security_group?");
  assert_null(find_diag(&d, 28));
  expect_diag(&d, 30, "t.ini:30: ", "at most 198");
  assert_null(find_diag(&d, 31));
  expect_diag(&d, 32, "t.ini:32: ", "no key before the '='");
  assert_int_equal(d.n, 17);
  /* what was good was applied */
  assert_string_equal(s.name, "tokyo-closed");
  assert_int_equal(s.network.n_subnets, 2);
  assert_string_equal(s.client.hosts_file, "/etc/hosts");
  assert_string_equal(s.endpoints[HK_EP_RELAY].vpce_id, "vpce-0123456789abcdef0");
  assert_string_equal(s.workspace.name, "tokyo-closed-workspace");
  {
    struct hk_buf out;
    hk_buf_init(&out);
    assert_int_equal(hk_diags_format(&d, &out), HK_OK);
    assert_non_null(strstr(out.data, "t.ini:21: private_access.level: "));
    hk_buf_free(&out);
  }
  hk_diags_free(&d);
  hk_buf_free(&all);
}

static void test_hostile_files(void **state)
{
  struct hk_setup s;
  struct hk_diags d;
  char *big;
  size_t i;
  char path[] = "/tmp/hk-answers-XXXXXX";
  int fd;
  FILE *f;
  (void)state;

  /* missing file */
  hk_setup_init(&s);
  hk_diags_init(&d);
  assert_int_equal(hk_setup_read_ini("/nonexistent/heiiki.ini", &s, &d), HK_IO);
  assert_int_equal(d.n, 1);
  assert_non_null(strstr(d.items[0].message, "cannot open the answers file"));
  hk_diags_free(&d);

  /* a NUL byte in the middle of a file */
  fd = mkstemp(path);
  assert_true(fd >= 0);
  f = fdopen(fd, "w");
  fwrite("[account]\nname = a\0b\n", 1, 22, f);
  fclose(f);
  hk_diags_init(&d);
  assert_int_equal(hk_setup_read_ini(path, &s, &d), HK_CONFIG);
  assert_non_null(strstr(d.items[0].message, ":2: the line contains a NUL byte"));
  hk_diags_free(&d);
  remove(path);

  /* binary garbage: many problems, bounded, never a crash */
  big = malloc(200001);
  assert_non_null(big);
  for(i = 0; i < 200000; i++)
    big[i] = (char)(1 + (i * 131 + (i >> 7)) % 255);
  big[200000] = '\0';
  hk_diags_init(&d);
  assert_int_equal(hk_setup_read_ini_string(big, "garbage", &s, &d), HK_CONFIG);
  assert_true(d.n > 0 && d.n <= HK_DIAGS_MAX);
  hk_diags_free(&d);
  /* over 1 MiB: refused at once */
  big = realloc(big, 1100001);
  assert_non_null(big);
  memset(big, '#', 1100000);
  big[1100000] = '\0';
  hk_diags_init(&d);
  assert_int_equal(hk_setup_read_ini_string(big, "huge", &s, &d), HK_CONFIG);
  assert_int_equal(d.n, 1);
  assert_non_null(strstr(d.items[0].message, "larger than 1 MiB"));
  hk_diags_free(&d);
  free(big);
}

static void test_missing(void **state)
{
  struct hk_setup s;
  struct hk_diags d;
  size_t i;
  bool saw_vpc = false, saw_arn = false, saw_rname = false;
  (void)state;
  hk_setup_init(&s);
  hk_diags_init(&d);
  assert_int_equal(hk_setup_check_complete(&s, "a.ini", &d), HK_CONFIG);
  for(i = 0; i < d.n; i++) {
    saw_vpc = saw_vpc || strncmp(d.items[i].message, "a.ini: network.vpc_id: missing", 30) == 0;
    saw_arn = saw_arn || strcmp(d.items[i].key, "credential.role_arn") == 0;
    saw_rname = saw_rname || strcmp(d.items[i].key, "credential.role_name") == 0;
  }
  assert_true(saw_vpc);
  assert_true(saw_arn);
  assert_false(saw_rname);   /* not active with mode = existing */
  hk_diags_free(&d);
}

/* Format -> read gives back the same answers, including long lists and text. */
static void test_writer_round_trip(void **state)
{
  struct hk_setup s, back;
  struct hk_diags d;
  struct hk_buf b;
  struct hk_error err;
  char path[4200], v1[4096], v2[4096];
  size_t i;
  char longname[257];
  FILE *tmp;
  (void)state;

  example_path(path, sizeof(path));
  hk_setup_init(&s);
  hk_diags_init(&d);
  assert_int_equal(hk_setup_read_ini(path, &s, &d), HK_OK);
  /* eight 24-character subnets: longer than one line */
  assert_int_equal(hk_field_set(&s, hk_field_find("network.subnet_ids"),
                                "subnet-0000000000000000a,subnet-0000000000000000b,"
                                "subnet-0000000000000000c,subnet-0000000000000000d,"
                                "subnet-0000000000000000e,subnet-0000000000000000f,"
                                "subnet-00000000000000010,subnet-00000000000000011", &err), HK_OK);
  /* a 256-character name with spaces */
  for(i = 0; i < 256; i++)
    longname[i] = (i % 9 == 8) ? ' ' : (char)('a' + i % 26);
  longname[0] = 'N';
  longname[255] = 'z';
  longname[256] = '\0';
  assert_int_equal(hk_field_set(&s, hk_field_find("network.name"), longname, &err), HK_OK);
  assert_int_equal(hk_field_set(&s, hk_field_find("credential.mode"), "create", &err), HK_OK);
  assert_int_equal(hk_field_set(&s, hk_field_find("credential.role_name"), "my-role", &err), HK_OK);

  hk_buf_init(&b);
  assert_int_equal(hk_setup_format_ini(&s, &b), HK_OK);
  /* no line over the limit; inactive answers are comments */
  {
    const char *p = b.data;
    while(*p) {
      const char *nl = strchr(p, '\n');
      size_t len = nl ? (size_t)(nl - p) : strlen(p);
      assert_true(len <= HK_INI_LINE_MAX);
      p += len + (nl ? 1 : 0);
    }
  }
  assert_non_null(strstr(b.data, "\n# role_arn =\n"));
  assert_non_null(strstr(b.data, "\n[private_access]\n"));
  assert_non_null(strstr(b.data, "\n# (existing | create)\nmode = create\n"));

  hk_setup_init(&back);
  if(hk_setup_read_ini_string(b.data, "written", &back, &d) != HK_OK) {
    struct hk_buf e;
    hk_buf_init(&e);
    hk_diags_format(&d, &e);
    fail_msg("%s\n---\n%s", e.data, b.data);
  }
  for(i = 0; i < hk_n_fields; i++) {
    if(!hk_field_active(&s, &hk_fields[i]))
      continue;
    hk_field_get(&s, &hk_fields[i], v1, sizeof(v1));
    hk_field_get(&back, &hk_fields[i], v2, sizeof(v2));
    if(strcmp(v1, v2) != 0)
      fail_msg("%s: wrote \"%s\", read \"%s\"", hk_fields[i].key, v1, v2);
  }
  assert_int_equal(back.network.n_subnets, 8);
  assert_string_equal(back.network.name, longname);

  /* the FILE writer writes the same bytes */
  tmp = tmpfile();
  assert_non_null(tmp);
  assert_int_equal(hk_setup_write_ini(&s, tmp), HK_OK);
  assert_int_equal(ftell(tmp), (long)b.len);
  fclose(tmp);
  hk_buf_free(&b);
  hk_diags_free(&d);
}

static void test_edit_distance(void **state)
{
  (void)state;
  assert_int_equal(hk_edit_distance("regoin", "region"), 2);
  assert_int_equal(hk_edit_distance("", "abc"), 3);
  assert_int_equal(hk_edit_distance("same", "same"), 0);
}

/* The bounded distance is min(distance, bound) for every pair: checked over
 * a fixed pseudo-random set of short strings on a small alphabet. */
static void test_edit_distance_within(void **state)
{
  unsigned seed = 12345;
  char a[16], b[16];
  int n, k, bound, full;
  (void)state;
  assert_int_equal(hk_edit_distance_within("regoin", "region", 3), 2);
  assert_int_equal(hk_edit_distance_within("regoin", "region", 2), 2);
  assert_int_equal(hk_edit_distance_within("regoin", "region", 1), 1);
  assert_int_equal(hk_edit_distance_within("a", "abcdefgh", 4), 4);   /* length gap alone */
  for(n = 0; n < 5000; n++) {
    int la, lb;
    seed = seed * 1103515245u + 12345u;
    la = (int)((seed >> 16) % 12);
    seed = seed * 1103515245u + 12345u;
    lb = (int)((seed >> 16) % 12);
    for(k = 0; k < la; k++) {
      seed = seed * 1103515245u + 12345u;
      a[k] = (char)('a' + (seed >> 16) % 3);
    }
    a[la] = '\0';
    for(k = 0; k < lb; k++) {
      seed = seed * 1103515245u + 12345u;
      b[k] = (char)('a' + (seed >> 16) % 3);
    }
    b[lb] = '\0';
    full = hk_edit_distance(a, b);
    for(bound = 0; bound <= 13; bound++)
      assert_int_equal(hk_edit_distance_within(a, b, bound), full < bound ? full : bound);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_example_loads),
    cmocka_unit_test(test_every_error),
    cmocka_unit_test(test_hostile_files),
    cmocka_unit_test(test_missing),
    cmocka_unit_test(test_writer_round_trip),
    cmocka_unit_test(test_edit_distance),
    cmocka_unit_test(test_edit_distance_within),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
