/* checks_sched.c - the rule scheduler: select rules, run the ready ones. */
#include "checks/checks_sched.h"

#include <stdio.h>
#include <string.h>
#include "checks/checks_util.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

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

/* A rule that needs a step not answered yet: it would judge empty answers. */
static void defer_one(struct hk_sched *sc, size_t i, unsigned later)
{
  const struct hk_rule *r = &hk_rules[i];
  struct hk_finding fd;
  int st;

  for(st = 0; st < HK_STEP__COUNT && !(later & (1u << st)); st++)
    ;
  memset(&fd, 0, sizeof(fd));
  fd.rule = r;
  hk_strlcpy(fd.id, r->id, sizeof(fd.id));
  fd.step = r->step;
  fd.severity = hk_rule_severity(r, sc->setup);
  fd.verdict = HK_VERDICT_SKIP;
  fd.later = true;
  snprintf(fd.message, sizeof(fd.message),
           _("%s: checked at the \"%s\" step, whose answers it needs."), _(r->title),
           _(hk_step_title((enum hk_step)st)));
  sc->state[i] = 2;
  sc->waiting--;
  sc->counts[HK_VERDICT_SKIP]++;
  if(sc->on_finding)
    sc->on_finding(&fd, sc->ud);
}

void hk_sched_defer(struct hk_sched *sc, unsigned unanswered)
{
  size_t i;

  for(i = 0; unanswered && i < hk_n_rules && i < HK_SCHED_MAX_RULES; i++) {
    unsigned later = hk_rule_needs(hk_rules[i].id) & unanswered;

    if(sc->state[i] == 1 && later)
      defer_one(sc, i, later);
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
