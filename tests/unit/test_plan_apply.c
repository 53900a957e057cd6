/* test_plan_apply.c - the scheduler with fake actions: order, concurrency,
 * write-ahead journal, adoption after a crash, failure, stop and resume. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "net/net_loop.h"
#include "plan/apply.h"

static char dir[256];
static struct hk_loop *loop;

/* --- fake world ------------------------------------------------------ */
struct world {
  int creates[8];             /* create calls per action index */
  int exists[8];              /* the "cloud": 1 when the resource exists */
  int fail_create[8];         /* 1: create fails */
  int transient[8];           /* this many creates fail with a 5xx after doing the work */
  int stop_after_create;      /* set the stop flag after this many creates (0 = never) */
  int n_creates;
  int active;
  int max_active;
  int saw_intent_before_create;
  volatile sig_atomic_t stop;
};
static struct world W;

static int idx(const struct hk_run *run)
{
  return run->action->arg;
}

static void lookup(struct hk_run *run)
{
  if(W.exists[idx(run)]) {
    hk_run_set(run, "id", run->action->id);
    hk_run_found(run);
  }
  hk_run_finish(run, HK_OK, NULL);
}

static void created_later(void *ud)
{
  struct hk_run *run = ud;
  int i = idx(run);

  W.active--;
  if(W.transient[i] > 0) {
    W.transient[i]--;
    W.exists[i] = 1; /* the server did it, the reply got lost */
    hk_run_fail(run, HK_SERVER, "fake 503 for %s", run->action->id);
    return;
  }
  if(W.fail_create[i]) {
    hk_run_fail(run, HK_API, "fake create of %s refused", run->action->id);
    return;
  }
  W.exists[i] = 1;
  hk_run_set(run, "id", run->action->id);
  hk_run_finish(run, HK_OK, NULL);
  if(W.stop_after_create && W.n_creates >= W.stop_after_create)
    W.stop = 1;
}

static void create(struct hk_run *run)
{
  const struct hk_jaction *ja = hk_journal_find(run->eng->journal, run->action->id);

  /* write-ahead: the intent is on disk before the call */
  if(ja && ja->state == HK_JS_INTENT && ja->client_token[0])
    W.saw_intent_before_create++;
  W.creates[idx(run)]++;
  W.n_creates++;
  if(++W.active > W.max_active)
    W.max_active = W.active;
  hk_loop_timer(loop, 30, created_later, run);
}

static const char *const keys[] = { "id", NULL };
static const struct hk_action_ops fake_ops = { "fake", NULL, lookup, create, NULL, NULL, keys };

/* a, b, c independent; d needs a and b; e needs d; k is kept; s skipped */
static void make_plan(struct hk_plan *p)
{
  static const char *const ids[] = { "a", "b", "c", "d", "e", "k", "s" };
  size_t i;

  p->n = 7;
  p->actions = calloc(p->n, sizeof(*p->actions));
  assert_non_null(p->actions);
  for(i = 0; i < p->n; i++) {
    struct hk_action *a = &p->actions[i];
    snprintf(a->id, sizeof(a->id), "%s", ids[i]);
    a->title = ids[i];
    a->ops = &fake_ops;
    a->arg = (int)i;
    a->decision = HK_DEC_CREATE;
    hk_kvmap_init(&a->given);
  }
  p->actions[3].deps[0] = "a";
  p->actions[3].deps[1] = "b";
  p->actions[3].n_deps = 2;
  p->actions[4].deps[0] = "d";
  p->actions[4].n_deps = 1;
  p->actions[5].decision = HK_DEC_KEEP;
  hk_kvmap_set(&p->actions[5].given, "id", "given-k");
  p->actions[6].decision = HK_DEC_SKIP;
}

/* --- front end that counts ------------------------------------------- */
struct seen {
  int started, done_ok, done_fail;
  char order[64];
};
static struct seen S;

static void fe_started(void *ud, const char *id, const char *title, const char *verb)
{
  (void)ud; (void)title; (void)verb;
  S.started++;
  strncat(S.order, id, sizeof(S.order) - strlen(S.order) - 1);
}

static void fe_done(void *ud, const char *id, hk_status st, const struct hk_error *err,
                    const char *summary, long ms)
{
  (void)ud; (void)id; (void)err; (void)summary; (void)ms;
  if(st == HK_OK)
    S.done_ok++;
  else
    S.done_fail++;
}

static struct hk_frontend fe = { fe_started, NULL, fe_done, NULL, NULL };

static hk_status run_once(struct hk_engine *eng, struct hk_plan *p, struct hk_journal *j)
{
  struct hk_error e;

  memset(eng, 0, sizeof(*eng));
  memset(&S, 0, sizeof(S));
  eng->loop = loop;
  eng->plan = p;
  eng->journal = j;
  eng->fe = &fe;
  eng->stop = &W.stop;
  return hk_apply_run(eng, &e);
}

static int setup(void **state)
{
  (void)state;
  memset(&W, 0, sizeof(W));
  snprintf(dir, sizeof(dir), "/tmp/hk-apply-test-XXXXXX");
  assert_non_null(mkdtemp(dir));
  loop = hk_loop_new(NULL);
  assert_non_null(loop);
  return 0;
}

static int teardown(void **state)
{
  char cmd[300];
  (void)state;
  hk_loop_free(loop);
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
  return 0;
}

static void open_journal(struct hk_journal *j)
{
  struct hk_error e;
  hk_status st = hk_journal_open(j, dir, "fake", &e);
  assert_true(st == HK_OK || st == HK_NOT_FOUND);
}

static void test_full_then_noop(void **state)
{
  struct hk_plan p;
  struct hk_journal j;
  struct hk_engine eng;
  int i;
  (void)state;

  make_plan(&p);
  open_journal(&j);
  assert_int_equal(run_once(&eng, &p, &j), HK_OK);
  assert_int_equal(hk_apply_exit_code(&eng, HK_OK), HK_EXIT_OK);
  assert_int_equal(eng.n_created, 5);
  for(i = 0; i < 5; i++)
    assert_int_equal(W.creates[i], 1);
  assert_int_equal(W.saw_intent_before_create, 5);
  assert_int_equal(W.max_active, 3);          /* a, b, c at once */
  assert_int_equal(S.done_ok, 7);
  assert_string_equal(hk_kvmap_str(&hk_journal_find(&j, "k")->result, "id"), "given-k");
  assert_int_equal(hk_journal_find(&j, "k")->origin, HK_ORIGIN_KEPT);
  assert_int_equal(hk_journal_find(&j, "s")->state, HK_JS_SKIPPED);
  assert_int_equal(hk_journal_find(&j, "e")->origin, HK_ORIGIN_CREATED);
  assert_string_equal(j.phase, "complete");
  hk_journal_free(&j);

  /* second run from the saved file: zero create calls */
  open_journal(&j);
  assert_int_equal(run_once(&eng, &p, &j), HK_OK);
  assert_int_equal(W.n_creates, 5);
  assert_int_equal(eng.n_created, 0);
  hk_journal_free(&j);
  hk_plan_free(&p);
}

static void test_dependency_order(void **state)
{
  struct hk_plan p;
  struct hk_journal j;
  struct hk_engine eng;
  (void)state;

  make_plan(&p);
  open_journal(&j);
  assert_int_equal(run_once(&eng, &p, &j), HK_OK);
  /* d starts after a and b; e after d */
  assert_true(strchr(S.order, 'd') > strchr(S.order, 'a'));
  assert_true(strchr(S.order, 'd') > strchr(S.order, 'b'));
  assert_true(strchr(S.order, 'e') > strchr(S.order, 'd'));
  hk_journal_free(&j);
  hk_plan_free(&p);
}

/* A crash right after a create call: the journal shows an intent without a
 * result; the resource exists.  Resume adopts it as our own, no second create. */
static void test_intent_adopted_as_created(void **state)
{
  struct hk_plan p;
  struct hk_journal j;
  struct hk_engine eng;
  struct hk_error e;
  (void)state;

  make_plan(&p);
  open_journal(&j);
  assert_int_equal(hk_journal_mark_intent(&j, "a", "hk-x", &e), HK_OK);
  W.exists[0] = 1;
  assert_int_equal(run_once(&eng, &p, &j), HK_OK);
  assert_int_equal(W.creates[0], 0);
  assert_int_equal(hk_journal_find(&j, "a")->origin, HK_ORIGIN_CREATED);
  assert_int_equal(eng.n_adopted, 1);
  hk_journal_free(&j);
  hk_plan_free(&p);
}

static void test_found_without_intent_is_adopted(void **state)
{
  struct hk_plan p;
  struct hk_journal j;
  struct hk_engine eng;
  (void)state;

  make_plan(&p);
  open_journal(&j);
  W.exists[2] = 1;
  assert_int_equal(run_once(&eng, &p, &j), HK_OK);
  assert_int_equal(W.creates[2], 0);
  assert_int_equal(hk_journal_find(&j, "c")->origin, HK_ORIGIN_ADOPTED);
  hk_journal_free(&j);
  hk_plan_free(&p);
}

static void test_failure_halts_then_retry(void **state)
{
  struct hk_plan p;
  struct hk_journal j;
  struct hk_engine eng;
  hk_status st;
  (void)state;

  make_plan(&p);
  open_journal(&j);
  W.fail_create[3] = 1;
  st = run_once(&eng, &p, &j);
  assert_int_equal(st, HK_API);
  assert_int_equal(hk_apply_exit_code(&eng, st), HK_EXIT_FAILURE);
  assert_int_equal(W.creates[4], 0);                 /* e never started */
  assert_int_equal(hk_journal_find(&j, "d")->state, HK_JS_INTENT); /* may exist: adopt next time */
  assert_non_null(strstr(hk_journal_find(&j, "d")->error, "refused"));
  assert_string_equal(j.phase, "failed");
  assert_non_null(strstr(eng.first_error.message, "fake create of d"));
  hk_journal_free(&j);

  W.fail_create[3] = 0;
  open_journal(&j);
  assert_int_equal(run_once(&eng, &p, &j), HK_OK);
  assert_int_equal(W.creates[0], 1);                 /* a not created twice */
  assert_int_equal(W.creates[3], 2);
  assert_int_equal(W.creates[4], 1);
  hk_journal_free(&j);
  hk_plan_free(&p);
}

static void test_stop_is_resumable(void **state)
{
  struct hk_plan p;
  struct hk_journal j;
  struct hk_engine eng;
  hk_status st;
  int i;
  (void)state;

  make_plan(&p);
  open_journal(&j);
  W.stop_after_create = 1;
  st = run_once(&eng, &p, &j);
  assert_int_equal(st, HK_CANCELLED);
  assert_true(eng.interrupted);
  assert_int_equal(hk_apply_exit_code(&eng, st), HK_EXIT_INTERRUPTED);
  assert_int_equal(W.creates[3], 0);                 /* nothing new after the stop */
  assert_string_equal(j.phase, "applying");
  hk_journal_free(&j);

  W.stop = 0;
  W.stop_after_create = 0;
  open_journal(&j);
  assert_int_equal(run_once(&eng, &p, &j), HK_OK);
  for(i = 0; i < 5; i++)
    assert_int_equal(W.creates[i], 1);
  hk_journal_free(&j);
  hk_plan_free(&p);
}

/* A create whose reply is lost (5xx after the work) is looked up again and
 * adopted as our own: no second create, no failure. */
static void test_transient_create_adopted(void **state)
{
  struct hk_plan p;
  struct hk_journal j;
  struct hk_engine eng;
  (void)state;

  make_plan(&p);
  open_journal(&j);
  W.transient[1] = 1;
  assert_int_equal(run_once(&eng, &p, &j), HK_OK);
  assert_int_equal(W.creates[1], 1);
  assert_int_equal(hk_journal_find(&j, "b")->origin, HK_ORIGIN_CREATED);
  assert_int_equal(eng.n_failed, 0);
  hk_journal_free(&j);
  hk_plan_free(&p);
}

static void test_exit_meanings(void **state)
{
  (void)state;
  assert_non_null(strstr(hk_exit_meaning(4), "resume"));
  assert_non_null(strstr(hk_exit_meaning(5), "FAILED"));
  assert_string_equal(hk_exit_meaning(99), "");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_full_then_noop, setup, teardown),
    cmocka_unit_test_setup_teardown(test_dependency_order, setup, teardown),
    cmocka_unit_test_setup_teardown(test_intent_adopted_as_created, setup, teardown),
    cmocka_unit_test_setup_teardown(test_found_without_intent_is_adopted, setup, teardown),
    cmocka_unit_test_setup_teardown(test_failure_halts_then_retry, setup, teardown),
    cmocka_unit_test_setup_teardown(test_stop_is_resumable, setup, teardown),
    cmocka_unit_test_setup_teardown(test_transient_create_adopted, setup, teardown),
    cmocka_unit_test(test_exit_meanings),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
