/* apply_signals.c - Ctrl-C, SIGTERM and SIGHUP ask for a clean, resumable stop.
 * SIGHUP is what a dropped SSH session or a closed terminal sends: its default
 * action would kill heiiki mid-run (a test cluster left running, D6). */
#include "plan/apply.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t *stop_flag;

static void on_signal(int sig)
{
  (void)sig;
  if(stop_flag)
    *stop_flag = 1;
}

void hk_apply_catch_signals(volatile sig_atomic_t *flag)
{
  struct sigaction sa;

  stop_flag = flag;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  /* A second signal gets the default action: a stuck run can still be killed;
   * the journal is consistent at every instant anyway. */
  sa.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGHUP, &sa, NULL);
}
