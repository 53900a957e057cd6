/* dbx_ws_compute.c - runtime versions, node types, clusters, policies, instance profiles. */
#include "dbx/dbx_ws_compute.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "dbx/dbx_json.h"

/* ---- parsers ---- */

static hk_status sv_parse(const cJSON *j, void *out)
{
  struct dbx_spark_version *v = out;
  dbx_jstr(j, "key", v->key, sizeof(v->key));
  dbx_jstr(j, "name", v->name, sizeof(v->name));
  return HK_OK;
}

static hk_status nt_parse(const cJSON *j, void *out)
{
  struct dbx_node_type *t = out;
  const cJSON *cores = cJSON_GetObjectItemCaseSensitive(j, "num_cores");
  dbx_jstr(j, "node_type_id", t->node_type_id, sizeof(t->node_type_id));
  dbx_jstr(j, "instance_type_id", t->instance_type_id, sizeof(t->instance_type_id));
  t->memory_mb = dbx_jint(j, "memory_mb");
  t->num_cores = cJSON_IsNumber(cores) ? cores->valuedouble : 0;
  dbx_jstr(j, "category", t->category, sizeof(t->category));
  t->is_deprecated = dbx_jbool(j, "is_deprecated", false);
  t->is_hidden = dbx_jbool(j, "is_hidden", false);
  return HK_OK;
}

static hk_status cl_parse(const cJSON *j, void *out)
{
  struct dbx_cluster *c = out;
  dbx_jstr(j, "cluster_id", c->cluster_id, sizeof(c->cluster_id));
  dbx_jstr(j, "cluster_name", c->cluster_name, sizeof(c->cluster_name));
  dbx_jstr(j, "state", c->state, sizeof(c->state));
  dbx_jstr(j, "state_message", c->state_message, sizeof(c->state_message));
  dbx_jstr_path(j, "termination_reason.code", c->termination_code, sizeof(c->termination_code));
  dbx_jstr_path(j, "termination_reason.type", c->termination_type, sizeof(c->termination_type));
  dbx_jstr_path(j, "termination_reason.parameters.databricks_error_message",
                c->termination_message, sizeof(c->termination_message));
  dbx_jstr(j, "spark_version", c->spark_version, sizeof(c->spark_version));
  dbx_jstr(j, "node_type_id", c->node_type_id, sizeof(c->node_type_id));
  dbx_jstr(j, "policy_id", c->policy_id, sizeof(c->policy_id));
  return HK_OK;
}

static hk_status pol_parse(const cJSON *j, void *out)
{
  struct dbx_cluster_policy *p = out;
  dbx_jstr(j, "policy_id", p->policy_id, sizeof(p->policy_id));
  dbx_jstr(j, "name", p->name, sizeof(p->name));
  dbx_jstr(j, "definition", p->definition, sizeof(p->definition));
  dbx_jstr(j, "description", p->description, sizeof(p->description));
  return HK_OK;
}

static hk_status ip_parse(const cJSON *j, void *out)
{
  struct dbx_instance_profile *p = out;
  dbx_jstr(j, "instance_profile_arn", p->instance_profile_arn, sizeof(p->instance_profile_arn));
  dbx_jstr(j, "iam_role_arn", p->iam_role_arn, sizeof(p->iam_role_arn));
  p->is_meta_instance_profile = dbx_jbool(j, "is_meta_instance_profile", false);
  return HK_OK;
}

static void no_one(dbx_fn fn, hk_status st, const void *obj, const struct hk_error *err, void *ud)
{
  (void)fn; (void)st; (void)obj; (void)err; (void)ud;
}

static void sv_many(dbx_fn fn, hk_status st, const void *items, size_t n,
                    const struct hk_error *err, void *ud)
{
  ((dbx_spark_versions_cb)fn)(st, items, n, err, ud);
}

static void nt_many(dbx_fn fn, hk_status st, const void *items, size_t n,
                    const struct hk_error *err, void *ud)
{
  ((dbx_node_types_cb)fn)(st, items, n, err, ud);
}

static void cl_one(dbx_fn fn, hk_status st, const void *obj, const struct hk_error *err, void *ud)
{
  ((dbx_cluster_cb)fn)(st, obj, err, ud);
}

DBX_FAMILY_DELIVERY(pol, dbx_policy_cb, dbx_policy_list_cb)

static void cl_many(dbx_fn fn, hk_status st, const void *items, size_t n,
                    const struct hk_error *err, void *ud)
{
  ((dbx_cluster_list_cb)fn)(st, items, n, err, ud);
}

static void ip_many(dbx_fn fn, hk_status st, const void *items, size_t n,
                    const struct hk_error *err, void *ud)
{
  ((dbx_instance_profile_list_cb)fn)(st, items, n, err, ud);
}

static const struct dbx_family fam_sv = {
  "/api/2.1/clusters/spark-versions", "runtime version", "key",
  sizeof(struct dbx_spark_version), sv_parse, NULL, "versions", no_one, sv_many,
};
static const struct dbx_family fam_nt = {
  "/api/2.1/clusters/list-node-types", "node type", "node_type_id",
  sizeof(struct dbx_node_type), nt_parse, NULL, "node_types", no_one, nt_many,
};
static const struct dbx_family fam_cl = {
  "/api/2.1/clusters", "cluster", "cluster_id",
  sizeof(struct dbx_cluster), cl_parse, NULL, NULL, cl_one, NULL,
};
/* GET /api/2.1/clusters/list: {"clusters": [...], "next_page_token"}; the
 * first page (up to 100 by default) holds a test cluster just made. */
static const struct dbx_family fam_cl_list = {
  "/api/2.1/clusters/list", "cluster", "cluster_id",
  sizeof(struct dbx_cluster), cl_parse, NULL, "clusters", cl_one, cl_many,
};
static const struct dbx_family fam_pol = {
  "/api/2.0/policies/clusters/list", "cluster policy", "policy_id",
  sizeof(struct dbx_cluster_policy), pol_parse, NULL, "policies", pol_one, pol_many,
};
static const struct dbx_family fam_ip = {
  "/api/2.0/instance-profiles/list", "instance profile", "instance_profile_arn",
  sizeof(struct dbx_instance_profile), ip_parse, NULL, "instance_profiles", no_one, ip_many,
};

/* ---- runtime and node types ---- */

hk_status dbx_ws_spark_versions(struct dbx_client *ws, dbx_spark_versions_cb cb, void *ud)
{
  return dbx_obj_list(ws, &fam_sv, (dbx_fn)cb, ud);
}

hk_status dbx_ws_node_types(struct dbx_client *ws, dbx_node_types_cb cb, void *ud)
{
  return dbx_obj_list(ws, &fam_nt, (dbx_fn)cb, ud);
}

static bool plain_lts(const struct dbx_spark_version *v)
{
  static const char *const skip[] = {"-ml-", "gpu", "photon", "aarch64", "-hls-", NULL};
  size_t i;
  if(!strstr(v->name, "LTS"))
    return false;
  for(i = 0; skip[i]; i++)
    if(strstr(v->key, skip[i]))
      return false;
  return true;
}

/* Compare "16.4.x-..." keys by their leading numbers. */
static int version_cmp(const char *a, const char *b)
{
  while(*a || *b) {
    char *ea, *eb;
    long na = strtol(a, &ea, 10);
    long nb = strtol(b, &eb, 10);
    if(ea == a || eb == b)
      return 0;
    if(na != nb)
      return na < nb ? -1 : 1;
    a = ea;
    b = eb;
    if(*a != '.' || *b != '.')
      return 0;
    a++;
    b++;
  }
  return 0;
}

const struct dbx_spark_version *dbx_pick_spark_version(const struct dbx_spark_version *v,
                                                       size_t n)
{
  const struct dbx_spark_version *best = NULL;
  size_t i;
  for(i = 0; i < n; i++)
    if(plain_lts(&v[i]) && (!best || version_cmp(v[i].key, best->key) > 0))
      best = &v[i];
  if(!best && n)
    best = &v[0];
  return best;
}

const struct dbx_node_type *dbx_pick_node_type(const struct dbx_node_type *t, size_t n)
{
  const struct dbx_node_type *best = NULL;
  size_t i;
  for(i = 0; i < n; i++) {
    if(t[i].is_deprecated || t[i].is_hidden || !t[i].node_type_id[0])
      continue;
    if(!best || t[i].memory_mb < best->memory_mb ||
       (t[i].memory_mb == best->memory_mb && t[i].num_cores < best->num_cores))
      best = &t[i];
  }
  return best;
}

/* ---- clusters ---- */

cJSON *dbx_cluster_spec_to_json(const struct dbx_cluster_spec *s)
{
  cJSON *o = cJSON_CreateObject();
  bool ok = o != NULL;
  size_t i;
  ok = ok && dbx_jadd_str(o, "cluster_name", s->cluster_name);
  ok = ok && cJSON_AddStringToObject(o, "spark_version", s->spark_version);
  ok = ok && dbx_jadd_str(o, "node_type_id", s->node_type_id);
  ok = ok && cJSON_AddNumberToObject(o, "num_workers", s->num_workers);
  if(ok && s->autotermination_minutes)
    ok = cJSON_AddNumberToObject(o, "autotermination_minutes", s->autotermination_minutes) != NULL;
  ok = ok && dbx_jadd_str(o, "data_security_mode", s->data_security_mode);
  ok = ok && dbx_jadd_str(o, "single_user_name", s->single_user_name);
  ok = ok && dbx_jadd_str(o, "policy_id", s->policy_id);
  if(ok && s->policy_id[0] && s->apply_policy_default_values)
    ok = cJSON_AddTrueToObject(o, "apply_policy_default_values") != NULL;
  if(ok && s->instance_profile_arn[0]) {
    cJSON *aws = dbx_jchild(o, "aws_attributes");
    ok = aws && cJSON_AddStringToObject(aws, "instance_profile_arn", s->instance_profile_arn);
  }
  if(ok && s->n_spark_conf) {
    cJSON *conf = dbx_jchild(o, "spark_conf");
    for(i = 0; ok && i < s->n_spark_conf && i < DBX_MAX_CONF; i++)
      ok = conf && cJSON_AddStringToObject(conf, s->spark_conf[i].key, s->spark_conf[i].value);
  }
  if(ok && s->n_custom_tags) {
    cJSON *tags = dbx_jchild(o, "custom_tags");
    for(i = 0; ok && i < s->n_custom_tags && i < DBX_MAX_CONF; i++)
      ok = tags && cJSON_AddStringToObject(tags, s->custom_tags[i].key, s->custom_tags[i].value);
  }
  if(!ok) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

hk_status dbx_cluster_from_json(const cJSON *j, struct dbx_cluster *out, struct hk_error *err)
{
  return dbx_obj_parse(&fam_cl, j, out, err);
}

hk_status dbx_ws_cluster_create(struct dbx_client *ws, const struct dbx_cluster_spec *spec,
                                dbx_cluster_cb cb, void *ud)
{
  cJSON *body = dbx_cluster_spec_to_json(spec);
  hk_status st;
  if(!body)
    return HK_NOMEM;
  st = dbx_obj_call(ws, &fam_cl, "POST", "/api/2.1/clusters/create", body, DBX_CREATE,
                    (dbx_fn)cb, ud, NULL);
  cJSON_Delete(body);
  return st;
}

hk_status dbx_ws_cluster_list(struct dbx_client *ws, dbx_cluster_list_cb cb, void *ud)
{
  return dbx_obj_list(ws, &fam_cl_list, (dbx_fn)cb, ud);
}

hk_status dbx_ws_cluster_get(struct dbx_client *ws, const char *cluster_id, dbx_cluster_cb cb,
                             void *ud)
{
  char path[256];
  if(!dbx_safe_id(cluster_id))
    return HK_INVALID;
  snprintf(path, sizeof(path), "/api/2.1/clusters/get?cluster_id=%s", cluster_id);
  return dbx_obj_call(ws, &fam_cl, "GET", path, NULL, DBX_READ, (dbx_fn)cb, ud, NULL);
}

static hk_status id_action(struct dbx_client *ws, const char *path, const char *key,
                           const char *id, bool not_found_ok, dbx_done_cb cb, void *ud)
{
  cJSON *body = cJSON_CreateObject();
  hk_status st;
  if(!body || !cJSON_AddStringToObject(body, key, id ? id : "")) {
    cJSON_Delete(body);
    return HK_NOMEM;
  }
  st = dbx_obj_status_call(ws, "POST", path, body, DBX_WRITE, not_found_ok, cb, ud);
  cJSON_Delete(body);
  return st;
}

hk_status dbx_ws_cluster_delete(struct dbx_client *ws, const char *cluster_id, dbx_done_cb cb,
                                void *ud)
{
  if(!dbx_safe_id(cluster_id))
    return HK_INVALID;
  return id_action(ws, "/api/2.1/clusters/delete", "cluster_id", cluster_id, false, cb, ud);
}

hk_status dbx_ws_cluster_permanent_delete(struct dbx_client *ws, const char *cluster_id,
                                          dbx_done_cb cb, void *ud)
{
  if(!dbx_safe_id(cluster_id))
    return HK_INVALID;
  return id_action(ws, "/api/2.1/clusters/permanent-delete", "cluster_id", cluster_id, true, cb,
                   ud);
}

/* ---- policies ---- */

hk_status dbx_ws_policy_create(struct dbx_client *ws, const char *name, const char *definition,
                               const char *description, dbx_policy_cb cb, void *ud)
{
  cJSON *body = cJSON_CreateObject();
  hk_status st;
  if(!body || !cJSON_AddStringToObject(body, "name", name ? name : "") ||
     !cJSON_AddStringToObject(body, "definition", definition ? definition : "{}") ||
     !dbx_jadd_str(body, "description", description)) {
    cJSON_Delete(body);
    return HK_NOMEM;
  }
  st = dbx_obj_call(ws, &fam_pol, "POST", "/api/2.0/policies/clusters/create", body, DBX_CREATE,
                    (dbx_fn)cb, ud, NULL);
  cJSON_Delete(body);
  return st;
}

hk_status dbx_ws_policy_get(struct dbx_client *ws, const char *policy_id, dbx_policy_cb cb,
                            void *ud)
{
  char path[256];
  if(!dbx_safe_id(policy_id))
    return HK_INVALID;
  snprintf(path, sizeof(path), "/api/2.0/policies/clusters/get?policy_id=%s", policy_id);
  return dbx_obj_call(ws, &fam_pol, "GET", path, NULL, DBX_READ, (dbx_fn)cb, ud, NULL);
}

hk_status dbx_ws_policy_list(struct dbx_client *ws, dbx_policy_list_cb cb, void *ud)
{
  return dbx_obj_list(ws, &fam_pol, (dbx_fn)cb, ud);
}

hk_status dbx_ws_policy_delete(struct dbx_client *ws, const char *policy_id, dbx_done_cb cb,
                               void *ud)
{
  if(!dbx_safe_id(policy_id))
    return HK_INVALID;
  return id_action(ws, "/api/2.0/policies/clusters/delete", "policy_id", policy_id, true, cb, ud);
}

/* ---- instance profiles ---- */

hk_status dbx_ws_instance_profile_add(struct dbx_client *ws, const char *instance_profile_arn,
                                      const char *iam_role_arn, bool skip_validation,
                                      dbx_done_cb cb, void *ud)
{
  cJSON *body = cJSON_CreateObject();
  hk_status st;
  if(!body || !instance_profile_arn ||
     !cJSON_AddStringToObject(body, "instance_profile_arn", instance_profile_arn) ||
     !dbx_jadd_str(body, "iam_role_arn", iam_role_arn) ||
     (skip_validation && !cJSON_AddTrueToObject(body, "skip_validation"))) {
    cJSON_Delete(body);
    return instance_profile_arn ? HK_NOMEM : HK_INVALID;
  }
  /* a create: a second add of the same ARN answers RESOURCE_ALREADY_EXISTS, so it is
   * never re-sent blindly (a lost reply is looked up by the caller instead) */
  st = dbx_obj_status_call(ws, "POST", "/api/2.0/instance-profiles/add", body, DBX_CREATE, false,
                           cb, ud);
  cJSON_Delete(body);
  return st;
}

hk_status dbx_ws_instance_profile_list(struct dbx_client *ws, dbx_instance_profile_list_cb cb,
                                       void *ud)
{
  return dbx_obj_list(ws, &fam_ip, (dbx_fn)cb, ud);
}

hk_status dbx_ws_instance_profile_remove(struct dbx_client *ws, const char *instance_profile_arn,
                                         dbx_done_cb cb, void *ud)
{
  if(!instance_profile_arn || !*instance_profile_arn)
    return HK_INVALID;
  return id_action(ws, "/api/2.0/instance-profiles/remove", "instance_profile_arn",
                   instance_profile_arn, true, cb, ud);
}
