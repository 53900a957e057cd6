/* summary.c - `heiiki summary NAME [--json]`. */
#include "plan/summary.h"

#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "core/hk_text.h"

static const char *res(const struct hk_journal *j, const char *id, const char *key)
{
  const struct hk_jaction *a = hk_journal_find(j, id);
  return a ? hk_kvmap_str(&a->result, key) : "";
}

void hk_summary_workspace(const struct hk_journal *j, struct hk_summary_ws *ws)
{
  const char *wait_status = res(j, "dbx.workspace.wait", "workspace_status");

  ws->workspace_id = res(j, "dbx.workspace", "workspace_id");
  ws->url = res(j, "dbx.workspace", "workspace_url");
  ws->host = res(j, "dbx.workspace", "workspace_host");
  ws->deployment_name = res(j, "dbx.workspace", "deployment_name");
  ws->status = wait_status[0] ? wait_status : res(j, "dbx.workspace", "workspace_status");
  ws->address = res(j, "post.client_access", "address");
  ws->hosts_line = res(j, "post.client_access", "hosts_line");
}

static bool listed(const struct hk_jaction *a)
{
  return (a->state == HK_JS_DONE || a->state == HK_JS_INTENT || a->state == HK_JS_FAILED) &&
         a->result.n > 0;
}

static void counts(const struct hk_journal *j, size_t *done, size_t *total)
{
  size_t i;

  *done = 0;
  *total = j->n_actions;
  for(i = 0; i < j->n_actions; i++)
    if(j->actions[i].state == HK_JS_DONE || j->actions[i].state == HK_JS_SKIPPED)
      (*done)++;
}

/* The words the text shows for a state file's keys, in the operator's
 * language (the JSON keeps the keys). */
const char *hk_summary_phase_word(const char *key)
{
  static const char *const words[][2] = {
    { "planned", N_("planned") },       { "applying", N_("applying") },
    { "complete", N_("complete") },     { "failed", N_("failed") },
    { "destroying", N_("destroying") }, { "destroyed", N_("destroyed") },
  };
  size_t i;

  for(i = 0; i < sizeof(words) / sizeof(words[0]); i++)
    if(strcmp(key, words[i][0]) == 0)
      return _(words[i][1]);
  return key;
}

static const char *row_label(const struct hk_jaction *a)
{
  if(a->state == HK_JS_DONE) {
    switch(a->origin) {
    case HK_ORIGIN_CREATED: return _("created");
    case HK_ORIGIN_ADOPTED: return _("adopted");
    case HK_ORIGIN_KEPT: return _("kept");
    case HK_ORIGIN_NONE: break;
    case HK_ORIGIN__COUNT: break;
    }
    return _("done");
  }
  switch(a->state) {
  case HK_JS_PENDING: return _("pending");
  case HK_JS_INTENT: return _("intent");
  case HK_JS_FAILED: return _("failed");
  case HK_JS_SKIPPED: return _("skipped");
  case HK_JS_DELETED: return _("deleted");
  case HK_JS_DONE: break;
  case HK_JS__COUNT: break;
  }
  return hk_jstate_key(a->state);
}

/* A state's value: read now, or the recorded one (marked as recorded, with
 * when, once a read was tried and failed). */
static void state_text(const struct hk_summary *m, const struct hk_summary_live *r,
                       const char *recorded, const char *when, char *out, size_t n)
{
  if(r && r->state[0])
    hk_strlcpy(out, r->state, n);
  else if(r && m->tried)
    snprintf(out, n, _("%s (recorded %s)"), recorded, when[0] ? when : _("earlier"));
  else
    hk_strlcpy(out, recorded, n);
}

static const struct hk_summary_live *status_row(const struct hk_summary *m)
{
  const struct hk_summary_live *r = hk_summary_find(m, "dbx.workspace.wait");

  return r ? r : hk_summary_find(m, "dbx.workspace");
}

static const char *done_at(const struct hk_journal *j, const char *id)
{
  const struct hk_jaction *a = hk_journal_find(j, id);

  return a ? a->done_at : "";
}

static void print_read_note(const struct hk_summary *m, FILE *out)
{
  size_t i, failed = 0;
  const char *why = m->why_not;

  if(!m->tried || !m->n)
    return;
  for(i = 0; i < m->n; i++)
    if(!m->rows[i].state[0]) {
      failed++;
      if(!why[0])
        why = m->rows[i].error;
    }
  if(!failed)
    fprintf(out, _("States read now (%s).\n"), m->read_at);
  else
    fprintf(out, _("%zu of %zu states could not be read now (%s); they show the state recorded "
                   "when heiiki made the object, and when.\n"), failed, m->n, why);
}

static void print_text(const struct hk_summary *m, FILE *out)
{
  const struct hk_journal *j = m->j;
  const struct hk_summary_live *sr = status_row(m);
  struct hk_summary_ws ws;
  size_t i, k, done, total;
  char col[128], status[160];

  hk_summary_workspace(j, &ws);
  counts(j, &done, &total);
  fprintf(out, _("Setup \"%s\": %s, %zu of %zu actions done (updated %s).\n"), j->name,
          hk_summary_phase_word(j->phase),
          done, total, j->updated_at);
  print_read_note(m, out);
  state_text(m, sr, ws.status[0] ? ws.status : "-", sr ? done_at(j, sr->action) : "", status,
             sizeof(status));
  fprintf(out, "\n%s\n", _("Workspace"));
  /* label columns in display cells: translated labels are wider than their bytes */
  fprintf(out, "  %s %s\n", hk_text_pad(col, sizeof(col), _("ID"), 12),
          ws.workspace_id[0] ? ws.workspace_id : "-");
  fprintf(out, "  %s %s\n", hk_text_pad(col, sizeof(col), _("URL"), 12), ws.url[0] ? ws.url : "-");
  fprintf(out, "  %s %s\n", hk_text_pad(col, sizeof(col), _("Status"), 12), status);
  fprintf(out, "  %s %s\n", hk_text_pad(col, sizeof(col), _("Hosts line"), 12),
          ws.hosts_line[0] ? ws.hosts_line : _("(not known yet: the front-end address comes "
                                               "after the workspace runs)"));
  fprintf(out, "\n%s\n", _("Resources (origin: created by heiiki, adopted, or given by you)"));
  for(i = 0; i < j->n_actions; i++) {
    const struct hk_jaction *a = &j->actions[i];
    const struct hk_summary_live *r = hk_summary_find(m, a->id);

    if(!listed(a))
      continue;
    fprintf(out, "  %s %-24s", hk_text_pad(col, sizeof(col), row_label(a), 8), a->id);
    for(k = 0; k < a->result.n; k++) {
      const struct hk_kvpair *kv = &a->result.items[k];

      if(kv->key[0] == '_')    /* '_': heiiki's own bookkeeping */
        continue;
      if(r && strcmp(kv->key, r->key) == 0) {
        state_text(m, r, kv->value, a->done_at, status, sizeof(status));
        fprintf(out, " %s=%s", kv->key, status);
      } else {
        fprintf(out, " %s=%s", kv->key, kv->value);
      }
    }
    fputc('\n', out);
  }
}

static cJSON *action_json(const struct hk_summary *m, const struct hk_jaction *a)
{
  const struct hk_summary_live *lr = hk_summary_find(m, a->id);
  cJSON *o = cJSON_CreateObject();
  cJSON *r = cJSON_AddObjectToObject(o, "result");
  size_t k;

  cJSON_AddStringToObject(o, "action", a->id);
  cJSON_AddStringToObject(o, "state", hk_jstate_key(a->state));
  cJSON_AddStringToObject(o, "origin", hk_origin_key(a->origin));
  if(a->done_at[0])
    cJSON_AddStringToObject(o, "done_at", a->done_at);
  for(k = 0; k < a->result.n; k++)
    if(a->result.items[k].key[0] != '_')
      cJSON_AddStringToObject(r, a->result.items[k].key, a->result.items[k].value);
  /* "result" is what was recorded; "current" what was read now */
  if(lr && m->tried) {
    cJSON *c = cJSON_AddObjectToObject(o, "current");

    if(lr->state[0]) {
      cJSON_AddStringToObject(c, lr->key, lr->state);
      cJSON_AddStringToObject(c, "read_at", m->read_at);
    } else {
      cJSON_AddStringToObject(c, "error", lr->error);
    }
  }
  return o;
}

static hk_status print_json(const struct hk_summary *m, FILE *out)
{
  const struct hk_journal *j = m->j;
  const struct hk_summary_live *sr = status_row(m);
  struct hk_summary_ws ws;
  cJSON *root = cJSON_CreateObject();
  cJSON *w = cJSON_AddObjectToObject(root, "workspace");
  cJSON *arr = cJSON_AddArrayToObject(root, "resources");
  char *text;
  size_t i, done, total;

  hk_summary_workspace(j, &ws);
  counts(j, &done, &total);
  cJSON_AddStringToObject(root, "name", j->name);
  cJSON_AddStringToObject(root, "phase", j->phase);
  cJSON_AddNumberToObject(root, "actions_done", (double)done);
  cJSON_AddNumberToObject(root, "actions_total", (double)total);
  if(m->tried)
    cJSON_AddStringToObject(root, "states_read_at", m->read_at);
  cJSON_AddStringToObject(w, "workspace_id", ws.workspace_id);
  cJSON_AddStringToObject(w, "url", ws.url);
  cJSON_AddStringToObject(w, "host", ws.host);
  cJSON_AddStringToObject(w, "deployment_name", ws.deployment_name);
  /* the status read now when it could be; status_recorded is the journal's */
  cJSON_AddStringToObject(w, "status", sr && sr->state[0] ? sr->state : ws.status);
  cJSON_AddStringToObject(w, "status_recorded", ws.status);
  cJSON_AddBoolToObject(w, "status_current", sr && sr->state[0]);
  cJSON_AddStringToObject(w, "frontend_address", ws.address);
  cJSON_AddStringToObject(w, "hosts_line", ws.hosts_line);
  for(i = 0; i < j->n_actions; i++)
    if(listed(&j->actions[i]))
      cJSON_AddItemToArray(arr, action_json(m, &j->actions[i]));
  text = cJSON_Print(root);
  cJSON_Delete(root);
  if(!text)
    return HK_NOMEM;
  fprintf(out, "%s\n", text);
  free(text);
  return HK_OK;
}

hk_status hk_summary_print_model(const struct hk_summary *m, FILE *out, bool json)
{
  if(json)
    return print_json(m, out);
  print_text(m, out);
  return HK_OK;
}

hk_status hk_summary_print(const struct hk_journal *j, FILE *out, bool json)
{
  struct hk_summary *m = calloc(1, sizeof(*m));
  hk_status st;

  if(!m)
    return HK_NOMEM;
  hk_summary_init(m, j);
  st = hk_summary_print_model(m, out, json);
  free(m);
  return st;
}
