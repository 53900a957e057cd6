/* act_dbx_storage.c - storage configuration: the workspace root bucket. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "plan/actions/act_dbx_obj.h"

static void stor_name(const struct hk_run *run, char *out, size_t n)
{
  const struct hk_setup *s = hk_run_setup(run);
  hk_act_name(s, s->storage.config_name, "storage", out, n);
}

static const char *bucket(const struct hk_run *run)
{
  return hk_run_dep(run, "aws.bucket", "bucket");
}

static bool stor_matches(const struct hk_run *run, const cJSON *obj, char *why, size_t n)
{
  const cJSON *info = cJSON_GetObjectItemCaseSensitive(obj, "root_bucket_info");
  const char *have = hk_json_str(info, "bucket_name");

  if(strcmp(have, bucket(run)) == 0)
    return true;
  snprintf(why, n, _("it uses bucket %s, not %s"), have, bucket(run));
  return false;
}

static cJSON *stor_body(const struct hk_run *run)
{
  char name[HK_NAME_MAX];
  cJSON *b = cJSON_CreateObject();
  cJSON *info = cJSON_AddObjectToObject(b, "root_bucket_info");

  stor_name(run, name, sizeof(name));
  cJSON_AddStringToObject(b, "storage_configuration_name", name);
  cJSON_AddStringToObject(info, "bucket_name", bucket(run));
  return b;
}

static const struct hk_dbx_obj obj = {
  "/storage-configurations", "storage_configuration_name", "storage_configuration_id",
  N_("storage configuration"), stor_name, stor_matches, stor_body, NULL, NULL,
};

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  char name[HK_NAME_MAX];

  hk_act_name(s, s->storage.config_name, "storage", name, sizeof(name));
  hk_act_note(a, _("storage configuration \"%s\" for bucket %s"), name, s->storage.bucket);
  return HK_DEC_CREATE;
}

static void lookup(struct hk_run *run) { hk_dbx_obj_lookup(run, &obj); }
static void create(struct hk_run *run) { hk_dbx_obj_create(run, &obj); }
static void remove_(struct hk_run *run) { hk_dbx_obj_remove(run, &obj); }

static const char *const keys[] = { "storage_configuration_id", NULL };

const struct hk_action_ops hk_act_dbx_storage = {
  "dbx.storage", decide, lookup, create, remove_, NULL, keys,
};
