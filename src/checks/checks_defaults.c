/* checks_defaults.c - answers proposed from the account (checks_defaults.h).
 *
 * The cluster subnets and security groups are judged by the network rules
 * themselves (hk_rule_eval of N3, N4, N6, G1-G4 on one candidate at a time),
 * so a proposal never contradicts what the step then checks.  Candidates are
 * taken in name order, then ID order: the same account gives the same
 * proposal every time. */
#include "checks/checks_defaults.h"

#include <stdlib.h>
#include <string.h>

#include "checks/checks_rules.h"
#include "checks/checks_util.h"
#include "core/hk_buf.h"
#include "setup/setup_assets.h"

#define MAX_CAND 64

void hk_defaults_new(struct hk_setup *s)
{
  s->credential.choice = HK_CREATE;
  s->storage.choice = HK_CREATE;
  s->endpoints[HK_EP_GLUE].enabled = true;
}

bool hk_defaults_vpc(const struct aws_vpc *v, size_t n, char *out, size_t out_n)
{
  const struct aws_vpc *pick = NULL;
  size_t i;

  for(i = 0; i < n; i++) {
    if(v[i].is_default)
      continue;
    if(pick)
      return false;             /* several: the operator chooses */
    pick = &v[i];
  }
  if(!pick)
    return false;
  hk_strlcpy(out, pick->vpc_id, out_n);
  return true;
}

static int by_name(const char *an, const char *aid, const char *bn, const char *bid)
{
  int c = strcmp(an, bn);

  return c ? c : strcmp(aid, bid);
}

static int subnet_cmp(const void *a, const void *b)
{
  const struct aws_subnet *x = *(const struct aws_subnet *const *)a;
  const struct aws_subnet *y = *(const struct aws_subnet *const *)b;

  return by_name(x->name, x->subnet_id, y->name, y->subnet_id);
}

static int sg_cmp(const void *a, const void *b)
{
  const struct aws_security_group *x = *(const struct aws_security_group *const *)a;
  const struct aws_security_group *y = *(const struct aws_security_group *const *)b;

  return by_name(x->group_name, x->group_id, y->group_name, y->group_id);
}

static bool rule_passes(const char *id, const struct hk_setup *s, const struct hk_facts *f)
{
  const struct hk_rule *r = hk_rule_find(id);
  struct hk_finding fd;
  enum hk_verdict v;

  if(!r)
    return true;
  v = hk_rule_eval(r, s, f, &fd);
  return v == HK_VERDICT_PASS || v == HK_VERDICT_SKIP;
}

/* ids: an array of n char[HK_ID_MAX] (const or not) */
static bool in_list(const void *list, int n, const char *id)
{
  const char(*ids)[HK_ID_MAX] = list;
  int i;

  for(i = 0; i < n; i++)
    if(strcmp(ids[i], id) == 0)
      return true;
  return false;
}

/* Subnets of the VPC one cluster subnet could be: private, /17-/26, not used
 * by another network configuration (N3, N4, N6 on that subnet alone). */
static size_t subnet_candidates(const struct hk_setup *s, const struct hk_facts *f,
                                const struct aws_subnet **out, bool cluster)
{
  struct hk_setup *t = malloc(sizeof(*t));
  size_t i, n = 0;

  if(!t)
    return 0;
  for(i = 0; i < f->n_subnets && n < MAX_CAND; i++) {
    const struct aws_subnet *c = &f->subnets[i];

    *t = *s;
    t->network.n_subnets = 1;
    hk_strlcpy(t->network.subnet_ids[0], c->subnet_id, sizeof(t->network.subnet_ids[0]));
    t->network.n_sgs = 0;
    if(!rule_passes("N4", t, f))
      continue;
    if(cluster && (!rule_passes("N3", t, f) || !rule_passes("N6", t, f)))
      continue;
    if(!cluster && in_list(s->network.subnet_ids, s->network.n_subnets, c->subnet_id))
      continue;
    out[n++] = c;
  }
  free(t);
  if(n > 1)
    qsort(out, n, sizeof(*out), subnet_cmp);
  return n;
}

static const char *rt_of(const struct hk_facts *f, const struct aws_subnet *sn)
{
  const struct aws_route_table *rt = hk_facts_route_table_for(f, sn->subnet_id);

  return rt ? rt->route_table_id : "";
}

/* One subnet per zone out of cand[] whose route table is rt ("" = any). */
static int pick_zones(const struct aws_subnet **cand, size_t n, const struct hk_facts *f,
                      const char *rt, const struct aws_subnet **out)
{
  int k = 0, j;
  size_t i;

  for(i = 0; i < n && k < HK_MAX_SUBNETS; i++) {
    bool seen = false;

    if(rt && strcmp(rt_of(f, cand[i]), rt) != 0)
      continue;
    for(j = 0; j < k; j++)
      seen = seen || strcmp(out[j]->az, cand[i]->az) == 0;
    if(!seen)
      out[k++] = cand[i];
  }
  return k;
}

static bool default_subnets(struct hk_setup *s, const struct hk_facts *f)
{
  const struct aws_subnet *cand[MAX_CAND] = { NULL }, *pick[HK_MAX_SUBNETS] = { NULL };
  size_t n = subnet_candidates(s, f, cand, true), i;
  int k = 0, j;

  /* the cluster subnets share one route table (the S3 gateway route goes there) */
  for(i = 0; i < n && k < 2; i++)
    k = pick_zones(cand, n, f, rt_of(f, cand[i]), pick);
  if(k < 2)
    k = pick_zones(cand, n, f, NULL, pick);
  if(k < 2)
    return false;               /* the rules want two zones: the operator chooses */
  if(k > 2)
    k = 2;
  for(j = 0; j < k; j++)
    hk_strlcpy(s->network.subnet_ids[j], pick[j]->subnet_id, sizeof(s->network.subnet_ids[0]));
  s->network.n_subnets = k;
  return true;
}

static size_t sorted_sgs(const struct hk_facts *f, const struct aws_security_group **out)
{
  size_t i, n = 0;

  for(i = 0; i < f->n_sgs && n < MAX_CAND; i++)
    out[n++] = &f->sgs[i];
  if(n > 1)
    qsort(out, n, sizeof(*out), sg_cmp);
  return n;
}

static bool default_sgs(struct hk_setup *s, const struct hk_facts *f)
{
  static const char *const rules[] = { "G1", "G2", "G3", "G4", "N6" };
  const struct aws_security_group *cand[MAX_CAND] = { NULL };
  size_t n = sorted_sgs(f, cand), i, r;
  struct hk_setup *t = malloc(sizeof(*t));
  bool done = false;

  if(!t)
    return false;
  for(i = 0; i < n && !done; i++) {
    bool ok = true;

    *t = *s;
    t->network.n_sgs = 1;
    hk_strlcpy(t->network.sg_ids[0], cand[i]->group_id, sizeof(t->network.sg_ids[0]));
    for(r = 0; ok && r < sizeof(rules) / sizeof(rules[0]); r++)
      ok = rule_passes(rules[r], t, f);
    if(!ok)
      continue;
    s->network.n_sgs = 1;
    hk_strlcpy(s->network.sg_ids[0], cand[i]->group_id, sizeof(s->network.sg_ids[0]));
    done = true;
  }
  free(t);
  return done;
}

bool hk_defaults_network(struct hk_setup *s, const struct hk_facts *f)
{
  bool filled = false;

  bool fresh = s->network.mode == HK_NET_EXISTING && s->network.n_subnets == 0 &&
               s->network.n_sgs == 0;

  if(!s->network.vpc_id[0] || !f->vpc_found)
    return false;
  if(s->network.n_subnets == 0 && !hk_net_creates_subnets(s))
    filled = default_subnets(s, f) || filled;
  if(s->network.n_sgs == 0 && !hk_net_creates_sgs(s))
    filled = default_sgs(s, f) || filled;
  if(!fresh || (s->network.n_subnets > 0 && s->network.n_sgs > 0))
    return filled;
  /* the VPC has no cluster subnets (or no cluster group) that pass the network
   * rules: heiiki builds them in it (issue 18).  Without subnets it builds the
   * whole layout, groups included (the report's SG 02 goes with its subnets,
   * not a group that happens to pass, such as the VPC's default one). */
  s->network.mode = HK_NET_CREATE_IN_VPC;
  s->network.create_subnets = s->network.n_subnets == 0;
  s->network.create_sgs = s->network.n_subnets == 0 || s->network.n_sgs == 0;
  if(s->network.create_sgs)
    s->network.n_sgs = 0;
  return true;
}

/* --- endpoints --- */

static bool service_of(const struct hk_setup *s, enum hk_ep_kind k, char *out, size_t n)
{
  const struct hk_check_tables *t;

  if(k == HK_EP_WORKSPACE || k == HK_EP_BACKEND_REST || k == HK_EP_RELAY) {
    const struct hk_region_info *ri = hk_assets_region(s->region, s->partition);

    if(!ri)
      return false;
    hk_strlcpy(out, k == HK_EP_RELAY ? ri->relay_service : ri->workspace_service, n);
    return out[0] != '\0';
  }
  t = hk_check_tables(NULL);
  return t && hk_aws_service_name(t, hk_ep_key(k), s->region, out, n, NULL, 0);
}

static bool endpoint_usable(const struct aws_vpc_endpoint *e)
{
  return strcmp(e->state, "rejected") != 0 && strcmp(e->state, "deleted") != 0 &&
         strcmp(e->state, "deleting") != 0 && strcmp(e->state, "failed") != 0 &&
         strcmp(e->state, "expired") != 0;
}

/* The VPC's endpoint to the kind's service, lowest ID first; NULL if none. */
static const struct aws_vpc_endpoint *existing_endpoint(const struct hk_setup *s,
                                                        const struct hk_facts *f,
                                                        enum hk_ep_kind k)
{
  const struct aws_vpc_endpoint *best = NULL;
  char svc[160];
  size_t i;

  if(!service_of(s, k, svc, sizeof(svc)))
    return NULL;
  for(i = 0; i < f->n_endpoints; i++) {
    const struct aws_vpc_endpoint *e = &f->endpoints[i];

    if(strcmp(e->service_name, svc) != 0 || !endpoint_usable(e))
      continue;
    if(!best || strcmp(e->vpce_id, best->vpce_id) < 0)
      best = e;
  }
  return best;
}

/* The group lets a cluster security group in on TCP 443. */
static bool admits_clusters(const struct hk_setup *s, const struct aws_security_group *g)
{
  size_t i;

  for(i = 0; i < g->n_ingress; i++)
    if(in_list(s->network.sg_ids, s->network.n_sgs, g->ingress[i].group_id) &&
       hk_sg_rule_covers(&g->ingress[i], "tcp", 443, 443))
      return true;
  return false;
}

/* The group lets an address range in on TCP 443 (client machines). */
static bool admits_clients(const struct aws_security_group *g)
{
  size_t i;

  for(i = 0; i < g->n_ingress; i++)
    if(g->ingress[i].cidr[0] && hk_sg_rule_covers(&g->ingress[i], "tcp", 443, 443))
      return true;
  return false;
}

/* An endpoint security group: not a cluster group, lets the clusters in; the
 * front end prefers one that also lets clients in, the others one that does not
 * (the report's SG 01 and SG 03). */
static const struct aws_security_group *endpoint_sg(const struct hk_setup *s,
                                                    const struct hk_facts *f, bool front)
{
  const struct aws_security_group *cand[MAX_CAND] = { NULL }, *fallback = NULL;
  size_t n = sorted_sgs(f, cand), i;

  for(i = 0; i < n; i++) {
    if(in_list(s->network.sg_ids, s->network.n_sgs, cand[i]->group_id) ||
       !admits_clusters(s, cand[i]))
      continue;
    if(admits_clients(cand[i]) == front)
      return cand[i];
    if(!fallback)
      fallback = cand[i];
  }
  return fallback;
}

static bool in_list24(const char (*ids)[24], int n, const char *id)
{
  int i;

  for(i = 0; i < n; i++)
    if(strcmp(ids[i], id) == 0)
      return true;
  return false;
}

static void add_rt(struct hk_endpoint_answer *a, const char *id)
{
  if(!id[0] || a->n_route_tables >= HK_MAX_SUBNETS ||
     in_list(a->route_table_ids, a->n_route_tables, id))
    return;
  hk_strlcpy(a->route_table_ids[a->n_route_tables++], id, sizeof(a->route_table_ids[0]));
}

static bool default_create(struct hk_setup *s, const struct hk_facts *f, enum hk_ep_kind k)
{
  struct hk_endpoint_answer *a = &s->endpoints[k];
  const struct hk_endpoint_answer *relay = &s->endpoints[HK_EP_RELAY];
  const struct aws_subnet *cand[MAX_CAND] = { NULL };
  bool filled = false;
  int i;

  if(k == HK_EP_S3) {
    for(i = 0; a->n_route_tables == 0 && i < s->network.n_subnets; i++) {
      const struct aws_route_table *rt = hk_facts_route_table_for(f, s->network.subnet_ids[i]);

      if(rt)
        add_rt(a, rt->route_table_id);
      filled = true;
    }
    return filled;
  }
  if(a->n_subnets == 0) {
    if(k != HK_EP_RELAY && k != HK_EP_WORKSPACE && relay->choice == HK_CREATE &&
       relay->n_subnets > 0) {
      memcpy(a->subnet_ids, relay->subnet_ids, sizeof(a->subnet_ids));
      a->n_subnets = relay->n_subnets;
      filled = true;
    } else if(subnet_candidates(s, f, cand, false) > 0) {
      hk_strlcpy(a->subnet_ids[0], cand[0]->subnet_id, sizeof(a->subnet_ids[0]));
      a->n_subnets = 1;
      filled = true;
    }
  }
  if(!a->sg_id[0]) {
    const struct aws_security_group *g;

    if(k != HK_EP_RELAY && k != HK_EP_WORKSPACE && relay->choice == HK_CREATE && relay->sg_id[0]) {
      hk_strlcpy(a->sg_id, relay->sg_id, sizeof(a->sg_id));
      filled = true;
    } else if((g = endpoint_sg(s, f, k == HK_EP_WORKSPACE)) != NULL) {
      hk_strlcpy(a->sg_id, g->group_id, sizeof(a->sg_id));
      filled = true;
    }
  }
  return filled;
}

bool hk_defaults_endpoints(struct hk_setup *s, const struct hk_facts *f)
{
  /* the relay first: STS, Kinesis and Glue reuse its subnet and group */
  static const enum hk_ep_kind order[] = { HK_EP_RELAY, HK_EP_WORKSPACE, HK_EP_BACKEND_REST,
                                           HK_EP_S3, HK_EP_STS, HK_EP_KINESIS, HK_EP_GLUE };
  bool filled = false;
  size_t i;

  if(!s->network.vpc_id[0] || !f->vpc_found)
    return false;
  for(i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
    enum hk_ep_kind k = order[i];
    struct hk_endpoint_answer *a = &s->endpoints[k];

    if(!a->enabled || (k == HK_EP_BACKEND_REST && s->backend_shared))
      continue;
    if(a->choice == HK_EXISTING && !a->vpce_id[0]) {
      const struct aws_vpc_endpoint *e = existing_endpoint(s, f, k);

      if(e)
        hk_strlcpy(a->vpce_id, e->vpce_id, sizeof(a->vpce_id));
      else
        a->choice = HK_CREATE;
      filled = true;
    }
    if(a->choice == HK_CREATE)
      filled = default_create(s, f, k) || filled;
  }
  return filled;
}

static int role_cmp(const void *a, const void *b)
{
  const struct aws_role *x = *(const struct aws_role *const *)a;
  const struct aws_role *y = *(const struct aws_role *const *)b;

  return by_name(x->role_name, x->arn, y->role_name, y->arn);
}

bool hk_defaults_credential(struct hk_setup *s, const struct aws_role *roles, size_t n)
{
  const struct aws_role **sorted = NULL;
  struct hk_setup *t = NULL;
  struct hk_facts *f = NULL;
  bool chosen = false;
  size_t i;

  if(s->credential.choice != HK_CREATE || s->credential.role_arn[0] || n == 0)
    return false;
  sorted = calloc(n, sizeof(*sorted));
  t = malloc(sizeof(*t));
  f = calloc(1, sizeof(*f));
  if(!sorted || !t || !f)
    goto out;
  for(i = 0; i < n; i++)
    sorted[i] = &roles[i];
  if(n > 1)
    qsort(sorted, n, sizeof(*sorted), role_cmp);
  hk_facts_init(f);
  f->landed = HK_READ_ROLE;
  f->role_found = true;
  for(i = 0; i < n && !chosen; i++) {
    *t = *s;
    t->credential.choice = HK_EXISTING;
    hk_strlcpy(t->credential.role_arn, sorted[i]->arn, sizeof(t->credential.role_arn));
    f->role = *sorted[i];          /* borrowed: not freed with f */
    if(!rule_passes("C1", t, f))
      continue;
    s->credential.choice = HK_EXISTING;
    hk_strlcpy(s->credential.role_arn, sorted[i]->arn, sizeof(s->credential.role_arn));
    chosen = true;
  }
  memset(&f->role, 0, sizeof(f->role));
out:
  free(sorted);
  free(t);
  free(f);
  return chosen;
}

bool hk_defaults_client(struct hk_setup *s, const struct hk_facts *f)
{
  const struct hk_endpoint_answer *a = &s->endpoints[HK_EP_WORKSPACE];
  const struct aws_security_group *g;
  size_t i;

  if(s->client.n_client_cidrs > 0 || !a->enabled || a->choice != HK_CREATE || !a->sg_id[0])
    return false;
  g = hk_facts_sg(f, a->sg_id);
  for(i = 0; g && i < g->n_ingress && s->client.n_client_cidrs < HK_MAX_CIDRS; i++) {
    const struct aws_sg_rule *r = &g->ingress[i];

    if(r->cidr[0] && strcmp(r->cidr, "0.0.0.0/0") != 0 && hk_sg_rule_covers(r, "tcp", 443, 443) &&
       !in_list24(s->client.client_cidrs, s->client.n_client_cidrs, r->cidr))
      hk_strlcpy(s->client.client_cidrs[s->client.n_client_cidrs++], r->cidr,
                 sizeof(s->client.client_cidrs[0]));
  }
  return s->client.n_client_cidrs > 0;
}
