/* hk_text.h - text measured in terminal display cells, not bytes or characters.
 *
 * printf's "%-12s" pads by bytes: "ステータス" (15 bytes, 10 cells) gets no padding and
 * every later column shifts.  These helpers count cells (wcwidth: 2 for CJK, 0 for
 * combining marks) and cut only at character boundaries, never inside a UTF-8
 * sequence or between the halves of a wide character.  Invalid UTF-8 bytes count
 * as one cell each.  They work the same under a non-UTF-8 LC_CTYPE (East Asian
 * wide ranges are then taken from a built-in table). */
#ifndef HK_TEXT_H
#define HK_TEXT_H

#include <stddef.h>

/* Display cells of one code point (-1: an invalid byte, counted as 1). */
int hk_text_cp_width(long cp);

/* Decode the UTF-8 character at s: sets *cp (-1 for an invalid byte) and
 * returns its length in bytes (1 for an invalid byte, 0 at the end). */
size_t hk_text_next(const char *s, long *cp);

/* Display cells of s. */
size_t hk_text_width(const char *s);

/* s followed by spaces up to at least cells display cells, into buf (like
 * "%-*s" but in cells; a longer s is kept whole, as printf does, as far as buf
 * holds it).  Returns buf. */
const char *hk_text_pad(char *buf, size_t n, const char *s, size_t cells);

/* Exactly cells display cells: s cut at the last whole character that fits
 * (a wide character that would straddle the edge is left out), then spaces.
 * Returns buf. */
const char *hk_text_fit(char *buf, size_t n, const char *s, size_t cells);

/* May a line end after character a and the next one start with b?  A break
 * goes before a space (the space itself is dropped), and between two
 * characters of which one is wide (Japanese has no spaces between words),
 * except where Japanese line breaking (kinsoku shori, JIS X 4051) forbids it:
 * never before closing brackets, 、。 and other punctuation, the long-vowel
 * mark ー, small kana or iteration marks; never after opening brackets. */
int hk_text_can_break(long a, long b);

/* Where to break s for a line of at most cells display cells: the bytes up to
 * the last break point that fits (hk_text_can_break; a space at the break is
 * excluded), else up to the last whole character that fits (at least one
 * character, so a caller always moves on); the whole length when s fits.
 * Never inside a UTF-8 sequence. */
size_t hk_text_break(const char *s, size_t cells);
/* The same for the first len bytes of s. */
size_t hk_text_break_n(const char *s, size_t len, size_t cells);

#endif
