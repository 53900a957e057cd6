/* checks_vpc.c - rules N1-N10: the VPC, cluster subnets, routes, reuse, names. */
#include "checks/checks_rules.h"

#include <stdio.h>
#include <string.h>

#include "checks/checks_util.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

enum hk_verdict hk_check_N1(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  bool sup, host;

  if(!f->vpc_found) {
    hk_say(out, HK_VERDICT_FAIL, _("The VPC %s does not exist in %s."), s->network.vpc_id, s->region);
    hk_fix(out, "aws ec2 describe-vpcs --region %s --query 'Vpcs[].[VpcId,CidrBlock]' --output table", s->region);
    return HK_VERDICT_FAIL;
  }
  sup = f->vpc.dns_support == 1;
  host = f->vpc.dns_hostnames == 1;
  if(sup && host)
    return hk_say(out, HK_VERDICT_PASS, _("VPC %s (%s) has DNS support and DNS hostnames on."), f->vpc.vpc_id,
                  f->vpc.cidr);
  if(!sup && !host)
    hk_say(out, HK_VERDICT_FAIL, _("VPC %s has DNS support and DNS hostnames off; private DNS of the endpoints needs both."),
           f->vpc.vpc_id);
  else if(!sup)
    hk_say(out, HK_VERDICT_FAIL, _("VPC %s has DNS support off; private DNS of the endpoints needs it."), f->vpc.vpc_id);
  else
    hk_say(out, HK_VERDICT_FAIL, _("VPC %s has DNS hostnames off; private DNS of the endpoints needs it."),
           f->vpc.vpc_id);
  if(!sup)
    hk_fix(out, "aws ec2 modify-vpc-attribute --region %s --vpc-id %s --enable-dns-support \"{\\\"Value\\\":true}\"",
           s->region, f->vpc.vpc_id);
  if(!host)
    hk_fix(out, "aws ec2 modify-vpc-attribute --region %s --vpc-id %s --enable-dns-hostnames \"{\\\"Value\\\":true}\"",
           s->region, f->vpc.vpc_id);
  return HK_VERDICT_FAIL;
}

/* Every chosen subnet is a subnet of the VPC; otherwise a FAIL sentence. */
static bool subnets_known(const struct hk_setup *s, const struct hk_facts *f, struct hk_finding *out)
{
  int i;

  for(i = 0; i < s->network.n_subnets; i++)
    if(!hk_facts_subnet(f, s->network.subnet_ids[i])) {
      hk_say(out, HK_VERDICT_FAIL, _("The subnet %s is not a subnet of VPC %s in %s."), s->network.subnet_ids[i],
             s->network.vpc_id, s->region);
      hk_fix(out, "aws ec2 describe-subnets --region %s --filters Name=vpc-id,Values=%s "
                  "--query 'Subnets[].[SubnetId,AvailabilityZone,CidrBlock]' --output table",
             s->region, s->network.vpc_id);
      return false;
    }
  return true;
}

enum hk_verdict hk_check_N2(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  long min = hk_check_limit("min_subnets", 2);
  int i, j;

  if(s->network.n_subnets < min) {
    hk_say(out, HK_VERDICT_FAIL, _("The network has %d cluster subnet(s); Databricks needs at least %ld, each in a different availability zone."),
           s->network.n_subnets, min);
    hk_fix(out, _("Add a subnet in another availability zone, for example: "
                  "aws ec2 create-subnet --region %s --vpc-id %s --availability-zone <zone> --cidr-block <cidr>"),
           s->region, s->network.vpc_id);
    return HK_VERDICT_FAIL;
  }
  if(!subnets_known(s, f, out))
    return HK_VERDICT_FAIL;
  for(i = 0; i < s->network.n_subnets; i++)
    for(j = i + 1; j < s->network.n_subnets; j++) {
      const struct aws_subnet *a = hk_facts_subnet(f, s->network.subnet_ids[i]);
      const struct aws_subnet *b = hk_facts_subnet(f, s->network.subnet_ids[j]);
      if(strcmp(a->az, b->az) == 0) {
        hk_say(out, HK_VERDICT_FAIL, _("Subnets %s and %s are both in %s; each cluster subnet must be in a different availability zone."),
               a->subnet_id, b->subnet_id, a->az);
        hk_fix(out, _("Replace %s with a subnet of VPC %s in another availability zone."), b->subnet_id,
               s->network.vpc_id);
        return HK_VERDICT_FAIL;
      }
    }
  hk_say(out, HK_VERDICT_PASS, _("%d subnets in different availability zones:"), s->network.n_subnets);
  for(i = 0; i < s->network.n_subnets; i++) {
    const struct aws_subnet *a = hk_facts_subnet(f, s->network.subnet_ids[i]);
    hk_say_more(out, "%s %s (%s)", i ? "," : "", a->subnet_id, a->az);
  }
  return HK_VERDICT_PASS;
}

enum hk_verdict hk_check_N3(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  long lo = hk_check_limit("min_subnet_prefix", 17), hi = hk_check_limit("max_subnet_prefix", 26);
  char cap[160];
  int i;

  if(!subnets_known(s, f, out))
    return HK_VERDICT_FAIL;
  for(i = 0; i < s->network.n_subnets; i++) {
    const struct aws_subnet *a = hk_facts_subnet(f, s->network.subnet_ids[i]);
    struct hk_cidr c;
    if(!hk_cidr_parse(a->cidr, &c))
      return hk_say(out, HK_VERDICT_FAIL, _("Subnet %s has no IPv4 CIDR block."), a->subnet_id);
    if(c.prefix < lo || c.prefix > hi) {
      hk_subnet_capacity_format(a->cidr, cap, sizeof(cap));
      hk_say(out, HK_VERDICT_FAIL, _("Subnet %s is %s; cluster subnets must be /%ld to /%ld."), a->subnet_id, cap,
             lo, hi);
      hk_fix(out, _("Use a subnet between /%ld and /%ld, e.g. a /24 holds 125 nodes ((2^8 - 5) / 2)."), lo, hi);
      return HK_VERDICT_FAIL;
    }
  }
  hk_say(out, HK_VERDICT_PASS, _("Subnet sizes:"));
  for(i = 0; i < s->network.n_subnets; i++) {
    hk_subnet_capacity_format(hk_facts_subnet(f, s->network.subnet_ids[i])->cidr, cap, sizeof(cap));
    hk_say_more(out, "%s %s", i ? ";" : "", cap);
  }
  return HK_VERDICT_PASS;
}

enum hk_verdict hk_check_N4(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  int i;
  size_t r;
  enum hk_verdict v = HK_VERDICT_PASS;

  if(!subnets_known(s, f, out))
    return HK_VERDICT_FAIL;
  for(i = 0; i < s->network.n_subnets; i++) {
    const struct aws_subnet *a = hk_facts_subnet(f, s->network.subnet_ids[i]);
    const struct aws_route_table *rt = hk_facts_route_table_for(f, a->subnet_id);

    if(a->map_public_ip) {
      if(v == HK_VERDICT_PASS)
        v = hk_say(out, HK_VERDICT_FAIL, _("Subnet %s gives instances public IP addresses; cluster subnets must be private."),
                   a->subnet_id);
      hk_fix(out, "aws ec2 modify-subnet-attribute --region %s --subnet-id %s --no-map-public-ip-on-launch",
             s->region, a->subnet_id);
    }
    if(!rt) {
      if(v == HK_VERDICT_PASS)
        v = hk_say(out, HK_VERDICT_FAIL, _("No route table applies to subnet %s."), a->subnet_id);
      continue;
    }
    for(r = 0; r < rt->n_routes; r++) {
      const struct aws_route *rr = &rt->routes[r];
      if(strcmp(rr->dest_cidr, "0.0.0.0/0") != 0 || strncmp(rr->gateway_id, "igw-", 4) != 0)
        continue;
      if(strstr(out->fix, rt->route_table_id))
        continue;             /* another cluster subnet shares this table */
      if(v == HK_VERDICT_PASS)
        v = hk_say(out, HK_VERDICT_FAIL,
                   _("Subnet %s is public: its route table %s sends 0.0.0.0/0 to the internet gateway %s."),
                   a->subnet_id, rt->route_table_id, rr->gateway_id);
      hk_fix(out, "aws ec2 delete-route --region %s --route-table-id %s --destination-cidr-block 0.0.0.0/0",
             s->region, rt->route_table_id);
    }
  }
  if(v == HK_VERDICT_PASS)
    hk_say(out, HK_VERDICT_PASS, _("The cluster subnets have no internet gateway route and no public IPs."));
  return v;
}

/* One needed endpoint of a closed network: enabled, and found when existing. */
static bool need_endpoint(const struct hk_setup *s, const struct hk_facts *f, enum hk_ep_kind k,
                          struct hk_finding *out, int *missing)
{
  const struct hk_endpoint_answer *a = &s->endpoints[k];
  char svc[128], type[16];

  if(a->enabled && (a->choice == HK_CREATE || hk_facts_endpoint(f, a->vpce_id)))
    return true;
  if(!*missing)
    hk_say(out, HK_VERDICT_FAIL, _("A closed network needs these VPC endpoints, missing from VPC %s:"),
           s->network.vpc_id);
  hk_say_more(out, "%s %s%s%s%s", *missing ? "," : "", _(hk_ep_label(k)), a->enabled ? " (" : "",
              a->enabled ? a->vpce_id : "", a->enabled ? _(" not found)") : "");
  (*missing)++;
  if(hk_aws_service_name(hk_check_tables(NULL), hk_ep_key(k), s->region, svc, sizeof(svc), type, sizeof(type))) {
    if(strcmp(type, "Gateway") == 0)
      hk_fix(out, "aws ec2 create-vpc-endpoint --region %s --vpc-id %s --vpc-endpoint-type Gateway "
                  "--service-name %s --route-table-ids <cluster-route-table-id>",
             s->region, s->network.vpc_id, svc);
    else
      hk_fix(out, "aws ec2 create-vpc-endpoint --region %s --vpc-id %s --vpc-endpoint-type Interface "
                  "--service-name %s --subnet-ids <endpoint-subnet-id> --security-group-ids <endpoint-sg-id> "
                  "--private-dns-enabled",
             s->region, s->network.vpc_id, svc);
  } else {
    hk_fix(out, _("Set %s.choice = create in the answers, or give the ID of an existing endpoint."),
           hk_ep_key(k));
  }
  return false;
}

enum hk_verdict hk_check_N5(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  int missing = 0, i;
  size_t r;
  const struct hk_endpoint_answer *s3 = &s->endpoints[HK_EP_S3];

  if(!hk_setup_closed(s)) {
    for(i = 0; i < s->network.n_subnets; i++) {
      const struct aws_route_table *rt = hk_facts_route_table_for(f, s->network.subnet_ids[i]);
      bool nat = false;
      for(r = 0; rt && r < rt->n_routes; r++)
        if(strcmp(rt->routes[r].dest_cidr, "0.0.0.0/0") == 0 && rt->routes[r].nat_gateway_id[0])
          nat = true;
      if(!nat) {
        hk_say(out, HK_VERDICT_FAIL, _("Subnet %s has no NAT route and the network has no back-end PrivateLink: clusters cannot reach Databricks."),
               s->network.subnet_ids[i]);
        hk_fix(out, _("Enable the relay and workspace endpoints (closed network), or add a NAT route: "
                      "aws ec2 create-route --region %s --route-table-id %s --destination-cidr-block 0.0.0.0/0 --nat-gateway-id <nat-id>"),
               s->region, rt ? rt->route_table_id : "<route-table-id>");
        return HK_VERDICT_FAIL;
      }
    }
    return hk_say(out, HK_VERDICT_PASS, _("The cluster subnets reach the internet through NAT."));
  }
  need_endpoint(s, f, HK_EP_WORKSPACE, out, &missing);
  if(!s->backend_shared)
    need_endpoint(s, f, HK_EP_BACKEND_REST, out, &missing);
  need_endpoint(s, f, HK_EP_RELAY, out, &missing);
  need_endpoint(s, f, HK_EP_S3, out, &missing);
  need_endpoint(s, f, HK_EP_STS, out, &missing);
  need_endpoint(s, f, HK_EP_KINESIS, out, &missing);
  if(s->client.glue)
    need_endpoint(s, f, HK_EP_GLUE, out, &missing);
  if(missing) {
    hk_say_more(out, ".");
    return HK_VERDICT_FAIL;
  }
  if(s3->choice == HK_CREATE && s3->n_route_tables > 0) {
    for(i = 0; i < s->network.n_subnets; i++) {
      const struct aws_route_table *rt = hk_facts_route_table_for(f, s->network.subnet_ids[i]);
      bool listed = false;
      int k;
      for(k = 0; rt && k < s3->n_route_tables; k++)
        if(strcmp(s3->route_table_ids[k], rt->route_table_id) == 0)
          listed = true;
      if(rt && !listed) {
        hk_say(out, HK_VERDICT_FAIL, _("The S3 gateway endpoint to be created is not put on route table %s of cluster subnet %s; clusters could not reach S3."),
               rt->route_table_id, s->network.subnet_ids[i]);
        hk_fix(out, _("Add %s to endpoints.s3.route_tables."), rt->route_table_id);
        return HK_VERDICT_FAIL;
      }
    }
  }
  if(s3->choice == HK_EXISTING) {
    const struct aws_vpc_endpoint *e = hk_facts_endpoint(f, s3->vpce_id);
    for(i = 0; i < s->network.n_subnets; i++) {
      const struct aws_route_table *rt = hk_facts_route_table_for(f, s->network.subnet_ids[i]);
      bool attached = false;
      for(r = 0; rt && r < e->n_route_table_ids; r++)
        if(strcmp(e->route_table_ids[r], rt->route_table_id) == 0)
          attached = true;
      if(rt && !attached) {
        hk_say(out, HK_VERDICT_FAIL, _("The S3 gateway endpoint %s is not attached to route table %s of subnet %s."),
               e->vpce_id, rt->route_table_id, s->network.subnet_ids[i]);
        hk_fix(out, "aws ec2 modify-vpc-endpoint --region %s --vpc-endpoint-id %s --add-route-table-ids %s",
               s->region, e->vpce_id, rt->route_table_id);
        return HK_VERDICT_FAIL;
      }
    }
  }
  return hk_say(out, HK_VERDICT_PASS, _("Back-end PrivateLink and the S3, STS and Kinesis endpoints give clusters their egress path."));
}

/* Another network configuration (not the one of this setup) uses id. */
static const struct hk_dbx_network_ref *network_using(const struct hk_setup *s, const struct hk_facts *f,
                                                      const char *id, bool sg)
{
  size_t i;
  int j;

  for(i = 0; i < f->n_dbx_networks; i++) {
    const struct hk_dbx_network_ref *n = &f->dbx_networks[i];
    if(strcmp(n->name, s->network.name) == 0 || hk_facts_own(f, n->id))
      continue;                    /* this setup's own network configuration */
    for(j = 0; j < (sg ? n->n_sgs : n->n_subnets); j++)
      if(strcmp(sg ? n->sg_ids[j] : n->subnet_ids[j], id) == 0)
        return n;
  }
  return NULL;
}

enum hk_verdict hk_check_N6(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct hk_dbx_network_ref *n;
  int i;

  for(i = 0; i < s->network.n_subnets; i++) {
    n = network_using(s, f, s->network.subnet_ids[i], false);
    if(n) {
      hk_say(out, HK_VERDICT_FAIL, _("Subnet %s is already used by the network configuration \"%s\" (%s); subnets cannot be shared between network configurations."),
             s->network.subnet_ids[i], n->name, n->id);
      hk_fix(out, _("Create a new subnet for this workspace, or reuse the network configuration \"%s\"."), n->name);
      return HK_VERDICT_FAIL;
    }
  }
  for(i = 0; i < s->network.n_sgs; i++) {
    n = network_using(s, f, s->network.sg_ids[i], true);
    if(n) {
      hk_say(out, HK_VERDICT_FAIL, _("Security group %s is already used by the network configuration \"%s\" (%s)."),
             s->network.sg_ids[i], n->name, n->id);
      hk_fix(out, "aws ec2 create-security-group --region %s --vpc-id %s --group-name %s-workspace "
                  "--description \"Databricks workspace %s\"",
             s->region, s->network.vpc_id, s->name, s->name);
      return HK_VERDICT_FAIL;
    }
  }
  return hk_say(out, HK_VERDICT_PASS, _("No other network configuration uses these subnets or security groups."));
}

enum hk_verdict hk_check_N7(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct hk_check_tables *t = hk_check_tables(NULL);
  struct hk_cidr c;
  size_t k;
  int i;

  if(!t)
    return hk_say(out, HK_VERDICT_UNKNOWN, _("Could not check: assets/rules/reserved-ranges.tsv is missing."));
  for(i = -1; i < s->network.n_subnets; i++) {
    const char *cidr = i < 0 ? f->vpc.cidr : "";
    const char *what = i < 0 ? f->vpc.vpc_id : s->network.subnet_ids[i];
    if(i >= 0) {
      const struct aws_subnet *a = hk_facts_subnet(f, s->network.subnet_ids[i]);
      cidr = a ? a->cidr : "";
    }
    if(!hk_cidr_parse(cidr, &c))
      continue;
    for(k = 0; k < t->n_reserved; k++)
      if(hk_cidr_overlaps(&c, &t->reserved[k])) {
        hk_say(out, HK_VERDICT_WARN, _("%s (%s) overlaps %s, a range Databricks uses internally."), what, cidr,
               t->reserved_text[k]);
        return HK_VERDICT_WARN;
      }
  }
  return hk_say(out, HK_VERDICT_PASS, _("The VPC does not overlap Databricks' internal ranges."));
}

enum hk_verdict hk_check_N8(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct { const char *what; const char *name; } names[] = {
    { N_("network configuration"), s->network.name },
    { N_("credential configuration"), s->credential.config_name },
    { N_("storage configuration"), s->storage.config_name },
    { N_("workspace"), s->workspace.name },
  };
  size_t i;

  (void)f;
  for(i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    if(!hk_name_len_ok(names[i].name)) {
      hk_say(out, HK_VERDICT_FAIL, _("The %s name \"%s\" has %zu characters; it needs 4 to 256."), _(names[i].what),
             names[i].name, strlen(names[i].name));
      return HK_VERDICT_FAIL;
    }
  for(i = 0; i < HK_EP__COUNT; i++) {
    const struct hk_endpoint_answer *a = &s->endpoints[i];
    if(a->enabled && a->registration_name[0] && !hk_name_len_ok(a->registration_name))
      return hk_say(out, HK_VERDICT_FAIL, _("The endpoint registration name \"%s\" needs 4 to 256 characters."),
                    a->registration_name);
  }
  return hk_say(out, HK_VERDICT_PASS, _("Names are 4 to 256 characters."));
}

enum hk_verdict hk_check_N9(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct hk_dbx_network_ref *n = &f->created_network;

  (void)s;
  if(strcmp(n->vpc_status, "BROKEN") == 0) {
    hk_say(out, HK_VERDICT_FAIL, _("Databricks marked network configuration %s BROKEN: %s"), n->name,
           n->messages[0] ? n->messages : _("no message given."));
    return HK_VERDICT_FAIL;
  }
  if(strcmp(n->vpc_status, "WARNED") == 0)
    return hk_say(out, HK_VERDICT_WARN, _("Databricks has warnings for network configuration %s: %s"), n->name,
                  n->messages[0] ? n->messages : _("no message given."));
  return hk_say(out, HK_VERDICT_PASS, _("Network configuration %s is %s."), n->name,
                n->vpc_status[0] ? n->vpc_status : "UNATTACHED");
}

enum hk_verdict hk_check_N10(const struct hk_setup *s, const struct hk_facts *f,
                             struct hk_finding *out)
{
  size_t i, w;

  for(i = 0; i < f->n_dbx_networks; i++) {
    const struct hk_dbx_network_ref *n = &f->dbx_networks[i];
    const char *ws_name = "";
    if(strcmp(n->name, s->network.name) != 0 || n->workspace_id == 0 || hk_facts_own(f, n->id))
      continue;                    /* this setup's own network, used by its own workspace */
    for(w = 0; w < f->n_dbx_workspaces; w++)
      if(f->dbx_workspaces[w].id == n->workspace_id)
        ws_name = f->dbx_workspaces[w].name;
    if(strcmp(ws_name, s->workspace.name) == 0)
      continue;
    hk_say(out, HK_VERDICT_FAIL, _("The network configuration \"%s\" exists and is used by workspace %lld \"%s\"; it cannot be changed or deleted while that workspace uses it."),
           n->name, n->workspace_id, ws_name);
    hk_fix(out, _("Choose another network configuration name (network.name)."));
    return HK_VERDICT_FAIL;
  }
  return hk_say(out, HK_VERDICT_PASS, _("No other workspace holds the network configuration name."));
}
