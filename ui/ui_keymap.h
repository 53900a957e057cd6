/* ui_keymap.h - actions, generated with the keymap from ui_keymap.def. */
#ifndef UI_KEYMAP_H
#define UI_KEYMAP_H

#include <stddef.h>

/* Keys are ints: characters are their code point; curses function keys
 * (KEY_F(1), KEY_UP...) carry UI_KEYFN so they never collide with text. */
#define UI_KEYFN_FLAG 0x1000000
#define UI_KEYFN(k) (UI_KEYFN_FLAG | (k))
#define UI_IS_KEYFN(k) (((k) & UI_KEYFN_FLAG) != 0)
/* Pseudo keys (scripts, bracketed paste, resize). */
#define UI_KEY_PASTE_START UI_KEYFN(0x7f01)
#define UI_KEY_PASTE_END UI_KEYFN(0x7f02)
#define UI_KEY_RESIZE UI_KEYFN(KEY_RESIZE)

enum ui_action {
  UI_ACT_NONE = 0,
  UI_ACT_HELP, UI_ACT_NEXT, UI_ACT_PREV, UI_ACT_ACTIVATE, UI_ACT_TOGGLE, UI_ACT_PICK,
  UI_ACT_BACK, UI_ACT_CONTINUE, UI_ACT_VIEW, UI_ACT_SAVE, UI_ACT_PGDN, UI_ACT_PGUP, UI_ACT_REDRAW, UI_ACT_QUIT,
  UI_ACT__COUNT
};

enum ui_km_where { UI_KM_ANY, UI_KM_NOTEXT };

struct ui_keybind {
  int key;
  enum ui_action action;
  enum ui_km_where where;
  const char *help;     /* untranslated; pass through _() */
  const char *hint;     /* untranslated; NULL = not on the hint line */
};

extern const struct ui_keybind ui_keymap[];
extern const size_t ui_keymap_len;

/* Action for a key; in_text: focus is in a text field (q and ? are typed). */
enum ui_action ui_keymap_action(int key, int in_text);
/* The hint line ("F1 Help  Tab Move ...") built from the keymap, translated,
 * fitted into width columns.  in_text: keys typed into the focused field
 * (q, ?) are not offered; the action's key that works there is ("^C Quit").
 * off: actions the screen does not have (1u << enum ui_action), not offered. */
void ui_keymap_hints(char *out, size_t n, int width, int in_text, unsigned off);
/* A key's short name ("F1", "Tab", "Esc", "q"). */
const char *ui_key_name(int key);
/* The help lines (each distinct help text once), translated; returns count. */
size_t ui_keymap_help_lines(const char **lines, size_t max);

#endif
