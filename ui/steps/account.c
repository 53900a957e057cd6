/* steps/account.c - Account and identity: the setup name, the Databricks account, the AWS identity and region.
 * A new setup given the name of an existing one asks: open that one, or choose another name
 * (its saved answers are never replaced). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "ui.h"
#include "steps/steps.h"

static void ask_name_taken(struct ui *ui)
{
  char text[600];

  snprintf(text, sizeof(text),
           _("A setup named %s already exists in %s. Open it to go on with its answers, or "
             "choose another name for this new setup."), ui->setup.name, ui->state_dir);
  ui_dialog_init(&ui->dialog, _("This setup name is taken"), text, _("Open it"),
                 _("Choose another name"), NULL);
  ui->dialog_for = UI_DLG_NAME_TAKEN;
  ui->overlay = UI_OV_DIALOG;
}

/* Open the existing setup of that name where it stopped. */
static void open_existing(struct ui *ui)
{
  char path[600], name[HK_NAME_MAX];
  struct hk_error err;
  int at = 1;

  hk_strlcpy(name, ui->setup.name, sizeof(name));
  snprintf(path, sizeof(path), "%s/%s.answers", ui->state_dir, name);
  hk_error_clear(&err);
  /* a setup started headless has only its state file: open it from there */
  if(access(path, F_OK) == 0 ? ui_store_load(ui, path, &at, &err) != HK_OK
                             : ui_store_load_journal(ui, name, &at, &err) != HK_OK) {
    ui_set_msg(ui, UI_ROLE_ERROR, _("%s Resume it from the start screen, or run heiiki resume %s."),
               err.message, name);
    return;
  }
  ui->done[0] = true;
  ui_set_msg(ui, UI_ROLE_OK, _("Opened %s."), name);
  ui_goto(ui, at);
}

static int name_taken_key(struct ui *ui, enum ui_action act)
{
  if(act == UI_ACT_BACK) {
    ui->overlay = UI_OV_NONE;
  } else if(act == UI_ACT_NEXT || act == UI_ACT_PREV || act == UI_ACT_TOGGLE) {
    ui->dialog.sel = !ui->dialog.sel;
  } else if(act == UI_ACT_ACTIVATE || act == UI_ACT_CONTINUE) {
    ui->overlay = UI_OV_NONE;
    if(ui->dialog.sel == 0) {
      open_existing(ui);
    } else {
      int i = ui_form_find(&ui->form, "name");

      ui->form.focus = i >= 0 ? i : 0;
      ui_set_msg(ui, UI_ROLE_WARN, "%s", _("Type another setup name."));
    }
  }
  return UI_F_REDRAW | UI_F_HANDLED;
}

static int account_key(struct ui *ui, enum ui_action act, int key)
{
  if(ui->overlay == UI_OV_DIALOG && ui->dialog_for == UI_DLG_NAME_TAKEN)
    return name_taken_key(ui, act);
  return ui_formstep_key(ui, act, key);
}

static bool account_validate(struct ui *ui, char *why, size_t n)
{
  if(!ui_formstep_validate(ui, why, n))
    return false;
  if(ui_store_taken(ui, ui->setup.name)) {
    snprintf(why, n, _("A setup named %s already exists: open it or choose another name."),
             ui->setup.name);
    ask_name_taken(ui);
    return false;
  }
  return true;
}

const struct step_ops ui_step_account = {
  "account",
  N_("Account and identity"),
  N_("Name this setup, then give the Databricks account and the AWS region. heiiki checks that the Databricks account API accepts its credentials, which AWS identity it runs as, and that the region supports PrivateLink."),
  HK_STEP_ACCOUNT,
  ui_formstep_enter,
  ui_formstep_draw,
  account_key,
  account_validate,
  ui_formstep_leave,
};
