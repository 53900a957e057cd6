/* act_dbx_obj.c - find / create / delete for Databricks account objects. */
#include "plan/actions/act_dbx_obj.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_client.h"

struct obj_call {
  struct hk_run *run;
  const struct hk_dbx_obj *d;
};

const char *hk_json_str(const cJSON *obj, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
  return cJSON_IsString(v) && v->valuestring ? v->valuestring : "";
}

void hk_json_num_text(const cJSON *obj, const char *key, char *out, size_t n)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

  out[0] = '\0';
  if(cJSON_IsNumber(v))
    snprintf(out, n, "%.0f", v->valuedouble);
  else if(cJSON_IsString(v) && v->valuestring)
    hk_strlcpy(out, v->valuestring, n);
}

struct dbx_client *hk_run_dbx(struct hk_run *run)
{
  if(!run->eng->dbx)
    hk_run_fail(run, HK_CONFIG,
                _("The Databricks account is not configured; set DATABRICKS_HOST, "
                  "DATABRICKS_ACCOUNT_ID and the service principal's client ID and secret."));
  return run->eng->dbx;
}

static struct obj_call *call_new(struct hk_run *run, const struct hk_dbx_obj *d)
{
  struct obj_call *c = malloc(sizeof(*c));

  if(!c) {
    hk_run_fail(run, HK_NOMEM, "%s", _("Out of memory."));
    return NULL;
  }
  c->run = run;
  c->d = d;
  return c;
}

void hk_dbx_obj_record(struct hk_run *run, const struct hk_dbx_obj *d, const cJSON *obj)
{
  char id[64];

  hk_json_num_text(obj, d->id_key, id, sizeof(id));
  hk_run_set(run, d->id_key, id);
  hk_run_set(run, "name", hk_json_str(obj, d->name_key));
  if(d->record)
    d->record(run, obj);
}

static void on_list(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct obj_call *c = ud;
  struct hk_run *run = c->run;
  const struct hk_dbx_obj *d = c->d;
  char name[HK_NAME_MAX];
  char why[512] = "";
  const cJSON *it;

  free(c);
  if(st != HK_OK) {
    hk_run_finish(run, st, err);
    return;
  }
  d->name(run, name, sizeof(name));
  cJSON_ArrayForEach(it, json) {
    if(strcmp(hk_json_str(it, d->name_key), name) != 0)
      continue;
    if(d->matches && !d->matches(run, it, why, sizeof(why))) {
      hk_run_fail(run, HK_CONFLICT,
                  _("A %s named \"%s\" already exists but differs: %s. Rename yours or delete "
                    "the old one."), _(d->label), name, why);
      return;
    }
    hk_dbx_obj_record(run, d, it);
    hk_run_found(run);
    break;
  }
  hk_run_finish(run, HK_OK, NULL);
}

void hk_dbx_obj_lookup(struct hk_run *run, const struct hk_dbx_obj *d)
{
  struct dbx_client *dbx = hk_run_dbx(run);
  struct obj_call *c = dbx ? call_new(run, d) : NULL;
  hk_status st;

  if(!c)
    return;
  st = dbx_account_call(dbx, "GET", d->coll, NULL, DBX_READ, on_list, c);
  if(st != HK_OK) {
    free(c);
    hk_run_fail(run, st, _("Cannot list %ss."), _(d->label));
  }
}

static void on_created(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct obj_call *c = ud;
  struct hk_run *run = c->run;
  const struct hk_dbx_obj *d = c->d;

  free(c);
  if(st != HK_OK) {
    hk_run_finish(run, st, err);
    return;
  }
  hk_dbx_obj_record(run, d, json);
  if(!hk_run_get(run, d->id_key)[0]) {
    hk_run_fail(run, HK_PARSE, _("The %s was created but the reply has no %s."), _(d->label),
                d->id_key);
    return;
  }
  hk_run_finish(run, HK_OK, NULL);
}

void hk_dbx_obj_create(struct hk_run *run, const struct hk_dbx_obj *d)
{
  struct dbx_client *dbx = hk_run_dbx(run);
  struct obj_call *c = dbx ? call_new(run, d) : NULL;
  cJSON *body;
  hk_status st;

  if(!c)
    return;
  body = d->body(run);
  if(!body) {
    free(c);
    hk_run_fail(run, HK_NOMEM, "%s", _("Out of memory."));
    return;
  }
  st = dbx_account_call(dbx, "POST", d->coll, body, DBX_CREATE, on_created, c);
  cJSON_Delete(body);
  if(st != HK_OK) {
    free(c);
    hk_run_fail(run, st, _("Cannot create the %s."), _(d->label));
  }
}

static void on_deleted(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct obj_call *c = ud;
  struct hk_run *run = c->run;

  (void)json;
  free(c);
  if(st == HK_NOT_FOUND)
    st = HK_OK; /* already gone */
  hk_run_finish(run, st, st == HK_OK ? NULL : err);
}

static void send_delete(struct obj_call *c)
{
  char path[256];
  hk_status st;

  snprintf(path, sizeof(path), "%s/%s", c->d->coll, hk_run_get(c->run, c->d->id_key));
  st = dbx_account_call(c->run->eng->dbx, "DELETE", path, NULL, DBX_WRITE, on_deleted, c);
  if(st != HK_OK) {
    struct hk_run *run = c->run;
    const char *label = c->d->label;
    free(c);
    hk_run_fail(run, st, _("Cannot delete the %s."), _(label));
  }
}

/* Attachments first: a resource still in use is reported (the caller waits
 * and tries again) instead of drawing a bare 409. */
static void on_before_delete(hk_status st, const cJSON *json, const struct hk_error *err,
                             void *ud)
{
  struct obj_call *c = ud;
  struct hk_run *run = c->run;
  char user[64];

  if(st == HK_NOT_FOUND) {
    free(c);
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  if(st != HK_OK) {
    free(c);
    hk_run_finish(run, st, err);
    return;
  }
  hk_json_num_text(json, c->d->attached_key, user, sizeof(user));
  if(user[0] && strcmp(user, "0") != 0) {
    const char *label = c->d->label;
    free(c);
    hk_run_fail(run, HK_CONFLICT, _("The %s is still used by workspace %s."), _(label), user);
    return;
  }
  send_delete(c);
}

void hk_dbx_obj_remove(struct hk_run *run, const struct hk_dbx_obj *d)
{
  struct dbx_client *dbx = hk_run_dbx(run);
  struct obj_call *c = dbx ? call_new(run, d) : NULL;
  char path[256];

  if(!c)
    return;
  if(!d->attached_key) {
    send_delete(c);
    return;
  }
  snprintf(path, sizeof(path), "%s/%s", d->coll, hk_run_get(run, d->id_key));
  if(dbx_account_call(dbx, "GET", path, NULL, DBX_READ, on_before_delete, c) != HK_OK) {
    free(c);
    hk_run_fail(run, HK_NET, _("Cannot read the %s."), _(d->label));
  }
}
