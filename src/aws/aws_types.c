/* aws_types.c - freeing the heap parts of the AWS resource structs. */
#include "aws/aws_types.h"

#include <stdlib.h>
#include <string.h>

void aws_route_table_clear(struct aws_route_table *rt)
{
  if(!rt)
    return;
  free(rt->subnet_ids);
  free(rt->routes);
  rt->subnet_ids = NULL;
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
