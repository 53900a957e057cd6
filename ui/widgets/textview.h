/* textview.h - a scrollable text overlay (help, the bucket policy preview). */
#ifndef UI_WIDGET_TEXTVIEW_H
#define UI_WIDGET_TEXTVIEW_H

#include <curses.h>

struct ui_textview {
  char title[128];
  char *text;               /* owned */
  int top;                  /* first line shown */
  char footer[256];         /* keys of this view */
};

void ui_textview_set(struct ui_textview *t, const char *title, const char *text,
                     const char *footer);
void ui_textview_free(struct ui_textview *t);
void ui_textview_scroll(struct ui_textview *t, int delta, int page_rows);
/* A page for PgDn/PgUp: the rows the last inline draw of t showed, less one
 * kept for context (no line is skipped); fallback before any draw. */
int ui_textview_page(const struct ui_textview *t, int fallback);
/* Lines after wrapping to width. */
int ui_textview_lines(const struct ui_textview *t, int width);
/* Draw in a boxed window, or inline (boxed 0) from row y with rows. */
void ui_textview_draw(const struct ui_textview *t, WINDOW *w);
void ui_textview_draw_inline(const struct ui_textview *t, WINDOW *w, int y, int x, int width,
                             int rows);

#endif
