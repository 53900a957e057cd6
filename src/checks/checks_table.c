/* checks_table.c - the rule table, generated from checks_rules.def, and the
 * evaluator every caller uses (scheduler, plan, verify, tests). */
#include "checks/checks_rules.h"

#include <string.h>

#include "checks/checks_util.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

const struct hk_rule hk_rules[] = {
#define HK_X_RULE(id, step, sev, when, reads, title, fix)                \
  { #id, HK_STEP_##step, HK_SEV_##sev, HK_##when, (hk_reads)(reads), hk_check_##id, title, fix },
#include "checks/checks_rules.def"
#undef HK_X_RULE
};

const size_t hk_n_rules = sizeof(hk_rules) / sizeof(hk_rules[0]);

static const char *const verdict_names[] = {
#define HK_X_V(e, name) name,
  HK_VERDICT_TABLE(HK_X_V)
#undef HK_X_V
};

const char *hk_verdict_name(enum hk_verdict v)
{
  if((int)v < 0 || v >= HK_VERDICT__COUNT)
    return "?";
  return verdict_names[v];
}

const struct hk_rule *hk_rule_find(const char *id)
{
  size_t i;

  for(i = 0; i < hk_n_rules; i++)
    if(strcmp(hk_rules[i].id, id) == 0)
      return &hk_rules[i];
  return NULL;
}

enum hk_severity hk_rule_severity(const struct hk_rule *r, const struct hk_setup *s)
{
  if(r->severity == HK_SEV_BLOCK_CLOSED)
    return hk_setup_closed(s) ? HK_SEV_BLOCK : HK_SEV_WARN;
  return r->severity;
}

bool hk_rule_ready(const struct hk_rule *r, const struct hk_facts *f)
{
  return hk_facts_has(f, r->reads);
}

enum hk_verdict hk_rule_eval(const struct hk_rule *r, const struct hk_setup *s,
                             const struct hk_facts *f, struct hk_finding *out)
{
  const char *failure;

  memset(out, 0, sizeof(*out));
  out->rule = r;
  hk_strlcpy(out->id, r->id, sizeof(out->id));
  out->step = r->step;
  out->severity = hk_rule_severity(r, s);
  failure = hk_facts_failure(f, r->reads);
  if(failure) {
    out->verdict = hk_say(out, HK_VERDICT_UNKNOWN, _("Could not check: %s"), failure);
    hk_strlcpy(out->fix, _("Fix the failed read (credentials, permissions or network), then run the check again."),
               sizeof(out->fix));
    return out->verdict;
  }
  if(hk_rule_netmode_skip(r, s, out))
    return out->verdict;
  out->verdict = r->check(s, f, out);
  hk_rule_netmode_after(r, s, out);
  if(out->verdict == HK_VERDICT_FAIL && out->severity == HK_SEV_WARN)
    out->verdict = HK_VERDICT_WARN;
  if(!out->message[0])
    hk_strlcpy(out->message, _(r->title), sizeof(out->message));
  if((out->verdict == HK_VERDICT_FAIL || out->verdict == HK_VERDICT_WARN) && !out->fix[0])
    hk_strlcpy(out->fix, _(r->fix), sizeof(out->fix));
  return out->verdict;
}

bool hk_finding_blocks(const struct hk_finding *fd)
{
  return fd->severity == HK_SEV_BLOCK && fd->verdict == HK_VERDICT_FAIL;
}

bool hk_finding_unchecked(const struct hk_finding *fd)
{
  return fd->severity == HK_SEV_BLOCK && fd->verdict == HK_VERDICT_UNKNOWN;
}
