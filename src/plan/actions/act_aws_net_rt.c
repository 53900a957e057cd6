/* act_aws_net_rt.c - route tables of the created subnets (closed-network-setup.md
 * §2.4); the row's arg: 0 cluster subnets (the S3 gateway endpoint adds its
 * prefix-list route; nothing to the internet), 1 endpoint subnet (nothing extra),
 * 2 public subnet (0.0.0.0/0 to the VPC's internet gateway).
 * CreateRouteTable carries the ClientToken; the associations are made after it
 * and again on a resume (only the missing ones). */
#include "plan/actions/act_aws_net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aws/aws_ec2_net.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

enum { RT_CLUSTER, RT_ENDPOINTS, RT_PUBLIC };
static const char *const suffix[] = { "rt-cluster", "rt-endpoints", "rt-public" };

struct ensure {
  char want[2][AWS_ID_MAX];
  size_t n_want, next;
  char (*assoc)[AWS_ID_MAX];
  size_t n_assoc;
};

static void name_of(const struct hk_run *run, char *out, size_t n)
{
  hk_aws_name(run, suffix[run->action->arg], out, n);
}

static void finish(struct hk_run *run, const struct hk_error *err)
{
  struct ensure *e = run->scratch;

  if(e)
    free(e->assoc);
  free(e);
  run->scratch = NULL;
  hk_run_finish_aws(run, err);
}

static void next_assoc(struct hk_run *run);

/* Drop this hook's state before a failure sentence. */
static void drop(struct hk_run *run)
{
  struct ensure *e = run->scratch;

  if(e)
    free(e->assoc);
  free(e);
  run->scratch = NULL;
}

static void on_route(const struct hk_error *err, void *ud)
{
  finish(ud, err);
}

static void on_igws(struct aws_igw *v, size_t n, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  char igw[AWS_ID_MAX];

  hk_strlcpy(igw, err->status == HK_OK && n ? v[0].igw_id : "", sizeof(igw));
  aws_igws_free(v, n);
  if(err->status != HK_OK) {
    finish(run, err);
    return;
  }
  if(!igw[0]) {
    drop(run);
    hk_run_fail(run, HK_CONFIG,
                _("VPC %s has no internet gateway for the public front end. Attach one "
                  "(aws ec2 create-internet-gateway --region %s; aws ec2 "
                  "attach-internet-gateway --internet-gateway-id IGW --vpc-id %s --region %s) "
                  "or set client.frontend = private_ip, then run heiiki again."),
                hk_net_vpc_id(run), hk_run_setup(run)->region, hk_net_vpc_id(run),
                hk_run_setup(run)->region);
    return;
  }
  hk_run_set(run, "gateway_id", igw);
  if(aws_ec2_create_route(hk_run_aws(run), hk_run_get(run, "route_table_id"), "0.0.0.0/0", igw,
                          on_route, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot add the internet route."));
}

static void after_assocs(struct hk_run *run)
{
  const char *vals[1];
  struct aws_filter f;

  if(run->action->arg != RT_PUBLIC) {
    finish(run, NULL);
    return;
  }
  vals[0] = hk_net_vpc_id(run);
  f = (struct aws_filter){ "attachment.vpc-id", vals, 1 };
  if(aws_ec2_describe_internet_gateways(hk_run_aws(run), NULL, 0, &f, 1, on_igws, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot list the internet gateways."));
}

static void on_assoc(const char *id, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  struct ensure *e = run->scratch;
  char key[96];

  if(err->status != HK_OK) {
    finish(run, err);
    return;
  }
  snprintf(key, sizeof(key), "assoc.%s", e->want[e->next]);
  hk_run_set(run, key, id);
  hk_run_save(run);
  e->next++;
  next_assoc(run);
}

static void next_assoc(struct hk_run *run)
{
  struct ensure *e = run->scratch;

  if(e->next >= e->n_want) {
    after_assocs(run);
    return;
  }
  if(aws_ec2_associate_route_table(hk_run_aws(run), hk_run_get(run, "route_table_id"),
                                   e->want[e->next], on_assoc, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot associate the route table."));
}

static void wanted(const struct hk_run *run, struct ensure *e)
{
  static const char *const ids[3][2] = {
    { "aws.net.subnet.cluster1", "aws.net.subnet.cluster2" },
    { "aws.net.subnet.endpoints", NULL },
    { "aws.net.subnet.public", NULL },
  };
  size_t i;

  for(i = 0; i < 2 && ids[run->action->arg][i]; i++) {
    const char *sid = hk_run_dep(run, ids[run->action->arg][i], "subnet_id");
    if(sid[0])
      hk_strlcpy(e->want[e->n_want++], sid, sizeof(e->want[0]));
  }
}

/* Associate the subnets that are not yet (a resume may find some done). */
static void on_table(struct aws_route_table *v, size_t n, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  struct ensure *e = run->scratch;
  size_t i, k, keep = 0;

  if(err->status != HK_OK || n == 0) {
    aws_route_tables_free(v, n);
    if(err->status != HK_OK)
      finish(run, err);
    else {
      drop(run);
      hk_run_fail(run, HK_NOT_FOUND, _("Route table %s is gone."),
                  hk_run_get(run, "route_table_id"));
    }
    return;
  }
  for(i = 0; i < e->n_want; i++) {
    bool done = false;
    for(k = 0; k < v[0].n_subnet_ids && !done; k++)
      done = strcmp(v[0].subnet_ids[k], e->want[i]) == 0;
    if(!done)
      memmove(e->want[keep++], e->want[i], sizeof(e->want[0]));
  }
  e->n_want = keep;
  aws_route_tables_free(v, n);
  next_assoc(run);
}

static void ensure(struct hk_run *run)
{
  const char *ids[1];
  struct ensure *e = calloc(1, sizeof(*e));

  if(!e) {
    hk_run_fail(run, HK_NOMEM, "%s", _("Out of memory."));
    return;
  }
  run->scratch = e;
  wanted(run, e);
  ids[0] = hk_run_get(run, "route_table_id");
  if(aws_ec2_describe_route_tables(hk_run_aws(run), ids, 1, NULL, 0, on_table, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the route table."));
}

static void on_found(struct aws_route_table *v, size_t n, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  bool resume = false;

  if(err->status == HK_OK && n > 0) {
    hk_run_set(run, "route_table_id", v[0].route_table_id);
    hk_run_found(run);
    resume = run->ja->state == HK_JS_INTENT;
  }
  aws_route_tables_free(v, n);
  if(resume)
    ensure(run);
  else
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
  if(aws_ec2_describe_route_tables(aws, NULL, 0, f, 2, on_found, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot list the route tables."));
}

static void on_created(const char *id, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status != HK_OK) {
    hk_run_finish_aws(run, err);
    return;
  }
  hk_run_set(run, "route_table_id", id);
  hk_run_save(run);
  ensure(run);
}

static void create(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  char name[160];

  if(!aws)
    return;
  name_of(run, name, sizeof(name));
  if(aws_ec2_create_route_table(aws, hk_net_vpc_id(run), run->token, name, on_created, run) !=
     HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot create the route table."));
}

/* remove: every association goes first (AWS refuses to delete an associated table) */
static void remove_next(struct hk_run *run);

static void on_table_deleted(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  free(run->scratch);
  run->scratch = NULL;
  hk_net_removed(err, run);
}

static void on_disassoc(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  struct ensure *e = run->scratch;

  if(err->status != HK_OK && err->status != HK_NOT_FOUND) {
    finish(run, err);
    return;
  }
  e->next++;
  remove_next(run);
}

static void remove_next(struct hk_run *run)
{
  struct ensure *e = run->scratch;

  if(e->next < e->n_assoc) {
    if(aws_ec2_disassociate_route_table(hk_run_aws(run), e->assoc[e->next], on_disassoc, run) !=
       HK_OK)
      hk_run_fail(run, HK_NET, "%s", _("Cannot detach the route table."));
    return;
  }
  free(e->assoc);
  e->assoc = NULL;
  if(aws_ec2_delete_route_table(hk_run_aws(run), hk_run_get(run, "route_table_id"),
                                on_table_deleted, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot delete the route table."));
}

static void on_table_to_remove(struct aws_route_table *v, size_t n, const struct hk_error *err,
                               void *ud)
{
  struct hk_run *run = ud;
  struct ensure *e = run->scratch;

  if(err->status == HK_NOT_FOUND || (err->status == HK_OK && n == 0)) {
    aws_route_tables_free(v, n);
    free(e);
    run->scratch = NULL;
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  if(err->status != HK_OK) {
    aws_route_tables_free(v, n);
    finish(run, err);
    return;
  }
  e->assoc = v[0].assoc_ids;       /* take the array over */
  e->n_assoc = v[0].n_subnet_ids;
  v[0].assoc_ids = NULL;
  aws_route_tables_free(v, n);
  remove_next(run);
}

static void remove_(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  const char *ids[1];

  if(!aws)
    return;
  run->scratch = calloc(1, sizeof(struct ensure));
  if(!run->scratch) {
    hk_run_fail(run, HK_NOMEM, "%s", _("Out of memory."));
    return;
  }
  ids[0] = hk_run_get(run, "route_table_id");
  if(aws_ec2_describe_route_tables(aws, ids, 1, NULL, 0, on_table_to_remove, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the route table."));
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  static const char *const what[] = {
    N_("cluster subnets: the S3 gateway endpoint's route, nothing to the internet"),
    N_("endpoint subnet: only the VPC's own range"),
    N_("public subnet: 0.0.0.0/0 to the VPC's internet gateway"),
  };

  if(!hk_net_creates_subnets(s)) {
    hk_act_note(a, "%s", _("you give the subnets and their route tables"));
    return HK_DEC_SKIP;
  }
  if(a->arg == RT_PUBLIC && s->client.frontend != HK_FE_ELASTIC_IP) {
    hk_act_note(a, "%s", _("no public subnet"));
    return HK_DEC_SKIP;
  }
  hk_act_note(a, "%s", _(what[a->arg]));
  return HK_DEC_CREATE;
}

static void describe(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n)
{
  snprintf(out, n, _("route table %s-%s, associated with its subnets"), s->name, suffix[a->arg]);
}

static const char *const keys[] = { "route_table_id", NULL };

const struct hk_action_ops hk_act_aws_net_rt = {
  "aws.net.rt", decide, lookup, create, remove_, describe, keys,
};
