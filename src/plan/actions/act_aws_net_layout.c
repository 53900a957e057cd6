/* act_aws_net_layout.c - plan the subnets once, from what the VPC holds now, and
 * journal the plan: the subnet actions read it, so a resume after a crash makes
 * the same subnets even though some of them exist by then.
 *
 * Reads the VPC's CIDR and subnets (DescribeVpcs, DescribeSubnets) and the zones
 * in which every endpoint service of this setup is offered
 * (DescribeVpcEndpointServices: AvailabilityZones), then netplan.c decides. */
#include "plan/actions/act_aws_net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "netplan/netplan.h"

struct gather {
  struct hk_net_input in;
  bool zones_set;
};

static void finish(struct hk_run *run, hk_status st, const struct hk_error *err)
{
  free(run->scratch);
  run->scratch = NULL;
  hk_run_finish(run, st, err);
}

static void record(struct hk_run *run, const struct hk_net_layout *l)
{
  char key[48], cidr[24], num[24], sum[512];
  size_t i, len = 0;

  sum[0] = '\0';
  for(i = 0; i < l->n; i++) {
    const struct hk_net_subnet *sn = &l->subnets[i];
    const char *r = hk_net_role_key(sn->role);
    hk_net_cidr_format(&sn->cidr, cidr, sizeof(cidr));
    snprintf(key, sizeof(key), "%s.cidr", r);
    hk_run_set(run, key, cidr);
    snprintf(key, sizeof(key), "%s.zone", r);
    hk_run_set(run, key, sn->zone);
    snprintf(num, sizeof(num), "%ld", sn->nodes);
    snprintf(key, sizeof(key), "%s.nodes", r);
    hk_run_set(run, key, num);
    len += (size_t)snprintf(sum + len, len < sizeof(sum) ? sizeof(sum) - len : 0, "%s%s %s %s",
                            i ? ", " : "", r, cidr, sn->zone);
    if(len >= sizeof(sum))
      len = sizeof(sum) - 1;
  }
  hk_run_set(run, "layout", sum);
}

static void decide_now(struct hk_run *run)
{
  struct gather *g = run->scratch;
  struct hk_net_layout l;
  struct hk_error e;
  const struct hk_setup *s = hk_run_setup(run);

  hk_error_clear(&e);
  g->in.nodes = s->network.nodes[0] ? strtol(s->network.nodes, NULL, 10) : 125;
  g->in.public_subnet = s->client.frontend == HK_FE_ELASTIC_IP;
  if(hk_net_plan(&g->in, &l, &e) != HK_OK) {
    finish(run, e.status, &e);
    return;
  }
  record(run, &l);
  finish(run, HK_OK, NULL);
}

/* Keep the zones every service offers (the first service's order). */
static void on_services(struct aws_vpce_service *v, size_t n, const struct hk_error *err,
                        void *ud)
{
  struct hk_run *run = ud;
  struct gather *g = run->scratch;
  size_t i, z, k, keep;

  if(err->status != HK_OK) {
    aws_vpce_services_free(v, n);
    finish(run, err->status, err);
    return;
  }
  for(i = 0; i < n; i++) {
    if(!g->zones_set) {
      for(z = 0; z < v[i].n_azs && g->in.n_zones < HK_NET_MAX_ZONES; z++)
        hk_strlcpy(g->in.zones[g->in.n_zones++], v[i].azs[z], sizeof(g->in.zones[0]));
      g->zones_set = true;
      continue;
    }
    for(z = keep = 0; z < g->in.n_zones; z++) {
      bool offered = false;
      for(k = 0; k < v[i].n_azs && !offered; k++)
        offered = strcmp(v[i].azs[k], g->in.zones[z]) == 0;
      if(offered && keep != z)
        memcpy(g->in.zones[keep], g->in.zones[z], sizeof(g->in.zones[0]));
      keep += offered;
    }
    g->in.n_zones = keep;
  }
  aws_vpce_services_free(v, n);
  decide_now(run);
}

static void ask_services(struct hk_run *run)
{
  const struct hk_setup *s = hk_run_setup(run);
  char svc[HK_EP__COUNT][160];
  const char *names[HK_EP__COUNT];
  size_t n = 0;
  int k;

  for(k = 0; k < HK_EP__COUNT; k++) {
    if(k == HK_EP_S3 || !s->endpoints[k].enabled || s->endpoints[k].choice != HK_CREATE)
      continue;
    hk_act_ep_service(s, (enum hk_ep_kind)k, svc[n], sizeof(svc[n]));
    if(svc[n][0]) {
      names[n] = svc[n];
      n++;
    }
  }
  if(n == 0) {
    /* no endpoint to place: any two zones of the region will do */
    hk_run_fail(run, HK_CONFIG, "%s",
                _("heiiki creates the subnets but no interface endpoint: it cannot tell which "
                  "zones the endpoint services offer. Let heiiki create the relay and "
                  "workspace endpoints, or give the subnets."));
    return;
  }
  if(aws_ec2_describe_vpc_endpoint_services(hk_run_aws(run), names, n, NULL, 0, on_services,
                                            run) != HK_OK)
    finish(run, HK_NET, NULL);
}

static void on_subnets(struct aws_subnet *v, size_t n, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  struct gather *g = run->scratch;
  size_t i;

  for(i = 0; err->status == HK_OK && i < n && g->in.n_existing < HK_NET_MAX_EXISTING; i++)
    if(hk_cidr_parse(v[i].cidr, &g->in.existing[g->in.n_existing]))
      g->in.n_existing++;
  aws_subnets_free(v, n);
  if(err->status != HK_OK) {
    finish(run, err->status, err);
    return;
  }
  ask_services(run);
}

static void on_vpc(struct aws_vpc *v, size_t n, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  struct gather *g = run->scratch;
  const char *vals[1];
  struct aws_filter f;
  bool ok = err->status == HK_OK && n == 1 && hk_cidr_parse(v[0].cidr, &g->in.vpc);

  aws_vpcs_free(v, n);
  if(err->status != HK_OK) {
    finish(run, err->status, err);
    return;
  }
  if(!ok) {
    hk_run_fail(run, HK_NOT_FOUND, _("VPC %s was not found in %s."), hk_net_vpc_id(run),
                hk_run_setup(run)->region);
    return;
  }
  vals[0] = hk_net_vpc_id(run);
  f = (struct aws_filter){ "vpc-id", vals, 1 };
  if(aws_ec2_describe_subnets(hk_run_aws(run), NULL, 0, &f, 1, on_subnets, run) != HK_OK)
    finish(run, HK_NET, NULL);
}

static void create(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  const char *ids[1];

  if(!aws)
    return;
  run->scratch = calloc(1, sizeof(struct gather));
  if(!run->scratch) {
    hk_run_fail(run, HK_NOMEM, "%s", _("Out of memory."));
    return;
  }
  ids[0] = hk_net_vpc_id(run);
  if(aws_ec2_describe_vpcs(aws, ids, 1, NULL, 0, on_vpc, run) != HK_OK)
    finish(run, HK_NET, NULL);
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  if(!hk_net_creates_subnets(s)) {
    hk_act_note(a, "%s", _("you give the subnets"));
    return HK_DEC_SKIP;
  }
  hk_act_note(a, _("%s nodes per cluster subnet; free ranges and zones are read when it runs"),
              s->network.nodes[0] ? s->network.nodes : "125");
  return HK_DEC_CREATE;
}

static void describe(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n)
{
  (void)a;
  snprintf(out, n, _("nothing is created: reads the VPC's free ranges and the zones of the "
                     "endpoint services, plans %s"),
           s->client.frontend == HK_FE_ELASTIC_IP
               ? _("two cluster subnets, an endpoint subnet and a public subnet")
               : _("two cluster subnets and an endpoint subnet"));
}

static const char *const keys[] = { "layout", NULL };

const struct hk_action_ops hk_act_aws_net_layout = {
  "aws.net.layout", decide, NULL, create, NULL, describe, keys,
};
