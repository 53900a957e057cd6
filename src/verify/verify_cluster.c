/* verify_cluster.c - the back-end check's test cluster is never lost track of.
 *
 * Its name is recorded (the caller's journal) before the create is sent and its
 * ID as soon as it is known; the record goes when the cluster is removed.  A
 * run killed or hung up meanwhile leaves the record, and the next back-end
 * check removes that cluster first (by ID, and by name for a create whose reply
 * never came).  Clusters have no unique name in Databricks, so a create whose
 * reply was lost is found by listing them (GET /api/2.1/clusters/list) rather
 * than by a conflict. */
#include "verify/verify_int.h"

#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_ws_compute.h"

void hk_verify_cluster_note(struct hk_verify *v, const char *name, const char *cluster_id)
{
  if(v->opts->cluster_note)
    v->opts->cluster_note(v->opts->cluster_ud, name, cluster_id);
}

/* ---- the cluster an earlier run left ---- */

static void cleanup_step(struct hk_verify *v)
{
  void (*then)(struct hk_verify *v) = v->cl_then;

  if(--v->cl_pending > 0)
    return;
  if(v->cl_ok)
    hk_verify_cluster_note(v, NULL, NULL);
  v->cl_then = NULL;
  if(then)
    then(v);
}

static void on_leftover_removed(hk_status st, const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;

  (void)err;
  if(st != HK_OK)
    v->cl_ok = false;      /* the record stays: the next run tries again */
  cleanup_step(v);
}

static void remove_leftover(struct hk_verify *v, const char *id)
{
  v->cl_pending++;
  if(dbx_ws_cluster_permanent_delete(v->ws, id, on_leftover_removed, v) != HK_OK)
    on_leftover_removed(HK_INVALID, NULL, v);
}

static void on_leftover_list(hk_status st, const struct dbx_cluster *items, size_t n,
                             const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  const char *name = v->opts->leftover_cluster_name;
  const char *id = v->opts->leftover_cluster_id;
  bool id_seen = false;
  size_t i;

  (void)err;
  v->cl_ok = st == HK_OK;
  for(i = 0; st == HK_OK && i < n; i++) {
    if(strcmp(items[i].cluster_id, id) == 0)
      id_seen = true;
    if(strcmp(items[i].cluster_id, id) == 0 || (name[0] && strcmp(items[i].cluster_name, name) == 0))
      remove_leftover(v, items[i].cluster_id);
  }
  if(id[0] && !id_seen)
    remove_leftover(v, id);        /* not listed (another page?): a 404 counts as removed */
  cleanup_step(v);
}

void hk_verify_cluster_cleanup(struct hk_verify *v, void (*then)(struct hk_verify *v))
{
  if(!v->opts->leftover_cluster_name[0] && !v->opts->leftover_cluster_id[0]) {
    then(v);
    return;
  }
  hk_verify_progress(v, HK_VERIFY_BACKEND,
                     _("removing the test cluster an earlier run left (stopped before it could)"));
  v->cl_then = then;
  v->cl_pending = 1;
  v->cl_ok = true;
  if(dbx_ws_cluster_list(v->ws, on_leftover_list, v) != HK_OK)
    on_leftover_list(HK_NOMEM, NULL, 0, NULL, v);
}

/* ---- a create whose reply was lost ---- */

static void on_extra_removed(hk_status st, const struct hk_error *err, void *ud)
{
  (void)st;
  (void)err;
  (void)ud;
}

static void on_find_list(hk_status st, const struct dbx_cluster *items, size_t n,
                         const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  void (*found)(struct hk_verify *v, const char *cluster_id) = v->cl_found;
  const char *pick = NULL;
  size_t i;

  (void)err;
  v->cl_found = NULL;
  for(i = 0; st == HK_OK && i < n; i++) {
    if(strcmp(items[i].cluster_name, v->cluster_name) != 0)
      continue;
    if(!pick)
      pick = items[i].cluster_id;
    else   /* never more than one: a copy made by an old libcurl re-send is removed */
      dbx_ws_cluster_permanent_delete(v->ws, items[i].cluster_id, on_extra_removed, v);
  }
  if(st != HK_OK) {
    found(v, NULL);       /* unknown: the record stays for the next run */
    return;
  }
  found(v, pick ? pick : "");
}

void hk_verify_cluster_find(struct hk_verify *v,
                            void (*found)(struct hk_verify *v, const char *cluster_id))
{
  hk_verify_progress(v, HK_VERIFY_BACKEND,
                     _("the create's answer was lost; looking for the cluster by its name"));
  v->cl_found = found;
  if(dbx_ws_cluster_list(v->ws, on_find_list, v) != HK_OK)
    on_find_list(HK_NOMEM, NULL, 0, NULL, v);
}
