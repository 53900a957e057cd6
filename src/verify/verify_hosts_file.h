/* verify_hosts_file.h - locked, atomic, byte-exact I/O of a hosts file.
 *
 * A change is: lock (flock on PATH.heiiki.lock, or on the file itself when
 * the directory is not writable), read, back up, then write a temp file in the
 * same directory, fsync, rename.  When rename is not the right tool - the file
 * has other hard links, its owner cannot be given to a new file, or the file is
 * a mount point (a container's /etc/hosts) - it is rewritten in place, still
 * under the lock.  Nothing but a regular file is read: a FIFO or a device at
 * the path is refused at once (opened with O_NONBLOCK, checked with fstat). */
#ifndef VERIFY_HOSTS_FILE_H
#define VERIFY_HOSTS_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>
#include "core/hk_buf.h"
#include "core/hk_status.h"

struct hk_hosts_file {
  const char *path;
  int lock_fd;          /* -1 when not locked */
  bool exists;
  struct stat st;       /* of the file read, when it exists */
  struct hk_buf data;   /* the whole file, binary-safe (len counts) */
};

/* Lock and read; a missing file reads as empty.  Always call hk_hosts_file_close. */
hk_status hk_hosts_file_open(struct hk_hosts_file *f, const char *path, bool lock,
                             struct hk_error *err);
/* Keep the current content in PATH.heiiki.bak; backup_path gets its name. */
hk_status hk_hosts_file_backup(struct hk_hosts_file *f, char *backup_path, size_t backup_n,
                               struct hk_error *err);
/* Replace the content, keeping mode, owner and hard links. */
hk_status hk_hosts_file_replace(struct hk_hosts_file *f, const char *data, size_t len,
                                struct hk_error *err);
void hk_hosts_file_close(struct hk_hosts_file *f);

#endif
