/* steps/network.c - Network configuration: VPC, cluster subnets and security group. */
#include "core/hk_i18n.h"
#include "ui.h"
#include "steps/steps.h"

const struct step_ops ui_step_network = {
  "network",
  N_("Network configuration"),
  N_("The network configuration tells Databricks which VPC, subnets and security group the clusters use. The two cluster subnets must be private, in different availability zones, used by nothing else, /17 to /26; each node takes two addresses."),
  HK_STEP_NETWORK,
  ui_formstep_enter,
  ui_formstep_draw,
  ui_formstep_key,
  ui_formstep_validate,
  ui_formstep_leave,
};
