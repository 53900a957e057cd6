/* hk_proc.h - process hardening while secrets are in memory. */
#ifndef HK_PROC_H
#define HK_PROC_H

/* No core dump may hold the AWS secret, the client secret or a live token:
 * the core size limit goes to 0 (soft and hard, so a child cannot raise it)
 * and the process is marked not dumpable (PR_SET_DUMPABLE 0: no core even
 * with a core_pattern pipe, and no ptrace or /proc/PID/mem by other
 * processes of the same user).  Returns 0, or -1 when either call failed. */
int hk_proc_harden(void);

#endif
