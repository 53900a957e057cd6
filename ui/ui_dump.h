/* ui_dump.h - write the screen's text to a file (tests, bug reports). */
#ifndef UI_DUMP_H
#define UI_DUMP_H

/* Append the current screen (curscr) as text, one line per row (trailing
 * blanks trimmed), then a line "----". Returns 0 on success. */
int ui_dump_screen(const char *path);

#endif
