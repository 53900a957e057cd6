/* act_aws_net_subnet.c - one subnet of the planned layout (the row's arg is its
 * role: cluster-1, cluster-2, endpoints, public).  CreateSubnet takes no
 * ClientToken: the Name tag finds it again after a crash.  Destroy deletes it
 * only when no network interface heiiki did not make is in it, and names them. */
#include "plan/actions/act_aws_net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aws/aws_ec2_net.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "netplan/netplan.h"

static const char *role_key(const struct hk_run *run)
{
  return hk_net_role_key((enum hk_net_role)run->action->arg);
}

static void name_of(const struct hk_run *run, char *out, size_t n)
{
  hk_aws_name(run, role_key(run), out, n);
}

static const char *planned(const struct hk_run *run, const char *what)
{
  char key[48];

  snprintf(key, sizeof(key), "%s.%s", role_key(run), what);
  return hk_run_dep(run, "aws.net.layout", key);
}

static void record(struct hk_run *run, const char *id, const char *cidr, const char *zone)
{
  hk_run_set(run, "subnet_id", id);
  hk_run_set(run, "cidr", cidr);
  hk_run_set(run, "zone", zone);
}

static void on_found(struct aws_subnet *v, size_t n, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status == HK_OK && n > 0) {
    record(run, v[0].subnet_id, v[0].cidr, v[0].az);
    hk_run_found(run);
  }
  aws_subnets_free(v, n);
  hk_run_finish_aws(run, err);
}

static void lookup(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  const char *vals[1], *names[1];
  struct aws_filter f[2];
  char name[160];

  if(!aws)
    return;
  name_of(run, name, sizeof(name));
  hk_net_filters(run, name, vals, names, f);
  if(aws_ec2_describe_subnets(aws, NULL, 0, f, 2, on_found, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot list the subnets."));
}

static void on_created(const char *id, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status == HK_OK)
    record(run, id, planned(run, "cidr"), planned(run, "zone"));
  hk_run_finish_aws(run, err);
}

static void create(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  char name[160];

  if(!aws)
    return;
  if(!planned(run, "cidr")[0]) {
    hk_run_fail(run, HK_STATE, _("The network layout has no %s subnet; run `heiiki plan` to "
                                 "see the layout."), role_key(run));
    return;
  }
  name_of(run, name, sizeof(name));
  if(aws_ec2_create_subnet(aws, hk_net_vpc_id(run), planned(run, "cidr"), planned(run, "zone"),
                           name, on_created, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot create the subnet."));
}

static void on_deleted(const struct hk_error *err, void *ud)
{
  hk_net_removed(err, ud);
}

/* An interface of one of heiiki's own endpoints (AWS removes those a little
 * after DeleteVpcEndpoints): "VPC Endpoint Interface vpce-..." */
static bool ours(const struct hk_run *run, const struct aws_eni *e)
{
  static const char *const eps[] = { "aws.vpce.sts", "aws.vpce.kinesis", "aws.vpce.workspace",
                                     "aws.vpce.backend_rest", "aws.vpce.relay", "aws.vpce.glue" };
  size_t i;

  for(i = 0; i < sizeof(eps) / sizeof(eps[0]); i++) {
    const char *id = hk_run_dep(run, eps[i], "vpce_id");
    if(id[0] && strstr(e->description, id))
      return true;
  }
  return false;
}

/* Interfaces in the subnet: none (delete it), only heiiki's endpoints' that AWS
 * is still removing (wait: HK_CONFLICT retries), or someone else's, which heiiki
 * names and leaves. */
static void on_enis(struct aws_eni *v, size_t n, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  char list[768];
  size_t i, len = 0, foreign = 0;

  list[0] = '\0';
  for(i = 0; err->status == HK_OK && i < n; i++) {
    int w;
    if(ours(run, &v[i]) || len >= sizeof(list))
      continue;
    foreign++;
    w = snprintf(list + len, sizeof(list) - len, "%s%s (%s)", foreign > 1 ? ", " : "",
                 v[i].eni_id, v[i].description[0] ? v[i].description : v[i].private_ip);
    if(w > 0)
      len += (size_t)w;
  }
  aws_enis_free(v, n);
  if(err->status != HK_OK) {
    hk_run_finish_aws(run, err);
    return;
  }
  if(foreign) {
    hk_run_fail(run, HK_API,
                _("Subnet %s holds network interfaces heiiki did not make: %s. heiiki leaves the "
                  "subnet (and what it sits in); remove what uses them, then run destroy again."),
                hk_run_get(run, "subnet_id"), list);
    return;
  }
  if(n) {
    hk_run_fail(run, HK_CONFLICT, _("Subnet %s still holds %zu interface(s) of heiiki's endpoints "
                                    "that AWS is removing."),
                hk_run_get(run, "subnet_id"), n);
    return;
  }
  if(aws_ec2_delete_subnet(hk_run_aws(run), hk_run_get(run, "subnet_id"), on_deleted, run) !=
     HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot delete the subnet."));
}

static void remove_(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  const char *vals[1];
  struct aws_filter f;

  if(!aws)
    return;
  vals[0] = hk_run_get(run, "subnet_id");
  f = (struct aws_filter){ "subnet-id", vals, 1 };
  if(aws_ec2_describe_network_interfaces(aws, NULL, 0, &f, 1, on_enis, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot list the subnet's network interfaces."));
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  enum hk_net_role r = (enum hk_net_role)a->arg;

  if(!hk_net_creates_subnets(s)) {
    hk_act_note(a, "%s", _("you give the subnets"));
    return HK_DEC_SKIP;
  }
  if(r == HK_NET_PUBLIC && s->client.frontend != HK_FE_ELASTIC_IP) {
    hk_act_note(a, "%s", _("the front end is reached by its private address"));
    return HK_DEC_SKIP;
  }
  hk_act_note(a, _("%s-%s: %s"), s->name, hk_net_role_key(r), hk_net_role_label(r));
  return HK_DEC_CREATE;
}

static void describe(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n)
{
  enum hk_net_role r = (enum hk_net_role)a->arg;
  snprintf(out, n, _("subnet %s-%s for %s, where the layout puts it"), s->name,
           hk_net_role_key(r), hk_net_role_label(r));
}

static const char *const keys[] = { "subnet_id", NULL };

const struct hk_action_ops hk_act_aws_net_subnet = {
  "aws.net.subnet", decide, lookup, create, remove_, describe, keys,
};
