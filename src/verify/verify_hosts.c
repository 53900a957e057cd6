/* verify_hosts.c - hosts-file line and marked-block writer. */
#include "verify/verify_hosts.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"

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

static hk_status explain_errno(struct hk_error *err, int e, const char *what, const char *path)
{
  if(e == EACCES || e == EPERM || e == EROFS) {
    hk_error_set(err, HK_IO, _("Cannot %s %s: permission denied."), what, path);
    hk_error_hint(err, "%s", _("Run heiiki as root (sudo) for this step, or add the line shown by hand."));
  }
  else if(e == ELOOP) {
    hk_error_set(err, HK_IO, _("%s is a symbolic link; heiiki does not write through links."), path);
    hk_error_hint(err, "%s", _("Point --hosts-file at the real file, or add the line by hand."));
  }
  else {
    hk_error_set(err, HK_IO, _("Cannot %s %s: %s."), what, path, strerror(e));
  }
  return HK_IO;
}

/* Read the whole file without following a symlink; a missing file is empty. */
static hk_status read_nofollow(const char *path, struct hk_buf *out, mode_t *mode, struct hk_error *err)
{
  char chunk[8192];
  struct stat st;
  int fd;
  hk_status result = HK_OK;

  *mode = 0644;
  fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if(fd < 0) {
    if(errno == ENOENT)
      return HK_OK;
    return explain_errno(err, errno, _("read"), path);
  }
  if(fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    hk_error_set(err, HK_IO, _("%s is not a regular file."), path);
    result = HK_IO;
    goto out;
  }
  *mode = st.st_mode & 07777;
  out->max = HOSTS_MAX;
  for(;;) {
    ssize_t r = read(fd, chunk, sizeof(chunk));
    if(r < 0) {
      result = explain_errno(err, errno, _("read"), path);
      goto out;
    }
    if(r == 0)
      break;
    if(hk_buf_append(out, chunk, (size_t)r) != HK_OK) {
      hk_error_set(err, HK_TOO_BIG, _("%s is larger than 4 MiB; heiiki will not rewrite it."), path);
      result = HK_TOO_BIG;
      goto out;
    }
  }
out:
  close(fd);
  return result;
}

static int is_marker(const char *line, size_t len, const char *kind, const char *name)
{
  char want[512];
  int w = snprintf(want, sizeof(want), "# %s heiiki %s", kind, name);
  return w > 0 && (size_t)w == len && strncmp(line, want, len) == 0;
}

/* Copy text to out without the setup's block(s). */
static hk_status strip_block(const char *text, const char *name, struct hk_buf *out)
{
  const char *p = text ? text : "";
  int inside = 0;
  hk_status st = HK_OK;
  while(*p && st == HK_OK) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    size_t clen = len;
    if(clen && p[clen - 1] == '\r')
      clen--;
    if(!inside && is_marker(p, clen, "BEGIN", name))
      inside = 1;
    else if(inside && is_marker(p, clen, "END", name))
      inside = 0;
    else if(!inside) {
      st = hk_buf_append(out, p, len);
      if(st == HK_OK)
        st = hk_buf_append(out, "\n", 1);
    }
    p += len + (nl ? 1 : 0);
  }
  return st;
}

static hk_status write_all(int fd, const char *data, size_t len)
{
  while(len) {
    ssize_t w = write(fd, data, len);
    if(w < 0) {
      if(errno == EINTR)
        continue;
      return HK_IO;
    }
    data += w;
    len -= (size_t)w;
  }
  return HK_OK;
}

/* Replace path's content: temp file + rename; when rename is impossible
 * (a bind-mounted /etc/hosts), rewrite in place without following links. */
static hk_status replace_file(const char *path, const char *data, size_t len, mode_t mode,
                              struct hk_error *err)
{
  char *tmp = hk_aprintf("%s.heiiki-tmp.%ld", path, (long)getpid());
  int fd = -1;
  int first_errno = 0;
  hk_status result = HK_OK;

  if(!tmp)
    return HK_NOMEM;
  fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if(fd >= 0) {
    if(fchmod(fd, mode) != 0 || write_all(fd, data, len) != HK_OK || fsync(fd) != 0) {
      result = explain_errno(err, errno, _("write"), tmp);
      close(fd);
      unlink(tmp);
      goto out;
    }
    close(fd);
    if(rename(tmp, path) == 0)
      goto out;
    unlink(tmp);
    if(errno != EBUSY && errno != EXDEV) {
      result = explain_errno(err, errno, _("replace"), path);
      goto out;
    }
  }
  else if(errno != EACCES && errno != EROFS && errno != EPERM) {
    result = explain_errno(err, errno, _("write next to"), path);
    goto out;
  }
  else {
    first_errno = errno;
  }
  /* in place */
  fd = open(path, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
  if(fd < 0) {
    int e = (errno == ENOENT && first_errno) ? first_errno : errno;
    result = explain_errno(err, e, _("write"), path);
    goto out;
  }
  if(write_all(fd, data, len) != HK_OK || fsync(fd) != 0)
    result = explain_errno(err, errno, _("write"), path);
  close(fd);
out:
  free(tmp);
  return result;
}

static hk_status check_not_link(const char *path, struct hk_error *err)
{
  struct stat st;
  if(lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
    return explain_errno(err, ELOOP, "", path);
  return HK_OK;
}

static hk_status backup(const char *path, const struct hk_buf *old, mode_t mode,
                        char *backup_path, size_t backup_n, struct hk_error *err)
{
  char *bak = hk_aprintf("%s.heiiki.bak", path);
  hk_status st;
  if(!bak)
    return HK_NOMEM;
  st = check_not_link(bak, err);
  if(st == HK_OK) {
    unlink(bak);
    st = replace_file(bak, old->data ? old->data : "", old->len, mode & 0600 ? mode : 0600, err);
  }
  if(st == HK_OK && backup_path)
    hk_strlcpy(backup_path, bak, backup_n);
  free(bak);
  return st;
}

static hk_status valid_name(const char *name, struct hk_error *err)
{
  if(!name || !*name || strpbrk(name, "\r\n") || strlen(name) > 200)
    return hk_error_set(err, HK_INVALID, "%s", _("The setup name cannot be used in a hosts-file marker."));
  return HK_OK;
}

hk_status hk_hosts_write(const char *path, const char *setup_name,
                         const char *const *lines, size_t n_lines,
                         char *backup_path, size_t backup_n, struct hk_error *err)
{
  struct hk_buf old;
  struct hk_buf next;
  mode_t mode = 0644;
  size_t i;
  hk_status result;

  hk_buf_init(&old);
  hk_buf_init(&next);
  result = valid_name(setup_name, err);
  if(result != HK_OK)
    goto out;
  for(i = 0; i < n_lines; i++) {
    if(!lines[i] || strpbrk(lines[i], "\r\n")) {
      result = hk_error_set(err, HK_INVALID, "%s", _("A hosts-file line cannot contain a line break."));
      goto out;
    }
  }
  result = check_not_link(path, err);
  if(result != HK_OK)
    goto out;
  result = read_nofollow(path, &old, &mode, err);
  if(result != HK_OK)
    goto out;
  result = strip_block(old.data, setup_name, &next);
  /* keep exactly one newline before our block */
  while(result == HK_OK && next.len >= 2 && next.data[next.len - 1] == '\n' && next.data[next.len - 2] == '\n')
    next.data[--next.len] = '\0';
  if(result == HK_OK)
    result = hk_buf_printf(&next, "# BEGIN heiiki %s\n", setup_name);
  for(i = 0; result == HK_OK && i < n_lines; i++)
    result = hk_buf_printf(&next, "%s\n", lines[i]);
  if(result == HK_OK)
    result = hk_buf_printf(&next, "# END heiiki %s\n", setup_name);
  if(result != HK_OK) {
    hk_error_set(err, result, "%s", _("The new hosts file could not be assembled."));
    goto out;
  }
  if(old.len) {
    result = backup(path, &old, mode, backup_path, backup_n, err);
    if(result != HK_OK)
      goto out;
  }
  result = replace_file(path, next.data, next.len, mode, err);
out:
  hk_buf_free(&old);
  hk_buf_free(&next);
  return result;
}

hk_status hk_hosts_remove(const char *path, const char *setup_name, struct hk_error *err)
{
  struct hk_buf old;
  struct hk_buf next;
  mode_t mode = 0644;
  hk_status result;

  hk_buf_init(&old);
  hk_buf_init(&next);
  result = valid_name(setup_name, err);
  if(result == HK_OK)
    result = check_not_link(path, err);
  if(result == HK_OK)
    result = read_nofollow(path, &old, &mode, err);
  if(result == HK_OK)
    result = strip_block(old.data, setup_name, &next);
  if(result == HK_OK && (next.len != old.len || (old.len && memcmp(next.data, old.data, old.len) != 0)))
    result = replace_file(path, next.data ? next.data : "", next.len, mode, err);
  hk_buf_free(&old);
  hk_buf_free(&next);
  return result;
}

int hk_hosts_has_line(const char *path, const char *setup_name, const char *line)
{
  struct hk_buf old;
  mode_t mode;
  int inside = 0;
  int found = 0;
  const char *p;

  hk_buf_init(&old);
  if(read_nofollow(path, &old, &mode, NULL) != HK_OK || !old.data) {
    hk_buf_free(&old);
    return 0;
  }
  p = old.data;
  while(*p && !found) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    if(len && p[len - 1] == '\r')
      len--;
    if(is_marker(p, len, "BEGIN", setup_name))
      inside = 1;
    else if(is_marker(p, len, "END", setup_name))
      inside = 0;
    else if(inside && strlen(line) == len && strncmp(p, line, len) == 0)
      found = 1;
    p = nl ? nl + 1 : p + strlen(p);
  }
  hk_buf_free(&old);
  return found;
}
