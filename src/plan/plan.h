/* plan.h - the ordered graph of actions that turns a setup into resources.
 *
 * Built from the answers alone (no network): each action gets a decision
 *   create - heiiki will create it
 *   adopt  - it should already exist; heiiki finds it and reuses it
 *   keep   - you gave its ID; heiiki uses it as is
 *   skip   - not needed for these answers
 * At apply time a "create" can still turn into an adoption when a lookup
 * finds a matching resource (a re-run, or a resume after a crash).
 * `heiiki plan` prints the plan; building it changes nothing. */
#ifndef PLAN_PLAN_H
#define PLAN_PLAN_H

#include <stdbool.h>
#include <stdio.h>
#include "core/hk_status.h"
#include "plan/kvmap.h"
#include "setup/setup_model.h"

struct hk_run;
struct hk_journal;

#define HK_ACTION_MAX_DEPS 8

/* X(ENUM, key, meaning) */
#define HK_DECISION_TABLE(X)                                   \
  X(CREATE, "create", "will be created")                       \
  X(ADOPT, "adopt", "exists; will be found and reused")        \
  X(KEEP, "keep", "given by you; used as is")                  \
  X(SKIP, "skip", "not needed for these answers")

enum hk_decision {
#define HK_X_DEC(e, key, meaning) HK_DEC_##e,
  HK_DECISION_TABLE(HK_X_DEC)
#undef HK_X_DEC
  HK_DEC__COUNT
};

/* X(ENUM, key, title) */
#define HK_PHASE_TABLE(X)                      \
  X(AWS, "aws", "AWS account")                 \
  X(DBX, "dbx", "Databricks account")          \
  X(POST, "post", "After the workspace runs")

enum hk_phase {
#define HK_X_PH(e, key, title) HK_PHASE_##e,
  HK_PHASE_TABLE(HK_X_PH)
#undef HK_X_PH
  HK_PHASE__COUNT
};

struct hk_action;

/* One action kind, one file (src/plan/actions/act_*.c).  The apply-time
 * hooks run on the loop and end with exactly one hk_run_finish(). */
struct hk_action_ops {
  const char *kind;
  /* Plan time, from the answers alone: the decision, a note (why / what),
   * and for KEEP the given IDs in a->given (they become the results). */
  enum hk_decision (*decide)(struct hk_action *a, const struct hk_setup *s);
  /* Find an existing resource that matches; on a match set the results
   * and call hk_run_found() before finishing.  NULL: nothing to look up. */
  void (*lookup)(struct hk_run *run);
  /* Create it (the engine has saved the intent just before). */
  void (*create)(struct hk_run *run);
  /* Delete what create made (destroy); NULL: nothing to delete. */
  void (*remove)(struct hk_run *run);
  /* One line: what create sends ("interface endpoint ... in subnet-..."). */
  void (*describe)(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n);
  /* Which result keys the summary shows first (NULL-terminated), e.g. "vpce_id". */
  const char *const *summary_keys;
};

struct hk_action {
  char id[48];                  /* stable: "aws.vpce.relay", "dbx.network" */
  const char *title;            /* N_() text */
  enum hk_phase phase;
  const struct hk_action_ops *ops;
  int arg;                      /* per-kind parameter (endpoint kind) */
  const char *deps[HK_ACTION_MAX_DEPS];
  size_t n_deps;
  enum hk_decision decision;
  char note[512];
  struct hk_kvmap given;        /* KEEP: the IDs you gave, used as results */
};

struct hk_plan {
  struct hk_action *actions;    /* in order: every action after its dependencies */
  size_t n;
};

const char *hk_decision_key(enum hk_decision d);
const char *hk_decision_meaning(enum hk_decision d);
const char *hk_phase_key(enum hk_phase p);
const char *hk_phase_title(enum hk_phase p);

/* Build the plan for a setup (no network, no side effects). */
hk_status hk_plan_build(struct hk_plan *p, const struct hk_setup *s, struct hk_error *err);
void hk_plan_free(struct hk_plan *p);
struct hk_action *hk_plan_find(const struct hk_plan *p, const char *id);

/* What a created resource is made from (plan_inputs.c).  The result key
 * under which apply records it; summaries leave out keys starting with '_'. */
#define HK_RESULT_INPUTS "_answers"
struct hk_buf;
/* Append the "key = value" lines of the answers a's resource is made from. */
hk_status hk_action_inputs(const struct hk_action *a, const struct hk_setup *s,
                           struct hk_buf *out);
/* Whether a's create replaces in place (a policy), so changed answers re-run it. */
bool hk_action_reapply(const struct hk_action *a);
/* HK_CONFLICT with a sentence when an answer changed since heiiki created a
 * resource that is not re-applied (the journal's recorded answers differ). */
hk_status hk_plan_check_inputs(const struct hk_plan *p, const struct hk_setup *s,
                               const struct hk_journal *j, struct hk_error *err);
/* Number of actions with a given decision. */
size_t hk_plan_count(const struct hk_plan *p, enum hk_decision d);
/* The creates still to do: the plan's creates less those the journal holds as
 * done (created or adopted by an earlier run); j may be NULL (all of them). */
size_t hk_plan_creates_left(const struct hk_plan *p, const struct hk_journal *j);

/* The IAM documents the plan will put, in full (plan_policies.c): today the
 * Unity Catalog role's trust and permissions of metastore.mode = create.
 * document is NULL when it cannot be made (err says why). */
#define HK_PLAN_POLICIES_MAX 4
struct hk_plan_policy {
  const char *action;           /* the action that puts it */
  char title[HK_NAME_MAX + 64];
  char note[512];
  char *document;               /* JSON text, caller frees (hk_plan_policies_free) */
  struct hk_error err;
};
size_t hk_plan_policies(const struct hk_plan *p, const struct hk_setup *s,
                        struct hk_plan_policy *out, size_t max);
void hk_plan_policies_free(struct hk_plan_policy *v, size_t n);

/* Print the plan.  With a journal, each line also shows what is already
 * done.  json: one object {"name", "actions": [{id, title, phase, decision,
 * note, depends_on, state?}], "policies": [{action, title, note, document}]}.
 * Text ends with the policies in full. */
hk_status hk_plan_print(const struct hk_plan *p, const struct hk_setup *s,
                        const struct hk_journal *j, FILE *out, bool json, bool color);

#endif
