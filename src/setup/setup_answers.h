/* setup_answers.h - the answers file: an INI with one section per console step.
 *
 * Sections are step keys: [account] [credential] [storage] [endpoints]
 * [private_access] [network] [metastore] [workspace] [client]; keys are the
 * field table's keys.  Endpoint answers live in [endpoints] as
 * "<endpoint>.<key>" (workspace, backend_rest, relay, s3, sts, kinesis, glue):
 *
 *   [endpoints]
 *   backend_shared = true
 *   relay.mode = create
 *   relay.create_in_subnets = subnet-0a1b2c3d4e5f67890
 *   relay.security_group = sg-0a1b2c3d4e5f67890
 *
 * Comments start a line with '#' or ';' (inline: " ; comment").  A value may
 * go on over indented lines: list entries are joined with commas, text is
 * joined as is.  Lines are at most 198 characters (inih's limit).
 *
 * Every problem is collected, not only the first, as "file:line: key: sentence". */
#ifndef SETUP_ANSWERS_H
#define SETUP_ANSWERS_H

#include <stdarg.h>
#include <stdio.h>
#include "core/hk_buf.h"
#include "core/hk_status.h"
#include "setup/setup_model.h"

#define HK_DIAGS_MAX 200        /* further problems are counted in `dropped` */
#define HK_INI_LINE_MAX 198     /* characters per line, without the newline */

struct hk_diag {
  int line;                     /* 1-based; 0 = the file as a whole */
  char key[128];                /* "section.key", "[section]" or "" */
  char message[1400];           /* "file:line: key: sentence" */
};

struct hk_diags {
  struct hk_diag *items;
  size_t n, cap;
  size_t dropped;
};

void hk_diags_init(struct hk_diags *d);
void hk_diags_free(struct hk_diags *d);
/* Add one problem; the sentence is printf-style. */
void hk_diags_add(struct hk_diags *d, const char *file, int line, const char *key,
                  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* All problems, one a line (plus "... and N more"). */
hk_status hk_diags_format(const struct hk_diags *d, struct hk_buf *out);

/* Read an answers file over s (start from hk_setup_init()); then fill the
 * derived names.  HK_OK, or HK_CONFIG / HK_IO with every problem in d. */
hk_status hk_setup_read_ini(const char *path, struct hk_setup *s, struct hk_diags *d);
/* Same, from memory; `name` is used in messages. */
hk_status hk_setup_read_ini_string(const char *text, const char *name, struct hk_setup *s,
                                   struct hk_diags *d);
/* Every active required answer is present: HK_OK, or HK_CONFIG with one
 * problem per missing answer (line 0). */
hk_status hk_setup_check_complete(const struct hk_setup *s, const char *file, struct hk_diags *d);

/* The setup as an editable, commented answers file (what dry-run emits).
 * Answers that do not apply are written as comments. */
hk_status hk_setup_format_ini(const struct hk_setup *s, struct hk_buf *out);
hk_status hk_setup_write_ini(const struct hk_setup *s, FILE *out);

/* Edit distance, for "did you mean" (bounded: strings over 64 chars give a large value). */
int hk_edit_distance(const char *a, const char *b);
/* The same, but returns `bound` once the distance is known to be >= bound. */
int hk_edit_distance_within(const char *a, const char *b, int bound);

#endif
