/* verify_journal.h - post-deploy check results as journal entries
 * ("verify.frontend", ...: outcome, sentence, fix), shown by the summary. */
#ifndef PLAN_VERIFY_JOURNAL_H
#define PLAN_VERIFY_JOURNAL_H

#include "plan/journal.h"
#include "verify/verify_run.h"

/* Record every check's outcome (pass -> done, fail -> failed, skipped or
 * not run -> skipped) in j; the caller saves the journal. */
void hk_verify_journal_record(struct hk_journal *j, const struct hk_verify_result *r);
/* Journal the back-end check's test cluster in j as "verify.cluster" (its name
 * before the create is sent, then its ID; saved at once) and hand the check the
 * one an earlier run left, to remove first.  j must outlive the checks. */
void hk_verify_journal_cluster(struct hk_verify_opts *o, struct hk_journal *j);
/* "pass", "fail", "skipped", "not run". */
const char *hk_verify_outcome_key(enum hk_verify_outcome o);

#endif
