/* progress.c - one row per action. */
#include <string.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "core/hk_text.h"
#include "ui.h"

void ui_progress_reset(struct ui_progress *p)
{
  memset(p, 0, sizeof(*p));
}

struct ui_progress_row *ui_progress_row(struct ui_progress *p, const char *id)
{
  int i;

  for(i = 0; i < p->n; i++) {
    if(strcmp(p->rows[i].id, id) == 0)
      return &p->rows[i];
  }
  if(p->n >= UI_PROGRESS_MAX)
    return NULL;
  memset(&p->rows[p->n], 0, sizeof(p->rows[0]));
  hk_strlcpy(p->rows[p->n].id, id, sizeof(p->rows[0].id));
  return &p->rows[p->n++];
}

void ui_progress_draw(const struct ui_progress *p, WINDOW *w, int y, int x, int width,
                      int max_rows, long now_ms, unsigned tick)
{
  int i, first = 0, last_active = -1, tw;

  for(i = 0; i < p->n; i++) {
    if(p->rows[i].state != UI_ACT_PENDING)
      last_active = i;
  }
  if(last_active >= max_rows)
    first = last_active - max_rows + 1;
  /* the title column grows with the terminal (a Japanese title reaches 62
   * cells) and leaves 36 for the result (a UUID): 34 at 80 columns, 64 at 120 */
  tw = width - 20 - 36;
  tw = tw < 34 ? 34 : tw > 64 ? 64 : tw;
  for(i = first; i < p->n && i - first < max_rows; i++) {
    const struct ui_progress_row *r = &p->rows[i];
    const char *g;
    enum ui_role role;
    long ms = r->state == UI_ACT_RUNNING ? now_ms - r->start_ms : r->elapsed_ms;
    char line[640], el[32], verb[64], title[192];

    switch(r->state) {
    case UI_ACT_RUNNING: g = ui_spinner(tick); role = UI_ROLE_NORMAL; break;
    case UI_ACT_OK: g = ui_glyph(UI_G_OK); role = UI_ROLE_OK; break;
    case UI_ACT_FAILED: g = ui_glyph(UI_G_FAIL); role = UI_ROLE_ERROR; break;
    case UI_ACT_SKIPPED: g = "-"; role = UI_ROLE_DIM; break;
    default: g = ui_glyph(UI_G_PENDING); role = UI_ROLE_DIM; break;
    }
    if(r->state == UI_ACT_PENDING)
      el[0] = '\0';
    else
      snprintf(el, sizeof(el), "%ld.%lds", ms / 1000, (ms % 1000) / 100);
    /* columns in display cells: "%-34.34s" would cut a Japanese title inside a character */
    snprintf(line, sizeof(line), "%s %s %s %7s  %s", g, hk_text_pad(verb, sizeof(verb), r->verb, 7),
             hk_text_fit(title, sizeof(title), r->title, (size_t)tw), el, r->message);
    wattron(w, ui_attr(role));
    ui_put(w, y + i - first, x, width, line);
    wattroff(w, ui_attr(role));
  }
}
