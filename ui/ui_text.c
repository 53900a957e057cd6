/* ui_text.c - width-aware printing and word wrapping of UTF-8 text. */
#include <string.h>
#include <wchar.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "core/hk_text.h"
#include "ui.h"

/* Decode one character; returns bytes used (>= 1) and its columns in *cols. */
static size_t one_char(const char *s, size_t left, int *cols)
{
  mbstate_t st;
  wchar_t wc;
  size_t r;
  int w;

  memset(&st, 0, sizeof(st));
  r = mbrtowc(&wc, s, left, &st);
  if(r == (size_t)-1 || r == (size_t)-2 || r == 0) {
    *cols = 1;
    return 1;
  }
  w = wcwidth(wc);
  *cols = w < 0 ? 1 : w;
  return r;
}

int ui_text_width(const char *s)
{
  size_t left = s ? strlen(s) : 0;
  int cols = 0;

  while(left > 0) {
    int c;
    size_t r = one_char(s, left, &c);

    cols += c;
    s += r;
    left -= r;
  }
  return cols;
}

/* Bytes of s that fit in width columns. */
static size_t fit_bytes(const char *s, size_t len, int width, int *used)
{
  size_t off = 0;
  int cols = 0;

  while(off < len) {
    int c;
    size_t r = one_char(s + off, len - off, &c);

    if(cols + c > width)
      break;
    cols += c;
    off += r;
  }
  if(used)
    *used = cols;
  return off;
}

int ui_put(WINDOW *w, int y, int x, int width, const char *s)
{
  int used = 0;
  size_t n;

  if(!w || !s || width <= 0)
    return 0;
  n = fit_bytes(s, strlen(s), width, &used);
  mvwaddnstr(w, y, x, s, (int)n);
  return used;
}

int ui_wrap(const char *s, int width, void (*line)(void *ud, const char *t, size_t len), void *ud)
{
  size_t len = s ? strlen(s) : 0;
  int count = 0;

  if(width < 1)
    width = 1;
  while(len > 0) {
    const char *nl = memchr(s, '\n', len);
    size_t seg = nl ? (size_t)(nl - s) : len;
    /* the last break point that fits: a space, or between Japanese
     * characters where kinsoku allows (hk_text_can_break); else hard-break */
    size_t cut = hk_text_break_n(s, seg, (size_t)width);

    line(ud, s, cut);
    count++;
    if(nl && cut == seg)
      cut++;
    s += cut;
    len -= cut;
    while(len > 0 && *s == ' ') {
      s++;
      len--;
    }
  }
  return count;
}

struct put_ctx {
  WINDOW *w;
  int y, x, width, max_rows, n;
};

static void put_line(void *ud, const char *t, size_t len)
{
  struct put_ctx *k = ud;

  if(k->w && k->n < k->max_rows) {
    char buf[1024];

    if(len >= sizeof(buf))
      len = sizeof(buf) - 1;
    memcpy(buf, t, len);
    buf[len] = '\0';
    ui_put(k->w, k->y + k->n, k->x, k->width, buf);
  }
  k->n++;
}

int ui_put_wrapped(WINDOW *w, int y, int x, int width, int max_rows, const char *s)
{
  struct put_ctx k;

  k.w = w;
  k.y = y;
  k.x = x;
  k.width = width;
  k.max_rows = max_rows;
  k.n = 0;
  ui_wrap(s, width, put_line, &k);
  return k.n < max_rows ? k.n : max_rows;
}

static bool key_char(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

/* The wizard speaks in its labels: an answers-file key in a finding
 * ("endpoints.workspace.create_in_subnets") becomes the field's label
 * ("Workspace endpoint subnets"); headless output keeps the keys. */
void ui_text_keys_to_labels(char *s, size_t n)
{
  char out[4096];
  size_t i = 0, o = 0;

  while(s[i] && o + 1 < sizeof(out)) {
    size_t j = i;
    const struct hk_field_def *d = NULL;

    if(key_char(s[i]) && s[i] != '.' && (i == 0 || !key_char(s[i - 1]))) {
      char tok[128];

      while(key_char(s[j]) && j - i < sizeof(tok) - 1)
        j++;
      while(j > i && s[j - 1] == '.')       /* a sentence's full stop */
        j--;
      memcpy(tok, s + i, j - i);
      tok[j - i] = '\0';
      if(strchr(tok, '.'))
        d = hk_field_find(tok);
    }
    if(d) {
      int w = snprintf(out + o, sizeof(out) - o, "\"%s\"", _(d->label));

      if(w < 0 || (size_t)w >= sizeof(out) - o)
        break;
      o += (size_t)w;
      i = j;
    } else {
      out[o++] = s[i++];
    }
  }
  out[o] = '\0';
  hk_strlcpy(s, out, n);
}
