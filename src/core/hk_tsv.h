/* hk_tsv.h - tab-separated data tables: the one reader behind every assets/ table.
 *
 * A table: '#' comment lines ("# version<TAB>x" is recorded), blank lines,
 * then a header line whose first column is the table's first column name,
 * then one row a line.  CRLF line ends are accepted. */
#ifndef HK_TSV_H
#define HK_TSV_H

#include <stddef.h>
#include "core/hk_status.h"

#define HK_TSV_MAX_COLS 12

/* One data row; cols point into a scratch copy, valid during the call only.
 * A status other than HK_OK stops the walk and is returned. */
typedef hk_status (*hk_tsv_row_fn)(void *ctx, char **cols, int ncols, int lineno,
                                   struct hk_error *err);

/* Split a line at tabs in place; returns the column count (at most max, the
 * last column then holding the rest of the line). */
int hk_tsv_split(char *line, char **cols, int max);

/* Walk the rows of `text`; `name` (e.g. "ports.tsv") prefixes the errors.
 * version (may be NULL) receives the "# version" comment. */
hk_status hk_tsv_parse(const char *text, const char *name, const char *header0, char *version,
                       size_t nversion, hk_tsv_row_fn fn, void *ctx, struct hk_error *err);

#endif
