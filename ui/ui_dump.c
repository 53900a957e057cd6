/* ui_dump.c - write the screen's text to a file. */
#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "ui_dump.h"
#include "ui_glyphs.h"

/* Box-drawing cells come back as alternate-charset letters: name them. */
static wchar_t acs_char(wchar_t c, int utf8)
{
  static const struct {
    wchar_t acs, uni, ascii;
  } map[] = {
    { L'q', 0x2500, L'-' }, { L'x', 0x2502, L'|' }, { L'l', 0x250c, L'+' },
    { L'k', 0x2510, L'+' }, { L'm', 0x2514, L'+' }, { L'j', 0x2518, L'+' },
    { L't', 0x251c, L'+' }, { L'u', 0x2524, L'+' }, { L'n', 0x253c, L'+' },
  };
  size_t i;

  for(i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
    if(map[i].acs == c)
      return utf8 ? map[i].uni : map[i].ascii;
  }
  return c;
}

/* Row y of the screen as UTF-8 (or ASCII) text, trailing blanks trimmed. */
static void screen_row(int y, int utf8, char *out, size_t size)
{
  cchar_t cells[1024];
  size_t used = 0;
  int x, n = COLS < 1023 ? COLS : 1023;
  mbstate_t st;

  memset(&st, 0, sizeof(st));
  if(mvwin_wchnstr(curscr, y, 0, cells, n) == ERR)
    n = 0;
  for(x = 0; x < n; x++) {
    wchar_t wch[CCHARW_MAX + 1];
    attr_t attrs;
    short pair;
    char mb[MB_LEN_MAX];
    size_t r;

    /* mvwin_wchnstr gives one cell per character (a wide character's second
     * column is left out) and ends the row with an empty cell: what follows
     * it in the array is stale, from an earlier row */
    if(getcchar(&cells[x], wch, &attrs, &pair, NULL) == ERR || wch[0] == L'\0')
      break;
    if(attrs & A_ALTCHARSET)
      wch[0] = acs_char(wch[0], utf8);
    r = wcrtomb(mb, wch[0], &st);
    if(r == (size_t)-1) {
      mb[0] = '?';
      r = 1;
      memset(&st, 0, sizeof(st));
    }
    if(used + r >= size)
      break;
    memcpy(out + used, mb, r);
    used += r;
  }
  while(used > 0 && out[used - 1] == ' ')
    used--;
  out[used] = '\0';
}

int ui_dump_screen(const char *path)
{
  FILE *fp;
  int y, utf8 = ui_glyphs_utf8();

  if(!path || !path[0])
    return -1;
  fp = fopen(path, "a");
  if(!fp)
    return -1;
  for(y = 0; y < LINES; y++) {
    char out[4096];

    screen_row(y, utf8, out, sizeof(out));
    fprintf(fp, "%s\n", out);
  }
  fprintf(fp, "----\n");
  fclose(fp);
  return 0;
}

bool ui_screen_has(const char *text)
{
  int y, utf8 = ui_glyphs_utf8();

  for(y = 0; y < LINES; y++) {
    char out[4096];

    screen_row(y, utf8, out, sizeof(out));
    if(strstr(out, text))
      return true;
  }
  return false;
}
