/* checks_cli.h - the pre-flight for the headless `heiiki check` command:
 * run every before-create rule live and print the findings (text as they
 * land, or one JSON document). */
#ifndef CHECKS_CLI_H
#define CHECKS_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include "checks/checks_gather.h"

struct hk_preflight_print {
  bool json;                  /* one JSON document at the end */
  bool verbose;               /* text: also PASS and SKIP lines */
  bool color;                 /* text: ANSI colours */
  FILE *out;
};

/* Run the full pre-flight (step = HK_STEP_ALL) or one step's rules and print.
 * aws / dbx may be NULL (their rules then report "could not check").
 * Returns 0 when nothing blocks, 3 when a finding blocks, 1 when the run
 * itself failed (the sentence is printed).  Stats go to *stats when not NULL. */
int hk_preflight_report(struct hk_loop *loop, struct aws_client *aws, struct dbx_client *dbx,
                        const struct hk_setup *s, int step, const struct hk_preflight_print *p,
                        struct hk_gather_stats *stats);

#endif
