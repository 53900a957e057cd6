/* steps/start.c - Start: a new setup, or resume a saved one with its progress. */
#include <stdlib.h>
#include <string.h>
#include "checks/checks_defaults.h"
#include "core/hk_i18n.h"
#include "core/hk_text.h"
#include "ui.h"
#include "steps/steps.h"

/* Defaults from the environment the operator already set up for the AWS
 * and Databricks CLIs; each still goes through the field's validator. */
static void prefill_from_env(struct hk_setup *s)
{
  static const struct {
    const char *env;
    const char *field;
  } map[] = {
    { "AWS_REGION", "account.region" },
    { "AWS_DEFAULT_REGION", "account.region" },
    { "DATABRICKS_ACCOUNT_ID", "account.account_id" },
  };
  size_t i;

  for(i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
    const char *v = getenv(map[i].env);
    const struct hk_field_def *d = hk_field_find(map[i].field);
    char cur[64];
    struct hk_error err;

    if(!v || !v[0] || !d)
      continue;
    if(hk_field_get(s, d, cur, sizeof(cur)) == HK_OK && cur[0])
      continue;
    hk_field_set(s, d, v, &err);
  }
}

static void start_enter(struct ui *ui)
{
  ui_store_list(ui);
  ui->list_sel = 0;
}

/* The steps ahead, numbered as the header counts them, so a new operator
 * knows what will be asked (the network comes before the endpoints). */
static void draw_steps_ahead(const struct ui *ui, WINDOW *w, int y, int width)
{
  char line[2048];
  size_t off = 0;
  int i;

  if(y >= getmaxy(w) - 1)
    return;
  wattron(w, ui_attr(UI_ROLE_HEADING));
  ui_put(w, y++, 0, width, _("The steps ahead"));
  wattroff(w, ui_attr(UI_ROLE_HEADING));
  line[0] = '\0';
  for(i = 1; i < ui->n_steps && off < sizeof(line); i++) {
    int n = snprintf(line + off, sizeof(line) - off, "%s%d %s", i > 1 ? "  " : "", i + 1,
                     _(ui->flow[i]->title));
    if(n < 0)
      break;
    off += (size_t)n;
  }
  ui_put_wrapped(w, y, 0, width, getmaxy(w) - y - 1, line);
}

static void start_draw(const struct ui *ui, WINDOW *w)
{
  int y = 0, i, width = getmaxx(w);

  ui_steps_draw_heading(ui, w, &y);
  for(i = 0; i <= ui->n_saved && y < getmaxy(w) - 1; i++, y++) {
    char line[400], name[HK_NAME_MAX + 32];
    attr_t a = i == ui->list_sel ? ui_attr(UI_ROLE_FOCUS) : ui_attr(UI_ROLE_NORMAL);

    if(i == 0)
      snprintf(line, sizeof(line), "%s %s", i == ui->list_sel ? ui_glyph(UI_G_ARROW) : " ",
               _("Start a new setup"));
    else
      snprintf(line, sizeof(line), "%s %s %s %s", i == ui->list_sel ? ui_glyph(UI_G_ARROW) : " ",
               _("Resume"), hk_text_pad(name, sizeof(name), ui->saved[i - 1].name, 28),
               ui->saved[i - 1].progress);
    wattron(w, a);
    mvwhline(w, y, 0, ' ', width);
    ui_put(w, y, 0, width, line);
    wattroff(w, a);
  }
  if(ui->n_saved == 0) {
    wattron(w, ui_attr(UI_ROLE_DIM));
    y += 1 + ui_put_wrapped(w, y + 1, 0, width, 2, _("No saved setups yet. Setups are saved at each step and can be resumed here."));
    wattroff(w, ui_attr(UI_ROLE_DIM));
  }
  draw_steps_ahead(ui, w, y + 1, width);
}

static int start_key(struct ui *ui, enum ui_action act, int key)
{
  (void)key;
  if(ui->overlay == UI_OV_DIALOG)
    return UI_F_HANDLED;
  switch(act) {
  case UI_ACT_NEXT:
    if(ui->list_sel < ui->n_saved)
      ui->list_sel++;
    return UI_F_REDRAW | UI_F_HANDLED;
  case UI_ACT_PREV:
    if(ui->list_sel > 0)
      ui->list_sel--;
    return UI_F_REDRAW | UI_F_HANDLED;
  case UI_ACT_ACTIVATE:
  case UI_ACT_CONTINUE:
    if(ui->list_sel == 0) {
      hk_setup_init(&ui->setup);
      ui->owned[0] = '\0';          /* a new setup owns no files until it saves its own */
      prefill_from_env(&ui->setup);
      hk_defaults_new(&ui->setup);
      memset(ui->done, 0, sizeof(ui->done));
      return UI_F_NEXT;
    } else {
      struct hk_error err;
      int at = 1;

      hk_error_clear(&err);
      if(ui->saved[ui->list_sel - 1].headless
             ? ui_store_load_journal(ui, ui->saved[ui->list_sel - 1].name, &at, &err) != HK_OK
             : ui_store_load(ui, ui->saved[ui->list_sel - 1].path, &at, &err) != HK_OK) {
        ui_set_msg(ui, UI_ROLE_ERROR, "%s", err.message);
        return UI_F_REDRAW | UI_F_HANDLED;
      }
      ui->done[0] = true;
      ui_set_msg(ui, UI_ROLE_OK, _("Resumed %s."), ui->setup.name);
      ui_goto(ui, at);
    }
    return UI_F_REDRAW | UI_F_HANDLED;
  case UI_ACT_BACK:
    return UI_F_HANDLED;
  default:
    return UI_F_NONE;
  }
}

const struct step_ops ui_step_start = {
  "start",
  N_("Start"),
  N_("heiiki sets up a Databricks workspace on AWS in a closed network: first the account and the "
     "AWS network (VPC, cluster subnets, security groups), then the account console's objects in its "
     "order, checking every answer live before anything is created. Start a new setup or resume one."),
  -1,
  start_enter,
  start_draw,
  start_key,
  ui_steps_always_valid,
  NULL,
};
