/* ui_dump.c - write the screen's text to a file. */
#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "ui_dump.h"

int ui_dump_screen(const char *path)
{
  FILE *fp;
  int y;

  if(!path || !path[0])
    return -1;
  fp = fopen(path, "a");
  if(!fp)
    return -1;
  for(y = 0; y < LINES; y++) {
    wchar_t row[1024];
    char out[4096];
    size_t used = 0;
    int i, n;
    mbstate_t st;

    memset(&st, 0, sizeof(st));
    n = mvwinnwstr(curscr, y, 0, row, COLS < 1023 ? COLS : 1023);
    if(n == ERR)
      n = 0;
    for(i = 0; i < n && row[i]; i++) {
      char mb[MB_LEN_MAX];
      size_t r = wcrtomb(mb, row[i], &st);

      if(r == (size_t)-1) {
        mb[0] = '?';
        r = 1;
        memset(&st, 0, sizeof(st));
      }
      if(used + r >= sizeof(out))
        break;
      memcpy(out + used, mb, r);
      used += r;
    }
    while(used > 0 && out[used - 1] == ' ')
      used--;
    out[used] = '\0';
    fprintf(fp, "%s\n", out);
  }
  fprintf(fp, "----\n");
  fclose(fp);
  return 0;
}
