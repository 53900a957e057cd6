/* aws_ec2_net.c - EC2 calls that build a network (see aws_ec2_net.h). */
#include "aws/aws_ec2_net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aws/aws_params.h"
#include "aws/aws_result.h"
#include "aws/aws_xml.h"
#include "core/hk_i18n.h"

struct net_op {
  aws_id_cb id_cb;
  aws_done_cb done_cb;
  void *ud;
  const char *action;
  const char *id_path;        /* where the id sits in the answer */
  const char *ok_code;        /* an error code that counts as success, or NULL */
};

static void id_done(const struct aws_response *resp, void *ud)
{
  struct net_op *op = ud;
  struct hk_error ok;
  char id[AWS_ID_MAX];

  id[0] = '\0';
  hk_error_clear(&ok);
  if(resp->status == HK_OK) {
    aws_xml_text(aws_resp_root(resp), op->id_path, id, sizeof(id));
    if(!id[0])
      hk_error_set(&ok, HK_PARSE, _("ec2:%s answered without an id."), op->action);
  }
  op->id_cb(id, resp->status == HK_OK ? &ok : resp->err, op->ud);
  free(op);
}

static void plain_done(const struct aws_response *resp, void *ud)
{
  struct net_op *op = ud;
  struct hk_error ok;

  hk_error_clear(&ok);
  if(resp->status != HK_OK && resp->err && op->ok_code && !strcmp(resp->err->code, op->ok_code))
    op->done_cb(&ok, op->ud);
  else
    op->done_cb(aws_resp_error(resp, &ok), op->ud);
  free(op);
}

static hk_status call(struct aws_client *c, const char *action, struct aws_params *p,
                      unsigned flags, struct net_op *tmpl)
{
  struct net_op *op = malloc(sizeof(*op));
  hk_status st;

  if(!op || (!tmpl->id_cb && !tmpl->done_cb)) {
    free(op);
    aws_params_free(p);
    return op ? HK_INVALID : HK_NOMEM;
  }
  *op = *tmpl;
  op->action = action;
  st = aws_client_query(c, AWS_SVC_EC2, action, p, flags, op->id_cb ? id_done : plain_done, op);
  aws_params_free(p);
  if(st != HK_OK)
    free(op);
  return st;
}

static void name_tag(struct aws_params *p, const char *type, const char *name)
{
  if(!name || !name[0])
    return;
  aws_params_add(p, "TagSpecification.1.ResourceType", type);
  aws_params_add(p, "TagSpecification.1.Tag.1.Key", "Name");
  aws_params_add(p, "TagSpecification.1.Tag.1.Value", name);
}

static hk_status by_id(struct aws_client *c, const char *action, const char *key,
                       const char *id, aws_done_cb cb, void *ud)
{
  struct aws_params p;
  struct net_op t = { NULL, cb, ud, NULL, NULL, NULL };

  if(!id || !id[0])
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, key, id);
  return call(c, action, &p, AWS_CALL_IDEMPOTENT, &t);
}

hk_status aws_ec2_create_vpc(struct aws_client *c, const char *cidr, const char *name_tag_,
                             aws_id_cb cb, void *ud)
{
  struct aws_params p;
  struct net_op t = { cb, NULL, ud, NULL, "vpc/vpcId", NULL };

  if(!cidr)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "CidrBlock", cidr);
  name_tag(&p, "vpc", name_tag_);
  /* no ClientToken in CreateVpc: the caller looks up its Name tag before and after */
  return call(c, "CreateVpc", &p, 0, &t);
}

hk_status aws_ec2_modify_vpc_attribute(struct aws_client *c, const char *vpc_id,
                                       const char *attribute, bool value, aws_done_cb cb,
                                       void *ud)
{
  struct aws_params p;
  struct net_op t = { NULL, cb, ud, NULL, NULL, NULL };
  char key[64];

  if(!vpc_id || !attribute || !attribute[0])
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "VpcId", vpc_id);
  /* EnableDnsSupport.Value=true (the query form of the attribute) */
  snprintf(key, sizeof(key), "E%s.Value", attribute + 1);
  aws_params_add(&p, key, value ? "true" : "false");
  return call(c, "ModifyVpcAttribute", &p, AWS_CALL_IDEMPOTENT, &t);
}

hk_status aws_ec2_delete_vpc(struct aws_client *c, const char *vpc_id, aws_done_cb cb, void *ud)
{
  return by_id(c, "DeleteVpc", "VpcId", vpc_id, cb, ud);
}

hk_status aws_ec2_create_internet_gateway(struct aws_client *c, const char *name_tag_,
                                          aws_id_cb cb, void *ud)
{
  struct aws_params p;
  struct net_op t = { cb, NULL, ud, NULL, "internetGateway/internetGatewayId", NULL };

  aws_params_init(&p);
  name_tag(&p, "internet-gateway", name_tag_);
  return call(c, "CreateInternetGateway", &p, 0, &t);
}

static hk_status igw_vpc(struct aws_client *c, const char *action, const char *igw_id,
                         const char *vpc_id, const char *ok_code, aws_done_cb cb, void *ud)
{
  struct aws_params p;
  struct net_op t = { NULL, cb, ud, NULL, NULL, ok_code };

  if(!igw_id || !igw_id[0] || !vpc_id || !vpc_id[0])
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "InternetGatewayId", igw_id);
  aws_params_add(&p, "VpcId", vpc_id);
  return call(c, action, &p, 0, &t);
}

hk_status aws_ec2_attach_internet_gateway(struct aws_client *c, const char *igw_id,
                                          const char *vpc_id, aws_done_cb cb, void *ud)
{
  return igw_vpc(c, "AttachInternetGateway", igw_id, vpc_id, NULL, cb, ud);
}

hk_status aws_ec2_detach_internet_gateway(struct aws_client *c, const char *igw_id,
                                          const char *vpc_id, aws_done_cb cb, void *ud)
{
  /* detached already (a destroy resumed after a kill): done */
  return igw_vpc(c, "DetachInternetGateway", igw_id, vpc_id, "Gateway.NotAttached", cb, ud);
}

hk_status aws_ec2_delete_internet_gateway(struct aws_client *c, const char *igw_id,
                                          aws_done_cb cb, void *ud)
{
  return by_id(c, "DeleteInternetGateway", "InternetGatewayId", igw_id, cb, ud);
}

hk_status aws_ec2_create_subnet(struct aws_client *c, const char *vpc_id, const char *cidr,
                                const char *zone, const char *name_tag_, aws_id_cb cb, void *ud)
{
  struct aws_params p;
  struct net_op t = { cb, NULL, ud, NULL, "subnet/subnetId", NULL };

  if(!vpc_id || !cidr)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "VpcId", vpc_id);
  aws_params_add(&p, "CidrBlock", cidr);
  if(zone && zone[0])
    aws_params_add(&p, "AvailabilityZone", zone);
  name_tag(&p, "subnet", name_tag_);
  return call(c, "CreateSubnet", &p, 0, &t);
}

hk_status aws_ec2_delete_subnet(struct aws_client *c, const char *subnet_id, aws_done_cb cb,
                                void *ud)
{
  return by_id(c, "DeleteSubnet", "SubnetId", subnet_id, cb, ud);
}

hk_status aws_ec2_create_route_table(struct aws_client *c, const char *vpc_id,
                                     const char *client_token, const char *name_tag_,
                                     aws_id_cb cb, void *ud)
{
  struct aws_params p;
  struct net_op t = { cb, NULL, ud, NULL, "routeTable/routeTableId", NULL };

  if(!vpc_id)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "VpcId", vpc_id);
  if(client_token && client_token[0])
    aws_params_add(&p, "ClientToken", client_token);
  name_tag(&p, "route-table", name_tag_);
  return call(c, "CreateRouteTable", &p,
              client_token && client_token[0] ? AWS_CALL_IDEMPOTENT : 0, &t);
}

hk_status aws_ec2_associate_route_table(struct aws_client *c, const char *route_table_id,
                                        const char *subnet_id, aws_id_cb cb, void *ud)
{
  struct aws_params p;
  struct net_op t = { cb, NULL, ud, NULL, "associationId", NULL };

  if(!route_table_id || !subnet_id)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "RouteTableId", route_table_id);
  aws_params_add(&p, "SubnetId", subnet_id);
  return call(c, "AssociateRouteTable", &p, 0, &t);
}

hk_status aws_ec2_disassociate_route_table(struct aws_client *c, const char *association_id,
                                           aws_done_cb cb, void *ud)
{
  return by_id(c, "DisassociateRouteTable", "AssociationId", association_id, cb, ud);
}

hk_status aws_ec2_delete_route_table(struct aws_client *c, const char *route_table_id,
                                     aws_done_cb cb, void *ud)
{
  return by_id(c, "DeleteRouteTable", "RouteTableId", route_table_id, cb, ud);
}

hk_status aws_ec2_revoke_security_group(struct aws_client *c, const char *group_id, bool egress,
                                        const struct aws_sg_rule *rules, size_t n,
                                        aws_done_cb cb, void *ud)
{
  struct aws_params p;
  struct net_op t = { NULL, cb, ud, NULL, NULL, "InvalidPermission.NotFound" };
  char key[96];
  size_t i;

  if(!group_id || !rules || !n)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "GroupId", group_id);
  for(i = 0; i < n; i++) {
    const struct aws_sg_rule *r = &rules[i];
    snprintf(key, sizeof(key), "IpPermissions.%zu.IpProtocol", i + 1);
    aws_params_add(&p, key, r->protocol[0] ? r->protocol : "-1");
    if(r->protocol[0] && strcmp(r->protocol, "-1")) {
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
  return call(c, egress ? "RevokeSecurityGroupEgress" : "RevokeSecurityGroupIngress", &p,
              AWS_CALL_IDEMPOTENT, &t);
}

hk_status aws_ec2_revoke_security_group_egress(struct aws_client *c, const char *group_id,
                                               const struct aws_sg_rule *rules, size_t n,
                                               aws_done_cb cb, void *ud)
{
  return aws_ec2_revoke_security_group(c, group_id, true, rules, n, cb, ud);
}

hk_status aws_ec2_create_route(struct aws_client *c, const char *route_table_id,
                               const char *dest_cidr, const char *gateway_id, aws_done_cb cb,
                               void *ud)
{
  struct aws_params p;
  struct net_op t = { NULL, cb, ud, NULL, NULL, "RouteAlreadyExists" };

  if(!route_table_id || !dest_cidr || !gateway_id)
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "RouteTableId", route_table_id);
  aws_params_add(&p, "DestinationCidrBlock", dest_cidr);
  aws_params_add(&p, "GatewayId", gateway_id);
  return call(c, "CreateRoute", &p, AWS_CALL_IDEMPOTENT, &t);
}

hk_status aws_ec2_modify_vpce_route_tables(struct aws_client *c, const char *vpce_id,
                                           const char *const *add, size_t n_add,
                                           const char *const *remove, size_t n_remove,
                                           aws_done_cb cb, void *ud)
{
  struct aws_params p;
  struct net_op t = { NULL, cb, ud, NULL, NULL, NULL };

  if(!vpce_id || (!n_add && !n_remove))
    return HK_INVALID;
  aws_params_init(&p);
  aws_params_add(&p, "VpcEndpointId", vpce_id);
  if(n_add)
    aws_params_add_list(&p, "AddRouteTableId", add, n_add);
  if(n_remove)
    aws_params_add_list(&p, "RemoveRouteTableId", remove, n_remove);
  return call(c, "ModifyVpcEndpoint", &p, AWS_CALL_IDEMPOTENT, &t);
}

static void pl_done(const struct aws_response *resp, void *ud)
{
  struct net_op *op = ud;
  struct hk_error ok;
  char id[AWS_ID_MAX];

  id[0] = '\0';
  hk_error_clear(&ok);
  if(resp->status == HK_OK)
    aws_xml_text(aws_resp_root(resp), "prefixListSet/item/prefixListId", id, sizeof(id));
  op->id_cb(id, resp->status == HK_OK ? &ok : resp->err, op->ud);
  free(op);
}

hk_status aws_ec2_prefix_list_id(struct aws_client *c, const char *name, aws_id_cb cb, void *ud)
{
  struct aws_params p;
  struct net_op *op;
  hk_status st;

  if(!name || !cb)
    return HK_INVALID;
  op = calloc(1, sizeof(*op));
  if(!op)
    return HK_NOMEM;
  op->id_cb = cb;
  op->ud = ud;
  aws_params_init(&p);
  aws_params_add(&p, "Filter.1.Name", "prefix-list-name");
  aws_params_add(&p, "Filter.1.Value.1", name);
  st = aws_client_query(c, AWS_SVC_EC2, "DescribePrefixLists", &p, AWS_CALL_IDEMPOTENT, pl_done,
                        op);
  aws_params_free(&p);
  if(st != HK_OK)
    free(op);
  return st;
}
