/* aws_ec2.c - typed EC2 operations on the query API (2016-11-15). */
#include "aws/aws_ec2.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_params.h"
#include "aws/aws_result.h"
#include "aws/aws_xml.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

typedef void (*any_fn)(void);

struct ec2_op {
  any_fn fn;
  void *ud;
  const struct describe_kind *kind;
  /* DescribeVpcAttribute pair */
  int dns_support;
  int dns_hostnames;
  int pending;
  struct hk_error err;
};

struct describe_kind {
  const char *action;
  const char *set;           /* list element under the root */
  const char *id_param;      /* "VpcId" -> VpcId.1, VpcId.2 ... */
  size_t elem_size;
  aws_item_fn parse;
  void (*deliver)(struct ec2_op *op, void *arr, size_t n, const struct hk_error *err);
  void (*free_arr)(void *arr, size_t n);
};

/* ---- item parsers ---- */

static bool parse_vpc(const xmlNode *it, void *elem)
{
  struct aws_vpc *v = elem;
  aws_xml_text(it, "vpcId", v->vpc_id, sizeof(v->vpc_id));
  aws_xml_text(it, "cidrBlock", v->cidr, sizeof(v->cidr));
  aws_xml_text(it, "state", v->state, sizeof(v->state));
  v->is_default = aws_xml_bool(it, "isDefault", 0) == 1;
  aws_tag_name(it, v->name, sizeof(v->name));
  v->dns_support = -1;
  v->dns_hostnames = -1;
  return true;
}

static bool parse_subnet(const xmlNode *it, void *elem)
{
  struct aws_subnet *s = elem;
  aws_xml_text(it, "subnetId", s->subnet_id, sizeof(s->subnet_id));
  aws_xml_text(it, "vpcId", s->vpc_id, sizeof(s->vpc_id));
  aws_xml_text(it, "cidrBlock", s->cidr, sizeof(s->cidr));
  aws_xml_text(it, "availabilityZone", s->az, sizeof(s->az));
  aws_xml_text(it, "availabilityZoneId", s->az_id, sizeof(s->az_id));
  s->available_ips = (int)aws_xml_long(it, "availableIpAddressCount", -1);
  s->map_public_ip = aws_xml_bool(it, "mapPublicIpOnLaunch", 0) == 1;
  aws_tag_name(it, s->name, sizeof(s->name));
  return true;
}

static bool parse_az(const xmlNode *it, void *elem)
{
  struct aws_az *a = elem;
  aws_xml_text(it, "zoneName", a->zone_name, sizeof(a->zone_name));
  aws_xml_text(it, "zoneId", a->zone_id, sizeof(a->zone_id));
  aws_xml_text(it, "zoneState", a->state, sizeof(a->state));
  return true;
}

static bool parse_route_table(const xmlNode *it, void *elem)
{
  static const char *const targets[] = {"gatewayId", "transitGatewayId",
                                        "vpcPeeringConnectionId", "networkInterfaceId",
                                        "instanceId", "egressOnlyInternetGatewayId"};
  struct aws_route_table *rt = elem;
  xmlNode *a;
  size_t n = 0;

  aws_xml_text(it, "routeTableId", rt->route_table_id, sizeof(rt->route_table_id));
  aws_xml_text(it, "vpcId", rt->vpc_id, sizeof(rt->vpc_id));
  aws_tag_name(it, rt->name, sizeof(rt->name));
  for(a = aws_xml_first(aws_xml_child(it, "associationSet")); a; a = aws_xml_next_member(a))
    n++;
  if(n) {
    rt->subnet_ids = calloc(n, sizeof(*rt->subnet_ids));
    rt->assoc_ids = calloc(n, sizeof(*rt->assoc_ids));
    if(!rt->subnet_ids || !rt->assoc_ids)
      return false;
  }
  for(a = aws_xml_first(aws_xml_child(it, "associationSet")); a; a = aws_xml_next_member(a)) {
    if(aws_xml_bool(a, "main", 0) == 1)
      rt->is_main = true;
    if(aws_xml_text(a, "subnetId", rt->subnet_ids[rt->n_subnet_ids],
                    sizeof(rt->subnet_ids[0])) &&
       rt->subnet_ids[rt->n_subnet_ids][0]) {
      aws_xml_text(a, "routeTableAssociationId", rt->assoc_ids[rt->n_subnet_ids],
                   sizeof(rt->assoc_ids[0]));
      rt->n_subnet_ids++;
    }
  }
  n = 0;
  for(a = aws_xml_first(aws_xml_child(it, "routeSet")); a; a = aws_xml_next_member(a))
    n++;
  if(n) {
    rt->routes = calloc(n, sizeof(*rt->routes));
    if(!rt->routes)
      return false;
  }
  for(a = aws_xml_first(aws_xml_child(it, "routeSet")); a; a = aws_xml_next_member(a)) {
    struct aws_route *r = &rt->routes[rt->n_routes++];
    size_t t;
    aws_xml_text(a, "destinationCidrBlock", r->dest_cidr, sizeof(r->dest_cidr));
    aws_xml_text(a, "destinationPrefixListId", r->dest_prefix_list,
                 sizeof(r->dest_prefix_list));
    aws_xml_text(a, "natGatewayId", r->nat_gateway_id, sizeof(r->nat_gateway_id));
    aws_xml_text(a, "state", r->state, sizeof(r->state));
    for(t = 0; t < sizeof(targets) / sizeof(targets[0]) && !r->gateway_id[0]; t++)
      aws_xml_text(a, targets[t], r->gateway_id, sizeof(r->gateway_id));
  }
  return true;
}

/* One aws_sg_rule per peer of each permission. */
static bool parse_perms(const xmlNode *list, struct aws_sg_rule **out, size_t *n)
{
  xmlNode *p;
  xmlNode *q;
  size_t count = 0;

  for(p = aws_xml_first(list); p; p = aws_xml_next_member(p)) {
    for(q = aws_xml_first(aws_xml_child(p, "ipRanges")); q; q = aws_xml_next_member(q))
      count++;
    for(q = aws_xml_first(aws_xml_child(p, "groups")); q; q = aws_xml_next_member(q))
      count++;
    for(q = aws_xml_first(aws_xml_child(p, "prefixListIds")); q; q = aws_xml_next_member(q))
      count++;
  }
  *out = NULL;
  *n = 0;
  if(!count)
    return true;
  *out = calloc(count, sizeof(**out));
  if(!*out)
    return false;
  for(p = aws_xml_first(list); p; p = aws_xml_next_member(p)) {
    struct aws_sg_rule base;
    static const char *const peers[] = {"ipRanges", "groups", "prefixListIds"};
    size_t k;
    memset(&base, 0, sizeof(base));
    aws_xml_text(p, "ipProtocol", base.protocol, sizeof(base.protocol));
    base.from_port = (int)aws_xml_long(p, "fromPort", -1);
    base.to_port = (int)aws_xml_long(p, "toPort", -1);
    for(k = 0; k < 3; k++) {
      for(q = aws_xml_first(aws_xml_child(p, peers[k])); q; q = aws_xml_next_member(q)) {
        struct aws_sg_rule *r = &(*out)[(*n)++];
        *r = base;
        if(k == 0)
          aws_xml_text(q, "cidrIp", r->cidr, sizeof(r->cidr));
        else if(k == 1)
          aws_xml_text(q, "groupId", r->group_id, sizeof(r->group_id));
        else
          aws_xml_text(q, "prefixListId", r->prefix_list_id, sizeof(r->prefix_list_id));
      }
    }
  }
  return true;
}

static bool parse_sg(const xmlNode *it, void *elem)
{
  struct aws_security_group *g = elem;
  aws_xml_text(it, "groupId", g->group_id, sizeof(g->group_id));
  aws_xml_text(it, "groupName", g->group_name, sizeof(g->group_name));
  aws_xml_text(it, "vpcId", g->vpc_id, sizeof(g->vpc_id));
  aws_xml_text(it, "groupDescription", g->description, sizeof(g->description));
  return parse_perms(aws_xml_child(it, "ipPermissions"), &g->ingress, &g->n_ingress) &&
         parse_perms(aws_xml_child(it, "ipPermissionsEgress"), &g->egress, &g->n_egress);
}

static bool parse_nacl(const xmlNode *it, void *elem)
{
  struct aws_nacl *a = elem;
  xmlNode *e;
  size_t n = 0;
  char action[16];

  aws_xml_text(it, "networkAclId", a->nacl_id, sizeof(a->nacl_id));
  aws_xml_text(it, "vpcId", a->vpc_id, sizeof(a->vpc_id));
  a->is_default = aws_xml_bool(it, "default", 0) == 1;
  if(!aws_collect_ids(aws_xml_child(it, "associationSet"), "subnetId", &a->subnet_ids,
                      &a->n_subnet_ids))
    return false;
  for(e = aws_xml_first(aws_xml_child(it, "entrySet")); e; e = aws_xml_next_member(e))
    n++;
  if(!n)
    return true;
  a->entries = calloc(n, sizeof(*a->entries));
  if(!a->entries)
    return false;
  for(e = aws_xml_first(aws_xml_child(it, "entrySet")); e; e = aws_xml_next_member(e)) {
    struct aws_nacl_entry *x = &a->entries[a->n_entries++];
    x->rule_number = (int)aws_xml_long(e, "ruleNumber", 0);
    x->egress = aws_xml_bool(e, "egress", 0) == 1;
    aws_xml_text(e, "protocol", x->protocol, sizeof(x->protocol));
    aws_xml_text(e, "ruleAction", action, sizeof(action));
    x->allow = !strcmp(action, "allow");
    aws_xml_text(e, "cidrBlock", x->cidr, sizeof(x->cidr));
    x->from_port = (int)aws_xml_long(e, "portRange/from", -1);
    x->to_port = (int)aws_xml_long(e, "portRange/to", -1);
  }
  return true;
}

static bool parse_vpce(const xmlNode *it, void *elem)
{
  struct aws_vpc_endpoint *e = elem;
  aws_xml_text(it, "vpcEndpointId", e->vpce_id, sizeof(e->vpce_id));
  aws_xml_text(it, "vpcId", e->vpc_id, sizeof(e->vpc_id));
  aws_xml_text(it, "serviceName", e->service_name, sizeof(e->service_name));
  aws_xml_text(it, "vpcEndpointType", e->type, sizeof(e->type));
  aws_xml_text(it, "state", e->state, sizeof(e->state));
  e->private_dns = aws_xml_bool(it, "privateDnsEnabled", 0) == 1;
  aws_tag_name(it, e->name, sizeof(e->name));
  e->policy_document = aws_xml_text_dup(it, "policyDocument");
  return aws_collect_ids(aws_xml_child(it, "subnetIdSet"), NULL, &e->subnet_ids,
                         &e->n_subnet_ids) &&
         aws_collect_ids(aws_xml_child(it, "groupSet"), "groupId", &e->group_ids,
                         &e->n_group_ids) &&
         aws_collect_ids(aws_xml_child(it, "routeTableIdSet"), NULL, &e->route_table_ids,
                         &e->n_route_table_ids) &&
         aws_collect_ids(aws_xml_child(it, "networkInterfaceIdSet"), NULL, &e->eni_ids,
                         &e->n_eni_ids);
}

static bool parse_vpce_service(const xmlNode *it, void *elem)
{
  struct aws_vpce_service *s = elem;
  xmlNode *a;
  size_t n = 0;

  aws_xml_text(it, "serviceName", s->service_name, sizeof(s->service_name));
  aws_xml_text(it, "serviceType/item/serviceType", s->type, sizeof(s->type));
  aws_xml_text(it, "privateDnsName", s->private_dns_name, sizeof(s->private_dns_name));
  s->acceptance_required = aws_xml_bool(it, "acceptanceRequired", 0) == 1;
  for(a = aws_xml_first(aws_xml_child(it, "availabilityZoneSet")); a;
      a = aws_xml_next_member(a))
    n++;
  if(!n)
    return true;
  s->azs = calloc(n, sizeof(*s->azs));
  if(!s->azs)
    return false;
  for(a = aws_xml_first(aws_xml_child(it, "availabilityZoneSet")); a;
      a = aws_xml_next_member(a))
    aws_xml_text(a, "", s->azs[s->n_azs++], sizeof(s->azs[0]));
  return true;
}

static bool parse_prefix_list(const xmlNode *it, void *elem)
{
  struct aws_prefix_list *p = elem;
  xmlNode *a;
  size_t n = 0;

  aws_xml_text(it, "prefixListId", p->prefix_list_id, sizeof(p->prefix_list_id));
  aws_xml_text(it, "prefixListName", p->name, sizeof(p->name));
  for(a = aws_xml_first(aws_xml_child(it, "cidrSet")); a; a = aws_xml_next_member(a))
    n++;
  if(!n)
    return true;
  p->cidrs = calloc(n, sizeof(*p->cidrs));
  if(!p->cidrs)
    return false;
  for(a = aws_xml_first(aws_xml_child(it, "cidrSet")); a; a = aws_xml_next_member(a))
    aws_xml_text(a, "", p->cidrs[p->n_cidrs++], sizeof(p->cidrs[0]));
  return true;
}

static bool parse_eni(const xmlNode *it, void *elem)
{
  struct aws_eni *e = elem;
  aws_xml_text(it, "networkInterfaceId", e->eni_id, sizeof(e->eni_id));
  aws_xml_text(it, "subnetId", e->subnet_id, sizeof(e->subnet_id));
  aws_xml_text(it, "privateIpAddress", e->private_ip, sizeof(e->private_ip));
  aws_xml_text(it, "association/publicIp", e->public_ip, sizeof(e->public_ip));
  aws_xml_text(it, "description", e->description, sizeof(e->description));
  return true;
}

static bool parse_igw(const xmlNode *it, void *elem)
{
  struct aws_igw *g = elem;
  aws_xml_text(it, "internetGatewayId", g->igw_id, sizeof(g->igw_id));
  aws_xml_text(it, "attachmentSet/item/vpcId", g->vpc_id, sizeof(g->vpc_id));
  return true;
}

/* ---- delivery per type ---- */

#define EC2_DELIVER(name, type, cbtype)                                                   \
  static void name(struct ec2_op *op, void *arr, size_t n, const struct hk_error *err)    \
  {                                                                                       \
    ((cbtype)op->fn)((type *)arr, n, err, op->ud);                                        \
  }

EC2_DELIVER(deliver_vpcs, struct aws_vpc, aws_vpcs_cb)
EC2_DELIVER(deliver_subnets, struct aws_subnet, aws_subnets_cb)
EC2_DELIVER(deliver_azs, struct aws_az, aws_azs_cb)
EC2_DELIVER(deliver_rts, struct aws_route_table, aws_route_tables_cb)
EC2_DELIVER(deliver_sgs, struct aws_security_group, aws_security_groups_cb)
EC2_DELIVER(deliver_nacls, struct aws_nacl, aws_nacls_cb)
EC2_DELIVER(deliver_vpces, struct aws_vpc_endpoint, aws_vpc_endpoints_cb)
EC2_DELIVER(deliver_svcs, struct aws_vpce_service, aws_vpce_services_cb)
EC2_DELIVER(deliver_enis, struct aws_eni, aws_enis_cb)
EC2_DELIVER(deliver_pls, struct aws_prefix_list, aws_prefix_lists_cb)
EC2_DELIVER(deliver_igws, struct aws_igw, aws_igws_cb)

static void free_vpcs(void *a, size_t n) { aws_vpcs_free(a, n); }
static void free_subnets(void *a, size_t n) { aws_subnets_free(a, n); }
static void free_azs(void *a, size_t n) { aws_azs_free(a, n); }
static void free_rts(void *a, size_t n) { aws_route_tables_free(a, n); }
static void free_sgs(void *a, size_t n) { aws_security_groups_free(a, n); }
static void free_nacls(void *a, size_t n) { aws_nacls_free(a, n); }
static void free_vpces(void *a, size_t n) { aws_vpc_endpoints_free(a, n); }
static void free_svcs(void *a, size_t n) { aws_vpce_services_free(a, n); }
static void free_enis(void *a, size_t n) { aws_enis_free(a, n); }
static void free_pls(void *a, size_t n) { aws_prefix_lists_free(a, n); }
static void free_igws(void *a, size_t n) { aws_igws_free(a, n); }

/* X-table of the Describe calls: action, list element, id parameter, type. */
static const struct describe_kind k_vpcs = {"DescribeVpcs", "vpcSet", "VpcId",
                                            sizeof(struct aws_vpc), parse_vpc, deliver_vpcs,
                                            free_vpcs};
static const struct describe_kind k_subnets = {"DescribeSubnets", "subnetSet", "SubnetId",
                                               sizeof(struct aws_subnet), parse_subnet,
                                               deliver_subnets, free_subnets};
static const struct describe_kind k_azs = {"DescribeAvailabilityZones", "availabilityZoneInfo",
                                           "ZoneName", sizeof(struct aws_az), parse_az,
                                           deliver_azs, free_azs};
static const struct describe_kind k_rts = {"DescribeRouteTables", "routeTableSet",
                                           "RouteTableId", sizeof(struct aws_route_table),
                                           parse_route_table, deliver_rts, free_rts};
static const struct describe_kind k_sgs = {"DescribeSecurityGroups", "securityGroupInfo",
                                           "GroupId", sizeof(struct aws_security_group),
                                           parse_sg, deliver_sgs, free_sgs};
static const struct describe_kind k_nacls = {"DescribeNetworkAcls", "networkAclSet",
                                             "NetworkAclId", sizeof(struct aws_nacl),
                                             parse_nacl, deliver_nacls, free_nacls};
static const struct describe_kind k_vpces = {"DescribeVpcEndpoints", "vpcEndpointSet",
                                             "VpcEndpointId", sizeof(struct aws_vpc_endpoint),
                                             parse_vpce, deliver_vpces, free_vpces};
static const struct describe_kind k_svcs = {"DescribeVpcEndpointServices", "serviceDetailSet",
                                            "ServiceName", sizeof(struct aws_vpce_service),
                                            parse_vpce_service, deliver_svcs, free_svcs};
static const struct describe_kind k_pls = {"DescribePrefixLists", "prefixListSet",
                                           "PrefixListId", sizeof(struct aws_prefix_list),
                                           parse_prefix_list, deliver_pls, free_pls};
static const struct describe_kind k_enis = {"DescribeNetworkInterfaces", "networkInterfaceSet",
                                            "NetworkInterfaceId", sizeof(struct aws_eni),
                                            parse_eni, deliver_enis, free_enis};
static const struct describe_kind k_igws = {"DescribeInternetGateways", "internetGatewaySet",
                                            "InternetGatewayId", sizeof(struct aws_igw),
                                            parse_igw, deliver_igws, free_igws};

/* ---- generic describe ---- */

static void describe_done(const struct aws_response *resp, void *ud)
{
  struct ec2_op *op = ud;
  const struct describe_kind *k = op->kind;
  struct hk_error ok;
  void *arr = NULL;
  size_t n = 0;

  if(resp->status != HK_OK) {
    k->deliver(op, NULL, 0, resp->err);
    free(op);
    return;
  }
  if(aws_collect(resp, k->set, k->elem_size, k->parse, &arr, &n) != HK_OK) {
    k->free_arr(arr, n);
    hk_error_clear(&ok);
    hk_error_set(&ok, HK_NOMEM, _("Out of memory while reading %s."), k->action);
    k->deliver(op, NULL, 0, &ok);
    free(op);
    return;
  }
  k->deliver(op, arr, n, aws_resp_error(resp, &ok));
  free(op);
}

static void add_filters(struct aws_params *p, const struct aws_filter *f, size_t n)
{
  size_t i;
  size_t j;
  char key[64];
  for(i = 0; i < n; i++) {
    snprintf(key, sizeof(key), "Filter.%zu.Name", i + 1);
    aws_params_add(p, key, f[i].name);
    for(j = 0; j < f[i].n_values; j++) {
      snprintf(key, sizeof(key), "Filter.%zu.Value.%zu", i + 1, j + 1);
      aws_params_add(p, key, f[i].values[j]);
    }
  }
}

static struct ec2_op *op_new(any_fn fn, void *ud)
{
  struct ec2_op *op = calloc(1, sizeof(*op));
  if(op) {
    op->fn = fn;
    op->ud = ud;
  }
  return op;
}

static hk_status describe(struct aws_client *c, const struct describe_kind *k,
                          const char *const *ids, size_t n_ids,
                          const struct aws_filter *filters, size_t n_filters, any_fn fn,
                          void *ud)
{
  struct aws_params p;
  struct ec2_op *op;
  hk_status st;

  if(!fn)
    return HK_INVALID;
  op = op_new(fn, ud);
  if(!op)
    return HK_NOMEM;
  op->kind = k;
  aws_params_init(&p);
  aws_params_add_list(&p, k->id_param, ids, ids ? n_ids : 0);
  add_filters(&p, filters, filters ? n_filters : 0);
  st = aws_client_query(c, AWS_SVC_EC2, k->action, &p, AWS_CALL_IDEMPOTENT | AWS_CALL_PAGINATE,
                        describe_done, op);
  aws_params_free(&p);
  if(st != HK_OK)
    free(op);
  return st;
}

hk_status aws_ec2_describe_vpcs(struct aws_client *c, const char *const *ids, size_t n_ids,
                                const struct aws_filter *filters, size_t n_filters,
                                aws_vpcs_cb cb, void *ud)
{
  return describe(c, &k_vpcs, ids, n_ids, filters, n_filters, (any_fn)cb, ud);
}

hk_status aws_ec2_describe_subnets(struct aws_client *c, const char *const *ids, size_t n_ids,
                                   const struct aws_filter *filters, size_t n_filters,
                                   aws_subnets_cb cb, void *ud)
{
  return describe(c, &k_subnets, ids, n_ids, filters, n_filters, (any_fn)cb, ud);
}

hk_status aws_ec2_describe_availability_zones(struct aws_client *c, aws_azs_cb cb, void *ud)
{
  return describe(c, &k_azs, NULL, 0, NULL, 0, (any_fn)cb, ud);
}

hk_status aws_ec2_describe_route_tables(struct aws_client *c, const char *const *ids,
                                        size_t n_ids, const struct aws_filter *filters,
                                        size_t n_filters, aws_route_tables_cb cb, void *ud)
{
  return describe(c, &k_rts, ids, n_ids, filters, n_filters, (any_fn)cb, ud);
}

hk_status aws_ec2_describe_security_groups(struct aws_client *c, const char *const *ids,
                                           size_t n_ids, const struct aws_filter *filters,
                                           size_t n_filters, aws_security_groups_cb cb,
                                           void *ud)
{
  return describe(c, &k_sgs, ids, n_ids, filters, n_filters, (any_fn)cb, ud);
}

hk_status aws_ec2_describe_network_acls(struct aws_client *c, const char *const *ids,
                                        size_t n_ids, const struct aws_filter *filters,
                                        size_t n_filters, aws_nacls_cb cb, void *ud)
{
  return describe(c, &k_nacls, ids, n_ids, filters, n_filters, (any_fn)cb, ud);
}

hk_status aws_ec2_describe_vpc_endpoints(struct aws_client *c, const char *const *ids,
                                         size_t n_ids, const struct aws_filter *filters,
                                         size_t n_filters, aws_vpc_endpoints_cb cb, void *ud)
{
  return describe(c, &k_vpces, ids, n_ids, filters, n_filters, (any_fn)cb, ud);
}

hk_status aws_ec2_describe_vpc_endpoint_services(struct aws_client *c,
                                                 const char *const *names, size_t n_names,
                                                 const struct aws_filter *filters,
                                                 size_t n_filters, aws_vpce_services_cb cb,
                                                 void *ud)
{
  return describe(c, &k_svcs, names, n_names, filters, n_filters, (any_fn)cb, ud);
}

hk_status aws_ec2_describe_prefix_lists(struct aws_client *c, const char *const *ids, size_t n_ids,
                                        const struct aws_filter *filters, size_t n_filters,
                                        aws_prefix_lists_cb cb, void *ud)
{
  return describe(c, &k_pls, ids, n_ids, filters, n_filters, (any_fn)cb, ud);
}

hk_status aws_ec2_describe_network_interfaces(struct aws_client *c, const char *const *ids,
                                              size_t n_ids, const struct aws_filter *filters,
                                              size_t n_filters, aws_enis_cb cb, void *ud)
{
  return describe(c, &k_enis, ids, n_ids, filters, n_filters, (any_fn)cb, ud);
}

hk_status aws_ec2_describe_internet_gateways(struct aws_client *c, const char *const *ids,
                                             size_t n_ids, const struct aws_filter *filters,
                                             size_t n_filters, aws_igws_cb cb, void *ud)
{
  return describe(c, &k_igws, ids, n_ids, filters, n_filters, (any_fn)cb, ud);
}

/* ---- DescribeVpcAttribute (both DNS attributes) ---- */

static void vpc_attr_done(const struct aws_response *resp, void *ud, int is_support)
{
  struct ec2_op *op = ud;
  xmlNode *root = aws_resp_root(resp);
  int v = -1;

  if(resp->status != HK_OK) {
    if(op->err.status == HK_OK)
      op->err = *resp->err;
  }
  else {
    v = aws_xml_bool(root, is_support ? "enableDnsSupport/value" : "enableDnsHostnames/value",
                     -1);
    if(v < 0 && op->err.status == HK_OK)
      hk_error_set(&op->err, HK_PARSE,
                   _("ec2:DescribeVpcAttribute answered without the attribute value."));
  }
  if(is_support)
    op->dns_support = v;
  else
    op->dns_hostnames = v;
  if(--op->pending > 0)
    return;
  ((aws_vpc_dns_cb)op->fn)(op->err.status == HK_OK ? op->dns_support : -1,
                           op->err.status == HK_OK ? op->dns_hostnames : -1, &op->err, op->ud);
  free(op);
}

static void vpc_support_done(const struct aws_response *resp, void *ud)
{
  vpc_attr_done(resp, ud, 1);
}

static void vpc_hostnames_done(const struct aws_response *resp, void *ud)
{
  vpc_attr_done(resp, ud, 0);
}

hk_status aws_ec2_describe_vpc_dns(struct aws_client *c, const char *vpc_id, aws_vpc_dns_cb cb,
                                   void *ud)
{
  struct aws_params p;
  struct ec2_op *op;
  hk_status st;

  if(!cb || !vpc_id || !vpc_id[0])
    return HK_INVALID;
  op = op_new((any_fn)cb, ud);
  if(!op)
    return HK_NOMEM;
  hk_error_clear(&op->err);
  op->pending = 2;
  aws_params_init(&p);
  aws_params_add(&p, "VpcId", vpc_id);
  aws_params_add(&p, "Attribute", "enableDnsSupport");
  st = aws_client_query(c, AWS_SVC_EC2, "DescribeVpcAttribute", &p, AWS_CALL_IDEMPOTENT,
                        vpc_support_done, op);
  if(st != HK_OK) {
    aws_params_free(&p);
    free(op);
    return st;
  }
  aws_params_set(&p, "Attribute", "enableDnsHostnames");
  st = aws_client_query(c, AWS_SVC_EC2, "DescribeVpcAttribute", &p, AWS_CALL_IDEMPOTENT,
                        vpc_hostnames_done, op);
  aws_params_free(&p);
  if(st != HK_OK) {
    /* the first call still completes and reports */
    hk_error_set(&op->err, st, _("ec2:DescribeVpcAttribute could not be started."));
    op->pending--;
  }
  return HK_OK;
}

/* ---- creates and deletes ---- */

static void done_plain(const struct aws_response *resp, void *ud)
{
  struct ec2_op *op = ud;
  struct hk_error ok;
  ((aws_done_cb)op->fn)(aws_resp_error(resp, &ok), op->ud);
  free(op);
}

/* Success also when AWS says the rule is there already. */
static void done_authorize(const struct aws_response *resp, void *ud)
{
  struct ec2_op *op = ud;
  struct hk_error ok;
  if(resp->status != HK_OK && resp->err &&
     !strcmp(resp->err->code, "InvalidPermission.Duplicate")) {
    hk_error_clear(&ok);
    ((aws_done_cb)op->fn)(&ok, op->ud);
  }
  else {
    ((aws_done_cb)op->fn)(aws_resp_error(resp, &ok), op->ud);
  }
  free(op);
}

static hk_status simple_call(struct aws_client *c, const char *action, struct aws_params *p,
                             unsigned flags, aws_response_cb done, any_fn fn, void *ud)
{
  struct ec2_op *op;
  hk_status st;
  if(!fn) {
    aws_params_free(p);
    return HK_INVALID;
  }
  op = op_new(fn, ud);
  if(!op) {
    aws_params_free(p);
    return HK_NOMEM;
  }
  st = aws_client_query(c, AWS_SVC_EC2, action, p, flags, done, op);
  aws_params_free(p);
  if(st != HK_OK)
    free(op);
  return st;
}

static void add_name_tag(struct aws_params *p, const char *resource_type, const char *name)
{
  if(!name || !name[0])
    return;
  aws_params_add(p, "TagSpecification.1.ResourceType", resource_type);
  aws_params_add(p, "TagSpecification.1.Tag.1.Key", "Name");
  aws_params_add(p, "TagSpecification.1.Tag.1.Value", name);
}

static void vpce_created(const struct aws_response *resp, void *ud)
{
  struct ec2_op *op = ud;
  struct hk_error ok;
  struct aws_vpc_endpoint *e = NULL;
  xmlNode *node = aws_xml_child(aws_resp_root(resp), "vpcEndpoint");

  hk_error_clear(&ok);
  if(resp->status != HK_OK) {
    ((aws_vpc_endpoint_cb)op->fn)(NULL, resp->err, op->ud);
    free(op);
    return;
  }
  if(!node) {
    hk_error_set(&ok, HK_PARSE, _("ec2:CreateVpcEndpoint answered without the endpoint."));
  }
  else {
    e = calloc(1, sizeof(*e));
    if(!e || !parse_vpce(node, e)) {
      aws_vpc_endpoints_free(e, e ? 1 : 0);
      e = NULL;
      hk_error_set(&ok, HK_NOMEM, "%s", hk_status_text(HK_NOMEM));
    }
  }
  ((aws_vpc_endpoint_cb)op->fn)(e, &ok, op->ud);
  aws_vpc_endpoints_free(e, e ? 1 : 0);
  free(op);
}

hk_status aws_ec2_create_vpc_endpoint(struct aws_client *c, const struct aws_vpce_create *spec,
                                      aws_vpc_endpoint_cb cb, void *ud)
{
  struct aws_params p;
  unsigned flags = 0;

  if(!spec || !spec->vpc_id || !spec->service_name)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "VpcId", spec->vpc_id);
  aws_params_add(&p, "ServiceName", spec->service_name);
  aws_params_add(&p, "VpcEndpointType", spec->type ? spec->type : "Interface");
  aws_params_add_list(&p, "SubnetId", spec->subnet_ids, spec->n_subnet_ids);
  aws_params_add_list(&p, "SecurityGroupId", spec->security_group_ids,
                      spec->n_security_group_ids);
  aws_params_add_list(&p, "RouteTableId", spec->route_table_ids, spec->n_route_table_ids);
  if(spec->private_dns >= 0)
    aws_params_add(&p, "PrivateDnsEnabled", spec->private_dns ? "true" : "false");
  aws_params_add(&p, "PolicyDocument", spec->policy_document);
  if(spec->client_token && spec->client_token[0]) {
    aws_params_add(&p, "ClientToken", spec->client_token);
    flags |= AWS_CALL_IDEMPOTENT;
  }
  add_name_tag(&p, "vpc-endpoint", spec->name);
  return simple_call(c, "CreateVpcEndpoint", &p, flags, vpce_created, (any_fn)cb, ud);
}

static void vpce_deleted(const struct aws_response *resp, void *ud)
{
  struct ec2_op *op = ud;
  struct hk_error e;
  xmlNode *it;

  if(resp->status != HK_OK) {
    ((aws_done_cb)op->fn)(resp->err, op->ud);
    free(op);
    return;
  }
  hk_error_clear(&e);
  for(it = aws_xml_first(aws_xml_child(aws_resp_root(resp), "unsuccessful")); it;
      it = aws_xml_next_member(it)) {
    char code[96];
    char id[AWS_ID_MAX];
    aws_xml_text(it, "error/code", code, sizeof(code));
    aws_xml_text(it, "resourceId", id, sizeof(id));
    if(strstr(code, "NotFound"))
      continue; /* already gone */
    hk_strlcpy(e.code, code, sizeof(e.code));
    aws_xml_text(it, "error/message", e.api_message, sizeof(e.api_message));
    hk_error_set(&e, aws_error_code_status(code, 400),
                 _("VPC endpoint %s could not be deleted (%s)."), id, code);
    break;
  }
  ((aws_done_cb)op->fn)(&e, op->ud);
  free(op);
}

hk_status aws_ec2_delete_vpc_endpoints(struct aws_client *c, const char *const *ids, size_t n,
                                       aws_done_cb cb, void *ud)
{
  struct aws_params p;
  if(!ids || !n)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add_list(&p, "VpcEndpointId", ids, n);
  return simple_call(c, "DeleteVpcEndpoints", &p, AWS_CALL_IDEMPOTENT, vpce_deleted,
                     (any_fn)cb, ud);
}

static void sg_created(const struct aws_response *resp, void *ud)
{
  struct ec2_op *op = ud;
  struct hk_error ok;
  char id[AWS_ID_MAX];

  id[0] = '\0';
  if(resp->status == HK_OK)
    aws_xml_text(aws_resp_root(resp), "groupId", id, sizeof(id));
  hk_error_clear(&ok);
  if(resp->status == HK_OK && !id[0])
    hk_error_set(&ok, HK_PARSE, _("ec2:CreateSecurityGroup answered without a group id."));
  ((aws_id_cb)op->fn)(id, resp->status == HK_OK ? &ok : resp->err, op->ud);
  free(op);
}

hk_status aws_ec2_create_security_group(struct aws_client *c, const char *vpc_id,
                                        const char *group_name, const char *description,
                                        const char *name_tag, aws_id_cb cb, void *ud)
{
  struct aws_params p;
  if(!vpc_id || !group_name || !description)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "GroupName", group_name);
  aws_params_add(&p, "GroupDescription", description);
  aws_params_add(&p, "VpcId", vpc_id);
  add_name_tag(&p, "security-group", name_tag);
  return simple_call(c, "CreateSecurityGroup", &p, 0, sg_created, (any_fn)cb, ud);
}

hk_status aws_ec2_authorize_security_group(struct aws_client *c, const char *group_id,
                                           bool egress, const struct aws_sg_rule *rules,
                                           size_t n, aws_done_cb cb, void *ud)
{
  struct aws_params p;
  size_t i;
  char key[96];

  if(!group_id || !rules || !n)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "GroupId", group_id);
  for(i = 0; i < n; i++) {
    const struct aws_sg_rule *r = &rules[i];
    snprintf(key, sizeof(key), "IpPermissions.%zu.IpProtocol", i + 1);
    aws_params_add(&p, key, r->protocol[0] ? r->protocol : "-1");
    if(strcmp(r->protocol, "-1") && r->protocol[0]) {
      snprintf(key, sizeof(key), "IpPermissions.%zu.FromPort", i + 1);
      aws_params_addf(&p, key, "%d", r->from_port);
      snprintf(key, sizeof(key), "IpPermissions.%zu.ToPort", i + 1);
      aws_params_addf(&p, key, "%d", r->to_port);
    }
    if(r->cidr[0]) {
      snprintf(key, sizeof(key), "IpPermissions.%zu.IpRanges.1.CidrIp", i + 1);
      aws_params_add(&p, key, r->cidr);
    }
    else if(r->group_id[0]) {
      snprintf(key, sizeof(key), "IpPermissions.%zu.Groups.1.GroupId", i + 1);
      aws_params_add(&p, key, r->group_id);
    }
    else if(r->prefix_list_id[0]) {
      snprintf(key, sizeof(key), "IpPermissions.%zu.PrefixListIds.1.PrefixListId", i + 1);
      aws_params_add(&p, key, r->prefix_list_id);
    }
  }
  return simple_call(c,
                     egress ? "AuthorizeSecurityGroupEgress"
                            : "AuthorizeSecurityGroupIngress",
                     &p, AWS_CALL_IDEMPOTENT, done_authorize, (any_fn)cb, ud);
}

hk_status aws_ec2_delete_security_group(struct aws_client *c, const char *group_id,
                                        aws_done_cb cb, void *ud)
{
  struct aws_params p;
  if(!group_id)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "GroupId", group_id);
  return simple_call(c, "DeleteSecurityGroup", &p, AWS_CALL_IDEMPOTENT, done_plain,
                     (any_fn)cb, ud);
}

hk_status aws_ec2_create_tags(struct aws_client *c, const char *const *resource_ids, size_t n,
                              const struct aws_tag *tags, size_t n_tags, aws_done_cb cb,
                              void *ud)
{
  struct aws_params p;
  size_t i;
  char key[64];
  if(!resource_ids || !n || !tags || !n_tags)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add_list(&p, "ResourceId", resource_ids, n);
  for(i = 0; i < n_tags; i++) {
    snprintf(key, sizeof(key), "Tag.%zu.Key", i + 1);
    aws_params_add(&p, key, tags[i].key);
    snprintf(key, sizeof(key), "Tag.%zu.Value", i + 1);
    aws_params_add(&p, key, tags[i].value);
  }
  return simple_call(c, "CreateTags", &p, AWS_CALL_IDEMPOTENT, done_plain, (any_fn)cb, ud);
}

/* ---- Elastic IPs ---- */

static void address_done(const struct aws_response *resp, void *ud)
{
  struct ec2_op *op = ud;
  struct hk_error ok;
  char alloc[AWS_ID_MAX];
  char ip[48];

  alloc[0] = ip[0] = '\0';
  hk_error_clear(&ok);
  if(resp->status == HK_OK) {
    aws_xml_text(aws_resp_root(resp), "allocationId", alloc, sizeof(alloc));
    aws_xml_text(aws_resp_root(resp), "publicIp", ip, sizeof(ip));
    if(!alloc[0])
      hk_error_set(&ok, HK_PARSE, _("ec2:AllocateAddress answered without an allocation id."));
  }
  ((aws_address_cb)op->fn)(alloc, ip, resp->status == HK_OK ? &ok : resp->err, op->ud);
  free(op);
}

hk_status aws_ec2_allocate_address(struct aws_client *c, const char *name_tag,
                                   aws_address_cb cb, void *ud)
{
  struct aws_params p;
  aws_params_init(&p);
  aws_params_add(&p, "Domain", "vpc");
  add_name_tag(&p, "elastic-ip", name_tag);
  return simple_call(c, "AllocateAddress", &p, 0, address_done, (any_fn)cb, ud);
}

static void associated(const struct aws_response *resp, void *ud)
{
  struct ec2_op *op = ud;
  struct hk_error ok;
  char id[AWS_ID_MAX];

  id[0] = '\0';
  hk_error_clear(&ok);
  if(resp->status == HK_OK) {
    aws_xml_text(aws_resp_root(resp), "associationId", id, sizeof(id));
    if(!id[0])
      hk_error_set(&ok, HK_PARSE, _("ec2:AssociateAddress answered without an association id."));
  }
  ((aws_id_cb)op->fn)(id, resp->status == HK_OK ? &ok : resp->err, op->ud);
  free(op);
}

hk_status aws_ec2_associate_address(struct aws_client *c, const char *allocation_id,
                                    const char *eni_id, const char *private_ip, aws_id_cb cb,
                                    void *ud)
{
  struct aws_params p;
  if(!allocation_id || !eni_id)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "AllocationId", allocation_id);
  aws_params_add(&p, "NetworkInterfaceId", eni_id);
  aws_params_add(&p, "PrivateIpAddress", private_ip);
  /* associating the same pair again is harmless */
  return simple_call(c, "AssociateAddress", &p, AWS_CALL_IDEMPOTENT, associated, (any_fn)cb,
                     ud);
}

hk_status aws_ec2_release_address(struct aws_client *c, const char *allocation_id,
                                  aws_done_cb cb, void *ud)
{
  struct aws_params p;
  if(!allocation_id)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "AllocationId", allocation_id);
  return simple_call(c, "ReleaseAddress", &p, AWS_CALL_IDEMPOTENT, done_plain, (any_fn)cb, ud);
}
