/* textview.c - a scrollable text overlay. */
#include <stdlib.h>
#include <string.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "core/hk_text.h"
#include "ui.h"

void ui_textview_set(struct ui_textview *t, const char *title, const char *text,
                     const char *footer)
{
  ui_textview_free(t);
  hk_strlcpy(t->title, title ? title : "", sizeof(t->title));
  hk_strlcpy(t->footer, footer ? footer : "", sizeof(t->footer));
  t->text = NULL;
  t->top = 0;
  if(!text)
    text = "";
  {
    /* tabs become two spaces: widths stay what the screen shows */
    struct hk_buf b;
    const char *p;

    hk_buf_init(&b);
    for(p = text; *p; p++) {
      if(*p == '\t')
        hk_buf_puts(&b, "  ");
      else
        hk_buf_append(&b, p, 1);
    }
    t->text = b.data ? hk_buf_steal(&b) : hk_strdup("");
    hk_buf_free(&b);
  }
}

void ui_textview_free(struct ui_textview *t)
{
  free(t->text);
  t->text = NULL;
  t->top = 0;
}

struct tv_walk {
  int n;                 /* lines seen */
  int first, rows;       /* window of lines to draw */
  WINDOW *w;
  int y, x, width;
};

static void tv_line(void *ud, const char *s, size_t len)
{
  struct tv_walk *k = ud;

  if(k->w && k->n >= k->first && k->n < k->first + k->rows) {
    char buf[1024];

    if(len >= sizeof(buf))
      len = sizeof(buf) - 1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    ui_put(k->w, k->y + k->n - k->first, k->x, k->width, buf);
  }
  k->n++;
}

/* One source line wrapped in cells; an indented line's continuation rows hang
 * two cells under its text (a plan or summary row that wraps stays in its
 * column instead of starting at the left edge). */
static void tv_wrap(const char *line, struct tv_walk *k)
{
  size_t len = strlen(line), lead = strspn(line, " ");
  size_t hang = lead ? lead + 2 : 0, ind = 0, width = k->width < 1 ? 1 : (size_t)k->width;
  char buf[1100];

  if(hang * 2 > width)
    hang = 0;
  while(len > 0) {
    size_t room = width > ind ? width - ind : 1;
    size_t cut = hk_text_break_n(line, len, room);

    if(cut > sizeof(buf) - ind - 1)
      cut = sizeof(buf) - ind - 1;
    memset(buf, ' ', ind);
    memcpy(buf + ind, line, cut);
    buf[ind + cut] = '\0';
    tv_line(k, buf, ind + cut);
    line += cut;
    len -= cut;
    while(len > 0 && *line == ' ') {
      line++;
      len--;
    }
    ind = hang;
  }
}

/* Wrap each source line separately so blank lines and indentation stay. */
static int tv_walk_text(const char *text, struct tv_walk *k)
{
  const char *p = text ? text : "";

  while(*p) {
    const char *e = strchr(p, '\n');
    size_t l = e ? (size_t)(e - p) : strlen(p);
    char line[1024];

    if(l >= sizeof(line))
      l = sizeof(line) - 1;
    memcpy(line, p, l);
    line[l] = '\0';
    if(l == 0)
      tv_line(k, "", 0);
    else
      tv_wrap(line, k);
    if(!e)
      break;
    p = e + 1;
  }
  return k->n;
}

int ui_textview_lines(const struct ui_textview *t, int width)
{
  struct tv_walk k;

  memset(&k, 0, sizeof(k));
  k.width = width;
  return tv_walk_text(t->text, &k);
}

/* What the screen last showed of each view (a display fact, like the window's
 * size; the drawing stays a pure function of the view's state). */
static struct {
  const struct ui_textview *t;
  int rows, total;
} shown[4];

static void remember_shown(const struct ui_textview *t, int rows, int total)
{
  size_t i, free_at = 0;

  for(i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
    if(shown[i].t == t) {
      free_at = i;
      break;
    }
    if(!shown[i].t)
      free_at = i;
  }
  shown[free_at].t = t;
  shown[free_at].rows = rows;
  shown[free_at].total = total;
}

static int shown_index(const struct ui_textview *t)
{
  size_t i;

  for(i = 0; i < sizeof(shown) / sizeof(shown[0]); i++)
    if(shown[i].t == t)
      return (int)i;
  return -1;
}

int ui_textview_page(const struct ui_textview *t, int fallback)
{
  int i = shown_index(t);

  return i >= 0 && shown[i].rows > 1 ? shown[i].rows - 1 : fallback;
}

void ui_textview_scroll(struct ui_textview *t, int delta, int page_rows)
{
  int i = shown_index(t);

  (void)page_rows;
  t->top += delta;
  if(i >= 0 && t->top > shown[i].total - shown[i].rows)
    t->top = shown[i].total - shown[i].rows;   /* no paging past the end */
  if(t->top < 0)
    t->top = 0;
}

void ui_textview_draw_inline(const struct ui_textview *t, WINDOW *w, int y, int x, int width,
                             int rows)
{
  struct tv_walk k;
  int total = ui_textview_lines(t, width);
  /* when it scrolls, the last row is the position's own: drawn over a text
   * row it could split a wide character and push the row past its width */
  int text_rows = total > rows && rows > 1 ? rows - 1 : rows;
  int top = t->top;

  if(top > total - text_rows)
    top = total - text_rows;
  if(top < 0)
    top = 0;
  memset(&k, 0, sizeof(k));
  k.first = top;
  k.rows = text_rows;
  k.w = w;
  k.y = y;
  k.x = x;
  k.width = width;
  tv_walk_text(t->text, &k);
  remember_shown(t, text_rows, total);
  if(text_rows < rows) {
    char pos[64];

    snprintf(pos, sizeof(pos), " %d-%d/%d ", top + 1,
             top + text_rows < total ? top + text_rows : total, total);
    wattron(w, ui_attr(UI_ROLE_DIM));
    ui_put(w, y + rows - 1, x + width - ui_text_width(pos), ui_text_width(pos), pos);
    wattroff(w, ui_attr(UI_ROLE_DIM));
  }
}

void ui_textview_draw(const struct ui_textview *t, WINDOW *w)
{
  int rows = getmaxy(w), cols = getmaxx(w);

  werase(w);
  box(w, 0, 0);
  wattron(w, ui_attr(UI_ROLE_HEADING));
  ui_put(w, 0, 2, cols - 4, t->title);
  wattroff(w, ui_attr(UI_ROLE_HEADING));
  ui_textview_draw_inline(t, w, 1, 2, cols - 4, rows - 3);
  wattron(w, ui_attr(UI_ROLE_DIM));
  ui_put(w, rows - 2, 2, cols - 4, t->footer[0] ? t->footer : _("PgUp/PgDn, Up/Down: scroll  Esc: close"));
  wattroff(w, ui_attr(UI_ROLE_DIM));
}
