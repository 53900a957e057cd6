/* apply_prepare.c - the steps before the first create (apply_prepare.h). */
#include "plan/apply_prepare.h"

#include <stdlib.h>
#include "core/hk_i18n.h"
#include "plan/setup_identity.h"
#include "setup/setup_json.h"

hk_status hk_apply_prepare(struct hk_loop *loop, struct aws_client *aws, struct hk_setup *s,
                           struct hk_journal *j, struct hk_plan *p, enum hk_prepare_stage *stage,
                           struct hk_error *err)
{
  char *json = NULL;
  hk_status st;

  *stage = HK_PREP_ACCOUNT;
  st = hk_setup_fill_account(loop, aws, s, err);
  if(st != HK_OK)
    goto out;
  *stage = HK_PREP_PLAN;
  st = hk_plan_build(p, s, err);
  if(st != HK_OK)
    goto out;
  /* before the new answers are saved: the journal keeps the ones that match */
  *stage = HK_PREP_INPUTS;
  st = hk_plan_check_inputs(p, s, j, err);
  if(st != HK_OK)
    goto out;
  *stage = HK_PREP_SAVE;
  json = hk_setup_to_json_string(s);
  if(!json) {
    st = hk_error_set(err, HK_NOMEM, "%s", _("Out of memory."));
    goto out;
  }
  st = hk_journal_set_answers(j, json);
  if(st == HK_OK)
    st = hk_journal_save(j, err);
out:
  free(json);
  return st;
}
