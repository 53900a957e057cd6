/* aws_types.c - freeing the heap parts of the AWS resource structs. */
#include "aws/aws_types.h"

#include <stdlib.h>
#include <string.h>

void aws_route_table_clear(struct aws_route_table *rt)
{
  if(!rt)
    return;
  free(rt->subnet_ids);
  free(rt->assoc_ids);
  free(rt->routes);
  rt->subnet_ids = NULL;
  rt->assoc_ids = NULL;
  rt->n_subnet_ids = 0;
  rt->routes = NULL;
  rt->n_routes = 0;
}

void aws_security_group_clear(struct aws_security_group *sg)
{
  if(!sg)
    return;
  free(sg->ingress);
  free(sg->egress);
  sg->ingress = NULL;
  sg->n_ingress = 0;
  sg->egress = NULL;
  sg->n_egress = 0;
}

void aws_nacl_clear(struct aws_nacl *n)
{
  if(!n)
    return;
  free(n->subnet_ids);
  free(n->entries);
  n->subnet_ids = NULL;
  n->n_subnet_ids = 0;
  n->entries = NULL;
  n->n_entries = 0;
}

void aws_vpc_endpoint_clear(struct aws_vpc_endpoint *e)
{
  if(!e)
    return;
  free(e->subnet_ids);
  free(e->group_ids);
  free(e->route_table_ids);
  free(e->eni_ids);
  free(e->policy_document);
  e->subnet_ids = NULL;
  e->n_subnet_ids = 0;
  e->group_ids = NULL;
  e->n_group_ids = 0;
  e->route_table_ids = NULL;
  e->n_route_table_ids = 0;
  e->eni_ids = NULL;
  e->n_eni_ids = 0;
  e->policy_document = NULL;
}

void aws_role_clear(struct aws_role *r)
{
  if(!r)
    return;
  free(r->assume_role_policy);
  r->assume_role_policy = NULL;
}

void aws_role_policy_clear(struct aws_role_policy *p)
{
  if(!p)
    return;
  free(p->document);
  p->document = NULL;
}

void aws_bucket_info_clear(struct aws_bucket_info *b)
{
  if(!b)
    return;
  free(b->policy);
  b->policy = NULL;
}

void aws_vpce_service_clear(struct aws_vpce_service *s)
{
  if(!s)
    return;
  free(s->azs);
  s->azs = NULL;
  s->n_azs = 0;
}

void aws_prefix_list_clear(struct aws_prefix_list *p)
{
  if(!p)
    return;
  free(p->cidrs);
  p->cidrs = NULL;
  p->n_cidrs = 0;
}

void aws_instance_profile_clear(struct aws_instance_profile *p)
{
  if(!p)
    return;
  free(p->role_names);
  p->role_names = NULL;
  p->n_role_names = 0;
}

#define AWS_FREE_FLAT(fn, type) \
  void fn(type *a, size_t n)    \
  {                             \
    (void)n;                    \
    free(a);                    \
  }

#define AWS_FREE_DEEP(fn, type, clear) \
  void fn(type *a, size_t n)           \
  {                                    \
    size_t i;                          \
    if(!a)                             \
      return;                          \
    for(i = 0; i < n; i++)             \
      clear(&a[i]);                    \
    free(a);                           \
  }

AWS_FREE_FLAT(aws_vpcs_free, struct aws_vpc)
AWS_FREE_FLAT(aws_subnets_free, struct aws_subnet)
AWS_FREE_FLAT(aws_azs_free, struct aws_az)
AWS_FREE_FLAT(aws_enis_free, struct aws_eni)
AWS_FREE_FLAT(aws_igws_free, struct aws_igw)
AWS_FREE_FLAT(aws_sim_results_free, struct aws_sim_result)
AWS_FREE_FLAT(aws_attached_policies_free, struct aws_attached_policy)
AWS_FREE_DEEP(aws_route_tables_free, struct aws_route_table, aws_route_table_clear)
AWS_FREE_DEEP(aws_security_groups_free, struct aws_security_group, aws_security_group_clear)
AWS_FREE_DEEP(aws_nacls_free, struct aws_nacl, aws_nacl_clear)
AWS_FREE_DEEP(aws_vpc_endpoints_free, struct aws_vpc_endpoint, aws_vpc_endpoint_clear)
AWS_FREE_DEEP(aws_vpce_services_free, struct aws_vpce_service, aws_vpce_service_clear)
AWS_FREE_DEEP(aws_prefix_lists_free, struct aws_prefix_list, aws_prefix_list_clear)
