/* test_ui_engine.c - the wizard's keep-alive tick while an engine drives the
 * loop: one chain at a time.  A chain left over from the commit used to keep
 * the post-deploy checks' loop "pending" (each chain re-arming for the
 * other), so the checks ran on until the two ticks happened to coincide. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "net/net_loop.h"
#include "ui.h"
#include "ui_engine_priv.h"

static struct hk_loop *new_loop(void)
{
  struct hk_loop_opts lo;
  struct hk_loop *loop;

  memset(&lo, 0, sizeof(lo));
  loop = hk_loop_new(&lo);
  assert_non_null(loop);
  return loop;
}

static void test_one_tick_chain_at_a_time(void **state)
{
  struct ui_engine *e = calloc(1, sizeof(*e));
  struct hk_loop *loop = new_loop();
  (void)state;

  assert_non_null(e);
  e->rt.loop = loop;
  /* the commit's tick, then the checks' tick with the commit's still armed */
  ui_engine_tick_start(e, false);
  assert_int_equal(hk_loop_pending(loop), 1);
  ui_engine_tick_start(e, true);
  assert_int_equal(hk_loop_pending(loop), 1);
  assert_true(e->committing);
  assert_true(e->tick_while_pending);
  ui_engine_tick_stop(e);
  assert_int_equal(hk_loop_pending(loop), 0);
  assert_false(e->committing);
  /* stopping twice, or with nothing armed, is harmless */
  ui_engine_tick_stop(e);
  assert_int_equal(hk_loop_pending(loop), 0);
  hk_loop_free(loop);
  free(e);
}

static void other_timer(void *ud)
{
  (*(int *)ud)++;
}

static void test_stopping_keeps_other_timers(void **state)
{
  struct ui_engine *e = calloc(1, sizeof(*e));
  struct hk_loop *loop = new_loop();
  int fired = 0;
  (void)state;

  assert_non_null(e);
  e->rt.loop = loop;
  assert_int_equal(hk_loop_timer(loop, 0, other_timer, &fired), HK_OK);
  ui_engine_tick_start(e, true);
  ui_engine_tick_stop(e);
  assert_int_equal(hk_loop_pending(loop), 1);      /* only the tick went */
  assert_int_equal(hk_loop_run_until_idle(loop), HK_OK);
  assert_int_equal(fired, 1);
  hk_loop_free(loop);
  free(e);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_one_tick_chain_at_a_time),
    cmocka_unit_test(test_stopping_keeps_other_timers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
