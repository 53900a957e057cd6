/* net_preview.h - the network layout heiiki will create, shown before anything is. */
#ifndef PLAN_NET_PREVIEW_H
#define PLAN_NET_PREVIEW_H

#include <stdio.h>
#include "core/hk_status.h"
#include "plan/journal.h"
#include "setup/setup_model.h"

struct hk_loop;
struct aws_client;

/* When the setup has heiiki create the subnets, print the table (subnet, zone,
 * CIDR, nodes): the journaled layout when there is one (a resume makes exactly
 * that), else planned now from AWS (the VPC's free ranges and the endpoint
 * services' zones).  When AWS cannot be read it says why (apply plans it then).  HK_CONFIG
 * with a sentence when no layout fits (nothing is created then). */
hk_status hk_net_preview(struct hk_loop *loop, struct aws_client *aws, const struct hk_setup *s,
                         const struct hk_journal *j, FILE *out, struct hk_error *err);

#endif
