/* ui_engine_netplan.c - the network step's planned layout (issue 18): what the
 * planner needs from AWS (the VPC's CIDR and subnets, the zones of the endpoint
 * services: netplan_gather.c) is read once per VPC and endpoint choice, on the
 * wizard's loop, without blocking; the step plans (pure, hk_net_plan) at each
 * draw, so the table follows the node count as it is typed. */
#include <stdlib.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "netplan/netplan_gather.h"
#include "plan/actions/act_aws_net.h"
#include "ui.h"
#include "ui_engine_priv.h"

struct ui_netlayout {
  struct ui_engine *e;             /* NULL: the engine is gone, the answer frees this */
  char key[1024];                  /* what the reads were for: VPC, CIDR, services */
  bool reading;
  bool have;
  struct hk_net_input in;
  char why[512];                   /* the read failed: the sentence */
};

static void on_gathered(struct hk_net_input *in, const struct hk_error *err, void *ud)
{
  struct ui_netlayout *l = ud;

  if(!l->e) {
    free(l);
    return;
  }
  l->reading = false;
  l->e->changed = true;
  if(err->status == HK_OK) {
    l->in = *in;
    l->have = true;
    l->why[0] = '\0';
  }
  else
    hk_error_format(err, l->why, sizeof(l->why));
}

void ui_engine_netlayout_free(struct ui_engine *e)
{
  struct ui_netlayout *l = e->netl;

  e->netl = NULL;
  if(!l)
    return;
  if(l->reading)
    l->e = NULL;                   /* freed when the read answers */
  else
    free(l);
}

bool ui_engine_netlayout_busy(const struct ui_engine *e)
{
  return e->netl && e->netl->reading;
}

int ui_engine_netlayout(struct ui_engine *e, struct hk_net_input *in, char *why, size_t n)
{
  const struct hk_setup *s = &e->ui->setup;
  struct hk_setup *t;
  struct ui_netlayout *l;
  int k;
  char svc[HK_EP__COUNT][160], key[1024];
  const char *names[HK_EP__COUNT];
  size_t ns, i;
  struct hk_error err;

  why[0] = '\0';
  /* the endpoints step comes after this one: an endpoint without an ID yet counts
   * as created (what that step proposes in a VPC that has none) */
  t = malloc(sizeof(*t));
  if(!t)
    return -1;
  *t = *s;
  for(k = 0; k < HK_EP__COUNT; k++)
    if(t->endpoints[k].choice == HK_EXISTING && !t->endpoints[k].vpce_id[0])
      t->endpoints[k].choice = HK_CREATE;
  ns = hk_net_services(t, svc, names);
  free(t);
  if(ns == 0) {
    hk_strlcpy(why, _("no interface endpoint is created: give the subnets instead"), n);
    return -1;
  }
  if(hk_net_creates_vpc(s) ? !s->network.vpc_cidr[0] : !s->network.vpc_id[0]) {
    hk_strlcpy(why, hk_net_creates_vpc(s) ? _("give the VPC CIDR") : _("choose the VPC"), n);
    return -1;
  }
  snprintf(key, sizeof(key), "%s|%s", hk_net_creates_vpc(s) ? "" : s->network.vpc_id,
           s->network.vpc_cidr);
  for(i = 0; i < ns; i++) {
    size_t at = strlen(key);
    snprintf(key + at, sizeof(key) - at, "|%s", names[i]);
  }
  hk_error_clear(&err);
  if(ui_engine_runtime(e, &err) != HK_OK || !e->rt.aws) {
    hk_strlcpy(why, _("planned at the review: reading the VPC needs the account"), n);
    return -1;
  }
  if(!e->netl) {
    e->netl = calloc(1, sizeof(*e->netl));
    if(!e->netl)
      return -1;
    e->netl->e = e;
  }
  l = e->netl;
  if(strcmp(l->key, key) != 0 && !l->reading) {
    hk_strlcpy(l->key, key, sizeof(l->key));
    l->have = false;
    l->why[0] = '\0';
    l->reading = true;
    if(hk_net_gather(e->rt.aws, hk_net_creates_vpc(s) ? "" : s->network.vpc_id,
                     s->network.vpc_cidr, names, ns, on_gathered, l) != HK_OK) {
      l->reading = false;
      hk_strlcpy(l->why, _("Cannot read the VPC for the network layout."), sizeof(l->why));
    }
  }
  if(l->reading || strcmp(l->key, key) != 0)
    return 0;
  if(!l->have) {
    hk_strlcpy(why, l->why, n);
    return -1;
  }
  *in = l->in;
  return 1;
}
