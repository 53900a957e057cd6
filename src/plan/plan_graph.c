/* plan_graph.c - the action table: order, dependencies, and who decides.
 *
 * Rows are in dependency order (AWS, then the Databricks account objects in
 * the account console's order, then post-deploy), so the table order is a
 * valid sequential order; apply runs independent rows at the same time. */
#include "plan/plan.h"

#include <stdlib.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "plan/actions/actions.h"
#include "plan/journal.h"
#include "plan/actions/act_aws_net.h"
#include "netplan/netplan.h"
#include "netplan/netplan_sg.h"

struct row {
  const char *id;
  const char *title;
  enum hk_phase phase;
  int arg;
  const struct hk_action_ops *ops;
  const char *deps[HK_ACTION_MAX_DEPS];
};

#define AWS HK_PHASE_AWS
#define DBX HK_PHASE_DBX
#define POST HK_PHASE_POST

/* what every endpoint waits for when heiiki builds the network (skipped otherwise) */
#define NET_READY "aws.net.vpc_dns", "aws.net.rt.cluster", "aws.net.rt.endpoints", \
  "aws.net.rt.public", "aws.net.sg.endpoints", "aws.net.sg.frontend"

static const struct row rows[] = {
  /* network mode create (issue 18): VPC, layout, subnets, route tables, SG 01-03 */
  { "aws.net.vpc", N_("VPC"), AWS, 0, &hk_act_aws_net_vpc, { NULL } },
  { "aws.net.vpc_dns", N_("VPC DNS support and hostnames"), AWS, 0, &hk_act_aws_net_dns,
    { "aws.net.vpc" } },
  { "aws.net.igw", N_("Internet gateway (public front end, new VPC)"), AWS, 0,
    &hk_act_aws_net_igw, { "aws.net.vpc" } },
  { "aws.net.layout", N_("Network layout (subnets, zones, sizes)"), AWS, 0,
    &hk_act_aws_net_layout, { "aws.net.vpc" } },
  { "aws.net.subnet.cluster1", N_("Cluster subnet 1"), AWS, HK_NET_CLUSTER_1,
    &hk_act_aws_net_subnet, { "aws.net.layout" } },
  { "aws.net.subnet.cluster2", N_("Cluster subnet 2"), AWS, HK_NET_CLUSTER_2,
    &hk_act_aws_net_subnet, { "aws.net.layout" } },
  { "aws.net.subnet.endpoints", N_("Endpoint subnet"), AWS, HK_NET_ENDPOINTS,
    &hk_act_aws_net_subnet, { "aws.net.layout" } },
  { "aws.net.subnet.public", N_("Public subnet (front-end endpoint)"), AWS, HK_NET_PUBLIC,
    &hk_act_aws_net_subnet, { "aws.net.layout" } },
  { "aws.net.rt.cluster", N_("Cluster subnets' route table"), AWS, 0, &hk_act_aws_net_rt,
    { "aws.net.subnet.cluster1", "aws.net.subnet.cluster2" } },
  { "aws.net.rt.endpoints", N_("Endpoint subnet's route table"), AWS, 1, &hk_act_aws_net_rt,
    { "aws.net.subnet.endpoints" } },
  { "aws.net.rt.public", N_("Public subnet's route table"), AWS, 2, &hk_act_aws_net_rt,
    { "aws.net.subnet.public", "aws.net.igw" } },
  { "aws.net.sg.cluster", N_("Cluster security group (SG 02)"), AWS, HK_NET_SG_CLUSTER,
    &hk_act_aws_net_sg, { "aws.net.vpc" } },
  { "aws.net.sg.endpoints", N_("Endpoint security group (SG 03)"), AWS, HK_NET_SG_ENDPOINTS,
    &hk_act_aws_net_sg, { "aws.net.sg.cluster" } },
  { "aws.net.sg.frontend", N_("Front-end endpoint security group (SG 01)"), AWS,
    HK_NET_SG_FRONTEND, &hk_act_aws_net_sg, { "aws.net.sg.cluster" } },
  /* fixes on the operator's own resources (network.fix_existing) */
  { "aws.fix.s3_route", N_("Fix: S3 gateway endpoint on the cluster route tables"), AWS, 0,
    &hk_act_aws_fix_s3, { NULL } },
  { "aws.fix.sg_rules", N_("Fix: missing rules of the cluster security group"), AWS, 0,
    &hk_act_aws_fix_sg, { NULL } },
  { "aws.role", N_("Cross-account IAM role"), AWS, 0, &hk_act_aws_role, { NULL } },
  { "aws.glue.role", N_("Glue instance role"), AWS, 0, &hk_act_aws_glue_role, { NULL } },
  { "aws.glue.profile", N_("Glue instance profile"), AWS, 0, &hk_act_aws_glue_profile,
    { "aws.glue.role" } },
  { "aws.role.policy", N_("Cross-account role policy"), AWS, 0, &hk_act_aws_role_policy,
    { "aws.role", "aws.glue.role", "aws.net.vpc", "aws.net.sg.cluster" } },
  { "aws.bucket", N_("Workspace root bucket"), AWS, 0, &hk_act_aws_bucket, { NULL } },
  { "aws.bucket.policy", N_("Root bucket policy"), AWS, 0, &hk_act_aws_bucket_policy,
    { "aws.bucket" } },
  { "aws.uc.bucket", N_("Unity Catalog bucket"), AWS, 1, &hk_act_aws_bucket, { NULL } },
  { "aws.vpce.s3", N_("S3 gateway endpoint"), AWS, HK_EP_S3, &hk_act_aws_vpce, { NET_READY } },
  { "aws.vpce.sts", N_("STS interface endpoint"), AWS, HK_EP_STS, &hk_act_aws_vpce, { NET_READY } },
  { "aws.vpce.kinesis", N_("Kinesis interface endpoint"), AWS, HK_EP_KINESIS, &hk_act_aws_vpce,
    { NET_READY } },
  { "aws.vpce.workspace", N_("Workspace (REST API and user access) endpoint"), AWS,
    HK_EP_WORKSPACE, &hk_act_aws_vpce, { NET_READY } },
  { "aws.vpce.backend_rest", N_("Back-end REST API endpoint"), AWS, HK_EP_BACKEND_REST,
    &hk_act_aws_vpce, { NET_READY } },
  { "aws.vpce.relay", N_("Secure cluster connectivity relay endpoint"), AWS, HK_EP_RELAY,
    &hk_act_aws_vpce, { NET_READY } },
  { "aws.vpce.glue", N_("Glue interface endpoint"), AWS, HK_EP_GLUE, &hk_act_aws_vpce, { NET_READY } },
  { "dbx.credential", N_("Credential configuration"), DBX, 0, &hk_act_dbx_credential,
    { "aws.role", "aws.role.policy" } },
  { "dbx.storage", N_("Storage configuration"), DBX, 0, &hk_act_dbx_storage,
    { "aws.bucket", "aws.bucket.policy" } },
  { "dbx.vpce.workspace", N_("Workspace endpoint registration"), DBX, HK_EP_WORKSPACE,
    &hk_act_dbx_vpce, { "aws.vpce.workspace" } },
  { "dbx.vpce.backend_rest", N_("Back-end REST endpoint registration"), DBX, HK_EP_BACKEND_REST,
    &hk_act_dbx_vpce, { "aws.vpce.backend_rest" } },
  { "dbx.vpce.relay", N_("Relay endpoint registration"), DBX, HK_EP_RELAY, &hk_act_dbx_vpce,
    { "aws.vpce.relay" } },
  { "dbx.pas", N_("Private access settings"), DBX, 0, &hk_act_dbx_pas,
    { "dbx.vpce.workspace", "dbx.vpce.backend_rest" } },
  { "dbx.network", N_("Network configuration"), DBX, 0, &hk_act_dbx_network,
    { "dbx.vpce.workspace", "dbx.vpce.backend_rest", "dbx.vpce.relay", "aws.vpce.s3",
      "aws.vpce.sts", "aws.vpce.kinesis", "aws.fix.sg_rules", "aws.fix.s3_route" } },
  { "dbx.metastore", N_("Unity Catalog metastore"), DBX, 0, &hk_act_dbx_metastore, { NULL } },
  { "dbx.workspace", N_("Workspace"), DBX, 0, &hk_act_dbx_workspace,
    { "dbx.credential", "dbx.storage", "dbx.network", "dbx.pas" } },
  { "dbx.workspace.wait", N_("Workspace provisioning"), DBX, 0, &hk_act_dbx_workspace_wait,
    { "dbx.workspace" } },
  { "dbx.metastore.assign", N_("Metastore assignment"), DBX, 0, &hk_act_dbx_metastore_assign,
    { "dbx.metastore", "dbx.workspace.wait" } },
  { "post.client_access", N_("Client access (front-end address, hosts line)"), POST,
    0, &hk_act_post_client_access, { "aws.vpce.workspace", "dbx.workspace.wait" } },
  /* metastore.mode = create: credential first (its external ID goes into the
   * role's trust), then the role and its policies, then the location that
   * validates them ([SRA] unity_catalog_catalog_creation/main.tf order) */
  { "post.uc.credential", N_("Unity Catalog storage credential"), POST, 0,
    &hk_act_post_uc_credential, { "dbx.metastore.assign", "post.client_access" } },
  { "aws.uc.role", N_("Unity Catalog IAM role"), POST, 0, &hk_act_aws_uc_role,
    { "post.uc.credential" } },
  { "aws.uc.role.policy", N_("Unity Catalog role policies (trust and permissions)"), POST, 0,
    &hk_act_aws_uc_role_policy, { "aws.uc.role", "post.uc.credential" } },
  { "post.uc.location", N_("Unity Catalog external location"), POST, 0, &hk_act_post_uc_location,
    { "aws.uc.role.policy", "aws.uc.bucket", "post.uc.credential" } },
  { "post.glue.profile", N_("Glue instance profile registered with the workspace"), POST, 0,
    &hk_act_post_glue_profile, { "aws.glue.profile", "post.client_access" } },
  { "post.glue.policy", N_("Glue catalog cluster policy"), POST, 0, &hk_act_post_glue_policy,
    { "post.glue.profile" } },
};

static const char *const decision_keys[] = {
#define HK_X_DEC(e, key, meaning) key,
  HK_DECISION_TABLE(HK_X_DEC)
#undef HK_X_DEC
};
static const char *const decision_meanings[] = {
#define HK_X_DEC(e, key, meaning) N_(meaning),
  HK_DECISION_TABLE(HK_X_DEC)
#undef HK_X_DEC
};
static const char *const phase_keys[] = {
#define HK_X_PH(e, key, title) key,
  HK_PHASE_TABLE(HK_X_PH)
#undef HK_X_PH
};
static const char *const phase_titles[] = {
#define HK_X_PH(e, key, title) N_(title),
  HK_PHASE_TABLE(HK_X_PH)
#undef HK_X_PH
};

const char *hk_decision_key(enum hk_decision d)
{
  return (unsigned)d < HK_DEC__COUNT ? decision_keys[d] : "?";
}

const char *hk_decision_meaning(enum hk_decision d)
{
  return (unsigned)d < HK_DEC__COUNT ? _(decision_meanings[d]) : "?";
}

const char *hk_phase_key(enum hk_phase p)
{
  return (unsigned)p < HK_PHASE__COUNT ? phase_keys[p] : "?";
}

const char *hk_phase_title(enum hk_phase p)
{
  return (unsigned)p < HK_PHASE__COUNT ? _(phase_titles[p]) : "?";
}

static void fill(struct hk_action *a, const struct row *r, const struct hk_setup *s)
{
  size_t d;

  memset(a, 0, sizeof(*a));
  hk_strlcpy(a->id, r->id, sizeof(a->id));
  a->title = r->title;
  a->phase = r->phase;
  a->ops = r->ops;
  a->arg = r->arg;
  for(d = 0; d < HK_ACTION_MAX_DEPS && r->deps[d]; d++)
    a->deps[a->n_deps++] = r->deps[d];
  hk_kvmap_init(&a->given);
  a->decision = r->ops->decide ? r->ops->decide(a, s) : HK_DEC_CREATE;
}

hk_status hk_plan_build(struct hk_plan *p, const struct hk_setup *s, struct hk_error *err)
{
  size_t n = sizeof(rows) / sizeof(rows[0]);
  size_t i;

  p->n = 0;
  p->actions = calloc(n, sizeof(*p->actions));
  if(!p->actions)
    return hk_error_set(err, HK_NOMEM, _("Out of memory."));
  for(i = 0; i < n; i++)
    fill(&p->actions[p->n++], &rows[i], s);
  return HK_OK;
}

void hk_plan_free(struct hk_plan *p)
{
  size_t i;

  if(!p)
    return;
  for(i = 0; i < p->n; i++)
    hk_kvmap_clear(&p->actions[i].given);
  free(p->actions);
  p->actions = NULL;
  p->n = 0;
}

struct hk_action *hk_plan_find(const struct hk_plan *p, const char *id)
{
  size_t i;

  for(i = 0; p && id && i < p->n; i++)
    if(strcmp(p->actions[i].id, id) == 0)
      return &p->actions[i];
  return NULL;
}

size_t hk_plan_creates_left(const struct hk_plan *p, const struct hk_journal *j)
{
  size_t i, n = 0;

  for(i = 0; i < p->n; i++) {
    const struct hk_jaction *ja = j ? hk_journal_find(j, p->actions[i].id) : NULL;

    if(p->actions[i].decision == HK_DEC_CREATE && !(ja && ja->state == HK_JS_DONE))
      n++;
  }
  return n;
}

size_t hk_plan_count(const struct hk_plan *p, enum hk_decision d)
{
  size_t i, n = 0;

  for(i = 0; i < p->n; i++)
    if(p->actions[i].decision == d)
      n++;
  return n;
}
