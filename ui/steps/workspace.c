/* steps/workspace.c - Workspace: the workspace itself. */
#include "core/hk_i18n.h"
#include "ui.h"
#include "steps/steps.h"

const struct step_ops ui_step_workspace = {
  "workspace",
  N_("Workspace"),
  N_("The workspace ties together the credential, storage, network, private access settings and metastore chosen in the steps before. Its URL is generated when it is created."),
  HK_STEP_WORKSPACE,
  ui_formstep_enter,
  ui_formstep_draw,
  ui_formstep_key,
  ui_formstep_validate,
  ui_formstep_leave,
};
