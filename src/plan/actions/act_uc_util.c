/* act_uc_util.c - what the Unity Catalog actions of metastore.mode = create
 * share: the UC role from metastore.role_arn, the bucket URL, the role's two
 * policies (src/policy/policy_uc.c), and the names of the storage objects.
 *
 * Design ([SRA] aws/tf/modules/databricks_account/unity_catalog_metastore_creation
 * and databricks_workspace/unity_catalog_catalog_creation): the metastore has
 * no root; the bucket is reached through a storage credential and an external
 * location, and catalogs get their own managed location there. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_uc.h"
#include "policy/policy.h"

bool hk_act_uc_on(const struct hk_setup *s)
{
  return s->metastore.choice == HK_CREATE;
}

void hk_act_uc_role(const struct hk_setup *s, struct hk_uc_role *r)
{
  const char *arn = s->metastore.role_arn;
  const char *iam = strstr(arn, ":iam::");
  const char *role = strstr(arn, ":role/");
  const char *slash;

  memset(r, 0, sizeof(*r));
  if(iam && role && role > iam + 6 && (size_t)(role - (iam + 6)) < sizeof(r->account))
    memcpy(r->account, iam + 6, (size_t)(role - (iam + 6)));
  if(!role)
    return;
  slash = strrchr(role, '/');
  hk_strlcpy(r->name, slash + 1, sizeof(r->name));
  /* the path is what lies between "role" and the name: "/" or "/a/b/" */
  if((size_t)(slash - (role + 5)) + 2 <= sizeof(r->path))
    snprintf(r->path, sizeof(r->path), "%.*s/", (int)(slash - (role + 5)), role + 5);
  if(!r->path[0])
    hk_strlcpy(r->path, "/", sizeof(r->path));
}

void hk_act_uc_url(const struct hk_setup *s, char *out, size_t n)
{
  snprintf(out, n, "s3://%s/", s->metastore.bucket);
}

void hk_act_uc_name(const struct hk_setup *s, const char *suffix, char *out, size_t n)
{
  snprintf(out, n, "%s-%s", s->name, suffix);
}

char *hk_act_uc_trust(const struct hk_setup *s, const char *external_id, struct hk_error *err)
{
  struct hk_uc_role r;

  hk_act_uc_role(s, &r);
  return hk_policy_uc_trust(s->partition, r.account, r.name, external_id, err);
}

char *hk_act_uc_permissions(const struct hk_setup *s, struct hk_error *err)
{
  struct hk_uc_role r;

  hk_act_uc_role(s, &r);
  return hk_policy_uc_permissions(s->partition, r.account, r.name, s->metastore.bucket, NULL,
                                  err);
}
