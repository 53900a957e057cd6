/* steps/access.c - After the commit: the hosts line or DNS record that makes
 * the workspace URL resolve to the front-end endpoint's address. */
#include <stdlib.h>
#include "core/hk_i18n.h"
#include "ui.h"
#include "ui_engine.h"
#include "steps/steps.h"

static void access_enter(struct ui *ui)
{
  char *t = ui_engine_client_text(ui->eng);

  ui_textview_set(&ui->text, "", t ? t : _("The workspace address is not known yet."), NULL);
  free(t);
}

static void access_draw(const struct ui *ui, WINDOW *w)
{
  int y = 0, rows = getmaxy(w), width = getmaxx(w);

  ui_steps_draw_heading(ui, w, &y);
  ui_textview_draw_inline(&ui->text, w, y, 0, width, rows - y - 2);
  ui_form_draw(&ui->form, w, rows - 2, 0, width, 2, true, ui->tick);
}

const struct step_ops ui_step_access = {
  "access",
  N_("Hosts and DNS"),
  N_("The workspace URL must resolve to the front-end endpoint's private address on every client: "
     "add this line to the hosts file, or the record to your DNS."),
  -1,
  access_enter,
  access_draw,
  ui_steps_page_key,
  ui_steps_always_valid,
  NULL,
};
