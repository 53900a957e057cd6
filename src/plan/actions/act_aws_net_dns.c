/* act_aws_net_dns.c - a fix on the operator's own VPC: DNS support and DNS
 * hostnames on (pre-flight N1/E2; private DNS of the interface endpoints needs
 * both).  Planned, so it runs only once the operator confirms the plan: with
 * network.mode = create_in_vpc, or network.fix_existing = true.  The pre-flight
 * line keeps its aws command.  What it turned on is recorded, and destroy turns
 * exactly that off again, leaving the VPC as it was. */
#include "plan/actions/act_aws_net.h"

#include <stdio.h>
#include <string.h>
#include "aws/aws_ec2_net.h"
#include "core/hk_i18n.h"

static bool on(const struct hk_run *run, const char *key)
{
  return strcmp(hk_run_get(run, key), "true") == 0;
}

static void on_read(int support, int hostnames, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status == HK_OK) {
    /* only the first look counts: a resume must not take our own change for the old state */
    if(!hk_run_get(run, "was_support")[0]) {
      hk_run_set(run, "was_support", support == 1 ? "true" : "false");
      hk_run_set(run, "was_hostnames", hostnames == 1 ? "true" : "false");
    }
    hk_run_set(run, "vpc_id", hk_net_vpc_id(run));
    if(support == 1 && hostnames == 1) {
      hk_run_set(run, "dns", "on");
      hk_run_found(run);
    }
  }
  hk_run_finish_aws(run, err);
}

static void lookup(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);

  if(!aws)
    return;
  if(aws_ec2_describe_vpc_dns(aws, hk_net_vpc_id(run), on_read, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the VPC's DNS attributes."));
}

static void on_hostnames(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status == HK_OK)
    hk_run_set(run, "dns", "on");
  hk_run_finish_aws(run, err);
}

static void hostnames(struct hk_run *run)
{
  if(aws_ec2_modify_vpc_attribute(hk_run_aws(run), hk_net_vpc_id(run), "enableDnsHostnames",
                                  true, on_hostnames, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot turn on DNS hostnames of the VPC."));
}

static void on_support(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status != HK_OK) {
    hk_run_finish_aws(run, err);
    return;
  }
  hostnames(run);
}

static void create(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);

  if(!aws)
    return;
  hk_run_save(run);      /* what it was, before changing it */
  /* AWS: hostnames need support first, one attribute per call */
  if(on(run, "was_support")) {
    hostnames(run);
    return;
  }
  if(aws_ec2_modify_vpc_attribute(aws, hk_net_vpc_id(run), "enableDnsSupport", true, on_support,
                                  run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot turn on DNS support of the VPC."));
}

/* destroy: back to what it was (hostnames first: support cannot go while they are on) */
static void on_support_off(const struct hk_error *err, void *ud)
{
  hk_net_removed(err, ud);
}

static void support_off(struct hk_run *run)
{
  if(on(run, "was_support")) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  if(aws_ec2_modify_vpc_attribute(hk_run_aws(run), hk_run_get(run, "vpc_id"), "enableDnsSupport",
                                  false, on_support_off, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot turn DNS support of the VPC back off."));
}

static void on_hostnames_off(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status != HK_OK) {
    hk_net_removed(err, run);
    return;
  }
  support_off(run);
}

static void remove_(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);

  if(!aws)
    return;
  if(on(run, "was_hostnames")) {
    support_off(run);
    return;
  }
  if(aws_ec2_modify_vpc_attribute(aws, hk_run_get(run, "vpc_id"), "enableDnsHostnames", false,
                                  on_hostnames_off, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot turn DNS hostnames of the VPC back off."));
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  if(hk_net_creates_vpc(s)) {
    hk_act_note(a, "%s", _("the new VPC gets DNS support and hostnames on"));
    return HK_DEC_SKIP;
  }
  if(!hk_net_fixes_dns(s)) {
    hk_act_note(a, "%s", _("network.fix_existing is off: pre-flight only tells"));
    return HK_DEC_SKIP;
  }
  hk_act_note(a, _("fix: DNS support and DNS hostnames of %s on, where off"), s->network.vpc_id);
  return HK_DEC_CREATE;
}

static void describe(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n)
{
  (void)a;
  snprintf(out, n,
           _("fix on your VPC, where off: aws ec2 modify-vpc-attribute --region %s --vpc-id %s "
             "--enable-dns-support \"{\\\"Value\\\":true}\", then --enable-dns-hostnames"),
           s->region, s->network.vpc_id);
}

static const char *const keys[] = { "dns", NULL };

const struct hk_action_ops hk_act_aws_net_dns = {
  "aws.net.vpc_dns", decide, lookup, create, remove_, describe, keys,
};
