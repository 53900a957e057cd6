/* act_aws_fix_s3.c - a fix on the operator's own resources: their S3 gateway
 * endpoint onto the route tables of the cluster subnets where it is missing
 * (pre-flight N5; without it clusters cannot reach S3 in a closed network).
 * Planned only with network.fix_existing, so it runs once the operator confirms
 * the plan; the pre-flight line keeps the same aws command.  Destroy takes off
 * exactly the route tables it added. */
#include "plan/actions/act_aws_net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aws/aws_ec2_net.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

#define MAX_RT HK_MAX_SUBNETS

struct look {
  char need[MAX_RT][AWS_ID_MAX];   /* the cluster subnets' route tables */
  size_t n_need;
};

static const char *vpce_of(const struct hk_run *run)
{
  return hk_run_setup(run)->endpoints[HK_EP_S3].vpce_id;
}

/* "a,b" -> ids (pointers into buf) */
static size_t split(char *buf, const char **ids, size_t max)
{
  size_t n = 0;
  char *save = NULL, *t;

  for(t = strtok_r(buf, ",", &save); t && n < max; t = strtok_r(NULL, ",", &save))
    ids[n++] = t;
  return n;
}

static void done_look(struct hk_run *run, const struct hk_error *err)
{
  free(run->scratch);
  run->scratch = NULL;
  hk_run_finish_aws(run, err);
}

static void on_endpoint(struct aws_vpc_endpoint *v, size_t n, const struct hk_error *err,
                        void *ud)
{
  struct hk_run *run = ud;
  struct look *l = run->scratch;
  char missing[MAX_RT * AWS_ID_MAX];
  size_t i, k, len = 0;

  missing[0] = '\0';
  if(err->status == HK_OK && n == 0) {
    aws_vpc_endpoints_free(v, n);
    free(run->scratch);
    run->scratch = NULL;
    hk_run_fail(run, HK_NOT_FOUND, _("The S3 gateway endpoint %s was not found."), vpce_of(run));
    return;
  }
  for(i = 0; err->status == HK_OK && i < l->n_need; i++) {
    bool on = false;
    for(k = 0; k < v[0].n_route_table_ids && !on; k++)
      on = strcmp(v[0].route_table_ids[k], l->need[i]) == 0;
    if(!on && len < sizeof(missing))
      len += (size_t)snprintf(missing + len, sizeof(missing) - len, "%s%s", len ? "," : "",
                              l->need[i]);
  }
  aws_vpc_endpoints_free(v, n);
  if(err->status == HK_OK) {
    hk_run_set(run, "vpce_id", vpce_of(run));
    if(!hk_run_get(run, "to_add")[0])
      hk_run_set(run, "to_add", missing);
    if(!missing[0]) {
      /* attached everywhere: nothing to fix, or our own change before a crash */
      if(run->ja->state == HK_JS_INTENT && !hk_run_get(run, "added")[0])
        hk_run_set(run, "added", hk_run_get(run, "to_add"));
      hk_run_set(run, "route_tables", "ok");
      hk_run_found(run);
    }
  }
  done_look(run, err);
}

/* The route table of each cluster subnet: its explicit one, else the VPC's main one. */
static void on_tables(struct aws_route_table *v, size_t n, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  struct look *l = run->scratch;
  const struct hk_setup *s = hk_run_setup(run);
  const char *ids[1];
  int i;
  size_t t, k;

  for(i = 0; err->status == HK_OK && i < s->network.n_subnets; i++) {
    const char *rt = NULL;
    bool dup = false;
    for(t = 0; t < n && !rt; t++)
      for(k = 0; k < v[t].n_subnet_ids && !rt; k++)
        if(strcmp(v[t].subnet_ids[k], s->network.subnet_ids[i]) == 0)
          rt = v[t].route_table_id;
    for(t = 0; t < n && !rt; t++)
      if(v[t].is_main)
        rt = v[t].route_table_id;
    for(k = 0; rt && k < l->n_need; k++)
      dup = dup || strcmp(l->need[k], rt) == 0;
    if(rt && !dup && l->n_need < MAX_RT)
      hk_strlcpy(l->need[l->n_need++], rt, sizeof(l->need[0]));
  }
  aws_route_tables_free(v, n);
  if(err->status != HK_OK) {
    done_look(run, err);
    return;
  }
  ids[0] = vpce_of(run);
  if(aws_ec2_describe_vpc_endpoints(hk_run_aws(run), ids, 1, NULL, 0, on_endpoint, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the S3 gateway endpoint."));
}

static void lookup(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  const char *vals[1];
  struct aws_filter f;

  if(!aws)
    return;
  run->scratch = calloc(1, sizeof(struct look));
  if(!run->scratch) {
    hk_run_fail(run, HK_NOMEM, "%s", _("Out of memory."));
    return;
  }
  vals[0] = hk_net_vpc_id(run);
  f = (struct aws_filter){ "vpc-id", vals, 1 };
  if(aws_ec2_describe_route_tables(aws, NULL, 0, &f, 1, on_tables, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot list the route tables."));
}

static void on_added(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status == HK_OK) {
    hk_run_set(run, "added", hk_run_get(run, "to_add"));
    hk_run_set(run, "route_tables", "ok");
  }
  hk_run_finish_aws(run, err);
}

static void create(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  char buf[MAX_RT * AWS_ID_MAX];
  const char *ids[MAX_RT];
  size_t n;

  if(!aws)
    return;
  hk_strlcpy(buf, hk_run_get(run, "to_add"), sizeof(buf));
  n = split(buf, ids, MAX_RT);
  if(!n) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  if(aws_ec2_modify_vpce_route_tables(aws, vpce_of(run), ids, n, NULL, 0, on_added, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot attach the S3 gateway endpoint."));
}

static void remove_(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  char buf[MAX_RT * AWS_ID_MAX];
  const char *ids[MAX_RT];
  size_t n;

  if(!aws)
    return;
  hk_strlcpy(buf, hk_run_get(run, "added"), sizeof(buf));
  n = split(buf, ids, MAX_RT);
  if(!n) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  if(aws_ec2_modify_vpce_route_tables(aws, hk_run_get(run, "vpce_id"), NULL, 0, ids, n,
                                      hk_net_removed, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot detach the S3 gateway endpoint."));
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  const struct hk_endpoint_answer *s3 = &s->endpoints[HK_EP_S3];

  if(!s->network.fix_existing || hk_net_creates_subnets(s) || !s3->enabled ||
     s3->choice != HK_EXISTING) {
    hk_act_note(a, "%s", _("only with network.fix_existing and your own S3 endpoint and subnets"));
    return HK_DEC_SKIP;
  }
  hk_act_note(a, _("fix: S3 gateway endpoint %s onto the cluster subnets' route tables, where "
                   "missing"), s3->vpce_id);
  return HK_DEC_CREATE;
}

static void describe(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n)
{
  (void)a;
  snprintf(out, n,
           _("fix on your endpoint, where missing: aws ec2 modify-vpc-endpoint --region %s "
             "--vpc-endpoint-id %s --add-route-table-ids <the cluster subnets' route tables>"),
           s->region, s->endpoints[HK_EP_S3].vpce_id);
}

static const char *const keys[] = { "route_tables", NULL };

const struct hk_action_ops hk_act_aws_fix_s3 = {
  "aws.fix.s3_route", decide, lookup, create, remove_, describe, keys,
};
