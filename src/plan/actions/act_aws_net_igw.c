/* act_aws_net_igw.c - the internet gateway of a VPC heiiki creates
 * (network.mode = create_vpc) when the front end goes through the public subnet
 * (client.frontend = elastic_ip): the public route table's 0.0.0.0/0 route needs
 * one, and CreateVpc makes none (closed-network-setup.md §2.3: "the public one's
 * with the internet gateway"; SRA network.tf builds it with the VPC).
 * CreateInternetGateway takes no ClientToken: the Name tag finds it again after
 * a crash, and a gateway found detached is attached then.  destroy detaches and
 * deletes it before the VPC (AWS refuses DeleteVpc while one is attached).
 * API: https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateInternetGateway.html,
 * API_AttachInternetGateway.html, API_DetachInternetGateway.html */
#include "plan/actions/act_aws_net.h"

#include <stdio.h>
#include <string.h>
#include "aws/aws_ec2_net.h"
#include "core/hk_i18n.h"

static void name_of(const struct hk_run *run, char *out, size_t n)
{
  hk_aws_name(run, "igw", out, n);
}

static void on_attached(const struct hk_error *err, void *ud)
{
  hk_run_finish_aws(ud, err);
}

static void attach(struct hk_run *run)
{
  hk_run_set(run, "vpc_id", hk_net_vpc_id(run));
  if(aws_ec2_attach_internet_gateway(hk_run_aws(run), hk_run_get(run, "igw_id"),
                                     hk_net_vpc_id(run), on_attached, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot attach the internet gateway to the VPC."));
}

static void on_found(struct aws_igw *v, size_t n, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  char igw[AWS_ID_MAX], at[AWS_ID_MAX];

  hk_strlcpy(igw, err->status == HK_OK && n ? v[0].igw_id : "", sizeof(igw));
  hk_strlcpy(at, err->status == HK_OK && n ? v[0].vpc_id : "", sizeof(at));
  aws_igws_free(v, n);
  if(err->status != HK_OK || !igw[0]) {
    hk_run_finish_aws(run, err);
    return;
  }
  if(at[0] && strcmp(at, hk_net_vpc_id(run)) != 0) {
    hk_run_fail(run, HK_CONFLICT,
                _("Internet gateway %s, named as heiiki names this setup's, is attached to "
                  "VPC %s, not %s. Detach it or rename its Name tag, then run heiiki again."),
                igw, at, hk_net_vpc_id(run));
    return;
  }
  hk_run_set(run, "igw_id", igw);
  hk_run_found(run);
  if(!at[0])
    attach(run);                   /* made before a crash, not attached yet */
  else {
    hk_run_set(run, "vpc_id", at);
    hk_run_finish_aws(run, err);
  }
}

static void lookup(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  const char *names[1];
  struct aws_filter f[1];
  char name[160];

  if(!aws)
    return;
  name_of(run, name, sizeof(name));
  names[0] = name;
  f[0] = (struct aws_filter){ "tag:Name", names, 1 };
  if(aws_ec2_describe_internet_gateways(aws, NULL, 0, f, 1, on_found, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot list the internet gateways."));
}

static void on_created(const char *id, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status != HK_OK) {
    hk_run_finish_aws(run, err);
    return;
  }
  hk_run_set(run, "igw_id", id);
  hk_run_save(run);                /* a kill before the attach finds it by id and tag */
  attach(run);
}

static void create(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  char name[160];

  if(!aws)
    return;
  name_of(run, name, sizeof(name));
  if(aws_ec2_create_internet_gateway(aws, name, on_created, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot create the internet gateway."));
}

static void on_detached(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status != HK_OK && err->status != HK_NOT_FOUND) {
    hk_run_finish_aws(run, err);
    return;
  }
  if(aws_ec2_delete_internet_gateway(hk_run_aws(run), hk_run_get(run, "igw_id"), hk_net_removed,
                                     run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot delete the internet gateway."));
}

static void remove_(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  const char *vpc = hk_run_get(run, "vpc_id");

  if(!aws)
    return;
  if(!vpc[0]) {                    /* never attached */
    struct hk_error ok;
    hk_error_clear(&ok);
    on_detached(&ok, run);
    return;
  }
  if(aws_ec2_detach_internet_gateway(aws, hk_run_get(run, "igw_id"), vpc, on_detached, run) !=
     HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot detach the internet gateway."));
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  if(s->client.frontend != HK_FE_ELASTIC_IP) {
    hk_act_note(a, "%s", _("the front end is reached by its private address"));
    return HK_DEC_SKIP;
  }
  if(!hk_net_creates_vpc(s)) {
    hk_act_note(a, _("the internet gateway attached to your VPC %s"), s->network.vpc_id);
    return HK_DEC_SKIP;
  }
  hk_act_note(a, "%s", _("for the public subnet's route (a new VPC has none)"));
  return HK_DEC_CREATE;
}

static void describe(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n)
{
  (void)a;
  snprintf(out, n, _("internet gateway %s-igw, attached to the new VPC"), s->name);
}

static const char *const keys[] = { "igw_id", NULL };

const struct hk_action_ops hk_act_aws_net_igw = {
  "aws.net.igw", decide, lookup, create, remove_, describe, keys,
};
