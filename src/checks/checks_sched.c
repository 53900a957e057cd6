/* checks_sched.c - the rule scheduler: select rules, run the ready ones. */
#include "checks/checks_sched.h"

#include <string.h>

#include "core/hk_clean.h"

void hk_sched_init(struct hk_sched *sc, const struct hk_setup *s, int step, enum hk_when when,
                   hk_finding_fn on_finding, void *ud)
{
  size_t i;

  memset(sc, 0, sizeof(*sc));
  sc->setup = s;
  sc->step = step;
  sc->when = when;
  sc->on_finding = on_finding;
  sc->ud = ud;
  for(i = 0; i < hk_n_rules && i < HK_SCHED_MAX_RULES; i++) {
    const struct hk_rule *r = &hk_rules[i];
    if(r->when != when)
      continue;
    if(step != HK_STEP_ALL && (int)r->step != step)
      continue;
    sc->state[i] = 1;
    sc->waiting++;
  }
}

hk_reads hk_sched_reads(const struct hk_sched *sc)
{
  hk_reads need = 0;
  size_t i;

  for(i = 0; i < hk_n_rules && i < HK_SCHED_MAX_RULES; i++)
    if(sc->state[i])
      need |= hk_rules[i].reads;
  return need;
}

size_t hk_sched_poll(struct hk_sched *sc, const struct hk_facts *f)
{
  struct hk_finding fd;
  size_t i, ran = 0;

  for(i = 0; i < hk_n_rules && i < HK_SCHED_MAX_RULES; i++) {
    enum hk_verdict v;
    if(sc->state[i] != 1 || !hk_rule_ready(&hk_rules[i], f))
      continue;
    v = hk_rule_eval(&hk_rules[i], sc->setup, f, &fd);
    hk_text_clean(fd.message, HK_TEXT_KEEP_NEWLINES);   /* may quote a server */
    hk_text_clean(fd.fix, HK_TEXT_KEEP_NEWLINES);
    sc->state[i] = 2;
    sc->waiting--;
    sc->counts[v]++;
    if(hk_finding_blocks(&fd))
      sc->blocks++;
    if(hk_finding_unchecked(&fd))
      sc->unchecked++;
    ran++;
    if(sc->on_finding)
      sc->on_finding(&fd, sc->ud);
  }
  return ran;
}

bool hk_sched_finished(const struct hk_sched *sc)
{
  return sc->waiting == 0;
}
