/* ui_flow.c - the flow: the account, the AWS network, then the account
 * console's objects in its order (setup_model.h, HK_STEP_TABLE). */
#include <string.h>
#include "ui.h"
#include "steps/steps.h"

const struct step_ops *const ui_flow[] = {
  &ui_step_start,     &ui_step_account, &ui_step_network,    &ui_step_credential,
  &ui_step_storage,   &ui_step_endpoints, &ui_step_pas,      &ui_step_metastore,
  &ui_step_workspace, &ui_step_client,  &ui_step_review,     &ui_step_commit,
  &ui_step_access,    &ui_step_verify,  &ui_step_summary,
};
const int ui_flow_len = (int)(sizeof(ui_flow) / sizeof(ui_flow[0]));

int ui_flow_find(const char *id)
{
  int i;

  for(i = 0; i < ui_flow_len; i++) {
    if(strcmp(ui_flow[i]->id, id) == 0)
      return i;
  }
  return -1;
}
