/* form.c - the fields of one step. */
#include <string.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "ui.h"

/* The label column: a third of the width, 24 to 36 columns. */
static int label_w(int width)
{
  int w = width / 3;

  return w < 24 ? 24 : (w > 36 ? 36 : w);
}

void ui_form_load(struct ui_form *f, const struct hk_setup *s, int step)
{
  size_t i;

  memset(f, 0, sizeof(*f));
  for(i = 0; i < hk_n_fields && f->n < UI_FORM_MAX; i++) {
    const struct hk_field_def *d = &hk_fields[i];
    struct ui_form_item *it;
    char val[UI_FIELD_CAP * 4];

    if((int)d->step != step || !hk_field_active(s, d))
      continue;
    it = &f->it[f->n++];
    it->def = d;
    ui_field_init(&it->edit, UI_FIELD_CAP);
    val[0] = '\0';
    if(hk_field_get(s, d, val, sizeof(val)) != HK_OK)
      val[0] = '\0';
    ui_field_set(&it->edit, val);
  }
  f->focus = 0;
}

int ui_form_find(const struct ui_form *f, const char *key)
{
  int i;

  for(i = 0; i < f->n; i++) {
    if(strcmp(f->it[i].def->key, key) == 0)
      return i;
  }
  return -1;
}

bool ui_form_focus_is_text(const struct ui_form *f)
{
  if(f->focus < 0 || f->focus >= f->n)
    return false;
  return f->it[f->focus].def->kind == HK_FIELD_TEXT || f->it[f->focus].def->kind == HK_FIELD_LIST;
}

bool ui_form_focus_is_choice(const struct ui_form *f)
{
  if(f->focus < 0 || f->focus >= f->n)
    return false;
  return f->it[f->focus].def->kind == HK_FIELD_BOOL || f->it[f->focus].def->kind == HK_FIELD_ENUM;
}

void ui_form_cycle(struct ui_form *f, int idx, int dir)
{
  struct ui_form_item *it;
  char cur[128];
  int i, n = 0, at = -1;

  if(idx < 0 || idx >= f->n)
    return;
  it = &f->it[idx];
  ui_field_get(&it->edit, cur, sizeof(cur));
  if(it->def->kind == HK_FIELD_BOOL) {
    ui_field_set(&it->edit, strcmp(cur, "true") == 0 ? "false" : "true");
    it->edit.changed = true;
    return;
  }
  if(it->def->kind != HK_FIELD_ENUM || !it->def->enum_values)
    return;
  for(i = 0; it->def->enum_values[i]; i++) {
    if(strcmp(it->def->enum_values[i], cur) == 0)
      at = i;
    n++;
  }
  if(n == 0)
    return;
  at = at < 0 ? 0 : (at + dir + n) % n;
  ui_field_set(&it->edit, it->def->enum_values[at]);
  it->edit.changed = true;
}

static void worse(const struct ui_check *c, bool *blocked, char *why, size_t n)
{
  if(c->state == UI_CK_FAIL && c->blocking && !*blocked) {
    *blocked = true;
    if(why && n)
      hk_strlcpy(why, c->text, n);
  }
}

bool ui_form_blocked(const struct ui_form *f, char *why, size_t n)
{
  bool blocked = false;
  int i;

  for(i = 0; i < f->n; i++) {
    worse(&f->it[i].syntax, &blocked, why, n);
    worse(&f->it[i].live, &blocked, why, n);
  }
  for(i = 0; i < f->n_notes; i++)
    worse(&f->notes[i], &blocked, why, n);
  return blocked;
}

/* --- drawing --- */

static enum ui_role check_role(enum ui_ck st)
{
  switch(st) {
  case UI_CK_OK: return UI_ROLE_OK;
  case UI_CK_WARN: return UI_ROLE_WARN;
  case UI_CK_FAIL: return UI_ROLE_ERROR;
  default: return UI_ROLE_DIM;
  }
}

static const char *check_glyph(enum ui_ck st, unsigned tick)
{
  switch(st) {
  case UI_CK_PENDING: return ui_spinner(tick);
  case UI_CK_OK: return ui_glyph(UI_G_OK);
  case UI_CK_WARN: return ui_glyph(UI_G_WARN);
  case UI_CK_FAIL: return ui_glyph(UI_G_FAIL);
  case UI_CK_LATER: return ui_glyph(UI_G_PENDING);
  default: return " ";
  }
}

/* The check shown for an item: a syntax error wins over the live result. */
static const struct ui_check *item_check(const struct ui_form_item *it)
{
  if(it->syntax.state != UI_CK_NONE)
    return &it->syntax;
  return &it->live;
}

/* Rows below a field's line: help (focused), check sentence + fix. */
struct rowsink {
  WINDOW *w;
  int y, x, width, max_y;   /* max_y: first row not to draw on */
  bool draw;
  int rows;
};

static void sink_text(struct rowsink *k, enum ui_role role, const char *prefix, const char *s)
{
  char buf[1200];
  int used;

  if(!s || !s[0])
    return;
  snprintf(buf, sizeof(buf), "%s%s", prefix, s);
  if(k->draw && k->y < k->max_y) {
    wattron(k->w, ui_attr(role));
    used = ui_put_wrapped(k->w, k->y, k->x, k->width, k->max_y - k->y, buf);
    wattroff(k->w, ui_attr(role));
  } else {
    used = ui_put_wrapped(NULL, 0, 0, k->width, 1000, buf);
  }
  k->y += used;
  k->rows += used;
}

static int item_rows(const struct ui_form *f, int i, struct rowsink *k, unsigned tick)
{
  const struct ui_form_item *it = &f->it[i];
  const struct ui_check *ck = item_check(it);
  bool focused = f->focus == i;
  int start = k->rows;
  char label[256];
  int lw = label_w(k->width), label_rows;

  /* a label longer than its column wraps in it (by display cells, never
   * inside a character: Japanese labels reach 54 cells), the box beside its
   * first row */
  snprintf(label, sizeof(label), "%s%s", _(it->def->label), it->def->required ? " *" : "");
  label_rows = ui_put_wrapped(NULL, 0, 0, lw - 1, 1000, label);
  if(k->draw && k->y < k->max_y) {
    int box_x = k->x + lw;
    int box_w = k->width - lw - 3;
    attr_t box = focused ? ui_attr(UI_ROLE_FOCUS) : ui_attr(UI_ROLE_FIELD);

    wattron(k->w, focused ? ui_attr(UI_ROLE_HEADING) : ui_attr(UI_ROLE_NORMAL));
    ui_put_wrapped(k->w, k->y, k->x, lw - 1, k->max_y - k->y, label);
    wattroff(k->w, focused ? ui_attr(UI_ROLE_HEADING) : ui_attr(UI_ROLE_NORMAL));
    if(box_w < 8)
      box_w = 8;
    if(it->def->kind == HK_FIELD_BOOL || it->def->kind == HK_FIELD_ENUM) {
      char v[128], shown[160];

      ui_field_get(&it->edit, v, sizeof(v));
      snprintf(shown, sizeof(shown), "%s %s %s", ui_glyph(UI_G_LEFT), v, ui_glyph(UI_G_RIGHT));
      wattron(k->w, box);
      mvwhline(k->w, k->y, box_x, ' ', box_w);
      ui_put(k->w, k->y, box_x, box_w, shown);
      wattroff(k->w, box);
    } else {
      ui_field_draw(&it->edit, k->w, k->y, box_x, box_w, false, box);
    }
    if(ck->state != UI_CK_NONE) {
      wattron(k->w, ui_attr(check_role(ck->state)));
      ui_put(k->w, k->y, box_x + box_w + 1, 2, check_glyph(ck->state, tick));
      wattroff(k->w, ui_attr(check_role(ck->state)));
    } else if(it->def->picker != HK_PICK_NONE && focused) {
      wattron(k->w, ui_attr(UI_ROLE_DIM));
      ui_put(k->w, k->y, box_x + box_w + 1, 2, ui_glyph(UI_G_ARROW));
      wattroff(k->w, ui_attr(UI_ROLE_DIM));
    }
  }
  k->y += label_rows;
  k->rows += label_rows;
  {
    struct rowsink sub = *k;
    char pre[32];

    sub.x = k->x + 2;
    sub.width = k->width - 2;
    if(focused)
      sink_text(&sub, UI_ROLE_DIM, "", _(it->def->help));
    if(ck->state == UI_CK_PENDING) {
      sink_text(&sub, UI_ROLE_DIM, "", _("checking\xe2\x80\xa6"));
    } else if(ck->state == UI_CK_WARN || ck->state == UI_CK_FAIL || ck->state == UI_CK_LATER ||
              (ck->state == UI_CK_OK && focused)) {
      snprintf(pre, sizeof(pre), "%s ", check_glyph(ck->state, tick));
      sink_text(&sub, check_role(ck->state), pre, ck->text);
      if(ck->state != UI_CK_OK && ck->state != UI_CK_LATER)
        sink_text(&sub, UI_ROLE_NORMAL, "  ", ck->fix);
    }
    k->y = sub.y;
    k->rows = sub.rows;
  }
  return k->rows - start;
}

static int notes_rows(const struct ui_form *f, struct rowsink *k, unsigned tick)
{
  int i, start = k->rows;
  char pre[32];

  if(f->pending > 0) {
    snprintf(pre, sizeof(pre), "%s ", ui_spinner(tick));
    sink_text(k, UI_ROLE_DIM, pre, _("checking\xe2\x80\xa6"));
  }
  for(i = 0; i < f->n_notes; i++) {
    const struct ui_check *c = &f->notes[i];
    char line[700];

    snprintf(pre, sizeof(pre), "%s ", check_glyph(c->state, tick));
    snprintf(line, sizeof(line), "%s%s%s", c->rule[0] ? c->rule : "", c->rule[0] ? ": " : "",
             c->text);
    sink_text(k, check_role(c->state), pre, line);
    if(c->state != UI_CK_OK && c->state != UI_CK_LATER) {
      struct rowsink sub = *k;

      sub.x += 2;
      sub.width -= 2;
      sink_text(&sub, UI_ROLE_NORMAL, "", c->fix);
      k->y = sub.y;
      k->rows = sub.rows;
    }
  }
  return k->rows - start;
}

static void draw_buttons(const struct ui_form *f, WINDOW *w, int y, int x, bool continue_ok)
{
  char back[64], cont[64];
  attr_t a;

  snprintf(back, sizeof(back), "[ %s ]", _("Back"));
  snprintf(cont, sizeof(cont), "[ %s ]", _("Continue"));
  a = f->focus == f->n ? ui_attr(UI_ROLE_FOCUS) : ui_attr(UI_ROLE_BUTTON);
  wattron(w, a);
  mvwaddstr(w, y, x, back);
  wattroff(w, a);
  if(!continue_ok)
    a = ui_attr(UI_ROLE_DISABLED);
  else
    a = f->focus == f->n + 1 ? ui_attr(UI_ROLE_FOCUS) : ui_attr(UI_ROLE_BUTTON);
  wattron(w, a);
  mvwaddstr(w, y, x + ui_text_width(back) + 2, cont);
  wattroff(w, a);
  if(!continue_ok) {
    wattron(w, ui_attr(UI_ROLE_DIM));
    waddstr(w, "  ");
    waddstr(w, _("(blocked: fix the marked answers)"));
    wattroff(w, ui_attr(UI_ROLE_DIM));
  }
}

int ui_form_draw(const struct ui_form *f, WINDOW *w, int y, int x, int width, int max_rows,
                 bool continue_ok, unsigned tick)
{
  struct rowsink k;
  int heights[UI_FORM_MAX] = { 0 };
  int i, first = 0, avail, total, notes_h;
  int cy = -1, cx = -1;

  if(max_rows < 3)
    return 0;
  avail = max_rows - 2; /* the button row and a gap */
  /* measure */
  memset(&k, 0, sizeof(k));
  k.width = width;
  for(i = 0; i < f->n; i++)
    heights[i] = item_rows(f, i, &k, tick);
  notes_h = notes_rows(f, &k, tick);
  /* scroll so the focused field is in view (from the top: a pure function) */
  if(f->focus >= 0 && f->focus < f->n) {
    int room = avail;

    total = 0;
    for(i = 0; i <= f->focus; i++)
      total += heights[i];
    while(total > room && first < f->focus) {
      total -= heights[first];
      first++;
      room = avail - 1;     /* the "(more above)" row */
    }
  }
  memset(&k, 0, sizeof(k));
  k.w = w;
  k.y = y;
  k.x = x;
  k.width = width;
  k.max_y = y + avail;
  k.draw = true;
  if(first > 0) {
    /* on a row of its own: beside the first field its box covered part of it */
    int mw = ui_text_width(_("(more above)"));

    wattron(w, ui_attr(UI_ROLE_DIM));
    ui_put(w, k.y, x + (width > mw ? width - mw : 0), width, _("(more above)"));
    wattroff(w, ui_attr(UI_ROLE_DIM));
    k.y++;
  }
  for(i = first; i < f->n && k.y < k.max_y; i++) {
    int row = k.y;

    item_rows(f, i, &k, tick);
    if(i == f->focus && ui_form_focus_is_text(f)) {
      cy = row;
      cx = x + label_w(width);
    }
  }
  if(k.y < k.max_y && notes_h > 0)
    notes_rows(f, &k, tick);
  draw_buttons(f, w, y + max_rows - 1, x, continue_ok);
  if(cy >= 0) {
    /* redraw the focused field last so the cursor sits in it */
    int box_w = width - label_w(width) - 3;

    ui_field_draw(&f->it[f->focus].edit, w, cy, cx, box_w < 8 ? 8 : box_w, true,
                  ui_attr(UI_ROLE_FOCUS));
  }
  return max_rows;
}
