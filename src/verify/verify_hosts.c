/* verify_hosts.c - hosts-file line and marked-block writer. */
#include "verify/verify_hosts.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "verify/verify_hosts_file.h"

#define HOSTS_MAX (4u * 1024u * 1024u)

hk_status hk_hosts_line(const char *addr, const char *host, char *out, size_t n)
{
  int w;
  if(!addr || !*addr || !host || !*host || strpbrk(addr, " \t\r\n#") || strpbrk(host, " \t\r\n#"))
    return HK_INVALID;
  w = snprintf(out, n, "%s %s", addr, host);
  return (w < 0 || (size_t)w >= n) ? HK_TOO_BIG : HK_OK;
}

hk_status hk_hosts_instructions(const char *addr, const char *host, char *out, size_t n)
{
  char line[512];
  hk_status st = hk_hosts_line(addr, host, line, sizeof(line));
  int w;
  if(st != HK_OK)
    return st;
  w = snprintf(out, n,
               _("Add this line on every client that opens the workspace:\n"
                 "  %s\n"
                 "Linux and macOS: %s (as root).  Windows: %s (as Administrator).\n"
                 "Or create a private DNS record %s -> %s."),
               line, HK_HOSTS_DEFAULT, HK_HOSTS_WINDOWS, host, addr);
  return (w < 0 || (size_t)w >= n) ? HK_TOO_BIG : HK_OK;
}

static int is_marker(const char *line, size_t len, const char *kind, const char *name)
{
  char want[512];
  int w = snprintf(want, sizeof(want), "# %s heiiki %s", kind, name);
  return w > 0 && (size_t)w == len && memcmp(line, want, len) == 0;
}

/* Line by line over binary data: [*pos, *next) is one line with its ending,
 * *clen its length without "\n" or "\r\n". */
static bool next_line(const struct hk_buf *b, size_t *pos, size_t *next, size_t *clen)
{
  const char *d = b->data;
  const char *nl;
  size_t len;

  *pos = *next;
  if(!d || *pos >= b->len)
    return false;
  nl = memchr(d + *pos, '\n', b->len - *pos);
  len = nl ? (size_t)(nl - (d + *pos)) : b->len - *pos;
  *next = *pos + len + (nl ? 1 : 0);
  *clen = (len && d[*pos + len - 1] == '\r') ? len - 1 : len;
  return true;
}

static hk_status unterminated(const char *path, size_t lineno, const char *name, struct hk_error *err)
{
  hk_error_set(err, HK_INVALID,
               _("%s line %zu: \"# BEGIN heiiki %s\" has no \"# END heiiki %s\" after it, so heiiki "
                 "cannot tell which lines are its own; the file was not changed."),
               path, lineno, name, name);
  hk_error_hint(err, _("Put \"# END heiiki %s\" after the lines heiiki wrote (or delete the BEGIN "
                       "line), then run again."), name);
  return HK_INVALID;
}

/* Copy everything but the setup's marked block(s) to out, byte for byte.
 * *at is where the first block was (in out).  A BEGIN without its END is
 * damage: nothing after it is provably ours, so nothing is removed. */
static hk_status strip_blocks(const struct hk_hosts_file *f, const char *name, struct hk_buf *out,
                              size_t *at, bool *found, struct hk_error *err)
{
  size_t pos = 0, next = 0, clen = 0, lineno = 0, begin_line = 0;
  bool inside = false;
  hk_status st = HK_OK;

  *found = false;
  *at = 0;
  while(st == HK_OK && next_line(&f->data, &pos, &next, &clen)) {
    const char *line = f->data.data + pos;
    lineno++;
    if(is_marker(line, clen, "BEGIN", name)) {
      if(inside)
        return unterminated(f->path, begin_line, name, err);
      inside = true;
      begin_line = lineno;
      if(!*found)
        *at = out->len;
      *found = true;
    }
    else if(inside && is_marker(line, clen, "END", name))
      inside = false;
    else if(!inside)
      st = hk_buf_append(out, line, next - pos);
  }
  if(st == HK_OK && inside)
    return unterminated(f->path, begin_line, name, err);
  if(st != HK_OK)
    hk_error_set(err, st, "%s", _("The new hosts file could not be assembled."));
  return st;
}

/* The file's own line ending: CRLF when its first line ends so. */
static const char *file_eol(const struct hk_buf *b)
{
  const char *nl = b->data ? memchr(b->data, '\n', b->len) : NULL;
  return (nl && nl > b->data && nl[-1] == '\r') ? "\r\n" : "\n";
}

static hk_status valid_name(const char *name, struct hk_error *err)
{
  if(!name || !*name || strpbrk(name, "\r\n") || strlen(name) > 200)
    return hk_error_set(err, HK_INVALID, "%s", _("The setup name cannot be used in a hosts-file marker."));
  return HK_OK;
}

static bool same(const struct hk_buf *a, const struct hk_buf *b)
{
  return a->len == b->len && (!a->len || memcmp(a->data, b->data, a->len) == 0);
}

/* Back up, then replace, unless nothing changes. */
static hk_status commit(struct hk_hosts_file *f, const struct hk_buf *next, char *backup_path,
                        size_t backup_n, struct hk_error *err)
{
  hk_status st = HK_OK;

  if(f->exists && same(&f->data, next))
    return HK_OK;
  if(f->data.len)
    st = hk_hosts_file_backup(f, backup_path, backup_n, err);
  if(st == HK_OK)
    st = hk_hosts_file_replace(f, next->data ? next->data : "", next->len, err);
  return st;
}

static hk_status assemble(const struct hk_hosts_file *f, const char *name, const char *const *lines,
                          size_t n_lines, struct hk_buf *next, struct hk_error *err)
{
  struct hk_buf rest;
  const char *eol = file_eol(&f->data);
  size_t at = 0, i;
  bool found = false;
  hk_status st;

  hk_buf_init(&rest);
  rest.max = next->max = HOSTS_MAX + 64u * 1024u;
  st = strip_blocks(f, name, &rest, &at, &found, err);
  if(st != HK_OK)
    goto out;
  if(!found) {
    at = rest.len;
    if(at && rest.data[at - 1] != '\n')
      st = hk_buf_append(&rest, eol, strlen(eol));   /* a line must end before ours */
    at = rest.len;
  }
  if(st == HK_OK)
    st = hk_buf_append(next, rest.data ? rest.data : "", at);
  if(st == HK_OK)
    st = hk_buf_printf(next, "# BEGIN heiiki %s%s", name, eol);
  for(i = 0; st == HK_OK && i < n_lines; i++)
    st = hk_buf_printf(next, "%s%s", lines[i], eol);
  if(st == HK_OK)
    st = hk_buf_printf(next, "# END heiiki %s%s", name, eol);
  if(st == HK_OK && rest.len > at)
    st = hk_buf_append(next, rest.data + at, rest.len - at);
  if(st != HK_OK)
    hk_error_set(err, st, "%s", _("The new hosts file could not be assembled."));
out:
  hk_buf_free(&rest);
  return st;
}

hk_status hk_hosts_write(const char *path, const char *setup_name,
                         const char *const *lines, size_t n_lines,
                         char *backup_path, size_t backup_n, struct hk_error *err)
{
  struct hk_hosts_file f;
  struct hk_buf next;
  size_t i;
  hk_status result;

  hk_buf_init(&next);
  memset(&f, 0, sizeof(f));
  f.lock_fd = -1;
  if(backup_path && backup_n)
    backup_path[0] = '\0';
  result = valid_name(setup_name, err);
  if(result != HK_OK)
    goto out;
  for(i = 0; i < n_lines; i++) {
    if(!lines[i] || strpbrk(lines[i], "\r\n")) {
      result = hk_error_set(err, HK_INVALID, "%s", _("A hosts-file line cannot contain a line break."));
      goto out;
    }
  }
  result = hk_hosts_file_open(&f, path, true, err);
  if(result == HK_OK)
    result = assemble(&f, setup_name, lines, n_lines, &next, err);
  if(result == HK_OK)
    result = commit(&f, &next, backup_path, backup_n, err);
out:
  hk_hosts_file_close(&f);
  hk_buf_free(&next);
  return result;
}

hk_status hk_hosts_remove(const char *path, const char *setup_name, struct hk_error *err)
{
  struct hk_hosts_file f;
  struct hk_buf next;
  size_t at;
  bool found = false;
  hk_status result;

  hk_buf_init(&next);
  memset(&f, 0, sizeof(f));
  f.lock_fd = -1;
  result = valid_name(setup_name, err);
  if(result == HK_OK)
    result = hk_hosts_file_open(&f, path, true, err);
  if(result == HK_OK)
    result = strip_blocks(&f, setup_name, &next, &at, &found, err);
  if(result == HK_OK && found)
    result = commit(&f, &next, NULL, 0, err);
  hk_hosts_file_close(&f);
  hk_buf_free(&next);
  return result;
}

int hk_hosts_has_line(const char *path, const char *setup_name, const char *line)
{
  struct hk_hosts_file f;
  size_t pos = 0, next = 0, clen = 0;
  size_t want = line ? strlen(line) : 0;
  int inside = 0;
  int found = 0;

  memset(&f, 0, sizeof(f));
  f.lock_fd = -1;
  if(!line || !setup_name || hk_hosts_file_open(&f, path, false, NULL) != HK_OK) {
    hk_hosts_file_close(&f);
    return 0;
  }
  while(!found && next_line(&f.data, &pos, &next, &clen)) {
    const char *p = f.data.data + pos;
    if(is_marker(p, clen, "BEGIN", setup_name))
      inside = 1;
    else if(is_marker(p, clen, "END", setup_name))
      inside = 0;
    else if(inside && clen == want && memcmp(p, line, want) == 0)
      found = 1;
  }
  hk_hosts_file_close(&f);
  return found;
}
