/* steps/common.c - the heading every step without a form draws. */
#include "core/hk_i18n.h"
#include "ui.h"
#include "steps/steps.h"

void ui_steps_draw_heading(const struct ui *ui, WINDOW *w, int *y)
{
  const struct step_ops *st = ui_step(ui);
  int width = getmaxx(w);

  wattron(w, ui_attr(UI_ROLE_HEADING));
  ui_put(w, *y, 0, width, _(st->title));
  wattroff(w, ui_attr(UI_ROLE_HEADING));
  (*y)++;
  *y += ui_put_wrapped(w, *y, 0, width, 3, _(st->help));
  (*y)++;
}
