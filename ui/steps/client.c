/* steps/client.c - Client access answers: how clients reach the front end
 * (private address or Elastic IP), which client networks may, and the hosts
 * file to write.  Asked before the review because the endpoint's security
 * group rules come from them; the access step after the commit shows the
 * resulting hosts line. */
#include "core/hk_i18n.h"
#include "ui.h"
#include "steps/steps.h"

const struct step_ops ui_step_client = {
  "client",
  N_("Client access"),
  N_("Browsers and REST clients reach the workspace through the front-end endpoint. Say which "
     "client networks may connect on 443, and whether heiiki writes the hosts-file line that "
     "makes the workspace URL resolve to the endpoint."),
  HK_STEP_CLIENT,
  ui_formstep_enter,
  ui_formstep_draw,
  ui_formstep_key,
  ui_formstep_validate,
  ui_formstep_leave,
};
