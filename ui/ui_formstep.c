/* ui_formstep.c - what every step with fields shares: load the form from
 * the field table, edit, commit a field when it is left (syntax check, then
 * the step's live checks), pickers, Back / Continue. */
#include <string.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "ui.h"
#include "ui_main.h"
#include "ui_engine.h"

static void reload_keep_focus(struct ui *ui)
{
  char key[64] = "";
  int at_buttons = ui->form.focus >= ui->form.n ? ui->form.focus - ui->form.n : -1;
  int i;
  struct ui_check notes[UI_FORM_NOTES];
  struct { const struct hk_field_def *def; struct ui_check live; } lives[UI_FORM_MAX];
  int n_notes = ui->form.n_notes, pending = ui->form.pending, n_lives = ui->form.n, k;

  memcpy(notes, ui->form.notes, sizeof(notes));
  for(k = 0; k < n_lives; k++) {          /* the live results stay with their fields */
    lives[k].def = ui->form.it[k].def;
    lives[k].live = ui->form.it[k].live;
  }
  /* a renamed setup (a taken name, or the account step again): its derived
   * names follow the new name, never another setup's bucket or role */
  hk_setup_rename_names(&ui->setup, ui->names_of);
  hk_strlcpy(ui->names_of, ui->setup.name, sizeof(ui->names_of));
  if(at_buttons < 0)
    hk_strlcpy(key, ui->form.it[ui->form.focus].def->key, sizeof(key));
  ui_form_load(&ui->form, &ui->setup, ui_step(ui)->model_step);
  memcpy(ui->form.notes, notes, sizeof(notes));
  ui->form.n_notes = n_notes;
  ui->form.pending = pending;
  for(i = 0; i < ui->form.n; i++)
    for(k = 0; k < n_lives; k++)
      if(lives[k].def == ui->form.it[i].def)
        ui->form.it[i].live = lives[k].live;
  i = key[0] ? ui_form_find(&ui->form, key) : -1;
  ui->form.focus = i >= 0 ? i : (at_buttons >= 0 ? ui->form.n + at_buttons : 0);
}

/* Syntax-check and store one field. Returns true when the model changed. */
static bool commit_field(struct ui *ui, int idx)
{
  struct ui_form_item *it;
  char val[UI_FIELD_CAP * 4], before[UI_FIELD_CAP * 4];
  struct hk_error err;
  hk_status rc;

  if(idx < 0 || idx >= ui->form.n)
    return false;
  it = &ui->form.it[idx];
  ui_field_get(&it->edit, val, sizeof(val));
  if(hk_field_get(&ui->setup, it->def, before, sizeof(before)) != HK_OK)
    before[0] = '\0';
  hk_error_clear(&err);
  rc = hk_field_set(&ui->setup, it->def, val, &err);
  if(rc != HK_OK) {
    it->syntax.state = UI_CK_FAIL;
    it->syntax.blocking = true;
    hk_strlcpy(it->syntax.text, err.message[0] ? err.message : _("This value is not valid."),
               sizeof(it->syntax.text));
    hk_strlcpy(it->syntax.fix, err.hint, sizeof(it->syntax.fix));
    return false;
  }
  memset(&it->syntax, 0, sizeof(it->syntax));
  it->edit.changed = false;
  if(strcmp(before, val) == 0)
    return false;
  ui->dirty = true;
  ui->stale = true;
  memset(&it->live, 0, sizeof(it->live));
  return true;
}

static void commit_all(struct ui *ui)
{
  int i;

  for(i = 0; i < ui->form.n; i++)
    commit_field(ui, i);
}

void ui_formstep_commit(struct ui *ui)
{
  commit_all(ui);
}

void ui_formstep_reload(struct ui *ui)
{
  if(ui_step(ui)->model_step < 0)
    return;
  reload_keep_focus(ui);
}

static void start_checks(struct ui *ui)
{
  ui->stale = false;
  ui_engine_check(ui->eng, ui_step(ui)->model_step);
}

void ui_formstep_enter(struct ui *ui)
{
  /* a renamed setup (a taken name, or the account step again): its derived
   * names follow the new name, never another setup's bucket or role */
  hk_setup_rename_names(&ui->setup, ui->names_of);
  hk_strlcpy(ui->names_of, ui->setup.name, sizeof(ui->names_of));
  ui_form_load(&ui->form, &ui->setup, ui_step(ui)->model_step);
  ui->stale = true;
  /* a step not answered yet: what the account has proposes its answers */
  ui_engine_discover(ui->eng);
  if(ui_engine_discover_apply(ui->eng)) {
    ui_form_load(&ui->form, &ui->setup, ui_step(ui)->model_step);
    start_checks(ui);
    return;
  }
  /* a step answered before (resume, Back) is checked again straight away */
  if(ui->done[ui->cur])
    start_checks(ui);
}

void ui_formstep_leave(struct ui *ui)
{
  commit_all(ui);
  ui->want_next = false;
}

static void open_picker(struct ui *ui)
{
  const struct ui_form_item *it;
  char cur[UI_FIELD_CAP * 4];

  if(ui->form.focus >= ui->form.n)
    return;
  it = &ui->form.it[ui->form.focus];
  if(it->def->picker == HK_PICK_NONE) {
    ui_set_msg(ui, UI_ROLE_DIM, "%s", _("This field has no list; type the value."));
    return;
  }
  ui_picker_reset(&ui->picker, _(it->def->label), it->def->kind == HK_FIELD_LIST, ui->form.focus);
  ui_engine_pick(ui->eng, it->def->picker);
  ui_field_get(&it->edit, cur, sizeof(cur));
  ui_picker_mark(&ui->picker, cur);
  ui->overlay = UI_OV_PICKER;
}

static int picker_key(struct ui *ui, enum ui_action act, int key)
{
  struct ui_picker *p = &ui->picker;
  struct ui_pick_item *cur = ui_picker_current(p);

  if(act == UI_ACT_NONE && ui_picker_filter_key(p, key)) {
    /* typed: the filter narrowed or widened the list */
  } else if(act == UI_ACT_BACK) {
    ui->overlay = UI_OV_NONE;
  } else if(act == UI_ACT_NEXT && key == '\t' && p->multi) {
    if(cur && !cur->disabled)      /* Tab marks and moves on; Space types into the filter */
      cur->marked = !cur->marked;
    ui_picker_move(p, 1);
  } else if(act == UI_ACT_NEXT) {
    ui_picker_move(p, 1);
  } else if(act == UI_ACT_PREV) {
    ui_picker_move(p, -1);
  } else if(act == UI_ACT_PGDN) {
    ui_picker_move(p, 10);
  } else if(act == UI_ACT_PGUP) {
    ui_picker_move(p, -10);
  } else if(act == UI_ACT_ACTIVATE && !p->loading && p->field < ui->form.n) {
    char val[UI_FIELD_CAP];

    if(!p->multi && (!cur || cur->disabled)) {
      ui_set_msg(ui, UI_ROLE_WARN, "%s", cur ? _("That entry cannot be used here; the line says why.")
                                             : _("Nothing is selected; change the filter or press Esc."));
      return UI_F_REDRAW | UI_F_HANDLED;
    }
    if(p->multi && cur && !cur->disabled) {
      int i, marked = 0;

      for(i = 0; i < p->n; i++)
        marked += p->items[i].marked;
      if(!marked)
        cur->marked = true;
    }
    ui_picker_result(p, val, sizeof(val));
    ui_field_set(&ui->form.it[p->field].edit, val);
    ui->form.it[p->field].edit.changed = true;
    ui->overlay = UI_OV_NONE;
    if(commit_field(ui, p->field))
      start_checks(ui);
  }
  return UI_F_REDRAW | UI_F_HANDLED;
}

/* Leave the focused field: commit, check when it changed, move by delta. */
static void move_focus(struct ui *ui, int delta)
{
  int n = ui->form.n + 2;
  bool changed = commit_field(ui, ui->form.focus);

  if(changed && ui->form.focus < ui->form.n) {
    const struct hk_field_def *d = ui->form.it[ui->form.focus].def;

    if(d->kind == HK_FIELD_BOOL || d->kind == HK_FIELD_ENUM)
      reload_keep_focus(ui);
    start_checks(ui);
  }
  ui->form.focus = (ui->form.focus + delta + n) % n;
}

/* A choice changed: store it now, since it decides which fields apply. */
static void cycle_choice(struct ui *ui, int dir)
{
  ui_form_cycle(&ui->form, ui->form.focus, dir);
  if(commit_field(ui, ui->form.focus)) {
    reload_keep_focus(ui);
    start_checks(ui);
  }
}

int ui_formstep_key(struct ui *ui, enum ui_action act, int key)
{
  struct ui_form *f = &ui->form;
  const char *why = "";

  if(ui->overlay == UI_OV_PICKER)
    return picker_key(ui, act, key);
  if(ui->overlay == UI_OV_DIALOG)
    return ui_dialog_quit_key(ui, act, key) ? (UI_F_REDRAW | UI_F_HANDLED) : UI_F_HANDLED;
  switch(act) {
  case UI_ACT_NEXT:
    move_focus(ui, 1);
    return UI_F_REDRAW | UI_F_HANDLED;
  case UI_ACT_PREV:
    move_focus(ui, -1);
    return UI_F_REDRAW | UI_F_HANDLED;
  case UI_ACT_PICK:
    open_picker(ui);
    return UI_F_REDRAW | UI_F_HANDLED;
  case UI_ACT_ACTIVATE:
    if(f->focus == f->n)
      return UI_F_BACK;
    if(f->focus == f->n + 1)
      return UI_F_NEXT;
    if(f->it[f->focus].def->picker != HK_PICK_NONE) {
      open_picker(ui);
      return UI_F_REDRAW | UI_F_HANDLED;
    }
    if(ui_form_focus_is_choice(f)) {
      cycle_choice(ui, 1);
      return UI_F_REDRAW | UI_F_HANDLED;
    }
    move_focus(ui, 1);
    return UI_F_REDRAW | UI_F_HANDLED;
  case UI_ACT_TOGGLE:
    if(ui_form_focus_is_choice(f))
      cycle_choice(ui, 1);
    return UI_F_REDRAW | UI_F_HANDLED;
  case UI_ACT_CONTINUE:
    return UI_F_NEXT;
  default:
    break;
  }
  if(act != UI_ACT_NONE)
    return UI_F_NONE;
  if(ui_form_focus_is_choice(f)) {
    if(key == UI_KEYFN(KEY_LEFT) || key == UI_KEYFN(KEY_RIGHT))
      cycle_choice(ui, key == UI_KEYFN(KEY_LEFT) ? -1 : 1);
    return UI_F_REDRAW | UI_F_HANDLED;
  }
  if(!ui_form_focus_is_text(f))
    return UI_F_HANDLED;
  switch(ui_field_key(&f->it[f->focus].edit, key, &why)) {
  case UI_FIELD_EDITED:
    ui->dirty = true;
    memset(&f->it[f->focus].syntax, 0, sizeof(f->it[f->focus].syntax));
    ui->msg[0] = '\0';
    break;
  case UI_FIELD_REFUSED:
    ui_set_msg(ui, UI_ROLE_WARN, "%s", why);
    break;
  default:
    break;
  }
  return UI_F_REDRAW | UI_F_HANDLED;
}

bool ui_formstep_validate(struct ui *ui, char *why, size_t n)
{
  int i;

  commit_all(ui);
  /* the answers decide which fields apply: reload unless one is refused */
  for(i = 0; i < ui->form.n && ui->form.it[i].syntax.state != UI_CK_FAIL; i++)
    ;
  if(i == ui->form.n)
    reload_keep_focus(ui);
  for(i = 0; i < ui->form.n; i++) {
    const struct ui_form_item *it = &ui->form.it[i];
    char val[8];

    if(it->syntax.state == UI_CK_FAIL) {
      ui->form.focus = i;
      snprintf(why, n, "%s: %s", _(it->def->label), it->syntax.text);
      return false;
    }
    if(it->def->required && hk_field_get(&ui->setup, it->def, val, sizeof(val)) == HK_OK &&
       !val[0]) {
      ui->form.focus = i;
      snprintf(why, n, _("%s is required: fill it in (F4 lists what exists, where there is a list)."),
               _(it->def->label));
      return false;
    }
  }
  if(ui->stale)
    start_checks(ui);
  if(ui->form.pending > 0 || ui_engine_busy(ui->eng) > 0) {
    ui->want_next = true;
    snprintf(why, n, "%s", _("Checking the answers\xe2\x80\xa6 the next step opens when the checks pass."));
    return false;
  }
  ui->want_next = false;
  if(ui_form_blocked(&ui->form, why, n))
    return false;
  return true;
}

static void draw_intro(const struct ui *ui, WINDOW *w, int *y, int width)
{
  const struct step_ops *st = ui_step(ui);

  wattron(w, ui_attr(UI_ROLE_HEADING));
  ui_put(w, *y, 0, width, _(st->title));
  wattroff(w, ui_attr(UI_ROLE_HEADING));
  (*y)++;
  *y += ui_put_wrapped(w, *y, 0, width, UI_HELP_ROWS, _(st->help));
  (*y)++;
}

int ui_formstep_draw_at(const struct ui *ui, WINDOW *w, int y)
{
  int rows = getmaxy(w), width = getmaxx(w);
  char why[8];
  bool ok = !ui_form_blocked(&ui->form, why, sizeof(why));

  return y + ui_form_draw(&ui->form, w, y, 0, width, rows - y, ok, ui->tick);
}

int ui_formstep_draw_intro(const struct ui *ui, WINDOW *w)
{
  int y = 0;

  draw_intro(ui, w, &y, getmaxx(w));
  return y;
}

void ui_formstep_draw(const struct ui *ui, WINDOW *w)
{
  ui_formstep_draw_at(ui, w, ui_formstep_draw_intro(ui, w));
}
