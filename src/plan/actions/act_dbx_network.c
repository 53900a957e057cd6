/* act_dbx_network.c - network configuration: VPC, cluster subnets, SGs, back-end endpoints. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "plan/actions/act_dbx_obj.h"

static void net_name(const struct hk_run *run, char *out, size_t n)
{
  const struct hk_setup *s = hk_run_setup(run);
  hk_act_name(s, s->network.name, "network", out, n);
}

static bool net_matches(const struct hk_run *run, const cJSON *obj, char *why, size_t n)
{
  const char *vpc = hk_json_str(obj, "vpc_id");

  if(strcmp(vpc, hk_run_setup(run)->network.vpc_id) == 0)
    return true;
  snprintf(why, n, _("it is for VPC %s"), vpc);
  return false;
}

static const char *rest_registration(const struct hk_run *run)
{
  const char *be = hk_run_dep(run, "dbx.vpce.backend_rest", "vpc_endpoint_id");
  return be[0] ? be : hk_run_dep(run, "dbx.vpce.workspace", "vpc_endpoint_id");
}

static cJSON *net_body(const struct hk_run *run)
{
  const struct hk_setup *s = hk_run_setup(run);
  char name[HK_NAME_MAX];
  cJSON *b = cJSON_CreateObject();
  cJSON *subnets = cJSON_AddArrayToObject(b, "subnet_ids");
  cJSON *sgs = cJSON_AddArrayToObject(b, "security_group_ids");
  cJSON *eps = cJSON_AddObjectToObject(b, "vpc_endpoints");
  int i;

  net_name(run, name, sizeof(name));
  cJSON_AddStringToObject(b, "network_name", name);
  cJSON_AddStringToObject(b, "vpc_id", s->network.vpc_id);
  for(i = 0; i < s->network.n_subnets; i++)
    cJSON_AddItemToArray(subnets, cJSON_CreateString(s->network.subnet_ids[i]));
  for(i = 0; i < s->network.n_sgs; i++)
    cJSON_AddItemToArray(sgs, cJSON_CreateString(s->network.sg_ids[i]));
  cJSON_AddItemToArray(cJSON_AddArrayToObject(eps, "rest_api"),
                       cJSON_CreateString(rest_registration(run)));
  cJSON_AddItemToArray(cJSON_AddArrayToObject(eps, "dataplane_relay"),
                       cJSON_CreateString(hk_run_dep(run, "dbx.vpce.relay", "vpc_endpoint_id")));
  return b;
}

static void net_record(struct hk_run *run, const cJSON *obj)
{
  hk_run_set(run, "vpc_status", hk_json_str(obj, "vpc_status"));
}

static const struct hk_dbx_obj obj = {
  "/networks", "network_name", "network_id", N_("network configuration"),
  net_name, net_matches, net_body, net_record, "workspace_id",
};

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  char subnets[512], sgs[512];

  hk_act_join(s->network.subnet_ids[0], s->network.n_subnets, subnets, sizeof(subnets));
  hk_act_join(s->network.sg_ids[0], s->network.n_sgs, sgs, sizeof(sgs));
  hk_act_note(a, _("VPC %s, subnets %s, security groups %s, back end through PrivateLink"),
              s->network.vpc_id, subnets, sgs);
  return HK_DEC_CREATE;
}

static void lookup(struct hk_run *run) { hk_dbx_obj_lookup(run, &obj); }
static void create(struct hk_run *run) { hk_dbx_obj_create(run, &obj); }
static void remove_(struct hk_run *run) { hk_dbx_obj_remove(run, &obj); }

static const char *const keys[] = { "network_id", NULL };

const struct hk_action_ops hk_act_dbx_network = {
  "dbx.network", decide, lookup, create, remove_, NULL, keys,
};
