/* checks_facts.c - the facts snapshot: landing reads, look-ups, subnet capacity. */
#include "checks/checks_facts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/checks_util.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

static const char *const read_labels[] = {
#define HK_X_READ(e, label) label,
  HK_READ_TABLE(HK_X_READ)
#undef HK_X_READ
};

const char *hk_read_label(enum hk_read_index i)
{
  if((int)i < 0 || i >= HK_READ__COUNT)
    return "?";
  return read_labels[i];
}

void hk_facts_init(struct hk_facts *f)
{
  memset(f, 0, sizeof(*f));
  f->vpc.dns_support = -1;
  f->vpc.dns_hostnames = -1;
  f->bucket.block_public_acls = -1;
  f->bucket.ignore_public_acls = -1;
  f->bucket.block_public_policy = -1;
  f->bucket.restrict_public_buckets = -1;
  f->uc_bucket = f->bucket;
}

void hk_facts_clear(struct hk_facts *f)
{
  size_t i;

  if(!f)
    return;
  free(f->own);
  f->own = NULL;
  f->n_own = 0;
  free(f->subnets);
  for(i = 0; i < f->n_route_tables; i++)
    aws_route_table_clear(&f->route_tables[i]);
  free(f->route_tables);
  for(i = 0; i < f->n_sgs; i++)
    aws_security_group_clear(&f->sgs[i]);
  free(f->sgs);
  for(i = 0; i < f->n_nacls; i++)
    aws_nacl_clear(&f->nacls[i]);
  free(f->nacls);
  for(i = 0; i < f->n_endpoints; i++)
    aws_vpc_endpoint_clear(&f->endpoints[i]);
  free(f->endpoints);
  free(f->enis);
  free(f->igws);
  aws_prefix_list_clear(&f->s3_prefix_list);
  aws_vpce_services_free(f->ep_services, f->n_ep_services);
  aws_role_clear(&f->role);
  for(i = 0; i < f->n_role_policies; i++)
    aws_role_policy_clear(&f->role_policies[i]);
  free(f->role_policies);
  free(f->sim);
  aws_bucket_info_clear(&f->bucket);
  aws_bucket_info_clear(&f->uc_bucket);
  free(f->dbx_networks);
  free(f->dbx_vpces);
  free(f->dbx_pas);
  free(f->dbx_metastores);
  free(f->dbx_workspaces);
  hk_facts_init(f);
}

void hk_facts_landed(struct hk_facts *f, hk_reads read, const char *sentence)
{
  int i;

  f->landed |= read;
  if(!sentence)
    return;
  f->failed |= read;
  for(i = 0; i < HK_READ__COUNT; i++)
    if(read & ((hk_reads)1u << i))
      hk_strlcpy(f->err[i], sentence, sizeof(f->err[i]));
}

bool hk_facts_has(const struct hk_facts *f, hk_reads reads)
{
  return (f->landed & reads) == reads;
}

const char *hk_facts_failure(const struct hk_facts *f, hk_reads reads)
{
  int i;
  hk_reads bad = f->failed & reads;

  for(i = 0; i < HK_READ__COUNT; i++)
    if(bad & ((hk_reads)1u << i))
      return f->err[i][0] ? f->err[i] : hk_read_label((enum hk_read_index)i);
  return NULL;
}

const struct aws_subnet *hk_facts_subnet(const struct hk_facts *f, const char *subnet_id)
{
  size_t i;

  for(i = 0; i < f->n_subnets; i++)
    if(strcmp(f->subnets[i].subnet_id, subnet_id) == 0)
      return &f->subnets[i];
  return NULL;
}

const struct aws_security_group *hk_facts_sg(const struct hk_facts *f, const char *group_id)
{
  size_t i;

  for(i = 0; i < f->n_sgs; i++)
    if(strcmp(f->sgs[i].group_id, group_id) == 0)
      return &f->sgs[i];
  return NULL;
}

const struct aws_vpc_endpoint *hk_facts_endpoint(const struct hk_facts *f, const char *vpce_id)
{
  size_t i;

  for(i = 0; i < f->n_endpoints; i++)
    if(strcmp(f->endpoints[i].vpce_id, vpce_id) == 0)
      return &f->endpoints[i];
  return NULL;
}

const struct aws_vpce_service *hk_facts_ep_service(const struct hk_facts *f, const char *name)
{
  size_t i;

  for(i = 0; i < f->n_ep_services; i++)
    if(strcmp(f->ep_services[i].service_name, name) == 0)
      return &f->ep_services[i];
  return NULL;
}

const struct aws_route_table *hk_facts_route_table_for(const struct hk_facts *f,
                                                       const char *subnet_id)
{
  const struct aws_route_table *main_rt = NULL;
  size_t i, j;

  for(i = 0; i < f->n_route_tables; i++) {
    const struct aws_route_table *rt = &f->route_tables[i];
    for(j = 0; j < rt->n_subnet_ids; j++)
      if(strcmp(rt->subnet_ids[j], subnet_id) == 0)
        return rt;
    if(rt->is_main && (!f->vpc_found || strcmp(rt->vpc_id, f->vpc.vpc_id) == 0 || !rt->vpc_id[0]))
      main_rt = rt;
  }
  return main_rt;
}

const struct aws_nacl *hk_facts_nacl_for(const struct hk_facts *f, const char *subnet_id)
{
  size_t i, j;

  for(i = 0; i < f->n_nacls; i++)
    for(j = 0; j < f->nacls[i].n_subnet_ids; j++)
      if(strcmp(f->nacls[i].subnet_ids[j], subnet_id) == 0)
        return &f->nacls[i];
  return NULL;
}

const struct hk_dbx_vpce_ref *hk_facts_dbx_vpce_by_aws(const struct hk_facts *f,
                                                       const char *aws_vpce_id)
{
  size_t i;

  for(i = 0; i < f->n_dbx_vpces; i++)
    if(strcmp(f->dbx_vpces[i].aws_vpce_id, aws_vpce_id) == 0)
      return &f->dbx_vpces[i];
  return NULL;
}

int hk_subnet_capacity(int prefix)
{
  long long addrs;

  if(prefix < 0 || prefix > 32)
    return -1;
  addrs = 1LL << (32 - prefix);
  if(addrs <= 5)
    return 0;
  return (int)((addrs - 5) / 2);
}

void hk_subnet_capacity_format(const char *cidr, char *out, size_t n)
{
  struct hk_cidr c;

  if(n == 0)
    return;
  out[0] = '\0';
  if(!hk_cidr_parse(cidr, &c))
    return;
  snprintf(out, n, _("%s \xe2\x80\x94 %d nodes ((2^%d \xe2\x88\x92 5) / 2)"), cidr,
           hk_subnet_capacity(c.prefix), 32 - c.prefix);
}

bool hk_facts_set_own(struct hk_facts *f, const char *const *ids, size_t n)
{
  size_t i;

  free(f->own);
  f->own = NULL;
  f->n_own = 0;
  if(n == 0)
    return true;
  f->own = calloc(n, sizeof(*f->own));
  if(!f->own)
    return false;
  for(i = 0; i < n; i++)
    if(ids[i] && ids[i][0])
      hk_strlcpy(f->own[f->n_own++], ids[i], sizeof(f->own[0]));
  return true;
}

bool hk_facts_own(const struct hk_facts *f, const char *id)
{
  size_t i;

  for(i = 0; id && id[0] && i < f->n_own; i++)
    if(strcmp(f->own[i], id) == 0)
      return true;
  return false;
}
