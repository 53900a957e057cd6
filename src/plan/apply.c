/* apply.c - the scheduler: start what is ready, journal every step. */
#include "plan/apply.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "net/net_loop.h"

#define HK_CREATE_ATTEMPTS 6

enum slot_state { SLOT_WAITING, SLOT_RUNNING, SLOT_DONE, SLOT_FAILED };

struct sched {
  struct hk_engine *eng;
  struct hk_run *runs;
  enum slot_state *slots;
  size_t n;
  size_t active;
  bool halt;
};

static size_t index_of(const struct sched *s, const struct hk_run *run)
{
  return (size_t)(run - s->runs);
}

static void result_summary(const struct hk_run *run, char *out, size_t n)
{
  const struct hk_kvmap *m = &run->ja->result;
  const char *const *keys = run->action->ops ? run->action->ops->summary_keys : NULL;
  size_t i;

  out[0] = '\0';
  for(i = 0; keys && keys[i]; i++) {
    const char *v = hk_kvmap_get(m, keys[i]);
    if(v) {
      hk_strlcpy(out, v, n);
      return;
    }
  }
  if(m->n)
    hk_strlcpy(out, m->items[0].value, n);
}

static void slot_done(struct sched *s, struct hk_run *run, const char *extra)
{
  char sum[512];

  result_summary(run, sum, sizeof(sum));
  if(extra) {
    size_t len = strlen(sum);
    snprintf(sum + len, sizeof(sum) - len, "%s%s", len ? "  " : "", extra);
  }
  if(s->slots[index_of(s, run)] == SLOT_RUNNING)
    s->active--;
  s->slots[index_of(s, run)] = SLOT_DONE;
  run->active = false;
  hk_fe_done(s->eng->fe, run->action->id, HK_OK, NULL, sum, hk_now_ms() - run->started_ms);
}

/* A hook that stopped because a stop was requested: resumable, not failed. */
static void slot_stopped(struct sched *s, struct hk_run *run)
{
  if(s->slots[index_of(s, run)] == SLOT_RUNNING)
    s->active--;
  s->slots[index_of(s, run)] = SLOT_WAITING;
  run->active = false;
  s->eng->interrupted = true;
  s->halt = true;
  hk_fe_log(s->eng->fe, HK_LOG_WARN, _("%s: stopped; `heiiki resume %s` continues here."),
            run->action->id, s->eng->journal->name);
}

static void slot_failed(struct sched *s, struct hk_run *run, hk_status st,
                        const struct hk_error *err)
{
  struct hk_engine *eng = s->eng;
  struct hk_error e = { .status = HK_OK };
  char line[1200];

  if(st == HK_CANCELLED && eng->stop && *eng->stop) {
    slot_stopped(s, run);
    return;
  }
  if(err)
    e = *err;
  else
    hk_error_set(&e, st, "%s", _(hk_status_text(st)));
  if(e.status == HK_OK)
    e.status = st;
  hk_error_format(&e, line, sizeof(line));
  hk_journal_mark_failed(eng->journal, run->action->id, line, NULL);
  if(s->slots[index_of(s, run)] == SLOT_RUNNING)
    s->active--;
  s->slots[index_of(s, run)] = SLOT_FAILED;
  run->active = false;
  if(eng->n_failed++ == 0)
    eng->first_error = e;
  s->halt = true;
  hk_fe_done(eng->fe, run->action->id, st, &e, "", hk_now_ms() - run->started_ms);
}

static bool journal_ok(struct sched *s, struct hk_run *run, hk_status st, struct hk_error *e)
{
  if(st == HK_OK)
    return true;
  slot_failed(s, run, st, e);
  return false;
}

static void begin_hook(struct hk_run *run, enum hk_run_step step)
{
  run->step = step;
  run->finished = false;
  run->found = false;
  hk_error_clear(&run->err);
}

/* Record the answers the resource was made from, with its IDs (plan_inputs.c). */
static hk_status record_inputs(struct hk_run *run)
{
  struct hk_buf b;
  hk_status st;

  hk_buf_init(&b);
  st = hk_action_inputs(run->action, run->eng->setup, &b);
  if(st == HK_OK && b.len)
    st = hk_kvmap_set(&run->ja->result, HK_RESULT_INPUTS, b.data);
  if(st == HK_TOO_BIG)
    st = HK_OK;     /* answers too long to keep: this resource goes unchecked, as before */
  hk_buf_free(&b);
  return st;
}

static bool retry_later(struct sched *s, struct hk_run *run, hk_status st,
                        const struct hk_error *err);

static void begin_create(struct sched *s, struct hk_run *run)
{
  struct hk_engine *eng = s->eng;
  struct hk_error e = { .status = HK_OK };
  hk_status st;

  if(eng->dry_lookup) {
    slot_done(s, run, _("(would be created)"));
    return;
  }
  if(!run->action->ops->create) {
    hk_error_set(&e, HK_CONFIG, _("heiiki cannot create \"%s\" in this build."),
                 _(run->action->title));
    slot_failed(s, run, HK_CONFIG, &e);
    return;
  }
  if(eng->stop && *eng->stop) {
    eng->interrupted = true;
    s->slots[index_of(s, run)] = SLOT_WAITING;
    s->active--;
    run->active = false;
    return;
  }
  /* intent already saved: an earlier create of ours (this run, or one killed) was sent */
  run->own_create = run->own_create || run->ja->state == HK_JS_INTENT;
  hk_client_token(eng->journal->name, run->action->id, run->token, sizeof(run->token));
  hk_error_clear(&e);
  st = hk_journal_mark_intent(eng->journal, run->action->id, run->token, &e);
  if(!journal_ok(s, run, st, &e))
    return;
  begin_hook(run, HK_RUN_CREATE);
  run->action->ops->create(run);
}

/* An action done earlier was read again (start()): still there, it is used as
 * recorded; deleted since, it is said so and made again (an adopted one that
 * heiiki must not make: the operator is told what to do). */
static void recheck_finished(struct sched *s, struct hk_run *run)
{
  struct hk_engine *eng = s->eng;
  struct hk_error e = { .status = HK_OK };
  const struct hk_action *a = run->action;

  run->recheck = false;
  if(run->found) {
    slot_done(s, run, _("(done earlier)"));
    return;
  }
  if(a->decision == HK_DEC_ADOPT) {
    hk_error_set(&e, HK_NOT_FOUND,
                 _("%s was adopted earlier but no longer exists: it was deleted since."),
                 _(a->title));
    hk_error_hint(&e, _("Create it again (or change the answers so that heiiki creates it), "
                        "then run `heiiki resume %s`."), eng->journal->name);
    slot_failed(s, run, HK_NOT_FOUND, &e);
    return;
  }
  hk_fe_log(eng->fe, HK_LOG_WARN,
            _("%s: %s was done earlier (%s) but is no longer there as recorded: it was deleted "
              "or changed since. heiiki makes it again."),
            a->id, _(a->title), hk_origin_key(run->ja->origin));
  hk_fe_started(eng->fe, a->id, _(a->title), _("create"));
  begin_create(s, run);
}

static void lookup_finished(struct sched *s, struct hk_run *run, hk_status st,
                            const struct hk_error *err)
{
  struct hk_engine *eng = s->eng;
  struct hk_error e = { .status = HK_OK };
  enum hk_origin origin;

  if(st != HK_OK && retry_later(s, run, st, err))
    return;
  if(st != HK_OK) {
    slot_failed(s, run, st, err);
    return;
  }
  if(run->recheck) {
    recheck_finished(s, run);
    return;
  }
  if(run->found) {
    /* Our own intent without a result means we created it before a crash. */
    origin = run->ja->state == HK_JS_INTENT ? HK_ORIGIN_CREATED : HK_ORIGIN_ADOPTED;
    if(run->ja->state == HK_JS_DONE)
      origin = run->ja->origin;
    hk_error_clear(&e);
    if(eng->dry_lookup) {
      slot_done(s, run, _("(exists; would be reused)"));
      return;
    }
    /* ours: found after a crash, or a policy re-checked because its answers changed
     * (already matching): either way it matches these answers now */
    st = origin == HK_ORIGIN_CREATED ? record_inputs(run) : HK_OK;
    if(st != HK_OK)
      hk_error_set(&e, st, "%s", _("The state file cannot hold this action's answers."));
    else
      st = hk_journal_mark_done(eng->journal, run->action->id, origin, &e);
    if(!journal_ok(s, run, st, &e))
      return;
    eng->n_adopted++;
    slot_done(s, run, origin == HK_ORIGIN_ADOPTED ? _("(adopted)") : _("(found after resume)"));
    return;
  }
  if(run->action->decision == HK_DEC_ADOPT) {
    hk_error_set(&e, HK_NOT_FOUND, _("%s was expected to exist but was not found."),
                 _(run->action->title));
    hk_error_hint(&e, _("Check the answers for this step, or let heiiki create it."));
    slot_failed(s, run, HK_NOT_FOUND, &e);
    return;
  }
  begin_create(s, run);
}

/* A create that failed on the way (5xx, throttling, reset, timeout, a
 * garbled reply) may or may not have happened: look again, then retry. */
static bool transient(hk_status st)
{
  return st == HK_SERVER || st == HK_NET || st == HK_TIMEOUT || st == HK_THROTTLED ||
         st == HK_PARSE;
}

/* "Already exists" (Databricks 409 RESOURCE_ALREADY_EXISTS, IAM
 * EntityAlreadyExists) to a create after one of ours was sent: most likely
 * our own object, whose reply was lost and which the look-up did not see yet
 * (IAM reads are eventually consistent).  Look it up again and take it as
 * created by us; a conflict without an earlier create of ours stays an error. */
static bool own_conflict(const struct hk_run *run, hk_status st)
{
  return st == HK_CONFLICT && run->step == HK_RUN_CREATE && run->own_create &&
         run->action->ops->lookup;
}

static void retry_now(void *ud)
{
  struct hk_run *run = ud;
  struct sched *s = run->driver;

  if(run->action->ops->lookup) {
    begin_hook(run, HK_RUN_LOOKUP);
    run->action->ops->lookup(run);
  }
  else
    begin_create(s, run);
}

static bool retry_later(struct sched *s, struct hk_run *run, hk_status st,
                        const struct hk_error *err)
{
  long delay;
  char line[1200];

  if(!(transient(st) || own_conflict(run, st)) || run->attempt >= HK_CREATE_ATTEMPTS ||
     !s->eng->loop || (s->eng->stop && *s->eng->stop))
    return false;
  delay = 500L << (run->attempt < 5 ? run->attempt : 5);
  run->attempt++;
  if(own_conflict(run, st))
    snprintf(line, sizeof(line), "%s",
             _("exists already: our earlier create went through; looking it up again"));
  else
    hk_error_format(err, line, sizeof(line));
  hk_fe_progress(s->eng->fe, run->action->id, line, hk_now_ms() - run->started_ms);
  return hk_loop_timer(s->eng->loop, delay, retry_now, run) == HK_OK;
}

static void create_finished(struct sched *s, struct hk_run *run, hk_status st,
                            const struct hk_error *err)
{
  struct hk_engine *eng = s->eng;
  struct hk_error e = { .status = HK_OK };

  if(st != HK_OK && retry_later(s, run, st, err))
    return;
  if(st != HK_OK) {
    slot_failed(s, run, st, err);
    return;
  }
  hk_error_clear(&e);
  st = record_inputs(run);
  if(st != HK_OK)
    hk_error_set(&e, st, "%s", _("The state file cannot hold this action's answers."));
  else
    st = hk_journal_mark_done(eng->journal, run->action->id, HK_ORIGIN_CREATED, &e);
  if(!journal_ok(s, run, st, &e))
    return;
  eng->n_created++;
  run->made = true;
  slot_done(s, run, NULL);
}

static void apply_finish(struct hk_run *run, hk_status st, const struct hk_error *err)
{
  struct sched *s = run->driver;

  if(!run->active)
    return;
  if(run->step == HK_RUN_LOOKUP)
    lookup_finished(s, run, st, err);
  else
    create_finished(s, run, st, err);
}

/* The given object is the one this setup's journal says heiiki created (every
 * given value equals the recorded one): it stays heiiki's, so `destroy` still
 * removes it.  Found by the fault campaign: a wizard that proposed the role a
 * concurrent headless apply had just created turned it into "kept". */
static bool given_is_ours(const struct hk_run *run)
{
  size_t i;
  const char *v;

  if(run->ja->origin != HK_ORIGIN_CREATED || run->ja->state != HK_JS_DONE ||
     run->action->given.n == 0)
    return false;
  for(i = 0; i < run->action->given.n; i++) {
    v = hk_kvmap_get(&run->ja->result, run->action->given.items[i].key);
    if(!v || strcmp(v, run->action->given.items[i].value) != 0)
      return false;
  }
  return true;
}

static void start_keep(struct sched *s, struct hk_run *run)
{
  struct hk_error e = { .status = HK_OK };
  hk_status st = HK_OK;
  bool ours = given_is_ours(run);

  hk_error_clear(&e);
  if(!ours)
    st = hk_kvmap_copy(&run->ja->result, &run->action->given);
  if(st == HK_OK && !s->eng->dry_lookup)
    st = hk_journal_mark_done(s->eng->journal, run->action->id,
                              ours ? HK_ORIGIN_CREATED : HK_ORIGIN_KEPT, &e);
  if(journal_ok(s, run, st, &e))
    slot_done(s, run, _("(given)"));
}

static void start_skip(struct sched *s, struct hk_run *run)
{
  struct hk_error e = { .status = HK_OK };
  hk_status st = HK_OK;

  hk_error_clear(&e);
  if(!s->eng->dry_lookup && run->ja->state != HK_JS_SKIPPED)
    st = hk_journal_mark(s->eng->journal, run->action->id, HK_JS_SKIPPED, &e);
  if(journal_ok(s, run, st, &e))
    slot_done(s, run, _("(skipped)"));
}

static const char *verb_of(const struct hk_run *run)
{
  switch(run->action->decision) {
  case HK_DEC_SKIP: return _("skip");
  case HK_DEC_KEEP: return _("keep");
  case HK_DEC_ADOPT: return _("adopt");
  case HK_DEC_CREATE: break;
  case HK_DEC__COUNT: break;
  }
  if(run->ja->state == HK_JS_DONE)
    return _("update");     /* a policy put again: its answers changed */
  return run->ja->state == HK_JS_INTENT ? _("resume") : _("create");
}

/* A policy heiiki put, whose answers have changed since: put it again. */
static bool inputs_changed(const struct hk_run *run)
{
  struct hk_buf b;
  bool changed;
  const char *was = hk_kvmap_str(&run->ja->result, HK_RESULT_INPUTS);

  if(run->action->decision != HK_DEC_CREATE || run->ja->origin != HK_ORIGIN_CREATED ||
     !hk_action_reapply(run->action) || !was[0])
    return false;
  hk_buf_init(&b);
  changed = hk_action_inputs(run->action, run->eng->setup, &b) == HK_OK &&
            strcmp(was, b.data ? b.data : "") != 0;
  hk_buf_free(&b);
  return changed;
}

/* A dependency made again in this run (it had been deleted since): an action
 * done earlier on top of it cannot be taken as done (the workspace wait after
 * a new workspace, its front-end address). */
static bool dep_made(const struct sched *s, const struct hk_run *run)
{
  size_t d, k;

  for(d = 0; d < run->action->n_deps; d++)
    for(k = 0; k < s->n; k++)
      if(s->runs[k].made && strcmp(s->runs[k].action->id, run->action->deps[d]) == 0)
        return true;
  return false;
}

static void start(struct sched *s, size_t i)
{
  struct hk_run *run = &s->runs[i];
  struct hk_action *a = run->action;

  s->slots[i] = SLOT_RUNNING;
  s->active++;
  run->active = true;
  run->started_ms = hk_now_ms();
  if(run->ja->state == HK_JS_DONE && a->decision != HK_DEC_KEEP && !inputs_changed(run)) {
    if(a->ops->lookup) {
      /* Never rely on a record alone: one read says it still exists (issue 20,
       * D15: a bucket deleted since, or recorded after a garbled answer, used
       * to wedge every later run with NoSuchBucket). */
      run->recheck = true;
      begin_hook(run, HK_RUN_LOOKUP);
      a->ops->lookup(run);
      return;
    }
    if(!dep_made(s, run)) {
      slot_done(s, run, _("(done earlier)"));
      return;
    }
  }
  hk_fe_started(s->eng->fe, a->id, _(a->title), verb_of(run));
  if(a->decision == HK_DEC_SKIP)
    start_skip(s, run);
  else if(a->decision == HK_DEC_KEEP)
    start_keep(s, run);
  else if(a->ops->lookup) {
    begin_hook(run, HK_RUN_LOOKUP);
    a->ops->lookup(run);
  }
  else
    begin_create(s, run);
}

static bool ready(const struct sched *s, size_t i)
{
  const struct hk_action *a = s->runs[i].action;
  size_t d, k;

  if(!a || s->slots[i] != SLOT_WAITING)
    return false;
  for(d = 0; d < a->n_deps; d++) {
    for(k = 0; k < s->n; k++) {
      if(strcmp(s->runs[k].action->id, a->deps[d]) == 0 && s->slots[k] != SLOT_DONE)
        return false;
    }
  }
  return true;
}

static void start_ready(struct sched *s)
{
  struct hk_engine *eng = s->eng;
  size_t max = eng->max_parallel > 0 ? (size_t)eng->max_parallel : 8;
  size_t i;

  for(i = 0; i < s->n && !s->halt; i++) {
    if(eng->stop && *eng->stop) {
      eng->interrupted = true;
      return;
    }
    if(s->active >= max)
      return;
    if(ready(s, i))
      start(s, i);
  }
}

static bool all_done(const struct sched *s)
{
  size_t i;

  for(i = 0; i < s->n; i++)
    if(s->slots[i] != SLOT_DONE)
      return false;
  return true;
}

static hk_status sched_init(struct sched *s, struct hk_engine *eng, struct hk_error *err)
{
  size_t i;

  memset(s, 0, sizeof(*s));
  s->eng = eng;
  s->n = eng->plan->n;
  s->runs = calloc(s->n ? s->n : 1, sizeof(*s->runs));
  s->slots = calloc(s->n ? s->n : 1, sizeof(*s->slots));
  if(!s->runs || !s->slots)
    return hk_error_set(err, HK_NOMEM, _("Out of memory."));
  /* First add every record, then take pointers: adding may move the array. */
  for(i = 0; i < s->n; i++)
    if(!hk_journal_get(eng->journal, eng->plan->actions[i].id))
      return hk_error_set(err, HK_TOO_BIG, _("The state file cannot hold this plan."));
  for(i = 0; i < s->n; i++) {
    s->runs[i].eng = eng;
    s->runs[i].action = &eng->plan->actions[i];
    s->runs[i].ja = hk_journal_find(eng->journal, eng->plan->actions[i].id);
    s->runs[i].on_finish = apply_finish;
    s->runs[i].driver = s;
  }
  return HK_OK;
}

static void sched_drive(struct sched *s)
{
  struct hk_engine *eng = s->eng;

  for(;;) {
    if(!s->halt)
      start_ready(s);
    if(eng->stop && *eng->stop)
      eng->interrupted = true;
    if(s->active == 0)
      break;
    if(!eng->loop)
      break;
    hk_loop_poll(eng->loop, 250, -1, NULL);
  }
}

static const char *final_phase(const struct sched *s)
{
  if(all_done(s))
    return s->eng->dry_lookup ? s->eng->journal->phase : "complete";
  if(s->eng->ws_failed)
    return "failed";
  return s->eng->n_failed ? "failed" : "applying";
}

hk_status hk_apply_run(struct hk_engine *eng, struct hk_error *err)
{
  struct sched s;
  hk_status st;
  bool own_resolved = false;

  eng->n_created = eng->n_adopted = eng->n_failed = 0;
  eng->interrupted = eng->ws_failed = false;
  hk_error_clear(&eng->first_error);
  st = sched_init(&s, eng, err);
  if(st == HK_OK && eng->setup && eng->setup->network.mode != HK_NET_EXISTING && !eng->resolved) {
    eng->resolved = malloc(sizeof(*eng->resolved));
    own_resolved = true;
    if(!eng->resolved)
      st = hk_error_set(err, HK_NOMEM, _("Out of memory."));
  }
  if(st == HK_OK)
    st = hk_plan_check_inputs(eng->plan, eng->setup, eng->journal, err);
  if(st == HK_OK && !eng->dry_lookup)
    st = hk_journal_set_phase(eng->journal, "applying", err);
  if(st != HK_OK)
    goto out;
  sched_drive(&s);
  if(!eng->dry_lookup)
    st = hk_journal_set_phase(eng->journal, final_phase(&s), err);
  if(st == HK_OK && eng->n_failed) {
    if(err)
      *err = eng->first_error;
    st = eng->first_error.status != HK_OK ? eng->first_error.status : HK_API;
  }
  else if(st == HK_OK && !all_done(&s))
    st = hk_error_set(err, HK_CANCELLED,
                      _("Stopped before the end; the state is saved. Run `heiiki resume %s` to "
                        "go on."), eng->journal->name);
out:
  if(own_resolved) {
    free(eng->resolved);
    eng->resolved = NULL;
  }
  free(s.runs);
  free(s.slots);
  return st;
}

enum hk_exit hk_apply_exit_code(const struct hk_engine *eng, hk_status st)
{
  if(st == HK_OK)
    return HK_EXIT_OK;
  if(eng->ws_failed)
    return HK_EXIT_WS_FAILED;
  if(eng->interrupted && eng->n_failed == 0)
    return HK_EXIT_INTERRUPTED;
  /* an API conflict (409, EntityAlreadyExists) is a failed action, not an unusable state */
  if(st == HK_STATE)
    return HK_EXIT_STATE;
  return HK_EXIT_FAILURE;
}

const char *hk_exit_meaning(int code)
{
  switch(code) {
#define HK_X_EXIT(e, v, m) case v: return m;
  HK_EXIT_TABLE(HK_X_EXIT)
#undef HK_X_EXIT
  default: return "";
  }
}
