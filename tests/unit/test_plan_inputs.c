/* test_plan_inputs.c - answers changed after heiiki created a resource:
 * recorded with the IDs, compared on the next run, refused with a sentence;
 * policies are put again instead. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/hk_buf.h"
#include "plan/journal.h"
#include "plan/plan.h"
#include "setup/setup_model.h"

static void tokyo(struct hk_setup *s)
{
  hk_setup_init(s);
  hk_strlcpy(s->name, "tokyo", sizeof(s->name));
  hk_strlcpy(s->region, "ap-northeast-1", sizeof(s->region));
  hk_strlcpy(s->account_id, "11111111-2222-3333-4444-555555555555", sizeof(s->account_id));
  s->credential.choice = HK_CREATE;
  hk_strlcpy(s->credential.role_name, "tokyo-cross", sizeof(s->credential.role_name));
  s->storage.choice = HK_CREATE;
  hk_strlcpy(s->storage.bucket, "tokyo-root", sizeof(s->storage.bucket));
  s->endpoints[HK_EP_WORKSPACE].choice = HK_CREATE;
  s->endpoints[HK_EP_WORKSPACE].n_subnets = 1;
  hk_strlcpy(s->endpoints[HK_EP_WORKSPACE].subnet_ids[0], "subnet-0pub", HK_ID_MAX);
  s->endpoints[HK_EP_RELAY].choice = HK_CREATE;
  s->endpoints[HK_EP_S3].choice = HK_EXISTING;
  hk_strlcpy(s->endpoints[HK_EP_S3].vpce_id, "vpce-0s3", HK_ID_MAX);
  hk_strlcpy(s->network.vpc_id, "vpc-0abc", sizeof(s->network.vpc_id));
  s->network.n_subnets = 2;
  hk_strlcpy(s->network.subnet_ids[0], "subnet-01", HK_ID_MAX);
  hk_strlcpy(s->network.subnet_ids[1], "subnet-02", HK_ID_MAX);
  s->network.n_sgs = 1;
  hk_strlcpy(s->network.sg_ids[0], "sg-02", HK_ID_MAX);
}

static char *inputs_of(const struct hk_plan *p, const char *id, const struct hk_setup *s)
{
  struct hk_buf b;
  hk_buf_init(&b);
  assert_int_equal(hk_action_inputs(hk_plan_find(p, id), s, &b), HK_OK);
  return b.data ? b.data : calloc(1, 1);
}

/* A journal in memory where `id` was created from the answers of `s`. */
static void created(struct hk_journal *j, const struct hk_plan *p, const char *id,
                    const struct hk_setup *s)
{
  struct hk_jaction *ja = hk_journal_get(j, id);
  char *text = inputs_of(p, id, s);
  assert_non_null(ja);
  ja->state = HK_JS_DONE;
  ja->origin = HK_ORIGIN_CREATED;
  assert_int_equal(hk_kvmap_set(&ja->result, "network_id", "nw-1"), HK_OK);
  assert_int_equal(hk_kvmap_set(&ja->result, HK_RESULT_INPUTS, text), HK_OK);
  free(text);
}

static void test_inputs_text(void **state)
{
  struct hk_setup s;
  struct hk_plan p;
  struct hk_error e;
  char *t;
  (void)state;
  tokyo(&s);
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  t = inputs_of(&p, "dbx.network", &s);
  assert_non_null(strstr(t, "network.vpc_id = vpc-0abc\n"));
  assert_non_null(strstr(t, "network.subnet_ids = subnet-01, subnet-02\n"));
  free(t);
  t = inputs_of(&p, "aws.vpce.workspace", &s);   /* {ep} is the action's endpoint kind */
  assert_non_null(strstr(t, "endpoints.workspace.create_in_subnets = subnet-0pub\n"));
  assert_null(strstr(t, "relay"));
  free(t);
  t = inputs_of(&p, "dbx.workspace.wait", &s);   /* makes nothing of its own */
  assert_string_equal(t, "");
  free(t);
  assert_true(hk_action_reapply(hk_plan_find(&p, "aws.role.policy")));
  assert_false(hk_action_reapply(hk_plan_find(&p, "dbx.network")));
  hk_plan_free(&p);
}

static void test_changed_answer_is_refused(void **state)
{
  struct hk_setup s;
  struct hk_plan p;
  struct hk_journal j;
  struct hk_error e;
  (void)state;
  tokyo(&s);
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  assert_int_equal(hk_journal_init(&j, "/nonexistent", "tokyo", &e), HK_OK);
  created(&j, &p, "dbx.network", &s);
  created(&j, &p, "aws.vpce.workspace", &s);
  hk_error_clear(&e);
  assert_int_equal(hk_plan_check_inputs(&p, &s, &j, &e), HK_OK);   /* same answers */

  hk_strlcpy(s.network.subnet_ids[1], "subnet-03", HK_ID_MAX);
  hk_plan_free(&p);
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  assert_int_equal(hk_plan_check_inputs(&p, &s, &j, &e), HK_CONFLICT);
  assert_non_null(strstr(e.message, "network.subnet_ids"));
  assert_non_null(strstr(e.message, "\"subnet-01, subnet-02\""));
  assert_non_null(strstr(e.message, "\"subnet-01, subnet-03\""));
  assert_non_null(strstr(e.hint, "heiiki destroy tokyo"));

  /* two changes: the first in full, then the list */
  s.endpoints[HK_EP_WORKSPACE].n_subnets = 2;
  hk_strlcpy(s.endpoints[HK_EP_WORKSPACE].subnet_ids[1], "subnet-0pub2", HK_ID_MAX);
  hk_plan_free(&p);
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  assert_int_equal(hk_plan_check_inputs(&p, &s, &j, &e), HK_CONFLICT);
  assert_non_null(strstr(e.message, "endpoints.workspace.create_in_subnets"));
  assert_non_null(strstr(e.message, "network.subnet_ids"));
  hk_plan_free(&p);
  hk_journal_free(&j);
}

static void test_what_is_not_a_conflict(void **state)
{
  struct hk_setup s;
  struct hk_plan p;
  struct hk_journal j;
  struct hk_jaction *ja;
  struct hk_error e;
  (void)state;
  tokyo(&s);
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  assert_int_equal(hk_journal_init(&j, "/nonexistent", "tokyo", &e), HK_OK);
  created(&j, &p, "aws.role.policy", &s);          /* a policy: put again, not refused */
  created(&j, &p, "dbx.network", &s);
  ja = hk_journal_find(&j, "dbx.network");
  ja->origin = HK_ORIGIN_ADOPTED;                  /* not heiiki's: nothing recorded to keep */
  created(&j, &p, "dbx.pas", &s);
  hk_kvmap_clear(&hk_journal_find(&j, "dbx.pas")->result);   /* a journal from before */
  s.credential.restricted = true;
  hk_strlcpy(s.network.subnet_ids[1], "subnet-03", HK_ID_MAX);
  s.pas.public_access = true;
  hk_plan_free(&p);
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  hk_error_clear(&e);
  assert_int_equal(hk_plan_check_inputs(&p, &s, &j, &e), HK_OK);
  hk_plan_free(&p);
  hk_journal_free(&j);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_inputs_text),
    cmocka_unit_test(test_changed_answer_is_refused),
    cmocka_unit_test(test_what_is_not_a_conflict),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
