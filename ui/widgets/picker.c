/* picker.c - the list overlay. */
#include <string.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "ui.h"

void ui_picker_reset(struct ui_picker *p, const char *title, bool multi, int field)
{
  memset(p, 0, sizeof(*p));
  hk_strlcpy(p->title, title, sizeof(p->title));
  p->multi = multi;
  p->field = field;
  p->loading = true;
}

struct ui_pick_item *ui_picker_add(struct ui_picker *p, const char *value, const char *label)
{
  struct ui_pick_item *it;

  if(p->n >= UI_PICK_MAX)
    return NULL;
  it = &p->items[p->n++];
  memset(it, 0, sizeof(*it));
  hk_strlcpy(it->value, value, sizeof(it->value));
  hk_strlcpy(it->label, label ? label : "", sizeof(it->label));
  return it;
}

void ui_picker_mark(struct ui_picker *p, const char *csv)
{
  int i;

  for(i = 0; i < p->n; i++) {
    const char *s = csv;
    size_t vl = strlen(p->items[i].value);

    while(s && *s) {
      const char *e = strchr(s, ',');
      size_t l = e ? (size_t)(e - s) : strlen(s);

      while(l > 0 && *s == ' ') {
        s++;
        l--;
      }
      if(l == vl && strncmp(s, p->items[i].value, l) == 0) {
        p->items[i].marked = true;
        if(!p->multi)
          p->sel = i;
      }
      s = e ? e + 1 : NULL;
    }
  }
}

void ui_picker_move(struct ui_picker *p, int delta)
{
  if(p->n == 0)
    return;
  p->sel += delta;
  if(p->sel < 0)
    p->sel = 0;
  if(p->sel >= p->n)
    p->sel = p->n - 1;
}

void ui_picker_result(const struct ui_picker *p, char *out, size_t n)
{
  size_t len = 0;
  int i;

  if(n == 0)
    return;
  out[0] = '\0';
  if(!p->multi) {
    if(p->sel >= 0 && p->sel < p->n)
      hk_strlcpy(out, p->items[p->sel].value, n);
    return;
  }
  for(i = 0; i < p->n; i++) {
    int w;

    if(!p->items[i].marked)
      continue;
    w = snprintf(out + len, n - len, "%s%s", len ? "," : "", p->items[i].value);
    if(w < 0 || (size_t)w >= n - len)
      break;
    len += (size_t)w;
  }
}

void ui_picker_draw(const struct ui_picker *p, WINDOW *w, unsigned tick)
{
  int rows = getmaxy(w), cols = getmaxx(w);
  int list_rows = rows - 4, top = 0, i;

  werase(w);
  wattron(w, ui_attr(UI_ROLE_NORMAL));
  box(w, 0, 0);
  wattron(w, ui_attr(UI_ROLE_HEADING));
  ui_put(w, 0, 2, cols - 4, p->title);
  wattroff(w, ui_attr(UI_ROLE_HEADING));
  if(p->loading) {
    char line[128];

    snprintf(line, sizeof(line), "%s %s", ui_spinner(tick), _("Loading the list\xe2\x80\xa6"));
    ui_put(w, 2, 2, cols - 4, line);
  } else if(p->error[0]) {
    wattron(w, ui_attr(UI_ROLE_ERROR));
    ui_put_wrapped(w, 2, 2, cols - 4, list_rows, p->error);
    wattroff(w, ui_attr(UI_ROLE_ERROR));
  } else if(p->n == 0) {
    ui_put(w, 2, 2, cols - 4, _("Nothing found. Type the ID into the field instead."));
  }
  if(list_rows < 1)
    list_rows = 1;
  if(p->sel >= list_rows)
    top = p->sel - list_rows + 1;
  for(i = top; i < p->n && i - top < list_rows; i++) {
    const struct ui_pick_item *it = &p->items[i];
    char line[512];
    attr_t a = i == p->sel ? ui_attr(UI_ROLE_FOCUS)
                           : (it->disabled ? ui_attr(UI_ROLE_DIM) : ui_attr(UI_ROLE_NORMAL));

    if(p->multi)
      snprintf(line, sizeof(line), "[%s] %-24s %s", it->marked ? ui_glyph(UI_G_OK) : " ", it->value,
               it->label);
    else
      snprintf(line, sizeof(line), "%s %-24s %s", i == p->sel ? ui_glyph(UI_G_ARROW) : " ",
               it->value, it->label);
    wattron(w, a);
    mvwhline(w, 1 + i - top, 1, ' ', cols - 2);
    ui_put(w, 1 + i - top, 2, cols - 4, line);
    wattroff(w, a);
  }
  wattron(w, ui_attr(UI_ROLE_DIM));
  ui_put(w, rows - 2, 2, cols - 4,
         p->multi ? _("Space: mark  Enter: use the marked  Esc: close")
                  : _("Enter: use this one  Esc: close (typing an ID works too)"));
  wattroff(w, ui_attr(UI_ROLE_DIM));
}
