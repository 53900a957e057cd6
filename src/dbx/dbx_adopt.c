/* dbx_adopt.c - adoption matching for every account object family. */
#include "dbx/dbx_adopt.h"

#include <stdio.h>
#include <string.h>

#include "core/hk_i18n.h"

static void set(struct dbx_adopt *out, enum dbx_adopt_kind kind, size_t i)
{
  out->kind = kind;
  out->index = i;
}

static void none(struct dbx_adopt *out)
{
  memset(out, 0, sizeof(*out));
}

/* Same set of IDs, order ignored (rows of width DBX_ID_MAX). */
static bool same_set(const char a[][DBX_ID_MAX], size_t na, const char b[][DBX_ID_MAX], size_t nb)
{
  size_t i, j;
  if(na != nb)
    return false;
  for(i = 0; i < na; i++) {
    for(j = 0; j < nb; j++)
      if(!strcmp(a[i], b[j]))
        break;
    if(j == nb)
      return false;
  }
  return true;
}

/* First id of a present in b, or NULL. */
static const char *shared(const char a[][DBX_ID_MAX], size_t na, const char b[][DBX_ID_MAX],
                          size_t nb)
{
  size_t i, j;
  for(i = 0; i < na; i++)
    for(j = 0; j < nb; j++)
      if(!strcmp(a[i], b[j]))
        return a[i];
  return NULL;
}

void dbx_adopt_credentials(const struct dbx_credentials *list, size_t n,
                           const struct dbx_credentials *want, struct dbx_adopt *out)
{
  size_t i;
  none(out);
  for(i = 0; i < n; i++) {
    if(strcmp(list[i].credentials_name, want->credentials_name))
      continue;
    if(!strcmp(list[i].role_arn, want->role_arn)) {
      set(out, DBX_ADOPT_SAME, i);
      return;
    }
    set(out, DBX_ADOPT_DIFFERS, i);
    snprintf(out->why, sizeof(out->why),
             _("credential configuration \"%s\" (%s) uses role %s, not %s"),
             list[i].credentials_name, list[i].credentials_id, list[i].role_arn, want->role_arn);
  }
}

void dbx_adopt_storage(const struct dbx_storage *list, size_t n, const struct dbx_storage *want,
                       struct dbx_adopt *out)
{
  size_t i;
  none(out);
  for(i = 0; i < n; i++) {
    if(strcmp(list[i].storage_configuration_name, want->storage_configuration_name))
      continue;
    if(!strcmp(list[i].bucket_name, want->bucket_name) &&
       (!want->role_arn[0] || !strcmp(list[i].role_arn, want->role_arn))) {
      set(out, DBX_ADOPT_SAME, i);
      return;
    }
    set(out, DBX_ADOPT_DIFFERS, i);
    snprintf(out->why, sizeof(out->why),
             _("storage configuration \"%s\" (%s) uses bucket %s%s%s, not %s"),
             list[i].storage_configuration_name, list[i].storage_configuration_id,
             list[i].bucket_name, list[i].role_arn[0] ? _(" with role ") : "", list[i].role_arn,
             want->bucket_name);
  }
}

void dbx_adopt_vpce(const struct dbx_vpce *list, size_t n, const struct dbx_vpce *want,
                    struct dbx_adopt *out)
{
  size_t i;
  none(out);
  for(i = 0; i < n; i++) {
    if(!strcmp(list[i].aws_vpc_endpoint_id, want->aws_vpc_endpoint_id)) {
      set(out, DBX_ADOPT_SAME, i);
      return;
    }
  }
  for(i = 0; i < n; i++) {
    if(!strcmp(list[i].vpc_endpoint_name, want->vpc_endpoint_name)) {
      set(out, DBX_ADOPT_DIFFERS, i);
      snprintf(out->why, sizeof(out->why),
               _("VPC endpoint registration \"%s\" (%s) is for %s, not %s"),
               list[i].vpc_endpoint_name, list[i].vpc_endpoint_id,
               list[i].aws_vpc_endpoint_id, want->aws_vpc_endpoint_id);
      return;
    }
  }
}

static bool network_content_same(const struct dbx_network *a, const struct dbx_network *b,
                                 char *why, size_t n)
{
  if(!same_set(a->security_group_ids, a->n_security_group_ids, b->security_group_ids,
               b->n_security_group_ids)) {
    snprintf(why, n, _("network configuration \"%s\" (%s) has other security groups"),
             a->network_name, a->network_id);
    return false;
  }
  if((b->n_rest_api_ids || b->n_dataplane_relay_ids) &&
     (!same_set(a->rest_api_ids, a->n_rest_api_ids, b->rest_api_ids, b->n_rest_api_ids) ||
      !same_set(a->dataplane_relay_ids, a->n_dataplane_relay_ids, b->dataplane_relay_ids,
                b->n_dataplane_relay_ids))) {
    snprintf(why, n, _("network configuration \"%s\" (%s) has other VPC endpoints"),
             a->network_name, a->network_id);
    return false;
  }
  return true;
}

void dbx_adopt_network(const struct dbx_network *list, size_t n, const struct dbx_network *want,
                       struct dbx_adopt *out)
{
  size_t i;
  const char *sub;
  none(out);
  for(i = 0; i < n; i++) {
    if(strcmp(list[i].vpc_id, want->vpc_id) ||
       !same_set(list[i].subnet_ids, list[i].n_subnet_ids, want->subnet_ids, want->n_subnet_ids))
      continue;
    if(network_content_same(&list[i], want, out->why, sizeof(out->why)))
      set(out, DBX_ADOPT_SAME, i);
    else
      set(out, DBX_ADOPT_DIFFERS, i);
    return;
  }
  for(i = 0; i < n; i++) {
    sub = shared(want->subnet_ids, want->n_subnet_ids, list[i].subnet_ids, list[i].n_subnet_ids);
    if(!sub)
      continue;
    set(out, DBX_ADOPT_DIFFERS, i);
    snprintf(out->why, sizeof(out->why),
             _("subnet %s is already used by network configuration \"%s\" (%s); a subnet can "
               "belong to one network configuration only"),
             sub, list[i].network_name, list[i].network_id);
    return;
  }
  for(i = 0; i < n; i++) {
    if(strcmp(list[i].network_name, want->network_name))
      continue;
    set(out, DBX_ADOPT_DIFFERS, i);
    snprintf(out->why, sizeof(out->why),
             _("network configuration \"%s\" (%s) uses VPC %s with other subnets"),
             list[i].network_name, list[i].network_id, list[i].vpc_id);
    return;
  }
}

void dbx_adopt_pas(const struct dbx_pas *list, size_t n, const struct dbx_pas *want,
                   struct dbx_adopt *out)
{
  size_t i;
  const char *lvl_want;
  none(out);
  lvl_want = want->private_access_level[0] ? want->private_access_level : "ACCOUNT";
  for(i = 0; i < n; i++) {
    const struct dbx_pas *p = &list[i];
    const char *lvl = p->private_access_level[0] ? p->private_access_level : "ACCOUNT";
    if(strcmp(p->private_access_settings_name, want->private_access_settings_name))
      continue;
    if(strcmp(p->region, want->region))
      snprintf(out->why, sizeof(out->why),
               _("private access settings \"%s\" (%s) are for region %s, not %s"),
               p->private_access_settings_name, p->private_access_settings_id, p->region,
               want->region);
    else if(p->public_access_enabled != want->public_access_enabled || strcmp(lvl, lvl_want) ||
            !same_set(p->allowed_vpc_endpoint_ids, p->n_allowed, want->allowed_vpc_endpoint_ids,
                      want->n_allowed))
      snprintf(out->why, sizeof(out->why),
               _("private access settings \"%s\" (%s) have public access %s, level %s and %zu "
                 "allowed endpoints"),
               p->private_access_settings_name, p->private_access_settings_id,
               p->public_access_enabled ? _("on") : _("off"), lvl, p->n_allowed);
    else {
      set(out, DBX_ADOPT_SAME, i);
      return;
    }
    set(out, DBX_ADOPT_DIFFERS, i);
    return;
  }
}

static const char *ws_diff(const struct dbx_workspace *a, const struct dbx_workspace *b)
{
  if(strcmp(a->aws_region, b->aws_region))
    return "aws_region";
  if(b->credentials_id[0] && strcmp(a->credentials_id, b->credentials_id))
    return "credentials_id";
  if(b->storage_configuration_id[0] &&
     strcmp(a->storage_configuration_id, b->storage_configuration_id))
    return "storage_configuration_id";
  if(b->network_id[0] && strcmp(a->network_id, b->network_id))
    return "network_id";
  if(b->private_access_settings_id[0] &&
     strcmp(a->private_access_settings_id, b->private_access_settings_id))
    return "private_access_settings_id";
  return NULL;
}

void dbx_adopt_workspace(const struct dbx_workspace *list, size_t n,
                         const struct dbx_workspace *want, struct dbx_adopt *out)
{
  size_t i;
  const char *d;
  none(out);
  for(i = 0; i < n; i++) {
    bool by_name = !strcmp(list[i].workspace_name, want->workspace_name);
    bool by_dep = want->deployment_name[0] &&
                  !strcmp(list[i].deployment_name, want->deployment_name);
    if(!by_name && !by_dep)
      continue;
    d = ws_diff(&list[i], want);
    if(!d) {
      set(out, DBX_ADOPT_SAME, i);
      return;
    }
    set(out, DBX_ADOPT_DIFFERS, i);
    snprintf(out->why, sizeof(out->why), _("workspace \"%s\" (%lld) has another %s"),
             list[i].workspace_name, (long long)list[i].workspace_id, d);
    if(by_dep)
      return;
  }
}

void dbx_adopt_metastore(const struct dbx_metastore *list, size_t n, const char *region,
                         struct dbx_adopt *out)
{
  size_t i;
  none(out);
  for(i = 0; i < n; i++) {
    if(!strcmp(list[i].region, region)) {
      set(out, DBX_ADOPT_SAME, i);
      return;
    }
  }
}
