/* ui_dump.h - write the screen's text to a file (tests, bug reports). */
#ifndef UI_DUMP_H
#define UI_DUMP_H

#include <stdbool.h>

/* Append the current screen (curscr) as text, one line per row (trailing
 * blanks trimmed), then a line "----". Returns 0 on success. */
int ui_dump_screen(const char *path);
/* Does a row of the screen as last shown (curscr) contain text? */
bool ui_screen_has(const char *text);

#endif
