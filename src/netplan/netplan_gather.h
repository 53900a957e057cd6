/* netplan_gather.h - read what the layout planner needs from AWS: the VPC's
 * CIDR and subnets (DescribeVpcs, DescribeSubnets) and the zones in which every
 * given endpoint service is offered (DescribeVpcEndpointServices). */
#ifndef NETPLAN_NETPLAN_GATHER_H
#define NETPLAN_NETPLAN_GATHER_H

#include "aws/aws_client.h"
#include "netplan/netplan.h"

/* in is valid during the call only; err->status HK_OK on success. */
typedef void (*hk_net_gather_cb)(struct hk_net_input *in, const struct hk_error *err, void *ud);

/* vpc_id "" (a VPC still to be created): vpc_cidr, no subnets.  services: the
 * endpoint service names heiiki will place in the subnets (at least one). */
hk_status hk_net_gather(struct aws_client *aws, const char *vpc_id, const char *vpc_cidr,
                        const char *const *services, size_t n_services, hk_net_gather_cb cb,
                        void *ud);

#endif
