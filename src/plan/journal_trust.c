/* journal_trust.c - is the state where heiiki keeps it safe from other users?
 *
 * The state file says what heiiki created, and `destroy` deletes what it
 * says: another user who can replace it can make heiiki delete anything the
 * caller's credentials reach.  So, as OpenSSH's StrictModes does for
 * ~/.ssh and authorized_keys (sshd_config(5) "StrictModes"; auth.c
 * auth_secure_path(): "bad ownership or modes for directory"), the state
 * directory and the files heiiki reads from it must be owned by the user or
 * root and not writable by group or others; anything else is refused with
 * the chmod/chown that fixes it.  Parent directories are not walked: a
 * sticky /tmp above a 0700 state directory cannot replace it.
 * Debian patches StrictModes to accept group-write when the group is the
 * owner's private one (debian/patches/user-group-modes.patch, "Allow
 * harmless group-writability", bug #314347); proving a group private needs
 * every NSS source enumerated, so heiiki keeps upstream's rule and fails
 * closed: a 0775 directory made under umask 002 is refused with the chmod.
 * heiiki's own directories are made 0700 and files 0600, whatever the umask. */
#include "plan/journal.h"
#include "plan/journal_int.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/hk_i18n.h"

static bool owner_ok(const struct stat *st)
{
  return st->st_uid == geteuid() || st->st_uid == 0;
}

static const char *kind_of(mode_t m)
{
  if(S_ISDIR(m))
    return _("directory");
  if(S_ISFIFO(m))
    return _("named pipe (FIFO)");
  if(S_ISSOCK(m))
    return _("socket");
  if(S_ISCHR(m) || S_ISBLK(m))
    return _("device");
  if(S_ISLNK(m))
    return _("symbolic link");
  return _("special file");
}

hk_status hk_state_stat_trusted(const struct stat *st, const char *path, const char *what,
                                struct hk_error *err)
{
  hk_status rc;

  if(!S_ISREG(st->st_mode)) {
    rc = hk_error_set(err, HK_STATE,
                      _("The %s %s is not a regular file but a %s; heiiki left it untouched."),
                      what, path, kind_of(st->st_mode));
    hk_error_hint(err, _("Move it out of the state directory, then run the command again."));
    return rc;
  }
  if(!owner_ok(st)) {
    rc = hk_error_set(err, HK_STATE,
                      _("The %s %s belongs to user %ld, not to you (%ld) or root; heiiki does not "
                        "trust state another user wrote and left it untouched."),
                      what, path, (long)st->st_uid, (long)geteuid());
    hk_error_hint(err, _("If the file is yours, run `chown %ld %s`; otherwise remove it."),
                  (long)geteuid(), path);
    return rc;
  }
  if(st->st_mode & (S_IWGRP | S_IWOTH)) {
    rc = hk_error_set(err, HK_STATE,
                      _("The %s %s can be written by other users (mode %04o); heiiki does not "
                        "trust it and left it untouched."),
                      what, path, (unsigned)(st->st_mode & 07777));
    hk_error_hint(err, _("Check its content, then run `chmod 600 %s`."), path);
    return rc;
  }
  return HK_OK;
}

hk_status hk_state_dir_check(const char *dir, struct hk_error *err)
{
  struct stat st;
  hk_status rc;

  if(stat(dir, &st) != 0) {
    if(errno == ENOENT)
      return HK_NOT_FOUND;
    return hk_error_set(err, HK_STATE, _("Cannot use the state directory %s: %s."), dir,
                        strerror(errno));
  }
  if(!S_ISDIR(st.st_mode))
    return hk_error_set(err, HK_STATE, _("The state directory %s is not a directory."), dir);
  if(!owner_ok(&st)) {
    rc = hk_error_set(err, HK_STATE,
                      _("The state directory %s belongs to user %ld, not to you (%ld) or root; "
                        "another user could replace the state in it, so heiiki does not use it."),
                      dir, (long)st.st_uid, (long)geteuid());
    hk_error_hint(err, _("Run `chown %ld %s`, or choose your own directory with --state-dir."),
                  (long)geteuid(), dir);
    return rc;
  }
  if(st.st_mode & (S_IWGRP | S_IWOTH)) {
    rc = hk_error_set(err, HK_STATE,
                      _("The state directory %s can be written by other users (mode %04o); "
                        "another user could replace the state in it, so heiiki does not use it."),
                      dir, (unsigned)(st.st_mode & 07777));
    hk_error_hint(err, _("Run `chmod 700 %s` (heiiki creates it with mode 0700)."), dir);
    return rc;
  }
  return HK_OK;
}
