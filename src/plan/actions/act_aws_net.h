/* act_aws_net.h - what the aws.net.* action files share (network mode create, issue 18). */
#ifndef PLAN_ACT_AWS_NET_H
#define PLAN_ACT_AWS_NET_H

#include "aws/aws_ec2.h"
#include "plan/actions/act_aws_util.h"
#include "plan/actions/actions.h"

extern const struct hk_action_ops hk_act_aws_net_vpc;
extern const struct hk_action_ops hk_act_aws_net_igw;
extern const struct hk_action_ops hk_act_aws_net_dns;
extern const struct hk_action_ops hk_act_aws_fix_s3;
extern const struct hk_action_ops hk_act_aws_fix_sg;
extern const struct hk_action_ops hk_act_aws_net_layout;
extern const struct hk_action_ops hk_act_aws_net_subnet;
extern const struct hk_action_ops hk_act_aws_net_rt;
extern const struct hk_action_ops hk_act_aws_net_sg;

/* The VPC the network is built in: the answer, or the one heiiki created. */
const char *hk_net_vpc_id(const struct hk_run *run);
/* One filter set "vpc-id = the VPC, tag:Name = name" (vals/names: caller's arrays of 1). */
size_t hk_net_filters(const struct hk_run *run, const char *name, const char **vals,
                      const char **names, struct aws_filter *f);
/* The endpoint services heiiki places in the subnets it creates (interface
 * endpoints it creates): names[i] point into svc; the count. */
size_t hk_net_services(const struct hk_setup *s, char (*svc)[160], const char **names);
struct hk_net_input;
/* The planner's answers: nodes per cluster subnet (default 125) and the public subnet. */
void hk_net_input_from_setup(struct hk_net_input *in, const struct hk_setup *s);
/* Finish a remove: NOT_FOUND counts as removed. */
void hk_net_removed(const struct hk_error *err, void *ud);

#endif
