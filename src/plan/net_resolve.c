/* net_resolve.c - the answers with the IDs the network step created (see net_resolve.h). */
#include "plan/net_resolve.h"

#include <string.h>
#include "core/hk_buf.h"

static const char *res(const struct hk_journal *j, const char *id, const char *key)
{
  const struct hk_jaction *ja = hk_journal_find(j, id);
  return ja && ja->state == HK_JS_DONE ? hk_kvmap_str(&ja->result, key) : "";
}

static void add_id(char (*list)[HK_ID_MAX], int *n, int max, const char *id)
{
  if(id[0] && *n < max)
    hk_strlcpy(list[(*n)++], id, HK_ID_MAX);
}

static void endpoints(struct hk_setup *d, const struct hk_journal *j)
{
  const char *ep_subnet = res(j, "aws.net.subnet.endpoints", "subnet_id");
  const char *pub_subnet = res(j, "aws.net.subnet.public", "subnet_id");
  int k;

  for(k = 0; k < HK_EP__COUNT; k++) {
    struct hk_endpoint_answer *ep = &d->endpoints[k];
    if(!ep->enabled || ep->choice != HK_CREATE)
      continue;
    if(k == HK_EP_S3) {
      if(hk_net_creates_subnets(d)) {
        ep->n_route_tables = 0;
        add_id(ep->route_table_ids, &ep->n_route_tables, HK_MAX_SUBNETS,
               res(j, "aws.net.rt.cluster", "route_table_id"));
      }
      continue;
    }
    if(hk_net_creates_subnets(d)) {
      /* the front end on a public address: the workspace endpoint in the public subnet */
      bool pub = k == HK_EP_WORKSPACE && d->client.frontend == HK_FE_ELASTIC_IP;
      ep->n_subnets = 0;
      add_id(ep->subnet_ids, &ep->n_subnets, HK_MAX_SUBNETS, pub ? pub_subnet : ep_subnet);
    }
    if(hk_net_creates_sgs(d))
      hk_strlcpy(ep->sg_id,
                 res(j, k == HK_EP_WORKSPACE ? "aws.net.sg.frontend" : "aws.net.sg.endpoints",
                     "group_id"),
                 sizeof(ep->sg_id));
  }
}

void hk_net_resolve(struct hk_setup *dst, const struct hk_setup *src, const struct hk_journal *j)
{
  if(dst != src)
    memcpy(dst, src, sizeof(*dst));
  if(!j || dst->network.mode == HK_NET_EXISTING)
    return;
  if(hk_net_creates_vpc(dst))
    hk_strlcpy(dst->network.vpc_id, res(j, "aws.net.vpc", "vpc_id"), sizeof(dst->network.vpc_id));
  if(hk_net_creates_subnets(dst)) {
    dst->network.n_subnets = 0;
    add_id(dst->network.subnet_ids, &dst->network.n_subnets, HK_MAX_SUBNETS,
           res(j, "aws.net.subnet.cluster1", "subnet_id"));
    add_id(dst->network.subnet_ids, &dst->network.n_subnets, HK_MAX_SUBNETS,
           res(j, "aws.net.subnet.cluster2", "subnet_id"));
  }
  if(hk_net_creates_sgs(dst)) {
    dst->network.n_sgs = 0;
    add_id(dst->network.sg_ids, &dst->network.n_sgs, HK_MAX_SGS,
           res(j, "aws.net.sg.cluster", "group_id"));
  }
  endpoints(dst, j);
}
