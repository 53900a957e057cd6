/* setup_answers.c - the answers file (INI, read with inih) and its writer. */
#include "setup/setup_answers.h"

#include <errno.h>
#include <ini.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_i18n.h"
#include "core/hk_text.h"
#include "setup/setup_fields.h"

#define ANSWERS_FILE_MAX (1024 * 1024)
#define MAX_SEEN 128

/* ------------------------------------------------------------- diagnostics */

void hk_diags_init(struct hk_diags *d)
{
  if(d)
    memset(d, 0, sizeof(*d));
}

void hk_diags_free(struct hk_diags *d)
{
  if(!d)
    return;
  free(d->items);
  memset(d, 0, sizeof(*d));
}

void hk_diags_add(struct hk_diags *d, const char *file, int line, const char *key,
                  const char *fmt, ...)
{
  struct hk_diag *it;
  char sentence[1024];
  va_list ap;

  if(!d)
    return;
  if(d->n >= HK_DIAGS_MAX) {
    d->dropped++;
    return;
  }
  if(d->n == d->cap) {
    size_t cap = d->cap ? d->cap * 2 : 16;
    struct hk_diag *grown = realloc(d->items, cap * sizeof(*grown));
    if(!grown) {
      d->dropped++;
      return;
    }
    d->items = grown;
    d->cap = cap;
  }
  it = &d->items[d->n++];
  memset(it, 0, sizeof(*it));
  va_start(ap, fmt);
  vsnprintf(sentence, sizeof(sentence), fmt, ap);
  va_end(ap);
  it->line = line;
  hk_strlcpy(it->key, key ? key : "", sizeof(it->key));
  if(line > 0 && it->key[0])
    snprintf(it->message, sizeof(it->message), "%s:%d: %s: %s", file, line, it->key, sentence);
  else if(line > 0)
    snprintf(it->message, sizeof(it->message), "%s:%d: %s", file, line, sentence);
  else if(it->key[0])
    snprintf(it->message, sizeof(it->message), "%s: %s: %s", file, it->key, sentence);
  else
    snprintf(it->message, sizeof(it->message), "%s: %s", file, sentence);
}

hk_status hk_diags_format(const struct hk_diags *d, struct hk_buf *out)
{
  size_t i;
  hk_status rc = HK_OK;
  for(i = 0; d && i < d->n && rc == HK_OK; i++)
    rc = hk_buf_printf(out, "%s\n", d->items[i].message);
  if(rc == HK_OK && d && d->dropped)
    rc = hk_buf_printf(out, _("... and %zu more problems.\n"), d->dropped);
  return rc;
}

/* ----------------------------------------------------------- did you mean */

/* Levenshtein distance, or `bound` as soon as the answer is known to be at
 * least `bound` (the callers only want a better candidate than their best). */
int hk_edit_distance_within(const char *a, const char *b, int bound)
{
  int prev[65], cur[65];
  size_t la = strlen(a), lb = strlen(b), i, j;
  int gap = la > lb ? (int)(la - lb) : (int)(lb - la);
  if(la > 64 || lb > 64 || gap >= bound)
    return bound;
  for(j = 0; j <= lb; j++)
    prev[j] = (int)j;
  for(i = 1; i <= la; i++) {
    int row_min;
    cur[0] = (int)i;
    row_min = cur[0];
    for(j = 1; j <= lb; j++) {
      int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      int del = prev[j] + 1, ins = cur[j - 1] + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
      if(cur[j] < row_min)
        row_min = cur[j];
    }
    if(row_min >= bound)
      return bound;   /* every later row is at least this row's minimum */
    memcpy(prev, cur, sizeof(int) * (lb + 1));
  }
  return prev[lb] < bound ? prev[lb] : bound;
}

int hk_edit_distance(const char *a, const char *b)
{
  return hk_edit_distance_within(a, b, 1000);
}

static bool close_enough(const char *cand, int dist)
{
  int len = (int)strlen(cand);
  return dist <= 2 || dist * 3 <= len;
}

static int step_of_section(const char *section)
{
  int i;
  for(i = 0; i < HK_STEP__COUNT; i++)
    if(strcmp(section, hk_step_key((enum hk_step)i)) == 0)
      return i;
  return -1;
}

/* ------------------------------------------------------------------ reader */

struct ini_ctx {
  const char *name;          /* file name for messages */
  const char *text;          /* whole file */
  size_t len, pos;
  int lineno;
  bool continuation;         /* the current line continues the previous key */
  bool have_key;             /* a key was set since the last section header */
  bool bad_section;          /* keys of an unknown section are skipped */
  char section[64];
  int seen_line[MAX_SEEN];   /* per field: line of its first setting */
  struct hk_setup *s;
  struct hk_diags *d;
};

static bool is_blank(char c)
{
  return c == ' ' || c == '\t';
}

/* Check a [section] line; remember whether its keys are to be read. */
static void section_line(struct ini_ctx *c, const char *p, size_t len)
{
  char name[64];
  const char *end = memchr(p, ']', len);
  size_t n, i;
  int best = -1, best_d = 1000;

  c->have_key = false;
  c->bad_section = true;
  if(!end) {
    hk_diags_add(c->d, c->name, c->lineno, "", _("the section header has no closing ']'; write "
                                                 "it like [network]."));
    return;
  }
  n = (size_t)(end - p - 1);
  if(n >= sizeof(name)) {
    hk_diags_add(c->d, c->name, c->lineno, "", _("the section name is too long; sections are "
                                                 "the console steps, e.g. [network]."));
    return;
  }
  memcpy(name, p + 1, n);
  name[n] = '\0';
  hk_strlcpy(c->section, name, sizeof(c->section));
  if(step_of_section(name) >= 0) {
    c->bad_section = false;
    return;
  }
  for(i = 0; i < HK_STEP__COUNT; i++) {
    int dist = hk_edit_distance_within(name, hk_step_key((enum hk_step)i), best_d);
    if(dist < best_d) {
      best_d = dist;
      best = (int)i;
    }
  }
  if(best >= 0 && close_enough(hk_step_key((enum hk_step)best), best_d))
    hk_diags_add(c->d, c->name, c->lineno, "", _("unknown section [%s]; did you mean [%s]?"),
                 name, hk_step_key((enum hk_step)best));
  else
    hk_diags_add(c->d, c->name, c->lineno, "", _("unknown section [%s]; the sections are "
                                                 "[account], [credential], [storage], "
                                                 "[endpoints], [private_access], [network], "
                                                 "[metastore], [workspace] and [client]."),
                 name[0] ? name : "");
}

/* inih's reader: hand over one physical line at a time, checking it first.
 * Lines inih could not take (too long, NUL bytes, no '=') are reported here
 * and passed on as blank lines, so every problem is found in one pass. */
static char *ini_reader_fn(char *str, int num, void *stream)
{
  struct ini_ctx *c = stream;
  const char *p, *nl;
  size_t len, lead = 0;
  bool has_nul;

  if(c->pos >= c->len)
    return NULL;
  p = c->text + c->pos;
  nl = memchr(p, '\n', c->len - c->pos);
  len = nl ? (size_t)(nl - p) : c->len - c->pos;
  c->pos += len + (nl ? 1 : 0);
  c->lineno++;
  c->continuation = false;
  has_nul = memchr(p, '\0', len) != NULL;
  if(len && p[len - 1] == '\r')
    len--;
  str[0] = '\0';
  if(has_nul) {
    hk_diags_add(c->d, c->name, c->lineno, "", _("the line contains a NUL byte; answers files "
                                                 "are plain text."));
    return str;
  }
  if(len > (size_t)num - 2 || len > HK_INI_LINE_MAX) {
    hk_diags_add(c->d, c->name, c->lineno, "",
                 _("the line is %zu characters long; lines can have at most %d. Put a long "
                   "list on several lines, indenting the continuation lines."),
                 len, HK_INI_LINE_MAX);
    return str;
  }
  while(lead < len && is_blank(p[lead]))
    lead++;
  if(lead == len || p[lead] == '#' || p[lead] == ';') {
    /* blank or comment: inih skips it too */
  } else if(p[lead] == '[' && lead > 0) {
    hk_diags_add(c->d, c->name, c->lineno, "", _("a section header must start at the "
                                                 "beginning of the line."));
    c->bad_section = true;
    return str;
  } else if(p[lead] == '[') {
    section_line(c, p, len);
  } else if(lead > 0 && c->have_key && !memchr(p + lead, '=', len - lead)) {
    c->continuation = true;
  } else if(!memchr(p + lead, '=', len - lead)) {
    hk_diags_add(c->d, c->name, c->lineno, "", _("this line is not \"key = value\"; add the '=' "
                                                 "or start the line with '#' to make it a "
                                                 "comment."));
    return str;
  } else {
    /* a key line; indentation would make inih read it as a continuation */
    p += lead;
    len -= lead;
    c->have_key = true;
  }
  memcpy(str, p, len);
  str[len] = '\n';
  str[len + 1] = '\0';
  return str;
}

static void unknown_key(struct ini_ctx *c, int step, const char *name)
{
  size_t i;
  int best_d = 1000;
  const struct hk_field_def *best = NULL;
  char qual[160];

  snprintf(qual, sizeof(qual), "%s.%s", c->section, name);
  for(i = 0; i < hk_n_fields; i++) {
    if(strcmp(hk_fields[i].key, name) == 0 && (int)hk_fields[i].step != step) {
      hk_diags_add(c->d, c->name, c->lineno, qual, _("this key belongs in section [%s], not "
                                                     "[%s]."),
                   hk_step_key(hk_fields[i].step), c->section);
      return;
    }
  }
  for(i = 0; i < hk_n_fields; i++) {
    int dist;
    if((int)hk_fields[i].step != step)
      continue;
    dist = hk_edit_distance_within(name, hk_fields[i].key, best_d);
    if(dist < best_d) {
      best_d = dist;
      best = &hk_fields[i];
    }
  }
  if(best && close_enough(best->key, best_d))
    hk_diags_add(c->d, c->name, c->lineno, qual, _("unknown key; did you mean %s?"), best->key);
  else
    hk_diags_add(c->d, c->name, c->lineno, qual, _("unknown key in [%s]; see the example "
                                                   "answers file for the keys of each section."),
                 c->section);
}

static int ini_handler_fn(void *user, const char *section, const char *name, const char *value)
{
  struct ini_ctx *c = user;
  const struct hk_field_def *f;
  struct hk_error err;
  char qual[160], joined[4400], cur[4096], trimmed[4096];
  size_t idx;
  int step, w;

  (void)section;   /* c->section is the same, checked in the reader */
  if(c->bad_section)
    return 1;
  step = step_of_section(c->section);
  if(c->section[0])
    snprintf(qual, sizeof(qual), "%s.%s", c->section, name);
  else
    hk_strlcpy(qual, name, sizeof(qual));
  if(step < 0) {
    hk_diags_add(c->d, c->name, c->lineno, qual, _("this key is outside any section; put it "
                                                   "under its step's [section]."));
    return 1;
  }
  if(!name[0]) {
    hk_diags_add(c->d, c->name, c->lineno, "", _("there is no key before the '='; write "
                                                 "\"key = value\"."));
    return 1;
  }
  f = hk_field_find(qual);
  if(!f) {
    if(!c->continuation)
      unknown_key(c, step, name);
    return 1;
  }
  idx = hk_field_index(f);
  hk_error_clear(&err);
  if(f->kind == HK_FIELD_LIST) {
    /* "a, b," followed by an indented "c": the trailing comma is fine */
    size_t vl = strlen(value);
    if(vl && value[vl - 1] == ',' && vl < sizeof(cur)) {
      memcpy(cur, value, vl - 1);
      cur[vl - 1] = '\0';
      hk_strlcpy(trimmed, cur, sizeof(trimmed));
      value = trimmed;
    }
  }
  if(c->continuation) {
    if(f->kind != HK_FIELD_LIST && f->kind != HK_FIELD_TEXT) {
      hk_diags_add(c->d, c->name, c->lineno, qual, _("only lists and text can go on over "
                                                     "indented lines; remove the indentation "
                                                     "or the line."));
      return 1;
    }
    if(idx < MAX_SEEN && c->seen_line[idx] < 0)
      return 1;    /* the first line was wrong and is already reported */
    hk_field_get(c->s, f, cur, sizeof(cur));
    w = snprintf(joined, sizeof(joined), "%s%s%s", cur,
                 (f->kind == HK_FIELD_LIST && cur[0]) ? ", " : "", value);
    if(w < 0 || (size_t)w >= sizeof(joined)) {
      hk_diags_add(c->d, c->name, c->lineno, qual, _("the value is too long."));
      return 1;
    }
    if(hk_field_set(c->s, f, joined, &err) != HK_OK)
      hk_diags_add(c->d, c->name, c->lineno, qual, "%s", err.message);
    return 1;
  }
  if(idx < MAX_SEEN && c->seen_line[idx] != 0) {
    hk_diags_add(c->d, c->name, c->lineno, qual, _("set twice (first on line %d); keep one."),
                 c->seen_line[idx] < 0 ? -c->seen_line[idx] : c->seen_line[idx]);
    return 1;
  }
  if(hk_field_set(c->s, f, value, &err) != HK_OK) {
    hk_diags_add(c->d, c->name, c->lineno, qual, "%s", err.message);
    if(idx < MAX_SEEN)
      c->seen_line[idx] = -c->lineno;
    return 1;
  }
  if(idx < MAX_SEEN)
    c->seen_line[idx] = c->lineno;
  return 1;
}

hk_status hk_setup_read_ini_string(const char *text, const char *name, struct hk_setup *s,
                                   struct hk_diags *d)
{
  struct ini_ctx c;
  size_t before = d ? d->n + d->dropped : 0;
  int rc;

  memset(&c, 0, sizeof(c));
  c.name = name ? name : "answers";
  c.text = text ? text : "";
  if(strncmp(c.text, "\xEF\xBB\xBF", 3) == 0)
    c.text += 3;    /* UTF-8 byte order mark */
  c.len = strlen(c.text);
  c.s = s;
  c.d = d;
  if(c.len > ANSWERS_FILE_MAX) {
    hk_diags_add(d, c.name, 0, "", _("the file is larger than 1 MiB; an answers file is a few "
                                     "kilobytes. Check that this is the right file."));
    return HK_CONFIG;
  }
  rc = ini_parse_stream(ini_reader_fn, &c, ini_handler_fn, &c);
  if(rc > 0 && d && d->n + d->dropped == before)
    hk_diags_add(d, c.name, rc, "", _("the line could not be read as INI."));
  else if(rc < 0)
    hk_diags_add(d, c.name, 0, "", "%s", _("Out of memory."));
  hk_setup_fill_names(s);
  return (d && d->n + d->dropped > before) || rc != 0 ? HK_CONFIG : HK_OK;
}

hk_status hk_setup_read_ini(const char *path, struct hk_setup *s, struct hk_diags *d)
{
  FILE *f;
  struct hk_buf b;
  char chunk[4096];
  size_t got;
  hk_status rc;

  hk_buf_init(&b);
  b.max = ANSWERS_FILE_MAX + 1;
  f = fopen(path, "r");
  if(!f) {
    hk_diags_add(d, path, 0, "", _("cannot open the answers file (%s); check the path."),
                 strerror(errno));
    return HK_IO;
  }
  rc = HK_OK;
  while((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
    if(hk_buf_append(&b, chunk, got) != HK_OK) {
      hk_diags_add(d, path, 0, "", _("the file is larger than 1 MiB; an answers file is a few "
                                     "kilobytes. Check that this is the right file."));
      rc = HK_CONFIG;
      break;
    }
  }
  if(rc == HK_OK && ferror(f)) {
    hk_diags_add(d, path, 0, "", _("the file could not be read to the end."));
    rc = HK_IO;
  }
  fclose(f);
  if(rc == HK_OK) {
    /* NUL bytes inside would cut the text short: report them by line */
    if(b.len && memchr(b.data, '\0', b.len)) {
      size_t i;
      int line = 1;
      for(i = 0; i < b.len && b.data[i]; i++)
        if(b.data[i] == '\n')
          line++;
      hk_diags_add(d, path, line, "", _("the line contains a NUL byte; answers files are "
                                        "plain text."));
      rc = HK_CONFIG;
    } else {
      rc = hk_setup_read_ini_string(b.data ? b.data : "", path, s, d);
    }
  }
  hk_buf_free(&b);
  return rc;
}

hk_status hk_setup_check_complete(const struct hk_setup *s, const char *file, struct hk_diags *d)
{
  size_t i;
  char value[4096], qual[160];
  hk_status rc = HK_OK;
  for(i = 0; i < hk_n_fields; i++) {
    const struct hk_field_def *f = &hk_fields[i];
    if(!f->required || !hk_field_active(s, f))
      continue;
    hk_field_get(s, f, value, sizeof(value));
    if(value[0])
      continue;
    hk_field_qualified(f, qual, sizeof(qual));
    hk_diags_add(d, file ? file : "answers", 0, qual, _("missing: %s is required. %s"),
                 _(f->label), _(f->help));
    rc = HK_CONFIG;
  }
  return rc;
}

/* ------------------------------------------------------------------ writer */

/* "# " + text wrapped at 78 columns. */
static hk_status put_comment(struct hk_buf *out, const char *text)
{
  const char *p = text;
  hk_status rc = HK_OK;
  while(*p && rc == HK_OK) {
    size_t cut = hk_text_break(p, 76);   /* 76 display cells, never inside a character */
    rc = hk_buf_printf(out, "# %.*s\n", (int)cut, p);
    p += cut;
    while(*p == ' ')
      p++;
  }
  return rc;
}

/* key = value, split over indented continuation lines when long. */
static hk_status put_value(struct hk_buf *out, const char *prefix, const char *key,
                           const char *value, bool is_list)
{
  size_t room = HK_INI_LINE_MAX - strlen(prefix) - strlen(key) - 3;
  const char *p = value;
  bool first = true;
  hk_status rc = HK_OK;

  if(!p[0])
    return hk_buf_printf(out, "%s%s =\n", prefix, key);
  if(strlen(p) <= room)
    return hk_buf_printf(out, "%s%s = %s\n", prefix, key, p);
  while(*p && rc == HK_OK) {
    size_t len = strlen(p), cut = len;
    if(len > room) {
      cut = room;
      if(is_list) {
        while(cut > 0 && p[cut] != ',')
          cut--;
      } else {
        while(cut > 1 && (p[cut] == ' ' || p[cut - 1] == ' '))
          cut--;
      }
      if(cut == 0)
        cut = room;
    }
    if(first)
      rc = hk_buf_printf(out, "%s%s = %.*s\n", prefix, key, (int)cut, p);
    else
      rc = hk_buf_printf(out, "%s    %.*s\n", prefix, (int)cut, p);
    first = false;
    room = HK_INI_LINE_MAX - strlen(prefix) - 4;
    p += cut;
    if(is_list && *p == ',')
      p++;
    while(is_list && *p == ' ')
      p++;
  }
  return rc;
}

hk_status hk_setup_format_ini(const struct hk_setup *s, struct hk_buf *out)
{
  size_t i;
  int step = -1;
  char value[4096];
  hk_status rc;

  rc = hk_buf_printf(out, "# heiiki answers file (schema version %d).\n", HK_SCHEMA_VERSION);
  if(rc == HK_OK)
    rc = put_comment(out, _("One section per step of the Databricks account console, in its "
                            "order. Lists are comma-separated and may go on over indented "
                            "lines. Lines starting with '#' are comments; answers that do not "
                            "apply to the choices made are written as comments."));
  for(i = 0; i < hk_n_fields && rc == HK_OK; i++) {
    const struct hk_field_def *f = &hk_fields[i];
    bool active = hk_field_active(s, f);
    const char *cond = hk_field_condition(f);
    if((int)f->step != step) {
      step = (int)f->step;
      rc = hk_buf_printf(out, "\n[%s]\n", hk_step_key(f->step));
      if(rc != HK_OK)
        break;
    } else {
      rc = hk_buf_puts(out, "\n");
    }
    if(rc == HK_OK) {
      char line[2048];
      snprintf(line, sizeof(line), "%s: %s%s%s%s", _(f->label), _(f->help),
               f->required ? _(" Required") : "", (f->required && cond[0]) ? " " : "",
               (f->required && cond[0]) ? _(cond) : "");
      if(f->required)
        hk_strlcpy(line + strlen(line), ".", sizeof(line) - strlen(line));
      rc = put_comment(out, line);
    }
    if(rc == HK_OK && f->kind == HK_FIELD_ENUM && f->enum_values) {
      char choices[256] = "";
      int j;
      for(j = 0; f->enum_values[j]; j++) {
        hk_strlcpy(choices + strlen(choices), j ? " | " : "", sizeof(choices) - strlen(choices));
        hk_strlcpy(choices + strlen(choices), f->enum_values[j],
                   sizeof(choices) - strlen(choices));
      }
      rc = hk_buf_printf(out, "# (%s)\n", choices);
    }
    if(rc != HK_OK)
      break;
    hk_field_get(s, f, value, sizeof(value));
    rc = put_value(out, active ? "" : "# ", f->key, value, f->kind == HK_FIELD_LIST);
  }
  return rc;
}

hk_status hk_setup_write_ini(const struct hk_setup *s, FILE *out)
{
  struct hk_buf b;
  hk_status rc;
  hk_buf_init(&b);
  rc = hk_setup_format_ini(s, &b);
  if(rc == HK_OK && b.len && fwrite(b.data, 1, b.len, out) != b.len)
    rc = HK_IO;
  if(rc == HK_OK && fflush(out) != 0)
    rc = HK_IO;
  hk_buf_free(&b);
  return rc;
}
