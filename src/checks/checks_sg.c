/* checks_sg.c - rules G1-G4: the workspace security groups (count, VPC, self
 * references, egress port coverage incl. ranges and all-traffic rules). */
#include "checks/checks_rules.h"

#include <stdio.h>
#include <string.h>

#include "checks/checks_util.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

static bool peer_matches(const struct aws_sg_rule *r, const struct hk_sg_peer *p)
{
  struct hk_cidr c;
  int i;

  if(r->group_id[0]) {
    for(i = 0; i < p->n_not_groups; i++)
      if(strcmp(r->group_id, p->not_groups[i]) == 0)
        return false;
    if(p->any_group)
      return true;
    for(i = 0; i < p->n_groups; i++)
      if(strcmp(r->group_id, p->groups[i]) == 0)
        return true;
    return false;
  }
  if(r->prefix_list_id[0])
    return p->prefix_list && strcmp(r->prefix_list_id, p->prefix_list) == 0;
  if(!r->cidr[0] || p->n_cidrs == 0 || !hk_cidr_parse(r->cidr, &c))
    return false;
  for(i = 0; i < p->n_cidrs; i++)
    if(!hk_cidr_contains(&c, &p->cidrs[i]))
      return false;
  return true;
}

bool hk_sg_open(const struct aws_security_group *const *sgs, size_t n, bool egress, const char *proto,
                int port, const struct hk_sg_peer *peer)
{
  size_t i, j;

  for(i = 0; i < n; i++) {
    const struct aws_sg_rule *rules = egress ? sgs[i]->egress : sgs[i]->ingress;
    size_t nr = egress ? sgs[i]->n_egress : sgs[i]->n_ingress;
    for(j = 0; j < nr; j++)
      if(hk_sg_rule_covers(&rules[j], proto, port, port) && peer_matches(&rules[j], peer))
        return true;
  }
  return false;
}

size_t hk_sg_collect(const struct hk_facts *f, const char (*ids)[64], int n_ids,
                     const struct aws_security_group **out, size_t max)
{
  size_t k = 0;
  int i;

  for(i = 0; i < n_ids && k < max; i++) {
    const struct aws_security_group *g = hk_facts_sg(f, ids[i]);
    if(g)
      out[k++] = g;
  }
  return k;
}

enum hk_verdict hk_check_G1(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  long lo = hk_check_limit("min_security_groups", 1), hi = hk_check_limit("max_security_groups", 5);
  int i;

  if(s->network.n_sgs < lo || s->network.n_sgs > hi)
    return hk_say(out, HK_VERDICT_FAIL, _("The network has %d security groups; Databricks takes %ld to %ld."),
                  s->network.n_sgs, lo, hi);
  for(i = 0; i < s->network.n_sgs; i++)
    if(!hk_facts_sg(f, s->network.sg_ids[i])) {
      hk_say(out, HK_VERDICT_FAIL, _("Security group %s is not in VPC %s."), s->network.sg_ids[i], s->network.vpc_id);
      hk_fix(out, "aws ec2 describe-security-groups --region %s --filters Name=vpc-id,Values=%s "
                  "--query 'SecurityGroups[].[GroupId,GroupName]' --output table",
             s->region, s->network.vpc_id);
      return HK_VERDICT_FAIL;
    }
  return hk_say(out, HK_VERDICT_PASS, _("%d security group(s), all in VPC %s."), s->network.n_sgs, s->network.vpc_id);
}

/* G2 / G3: all TCP and all UDP from / to the workspace SGs themselves. */
static enum hk_verdict self_rule(const struct hk_setup *s, const struct hk_facts *f, bool egress,
                                 struct hk_finding *out)
{
  static const char *const protos[] = { "tcp", "udp" };
  struct hk_sg_peer peer;
  int i;
  size_t p;
  enum hk_verdict v = HK_VERDICT_PASS;

  memset(&peer, 0, sizeof(peer));
  peer.groups = (const char (*)[64])s->network.sg_ids;
  peer.n_groups = s->network.n_sgs;
  for(i = 0; i < s->network.n_sgs; i++) {
    const struct aws_security_group *g = hk_facts_sg(f, s->network.sg_ids[i]);
    const struct aws_security_group *one[1];
    if(!g)
      continue;
    one[0] = g;
    for(p = 0; p < 2; p++) {
      /* all ports: both ends of the range and the middle must be open */
      bool open = hk_sg_open(one, 1, egress, protos[p], 0, &peer) &&
                  hk_sg_open(one, 1, egress, protos[p], 65535, &peer) &&
                  hk_sg_open(one, 1, egress, protos[p], 32768, &peer);
      if(open)
        continue;
      if(v == HK_VERDICT_PASS)
        v = hk_say(out, HK_VERDICT_FAIL,
                   egress ? _("Security group %s does not allow all %s traffic out to itself; cluster nodes cannot talk to each other.")
                          : _("Security group %s does not allow all %s traffic in from itself; cluster nodes cannot talk to each other."),
                   g->group_id, protos[p]);
      hk_fix(out, "aws ec2 authorize-security-group-%s --region %s --group-id %s --ip-permissions "
                  "IpProtocol=%s,FromPort=0,ToPort=65535,UserIdGroupPairs=[{GroupId=%s}]",
             egress ? "egress" : "ingress", s->region, g->group_id, protos[p], g->group_id);
    }
  }
  if(v == HK_VERDICT_PASS)
    hk_say(out, HK_VERDICT_PASS, egress ? _("The security groups allow all TCP and UDP out to themselves.")
                                        : _("The security groups allow all TCP and UDP in from themselves."));
  return v;
}

enum hk_verdict hk_check_G2(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  return self_rule(s, f, false, out);
}

enum hk_verdict hk_check_G3(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  return self_rule(s, f, true, out);
}

/* The S3 prefix list: DescribePrefixLists, else the S3 gateway endpoint's route (when the route
 * tables and endpoints have landed; G4 does not wait for them). */
static const char *s3_prefix_list(const struct hk_setup *s, const struct hk_facts *f)
{
  char svc[128];
  size_t i, r, k;

  if(f->s3_prefix_list.prefix_list_id[0])
    return f->s3_prefix_list.prefix_list_id;
  if(!hk_check_ep_service(s, HK_EP_S3, svc, sizeof(svc)))
    return NULL;
  for(i = 0; i < f->n_endpoints; i++) {
    if(strcmp(f->endpoints[i].service_name, svc) != 0 || strcmp(f->endpoints[i].type, "Gateway") != 0)
      continue;
    for(r = 0; r < f->n_route_tables; r++)
      for(k = 0; k < f->route_tables[r].n_routes; k++)
        if(strcmp(f->route_tables[r].routes[k].gateway_id, f->endpoints[i].vpce_id) == 0 &&
           f->route_tables[r].routes[k].dest_prefix_list[0])
          return f->route_tables[r].routes[k].dest_prefix_list;
  }
  return NULL;
}

/* Egress 443 to S3.  Gateway-endpoint traffic keeps S3's public addresses as destination, so the
 * SG must allow the S3 prefix list com.amazonaws.<region>.s3 or 0.0.0.0/0 (AWS "Gateway endpoints
 * for Amazon S3"; [SRA] aws/tf/network.tf adds egress 443 to the S3 prefix list besides the VPC
 * CIDR rules).  A CIDR rule counts when it holds every CIDR of the prefix list. */
static bool s3_egress_open(const struct hk_setup *s, const struct hk_facts *f,
                           const struct aws_security_group *const *sgs, size_t n, struct hk_finding *out)
{
  struct hk_cidr cidrs[16];
  struct hk_sg_peer peer;
  const char *pl = s3_prefix_list(s, f);
  size_t i;
  int nc = 0;

  for(i = 0; i < f->s3_prefix_list.n_cidrs && nc < 16; i++)
    if(hk_cidr_parse(f->s3_prefix_list.cidrs[i], &cidrs[nc]))
      nc++;
  if(nc == 0)
    nc = hk_cidr_parse("0.0.0.0/0", &cidrs[0]) ? 1 : 0;
  memset(&peer, 0, sizeof(peer));
  peer.cidrs = cidrs;
  peer.n_cidrs = nc;
  peer.prefix_list = pl;
  if(hk_sg_open(sgs, n, true, "tcp", 443, &peer))
    return true;
  hk_say(out, HK_VERDICT_FAIL, _("The workspace security groups do not allow TCP egress on port 443 to S3 (prefix list %s, com.amazonaws.%s.s3, or 0.0.0.0/0); cluster nodes cannot reach the root bucket or Databricks' artifact buckets through the S3 gateway endpoint."),
         pl ? pl : "pl-...", s->region);
  if(pl)
    hk_fix(out, "aws ec2 authorize-security-group-egress --region %s --group-id %s --ip-permissions "
                "IpProtocol=tcp,FromPort=443,ToPort=443,PrefixListIds=[{PrefixListId=%s}]",
           s->region, sgs[0]->group_id, pl);
  else
    hk_fix(out, "aws ec2 describe-prefix-lists --region %s --filters Name=prefix-list-name,Values=com.amazonaws.%s.s3",
           s->region, s->region);
  return false;
}

enum hk_verdict hk_check_G4(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct hk_check_tables *t = hk_check_tables(NULL);
  const struct aws_security_group *sgs[HK_MAX_SGS];
  struct hk_sg_peer peer;
  struct hk_cidr vpc;
  size_t n, r;
  int port, missing = 0;
  char txt[32];

  if(!t)
    return hk_say(out, HK_VERDICT_UNKNOWN, _("Could not check: the port table assets/ports.tsv is missing."));
  n = hk_sg_collect(f, (const char (*)[64])s->network.sg_ids, s->network.n_sgs, sgs, HK_MAX_SGS);
  if(n == 0)
    return hk_say(out, HK_VERDICT_SKIP, _("No security group of the network was found (rule G1)."));
  memset(&peer, 0, sizeof(peer));
  peer.any_group = true;           /* e.g. the endpoint SG, but not the workspace SGs themselves */
  peer.not_groups = (const char (*)[64])s->network.sg_ids;
  peer.n_not_groups = s->network.n_sgs;
  if(hk_cidr_parse(f->vpc.cidr, &vpc)) {
    peer.cidrs = &vpc;             /* 0.0.0.0/0 and the VPC CIDR both contain it */
    peer.n_cidrs = 1;
  }
  for(r = 0; r < t->n_ports; r++) {
    const struct hk_port_row *p = &t->ports[r];
    int run_from = -1;
    if(!p->ws_egress || !p->tcp || !hk_port_required(p, s))
      continue;
    for(port = p->from; port <= p->to + 1; port++) {
      bool open = port <= p->to && hk_sg_open(sgs, n, true, "tcp", port, &peer);
      if(!open && port <= p->to && run_from < 0)
        run_from = port;
      if((open || port > p->to) && run_from >= 0) {
        if(run_from == port - 1)
          snprintf(txt, sizeof(txt), "%d", run_from);
        else
          snprintf(txt, sizeof(txt), "%d-%d", run_from, port - 1);
        if(!missing)
          hk_say(out, HK_VERDICT_FAIL, _("The workspace security groups do not allow TCP egress on port"));
        hk_say_more(out, "%s %s (%s)", missing ? "," : "", txt, p->purpose);
        hk_fix(out, "aws ec2 authorize-security-group-egress --region %s --group-id %s --ip-permissions "
                    "IpProtocol=tcp,FromPort=%d,ToPort=%d,IpRanges=[{CidrIp=0.0.0.0/0}]",
               s->region, sgs[0]->group_id, run_from, port - 1);
        missing++;
        run_from = -1;
      }
    }
  }
  if(missing) {
    hk_say_more(out, ".");
    return HK_VERDICT_FAIL;
  }
  if(!s3_egress_open(s, f, sgs, n, out))
    return HK_VERDICT_FAIL;
  return hk_say(out, HK_VERDICT_PASS, _("The workspace security groups allow egress on every Databricks port (ports.tsv %s) and on 443 to S3."),
                t->ports_version);
}
