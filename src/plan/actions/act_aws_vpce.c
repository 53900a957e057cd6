/* act_aws_vpce.c - VPC endpoints: S3 gateway, STS, Kinesis, workspace/REST,
 * back-end REST, relay, Glue.  One file for all: the row's arg is the kind. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

static bool wanted(const struct hk_setup *s, enum hk_ep_kind k, const char **why)
{
  if(k == HK_EP_BACKEND_REST && s->backend_shared) {
    *why = _("the back end shares the workspace endpoint");
    return false;
  }
  if(k == HK_EP_GLUE && !s->client.glue) {
    *why = _("the Glue catalog route is not used");
    return false;
  }
  if(!s->endpoints[k].enabled) {
    *why = _("not used in this setup");
    return false;
  }
  return true;
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  enum hk_ep_kind k = (enum hk_ep_kind)a->arg;
  const struct hk_endpoint_answer *ep = &s->endpoints[k];
  const char *why = "";

  if(!wanted(s, k, &why)) {
    hk_act_note(a, "%s", why);
    return HK_DEC_SKIP;
  }
  if(ep->choice == HK_EXISTING)
    return hk_act_keep(a, "vpce_id", ep->vpce_id);
  hk_act_note(a, "%s", hk_ep_label(k));
  return HK_DEC_CREATE;
}

static void describe(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n)
{
  enum hk_ep_kind k = (enum hk_ep_kind)a->arg;
  const struct hk_endpoint_answer *ep = &s->endpoints[k];
  char svc[160], list[512];

  hk_act_ep_service(s, k, svc, sizeof(svc));
  if(k == HK_EP_S3) {
    hk_act_join(ep->route_table_ids[0], ep->n_route_tables, list, sizeof(list));
    snprintf(out, n, _("gateway endpoint %s in %s for route tables %s"), svc, s->network.vpc_id,
             list);
    return;
  }
  hk_act_join(ep->subnet_ids[0], ep->n_subnets, list, sizeof(list));
  snprintf(out, n, _("interface endpoint %s in %s, subnets %s, security group %s"), svc,
           s->network.vpc_id, list, ep->sg_id);
}

static const char *const keys[] = { "vpce_id", NULL };

const struct hk_action_ops hk_act_aws_vpce = {
  "aws.vpce", decide, NULL, NULL, NULL, describe, keys,
};
