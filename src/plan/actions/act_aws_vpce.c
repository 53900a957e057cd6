/* act_aws_vpce.c - VPC endpoints: S3 gateway, STS, Kinesis, workspace/REST,
 * back-end REST, relay, Glue.  One file for all: the row's arg is the kind. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aws/aws_ec2.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "plan/actions/act_aws_util.h"
#include "policy/policy.h"

static enum hk_ep_kind kind_of(const struct hk_run *run)
{
  return (enum hk_ep_kind)run->action->arg;
}

static void tag_name(const struct hk_run *run, char *out, size_t n)
{
  char suffix[64];

  snprintf(suffix, sizeof(suffix), "%s-vpce", hk_ep_key(kind_of(run)));
  hk_aws_name(run, suffix, out, n);
}

static void record(struct hk_run *run, const struct aws_vpc_endpoint *e)
{
  hk_run_set(run, "vpce_id", e->vpce_id);
  hk_run_set(run, "service_name", e->service_name);
  hk_run_set(run, "state", e->state);
}

static bool gone(const char *state)
{
  return strcmp(state, "deleted") == 0 || strcmp(state, "deleting") == 0 ||
         strcmp(state, "failed") == 0 || strcmp(state, "rejected") == 0 ||
         strcmp(state, "expired") == 0;
}

static void on_found(struct aws_vpc_endpoint *v, size_t n, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  size_t i;

  if(err->status == HK_OK) {
    for(i = 0; i < n; i++) {
      if(gone(v[i].state))
        continue;
      record(run, &v[i]);
      hk_run_found(run);
      break;
    }
  }
  aws_vpc_endpoints_free(v, n);
  hk_run_finish_aws(run, err);
}

/* Ours: same VPC, same service, our Name tag, not deleted. */
static void lookup(struct hk_run *run)
{
  const struct hk_setup *s = hk_run_setup(run);
  struct aws_client *aws = hk_run_aws(run);
  char svc[160], name[160];
  const char *vpc[1], *svcs[1], *names[1];
  struct aws_filter f[3];
  hk_status st;

  if(!aws)
    return;
  hk_act_ep_service(s, kind_of(run), svc, sizeof(svc));
  tag_name(run, name, sizeof(name));
  vpc[0] = s->network.vpc_id;
  svcs[0] = svc;
  names[0] = name;
  f[0] = (struct aws_filter){ "vpc-id", vpc, 1 };
  f[1] = (struct aws_filter){ "service-name", svcs, 1 };
  f[2] = (struct aws_filter){ "tag:Name", names, 1 };
  st = aws_ec2_describe_vpc_endpoints(aws, NULL, 0, f, 3, on_found, run);
  if(st != HK_OK)
    hk_run_fail(run, st, "%s", _("Cannot list the VPC endpoints."));
}

static void on_created(const struct aws_vpc_endpoint *e, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status == HK_OK && e)
    record(run, e);
  hk_run_finish_aws(run, err);
}

/* The endpoint policy to attach (endpoints.attach_policies), or NULL for AWS's full-access
 * default.  [SRA] aws/tf/privatelink.tf attaches the S3, STS and Kinesis policies; CreateVpcEndpoint
 * without PolicyDocument attaches "a default policy that allows full access" (EC2 API reference). */
static bool policy_kind(enum hk_ep_kind k, enum hk_policy_kind *out)
{
  switch(k) {
  case HK_EP_S3:
    *out = HK_POLICY_S3_ENDPOINT;
    return true;
  case HK_EP_STS:
    *out = HK_POLICY_STS_ENDPOINT;
    return true;
  case HK_EP_KINESIS:
    *out = HK_POLICY_KINESIS_ENDPOINT;
    return true;
  default:
    return false;
  }
}

static void create(struct hk_run *run)
{
  const struct hk_setup *s = hk_run_setup(run);
  const struct hk_endpoint_answer *ep = &s->endpoints[kind_of(run)];
  struct aws_client *aws = hk_run_aws(run);
  const char *subnets[HK_MAX_SUBNETS], *rts[HK_MAX_SUBNETS], *sgs[1];
  struct aws_vpce_create spec;
  char svc[160], name[160];
  char *policy = NULL;
  enum hk_policy_kind pk;
  struct hk_error perr;
  int i;
  hk_status st;

  if(!aws)
    return;
  hk_act_ep_service(s, kind_of(run), svc, sizeof(svc));
  if(s->endpoint_policies && policy_kind(kind_of(run), &pk)) {
    hk_error_clear(&perr);
    policy = hk_policy_for_setup(s, pk, &perr);
    if(!policy) {
      hk_run_fail(run, perr.status != HK_OK ? perr.status : HK_CONFIG, "%s", perr.message);
      return;
    }
  }
  if(!svc[0]) {
    free(policy);
    hk_run_fail(run, HK_CONFIG, _("No endpoint service is known for %s in %s."),
                hk_ep_label(kind_of(run)), s->region);
    return;
  }
  tag_name(run, name, sizeof(name));
  for(i = 0; i < ep->n_subnets && i < HK_MAX_SUBNETS; i++)
    subnets[i] = ep->subnet_ids[i];
  for(i = 0; i < ep->n_route_tables && i < HK_MAX_SUBNETS; i++)
    rts[i] = ep->route_table_ids[i];
  sgs[0] = ep->sg_id;
  memset(&spec, 0, sizeof(spec));
  spec.vpc_id = s->network.vpc_id;
  spec.service_name = svc;
  spec.private_dns = -1;
  spec.client_token = run->token;
  spec.name = name;
  spec.policy_document = policy;
  if(kind_of(run) == HK_EP_S3) {
    spec.type = "Gateway";
    spec.route_table_ids = rts;
    spec.n_route_table_ids = (size_t)ep->n_route_tables;
  }
  else {
    spec.type = "Interface";
    spec.subnet_ids = subnets;
    spec.n_subnet_ids = (size_t)ep->n_subnets;
    spec.security_group_ids = sgs;
    spec.n_security_group_ids = ep->sg_id[0] ? 1 : 0;
    /* Cluster nodes find the control plane, the relay and the AWS services by name: the
     * back-end and service endpoints need private DNS (see hk_ep_private_dns). */
    spec.private_dns = hk_ep_private_dns(s, kind_of(run)) ? 1 : 0;
  }
  st = aws_ec2_create_vpc_endpoint(aws, &spec, on_created, run);
  free(policy);
  if(st != HK_OK)
    hk_run_fail(run, st, "%s", _("Cannot create the VPC endpoint."));
}

static void on_deleted(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status == HK_NOT_FOUND) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  hk_run_finish_aws(run, err);
}

static void remove_(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  const char *ids[1];

  if(!aws)
    return;
  ids[0] = hk_run_get(run, "vpce_id");
  if(aws_ec2_delete_vpc_endpoints(aws, ids, 1, on_deleted, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot delete the VPC endpoint."));
}

static bool wanted(const struct hk_setup *s, enum hk_ep_kind k, const char **why)
{
  if(k == HK_EP_BACKEND_REST && s->backend_shared) {
    *why = _("the back end shares the workspace endpoint");
    return false;
  }
  if(!s->endpoints[k].enabled) {
    *why = _("not used in this setup");
    return false;
  }
  return true;
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  enum hk_ep_kind k = (enum hk_ep_kind)a->arg;
  const struct hk_endpoint_answer *ep = &s->endpoints[k];
  const char *why = "";

  if(!wanted(s, k, &why)) {
    hk_act_note(a, "%s", why);
    return HK_DEC_SKIP;
  }
  if(ep->choice == HK_EXISTING)
    return hk_act_keep(a, "vpce_id", ep->vpce_id);
  hk_act_note(a, "%s", hk_ep_label(k));
  return HK_DEC_CREATE;
}

/* Say plainly whether an endpoint policy goes on. */
static void policy_note(const struct hk_setup *s, enum hk_ep_kind k, char *out, size_t n)
{
  enum hk_policy_kind pk;
  size_t len = strlen(out);

  if(!policy_kind(k, &pk) || len + 1 >= n)
    return;
  snprintf(out + len, n - len, "%s",
           s->endpoint_policies ? _("; with the generated endpoint policy")
                                : _("; no endpoint policy (AWS's full-access default; endpoints.attach_policies)"));
}

static void describe(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n)
{
  enum hk_ep_kind k = (enum hk_ep_kind)a->arg;
  const struct hk_endpoint_answer *ep = &s->endpoints[k];
  char svc[160], list[512];

  hk_act_ep_service(s, k, svc, sizeof(svc));
  if(k == HK_EP_S3) {
    hk_act_join(ep->route_table_ids[0], ep->n_route_tables, list, sizeof(list));
    snprintf(out, n, _("gateway endpoint %s in %s for route tables %s"), svc, s->network.vpc_id,
             list);
    policy_note(s, k, out, n);
    return;
  }
  hk_act_join(ep->subnet_ids[0], ep->n_subnets, list, sizeof(list));
  snprintf(out, n, _("interface endpoint %s in %s, subnets %s, security group %s, private DNS %s"), svc,
           s->network.vpc_id, list, ep->sg_id, hk_ep_private_dns(s, k) ? _("on") : _("off"));
  policy_note(s, k, out, n);
}

static const char *const keys[] = { "vpce_id", NULL };

const struct hk_action_ops hk_act_aws_vpce = {
  "aws.vpce", decide, lookup, create, remove_, describe, keys,
};
