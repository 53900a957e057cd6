/* act_dbx_metastore_assign.c - assign the metastore to the workspace (once). */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_client.h"
#include "plan/actions/act_dbx_obj.h"

static const char *ws_id(const struct hk_run *run)
{
  return hk_run_dep(run, "dbx.workspace", "workspace_id");
}

static const char *ms_id(const struct hk_run *run)
{
  return hk_run_dep(run, "dbx.metastore", "metastore_id");
}

static void on_current(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  const cJSON *as = cJSON_GetObjectItemCaseSensitive(json, "metastore_assignment");
  const char *have = hk_json_str(as, "metastore_id");

  if(st == HK_NOT_FOUND) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  if(st != HK_OK) {
    hk_run_finish(run, st, err);
    return;
  }
  if(have[0] && strcmp(have, ms_id(run)) != 0) {
    hk_run_fail(run, HK_CONFLICT,
                _("The workspace is already assigned to metastore %s, not %s."), have,
                ms_id(run));
    return;
  }
  if(have[0]) {
    hk_run_set(run, "metastore_id", have);
    hk_run_set(run, "workspace_id", ws_id(run));
    hk_run_found(run);
  }
  hk_run_finish(run, HK_OK, NULL);
}

static void lookup(struct hk_run *run)
{
  struct dbx_client *dbx = hk_run_dbx(run);
  char path[128];

  if(!dbx)
    return;
  snprintf(path, sizeof(path), "/workspaces/%s/metastore", ws_id(run));
  if(dbx_account_call(dbx, "GET", path, NULL, DBX_READ, on_current, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the workspace's metastore assignment."));
}

static void on_assigned(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  (void)json;
  if(st != HK_OK) {
    hk_run_finish(run, st, err);
    return;
  }
  hk_run_set(run, "metastore_id", ms_id(run));
  hk_run_set(run, "workspace_id", ws_id(run));
  hk_run_finish(run, HK_OK, NULL);
}

static void create(struct hk_run *run)
{
  struct dbx_client *dbx = hk_run_dbx(run);
  char path[160];
  cJSON *b;
  hk_status st;

  if(!dbx)
    return;
  snprintf(path, sizeof(path), "/workspaces/%s/metastores/%s", ws_id(run), ms_id(run));
  b = cJSON_CreateObject();
  cJSON_AddStringToObject(cJSON_AddObjectToObject(b, "metastore_assignment"), "metastore_id",
                          ms_id(run));
  st = dbx_account_call(dbx, "POST", path, b, DBX_CREATE, on_assigned, run);
  cJSON_Delete(b);
  if(st != HK_OK)
    hk_run_fail(run, st, "%s", _("Cannot assign the metastore."));
}

static void on_unassigned(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  (void)json;
  hk_run_finish(ud, st == HK_NOT_FOUND ? HK_OK : st, st == HK_OK ? NULL : err);
}

static void remove_(struct hk_run *run)
{
  struct dbx_client *dbx = hk_run_dbx(run);
  char path[160];

  if(!dbx)
    return;
  snprintf(path, sizeof(path), "/workspaces/%s/metastores/%s", hk_run_get(run, "workspace_id"),
           hk_run_get(run, "metastore_id"));
  if(dbx_account_call(dbx, "DELETE", path, NULL, DBX_WRITE, on_unassigned, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot remove the metastore assignment."));
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  (void)s;
  hk_act_note(a, _("assign the metastore to the workspace (skipped when already assigned)"));
  return HK_DEC_CREATE;
}

static const char *const keys[] = { "metastore_id", NULL };

const struct hk_action_ops hk_act_dbx_metastore_assign = {
  "dbx.metastore.assign", decide, lookup, create, remove_, NULL, keys,
};
