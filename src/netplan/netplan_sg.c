/* netplan_sg.c - rules of SG 01-03 (see netplan_sg.h). */
#include "netplan/netplan_sg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checks/checks_util.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

static const char *const keys[] = { "frontend", "cluster", "endpoints" };
static const char *const labels[] = { "SG 01", "SG 02", "SG 03" };

const char *hk_net_sg_key(enum hk_net_sg g)
{
  return (unsigned)g < HK_NET_SG__COUNT ? keys[g] : "?";
}

const char *hk_net_sg_label(enum hk_net_sg g)
{
  return (unsigned)g < HK_NET_SG__COUNT ? labels[g] : "?";
}

static void rule(struct aws_sg_rule *list, size_t *n, const char *proto, int from, int to,
                 const char *cidr, const char *group, const char *pl)
{
  struct aws_sg_rule *r;

  if(*n >= HK_NET_SG_MAX_RULES)
    return;
  r = &list[(*n)++];
  memset(r, 0, sizeof(*r));
  hk_strlcpy(r->protocol, proto, sizeof(r->protocol));
  r->from_port = from;
  r->to_port = to;
  hk_strlcpy(r->cidr, cidr ? cidr : "", sizeof(r->cidr));
  hk_strlcpy(r->group_id, group ? group : "", sizeof(r->group_id));
  hk_strlcpy(r->prefix_list_id, pl ? pl : "", sizeof(r->prefix_list_id));
}

hk_status hk_net_sg_rules(enum hk_net_sg g, const struct hk_setup *s, const char *self_id,
                          const char *cluster_id, const char *vpc_cidr,
                          const char *s3_prefix_list, struct hk_net_sg_rules *out,
                          struct hk_error *err)
{
  const struct hk_check_tables *t = hk_check_tables(err);
  size_t i;
  int c;

  memset(out, 0, sizeof(*out));
  if(!t)
    return err ? err->status : HK_CONFIG;
  switch(g) {
  case HK_NET_SG_FRONTEND:
    for(c = 0; c < s->client.n_client_cidrs; c++)
      rule(out->ingress, &out->n_ingress, "tcp", 443, 443, s->client.client_cidrs[c], NULL, NULL);
    rule(out->ingress, &out->n_ingress, "tcp", 0, 65535, NULL, cluster_id, NULL);
    break;
  case HK_NET_SG_CLUSTER:
    rule(out->ingress, &out->n_ingress, "tcp", 0, 65535, NULL, self_id, NULL);
    rule(out->ingress, &out->n_ingress, "udp", 0, 65535, NULL, self_id, NULL);
    rule(out->egress, &out->n_egress, "tcp", 0, 65535, NULL, self_id, NULL);
    rule(out->egress, &out->n_egress, "udp", 0, 65535, NULL, self_id, NULL);
    for(i = 0; i < t->n_ports; i++) {
      const struct hk_port_row *p = &t->ports[i];
      if(p->ws_egress && p->tcp && hk_port_required(p, s))
        rule(out->egress, &out->n_egress, "tcp", p->from, p->to, vpc_cidr, NULL, NULL);
    }
    if(s3_prefix_list && s3_prefix_list[0])
      rule(out->egress, &out->n_egress, "tcp", 443, 443, NULL, NULL, s3_prefix_list);
    out->revoke_default_egress = true;
    break;
  case HK_NET_SG_ENDPOINTS:
    for(i = 0; i < t->n_ports; i++) {
      const struct hk_port_row *p = &t->ports[i];
      if(p->ep_ingress && p->tcp && hk_port_required(p, s))
        rule(out->ingress, &out->n_ingress, "tcp", p->from, p->to, NULL, cluster_id, NULL);
    }
    break;
  default:
    return hk_error_set(err, HK_INVALID, "%s", _("Unknown security group."));
  }
  return HK_OK;
}

static bool cidr_in(const char *outer, const char *inner)
{
  struct hk_cidr o, i;
  return hk_cidr_parse(outer, &o) && hk_cidr_parse(inner, &i) && hk_cidr_contains(&o, &i);
}

static bool covers(const struct aws_sg_rule *r, const struct aws_sg_rule *w, const char *vpc_cidr)
{
  bool all = strcmp(r->protocol, "-1") == 0 || strcmp(r->protocol, "all") == 0;

  if(!all && (strcmp(r->protocol, w->protocol) != 0 || r->from_port > w->from_port ||
              r->to_port < w->to_port))
    return false;
  if(w->group_id[0])
    return strcmp(r->group_id, w->group_id) == 0 ||
           (r->cidr[0] && vpc_cidr && cidr_in(r->cidr, vpc_cidr));
  if(w->prefix_list_id[0])
    return strcmp(r->prefix_list_id, w->prefix_list_id) == 0 ||
           strcmp(r->cidr, "0.0.0.0/0") == 0;
  return r->cidr[0] && cidr_in(r->cidr, w->cidr);
}

/* Every port of w is let through by some rule (rules may split a range, as
 * SRA's one rule per port 8445..8451 does). */
static bool covered(const struct aws_security_group *const *sgs, size_t n_sgs, bool egress,
                    const char *vpc_cidr, const struct aws_sg_rule *w)
{
  struct aws_sg_rule one = *w;
  long port = w->from_port;
  size_t g, k;

  while(port <= w->to_port) {
    long reach = -1;
    one.from_port = one.to_port = (int)port;
    for(g = 0; g < n_sgs; g++) {
      const struct aws_sg_rule *rules = egress ? sgs[g]->egress : sgs[g]->ingress;
      size_t nr = egress ? sgs[g]->n_egress : sgs[g]->n_ingress;
      for(k = 0; k < nr; k++) {
        if(!covers(&rules[k], &one, vpc_cidr))
          continue;
        if(strcmp(rules[k].protocol, "-1") == 0 || strcmp(rules[k].protocol, "all") == 0)
          return true;
        if(rules[k].to_port > reach)
          reach = rules[k].to_port;
      }
    }
    if(reach < port)
      return false;
    port = reach + 1;
  }
  return true;
}

size_t hk_net_sg_missing(const struct aws_security_group *const *sgs, size_t n_sgs, bool egress,
                         const char *vpc_cidr, const struct aws_sg_rule *want, size_t n_want,
                         struct aws_sg_rule *out, size_t max)
{
  size_t w, n = 0;

  for(w = 0; w < n_want; w++)
    if(!covered(sgs, n_sgs, egress, vpc_cidr, &want[w]) && n < max)
      out[n++] = want[w];
  return n;
}

void hk_net_sg_rule_text(const struct aws_sg_rule *r, char *out, size_t n)
{
  snprintf(out, n, "%s:%d:%d:%s", r->protocol, r->from_port, r->to_port,
           r->cidr[0] ? r->cidr : r->group_id[0] ? r->group_id : r->prefix_list_id);
}

bool hk_net_sg_rule_parse(const char *text, struct aws_sg_rule *r)
{
  char buf[160], *save = NULL, *proto, *from, *to, *peer, *end = NULL;
  long f, t;

  memset(r, 0, sizeof(*r));
  if(!text || hk_strlcpy(buf, text, sizeof(buf)) >= sizeof(buf))
    return false;
  proto = strtok_r(buf, ":", &save);
  from = strtok_r(NULL, ":", &save);
  to = strtok_r(NULL, ":", &save);
  peer = strtok_r(NULL, "", &save);
  if(!proto || !from || !to || !peer || strlen(proto) >= sizeof(r->protocol))
    return false;
  f = strtol(from, &end, 10);
  if(*end)
    return false;
  t = strtol(to, &end, 10);
  if(*end || f < -1 || t < -1 || f > 65535 || t > 65535)
    return false;
  hk_strlcpy(r->protocol, proto, sizeof(r->protocol));
  r->from_port = (int)f;
  r->to_port = (int)t;
  if(strncmp(peer, "sg-", 3) == 0)
    hk_strlcpy(r->group_id, peer, sizeof(r->group_id));
  else if(strncmp(peer, "pl-", 3) == 0)
    hk_strlcpy(r->prefix_list_id, peer, sizeof(r->prefix_list_id));
  else
    hk_strlcpy(r->cidr, peer, sizeof(r->cidr));
  return true;
}
