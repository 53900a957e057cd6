/* act_aws_net_sg.c - the report's security groups (the row's arg: SG 01 front-end
 * endpoint, SG 02 clusters, SG 03 interface endpoints), rules from netplan_sg.c.
 * CreateSecurityGroup takes no ClientToken, but a group name is unique in a VPC:
 * the lookup by name finds it after a crash, and the rules are then authorized
 * again, one per call, so the ones already there (InvalidPermission.Duplicate)
 * do not stop the others. */
#include "plan/actions/act_aws_net.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aws/aws_ec2_net.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "netplan/netplan_sg.h"

struct ensure {
  struct hk_net_sg_rules rules;
  char vpc_cidr[24];
  size_t next;                   /* ingress then egress */
};

static enum hk_net_sg which(const struct hk_run *run)
{
  return (enum hk_net_sg)run->action->arg;
}

static void name_of(const struct hk_run *run, char *out, size_t n)
{
  char suffix[32];

  snprintf(suffix, sizeof(suffix), "sg-%s", hk_net_sg_key(which(run)));
  hk_aws_name(run, suffix, out, n);
}

static void finish(struct hk_run *run, const struct hk_error *err)
{
  free(run->scratch);
  run->scratch = NULL;
  hk_run_finish_aws(run, err);
}

static void next_rule(struct hk_run *run);

static void on_rule(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  struct ensure *e = run->scratch;

  if(err->status != HK_OK) {
    finish(run, err);
    return;
  }
  e->next++;
  next_rule(run);
}

static void on_revoked(const struct hk_error *err, void *ud)
{
  finish(ud, err);
}

static void next_rule(struct hk_run *run)
{
  struct ensure *e = run->scratch;
  struct aws_client *aws = hk_run_aws(run);
  const char *gid = hk_run_get(run, "group_id");
  size_t ni = e->rules.n_ingress, ne = e->rules.n_egress;
  hk_status st;

  if(e->next < ni)
    st = aws_ec2_authorize_security_group(aws, gid, false, &e->rules.ingress[e->next], 1,
                                          on_rule, run);
  else if(e->next < ni + ne)
    st = aws_ec2_authorize_security_group(aws, gid, true, &e->rules.egress[e->next - ni], 1,
                                          on_rule, run);
  else if(e->rules.revoke_default_egress) {
    /* AWS gives every new group "all traffic to 0.0.0.0/0"; SG 02 keeps only its own */
    struct aws_sg_rule all;
    memset(&all, 0, sizeof(all));
    hk_strlcpy(all.protocol, "-1", sizeof(all.protocol));
    hk_strlcpy(all.cidr, "0.0.0.0/0", sizeof(all.cidr));
    st = aws_ec2_revoke_security_group_egress(aws, gid, &all, 1, on_revoked, run);
  }
  else {
    finish(run, NULL);
    return;
  }
  if(st != HK_OK)
    hk_run_fail(run, st, "%s", _("Cannot change the security group's rules."));
}

static void build_rules(struct hk_run *run, const char *prefix_list)
{
  struct ensure *e = run->scratch;
  struct hk_error err;
  const char *cluster = which(run) == HK_NET_SG_CLUSTER
                            ? hk_run_get(run, "group_id")
                            : hk_run_dep(run, "aws.net.sg.cluster", "group_id");

  hk_error_clear(&err);
  if(hk_net_sg_rules(which(run), hk_run_setup(run), hk_run_get(run, "group_id"), cluster,
                     e->vpc_cidr, prefix_list, &e->rules, &err) != HK_OK) {
    finish(run, &err);
    return;
  }
  if(prefix_list[0])
    hk_run_set(run, "s3_prefix_list", prefix_list);
  e->next = 0;
  next_rule(run);
}

static void on_prefix_list(const char *id, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status != HK_OK) {
    finish(run, err);
    return;
  }
  if(!id[0]) {
    free(run->scratch);
    run->scratch = NULL;
    hk_run_fail(run, HK_NOT_FOUND, _("AWS has no prefix list com.amazonaws.%s.s3 in this "
                                     "region: the S3 egress rule of SG 02 cannot be made."),
                hk_run_setup(run)->region);
    return;
  }
  build_rules(run, id);
}

static void on_vpc(struct aws_vpc *v, size_t n, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  struct ensure *e = run->scratch;
  char pl[96];

  if(err->status == HK_OK && n)
    hk_strlcpy(e->vpc_cidr, v[0].cidr, sizeof(e->vpc_cidr));
  aws_vpcs_free(v, n);
  if(err->status != HK_OK) {
    finish(run, err);
    return;
  }
  if(which(run) != HK_NET_SG_CLUSTER) {
    build_rules(run, "");
    return;
  }
  snprintf(pl, sizeof(pl), "com.amazonaws.%s.s3", hk_run_setup(run)->region);
  if(aws_ec2_prefix_list_id(hk_run_aws(run), pl, on_prefix_list, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot look up the S3 prefix list."));
}

/* Rules: read the VPC's range (SG 02's egress peer), then authorize. */
static void ensure(struct hk_run *run)
{
  const char *ids[1];

  run->scratch = calloc(1, sizeof(struct ensure));
  if(!run->scratch) {
    hk_run_fail(run, HK_NOMEM, "%s", _("Out of memory."));
    return;
  }
  ids[0] = hk_net_vpc_id(run);
  if(aws_ec2_describe_vpcs(hk_run_aws(run), ids, 1, NULL, 0, on_vpc, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the VPC."));
}

static void on_found(struct aws_security_group *v, size_t n, const struct hk_error *err,
                     void *ud)
{
  struct hk_run *run = ud;
  bool resume = false;

  if(err->status == HK_OK && n > 0) {
    hk_run_set(run, "group_id", v[0].group_id);
    hk_run_set(run, "group_name", v[0].group_name);
    hk_run_found(run);
    resume = run->ja->state == HK_JS_INTENT;
  }
  aws_security_groups_free(v, n);
  if(resume)
    ensure(run);
  else
    hk_run_finish_aws(run, err);
}

static void lookup(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  const char *vpc[1], *names[1];
  struct aws_filter f[2];
  char name[160];

  if(!aws)
    return;
  name_of(run, name, sizeof(name));
  vpc[0] = hk_net_vpc_id(run);
  names[0] = name;
  f[0] = (struct aws_filter){ "vpc-id", vpc, 1 };
  f[1] = (struct aws_filter){ "group-name", names, 1 };
  if(aws_ec2_describe_security_groups(aws, NULL, 0, f, 2, on_found, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot list the security groups."));
}

static void on_created(const char *id, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  char name[160];

  if(err->status != HK_OK) {
    hk_run_finish_aws(run, err);
    return;
  }
  name_of(run, name, sizeof(name));
  hk_run_set(run, "group_id", id);
  hk_run_set(run, "group_name", name);
  hk_run_save(run);
  ensure(run);
}

static void create(struct hk_run *run)
{
  static const char *const what[] = {
    "front-end (REST API and user access) endpoint",
    "Databricks cluster nodes",
    "interface endpoints of the cluster nodes",
  };
  struct aws_client *aws = hk_run_aws(run);
  char name[160], desc[256];

  if(!aws)
    return;
  name_of(run, name, sizeof(name));
  /* the description is ASCII, as AWS requires */
  snprintf(desc, sizeof(desc), "heiiki %s: %s (%s)", hk_run_setup(run)->name,
           hk_net_sg_label(which(run)), what[which(run)]);
  if(aws_ec2_create_security_group(aws, hk_net_vpc_id(run), name, desc, name, on_created, run) !=
     HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot create the security group."));
}

static void remove_(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);

  if(!aws)
    return;
  if(aws_ec2_delete_security_group(aws, hk_run_get(run, "group_id"), hk_net_removed, run) !=
     HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot delete the security group."));
}

static bool wanted(const struct hk_action *a, const struct hk_setup *s)
{
  const struct hk_endpoint_answer *ws = &s->endpoints[HK_EP_WORKSPACE];

  if(a->arg == HK_NET_SG_FRONTEND)
    return ws->enabled && ws->choice == HK_CREATE;
  return true;
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  static const char *const notes[] = {
    N_("SG 01: TCP 443 from the client networks, all TCP from SG 02"),
    N_("SG 02: all TCP/UDP within itself; egress on the Databricks ports to the VPC, 443 to S3"),
    N_("SG 03: the Databricks ports from SG 02"),
  };

  if(!hk_net_creates_sgs(s)) {
    hk_act_note(a, "%s", _("you give the security groups"));
    return HK_DEC_SKIP;
  }
  if(!wanted(a, s)) {
    hk_act_note(a, "%s", _("heiiki does not create the workspace endpoint"));
    return HK_DEC_SKIP;
  }
  hk_act_note(a, "%s", _(notes[a->arg]));
  return HK_DEC_CREATE;
}

static void describe(const struct hk_action *a, const struct hk_setup *s, char *out, size_t n)
{
  snprintf(out, n, _("security group %s-sg-%s with the rules of assets/ports.tsv"), s->name,
           hk_net_sg_key((enum hk_net_sg)a->arg));
}

static const char *const keys[] = { "group_id", NULL };

const struct hk_action_ops hk_act_aws_net_sg = {
  "aws.net.sg", decide, lookup, create, remove_, describe, keys,
};
