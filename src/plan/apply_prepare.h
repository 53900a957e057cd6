/* apply_prepare.h - what happens before the first create, once, for both
 * front ends (`heiiki apply`/`resume` and the wizard's commit): the caller's
 * AWS account into the answers (the restricted and Glue policies name it),
 * the plan, the answers checked against what the journal says was created
 * with them, and the answers saved into the journal.  The journal is open
 * and locked by the caller. */
#ifndef APPLY_PREPARE_H
#define APPLY_PREPARE_H

#include "core/hk_status.h"
#include "plan/journal.h"
#include "plan/plan.h"
#include "setup/setup_model.h"

struct hk_loop;
struct aws_client;

/* Where a prepare stopped (the CLI maps it to an exit code). */
enum hk_prepare_stage { HK_PREP_ACCOUNT, HK_PREP_PLAN, HK_PREP_INPUTS, HK_PREP_SAVE };

/* p is built (the caller frees it, also on failure). */
hk_status hk_apply_prepare(struct hk_loop *loop, struct aws_client *aws, struct hk_setup *s,
                           struct hk_journal *j, struct hk_plan *p, enum hk_prepare_stage *stage,
                           struct hk_error *err);

#endif
