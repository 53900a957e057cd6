/* aws_ec2_net.h - the EC2 calls that build a network (issue 18): VPC, subnets,
 * route tables, associations, security-group egress revocation, deletes.
 * Every callback runs once; an id is "" on error.
 * API: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/ (CreateVpc, CreateSubnet,
 * ModifyVpcAttribute, CreateInternetGateway, AttachInternetGateway, CreateRouteTable, AssociateRouteTable, RevokeSecurityGroupEgress ...) */
#ifndef AWS_AWS_EC2_NET_H
#define AWS_AWS_EC2_NET_H

#include "aws/aws_ec2.h"

/* CreateVpc with a Name tag. */
hk_status aws_ec2_create_vpc(struct aws_client *c, const char *cidr, const char *name_tag,
                             aws_id_cb cb, void *ud);
/* ModifyVpcAttribute: one attribute per call, as AWS requires
 * ("enableDnsSupport" or "enableDnsHostnames"). */
hk_status aws_ec2_modify_vpc_attribute(struct aws_client *c, const char *vpc_id,
                                       const char *attribute, bool value, aws_done_cb cb,
                                       void *ud);
hk_status aws_ec2_delete_vpc(struct aws_client *c, const char *vpc_id, aws_done_cb cb, void *ud);
/* CreateInternetGateway with a Name tag (no ClientToken: the caller looks the tag up). */
hk_status aws_ec2_create_internet_gateway(struct aws_client *c, const char *name_tag,
                                          aws_id_cb cb, void *ud);
/* AttachInternetGateway / DetachInternetGateway: one gateway per VPC. */
hk_status aws_ec2_attach_internet_gateway(struct aws_client *c, const char *igw_id,
                                          const char *vpc_id, aws_done_cb cb, void *ud);
hk_status aws_ec2_detach_internet_gateway(struct aws_client *c, const char *igw_id,
                                          const char *vpc_id, aws_done_cb cb, void *ud);
hk_status aws_ec2_delete_internet_gateway(struct aws_client *c, const char *igw_id,
                                          aws_done_cb cb, void *ud);
/* CreateSubnet in one zone (name, e.g. ap-northeast-1a), with a Name tag. */
hk_status aws_ec2_create_subnet(struct aws_client *c, const char *vpc_id, const char *cidr,
                                const char *zone, const char *name_tag, aws_id_cb cb, void *ud);
hk_status aws_ec2_delete_subnet(struct aws_client *c, const char *subnet_id, aws_done_cb cb,
                                void *ud);
/* CreateRouteTable (ClientToken when given) with a Name tag. */
hk_status aws_ec2_create_route_table(struct aws_client *c, const char *vpc_id,
                                     const char *client_token, const char *name_tag,
                                     aws_id_cb cb, void *ud);
/* AssociateRouteTable: the callback gets the association id. */
hk_status aws_ec2_associate_route_table(struct aws_client *c, const char *route_table_id,
                                        const char *subnet_id, aws_id_cb cb, void *ud);
hk_status aws_ec2_disassociate_route_table(struct aws_client *c, const char *association_id,
                                           aws_done_cb cb, void *ud);
hk_status aws_ec2_delete_route_table(struct aws_client *c, const char *route_table_id,
                                     aws_done_cb cb, void *ud);
/* RevokeSecurityGroupEgress of rules (e.g. the default allow-all egress);
 * success also when the rule is not there (InvalidPermission.NotFound). */
hk_status aws_ec2_revoke_security_group_egress(struct aws_client *c, const char *group_id,
                                               const struct aws_sg_rule *rules, size_t n,
                                               aws_done_cb cb, void *ud);
/* RevokeSecurityGroupIngress / Egress of rules with any peer (cidr, group,
 * prefix list); success also when a rule is not there. */
hk_status aws_ec2_revoke_security_group(struct aws_client *c, const char *group_id, bool egress,
                                        const struct aws_sg_rule *rules, size_t n,
                                        aws_done_cb cb, void *ud);
/* CreateRoute dest_cidr -> gateway (igw-...); success also when it is there
 * already (RouteAlreadyExists). */
hk_status aws_ec2_create_route(struct aws_client *c, const char *route_table_id,
                               const char *dest_cidr, const char *gateway_id, aws_done_cb cb,
                               void *ud);
/* ModifyVpcEndpoint: add / remove route tables of a gateway endpoint. */
hk_status aws_ec2_modify_vpce_route_tables(struct aws_client *c, const char *vpce_id,
                                           const char *const *add, size_t n_add,
                                           const char *const *remove, size_t n_remove,
                                           aws_done_cb cb, void *ud);
/* DescribePrefixLists by name: the prefix list id ("" when there is none). */
hk_status aws_ec2_prefix_list_id(struct aws_client *c, const char *name, aws_id_cb cb, void *ud);

#endif
