/* hk_text.c - display-cell width, padding and truncation of UTF-8 text. */
#include "core/hk_text.h"

#include <string.h>
#include <wchar.h>

/* East Asian Wide and Fullwidth ranges (Unicode 15, EastAsianWidth.txt W/F),
 * for when the C library's wcwidth does not know the character (C locale). */
static const long wide[][2] = {
  { 0x1100, 0x115F }, { 0x231A, 0x231B }, { 0x2329, 0x232A }, { 0x23E9, 0x23EC },
  { 0x2E80, 0x303E }, { 0x3041, 0x33FF }, { 0x3400, 0x4DBF }, { 0x4E00, 0x9FFF },
  { 0xA000, 0xA4CF }, { 0xA960, 0xA97F }, { 0xAC00, 0xD7A3 }, { 0xF900, 0xFAFF },
  { 0xFE10, 0xFE19 }, { 0xFE30, 0xFE6F }, { 0xFF00, 0xFF60 }, { 0xFFE0, 0xFFE6 },
  { 0x1F300, 0x1F64F }, { 0x1F900, 0x1F9FF }, { 0x20000, 0x2FFFD }, { 0x30000, 0x3FFFD },
};

int hk_text_cp_width(long cp)
{
  int w;
  size_t i;

  if(cp < 0)
    return 1;
  if(cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
    return 0;
  w = wcwidth((wchar_t)cp);
  if(w >= 0)
    return w;
  for(i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
    if(cp >= wide[i][0] && cp <= wide[i][1])
      return 2;
  return 1;
}

size_t hk_text_next(const char *s, long *cp)
{
  const unsigned char *u = (const unsigned char *)s;
  size_t len, i;
  long v;

  *cp = -1;
  if(!u[0])
    return 0;
  if(u[0] < 0x80) {
    *cp = u[0];
    return 1;
  }
  if(u[0] >= 0xC2 && u[0] <= 0xDF) {
    len = 2;
    v = u[0] & 0x1F;
  }
  else if(u[0] >= 0xE0 && u[0] <= 0xEF) {
    len = 3;
    v = u[0] & 0x0F;
  }
  else if(u[0] >= 0xF0 && u[0] <= 0xF4) {
    len = 4;
    v = u[0] & 0x07;
  }
  else
    return 1;
  for(i = 1; i < len; i++) {
    if((u[i] & 0xC0) != 0x80)
      return 1;
    v = (v << 6) | (u[i] & 0x3F);
  }
  /* overlong forms, surrogates and values past U+10FFFF are invalid bytes */
  if((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
     (v >= 0xD800 && v <= 0xDFFF))
    return 1;
  *cp = v;
  return len;
}

size_t hk_text_width(const char *s)
{
  size_t w = 0, len;
  long cp;

  while(s && (len = hk_text_next(s, &cp)) > 0) {
    w += (size_t)hk_text_cp_width(cp);
    s += len;
  }
  return w;
}

/* copy whole characters of s into buf while they fit in max_cells cells and in
 * buf; returns the bytes copied and sets *cells */
static size_t copy_cells(char *buf, size_t n, const char *s, size_t max_cells, size_t *cells)
{
  size_t used = 0, w = 0, len;
  long cp;

  while(s && (len = hk_text_next(s, &cp)) > 0) {
    size_t cw = (size_t)hk_text_cp_width(cp);
    if(w + cw > max_cells || used + len + 1 > n)
      break;
    memcpy(buf + used, s, len);
    used += len;
    w += cw;
    s += len;
  }
  *cells = w;
  return used;
}

static const char *pad_to(char *buf, size_t n, size_t used, size_t w, size_t cells)
{
  while(w < cells && used + 1 < n) {
    buf[used++] = ' ';
    w++;
  }
  buf[used] = '\0';
  return buf;
}

const char *hk_text_pad(char *buf, size_t n, const char *s, size_t cells)
{
  size_t w, used;

  if(n == 0)
    return "";
  used = copy_cells(buf, n, s, (size_t)-1, &w);
  return pad_to(buf, n, used, w, cells);
}

const char *hk_text_fit(char *buf, size_t n, const char *s, size_t cells)
{
  size_t w, used;

  if(n == 0)
    return "";
  used = copy_cells(buf, n, s, cells, &w);
  return pad_to(buf, n, used, w, cells);
}

/* Kinsoku shori, the basic categories of JIS X 4051 (as the W3C note
 * "Requirements for Japanese Text Layout" gives them, 3.1.7 "Characters Not
 * Starting a Line" and 3.1.8 "Characters Not Ending a Line"): a line must not
 * start with closing brackets, 、。，．・：；？！, ー, small kana, iteration
 * marks, …‥ and their ASCII cousins, and must not end with opening brackets.
 * When no break point fits, the line is cut at a character (callers move on). */
static const char no_start[] =
  "、。，．・：；？！）」』】〕〉》］｝〟ー―‐〜゠ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
  "ゝゞヽヾ々〻…‥％,.:;!?)]}>%";
static const char no_end[] = "（「『【〔〈《［｛〝([{<";

static int in_set(const char *set, long cp)
{
  size_t len;
  long c;

  while((len = hk_text_next(set, &c)) > 0) {
    if(c == cp)
      return 1;
    set += len;
  }
  return 0;
}

int hk_text_can_break(long a, long b)
{
  if(a == ' ' || a < 0 || b < 0)
    return 0;
  if(b == ' ')
    return 1;
  if(hk_text_cp_width(b) == 0)
    return 0;       /* a combining mark stays with its base */
  if(hk_text_cp_width(a) < 2 && hk_text_cp_width(b) < 2)
    return 0;       /* inside a word of narrow letters: only at spaces */
  return !in_set(no_start, b) && !in_set(no_end, a);
}

size_t hk_text_break(const char *s, size_t cells)
{
  return hk_text_break_n(s, strlen(s), cells);
}

size_t hk_text_break_n(const char *s, size_t len, size_t cells)
{
  size_t off = 0, w = 0, clen, last = 0;
  long cp = -1, prev = -1;

  while(off < len && (clen = hk_text_next(s + off, &cp)) > 0 && off + clen <= len) {
    size_t cw = (size_t)hk_text_cp_width(cp);
    if(off > 0 && hk_text_can_break(prev, cp))
      last = off;
    if(w + cw > cells)
      break;
    w += cw;
    off += clen;
    prev = cp;
  }
  if(off >= len)                  /* all fits */
    return len;
  if(off > 0 && last == off)      /* a break point right at the edge */
    return off;
  if(last > 0)
    return last;
  if(off == 0)                    /* not even one character fits: take it anyway */
    off = hk_text_next(s, &cp);
  return off > len ? len : off;
}
