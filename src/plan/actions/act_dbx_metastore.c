/* act_dbx_metastore.c - Unity Catalog metastore: one per region, reused if
 * present, created only when absent.
 *
 * Created WITHOUT a storage root: a root needs its own default data-access
 * credential to be usable ([TFP] docs/resources/metastore_data_access.md),
 * and current practice ([SRA] unity_catalog_metastore_creation/main.tf;
 * [TFP] docs/resources/metastore.md "It's recommended to define storage_root
 * on the catalog level") gives each catalog its own managed location in an
 * external location instead: heiiki makes the UC bucket, role, storage
 * credential and external location (aws.uc.*, post.uc.*), and the catalog
 * check puts its catalog there. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_client.h"
#include "plan/actions/act_dbx_obj.h"

static void ms_name(const struct hk_setup *s, char *out, size_t n)
{
  hk_act_name(s, s->metastore.name, "metastore", out, n);
}

static void record(struct hk_run *run, const cJSON *m)
{
  hk_run_set(run, "metastore_id", hk_json_str(m, "metastore_id"));
  hk_run_set(run, "name", hk_json_str(m, "name"));
  hk_run_set(run, "region", hk_json_str(m, "region"));
}

static void on_list(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  const struct hk_setup *s = hk_run_setup(run);
  const cJSON *it;

  if(st != HK_OK) {
    hk_run_finish(run, st, err);
    return;
  }
  cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(json, "metastores")) {
    if(strcmp(hk_json_str(it, "region"), s->region) != 0)
      continue;
    if(s->metastore.metastore_id[0] &&
       strcmp(hk_json_str(it, "metastore_id"), s->metastore.metastore_id) != 0)
      continue;
    record(run, it);
    hk_run_found(run);
    break;
  }
  hk_run_finish(run, HK_OK, NULL);
}

static void lookup(struct hk_run *run)
{
  struct dbx_client *dbx = hk_run_dbx(run);

  if(dbx && dbx_account_call(dbx, "GET", "/metastores", NULL, DBX_READ, on_list, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot list the metastores."));
}

static void on_created(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(st != HK_OK) {
    hk_run_finish(run, st, err);
    return;
  }
  record(run, cJSON_GetObjectItemCaseSensitive(json, "metastore_info"));
  if(!hk_run_get(run, "metastore_id")[0]) {
    hk_run_fail(run, HK_PARSE, "%s", _("The metastore was created but the reply has no ID."));
    return;
  }
  hk_run_finish(run, HK_OK, NULL);
}

static void create(struct hk_run *run)
{
  const struct hk_setup *s = hk_run_setup(run);
  struct dbx_client *dbx = hk_run_dbx(run);
  char name[HK_NAME_MAX];
  cJSON *b, *info;
  hk_status st;

  if(!dbx)
    return;
  ms_name(s, name, sizeof(name));
  b = cJSON_CreateObject();
  info = cJSON_AddObjectToObject(b, "metastore_info");
  cJSON_AddStringToObject(info, "name", name);
  cJSON_AddStringToObject(info, "region", s->region);
  st = dbx_account_call(dbx, "POST", "/metastores", b, DBX_CREATE, on_created, run);
  cJSON_Delete(b);
  if(st != HK_OK)
    hk_run_fail(run, st, "%s", _("Cannot create the metastore."));
}

static void on_deleted(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  (void)json;
  hk_run_finish(ud, st == HK_NOT_FOUND ? HK_OK : st, st == HK_OK ? NULL : err);
}

/* Only a metastore heiiki created reaches here (destroy removes created
 * objects only).  By then it still holds the catalogs made in it (the
 * post-deploy check's own, and any the operator added): catalogs belong to
 * the metastore and outlive the workspace, and a non-empty metastore is
 * refused unless force=true ([SDK] service/catalog
 * DeleteAccountMetastoreRequest.Force, "Force deletion even if the metastore
 * is not empty"; [TFP] catalog/resource_metastore.go sends force_destroy).
 * The destroy plan says so (remove_notes in destroy.c). */
static void remove_(struct hk_run *run)
{
  struct dbx_client *dbx = hk_run_dbx(run);
  char path[160];

  if(!dbx)
    return;
  snprintf(path, sizeof(path), "/metastores/%s?force=true", hk_run_get(run, "metastore_id"));
  if(dbx_account_call(dbx, "DELETE", path, NULL, DBX_WRITE, on_deleted, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot delete the metastore."));
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  char name[HK_NAME_MAX];

  if(s->metastore.choice == HK_EXISTING && s->metastore.metastore_id[0])
    return hk_act_keep(a, "metastore_id", s->metastore.metastore_id);
  if(s->metastore.choice == HK_EXISTING) {
    hk_act_note(a, _("the metastore of %s (one per region)"), s->region);
    return HK_DEC_ADOPT;
  }
  ms_name(s, name, sizeof(name));
  hk_act_note(a, _("metastore \"%s\" in %s without a storage root (catalogs get theirs in "
                   "s3://%s/), unless the region already has one"), name, s->region,
              s->metastore.bucket);
  return HK_DEC_CREATE;
}

static const char *const keys[] = { "metastore_id", NULL };

const struct hk_action_ops hk_act_dbx_metastore = {
  "dbx.metastore", decide, lookup, create, remove_, NULL, keys,
};
