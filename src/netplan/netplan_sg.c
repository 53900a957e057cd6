/* netplan_sg.c - rules of SG 01-03 (see netplan_sg.h). */
#include "netplan/netplan_sg.h"

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
