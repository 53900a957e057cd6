/* steps/summary.c - Summary: every created ID. */
#include <stdlib.h>
#include "core/hk_i18n.h"
#include "ui.h"
#include "ui_engine.h"
#include "steps/steps.h"

static void summary_enter(struct ui *ui)
{
  char *s = ui_engine_summary(ui->eng);

  ui_textview_set(&ui->text, "", s ? s : "", NULL);
  free(s);
  ui->finished = true;
}

static void summary_draw(const struct ui *ui, WINDOW *w)
{
  int y = 0, rows = getmaxy(w), width = getmaxx(w);

  ui_steps_draw_heading(ui, w, &y);
  ui_textview_draw_inline(&ui->text, w, y, 0, width, rows - y - 2);
  wattron(w, ui_attr(UI_ROLE_DIM));
  ui_put(w, rows - 1, 0, width, _("F10 or Enter: finish.  PgUp/PgDn: scroll."));
  wattroff(w, ui_attr(UI_ROLE_DIM));
}

const struct step_ops ui_step_summary = {
  "summary",
  N_("Summary"),
  N_("Everything heiiki created or adopted, by ID. `heiiki summary NAME --json` prints it again."),
  -1,
  summary_enter,
  summary_draw,
  ui_steps_page_key,
  ui_steps_always_valid,
  NULL,
};
