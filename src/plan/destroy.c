/* destroy.c - reverse order, created-only, journaled removal. */
#include "plan/destroy.h"

#include "dbx/dbx_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_client.h"
#include "net/net_loop.h"

#define CONFLICT_TRIES 8

struct dwait {
  hk_status st;
  struct hk_error err;
  bool done;
};

static void on_removed(struct hk_run *run, hk_status st, const struct hk_error *err)
{
  struct dwait *w = run->driver;

  w->st = st;
  if(err)
    w->err = *err;
  else
    hk_error_set(&w->err, st, "%s", _(hk_status_text(st)));
  w->done = true;
}

/* What a delete takes with it beyond the object, for the destroy plan. */
static const struct { const char *kind, *note; } remove_notes[] = {
  /* act_dbx_metastore.c: DELETE ...?force=true ([SDK] DeleteAccountMetastoreRequest.Force) */
  { "dbx.metastore", N_("force=true: with every catalog, schema and table still in it (their files in S3 "
                        "stay)") },
};

static const char *remove_note(const char *kind)
{
  size_t i;

  for(i = 0; kind && i < sizeof(remove_notes) / sizeof(remove_notes[0]); i++)
    if(strcmp(remove_notes[i].kind, kind) == 0)
      return remove_notes[i].note;
  return NULL;
}

static bool removable(const struct hk_action *a, const struct hk_jaction *ja)
{
  return ja && ja->origin == HK_ORIGIN_CREATED && ja->state == HK_JS_DONE && a->ops &&
         a->ops->remove;
}

size_t hk_destroy_list(const struct hk_plan *p, const struct hk_journal *j, FILE *out)
{
  size_t i, n = 0;

  for(i = p->n; i-- > 0;) {
    const struct hk_action *a = &p->actions[i];
    const struct hk_jaction *ja = hk_journal_find(j, a->id);
    const char *const *keys = a->ops ? a->ops->summary_keys : NULL;
    const char *what = ja && keys ? hk_kvmap_str(&ja->result, keys[0]) : "";

    if(!ja || ja->state != HK_JS_DONE || !a->ops || !a->ops->remove)
      continue;
    if(removable(a, ja)) {
      n++;
      if(out)
        fprintf(out, "  %-8s %-24s %s\n", _("delete"), a->id, what);
      if(out && remove_note(a->ops->kind))
        fprintf(out, "  %-8s %-24s %s\n", "", "", _(remove_note(a->ops->kind)));
    }
    else if(out && (ja->origin == HK_ORIGIN_ADOPTED || ja->origin == HK_ORIGIN_KEPT))
      fprintf(out, "  %-8s %-24s %s (%s)\n", _("keep"), a->id, what, hk_origin_key(ja->origin));
  }
  return n;
}

static hk_status remove_once(struct hk_engine *eng, struct hk_action *a, struct hk_jaction *ja,
                             struct hk_error *err)
{
  struct dwait w;
  struct hk_run run;

  memset(&w, 0, sizeof(w));
  memset(&run, 0, sizeof(run));
  run.eng = eng;
  run.action = a;
  run.ja = ja;
  run.step = HK_RUN_REMOVE;
  run.active = true;
  run.started_ms = hk_now_ms();
  run.on_finish = on_removed;
  run.driver = &w;
  a->ops->remove(&run);
  while(!w.done && eng->loop)
    hk_loop_poll(eng->loop, 250, -1, NULL);
  if(!w.done)
    return hk_error_set(err, HK_STATE, _("Removing %s did not finish."), a->id);
  if(w.st != HK_OK && err)
    *err = w.err;
  return w.st;
}

static void pause_ms(struct hk_engine *eng, long ms)
{
  long until = hk_now_ms() + ms;

  while(eng->loop && hk_now_ms() < until && !(eng->stop && *eng->stop))
    hk_loop_poll(eng->loop, until - hk_now_ms(), -1, NULL);
}

static hk_status remove_action(struct hk_engine *eng, struct hk_action *a, struct hk_error *err)
{
  struct hk_jaction *ja = hk_journal_find(eng->journal, a->id);
  long started = hk_now_ms();
  hk_status st = HK_OK;
  int attempt;

  hk_fe_started(eng->fe, a->id, _(a->title), _("delete"));
  for(attempt = 0; attempt < CONFLICT_TRIES; attempt++) {
    st = remove_once(eng, a, ja, err);
    if(st != HK_CONFLICT || (eng->stop && *eng->stop))
      break;
    hk_fe_progress(eng->fe, a->id, _("still attached; waiting for its user to go away"),
                   hk_now_ms() - started);
    pause_ms(eng, 1000L << (attempt < 5 ? attempt : 5));
  }
  if(st == HK_OK)
    st = hk_journal_mark(eng->journal, a->id, HK_JS_DELETED, err);
  hk_fe_done(eng->fe, a->id, st, err, st == HK_OK ? _("deleted") : "", hk_now_ms() - started);
  return st;
}

hk_status hk_destroy_run(struct hk_engine *eng, struct hk_error *err)
{
  struct hk_plan *p = eng->plan;
  hk_status st;
  size_t i;
  bool own_resolved = false;

  eng->n_failed = 0;
  eng->interrupted = false;
  if(eng->setup && eng->setup->network.mode != HK_NET_EXISTING && !eng->resolved) {
    own_resolved = true;
    eng->resolved = malloc(sizeof(*eng->resolved));
  }
  st = hk_journal_set_phase(eng->journal, "destroying", err);
  if(st == HK_OK && (st = hk_destroy_test_cluster(eng, err)) != HK_OK)
    eng->n_failed++;
  for(i = p->n; st == HK_OK && i-- > 0;) {
    struct hk_action *a = &p->actions[i];
    if(!removable(a, hk_journal_find(eng->journal, a->id)))
      continue;
    if(eng->stop && *eng->stop) {
      eng->interrupted = true;
      hk_engine_release_ws(eng);
      if(own_resolved) {
        free(eng->resolved);
        eng->resolved = NULL;
      }
      return hk_error_set(err, HK_CANCELLED,
                          _("Stopped; run `heiiki destroy %s` again to go on."),
                          eng->journal->name);
    }
    st = remove_action(eng, a, err);
    if(st != HK_OK)
      eng->n_failed++;
  }
  hk_engine_release_ws(eng);
  if(own_resolved) {
    free(eng->resolved);
    eng->resolved = NULL;
  }
  if(st == HK_OK)
    st = hk_journal_set_phase(eng->journal, "destroyed", err);
  return st;
}
