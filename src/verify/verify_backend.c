/* verify_backend.c - a cluster starts: the back-end PrivateLink path works. */
#include "verify/verify_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_ws_compute.h"
#include "net/net_loop.h"

static int has(const char *hay, const char *needle)
{
  size_t n = strlen(needle);
  const char *p;
  if(!hay)
    return 0;
  for(p = hay; *p; p++)
    if(strncasecmp(p, needle, n) == 0)
      return 1;
  return 0;
}

int hk_verify_classify_cluster(const struct dbx_cluster *cl, char *sentence, size_t sn,
                               char *fix, size_t fn)
{
  char why[1600];
  snprintf(why, sizeof(why), "%s %s %s", cl->termination_code, cl->termination_message,
           cl->state_message);
  if(has(why, "timeout") || has(why, "timed out") || has(why, "NETWORK") || has(why, "relay") ||
     has(why, "connect") || has(why, "unreachable") || has(why, "BOOTSTRAP")) {
    snprintf(sentence, sn,
             _("The cluster could not reach the control plane through the back end (%s): %s"),
             cl->termination_code[0] ? cl->termination_code : cl->state,
             cl->termination_message[0] ? cl->termination_message : cl->state_message);
    snprintf(fix, fn, "%s",
             _("Check the back-end path: the relay endpoint's security group must allow TCP 6666 "
               "(and 443, 8443-8451) from the cluster security group, the cluster security group "
               "must allow that egress, and both endpoints need private DNS (VPC DNS hostnames on)."));
    return 1;
  }
  if(has(why, "permission") || has(why, "Unauthorized") || has(why, "AccessDenied") ||
     has(why, "not authorized") || has(why, "INSTANCE_PROFILE") || has(why, "credential")) {
    snprintf(sentence, sn, _("The cluster could not be launched with the credential role (%s): %s"),
             cl->termination_code[0] ? cl->termination_code : cl->state,
             cl->termination_message[0] ? cl->termination_message : cl->state_message);
    snprintf(fix, fn, "%s",
             _("Check the cross-account role's policy (heiiki shows the required one) and its trust "
               "policy's external ID; with an instance profile, the role needs iam:PassRole for it."));
    return 2;
  }
  snprintf(sentence, sn, _("The cluster ended in %s: %s %s"), cl->state, cl->termination_code,
           cl->termination_message[0] ? cl->termination_message : cl->state_message);
  snprintf(fix, fn, "%s", _("Read the cluster's event log in the workspace for details."));
  return 0;
}

static void poll_later(struct hk_verify *v);
static void poll_now(void *ud);

static void on_removed(hk_status st, const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  char s[768];
  (void)err;
  if(st == HK_OK)
    hk_verify_cluster_note(v, NULL, NULL);
  snprintf(s, sizeof(s),
           st == HK_OK ? _("A %s cluster on %s reached RUNNING through the back end, and was removed.")
                       : _("A %s cluster on %s reached RUNNING through the back end (removing it failed; delete it by hand)."),
           v->node_type, v->spark_version);
  hk_verify_end(v, HK_VERIFY_BACKEND, HK_VO_PASS, s, NULL);
}

static void on_failed_removed(hk_status st, const struct hk_error *err, void *ud)
{
  (void)err;
  if(st == HK_OK)
    hk_verify_cluster_note(ud, NULL, NULL);
}

static void on_cluster(hk_status st, const struct dbx_cluster *cl, const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  char msg[600];
  char s[768];
  char fix[512];
  long elapsed = hk_now_ms() - v->started_ms[HK_VERIFY_BACKEND];
  long limit = v->opts->cluster_timeout_ms > 0 ? v->opts->cluster_timeout_ms : 20L * 60L * 1000L;

  if(v->ended[HK_VERIFY_BACKEND])
    return;          /* stopped meanwhile: the removal is under way */
  if(st != HK_OK) {
    char line[1024];
    hk_error_format(err, line, sizeof(line));
    snprintf(s, sizeof(s), _("The cluster's state could not be read: %s"), line);
    hk_verify_end(v, HK_VERIFY_BACKEND, HK_VO_FAIL, s, err ? err->hint : NULL);
    return;
  }
  if(strcmp(cl->state, "RUNNING") == 0) {
    hk_verify_progress(v, HK_VERIFY_BACKEND, _("RUNNING; removing the test cluster"));
    if(dbx_ws_cluster_permanent_delete(v->ws, v->cluster_id, on_removed, v) != HK_OK)
      on_removed(HK_API, NULL, v);
    return;
  }
  if(strcmp(cl->state, "ERROR") == 0 || strcmp(cl->state, "TERMINATED") == 0 ||
     strcmp(cl->state, "TERMINATING") == 0) {
    hk_verify_classify_cluster(cl, s, sizeof(s), fix, sizeof(fix));
    dbx_ws_cluster_permanent_delete(v->ws, v->cluster_id, on_failed_removed, v);
    hk_verify_end(v, HK_VERIFY_BACKEND, HK_VO_FAIL, s, fix);
    return;
  }
  if(elapsed > limit) {
    snprintf(s, sizeof(s), _("The cluster did not reach RUNNING within %ld minutes (last state %s)."),
             limit / 60000, cl->state);
    dbx_ws_cluster_permanent_delete(v->ws, v->cluster_id, on_failed_removed, v);
    hk_verify_end(v, HK_VERIFY_BACKEND, HK_VO_FAIL, s,
                  _("A cluster stuck in PENDING usually cannot reach the relay: check the back-end endpoints and their security groups."));
    return;
  }
  snprintf(msg, sizeof(msg), "%s%s%s", cl->state, cl->state_message[0] ? ": " : "", cl->state_message);
  hk_verify_progress(v, HK_VERIFY_BACKEND, msg);
  poll_later(v);
}

static void poll_now(void *ud)
{
  struct hk_verify *v = ud;
  if(v->ended[HK_VERIFY_BACKEND])
    return;
  if(dbx_ws_cluster_get(v->ws, v->cluster_id, on_cluster, v) != HK_OK)
    hk_verify_end(v, HK_VERIFY_BACKEND, HK_VO_FAIL, _("The cluster call could not be sent."), NULL);
}

static void poll_later(struct hk_verify *v)
{
  long max = v->opts->poll_max_ms > 0 ? v->opts->poll_max_ms : 15000;
  hk_loop_timer(v->loop, v->poll_ms, poll_now, v);
  v->poll_ms = v->poll_ms * 3 / 2;
  if(v->poll_ms > max)
    v->poll_ms = max;
}

static void on_stopped_removed(hk_status st, const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  char s[768];
  (void)err;
  if(st == HK_OK)
    hk_verify_cluster_note(v, NULL, NULL);
  if(st == HK_OK)
    snprintf(s, sizeof(s), _("Stopped; the test cluster %s was removed."), v->cluster_id);
  else
    snprintf(s, sizeof(s), _("Stopped; removing the test cluster %s failed: terminate it in the "
                             "workspace's Compute page."), v->cluster_id);
  hk_verify_end(v, HK_VERIFY_BACKEND, HK_VO_NOT_RUN, s, NULL);
}

static void remove_on_stop(struct hk_verify *v)
{
  hk_verify_progress(v, HK_VERIFY_BACKEND, _("stopping: removing the test cluster"));
  if(dbx_ws_cluster_permanent_delete(v->ws, v->cluster_id, on_stopped_removed, v) != HK_OK)
    on_stopped_removed(HK_API, NULL, v);
}

void hk_verify_backend_stop(struct hk_verify *v)
{
  if(!v->started_ms[HK_VERIFY_BACKEND] || v->ended[HK_VERIFY_BACKEND])
    return;
  hk_loop_timer_cancel(v->loop, poll_now, v);
  if(v->cluster_id[0])
    remove_on_stop(v);
  else if(!v->creating)
    hk_verify_end(v, HK_VERIFY_BACKEND, HK_VO_NOT_RUN,
                  _("Stopped before the test cluster was started."), NULL);
  /* else: on_created removes the cluster it gets */
}

/* The create's reply was lost, and the list says whether the cluster exists
 * (id), does not ("") or cannot tell (NULL). */
static void on_found(struct hk_verify *v, const char *id)
{
  v->creating = false;
  if(id && !id[0])
    hk_verify_cluster_note(v, NULL, NULL);      /* none was made */
  if(v->stopping) {
    if(id && id[0]) {
      hk_strlcpy(v->cluster_id, id, sizeof(v->cluster_id));
      remove_on_stop(v);
    } else {
      hk_verify_end(v, HK_VERIFY_BACKEND, HK_VO_NOT_RUN,
                    _("Stopped before the test cluster was started."), NULL);
    }
    return;
  }
  if(!id || !id[0]) {
    hk_verify_end(v, HK_VERIFY_BACKEND, HK_VO_FAIL,
                  _("The test cluster could not be created: the create's answer was lost and "
                    "no cluster of that name exists."),
                  _("Run the check again: `heiiki verify NAME --skip frontend,catalog,uc`."));
    return;
  }
  hk_strlcpy(v->cluster_id, id, sizeof(v->cluster_id));
  hk_verify_cluster_note(v, v->cluster_name, v->cluster_id);
  hk_verify_progress(v, HK_VERIFY_BACKEND, _("cluster found; waiting for RUNNING"));
  poll_later(v);
}

/* A failure after which the cluster may exist all the same (its reply was lost). */
static bool uncertain(hk_status st)
{
  return st == HK_NET || st == HK_TIMEOUT || st == HK_SERVER || st == HK_PARSE ||
         st == HK_THROTTLED;
}

static void on_created(hk_status st, const struct dbx_cluster *cl, const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  char s[768];
  if(st != HK_OK && uncertain(st)) {
    hk_verify_cluster_find(v, on_found);
    return;
  }
  v->creating = false;
  if(st != HK_OK)
    hk_verify_cluster_note(v, NULL, NULL);      /* refused: nothing was made */
  else
    hk_verify_cluster_note(v, v->cluster_name, cl->cluster_id);
  if(v->stopping) {
    if(st == HK_OK) {
      hk_strlcpy(v->cluster_id, cl->cluster_id, sizeof(v->cluster_id));
      remove_on_stop(v);
    } else {
      hk_verify_end(v, HK_VERIFY_BACKEND, HK_VO_NOT_RUN,
                    _("Stopped before the test cluster was started."), NULL);
    }
    return;
  }
  if(st != HK_OK) {
    char line[1024];
    hk_error_format(err, line, sizeof(line));
    snprintf(s, sizeof(s), _("The test cluster could not be created: %s"), line);
    hk_verify_end(v, HK_VERIFY_BACKEND, HK_VO_FAIL, s, err ? err->hint : NULL);
    return;
  }
  hk_strlcpy(v->cluster_id, cl->cluster_id, sizeof(v->cluster_id));
  hk_verify_progress(v, HK_VERIFY_BACKEND, _("cluster created; waiting for RUNNING"));
  poll_later(v);
}

/* Journal the name first, then send the create (D6: never an unrecorded cluster). */
static hk_status send_create(struct hk_verify *v, const struct dbx_cluster_spec *spec)
{
  hk_strlcpy(v->cluster_name, spec->cluster_name, sizeof(v->cluster_name));
  hk_verify_cluster_note(v, v->cluster_name, "");
  return dbx_ws_cluster_create(v->ws, spec, on_created, v);
}

static void create_cluster(struct hk_verify *v)
{
  struct dbx_cluster_spec spec;
  if(v->ended[HK_VERIFY_BACKEND])
    return;          /* stopped while the versions and node types were looked up */
  memset(&spec, 0, sizeof(spec));
  snprintf(spec.cluster_name, sizeof(spec.cluster_name), "heiiki-verify-%s",
           v->opts->setup_name ? v->opts->setup_name : "setup");
  hk_strlcpy(spec.spark_version, v->spark_version, sizeof(spec.spark_version));
  hk_strlcpy(spec.node_type_id, v->node_type, sizeof(spec.node_type_id));
  spec.num_workers = 0;
  spec.autotermination_minutes = 10;
  hk_strlcpy(spec.spark_conf[0].key, "spark.databricks.cluster.profile", sizeof(spec.spark_conf[0].key));
  hk_strlcpy(spec.spark_conf[0].value, "singleNode", sizeof(spec.spark_conf[0].value));
  hk_strlcpy(spec.spark_conf[1].key, "spark.master", sizeof(spec.spark_conf[1].key));
  hk_strlcpy(spec.spark_conf[1].value, "local[*]", sizeof(spec.spark_conf[1].value));
  spec.n_spark_conf = 2;
  /* The single-node recipe as terraform-provider-databricks builds its own helper
   * clusters (access/resource_sql_permissions.go, catalog/resource_sql_table.go:
   * custom_tags ResourceClass=SingleNode, DataSecurityMode USER_ISOLATION).  Without a
   * data_security_mode the cluster is "No isolation shared", which workspaces with
   * legacy features disabled refuse (docs/resources/disable_legacy_features_setting.md);
   * USER_ISOLATION (SDK: legacy alias of DATA_SECURITY_MODE_STANDARD) needs no user name. */
  hk_strlcpy(spec.custom_tags[0].key, "ResourceClass", sizeof(spec.custom_tags[0].key));
  hk_strlcpy(spec.custom_tags[0].value, "SingleNode", sizeof(spec.custom_tags[0].value));
  spec.n_custom_tags = 1;
  hk_strlcpy(spec.data_security_mode, "USER_ISOLATION", sizeof(spec.data_security_mode));
  hk_verify_progress(v, HK_VERIFY_BACKEND, _("starting the smallest cluster"));
  v->creating = true;
  if(send_create(v, &spec) != HK_OK) {
    v->creating = false;
    hk_verify_end(v, HK_VERIFY_BACKEND, HK_VO_FAIL, _("The cluster call could not be sent."), NULL);
  }
}

static void lookup_failed(struct hk_verify *v, const char *what, const struct hk_error *err)
{
  char line[1024];
  char s[768];
  hk_error_format(err, line, sizeof(line));
  snprintf(s, sizeof(s), "%s: %s", what, line);
  hk_verify_end(v, HK_VERIFY_BACKEND, HK_VO_FAIL, s, err ? err->hint : NULL);
}

static void on_versions(hk_status st, const struct dbx_spark_version *items, size_t n,
                        const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  const struct dbx_spark_version *pick;
  if(v->have_versions < 0 || v->have_nodes < 0)
    return;
  pick = st == HK_OK ? dbx_pick_spark_version(items, n) : NULL;
  if(!pick) {
    v->have_versions = -1;
    if(v->have_nodes != 0)
      lookup_failed(v, _("The workspace lists no Databricks Runtime version"), err);
    return;
  }
  hk_strlcpy(v->spark_version, pick->key, sizeof(v->spark_version));
  v->have_versions = 1;
  if(v->have_nodes == 1)
    create_cluster(v);
}

static void on_nodes(hk_status st, const struct dbx_node_type *items, size_t n,
                     const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  const struct dbx_node_type *pick;
  pick = st == HK_OK ? dbx_pick_node_type(items, n) : NULL;
  if(!pick) {
    v->have_nodes = -1;
    lookup_failed(v, _("The workspace lists no usable node type"), err);
    return;
  }
  hk_strlcpy(v->node_type, pick->node_type_id, sizeof(v->node_type));
  v->have_nodes = 1;
  if(v->have_versions == 1)
    create_cluster(v);
  else if(v->have_versions < 0)
    lookup_failed(v, _("The workspace lists no Databricks Runtime version"), NULL);
}

static void lookup_compute(struct hk_verify *v)
{
  if(v->ended[HK_VERIFY_BACKEND])
    return;          /* stopped while an earlier run's cluster was removed */
  hk_verify_progress(v, HK_VERIFY_BACKEND, _("looking up runtime versions and node types"));
  if(dbx_ws_spark_versions(v->ws, on_versions, v) != HK_OK ||
     dbx_ws_node_types(v->ws, on_nodes, v) != HK_OK)
    hk_verify_end(v, HK_VERIFY_BACKEND, HK_VO_FAIL, _("The compute calls could not be sent."), NULL);
}

void hk_verify_backend_start(struct hk_verify *v)
{
  hk_verify_begin(v, HK_VERIFY_BACKEND);
  v->poll_ms = v->opts->poll_min_ms > 0 ? v->opts->poll_min_ms : 2000;
  hk_verify_cluster_cleanup(v, lookup_compute);
}
