/* act_post_glue_policy.c - a cluster policy for the closed-network
 * workspace that pins the Glue Data Catalog as the Hive metastore and the
 * Glue instance profile (databricks-account-api.md section 3):
 *   spark_conf.spark.databricks.hive.metastore.glueCatalog.enabled = "true"
 *   aws_attributes.instance_profile_arn = the Glue profile
 * Adopted by name when its two fixed keys match. */
#include "plan/actions/actions.h"

#include <stdlib.h>
#include <string.h>
#include <cJSON.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_client.h"
#include "dbx/dbx_ws_compute.h"
#include "plan/apply.h"

#define GLUE_CONF "spark_conf.spark.databricks.hive.metastore.glueCatalog.enabled"
#define PROFILE_KEY "aws_attributes.instance_profile_arn"

static void policy_name(const struct hk_setup *s, char *out, size_t n)
{
  hk_act_name(s, "", "glue-catalog", out, n);
}

static const char *profile_arn(const struct hk_run *run)
{
  return hk_run_dep(run, "post.glue.profile", "instance_profile_arn");
}

static void add_fixed(cJSON *def, const char *key, const char *value)
{
  cJSON *o = cJSON_AddObjectToObject(def, key);

  cJSON_AddStringToObject(o, "type", "fixed");
  cJSON_AddStringToObject(o, "value", value);
}

char *hk_glue_policy_definition(const char *instance_profile_arn)
{
  cJSON *def = cJSON_CreateObject();
  char *text;

  if(!def)
    return NULL;
  add_fixed(def, GLUE_CONF, "true");
  add_fixed(def, PROFILE_KEY, instance_profile_arn);
  text = cJSON_PrintUnformatted(def);
  cJSON_Delete(def);
  return text;
}

bool hk_glue_policy_matches(const char *definition, const char *instance_profile_arn)
{
  cJSON *def = cJSON_Parse(definition ? definition : "");
  const cJSON *g = cJSON_GetObjectItemCaseSensitive(def, GLUE_CONF);
  const cJSON *p = cJSON_GetObjectItemCaseSensitive(def, PROFILE_KEY);
  const char *gt = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(g, "type"));
  const char *gv = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(g, "value"));
  const char *pt = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "type"));
  const char *pv = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(p, "value"));
  bool ok = gt && gv && pt && pv && strcmp(gt, "fixed") == 0 && strcmp(gv, "true") == 0 &&
            strcmp(pt, "fixed") == 0 && strcmp(pv, instance_profile_arn) == 0;

  cJSON_Delete(def);
  return ok;
}

static void on_list(hk_status st, const struct dbx_cluster_policy *v, size_t n,
                    const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  char name[HK_NAME_MAX];
  size_t i;

  if(st != HK_OK) {
    hk_run_finish(run, st, err);
    return;
  }
  policy_name(hk_run_setup(run), name, sizeof(name));
  for(i = 0; i < n; i++) {
    if(strcmp(v[i].name, name) != 0)
      continue;
    if(!hk_glue_policy_matches(v[i].definition, profile_arn(run))) {
      hk_run_fail(run, HK_CONFLICT,
                  _("A cluster policy named \"%s\" already exists but does not pin %s = true "
                    "and the instance profile %s. Rename or delete it, then run again."),
                  name, GLUE_CONF, profile_arn(run));
      return;
    }
    hk_run_set(run, "policy_id", v[i].policy_id);
    hk_run_set(run, "name", v[i].name);
    hk_run_found(run);
    break;
  }
  hk_run_finish(run, HK_OK, NULL);
}

static void lookup(struct hk_run *run)
{
  struct dbx_client *ws = hk_run_ws(run);

  if(ws && dbx_ws_policy_list(ws, on_list, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot list the workspace's cluster policies."));
}

static void on_created(hk_status st, const struct dbx_cluster_policy *p,
                       const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  char name[HK_NAME_MAX];

  if(st != HK_OK) {
    hk_run_finish(run, st, err);
    return;
  }
  if(!p || !p->policy_id[0]) {
    hk_run_fail(run, HK_PARSE, "%s", _("The cluster policy was created but the reply has no "
                                       "policy_id."));
    return;
  }
  policy_name(hk_run_setup(run), name, sizeof(name));
  hk_run_set(run, "policy_id", p->policy_id);
  hk_run_set(run, "name", name);
  hk_run_finish(run, HK_OK, NULL);
}

static void create(struct hk_run *run)
{
  struct dbx_client *ws = hk_run_ws(run);
  char name[HK_NAME_MAX];
  char *def;
  hk_status st;

  if(!ws)
    return;
  def = hk_glue_policy_definition(profile_arn(run));
  if(!def) {
    hk_run_fail(run, HK_NOMEM, "%s", _("Out of memory."));
    return;
  }
  policy_name(hk_run_setup(run), name, sizeof(name));
  st = dbx_ws_policy_create(ws, name, def,
                            _("Closed network: Glue Data Catalog as the Hive metastore, through "
                              "the Glue instance profile (made by heiiki)."), on_created, run);
  free(def);
  if(st != HK_OK)
    hk_run_fail(run, st, "%s", _("Cannot create the cluster policy."));
}

static void on_deleted(hk_status st, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(st == HK_NOT_FOUND)
    st = HK_OK;
  hk_run_finish(run, st, st == HK_OK ? NULL : err);
}

static void remove_(struct hk_run *run)
{
  struct dbx_client *ws = hk_run_ws(run);

  if(ws && dbx_ws_policy_delete(ws, hk_run_get(run, "policy_id"), on_deleted, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot delete the cluster policy."));
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  char name[HK_NAME_MAX];

  if(!hk_act_glue_on(s)) {
    hk_act_note(a, _("the Glue catalog route is not used"));
    return HK_DEC_SKIP;
  }
  policy_name(s, name, sizeof(name));
  hk_act_note(a, _("cluster policy \"%s\": Glue catalog on, Glue instance profile fixed"), name);
  return HK_DEC_CREATE;
}

static const char *const keys[] = { "policy_id", NULL };

const struct hk_action_ops hk_act_post_glue_policy = {
  "post.glue.policy", decide, lookup, create, remove_, NULL, keys,
};
