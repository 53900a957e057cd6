/* ui_frame.c - the frame around every step: title bar, breadcrumb of steps
 * with done marks, status line, key-hint line; and the "too small" screen. */
#include <string.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "ui.h"

int ui_body_rows(const struct ui *ui)
{
  return ui->rows - 4;
}

static void draw_title(const struct ui *ui)
{
  char left[400], right[64];

  snprintf(left, sizeof(left), " heiiki %s %s", ui_glyph(UI_G_VBAR),
           ui->setup.name[0] ? ui->setup.name : _("new setup"));
  snprintf(right, sizeof(right), _("step %d of %d "), ui->cur + 1, ui->n_steps);
  attron(ui_attr(UI_ROLE_TITLE));
  mvhline(0, 0, ' ', ui->cols);
  ui_put(stdscr, 0, 0, ui->cols, left);
  ui_put(stdscr, 0, ui->cols - ui_text_width(right), ui_text_width(right), right);
  attroff(ui_attr(UI_ROLE_TITLE));
}

/* "✓1 ✓2 ▶3 Storage configuration 4 5 …": numbers for the others, the
 * current step's title in full, a done mark before finished ones. */
static void draw_breadcrumb(const struct ui *ui)
{
  int x = 1, i;

  move(1, 0);
  clrtoeol();
  for(i = 0; i < ui->n_steps && x < ui->cols - 1; i++) {
    char item[192];
    enum ui_role role;

    if(i == ui->cur) {
      snprintf(item, sizeof(item), "%s%d %s", ui_glyph(UI_G_ARROW), i + 1, _(ui->flow[i]->title));
      role = UI_ROLE_HEADING;
    } else if(ui->done[i]) {
      snprintf(item, sizeof(item), "%s%d", ui_glyph(UI_G_OK), i + 1);
      role = UI_ROLE_OK;
    } else {
      snprintf(item, sizeof(item), " %d", i + 1);
      role = UI_ROLE_DIM;
    }
    attron(ui_attr(role));
    x += ui_put(stdscr, 1, x, ui->cols - x - 1, item) + 1;
    attroff(ui_attr(role));
  }
}

/* What this screen does not have, so the hint line does not offer it: no
 * list off the forms; no way back from the start or once the commit ran
 * (what is created stays created). */
static unsigned hidden_actions(const struct ui *ui)
{
  unsigned off = 0;
  int commit = ui_flow_find("commit");

  if(ui_step(ui)->model_step < 0)
    off |= 1u << UI_ACT_PICK;
  if(ui->overlay == UI_OV_NONE && (ui->cur == 0 || (commit >= 0 && ui->cur >= commit)))
    off |= 1u << UI_ACT_BACK;
  return off;
}

void ui_draw_frame(const struct ui *ui)
{
  char hints[512];

  draw_title(ui);
  draw_breadcrumb(ui);
  move(ui->rows - 2, 0);
  clrtoeol();
  if(ui->msg[0]) {
    attron(ui_attr(ui->msg_role));
    ui_put(stdscr, ui->rows - 2, 1, ui->cols - 2, ui->msg);
    attroff(ui_attr(ui->msg_role));
  }
  ui_keymap_hints(hints, sizeof(hints), ui->cols - 2, ui_in_text(ui), hidden_actions(ui));
  attron(ui_attr(UI_ROLE_HINT));
  mvhline(ui->rows - 1, 0, ' ', ui->cols);
  ui_put(stdscr, ui->rows - 1, 1, ui->cols - 2, hints);
  attroff(ui_attr(UI_ROLE_HINT));
}

void ui_draw_too_small(const struct ui *ui)
{
  char line[256];
  int y = ui->rows / 2 - 1;

  erase();
  if(y < 0)
    y = 0;
  snprintf(line, sizeof(line), _("Terminal too small: %dx%d."), ui->cols, ui->rows);
  attron(ui_attr(UI_ROLE_WARN));
  ui_put_wrapped(stdscr, y, 0, ui->cols, 2, line);
  attroff(ui_attr(UI_ROLE_WARN));
  snprintf(line, sizeof(line), _("heiiki needs at least %dx%d. Enlarge the window, or press q to quit."),
           ui->min_cols, ui->min_rows);
  ui_put_wrapped(stdscr, y + 1, 0, ui->cols, ui->rows - y - 1, line);
}
