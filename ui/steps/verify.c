/* steps/verify.c - Post-deploy checks: front end, back end, Unity Catalog. */
#include "core/hk_i18n.h"
#include "net/net_loop.h"
#include "ui.h"
#include "ui_engine.h"
#include "steps/steps.h"

static void verify_enter(struct ui *ui)
{
  ui_progress_reset(&ui->progress);
  ui_engine_verify(ui->eng);
}

static void verify_draw(const struct ui *ui, WINDOW *w)
{
  int y = 0, rows = getmaxy(w), width = getmaxx(w);

  ui_steps_draw_heading(ui, w, &y);
  ui_progress_draw(&ui->progress, w, y, 0, width, rows - y - 4, hk_now_ms(), ui->tick);
  if(ui->progress.headline[0])
    ui_put_wrapped(w, rows - 4, 0, width, 2, ui->progress.headline);
  ui_form_draw(&ui->form, w, rows - 2, 0, width, 2, ui->progress.finished, ui->tick);
}

static int verify_key(struct ui *ui, enum ui_action act, int key)
{
  (void)key;
  if(ui->overlay == UI_OV_DIALOG)
    return UI_F_HANDLED;
  if(act == UI_ACT_ACTIVATE || act == UI_ACT_CONTINUE)
    return UI_F_NEXT;
  return UI_F_NONE;
}

static bool verify_validate(struct ui *ui, char *why, size_t n)
{
  if(!ui->progress.finished) {
    snprintf(why, n, "%s", _("The checks are still running."));
    return false;
  }
  return true;
}

const struct step_ops ui_step_verify = {
  "verify",
  N_("Post-deploy checks"),
  N_("heiiki checks what the operator checked by hand: the workspace URL resolves to the endpoint, "
     "the front end answers through PrivateLink, and the workspace is running. Failures do not "
     "block the summary; each says what to do."),
  -1,
  verify_enter,
  verify_draw,
  verify_key,
  verify_validate,
  NULL,
};
