/* dbx_workspace_poll.c - wait for a workspace: adaptive polling, failure with the network's reasons. */
#include "dbx/dbx_workspaces.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"

struct ws_wait {
  struct dbx_client *c;
  int64_t id;
  dbx_workspace_progress_fn progress;
  dbx_workspace_cb done;
  void *ud;
  long start_ms;
  long interval_ms;
  struct dbx_workspace ws;
};

static void poll_now(struct ws_wait *w);

static void finish(struct ws_wait *w, hk_status st, const struct hk_error *err)
{
  w->done(st, w->ws.workspace_id ? &w->ws : NULL, err, w->ud);
  free(w);
}

static void fail_sentence(struct ws_wait *w, const struct dbx_network *net)
{
  struct hk_error e;
  char msgs[900] = "";
  hk_error_clear(&e);
  if(net)
    dbx_network_messages(net, msgs, sizeof(msgs));
  hk_strlcpy(e.code, w->ws.workspace_status, sizeof(e.code));
  hk_strlcpy(e.api_message, w->ws.workspace_status_message, sizeof(e.api_message));
  if(msgs[0])
    hk_error_set(&e, HK_API,
                 _("Workspace %s (%" PRId64 ") is %s: %s. The network configuration %s reports: "
                   "%s"),
                 w->ws.workspace_name, w->ws.workspace_id, w->ws.workspace_status,
                 w->ws.workspace_status_message[0] ? w->ws.workspace_status_message
                                                   : _("no status message"),
                 net->network_name[0] ? net->network_name : net->network_id, msgs);
  else
    hk_error_set(&e, HK_API, _("Workspace %s (%" PRId64 ") is %s: %s"),
                 w->ws.workspace_name, w->ws.workspace_id, w->ws.workspace_status,
                 w->ws.workspace_status_message[0] ? w->ws.workspace_status_message
                                                   : _("no status message was given."));
  hk_error_hint(&e, "%s",
                _("Fix the causes above, then update the workspace: credentials, network and "
                  "private access settings can be changed on a failed workspace. heiiki keeps "
                  "the workspace; it is not deleted."));
  finish(w, HK_API, &e);
}

static void on_network(hk_status st, const struct dbx_network *net, const struct hk_error *err,
                       void *ud)
{
  (void)err;
  fail_sentence(ud, st == HK_OK ? net : NULL);
}

static void poll_timer(void *ud)
{
  poll_now(ud);
}

static void on_workspace(hk_status st, const struct dbx_workspace *ws, const struct hk_error *err,
                         void *ud)
{
  struct ws_wait *w = ud;
  const struct dbx_client_opts *o = dbx_client_opts(w->c);
  long elapsed = hk_now_ms() - w->start_ms;
  struct hk_error e;

  if(st != HK_OK) {
    finish(w, st, err);
    return;
  }
  w->ws = *ws;
  if(w->progress)
    w->progress(&w->ws, elapsed, w->ud);
  if(dbx_workspace_running(&w->ws)) {
    finish(w, HK_OK, NULL);
    return;
  }
  if(dbx_workspace_terminal(&w->ws)) {
    if(!w->ws.network_id[0] ||
       dbx_networks_get(w->c, w->ws.network_id, on_network, w) != HK_OK)
      fail_sentence(w, NULL);
    return;
  }
  if(elapsed + w->interval_ms > o->poll_timeout_ms) {
    hk_error_clear(&e);
    hk_strlcpy(e.code, w->ws.workspace_status, sizeof(e.code));
    hk_strlcpy(e.api_message, w->ws.workspace_status_message, sizeof(e.api_message));
    hk_error_set(&e, HK_TIMEOUT,
                 _("Workspace %s (%" PRId64 ") is still %s after %ld s."),
                 w->ws.workspace_name, w->ws.workspace_id, w->ws.workspace_status,
                 elapsed / 1000);
    hk_error_hint(&e, "%s",
                  _("Provisioning continues on the Databricks side; run heiiki again to resume "
                    "waiting. The workspace is kept."));
    finish(w, HK_TIMEOUT, &e);
    return;
  }
  if(hk_loop_timer(dbx_client_loop(w->c), w->interval_ms, poll_timer, w) != HK_OK) {
    hk_error_clear(&e);
    hk_error_set(&e, HK_NOMEM, "%s", _("Out of memory."));
    finish(w, HK_NOMEM, &e);
    return;
  }
  w->interval_ms += w->interval_ms / 2;
  if(w->interval_ms > o->poll_max_ms)
    w->interval_ms = o->poll_max_ms;
}

static void poll_now(struct ws_wait *w)
{
  struct hk_error e;
  hk_status st = dbx_workspaces_get(w->c, w->id, on_workspace, w);
  if(st != HK_OK) {
    hk_error_clear(&e);
    hk_error_set(&e, st, "%s", _("The workspace could not be read."));
    finish(w, st, &e);
  }
}

hk_status dbx_workspace_wait(struct dbx_client *c, int64_t id,
                             dbx_workspace_progress_fn progress, dbx_workspace_cb done, void *ud)
{
  struct ws_wait *w;
  hk_status st;
  if(!c || !done || id <= 0)
    return HK_INVALID;
  w = calloc(1, sizeof(*w));
  if(!w)
    return HK_NOMEM;
  w->c = c;
  w->id = id;
  w->progress = progress;
  w->done = done;
  w->ud = ud;
  w->start_ms = hk_now_ms();
  w->interval_ms = dbx_client_opts(c)->poll_min_ms;
  st = dbx_workspaces_get(c, id, on_workspace, w);
  if(st != HK_OK)
    free(w);
  return st;
}
