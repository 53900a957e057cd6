/* checks_gather.c - issue the pre-flight reads concurrently and land them.
 *
 * A "call" is one API request (or one typed operation) and lands one or more
 * reads; a read lands when all its calls are back.  Every landing runs the
 * scheduler, so findings arrive while other calls are still in flight. */
#include "checks/checks_gather.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_ec2.h"
#include "aws/aws_sts.h"
#include "checks/checks_gather_int.h"
#include "checks/checks_util.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_metastores.h"
#include "dbx/dbx_networks.h"
#include "dbx/dbx_pas.h"
#include "dbx/dbx_storage.h"
#include "dbx/dbx_vpce.h"
#include "dbx/dbx_workspaces.h"

/* --- bookkeeping --- */

void hk_gather_fail(struct hk_gather *g, hk_reads reads, const char *label, const struct hk_error *e)
{
  int i;

  for(i = 0; i < HK_READ__COUNT; i++) {
    if(!(reads & ((hk_reads)1u << i)) || g->fail[i][0])
      continue;
    if(e && e->code[0])
      snprintf(g->fail[i], sizeof(g->fail[i]), "%.64s: %.360s (%.60s)", label, e->message, e->code);
    else
      snprintf(g->fail[i], sizeof(g->fail[i]), "%.64s: %.400s", label,
               e && e->message[0] ? e->message : _("the request failed."));
  }
}

static void issue_next(struct hk_gather *g);

void hk_gather_call_done(struct hk_gather *g, hk_reads reads)
{
  int i;

  for(i = 0; i < HK_READ__COUNT; i++) {
    if(!(reads & ((hk_reads)1u << i)) || g->outstanding[i] <= 0)
      continue;
    if(--g->outstanding[i] == 0)
      hk_facts_landed(g->f, (hk_reads)1u << i, g->fail[i][0] ? g->fail[i] : NULL);
  }
  g->in_flight--;
  hk_sched_poll(&g->sc, g->f);
  if(g->o.serial && g->in_flight == 0)
    issue_next(g);
  if(g->in_flight == 0 && g->next >= g->n_queue && !g->t_end)
    g->t_end = hk_now_ms();
}

/* --- EC2 --- */

static void vpcs_done(struct aws_vpc *v, size_t n, const struct hk_error *err, void *ud)
{
  struct hk_gather *g = ud;

  if(err->status == HK_OK && n > 0) {
    int sup = g->f->vpc.dns_support, host = g->f->vpc.dns_hostnames;
    g->f->vpc = v[0];
    g->f->vpc.dns_support = sup;
    g->f->vpc.dns_hostnames = host;
    g->f->vpc_found = true;
  } else if(err->status != HK_OK && err->status != HK_NOT_FOUND) {
    hk_gather_fail(g, HK_READ_VPC, "ec2:DescribeVpcs", err);
  }
  aws_vpcs_free(v, n);
  hk_gather_call_done(g, HK_READ_VPC);
}

static hk_status issue_vpc(struct hk_gather *g)
{
  const char *ids[1] = { g->s->network.vpc_id };

  return aws_ec2_describe_vpcs(g->o.aws, ids, 1, NULL, 0, vpcs_done, g);
}

static void dns_done(int support, int hostnames, const struct hk_error *err, void *ud)
{
  struct hk_gather *g = ud;

  if(err->status != HK_OK && err->status != HK_NOT_FOUND)
    hk_gather_fail(g, HK_READ_VPC_ATTRS, "ec2:DescribeVpcAttribute", err);
  g->f->vpc.dns_support = support;
  g->f->vpc.dns_hostnames = hostnames;
  hk_gather_call_done(g, HK_READ_VPC_ATTRS);
}

static hk_status issue_vpc_dns(struct hk_gather *g)
{
  return aws_ec2_describe_vpc_dns(g->o.aws, g->s->network.vpc_id, dns_done, g);
}

/* The whole VPC: one call per collection. */
static void vpc_filter(const struct hk_gather *g, struct aws_filter *flt, const char **values,
                       const char *name)
{
  values[0] = g->s->network.vpc_id;
  flt->name = name;
  flt->values = values;
  flt->n_values = 1;
}

#define EC2_LIST(kind, read, type, field, nfield, fn, label, freefn)                \
  static void kind##_done(type *v, size_t n, const struct hk_error *err, void *ud)   \
  {                                                                                 \
    struct hk_gather *g = ud;                                                       \
    if(err->status != HK_OK) {                                                      \
      hk_gather_fail(g, read, label, err);                                          \
      freefn(v, n);                                                                 \
    } else {                                                                        \
      freefn(g->f->field, g->f->nfield);                                            \
      g->f->field = v;                                                              \
      g->f->nfield = n;                                                             \
    }                                                                               \
    hk_gather_call_done(g, read);                                                   \
  }                                                                                 \
  static hk_status issue_##kind(struct hk_gather *g)                                \
  {                                                                                 \
    struct aws_filter flt;                                                          \
    const char *values[1];                                                          \
    vpc_filter(g, &flt, values, "vpc-id");                                          \
    return fn(g->o.aws, NULL, 0, &flt, 1, kind##_done, g);                          \
  }

EC2_LIST(subnets, HK_READ_SUBNETS, struct aws_subnet, subnets, n_subnets, aws_ec2_describe_subnets,
         "ec2:DescribeSubnets", aws_subnets_free)
EC2_LIST(route_tables, HK_READ_ROUTE_TABLES, struct aws_route_table, route_tables, n_route_tables,
         aws_ec2_describe_route_tables, "ec2:DescribeRouteTables", aws_route_tables_free)
EC2_LIST(sgs, HK_READ_SGS, struct aws_security_group, sgs, n_sgs, aws_ec2_describe_security_groups,
         "ec2:DescribeSecurityGroups", aws_security_groups_free)
EC2_LIST(nacls, HK_READ_NACLS, struct aws_nacl, nacls, n_nacls, aws_ec2_describe_network_acls,
         "ec2:DescribeNetworkAcls", aws_nacls_free)
EC2_LIST(endpoints, HK_READ_ENDPOINTS, struct aws_vpc_endpoint, endpoints, n_endpoints,
         aws_ec2_describe_vpc_endpoints, "ec2:DescribeVpcEndpoints", aws_vpc_endpoints_free)

/* The S3 prefix list (rule G4: the workspace SG's egress 443 to S3). */
static void pls_done(struct aws_prefix_list *v, size_t n, const struct hk_error *err, void *ud)
{
  struct hk_gather *g = ud;

  if(err->status != HK_OK) {
    hk_gather_fail(g, HK_READ_PREFIX_LISTS, "ec2:DescribePrefixLists", err);
  } else if(n > 0) {
    aws_prefix_list_clear(&g->f->s3_prefix_list);
    g->f->s3_prefix_list = v[0];
    memset(&v[0], 0, sizeof(v[0]));
  }
  aws_prefix_lists_free(v, n);
  hk_gather_call_done(g, HK_READ_PREFIX_LISTS);
}

static hk_status issue_prefix_lists(struct hk_gather *g)
{
  char name[96];
  const char *values[1] = { name };
  struct aws_filter flt = { "prefix-list-name", values, 1 };

  snprintf(name, sizeof(name), "com.amazonaws.%s.s3", g->s->region);
  return aws_ec2_describe_prefix_lists(g->o.aws, NULL, 0, &flt, 1, pls_done, g);
}

/* Rule E9: the endpoint services heiiki is to create endpoints of, asked one by one so that
 * an unknown name (InvalidServiceName fails the whole call) is told apart from the others. */
static size_t create_services(const struct hk_setup *s, char (*names)[128], size_t max)
{
  size_t n = 0, j;
  int k;

  for(k = 0; k < HK_EP__COUNT && n < max; k++) {
    const struct hk_endpoint_answer *a = &s->endpoints[k];
    if(!a->enabled || a->choice != HK_CREATE || (k == HK_EP_BACKEND_REST && s->backend_shared))
      continue;
    if(!hk_check_ep_service(s, (enum hk_ep_kind)k, names[n], sizeof(names[0])))
      continue;
    for(j = 0; j < n && strcmp(names[j], names[n]) != 0; j++)
      ;
    if(j == n)
      n++;
  }
  return n;
}

static bool want_ep_services(const struct hk_setup *s)
{
  char names[8][128];

  return create_services(s, names, 8) > 0;
}

static void svc_done(struct aws_vpce_service *v, size_t n, const struct hk_error *err, void *ud)
{
  struct hk_gather_svc *c = ud;
  struct hk_gather *g = c->g;
  struct hk_facts *f = g->f;
  struct aws_vpce_service *grown;

  if(err->status != HK_OK && strcmp(err->code, "InvalidServiceName") == 0) {
    if(f->n_ep_services_missing < 8)
      hk_strlcpy(f->ep_services_missing[f->n_ep_services_missing++], c->name, sizeof(f->ep_services_missing[0]));
  } else if(err->status != HK_OK) {
    hk_gather_fail(g, HK_READ_EP_SERVICES, "ec2:DescribeVpcEndpointServices", err);
  } else if(n > 0) {
    grown = realloc(f->ep_services, (f->n_ep_services + 1) * sizeof(*grown));
    if(grown) {
      f->ep_services = grown;
      f->ep_services[f->n_ep_services++] = v[0];
      memset(&v[0], 0, sizeof(v[0]));
    }
  } else if(f->n_ep_services_missing < 8) {
    hk_strlcpy(f->ep_services_missing[f->n_ep_services_missing++], c->name, sizeof(f->ep_services_missing[0]));
  }
  aws_vpce_services_free(v, n);
  if(--g->svc_out == 0)
    hk_gather_call_done(g, HK_READ_EP_SERVICES);
}

static hk_status issue_ep_services(struct hk_gather *g)
{
  char names[8][128];
  size_t n = create_services(g->s, names, 8), i;
  hk_status st = HK_OK;

  g->n_svc = (int)n;
  g->svc_out = (int)n + 1;            /* held until every call is out */
  for(i = 0; i < n; i++) {
    const char *one[1];
    g->svc[i].g = g;
    hk_strlcpy(g->svc[i].name, names[i], sizeof(g->svc[i].name));
    one[0] = g->svc[i].name;
    st = aws_ec2_describe_vpc_endpoint_services(g->o.aws, one, 1, NULL, 0, svc_done, &g->svc[i]);
    if(st != HK_OK) {
      g->svc_out -= (int)(n - i);     /* the calls not issued never come back */
      break;
    }
  }
  if(st != HK_OK && g->svc_out == 1) {
    g->svc_out = 0;
    return st;                        /* nothing out: the caller lands the read as failed */
  }
  if(st != HK_OK) {
    struct hk_error e;
    hk_error_clear(&e);
    hk_error_set(&e, st, _("the request could not be started (%s)."), hk_status_text(st));
    hk_gather_fail(g, HK_READ_EP_SERVICES, "ec2:DescribeVpcEndpointServices", &e);
  }
  if(--g->svc_out == 0)
    hk_gather_call_done(g, HK_READ_EP_SERVICES);
  return HK_OK;
}

/* --- STS --- */

static void identity_done(const struct aws_caller_identity *id, const struct hk_error *err, void *ud)
{
  struct hk_gather *g = ud;

  if(err->status != HK_OK)
    hk_gather_fail(g, HK_READ_IDENTITY, "sts:GetCallerIdentity", err);
  else if(id)
    g->f->identity = *id;
  hk_gather_call_done(g, HK_READ_IDENTITY);
}

static hk_status issue_identity(struct hk_gather *g)
{
  return aws_sts_get_caller_identity(g->o.aws, identity_done, g);
}

/* --- Databricks --- */

static void workspaces_done(hk_status st, const struct dbx_workspace *items, size_t n,
                            const struct hk_error *err, void *ud)
{
  struct hk_gather *g = ud;
  struct hk_facts *f = g->f;
  size_t i;

  if(st == HK_AUTH || (st != HK_OK && err && (err->http_status == 401 || err->http_status == 403))) {
    f->dbx_account.auth_ok = false;
    hk_strlcpy(f->dbx_account.auth_error, err && err->message[0] ? err->message : hk_status_text(st),
               sizeof(f->dbx_account.auth_error));
  } else if(st != HK_OK) {
    hk_gather_fail(g, HK_READ_DBX_ACCOUNT, "GET /workspaces", err);
  } else {
    f->dbx_account.auth_ok = true;
    free(f->dbx_workspaces);
    f->dbx_workspaces = n ? calloc(n, sizeof(*f->dbx_workspaces)) : NULL;
    f->n_dbx_workspaces = f->dbx_workspaces ? n : 0;
    for(i = 0; i < f->n_dbx_workspaces; i++) {
      struct hk_dbx_workspace_ref *w = &f->dbx_workspaces[i];
      w->id = (long long)items[i].workspace_id;
      hk_strlcpy(w->name, items[i].workspace_name, sizeof(w->name));
      hk_strlcpy(w->region, items[i].aws_region, sizeof(w->region));
      hk_strlcpy(w->status, items[i].workspace_status, sizeof(w->status));
      hk_strlcpy(w->status_message, items[i].workspace_status_message, sizeof(w->status_message));
      hk_strlcpy(w->deployment_name, items[i].deployment_name, sizeof(w->deployment_name));
      /* pricing_tier is per workspace ([SDK] provisioning Workspace.PricingTier): one
       * ENTERPRISE workspace shows the account can have them; rule A2 */
      if(items[i].pricing_tier[0] &&
         (!f->dbx_account.tier[0] || strcmp(items[i].pricing_tier, "ENTERPRISE") == 0))
        hk_strlcpy(f->dbx_account.tier, items[i].pricing_tier, sizeof(f->dbx_account.tier));
    }
  }
  hk_gather_call_done(g, HK_READ_DBX_ACCOUNT);
}

static hk_status issue_workspaces(struct hk_gather *g)
{
  return dbx_workspaces_list(g->o.dbx, workspaces_done, g);
}

/* PAS and VPCE listing also tell whether the account has PrivateLink (A2). */
static void pl_result(struct hk_gather *g, hk_reads read, const char *label, hk_status st,
                      const struct hk_error *err)
{
  if(st == HK_OK) {
    g->pl_lists_ok++;
  } else {
    hk_gather_fail(g, read, label, err);
    if(!g->f->dbx_account.pl_error[0])
      snprintf(g->f->dbx_account.pl_error, sizeof(g->f->dbx_account.pl_error), "%.64s: %.400s", label,
               err && err->message[0] ? err->message : hk_status_text(st));
  }
  g->f->dbx_account.pl_ok = g->pl_lists_ok == 2;
}

static void pas_done(hk_status st, const struct dbx_pas *items, size_t n, const struct hk_error *err,
                     void *ud)
{
  struct hk_gather *g = ud;
  struct hk_facts *f = g->f;
  size_t i;

  pl_result(g, HK_READ_DBX_PAS, "GET /private-access-settings", st, err);
  if(st == HK_OK && n) {
    f->dbx_pas = calloc(n, sizeof(*f->dbx_pas));
    f->n_dbx_pas = f->dbx_pas ? n : 0;
    for(i = 0; i < f->n_dbx_pas; i++) {
      hk_strlcpy(f->dbx_pas[i].id, items[i].private_access_settings_id, sizeof(f->dbx_pas[i].id));
      hk_strlcpy(f->dbx_pas[i].name, items[i].private_access_settings_name, sizeof(f->dbx_pas[i].name));
      hk_strlcpy(f->dbx_pas[i].region, items[i].region, sizeof(f->dbx_pas[i].region));
      hk_strlcpy(f->dbx_pas[i].level, items[i].private_access_level, sizeof(f->dbx_pas[i].level));
      f->dbx_pas[i].public_access = items[i].public_access_enabled;
    }
  }
  hk_gather_call_done(g, HK_READ_DBX_PAS | HK_READ_DBX_ACCOUNT);
}

static hk_status issue_pas(struct hk_gather *g)
{
  return dbx_pas_list(g->o.dbx, pas_done, g);
}

static void vpces_done(hk_status st, const struct dbx_vpce *items, size_t n, const struct hk_error *err,
                       void *ud)
{
  struct hk_gather *g = ud;
  struct hk_facts *f = g->f;
  size_t i;

  pl_result(g, HK_READ_DBX_VPCES, "GET /vpc-endpoints", st, err);
  if(st == HK_OK && n) {
    f->dbx_vpces = calloc(n, sizeof(*f->dbx_vpces));
    f->n_dbx_vpces = f->dbx_vpces ? n : 0;
    for(i = 0; i < f->n_dbx_vpces; i++) {
      struct hk_dbx_vpce_ref *d = &f->dbx_vpces[i];
      hk_strlcpy(d->id, items[i].vpc_endpoint_id, sizeof(d->id));
      hk_strlcpy(d->name, items[i].vpc_endpoint_name, sizeof(d->name));
      hk_strlcpy(d->aws_vpce_id, items[i].aws_vpc_endpoint_id, sizeof(d->aws_vpce_id));
      hk_strlcpy(d->use_case, items[i].use_case, sizeof(d->use_case));
      hk_strlcpy(d->state, items[i].state, sizeof(d->state));
      hk_strlcpy(d->region, items[i].region, sizeof(d->region));
    }
  }
  hk_gather_call_done(g, HK_READ_DBX_VPCES | HK_READ_DBX_ACCOUNT);
}

static hk_status issue_vpces(struct hk_gather *g)
{
  return dbx_vpce_list(g->o.dbx, vpces_done, g);
}

static void copy_ids(char (*dst)[64], int *n, const char (*src)[DBX_ID_MAX], size_t n_src)
{
  size_t i;

  *n = 0;
  for(i = 0; i < n_src && i < HK_DBX_MAX_IDS; i++)
    hk_strlcpy(dst[(*n)++], src[i], 64);
}

void hk_gather_network_ref(const struct dbx_network *src, struct hk_dbx_network_ref *n)
{
  memset(n, 0, sizeof(*n));
  hk_strlcpy(n->id, src->network_id, sizeof(n->id));
  hk_strlcpy(n->name, src->network_name, sizeof(n->name));
  hk_strlcpy(n->vpc_id, src->vpc_id, sizeof(n->vpc_id));
  copy_ids(n->subnet_ids, &n->n_subnets, src->subnet_ids, src->n_subnet_ids);
  copy_ids(n->sg_ids, &n->n_sgs, src->security_group_ids, src->n_security_group_ids);
  copy_ids(n->rest_vpce_ids, &n->n_rest, src->rest_api_ids, src->n_rest_api_ids);
  copy_ids(n->relay_vpce_ids, &n->n_relay, src->dataplane_relay_ids, src->n_dataplane_relay_ids);
  n->workspace_id = (long long)src->workspace_id;
  hk_strlcpy(n->vpc_status, src->vpc_status, sizeof(n->vpc_status));
  dbx_network_messages(src, n->messages, sizeof(n->messages));
}

static void networks_done(hk_status st, const struct dbx_network *items, size_t n,
                          const struct hk_error *err, void *ud)
{
  struct hk_gather *g = ud;
  struct hk_facts *f = g->f;
  size_t i;

  if(st != HK_OK) {
    hk_gather_fail(g, HK_READ_DBX_NETWORKS, "GET /networks", err);
  } else if(n) {
    f->dbx_networks = calloc(n, sizeof(*f->dbx_networks));
    f->n_dbx_networks = f->dbx_networks ? n : 0;
    for(i = 0; i < f->n_dbx_networks; i++)
      hk_gather_network_ref(&items[i], &f->dbx_networks[i]);
  }
  hk_gather_call_done(g, HK_READ_DBX_NETWORKS);
}

static hk_status issue_networks(struct hk_gather *g)
{
  return dbx_networks_list(g->o.dbx, networks_done, g);
}

static void storage_done(hk_status st, const struct dbx_storage *items, size_t n,
                         const struct hk_error *err, void *ud)
{
  struct hk_gather *g = ud;

  (void)items;
  if(st != HK_OK)
    hk_gather_fail(g, HK_READ_DBX_STORAGE, "GET /storage-configurations", err);
  else
    g->f->dbx_storage_count = (int)n;
  hk_gather_call_done(g, HK_READ_DBX_STORAGE);
}

static hk_status issue_storage(struct hk_gather *g)
{
  return dbx_storage_list(g->o.dbx, storage_done, g);
}

static void metastores_done(hk_status st, const struct dbx_metastore *items, size_t n,
                            const struct hk_error *err, void *ud)
{
  struct hk_gather *g = ud;
  struct hk_facts *f = g->f;
  size_t i;

  if(st != HK_OK) {
    hk_gather_fail(g, HK_READ_DBX_METASTORES, "GET /metastores", err);
  } else if(n) {
    f->dbx_metastores = calloc(n, sizeof(*f->dbx_metastores));
    f->n_dbx_metastores = f->dbx_metastores ? n : 0;
    for(i = 0; i < f->n_dbx_metastores; i++) {
      hk_strlcpy(f->dbx_metastores[i].id, items[i].metastore_id, sizeof(f->dbx_metastores[i].id));
      hk_strlcpy(f->dbx_metastores[i].name, items[i].name, sizeof(f->dbx_metastores[i].name));
      hk_strlcpy(f->dbx_metastores[i].region, items[i].region, sizeof(f->dbx_metastores[i].region));
    }
  }
  hk_gather_call_done(g, HK_READ_DBX_METASTORES);
}

static hk_status issue_metastores(struct hk_gather *g)
{
  return dbx_metastores_list(g->o.dbx, NULL, metastores_done, g);
}

/* --- the call table --- */

enum side { SIDE_AWS, SIDE_DBX };

struct call_def {
  hk_reads reads;
  enum side side;
  hk_status (*issue)(struct hk_gather *g);
  bool (*wanted)(const struct hk_setup *s);   /* NULL = always; else the reads land empty */
  const char *label;
};

static bool want_vpc(const struct hk_setup *s)
{
  return s->network.vpc_id[0] != '\0';
}

static const struct call_def call_defs[] = {
  { HK_READ_IDENTITY, SIDE_AWS, issue_identity, NULL, "sts:GetCallerIdentity" },
  { HK_READ_VPC, SIDE_AWS, issue_vpc, want_vpc, "ec2:DescribeVpcs" },
  { HK_READ_VPC_ATTRS, SIDE_AWS, issue_vpc_dns, want_vpc, "ec2:DescribeVpcAttribute" },
  { HK_READ_SUBNETS, SIDE_AWS, issue_subnets, want_vpc, "ec2:DescribeSubnets" },
  { HK_READ_ROUTE_TABLES, SIDE_AWS, issue_route_tables, want_vpc, "ec2:DescribeRouteTables" },
  { HK_READ_SGS, SIDE_AWS, issue_sgs, want_vpc, "ec2:DescribeSecurityGroups" },
  { HK_READ_NACLS, SIDE_AWS, issue_nacls, want_vpc, "ec2:DescribeNetworkAcls" },
  { HK_READ_ENDPOINTS, SIDE_AWS, issue_endpoints, want_vpc, "ec2:DescribeVpcEndpoints" },
  { HK_READ_PREFIX_LISTS, SIDE_AWS, issue_prefix_lists, NULL, "ec2:DescribePrefixLists" },
  { HK_READ_EP_SERVICES, SIDE_AWS, issue_ep_services, want_ep_services, "ec2:DescribeVpcEndpointServices" },
  { HK_READ_ROLE, SIDE_AWS, hk_gather_issue_role, hk_gather_want_role, "iam:GetRole" },
  { HK_READ_ROLE_SIM, SIDE_AWS, hk_gather_issue_role_sim, hk_gather_want_role, "iam:SimulatePrincipalPolicy" },
  { HK_READ_BUCKET, SIDE_AWS, hk_gather_issue_bucket_head, hk_gather_want_bucket, "s3:HeadBucket" },
  { HK_READ_BUCKET, SIDE_AWS, hk_gather_issue_bucket_policy, hk_gather_want_bucket, "s3:GetBucketPolicy" },
  { HK_READ_BUCKET, SIDE_AWS, hk_gather_issue_bucket_pab, hk_gather_want_bucket, "s3:GetPublicAccessBlock" },
  { HK_READ_BUCKET, SIDE_AWS, hk_gather_issue_bucket_versioning, hk_gather_want_bucket, "s3:GetBucketVersioning" },
  { HK_READ_DBX_ACCOUNT, SIDE_DBX, issue_workspaces, NULL, "GET /workspaces" },
  { HK_READ_DBX_ACCOUNT | HK_READ_DBX_PAS, SIDE_DBX, issue_pas, NULL, "GET /private-access-settings" },
  { HK_READ_DBX_ACCOUNT | HK_READ_DBX_VPCES, SIDE_DBX, issue_vpces, NULL, "GET /vpc-endpoints" },
  { HK_READ_DBX_NETWORKS, SIDE_DBX, issue_networks, NULL, "GET /networks" },
  { HK_READ_DBX_STORAGE, SIDE_DBX, issue_storage, NULL, "GET /storage-configurations" },
  { HK_READ_DBX_METASTORES, SIDE_DBX, issue_metastores, NULL, "GET /metastores" },
};
#define N_CALL_DEFS (sizeof(call_defs) / sizeof(call_defs[0]))

/* Issue one queued call; a call that cannot start lands at once as failed. */
static void issue_one(struct hk_gather *g, const struct call_def *d)
{
  struct hk_error e;
  hk_status st;

  hk_error_clear(&e);
  g->in_flight++;
  g->calls++;
  if(d->side == SIDE_AWS && !g->o.aws) {
    hk_error_set(&e, HK_CONFIG, "%s", g->o.aws_error ? g->o.aws_error : _("no AWS credentials are configured."));
    hk_gather_fail(g, d->reads, d->label, &e);
    hk_gather_call_done(g, d->reads);
    return;
  }
  if(d->side == SIDE_DBX && !g->o.dbx) {
    hk_error_set(&e, HK_CONFIG, "%s",
                 g->o.dbx_error ? g->o.dbx_error : _("the Databricks account API is not configured."));
    hk_gather_fail(g, d->reads, d->label, &e);
    hk_gather_call_done(g, d->reads);
    return;
  }
  st = d->issue(g);
  if(st != HK_OK) {
    hk_error_set(&e, st, _("the request could not be started (%s)."), hk_status_text(st));
    hk_gather_fail(g, d->reads, d->label, &e);
    hk_gather_call_done(g, d->reads);
  }
}

/* Serial mode: issue until one call is in flight (calls that end at once
 * are followed by the next). */
static void issue_next(struct hk_gather *g)
{
  while(g->next < g->n_queue && g->in_flight == 0)
    issue_one(g, g->queue[g->next++]);
}

hk_status hk_gather_start(struct hk_gather **out, struct hk_loop *loop, const struct hk_setup *s,
                          int step, const struct hk_gather_opts *opts, struct hk_facts *facts,
                          struct hk_error *err)
{
  struct hk_gather *g = calloc(1, sizeof(*g));
  struct hk_loop_stats ls;
  hk_reads need, covered = 0;
  const char *env = getenv("HEIIKI_SERIAL");
  size_t i;
  int r;

  *out = NULL;
  if(!g) {
    hk_error_set(err, HK_NOMEM, _("Out of memory."));
    return HK_NOMEM;
  }
  g->loop = loop;
  g->setup = *s;
  g->s = s = &g->setup;
  g->o = *opts;
  if(env && strcmp(env, "1") == 0)
    g->o.serial = true;
  g->f = facts;
  if(!hk_facts_set_own(facts, opts->own_ids, opts->n_own_ids)) {
    free(g);
    return hk_error_set(err, HK_NOMEM, "%s", _("Out of memory."));
  }
  hk_sched_init(&g->sc, s, step, HK_BEFORE_CREATE, opts->on_finding, opts->ud);
  hk_sched_defer(&g->sc, opts->unanswered);
  need = hk_sched_reads(&g->sc);
  for(i = 0; i < N_CALL_DEFS; i++) {
    const struct call_def *d = &call_defs[i];
    if(!(d->reads & need))
      continue;
    if(d->wanted && !d->wanted(s))
      continue;             /* nothing to read for this setup: lands empty below */
    g->queue[g->n_queue++] = d;
    covered |= d->reads;
    for(r = 0; r < HK_READ__COUNT; r++)
      if(d->reads & ((hk_reads)1u << r))
        g->outstanding[r]++;
  }
  hk_loop_stats(loop, &ls);
  g->req0 = ls.requests;
  g->retries0 = ls.retries;
  g->t0 = hk_now_ms();
  /* reads with no call (nothing to read for this setup) land empty now */
  hk_facts_landed(facts, need & ~covered, NULL);
  hk_sched_poll(&g->sc, facts);
  g->reads = 0;
  for(r = 0; r < HK_READ__COUNT; r++)
    if(covered & ((hk_reads)1u << r))
      g->reads++;
  if(g->o.serial) {
    issue_next(g);
  } else {
    while(g->next < g->n_queue)
      issue_one(g, g->queue[g->next++]);
  }
  if(g->in_flight == 0 && !g->t_end)
    g->t_end = hk_now_ms();
  *out = g;
  return HK_OK;
}

bool hk_gather_finished(const struct hk_gather *g)
{
  return g->in_flight == 0 && g->next >= g->n_queue;
}

const struct hk_sched *hk_gather_sched(const struct hk_gather *g)
{
  return &g->sc;
}

void hk_gather_stats(const struct hk_gather *g, struct hk_gather_stats *out)
{
  struct hk_loop_stats ls;

  hk_loop_stats(g->loop, &ls);
  out->requests = ls.requests - g->req0;
  out->retries = ls.retries - g->retries0;
  out->max_in_flight = ls.max_in_flight;
  out->wall_ms = (g->t_end ? g->t_end : hk_now_ms()) - g->t0;
  out->reads = g->reads;
  out->calls = g->calls;
}

void hk_gather_free(struct hk_gather *g)
{
  free(g);
}

hk_status hk_preflight_run(struct hk_loop *loop, const struct hk_setup *s, int step,
                           const struct hk_gather_opts *opts, struct hk_facts *facts,
                           struct hk_sched *sched_out, struct hk_gather_stats *stats,
                           struct hk_error *err)
{
  struct hk_gather *g = NULL;
  hk_status st = hk_gather_start(&g, loop, s, step, opts, facts, err);

  if(st != HK_OK || !g)
    return st != HK_OK ? st : HK_NOMEM;
  while(!hk_gather_finished(g)) {
    st = hk_loop_poll(loop, 1000, -1, NULL);
    if(st != HK_OK && st != HK_TIMEOUT)
      break;
    st = HK_OK;
  }
  if(st == HK_OK && !hk_gather_finished(g))
    st = hk_error_set(err, HK_STATE, _("The pre-flight stopped before every read came back."));
  if(sched_out) {
    *sched_out = g->sc;
    sched_out->setup = s;             /* the gather's copy is freed below */
  }
  if(stats)
    hk_gather_stats(g, stats);
  if(hk_gather_finished(g))
    hk_gather_free(g);
  return st;
}
