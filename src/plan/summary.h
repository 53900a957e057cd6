/* summary.h - what exists for a setup: every created, adopted or given ID,
 * the workspace URL and the hosts-file line.  Read from the journal only. */
#ifndef PLAN_SUMMARY_H
#define PLAN_SUMMARY_H

#include <stdbool.h>
#include <stdio.h>
#include "core/hk_status.h"
#include "plan/journal.h"

struct hk_summary_ws {
  const char *workspace_id;
  const char *url;
  const char *host;
  const char *status;
  const char *deployment_name;
  const char *address;           /* front-end address, "" until known */
  const char *hosts_line;        /* "" until the address is known */
};

/* Workspace facts from the journal (pointers into it; "" when unknown). */
void hk_summary_workspace(const struct hk_journal *j, struct hk_summary_ws *ws);

/* The summary model: the journal, and for each object whose state changes
 * after its create (workspace status, network vpc_status, endpoint states)
 * the state read now (summary_live.c).  `heiiki summary` and the wizard's
 * summary both build it, re-read it and print it. */
#define HK_SUMMARY_LIVE_MAX 48

struct live_def;

struct hk_summary_live {
  const struct live_def *def;
  char action[64];
  char key[32];                  /* the result key whose value is the state */
  char object_id[128];
  char state[64];                /* read now; "" when not (error says why) */
  char error[256];
  int same_as;                   /* 1 + the row read for it (the same object), or 0 */
};

struct hk_summary {
  const struct hk_journal *j;
  struct hk_summary_live rows[HK_SUMMARY_LIVE_MAX];
  size_t n;
  bool tried;                    /* hk_summary_refresh ran: unread states are marked recorded */
  char read_at[24];
  char why_not[256];             /* nothing could be read (offline, no credentials) */
  int waiting;
};

/* The rows, from j (which must outlive m); nothing read yet. */
void hk_summary_init(struct hk_summary *m, const struct hk_journal *j);
/* Read every row's state now: one describe/get per object, concurrently on
 * loop; returns when all have answered.  loop NULL or no client: nothing is
 * read and why_not says why (each state shows as recorded). */
struct hk_loop;
struct aws_client;
struct dbx_client;
void hk_summary_refresh(struct hk_summary *m, struct hk_loop *loop, struct aws_client *aws,
                        struct dbx_client *dbx, const char *why_not);
const struct hk_summary_live *hk_summary_find(const struct hk_summary *m, const char *action);
/* A state file's phase key (complete, applying ...) as the text shows it, in the
 * operator's language; an unknown key as it is. */
const char *hk_summary_phase_word(const char *key);

/* Text (for people) or JSON (for scripts). */
hk_status hk_summary_print_model(const struct hk_summary *m, FILE *out, bool json);
/* The same, as recorded (no read): what `heiiki apply` prints at its end. */
hk_status hk_summary_print(const struct hk_journal *j, FILE *out, bool json);

#endif
