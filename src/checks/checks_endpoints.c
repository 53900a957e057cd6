/* checks_endpoints.c - rules E1-E8 and GL1: the PrivateLink endpoints, their
 * security groups, and their Databricks registrations. */
#include "checks/checks_rules.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "checks/checks_util.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "setup/setup_assets.h"

#define MAX_EP_SGS 8

/* The Databricks back-end endpoints of the setup: workspace (REST + front end), back-end REST, relay. */
static const enum hk_ep_kind dbx_kinds[] = { HK_EP_WORKSPACE, HK_EP_BACKEND_REST, HK_EP_RELAY };
#define N_DBX_KINDS (sizeof(dbx_kinds) / sizeof(dbx_kinds[0]))
/* The AWS service interface endpoints clusters call on 443 ([SRA] aws/tf/privatelink.tf: sts and
 * kinesis-streams on the privatelink SG, ingress 443 from the workspace SG; Glue likewise). */
static const enum hk_ep_kind aws_kinds[] = { HK_EP_STS, HK_EP_KINESIS, HK_EP_GLUE };
#define N_AWS_KINDS (sizeof(aws_kinds) / sizeof(aws_kinds[0]))

static bool kind_used(const struct hk_setup *s, enum hk_ep_kind k)
{
  if(k == HK_EP_BACKEND_REST && s->backend_shared)
    return false;
  return s->endpoints[k].enabled;
}

static const char *kind_service(const struct hk_region_info *ri, enum hk_ep_kind k)
{
  return k == HK_EP_RELAY ? ri->relay_service : ri->workspace_service;
}

/* The existing AWS endpoint of an answer, or NULL. */
static const struct aws_vpc_endpoint *answer_endpoint(const struct hk_setup *s, const struct hk_facts *f,
                                                      enum hk_ep_kind k)
{
  const struct hk_endpoint_answer *a = &s->endpoints[k];

  if(!a->enabled || a->choice != HK_EXISTING)
    return NULL;
  return hk_facts_endpoint(f, a->vpce_id);
}

/* An endpoint to be created: its subnets and security group are in the VPC. */
static bool create_answer_ok(const struct hk_setup *s, const struct hk_facts *f, enum hk_ep_kind k,
                             struct hk_finding *out)
{
  const struct hk_endpoint_answer *a = &s->endpoints[k];
  int i;

  if(a->n_subnets == 0) {
    hk_say(out, HK_VERDICT_FAIL, _("The %s endpoint is to be created but no subnet is given for it."), _(hk_ep_label(k)));
    hk_fix(out, _("Set endpoints.%s.create_in_subnets to a subnet of VPC %s."), hk_ep_key(k), s->network.vpc_id);
    return false;
  }
  for(i = 0; i < a->n_subnets; i++)
    if(!hk_facts_subnet(f, a->subnet_ids[i])) {
      hk_say(out, HK_VERDICT_FAIL, _("Subnet %s, chosen for the %s endpoint, is not a subnet of VPC %s."),
             a->subnet_ids[i], _(hk_ep_label(k)), s->network.vpc_id);
      hk_fix(out, "aws ec2 describe-subnets --region %s --filters Name=vpc-id,Values=%s "
                  "--query 'Subnets[].[SubnetId,AvailabilityZone,CidrBlock]' --output table",
             s->region, s->network.vpc_id);
      return false;
    }
  if(a->sg_id[0] && !hk_facts_sg(f, a->sg_id)) {
    hk_say(out, HK_VERDICT_FAIL, _("Security group %s, chosen for the %s endpoint, is not in VPC %s."), a->sg_id,
           _(hk_ep_label(k)), s->network.vpc_id);
    return false;
  }
  return true;
}

enum hk_verdict hk_check_E1(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct hk_region_info *ri = hk_assets_region(s->region, s->partition);
  size_t i;
  int checked = 0;

  if(!ri)
    return hk_say(out, HK_VERDICT_FAIL, _("Databricks has no PrivateLink services listed for %s (%s)."), s->region,
                  hk_partition_key(s->partition));
  for(i = 0; i < N_DBX_KINDS; i++) {
    enum hk_ep_kind k = dbx_kinds[i];
    const struct hk_endpoint_answer *a = &s->endpoints[k];
    const struct aws_vpc_endpoint *e;
    const char *want = kind_service(ri, k);

    if(!kind_used(s, k))
      continue;
    if(a->choice == HK_CREATE) {
      if(!create_answer_ok(s, f, k, out))
        return HK_VERDICT_FAIL;
      continue;
    }
    checked++;
    e = answer_endpoint(s, f, k);
    if(!e) {
      hk_say(out, HK_VERDICT_FAIL, _("The %s endpoint %s is not in VPC %s."), _(hk_ep_label(k)), a->vpce_id,
             s->network.vpc_id);
    } else if(strcmp(e->type, "Interface") != 0) {
      hk_say(out, HK_VERDICT_FAIL, _("The %s endpoint %s is a %s endpoint; it must be an Interface endpoint."),
             _(hk_ep_label(k)), e->vpce_id, e->type);
    } else if(strcmp(e->service_name, want) != 0) {
      hk_say(out, HK_VERDICT_FAIL, _("The %s endpoint %s connects to %s; the Databricks service for %s is %s."),
             _(hk_ep_label(k)), e->vpce_id, e->service_name, s->region, want);
    } else {
      continue;
    }
    hk_fix(out, "aws ec2 create-vpc-endpoint --region %s --vpc-id %s --vpc-endpoint-type Interface "
                "--service-name %s --subnet-ids <endpoint-subnet-id> --security-group-ids <endpoint-sg-id> "
                "--private-dns-enabled",
           s->region, s->network.vpc_id, want);
    return HK_VERDICT_FAIL;
  }
  if(!checked)
    return hk_say(out, HK_VERDICT_PASS, _("heiiki creates the endpoints for %s and %s."), ri->workspace_service,
                  ri->relay_service);
  return hk_say(out, HK_VERDICT_PASS, _("The workspace and relay endpoints connect to the Databricks services of %s."),
                s->region);
}

/* E2: cluster nodes find the control plane and the relay by name, so the back-end REST and
 * relay endpoints need private DNS ([SRA] aws/tf/privatelink.tf: private_dns_enabled = true on
 * general_access and scc_tunnel_dataplane_relay_access).  A front-end-only workspace endpoint
 * (backend_shared false) needs none. */
enum hk_verdict hk_check_E2(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  size_t i;
  int n_have = 0, n_create = 0;
  enum hk_verdict v = HK_VERDICT_PASS;

  for(i = 0; i < N_DBX_KINDS; i++) {
    enum hk_ep_kind k = dbx_kinds[i];
    const struct aws_vpc_endpoint *e;
    if(!kind_used(s, k) || !hk_ep_private_dns(s, k))
      continue;
    if(s->endpoints[k].choice == HK_CREATE) {
      n_create++;
      continue;
    }
    e = answer_endpoint(s, f, k);
    if(!e)
      continue;                      /* E1 says it is missing */
    if(e->private_dns) {
      n_have++;
      continue;
    }
    if(v == HK_VERDICT_PASS)
      v = hk_say(out, HK_VERDICT_FAIL, _("The %s endpoint %s has private DNS off; cluster nodes would resolve the public control plane and relay names, which a closed network cannot reach, and clusters would not start."),
                 _(hk_ep_label(k)), e->vpce_id);
    hk_fix(out, "aws ec2 modify-vpc-endpoint --region %s --vpc-endpoint-id %s --private-dns-enabled", s->region,
           e->vpce_id);
  }
  /* The STS, Kinesis and Glue endpoints too: nodes call the services by their public names
   * ([SRA] aws/tf/privatelink.tf: private_dns_enabled = true on sts and kinesis-streams). */
  for(i = 0; i < N_AWS_KINDS && v == HK_VERDICT_PASS; i++) {
    const struct aws_vpc_endpoint *e = answer_endpoint(s, f, aws_kinds[i]);
    if(!e || e->private_dns)
      continue;
    v = hk_say(out, HK_VERDICT_FAIL, _("The %s endpoint %s has private DNS off; cluster nodes would resolve the service's public name, which a closed network cannot reach."),
               _(hk_ep_label(aws_kinds[i])), e->vpce_id);
    hk_fix(out, "aws ec2 modify-vpc-endpoint --region %s --vpc-endpoint-id %s --private-dns-enabled", s->region,
           e->vpce_id);
  }
  if(v != HK_VERDICT_PASS)
    return v;
  if(f->vpc_found && (f->vpc.dns_support != 1 || f->vpc.dns_hostnames != 1))
    return hk_say(out, HK_VERDICT_SKIP, _("Private DNS on the endpoints needs DNS support and DNS hostnames on VPC %s; rule N1 says how to turn them on."),
                  f->vpc.vpc_id);
  if(n_have && n_create)
    return hk_say(out, HK_VERDICT_PASS, _("The existing back-end endpoints have private DNS; heiiki creates the others with private DNS on."));
  if(n_create)
    return hk_say(out, HK_VERDICT_PASS, _("heiiki creates the back-end endpoints with private DNS on."));
  if(n_have)
    return hk_say(out, HK_VERDICT_PASS, _("The back-end endpoints have private DNS on."));
  return hk_say(out, HK_VERDICT_SKIP, _("No back-end endpoint in this setup."));
}

/* Security groups on the endpoint of kind k: the existing endpoint's, or the answer's. */
static size_t endpoint_sgs(const struct hk_setup *s, const struct hk_facts *f, enum hk_ep_kind k,
                           const struct aws_security_group **out, size_t max)
{
  const struct aws_vpc_endpoint *e = answer_endpoint(s, f, k);
  const struct aws_security_group *g;
  size_t i, n = 0;

  if(e) {
    for(i = 0; i < e->n_group_ids && n < max; i++) {
      g = hk_facts_sg(f, e->group_ids[i]);
      if(g)
        out[n++] = g;
    }
    return n;
  }
  if(s->endpoints[k].enabled && s->endpoints[k].choice == HK_CREATE && s->endpoints[k].sg_id[0] && max) {
    g = hk_facts_sg(f, s->endpoints[k].sg_id);
    if(g)
      out[n++] = g;
  }
  return n;
}

enum hk_verdict hk_check_E3(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct hk_check_tables *t = hk_check_tables(NULL);
  struct hk_cidr subnets[HK_MAX_SUBNETS];
  struct hk_sg_peer peer;
  size_t i, r;
  int j, missing = 0, n_sub = 0;

  if(!t)
    return hk_say(out, HK_VERDICT_UNKNOWN, _("Could not check: the port table assets/ports.tsv is missing."));
  for(j = 0; j < s->network.n_subnets; j++) {
    const struct aws_subnet *a = hk_facts_subnet(f, s->network.subnet_ids[j]);
    if(a && hk_cidr_parse(a->cidr, &subnets[n_sub]))
      n_sub++;
  }
  memset(&peer, 0, sizeof(peer));
  peer.groups = (const char (*)[64])s->network.sg_ids;
  peer.n_groups = s->network.n_sgs;
  peer.cidrs = subnets;
  peer.n_cidrs = n_sub;
  for(i = 0; i < N_DBX_KINDS; i++) {
    const struct aws_security_group *sgs[MAX_EP_SGS];
    size_t n;
    if(!kind_used(s, dbx_kinds[i]))
      continue;
    n = endpoint_sgs(s, f, dbx_kinds[i], sgs, MAX_EP_SGS);
    if(n == 0)
      continue;
    for(r = 0; r < t->n_ports; r++) {
      const struct hk_port_row *p = &t->ports[r];
      int port;
      char txt[32];
      if(!p->ep_ingress || !p->tcp || !hk_port_required(p, s))
        continue;
      for(port = p->from; port <= p->to; port++)
        if(!hk_sg_open(sgs, n, false, "tcp", port, &peer))
          break;
      if(port > p->to)
        continue;
      if(!missing)
        hk_say(out, HK_VERDICT_FAIL, _("The security group %s of the %s endpoint does not accept from the workspace security group TCP"),
               sgs[0]->group_id, _(hk_ep_label(dbx_kinds[i])));
      hk_port_text(p, txt, sizeof(txt));
      hk_say_more(out, "%s %s (%s)", missing ? "," : "", txt, p->purpose);
      hk_fix(out, "aws ec2 authorize-security-group-ingress --region %s --group-id %s --ip-permissions "
                  "IpProtocol=tcp,FromPort=%d,ToPort=%d,UserIdGroupPairs=[{GroupId=%s}]",
             s->region, sgs[0]->group_id, p->from, p->to, s->network.n_sgs ? s->network.sg_ids[0] : "<workspace-sg>");
      missing++;
    }
    if(missing) {
      hk_say_more(out, ".");
      return HK_VERDICT_FAIL;
    }
  }
  for(i = 0; i < N_AWS_KINDS; i++) {
    const struct aws_security_group *sgs[MAX_EP_SGS];
    size_t n;
    if(!s->endpoints[aws_kinds[i]].enabled)
      continue;
    n = endpoint_sgs(s, f, aws_kinds[i], sgs, MAX_EP_SGS);
    if(n == 0 || hk_sg_open(sgs, n, false, "tcp", 443, &peer))
      continue;
    hk_say(out, HK_VERDICT_FAIL, _("The security group %s of the %s endpoint does not accept TCP 443 from the workspace security group; cluster nodes cannot reach the service."),
           sgs[0]->group_id, _(hk_ep_label(aws_kinds[i])));
    hk_fix(out, "aws ec2 authorize-security-group-ingress --region %s --group-id %s --ip-permissions "
                "IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=%s}]",
           s->region, sgs[0]->group_id, s->network.n_sgs ? s->network.sg_ids[0] : "<workspace-sg>");
    return HK_VERDICT_FAIL;
  }
  return hk_say(out, HK_VERDICT_PASS, _("The endpoint security groups accept the Databricks ports (and the STS, Kinesis and Glue endpoints TCP 443) from the workspace."));
}

enum hk_verdict hk_check_E4(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  size_t i;
  enum hk_verdict v = HK_VERDICT_PASS;

  for(i = 0; i < N_DBX_KINDS; i++) {
    const struct hk_dbx_vpce_ref *d;
    if(!kind_used(s, dbx_kinds[i]))
      continue;
    d = hk_facts_dbx_vpce_by_aws(f, s->endpoints[dbx_kinds[i]].vpce_id);
    if(!d)
      return hk_say(out, HK_VERDICT_FAIL, _("The %s endpoint %s is not registered with Databricks."),
                    _(hk_ep_label(dbx_kinds[i])), s->endpoints[dbx_kinds[i]].vpce_id);
    if(strcmp(d->region, s->region) != 0)
      return hk_say(out, HK_VERDICT_FAIL, _("Registration %s is for region %s; the endpoint is in %s."), d->name,
                    d->region, s->region);
    /* [TFP] mws/resource_mws_vpc_endpoint.go lower-cases the state ("derived from AWS"). */
    if(strcasecmp(d->state, "available") == 0)
      continue;
    if(strcasecmp(d->state, "pending") == 0 || strcasecmp(d->state, "pendingAcceptance") == 0) {
      v = hk_say(out, HK_VERDICT_WARN, _("Registration %s is %s; Databricks accepts it automatically, usually within minutes."),
                 d->name, d->state);
      continue;
    }
    hk_say(out, HK_VERDICT_FAIL, _("Registration %s of endpoint %s is %s."), d->name, d->aws_vpce_id, d->state);
    hk_fix(out, _("Delete the AWS endpoint %s, create it again and register the new one."), d->aws_vpce_id);
    return HK_VERDICT_FAIL;
  }
  if(v == HK_VERDICT_PASS)
    hk_say(out, HK_VERDICT_PASS, _("Every endpoint registration is available."));
  return v;
}

enum hk_verdict hk_check_E5(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  size_t i;

  for(i = 0; i < N_DBX_KINDS; i++) {
    enum hk_ep_kind k = dbx_kinds[i];
    const struct hk_dbx_vpce_ref *d;
    bool relay = k == HK_EP_RELAY, ok;
    if(!kind_used(s, k) || s->endpoints[k].choice != HK_EXISTING)
      continue;
    d = hk_facts_dbx_vpce_by_aws(f, s->endpoints[k].vpce_id);
    if(!d || !d->use_case[0])
      continue;
    ok = relay ? strcmp(d->use_case, "DATAPLANE_RELAY_ACCESS") == 0
               : strcmp(d->use_case, "WORKSPACE_ACCESS") == 0 || strcmp(d->use_case, "GENERAL_ACCESS") == 0;
    if(ok)
      continue;
    hk_say(out, HK_VERDICT_FAIL, _("Endpoint %s is registered as %s (%s), but is used as the %s endpoint."),
           d->aws_vpce_id, d->name, d->use_case, _(hk_ep_label(k)));
    hk_fix(out, _("Delete registration %s and let heiiki register the endpoint again."), d->id);
    return HK_VERDICT_FAIL;
  }
  return hk_say(out, HK_VERDICT_PASS, _("Existing endpoint registrations match their use."));
}

enum hk_verdict hk_check_E6(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  enum hk_ep_kind rest = s->backend_shared ? HK_EP_WORKSPACE : HK_EP_BACKEND_REST;
  size_t i;

  if(!hk_setup_closed(s))
    return hk_say(out, HK_VERDICT_SKIP, _("No back-end PrivateLink in this setup."));
  if(!s->endpoints[rest].enabled)
    return hk_say(out, HK_VERDICT_FAIL, _("The network configuration needs a REST API endpoint next to the relay endpoint."));
  if(s->endpoints[rest].choice == HK_EXISTING && s->endpoints[HK_EP_RELAY].choice == HK_EXISTING &&
     strcmp(s->endpoints[rest].vpce_id, s->endpoints[HK_EP_RELAY].vpce_id) == 0)
    return hk_say(out, HK_VERDICT_FAIL, _("The REST and relay endpoints are the same AWS endpoint %s; they need separate endpoints of different services."),
                  s->endpoints[rest].vpce_id);
  for(i = 0; i < N_DBX_KINDS; i++) {
    const struct hk_dbx_vpce_ref *d;
    if(!kind_used(s, dbx_kinds[i]) || s->endpoints[dbx_kinds[i]].choice != HK_EXISTING)
      continue;
    d = hk_facts_dbx_vpce_by_aws(f, s->endpoints[dbx_kinds[i]].vpce_id);
    if(d && strcmp(d->region, s->region) != 0)
      return hk_say(out, HK_VERDICT_FAIL, _("Registration %s of endpoint %s is for region %s, not %s."), d->name,
                    d->aws_vpce_id, d->region, s->region);
  }
  return hk_say(out, HK_VERDICT_PASS, _("The network configuration gets the %s endpoint as rest_api and the relay endpoint as dataplane_relay."),
                _(hk_ep_label(rest)));
}

enum hk_verdict hk_check_E7(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct aws_security_group *sgs[MAX_EP_SGS];
  struct hk_sg_peer peer;
  struct hk_cidr c;
  size_t n;
  int i;

  if(s->pas.public_access && s->pas.level == HK_PAS_ACCOUNT)
    return hk_say(out, HK_VERDICT_SKIP, _("No front-end PrivateLink in this setup."));
  if(hk_setup_gov(s)) {
    hk_say(out, HK_VERDICT_FAIL, _("Front-end PrivateLink is not available in GovCloud."));
    hk_fix(out, _("Turn public access on and use the ACCOUNT level."));
    return HK_VERDICT_FAIL;
  }
  if(!s->endpoints[HK_EP_WORKSPACE].enabled)
    return hk_say(out, HK_VERDICT_FAIL, _("Front-end PrivateLink needs the workspace (REST API and user access) endpoint."));
  if(s->client.n_client_cidrs == 0)
    return hk_say(out, HK_VERDICT_SKIP, _("No client networks given; add them to check front-end reachability."));
  n = endpoint_sgs(s, f, HK_EP_WORKSPACE, sgs, MAX_EP_SGS);
  if(n == 0)
    return hk_say(out, HK_VERDICT_SKIP, _("heiiki creates the front-end endpoint's security group."));
  memset(&peer, 0, sizeof(peer));
  for(i = 0; i < s->client.n_client_cidrs; i++) {
    if(!hk_cidr_parse(s->client.client_cidrs[i], &c))
      continue;
    peer.cidrs = &c;
    peer.n_cidrs = 1;
    if(hk_sg_open(sgs, n, false, "tcp", 443, &peer))
      continue;
    hk_say(out, HK_VERDICT_FAIL, _("The front-end endpoint's security group %s does not accept TCP 443 from the client network %s."),
           sgs[0]->group_id, s->client.client_cidrs[i]);
    hk_fix(out, "aws ec2 authorize-security-group-ingress --region %s --group-id %s --ip-permissions "
                "IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=%s}]",
           s->region, sgs[0]->group_id, s->client.client_cidrs[i]);
    return HK_VERDICT_FAIL;
  }
  return hk_say(out, HK_VERDICT_PASS, _("The front-end endpoint accepts TCP 443 from every client network."));
}

/* A network with a workspace refers to the registration. */
static bool registration_in_use(const struct hk_facts *f, const char *id)
{
  size_t i;
  int j;

  for(i = 0; i < f->n_dbx_networks; i++) {
    const struct hk_dbx_network_ref *n = &f->dbx_networks[i];
    if(n->workspace_id == 0)
      continue;
    for(j = 0; j < n->n_rest; j++)
      if(strcmp(n->rest_vpce_ids[j], id) == 0)
        return true;
    for(j = 0; j < n->n_relay; j++)
      if(strcmp(n->relay_vpce_ids[j], id) == 0)
        return true;
  }
  return false;
}

enum hk_verdict hk_check_E8(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  size_t i, k;

  for(i = 0; i < N_DBX_KINDS; i++) {
    const struct hk_endpoint_answer *a = &s->endpoints[dbx_kinds[i]];
    if(!kind_used(s, dbx_kinds[i]) || !a->registration_name[0])
      continue;
    for(k = 0; k < f->n_dbx_vpces; k++) {
      const struct hk_dbx_vpce_ref *d = &f->dbx_vpces[k];
      if(strcmp(d->name, a->registration_name) != 0 || strcmp(d->aws_vpce_id, a->vpce_id) == 0)
        continue;
      /* this setup registered it (a resumed or re-run apply): it is the answer, not a clash */
      if(hk_facts_own(f, d->id) || hk_facts_own(f, d->aws_vpce_id))
        continue;
      if(!registration_in_use(f, d->id))
        continue;
      hk_say(out, HK_VERDICT_FAIL, _("The registration name \"%s\" belongs to endpoint %s, which a workspace uses; it cannot be replaced."),
             d->name, d->aws_vpce_id);
      hk_fix(out, _("Choose another registration name for the %s endpoint."), _(hk_ep_label(dbx_kinds[i])));
      return HK_VERDICT_FAIL;
    }
  }
  return hk_say(out, HK_VERDICT_PASS, _("No registration name clashes with an endpoint in use."));
}

/* E9: every endpoint heiiki is to create has its service in the region, offered in the zones of
 * the chosen subnets (DescribeVpcEndpointServices; CreateVpcEndpoint refuses other zones). */
static bool zone_listed(const struct aws_vpce_service *v, const char *az)
{
  size_t i;

  for(i = 0; i < v->n_azs; i++)
    if(strcmp(v->azs[i], az) == 0)
      return true;
  return false;
}

static void zone_list(const struct aws_vpce_service *v, char *out, size_t n)
{
  size_t i, len = 0;

  out[0] = '\0';
  for(i = 0; i < v->n_azs && len + 1 < n; i++) {
    int w = snprintf(out + len, n - len, "%s%s", i ? ", " : "", v->azs[i]);
    if(w < 0)
      break;
    len += (size_t)w;
  }
}

enum hk_verdict hk_check_E9(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  char svc[128], zones[256];
  int k, i, checked = 0;

  for(i = 0; i < f->n_ep_services_missing; i++) {
    for(k = 0; k < HK_EP__COUNT; k++)       /* which endpoint wants it: its mode answer */
      if(hk_check_ep_service(s, (enum hk_ep_kind)k, svc, sizeof(svc)) &&
         strcmp(svc, f->ep_services_missing[i]) == 0) {
        snprintf(out->field, sizeof(out->field), "endpoints.%s.mode", hk_ep_key((enum hk_ep_kind)k));
        break;
      }
    hk_say(out, HK_VERDICT_FAIL, _("AWS does not know the endpoint service %s in %s (InvalidServiceName); heiiki cannot create that endpoint."),
           f->ep_services_missing[i], s->region);
    hk_fix(out, "aws ec2 describe-vpc-endpoint-services --region %s --service-names %s", s->region,
           f->ep_services_missing[i]);
    hk_fix(out, _("Compare it with the Databricks PrivateLink table for %s (assets/regions/privatelink-services.tsv) and the Databricks documentation."),
           s->region);
    return HK_VERDICT_FAIL;
  }
  for(k = 0; k < HK_EP__COUNT; k++) {
    const struct hk_endpoint_answer *a = &s->endpoints[k];
    const struct aws_vpce_service *v;
    if(!a->enabled || a->choice != HK_CREATE || (k == HK_EP_BACKEND_REST && s->backend_shared) || k == HK_EP_S3)
      continue;
    if(!hk_check_ep_service(s, (enum hk_ep_kind)k, svc, sizeof(svc)))
      continue;
    v = hk_facts_ep_service(f, svc);
    if(!v || v->n_azs == 0)
      continue;
    checked++;
    for(i = 0; i < a->n_subnets; i++) {
      const struct aws_subnet *sub = hk_facts_subnet(f, a->subnet_ids[i]);
      if(!sub || zone_listed(v, sub->az))
        continue;
      zone_list(v, zones, sizeof(zones));
      snprintf(out->field, sizeof(out->field), "endpoints.%s.create_in_subnets",
               hk_ep_key((enum hk_ep_kind)k));
      hk_say(out, HK_VERDICT_FAIL, _("Subnet %s, chosen for the %s endpoint, is in %s, but %s is offered only in %s; AWS would refuse to create the endpoint there."),
             sub->subnet_id, _(hk_ep_label((enum hk_ep_kind)k)), sub->az, svc, zones);
      hk_fix(out, _("Set endpoints.%s.create_in_subnets to subnets in %s."), hk_ep_key((enum hk_ep_kind)k), zones);
      hk_fix(out, "aws ec2 describe-vpc-endpoint-services --region %s --service-names %s "
                  "--query 'ServiceDetails[].AvailabilityZones'", s->region, svc);
      return HK_VERDICT_FAIL;
    }
  }
  if(!checked && !f->n_ep_services)
    return hk_say(out, HK_VERDICT_PASS, _("heiiki creates no endpoint in this setup; the existing ones are checked by E1."));
  return hk_say(out, HK_VERDICT_PASS, _("AWS offers every endpoint service heiiki creates, in the zones of the chosen subnets."));
}

enum hk_verdict hk_check_GL1(const struct hk_setup *s, const struct hk_facts *f,
                             struct hk_finding *out)
{
  const struct hk_endpoint_answer *a = &s->endpoints[HK_EP_GLUE];
  char svc[128];

  if(!s->client.glue)
    return hk_say(out, HK_VERDICT_SKIP, _("The Glue catalog is not used."));
  if(a->enabled && (a->choice == HK_CREATE || hk_facts_endpoint(f, a->vpce_id)))
    return hk_say(out, HK_VERDICT_PASS, _("A Glue interface endpoint serves the closed VPC; clusters also need spark.databricks.hive.metastore.glueCatalog.enabled true and an instance profile with Glue rights."));
  hk_say(out, HK_VERDICT_WARN, _("The Glue catalog is used but VPC %s has no Glue interface endpoint; notebooks fail on metastore connections."),
         s->network.vpc_id);
  if(hk_aws_service_name(hk_check_tables(NULL), "glue", s->region, svc, sizeof(svc), NULL, 0))
    hk_fix(out, "aws ec2 create-vpc-endpoint --region %s --vpc-id %s --vpc-endpoint-type Interface --service-name %s "
                "--subnet-ids <endpoint-subnet-id> --security-group-ids <endpoint-sg-id> --private-dns-enabled",
           s->region, s->network.vpc_id, svc);
  return HK_VERDICT_WARN;
}
