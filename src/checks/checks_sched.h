/* checks_sched.h - run each rule as soon as the reads it needs have landed.
 *
 * The scheduler is pure: the gatherer (checks_gather.h) lands reads into the
 * facts and calls hk_sched_poll(); every rule whose reads are all in runs
 * once and its finding goes to the callback, so a UI can show each as it
 * lands.  The same scheduler serves one wizard step or the full pre-flight. */
#ifndef CHECKS_SCHED_H
#define CHECKS_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include "checks/checks_rules.h"

#define HK_STEP_ALL ((int)HK_STEP__COUNT)   /* every step: the review screen's full pre-flight */
#define HK_SCHED_MAX_RULES 96

typedef void (*hk_finding_fn)(const struct hk_finding *fd, void *ud);

struct hk_sched {
  const struct hk_setup *setup;
  int step;                                /* enum hk_step or HK_STEP_ALL */
  enum hk_when when;
  unsigned char state[HK_SCHED_MAX_RULES]; /* 0 = not selected, 1 = waiting, 2 = ran */
  hk_finding_fn on_finding;
  void *ud;
  int counts[HK_VERDICT__COUNT];
  int blocks;                              /* blocking problems (hk_finding_blocks) */
  int unchecked;                           /* blocking rules not checked (hk_finding_unchecked) */
  int waiting;
};

void hk_sched_init(struct hk_sched *sc, const struct hk_setup *s, int step, enum hk_when when,
                   hk_finding_fn on_finding, void *ud);
/* The wizard's order: rules that also read the answers of a step in
 * `unanswered` (mask of 1u << enum hk_step; assets/rules/rule-needs.tsv) do
 * not run on empty answers: each lands at once as SKIP, its message naming
 * the step where it is checked.  Call after hk_sched_init, before the reads. */
void hk_sched_defer(struct hk_sched *sc, unsigned unanswered);
/* Union of the reads the selected rules need. */
hk_reads hk_sched_reads(const struct hk_sched *sc);
/* Run every waiting rule whose reads have landed; returns how many ran. */
size_t hk_sched_poll(struct hk_sched *sc, const struct hk_facts *f);
bool hk_sched_finished(const struct hk_sched *sc);

#endif
