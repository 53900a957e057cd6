/* steps/account.c - Account and identity: the setup name, the Databricks account, the AWS identity and region. */
#include "core/hk_i18n.h"
#include "ui.h"
#include "steps/steps.h"

const struct step_ops ui_step_account = {
  "account",
  N_("Account and identity"),
  N_("Name this setup, then give the Databricks account and the AWS region. heiiki checks that the Databricks account API accepts its credentials, which AWS identity it runs as, and that the region supports PrivateLink."),
  HK_STEP_ACCOUNT,
  ui_formstep_enter,
  ui_formstep_draw,
  ui_formstep_key,
  ui_formstep_validate,
  ui_formstep_leave,
};
