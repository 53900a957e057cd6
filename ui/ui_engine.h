/* ui_engine.h - the wizard's one seam to the headless engine.
 *
 * Everything the screens need from src/ goes through here: live checks per
 * step (progressive findings), picker lists, the generated bucket policy,
 * the review (plan + full pre-flight), commit with per-action progress,
 * post-deploy checks and the summary.  Work runs on the shared event loop;
 * results land in struct ui and the loop redraws. */
#ifndef UI_ENGINE_H
#define UI_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include "core/hk_status.h"
#include "setup/setup_fields.h"

struct ui;
struct ui_engine;

hk_status ui_engine_new(struct ui *ui, struct ui_engine **out, struct hk_error *err);
void ui_engine_free(struct ui_engine *e);

/* Start the live checks of a model step (after a field is left, or on
 * Continue).  Findings land in ui->form while the step is current. */
void ui_engine_check(struct ui_engine *e, int step);
/* Checks, lists or actions still running (scripted input waits for 0). */
int ui_engine_busy(const struct ui_engine *e);
/* Collect what landed since the last call; nonzero when the screen changed. */
int ui_engine_drain(struct ui_engine *e);

/* Defaults from the account (ui_engine_discover.c): start reading for the
 * current step when it is the network or endpoints step and not answered;
 * _apply fills the step's empty answers once the reads are in (true when
 * something was filled: reload the form). */
void ui_engine_discover(struct ui_engine *e);
bool ui_engine_discover_apply(struct ui_engine *e);

/* The planner's inputs for the current network answers (ui_engine_netplan.c):
 * 1 with *in filled; 0 while AWS is read (the screen redraws when it answers);
 * -1 with a sentence in why (no VPC yet, no account, the read failed). */
struct hk_net_input;
int ui_engine_netlayout(struct ui_engine *e, struct hk_net_input *in, char *why, size_t n);

/* Fill ui->picker for a field's picker kind (asynchronously). */
void ui_engine_pick(struct ui_engine *e, enum hk_picker kind);

/* The bucket policy the console's "Generate policy" produces, as JSON text
 * (caller frees); NULL with err when it cannot be generated yet. */
char *ui_engine_bucket_policy(struct ui_engine *e, struct hk_error *err);

/* Review: run the full pre-flight and build the plan; the text lands in
 * ui->text, blocking findings in ui->form.notes. */
void ui_engine_review(struct ui_engine *e);
/* Rebuild the review text (pre-flight problems, counts, then the plan). */
void ui_engine_review_text(struct ui_engine *e);
/* The commit confirmation: how many resources, in which AWS account (and as
 * whom) and Databricks account. */
void ui_engine_commit_question(struct ui_engine *e, char *out, size_t n);
/* Commit: apply the plan; per-action rows land in ui->progress. */
void ui_engine_commit(struct ui_engine *e);
/* Client access: the hosts line / DNS advice (caller frees). */
char *ui_engine_client_text(struct ui_engine *e);
/* Post-deploy checks: rows land in ui->progress. */
void ui_engine_verify(struct ui_engine *e);
/* Summary of created IDs (caller frees). */
char *ui_engine_summary(struct ui_engine *e);

#endif
