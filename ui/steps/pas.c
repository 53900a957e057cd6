/* steps/pas.c - Private access settings: who may reach the workspace. */
#include "core/hk_i18n.h"
#include "ui.h"
#include "steps/steps.h"

const struct step_ops ui_step_pas = {
  "private_access",
  N_("Private access settings"),
  N_("Private access settings decide how the workspace can be reached: with public access off, only through the registered front-end endpoint (access level: endpoint) or any endpoint of the account."),
  HK_STEP_PAS,
  ui_formstep_enter,
  ui_formstep_draw,
  ui_formstep_key,
  ui_formstep_validate,
  ui_formstep_leave,
};
