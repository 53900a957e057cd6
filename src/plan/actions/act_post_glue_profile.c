/* act_post_glue_profile.c - register the Glue instance profile with the
 * workspace, so clusters (and the Glue cluster policy) may use it.
 * Adopted when the workspace already lists it. */
#include "plan/actions/actions.h"

#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_client.h"
#include "dbx/dbx_ws_compute.h"
#include "plan/apply.h"

static const char *profile_arn(const struct hk_run *run)
{
  return hk_run_dep(run, "aws.glue.profile", "instance_profile_arn");
}

static void on_list(hk_status st, const struct dbx_instance_profile *v, size_t n,
                    const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  size_t i;

  if(st != HK_OK) {
    hk_run_finish(run, st, err);
    return;
  }
  for(i = 0; i < n; i++) {
    if(strcmp(v[i].instance_profile_arn, profile_arn(run)) != 0)
      continue;
    hk_run_set(run, "instance_profile_arn", v[i].instance_profile_arn);
    hk_run_found(run);
    break;
  }
  hk_run_finish(run, HK_OK, NULL);
}

static void lookup(struct hk_run *run)
{
  struct dbx_client *ws = hk_run_ws(run);

  if(ws && dbx_ws_instance_profile_list(ws, on_list, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot list the workspace's instance profiles."));
}

static void on_added(hk_status st, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(st == HK_OK)
    hk_run_set(run, "instance_profile_arn", profile_arn(run));
  hk_run_finish(run, st, err);
}

static void create(struct hk_run *run)
{
  struct dbx_client *ws = hk_run_ws(run);

  if(!ws)
    return;
  if(!profile_arn(run)[0]) {
    hk_run_fail(run, HK_STATE, "%s", _("The Glue instance profile has no ARN in the state file; "
                                       "run `heiiki resume` to redo that step."));
    return;
  }
  if(dbx_ws_instance_profile_add(ws, profile_arn(run),
                                 hk_run_dep(run, "aws.glue.role", "role_arn"), false, on_added,
                                 run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot register the instance profile."));
}

static void on_removed(hk_status st, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;

  if(st == HK_NOT_FOUND)
    st = HK_OK;
  hk_run_finish(run, st, st == HK_OK ? NULL : err);
}

static void remove_(struct hk_run *run)
{
  struct dbx_client *ws = hk_run_ws(run);

  if(ws && dbx_ws_instance_profile_remove(ws, hk_run_get(run, "instance_profile_arn"), on_removed,
                                          run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot remove the instance profile from the workspace."));
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  if(!hk_act_glue_on(s)) {
    hk_act_note(a, _("the Glue catalog route is not used"));
    return HK_DEC_SKIP;
  }
  hk_act_note(a, _("register instance profile %s-glue with the workspace"), s->name);
  return HK_DEC_CREATE;
}

static const char *const keys[] = { "instance_profile_arn", NULL };

const struct hk_action_ops hk_act_post_glue_profile = {
  "post.glue.profile", decide, lookup, create, remove_, NULL, keys,
};
