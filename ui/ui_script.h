/* ui_script.h - scripted input: keys from a file, for deterministic tests.
 *
 * The key language: plain text is typed as is; <Name> is a key: <Tab>
 * <S-Tab> <Enter> <Esc> <Space> <BS> <Del> <Up> <Down> <Left> <Right>
 * <Home> <End> <PgUp> <PgDn> <F1>..<F12> <C-a>..<C-z> <lt> (a '<');
 * <PasteStart> <PasteEnd> bracket pasted text.  Directives: <dump> writes
 * the screen to the dump file, <dump:PATH> to PATH; <resize:WxH> resizes
 * the screen; <wait> waits for pending checks (every key does anyway);
 * <sleep:MS> pauses; <until:TEXT> waits (up to a minute, also while a
 * commit or the checks run) until the screen shows TEXT.  Line breaks in the file are ignored (use <Enter>);
 * a line starting with '#' is a comment. */
#ifndef UI_SCRIPT_H
#define UI_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include "core/hk_status.h"

enum ui_script_op { UI_SC_KEY, UI_SC_DUMP, UI_SC_RESIZE, UI_SC_WAIT, UI_SC_SLEEP, UI_SC_UNTIL };

struct ui_script_step {
  enum ui_script_op op;
  int key;              /* UI_SC_KEY: a ui_keymap key int */
  int a, b;             /* RESIZE: cols, rows; SLEEP: ms */
  char *path;           /* DUMP: NULL = the default dump file; UNTIL: the text */
};

struct ui_script {
  struct ui_script_step *steps;
  size_t n, cap;
  size_t pos;
  long sleep_until;
  long wait_since;      /* when the current step started waiting (checks, text) */
};

/* Parse text; on HK_INVALID err says where (byte offset) and what. */
hk_status ui_script_parse(const char *text, struct ui_script *out, struct hk_error *err);
hk_status ui_script_load(const char *path, struct ui_script *out, struct hk_error *err);
void ui_script_free(struct ui_script *s);
/* Whole-string decimal numbers ("12"; no sign, no trailing text). */
bool ui_parse_long(const char *s, long *out);
/* "100x30" -> 100, 30. */
bool ui_parse_size(const char *s, int *w, int *h);

#endif
