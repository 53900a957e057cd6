/* act_aws_net_vpc.c - the VPC, when network.mode = create_vpc: CreateVpc with a
 * Name tag, then DNS support and DNS hostnames on (private DNS of the interface
 * endpoints needs both: closed-network-setup.md §2.2, SRA network.tf).  CreateVpc
 * takes no ClientToken, so the Name tag is what finds it again after a crash. */
#include "plan/actions/act_aws_net.h"

#include <stdio.h>
#include <string.h>
#include "aws/aws_ec2_net.h"
#include "core/hk_i18n.h"

static void name_of(const struct hk_run *run, char *out, size_t n)
{
  hk_aws_name(run, "vpc", out, n);
}

static void on_hostnames(const struct hk_error *err, void *ud)
{
  hk_run_finish_aws(ud, err);
}

static void on_support(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status != HK_OK) {
    hk_run_finish_aws(run, err);
    return;
  }
  /* AWS: DNS hostnames need DNS support first (one attribute per call) */
  if(aws_ec2_modify_vpc_attribute(hk_run_aws(run), hk_run_get(run, "vpc_id"),
                                  "enableDnsHostnames", true, on_hostnames, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot turn on DNS hostnames of the VPC."));
}

/* DNS support, then hostnames; both idempotent, so a resume runs them again. */
static void dns_on(struct hk_run *run)
{
  if(aws_ec2_modify_vpc_attribute(hk_run_aws(run), hk_run_get(run, "vpc_id"), "enableDnsSupport",
                                  true, on_support, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot turn on DNS support of the VPC."));
}

static void on_found(struct aws_vpc *v, size_t n, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  bool resume = false;

  if(err->status == HK_OK && n > 0) {
    hk_run_set(run, "vpc_id", v[0].vpc_id);
    hk_run_set(run, "cidr", v[0].cidr);
    hk_run_found(run);
    /* ours from before a crash: the DNS attributes may not be set yet */
    resume = run->ja->state == HK_JS_INTENT;
  }
  aws_vpcs_free(v, n);
  if(resume)
    dns_on(run);
  else
    hk_run_finish_aws(run, err);
}

static void lookup(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  const char *names[1], *cidrs[1];
  struct aws_filter f[2];
  char name[160];

  if(!aws)
    return;
  name_of(run, name, sizeof(name));
  names[0] = name;
  cidrs[0] = hk_run_setup(run)->network.vpc_cidr;
  f[0] = (struct aws_filter){ "tag:Name", names, 1 };
  f[1] = (struct aws_filter){ "cidr-block", cidrs, 1 };
  if(aws_ec2_describe_vpcs(aws, NULL, 0, f, 2, on_found, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot list the VPCs."));
}

static void on_created(const char *id, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status != HK_OK) {
    hk_run_finish_aws(run, err);
    return;
  }
  hk_run_set(run, "vpc_id", id);
  hk_run_set(run, "cidr", hk_run_setup(run)->network.vpc_cidr);
  hk_run_save(run);
  dns_on(run);
}

static void create(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  char name[160];

  if(!aws)
    return;
  name_of(run, name, sizeof(name));
  if(aws_ec2_create_vpc(aws, hk_run_setup(run)->network.vpc_cidr, name, on_created, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot create the VPC."));
}

static void remove_(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);

  if(!aws)
    return;
  if(aws_ec2_delete_vpc(aws, hk_run_get(run, "vpc_id"), hk_net_removed, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot delete the VPC."));
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  if(!hk_net_creates_vpc(s)) {
    hk_act_note(a, _("your VPC %s"), s->network.vpc_id);
    return HK_DEC_SKIP;
  }
  hk_act_note(a, _("VPC %s, DNS support and DNS hostnames on"), s->network.vpc_cidr);
  return HK_DEC_CREATE;
}

static void describe(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n)
{
  (void)a;
  snprintf(out, n, _("VPC %s named %s-vpc, then DNS support and DNS hostnames on"),
           s->network.vpc_cidr, s->name);
}

static const char *const keys[] = { "vpc_id", NULL };

const struct hk_action_ops hk_act_aws_net_vpc = {
  "aws.net.vpc", decide, lookup, create, remove_, describe, keys,
};
