/* hk_tsv.c - tab-separated data tables (see hk_tsv.h). */
#include "core/hk_tsv.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"

int hk_tsv_split(char *line, char **cols, int max)
{
  int n = 0;
  char *p = line;

  while(n < max) {
    char *tab = strchr(p, '\t');
    cols[n++] = p;
    if(!tab || n == max)
      break;          /* the last column keeps the rest of the line */
    *tab = '\0';
    p = tab + 1;
  }
  return n;
}

hk_status hk_tsv_parse(const char *text, const char *name, const char *header0, char *version,
                       size_t nversion, hk_tsv_row_fn fn, void *ctx, struct hk_error *err)
{
  char *copy = hk_strdup(text ? text : "");
  char *line, *save = NULL;
  bool header = false;
  int lineno = 0;
  hk_status st = HK_OK;

  if(!copy)
    return hk_error_set(err, HK_NOMEM, "%s", _("Out of memory."));
  /* strtok_r would merge blank lines and lose the line numbers: walk by hand */
  for(line = copy; line && st == HK_OK; line = save) {
    char *cols[HK_TSV_MAX_COLS];
    char *nl = strchr(line, '\n');
    size_t len;
    int n;

    save = nl ? nl + 1 : NULL;
    if(nl)
      *nl = '\0';
    lineno++;
    len = strlen(line);
    if(len && line[len - 1] == '\r')
      line[--len] = '\0';
    if(line[0] == '#') {
      if(version && strncmp(line, "# version\t", 10) == 0)
        hk_strlcpy(version, line + 10, nversion);
      continue;
    }
    if(!len)
      continue;
    n = hk_tsv_split(line, cols, HK_TSV_MAX_COLS);
    if(!header) {
      if(strcmp(cols[0], header0) != 0)
        st = hk_error_set(err, HK_PARSE, _("%s line %d: the table's header must come first and "
                                           "start with \"%s\"."), name, lineno, header0);
      header = true;
      continue;
    }
    st = fn(ctx, cols, n, lineno, err);
  }
  if(st == HK_OK && !header)
    st = hk_error_set(err, HK_PARSE, _("%s has no header line \"%s\"."), name, header0);
  free(copy);
  return st;
}
