/* field.c - one line of text input. */
#include <limits.h>
#include <string.h>
#include <wctype.h>
#include "core/hk_i18n.h"
#include "ui_keymap.h"
#include "widgets/field.h"

void ui_field_init(struct ui_field *f, int max)
{
  memset(f, 0, sizeof(*f));
  f->max = (max <= 0 || max > UI_FIELD_CAP) ? UI_FIELD_CAP : max;
}

void ui_field_set(struct ui_field *f, const char *utf8)
{
  mbstate_t st;
  const char *p = utf8 ? utf8 : "";
  size_t left = strlen(p);

  memset(&st, 0, sizeof(st));
  f->len = 0;
  while(left > 0 && f->len < f->max) {
    wchar_t wc;
    size_t r = mbrtowc(&wc, p, left, &st);

    if(r == (size_t)-1 || r == (size_t)-2) {
      /* not valid in this locale: keep the byte if it is ASCII, else skip */
      memset(&st, 0, sizeof(st));
      if((unsigned char)*p < 0x80)
        f->text[f->len++] = (wchar_t)(unsigned char)*p;
      p++;
      left--;
      continue;
    }
    if(r == 0)
      break;
    f->text[f->len++] = wc;
    p += r;
    left -= r;
  }
  f->text[f->len] = L'\0';
  f->cur = f->len;
  f->changed = false;
}

void ui_field_get(const struct ui_field *f, char *out, size_t n)
{
  mbstate_t st;
  size_t used = 0;
  int i;

  if(n == 0)
    return;
  memset(&st, 0, sizeof(st));
  for(i = 0; i < f->len; i++) {
    char mb[MB_LEN_MAX];
    size_t r = wcrtomb(mb, f->text[i], &st);

    if(r == (size_t)-1) {
      mb[0] = '?';
      r = 1;
      memset(&st, 0, sizeof(st));
    }
    if(used + r + 1 > n)
      break;
    memcpy(out + used, mb, r);
    used += r;
  }
  out[used] = '\0';
}

static enum ui_field_res insert_char(struct ui_field *f, wchar_t c, const char **why)
{
  if(f->len >= f->max) {
    *why = _("This field is full: it takes no more characters.");
    return UI_FIELD_REFUSED;
  }
  memmove(&f->text[f->cur + 1], &f->text[f->cur], (size_t)(f->len - f->cur) * sizeof(wchar_t));
  f->text[f->cur] = c;
  f->len++;
  f->cur++;
  f->text[f->len] = L'\0';
  f->changed = true;
  return UI_FIELD_EDITED;
}

enum ui_field_res ui_field_key(struct ui_field *f, int key, const char **why)
{
  static const char *none = "";

  if(!why)
    why = &none;
  *why = "";
  if(key == UI_KEY_PASTE_START) {
    f->pasting = true;
    return UI_FIELD_MOVED;
  }
  if(key == UI_KEY_PASTE_END) {
    f->pasting = false;
    return UI_FIELD_MOVED;
  }
  if(f->pasting) {
    /* pasted text: line breaks and tabs are dropped, other controls too */
    if(UI_IS_KEYFN(key) || key < 0x20 || key == 0x7f || (key >= 0x80 && key < 0xa0))
      return UI_FIELD_MOVED;
    return insert_char(f, (wchar_t)key, why);
  }
  switch(key) {
  case UI_KEYFN(KEY_LEFT):
    if(f->cur > 0)
      f->cur--;
    return UI_FIELD_MOVED;
  case UI_KEYFN(KEY_RIGHT):
    if(f->cur < f->len)
      f->cur++;
    return UI_FIELD_MOVED;
  case UI_KEYFN(KEY_HOME):
  case 1: /* Ctrl-A */
    f->cur = 0;
    return UI_FIELD_MOVED;
  case UI_KEYFN(KEY_END):
  case 5: /* Ctrl-E */
    f->cur = f->len;
    return UI_FIELD_MOVED;
  case UI_KEYFN(KEY_BACKSPACE):
  case 0x7f:
  case 8:
    if(f->cur == 0)
      return UI_FIELD_MOVED;
    memmove(&f->text[f->cur - 1], &f->text[f->cur], (size_t)(f->len - f->cur + 1) * sizeof(wchar_t));
    f->cur--;
    f->len--;
    f->changed = true;
    return UI_FIELD_EDITED;
  case UI_KEYFN(KEY_DC):
  case 4: /* Ctrl-D */
    if(f->cur >= f->len)
      return UI_FIELD_MOVED;
    memmove(&f->text[f->cur], &f->text[f->cur + 1], (size_t)(f->len - f->cur) * sizeof(wchar_t));
    f->len--;
    f->changed = true;
    return UI_FIELD_EDITED;
  case 21: /* Ctrl-U: clear */
    f->len = 0;
    f->cur = 0;
    f->text[0] = L'\0';
    f->changed = true;
    return UI_FIELD_EDITED;
  case 11: /* Ctrl-K: kill to end */
    f->len = f->cur;
    f->text[f->len] = L'\0';
    f->changed = true;
    return UI_FIELD_EDITED;
  default:
    break;
  }
  if(UI_IS_KEYFN(key))
    return UI_FIELD_IGNORED;
  /* Keys the keymap owns (Tab, Enter, Esc, Ctrl-L, Ctrl-C) are not ours. */
  if(key == '\t' || key == '\n' || key == '\r' || key == 27 || key == 12 || key == 3)
    return UI_FIELD_IGNORED;
  if(key < 0x20 || key == 0x7f || (key >= 0x80 && key < 0xa0) || !iswprint((wint_t)key)) {
    *why = _("Control characters cannot be typed into this field.");
    return UI_FIELD_REFUSED;
  }
  return insert_char(f, (wchar_t)key, why);
}

static int cw(wchar_t c)
{
  int w = wcwidth(c);

  return w < 1 ? 1 : w;
}

int ui_field_first_visible(const struct ui_field *f, int width)
{
  int first = 0, cols = 0, i;

  if(width < 2)
    return f->cur;
  /* columns from first to the cursor (plus one for the cursor cell) must fit */
  for(i = 0; i < f->cur; i++)
    cols += cw(f->text[i]);
  cols += 1;
  while(cols > width && first < f->cur) {
    cols -= cw(f->text[first]);
    first++;
  }
  return first;
}

void ui_field_draw(const struct ui_field *f, WINDOW *w, int y, int x, int width, bool focused,
                   attr_t attr)
{
  int first = focused ? ui_field_first_visible(f, width) : 0;
  int col = 0, i, curx = x;

  wattron(w, attr);
  mvwhline(w, y, x, ' ', width);
  wmove(w, y, x);
  for(i = first; i < f->len; i++) {
    int c = cw(f->text[i]);
    wchar_t s[2];

    if(col + c > width)
      break;
    if(i == f->cur)
      curx = x + col;
    s[0] = f->text[i];
    s[1] = L'\0';
    mvwaddnwstr(w, y, x + col, s, 1);
    col += c;
  }
  if(f->cur >= f->len)
    curx = x + col;
  if(!focused && first == 0 && i < f->len && width > 1)
    mvwaddstr(w, y, x + width - 1, ">");
  wattroff(w, attr);
  if(focused && curx < x + width)
    wmove(w, y, curx);
}
