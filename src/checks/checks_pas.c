/* checks_pas.c - rules P1-P6: private access settings. */
#include "checks/checks_rules.h"

#include <string.h>

#include "checks/checks_util.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

/* The account's private access settings of the setup's name, or NULL. */
static const struct hk_dbx_pas_ref *same_name(const struct hk_setup *s, const struct hk_facts *f)
{
  size_t i;

  for(i = 0; i < f->n_dbx_pas; i++)
    if(strcmp(f->dbx_pas[i].name, s->pas.name) == 0)
      return &f->dbx_pas[i];
  return NULL;
}

enum hk_verdict hk_check_P1(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct hk_dbx_pas_ref *p = same_name(s, f);

  if(p && strcmp(p->region, s->region) != 0) {
    hk_say(out, HK_VERDICT_FAIL, _("The private access settings \"%s\" (%s) are for region %s; the workspace is in %s and settings are shared only within a region."),
           p->name, p->id, p->region, s->region);
    hk_fix(out, _("Choose another name (private_access.name); heiiki then creates settings in %s."), s->region);
    return HK_VERDICT_FAIL;
  }
  return hk_say(out, HK_VERDICT_PASS, _("The private access settings are for %s."), s->region);
}

enum hk_verdict hk_check_P2(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct hk_dbx_pas_ref *p = same_name(s, f);

  if(p && p->level[0] && strcmp(p->level, "ACCOUNT") != 0 && strcmp(p->level, "ENDPOINT") != 0) {
    hk_say(out, HK_VERDICT_FAIL, _("The private access settings \"%s\" have the level %s; only ACCOUNT and ENDPOINT exist now."),
           p->name, p->level);
    hk_fix(out, _("Choose another name so heiiki creates new settings, or update these to ACCOUNT or ENDPOINT."));
    return HK_VERDICT_FAIL;
  }
  return hk_say(out, HK_VERDICT_PASS, _("The private access level is %s."),
                s->pas.level == HK_PAS_ENDPOINT ? "ENDPOINT" : "ACCOUNT");
}

enum hk_verdict hk_check_P3(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  (void)f;
  if(s->pas.level != HK_PAS_ENDPOINT)
    return hk_say(out, HK_VERDICT_SKIP, _("The ACCOUNT level takes no endpoint list."));
  if(!s->endpoints[HK_EP_WORKSPACE].enabled) {
    hk_say(out, HK_VERDICT_FAIL, _("The ENDPOINT level allows only listed front-end endpoints, but the setup has no workspace (front-end) endpoint."));
    return HK_VERDICT_FAIL;
  }
  return hk_say(out, HK_VERDICT_PASS, _("The ENDPOINT level allows the workspace endpoint's Databricks registration."));
}

enum hk_verdict hk_check_P4(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  bool front = s->endpoints[HK_EP_WORKSPACE].enabled;
  bool back = s->endpoints[HK_EP_RELAY].enabled &&
              (s->backend_shared ? front : s->endpoints[HK_EP_BACKEND_REST].enabled);

  (void)f;
  if(s->pas.public_access)
    return hk_say(out, HK_VERDICT_PASS, _("Public access stays on."));
  if(front && back)
    return hk_say(out, HK_VERDICT_PASS, _("Public access is off, with front-end and back-end PrivateLink."));
  hk_say(out, HK_VERDICT_FAIL, _("Public access can be off only with both front-end and back-end PrivateLink; the setup lacks the %s."),
         !front ? _("front-end (workspace) endpoint") : _("back-end relay or REST endpoint"));
  return HK_VERDICT_FAIL;
}

enum hk_verdict hk_check_P5(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct hk_dbx_pas_ref *p = same_name(s, f);

  if(!p)
    return hk_say(out, HK_VERDICT_PASS, _("heiiki creates new private access settings \"%s\"."), s->pas.name);
  if(hk_facts_own(f, p->id))
    return hk_say(out, HK_VERDICT_PASS, _("The private access settings \"%s\" (%s) are this setup's own."),
                  p->name, p->id);
  hk_say(out, HK_VERDICT_WARN, _("The private access settings \"%s\" (%s) exist and are reused: changes reach every workspace attached to them within minutes, and once attached they cannot be removed from a workspace."),
         p->name, p->id);
  return HK_VERDICT_WARN;
}

enum hk_verdict hk_check_P6(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  (void)f;
  if(!hk_name_len_ok(s->pas.name))
    return hk_say(out, HK_VERDICT_FAIL, _("The private access settings name \"%s\" has %zu characters; it needs 4 to 256."),
                  s->pas.name, strlen(s->pas.name));
  return hk_say(out, HK_VERDICT_PASS, _("The private access settings name is valid."));
}
