/* checks_netmode.c - pre-flight rules about what heiiki builds or fixes itself.
 *
 * With network.mode = create_in_vpc / create_vpc the subnets, route tables and
 * security groups (and the endpoints' placement in them) do not exist before
 * apply: the rules that check the operator's choice of them have nothing to
 * check, and heiiki makes them to the report's layout (closed-network-setup.md
 * §2.3-2.5); the post-deploy checks verify the result.  Those rules SKIP with a
 * sentence.  A VPC DNS attribute that heiiki will turn on (hk_net_fixes_dns)
 * stays visible, with its aws command, as a warning instead of a block. */
#include "checks/checks_rules.h"

#include <stdio.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

enum part { P_SUBNETS, P_SGS, P_PLACEMENT, P_DNS };

/* rule -> the part of the network that makes it moot (see checks_rules.def for the rules) */
static const struct {
  const char *id;
  enum part part;
} net_rules[] = {
  { "N2", P_SUBNETS },    /* two cluster subnets in two zones */
  { "N3", P_SUBNETS },    /* cluster subnet sizes */
  { "N4", P_SUBNETS },    /* no internet route from the cluster subnets */
  { "N5", P_SUBNETS },    /* S3 gateway route of the cluster route tables */
  { "N7", P_SUBNETS },    /* subnets of the VPC, not shared */
  { "G1", P_SGS },        /* 1 to 5 security groups */
  { "G2", P_SGS },
  { "G3", P_SGS },
  { "G4", P_SGS },        /* egress on the Databricks ports */
  { "E1", P_PLACEMENT },  /* endpoint subnets and security groups */
  { "E3", P_SGS },        /* endpoint security group ingress */
  { "E7", P_SGS },        /* client CIDRs on the front-end endpoint's group */
  { "N1", P_DNS },        /* VPC DNS support and hostnames */
  { "E2", P_DNS },        /* private DNS needs both */
};

static bool moot(enum part p, const struct hk_setup *s)
{
  switch(p) {
  case P_SUBNETS:
    return hk_net_creates_subnets(s);
  case P_SGS:
    return hk_net_creates_sgs(s);
  case P_PLACEMENT:
    return hk_net_creates_subnets(s) || hk_net_creates_sgs(s);
  case P_DNS:
    return hk_net_creates_vpc(s);
  }
  return false;
}

static const char *part_text(enum part p)
{
  switch(p) {
  case P_SUBNETS: return _("the subnets and their route tables");
  case P_SGS: return _("the security groups");
  case P_PLACEMENT: return _("the endpoint subnet and security groups");
  case P_DNS: return _("the VPC, with DNS support and hostnames on");
  }
  return "";
}

bool hk_rule_netmode_skip(const struct hk_rule *r, const struct hk_setup *s,
                          struct hk_finding *out)
{
  size_t i;

  for(i = 0; i < sizeof(net_rules) / sizeof(net_rules[0]); i++) {
    if(strcmp(net_rules[i].id, r->id) != 0 || !moot(net_rules[i].part, s))
      continue;
    out->verdict = HK_VERDICT_SKIP;
    snprintf(out->message, sizeof(out->message),
             _("heiiki creates %s (network.mode = %s); the post-deploy checks verify them."),
             part_text(net_rules[i].part),
             hk_net_creates_vpc(s) ? "create_vpc" : "create_in_vpc");
    return true;
  }
  return false;
}

static bool fixes_s3_route(const struct hk_setup *s)
{
  const struct hk_endpoint_answer *s3 = &s->endpoints[HK_EP_S3];
  return s->network.fix_existing && !hk_net_creates_subnets(s) && s3->enabled &&
         s3->choice == HK_EXISTING;
}

static bool fixes_sg_rules(const struct hk_setup *s)
{
  return s->network.fix_existing && !hk_net_creates_sgs(s) && s->network.n_sgs > 0;
}

/* Findings that a planned fix action repairs: rule, the fix's command (so only
 * the finding that command fixes is eased), who fixes it. */
static const struct {
  const char *id;
  const char *command;
  bool (*planned)(const struct hk_setup *s);
  const char *action;
} fixes[] = {
  { "N1", "modify-vpc-attribute", hk_net_fixes_dns, "aws.net.vpc_dns" },
  { "E2", "modify-vpc-attribute", hk_net_fixes_dns, "aws.net.vpc_dns" },
  { "N5", "modify-vpc-endpoint", fixes_s3_route, "aws.fix.s3_route" },
  { "G2", "authorize-security-group-ingress", fixes_sg_rules, "aws.fix.sg_rules" },
  { "G3", "authorize-security-group-egress", fixes_sg_rules, "aws.fix.sg_rules" },
  { "G4", "authorize-security-group-egress", fixes_sg_rules, "aws.fix.sg_rules" },
};

void hk_rule_netmode_after(const struct hk_rule *r, const struct hk_setup *s,
                           struct hk_finding *out)
{
  char was[sizeof(out->message)];
  size_t i;

  if(out->verdict != HK_VERDICT_FAIL)
    return;
  for(i = 0; i < sizeof(fixes) / sizeof(fixes[0]); i++) {
    if(strcmp(fixes[i].id, r->id) != 0 || !strstr(out->fix, fixes[i].command) ||
       !fixes[i].planned(s))
      continue;
    hk_strlcpy(was, out->message, sizeof(was));
    snprintf(out->message, sizeof(out->message),
             _("%s heiiki fixes it (%s) once you confirm the plan; the command below does the "
               "same."), was, fixes[i].action);
    out->verdict = HK_VERDICT_WARN;
    return;
  }
}
