/* field.h - one line of text input: cursor, horizontal scroll, paste, max
 * length; control characters typed are refused with a sentence. */
#ifndef UI_WIDGET_FIELD_H
#define UI_WIDGET_FIELD_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#define UI_FIELD_CAP 512

struct ui_field {
  wchar_t text[UI_FIELD_CAP + 1];
  int len;
  int cur;                /* cursor, in characters */
  int max;                /* max characters (<= UI_FIELD_CAP) */
  bool pasting;           /* inside a bracketed paste: newlines are dropped */
  bool changed;           /* edited since load */
};

enum ui_field_res {
  UI_FIELD_IGNORED = 0,   /* not an editing key: the caller handles it */
  UI_FIELD_EDITED,        /* text changed */
  UI_FIELD_MOVED,         /* cursor moved */
  UI_FIELD_REFUSED        /* refused; *why says why */
};

void ui_field_init(struct ui_field *f, int max);
/* Load UTF-8 text (invalid bytes become U+FFFD is not done: they are skipped). */
void ui_field_set(struct ui_field *f, const char *utf8);
/* The text as UTF-8. */
void ui_field_get(const struct ui_field *f, char *out, size_t n);
/* Feed one key (ui_keymap key ints). */
enum ui_field_res ui_field_key(struct ui_field *f, int key, const char **why);
/* Draw in a box of width columns at (y,x); the visible part keeps the
 * cursor in view (a pure function of the text and the cursor). */
void ui_field_draw(const struct ui_field *f, WINDOW *w, int y, int x, int width, bool focused,
                   attr_t attr);
/* First visible character index for a box width (exposed for tests). */
int ui_field_first_visible(const struct ui_field *f, int width);

#endif
