/* checks_workspace.c - rules W1-W3, D1-D2 and M1: workspace, DNS, metastore. */
#include "checks/checks_rules.h"

#include <stdio.h>
#include <string.h>

#include "checks/checks_util.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

enum hk_verdict hk_check_W1(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  (void)f;
  if(!s->workspace.deployment_name[0])
    return hk_say(out, HK_VERDICT_PASS, _("Databricks generates the deployment name (dbc-xxxxxxxx-xxxx)."));
  hk_say(out, HK_VERDICT_WARN, _("The deployment name \"%s\" works only if Databricks set a deployment prefix for the account, and must be unique across all deployments."),
         s->workspace.deployment_name);
  hk_fix(out, _("Leave workspace.deployment_name empty unless Databricks confirmed the prefix; heiiki shows the name the API returns."));
  return HK_VERDICT_WARN;
}

enum hk_verdict hk_check_W2(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct hk_dbx_workspace_ref *w = &f->created_workspace;

  (void)s;
  if(strcmp(w->status, "RUNNING") == 0)
    return hk_say(out, HK_VERDICT_PASS, _("Workspace %s is RUNNING."), w->name);
  if(strcmp(w->status, "FAILED") == 0 || strcmp(w->status, "BANNED") == 0)
    return hk_say(out, HK_VERDICT_FAIL, _("Workspace %s is %s: %s"), w->name, w->status,
                  w->status_message[0] ? w->status_message : _("no status message."));
  return hk_say(out, HK_VERDICT_WARN, _("Workspace %s is %s; creation usually takes 5 to 7 minutes plus DNS."),
                w->name, w->status[0] ? w->status : "PROVISIONING");
}

enum hk_verdict hk_check_W3(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  size_t i;

  for(i = 0; i < f->n_dbx_workspaces; i++) {
    const struct hk_dbx_workspace_ref *w = &f->dbx_workspaces[i];
    if(strcmp(w->name, s->workspace.name) != 0)
      continue;
    if(strcmp(w->region, s->region) != 0) {
      hk_say(out, HK_VERDICT_WARN, _("Workspace \"%s\" (%lld) exists in %s; its region cannot change to %s."), w->name,
             w->id, w->region, s->region);
      hk_fix(out, _("Choose another workspace name, or set the region back to %s."), w->region);
      return HK_VERDICT_WARN;
    }
    return hk_say(out, HK_VERDICT_PASS, _("Workspace \"%s\" exists (%s); only credentials, network, private access settings, keys and tags can change."),
                  w->name, w->status);
  }
  return hk_say(out, HK_VERDICT_PASS, _("No workspace named \"%s\" exists yet."), s->workspace.name);
}

enum hk_verdict hk_check_D1(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  int i;
  size_t e;
  const char *want = "";

  for(e = 0; e < f->n_enis; e++) {
    const char *ip = s->client.frontend == HK_FE_ELASTIC_IP && f->enis[e].public_ip[0] ? f->enis[e].public_ip
                                                                                        : f->enis[e].private_ip;
    if(!want[0])
      want = ip;
    for(i = 0; i < f->n_resolved_ips; i++)
      if(strcmp(f->resolved_ips[i], ip) == 0)
        return hk_say(out, HK_VERDICT_PASS, _("%s resolves to the front-end endpoint address %s."), f->ws_host, ip);
  }
  if(f->n_resolved_ips == 0)
    hk_say(out, HK_VERDICT_FAIL, _("%s does not resolve on this host."), f->ws_host);
  else
    hk_say(out, HK_VERDICT_FAIL, _("%s resolves to %s, not to the front-end endpoint; the traffic would take the public route."),
           f->ws_host, f->resolved_ips[0]);
  if(want[0])
    hk_fix(out, "echo '%s %s' | sudo tee -a /etc/hosts", want, f->ws_host);
  return HK_VERDICT_FAIL;
}

enum hk_verdict hk_check_D2(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  (void)s;
  if(strstr(f->probe_location, "private-link-validation-error") ||
     strstr(f->probe_body_head, "private-link-validation-error") ||
     strstr(f->probe_body_head, "Unauthorized access to Org"))
    return hk_say(out, HK_VERDICT_FAIL, _("%s answered with a private-link validation error: this host reaches the workspace over the public route (DNS or proxy)."),
                  f->ws_host);
  if(f->probe_http_status == 0)
    return hk_say(out, HK_VERDICT_FAIL, _("%s did not answer over HTTPS."), f->ws_host);
  return hk_say(out, HK_VERDICT_PASS, _("%s answers over PrivateLink (HTTP %ld)."), f->ws_host, f->probe_http_status);
}

/* The name the metastore action gives it (act_dbx_metastore.c: metastore.name, else
 * "<setup>-metastore"). */
static bool own_metastore_name(const struct hk_setup *s, const char *name)
{
  char want[300];
  if(s->metastore.name[0])
    hk_strlcpy(want, s->metastore.name, sizeof(want));
  else
    snprintf(want, sizeof(want), "%s-metastore", s->name);
  return strcmp(want, name) == 0;
}

enum hk_verdict hk_check_M1(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct hk_dbx_metastore_ref *in_region = NULL, *chosen = NULL;
  size_t i;

  for(i = 0; i < f->n_dbx_metastores; i++) {
    if(strcmp(f->dbx_metastores[i].region, s->region) == 0 && !in_region)
      in_region = &f->dbx_metastores[i];
    if(s->metastore.metastore_id[0] && strcmp(f->dbx_metastores[i].id, s->metastore.metastore_id) == 0)
      chosen = &f->dbx_metastores[i];
  }
  if(s->metastore.choice == HK_CREATE) {
    if(!in_region)
      return hk_say(out, HK_VERDICT_PASS, _("heiiki creates the metastore of %s."), s->region);
    /* the one this setup made (its journal names it), or - on a rerun (the journal
     * names objects of this setup) - the one of the name it creates: a run killed
     * after its create, before the ID was saved; the apply finds it by that name and
     * goes on with it (issue 20: a conflict after our own create is our object) */
    if(hk_facts_own(f, in_region->id) || (f->n_own > 0 && own_metastore_name(s, in_region->name)))
      return hk_say(out, HK_VERDICT_PASS, _("The metastore \"%s\" of %s is the one this setup made."),
                    in_region->name, s->region);
    hk_say(out, HK_VERDICT_FAIL, _("Region %s already has the metastore \"%s\" (%s); an account has one metastore per region."),
           s->region, in_region->name, in_region->id);
    hk_fix(out, _("Reuse it: metastore.mode = existing, metastore.metastore_id = %s"), in_region->id);
    return HK_VERDICT_FAIL;
  }
  if(s->metastore.metastore_id[0]) {
    if(!chosen)
      return hk_say(out, HK_VERDICT_FAIL, _("The metastore %s does not exist in the account."), s->metastore.metastore_id);
    if(strcmp(chosen->region, s->region) != 0) {
      hk_say(out, HK_VERDICT_FAIL, _("The metastore \"%s\" is in %s; a workspace in %s can only use a metastore of its own region."),
             chosen->name, chosen->region, s->region);
      if(in_region)
        hk_fix(out, _("Use %s's metastore: metastore.metastore_id = %s"), s->region, in_region->id);
      return HK_VERDICT_FAIL;
    }
    return hk_say(out, HK_VERDICT_PASS, _("The metastore \"%s\" is in %s."), chosen->name, s->region);
  }
  if(!in_region) {
    hk_say(out, HK_VERDICT_FAIL, _("Region %s has no metastore to reuse."), s->region);
    hk_fix(out, _("Let heiiki create one: metastore.mode = create"));
    return HK_VERDICT_FAIL;
  }
  return hk_say(out, HK_VERDICT_PASS, _("The workspace uses the metastore \"%s\" of %s."), in_region->name, s->region);
}

/* The account of a role ARN (arn:<partition>:iam::<account>:role/...), "" when not one. */
static void arn_account(const char *arn, char *out, size_t n)
{
  const char *p = strstr(arn, ":iam::");
  const char *e = p ? strstr(p + 6, ":role/") : NULL;

  out[0] = '\0';
  if(p && e && (size_t)(e - (p + 6)) < n) {
    memcpy(out, p + 6, (size_t)(e - (p + 6)));
    out[e - (p + 6)] = '\0';
  }
}

enum hk_verdict hk_check_M2(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const char *name = strrchr(s->metastore.role_arn, '/');
  char acct[32];

  if(s->metastore.choice != HK_CREATE)
    return hk_say(out, HK_VERDICT_PASS, _("heiiki creates no Unity Catalog role (metastore.mode is not create)."));
  arn_account(s->metastore.role_arn, acct, sizeof(acct));
  if(!acct[0] || !f->identity.account[0] || strcmp(acct, f->identity.account) == 0)
    return hk_say(out, HK_VERDICT_PASS, _("The Unity Catalog role %s is in the signed-in AWS account %s."),
                  s->metastore.role_arn, f->identity.account);
  hk_say(out, HK_VERDICT_FAIL, _("The Unity Catalog role %s is in AWS account %s, but the AWS credentials are of account %s; heiiki creates the role and puts its policies with them, and IAM does that only in the signed-in account."),
         s->metastore.role_arn, acct, f->identity.account);
  hk_fix(out, _("Set metastore.role_arn = arn:%s:iam::%s:role/%s (heiiki creates it), or sign in to account %s."),
         hk_partition_arn(s->partition), f->identity.account, name ? name + 1 : "<name>", acct);
  return HK_VERDICT_FAIL;
}
