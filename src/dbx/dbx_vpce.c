/* dbx_vpce.c - VPC endpoint registrations. */
#include "dbx/dbx_vpce.h"

#include <string.h>
#include <strings.h>

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
