/* test_checks_gather.c - the gatherer offline: without clients every read
 * lands as failed at once, so each rule reports "could not check" (never a
 * pass) exactly once; reads with nothing to do land empty. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "checks/checks_gather.h"
#include "core/hk_buf.h"

struct tally {
  int n;
  int per_rule[HK_SCHED_MAX_RULES];
  char last_g4[1024];
  enum hk_verdict c1, n8, g4;
};

static void on_finding(const struct hk_finding *fd, void *ud)
{
  struct tally *t = ud;
  size_t i;

  t->n++;
  for(i = 0; i < hk_n_rules; i++)
    if(fd->rule == &hk_rules[i])
      t->per_rule[i]++;
  if(strcmp(fd->id, "C1") == 0)
    t->c1 = fd->verdict;
  if(strcmp(fd->id, "N8") == 0)
    t->n8 = fd->verdict;
  if(strcmp(fd->id, "G4") == 0) {
    t->g4 = fd->verdict;
    hk_strlcpy(t->last_g4, fd->message, sizeof(t->last_g4));
  }
}

static void setup_answers(struct hk_setup *s)
{
  hk_setup_init(s);
  hk_strlcpy(s->name, "tokyo-closed", sizeof(s->name));
  hk_strlcpy(s->region, "ap-northeast-1", sizeof(s->region));
  hk_strlcpy(s->account_id, "0d26daa6-5e44-4c97-a497-ef015f91254a", sizeof(s->account_id));
  hk_setup_fill_names(s);
  s->credential.choice = HK_CREATE;
  hk_strlcpy(s->storage.bucket, "tokyo-closed-root", sizeof(s->storage.bucket));
  hk_strlcpy(s->network.vpc_id, "vpc-0123456789abcdef0", sizeof(s->network.vpc_id));
  hk_strlcpy(s->network.sg_ids[0], "sg-0123456789abcdef0", HK_ID_MAX);
  s->network.n_sgs = 1;
}

static void run(bool serial)
{
  struct hk_loop_opts lo;
  struct hk_loop *loop;
  struct hk_setup s;
  struct hk_facts f;
  struct hk_sched sc;
  struct hk_gather_opts o;
  struct hk_gather_stats st;
  struct hk_error err;
  struct tally t;
  size_t i;

  memset(&lo, 0, sizeof(lo));
  loop = hk_loop_new(&lo);
  assert_non_null(loop);
  setup_answers(&s);
  memset(&t, 0, sizeof(t));
  memset(&o, 0, sizeof(o));
  o.aws_error = "AWS_PROFILE names no profile";
  o.serial = serial;
  o.on_finding = on_finding;
  o.ud = &t;
  hk_facts_init(&f);
  hk_error_clear(&err);
  assert_int_equal(hk_preflight_run(loop, &s, HK_STEP_ALL, &o, &f, &sc, &st, &err), HK_OK);
  assert_true(hk_sched_finished(&sc));
  for(i = 0; i < hk_n_rules; i++)
    assert_int_equal(t.per_rule[i], hk_rules[i].when == HK_BEFORE_CREATE ? 1 : 0);
  assert_int_equal(t.c1, HK_VERDICT_SKIP);     /* role to be created: nothing read, nothing failed */
  assert_int_equal(t.n8, HK_VERDICT_PASS);     /* no reads */
  assert_int_equal(t.g4, HK_VERDICT_UNKNOWN);
  assert_non_null(strstr(t.last_g4, "Could not check: ec2:Describe"));
  assert_non_null(strstr(t.last_g4, ": AWS_PROFILE names no profile"));
  assert_int_equal(sc.blocks, 0);               /* nothing failed: could not check (D18) */
  assert_true(sc.unchecked > 0);
  assert_int_equal(sc.counts[HK_VERDICT_FAIL], 0);
  assert_int_equal(st.requests, 0);
  assert_true(st.calls > 10);
  hk_facts_clear(&f);
  hk_loop_free(loop);
}

static void test_no_clients_concurrent(void **state)
{
  (void)state;
  run(false);
}

static void test_no_clients_serial(void **state)
{
  (void)state;
  run(true);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_no_clients_concurrent),
    cmocka_unit_test(test_no_clients_serial),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
