/* steps/client.c - Client access: the hosts line or DNS record that makes
 * the workspace URL resolve to the front-end endpoint. */
#include <stdlib.h>
#include "core/hk_i18n.h"
#include "ui.h"
#include "ui_engine.h"
#include "steps/steps.h"

static void client_enter(struct ui *ui)
{
  ui_formstep_enter(ui);
  free(ui->doc);
  ui->doc = ui_engine_client_text(ui->eng);
}

static void client_draw(const struct ui *ui, WINDOW *w)
{
  int y = 0, width = getmaxx(w), rows = getmaxy(w);

  ui_steps_draw_heading(ui, w, &y);
  if(ui->doc) {
    int used = ui_put_wrapped(w, y, 0, width, rows / 3, ui->doc);

    y += used + 1;
  }
  if(y < rows)
    ui_formstep_draw_at(ui, w, y);
}

const struct step_ops ui_step_client = {
  "client",
  N_("Client access"),
  N_("Browsers and REST clients reach the workspace through the front-end endpoint: its URL must "
     "resolve to the endpoint's private address, by DNS or a hosts-file line."),
  HK_STEP_CLIENT,
  client_enter,
  client_draw,
  ui_formstep_key,
  ui_formstep_validate,
  ui_formstep_leave,
};
