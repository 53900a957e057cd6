/* plan_policies.c - the IAM documents a plan will put, shown in full before
 * the commit (`heiiki plan`, text and JSON, and the wizard's review, which
 * prints the same plan text).
 *
 * Today: the Unity Catalog role's trust and permissions of
 * metastore.mode = create (aws.uc.role.policy).  The trust's external ID is
 * the storage credential's, which exists only once apply has made it: the
 * plan shows a placeholder there, and apply puts the real value. */
#include "plan/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "core/hk_i18n.h"
#include "dbx/dbx_uc.h"
#include "plan/actions/actions.h"
#include "policy/policy.h"

static const struct hk_action *uc_policy_action(const struct hk_plan *p)
{
  const struct hk_action *a = hk_plan_find(p, "aws.uc.role.policy");

  return a && a->decision == HK_DEC_CREATE ? a : NULL;
}

size_t hk_plan_policies(const struct hk_plan *p, const struct hk_setup *s,
                        struct hk_plan_policy *out, size_t max)
{
  struct hk_uc_role r;
  char placeholder[HK_NAME_MAX + 64];
  size_t n = 0;

  if(!uc_policy_action(p) || max < 2)
    return 0;
  hk_act_uc_role(s, &r);
  hk_policy_uc_external_id_placeholder(s, placeholder, sizeof(placeholder));
  memset(out, 0, 2 * sizeof(*out));
  out[n].action = "aws.uc.role.policy";
  snprintf(out[n].title, sizeof(out[n].title), _("Unity Catalog role %s: trust policy"), r.name);
  snprintf(out[n].note, sizeof(out[n].note), "%s",
           _("The external ID is the storage credential's: heiiki creates the credential first "
             "and puts its external ID here (both statements)."));
  hk_error_clear(&out[n].err);
  out[n].document = hk_act_uc_trust(s, placeholder, &out[n].err);
  n++;
  out[n].action = "aws.uc.role.policy";
  snprintf(out[n].title, sizeof(out[n].title), _("Unity Catalog role %s: permissions"), r.name);
  snprintf(out[n].note, sizeof(out[n].note), _("Inline policy %s-unity-catalog on bucket %s."),
           s->name, s->metastore.bucket);
  hk_error_clear(&out[n].err);
  out[n].document = hk_act_uc_permissions(s, &out[n].err);
  n++;
  return n;
}

void hk_plan_policies_free(struct hk_plan_policy *v, size_t n)
{
  size_t i;

  for(i = 0; i < n; i++) {
    free(v[i].document);
    v[i].document = NULL;
  }
}
