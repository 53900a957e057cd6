/* verify_journal.c - post-deploy check results as journal entries. */
#include "plan/verify_journal.h"

#include <stdio.h>

const char *hk_verify_outcome_key(enum hk_verify_outcome o)
{
  switch(o) {
  case HK_VO_PASS: return "pass";
  case HK_VO_FAIL: return "fail";
  case HK_VO_SKIPPED: return "skipped";
  case HK_VO_NOT_RUN: break;
  }
  return "not run";
}

void hk_verify_journal_record(struct hk_journal *j, const struct hk_verify_result *r)
{
  struct hk_error e = { .status = HK_OK };
  int c;

  for(c = 0; c < HK_VERIFY__COUNT; c++) {
    char id[48];
    struct hk_jaction *a;

    snprintf(id, sizeof(id), "verify.%s", hk_verify_key((enum hk_verify_check)c));
    a = hk_journal_get(j, id);
    if(!a)
      continue;
    hk_kvmap_clear(&a->result);
    hk_kvmap_set(&a->result, "outcome", hk_verify_outcome_key(r->outcome[c]));
    hk_kvmap_set(&a->result, "sentence", r->sentence[c]);
    if(r->fix[c][0])
      hk_kvmap_set(&a->result, "fix", r->fix[c]);
    hk_error_clear(&e);
    if(r->outcome[c] == HK_VO_FAIL)
      hk_journal_mark_failed(j, id, r->sentence[c], &e);
    else if(r->outcome[c] == HK_VO_PASS)
      hk_journal_mark_done(j, id, HK_ORIGIN_CREATED, &e);
    else
      hk_journal_mark(j, id, HK_JS_SKIPPED, &e);
  }
}
