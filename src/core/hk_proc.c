/* hk_proc.c - process hardening while secrets are in memory. */
#include "core/hk_proc.h"

#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

int hk_proc_harden(void)
{
  struct rlimit none = { 0, 0 };
  int rc = setrlimit(RLIMIT_CORE, &none);
#ifdef __linux__
  if(prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
    rc = -1;
#endif
  return rc;
}
