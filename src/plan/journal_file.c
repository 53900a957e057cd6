/* journal_file.c - where state files live, and how they are written safely. */
#include "plan/journal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "plan/journal_int.h"

hk_status hk_state_dir(const char *override, char *out, size_t n, struct hk_error *err)
{
  const char *env = getenv("HEIIKI_STATE_DIR");
  const char *xdg = getenv("XDG_STATE_HOME");
  const char *home = getenv("HOME");
  int len;

  if(override && *override)
    len = snprintf(out, n, "%s", override);
  else if(env && *env)
    len = snprintf(out, n, "%s", env);
  else if(xdg && xdg[0] == '/')
    len = snprintf(out, n, "%s/heiiki", xdg);
  else if(home && *home)
    len = snprintf(out, n, "%s/.local/state/heiiki", home);
  else
    return hk_error_set(err, HK_CONFIG,
                        _("No state directory: HOME is not set. Use --state-dir DIR."));
  if(len < 0 || (size_t)len >= n)
    return hk_error_set(err, HK_INVALID, _("The state directory path is too long."));
  return HK_OK;
}

static hk_status make_path(struct hk_journal *j, const char *dir, const char *name,
                           struct hk_error *err)
{
  int len = snprintf(j->path, sizeof(j->path), "%s/%s.json", dir, name);

  if(len < 0 || (size_t)len >= sizeof(j->path))
    return hk_error_set(err, HK_INVALID, _("The state file path is too long."));
  return HK_OK;
}

hk_status hk_journal_init(struct hk_journal *j, const char *dir, const char *name,
                          struct hk_error *err)
{
  hk_status st;

  memset(j, 0, sizeof(*j));
  j->lock_fd = -1;
  j->version = HK_JOURNAL_VERSION;
  hk_strlcpy(j->phase, "planned", sizeof(j->phase));
  st = hk_journal_name_check(name, err);
  if(st != HK_OK)
    return st;
  hk_strlcpy(j->name, name, sizeof(j->name));
  hk_utc_now(j->created_at, sizeof(j->created_at));
  hk_strlcpy(j->updated_at, j->created_at, sizeof(j->updated_at));
  st = hk_journal_set_answers(j, "{}");
  if(st != HK_OK)
    return st;
  return make_path(j, dir, name, err);
}

/* The state file is opened without following a link and without blocking
 * (a FIFO at its path would hang a plain open), then checked before a byte
 * is read: a regular file, the user's or root's, not writable by others. */
static hk_status read_file(const char *path, struct hk_buf *b, struct hk_error *err)
{
  char chunk[8192];
  struct stat sb;
  hk_status st;
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);

  if(fd < 0) {
    if(errno == ENOENT)
      return HK_NOT_FOUND;
    if(errno == ELOOP) {
      st = hk_error_set(err, HK_STATE,
                        _("The state file %s is a symbolic link; heiiki reads its state only from "
                          "a regular file and left it untouched."), path);
      hk_error_hint(err, _("Put the file itself in the state directory in place of the link."));
      return st;
    }
    return hk_error_set(err, HK_STATE, _("Cannot read the state file %s: %s."), path,
                        strerror(errno));
  }
  st = fstat(fd, &sb) == 0 ? hk_state_stat_trusted(&sb, path, _("state file"), err)
                           : hk_error_set(err, HK_STATE, _("Cannot read the state file %s: %s."),
                                          path, strerror(errno));
  b->max = HK_JOURNAL_MAX_BYTES;
  while(st == HK_OK) {
    ssize_t got = read(fd, chunk, sizeof(chunk));
    if(got < 0 && errno == EINTR)
      continue;
    if(got < 0)
      st = hk_error_set(err, HK_STATE, _("Cannot read the state file %s: %s."), path,
                        strerror(errno));
    if(got <= 0)
      break;
    st = hk_buf_append(b, chunk, (size_t)got);
  }
  if(st == HK_TOO_BIG)
    st = hk_error_set(err, HK_STATE, _("The state file %s is too large; it was left untouched."),
                      path);
  close(fd);
  return st;
}

hk_status hk_journal_load(struct hk_journal *j, struct hk_error *err)
{
  struct hk_buf b;
  struct hk_journal tmp;
  char dir[4096];
  hk_status st;

  hk_buf_init(&b);
  memset(&tmp, 0, sizeof(tmp));
  tmp.lock_fd = -1;
  hk_journal_dir_of(j->path, dir, sizeof(dir));
  st = hk_state_dir_check(dir, err);
  if(st == HK_OK)
    st = read_file(j->path, &b, err);
  if(st == HK_NOT_FOUND) {
    /* no file (or no directory) yet: an empty journal */
    st = hk_journal_init(&tmp, dir, j->name, err);
    if(st == HK_OK)
      st = HK_NOT_FOUND;
  }
  else if(st == HK_OK) {
    st = hk_journal_parse(&tmp, b.data, b.len, err);
    if(st == HK_OK && strcmp(tmp.name, j->name) != 0)
      st = hk_error_set(err, HK_STATE,
                        _("The state file %s belongs to setup \"%s\", not \"%s\"; it was left "
                          "untouched."), j->path, tmp.name, j->name);
    if(st != HK_OK && err)
      hk_strlcpy(err->api_message, j->path, sizeof(err->api_message));
  }
  if(st == HK_OK || st == HK_NOT_FOUND) {
    /* the records change; the file, its lock and the guarded secrets stay */
    hk_strlcpy(tmp.path, j->path, sizeof(tmp.path));
    tmp.lock_fd = j->lock_fd;
    memcpy(tmp.guards, j->guards, sizeof(tmp.guards));
    tmp.n_guards = j->n_guards;
    j->lock_fd = -1;
    hk_journal_free(j);
    *j = tmp;
    tmp.lock_fd = -1;
  }
  else
    hk_journal_free(&tmp);
  hk_buf_free(&b);
  return st;
}

hk_status hk_journal_open(struct hk_journal *j, const char *dir, const char *name,
                          struct hk_error *err)
{
  hk_status st = hk_journal_init(j, dir, name, err);

  if(st != HK_OK)
    return st;
  return hk_journal_load(j, err);
}

hk_status hk_journal_ensure_dir(const char *path, struct hk_error *err)
{
  char tmp[4096];
  char *p;

  if(hk_strlcpy(tmp, path, sizeof(tmp)) >= sizeof(tmp))
    return hk_error_set(err, HK_INVALID, _("The state directory path is too long."));
  for(p = tmp + 1; *p; p++) {
    if(*p != '/')
      continue;
    *p = '\0';
    if(mkdir(tmp, 0700) != 0 && errno != EEXIST)
      return hk_error_set(err, HK_IO, _("Cannot create the directory %s: %s."), tmp,
                          strerror(errno));
    *p = '/';
  }
  if(mkdir(tmp, 0700) != 0 && errno != EEXIST)
    return hk_error_set(err, HK_IO, _("Cannot create the state directory %s: %s."), tmp,
                        strerror(errno));
  return hk_state_dir_check(path, err);
}

void hk_journal_dir_of(const char *path, char *out, size_t n)
{
  char *slash;

  hk_strlcpy(out, path, n);
  slash = strrchr(out, '/');
  if(slash == out)
    out[1] = '\0';
  else if(slash)
    *slash = '\0';
  else
    hk_strlcpy(out, ".", n);
}

static hk_status write_all(int fd, const char *data, size_t len)
{
  while(len > 0) {
    ssize_t w = write(fd, data, len);
    if(w < 0 && errno == EINTR)
      continue;
    if(w <= 0)
      return HK_IO;
    data += w;
    len -= (size_t)w;
  }
  return HK_OK;
}

static hk_status write_temp(const char *tmp, const char *text, struct hk_error *err)
{
  hk_status st;
  int fd;

  unlink(tmp);
  fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if(fd < 0)
    return hk_error_set(err, HK_IO, _("Cannot write the state file %s: %s."), tmp,
                        strerror(errno));
  st = write_all(fd, text, strlen(text));
  if(st == HK_OK)
    st = write_all(fd, "\n", 1);
  if(st == HK_OK && fsync(fd) != 0)
    st = HK_IO;
  if(close(fd) != 0)
    st = HK_IO;
  if(st != HK_OK) {
    hk_error_set(err, HK_IO, _("Cannot write the state file %s: %s."), tmp, strerror(errno));
    unlink(tmp);
  }
  return st;
}

static void fsync_dir(const char *dir)
{
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if(fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

static hk_status check_guards(const struct hk_journal *j, const char *text, struct hk_error *err)
{
  size_t i;

  for(i = 0; i < j->n_guards; i++) {
    if(strlen(j->guards[i]) >= 8 && strstr(text, j->guards[i]))
      return hk_error_set(err, HK_STATE,
                          _("heiiki refused to write the state file because it would contain "
                            "a secret; nothing was written."));
  }
  return HK_OK;
}

hk_status hk_journal_save(struct hk_journal *j, struct hk_error *err)
{
  char dir[4096];
  char tmp[4200];
  char *text = NULL;
  hk_status st;

  hk_utc_now(j->updated_at, sizeof(j->updated_at));
  hk_journal_dir_of(j->path, dir, sizeof(dir));
  st = hk_journal_ensure_dir(dir, err);
  if(st != HK_OK)
    goto out;
  text = hk_journal_dump(j);
  if(!text) {
    st = hk_error_set(err, HK_NOMEM, _("Out of memory while writing the state file."));
    goto out;
  }
  st = check_guards(j, text, err);
  if(st != HK_OK)
    goto out;
  snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", j->path, (long)getpid());
  st = write_temp(tmp, text, err);
  if(st != HK_OK)
    goto out;
  if(rename(tmp, j->path) != 0) {
    st = hk_error_set(err, HK_IO, _("Cannot replace the state file %s: %s."), j->path,
                      strerror(errno));
    unlink(tmp);
    goto out;
  }
  fsync_dir(dir);
out:
  free(text);
  return st;
}

static void info_of(const char *dir, const char *name, struct hk_journal_info *info)
{
  struct hk_journal j;
  struct hk_error e = { .status = HK_OK };
  size_t i;

  memset(info, 0, sizeof(*info));
  hk_strlcpy(info->name, name, sizeof(info->name));
  hk_error_clear(&e);
  if(hk_journal_open(&j, dir, name, &e) != HK_OK) {
    hk_strlcpy(info->why, e.message, sizeof(info->why));
    hk_journal_free(&j);
    return;
  }
  info->readable = true;
  hk_strlcpy(info->phase, j.phase, sizeof(info->phase));
  hk_strlcpy(info->updated_at, j.updated_at, sizeof(info->updated_at));
  for(i = 0; i < j.n_actions; i++) {
    enum hk_jstate s = j.actions[i].state;
    if(s == HK_JS_DONE || s == HK_JS_SKIPPED)
      info->done++;
  }
  info->total = j.n_actions;
  hk_journal_free(&j);
}

static int info_cmp(const void *a, const void *b)
{
  return strcmp(((const struct hk_journal_info *)a)->name,
                ((const struct hk_journal_info *)b)->name);
}

static bool state_file_name(const char *fname, char *name, size_t n)
{
  size_t len = strlen(fname);

  if(len <= 5 || strcmp(fname + len - 5, ".json") != 0 || len - 5 >= n)
    return false;
  memcpy(name, fname, len - 5);
  name[len - 5] = '\0';
  return hk_journal_name_check(name, NULL) == HK_OK;
}

hk_status hk_journal_list(const char *dir, struct hk_journal_info **out, size_t *n,
                          struct hk_error *err)
{
  DIR *d;
  struct dirent *de;
  struct hk_journal_info *arr = NULL;
  size_t cnt = 0;
  char name[HK_JOURNAL_NAME_MAX + 1];
  hk_status st = hk_state_dir_check(dir, err);

  *out = NULL;
  *n = 0;
  if(st != HK_OK)
    return st == HK_NOT_FOUND ? HK_OK : st;
  d = opendir(dir);
  if(!d)
    return errno == ENOENT ? HK_OK
                           : hk_error_set(err, HK_IO, _("Cannot read the state directory %s: %s."),
                                          dir, strerror(errno));
  while(cnt < HK_JOURNAL_MAX_ACTIONS) {
    struct hk_journal_info *grown;
    de = readdir(d);
    if(!de)
      break;
    if(!state_file_name(de->d_name, name, sizeof(name)))
      continue;
    grown = realloc(arr, (cnt + 1) * sizeof(*arr));
    if(!grown)
      break;
    arr = grown;
    info_of(dir, name, &arr[cnt++]);
  }
  closedir(d);
  if(cnt)
    qsort(arr, cnt, sizeof(*arr), info_cmp);
  *out = arr;
  *n = cnt;
  return HK_OK;
}
