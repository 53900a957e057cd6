/* apply.h - run a plan: concurrently, write-ahead, resumable.
 *
 * Independent actions run at the same time on the loop; each reports
 * through the front end.  For every action that is not done yet:
 *   skip  -> journal "skipped"
 *   keep  -> the given IDs become its result, journal "done" (kept)
 *   create/adopt -> lookup (adoption) first; a match is "done" (adopted,
 *            or created when the journal shows our own earlier intent);
 *            otherwise intent is saved, create runs, the result is saved.
 * A failure stops new starts; running actions finish and are journaled.
 * A stop request (SIGINT/SIGTERM/SIGHUP flag) does the same, leaving a state
 * that `heiiki resume` continues. */
#ifndef PLAN_APPLY_H
#define PLAN_APPLY_H

#include <signal.h>
#include <stdbool.h>
#include "core/hk_status.h"
#include "plan/journal.h"
#include "plan/plan.h"
#include "plan/plan_events.h"
#include "setup/setup_model.h"

struct hk_loop;
struct aws_client;
struct dbx_client;

/* Exit codes of the CLI (documented in --help and heiiki(1)).
 * X(ENUM, value, meaning) */
#define HK_EXIT_TABLE(X)                                                          \
  X(OK, 0, "success")                                                             \
  X(FAILURE, 1, "an action or a check failed; the state is saved, fix and re-run") \
  X(USAGE, 2, "wrong command line or answers file")                               \
  X(PREFLIGHT, 3, "pre-flight found a blocking problem; nothing was changed")     \
  X(INTERRUPTED, 4, "interrupted; the state is saved, `heiiki resume NAME` goes on") \
  X(WS_FAILED, 5, "the workspace is FAILED; it is kept, fix and re-run")          \
  X(STATE, 6, "the state cannot be used or saved (damaged, newer, unsafe, or locked)") \
  X(NO_SETUP, 7, "no saved setup has that name; `heiiki resume` lists them")        \
  X(UNCHECKED, 8, "pre-flight could not check everything; nothing was changed, run again")

enum hk_exit {
#define HK_X_EXIT(e, v, m) HK_EXIT_##e = v,
  HK_EXIT_TABLE(HK_X_EXIT)
#undef HK_X_EXIT
};

/* What an action's hooks may need; clients may be NULL when not configured. */
struct hk_engine {
  struct hk_loop *loop;          /* NULL: hooks must finish synchronously (tests) */
  struct aws_client *aws;
  struct dbx_client *dbx;        /* account client */
  struct dbx_client *ws;         /* workspace client, made once the workspace runs
                                    (hk_run_ws); the caller may hand it to the post-deploy
                                    checks (its token is reused), then hk_engine_release_ws */
  const char *frontend_addr;     /* reach the workspace here (front-end endpoint address);
                                    NULL = post.client_access's address */
  int frontend_port;             /* 0 = 443 */
  const struct hk_setup *setup;
  struct hk_setup *resolved;     /* network create modes: setup + created network IDs
                                    (net_resolve.h); what hk_run_setup() gives hooks */
  struct hk_plan *plan;
  struct hk_journal *journal;
  const struct hk_frontend *fe;
  volatile sig_atomic_t *stop;   /* set by a signal handler: finish what runs, start nothing */
  int max_parallel;              /* 0 = 8 */
  bool dry_lookup;               /* plan --live: run lookups only, change nothing */
  void *ud;                      /* front end's or caller's pointer */
  /* outcome */
  long n_created;                /* create hooks that finished OK */
  long n_adopted;
  long n_failed;
  bool interrupted;
  bool ws_failed;                /* an action reported HK_STATE for a FAILED workspace */
  struct hk_error first_error;
};

enum hk_run_step { HK_RUN_LOOKUP, HK_RUN_CREATE, HK_RUN_REMOVE };

/* One execution of one hook of one action. */
struct hk_run {
  struct hk_engine *eng;
  struct hk_action *action;
  struct hk_jaction *ja;
  enum hk_run_step step;
  bool found;                    /* lookup matched */
  bool active;
  bool finished;
  long started_ms;
  char token[48];                /* idempotency token for EC2 creates */
  int attempt;                   /* create attempts after transient failures */
  bool recheck;                  /* re-reading an action done earlier before it is relied on */
  bool made;                     /* created (again) in this run: what depends on it is redone */
  bool own_create;               /* a create of ours was sent before this one (the journal
                                    held our intent): a conflict is our own object */
  struct hk_error err;
  void *scratch;                 /* the hook's own state; the hook frees it */
  /* the driver (apply or destroy) that receives hk_run_finish() */
  void (*on_finish)(struct hk_run *run, hk_status st, const struct hk_error *err);
  void *driver;
};

/* --- for action hooks ------------------------------------------------ */
const struct hk_setup *hk_run_setup(const struct hk_run *run);
/* Result value of another action ("" when absent). */
const char *hk_run_dep(const struct hk_run *run, const char *action_id, const char *key);
/* Result value of this action so far ("" when absent). */
const char *hk_run_get(const struct hk_run *run, const char *key);
hk_status hk_run_set(struct hk_run *run, const char *key, const char *value);
/* Save the journal now (e.g. an ID learned halfway through a multi-call create). */
hk_status hk_run_save(struct hk_run *run);
void hk_run_progress(struct hk_run *run, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Lookup found a match (results already set). */
void hk_run_found(struct hk_run *run);
/* True when the user asked to stop (long waits end early and stay resumable). */
bool hk_run_stopping(const struct hk_run *run);
/* End the hook: exactly once.  err may be NULL on HK_OK. */
void hk_run_finish(struct hk_run *run, hk_status st, const struct hk_error *err);
/* Convenience: finish with a sentence. */
void hk_run_fail(struct hk_run *run, hk_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* --- for front ends ---------------------------------------------------- */
/* Run every action not yet done, until all are done, one fails, or a stop
 * is requested.  eng->journal must be open (and locked by the caller). */
hk_status hk_apply_run(struct hk_engine *eng, struct hk_error *err);
/* Free the workspace client once nothing is pending on the loop for it. */
void hk_engine_release_ws(struct hk_engine *eng);
/* Exit code for the outcome of a run. */
enum hk_exit hk_apply_exit_code(const struct hk_engine *eng, hk_status st);
const char *hk_exit_meaning(int code);

/* "10.0.1.5" or "127.0.0.1:8443" (--frontend-addr) -> addr and port (443
 * when not given); HK_INVALID with a sentence otherwise. */
hk_status hk_frontend_addr_parse(const char *in, char *addr, size_t n, int *port,
                                 struct hk_error *err);

/* Install SIGINT/SIGTERM/SIGHUP handlers that set *flag (and restore defaults on a
 * second signal so a stuck run can still be killed). */
void hk_apply_catch_signals(volatile sig_atomic_t *flag);

#endif
