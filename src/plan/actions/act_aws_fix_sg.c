/* act_aws_fix_sg.c - a fix on the operator's own cluster security group: the
 * rules of the report's SG 02 that none of the given groups has (pre-flight
 * G2/G3/G4: all TCP/UDP within itself, egress on the Databricks ports of
 * assets/ports.tsv to the VPC, 443 to the S3 prefix list).  Planned only with
 * network.fix_existing, so it runs once the operator confirms the plan; the
 * pre-flight lines keep their aws commands.  The rules go to the first given
 * group; destroy revokes exactly the ones it added. */
#include "plan/actions/act_aws_net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aws/aws_ec2_net.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "netplan/netplan_sg.h"

#define MAX_ADD (2 * HK_NET_SG_MAX_RULES)

struct fix {
  char vpc_cidr[24];
  struct aws_security_group *sgs;
  size_t n_sgs;
  struct aws_sg_rule rules[MAX_ADD];
  bool egress[MAX_ADD];
  size_t n, next;
};

static const char *group_of(const struct hk_run *run)
{
  return hk_run_setup(run)->network.sg_ids[0];
}

static void finish(struct hk_run *run, const struct hk_error *err)
{
  struct fix *x = run->scratch;

  if(x)
    aws_security_groups_free(x->sgs, x->n_sgs);
  free(x);
  run->scratch = NULL;
  hk_run_finish_aws(run, err);
}

/* "in|proto:from:to:peer;out|..." */
static void encode(const struct fix *x, char *out, size_t n)
{
  char one[160];
  size_t i, len = 0;

  out[0] = '\0';
  for(i = 0; i < x->n && len < n; i++) {
    hk_net_sg_rule_text(&x->rules[i], one, sizeof(one));
    len += (size_t)snprintf(out + len, n - len, "%s%s|%s", i ? ";" : "",
                            x->egress[i] ? "out" : "in", one);
  }
}

static void decode(struct fix *x, const char *text)
{
  char buf[8192], *save = NULL, *t;

  hk_strlcpy(buf, text, sizeof(buf));
  x->n = 0;
  for(t = strtok_r(buf, ";", &save); t && x->n < MAX_ADD; t = strtok_r(NULL, ";", &save)) {
    char *bar = strchr(t, '|');
    if(!bar || !hk_net_sg_rule_parse(bar + 1, &x->rules[x->n]))
      continue;
    x->egress[x->n++] = strncmp(t, "out", 3) == 0;
  }
}

static void compute(struct hk_run *run, const char *pl)
{
  struct fix *x = run->scratch;
  struct hk_net_sg_rules want;
  struct hk_error err;
  const struct aws_security_group *sgs[HK_MAX_SGS];
  struct aws_sg_rule miss[HK_NET_SG_MAX_RULES];
  char text[8192];
  size_t i, n;

  hk_error_clear(&err);
  if(hk_net_sg_rules(HK_NET_SG_CLUSTER, hk_run_setup(run), group_of(run), group_of(run),
                     x->vpc_cidr, pl, &want, &err) != HK_OK) {
    finish(run, &err);
    return;
  }
  for(i = 0; i < x->n_sgs && i < HK_MAX_SGS; i++)
    sgs[i] = &x->sgs[i];
  x->n = 0;
  n = hk_net_sg_missing(sgs, i, false, x->vpc_cidr, want.ingress, want.n_ingress, miss,
                        HK_NET_SG_MAX_RULES);
  for(i = 0; i < n; i++) {
    x->rules[x->n] = miss[i];
    x->egress[x->n++] = false;
  }
  n = hk_net_sg_missing(sgs, x->n_sgs < HK_MAX_SGS ? x->n_sgs : HK_MAX_SGS, true, x->vpc_cidr,
                        want.egress, want.n_egress, miss, HK_NET_SG_MAX_RULES);
  for(i = 0; i < n; i++) {
    x->rules[x->n] = miss[i];
    x->egress[x->n++] = true;
  }
  encode(x, text, sizeof(text));
  hk_run_set(run, "group_id", group_of(run));
  if(!hk_run_get(run, "to_add")[0])
    hk_run_set(run, "to_add", text);
  if(x->n == 0) {
    if(run->ja->state == HK_JS_INTENT && !hk_run_get(run, "added")[0])
      hk_run_set(run, "added", hk_run_get(run, "to_add"));
    hk_run_set(run, "rules", "ok");
    hk_run_found(run);
  }
  finish(run, NULL);
}

static void on_prefix_list(const char *id, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status != HK_OK) {
    finish(run, err);
    return;
  }
  compute(run, id);
}

static void on_vpc(struct aws_vpc *v, size_t n, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  struct fix *x = run->scratch;
  char pl[96];

  if(err->status == HK_OK && n)
    hk_strlcpy(x->vpc_cidr, v[0].cidr, sizeof(x->vpc_cidr));
  aws_vpcs_free(v, n);
  if(err->status != HK_OK) {
    finish(run, err);
    return;
  }
  /* 443 to S3 only where the S3 gateway endpoint carries it (closed network) */
  if(!hk_run_setup(run)->endpoints[HK_EP_S3].enabled) {
    compute(run, "");
    return;
  }
  snprintf(pl, sizeof(pl), "com.amazonaws.%s.s3", hk_run_setup(run)->region);
  if(aws_ec2_prefix_list_id(hk_run_aws(run), pl, on_prefix_list, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot look up the S3 prefix list."));
}

static void on_groups(struct aws_security_group *v, size_t n, const struct hk_error *err,
                      void *ud)
{
  struct hk_run *run = ud;
  struct fix *x = run->scratch;
  const char *ids[1];

  x->sgs = v;
  x->n_sgs = n;
  if(err->status != HK_OK) {
    finish(run, err);
    return;
  }
  ids[0] = hk_net_vpc_id(run);
  if(aws_ec2_describe_vpcs(hk_run_aws(run), ids, 1, NULL, 0, on_vpc, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the VPC."));
}

static void lookup(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  const struct hk_setup *s = hk_run_setup(run);
  const char *ids[HK_MAX_SGS];
  int i;

  if(!aws)
    return;
  run->scratch = calloc(1, sizeof(struct fix));
  if(!run->scratch) {
    hk_run_fail(run, HK_NOMEM, "%s", _("Out of memory."));
    return;
  }
  for(i = 0; i < s->network.n_sgs; i++)
    ids[i] = s->network.sg_ids[i];
  if(aws_ec2_describe_security_groups(aws, ids, (size_t)i, NULL, 0, on_groups, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the security groups."));
}

static void next(struct hk_run *run);

static void on_rule(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  struct fix *x = run->scratch;

  if(err->status != HK_OK) {
    finish(run, err);
    return;
  }
  x->next++;
  next(run);
}

/* one rule per call: a rule already there (Duplicate / NotFound) does not stop the others */
static void next(struct hk_run *run)
{
  struct fix *x = run->scratch;
  hk_status st;

  if(x->next >= x->n) {
    if(run->step == HK_RUN_REMOVE)
      hk_run_set(run, "rules", "removed");
    else {
      hk_run_set(run, "added", hk_run_get(run, "to_add"));
      hk_run_set(run, "rules", "ok");
    }
    finish(run, NULL);
    return;
  }
  if(run->step == HK_RUN_REMOVE)
    st = aws_ec2_revoke_security_group(hk_run_aws(run), hk_run_get(run, "group_id"),
                                       x->egress[x->next], &x->rules[x->next], 1, on_rule, run);
  else
    st = aws_ec2_authorize_security_group(hk_run_aws(run), hk_run_get(run, "group_id"),
                                          x->egress[x->next], &x->rules[x->next], 1, on_rule, run);
  if(st != HK_OK)
    hk_run_fail(run, st, "%s", _("Cannot change the security group's rules."));
}

static void start(struct hk_run *run, const char *key)
{
  struct fix *x = calloc(1, sizeof(*x));

  if(!x) {
    hk_run_fail(run, HK_NOMEM, "%s", _("Out of memory."));
    return;
  }
  run->scratch = x;
  decode(x, hk_run_get(run, key));
  next(run);
}

static void create(struct hk_run *run)
{
  if(hk_run_aws(run))
    start(run, "to_add");
}

static void remove_(struct hk_run *run)
{
  if(hk_run_aws(run))
    start(run, "added");
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  if(!s->network.fix_existing || hk_net_creates_sgs(s) || s->network.n_sgs < 1) {
    hk_act_note(a, "%s", _("only with network.fix_existing and your own security groups"));
    return HK_DEC_SKIP;
  }
  hk_act_note(a, _("fix: the cluster rules missing from %s (ports of assets/ports.tsv)"),
              s->network.sg_ids[0]);
  return HK_DEC_CREATE;
}

static void describe(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n)
{
  (void)a;
  snprintf(out, n,
           _("fix on your security group, where missing: aws ec2 "
             "authorize-security-group-egress/-ingress --region %s --group-id %s (the rules "
             "pre-flight lists)"),
           s->region, s->network.sg_ids[0]);
}

static const char *const keys[] = { "rules", NULL };

const struct hk_action_ops hk_act_aws_fix_sg = {
  "aws.fix.sg_rules", decide, lookup, create, remove_, describe, keys,
};
