/* dialog.h - a small modal: confirm, quit, save to a file (with a path input). */
#ifndef UI_WIDGET_DIALOG_H
#define UI_WIDGET_DIALOG_H

#include <curses.h>
#include <stdbool.h>
#include "widgets/field.h"

struct ui_dialog {
  char title[128];
  char text[1024];
  const char *buttons[3];   /* translated labels */
  int n_buttons;
  int sel;                  /* focused button; -1 = the input */
  bool has_input;
  struct ui_field input;
  char error[256];
};

void ui_dialog_init(struct ui_dialog *d, const char *title, const char *text, const char *b0,
                    const char *b1, const char *b2);
void ui_dialog_input(struct ui_dialog *d, const char *initial);
void ui_dialog_draw(const struct ui_dialog *d, WINDOW *w);

#endif
