/* aws_ec2.h - typed, asynchronous EC2 operations.
 *
 * Every call returns at once (HK_OK = submitted) and its callback runs once
 * from the loop with the results and an error record (err->status == HK_OK
 * on success; never NULL).  Arrays handed to a callback belong to the
 * callback: free them with the matching aws_*_free() of aws_types.h.  Single
 * objects are lent for the duration of the callback.
 * Describe calls follow NextToken and return every page at once. */
#ifndef AWS_EC2_H
#define AWS_EC2_H

#include <stddef.h>

#include "aws/aws_client.h"
#include "aws/aws_types.h"

struct aws_filter {
  const char *name;                 /* "vpc-id", "tag:Name", ... */
  const char *const *values;
  size_t n_values;
};

typedef void (*aws_done_cb)(const struct hk_error *err, void *ud);
typedef void (*aws_vpcs_cb)(struct aws_vpc *v, size_t n, const struct hk_error *err, void *ud);
typedef void (*aws_subnets_cb)(struct aws_subnet *v, size_t n, const struct hk_error *err,
                               void *ud);
typedef void (*aws_azs_cb)(struct aws_az *v, size_t n, const struct hk_error *err, void *ud);
typedef void (*aws_route_tables_cb)(struct aws_route_table *v, size_t n,
                                    const struct hk_error *err, void *ud);
typedef void (*aws_security_groups_cb)(struct aws_security_group *v, size_t n,
                                       const struct hk_error *err, void *ud);
typedef void (*aws_nacls_cb)(struct aws_nacl *v, size_t n, const struct hk_error *err,
                             void *ud);
typedef void (*aws_vpc_endpoints_cb)(struct aws_vpc_endpoint *v, size_t n,
                                     const struct hk_error *err, void *ud);
typedef void (*aws_vpce_services_cb)(struct aws_vpce_service *v, size_t n,
                                     const struct hk_error *err, void *ud);
typedef void (*aws_prefix_lists_cb)(struct aws_prefix_list *v, size_t n,
                                    const struct hk_error *err, void *ud);
typedef void (*aws_enis_cb)(struct aws_eni *v, size_t n, const struct hk_error *err, void *ud);
typedef void (*aws_igws_cb)(struct aws_igw *v, size_t n, const struct hk_error *err, void *ud);
/* DescribeVpcAttribute: -1 = unknown (on error). */
typedef void (*aws_vpc_dns_cb)(int dns_support, int dns_hostnames, const struct hk_error *err,
                               void *ud);
/* A created resource's id ("" on error). */
typedef void (*aws_id_cb)(const char *id, const struct hk_error *err, void *ud);
/* CreateVpcEndpoint: the endpoint (NULL on error), lent for the callback. */
typedef void (*aws_vpc_endpoint_cb)(const struct aws_vpc_endpoint *e, const struct hk_error *err,
                                    void *ud);

/* ids may be NULL (n_ids 0); filters may be NULL (n_filters 0). */
hk_status aws_ec2_describe_vpcs(struct aws_client *c, const char *const *ids, size_t n_ids,
                                const struct aws_filter *filters, size_t n_filters,
                                aws_vpcs_cb cb, void *ud);
hk_status aws_ec2_describe_vpc_dns(struct aws_client *c, const char *vpc_id, aws_vpc_dns_cb cb,
                                   void *ud);
hk_status aws_ec2_describe_subnets(struct aws_client *c, const char *const *ids, size_t n_ids,
                                   const struct aws_filter *filters, size_t n_filters,
                                   aws_subnets_cb cb, void *ud);
hk_status aws_ec2_describe_availability_zones(struct aws_client *c, aws_azs_cb cb, void *ud);
hk_status aws_ec2_describe_route_tables(struct aws_client *c, const char *const *ids,
                                        size_t n_ids, const struct aws_filter *filters,
                                        size_t n_filters, aws_route_tables_cb cb, void *ud);
hk_status aws_ec2_describe_security_groups(struct aws_client *c, const char *const *ids,
                                           size_t n_ids, const struct aws_filter *filters,
                                           size_t n_filters, aws_security_groups_cb cb,
                                           void *ud);
hk_status aws_ec2_describe_network_acls(struct aws_client *c, const char *const *ids,
                                        size_t n_ids, const struct aws_filter *filters,
                                        size_t n_filters, aws_nacls_cb cb, void *ud);
hk_status aws_ec2_describe_vpc_endpoints(struct aws_client *c, const char *const *ids,
                                         size_t n_ids, const struct aws_filter *filters,
                                         size_t n_filters, aws_vpc_endpoints_cb cb, void *ud);
/* names: service names to look up (NULL = all). */
hk_status aws_ec2_describe_vpc_endpoint_services(struct aws_client *c,
                                                 const char *const *names, size_t n_names,
                                                 const struct aws_filter *filters,
                                                 size_t n_filters, aws_vpce_services_cb cb,
                                                 void *ud);
/* DescribePrefixLists (AWS-managed lists, e.g. filter prefix-list-name =
 * com.amazonaws.<region>.s3): id and CIDRs. */
hk_status aws_ec2_describe_prefix_lists(struct aws_client *c, const char *const *ids, size_t n_ids,
                                        const struct aws_filter *filters, size_t n_filters,
                                        aws_prefix_lists_cb cb, void *ud);
hk_status aws_ec2_describe_network_interfaces(struct aws_client *c, const char *const *ids,
                                              size_t n_ids, const struct aws_filter *filters,
                                              size_t n_filters, aws_enis_cb cb, void *ud);
hk_status aws_ec2_describe_internet_gateways(struct aws_client *c, const char *const *ids,
                                             size_t n_ids, const struct aws_filter *filters,
                                             size_t n_filters, aws_igws_cb cb, void *ud);

struct aws_vpce_create {
  const char *vpc_id;
  const char *service_name;         /* com.amazonaws.vpce.ap-northeast-1.vpce-svc-... */
  const char *type;                 /* "Interface" or "Gateway" */
  const char *const *subnet_ids;    /* Interface */
  size_t n_subnet_ids;
  const char *const *security_group_ids; /* Interface */
  size_t n_security_group_ids;
  const char *const *route_table_ids;    /* Gateway */
  size_t n_route_table_ids;
  int private_dns;                  /* -1 = AWS default, 0 / 1 */
  const char *client_token;         /* idempotency token (recommended) */
  const char *name;                 /* Name tag, or NULL */
  const char *policy_document;      /* JSON or NULL */
};

hk_status aws_ec2_create_vpc_endpoint(struct aws_client *c, const struct aws_vpce_create *spec,
                                      aws_vpc_endpoint_cb cb, void *ud);
hk_status aws_ec2_delete_vpc_endpoints(struct aws_client *c, const char *const *ids, size_t n,
                                       aws_done_cb cb, void *ud);
/* CreateSecurityGroup (with a Name tag when name_tag is given). */
hk_status aws_ec2_create_security_group(struct aws_client *c, const char *vpc_id,
                                        const char *group_name, const char *description,
                                        const char *name_tag, aws_id_cb cb, void *ud);
/* Authorize rules (one peer per rule: cidr, group_id or prefix_list_id). */
hk_status aws_ec2_authorize_security_group(struct aws_client *c, const char *group_id,
                                           bool egress, const struct aws_sg_rule *rules,
                                           size_t n, aws_done_cb cb, void *ud);
hk_status aws_ec2_delete_security_group(struct aws_client *c, const char *group_id,
                                        aws_done_cb cb, void *ud);
/* AllocateAddress (VPC): the allocation id and public IP ("" on error). */
typedef void (*aws_address_cb)(const char *allocation_id, const char *public_ip,
                               const struct hk_error *err, void *ud);
hk_status aws_ec2_allocate_address(struct aws_client *c, const char *name_tag,
                                   aws_address_cb cb, void *ud);
/* AssociateAddress with a network interface (private_ip NULL = its primary);
 * the callback gets the association id. */
hk_status aws_ec2_associate_address(struct aws_client *c, const char *allocation_id,
                                    const char *eni_id, const char *private_ip, aws_id_cb cb,
                                    void *ud);
hk_status aws_ec2_release_address(struct aws_client *c, const char *allocation_id,
                                  aws_done_cb cb, void *ud);
hk_status aws_ec2_create_tags(struct aws_client *c, const char *const *resource_ids, size_t n,
                              const struct aws_tag *tags, size_t n_tags, aws_done_cb cb,
                              void *ud);

#endif
