/* netplan_gather.c - the planner's inputs from AWS (see netplan_gather.h). */
#include "netplan/netplan_gather.h"

#include <stdlib.h>
#include <string.h>
#include "aws/aws_ec2.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

#define MAX_SVC 8

struct gather {
  struct aws_client *aws;
  struct hk_net_input in;
  char vpc_id[64];
  char services[MAX_SVC][160];
  const char *names[MAX_SVC];
  size_t n_services;
  hk_net_gather_cb cb;
  void *ud;
};

static void done(struct gather *g, hk_status st, const struct hk_error *err)
{
  struct hk_error e;

  hk_error_clear(&e);
  if(st != HK_OK && (!err || err->status == HK_OK))
    hk_error_set(&e, st, "%s", _("Cannot read the VPC for the network layout."));
  g->cb(&g->in, st == HK_OK ? &e : (err && err->status != HK_OK ? err : &e), g->ud);
  free(g);
}

/* Keep the zones every service offers (in the first service's order). */
static void on_services(struct aws_vpce_service *v, size_t n, const struct hk_error *err,
                        void *ud)
{
  struct gather *g = ud;
  size_t i;

  if(err->status != HK_OK) {
    aws_vpce_services_free(v, n);
    done(g, err->status, err);
    return;
  }
  for(i = 0; i < n; i++)
    hk_net_zones_offered(&g->in, (const char (*)[32])v[i].azs, v[i].n_azs, i == 0);
  aws_vpce_services_free(v, n);
  done(g, HK_OK, NULL);
}

static void ask_services(struct gather *g)
{
  hk_status st = aws_ec2_describe_vpc_endpoint_services(g->aws, g->names, g->n_services, NULL, 0,
                                                        on_services, g);
  if(st != HK_OK)
    done(g, st, NULL);
}

static void on_subnets(struct aws_subnet *v, size_t n, const struct hk_error *err, void *ud)
{
  struct gather *g = ud;
  size_t i;

  for(i = 0; err->status == HK_OK && i < n && g->in.n_existing < HK_NET_MAX_EXISTING; i++)
    if(hk_cidr_parse(v[i].cidr, &g->in.existing[g->in.n_existing]))
      g->in.n_existing++;
  aws_subnets_free(v, n);
  if(err->status != HK_OK) {
    done(g, err->status, err);
    return;
  }
  ask_services(g);
}

static void on_vpc(struct aws_vpc *v, size_t n, const struct hk_error *err, void *ud)
{
  struct gather *g = ud;
  struct hk_error e;
  const char *vals[1];
  struct aws_filter f;
  bool ok = err->status == HK_OK && n == 1 && hk_cidr_parse(v[0].cidr, &g->in.vpc);
  hk_status st;

  aws_vpcs_free(v, n);
  if(err->status != HK_OK) {
    done(g, err->status, err);
    return;
  }
  if(!ok) {
    hk_error_clear(&e);
    hk_error_set(&e, HK_NOT_FOUND, _("VPC %s was not found: check network.vpc_id and the region."),
                 g->vpc_id);
    done(g, HK_NOT_FOUND, &e);
    return;
  }
  vals[0] = g->vpc_id;
  f = (struct aws_filter){ "vpc-id", vals, 1 };
  st = aws_ec2_describe_subnets(g->aws, NULL, 0, &f, 1, on_subnets, g);
  if(st != HK_OK)
    done(g, st, NULL);
}

hk_status hk_net_gather(struct aws_client *aws, const char *vpc_id, const char *vpc_cidr,
                        const char *const *services, size_t n_services, hk_net_gather_cb cb,
                        void *ud)
{
  struct gather *g;
  const char *ids[1];
  size_t i;
  hk_status st;

  if(!aws || !cb || !n_services)
    return HK_INVALID;
  g = calloc(1, sizeof(*g));
  if(!g)
    return HK_NOMEM;
  g->aws = aws;
  g->cb = cb;
  g->ud = ud;
  for(i = 0; i < n_services && i < MAX_SVC; i++) {
    hk_strlcpy(g->services[i], services[i], sizeof(g->services[i]));
    g->names[i] = g->services[i];
  }
  g->n_services = i;
  if(!vpc_id || !vpc_id[0]) {
    if(!hk_cidr_parse(vpc_cidr, &g->in.vpc)) {
      free(g);
      return HK_INVALID;
    }
    ask_services(g);
    return HK_OK;
  }
  hk_strlcpy(g->vpc_id, vpc_id, sizeof(g->vpc_id));
  ids[0] = g->vpc_id;
  st = aws_ec2_describe_vpcs(aws, ids, 1, NULL, 0, on_vpc, g);
  if(st != HK_OK)
    free(g);
  return st;
}
