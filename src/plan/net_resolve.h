/* net_resolve.h - what the network step created, filled into the answers.
 *
 * In network mode create_in_vpc / create_vpc the answers leave the VPC, the
 * cluster subnets and security groups, and the endpoints' subnets, security
 * groups and route tables empty; the aws.net.* actions create them.  Action
 * hooks see a copy of the answers with those IDs filled in from the journal
 * (hk_run_setup), so every later action (endpoints, role policy, network
 * configuration) uses them as if the operator had typed them. */
#ifndef PLAN_NET_RESOLVE_H
#define PLAN_NET_RESOLVE_H

#include "plan/journal.h"
#include "setup/setup_model.h"

/* dst = src with the created network IDs from j (what is not created yet stays empty). */
void hk_net_resolve(struct hk_setup *dst, const struct hk_setup *src, const struct hk_journal *j);

#endif
