/* test_plan_summary.c - the summary from a journal, and the headless line writer. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>
#include "core/hk_buf.h"
#include "plan/plan_events.h"
#include "plan/summary.h"

static void add(struct hk_journal *j, const char *id, enum hk_jstate st, enum hk_origin o,
                const char *key, const char *value)
{
  struct hk_jaction *a = hk_journal_get(j, id);
  assert_non_null(a);
  a->state = st;
  a->origin = o;
  if(key)
    assert_int_equal(hk_kvmap_set(&a->result, key, value), HK_OK);
}

static void journal(struct hk_journal *j)
{
  struct hk_error e;
  assert_int_equal(hk_journal_init(j, "/nonexistent", "tokyo", &e), HK_OK);
  add(j, "aws.vpce.relay", HK_JS_DONE, HK_ORIGIN_CREATED, "vpce_id", "vpce-0relay");
  add(j, "aws.bucket", HK_JS_DONE, HK_ORIGIN_KEPT, "bucket", "tokyo-root");
  add(j, "dbx.metastore", HK_JS_DONE, HK_ORIGIN_ADOPTED, "metastore_id", "ms-1");
  add(j, "dbx.workspace", HK_JS_DONE, HK_ORIGIN_CREATED, "workspace_id", "123");
  hk_kvmap_set(&hk_journal_find(j, "dbx.workspace")->result, "workspace_url",
               "https://dbc-1.cloud.databricks.com");
  hk_kvmap_set(&hk_journal_find(j, "dbx.workspace")->result, "workspace_host",
               "dbc-1.cloud.databricks.com");
  add(j, "dbx.workspace.wait", HK_JS_DONE, HK_ORIGIN_CREATED, "workspace_status", "RUNNING");
  add(j, "post.client_access", HK_JS_DONE, HK_ORIGIN_CREATED, "hosts_line",
      "10.0.0.4 dbc-1.cloud.databricks.com");
  hk_kvmap_set(&hk_journal_find(j, "post.client_access")->result, "address", "10.0.0.4");
  add(j, "aws.vpce.glue", HK_JS_SKIPPED, HK_ORIGIN_NONE, NULL, NULL);
  add(j, "dbx.network", HK_JS_INTENT, HK_ORIGIN_NONE, NULL, NULL);
}

static char *capture(const struct hk_journal *j, bool json)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_non_null(f);
  assert_int_equal(hk_summary_print(j, f, json), HK_OK);
  fclose(f);
  return buf;
}

static void test_text(void **state)
{
  struct hk_journal j;
  char *t;
  (void)state;

  journal(&j);
  t = capture(&j, false);
  assert_non_null(strstr(t, "7 of 8 actions done"));
  assert_non_null(strstr(t, "https://dbc-1.cloud.databricks.com"));
  assert_non_null(strstr(t, "10.0.0.4 dbc-1.cloud.databricks.com"));
  assert_non_null(strstr(t, "created  aws.vpce.relay"));
  assert_non_null(strstr(t, "kept     aws.bucket"));
  assert_non_null(strstr(t, "adopted  dbx.metastore"));
  assert_null(strstr(t, "aws.vpce.glue"));   /* skipped: nothing to show */
  free(t);
  hk_journal_free(&j);
}

static void test_json(void **state)
{
  struct hk_journal j;
  char *t;
  cJSON *root;
  const cJSON *ws, *res;
  (void)state;

  journal(&j);
  t = capture(&j, true);
  root = cJSON_Parse(t);
  assert_non_null(root);
  ws = cJSON_GetObjectItem(root, "workspace");
  assert_string_equal(cJSON_GetObjectItem(ws, "status")->valuestring, "RUNNING");
  assert_string_equal(cJSON_GetObjectItem(ws, "frontend_address")->valuestring, "10.0.0.4");
  res = cJSON_GetObjectItem(root, "resources");
  assert_int_equal(cJSON_GetArraySize(res), 6);
  assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(res, 0), "origin")->valuestring,
                      "created");
  cJSON_Delete(root);
  free(t);
  hk_journal_free(&j);
}

static struct hk_summary_live *row(struct hk_summary *m, const char *action)
{
  size_t i;

  for(i = 0; i < m->n; i++)
    if(strcmp(m->rows[i].action, action) == 0)
      return &m->rows[i];
  return NULL;
}

/* The summary model: rows for the states that change after a create; a
 * state read now replaces the recorded one, one that could not be read is
 * the recorded one marked as such, with when. */
static void test_model_current_and_recorded(void **state)
{
  struct hk_journal j;
  struct hk_summary *m = calloc(1, sizeof(*m));
  struct hk_summary_live *ws, *wait, *vpce;
  char *buf = NULL;
  size_t len = 0;
  FILE *f;
  (void)state;

  assert_non_null(m);
  journal(&j);
  hk_kvmap_set(&hk_journal_find(&j, "aws.vpce.relay")->result, "state", "pendingAcceptance");
  hk_strlcpy(hk_journal_get(&j, "aws.vpce.relay")->done_at, "2026-12-07T10:00:00Z", 24);
  hk_kvmap_set(&hk_journal_find(&j, "dbx.workspace")->result, "workspace_status", "PROVISIONING");
  hk_summary_init(m, &j);
  assert_int_equal(m->n, 3);     /* aws.vpce.relay, dbx.workspace, dbx.workspace.wait */
  vpce = row(m, "aws.vpce.relay");
  ws = row(m, "dbx.workspace");
  wait = row(m, "dbx.workspace.wait");
  assert_non_null(vpce);
  assert_non_null(ws);
  assert_non_null(wait);
  assert_string_equal(vpce->object_id, "vpce-0relay");
  assert_string_equal(wait->object_id, "123");    /* the workspace's ID, from dbx.workspace */
  assert_null(hk_summary_find(m, "dbx.metastore"));
  /* what a refresh leaves: the workspace read (FAILED now), the endpoint not */
  m->tried = true;
  hk_strlcpy(m->read_at, "2026-12-07T12:00:00Z", sizeof(m->read_at));
  hk_strlcpy(ws->state, "FAILED", sizeof(ws->state));
  hk_strlcpy(wait->state, "FAILED", sizeof(wait->state));
  hk_strlcpy(vpce->error, "connection refused", sizeof(vpce->error));
  f = open_memstream(&buf, &len);
  assert_non_null(f);
  assert_int_equal(hk_summary_print_model(m, f, false), HK_OK);
  fclose(f);
  assert_non_null(strstr(buf, "Status       FAILED\n"));
  assert_non_null(strstr(buf, "workspace_status=FAILED"));
  assert_null(strstr(buf, "RUNNING"));
  assert_non_null(strstr(buf, "state=pendingAcceptance (recorded 2026-12-07T10:00:00Z)"));
  assert_non_null(strstr(buf, "1 of 3 states could not be read now (connection refused)"));
  free(buf);
  free(m);
  hk_journal_free(&j);
}

static void test_line_frontend(void **state)
{
  struct hk_lines_fe lf;
  struct hk_frontend fe;
  struct hk_error e;
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  (void)state;

  assert_non_null(f);
  hk_lines_fe_init(&lf, f, false);
  hk_lines_fe_bind(&lf, &fe);
  hk_fe_started(&fe, "dbx.network", "Network configuration", "create");
  hk_fe_progress(&fe, "dbx.network", "PROVISIONING: setting up", 1500);
  hk_fe_progress(&fe, "dbx.network", "PROVISIONING: setting up", 1600); /* same: rate-limited */
  hk_fe_done(&fe, "dbx.network", HK_OK, NULL, "net-1", 2000);
  hk_error_clear(&e);
  hk_error_set(&e, HK_API, "The network was refused.");
  hk_error_hint(&e, "Fix the subnets.");
  hk_fe_done(&fe, "dbx.pas", HK_API, &e, "", 100);
  hk_fe_log(&fe, HK_LOG_WARN, "careful %d", 1);
  hk_fe_done(NULL, "x", HK_OK, NULL, NULL, 0); /* a NULL front end is fine */
  fclose(f);
  assert_non_null(strstr(buf, "start  dbx.network"));
  assert_non_null(strstr(buf, "PROVISIONING: setting up"));
  assert_null(strstr(strstr(buf, "PROVISIONING") + 1, "PROVISIONING"));
  assert_non_null(strstr(buf, "done   dbx.network                ok"));
  assert_non_null(strstr(buf, "failed dbx.pas"));
  assert_non_null(strstr(buf, "The network was refused."));
  assert_non_null(strstr(buf, "fix    dbx.pas"));
  assert_non_null(strstr(buf, "careful 1"));
  assert_null(strstr(buf, "\033["));           /* no colour when off */
  free(buf);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_text),
    cmocka_unit_test(test_json),
    cmocka_unit_test(test_model_current_and_recorded),
    cmocka_unit_test(test_line_frontend),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
