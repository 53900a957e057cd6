/* test_plan_post.c - apply's closing steps, the parts that need no network:
 * the credential wait's schedule and cap knob, the Glue cluster policy's
 * definition and match, --frontend-addr parsing, and where the post-deploy
 * actions sit in the plan. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/hk_buf.h"
#include "plan/actions/act_dbx_cred_wait.h"
#include "plan/actions/actions.h"
#include "plan/apply.h"
#include "plan/journal.h"
#include "plan/plan.h"
#include "plan/verify_journal.h"
#include "setup/setup_model.h"

#define PROFILE "arn:aws:iam::123456789012:instance-profile/tokyo-glue"
#define GLUE_KEY "spark_conf.spark.databricks.hive.metastore.glueCatalog.enabled"

static void test_cred_wait_schedule_and_cap(void **state)
{
  (void)state;
  assert_int_equal(hk_cred_wait_delay_ms(0), 1000);
  assert_int_equal(hk_cred_wait_delay_ms(1), 2000);
  assert_int_equal(hk_cred_wait_delay_ms(3), 8000);
  assert_int_equal(hk_cred_wait_delay_ms(4), 15000);
  assert_int_equal(hk_cred_wait_delay_ms(40), 15000);
  unsetenv("HEIIKI_CRED_WAIT_S");
  assert_int_equal(hk_cred_wait_cap_ms(), 180000);
  setenv("HEIIKI_CRED_WAIT_S", "5", 1);
  assert_int_equal(hk_cred_wait_cap_ms(), 5000);
  setenv("HEIIKI_CRED_WAIT_S", "0", 1);
  assert_int_equal(hk_cred_wait_cap_ms(), 0);
  setenv("HEIIKI_CRED_WAIT_S", "soon", 1);
  assert_int_equal(hk_cred_wait_cap_ms(), 180000);
  setenv("HEIIKI_CRED_WAIT_S", "-3", 1);
  assert_int_equal(hk_cred_wait_cap_ms(), 180000);
  unsetenv("HEIIKI_CRED_WAIT_S");
}

static void test_glue_policy_definition(void **state)
{
  char *def = hk_glue_policy_definition(PROFILE);
  char other[512];
  (void)state;

  assert_non_null(def);
  assert_non_null(strstr(def, "\"" GLUE_KEY "\":{\"type\":\"fixed\",\"value\":\"true\"}"));
  assert_non_null(strstr(def, "\"aws_attributes.instance_profile_arn\":{\"type\":\"fixed\","
                              "\"value\":\"" PROFILE "\"}"));
  assert_true(hk_glue_policy_matches(def, PROFILE));
  assert_false(hk_glue_policy_matches(def, "arn:aws:iam::123456789012:instance-profile/other"));
  free(def);
  snprintf(other, sizeof(other), "{\"%s\":{\"type\":\"unlimited\",\"defaultValue\":\"true\"},"
           "\"aws_attributes.instance_profile_arn\":{\"type\":\"fixed\",\"value\":\"%s\"}}",
           GLUE_KEY, PROFILE);
  assert_false(hk_glue_policy_matches(other, PROFILE));
  assert_false(hk_glue_policy_matches("not json", PROFILE));
  assert_false(hk_glue_policy_matches(NULL, PROFILE));
  assert_false(hk_glue_policy_matches("{}", PROFILE));
}

static void test_frontend_addr_parse(void **state)
{
  char addr[64];
  int port = 0;
  struct hk_error e;
  (void)state;

  hk_error_clear(&e);
  assert_int_equal(hk_frontend_addr_parse("10.0.0.5", addr, sizeof(addr), &port, &e), HK_OK);
  assert_string_equal(addr, "10.0.0.5");
  assert_int_equal(port, 443);
  assert_int_equal(hk_frontend_addr_parse("127.0.0.1:8443", addr, sizeof(addr), &port, &e),
                   HK_OK);
  assert_string_equal(addr, "127.0.0.1");
  assert_int_equal(port, 8443);
  assert_int_equal(hk_frontend_addr_parse("127.0.0.1:http", addr, sizeof(addr), &port, &e),
                   HK_INVALID);
  assert_non_null(strstr(e.message, "IP:PORT"));
  assert_int_equal(hk_frontend_addr_parse("127.0.0.1:70000", addr, sizeof(addr), &port, &e),
                   HK_INVALID);
  assert_int_equal(hk_frontend_addr_parse("fd00::5", addr, sizeof(addr), &port, &e), HK_OK);
  assert_string_equal(addr, "fd00::5");
  assert_int_equal(port, 443);
  assert_int_equal(hk_frontend_addr_parse("10.0.0.5:443", addr, 4, &port, &e), HK_INVALID);
}

static void setup_min(struct hk_setup *s, bool glue)
{
  hk_setup_init(s);
  hk_strlcpy(s->name, "tokyo", sizeof(s->name));
  hk_strlcpy(s->region, "ap-northeast-1", sizeof(s->region));
  s->client.glue = glue;
}

static size_t index_of(const struct hk_plan *p, const char *id)
{
  size_t i;

  for(i = 0; i < p->n; i++)
    if(strcmp(p->actions[i].id, id) == 0)
      return i;
  fail_msg("no action %s", id);
  return 0;
}

static void test_post_actions_in_the_plan(void **state)
{
  struct hk_setup s;
  struct hk_plan p;
  struct hk_error e;
  const struct hk_action *prof, *pol;
  (void)state;

  setup_min(&s, true);
  hk_error_clear(&e);
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  prof = hk_plan_find(&p, "post.glue.profile");
  pol = hk_plan_find(&p, "post.glue.policy");
  assert_non_null(prof);
  assert_non_null(pol);
  assert_int_equal(prof->decision, HK_DEC_CREATE);
  assert_int_equal(pol->decision, HK_DEC_CREATE);
  assert_int_equal(prof->phase, HK_PHASE_POST);
  assert_true(index_of(&p, "post.glue.profile") > index_of(&p, "post.client_access"));
  assert_true(index_of(&p, "post.glue.profile") > index_of(&p, "aws.glue.profile"));
  assert_true(index_of(&p, "post.glue.policy") > index_of(&p, "post.glue.profile"));
  assert_string_equal(pol->deps[0], "post.glue.profile");
  assert_non_null(strstr(pol->note, "tokyo-glue-catalog"));
  hk_plan_free(&p);

  setup_min(&s, false);
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  assert_int_equal(hk_plan_find(&p, "post.glue.profile")->decision, HK_DEC_SKIP);
  assert_int_equal(hk_plan_find(&p, "post.glue.policy")->decision, HK_DEC_SKIP);
  hk_plan_free(&p);
}

static void test_verify_results_in_the_journal(void **state)
{
  char dir[] = "/tmp/heiiki-plan-post-XXXXXX";
  char path[256];
  struct hk_journal j;
  struct hk_verify_result r;
  struct hk_error e;
  const struct hk_jaction *a;
  (void)state;

  assert_non_null(mkdtemp(dir));
  hk_error_clear(&e);
  assert_int_equal(hk_journal_init(&j, dir, "tokyo", &e), HK_OK);
  memset(&r, 0, sizeof(r));
  r.outcome[HK_VERIFY_FRONTEND] = HK_VO_PASS;
  hk_strlcpy(r.sentence[HK_VERIFY_FRONTEND], "answers", sizeof(r.sentence[0]));
  r.outcome[HK_VERIFY_BACKEND] = HK_VO_FAIL;
  hk_strlcpy(r.sentence[HK_VERIFY_BACKEND], "no relay", sizeof(r.sentence[0]));
  hk_strlcpy(r.fix[HK_VERIFY_BACKEND], "open 6666", sizeof(r.fix[0]));
  r.outcome[HK_VERIFY_UC] = HK_VO_SKIPPED;
  hk_verify_journal_record(&j, &r);
  a = hk_journal_find(&j, "verify.frontend");
  assert_non_null(a);
  assert_int_equal(a->state, HK_JS_DONE);
  assert_string_equal(hk_kvmap_str(&a->result, "outcome"), "pass");
  a = hk_journal_find(&j, "verify.backend");
  assert_int_equal(a->state, HK_JS_FAILED);
  assert_string_equal(hk_kvmap_str(&a->result, "fix"), "open 6666");
  a = hk_journal_find(&j, "verify.uc");
  assert_int_equal(a->state, HK_JS_SKIPPED);
  assert_string_equal(hk_kvmap_str(&a->result, "outcome"), "skipped");
  a = hk_journal_find(&j, "verify.catalog");
  assert_int_equal(a->state, HK_JS_SKIPPED);
  assert_string_equal(hk_kvmap_str(&a->result, "outcome"), "not run");
  /* a second run replaces the results */
  r.outcome[HK_VERIFY_BACKEND] = HK_VO_PASS;
  r.fix[HK_VERIFY_BACKEND][0] = '\0';
  hk_verify_journal_record(&j, &r);
  a = hk_journal_find(&j, "verify.backend");
  assert_int_equal(a->state, HK_JS_DONE);
  assert_string_equal(hk_kvmap_str(&a->result, "fix"), "");
  hk_journal_free(&j);
  snprintf(path, sizeof(path), "%s/tokyo.json", dir);
  unlink(path);
  rmdir(dir);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_cred_wait_schedule_and_cap),
    cmocka_unit_test(test_glue_policy_definition),
    cmocka_unit_test(test_frontend_addr_parse),
    cmocka_unit_test(test_post_actions_in_the_plan),
    cmocka_unit_test(test_verify_results_in_the_journal),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
