/* checks_nacl.c - rule G5: the cluster subnets' network ACLs, evaluated in
 * rule order for each flow Databricks needs (NACLs are stateless). */
#include "checks/checks_rules.h"

#include <stdio.h>
#include <string.h>

#include "checks/checks_util.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

#define PROTO_TCP 6
#define PROTO_UDP 17
#define NACL_DEFAULT_RULE 32767

/* Ports that stand for "every port" when probing an all-traffic rule. */
static const int sample_ports[] = { 443, 1024, 32768, 65535 };

/* A rule number free in this direction that is evaluated before `deny_rule`. */
static int free_rule_number(const struct aws_nacl *n, bool egress, int deny_rule)
{
  int cand, hi = 0;
  size_t i;
  bool used;

  if(deny_rule >= NACL_DEFAULT_RULE) {
    for(i = 0; i < n->n_entries; i++)
      if(n->entries[i].egress == egress && n->entries[i].rule_number < NACL_DEFAULT_RULE &&
         n->entries[i].rule_number > hi)
        hi = n->entries[i].rule_number;
    return hi + 10 < NACL_DEFAULT_RULE ? hi + 10 : -1;
  }
  for(cand = deny_rule - 1; cand >= 1; cand--) {
    used = false;
    for(i = 0; i < n->n_entries; i++)
      if(n->entries[i].egress == egress && n->entries[i].rule_number == cand)
        used = true;
    if(!used)
      return cand;
  }
  return -1;
}

static void deny_text(int rule, char *out, size_t n)
{
  if(rule >= NACL_DEFAULT_RULE || rule < 0)
    hk_strlcpy(out, _("the default deny rule (*)"), n);
  else
    snprintf(out, n, _("rule %d"), rule);
}

/* Fix: an allow entry before the denying rule (or replace it when no number is free). */
static void entry_fix(const struct hk_setup *s, const struct aws_nacl *n, bool egress, int deny_rule,
                      const char *proto_args, const char *cidr, struct hk_finding *out)
{
  int num = free_rule_number(n, egress, deny_rule);

  hk_fix(out, "aws ec2 %s-network-acl-entry --region %s --network-acl-id %s %s --rule-number %d %s "
              "--cidr-block %s --rule-action allow",
         num > 0 ? "create" : "replace", s->region, n->nacl_id, egress ? "--egress" : "--ingress",
         num > 0 ? num : deny_rule, proto_args, cidr);
}

/* Probe one flow; on denial write the sentence (first time) and return false. */
static bool probe(const struct aws_nacl *n, const char *subnet, bool egress, int proto, int port,
                  const struct hk_cidr *peer, const char *peer_text, int *deny_rule,
                  struct hk_finding *out, int *failures)
{
  struct hk_nacl_verdict v;
  char why[64];

  hk_nacl_eval(n, egress, proto, port, peer, &v);
  if(v.allowed)
    return true;
  *deny_rule = v.rule_number;
  if(*failures == 0) {
    deny_text(v.rule_number, why, sizeof(why));
    hk_say(out, HK_VERDICT_FAIL,
           egress ? _("Network ACL %s of subnet %s denies outbound %s port %d to %s (%s).")
                  : _("Network ACL %s of subnet %s denies inbound %s port %d from %s (%s); NACLs are stateless, so return traffic is dropped."),
           n->nacl_id, subnet, proto == PROTO_TCP ? "TCP" : "UDP", port, peer_text, why);
  }
  (*failures)++;
  return false;
}

/* All TCP and UDP sample ports to / from peer; one fix with protocol -1. */
static void probe_all(const struct hk_setup *s, const struct aws_nacl *n, const char *subnet, bool egress,
                      const struct hk_cidr *peer, const char *peer_text, struct hk_finding *out,
                      int *failures)
{
  static const int protos[] = { PROTO_TCP, PROTO_UDP };
  size_t i, p;
  int deny = -1;

  for(p = 0; p < 2; p++)
    for(i = 0; i < sizeof(sample_ports) / sizeof(sample_ports[0]); i++)
      if(!probe(n, subnet, egress, protos[p], sample_ports[i], peer, peer_text, &deny, out, failures)) {
        entry_fix(s, n, egress, deny, "--protocol -1", peer_text, out);
        return;
      }
}

enum hk_verdict hk_check_G5(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct hk_check_tables *t = hk_check_tables(NULL);
  const char *seen[HK_MAX_SUBNETS];
  struct hk_cidr any, vpc;
  int i, k, n_seen = 0, failures = 0;
  size_t r;

  if(!t)
    return hk_say(out, HK_VERDICT_UNKNOWN, _("Could not check: the port table assets/ports.tsv is missing."));
  hk_cidr_parse("0.0.0.0/0", &any);
  if(!hk_cidr_parse(f->vpc.cidr, &vpc))
    return hk_say(out, HK_VERDICT_SKIP, _("The VPC CIDR is not known (rule N1)."));
  for(i = 0; i < s->network.n_subnets; i++) {
    const char *subnet = s->network.subnet_ids[i];
    const struct aws_nacl *n = hk_facts_nacl_for(f, subnet);
    bool dup = false;

    if(!n)
      continue;
    for(k = 0; k < n_seen; k++)
      if(strcmp(seen[k], n->nacl_id) == 0)
        dup = true;
    if(dup)
      continue;
    seen[n_seen++] = n->nacl_id;
    probe_all(s, n, subnet, false, &any, "0.0.0.0/0", out, &failures);
    probe_all(s, n, subnet, true, &vpc, f->vpc.cidr, out, &failures);
    for(r = 0; r < t->n_ports; r++) {
      const struct hk_port_row *p = &t->ports[r];
      int deny = -1;
      char args[64];
      if(!p->tcp || !hk_port_required(p, s) || p->nacl == HK_NACL_NO)
        continue;
      if(p->nacl == HK_NACL_NAT && hk_setup_closed(s))
        continue;
      if(probe(n, subnet, true, PROTO_TCP, p->from, &any, "0.0.0.0/0", &deny, out, &failures) &&
         probe(n, subnet, true, PROTO_TCP, p->to, &any, "0.0.0.0/0", &deny, out, &failures))
        continue;
      snprintf(args, sizeof(args), "--protocol 6 --port-range From=%d,To=%d", p->from, p->to);
      entry_fix(s, n, true, deny, args, "0.0.0.0/0", out);
    }
  }
  if(failures)
    return HK_VERDICT_FAIL;
  return hk_say(out, HK_VERDICT_PASS, _("The network ACLs of the cluster subnets allow inbound from 0.0.0.0/0 and outbound to the VPC and the Databricks ports."));
}
