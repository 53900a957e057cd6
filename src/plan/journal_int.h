/* journal_int.h - what journal_file.c, journal_lock.c and journal_trust.c share
 * (not for callers outside src/plan/journal*.c). */
#ifndef PLAN_JOURNAL_INT_H
#define PLAN_JOURNAL_INT_H

#include <stddef.h>
#include <sys/stat.h>
#include "plan/journal.h"

/* The directory part of path ("." when none). */
void hk_journal_dir_of(const char *path, char *out, size_t n);
/* mkdir -p with mode 0700, then the state directory must be trusted. */
hk_status hk_journal_ensure_dir(const char *path, struct hk_error *err);
/* Remove "<name>.json.tmp.<pid>" files a killed writer left (lock held). */
void hk_journal_remove_stale_temps(const char *path);
/* Read <j->path> into j, keeping j->path, j->lock_fd and the guards.
 * HK_NOT_FOUND (j emptied) when there is no file. */
hk_status hk_journal_load(struct hk_journal *j, struct hk_error *err);

/* ssh's StrictModes for what heiiki reads its state from (journal_trust.c):
 * owned by the user or root, not writable by group or others.  what names
 * the file for the sentence ("state file", "lock file"). */
hk_status hk_state_stat_trusted(const struct stat *st, const char *path, const char *what,
                                struct hk_error *err);

#endif
