/* net_preview.c - print the planned network layout (see net_preview.h). */
#include "plan/net_preview.h"

#include <stdlib.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "net/net_loop.h"
#include "netplan/netplan.h"
#include "netplan/netplan_gather.h"
#include "plan/actions/act_aws_net.h"

struct wait {
  bool done;
  struct hk_net_input in;
  struct hk_error err;
};

static void on_gathered(struct hk_net_input *in, const struct hk_error *err, void *ud)
{
  struct wait *w = ud;

  w->in = *in;
  w->err = *err;
  w->done = true;
}

/* The layout a run journaled (roles in order). */
static bool from_journal(const struct hk_journal *j, struct hk_net_layout *l)
{
  const struct hk_jaction *ja = hk_journal_find(j, "aws.net.layout");
  char key[48];
  int r;

  memset(l, 0, sizeof(*l));
  if(!ja || ja->state != HK_JS_DONE)
    return false;
  for(r = HK_NET_CLUSTER_1; r <= HK_NET_PUBLIC; r++) {
    struct hk_net_subnet *sn = &l->subnets[l->n];
    snprintf(key, sizeof(key), "%s.cidr", hk_net_role_key((enum hk_net_role)r));
    if(!hk_cidr_parse(hk_kvmap_str(&ja->result, key), &sn->cidr))
      continue;
    sn->role = (enum hk_net_role)r;
    snprintf(key, sizeof(key), "%s.zone", hk_net_role_key((enum hk_net_role)r));
    hk_strlcpy(sn->zone, hk_kvmap_str(&ja->result, key), sizeof(sn->zone));
    snprintf(key, sizeof(key), "%s.nodes", hk_net_role_key((enum hk_net_role)r));
    sn->nodes = strtol(hk_kvmap_str(&ja->result, key), NULL, 10);
    l->n++;
  }
  return l->n > 0;
}

hk_status hk_net_preview(struct hk_loop *loop, struct aws_client *aws, const struct hk_setup *s,
                         const struct hk_journal *j, FILE *out, struct hk_error *err)
{
  struct hk_net_layout l;
  struct wait *w;
  char svc[HK_EP__COUNT][160];
  const char *names[HK_EP__COUNT];
  size_t n;
  hk_status st;

  if(!hk_net_creates_subnets(s))
    return HK_OK;
  fprintf(out, "\n%s\n", _("Network layout (what heiiki will create)"));
  if(j && from_journal(j, &l)) {
    hk_net_layout_print(out, NULL, &l);
    fprintf(out, "  %s\n", _("(planned by an earlier run and kept: a resume makes exactly these)"));
    return HK_OK;
  }
  n = hk_net_services(s, svc, names);
  if(!aws || !loop || n == 0) {
    fprintf(out, "  %s\n",
            n == 0 ? _("(no interface endpoint is created: give the subnets instead)")
                   : _("(planned when apply runs: reading the VPC's free ranges and the zones "
                       "of the endpoint services needs AWS credentials)"));
    return HK_OK;
  }
  w = calloc(1, sizeof(*w));
  if(!w)
    return hk_error_set(err, HK_NOMEM, "%s", _("Out of memory."));
  st = hk_net_gather(aws, hk_net_creates_vpc(s) ? "" : s->network.vpc_id, s->network.vpc_cidr,
                     names, n, on_gathered, w);
  while(st == HK_OK && !w->done)
    hk_loop_poll(loop, 250, -1, NULL);
  if(st != HK_OK || w->err.status != HK_OK) {
    /* reading failed (credentials, permissions, network): say so; the layout action plans
     * it when apply runs, and fails there with the same sentence */
    char line[1200];
    if(st != HK_OK)
      hk_error_set(&w->err, st, "%s", _("Cannot read the VPC for the network layout."));
    hk_error_format(&w->err, line, sizeof(line));
    fprintf(out, _("  (not planned now: %s)\n"), line);
    st = HK_OK;
  }
  else {
    hk_net_input_from_setup(&w->in, s);
    st = hk_net_plan(&w->in, &l, err);
    if(st == HK_OK)
      hk_net_layout_print(out, &w->in, &l);
  }
  free(w);
  return st;
}
