/* summary_live.c - the summary's states read now, not as recorded at create
 * time: one describe/get per object, all at once on the loop.  An object that
 * cannot be read (offline, no credentials, a failed call) keeps its recorded
 * state, shown as recorded and when. */
#include "plan/summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "aws/aws_ec2.h"
#include "core/hk_buf.h"
#include "core/hk_clean.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_client.h"
#include "net/net_loop.h"

enum live_how { LIVE_DBX, LIVE_AWS_VPCE };

/* Which journal actions carry a state that changes after the create, how to
 * read it (the same calls the actions make), and where it is. */
static const struct live_def {
  const char *action;            /* the action ID, or a prefix ending in '.' */
  const char *id_action;         /* where the object's ID is (NULL: the action itself) */
  const char *id_key;
  const char *state_key;         /* the result key shown, and the reply's field */
  enum live_how how;
  const char *path;              /* account API path before the ID */
} defs[] = {
  { "dbx.workspace", NULL, "workspace_id", "workspace_status", LIVE_DBX, "/workspaces/" },
  { "dbx.workspace.wait", "dbx.workspace", "workspace_id", "workspace_status", LIVE_DBX,
    "/workspaces/" },
  { "dbx.network", NULL, "network_id", "vpc_status", LIVE_DBX, "/networks/" },
  { "dbx.vpce.", NULL, "vpc_endpoint_id", "state", LIVE_DBX, "/vpc-endpoints/" },
  { "aws.vpce.", NULL, "vpce_id", "state", LIVE_AWS_VPCE, NULL },
};

static const struct live_def *def_for(const char *action)
{
  size_t i, n;

  for(i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
    n = strlen(defs[i].action);
    if(defs[i].action[n - 1] == '.' ? strncmp(action, defs[i].action, n) == 0
                                    : strcmp(action, defs[i].action) == 0)
      return &defs[i];
  }
  return NULL;
}

void hk_summary_init(struct hk_summary *m, const struct hk_journal *j)
{
  size_t i;

  memset(m, 0, sizeof(*m));
  m->j = j;
  for(i = 0; i < j->n_actions && m->n < HK_SUMMARY_LIVE_MAX; i++) {
    const struct hk_jaction *a = &j->actions[i];
    const struct live_def *d = def_for(a->id);
    const struct hk_jaction *ida;
    struct hk_summary_live *r;

    if(!d || a->state != HK_JS_DONE || !hk_kvmap_get(&a->result, d->state_key))
      continue;
    ida = d->id_action ? hk_journal_find(j, d->id_action) : a;
    r = &m->rows[m->n++];
    r->def = d;
    hk_strlcpy(r->action, a->id, sizeof(r->action));
    hk_strlcpy(r->key, d->state_key, sizeof(r->key));
    hk_strlcpy(r->object_id, ida ? hk_kvmap_str(&ida->result, d->id_key) : "",
               sizeof(r->object_id));
  }
}

const struct hk_summary_live *hk_summary_find(const struct hk_summary *m, const char *action)
{
  size_t i;

  for(i = 0; i < m->n; i++)
    if(strcmp(m->rows[i].action, action) == 0)
      return &m->rows[i];
  return NULL;
}

static void row_failed(struct hk_summary_live *r, const struct hk_error *err)
{
  hk_strlcpy(r->error, err && err->message[0] ? err->message : _("no answer"), sizeof(r->error));
  hk_text_clean(r->error, 0);    /* server text: no terminal control, no secret */
}

static void row_done(struct hk_summary *m)
{
  if(m->waiting > 0)
    m->waiting--;
}

struct live_call {
  struct hk_summary *m;
  size_t row;
};

static void dbx_done(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct live_call *c = ud;
  struct hk_summary_live *r = &c->m->rows[c->row];
  const cJSON *v = json ? cJSON_GetObjectItemCaseSensitive(json, r->key) : NULL;

  if(st == HK_OK && v && cJSON_IsString(v) && v->valuestring && v->valuestring[0]) {
    hk_strlcpy(r->state, v->valuestring, sizeof(r->state));
    hk_text_clean(r->state, 0);
  } else if(st == HK_NOT_FOUND) {
    hk_strlcpy(r->state, _("(not found)"), sizeof(r->state));
  } else {
    row_failed(r, err);
  }
  row_done(c->m);
  free(c);
}

static void vpce_done(struct aws_vpc_endpoint *v, size_t n, const struct hk_error *err, void *ud)
{
  struct live_call *c = ud;
  struct hk_summary_live *r = &c->m->rows[c->row];

  if(err->status == HK_OK && n == 1 && v[0].state[0])
    hk_strlcpy(r->state, v[0].state, sizeof(r->state));
  else if(err->status == HK_NOT_FOUND || (err->status == HK_OK && n == 0))
    hk_strlcpy(r->state, _("(not found)"), sizeof(r->state));
  else
    row_failed(r, err);
  aws_vpc_endpoints_free(v, n);
  row_done(c->m);
  free(c);
}

/* The same object already asked for (the workspace, for its wait row). */
static bool same_as_earlier(struct hk_summary *m, size_t i)
{
  size_t k;

  for(k = 0; k < i; k++)
    if(m->rows[k].def->how == m->rows[i].def->how && m->rows[k].def->path == m->rows[i].def->path &&
       strcmp(m->rows[k].object_id, m->rows[i].object_id) == 0) {
      m->rows[i].same_as = (int)k + 1;
      return true;
    }
  return false;
}

static hk_status issue(struct hk_summary *m, size_t i, struct aws_client *aws,
                       struct dbx_client *dbx)
{
  struct hk_summary_live *r = &m->rows[i];
  struct live_call *c;
  struct hk_buf path;
  hk_status st = HK_INVALID;

  if(!r->object_id[0] || (r->def->how == LIVE_DBX ? !dbx : !aws))
    return HK_INVALID;
  c = calloc(1, sizeof(*c));
  if(!c)
    return HK_NOMEM;
  c->m = m;
  c->row = i;
  if(r->def->how == LIVE_AWS_VPCE) {
    const char *ids[1];

    ids[0] = r->object_id;
    st = aws_ec2_describe_vpc_endpoints(aws, ids, 1, NULL, 0, vpce_done, c);
  } else {
    hk_buf_init(&path);
    if(hk_buf_puts(&path, r->def->path) == HK_OK && dbx_url_escape(&path, r->object_id) == HK_OK)
      st = dbx_account_call(dbx, "GET", path.data, NULL, DBX_READ, dbx_done, c);
    hk_buf_free(&path);
  }
  if(st != HK_OK)
    free(c);
  return st;
}

void hk_summary_refresh(struct hk_summary *m, struct hk_loop *loop, struct aws_client *aws,
                        struct dbx_client *dbx, const char *why_not)
{
  size_t i;

  m->tried = true;
  hk_utc_now(m->read_at, sizeof(m->read_at));
  if(!loop || (!aws && !dbx)) {
    hk_strlcpy(m->why_not, why_not && why_not[0] ? why_not : _("not connected"),
               sizeof(m->why_not));
    for(i = 0; i < m->n; i++)
      hk_strlcpy(m->rows[i].error, m->why_not, sizeof(m->rows[i].error));
    return;
  }
  for(i = 0; i < m->n; i++) {
    if(same_as_earlier(m, i))
      continue;
    m->waiting++;
    if(issue(m, i, aws, dbx) != HK_OK) {
      m->waiting--;
      hk_strlcpy(m->rows[i].error, !m->rows[i].object_id[0] ? _("no ID recorded")
                                                              : _("the call could not be made"),
                 sizeof(m->rows[i].error));
    }
  }
  while(m->waiting > 0)
    if(hk_loop_poll(loop, 1000, -1, NULL) != HK_OK && hk_loop_pending(loop) == 0)
      break;
  for(i = 0; i < m->n; i++)
    if(m->rows[i].same_as) {
      const struct hk_summary_live *src = &m->rows[m->rows[i].same_as - 1];

      hk_strlcpy(m->rows[i].state, src->state, sizeof(m->rows[i].state));
      hk_strlcpy(m->rows[i].error, src->error, sizeof(m->rows[i].error));
    }
}
