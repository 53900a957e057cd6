/* dbx_credentials.c - credential configurations and the IAM propagation wait. */
#include "dbx/dbx_credentials.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_error.h"
#include "dbx/dbx_json.h"

static hk_status cred_parse(const cJSON *j, void *out)
{
  struct dbx_credentials *c = out;
  dbx_jstr(j, "credentials_id", c->credentials_id, sizeof(c->credentials_id));
  dbx_jstr(j, "credentials_name", c->credentials_name, sizeof(c->credentials_name));
  dbx_jstr_path(j, "aws_credentials.sts_role.role_arn", c->role_arn, sizeof(c->role_arn));
  dbx_jstr_path(j, "aws_credentials.sts_role.external_id", c->external_id,
                sizeof(c->external_id));
  dbx_jstr(j, "account_id", c->account_id, sizeof(c->account_id));
  c->creation_time = dbx_jint(j, "creation_time");
  return HK_OK;
}

DBX_FAMILY_DELIVERY(cred, dbx_credentials_cb, dbx_credentials_list_cb)

static const struct dbx_family fam_cred = {
  "/credentials", "credential configuration", "credentials_id",
  sizeof(struct dbx_credentials), cred_parse, NULL, NULL, cred_one, cred_many,
};

cJSON *dbx_credentials_to_json(const struct dbx_credentials *spec)
{
  cJSON *o = cJSON_CreateObject();
  cJSON *role;
  if(!o)
    return NULL;
  role = dbx_jchild(dbx_jchild(o, "aws_credentials"), "sts_role");
  if(!dbx_jadd_str(o, "credentials_name", spec->credentials_name) || !role ||
     !cJSON_AddStringToObject(role, "role_arn", spec->role_arn)) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

hk_status dbx_credentials_from_json(const cJSON *j, struct dbx_credentials *out,
                                    struct hk_error *err)
{
  return dbx_obj_parse(&fam_cred, j, out, err);
}

hk_status dbx_credentials_create(struct dbx_client *c, const struct dbx_credentials *spec,
                                 dbx_credentials_cb cb, void *ud)
{
  cJSON *body = dbx_credentials_to_json(spec);
  hk_status st;
  if(!body)
    return HK_NOMEM;
  st = dbx_obj_create(c, &fam_cred, body, (dbx_fn)cb, ud);
  cJSON_Delete(body);
  return st;
}

hk_status dbx_credentials_get(struct dbx_client *c, const char *id, dbx_credentials_cb cb,
                              void *ud)
{
  return dbx_obj_get(c, &fam_cred, id, (dbx_fn)cb, ud);
}

hk_status dbx_credentials_list(struct dbx_client *c, dbx_credentials_list_cb cb, void *ud)
{
  return dbx_obj_list(c, &fam_cred, (dbx_fn)cb, ud);
}

hk_status dbx_credentials_delete(struct dbx_client *c, const char *id, dbx_done_cb cb, void *ud)
{
  return dbx_obj_delete(c, &fam_cred, id, cb, ud);
}

/* ---- create with the propagation wait ---- */

struct cred_wait {
  struct dbx_client *c;
  cJSON *body;
  dbx_cred_grants_fn grants;
  void *grants_ud;
  dbx_credentials_cb cb;
  void *ud;
  long start_ms;
  int attempt;
};

static void wait_reply(hk_status st, const struct dbx_credentials *cred,
                       const struct hk_error *err, void *ud);

static void wait_free(struct cred_wait *w)
{
  cJSON_Delete(w->body);
  free(w);
}

static void wait_send(struct cred_wait *w)
{
  struct hk_error e;
  hk_status st = dbx_obj_create(w->c, &fam_cred, w->body, (dbx_fn)wait_reply, w);
  if(st != HK_OK) {
    hk_error_clear(&e);
    hk_error_set(&e, st, "%s", _("The credential configuration request could not be started."));
    w->cb(st, NULL, &e, w->ud);
    wait_free(w);
  }
}

static void wait_timer(void *ud)
{
  wait_send(ud);
}

static void wait_reply(hk_status st, const struct dbx_credentials *cred,
                       const struct hk_error *err, void *ud)
{
  struct cred_wait *w = ud;
  char checks[32][96];
  const char *list[32];
  char missing[768];
  struct hk_error e;
  size_t n, i;
  long elapsed, delay;
  const struct dbx_client_opts *o = dbx_client_opts(w->c);

  if(st != HK_API || !err || !dbx_cred_validation_failed(err->api_message)) {
    w->cb(st, cred, err, w->ud);
    wait_free(w);
    return;
  }
  e = *err;
  n = dbx_cred_failed_checks(err->api_message, checks, 32);
  for(i = 0; i < n; i++)
    list[i] = checks[i];
  missing[0] = '\0';
  if(w->grants && w->grants(list, n, missing, sizeof(missing), w->grants_ud)) {
    elapsed = hk_now_ms() - w->start_ms;
    delay = hk_backoff_ms(w->attempt, 2 * o->retry_base_ms, o->retry_cap_ms);
    if(delay < o->retry_base_ms)
      delay = o->retry_base_ms;
    w->attempt++;
    if(elapsed + delay <= o->cred_retry_cap_ms &&
       hk_loop_timer(dbx_client_loop(w->c), delay, wait_timer, w) == HK_OK)
      return;
    hk_error_set(&e, HK_API,
                 _("Databricks still fails the credential validation checks for %s after %ld s, "
                   "although the role's policy grants them: %s"),
                 cJSON_GetStringValue(dbx_jobj_path(w->body, "aws_credentials.sts_role.role_arn")),
                 elapsed / 1000, err->api_message);
    hk_error_hint(&e, "%s",
                  _("IAM changes can take several minutes to reach Databricks; run again later. If "
                    "it persists, check the role's trust policy (Databricks principal and your "
                    "account ID as external ID)."));
  }
  else {
    hk_error_set(&e, HK_API,
                 _("Databricks cannot use the role %s: %s"),
                 cJSON_GetStringValue(dbx_jobj_path(w->body, "aws_credentials.sts_role.role_arn")),
                 err->api_message);
    if(missing[0])
      hk_error_hint(&e, _("Add to the role: %s"), missing);
    else
      hk_error_hint(&e, "%s",
                    _("Attach the cross-account policy heiiki generates to the role and check "
                      "its trust policy, then run again."));
  }
  w->cb(HK_API, NULL, &e, w->ud);
  wait_free(w);
}

hk_status dbx_credentials_create_wait(struct dbx_client *c, const struct dbx_credentials *spec,
                                      dbx_cred_grants_fn grants, void *grants_ud,
                                      dbx_credentials_cb cb, void *ud)
{
  struct cred_wait *w;
  if(!c || !spec || !cb)
    return HK_INVALID;
  w = calloc(1, sizeof(*w));
  if(!w)
    return HK_NOMEM;
  w->body = dbx_credentials_to_json(spec);
  if(!w->body) {
    free(w);
    return HK_NOMEM;
  }
  w->c = c;
  w->grants = grants;
  w->grants_ud = grants_ud;
  w->cb = cb;
  w->ud = ud;
  w->start_ms = hk_now_ms();
  if(dbx_obj_create(c, &fam_cred, w->body, (dbx_fn)wait_reply, w) != HK_OK) {
    wait_free(w);
    return HK_NOMEM;
  }
  return HK_OK;
}
