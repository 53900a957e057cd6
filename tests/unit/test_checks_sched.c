/* test_checks_sched.c - the scheduler runs each rule once, as soon as its
 * reads have landed, and reports each finding as it lands. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "checks/checks_sched.h"
#include "core/hk_buf.h"

struct seen {
  char ids[HK_SCHED_MAX_RULES][8];
  int n;
};

static void collect(const struct hk_finding *fd, void *ud)
{
  struct seen *s = ud;
  hk_strlcpy(s->ids[s->n++], fd->id, sizeof(s->ids[0]));
}

static bool has(const struct seen *s, const char *id)
{
  int i;
  for(i = 0; i < s->n; i++)
    if(strcmp(s->ids[i], id) == 0)
      return true;
  return false;
}

static void minimal_setup(struct hk_setup *s)
{
  memset(s, 0, sizeof(*s));
  hk_strlcpy(s->region, "ap-northeast-1", sizeof(s->region));
  hk_strlcpy(s->network.name, "tokyo-network", sizeof(s->network.name));
  hk_strlcpy(s->network.vpc_id, "vpc-1", sizeof(s->network.vpc_id));
}

static void test_rules_run_as_reads_land(void **state)
{
  struct hk_setup s;
  struct hk_facts f;
  struct hk_sched sc;
  struct seen seen;
  hk_reads need;
  int before;

  (void)state;
  minimal_setup(&s);
  memset(&seen, 0, sizeof(seen));
  hk_facts_init(&f);
  hk_sched_init(&sc, &s, HK_STEP_NETWORK, HK_BEFORE_CREATE, collect, &seen);
  need = hk_sched_reads(&sc);
  assert_true(need & HK_READ_SUBNETS);
  assert_true(need & HK_READ_NACLS);
  assert_false(need & HK_READ_ROLE);            /* a credential read: other step */
  assert_false(need & HK_READ_DBX_NETWORK_STATUS); /* N9 is after create */

  /* rules without reads (N8) run on the first poll */
  assert_int_equal(hk_sched_poll(&sc, &f), 1);
  assert_true(has(&seen, "N8"));
  assert_false(hk_sched_finished(&sc));

  /* subnets alone: N2, N3 (N4 also needs route tables) */
  hk_facts_landed(&f, HK_READ_SUBNETS, NULL);
  before = seen.n;
  hk_sched_poll(&sc, &f);
  assert_true(has(&seen, "N2") && has(&seen, "N3"));
  assert_false(has(&seen, "N4"));
  assert_int_equal(seen.n, before + 2);

  /* a failed read still lands: its rules report, unknown */
  hk_facts_landed(&f, HK_READ_ROUTE_TABLES, "DescribeRouteTables: RequestLimitExceeded.");
  hk_sched_poll(&sc, &f);
  assert_true(has(&seen, "N4"));
  assert_true(sc.counts[HK_VERDICT_UNKNOWN] >= 1);
  assert_true(sc.blocks >= 1);

  /* everything else lands: every network rule ran exactly once */
  hk_facts_landed(&f, ~(hk_reads)0, NULL);
  hk_sched_poll(&sc, &f);
  assert_true(hk_sched_finished(&sc));
  assert_int_equal(hk_sched_poll(&sc, &f), 0);
  assert_true(has(&seen, "G5") && has(&seen, "N10"));
  assert_false(has(&seen, "A1"));   /* other step */
  assert_false(has(&seen, "N9"));   /* after create */
}

static void test_all_steps_and_after_create(void **state)
{
  struct hk_setup s;
  struct hk_facts f;
  struct hk_sched sc;
  struct seen seen;
  size_t i;
  int before = 0, after = 0;

  (void)state;
  minimal_setup(&s);
  for(i = 0; i < hk_n_rules; i++)
    if(hk_rules[i].when == HK_BEFORE_CREATE)
      before++;
    else
      after++;
  hk_facts_init(&f);
  hk_facts_landed(&f, ~(hk_reads)0, NULL);
  memset(&seen, 0, sizeof(seen));
  hk_sched_init(&sc, &s, HK_STEP_ALL, HK_BEFORE_CREATE, collect, &seen);
  hk_sched_poll(&sc, &f);
  assert_int_equal(seen.n, before);
  memset(&seen, 0, sizeof(seen));
  hk_sched_init(&sc, &s, HK_STEP_ALL, HK_AFTER_CREATE, collect, &seen);
  hk_sched_poll(&sc, &f);
  assert_int_equal(seen.n, after);
  assert_int_equal(after, 5);
  assert_true(has(&seen, "E4") && has(&seen, "D2"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_rules_run_as_reads_land),
    cmocka_unit_test(test_all_steps_and_after_create),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
