/* steps/review.c - Review: the plan and the full pre-flight result; Continue
 * asks for confirmation, then the commit starts. */
#include <stdlib.h>
#include <string.h>
#include "core/hk_i18n.h"
#include "ui.h"
#include "ui_engine.h"
#include "steps/steps.h"

static void review_enter(struct ui *ui)
{
  memset(&ui->form, 0, sizeof(ui->form));
  ui->confirmed = false;
  ui_textview_set(&ui->text, "", _("Running the full pre-flight\xe2\x80\xa6"), NULL);
  ui_engine_review(ui->eng);
}

static void review_draw(const struct ui *ui, WINDOW *w)
{
  int y = 0, rows = getmaxy(w), width = getmaxx(w);
  char why[512];
  bool blocked = ui_form_blocked(&ui->form, why, sizeof(why));
  int text_rows;

  ui_steps_draw_heading(ui, w, &y);
  text_rows = rows - y - 3;
  if(text_rows > 0)
    ui_textview_draw_inline(&ui->text, w, y, 0, width, text_rows);
  y += text_rows > 0 ? text_rows : 0;
  if(ui->form.pending > 0) {
    char line[128];

    snprintf(line, sizeof(line), "%s %s", ui_spinner(ui->tick), _("checking\xe2\x80\xa6"));
    ui_put(w, y, 0, width, line);
  } else if(blocked) {
    wattron(w, ui_attr(UI_ROLE_ERROR));
    ui_put(w, y, 0, width, why);
    wattroff(w, ui_attr(UI_ROLE_ERROR));
  }
  ui_form_draw(&ui->form, w, rows - 2, 0, width, 2, !blocked && ui->form.pending == 0, ui->tick);
}

static int confirm_key(struct ui *ui, enum ui_action act)
{
  if(act == UI_ACT_BACK) {
    ui->overlay = UI_OV_NONE;
  } else if(act == UI_ACT_NEXT || act == UI_ACT_PREV || act == UI_ACT_TOGGLE) {
    ui->dialog.sel = !ui->dialog.sel;
  } else if(act == UI_ACT_ACTIVATE || act == UI_ACT_CONTINUE) {
    ui->overlay = UI_OV_NONE;
    if(ui->dialog.sel == 0 || act == UI_ACT_CONTINUE) {
      ui->confirmed = true;
      return UI_F_NEXT;
    }
  }
  return UI_F_REDRAW | UI_F_HANDLED;
}

static int review_key(struct ui *ui, enum ui_action act, int key)
{
  char why[512], question[1024];

  (void)key;
  if(ui->overlay == UI_OV_DIALOG)
    return confirm_key(ui, act);
  if(ui_steps_scroll_key(ui, act) != UI_F_NONE)
    return UI_F_REDRAW | UI_F_HANDLED;
  switch(act) {
  case UI_ACT_ACTIVATE:
  case UI_ACT_CONTINUE:
    if(ui->form.pending > 0 || ui_form_blocked(&ui->form, why, sizeof(why)))
      return UI_F_NEXT; /* validate says why */
    ui_engine_commit_question(ui->eng, question, sizeof(question));
    ui_dialog_init(&ui->dialog, _("Create the resources?"), question, _("Create"), _("Cancel"),
                   NULL);
    ui->dialog_for = UI_DLG_COMMIT;
    ui->overlay = UI_OV_DIALOG;
    return UI_F_REDRAW | UI_F_HANDLED;
  default:
    return UI_F_NONE;
  }
}

static bool review_validate(struct ui *ui, char *why, size_t n)
{
  if(ui->form.pending > 0 || ui_engine_busy(ui->eng) > 0) {
    snprintf(why, n, "%s", _("The pre-flight is still running."));
    return false;
  }
  if(ui_form_blocked(&ui->form, why, n))
    return false;
  if(!ui->confirmed) {
    snprintf(why, n, "%s", _("Confirm the commit first."));
    return false;
  }
  return true;
}

const struct step_ops ui_step_review = {
  "review",
  N_("Review"),
  N_("The plan (what heiiki creates, adopts or keeps) and the full pre-flight. Continue stays "
     "disabled while a blocking check fails; go Back to fix the answer it names."),
  -1,
  review_enter,
  review_draw,
  review_key,
  review_validate,
  NULL,
};
