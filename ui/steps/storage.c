/* steps/storage.c - Storage configuration: the root bucket, with the
 * generated bucket policy in a scrollable preview (F3), saved to a file (F6)
 * or applied by heiiki (the "apply the policy" answer). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "ui.h"
#include "ui_main.h"
#include "ui_engine.h"
#include "steps/steps.h"

static void storage_draw(const struct ui *ui, WINDOW *w)
{
  int y = 0, rows = getmaxy(w);

  ui_steps_draw_heading(ui, w, &y);
  wattron(w, ui_attr(UI_ROLE_DIM));
  ui_put(w, y, 0, getmaxx(w), _("F3 shows the generated bucket policy; F6 saves it to a file."));
  wattroff(w, ui_attr(UI_ROLE_DIM));
  y++;
  if(y < rows)
    ui_formstep_draw_at(ui, w, y);
}

static bool show_policy(struct ui *ui)
{
  struct hk_error err;
  char *pol;

  hk_error_clear(&err);
  pol = ui_engine_bucket_policy(ui->eng, &err);
  if(!pol) {
    ui_set_msg(ui, UI_ROLE_ERROR, "%s", err.message);
    return false;
  }
  ui_textview_set(&ui->text, _("Bucket policy"), pol,
                  _("PgUp/PgDn, Up/Down: scroll  F6: save to a file  Esc: close"));
  free(pol);
  ui->overlay = UI_OV_TEXT;
  return true;
}

static void ask_save(struct ui *ui)
{
  char path[600];
  struct hk_error err;
  char *pol;

  hk_error_clear(&err);
  pol = ui_engine_bucket_policy(ui->eng, &err);
  if(!pol) {
    ui_set_msg(ui, UI_ROLE_ERROR, "%s", err.message);
    return;
  }
  free(pol);
  if(ui->policy_path[0])
    hk_strlcpy(path, ui->policy_path, sizeof(path));
  else
    snprintf(path, sizeof(path), "%s-bucket-policy.json",
             ui->setup.storage.bucket[0] ? ui->setup.storage.bucket : "root");
  ui_dialog_init(&ui->dialog, _("Save the bucket policy"),
                 _("Write the generated bucket policy to this file (mode 0600):"), _("Save"),
                 _("Cancel"), NULL);
  ui_dialog_input(&ui->dialog, path);
  ui->dialog_for = UI_DLG_SAVE_POLICY;
  ui->overlay = UI_OV_DIALOG;
}

static int save_dialog_key(struct ui *ui, enum ui_action act, int key)
{
  struct ui_dialog *d = &ui->dialog;

  if(act == UI_ACT_BACK || (act == UI_ACT_ACTIVATE && d->sel == 1)) {
    ui->overlay = UI_OV_NONE;
  } else if(act == UI_ACT_NEXT) {
    d->sel = d->sel == -1 ? 0 : (d->sel == 0 ? 1 : -1);
  } else if(act == UI_ACT_PREV) {
    d->sel = d->sel == -1 ? 1 : d->sel - 1;
  } else if(act == UI_ACT_ACTIVATE) {
    char path[600];
    struct hk_error err;
    char *pol;

    ui_field_get(&d->input, path, sizeof(path));
    hk_error_clear(&err);
    pol = ui_engine_bucket_policy(ui->eng, &err);
    if(!path[0]) {
      hk_strlcpy(d->error, _("Type a file name."), sizeof(d->error));
    } else if(pol && ui_store_write_file(path, pol, &err) == HK_OK) {
      hk_strlcpy(ui->policy_path, path, sizeof(ui->policy_path));
      ui_set_msg(ui, UI_ROLE_OK, _("The bucket policy was saved to %s."), path);
      ui->overlay = UI_OV_NONE;
    } else {
      hk_strlcpy(d->error, err.message, sizeof(d->error));
    }
    free(pol);
  } else if(d->sel == -1 && act == UI_ACT_NONE) {
    const char *why = "";

    if(ui_field_key(&d->input, key, &why) == UI_FIELD_REFUSED)
      hk_strlcpy(d->error, why, sizeof(d->error));
  }
  return UI_F_REDRAW | UI_F_HANDLED;
}

static int storage_key(struct ui *ui, enum ui_action act, int key)
{
  if(ui->overlay == UI_OV_DIALOG && ui->dialog_for == UI_DLG_SAVE_POLICY)
    return save_dialog_key(ui, act, key);
  if(act == UI_ACT_VIEW || act == UI_ACT_SAVE)
    ui_formstep_commit(ui);
  if(act == UI_ACT_VIEW) {
    show_policy(ui);
    return UI_F_REDRAW | UI_F_HANDLED;
  }
  if(act == UI_ACT_SAVE) {
    ask_save(ui);
    return UI_F_REDRAW | UI_F_HANDLED;
  }
  if(ui->overlay == UI_OV_TEXT)
    return UI_F_HANDLED;
  return ui_formstep_key(ui, act, key);
}

const struct step_ops ui_step_storage = {
  "storage",
  N_("Storage configuration"),
  N_("The root bucket holds workspace system data. Its bucket policy must let Databricks use it: "
     "heiiki generates the same policy as the console's \"Generate policy\" button."),
  HK_STEP_STORAGE,
  ui_formstep_enter,
  storage_draw,
  storage_key,
  ui_formstep_validate,
  ui_formstep_leave,
};
