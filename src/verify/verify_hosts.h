/* verify_hosts.h - the hosts-file line for the workspace, and a safe writer.
 *
 * The writer keeps heiiki's lines in a marked block per setup
 *   # BEGIN heiiki <setup>
 *   10.0.1.23 dbc-1234abcd-5678.cloud.databricks.com
 *   # END heiiki <setup>
 * so a re-run replaces rather than duplicates.  Writers are locked and
 * atomic (see verify_hosts_file.h); bytes outside the block are kept exactly
 * (NUL, CRLF); a BEGIN without its END is refused, never guessed; the file is
 * backed up before each change; a symlink or non-regular file is refused;
 * a permission error is explained (with the line to add by hand). */
#ifndef VERIFY_HOSTS_H
#define VERIFY_HOSTS_H

#include <stddef.h>
#include "core/hk_status.h"

#define HK_HOSTS_DEFAULT "/etc/hosts"
#define HK_HOSTS_WINDOWS "C:\\Windows\\System32\\drivers\\etc\\hosts"

/* "<addr> <host>" into out. */
hk_status hk_hosts_line(const char *addr, const char *host, char *out, size_t n);

/* Text to show the operator: the line, where it goes on Linux/macOS and on Windows. */
hk_status hk_hosts_instructions(const char *addr, const char *host, char *out, size_t n);

/* Write (or replace) the setup's block with the given lines.  backup_path
 * (may be NULL) receives the path of the backup made. */
hk_status hk_hosts_write(const char *path, const char *setup_name,
                         const char *const *lines, size_t n_lines,
                         char *backup_path, size_t backup_n, struct hk_error *err);

/* Remove the setup's block; HK_OK also when there was none. */
hk_status hk_hosts_remove(const char *path, const char *setup_name, struct hk_error *err);

/* Whether the file already has this exact line inside the setup's block. */
int hk_hosts_has_line(const char *path, const char *setup_name, const char *line);

#endif
