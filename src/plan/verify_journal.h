/* verify_journal.h - post-deploy check results as journal entries
 * ("verify.frontend", ...: outcome, sentence, fix), shown by the summary. */
#ifndef PLAN_VERIFY_JOURNAL_H
#define PLAN_VERIFY_JOURNAL_H

#include "plan/journal.h"
#include "verify/verify_run.h"

/* Record every check's outcome (pass -> done, fail -> failed, skipped or
 * not run -> skipped) in j; the caller saves the journal. */
void hk_verify_journal_record(struct hk_journal *j, const struct hk_verify_result *r);
/* "pass", "fail", "skipped", "not run". */
const char *hk_verify_outcome_key(enum hk_verify_outcome o);

#endif
