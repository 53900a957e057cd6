/* act_dbx_vpce.c - VPC endpoint registrations (workspace, back-end REST, relay).
 * One file for the three: the row's arg is the endpoint kind. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "plan/actions/act_dbx_obj.h"

static enum hk_ep_kind kind_of(const struct hk_run *run)
{
  return (enum hk_ep_kind)run->action->arg;
}

static void reg_name(const struct hk_run *run, char *out, size_t n)
{
  const struct hk_setup *s = hk_run_setup(run);
  enum hk_ep_kind k = kind_of(run);
  char suffix[64];

  snprintf(suffix, sizeof(suffix), "vpce-%s", hk_ep_key(k));
  hk_act_name(s, s->endpoints[k].registration_name, suffix, out, n);
}

static const char *aws_vpce(const struct hk_run *run)
{
  char id[64];

  snprintf(id, sizeof(id), "aws.vpce.%s", hk_ep_key(kind_of(run)));
  return hk_run_dep(run, id, "vpce_id");
}

static bool reg_matches(const struct hk_run *run, const cJSON *obj, char *why, size_t n)
{
  const char *have = hk_json_str(obj, "aws_vpc_endpoint_id");

  if(strcmp(have, aws_vpce(run)) == 0)
    return true;
  snprintf(why, n, _("it registers %s, not %s"), have, aws_vpce(run));
  return false;
}

static cJSON *reg_body(const struct hk_run *run)
{
  char name[HK_NAME_MAX];
  cJSON *b = cJSON_CreateObject();

  reg_name(run, name, sizeof(name));
  cJSON_AddStringToObject(b, "vpc_endpoint_name", name);
  cJSON_AddStringToObject(b, "aws_vpc_endpoint_id", aws_vpce(run));
  cJSON_AddStringToObject(b, "region", hk_run_setup(run)->region);
  return b;
}

static void reg_record(struct hk_run *run, const cJSON *obj)
{
  hk_run_set(run, "aws_vpc_endpoint_id", hk_json_str(obj, "aws_vpc_endpoint_id"));
  hk_run_set(run, "state", hk_json_str(obj, "state"));
  hk_run_set(run, "use_case", hk_json_str(obj, "use_case"));
}

static const struct hk_dbx_obj obj = {
  "/vpc-endpoints", "vpc_endpoint_name", "vpc_endpoint_id", N_("VPC endpoint registration"),
  reg_name, reg_matches, reg_body, reg_record, NULL,
};

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  enum hk_ep_kind k = (enum hk_ep_kind)a->arg;

  if(k == HK_EP_BACKEND_REST && (s->backend_shared || !s->endpoints[k].enabled)) {
    hk_act_note(a, _("the back end shares the workspace endpoint's registration"));
    return HK_DEC_SKIP;
  }
  hk_act_note(a, _("register the %s endpoint with Databricks"), _(hk_ep_label(k)));
  return HK_DEC_CREATE;
}

static void lookup(struct hk_run *run) { hk_dbx_obj_lookup(run, &obj); }
static void create(struct hk_run *run) { hk_dbx_obj_create(run, &obj); }
static void remove_(struct hk_run *run) { hk_dbx_obj_remove(run, &obj); }

static const char *const keys[] = { "vpc_endpoint_id", NULL };

const struct hk_action_ops hk_act_dbx_vpce = {
  "dbx.vpce", decide, lookup, create, remove_, NULL, keys,
};
