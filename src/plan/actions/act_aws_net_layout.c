/* act_aws_net_layout.c - plan the subnets once, from what the VPC holds now, and
 * journal the plan: the subnet actions read it, so a resume after a crash makes
 * the same subnets even though some of them exist by then.  The inputs come
 * from netplan_gather.c, the decision from netplan.c (the same code that
 * `heiiki plan` shows the layout with: net_preview.c). */
#include "plan/actions/act_aws_net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "netplan/netplan.h"
#include "netplan/netplan_gather.h"

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
    if(len < sizeof(sum))
      len += (size_t)snprintf(sum + len, sizeof(sum) - len, "%s%s %s %s", i ? ", " : "", r,
                              cidr, sn->zone);
  }
  hk_run_set(run, "layout", sum);
}

static void on_gathered(struct hk_net_input *in, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  struct hk_net_layout l;
  struct hk_error e;

  if(err->status != HK_OK) {
    hk_run_finish_aws(run, err);
    return;
  }
  hk_error_clear(&e);
  hk_net_input_from_setup(in, hk_run_setup(run));
  if(hk_net_plan(in, &l, &e) != HK_OK) {
    hk_run_finish(run, e.status, &e);
    return;
  }
  record(run, &l);
  hk_run_finish(run, HK_OK, NULL);
}

static void create(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  const struct hk_setup *s = hk_run_setup(run);
  char svc[HK_EP__COUNT][160];
  const char *names[HK_EP__COUNT];
  size_t n;
  hk_status st;

  if(!aws)
    return;
  n = hk_net_services(s, svc, names);
  if(n == 0) {
    hk_run_fail(run, HK_CONFIG, "%s",
                _("heiiki creates the subnets but no interface endpoint, so it cannot tell which "
                  "zones the endpoint services offer. Let heiiki create the relay and workspace "
                  "endpoints, or give the subnets."));
    return;
  }
  st = hk_net_gather(aws, hk_net_vpc_id(run), s->network.vpc_cidr, names, n, on_gathered, run);
  if(st != HK_OK)
    hk_run_fail(run, st, "%s", _("Cannot read the VPC for the network layout."));
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  if(!hk_net_creates_subnets(s)) {
    hk_act_note(a, "%s", _("you give the subnets"));
    return HK_DEC_SKIP;
  }
  hk_act_note(a, _("%s nodes per cluster subnet; free ranges and zones are read from AWS"),
              s->network.nodes[0] ? s->network.nodes : "125");
  return HK_DEC_CREATE;
}

static void describe(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n)
{
  (void)a;
  snprintf(out, n, _("nothing is created: reads the VPC's free ranges and the zones of the "
                     "endpoint services, plans %s (the table below)"),
           s->client.frontend == HK_FE_ELASTIC_IP
               ? _("two cluster subnets, an endpoint subnet and a public subnet")
               : _("two cluster subnets and an endpoint subnet"));
}

static const char *const keys[] = { "layout", NULL };

const struct hk_action_ops hk_act_aws_net_layout = {
  "aws.net.layout", decide, NULL, create, NULL, describe, keys,
};
