/* ui_engine.c - the wizard's one seam to the headless engine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "checks/checks_rules.h"
#include "setup/setup_assets.h"
#include "ui.h"
#include "ui_engine.h"

struct ui_engine {
  struct ui *ui;
  struct hk_facts facts;
  int busy;
};

hk_status ui_engine_new(struct ui *ui, struct ui_engine **out, struct hk_error *err)
{
  struct ui_engine *e = calloc(1, sizeof(*e));

  if(!e)
    return hk_error_set(err, HK_NOMEM, "%s", _("Out of memory."));
  e->ui = ui;
  hk_facts_init(&e->facts);
  *out = e;
  return HK_OK;
}

void ui_engine_free(struct ui_engine *e)
{
  if(!e)
    return;
  hk_facts_clear(&e->facts);
  free(e);
}

int ui_engine_busy(const struct ui_engine *e)
{
  return e ? e->busy : 0;
}

int ui_engine_drain(struct ui_engine *e)
{
  (void)e;
  return 0;
}

/* A finding as a note of the current form. */
static void add_note(struct ui *ui, const struct hk_finding *fd)
{
  struct ui_check *c;

  if(ui->form.n_notes >= UI_FORM_NOTES)
    return;
  c = &ui->form.notes[ui->form.n_notes++];
  memset(c, 0, sizeof(*c));
  switch(fd->verdict) {
  case HK_VERDICT_PASS: c->state = UI_CK_OK; break;
  case HK_VERDICT_WARN: c->state = UI_CK_WARN; break;
  case HK_VERDICT_FAIL: c->state = hk_finding_blocks(fd) ? UI_CK_FAIL : UI_CK_WARN; break;
  case HK_VERDICT_UNKNOWN: c->state = hk_finding_blocks(fd) ? UI_CK_FAIL : UI_CK_WARN; break;
  default: c->state = UI_CK_NONE; break;
  }
  c->blocking = hk_finding_blocks(fd);
  hk_strlcpy(c->rule, fd->id, sizeof(c->rule));
  hk_strlcpy(c->text, fd->message, sizeof(c->text));
  hk_strlcpy(c->fix, fd->fix, sizeof(c->fix));
}

void ui_engine_check(struct ui_engine *e, int step)
{
  struct ui *ui = e->ui;
  size_t i;

  ui->form.n_notes = 0;
  for(i = 0; i < hk_n_rules; i++) {
    const struct hk_rule *r = &hk_rules[i];
    struct hk_finding fd;

    if((int)r->step != step || r->when != HK_BEFORE_CREATE || !hk_rule_ready(r, &e->facts))
      continue;
    memset(&fd, 0, sizeof(fd));
    if(hk_rule_eval(r, &ui->setup, &e->facts, &fd) == HK_VERDICT_SKIP)
      continue;
    add_note(ui, &fd);
  }
}

void ui_engine_pick(struct ui_engine *e, enum hk_picker kind)
{
  struct ui_picker *p = &e->ui->picker;
  struct hk_error err;

  hk_error_clear(&err);
  p->loading = false;
  if(kind == HK_PICK_REGION) {
    char list[2048];
    char *save = NULL, *tok;

    if(hk_assets_load(&err) != HK_OK) {
      hk_strlcpy(p->error, err.message, sizeof(p->error));
      return;
    }
    hk_assets_regions_list(e->ui->setup.partition, list, sizeof(list));
    for(tok = strtok_r(list, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save))
      ui_picker_add(p, tok, "");
    ui_picker_mark(p, e->ui->setup.region);
    return;
  }
  hk_strlcpy(p->error, _("This list needs the AWS and Databricks clients, which are not connected "
                         "in this build. Type the ID into the field."),
             sizeof(p->error));
}

char *ui_engine_bucket_policy(struct ui_engine *e, struct hk_error *err)
{
  (void)e;
  hk_error_set(err, HK_CONFIG, "%s", _("The bucket policy generator is not part of this build yet."));
  return NULL;
}

void ui_engine_apply_bucket_policy(struct ui_engine *e)
{
  (void)e;
}

void ui_engine_review(struct ui_engine *e)
{
  (void)e;
}

void ui_engine_commit(struct ui_engine *e)
{
  (void)e;
}

char *ui_engine_client_text(struct ui_engine *e)
{
  (void)e;
  return NULL;
}

void ui_engine_verify(struct ui_engine *e)
{
  e->ui->progress.finished = true;
}

char *ui_engine_summary(struct ui_engine *e)
{
  (void)e;
  return NULL;
}
