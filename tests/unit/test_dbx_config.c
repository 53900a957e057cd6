/* test_dbx_config.c - unified client auth: precedence env > file, profiles, checks. */
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

#include "dbx/dbx_config.h"

#define ACCT "0b9c2a5e-1f1d-4c1e-9a55-3e2d8f7a6b10"

struct fake_env {
  const char *kv[32];  /* name, value pairs, NULL-terminated */
};

static const char *env_lookup(const char *name, void *ud)
{
  struct fake_env *e = ud;
  int i;
  for(i = 0; e->kv[i]; i += 2)
    if(!strcmp(e->kv[i], name))
      return e->kv[i + 1];
  return NULL;
}

static char cfgpath[256];

static void write_cfg(const char *text)
{
  FILE *f;
  snprintf(cfgpath, sizeof(cfgpath), "/tmp/heiiki-dbxcfg-%d.ini", (int)getpid());
  f = fopen(cfgpath, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static const char *file_text =
    "[__settings__]\n"
    "default_profile = acct2\n"
    "\n"
    "[DEFAULT]\n"
    "host = https://accounts.cloud.databricks.com\n"
    "client_id = default-id\n"
    "\n"
    "[acct]\n"
    "host = https://accounts.cloud.databricks.us\n"
    "account_id = " ACCT "\n"
    "client_id = file-id\n"
    "client_secret = file-secret\n"
    "\n"
    "[acct2]\n"
    "account_id = " ACCT "\n"
    "client_id = acct2-id\n"
    "client_secret = acct2-secret\n";

static void test_env_wins_over_named_profile(void **state)
{
  struct fake_env e = {{"DATABRICKS_CONFIG_FILE", cfgpath, "DATABRICKS_CONFIG_PROFILE", "acct",
                        "DATABRICKS_CLIENT_ID", "env-id", NULL}};
  struct dbx_config c;
  struct hk_error err;
  (void)state;
  write_cfg(file_text);
  dbx_config_init(&c);
  assert_int_equal(dbx_config_resolve(&c, env_lookup, &e, &err), HK_OK);
  assert_string_equal(c.client_id, "env-id");
  assert_int_equal(c.client_id_src, DBX_SRC_ENV);
  assert_string_equal(c.client_secret, "file-secret");
  assert_int_equal(c.client_secret_src, DBX_SRC_FILE);
  assert_string_equal(c.host, "https://accounts.cloud.databricks.us");
  assert_string_equal(c.account_id, ACCT);
  assert_true(c.file_used);
  assert_int_equal(dbx_config_validate(&c, &err), HK_OK);
  dbx_config_free(&c);
}

static void test_skip_file_without_profile(void **state)
{
  struct fake_env e = {{"DATABRICKS_CONFIG_FILE", cfgpath, "DATABRICKS_HOST",
                        "https://accounts.cloud.databricks.com", "DATABRICKS_ACCOUNT_ID", ACCT,
                        NULL}};
  struct dbx_config c;
  struct hk_error err;
  (void)state;
  write_cfg(file_text);
  dbx_config_init(&c);
  assert_int_equal(dbx_config_resolve(&c, env_lookup, &e, &err), HK_OK);
  assert_false(c.file_used);
  assert_string_equal(c.client_id, "");
  assert_null(c.client_secret);
  /* no credentials: a sentence naming the variables */
  assert_int_equal(dbx_config_validate(&c, &err), HK_CONFIG);
  assert_non_null(strstr(err.message, "DATABRICKS_CLIENT_ID"));
  dbx_config_free(&c);
}

static void test_settings_default_profile(void **state)
{
  struct fake_env e = {{"DATABRICKS_CONFIG_FILE", cfgpath, NULL}};
  struct dbx_config c;
  struct hk_error err;
  (void)state;
  write_cfg(file_text);
  dbx_config_init(&c);
  assert_int_equal(dbx_config_resolve(&c, env_lookup, &e, &err), HK_OK);
  assert_string_equal(c.profile, "acct2");
  assert_string_equal(c.client_id, "acct2-id");
  assert_string_equal(c.client_secret, "acct2-secret");
  /* acct2 has no host: the default account host applies */
  assert_string_equal(c.host, DBX_DEFAULT_ACCOUNT_HOST);
  assert_int_equal(c.host_src, DBX_SRC_DEFAULT);
  dbx_config_free(&c);
}

static void test_default_section(void **state)
{
  struct fake_env e = {{"DATABRICKS_CONFIG_FILE", cfgpath, NULL}};
  struct dbx_config c;
  struct hk_error err;
  (void)state;
  write_cfg("[DEFAULT]\nhost = https://accounts-dod.cloud.databricks.mil/\nclient_id = d\n"
            "client_secret = s\naccount_id = " ACCT "\n");
  dbx_config_init(&c);
  assert_int_equal(dbx_config_resolve(&c, env_lookup, &e, &err), HK_OK);
  assert_string_equal(c.profile, "DEFAULT");
  assert_int_equal(dbx_config_validate(&c, &err), HK_OK);
  /* trailing slash dropped */
  assert_string_equal(c.host, DBX_DOD_ACCOUNT_HOST);
  dbx_config_free(&c);
}

static void test_explicit_beats_env(void **state)
{
  struct fake_env e = {{"DATABRICKS_CONFIG_FILE", "/nonexistent/cfg", "DATABRICKS_CLIENT_ID", "env",
                        "DATABRICKS_CLIENT_SECRET", "env-secret", NULL}};
  struct dbx_config c;
  struct hk_error err;
  (void)state;
  dbx_config_init(&c);
  snprintf(c.client_id, sizeof(c.client_id), "explicit");
  assert_int_equal(dbx_config_resolve(&c, env_lookup, &e, &err), HK_OK);
  assert_string_equal(c.client_id, "explicit");
  assert_int_equal(c.client_id_src, DBX_SRC_EXPLICIT);
  assert_string_equal(c.client_secret, "env-secret");
  dbx_config_free(&c);
}

static void test_missing_profile_is_an_error(void **state)
{
  struct fake_env e = {{"DATABRICKS_CONFIG_FILE", cfgpath, "DATABRICKS_CONFIG_PROFILE", "nope",
                        NULL}};
  struct fake_env e2 = {{"DATABRICKS_CONFIG_FILE", "/nonexistent/cfg",
                         "DATABRICKS_CONFIG_PROFILE", "acct", NULL}};
  struct dbx_config c;
  struct hk_error err;
  (void)state;
  write_cfg(file_text);
  dbx_config_init(&c);
  assert_int_equal(dbx_config_resolve(&c, env_lookup, &e, &err), HK_CONFIG);
  assert_non_null(strstr(err.message, "[nope]"));
  dbx_config_free(&c);
  dbx_config_init(&c);
  assert_int_equal(dbx_config_resolve(&c, env_lookup, &e2, &err), HK_CONFIG);
  assert_non_null(strstr(err.message, "/nonexistent/cfg"));
  dbx_config_free(&c);
}

static void test_home_default_path_and_syntax_error(void **state)
{
  char dir[256], path[300];
  struct fake_env e = {{"HOME", dir, NULL}};
  struct dbx_config c;
  struct hk_error err;
  FILE *f;
  (void)state;
  snprintf(dir, sizeof(dir), "/tmp/heiiki-dbxhome-%d", (int)getpid());
  snprintf(path, sizeof(path), "%s/.databrickscfg", dir);
  mkdir(dir, 0700);
  f = fopen(path, "w");
  assert_non_null(f);
  fputs("[DEFAULT]\nclient_id = home-id\nthis line is broken\n", f);
  fclose(f);
  dbx_config_init(&c);
  assert_int_equal(dbx_config_resolve(&c, env_lookup, &e, &err), HK_CONFIG);
  assert_non_null(strstr(err.message, "line 3"));
  dbx_config_free(&c);
  f = fopen(path, "w");
  fputs("[DEFAULT]\nclient_id = home-id\n", f);
  fclose(f);
  dbx_config_init(&c);
  assert_int_equal(dbx_config_resolve(&c, env_lookup, &e, &err), HK_OK);
  assert_string_equal(c.client_id, "home-id");
  dbx_config_free(&c);
  unlink(path);
  rmdir(dir);
}

static void test_checks(void **state)
{
  struct hk_error err;
  struct dbx_config c;
  char url[256];
  (void)state;
  assert_int_equal(dbx_check_host("https://accounts.cloud.databricks.com", &err), HK_OK);
  assert_int_equal(dbx_check_host("https://accounts.cloud.databricks.com/", &err), HK_OK);
  assert_int_equal(dbx_check_host("http://127.0.0.1:8080", &err), HK_OK);
  assert_int_equal(dbx_check_host("http://localhost:1", &err), HK_OK);
  assert_int_equal(dbx_check_host("http://accounts.cloud.databricks.com", &err), HK_INVALID);
  assert_non_null(strstr(err.message, "https://"));
  /* D8: plain http only to a loopback literal or exactly "localhost" */
  assert_int_equal(dbx_check_host("http://127.255.0.9", &err), HK_OK);
  assert_int_equal(dbx_check_host("http://[::1]:8443/", &err), HK_OK);
  assert_int_equal(dbx_check_host("http://LOCALHOST", &err), HK_OK);
  assert_int_equal(dbx_check_host("http://127.example.com", &err), HK_INVALID);
  assert_non_null(strstr(err.message, "plain http"));
  assert_int_equal(dbx_check_host("http://127.0.0.1.nip.io", &err), HK_INVALID);
  assert_int_equal(dbx_check_host("http://127.0.0.1.nip.io:80", &err), HK_INVALID);
  assert_int_equal(dbx_check_host("http://localhost.example.com", &err), HK_INVALID);
  assert_int_equal(dbx_check_host("http://127.0.0.1x:80", &err), HK_INVALID);
  assert_int_equal(dbx_check_host("http://127.1", &err), HK_INVALID);
  assert_int_equal(dbx_check_host("http://0x7f000001", &err), HK_INVALID);
  assert_int_equal(dbx_check_host("http://128.0.0.1", &err), HK_INVALID);
  assert_int_equal(dbx_check_host("http://[::2]", &err), HK_INVALID);
  assert_int_equal(dbx_check_host("http://[::1]x", &err), HK_INVALID);
  assert_int_equal(dbx_check_host("http://127.0.0.1:80x", &err), HK_INVALID);
  assert_int_equal(dbx_check_host("https://accounts.cloud.databricks.com/api", &err), HK_INVALID);
  assert_non_null(strstr(err.message, "/api"));
  assert_int_equal(dbx_check_host("accounts.cloud.databricks.com", &err), HK_INVALID);
  assert_int_equal(dbx_check_host("https://", &err), HK_INVALID);
  assert_int_equal(dbx_check_host("", &err), HK_INVALID);
  assert_int_equal(dbx_check_host("https://u:p@x.com", &err), HK_INVALID);

  assert_true(dbx_is_uuid(ACCT));
  assert_false(dbx_is_uuid("0b9c2a5e1f1d4c1e9a553e2d8f7a6b10"));
  assert_false(dbx_is_uuid(ACCT "0"));
  assert_false(dbx_is_uuid("zb9c2a5e-1f1d-4c1e-9a55-3e2d8f7a6b10"));
  assert_false(dbx_is_uuid(NULL));

  dbx_config_init(&c);
  snprintf(c.host, sizeof(c.host), "https://accounts.cloud.databricks.com");
  snprintf(c.account_id, sizeof(c.account_id), "not-a-uuid");
  assert_int_equal(dbx_config_validate(&c, &err), HK_INVALID);
  assert_non_null(strstr(err.message, "not-a-uuid"));
  snprintf(c.account_id, sizeof(c.account_id), ACCT);
  snprintf(c.client_id, sizeof(c.client_id), "sp");
  assert_int_equal(dbx_config_validate(&c, &err), HK_CONFIG);
  assert_non_null(strstr(err.message, "DATABRICKS_CLIENT_SECRET"));
  dbx_config_set_secret(&c.token, "dapi-xyz");
  assert_int_equal(dbx_config_validate(&c, &err), HK_OK);
  dbx_config_free(&c);

  assert_true(dbx_is_account_host("https://accounts.cloud.databricks.com"));
  assert_true(dbx_is_account_host(DBX_DOD_ACCOUNT_HOST));
  assert_false(dbx_is_account_host("https://dbc-1.cloud.databricks.com"));
  assert_int_equal(dbx_workspace_url_for(DBX_GOV_ACCOUNT_HOST, "acme-prod", url, sizeof(url)),
                   HK_OK);
  assert_string_equal(url, "https://acme-prod.cloud.databricks.us");
  assert_int_equal(dbx_workspace_url_for(DBX_DOD_ACCOUNT_HOST "/", "x", url, sizeof(url)), HK_OK);
  assert_string_equal(url, "https://x.cloud.databricks.mil");
  assert_int_equal(dbx_workspace_url_for("http://127.0.0.1:1", "x", url, sizeof(url)),
                   HK_INVALID);
}

static void test_auth_type(void **state)
{
  struct fake_env e = {{"DATABRICKS_CONFIG_FILE", "/nonexistent/cfg", "DATABRICKS_ACCOUNT_ID", ACCT,
                        "DATABRICKS_CLIENT_ID", "sp", "DATABRICKS_CLIENT_SECRET", "s",
                        "DATABRICKS_TOKEN", "dapi-1", NULL, NULL, NULL}};
  struct dbx_config c;
  struct hk_error err;
  (void)state;
  /* both set: the token wins unless oauth-m2m is forced */
  dbx_config_init(&c);
  assert_int_equal(dbx_config_resolve(&c, env_lookup, &e, &err), HK_OK);
  assert_int_equal(dbx_config_validate(&c, &err), HK_OK);
  assert_true(dbx_config_uses_pat(&c));
  dbx_config_free(&c);
  e.kv[10] = "DATABRICKS_AUTH_TYPE";
  e.kv[11] = "oauth-m2m";
  dbx_config_init(&c);
  assert_int_equal(dbx_config_resolve(&c, env_lookup, &e, &err), HK_OK);
  assert_int_equal(dbx_config_validate(&c, &err), HK_OK);
  assert_false(dbx_config_uses_pat(&c));
  dbx_config_free(&c);
  e.kv[11] = "azure-cli";
  dbx_config_init(&c);
  assert_int_equal(dbx_config_resolve(&c, env_lookup, &e, &err), HK_OK);
  assert_int_equal(dbx_config_validate(&c, &err), HK_CONFIG);
  assert_non_null(strstr(err.message, "azure-cli"));
  dbx_config_free(&c);
  e.kv[8] = "UNUSED";
  e.kv[11] = "pat";
  dbx_config_init(&c);
  assert_int_equal(dbx_config_resolve(&c, env_lookup, &e, &err), HK_OK);
  assert_int_equal(dbx_config_validate(&c, &err), HK_CONFIG);
  assert_non_null(strstr(err.message, "DATABRICKS_TOKEN"));
  dbx_config_free(&c);
}

static int teardown(void **state)
{
  (void)state;
  unlink(cfgpath);
  return 0;
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_teardown(test_env_wins_over_named_profile, teardown),
    cmocka_unit_test_teardown(test_skip_file_without_profile, teardown),
    cmocka_unit_test_teardown(test_settings_default_profile, teardown),
    cmocka_unit_test_teardown(test_default_section, teardown),
    cmocka_unit_test(test_explicit_beats_env),
    cmocka_unit_test_teardown(test_missing_profile_is_an_error, teardown),
    cmocka_unit_test(test_home_default_path_and_syntax_error),
    cmocka_unit_test(test_checks),
    cmocka_unit_test(test_auth_type),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
