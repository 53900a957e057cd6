/* test_policy_sim.c - the role simulation plan (assets/rules/iam-simulation.tsv):
 * the restricted policy's scoped actions on their ARNs with their context keys,
 * the rest on "*" (real-cloud-audit.md F5). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "policy/policy_sim.h"
#include "setup/setup_model.h"

static void tokyo(struct hk_setup *s)
{
  hk_setup_init(s);
  hk_strlcpy(s->region, "ap-northeast-1", sizeof(s->region));
  hk_strlcpy(s->network.vpc_id, "vpc-0abc", sizeof(s->network.vpc_id));
  hk_strlcpy(s->network.subnet_ids[0], "subnet-01", sizeof(s->network.subnet_ids[0]));
  hk_strlcpy(s->network.subnet_ids[1], "subnet-02", sizeof(s->network.subnet_ids[1]));
  s->network.n_subnets = 2;
  hk_strlcpy(s->network.sg_ids[0], "sg-0ws", sizeof(s->network.sg_ids[0]));
  s->network.n_sgs = 1;
}

static const struct hk_sim_group *group_of(const struct hk_sim_plan *p, const char *action,
                                           const char *resource)
{
  size_t g, a, r;
  for(g = 0; g < p->n_groups; g++)
    for(a = 0; a < p->groups[g].n_actions; a++) {
      if(strcmp(p->names[p->groups[g].actions[a]], action) != 0)
        continue;
      if(!resource && !p->groups[g].n_resources)
        return &p->groups[g];
      for(r = 0; resource && r < p->groups[g].n_resources; r++)
        if(strcmp(p->groups[g].resources[r], resource) == 0)
          return &p->groups[g];
    }
  return NULL;
}

static const char *ctx_of(const struct hk_sim_group *g, const char *key)
{
  size_t i;
  for(i = 0; g && i < g->n_ctx; i++)
    if(strcmp(g->ctx_keys[i], key) == 0)
      return g->ctx_values[i];
  return NULL;
}

static void test_scoped_actions_get_arns_and_context(void **state)
{
  static const char *const acts[] = { "ec2:DescribeInstances", "ec2:RunInstances",
                                      "ec2:AuthorizeSecurityGroupIngress", "ec2:CreateVolume",
                                      "ec2:TerminateInstances" };
  struct hk_setup s;
  struct hk_sim_plan *p = calloc(1, sizeof(*p));
  struct hk_error e;
  const struct hk_sim_group *g;
  (void)state;

  assert_non_null(p);
  tokyo(&s);
  hk_error_clear(&e);
  assert_int_equal(hk_sim_plan_build(&s, "arn:aws:iam::123456789012:role/x", acts, 5, p, &e), HK_OK);
  /* unscoped: "*" without context */
  g = group_of(p, "ec2:DescribeInstances", NULL);
  assert_non_null(g);
  assert_int_equal(g->n_ctx, 0);
  /* RunInstances: tags on instances and volumes, ec2:vpc on each subnet and the SG */
  g = group_of(p, "ec2:RunInstances", "arn:aws:ec2:ap-northeast-1:123456789012:instance/*");
  assert_string_equal(ctx_of(g, "aws:RequestTag/Vendor"), "Databricks");
  g = group_of(p, "ec2:RunInstances", "arn:aws:ec2:ap-northeast-1:123456789012:subnet/subnet-02");
  assert_non_null(g);
  assert_string_equal(ctx_of(g, "ec2:vpc"), "arn:aws:ec2:ap-northeast-1:123456789012:vpc/vpc-0abc");
  assert_non_null(group_of(p, "ec2:RunInstances",
                           "arn:aws:ec2:ap-northeast-1:123456789012:security-group/sg-0ws"));
  /* an AMI's ARN has no account */
  assert_non_null(group_of(p, "ec2:RunInstances", "arn:aws:ec2:ap-northeast-1::image/*"));
  g = group_of(p, "ec2:AuthorizeSecurityGroupIngress",
               "arn:aws:ec2:ap-northeast-1:123456789012:security-group/sg-0ws");
  assert_string_equal(ctx_of(g, "ec2:vpc"), "arn:aws:ec2:ap-northeast-1:123456789012:vpc/vpc-0abc");
  g = group_of(p, "ec2:CreateVolume", "arn:aws:ec2:ap-northeast-1:123456789012:volume/*");
  assert_string_equal(ctx_of(g, "aws:RequestTag/Vendor"), "Databricks");
  g = group_of(p, "ec2:TerminateInstances", "arn:aws:ec2:ap-northeast-1:123456789012:instance/*");
  assert_string_equal(ctx_of(g, "ec2:ResourceTag/Vendor"), "Databricks");
  /* scoped actions are not also simulated on "*" */
  assert_null(group_of(p, "ec2:RunInstances", NULL));
  free(p);
}

static void test_gov_partition_and_account_from_the_role(void **state)
{
  static const char *const acts[] = { "ec2:DeleteVolume" };
  struct hk_setup s;
  struct hk_sim_plan *p = calloc(1, sizeof(*p));
  struct hk_error e;
  (void)state;

  assert_non_null(p);
  tokyo(&s);
  s.partition = HK_PART_AWS_US_GOV_DOD;
  hk_strlcpy(s.region, "us-gov-west-1", sizeof(s.region));
  hk_error_clear(&e);
  assert_int_equal(hk_sim_plan_build(&s, "arn:aws-us-gov:iam::210987654321:role/x", acts, 1, p, &e),
                   HK_OK);
  assert_int_equal(p->n_groups, 1);
  assert_non_null(group_of(p, "ec2:DeleteVolume",
                           "arn:aws-us-gov:ec2:us-gov-west-1:210987654321:volume/*"));
  free(p);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_scoped_actions_get_arns_and_context),
    cmocka_unit_test(test_gov_partition_and_account_from_the_role),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
