/* act_post_uc_credential.c - the Unity Catalog storage credential for the
 * UC role (metastore.mode = create), made in the workspace
 * (POST /api/2.1/unity-catalog/storage-credentials, [SDK] service/catalog).
 *
 * It is made BEFORE the role: it needs only the role's ARN, and it hands out
 * the external ID the role's trust must require ([SRA]
 * unity_catalog_catalog_creation/main.tf: "Storage Credential (created before
 * role)").  skip_validation is sent because the role does not exist yet;
 * the external location (post.uc.location) is what validates it. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <string.h>
#include "core/hk_i18n.h"
#include "dbx/dbx_client.h"
#include "dbx/dbx_uc.h"
#include "plan/actions/act_dbx_obj.h"

static void cred_name(const struct hk_run *run, char *out, size_t n)
{
  hk_act_uc_name(hk_run_setup(run), DBX_UC_CREDENTIAL_SUFFIX, out, n);
}

static bool record(struct hk_run *run, const cJSON *c)
{
  const cJSON *role = cJSON_GetObjectItemCaseSensitive(c, "aws_iam_role");

  hk_run_set(run, "name", hk_json_str(c, "name"));
  hk_run_set(run, "credential_id", hk_json_str(c, "id"));
  hk_run_set(run, "role_arn", hk_json_str(role, "role_arn"));
  hk_run_set(run, "external_id", hk_json_str(role, "external_id"));
  hk_run_set(run, "unity_catalog_iam_arn", hk_json_str(role, "unity_catalog_iam_arn"));
  return hk_run_get(run, "external_id")[0] != '\0';
}

static void on_get(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  const struct hk_setup *s = hk_run_setup(run);
  const char *arn;

  if(st == HK_NOT_FOUND) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  if(st != HK_OK) {
    hk_run_finish(run, st, err);
    return;
  }
  arn = hk_json_str(cJSON_GetObjectItemCaseSensitive(json, "aws_iam_role"), "role_arn");
  if(strcmp(arn, s->metastore.role_arn) != 0) {
    hk_run_fail(run, HK_CONFLICT,
                _("The storage credential %s already exists for role %s, not %s: delete it in "
                  "Catalog Explorer, or give the setup another name."),
                hk_json_str(json, "name"), arn, s->metastore.role_arn);
    return;
  }
  if(record(run, json))
    hk_run_found(run);
  hk_run_finish(run, HK_OK, NULL);
}

static void lookup(struct hk_run *run)
{
  struct dbx_client *ws = hk_run_ws(run);
  char name[HK_NAME_MAX], path[HK_NAME_MAX + 64];

  if(!ws)
    return;
  cred_name(run, name, sizeof(name));
  snprintf(path, sizeof(path), DBX_UC_CREDENTIALS "/%s", name);
  if(dbx_call(ws, "GET", path, NULL, DBX_READ, on_get, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the storage credential."));
}

static void on_created(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(st != HK_OK) {
    hk_run_finish(run, st, err);
    return;
  }
  if(!record(run, json)) {
    hk_run_fail(run, HK_PARSE, "%s", _("The storage credential was created but the reply has no "
                                       "external ID."));
    return;
  }
  hk_run_finish(run, HK_OK, NULL);
}

static void create(struct hk_run *run)
{
  const struct hk_setup *s = hk_run_setup(run);
  struct dbx_client *ws = hk_run_ws(run);
  char name[HK_NAME_MAX];
  cJSON *b, *role;
  hk_status st;

  if(!ws)
    return;
  cred_name(run, name, sizeof(name));
  b = cJSON_CreateObject();
  cJSON_AddStringToObject(b, "name", name);
  role = cJSON_AddObjectToObject(b, "aws_iam_role");
  cJSON_AddStringToObject(role, "role_arn", s->metastore.role_arn);
  cJSON_AddStringToObject(b, "comment", "Unity Catalog bucket of heiiki setup (storage credential)");
  cJSON_AddBoolToObject(b, "skip_validation", true);
  st = dbx_call(ws, "POST", DBX_UC_CREDENTIALS, b, DBX_CREATE, on_created, run);
  cJSON_Delete(b);
  if(st != HK_OK)
    hk_run_fail(run, st, "%s", _("Cannot create the storage credential."));
}

static void on_deleted(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  (void)json;
  hk_run_finish(ud, st == HK_NOT_FOUND ? HK_OK : st, st == HK_OK || st == HK_NOT_FOUND ? NULL : err);
}

static void remove_(struct hk_run *run)
{
  struct dbx_client *ws = hk_run_ws(run);
  char path[HK_NAME_MAX + 80];

  if(!ws)
    return;
  snprintf(path, sizeof(path), DBX_UC_CREDENTIALS "/%s?force=true", hk_run_get(run, "name"));
  if(dbx_call(ws, "DELETE", path, NULL, DBX_WRITE, on_deleted, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot delete the storage credential."));
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  char name[HK_NAME_MAX];

  if(!hk_act_uc_on(s)) {
    hk_act_note(a, "%s", _("the metastore is not created by heiiki"));
    return HK_DEC_SKIP;
  }
  hk_act_uc_name(s, DBX_UC_CREDENTIAL_SUFFIX, name, sizeof(name));
  hk_act_note(a, _("storage credential %s for role %s; its external ID goes into the role's trust"),
              name, s->metastore.role_arn);
  return HK_DEC_CREATE;
}

static const char *const keys[] = { "name", "external_id", NULL };

const struct hk_action_ops hk_act_post_uc_credential = {
  "post.uc.credential", decide, lookup, create, remove_, NULL, keys,
};
