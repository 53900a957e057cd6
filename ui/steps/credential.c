/* steps/credential.c - Credential configuration: the cross-account IAM role. */
#include "core/hk_i18n.h"
#include "ui.h"
#include "steps/steps.h"

const struct step_ops ui_step_credential = {
  "credential",
  N_("Credential configuration"),
  N_("The cross-account IAM role lets the Databricks control plane start and stop cluster instances in your AWS account. It must trust Databricks with your account ID as the external ID. Use an existing role or let heiiki create one with the restrictive customer-managed VPC policy."),
  HK_STEP_CREDENTIAL,
  ui_formstep_enter,
  ui_formstep_draw,
  ui_formstep_key,
  ui_formstep_validate,
  ui_formstep_leave,
};
