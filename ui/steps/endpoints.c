/* steps/endpoints.c - VPC endpoints: the AWS endpoints and their Databricks registrations. */
#include "core/hk_i18n.h"
#include "ui.h"
#include "steps/steps.h"

const struct step_ops ui_step_endpoints = {
  "endpoints",
  N_("VPC endpoints"),
  N_("PrivateLink needs interface endpoints for the workspace (REST API and user access) and the secure cluster connectivity relay; the back end may share the workspace endpoint. The S3 gateway, STS and Kinesis endpoints let clusters work without internet access. Reuse the endpoints that exist or let heiiki create them."),
  HK_STEP_ENDPOINTS,
  ui_formstep_enter,
  ui_formstep_draw,
  ui_formstep_key,
  ui_formstep_validate,
  ui_formstep_leave,
};
