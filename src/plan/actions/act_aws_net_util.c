/* act_aws_net_util.c - helpers of the aws.net.* actions. */
#include "plan/actions/act_aws_net.h"

#include <stdlib.h>
#include "core/hk_i18n.h"
#include "netplan/netplan.h"

const char *hk_net_vpc_id(const struct hk_run *run)
{
  return hk_run_setup(run)->network.vpc_id;
}

size_t hk_net_filters(const struct hk_run *run, const char *name, const char **vals,
                      const char **names, struct aws_filter *f)
{
  vals[0] = hk_net_vpc_id(run);
  names[0] = name;
  f[0] = (struct aws_filter){ "vpc-id", vals, 1 };
  f[1] = (struct aws_filter){ "tag:Name", names, 1 };
  return 2;
}

void hk_net_removed(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status == HK_NOT_FOUND) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  hk_run_finish_aws(run, err);
}

size_t hk_net_services(const struct hk_setup *s, char (*svc)[160], const char **names)
{
  size_t n = 0;
  int k;

  for(k = 0; k < HK_EP__COUNT; k++) {
    if(k == HK_EP_S3 || !s->endpoints[k].enabled || s->endpoints[k].choice != HK_CREATE)
      continue;
    hk_act_ep_service(s, (enum hk_ep_kind)k, svc[n], 160);
    if(svc[n][0]) {
      names[n] = svc[n];
      n++;
    }
  }
  return n;
}

void hk_net_input_from_setup(struct hk_net_input *in, const struct hk_setup *s)
{
  in->nodes = s->network.nodes[0] ? strtol(s->network.nodes, NULL, 10) : 125;
  in->public_subnet = s->client.frontend == HK_FE_ELASTIC_IP;
}
