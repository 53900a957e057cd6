/* dbx_vpce.c - VPC endpoint registrations. */
#include "dbx/dbx_vpce.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_json.h"

static hk_status vpce_parse(const cJSON *j, void *out)
{
  struct dbx_vpce *v = out;
  dbx_jstr(j, "vpc_endpoint_id", v->vpc_endpoint_id, sizeof(v->vpc_endpoint_id));
  dbx_jstr(j, "vpc_endpoint_name", v->vpc_endpoint_name, sizeof(v->vpc_endpoint_name));
  dbx_jstr(j, "aws_vpc_endpoint_id", v->aws_vpc_endpoint_id, sizeof(v->aws_vpc_endpoint_id));
  dbx_jstr(j, "region", v->region, sizeof(v->region));
  dbx_jstr(j, "aws_account_id", v->aws_account_id, sizeof(v->aws_account_id));
  dbx_jstr(j, "aws_endpoint_service_id", v->aws_endpoint_service_id,
           sizeof(v->aws_endpoint_service_id));
  dbx_jstr(j, "state", v->state, sizeof(v->state));
  dbx_jstr(j, "use_case", v->use_case, sizeof(v->use_case));
  dbx_jstr(j, "account_id", v->account_id, sizeof(v->account_id));
  return HK_OK;
}

DBX_FAMILY_DELIVERY(vpce, dbx_vpce_cb, dbx_vpce_list_cb)

static const struct dbx_family fam_vpce = {
  "/vpc-endpoints", "VPC endpoint registration", "vpc_endpoint_id",
  sizeof(struct dbx_vpce), vpce_parse, NULL, NULL, vpce_one, vpce_many,
};

cJSON *dbx_vpce_to_json(const struct dbx_vpce *spec)
{
  cJSON *o = cJSON_CreateObject();
  if(!o || !dbx_jadd_str(o, "vpc_endpoint_name", spec->vpc_endpoint_name) ||
     !cJSON_AddStringToObject(o, "aws_vpc_endpoint_id", spec->aws_vpc_endpoint_id) ||
     !dbx_jadd_str(o, "region", spec->region)) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

hk_status dbx_vpce_from_json(const cJSON *j, struct dbx_vpce *out, struct hk_error *err)
{
  return dbx_obj_parse(&fam_vpce, j, out, err);
}

hk_status dbx_vpce_create(struct dbx_client *c, const struct dbx_vpce *spec, dbx_vpce_cb cb,
                          void *ud)
{
  cJSON *body = dbx_vpce_to_json(spec);
  hk_status st;
  if(!body)
    return HK_NOMEM;
  st = dbx_obj_create(c, &fam_vpce, body, (dbx_fn)cb, ud);
  cJSON_Delete(body);
  return st;
}

hk_status dbx_vpce_get(struct dbx_client *c, const char *id, dbx_vpce_cb cb, void *ud)
{
  return dbx_obj_get(c, &fam_vpce, id, (dbx_fn)cb, ud);
}

hk_status dbx_vpce_list(struct dbx_client *c, dbx_vpce_list_cb cb, void *ud)
{
  return dbx_obj_list(c, &fam_vpce, (dbx_fn)cb, ud);
}

hk_status dbx_vpce_delete(struct dbx_client *c, const char *id, dbx_done_cb cb, void *ud)
{
  return dbx_obj_delete(c, &fam_vpce, id, cb, ud);
}

bool dbx_vpce_ready(const struct dbx_vpce *ep)
{
  return !strcasecmp(ep->state, "available");
}

bool dbx_vpce_pending(const struct dbx_vpce *ep)
{
  return !strcasecmp(ep->state, "pending") || !strcasecmp(ep->state, "pendingacceptance") ||
         !ep->state[0];
}

bool dbx_vpce_is_rest(const struct dbx_vpce *ep)
{
  return !strcmp(ep->use_case, "WORKSPACE_ACCESS") || !strcmp(ep->use_case, "GENERAL_ACCESS");
}

/* ---- waiting for "available" ---- */

struct vpce_wait {
  struct dbx_client *c;
  char id[DBX_ID_MAX];
  dbx_vpce_cb cb;
  void *ud;
  long start_ms;
  long interval_ms;
};

static void wait_got(hk_status st, const struct dbx_vpce *ep, const struct hk_error *err,
                     void *ud);

static void wait_finish(struct vpce_wait *w, hk_status st, const struct dbx_vpce *ep,
                        const struct hk_error *err)
{
  w->cb(st, ep, err, w->ud);
  free(w);
}

static void wait_poll(void *ud)
{
  struct vpce_wait *w = ud;
  struct hk_error e;
  hk_status st = dbx_vpce_get(w->c, w->id, wait_got, w);
  if(st != HK_OK) {
    hk_error_clear(&e);
    hk_error_set(&e, st, "%s", _("The VPC endpoint registration could not be read."));
    wait_finish(w, st, NULL, &e);
  }
}

static void wait_got(hk_status st, const struct dbx_vpce *ep, const struct hk_error *err,
                     void *ud)
{
  struct vpce_wait *w = ud;
  const struct dbx_client_opts *o = dbx_client_opts(w->c);
  long elapsed = hk_now_ms() - w->start_ms;
  struct hk_error e;

  hk_error_clear(&e);
  if(st != HK_OK) {
    wait_finish(w, st, NULL, err);
    return;
  }
  if(dbx_vpce_ready(ep)) {
    wait_finish(w, HK_OK, ep, NULL);
    return;
  }
  if(!dbx_vpce_pending(ep)) {
    hk_strlcpy(e.api_message, ep->state, sizeof(e.api_message));
    hk_error_set(&e, HK_API,
                 _("The VPC endpoint %s (%s) is \"%s\" on the AWS side, not available."),
                 ep->aws_vpc_endpoint_id, ep->vpc_endpoint_name, ep->state);
    hk_error_hint(&e, "%s",
                  _("Check that the endpoint uses the Databricks endpoint service of this "
                    "region and that AWS accepted it (aws ec2 describe-vpc-endpoints)."));
    wait_finish(w, HK_API, ep, &e);
    return;
  }
  if(elapsed + w->interval_ms > o->poll_timeout_ms) {
    hk_error_set(&e, HK_TIMEOUT, _("The VPC endpoint %s is still \"%s\" after %ld s."),
                 ep->aws_vpc_endpoint_id, ep->state, elapsed / 1000);
    wait_finish(w, HK_TIMEOUT, ep, &e);
    return;
  }
  if(hk_loop_timer(dbx_client_loop(w->c), w->interval_ms, wait_poll, w) != HK_OK) {
    hk_error_set(&e, HK_NOMEM, "%s", _("Out of memory."));
    wait_finish(w, HK_NOMEM, NULL, &e);
    return;
  }
  w->interval_ms += w->interval_ms / 2;
  if(w->interval_ms > o->poll_max_ms)
    w->interval_ms = o->poll_max_ms;
}

hk_status dbx_vpce_wait(struct dbx_client *c, const char *id, dbx_vpce_cb cb, void *ud)
{
  struct vpce_wait *w;
  hk_status st;
  if(!c || !cb || !dbx_safe_id(id))
    return HK_INVALID;
  w = calloc(1, sizeof(*w));
  if(!w)
    return HK_NOMEM;
  w->c = c;
  hk_strlcpy(w->id, id, sizeof(w->id));
  w->cb = cb;
  w->ud = ud;
  w->start_ms = hk_now_ms();
  w->interval_ms = dbx_client_opts(c)->poll_min_ms;
  st = dbx_vpce_get(c, id, wait_got, w);
  if(st != HK_OK)
    free(w);
  return st;
}
