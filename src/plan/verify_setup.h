/* verify_setup.h - the post-deploy checks of a setup, once for every front end:
 * `heiiki apply`/`resume` after the commit, `heiiki verify NAME` and the
 * wizard's verify step all run them through hk_verify_setup_run, so they read
 * the same journal entries and record the same results. */
#ifndef PLAN_VERIFY_SETUP_H
#define PLAN_VERIFY_SETUP_H

#include <signal.h>
#include "core/hk_status.h"
#include "plan/journal.h"
#include "verify/verify_run.h"

struct hk_loop;
struct dbx_client;
struct hk_frontend;

struct hk_verify_setup {
  const char *frontend_addr;     /* --frontend-addr / HEIIKI_FRONTEND_ADDR (parsed), or NULL:
                                    the address post.client_access recorded */
  int frontend_port;             /* with frontend_addr; 0 = 443 */
  unsigned skip;                 /* bit (1u << check) = skip that check */
  volatile sig_atomic_t *stop;   /* Ctrl-C, q: the test cluster is removed, then it stops */
  struct dbx_client *ws;         /* the apply's workspace client (token reused), or NULL */
};

/* The workspace URL the journal holds ("" before the workspace exists). */
const char *hk_verify_setup_url(const struct hk_journal *j);

/* Run the checks for the setup whose journal j is, and record them in it.
 * j must be held locked (hk_journal_open_locked: lock, then read, then
 * write): the results are saved into the journal as the last writer left
 * it, and no destroy or apply runs meanwhile.  Reads the workspace URL and
 * the front-end address from j, journals the test cluster (the one an earlier
 * run left is removed first), records every outcome (verify_journal.h) and
 * saves.  Returns what hk_verify_run returned (err says why; r is filled
 * whenever the checks ran); HK_STATE when j is not locked or has no workspace
 * yet (nothing ran).  *saved says whether the results reached the state file
 * (save_err why not). */
hk_status hk_verify_setup_run(struct hk_loop *loop, struct dbx_client *account,
                              struct hk_journal *j, const struct hk_verify_setup *o,
                              const struct hk_frontend *fe, struct hk_verify_result *r,
                              bool *saved, struct hk_error *err, struct hk_error *save_err);

#endif
