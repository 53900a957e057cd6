/* ui_keymap.c - key dispatch, hint line and help text from ui_keymap.def. */
#include <curses.h>
#include <string.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "core/hk_text.h"
#include "ui_keymap.h"

const struct ui_keybind ui_keymap[] = {
#define UI_KEY(k, act, where, help, hint) { k, UI_ACT_##act, where, help, hint },
#include "ui_keymap.def"
#undef UI_KEY
};
const size_t ui_keymap_len = sizeof(ui_keymap) / sizeof(ui_keymap[0]);

enum ui_action ui_keymap_action(int key, int in_text)
{
  size_t i;

  for(i = 0; i < ui_keymap_len; i++) {
    if(ui_keymap[i].key != key)
      continue;
    if(in_text && ui_keymap[i].where == UI_KM_NOTEXT)
      return UI_ACT_NONE;
    return ui_keymap[i].action;
  }
  return UI_ACT_NONE;
}

const char *ui_key_name(int key)
{
  static char buf[8];

  switch(key) {
  case '\t': return "Tab";
  case UI_KEYFN(KEY_BTAB): return "S-Tab";
  case '\n': case '\r': case UI_KEYFN(KEY_ENTER): return "Enter";
  case 27: return "Esc";
  case ' ': return "Space";
  case UI_KEYFN(KEY_UP): return "Up";
  case UI_KEYFN(KEY_DOWN): return "Down";
  case UI_KEYFN(KEY_NPAGE): return "PgDn";
  case UI_KEYFN(KEY_PPAGE): return "PgUp";
  case 12: return "^L";
  case 3: return "^C";
  default: break;
  }
  if(key >= UI_KEYFN(KEY_F(1)) && key <= UI_KEYFN(KEY_F(12))) {
    snprintf(buf, sizeof(buf), "F%d", key - UI_KEYFN(KEY_F(0)));
    return buf;
  }
  if(key > 32 && key < 127) {
    buf[0] = (char)key;
    buf[1] = '\0';
    return buf;
  }
  return "?";
}

/* The key of entry i's action that works here: itself, or another binding of
 * the action that is not typed into a field; -1 when none. */
static int working_key(size_t i, int in_text)
{
  size_t j;

  if(!in_text || ui_keymap[i].where != UI_KM_NOTEXT)
    return ui_keymap[i].key;
  for(j = 0; j < ui_keymap_len; j++)
    if(ui_keymap[j].action == ui_keymap[i].action && ui_keymap[j].where == UI_KM_ANY)
      return ui_keymap[j].key;
  return -1;
}

void ui_keymap_hints(char *out, size_t n, int width, int in_text, unsigned off)
{
  size_t i, len = 0;
  int cells = 0;

  if(n == 0)
    return;
  out[0] = '\0';
  for(i = 0; i < ui_keymap_len; i++) {
    char item[64];
    int w, key;

    if(!ui_keymap[i].hint || (off & (1u << ui_keymap[i].action)) ||
       (key = working_key(i, in_text)) < 0)
      continue;
    w = snprintf(item, sizeof(item), "%s%s %s", len ? "  " : "", ui_key_name(key),
                 _(ui_keymap[i].hint));
    /* the width is in display cells, the buffer in bytes */
    if(w < 0 || cells + (int)hk_text_width(item) > width || len + (size_t)w + 1 > n)
      break;
    hk_strlcpy(out + len, item, n - len);
    len += (size_t)w;
    cells += (int)hk_text_width(item);
  }
}

size_t ui_keymap_help_lines(const char **lines, size_t max)
{
  size_t i, j, count = 0;

  for(i = 0; i < ui_keymap_len && count < max; i++) {
    int seen = 0;

    for(j = 0; j < i; j++) {
      if(strcmp(ui_keymap[j].help, ui_keymap[i].help) == 0)
        seen = 1;
    }
    if(!seen)
      lines[count++] = _(ui_keymap[i].help);
  }
  return count;
}
