/* dbx_networks.c - network configurations. */
#include "dbx/dbx_networks.h"

#include <stdio.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_json.h"

static size_t parse_msgs(const cJSON *j, const char *key, const char *type_key,
                         const char *msg_key, struct dbx_net_msg *out)
{
  const cJSON *it;
  size_t n = 0;
  cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(j, key)) {
    if(n >= DBX_MAX_MSGS)
      break;
    dbx_jstr(it, type_key, out[n].type, sizeof(out[n].type));
    dbx_jstr(it, msg_key, out[n].message, sizeof(out[n].message));
    if(out[n].type[0] || out[n].message[0])
      n++;
  }
  return n;
}

static hk_status net_parse(const cJSON *j, void *out)
{
  struct dbx_network *n = out;
  const cJSON *ep = cJSON_GetObjectItemCaseSensitive(j, "vpc_endpoints");
  dbx_jstr(j, "network_id", n->network_id, sizeof(n->network_id));
  dbx_jstr(j, "network_name", n->network_name, sizeof(n->network_name));
  dbx_jstr(j, "vpc_id", n->vpc_id, sizeof(n->vpc_id));
  n->n_subnet_ids = dbx_jstrs(j, "subnet_ids", &n->subnet_ids[0][0], DBX_MAX_IDS, DBX_ID_MAX);
  n->n_security_group_ids = dbx_jstrs(j, "security_group_ids", &n->security_group_ids[0][0],
                                      DBX_MAX_IDS, DBX_ID_MAX);
  n->n_rest_api_ids = dbx_jstrs(ep, "rest_api", &n->rest_api_ids[0][0], DBX_MAX_IDS, DBX_ID_MAX);
  n->n_dataplane_relay_ids = dbx_jstrs(ep, "dataplane_relay", &n->dataplane_relay_ids[0][0],
                                       DBX_MAX_IDS, DBX_ID_MAX);
  dbx_jstr(j, "vpc_status", n->vpc_status, sizeof(n->vpc_status));
  n->n_errors = parse_msgs(j, "error_messages", "error_type", "error_message", n->errors);
  n->n_warnings = parse_msgs(j, "warning_messages", "warning_type", "warning_message",
                             n->warnings);
  n->workspace_id = dbx_jint(j, "workspace_id");
  dbx_jstr(j, "account_id", n->account_id, sizeof(n->account_id));
  n->creation_time = dbx_jint(j, "creation_time");
  return HK_OK;
}

DBX_FAMILY_DELIVERY(net, dbx_network_cb, dbx_network_list_cb)

static const struct dbx_family fam_net = {
  "/networks", "network configuration", "network_id",
  sizeof(struct dbx_network), net_parse, NULL, NULL, net_one, net_many,
};

cJSON *dbx_network_to_json(const struct dbx_network *spec)
{
  cJSON *o = cJSON_CreateObject();
  bool ok = o != NULL;
  ok = ok && dbx_jadd_str(o, "network_name", spec->network_name);
  ok = ok && dbx_jadd_str(o, "vpc_id", spec->vpc_id);
  ok = ok && dbx_jadd_strs(o, "subnet_ids", &spec->subnet_ids[0][0], spec->n_subnet_ids,
                           DBX_ID_MAX);
  ok = ok && dbx_jadd_strs(o, "security_group_ids", &spec->security_group_ids[0][0],
                           spec->n_security_group_ids, DBX_ID_MAX);
  if(ok && (spec->n_rest_api_ids || spec->n_dataplane_relay_ids)) {
    cJSON *ep = dbx_jchild(o, "vpc_endpoints");
    ok = ep && dbx_jadd_strs(ep, "rest_api", &spec->rest_api_ids[0][0], spec->n_rest_api_ids,
                             DBX_ID_MAX) &&
         dbx_jadd_strs(ep, "dataplane_relay", &spec->dataplane_relay_ids[0][0],
                       spec->n_dataplane_relay_ids, DBX_ID_MAX);
  }
  if(!ok) {
    cJSON_Delete(o);
    return NULL;
  }
  return o;
}

hk_status dbx_network_from_json(const cJSON *j, struct dbx_network *out, struct hk_error *err)
{
  return dbx_obj_parse(&fam_net, j, out, err);
}

hk_status dbx_networks_create(struct dbx_client *c, const struct dbx_network *spec,
                              dbx_network_cb cb, void *ud)
{
  cJSON *body = dbx_network_to_json(spec);
  hk_status st;
  if(!body)
    return HK_NOMEM;
  st = dbx_obj_create(c, &fam_net, body, (dbx_fn)cb, ud);
  cJSON_Delete(body);
  return st;
}

hk_status dbx_networks_get(struct dbx_client *c, const char *id, dbx_network_cb cb, void *ud)
{
  return dbx_obj_get(c, &fam_net, id, (dbx_fn)cb, ud);
}

hk_status dbx_networks_list(struct dbx_client *c, dbx_network_list_cb cb, void *ud)
{
  return dbx_obj_list(c, &fam_net, (dbx_fn)cb, ud);
}

hk_status dbx_networks_delete(struct dbx_client *c, const char *id, dbx_done_cb cb, void *ud)
{
  return dbx_obj_delete(c, &fam_net, id, cb, ud);
}

void dbx_network_messages(const struct dbx_network *net, char *out, size_t n)
{
  struct hk_buf b;
  size_t i;
  hk_buf_init(&b);
  for(i = 0; i < net->n_errors; i++)
    hk_buf_printf(&b, "%s%s: %s", i ? "; " : "", net->errors[i].type, net->errors[i].message);
  if(net->n_warnings)
    hk_buf_printf(&b, "%s%s ", b.len ? "; " : "", _("warnings:"));
  for(i = 0; i < net->n_warnings; i++)
    hk_buf_printf(&b, "%s%s: %s", i ? "; " : "", net->warnings[i].type,
                  net->warnings[i].message);
  hk_strlcpy(out, b.data ? b.data : "", n);
  hk_buf_free(&b);
}
