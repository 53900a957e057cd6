/* picker.c - the list overlay: items, the typed filter, the selection. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "core/hk_text.h"
#include "ui.h"
#include "ui_keymap.h"

void ui_picker_free(struct ui_picker *p)
{
  free(p->items);
  free(p->view);
  p->items = NULL;
  p->view = NULL;
  p->n = p->cap = p->n_view = 0;
}

void ui_picker_reset(struct ui_picker *p, const char *title, bool multi, int field)
{
  ui_picker_free(p);
  memset(p, 0, sizeof(*p));
  hk_strlcpy(p->title, title, sizeof(p->title));
  p->multi = multi;
  p->field = field;
  p->loading = true;
}

/* Case-insensitive substring (ASCII: IDs, names and labels). */
static bool contains(const char *hay, const char *needle)
{
  size_t i, n = strlen(needle);

  if(!n)
    return true;
  for(; *hay; hay++) {
    for(i = 0; i < n && hay[i]; i++)
      if(tolower((unsigned char)hay[i]) != tolower((unsigned char)needle[i]))
        break;
    if(i == n)
      return true;
  }
  return false;
}

static bool passes(const struct ui_picker *p, const struct ui_pick_item *it)
{
  return contains(it->value, p->filter) || contains(it->label, p->filter);
}

/* Rebuild the view after the filter changed; keep the selected item if it
 * still passes. */
static void refilter(struct ui_picker *p)
{
  const struct ui_pick_item *cur = ui_picker_current(p);
  int i;

  p->n_view = 0;
  p->sel = 0;
  for(i = 0; i < p->n; i++) {
    if(!passes(p, &p->items[i]))
      continue;
    if(&p->items[i] == cur)
      p->sel = p->n_view;
    p->view[p->n_view++] = i;
  }
}

static int item_cmp(const void *a, const void *b)
{
  const struct ui_pick_item *x = a, *y = b;
  int c = strcmp(x->label, y->label);

  return c ? c : strcmp(x->value, y->value);
}

void ui_picker_sort(struct ui_picker *p)
{
  char cur[sizeof(p->items[0].value)] = "";
  const struct ui_pick_item *it = ui_picker_current(p);
  int i;

  if(it)
    hk_strlcpy(cur, it->value, sizeof(cur));
  if(p->n > 1)
    qsort(p->items, (size_t)p->n, sizeof(p->items[0]), item_cmp);
  p->n_view = 0;
  p->sel = 0;
  for(i = 0; i < p->n; i++) {
    if(!passes(p, &p->items[i]))
      continue;
    if(cur[0] && strcmp(p->items[i].value, cur) == 0)
      p->sel = p->n_view;
    p->view[p->n_view++] = i;
  }
}

struct ui_pick_item *ui_picker_add(struct ui_picker *p, const char *value, const char *label)
{
  struct ui_pick_item *it;

  if(p->n >= UI_PICK_MAX) {
    p->dropped++;
    return NULL;
  }
  if(p->n == p->cap) {
    int cap = p->cap ? p->cap * 2 : 32;
    struct ui_pick_item *items;
    int *view;

    if(cap > UI_PICK_MAX)
      cap = UI_PICK_MAX;
    items = realloc(p->items, (size_t)cap * sizeof(*items));
    if(!items)
      return NULL;
    p->items = items;
    view = realloc(p->view, (size_t)cap * sizeof(*view));
    if(!view)
      return NULL;
    p->view = view;
    p->cap = cap;
  }
  it = &p->items[p->n];
  memset(it, 0, sizeof(*it));
  hk_strlcpy(it->value, value, sizeof(it->value));
  hk_strlcpy(it->label, label ? label : "", sizeof(it->label));
  if(passes(p, it))
    p->view[p->n_view++] = p->n;
  p->n++;
  return it;
}

void ui_picker_mark(struct ui_picker *p, const char *csv)
{
  int i, v;

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
        for(v = 0; !p->multi && v < p->n_view; v++)
          if(p->view[v] == i)
            p->sel = v;
      }
      s = e ? e + 1 : NULL;
    }
  }
}

void ui_picker_move(struct ui_picker *p, int delta)
{
  if(p->n_view == 0)
    return;
  p->sel += delta;
  if(p->sel < 0)
    p->sel = 0;
  if(p->sel >= p->n_view)
    p->sel = p->n_view - 1;
}

struct ui_pick_item *ui_picker_current(const struct ui_picker *p)
{
  if(p->sel < 0 || p->sel >= p->n_view)
    return NULL;
  return &p->items[p->view[p->sel]];
}

bool ui_picker_filter_key(struct ui_picker *p, int key)
{
  size_t len = strlen(p->filter);

  if(key == 8 || key == 127 || key == UI_KEYFN(KEY_BACKSPACE)) {
    if(!len)
      return true;
    p->filter[len - 1] = '\0';
  } else if(key >= 0x20 && key < 0x7f) {   /* Space too: names have spaces; Tab marks */
    if(len + 1 >= sizeof(p->filter))
      return true;
    p->filter[len] = (char)key;
    p->filter[len + 1] = '\0';
  } else {
    return false;
  }
  refilter(p);
  return true;
}

void ui_picker_result(const struct ui_picker *p, char *out, size_t n)
{
  const struct ui_pick_item *cur;
  size_t len = 0;
  int i;

  if(n == 0)
    return;
  out[0] = '\0';
  if(!p->multi) {
    cur = ui_picker_current(p);
    if(cur)
      hk_strlcpy(out, cur->value, n);
    return;
  }
  for(i = 0; i < p->n; i++) {       /* marked ones the filter hides count too */
    int w;

    if(!p->items[i].marked)
      continue;
    w = snprintf(out + len, n - len, "%s%s", len ? "," : "", p->items[i].value);
    if(w < 0 || (size_t)w >= n - len)
      break;
    len += (size_t)w;
  }
}

static void draw_title(const struct ui_picker *p, WINDOW *w, int cols)
{
  char line[256];

  wattron(w, ui_attr(UI_ROLE_HEADING));
  ui_put(w, 0, 2, cols - 4, p->title);
  wattroff(w, ui_attr(UI_ROLE_HEADING));
  if(p->loading || p->error[0] || !p->n)
    return;
  if(p->filter[0])
    snprintf(line, sizeof(line), _(" filter \"%s\": %d of %d "), p->filter, p->n_view, p->n + p->dropped);
  else if(p->dropped)
    snprintf(line, sizeof(line), _(" the first %d of %d: type to filter "), p->n, p->n + p->dropped);
  else
    snprintf(line, sizeof(line), _(" %d: type to filter "), p->n);
  /* right-aligned by display cells (the Japanese counts are wide) */
  if(ui_text_width(line) + ui_text_width(p->title) + 8 < cols)
    ui_put(w, 0, cols - 2 - ui_text_width(line), ui_text_width(line), line);
}

void ui_picker_draw(const struct ui_picker *p, WINDOW *w, unsigned tick)
{
  int rows = getmaxy(w), cols = getmaxx(w);
  int list_rows = rows - 4, top = 0, i;

  werase(w);
  wattron(w, ui_attr(UI_ROLE_NORMAL));
  box(w, 0, 0);
  draw_title(p, w, cols);
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
  } else if(p->n_view == 0) {
    char line[256];

    snprintf(line, sizeof(line), _("Nothing matches \"%s\". Backspace removes a letter."), p->filter);
    ui_put(w, 2, 2, cols - 4, line);
  }
  if(list_rows < 1)
    list_rows = 1;
  if(p->sel >= list_rows)
    top = p->sel - list_rows + 1;
  for(i = top; i < p->n_view && i - top < list_rows; i++) {
    const struct ui_pick_item *it = &p->items[p->view[i]];
    char line[800], value[352];
    attr_t a = i == p->sel ? ui_attr(UI_ROLE_FOCUS)
                           : (it->disabled ? ui_attr(UI_ROLE_DIM) : ui_attr(UI_ROLE_NORMAL));

    if(p->multi)
      snprintf(line, sizeof(line), "[%s] %s %s", it->marked ? ui_glyph(UI_G_OK) : " ",
               hk_text_pad(value, sizeof(value), it->value, 24), it->label);
    else
      snprintf(line, sizeof(line), "%s %s %s", i == p->sel ? ui_glyph(UI_G_ARROW) : " ",
               hk_text_pad(value, sizeof(value), it->value, 24), it->label);
    wattron(w, a);
    mvwhline(w, 1 + i - top, 1, ' ', cols - 2);
    ui_put(w, 1 + i - top, 2, cols - 4, line);
    wattroff(w, a);
  }
  wattron(w, ui_attr(UI_ROLE_DIM));
  ui_put(w, rows - 2, 2, cols - 4,
         p->multi ? _("Type to filter  Tab: mark  Enter: use the marked  Esc: close")
                  : _("Type to filter  Enter: use this one  Esc: close (typing an ID works too)"));
  wattroff(w, ui_attr(UI_ROLE_DIM));
}
