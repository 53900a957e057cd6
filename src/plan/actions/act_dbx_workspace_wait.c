/* act_dbx_workspace_wait.c - wait for RUNNING, with the status message and
 * an adaptive interval.  On FAILED nothing is deleted: the reason (status
 * message and the network's errors) is shown, and the next run first
 * updates the failed workspace (credentials, network, private access
 * settings may be changed on it) and waits again. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_client.h"
#include "net/net_loop.h"
#include "plan/actions/act_dbx_obj.h"

struct wait {
  struct hk_run *run;
  long interval_ms;
  long min_ms;
  long max_ms;
  char status_msg[512];
};

static void poll_now(void *ud);

static const char *ws_id(const struct hk_run *run)
{
  return hk_run_dep(run, "dbx.workspace", "workspace_id");
}

static void wait_end(struct wait *w, hk_status st, const struct hk_error *err)
{
  struct hk_run *run = w->run;

  free(w);
  hk_run_finish(run, st, err);
}

static void append_messages(struct hk_error *e, const cJSON *list, const char *type_key,
                            const char *msg_key)
{
  const cJSON *it;
  size_t len;

  cJSON_ArrayForEach(it, list) {
    len = strlen(e->message);
    snprintf(e->message + len, sizeof(e->message) - len, " [%s] %s", hk_json_str(it, type_key),
             hk_json_str(it, msg_key));
  }
}

static void on_network(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct wait *w = ud;
  struct hk_error e = { .status = HK_OK };

  (void)err;
  hk_error_clear(&e);
  e.status = HK_STATE;
  snprintf(e.message, sizeof(e.message), _("The workspace is FAILED: %s."), w->status_msg);
  if(st == HK_OK) {
    append_messages(&e, cJSON_GetObjectItemCaseSensitive(json, "error_messages"), "error_type",
                    "error_message");
    append_messages(&e, cJSON_GetObjectItemCaseSensitive(json, "warning_messages"),
                    "warning_type", "warning_message");
  }
  hk_error_hint(&e, _("The workspace is kept (ID %s). Fix the cause (network, credentials or "
                      "private access settings) and run `heiiki apply` again: heiiki updates "
                      "the failed workspace and waits again."), ws_id(w->run));
  w->run->eng->ws_failed = true;
  wait_end(w, HK_STATE, &e);
}

static void report_failure(struct wait *w)
{
  struct hk_run *run = w->run;
  char path[128];

  hk_run_set(run, "workspace_status", "FAILED");
  hk_run_save(run);
  snprintf(path, sizeof(path), "/networks/%s", hk_run_dep(run, "dbx.network", "network_id"));
  if(dbx_account_call(run->eng->dbx, "GET", path, NULL, DBX_READ, on_network, w) != HK_OK)
    on_network(HK_NET, NULL, NULL, w);
}

static void schedule(struct wait *w)
{
  if(hk_loop_timer(w->run->eng->loop, w->interval_ms, poll_now, w) != HK_OK) {
    wait_end(w, HK_NOMEM, NULL);
    return;
  }
  w->interval_ms = w->interval_ms * 3 / 2;
  if(w->interval_ms > w->max_ms)
    w->interval_ms = w->max_ms;
}

static void on_status(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct wait *w = ud;
  const char *status;

  if(st != HK_OK) {
    wait_end(w, st, err);
    return;
  }
  status = hk_json_str(json, "workspace_status");
  hk_strlcpy(w->status_msg, hk_json_str(json, "workspace_status_message"), sizeof(w->status_msg));
  hk_run_set(w->run, "workspace_status", status);
  if(strcmp(status, "RUNNING") == 0) {
    wait_end(w, HK_OK, NULL);
    return;
  }
  if(strcmp(status, "FAILED") == 0 || strcmp(status, "BANNED") == 0 ||
     strcmp(status, "CANCELLING") == 0 || strcmp(status, "CANCELLED") == 0) {
    report_failure(w);
    return;
  }
  /* the status word as the API gives it, then heiiki's sentence in the operator's
   * language (the service's own status message is English: it is kept for a
   * failure's report, where its detail matters) */
  hk_run_progress(w->run, "%s: %s", status,
                  strcmp(status, "PROVISIONING") == 0 ? _("the workspace is being provisioned")
                                                      : _("waiting"));
  if(hk_run_stopping(w->run)) {
    wait_end(w, HK_CANCELLED, NULL);
    return;
  }
  schedule(w);
}

static void poll_now(void *ud)
{
  struct wait *w = ud;
  char path[128];

  if(hk_run_stopping(w->run)) {
    wait_end(w, HK_CANCELLED, NULL);
    return;
  }
  snprintf(path, sizeof(path), "/workspaces/%s", ws_id(w->run));
  if(dbx_account_call(w->run->eng->dbx, "GET", path, NULL, DBX_READ, on_status, w) != HK_OK)
    wait_end(w, HK_NET, NULL);
}

static void on_patched(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct wait *w = ud;

  (void)json;
  if(st != HK_OK) {
    wait_end(w, st, err);
    return;
  }
  hk_run_progress(w->run, "%s", _("updated the failed workspace; waiting for it again"));
  poll_now(w);
}

/* A failed workspace: send the current credential, network and PAS IDs. */
static void patch_failed(struct wait *w)
{
  struct hk_run *run = w->run;
  char path[256];
  cJSON *b = cJSON_CreateObject();
  hk_status st;

  cJSON_AddStringToObject(b, "credentials_id", hk_run_dep(run, "dbx.credential", "credentials_id"));
  cJSON_AddStringToObject(b, "network_id", hk_run_dep(run, "dbx.network", "network_id"));
  cJSON_AddStringToObject(b, "private_access_settings_id",
                          hk_run_dep(run, "dbx.pas", "private_access_settings_id"));
  snprintf(path, sizeof(path),
           "/workspaces/%s?update_mask=credentials_id,network_id,private_access_settings_id",
           ws_id(run));
  st = dbx_account_call(run->eng->dbx, "PATCH", path, b, DBX_WRITE, on_patched, w);
  cJSON_Delete(b);
  if(st != HK_OK)
    wait_end(w, st, NULL);
}

static void create(struct hk_run *run)
{
  struct dbx_client *dbx = hk_run_dbx(run);
  const struct dbx_client_opts *o;
  struct wait *w;

  if(!dbx)
    return;
  w = calloc(1, sizeof(*w));
  if(!w) {
    hk_run_fail(run, HK_NOMEM, "%s", _("Out of memory."));
    return;
  }
  o = dbx_client_opts(dbx);
  w->run = run;
  w->min_ms = 500; /* then x1.5 per poll up to max: quick at first, gentle later */
  w->max_ms = o && o->poll_max_ms > 0 ? o->poll_max_ms : 15000;
  w->interval_ms = w->min_ms;
  if(strcmp(hk_run_get(run, "workspace_status"), "FAILED") == 0)
    patch_failed(w);
  else
    poll_now(w);
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  (void)s;
  hk_act_note(a, _("wait for RUNNING, showing the workspace's status message"));
  return HK_DEC_CREATE;
}

static const char *const keys[] = { "workspace_status", NULL };

const struct hk_action_ops hk_act_dbx_workspace_wait = {
  "dbx.workspace.wait", decide, NULL, create, NULL, NULL, keys,
};
