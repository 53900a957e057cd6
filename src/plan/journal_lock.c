/* journal_lock.c - one writer per setup: lock first, then read, then write.
 *
 * Every command that changes a setup's state (apply, resume, destroy,
 * verify, the wizard's commit) goes through hk_journal_open_locked(): it
 * takes the exclusive lock on <name>.json.lock and only then reads
 * <name>.json, so what it works from is what the last writer left, and no
 * one else writes until it ends.  Reading before locking let a run that
 * started just as another finished save its stale (even empty) copy over
 * the other's complete one.
 *
 * The lock is flock(2) on the lock file: the kernel drops it when the
 * holder exits or is killed, so it is never stale.  The holder writes who
 * it is into the file (pid, command, host, since when), and a command that
 * cannot get the lock names it. */
#include "plan/journal.h"
#include "plan/journal_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

/* What this process is, for the lock file ("heiiki apply", "the heiiki wizard"). */
static char command_name[64] = "heiiki";

void hk_journal_set_command(const char *command)
{
  if(command && *command)
    hk_strlcpy(command_name, command, sizeof(command_name));
}

/* A writer killed between creating its temp file and the rename leaves
 * "<name>.json.tmp.<pid>" behind; with the lock held, no one else writes. */
void hk_journal_remove_stale_temps(const char *path)
{
  char dir[4096], prefix[4200], full[8400];
  const char *base = strrchr(path, '/');
  struct dirent *de;
  DIR *d;

  hk_journal_dir_of(path, dir, sizeof(dir));
  snprintf(prefix, sizeof(prefix), "%s.tmp.", base ? base + 1 : path);
  d = opendir(dir);
  if(!d)
    return;
  for(;;) {
    de = readdir(d);
    if(!de)
      break;
    if(strncmp(de->d_name, prefix, strlen(prefix)) != 0)
      continue;
    snprintf(full, sizeof(full), "%s/%s", dir, de->d_name);
    unlink(full);
  }
  closedir(d);
}

/* "pid=N\ncommand=...\nhost=...\nsince=...\n", written once the lock is ours. */
static void write_holder(int fd)
{
  char host[256] = "";
  char since[24];
  char text[512];
  ssize_t w;
  int len;

  if(gethostname(host, sizeof(host) - 1) != 0)
    hk_strlcpy(host, "?", sizeof(host));
  host[sizeof(host) - 1] = '\0';
  hk_utc_now(since, sizeof(since));
  len = snprintf(text, sizeof(text), "pid=%ld\ncommand=%s\nhost=%s\nsince=%s\n", (long)getpid(),
                 command_name, host, since);
  if(len <= 0 || (size_t)len >= sizeof(text) || ftruncate(fd, 0) != 0)
    return;
  /* best effort: without it, a command that waits for the lock says less */
  w = pwrite(fd, text, (size_t)len, 0);
  (void)w;
}

struct holder {
  char pid[24];
  char command[64];
  char host[128];
  char since[24];
};

/* The value of "key=" in text, printable ASCII only (the file is not trusted to be tidy). */
static void holder_field(const char *text, const char *key, char *out, size_t n)
{
  size_t klen = strlen(key), i = 0;
  const char *p = text;

  out[0] = '\0';
  while(p && *p) {
    if(strncmp(p, key, klen) == 0 && p[klen] == '=') {
      for(p += klen + 1; *p && *p != '\n' && i + 1 < n; p++)
        out[i++] = (*p >= 0x20 && *p < 0x7f) ? *p : '?';
      out[i] = '\0';
      return;
    }
    p = strchr(p, '\n');
    if(p)
      p++;
  }
}

static bool read_holder(int fd, struct holder *h)
{
  char text[512];
  ssize_t got = pread(fd, text, sizeof(text) - 1, 0);

  memset(h, 0, sizeof(*h));
  if(got <= 0)
    return false;
  text[got] = '\0';
  holder_field(text, "pid", h->pid, sizeof(h->pid));
  holder_field(text, "command", h->command, sizeof(h->command));
  holder_field(text, "host", h->host, sizeof(h->host));
  holder_field(text, "since", h->since, sizeof(h->since));
  return h->pid[0] && h->command[0];
}

static hk_status held_by_another(const struct hk_journal *j, int fd, struct hk_error *err)
{
  struct holder h;
  hk_status st;

  if(read_holder(fd, &h))
    st = hk_error_set(err, HK_CONFLICT,
                      _("Another heiiki is working on setup \"%s\" right now: %s, process %s on "
                        "%s, since %s."), j->name, h.command, h.pid, h.host[0] ? h.host : "?",
                      h.since[0] ? h.since : "?");
  else
    st = hk_error_set(err, HK_CONFLICT,
                      _("Another heiiki is working on setup \"%s\" right now."), j->name);
  hk_error_hint(err, _("Wait for it to finish, then run the command again; the lock goes away "
                       "with that process."));
  return st;
}

hk_status hk_journal_lock(struct hk_journal *j, struct hk_error *err)
{
  char lock[4200];
  char dir[4096];
  struct stat sb;
  hk_status st;
  int fd;

  if(j->lock_fd >= 0)
    return HK_OK;
  hk_journal_dir_of(j->path, dir, sizeof(dir));
  st = hk_journal_ensure_dir(dir, err);
  if(st != HK_OK)
    return st;
  snprintf(lock, sizeof(lock), "%s.lock", j->path);
  fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
  if(fd < 0)
    return hk_error_set(err, HK_STATE, _("Cannot open the lock file %s: %s."), lock,
                        strerror(errno));
  st = fstat(fd, &sb) == 0 ? hk_state_stat_trusted(&sb, lock, _("lock file"), err)
                           : hk_error_set(err, HK_STATE, _("Cannot open the lock file %s: %s."),
                                          lock, strerror(errno));
  if(st != HK_OK) {
    close(fd);
    return st;
  }
  if(flock(fd, LOCK_EX | LOCK_NB) != 0) {
    st = held_by_another(j, fd, err);
    close(fd);
    return st;
  }
  write_holder(fd);
  j->lock_fd = fd;
  hk_journal_remove_stale_temps(j->path);
  return HK_OK;
}

void hk_journal_unlock(struct hk_journal *j)
{
  if(j->lock_fd < 0)
    return;
  /* the file stays: removing it would let a waiting opener lock a file no one else sees */
  close(j->lock_fd);
  j->lock_fd = -1;
}

hk_status hk_journal_open_locked(struct hk_journal *j, const char *dir, const char *name,
                                 bool missing_ok, struct hk_error *err)
{
  struct stat sb;
  hk_status st = hk_journal_init(j, dir, name, err);

  if(st != HK_OK)
    return st;
  /* no setup of that name: nothing to lock, and no lock file is left for it */
  if(!missing_ok && lstat(j->path, &sb) != 0 && errno == ENOENT)
    return HK_NOT_FOUND;
  st = hk_journal_lock(j, err);
  if(st == HK_OK)
    st = hk_journal_load(j, err);
  if(st == HK_NOT_FOUND && missing_ok)
    st = HK_OK;
  if(st != HK_OK)
    hk_journal_unlock(j);
  return st;
}

hk_status hk_journal_hold(struct hk_journal *j, bool *is_open, const char *dir, const char *name,
                          bool missing_ok, struct hk_error *err)
{
  hk_status st = HK_OK;

  if(*is_open && j->lock_fd >= 0 && strcmp(j->name, name) == 0)
    goto out;
  if(*is_open) {
    hk_journal_free(j);
    *is_open = false;
  }
  st = hk_journal_open_locked(j, dir, name, missing_ok, err);
  if(st != HK_OK) {
    hk_journal_free(j);
    goto out;
  }
  *is_open = true;
out:
  return st;
}
