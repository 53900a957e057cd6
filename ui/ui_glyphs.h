/* ui_glyphs.h - UTF-8 glyphs with an ASCII fallback.
 *
 * The set is chosen once, from the locale's codeset (nl_langinfo). */
#ifndef UI_GLYPHS_H
#define UI_GLYPHS_H

/* X(ENUM, utf8, ascii) */
#define UI_GLYPH_TABLE(X)            \
  X(OK,      "\u2713", "+")          \
  X(FAIL,    "\u2717", "x")          \
  X(WARN,    "\u26a0", "!")          \
  X(ELLIPSIS, "\u2026", "...")       \
  X(ARROW,   "\u25b6", ">")          \
  X(VBAR,    "\u2502", "|")          \
  X(HBAR,    "\u2500", "-")          \
  X(DOT,     "\u00b7", ".")          \
  X(PENDING, "\u25cb", "o")          \
  X(LEFT,    "\u2039", "<")          \
  X(RIGHT,   "\u203a", ">")

enum ui_glyph {
#define UI_X_GLYPH(e, u, a) UI_G_##e,
  UI_GLYPH_TABLE(UI_X_GLYPH)
#undef UI_X_GLYPH
  UI_G__COUNT
};

/* Choose the set from the current locale (call after setlocale). */
void ui_glyphs_init(void);
/* Force a set (tests). */
void ui_glyphs_set_utf8(int utf8);
int ui_glyphs_utf8(void);
const char *ui_glyph(enum ui_glyph g);
/* Spinner frame for a tick counter. */
const char *ui_spinner(unsigned tick);

#endif
