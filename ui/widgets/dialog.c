/* dialog.c - a small modal. */
#include <string.h>
#include "core/hk_buf.h"
#include "ui.h"

void ui_dialog_init(struct ui_dialog *d, const char *title, const char *text, const char *b0,
                    const char *b1, const char *b2)
{
  memset(d, 0, sizeof(*d));
  hk_strlcpy(d->title, title, sizeof(d->title));
  hk_strlcpy(d->text, text, sizeof(d->text));
  d->buttons[0] = b0;
  d->buttons[1] = b1;
  d->buttons[2] = b2;
  d->n_buttons = b2 ? 3 : (b1 ? 2 : 1);
}

void ui_dialog_input(struct ui_dialog *d, const char *initial)
{
  d->has_input = true;
  ui_field_init(&d->input, 400);
  ui_field_set(&d->input, initial);
  d->sel = -1;
}

void ui_dialog_draw(const struct ui_dialog *d, WINDOW *w)
{
  int rows = getmaxy(w), cols = getmaxx(w);
  int y, i, x;

  werase(w);
  box(w, 0, 0);
  wattron(w, ui_attr(UI_ROLE_HEADING));
  ui_put(w, 0, 2, cols - 4, d->title);
  wattroff(w, ui_attr(UI_ROLE_HEADING));
  y = 1 + ui_put_wrapped(w, 1, 2, cols - 4, rows - 5, d->text);
  if(d->error[0]) {
    wattron(w, ui_attr(UI_ROLE_ERROR));
    ui_put_wrapped(w, y, 2, cols - 4, 2, d->error);
    wattroff(w, ui_attr(UI_ROLE_ERROR));
  }
  x = 2;
  for(i = 0; i < d->n_buttons; i++) {
    char b[64];
    attr_t a = d->sel == i ? ui_attr(UI_ROLE_FOCUS) : ui_attr(UI_ROLE_BUTTON);

    snprintf(b, sizeof(b), "[ %s ]", d->buttons[i]);
    wattron(w, a);
    mvwaddstr(w, rows - 2, x, b);
    wattroff(w, a);
    x += ui_text_width(b) + 2;
  }
  if(d->has_input)
    ui_field_draw(&d->input, w, rows - 4, 2, cols - 4, d->sel == -1,
                  d->sel == -1 ? ui_attr(UI_ROLE_FOCUS) : ui_attr(UI_ROLE_FIELD));
}
