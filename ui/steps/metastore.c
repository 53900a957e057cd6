/* steps/metastore.c - Metastore: Unity Catalog. */
#include "core/hk_i18n.h"
#include "ui.h"
#include "steps/steps.h"

const struct step_ops ui_step_metastore = {
  "metastore",
  N_("Metastore"),
  N_("Unity Catalog replaces the Databricks-hosted Hive metastore, which PrivateLink does not reach. There is one metastore per region: reuse the region's, or create one with its own bucket and IAM role."),
  HK_STEP_METASTORE,
  ui_formstep_enter,
  ui_formstep_draw,
  ui_formstep_key,
  ui_formstep_validate,
  ui_formstep_leave,
};
