/* test_checks_rules.c - every pre-flight rule on the good Tokyo closed-network
 * fixture (no rule fires) and on a broken fixture of its own (it fires with
 * the right sentence and fix).  Pure: facts are built in C, no network. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks_defaults.h"
#include "checks/checks_rules.h"
#include "checks/checks_util.h"
#include "policy/policy.h"
#include "core/hk_buf.h"
#include "setup/setup_fields.h"
#include "setup/setup_model.h"

#define DBX_ACCOUNT "0d26daa6-5e44-4c97-a497-ef015f91254a"
#define WS_SVC "com.amazonaws.vpce.ap-northeast-1.vpce-svc-02691fd610d24fd64"
#define RELAY_SVC "com.amazonaws.vpce.ap-northeast-1.vpce-svc-02aa633bda3edbec0"

/* ---------------------------------------------------------------- fixture builders */

#define GROW(arr, n) (arr = realloc(arr, ((n) + 1) * sizeof(*(arr))), memset(&(arr)[n], 0, sizeof(*(arr))), &(arr)[(n)++])

static struct aws_subnet *subnet(struct hk_facts *f, const char *id, const char *cidr, const char *az)
{
  struct aws_subnet *s = GROW(f->subnets, f->n_subnets);
  hk_strlcpy(s->subnet_id, id, sizeof(s->subnet_id));
  hk_strlcpy(s->vpc_id, "vpc-0tokyo", sizeof(s->vpc_id));
  hk_strlcpy(s->cidr, cidr, sizeof(s->cidr));
  hk_strlcpy(s->az, az, sizeof(s->az));
  return s;
}

static void ids_add(char (**arr)[AWS_ID_MAX], size_t *n, const char *id)
{
  char (*a)[AWS_ID_MAX] = realloc(*arr, (*n + 1) * sizeof(**arr));
  hk_strlcpy(a[*n], id, AWS_ID_MAX);
  *arr = a;
  (*n)++;
}

static struct aws_route_table *rtable(struct hk_facts *f, const char *id, bool is_main)
{
  struct aws_route_table *rt = GROW(f->route_tables, f->n_route_tables);
  struct aws_route *r;
  hk_strlcpy(rt->route_table_id, id, sizeof(rt->route_table_id));
  hk_strlcpy(rt->vpc_id, "vpc-0tokyo", sizeof(rt->vpc_id));
  rt->is_main = is_main;
  r = GROW(rt->routes, rt->n_routes);
  hk_strlcpy(r->dest_cidr, "10.0.0.0/16", sizeof(r->dest_cidr));
  hk_strlcpy(r->gateway_id, "local", sizeof(r->gateway_id));
  return rt;
}

static void route(struct aws_route_table *rt, const char *dest, const char *gw, const char *nat)
{
  struct aws_route *r = GROW(rt->routes, rt->n_routes);
  hk_strlcpy(r->dest_cidr, dest, sizeof(r->dest_cidr));
  hk_strlcpy(r->gateway_id, gw, sizeof(r->gateway_id));
  hk_strlcpy(r->nat_gateway_id, nat, sizeof(r->nat_gateway_id));
}

static struct aws_security_group *sg(struct hk_facts *f, const char *id)
{
  struct aws_security_group *g = GROW(f->sgs, f->n_sgs);
  hk_strlcpy(g->group_id, id, sizeof(g->group_id));
  hk_strlcpy(g->vpc_id, "vpc-0tokyo", sizeof(g->vpc_id));
  return g;
}

/* peer: "sg-..." = group reference, else a CIDR */
static void perm(struct aws_security_group *g, bool egress, const char *proto, int from, int to, const char *peer)
{
  struct aws_sg_rule *r = egress ? GROW(g->egress, g->n_egress) : GROW(g->ingress, g->n_ingress);
  hk_strlcpy(r->protocol, proto, sizeof(r->protocol));
  r->from_port = from;
  r->to_port = to;
  if(strncmp(peer, "sg-", 3) == 0)
    hk_strlcpy(r->group_id, peer, sizeof(r->group_id));
  else if(strncmp(peer, "pl-", 3) == 0)
    hk_strlcpy(r->prefix_list_id, peer, sizeof(r->prefix_list_id));
  else
    hk_strlcpy(r->cidr, peer, sizeof(r->cidr));
}

static struct aws_nacl *nacl(struct hk_facts *f, const char *id)
{
  struct aws_nacl *n = GROW(f->nacls, f->n_nacls);
  hk_strlcpy(n->nacl_id, id, sizeof(n->nacl_id));
  hk_strlcpy(n->vpc_id, "vpc-0tokyo", sizeof(n->vpc_id));
  return n;
}

static void nentry(struct aws_nacl *n, int num, bool egress, const char *proto, bool allow, const char *cidr,
                   int from, int to)
{
  struct aws_nacl_entry *e = GROW(n->entries, n->n_entries);
  e->rule_number = num;
  e->egress = egress;
  hk_strlcpy(e->protocol, proto, sizeof(e->protocol));
  e->allow = allow;
  hk_strlcpy(e->cidr, cidr, sizeof(e->cidr));
  e->from_port = from;
  e->to_port = to;
}

static struct aws_vpc_endpoint *vpce(struct hk_facts *f, const char *id, const char *type, const char *svc)
{
  struct aws_vpc_endpoint *e = GROW(f->endpoints, f->n_endpoints);
  hk_strlcpy(e->vpce_id, id, sizeof(e->vpce_id));
  hk_strlcpy(e->vpc_id, "vpc-0tokyo", sizeof(e->vpc_id));
  hk_strlcpy(e->type, type, sizeof(e->type));
  hk_strlcpy(e->service_name, svc, sizeof(e->service_name));
  hk_strlcpy(e->state, "available", sizeof(e->state));
  e->private_dns = strcmp(type, "Interface") == 0;
  return e;
}

static void dbx_vpce(struct hk_facts *f, const char *id, const char *name, const char *aws, const char *use)
{
  struct hk_dbx_vpce_ref *d = GROW(f->dbx_vpces, f->n_dbx_vpces);
  hk_strlcpy(d->id, id, sizeof(d->id));
  hk_strlcpy(d->name, name, sizeof(d->name));
  hk_strlcpy(d->aws_vpce_id, aws, sizeof(d->aws_vpce_id));
  hk_strlcpy(d->use_case, use, sizeof(d->use_case));
  hk_strlcpy(d->state, "available", sizeof(d->state));
  hk_strlcpy(d->region, "ap-northeast-1", sizeof(d->region));
}

static void ep_answer(struct hk_setup *s, enum hk_ep_kind k, const char *id, const char *reg)
{
  s->endpoints[k].enabled = true;
  s->endpoints[k].choice = HK_EXISTING;
  hk_strlcpy(s->endpoints[k].vpce_id, id, sizeof(s->endpoints[k].vpce_id));
  hk_strlcpy(s->endpoints[k].registration_name, reg, sizeof(s->endpoints[k].registration_name));
}

/* The operator's Tokyo closed network (closed-network-setup.md), fully correct. */
static void tokyo(struct hk_setup *s, struct hk_facts *f)
{
  struct aws_route_table *rt;
  struct aws_security_group *g;
  struct aws_nacl *n;
  struct aws_vpc_endpoint *e;
  struct hk_dbx_metastore_ref *m;
  size_t i;

  memset(s, 0, sizeof(*s));
  s->schema_version = HK_SCHEMA_VERSION;
  hk_strlcpy(s->name, "tokyo-closed", sizeof(s->name));
  hk_strlcpy(s->region, "ap-northeast-1", sizeof(s->region));
  hk_strlcpy(s->account_id, DBX_ACCOUNT, sizeof(s->account_id));
  hk_strlcpy(s->aws_account_id, "123456789012", sizeof(s->aws_account_id));
  s->partition = HK_PART_AWS;
  s->credential.choice = HK_EXISTING;
  hk_strlcpy(s->credential.role_arn, "arn:aws:iam::123456789012:role/tokyo-cross-account", sizeof(s->credential.role_arn));
  hk_strlcpy(s->credential.config_name, "tokyo-closed-credential", sizeof(s->credential.config_name));
  s->storage.choice = HK_EXISTING;
  hk_strlcpy(s->storage.bucket, "tokyo-closed-root", sizeof(s->storage.bucket));
  hk_strlcpy(s->storage.config_name, "tokyo-closed-storage", sizeof(s->storage.config_name));
  s->backend_shared = true;
  ep_answer(s, HK_EP_WORKSPACE, "vpce-0rest", "tokyo-closed-rest");
  ep_answer(s, HK_EP_RELAY, "vpce-0relay", "tokyo-closed-relay");
  ep_answer(s, HK_EP_S3, "vpce-0s3", "");
  ep_answer(s, HK_EP_STS, "vpce-0sts", "");
  ep_answer(s, HK_EP_KINESIS, "vpce-0kinesis", "");
  ep_answer(s, HK_EP_GLUE, "vpce-0glue", "");
  hk_strlcpy(s->pas.name, "tokyo-closed-pas", sizeof(s->pas.name));
  s->pas.public_access = false;
  s->pas.level = HK_PAS_ENDPOINT;
  hk_strlcpy(s->network.name, "tokyo-closed-network", sizeof(s->network.name));
  hk_strlcpy(s->network.vpc_id, "vpc-0tokyo", sizeof(s->network.vpc_id));
  hk_strlcpy(s->network.subnet_ids[0], "subnet-0priv01", HK_ID_MAX);
  hk_strlcpy(s->network.subnet_ids[1], "subnet-0priv02", HK_ID_MAX);
  s->network.n_subnets = 2;
  hk_strlcpy(s->network.sg_ids[0], "sg-02", HK_ID_MAX);
  s->network.n_sgs = 1;
  s->metastore.choice = HK_EXISTING;
  hk_strlcpy(s->workspace.name, "tokyo-closed", sizeof(s->workspace.name));
  hk_strlcpy(s->workspace.pricing_tier, "ENTERPRISE", sizeof(s->workspace.pricing_tier));
  hk_strlcpy(s->client.client_cidrs[0], "203.0.113.0/24", sizeof(s->client.client_cidrs[0]));
  s->client.n_client_cidrs = 1;
  s->client.glue = true;

  hk_facts_init(f);
  f->landed = ~(hk_reads)0;
  hk_strlcpy(f->identity.account, "123456789012", sizeof(f->identity.account));
  hk_strlcpy(f->identity.arn, "arn:aws:iam::123456789012:user/operator", sizeof(f->identity.arn));
  f->vpc_found = true;
  hk_strlcpy(f->vpc.vpc_id, "vpc-0tokyo", sizeof(f->vpc.vpc_id));
  hk_strlcpy(f->vpc.cidr, "10.0.0.0/16", sizeof(f->vpc.cidr));
  f->vpc.dns_support = 1;
  f->vpc.dns_hostnames = 1;
  subnet(f, "subnet-0pub01", "10.0.0.0/24", "ap-northeast-1a")->map_public_ip = true;
  subnet(f, "subnet-0priv01", "10.0.1.0/24", "ap-northeast-1a");
  subnet(f, "subnet-0priv02", "10.0.2.0/24", "ap-northeast-1c");
  subnet(f, "subnet-0priv03", "10.0.3.0/24", "ap-northeast-1d");
  rtable(f, "rtb-0main", true);
  rt = rtable(f, "rtb-0public", false);
  route(rt, "0.0.0.0/0", "igw-0tokyo", "");
  ids_add(&rt->subnet_ids, &rt->n_subnet_ids, "subnet-0pub01");
  rt = rtable(f, "rtb-0private01", false);
  ids_add(&rt->subnet_ids, &rt->n_subnet_ids, "subnet-0priv01");
  ids_add(&rt->subnet_ids, &rt->n_subnet_ids, "subnet-0priv02");
  rt = rtable(f, "rtb-0private02", false);
  ids_add(&rt->subnet_ids, &rt->n_subnet_ids, "subnet-0priv03");

  g = sg(f, "sg-01");          /* front-end / REST endpoint */
  perm(g, false, "tcp", 443, 443, "203.0.113.0/24");
  perm(g, false, "tcp", 0, 65535, "sg-02");
  perm(g, true, "tcp", 0, 65535, "0.0.0.0/0");
  g = sg(f, "sg-02");          /* cluster nodes */
  perm(g, false, "tcp", 0, 65535, "sg-02");
  perm(g, false, "udp", 0, 65535, "sg-02");
  perm(g, true, "tcp", 0, 65535, "sg-02");
  perm(g, true, "udp", 0, 65535, "sg-02");
  perm(g, true, "tcp", 443, 443, "0.0.0.0/0");
  perm(g, true, "tcp", 3306, 3306, "0.0.0.0/0");
  perm(g, true, "tcp", 6666, 6666, "0.0.0.0/0");
  perm(g, true, "tcp", 2443, 2443, "0.0.0.0/0");
  perm(g, true, "tcp", 8443, 8451, "0.0.0.0/0");
  g = sg(f, "sg-03");          /* other endpoints */
  perm(g, false, "tcp", 0, 65535, "sg-02");
  perm(g, true, "tcp", 0, 65535, "0.0.0.0/0");

  n = nacl(f, "acl-0default");
  n->is_default = true;
  for(i = 0; i < f->n_subnets; i++)
    ids_add(&n->subnet_ids, &n->n_subnet_ids, f->subnets[i].subnet_id);
  nentry(n, 100, false, "-1", true, "0.0.0.0/0", -1, -1);
  nentry(n, 32767, false, "-1", false, "0.0.0.0/0", -1, -1);
  nentry(n, 100, true, "-1", true, "0.0.0.0/0", -1, -1);
  nentry(n, 32767, true, "-1", false, "0.0.0.0/0", -1, -1);

  e = vpce(f, "vpce-0rest", "Interface", WS_SVC);
  ids_add(&e->subnet_ids, &e->n_subnet_ids, "subnet-0pub01");
  ids_add(&e->group_ids, &e->n_group_ids, "sg-01");
  e = vpce(f, "vpce-0relay", "Interface", RELAY_SVC);
  ids_add(&e->subnet_ids, &e->n_subnet_ids, "subnet-0priv03");
  ids_add(&e->group_ids, &e->n_group_ids, "sg-03");
  e = vpce(f, "vpce-0s3", "Gateway", "com.amazonaws.ap-northeast-1.s3");
  ids_add(&e->route_table_ids, &e->n_route_table_ids, "rtb-0private01");
  e = vpce(f, "vpce-0sts", "Interface", "com.amazonaws.ap-northeast-1.sts");
  ids_add(&e->group_ids, &e->n_group_ids, "sg-03");
  e = vpce(f, "vpce-0kinesis", "Interface", "com.amazonaws.ap-northeast-1.kinesis-streams");
  ids_add(&e->group_ids, &e->n_group_ids, "sg-03");
  e = vpce(f, "vpce-0glue", "Interface", "com.amazonaws.ap-northeast-1.glue");
  ids_add(&e->group_ids, &e->n_group_ids, "sg-03");

  f->role_found = true;
  hk_strlcpy(f->role.role_name, "tokyo-cross-account", sizeof(f->role.role_name));
  f->role.assume_role_policy = hk_strdup(
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      "\"Principal\":{\"AWS\":\"arn:aws:iam::414351767826:root\"},\"Action\":\"sts:AssumeRole\","
      "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"" DBX_ACCOUNT "\"}}}]}");
  GROW(f->sim, f->n_sim);
  hk_strlcpy(f->sim[0].action, "ec2:RunInstances", sizeof(f->sim[0].action));
  hk_strlcpy(f->sim[0].decision, "allowed", sizeof(f->sim[0].decision));
  GROW(f->sim, f->n_sim);
  hk_strlcpy(f->sim[1].action, "ec2:CreateFleet", sizeof(f->sim[1].action));
  hk_strlcpy(f->sim[1].decision, "allowed", sizeof(f->sim[1].decision));

  hk_strlcpy(f->bucket.bucket, "tokyo-closed-root", sizeof(f->bucket.bucket));
  f->bucket.exists = true;
  f->bucket.owned = true;
  hk_strlcpy(f->bucket.region, "ap-northeast-1", sizeof(f->bucket.region));
  f->bucket.policy = hk_strdup(
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Grant Databricks Access\",\"Effect\":\"Allow\","
      "\"Principal\":{\"AWS\":\"arn:aws:iam::414351767826:root\"},"
      "\"Action\":[\"s3:GetObject\",\"s3:GetObjectVersion\",\"s3:PutObject\",\"s3:DeleteObject\","
      "\"s3:ListBucket\",\"s3:GetBucketLocation\"],"
      "\"Resource\":[\"arn:aws:s3:::tokyo-closed-root/*\",\"arn:aws:s3:::tokyo-closed-root\"],"
      "\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/DatabricksAccountId\":[\"" DBX_ACCOUNT "\"]}}}]}");
  f->bucket.block_public_acls = f->bucket.ignore_public_acls = 1;
  f->bucket.block_public_policy = f->bucket.restrict_public_buckets = 1;

  f->dbx_account.auth_ok = true;
  f->dbx_account.pl_ok = true;
  hk_strlcpy(f->dbx_account.tier, "ENTERPRISE", sizeof(f->dbx_account.tier));
  dbx_vpce(f, "dbx-vpce-rest", "tokyo-closed-rest", "vpce-0rest", "WORKSPACE_ACCESS");
  dbx_vpce(f, "dbx-vpce-relay", "tokyo-closed-relay", "vpce-0relay", "DATAPLANE_RELAY_ACCESS");
  f->dbx_storage_count = 1;
  m = GROW(f->dbx_metastores, f->n_dbx_metastores);
  hk_strlcpy(m->id, "ms-tokyo", sizeof(m->id));
  hk_strlcpy(m->name, "tokyo-metastore", sizeof(m->name));
  hk_strlcpy(m->region, "ap-northeast-1", sizeof(m->region));

  /* after create */
  hk_strlcpy(f->created_network.name, "tokyo-closed-network", sizeof(f->created_network.name));
  hk_strlcpy(f->created_network.vpc_status, "VALID", sizeof(f->created_network.vpc_status));
  hk_strlcpy(f->created_workspace.name, "tokyo-closed", sizeof(f->created_workspace.name));
  hk_strlcpy(f->created_workspace.status, "RUNNING", sizeof(f->created_workspace.status));
  hk_strlcpy(f->ws_host, "dbc-1234abcd-5678.cloud.databricks.com", sizeof(f->ws_host));
  GROW(f->enis, f->n_enis);
  hk_strlcpy(f->enis[0].eni_id, "eni-0rest", sizeof(f->enis[0].eni_id));
  hk_strlcpy(f->enis[0].private_ip, "10.0.0.10", sizeof(f->enis[0].private_ip));
  hk_strlcpy(f->resolved_ips[0], "10.0.0.10", sizeof(f->resolved_ips[0]));
  f->n_resolved_ips = 1;
  f->probe_http_status = 200;
}

/* ---------------------------------------------------------------- helpers */

static struct aws_security_group *find_sg(struct hk_facts *f, const char *id)
{
  size_t i;
  for(i = 0; i < f->n_sgs; i++)
    if(strcmp(f->sgs[i].group_id, id) == 0)
      return &f->sgs[i];
  return NULL;
}

static struct aws_vpc_endpoint *find_ep(struct hk_facts *f, const char *id)
{
  size_t i;
  for(i = 0; i < f->n_endpoints; i++)
    if(strcmp(f->endpoints[i].vpce_id, id) == 0)
      return &f->endpoints[i];
  return NULL;
}

/* Drop egress rules of sg covering tcp port `port` (the rule list shrinks). */
static void drop_egress(struct aws_security_group *g, int port)
{
  size_t i, k = 0;
  for(i = 0; i < g->n_egress; i++)
    if(!(strcmp(g->egress[i].protocol, "tcp") == 0 && g->egress[i].from_port <= port && port <= g->egress[i].to_port &&
         g->egress[i].cidr[0]))
      g->egress[k++] = g->egress[i];
  g->n_egress = k;
}

static void set_str(char *dst, size_t n, const char *v)
{
  hk_strlcpy(dst, v, n);
}
#define SET(field, v) set_str(field, sizeof(field), v)

/* ---------------------------------------------------------------- broken fixtures */

static void m_A1(struct hk_setup *s, struct hk_facts *f) { (void)f; SET(s->region, "ap-east-1"); }
static void m_A2(struct hk_setup *s, struct hk_facts *f)
{
  (void)s;
  f->dbx_account.pl_ok = false;
  SET(f->dbx_account.pl_error, "GET /private-access-settings: 403 PERMISSION_DENIED.");
}
static void m_A3(struct hk_setup *s, struct hk_facts *f)
{
  (void)s;
  SET(f->identity.arn, "arn:aws-us-gov:iam::123456789012:user/operator");
}
static void m_A4(struct hk_setup *s, struct hk_facts *f)
{
  (void)s;
  f->dbx_account.auth_ok = false;
  SET(f->dbx_account.auth_error, "401 invalid_client: Client authentication failed.");
}
static void m_C1(struct hk_setup *s, struct hk_facts *f)
{
  (void)s;
  free(f->role.assume_role_policy);
  f->role.assume_role_policy = hk_strdup(
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
      "\"Principal\":{\"AWS\":\"arn:aws:iam::414351767826:root\"},\"Action\":\"sts:AssumeRole\"}]}");
}
static void m_C2(struct hk_setup *s, struct hk_facts *f)
{
  (void)s;
  SET(f->sim[1].decision, "implicitDeny");
}
static void m_S1(struct hk_setup *s, struct hk_facts *f) { (void)f; SET(s->storage.bucket, "Tokyo_Root"); }
static void m_S2(struct hk_setup *s, struct hk_facts *f) { (void)s; SET(f->bucket.region, "us-west-2"); }
static void m_S3(struct hk_setup *s, struct hk_facts *f)
{
  (void)s;
  free(f->bucket.policy);
  f->bucket.policy = hk_strdup(
      "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::414351767826:root\"},"
      "\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],\"Resource\":[\"arn:aws:s3:::tokyo-closed-root/*\"]}]}");
}
static void m_S4(struct hk_setup *s, struct hk_facts *f) { (void)s; f->bucket.block_public_policy = 0; }
static void m_S5(struct hk_setup *s, struct hk_facts *f)
{
  (void)s;
  find_ep(f, "vpce-0s3")->policy_document = hk_strdup(
      "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::other-bucket/*\"]}]}");
}
static void m_S6(struct hk_setup *s, struct hk_facts *f) { (void)s; f->dbx_storage_count = 50; }
static void m_N1(struct hk_setup *s, struct hk_facts *f) { (void)s; f->vpc.dns_hostnames = 0; }
static void m_N2(struct hk_setup *s, struct hk_facts *f) { (void)s; SET(f->subnets[2].az, "ap-northeast-1a"); }
static void m_N3(struct hk_setup *s, struct hk_facts *f) { (void)s; SET(f->subnets[2].cidr, "10.0.2.0/28"); }
static void m_N4(struct hk_setup *s, struct hk_facts *f)
{
  (void)s;
  route(&f->route_tables[2], "0.0.0.0/0", "igw-0tokyo", "");
}
static void m_N5(struct hk_setup *s, struct hk_facts *f) { (void)f; s->endpoints[HK_EP_STS].enabled = false; }
static void m_N6(struct hk_setup *s, struct hk_facts *f)
{
  struct hk_dbx_network_ref *n = GROW(f->dbx_networks, f->n_dbx_networks);
  (void)s;
  SET(n->id, "net-other");
  SET(n->name, "other-network");
  SET(n->subnet_ids[0], "subnet-0priv02");
  n->n_subnets = 1;
}
static void m_N7(struct hk_setup *s, struct hk_facts *f)
{
  (void)s;
  SET(f->vpc.cidr, "192.168.0.0/16");
}
static void m_N8(struct hk_setup *s, struct hk_facts *f) { (void)f; SET(s->network.name, "net"); }
static void m_N9(struct hk_setup *s, struct hk_facts *f)
{
  (void)s;
  SET(f->created_network.vpc_status, "BROKEN");
  SET(f->created_network.messages, "securityGroup: sg-02 has no egress on 6666");
}
static void m_N10(struct hk_setup *s, struct hk_facts *f)
{
  struct hk_dbx_network_ref *n = GROW(f->dbx_networks, f->n_dbx_networks);
  struct hk_dbx_workspace_ref *w = GROW(f->dbx_workspaces, f->n_dbx_workspaces);
  (void)s;
  SET(n->id, "net-1");
  SET(n->name, "tokyo-closed-network");
  n->workspace_id = 42;
  w->id = 42;
  SET(w->name, "someone-else");
  SET(w->region, "ap-northeast-1");
}
static void m_G1(struct hk_setup *s, struct hk_facts *f) { (void)f; SET(s->network.sg_ids[0], "sg-0elsewhere"); }
static void m_G2(struct hk_setup *s, struct hk_facts *f)
{
  (void)s;
  find_sg(f, "sg-02")->n_ingress = 1;   /* only TCP from itself left */
}
static void m_G3(struct hk_setup *s, struct hk_facts *f)
{
  struct aws_security_group *g = find_sg(f, "sg-02");
  (void)s;
  g->egress[1] = g->egress[2];          /* UDP to itself replaced */
}
static void m_G4(struct hk_setup *s, struct hk_facts *f) { (void)s; drop_egress(find_sg(f, "sg-02"), 6666); }
static void m_G5(struct hk_setup *s, struct hk_facts *f)
{
  (void)s;
  nentry(&f->nacls[0], 90, false, "6", false, "0.0.0.0/0", 1024, 65535);
}
static void m_E1(struct hk_setup *s, struct hk_facts *f)
{
  (void)s;
  SET(find_ep(f, "vpce-0relay")->service_name, "com.amazonaws.vpce.ap-northeast-1.vpce-svc-0123456789abcdef0");
}
static void m_E2(struct hk_setup *s, struct hk_facts *f) { (void)s; find_ep(f, "vpce-0relay")->private_dns = false; }
static void m_E3(struct hk_setup *s, struct hk_facts *f)
{
  struct aws_security_group *g = find_sg(f, "sg-03");
  (void)s;
  g->ingress[0].from_port = 443;
  g->ingress[0].to_port = 443;
}
static void m_E4(struct hk_setup *s, struct hk_facts *f) { (void)s; SET(f->dbx_vpces[1].state, "rejected"); }
static void m_E5(struct hk_setup *s, struct hk_facts *f) { (void)s; SET(f->dbx_vpces[1].use_case, "WORKSPACE_ACCESS"); }
static void m_E6(struct hk_setup *s, struct hk_facts *f) { (void)s; SET(f->dbx_vpces[0].region, "us-east-1"); }
static void m_E7(struct hk_setup *s, struct hk_facts *f)
{
  (void)f;
  SET(s->client.client_cidrs[1], "198.51.100.0/24");
  s->client.n_client_cidrs = 2;
}
static void m_E8(struct hk_setup *s, struct hk_facts *f)
{
  struct hk_dbx_network_ref *n = GROW(f->dbx_networks, f->n_dbx_networks);
  (void)s;
  SET(f->dbx_vpces[1].aws_vpce_id, "vpce-0oldrelay");
  SET(n->name, "old-network");
  SET(n->relay_vpce_ids[0], "dbx-vpce-relay");
  n->n_relay = 1;
  n->workspace_id = 7;
}
static void m_P1(struct hk_setup *s, struct hk_facts *f)
{
  struct hk_dbx_pas_ref *p = GROW(f->dbx_pas, f->n_dbx_pas);
  (void)s;
  SET(p->id, "pas-1");
  SET(p->name, "tokyo-closed-pas");
  SET(p->region, "ap-northeast-2");
  SET(p->level, "ENDPOINT");
}
static void m_P2(struct hk_setup *s, struct hk_facts *f)
{
  m_P1(s, f);
  SET(f->dbx_pas[0].region, "ap-northeast-1");
  SET(f->dbx_pas[0].level, "ANY");
}
static void m_P3(struct hk_setup *s, struct hk_facts *f)
{
  (void)f;
  s->endpoints[HK_EP_WORKSPACE].enabled = false;
}
static void m_P4(struct hk_setup *s, struct hk_facts *f) { (void)f; s->endpoints[HK_EP_RELAY].enabled = false; }
static void m_P5(struct hk_setup *s, struct hk_facts *f)
{
  m_P1(s, f);
  SET(f->dbx_pas[0].region, "ap-northeast-1");
}
static void m_P6(struct hk_setup *s, struct hk_facts *f) { (void)f; SET(s->pas.name, "pa"); }
static void m_W1(struct hk_setup *s, struct hk_facts *f) { (void)f; SET(s->workspace.deployment_name, "acme-tokyo"); }
static void m_W2(struct hk_setup *s, struct hk_facts *f)
{
  (void)s;
  SET(f->created_workspace.status, "FAILED");
  SET(f->created_workspace.status_message, "Network validation failed");
}
static void m_W3(struct hk_setup *s, struct hk_facts *f)
{
  struct hk_dbx_workspace_ref *w = GROW(f->dbx_workspaces, f->n_dbx_workspaces);
  (void)s;
  w->id = 9;
  SET(w->name, "tokyo-closed");
  SET(w->region, "us-east-1");
  SET(w->status, "RUNNING");
}
static void m_D1(struct hk_setup *s, struct hk_facts *f) { (void)s; SET(f->resolved_ips[0], "52.192.0.1"); }
static void m_D2(struct hk_setup *s, struct hk_facts *f)
{
  (void)s;
  f->probe_http_status = 302;
  SET(f->probe_location, "https://dbc-1234abcd-5678.cloud.databricks.com/login.html?error=private-link-validation-error");
}
static void m_M1(struct hk_setup *s, struct hk_facts *f) { (void)f; s->metastore.choice = HK_CREATE; }
static void m_M2(struct hk_setup *s, struct hk_facts *f)
{
  (void)f;
  s->metastore.choice = HK_CREATE;
  SET(s->metastore.role_arn, "arn:aws:iam::210987654321:role/tokyo-uc");
}
/* A relay endpoint to create in Private Subnet 03 (ap-northeast-1d), a service offered in 1a and 1c. */
static struct aws_vpce_service *svc_fact(struct hk_facts *f, const char *name, const char *const *azs, size_t n)
{
  struct aws_vpce_service *v = GROW(f->ep_services, f->n_ep_services);
  size_t i;
  hk_strlcpy(v->service_name, name, sizeof(v->service_name));
  hk_strlcpy(v->type, "Interface", sizeof(v->type));
  v->azs = calloc(n ? n : 1, sizeof(*v->azs));
  for(i = 0; i < n; i++)
    hk_strlcpy(v->azs[v->n_azs++], azs[i], sizeof(v->azs[0]));
  return v;
}
static void relay_to_create(struct hk_setup *s)
{
  s->endpoints[HK_EP_RELAY].choice = HK_CREATE;
  hk_strlcpy(s->endpoints[HK_EP_RELAY].subnet_ids[0], "subnet-0priv03", HK_ID_MAX);
  s->endpoints[HK_EP_RELAY].n_subnets = 1;
  hk_strlcpy(s->endpoints[HK_EP_RELAY].sg_id, "sg-03", sizeof(s->endpoints[HK_EP_RELAY].sg_id));
}
static void m_E9(struct hk_setup *s, struct hk_facts *f)
{
  static const char *const two[] = { "ap-northeast-1a", "ap-northeast-1c" };
  relay_to_create(s);
  svc_fact(f, RELAY_SVC, two, 2);
}
static void m_GL1(struct hk_setup *s, struct hk_facts *f) { (void)f; s->endpoints[HK_EP_GLUE].enabled = false; }

struct broken {
  const char *id;
  void (*mutate)(struct hk_setup *, struct hk_facts *);
  enum hk_verdict want;
  const char *phrase;     /* must be in the message */
  const char *fix;        /* must be in the fix (NULL: any) */
};

#define FAIL_(id, phrase, fix) { #id, m_##id, HK_VERDICT_FAIL, phrase, fix }
#define WARN_(id, phrase, fix) { #id, m_##id, HK_VERDICT_WARN, phrase, fix }

static const struct broken broken[] = {
  FAIL_(A1, "does not run workspaces in ap-east-1", "ap-northeast-1"),
  FAIL_(A2, "403 PERMISSION_DENIED", "Enterprise"),
  FAIL_(A3, "partition aws-us-gov", NULL),
  FAIL_(A4, "invalid_client", NULL),
  FAIL_(C1, "external ID " DBX_ACCOUNT, "aws iam update-assume-role-policy --role-name tokyo-cross-account"),
  FAIL_(C2, "ec2:CreateFleet (implicitDeny)", "aws iam put-role-policy --role-name tokyo-cross-account"),
  FAIL_(S1, "\"Tokyo_Root\" breaks the S3 rules", NULL),
  FAIL_(S2, "is in us-west-2", "aws s3api create-bucket --bucket tokyo-closed-root --region ap-northeast-1"),
  FAIL_(S3, "s3:GetObjectVersion, s3:PutObject, s3:DeleteObject, s3:GetBucketLocation", "put-bucket-policy"),
  WARN_(S4, "does not block all public access", "put-public-access-block --bucket tokyo-closed-root"),
  WARN_(S5, "does not name the root bucket tokyo-closed-root", "modify-vpc-endpoint"),
  WARN_(S6, "limit is 50", NULL),
  FAIL_(N1, "DNS hostnames off",
        "aws ec2 modify-vpc-attribute --region ap-northeast-1 --vpc-id vpc-0tokyo --enable-dns-hostnames \"{\\\"Value\\\":true}\""),
  FAIL_(N2, "both in ap-northeast-1a", NULL),
  FAIL_(N3, "10.0.2.0/28 \xe2\x80\x94 5 nodes ((2^4 \xe2\x88\x92 5) / 2); cluster subnets must be /17 to /26", NULL),
  FAIL_(N4, "route table rtb-0private01 sends 0.0.0.0/0 to the internet gateway igw-0tokyo",
        "aws ec2 delete-route --region ap-northeast-1 --route-table-id rtb-0private01 --destination-cidr-block 0.0.0.0/0"),
  FAIL_(N5, "STS", "--service-name com.amazonaws.ap-northeast-1.sts"),
  FAIL_(N6, "subnet-0priv02 is already used by the network configuration \"other-network\"", NULL),
  WARN_(N7, "overlaps 192.168.216.0/24", NULL),
  FAIL_(N8, "\"net\" has 3 characters", NULL),
  FAIL_(N9, "BROKEN: securityGroup", NULL),
  FAIL_(N10, "used by workspace 42 \"someone-else\"", NULL),
  FAIL_(G1, "sg-0elsewhere is not in VPC vpc-0tokyo", "describe-security-groups"),
  FAIL_(G2, "does not allow all udp traffic in from itself",
        "aws ec2 authorize-security-group-ingress --region ap-northeast-1 --group-id sg-02 --ip-permissions "
        "IpProtocol=udp,FromPort=0,ToPort=65535,UserIdGroupPairs=[{GroupId=sg-02}]"),
  FAIL_(G3, "does not allow all udp traffic out to itself", "authorize-security-group-egress"),
  FAIL_(G4, "TCP egress on port 6666 (secure cluster connectivity relay",
        "aws ec2 authorize-security-group-egress --region ap-northeast-1 --group-id sg-02 --ip-permissions "
        "IpProtocol=tcp,FromPort=6666,ToPort=6666,IpRanges=[{CidrIp=0.0.0.0/0}]"),
  FAIL_(G5, "denies inbound TCP port 1024 from 0.0.0.0/0 (rule 90)",
        "aws ec2 create-network-acl-entry --region ap-northeast-1 --network-acl-id acl-0default --ingress --rule-number 89 "
        "--protocol -1 --cidr-block 0.0.0.0/0 --rule-action allow"),
  FAIL_(E1, "the Databricks service for ap-northeast-1 is " RELAY_SVC, "--service-name " RELAY_SVC),
  FAIL_(E2, "vpce-0relay has private DNS off", "modify-vpc-endpoint --region ap-northeast-1 --vpc-endpoint-id vpce-0relay --private-dns-enabled"),
  FAIL_(E3, "sg-03", "IpProtocol=tcp,FromPort=6666,ToPort=6666,UserIdGroupPairs=[{GroupId=sg-02}]"),
  FAIL_(E4, "is rejected", NULL),
  FAIL_(E5, "registered as tokyo-closed-relay (WORKSPACE_ACCESS)", NULL),
  FAIL_(E6, "is for region us-east-1", NULL),
  FAIL_(E7, "does not accept TCP 443 from the client network 198.51.100.0/24",
        "IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=198.51.100.0/24}]"),
  FAIL_(E8, "belongs to endpoint vpce-0oldrelay", NULL),
  FAIL_(E9, "is in ap-northeast-1d, but " RELAY_SVC " is offered only in ap-northeast-1a, ap-northeast-1c",
        "endpoints.relay.create_in_subnets"),
  FAIL_(P1, "are for region ap-northeast-2", NULL),
  FAIL_(P2, "level ANY", NULL),
  FAIL_(P3, "no workspace (front-end) endpoint", NULL),
  FAIL_(P4, "back-end relay or REST endpoint", NULL),
  WARN_(P5, "cannot be removed", NULL),
  FAIL_(P6, "\"pa\" has 2 characters", NULL),
  WARN_(W1, "deployment prefix", NULL),
  FAIL_(W2, "FAILED: Network validation failed", NULL),
  WARN_(W3, "region cannot change", NULL),
  FAIL_(D1, "resolves to 52.192.0.1", "echo '10.0.0.10 dbc-1234abcd-5678.cloud.databricks.com' | sudo tee -a /etc/hosts"),
  FAIL_(D2, "private-link validation error", NULL),
  FAIL_(M1, "already has the metastore \"tokyo-metastore\"", "metastore.metastore_id = ms-tokyo"),
  FAIL_(M2, "is in AWS account 210987654321, but the AWS credentials are of account 123456789012",
        "metastore.role_arn = arn:aws:iam::123456789012:role/tokyo-uc"),
  WARN_(GL1, "no Glue interface endpoint", "--service-name com.amazonaws.ap-northeast-1.glue"),
};

/* ---------------------------------------------------------------- tests */

static void test_tokyo_no_rule_fires(void **state)
{
  struct hk_setup s;
  struct hk_facts f;
  struct hk_finding out;
  size_t i;

  (void)state;
  tokyo(&s, &f);
  for(i = 0; i < hk_n_rules; i++) {
    enum hk_verdict v = hk_rule_eval(&hk_rules[i], &s, &f, &out);
    if(v != HK_VERDICT_PASS)
      fail_msg("%s on the good Tokyo fixture: %s: %s | fix: %s", hk_rules[i].id, hk_verdict_name(v), out.message,
               out.fix);
    assert_false(hk_finding_blocks(&out));
    assert_true(out.message[0] != '\0');
  }
  hk_facts_clear(&f);
}

static void test_each_rule_fires_on_its_broken_fixture(void **state)
{
  size_t i;

  (void)state;
  for(i = 0; i < sizeof(broken) / sizeof(broken[0]); i++) {
    const struct broken *b = &broken[i];
    const struct hk_rule *r = hk_rule_find(b->id);
    struct hk_setup s;
    struct hk_facts f;
    struct hk_finding out;
    enum hk_verdict v;

    assert_non_null(r);
    tokyo(&s, &f);
    b->mutate(&s, &f);
    v = hk_rule_eval(r, &s, &f, &out);
    if(v != b->want || !strstr(out.message, b->phrase) || (b->fix && !strstr(out.fix, b->fix)))
      fail_msg("%s: got %s: \"%s\" | fix: \"%s\"", b->id, hk_verdict_name(v), out.message, out.fix);
    assert_true(out.fix[0] != '\0' || v == HK_VERDICT_FAIL);
    assert_int_equal(hk_finding_blocks(&out), v == HK_VERDICT_FAIL && out.severity == HK_SEV_BLOCK);
    hk_facts_clear(&f);
  }
}

static void test_every_rule_has_a_broken_fixture(void **state)
{
  size_t i, j;

  (void)state;
  assert_int_equal(hk_n_rules, sizeof(broken) / sizeof(broken[0]));
  for(i = 0; i < hk_n_rules; i++) {
    bool found = false;
    for(j = 0; j < sizeof(broken) / sizeof(broken[0]); j++)
      found = found || strcmp(broken[j].id, hk_rules[i].id) == 0;
    if(!found)
      fail_msg("rule %s has no broken fixture", hk_rules[i].id);
  }
}

static void test_failed_read_makes_dependent_rules_unknown(void **state)
{
  struct hk_setup s;
  struct hk_facts f;
  struct hk_finding out;

  (void)state;
  tokyo(&s, &f);
  f.landed = 0;
  hk_facts_landed(&f, HK_READ_SGS, "DescribeSecurityGroups failed: UnauthorizedOperation: not allowed.");
  hk_facts_landed(&f, HK_READ_VPC, NULL);
  hk_facts_landed(&f, HK_READ_PREFIX_LISTS, NULL);
  assert_true(hk_rule_ready(hk_rule_find("G4"), &f));
  assert_false(hk_rule_ready(hk_rule_find("N1"), &f));
  assert_int_equal(hk_rule_eval(hk_rule_find("G4"), &s, &f, &out), HK_VERDICT_UNKNOWN);
  assert_non_null(strstr(out.message, "Could not check: DescribeSecurityGroups failed: UnauthorizedOperation"));
  /* D18: not a blocking problem to fix, but a blocking rule left unchecked */
  assert_false(hk_finding_blocks(&out));
  assert_true(hk_finding_unchecked(&out));
  /* a rule that does not read SGs is unaffected */
  assert_int_equal(hk_rule_eval(hk_rule_find("N8"), &s, &f, &out), HK_VERDICT_PASS);
  hk_facts_clear(&f);
}

static void test_self_rules_block_only_when_closed(void **state)
{
  struct hk_setup s;
  struct hk_facts f;
  struct hk_finding out;

  (void)state;
  tokyo(&s, &f);
  m_G2(&s, &f);
  assert_int_equal(hk_rule_eval(hk_rule_find("G2"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_true(hk_finding_blocks(&out));
  s.endpoints[HK_EP_RELAY].enabled = false;   /* not closed: a warning */
  assert_int_equal(hk_rule_eval(hk_rule_find("G2"), &s, &f, &out), HK_VERDICT_WARN);
  assert_false(hk_finding_blocks(&out));
  hk_facts_clear(&f);
}

static void test_g4_ranges_all_traffic_and_gov(void **state)
{
  struct hk_setup s;
  struct hk_facts f;
  struct hk_finding out;
  struct aws_security_group *g;
  int p;

  (void)state;
  tokyo(&s, &f);
  g = find_sg(&f, "sg-02");
  g->n_egress = 0;
  /* one all-traffic rule to the VPC CIDR covers every Databricks port, but not S3 (F7) */
  perm(g, true, "-1", -1, -1, "10.0.0.0/16");
  assert_int_equal(hk_rule_eval(hk_rule_find("G4"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_non_null(strstr(out.message, "port 443 to S3"));
  perm(g, true, "tcp", 443, 443, "0.0.0.0/0");
  assert_int_equal(hk_rule_eval(hk_rule_find("G4"), &s, &f, &out), HK_VERDICT_PASS);
  g->n_egress = 1;
  /* a narrower CIDR does not */
  g->n_egress = 0;
  perm(g, true, "-1", -1, -1, "10.0.1.0/24");
  assert_int_equal(hk_rule_eval(hk_rule_find("G4"), &s, &f, &out), HK_VERDICT_FAIL);
  /* single-port rules 8445..8451 (SRA style) cover the range; 8447 missing is named alone */
  g->n_egress = 0;
  perm(g, true, "tcp", 443, 443, "0.0.0.0/0");
  perm(g, true, "tcp", 2443, 2443, "0.0.0.0/0");
  perm(g, true, "tcp", 6666, 6666, "0.0.0.0/0");
  perm(g, true, "tcp", 8443, 8444, "0.0.0.0/0");
  for(p = 8445; p <= 8451; p++)
    if(p != 8447)
      perm(g, true, "tcp", p, p, "0.0.0.0/0");
  assert_int_equal(hk_rule_eval(hk_rule_find("G4"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_non_null(strstr(out.message, "port 8447 ("));
  assert_null(strstr(out.message, "8448"));
  assert_non_null(strstr(out.fix, "FromPort=8447,ToPort=8447"));
  perm(g, true, "tcp", 8447, 8447, "0.0.0.0/0");
  assert_int_equal(hk_rule_eval(hk_rule_find("G4"), &s, &f, &out), HK_VERDICT_PASS);
  /* GovCloud drops 6666 */
  drop_egress(g, 6666);
  assert_int_equal(hk_rule_eval(hk_rule_find("G4"), &s, &f, &out), HK_VERDICT_FAIL);
  s.partition = HK_PART_AWS_US_GOV;
  assert_int_equal(hk_rule_eval(hk_rule_find("G4"), &s, &f, &out), HK_VERDICT_PASS);
  hk_facts_clear(&f);
}

/* F7: egress 443 to S3 - the S3 prefix list (SRA network.tf), 0.0.0.0/0, or a CIDR holding the
 * prefix list's ranges; 443 to the VPC CIDR alone does not reach S3 through the gateway. */
static void test_g4_needs_egress_443_to_s3(void **state)
{
  struct hk_setup s;
  struct hk_facts f;
  struct hk_finding out;
  struct aws_security_group *g;
  struct aws_sg_rule *r;

  (void)state;
  tokyo(&s, &f);
  hk_strlcpy(f.s3_prefix_list.prefix_list_id, "pl-61a54008", sizeof(f.s3_prefix_list.prefix_list_id));
  hk_strlcpy(f.s3_prefix_list.name, "com.amazonaws.ap-northeast-1.s3", sizeof(f.s3_prefix_list.name));
  f.s3_prefix_list.cidrs = calloc(2, sizeof(*f.s3_prefix_list.cidrs));
  hk_strlcpy(f.s3_prefix_list.cidrs[0], "52.219.0.0/20", sizeof(f.s3_prefix_list.cidrs[0]));
  hk_strlcpy(f.s3_prefix_list.cidrs[1], "3.5.152.0/21", sizeof(f.s3_prefix_list.cidrs[1]));
  f.s3_prefix_list.n_cidrs = 2;
  g = find_sg(&f, "sg-02");
  for(r = g->egress; r < g->egress + g->n_egress; r++)
    if(r->from_port == 443)
      hk_strlcpy(r->cidr, "10.0.0.0/16", sizeof(r->cidr));   /* SRA's VPC-CIDR rule, without the S3 one */
  assert_int_equal(hk_rule_eval(hk_rule_find("G4"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_non_null(strstr(out.message, "port 443 to S3 (prefix list pl-61a54008"));
  assert_non_null(strstr(out.fix, "aws ec2 authorize-security-group-egress --region ap-northeast-1 --group-id sg-02 "
                                  "--ip-permissions IpProtocol=tcp,FromPort=443,ToPort=443,"
                                  "PrefixListIds=[{PrefixListId=pl-61a54008}]"));
  assert_true(hk_finding_blocks(&out));
  /* a prefix-list rule for another list does not count */
  perm(g, true, "tcp", 443, 443, "pl-0000dead");
  assert_int_equal(hk_rule_eval(hk_rule_find("G4"), &s, &f, &out), HK_VERDICT_FAIL);
  /* a CIDR that holds every range of the list does */
  perm(g, true, "tcp", 443, 443, "0.0.0.0/1");
  assert_int_equal(hk_rule_eval(hk_rule_find("G4"), &s, &f, &out), HK_VERDICT_PASS);
  g->n_egress--;
  perm(g, true, "tcp", 443, 443, "pl-61a54008");
  assert_int_equal(hk_rule_eval(hk_rule_find("G4"), &s, &f, &out), HK_VERDICT_PASS);
  assert_non_null(strstr(out.message, "443 to S3"));
  /* without DescribePrefixLists the gateway endpoint's route names the list */
  aws_prefix_list_clear(&f.s3_prefix_list);
  memset(&f.s3_prefix_list, 0, sizeof(f.s3_prefix_list));
  route(&f.route_tables[2], "", "vpce-0s3", "");
  hk_strlcpy(f.route_tables[2].routes[f.route_tables[2].n_routes - 1].dest_prefix_list, "pl-61a54008",
             sizeof(f.route_tables[2].routes[0].dest_prefix_list));
  assert_int_equal(hk_rule_eval(hk_rule_find("G4"), &s, &f, &out), HK_VERDICT_PASS);
  hk_facts_clear(&f);
}

/* F12: 2443 only with the compliance security profile. */
static void test_2443_only_with_the_compliance_security_profile(void **state)
{
  struct hk_setup s;
  struct hk_facts f;
  struct hk_finding out;

  (void)state;
  tokyo(&s, &f);
  drop_egress(find_sg(&f, "sg-02"), 2443);
  find_sg(&f, "sg-03")->n_ingress = 0;
  perm(find_sg(&f, "sg-03"), false, "tcp", 443, 443, "sg-02");
  perm(find_sg(&f, "sg-03"), false, "tcp", 6666, 6666, "sg-02");
  perm(find_sg(&f, "sg-03"), false, "tcp", 8443, 8451, "sg-02");
  assert_false(s.workspace.compliance_security_profile);
  assert_int_equal(hk_rule_eval(hk_rule_find("G4"), &s, &f, &out), HK_VERDICT_PASS);
  assert_int_equal(hk_rule_eval(hk_rule_find("E3"), &s, &f, &out), HK_VERDICT_PASS);
  s.workspace.compliance_security_profile = true;
  assert_int_equal(hk_rule_eval(hk_rule_find("G4"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_non_null(strstr(out.message, "2443 (secure cluster connectivity with FIPS / compliance security profile)"));
  assert_int_equal(hk_rule_eval(hk_rule_find("E3"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_non_null(strstr(out.fix, "FromPort=2443,ToPort=2443"));
  hk_facts_clear(&f);
}

/* F10: the STS, Kinesis and Glue endpoints' security group must take 443 from the workspace SG. */
static void test_e3_checks_the_aws_service_endpoints(void **state)
{
  struct hk_setup s;
  struct hk_facts f;
  struct hk_finding out;
  struct aws_security_group *g;

  (void)state;
  tokyo(&s, &f);
  g = sg(&f, "sg-04");
  perm(g, false, "tcp", 8443, 8443, "sg-02");
  find_ep(&f, "vpce-0kinesis")->group_ids[0][0] = '\0';
  hk_strlcpy(find_ep(&f, "vpce-0kinesis")->group_ids[0], "sg-04", AWS_ID_MAX);
  assert_int_equal(hk_rule_eval(hk_rule_find("E3"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_non_null(strstr(out.message, "sg-04 of the Kinesis"));
  assert_non_null(strstr(out.fix, "--group-id sg-04 --ip-permissions IpProtocol=tcp,FromPort=443,ToPort=443,"
                                  "UserIdGroupPairs=[{GroupId=sg-02}]"));
  perm(g, false, "tcp", 443, 443, "sg-02");
  assert_int_equal(hk_rule_eval(hk_rule_find("E3"), &s, &f, &out), HK_VERDICT_PASS);
  /* an STS endpoint to create with a group that refuses 443 */
  s.endpoints[HK_EP_STS].choice = HK_CREATE;
  hk_strlcpy(s.endpoints[HK_EP_STS].sg_id, "sg-05", sizeof(s.endpoints[HK_EP_STS].sg_id));
  sg(&f, "sg-05");
  assert_int_equal(hk_rule_eval(hk_rule_find("E3"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_non_null(strstr(out.message, "sg-05 of the STS"));
  hk_facts_clear(&f);
}

/* F15: registration states compare without case. */
static void test_e4_state_ignores_case(void **state)
{
  struct hk_setup s;
  struct hk_facts f;
  struct hk_finding out;

  (void)state;
  tokyo(&s, &f);
  SET(f.dbx_vpces[1].state, "Available");
  assert_int_equal(hk_rule_eval(hk_rule_find("E4"), &s, &f, &out), HK_VERDICT_PASS);
  SET(f.dbx_vpces[1].state, "PendingAcceptance");
  assert_int_equal(hk_rule_eval(hk_rule_find("E4"), &s, &f, &out), HK_VERDICT_WARN);
  SET(f.dbx_vpces[1].state, "REJECTED");
  assert_int_equal(hk_rule_eval(hk_rule_find("E4"), &s, &f, &out), HK_VERDICT_FAIL);
  hk_facts_clear(&f);
}

/* F1: E2 says only what is true; a front-end-only endpoint needs no private DNS, the back-end
 * REST one does. */
static void test_e2_back_end_private_dns(void **state)
{
  struct hk_setup s;
  struct hk_facts f;
  struct hk_finding out;
  struct aws_vpc_endpoint *e;

  (void)state;
  tokyo(&s, &f);
  assert_int_equal(hk_rule_eval(hk_rule_find("E2"), &s, &f, &out), HK_VERDICT_PASS);
  assert_string_equal(out.message, "The back-end endpoints have private DNS on.");
  relay_to_create(&s);
  assert_int_equal(hk_rule_eval(hk_rule_find("E2"), &s, &f, &out), HK_VERDICT_PASS);
  assert_non_null(strstr(out.message, "heiiki creates the others with private DNS on"));
  /* separate back end: the front-end endpoint without private DNS is fine, the back-end one is not */
  s.backend_shared = false;
  find_ep(&f, "vpce-0rest")->private_dns = false;
  ep_answer(&s, HK_EP_BACKEND_REST, "vpce-0backend", "tokyo-closed-backend");
  e = vpce(&f, "vpce-0backend", "Interface", WS_SVC);
  e->private_dns = false;
  assert_int_equal(hk_rule_eval(hk_rule_find("E2"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_non_null(strstr(out.message, "vpce-0backend has private DNS off"));
  assert_null(strstr(out.fix, "vpce-0rest"));
  assert_true(hk_finding_blocks(&out));
  find_ep(&f, "vpce-0backend")->private_dns = true;
  assert_int_equal(hk_rule_eval(hk_rule_find("E2"), &s, &f, &out), HK_VERDICT_PASS);
  assert_true(hk_ep_private_dns(&s, HK_EP_BACKEND_REST) && !hk_ep_private_dns(&s, HK_EP_WORKSPACE));
  s.backend_shared = true;
  assert_true(hk_ep_private_dns(&s, HK_EP_WORKSPACE) && hk_ep_private_dns(&s, HK_EP_RELAY));
  assert_false(hk_ep_private_dns(&s, HK_EP_S3));
  /* an existing STS endpoint without private DNS: nodes would resolve the public STS name */
  find_ep(&f, "vpce-0rest")->private_dns = true;
  find_ep(&f, "vpce-0sts")->private_dns = false;
  assert_int_equal(hk_rule_eval(hk_rule_find("E2"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_non_null(strstr(out.message, "STS endpoint vpce-0sts has private DNS off"));
  assert_non_null(strstr(out.fix, "--vpc-endpoint-id vpce-0sts --private-dns-enabled"));
  hk_facts_clear(&f);
}

/* F9: a service AWS does not know blocks before anything is created. */
static void test_e9_unknown_service(void **state)
{
  struct hk_setup s;
  struct hk_facts f;
  struct hk_finding out;

  (void)state;
  tokyo(&s, &f);
  relay_to_create(&s);
  hk_strlcpy(f.ep_services_missing[0], RELAY_SVC, sizeof(f.ep_services_missing[0]));
  f.n_ep_services_missing = 1;
  assert_int_equal(hk_rule_eval(hk_rule_find("E9"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_non_null(strstr(out.message, "does not know the endpoint service " RELAY_SVC));
  assert_non_null(strstr(out.fix, "describe-vpc-endpoint-services --region ap-northeast-1 --service-names " RELAY_SVC));
  assert_true(hk_finding_blocks(&out));
  /* the wizard shows it under the answer that asks for that endpoint */
  assert_string_equal(hk_finding_field(&out), "endpoints.relay.mode");
  assert_non_null(hk_field_find(hk_finding_field(&out)));
  f.n_ep_services_missing = 0;
  {
    static const char *const two[] = { "ap-northeast-1a", "ap-northeast-1c" };
    svc_fact(&f, RELAY_SVC, two, 2);
  }
  assert_int_equal(hk_rule_eval(hk_rule_find("E9"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_string_equal(hk_finding_field(&out), "endpoints.relay.create_in_subnets");
  assert_int_equal(hk_field_find(hk_finding_field(&out))->step, HK_STEP_ENDPOINTS);
  hk_facts_clear(&f);
  tokyo(&s, &f);
  relay_to_create(&s);
  {
    static const char *const three[] = { "ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d" };
    svc_fact(&f, RELAY_SVC, three, 3);
  }
  assert_int_equal(hk_rule_eval(hk_rule_find("E9"), &s, &f, &out), HK_VERDICT_PASS);
  assert_string_equal(hk_finding_field(&out), "endpoints.workspace.create_in_subnets");
  hk_facts_clear(&f);
}

static void test_g5_custom_nacl_from_the_docs_passes(void **state)
{
  struct hk_setup s;
  struct hk_facts f;
  struct hk_finding out;
  struct aws_nacl *n;

  (void)state;
  tokyo(&s, &f);
  n = &f.nacls[0];
  n->n_entries = 0;
  nentry(n, 100, false, "-1", true, "0.0.0.0/0", -1, -1);
  nentry(n, 32767, false, "-1", false, "0.0.0.0/0", -1, -1);
  nentry(n, 100, true, "-1", true, "10.0.0.0/16", -1, -1);
  nentry(n, 110, true, "6", true, "0.0.0.0/0", 443, 443);
  nentry(n, 120, true, "6", true, "0.0.0.0/0", 6666, 6666);
  nentry(n, 130, true, "6", true, "0.0.0.0/0", 2443, 2443);
  nentry(n, 140, true, "6", true, "0.0.0.0/0", 8443, 8451);
  nentry(n, 32767, true, "-1", false, "0.0.0.0/0", -1, -1);
  assert_int_equal(hk_rule_eval(hk_rule_find("G5"), &s, &f, &out), HK_VERDICT_PASS);
  /* outbound 443 to 0.0.0.0/0 is needed even closed (S3 gateway keeps public IPs) */
  n->entries[3].from_port = n->entries[3].to_port = 444;
  assert_int_equal(hk_rule_eval(hk_rule_find("G5"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_non_null(strstr(out.message, "denies outbound TCP port 443 to 0.0.0.0/0 (the default deny rule (*))"));
  assert_non_null(strstr(out.fix, "--egress --rule-number 150 --protocol 6 --port-range From=443,To=443"));
  /* inbound only from the VPC: return traffic from endpoints' public side is dropped */
  n->entries[3].from_port = n->entries[3].to_port = 443;
  hk_strlcpy(n->entries[0].cidr, "10.0.0.0/16", sizeof(n->entries[0].cidr));
  assert_int_equal(hk_rule_eval(hk_rule_find("G5"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_non_null(strstr(out.message, "denies inbound TCP port 443 from 0.0.0.0/0"));
  hk_facts_clear(&f);
}

static void test_create_choices_skip_live_checks(void **state)
{
  struct hk_setup s;
  struct hk_facts f;
  struct hk_finding out;

  (void)state;
  tokyo(&s, &f);
  s.credential.choice = HK_CREATE;
  f.role_found = false;
  assert_int_equal(hk_rule_eval(hk_rule_find("C1"), &s, &f, &out), HK_VERDICT_SKIP);
  assert_int_equal(hk_rule_eval(hk_rule_find("C2"), &s, &f, &out), HK_VERDICT_SKIP);
  s.storage.choice = HK_CREATE;
  f.bucket.exists = false;
  assert_int_equal(hk_rule_eval(hk_rule_find("S2"), &s, &f, &out), HK_VERDICT_PASS);
  assert_int_equal(hk_rule_eval(hk_rule_find("S3"), &s, &f, &out), HK_VERDICT_SKIP);
  /* a bucket name taken by someone else */
  f.bucket.exists = true;
  f.bucket.owned = false;
  assert_int_equal(hk_rule_eval(hk_rule_find("S2"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_non_null(strstr(out.message, "taken by another AWS account"));
  hk_facts_clear(&f);
}

/* F16: pricing_tier is per workspace; an older PREMIUM workspace does not
 * block, it warns; a PREMIUM answer for the new workspace blocks. */
static void test_a2_tier_is_per_workspace(void **state)
{
  struct hk_setup s;
  struct hk_facts f;
  struct hk_finding out;

  (void)state;
  tokyo(&s, &f);
  hk_strlcpy(f.dbx_account.tier, "PREMIUM", sizeof(f.dbx_account.tier));
  assert_int_equal(hk_rule_eval(hk_rule_find("A2"), &s, &f, &out), HK_VERDICT_WARN);
  assert_false(hk_finding_blocks(&out));
  assert_non_null(strstr(out.message, "per workspace"));
  f.dbx_account.tier[0] = '\0';
  assert_int_equal(hk_rule_eval(hk_rule_find("A2"), &s, &f, &out), HK_VERDICT_PASS);
  hk_strlcpy(s.workspace.pricing_tier, "PREMIUM", sizeof(s.workspace.pricing_tier));
  assert_int_equal(hk_rule_eval(hk_rule_find("A2"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_non_null(strstr(out.fix, "pricing_tier = ENTERPRISE"));
  hk_facts_clear(&f);
}

/* F11: the root bucket policy with the console's Deny on the unity-catalog/ prefix (and
 * as heiiki now generates it) passes S3; a Deny on the whole bucket fails. */
static void test_s3_accepts_the_console_deny_and_refuses_a_bucket_deny(void **state)
{
  static const char *const allow =
    "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::414351767826:root\"},"
    "\"Action\":[\"s3:GetObject\",\"s3:GetObjectVersion\",\"s3:PutObject\",\"s3:DeleteObject\","
    "\"s3:ListBucket\",\"s3:GetBucketLocation\"],"
    "\"Resource\":[\"arn:aws:s3:::tokyo-closed-root/*\",\"arn:aws:s3:::tokyo-closed-root\"]}";
  struct hk_setup s;
  struct hk_facts f;
  struct hk_finding out;
  struct hk_error e;
  char doc[2048];
  char *gen;

  (void)state;
  tokyo(&s, &f);
  free(f.bucket.policy);
  snprintf(doc, sizeof(doc), "{\"Statement\":[%s,{\"Sid\":\"Prevent DBFS from accessing Unity Catalog "
           "metastore\",\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"arn:aws:iam::414351767826:root\"},"
           "\"Action\":[\"s3:*\"],\"Resource\":[\"arn:aws:s3:::tokyo-closed-root/unity-catalog/*\"]}]}", allow);
  f.bucket.policy = hk_strdup(doc);
  assert_int_equal(hk_rule_eval(hk_rule_find("S3"), &s, &f, &out), HK_VERDICT_PASS);
  /* what heiiki generates passes its own check */
  hk_error_clear(&e);
  gen = hk_policy_root_bucket(s.partition, "tokyo-closed-root", s.account_id, &e);
  assert_non_null(gen);
  assert_non_null(strstr(gen, "unity-catalog/*"));
  free(f.bucket.policy);
  f.bucket.policy = gen;
  assert_int_equal(hk_rule_eval(hk_rule_find("S3"), &s, &f, &out), HK_VERDICT_PASS);
  free(f.bucket.policy);
  snprintf(doc, sizeof(doc), "{\"Statement\":[%s,{\"Effect\":\"Deny\",\"Principal\":{\"AWS\":"
           "\"arn:aws:iam::414351767826:root\"},\"Action\":\"s3:*\","
           "\"Resource\":\"arn:aws:s3:::tokyo-closed-root/*\"}]}", allow);
  f.bucket.policy = hk_strdup(doc);
  assert_int_equal(hk_rule_eval(hk_rule_find("S3"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_non_null(strstr(out.message, "denies s3:*"));
  hk_facts_clear(&f);
}

static void test_shared_route_table_fixed_once_and_dns_reported_once(void **state)
{
  struct hk_setup s;
  struct hk_facts f;
  struct hk_finding out;
  const char *first;

  (void)state;
  tokyo(&s, &f);
  m_N4(&s, &f);        /* both cluster subnets use rtb-0private01 */
  assert_int_equal(hk_rule_eval(hk_rule_find("N4"), &s, &f, &out), HK_VERDICT_FAIL);
  first = strstr(out.fix, "delete-route");
  assert_non_null(first);
  assert_null(strstr(first + 1, "delete-route"));
  /* VPC DNS off: N1 blocks with the commands; E2 does not repeat it */
  m_N1(&s, &f);
  assert_int_equal(hk_rule_eval(hk_rule_find("N1"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_int_equal(hk_rule_eval(hk_rule_find("E2"), &s, &f, &out), HK_VERDICT_SKIP);
  hk_facts_clear(&f);
}

static void test_endpoints_to_create_are_checked_against_the_vpc(void **state)
{
  struct hk_setup s;
  struct hk_facts f;
  struct hk_finding out;
  struct hk_endpoint_answer *relay, *s3;

  (void)state;
  tokyo(&s, &f);
  relay = &s.endpoints[HK_EP_RELAY];
  relay->choice = HK_CREATE;
  hk_strlcpy(relay->subnet_ids[0], "subnet-0priv03", HK_ID_MAX);
  relay->n_subnets = 1;
  hk_strlcpy(relay->sg_id, "sg-03", HK_ID_MAX);
  s3 = &s.endpoints[HK_EP_S3];
  s3->choice = HK_CREATE;
  hk_strlcpy(s3->route_table_ids[0], "rtb-0private01", HK_ID_MAX);
  s3->n_route_tables = 1;
  assert_int_equal(hk_rule_eval(hk_rule_find("E1"), &s, &f, &out), HK_VERDICT_PASS);
  assert_int_equal(hk_rule_eval(hk_rule_find("N5"), &s, &f, &out), HK_VERDICT_PASS);
  assert_int_equal(hk_rule_eval(hk_rule_find("E3"), &s, &f, &out), HK_VERDICT_PASS);
  /* a typo in the subnet, a foreign SG, the S3 endpoint on the wrong table */
  hk_strlcpy(relay->subnet_ids[0], "subnet-0typo", HK_ID_MAX);
  assert_int_equal(hk_rule_eval(hk_rule_find("E1"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_non_null(strstr(out.message, "Subnet subnet-0typo, chosen for the Secure cluster connectivity relay endpoint, is not a subnet of VPC vpc-0tokyo"));
  hk_strlcpy(relay->subnet_ids[0], "subnet-0priv03", HK_ID_MAX);
  hk_strlcpy(relay->sg_id, "sg-0other", HK_ID_MAX);
  assert_int_equal(hk_rule_eval(hk_rule_find("E1"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_non_null(strstr(out.message, "sg-0other"));
  hk_strlcpy(s3->route_table_ids[0], "rtb-0private02", HK_ID_MAX);
  assert_int_equal(hk_rule_eval(hk_rule_find("N5"), &s, &f, &out), HK_VERDICT_FAIL);
  assert_non_null(strstr(out.message, "not put on route table rtb-0private01 of cluster subnet subnet-0priv01"));
  assert_non_null(strstr(out.fix, "endpoints.s3.route_tables"));
  hk_facts_clear(&f);
}

static void test_rule_table_is_consistent(void **state)
{
  size_t i, j;

  (void)state;
  for(i = 0; i < hk_n_rules; i++) {
    const struct hk_rule *r = &hk_rules[i];
    assert_non_null(r->check);
    assert_true(r->title[0] && r->fix[0]);
    assert_true(r->step < HK_STEP__COUNT);
    for(j = i + 1; j < hk_n_rules; j++)
      assert_string_not_equal(r->id, hk_rules[j].id);
  }
  /* the post-create rows */
  /* C3 (retry on IAM propagation) is the apply's wait, not a rule reading a
   * fact nothing fills (act_dbx_cred_wait.c) */
  assert_null(hk_rule_find("C3"));
  assert_int_equal(hk_rule_find("E4")->when, HK_AFTER_CREATE);
  assert_int_equal(hk_rule_find("N9")->when, HK_AFTER_CREATE);
  assert_int_equal(hk_rule_find("W2")->when, HK_AFTER_CREATE);
  assert_int_equal(hk_rule_find("D1")->when, HK_AFTER_CREATE);
  assert_int_equal(hk_rule_find("D2")->when, HK_AFTER_CREATE);
  assert_int_equal(hk_rule_find("N3")->when, HK_BEFORE_CREATE);
  assert_null(hk_rule_find("Z9"));
}

/* What the setup made (its journal's IDs) is its own: its registration, network
 * and PAS are not conflicts; the same objects held by another setup still are. */
static void test_own_objects_are_not_conflicts(void **state)
{
  static const struct {
    const char *rule;
    void (*mutate)(struct hk_setup *, struct hk_facts *);
    const char *own;
  } cases[] = {
    { "E8", m_E8, "dbx-vpce-relay" },
    { "N10", m_N10, "net-1" },
    { "P5", m_P5, NULL },
  };
  size_t i;

  (void)state;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct hk_setup s;
    struct hk_facts f;
    struct hk_finding out;
    const struct hk_rule *r = hk_rule_find(cases[i].rule);
    const char *own;

    tokyo(&s, &f);
    cases[i].mutate(&s, &f);
    assert_int_not_equal(hk_rule_eval(r, &s, &f, &out), HK_VERDICT_PASS);
    own = cases[i].own ? cases[i].own : f.dbx_pas[0].id;
    assert_true(hk_facts_set_own(&f, &own, 1));
    if(hk_rule_eval(r, &s, &f, &out) != HK_VERDICT_PASS)
      fail_msg("%s with its own object: %s", cases[i].rule, out.message);
    hk_facts_clear(&f);
  }
}

/* Proposed answers follow the rules: on the report's network, the two private
 * subnets sharing Private Route Table 01 and the self-referencing SG 02; the
 * endpoints existing where the VPC has them, else created in the endpoint
 * subnet with SG 03, STS/Kinesis/Glue reusing the relay's. */
static void test_defaults_from_the_account(void **state)
{
  struct hk_setup s, answered;
  struct hk_facts f;
  size_t i;
  int k;

  (void)state;
  tokyo(&s, &f);
  answered = s;
  s.network.n_subnets = 0;
  s.network.n_sgs = 0;
  assert_true(hk_defaults_network(&s, &f));
  assert_int_equal(s.network.n_subnets, 2);
  assert_string_equal(s.network.subnet_ids[0], "subnet-0priv01");
  assert_string_equal(s.network.subnet_ids[1], "subnet-0priv02");
  assert_int_equal(s.network.n_sgs, 1);
  assert_string_equal(s.network.sg_ids[0], "sg-02");
  assert_false(hk_defaults_network(&s, &f));          /* answered: nothing replaced */
  assert_int_equal(s.network.mode, HK_NET_EXISTING);
  {
    /* a VPC with no subnet (the seed tokyo-empty-vpc): heiiki builds the network in it,
     * the groups too (not the VPC's default group); subnets but no group: only the groups */
    struct hk_setup e = s;
    size_t keep = f.n_subnets;

    e.network.n_subnets = e.network.n_sgs = 0;
    f.n_subnets = 0;
    assert_true(hk_defaults_network(&e, &f));
    assert_int_equal(e.network.mode, HK_NET_CREATE_IN_VPC);
    assert_true(e.network.create_subnets && e.network.create_sgs);
    assert_int_equal(e.network.n_subnets + e.network.n_sgs, 0);
    assert_false(hk_defaults_network(&e, &f));        /* proposed once: an answer now */
    f.n_subnets = keep;
    e = s;
    e.network.n_subnets = e.network.n_sgs = 0;
    keep = f.n_sgs;
    f.n_sgs = 0;
    assert_true(hk_defaults_network(&e, &f));
    f.n_sgs = keep;
    assert_int_equal(e.network.mode, HK_NET_CREATE_IN_VPC);
    assert_false(e.network.create_subnets);
    assert_true(e.network.create_sgs);
    assert_int_equal(e.network.n_subnets, 2);
  }

  /* the VPC has every endpoint: each empty "existing" answer gets its ID */
  for(k = 0; k < HK_EP__COUNT; k++)
    s.endpoints[k].vpce_id[0] = '\0';
  assert_true(hk_defaults_endpoints(&s, &f));
  for(k = 0; k < HK_EP__COUNT; k++)
    if(s.endpoints[k].enabled && k != HK_EP_BACKEND_REST)
      assert_string_equal(s.endpoints[k].vpce_id, answered.endpoints[k].vpce_id);

  /* none exists: create, in the endpoint subnet, with the clusters' endpoint group */
  for(i = 0; i < f.n_endpoints; i++)
    aws_vpc_endpoint_clear(&f.endpoints[i]);
  f.n_endpoints = 0;
  for(k = 0; k < HK_EP__COUNT; k++)
    s.endpoints[k].vpce_id[0] = '\0';
  assert_true(hk_defaults_endpoints(&s, &f));
  assert_int_equal(s.endpoints[HK_EP_RELAY].choice, HK_CREATE);
  assert_string_equal(s.endpoints[HK_EP_RELAY].subnet_ids[0], "subnet-0priv03");
  assert_string_equal(s.endpoints[HK_EP_RELAY].sg_id, "sg-03");
  assert_string_equal(s.endpoints[HK_EP_WORKSPACE].sg_id, "sg-01");   /* lets clients in */
  for(k = HK_EP_STS; k <= HK_EP_GLUE; k++) {
    assert_int_equal(s.endpoints[k].choice, HK_CREATE);
    assert_string_equal(s.endpoints[k].subnet_ids[0], "subnet-0priv03");
    assert_string_equal(s.endpoints[k].sg_id, "sg-03");
  }
  assert_string_equal(s.endpoints[HK_EP_S3].route_table_ids[0], "rtb-0private01");
  /* a role trusting Databricks with this account's ID is reused; none: create */
  s.credential.choice = HK_CREATE;
  s.credential.role_arn[0] = '\0';
  hk_strlcpy(f.role.arn, "arn:aws:iam::123456789012:role/tokyo-cross-account", sizeof(f.role.arn));
  assert_true(hk_defaults_credential(&s, &f.role, 1));
  assert_int_equal(s.credential.choice, HK_EXISTING);
  assert_string_equal(s.credential.role_arn, f.role.arn);
  s.credential.choice = HK_CREATE;
  s.credential.role_arn[0] = '\0';
  assert_false(hk_defaults_credential(&s, &f.role, 0));
  assert_int_equal(s.credential.choice, HK_CREATE);
  s.client.n_client_cidrs = 0;
  assert_true(hk_defaults_client(&s, &f));
  assert_string_equal(s.client.client_cidrs[0], "203.0.113.0/24");
  hk_facts_clear(&f);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_tokyo_no_rule_fires),
    cmocka_unit_test(test_own_objects_are_not_conflicts),
    cmocka_unit_test(test_defaults_from_the_account),
    cmocka_unit_test(test_each_rule_fires_on_its_broken_fixture),
    cmocka_unit_test(test_every_rule_has_a_broken_fixture),
    cmocka_unit_test(test_failed_read_makes_dependent_rules_unknown),
    cmocka_unit_test(test_self_rules_block_only_when_closed),
    cmocka_unit_test(test_g4_ranges_all_traffic_and_gov),
    cmocka_unit_test(test_g4_needs_egress_443_to_s3),
    cmocka_unit_test(test_2443_only_with_the_compliance_security_profile),
    cmocka_unit_test(test_e3_checks_the_aws_service_endpoints),
    cmocka_unit_test(test_e4_state_ignores_case),
    cmocka_unit_test(test_e2_back_end_private_dns),
    cmocka_unit_test(test_e9_unknown_service),
    cmocka_unit_test(test_g5_custom_nacl_from_the_docs_passes),
    cmocka_unit_test(test_create_choices_skip_live_checks),
    cmocka_unit_test(test_a2_tier_is_per_workspace),
    cmocka_unit_test(test_s3_accepts_the_console_deny_and_refuses_a_bucket_deny),
    cmocka_unit_test(test_shared_route_table_fixed_once_and_dns_reported_once),
    cmocka_unit_test(test_endpoints_to_create_are_checked_against_the_vpc),
    cmocka_unit_test(test_rule_table_is_consistent),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
