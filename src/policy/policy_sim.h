/* policy_sim.h - simulate the cross-account role the way Databricks uses it.
 *
 * The official restricted policy allows RunInstances, TerminateInstances,
 * the volume and security-group actions only on scoped ARNs and under
 * conditions (Vendor tags, ec2:vpc).  A SimulatePrincipalPolicy on "*"
 * without context cannot prove them, so the actions named in
 * assets/rules/iam-simulation.tsv are simulated on those ARNs with those
 * context entries, one call per table row; the other actions on "*".  Both
 * pre-flight rule C2 and the credential wait use this. */
#ifndef POLICY_SIM_H
#define POLICY_SIM_H

#include <stddef.h>
#include "aws/aws_iam.h"
#include "core/hk_status.h"
#include "setup/setup_model.h"

#define HK_SIM_MAX_ACTIONS 64
#define HK_SIM_MAX_RES 12
#define HK_SIM_MAX_CTX 4
#define HK_SIM_MAX_GROUPS 16

struct hk_sim_group {
  size_t actions[HK_SIM_MAX_ACTIONS];        /* indexes into hk_sim_plan.names */
  size_t n_actions;
  char resources[HK_SIM_MAX_RES][256];
  size_t n_resources;                        /* 0 = "*" */
  char ctx_keys[HK_SIM_MAX_CTX][64];
  char ctx_values[HK_SIM_MAX_CTX][256];
  size_t n_ctx;
};

struct hk_sim_plan {
  char names[HK_SIM_MAX_ACTIONS][128];       /* the actions asked, in order */
  size_t n_names;
  struct hk_sim_group groups[HK_SIM_MAX_GROUPS];
  size_t n_groups;
};

/* Build the simulation of actions for role_arn in the setup's region, VPC,
 * first security group and subnets.  HK_CONFIG with a sentence when the
 * table is missing or broken. */
hk_status hk_sim_plan_build(const struct hk_setup *s, const char *role_arn,
                            const char *const *actions, size_t n, struct hk_sim_plan *out,
                            struct hk_error *err);

/* Run the plan's calls, all at once (one round trip).  cb gets one result per asked
 * action (the worst decision over its rows and resources; resource = the
 * first resource that was not allowed), owned by cb (aws_sim_results_free). */
hk_status hk_sim_run(struct aws_client *aws, const char *role_arn, const struct hk_sim_plan *plan,
                     aws_sim_cb cb, void *ud);

/* Forget the cached table (tests that change HEIIKI_ASSETS). */
void hk_sim_reset(void);

#endif
