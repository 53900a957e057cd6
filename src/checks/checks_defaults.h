/* checks_defaults.h - answers proposed from what the account already has.
 *
 * A new operator should not type IDs the account can tell: the wizard reads
 * the region's VPCs, then the chosen VPC (the same reads as the network
 * step's rules, checks_gather.h), and fills only EMPTY answers:
 *   - the VPC: the region's only non-default VPC;
 *   - cluster subnets and security groups: the ones the network rules want
 *     (N3 size, N4 private, N6 free of other network configurations; G2-G4
 *     self rules and Databricks ports), two zones, subnets sharing one route
 *     table first (the report's Private Route Table 01);
 *   - endpoints: the matching existing endpoint of the VPC, else create, in
 *     the VPC's endpoint subnet (private, not a cluster subnet: the report's
 *     Private Subnet 03) with a security group that lets the cluster security
 *     group in; STS, Kinesis and Glue reuse the relay's subnet and group; the
 *     S3 gateway goes on the cluster subnets' route tables.
 * Pure functions of the facts: the same facts give the same answers. */
#ifndef CHECKS_DEFAULTS_H
#define CHECKS_DEFAULTS_H

#include <stdbool.h>
#include <stddef.h>
#include "checks/checks_facts.h"
#include "setup/setup_model.h"

/* The wizard's defaults for a new setup: heiiki creates the role, the root
 * bucket (<name>-root) and the endpoints unless the account has them; the
 * Glue endpoint is on, since a closed network cannot reach the hosted Hive
 * metastore (closed-network-setup.md, "Constraints"). */
void hk_defaults_new(struct hk_setup *s);
/* The VPC to propose: the only non-default one of the list; false if none or several. */
bool hk_defaults_vpc(const struct aws_vpc *v, size_t n, char *out, size_t out_n);
/* Cluster subnets and security groups, when empty.  A setup still "existing" with
 * neither, in a VPC where none qualify, becomes create_in_vpc (heiiki builds the
 * subnets and groups, or only the groups when the subnets qualify).  true when
 * something was filled. */
bool hk_defaults_network(struct hk_setup *s, const struct hk_facts *f);
/* Endpoint modes, subnets, security groups and S3 route tables, for endpoints
 * still "existing" with no ID or "create" with empty subnets/groups.  true
 * when something was filled. */
bool hk_defaults_endpoints(struct hk_setup *s, const struct hk_facts *f);

/* The cross-account role: a new setup creates it, unless the account has a
 * role that already trusts Databricks with this Databricks account as
 * external ID (rule C1 passes): then that role, the first by name.  true
 * when one was chosen. */
bool hk_defaults_credential(struct hk_setup *s, const struct aws_role *roles, size_t n);
/* Client networks, when empty: the ranges the workspace endpoint's security
 * group already admits on TCP 443 (the report's SG 01 lets the client
 * machines in).  true when something was filled. */
bool hk_defaults_client(struct hk_setup *s, const struct hk_facts *f);

#endif
