/* ui_theme.h - semantic colour pairs, with a mono scheme.
 *
 * Screens never name colours: they ask for a role (title, focus, error...).
 * The mono scheme maps roles to bold/reverse/underline only; it is chosen by
 * NO_COLOR, --color=never, or a terminal without colours. */
#ifndef UI_THEME_H
#define UI_THEME_H

#include <curses.h>

#define UI_ROLE_TABLE(X)                                            \
  X(NORMAL,  COLOR_WHITE,  -1,          A_NORMAL)                  \
  X(TITLE,   COLOR_BLACK,  COLOR_CYAN,  A_REVERSE)                 \
  X(HEADING, COLOR_CYAN,   -1,          A_BOLD)                    \
  X(FIELD,   COLOR_WHITE,  COLOR_BLUE,  A_UNDERLINE)               \
  X(FOCUS,   COLOR_BLACK,  COLOR_YELLOW, A_REVERSE)                \
  X(OK,      COLOR_GREEN,  -1,          A_BOLD)                    \
  X(WARN,    COLOR_YELLOW, -1,          A_BOLD)                    \
  X(ERROR,   COLOR_RED,    -1,          A_BOLD)                    \
  X(HINT,    COLOR_BLACK,  COLOR_WHITE, A_REVERSE)                 \
  X(DIM,     COLOR_BLUE,   -1,          A_DIM)                     \
  X(BUTTON,  COLOR_WHITE,  COLOR_BLUE,  A_NORMAL)                  \
  X(DISABLED, COLOR_BLACK, -1,          A_DIM)

enum ui_role {
#define UI_X_ROLE(name, fg, bg, mono) UI_ROLE_##name,
  UI_ROLE_TABLE(UI_X_ROLE)
#undef UI_X_ROLE
  UI_ROLE__COUNT
};

enum ui_color_mode { UI_COLOR_AUTO, UI_COLOR_NEVER, UI_COLOR_ALWAYS };

/* Decide the scheme: mode from --color, NO_COLOR from the environment, then
 * the terminal's capabilities.  Call after initscr(). */
void ui_theme_init(enum ui_color_mode mode);
/* Whether colours are in use (false = mono). */
int ui_theme_colored(void);
/* Attributes for a role in the current scheme. */
attr_t ui_attr(enum ui_role role);
/* Parse "auto" / "never" / "always"; -1 when unknown. */
int ui_color_mode_parse(const char *s);

#endif
