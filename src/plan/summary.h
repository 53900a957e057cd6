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
/* Text (for people) or JSON (for scripts). */
/* A state file's phase key (complete, applying ...) as the text shows it, in the
 * operator's language; an unknown key as it is. */
const char *hk_summary_phase_word(const char *key);

hk_status hk_summary_print(const struct hk_journal *j, FILE *out, bool json);

#endif
