/* verify_hosts_file.c - locked, atomic, byte-exact I/O of a hosts file. */
#include "verify/verify_hosts_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "core/hk_i18n.h"

#define HOSTS_MAX (4u * 1024u * 1024u)
#define HOSTS_LOCK_WAIT_MS 10000L /* another writer holds it only for one small file */

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

static hk_status not_regular(struct hk_error *err, const char *path)
{
  hk_error_set(err, HK_IO, _("%s is not a regular file (a directory, pipe or device); heiiki "
                             "reads and writes only a plain hosts file."), path);
  hk_error_hint(err, "%s", _("Point --hosts-file at the real hosts file, or add the line by hand."));
  return HK_IO;
}

static bool is_denied(int e)
{
  return e == EACCES || e == EPERM || e == EROFS;
}

static hk_status check_not_link(const char *path, struct hk_error *err)
{
  struct stat st;
  if(lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
    return explain_errno(err, ELOOP, "", path);
  return HK_OK;
}

/* Open without following a link and without blocking on a FIFO; only a
 * regular file is kept.  -1 with errno (0: not regular). */
static int open_regular(const char *path, int flags, mode_t mode, struct stat *st)
{
  int fd = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, mode);
  if(fd < 0)
    return -1;
  if(fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
    close(fd);
    errno = 0;
    return -1;
  }
  return fd;
}

static hk_status wait_lock(int fd, const char *what, struct hk_error *err)
{
  long waited = 0;
  while(flock(fd, LOCK_EX | LOCK_NB) != 0) {
    struct timespec ts = { 0, 50L * 1000L * 1000L };
    if(errno != EWOULDBLOCK && errno != EINTR)
      return explain_errno(err, errno, _("lock"), what);
    if(waited >= HOSTS_LOCK_WAIT_MS) {
      hk_error_set(err, HK_IO, _("Another program has held the lock %s for %ld seconds; the "
                                 "hosts file was not changed."), what, HOSTS_LOCK_WAIT_MS / 1000);
      hk_error_hint(err, "%s", _("Wait until the other heiiki has finished, then run again."));
      return HK_IO;
    }
    nanosleep(&ts, NULL);
    waited += 50;
  }
  return HK_OK;
}

/* Writers of one hosts file take an exclusive flock on PATH.heiiki.lock (the
 * file itself is replaced by rename, so its own inode cannot carry the lock).
 * When the directory is not writable the file can only be rewritten in place,
 * so its own inode is locked instead. */
static hk_status take_lock(struct hk_hosts_file *f, struct hk_error *err)
{
  char *lock = hk_aprintf("%s.heiiki.lock", f->path);
  struct stat st;
  hk_status result = HK_OK;
  const char *held = lock;

  if(!lock)
    return HK_NOMEM;
  result = check_not_link(lock, err);
  if(result != HK_OK)
    goto out;
  f->lock_fd = open_regular(lock, O_RDWR | O_CREAT, 0600, &st);
  if(f->lock_fd < 0 && errno == 0) {
    result = not_regular(err, lock);
    goto out;
  }
  if(f->lock_fd < 0 && is_denied(errno)) {
    held = f->path;
    f->lock_fd = open_regular(f->path, O_RDONLY, 0, &st);
    if(f->lock_fd < 0 && errno == ENOENT)
      goto out;                       /* nothing to lock; creating it will fail below */
    if(f->lock_fd < 0 && errno == 0) {
      result = not_regular(err, f->path);
      goto out;
    }
  }
  if(f->lock_fd < 0) {
    result = explain_errno(err, errno, _("lock"), held);
    goto out;
  }
  result = wait_lock(f->lock_fd, held, err);
out:
  free(lock);
  return result;
}

static hk_status read_all(struct hk_hosts_file *f, struct hk_error *err)
{
  char chunk[8192];
  int fd;
  hk_status result = HK_OK;

  fd = open_regular(f->path, O_RDONLY, 0, &f->st);
  if(fd < 0) {
    if(errno == ENOENT)
      return HK_OK;
    return errno == 0 ? not_regular(err, f->path) : explain_errno(err, errno, _("read"), f->path);
  }
  f->exists = true;
  f->data.max = HOSTS_MAX;
  for(;;) {
    ssize_t r = read(fd, chunk, sizeof(chunk));
    if(r < 0 && errno == EINTR)
      continue;
    if(r < 0) {
      result = explain_errno(err, errno, _("read"), f->path);
      break;
    }
    if(r == 0)
      break;
    if(hk_buf_append(&f->data, chunk, (size_t)r) != HK_OK) {
      result = hk_error_set(err, HK_TOO_BIG, _("%s is larger than 4 MiB; heiiki will not rewrite it."),
                            f->path);
      break;
    }
  }
  close(fd);
  return result;
}

hk_status hk_hosts_file_open(struct hk_hosts_file *f, const char *path, bool lock,
                             struct hk_error *err)
{
  hk_status st;

  memset(f, 0, sizeof(*f));
  f->path = path;
  f->lock_fd = -1;
  hk_buf_init(&f->data);
  st = check_not_link(path, err);
  if(st == HK_OK && lock)
    st = take_lock(f, err);
  if(st == HK_OK)
    st = read_all(f, err);
  return st;
}

void hk_hosts_file_close(struct hk_hosts_file *f)
{
  if(f->lock_fd >= 0)
    close(f->lock_fd);   /* releases the flock */
  f->lock_fd = -1;
  hk_buf_free(&f->data);
}

static hk_status write_all(int fd, const char *data, size_t len)
{
  off_t at = 0;
  while(len) {
    ssize_t w = pwrite(fd, data, len, at);
    if(w < 0) {
      if(errno == EINTR)
        continue;
      return HK_IO;
    }
    data += w;
    at += w;
    len -= (size_t)w;
  }
  return HK_OK;
}

static void sync_dir(const char *path)
{
  char *dir = hk_strdup(path);
  char *slash = dir ? strrchr(dir, '/') : NULL;
  int fd;

  if(!dir)
    return;
  if(slash == dir)
    slash[1] = '\0';
  else if(slash)
    *slash = '\0';
  else
    strcpy(dir, ".");
  fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if(fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
  free(dir);
}

/* Same inode, same bytes: overwrite and cut to length.  Keeps owner, mode,
 * hard links and a bind mount; the backup covers a crash halfway. */
static hk_status rewrite_in_place(struct hk_hosts_file *f, const char *data, size_t len,
                                  int first_errno, struct hk_error *err)
{
  struct stat st;
  int fd = open_regular(f->path, O_WRONLY, 0, &st);
  hk_status result = HK_OK;

  if(fd < 0) {
    int e = errno;
    if(e == 0)
      return not_regular(err, f->path);
    return explain_errno(err, (e == ENOENT && first_errno) ? first_errno : e, _("write"), f->path);
  }
  if(f->exists && (st.st_dev != f->st.st_dev || st.st_ino != f->st.st_ino)) {
    result = hk_error_set(err, HK_IO, _("%s was replaced by another program while heiiki was "
                                        "changing it; run again."), f->path);
    goto out;
  }
  if(write_all(fd, data, len) != HK_OK || ftruncate(fd, (off_t)len) != 0 || fsync(fd) != 0)
    result = explain_errno(err, errno, _("write"), f->path);
out:
  close(fd);
  return result;
}

/* 1: written and renamed; 0: rename is not the right tool (use in place);
 * -1: error set. */
static int replace_by_rename(const char *path, const char *data, size_t len, mode_t mode,
                             const struct stat *owner, int *first_errno, struct hk_error *err)
{
  char *tmp = hk_aprintf("%s.heiiki-tmp.%ld", path, (long)getpid());
  int fd;
  int rc = -1;

  if(!tmp) {
    hk_error_set(err, HK_NOMEM, "%s", _(hk_status_text(HK_NOMEM)));
    return -1;
  }
  fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if(fd < 0) {
    *first_errno = errno;
    rc = is_denied(errno) ? 0 : (explain_errno(err, errno, _("write next to"), path), -1);
    goto out;
  }
  if(owner && (owner->st_uid != geteuid() || owner->st_gid != getegid()) &&
     fchown(fd, owner->st_uid, owner->st_gid) != 0) {
    close(fd);
    unlink(tmp);
    rc = 0;                            /* only the old inode keeps the owner */
    goto out;
  }
  if(fchmod(fd, mode) != 0 || write_all(fd, data, len) != HK_OK || fsync(fd) != 0) {
    explain_errno(err, errno, _("write"), tmp);
    close(fd);
    unlink(tmp);
    goto out;
  }
  close(fd);
  if(rename(tmp, path) == 0) {
    sync_dir(path);
    rc = 1;
    goto out;
  }
  *first_errno = errno;
  unlink(tmp);
  if(*first_errno == EBUSY || *first_errno == EXDEV || is_denied(*first_errno))
    rc = 0;
  else
    explain_errno(err, *first_errno, _("replace"), path);
out:
  free(tmp);
  return rc;
}

hk_status hk_hosts_file_replace(struct hk_hosts_file *f, const char *data, size_t len,
                                struct hk_error *err)
{
  mode_t mode = f->exists ? (f->st.st_mode & 07777) : 0644;
  int first_errno = 0;
  int rc;

  if(f->exists && f->st.st_nlink > 1)
    return rewrite_in_place(f, data, len, 0, err);
  rc = replace_by_rename(f->path, data, len, mode, f->exists ? &f->st : NULL, &first_errno, err);
  if(rc > 0)
    return HK_OK;
  if(rc < 0)
    return HK_IO;
  return rewrite_in_place(f, data, len, first_errno, err);
}

hk_status hk_hosts_file_backup(struct hk_hosts_file *f, char *backup_path, size_t backup_n,
                               struct hk_error *err)
{
  char *bak = hk_aprintf("%s.heiiki.bak", f->path);
  mode_t mode = (f->st.st_mode & 0777) ? (f->st.st_mode & 0777) : 0600;
  int first_errno = 0;
  hk_status st;
  int rc;

  if(!bak)
    return HK_NOMEM;
  st = check_not_link(bak, err);
  if(st == HK_OK) {
    rc = replace_by_rename(bak, f->data.data ? f->data.data : "", f->data.len, mode, NULL,
                           &first_errno, err);
    if(rc == 0)
      st = explain_errno(err, first_errno ? first_errno : EACCES, _("write"), bak);
    else if(rc < 0)
      st = HK_IO;
  }
  if(st == HK_OK && backup_path)
    hk_strlcpy(backup_path, bak, backup_n);
  free(bak);
  return st;
}
