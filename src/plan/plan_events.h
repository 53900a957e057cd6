/* plan_events.h - how the engine talks to a front end while it works.
 *
 * Like debconf's frontend vtable: the engine (plan, apply, destroy, verify)
 * never prints; it calls these hooks and the front end decides how to show
 * them (curses rows in ui/, one line per event for logs in headless mode).
 * Every hook may be NULL.  Strings are valid only during the call. */
#ifndef PLAN_EVENTS_H
#define PLAN_EVENTS_H

#include <stdbool.h>
#include <stdio.h>
#include "core/hk_status.h"

enum hk_log_level { HK_LOG_DEBUG, HK_LOG_INFO, HK_LOG_WARN, HK_LOG_ERROR };

struct hk_frontend {
  /* An action begins: id ("dbx.network"), title ("Network configuration"),
   * verb ("create", "adopt", "delete", "update"). */
  void (*action_started)(void *ud, const char *id, const char *title, const char *verb);
  /* Something to show while it runs (server status message, "waiting for
   * the endpoint to become available"), with the action's elapsed time. */
  void (*action_progress)(void *ud, const char *id, const char *message, long elapsed_ms);
  /* Finished: result HK_OK, or a failure with err (sentence + verbatim API
   * error).  summary names what it produced ("vpce-0abc…"), may be "". */
  void (*action_done)(void *ud, const char *id, hk_status result, const struct hk_error *err,
                      const char *summary, long elapsed_ms);
  /* Free-form message (plan notes, warnings, the resume point...). */
  void (*log)(void *ud, enum hk_log_level level, const char *message);
  void *ud;
};

/* Calls that tolerate a NULL frontend and NULL hooks. */
void hk_fe_started(const struct hk_frontend *fe, const char *id, const char *title,
                   const char *verb);
void hk_fe_progress(const struct hk_frontend *fe, const char *id, const char *message,
                    long elapsed_ms);
void hk_fe_done(const struct hk_frontend *fe, const char *id, hk_status result,
                const struct hk_error *err, const char *summary, long elapsed_ms);
void hk_fe_log(const struct hk_frontend *fe, enum hk_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The headless front end: one timestamped line per event, for logs.
 *   2026-11-24T10:41:07Z  start  dbx.network  create  Network configuration
 *   2026-11-24T10:41:08Z  done   dbx.network  ok  0.9s  a1b2c3...
 * Progress lines are rate-limited per action (a new message, or every
 * min_progress_ms).  color: ANSI colours on the result word. */
struct hk_lines_fe {
  FILE *out;
  bool color;
  bool quiet;              /* only done/failed lines and warnings */
  long min_progress_ms;    /* default 10000 */
  char last_id[64];
  char last_msg[256];
  long last_ms;
};
void hk_lines_fe_init(struct hk_lines_fe *lf, FILE *out, bool color);
/* Point fe's hooks at the line writer. */
void hk_lines_fe_bind(struct hk_lines_fe *lf, struct hk_frontend *fe);

#endif
