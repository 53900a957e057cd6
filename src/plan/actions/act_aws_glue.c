/* act_aws_glue.c - the Glue catalog route: an instance role with Glue Data
 * Catalog access, and the instance profile that carries it to cluster nodes.
 * (In a closed network the Databricks-hosted Hive metastore is unreachable.) */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aws/aws_iam.h"
#include "core/hk_i18n.h"
#include "plan/actions/act_aws_util.h"
#include "policy/policy.h"

static void glue_name(const struct hk_run *run, char *out, size_t n)
{
  hk_aws_name(run, "glue", out, n);
}

/* ---- role ---- */

static void on_role_policy(const struct hk_error *err, void *ud)
{
  hk_run_finish_aws(ud, err);
}

static void put_permissions(struct hk_run *run)
{
  struct hk_error e = { .status = HK_OK };
  char name[160];
  char *doc = hk_policy_glue_permissions(&e);
  hk_status st;

  if(!doc) {
    hk_run_finish(run, e.status != HK_OK ? e.status : HK_CONFIG, &e);
    return;
  }
  glue_name(run, name, sizeof(name));
  st = aws_iam_put_role_policy(run->eng->aws, name, name, doc, on_role_policy, run);
  free(doc);
  if(st != HK_OK)
    hk_run_fail(run, st, "%s", _("Cannot put the Glue role's policy."));
}

static void on_role(const struct aws_role *r, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status == HK_NOT_FOUND && run->step == HK_RUN_LOOKUP) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  if(err->status != HK_OK || !r) {
    hk_run_finish_aws(run, err);
    return;
  }
  hk_run_set(run, "role_arn", r->arn);
  hk_run_set(run, "role_name", r->role_name);
  if(run->step == HK_RUN_LOOKUP) {
    hk_run_found(run);
    /* Adopting a role we did not create: use it as it is. */
    if(run->ja->state != HK_JS_INTENT) {
      hk_run_finish(run, HK_OK, NULL);
      return;
    }
  }
  /* Ours (new, or found after a crash): its policy may not be there yet. */
  put_permissions(run);
}

static void role_lookup(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  char name[160];

  glue_name(run, name, sizeof(name));
  if(aws && aws_iam_get_role(aws, name, on_role, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the Glue role."));
}

static void role_create(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  struct hk_error e = { .status = HK_OK };
  char name[160];
  char *trust;
  hk_status st;

  if(!aws)
    return;
  trust = hk_policy_glue_trust(&e);
  if(!trust) {
    hk_run_finish(run, e.status != HK_OK ? e.status : HK_CONFIG, &e);
    return;
  }
  glue_name(run, name, sizeof(name));
  st = aws_iam_create_role(aws, name, NULL, trust, "heiiki: Glue Data Catalog for clusters",
                           on_role, run);
  free(trust);
  if(st != HK_OK)
    hk_run_fail(run, st, "%s", _("Cannot create the Glue role."));
}

static void on_role_deleted(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  hk_run_finish(run, err->status == HK_NOT_FOUND ? HK_OK : err->status,
                err->status == HK_OK || err->status == HK_NOT_FOUND ? NULL : err);
}

static void on_policy_deleted(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status != HK_OK && err->status != HK_NOT_FOUND) {
    hk_run_finish_aws(run, err);
    return;
  }
  if(aws_iam_delete_role(run->eng->aws, hk_run_get(run, "role_name"), on_role_deleted, run) !=
     HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot delete the Glue role."));
}

static void role_remove(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  const char *name = hk_run_get(run, "role_name");

  if(aws && aws_iam_delete_role_policy(aws, name, name, on_policy_deleted, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot delete the Glue role's policy."));
}

/* ---- instance profile ---- */

static void on_added(const struct hk_error *err, void *ud)
{
  hk_run_finish_aws(ud, err);
}

static void add_role(struct hk_run *run)
{
  char name[160];

  glue_name(run, name, sizeof(name));
  if(aws_iam_add_role_to_instance_profile(run->eng->aws, name, name, on_added, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot add the Glue role to the instance profile."));
}

static void on_profile(const struct aws_instance_profile *p, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status == HK_NOT_FOUND && run->step == HK_RUN_LOOKUP) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  if(err->status != HK_OK || !p) {
    hk_run_finish_aws(run, err);
    return;
  }
  hk_run_set(run, "instance_profile_arn", p->arn);
  hk_run_set(run, "instance_profile_name", p->name);
  /* Found: with its role, or without it (a run stopped between
   * CreateInstanceProfile and AddRoleToInstanceProfile): add it, and never
   * create the profile again (EntityAlreadyExists). */
  if(run->step == HK_RUN_LOOKUP)
    hk_run_found(run);
  if(p->n_role_names > 0) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  add_role(run);
}

static void profile_lookup(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  char name[160];

  glue_name(run, name, sizeof(name));
  if(aws && aws_iam_get_instance_profile(aws, name, on_profile, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the instance profile."));
}

static void profile_create(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  char name[160];

  glue_name(run, name, sizeof(name));
  if(aws && aws_iam_create_instance_profile(aws, name, NULL, on_profile, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot create the instance profile."));
}

static void on_profile_deleted(const struct hk_error *err, void *ud)
{
  on_role_deleted(err, ud);
}

static void on_role_removed(const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(err->status != HK_OK && err->status != HK_NOT_FOUND) {
    hk_run_finish_aws(run, err);
    return;
  }
  if(aws_iam_delete_instance_profile(run->eng->aws, hk_run_get(run, "instance_profile_name"),
                                     on_profile_deleted, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot delete the instance profile."));
}

static void profile_remove(struct hk_run *run)
{
  struct aws_client *aws = hk_run_aws(run);
  const char *name = hk_run_get(run, "instance_profile_name");

  if(aws && aws_iam_remove_role_from_instance_profile(aws, name, name, on_role_removed, run) !=
              HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot take the role out of the instance profile."));
}

/* ---- decisions ---- */

/* The Glue route: asked for directly, or implied by the Glue endpoint. */
bool hk_act_glue_on(const struct hk_setup *s)
{
  return s->client.glue || s->endpoints[HK_EP_GLUE].enabled;
}

static enum hk_decision decide_role(struct hk_action *a, const struct hk_setup *s)
{
  if(!hk_act_glue_on(s)) {
    hk_act_note(a, _("the Glue catalog route is not used"));
    return HK_DEC_SKIP;
  }
  hk_act_note(a, _("role %s-glue for cluster nodes, with Glue Data Catalog access"), s->name);
  return HK_DEC_CREATE;
}

static enum hk_decision decide_profile(struct hk_action *a, const struct hk_setup *s)
{
  if(!hk_act_glue_on(s)) {
    hk_act_note(a, _("the Glue catalog route is not used"));
    return HK_DEC_SKIP;
  }
  hk_act_note(a, _("instance profile %s-glue holding the Glue role"), s->name);
  return HK_DEC_CREATE;
}

static const char *const role_keys[] = { "role_arn", NULL };
static const char *const profile_keys[] = { "instance_profile_arn", NULL };

const struct hk_action_ops hk_act_aws_glue_role = {
  "aws.glue.role", decide_role, role_lookup, role_create, role_remove, NULL, role_keys,
};

const struct hk_action_ops hk_act_aws_glue_profile = {
  "aws.glue.profile", decide_profile, profile_lookup, profile_create, profile_remove, NULL,
  profile_keys,
};
