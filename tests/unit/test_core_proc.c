/* test_core_proc.c - process hardening: no core dump while secrets are in memory (D16). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/hk_proc.h"

static void test_harden_turns_core_dumps_off(void **state)
{
  pid_t pid;
  int status = 0;
  (void)state;
  pid = fork();
  if(pid == 0) {
    struct rlimit lim = { RLIM_INFINITY, RLIM_INFINITY };
    (void)setrlimit(RLIMIT_CORE, &lim);        /* as `ulimit -c unlimited` */
    if(hk_proc_harden() != 0)
      _exit(1);
    if(getrlimit(RLIMIT_CORE, &lim) != 0 || lim.rlim_cur != 0 || lim.rlim_max != 0)
      _exit(2);
    if(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0)
      _exit(3);
    lim.rlim_cur = lim.rlim_max = 1024;        /* and it cannot be raised again */
    if(geteuid() != 0 && setrlimit(RLIMIT_CORE, &lim) == 0)
      _exit(4);
    _exit(0);
  }
  assert_true(pid > 0);
  waitpid(pid, &status, 0);
  assert_true(WIFEXITED(status));
  assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_harden_turns_core_dumps_off),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
