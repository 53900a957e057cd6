/* progress.h - one row per action: state, elapsed time, the latest message. */
#ifndef UI_WIDGET_PROGRESS_H
#define UI_WIDGET_PROGRESS_H

#include <curses.h>
#include <stdbool.h>
#include "core/hk_status.h"

#define UI_PROGRESS_MAX 64

enum ui_act_state { UI_ACT_PENDING, UI_ACT_RUNNING, UI_ACT_OK, UI_ACT_FAILED, UI_ACT_SKIPPED };

struct ui_progress_row {
  char id[64];
  char title[128];
  char verb[16];
  enum ui_act_state state;
  char message[256];        /* server status / summary / failure sentence */
  long start_ms;
  long elapsed_ms;          /* final, or last reported */
};

struct ui_progress {
  struct ui_progress_row rows[UI_PROGRESS_MAX];
  int n;
  bool running;
  bool finished;
  hk_status result;
  char headline[256];
};

void ui_progress_reset(struct ui_progress *p);
struct ui_progress_row *ui_progress_row(struct ui_progress *p, const char *id);
/* Draw rows from y (at most max_rows; the last running row stays in view). */
void ui_progress_draw(const struct ui_progress *p, WINDOW *w, int y, int x, int width,
                      int max_rows, long now_ms, unsigned tick);

#endif
