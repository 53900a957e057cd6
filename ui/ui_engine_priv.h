/* ui_engine_priv.h - the engine adapter's state, shared by its files
 * (ui_engine.c: runtime and live checks; ui_engine_pick.c: pickers;
 * ui_engine_run.c: review, commit, access, verify, summary). */
#ifndef UI_ENGINE_PRIV_H
#define UI_ENGINE_PRIV_H

#include <signal.h>
#include <stdbool.h>
#include "checks/checks_gather.h"
#include "cli/cli.h"
#include "plan/journal.h"
#include "plan/plan.h"
#include "ui_engine.h"

struct ui_engine {
  struct ui *ui;
  struct hk_loop *own_loop;        /* the UI's loop until the runtime opens */
  struct hk_cli cli;               /* options for the runtime (state dir) */
  struct hk_cli_rt rt;
  bool rt_open;
  char rt_key[128];                /* account ID + region the runtime was opened for */

  /* live checks */
  struct ui_check_run *current;
  struct ui_check_run *retired;    /* older runs still in flight */
  bool checking;
  int check_step;                  /* model step, or HK_STEP_ALL for the review */
  unsigned gen;                    /* bumps when a new check run starts */
  int busy;                        /* requests of ours in flight */
  bool changed;                    /* something landed since the last drain */

  /* pickers */
  unsigned pick_gen;

  /* defaults from the account (ui_engine_discover.c) */
  struct ui_discovery *disc;
  /* the network step's planned layout (ui_engine_netplan.c) */
  struct ui_netlayout *netl;

  /* commit */
  volatile sig_atomic_t stop;
  bool committing;                 /* the engine drives the loop (apply, verify) */
  bool tick_while_pending;         /* the screen timer re-arms only while work is pending */
  struct hk_journal journal;
  bool journal_open;
  struct dbx_client *ws;           /* the commit's workspace client, reused by the checks */
  char *plan_text;
  size_t n_create;                 /* the plan's creates not done yet (journal) */
};

/* Open the loop and clients for the current answers (again when the
 * account or region changed).  HK_OK, or a sentence in err. */
hk_status ui_engine_runtime(struct ui_engine *e, struct hk_error *err);
/* Free finished check runs; update the pending count. */
void ui_engine_poll_checks(struct ui_engine *e);
/* The screen's keep-alive tick while an engine drives the loop: one chain
 * at a time (a second chain, say one left over from the commit, would keep
 * the checks' loop "pending" for ever, each re-arming for the other).
 * while_pending: re-arm only while other work is pending on the loop, for
 * engines that run until the loop is idle (hk_verify_run). */
void ui_engine_tick_start(struct ui_engine *e, bool while_pending);
void ui_engine_tick_stop(struct ui_engine *e);
/* The AWS identity the current check run read (STS), or NULL. */
const struct aws_caller_identity *ui_engine_identity(const struct ui_engine *e);
bool ui_engine_discover_busy(const struct ui_engine *e);
void ui_engine_discover_free(struct ui_engine *e);
bool ui_engine_netlayout_busy(const struct ui_engine *e);
void ui_engine_netlayout_free(struct ui_engine *e);
/* Open the setup's journal if it exists (read-only use); true when open. */
bool ui_engine_journal(struct ui_engine *e);

#endif
