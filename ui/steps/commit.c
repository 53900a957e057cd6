/* steps/commit.c - Commit: one row per action with its state and elapsed
 * time, and the workspace's status message while it provisions. */
#include <string.h>
#include "core/hk_i18n.h"
#include "net/net_loop.h"
#include "ui.h"
#include "ui_engine.h"
#include "steps/steps.h"

static void commit_enter(struct ui *ui)
{
  memset(&ui->form, 0, sizeof(ui->form));
  if(ui->progress.finished && ui->progress.result == HK_OK)
    return;
  ui_progress_reset(&ui->progress);
  ui_engine_commit(ui->eng);
}

static void commit_draw(const struct ui *ui, WINDOW *w)
{
  int y = 0, rows = getmaxy(w), width = getmaxx(w);
  bool ok = ui->progress.finished && ui->progress.result == HK_OK;

  ui_steps_draw_heading(ui, w, &y);
  ui_progress_draw(&ui->progress, w, y, 0, width, rows - y - 4, hk_now_ms(), ui->tick);
  if(ui->progress.headline[0]) {
    enum ui_role role = !ui->progress.finished ? UI_ROLE_NORMAL : (ok ? UI_ROLE_OK : UI_ROLE_ERROR);

    wattron(w, ui_attr(role));
    ui_put_wrapped(w, rows - 4, 0, width, 2, ui->progress.headline);
    wattroff(w, ui_attr(role));
  }
  ui_form_draw(&ui->form, w, rows - 2, 0, width, 2, ok, ui->tick);
}

static int commit_key(struct ui *ui, enum ui_action act, int key)
{
  (void)key;
  if(ui->overlay == UI_OV_DIALOG)
    return UI_F_HANDLED;
  if(act == UI_ACT_BACK) {
    ui_set_msg(ui, UI_ROLE_WARN, "%s",
               ui->progress.running
                   ? _("The commit is running; it cannot go back. Quitting leaves it resumable.")
                   : _("What was created stays; use heiiki destroy to remove it."));
    return UI_F_REDRAW | UI_F_HANDLED;
  }
  if((act == UI_ACT_CONTINUE || act == UI_ACT_ACTIVATE) && ui->progress.finished &&
     ui->progress.result != HK_OK) {
    ui_set_msg(ui, UI_ROLE_NORMAL, "%s", _("Retrying: the journal resumes where the commit stopped."));
    ui_progress_reset(&ui->progress);
    ui_engine_commit(ui->eng);
    return UI_F_REDRAW | UI_F_HANDLED;
  }
  if(act == UI_ACT_CONTINUE || act == UI_ACT_ACTIVATE)
    return UI_F_NEXT;
  return UI_F_NONE;
}

static bool commit_validate(struct ui *ui, char *why, size_t n)
{
  if(!ui->progress.finished) {
    snprintf(why, n, "%s", _("The commit is still running."));
    return false;
  }
  if(ui->progress.result != HK_OK) {
    snprintf(why, n, "%s", _("The commit failed: fix what the red row says, then press F10 to retry."));
    return false;
  }
  return true;
}

const struct step_ops ui_step_commit = {
  "commit",
  N_("Commit"),
  N_("heiiki creates the resources in order. Each row is one action; the workspace takes a few "
     "minutes to provision and shows its status here."),
  -1,
  commit_enter,
  commit_draw,
  commit_key,
  commit_validate,
  NULL,
};
