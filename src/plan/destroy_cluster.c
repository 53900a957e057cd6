/* destroy_cluster.c - before the workspace goes, the test cluster a stopped
 * post-deploy check left (journal "verify.cluster", see verify_journal.c) is
 * removed.  Deleting a workspace does not: "Databricks is not responsible for
 * cleaning up the resources attached to that workspace ... terminate all
 * clusters ... before you delete it"
 * (https://docs.databricks.com/administration-guide/workspace/delete-workspace.html),
 * and classic compute runs in the customer's own AWS account. */
#include "plan/destroy.h"

#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_ws_compute.h"
#include "net/net_loop.h"
#include "plan/actions/actions.h"

#define CLUSTER_ACTION "verify.cluster"

struct cwait {
  struct dbx_client *ws;
  const char *name;
  const char *id;
  int pending;
  hk_status st;
  struct hk_error err;
};

static void failed(struct cwait *w, hk_status st, const struct hk_error *err)
{
  if(w->st != HK_OK)
    return;
  w->st = st;
  if(err)
    w->err = *err;
  else
    hk_error_set(&w->err, st, "%s", _(hk_status_text(st)));
}

static void on_deleted(hk_status st, const struct hk_error *err, void *ud)
{
  struct cwait *w = ud;

  if(st != HK_OK)
    failed(w, st, err);
  w->pending--;
}

static void delete_one(struct cwait *w, const char *id)
{
  w->pending++;
  if(dbx_ws_cluster_permanent_delete(w->ws, id, on_deleted, w) != HK_OK)
    on_deleted(HK_INVALID, NULL, w);
}

static void on_list(hk_status st, const struct dbx_cluster *items, size_t n,
                    const struct hk_error *err, void *ud)
{
  struct cwait *w = ud;
  bool id_seen = false;
  size_t i;

  w->pending--;
  if(st != HK_OK) {
    failed(w, st, err);
    return;
  }
  for(i = 0; i < n; i++) {
    bool by_id = w->id[0] && strcmp(items[i].cluster_id, w->id) == 0;

    id_seen = id_seen || by_id;
    if(by_id || (w->name[0] && strcmp(items[i].cluster_name, w->name) == 0))
      delete_one(w, items[i].cluster_id);
  }
  if(w->id[0] && !id_seen)
    delete_one(w, w->id);       /* not on the first page: a 404 counts as removed */
}

static void on_ws_failed(struct hk_run *run, hk_status st, const struct hk_error *err)
{
  failed(run->driver, st, err);
}

hk_status hk_destroy_test_cluster(struct hk_engine *eng, struct hk_error *err)
{
  struct hk_jaction *ja = hk_journal_find(eng->journal, CLUSTER_ACTION);
  const struct hk_jaction *wsa = hk_journal_find(eng->journal, "dbx.workspace");
  struct hk_action *a = hk_plan_find(eng->plan, "dbx.workspace");
  const char *title = N_("Test cluster a stopped check left");
  long started = hk_now_ms();
  struct cwait w;
  struct hk_run run;

  if(!ja || ja->state != HK_JS_INTENT)
    return HK_OK;
  if(!wsa || wsa->state != HK_JS_DONE || !a || eng->dry_lookup)   /* no workspace: no cluster */
    return hk_journal_mark(eng->journal, CLUSTER_ACTION, HK_JS_SKIPPED, err);
  memset(&w, 0, sizeof(w));
  memset(&run, 0, sizeof(run));
  w.name = hk_kvmap_str(&ja->result, "cluster_name");
  w.id = hk_kvmap_str(&ja->result, "cluster_id");
  w.st = HK_OK;
  run.eng = eng;
  run.action = a;
  run.ja = ja;
  run.step = HK_RUN_REMOVE;
  run.active = true;
  run.started_ms = started;
  run.on_finish = on_ws_failed;
  run.driver = &w;
  hk_fe_started(eng->fe, CLUSTER_ACTION, _(title), _("delete"));
  w.ws = hk_run_ws(&run);
  if(w.ws) {
    w.pending = 1;
    if(dbx_ws_cluster_list(w.ws, on_list, &w) != HK_OK)
      on_list(HK_NOMEM, NULL, 0, NULL, &w);
  }
  while(w.pending > 0 && eng->loop)
    hk_loop_poll(eng->loop, 250, -1, NULL);
  if(w.st == HK_OK && w.pending > 0)
    failed(&w, HK_STATE, NULL);
  if(w.st != HK_OK) {
    hk_error_hint(&w.err, _("Remove the cluster %s (%s) in the workspace's Compute page, or its "
                            "EC2 instances (tag ClusterName=%s), then run `heiiki destroy %s` "
                            "again."), w.name, w.id[0] ? w.id : "?", w.name, eng->journal->name);
    hk_fe_done(eng->fe, CLUSTER_ACTION, w.st, &w.err, "", hk_now_ms() - started);
    if(err)
      *err = w.err;
    return w.st;
  }
  hk_kvmap_clear(&ja->result);
  hk_fe_done(eng->fe, CLUSTER_ACTION, HK_OK, NULL, _("deleted"), hk_now_ms() - started);
  return hk_journal_mark(eng->journal, CLUSTER_ACTION, HK_JS_SKIPPED, err);
}
