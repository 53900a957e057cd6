/* steps/common.c - what the steps without a form share: the heading, the
 * document scroll keys, and "nothing to check before leaving". */
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
  *y += ui_put_wrapped(w, *y, 0, width, UI_HELP_ROWS, _(st->help));
  (*y)++;
}

int ui_steps_scroll_key(struct ui *ui, enum ui_action act)
{
  /* a page is the rows last shown, less one line kept for context: none skipped */
  int page = ui_textview_page(&ui->text, ui->rows - 10);

  if(act == UI_ACT_PGDN || act == UI_ACT_NEXT)
    ui_textview_scroll(&ui->text, act == UI_ACT_PGDN ? page : 1, 0);
  else if(act == UI_ACT_PGUP || act == UI_ACT_PREV)
    ui_textview_scroll(&ui->text, act == UI_ACT_PGUP ? -page : -1, 0);
  else
    return UI_F_NONE;
  return UI_F_REDRAW | UI_F_HANDLED;
}

int ui_steps_page_key(struct ui *ui, enum ui_action act, int key)
{
  int flags;

  (void)key;
  if(ui->overlay == UI_OV_DIALOG)
    return UI_F_HANDLED;
  flags = ui_steps_scroll_key(ui, act);
  if(flags != UI_F_NONE)
    return flags;
  if(act == UI_ACT_ACTIVATE || act == UI_ACT_CONTINUE)
    return UI_F_NEXT;
  if(act == UI_ACT_BACK)
    return UI_F_HANDLED;    /* what is created stays created: no way back */
  return UI_F_NONE;
}

bool ui_steps_always_valid(struct ui *ui, char *why, size_t n)
{
  (void)ui;
  (void)why;
  (void)n;
  return true;
}
