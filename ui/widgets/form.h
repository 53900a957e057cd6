/* form.h - the fields of one step, from the field table: label, value, help
 * under the focused field, inline syntax error and live check status
 * ("checking…" spinner, then ✓ / ⚠ / ✗ with the sentence and the fix),
 * and the Back / Continue buttons. */
#ifndef UI_WIDGET_FORM_H
#define UI_WIDGET_FORM_H

#include <curses.h>
#include <stdbool.h>
#include "setup/setup_fields.h"
#include "widgets/field.h"

/* LATER: checked at a later step, whose answers the check needs. */
enum ui_ck { UI_CK_NONE, UI_CK_PENDING, UI_CK_OK, UI_CK_WARN, UI_CK_FAIL, UI_CK_LATER };

struct ui_check {
  enum ui_ck state;
  bool blocking;              /* FAIL that keeps Continue disabled */
  char rule[16];              /* rule id (A1...), "" for syntax */
  char text[512];             /* the sentence */
  char fix[512];              /* what to do, may be "" */
};

#define UI_FORM_MAX 48
#define UI_FORM_NOTES 24

struct ui_form_item {
  const struct hk_field_def *def;
  struct ui_field edit;
  struct ui_check syntax;     /* refused as typed / when left */
  struct ui_check live;       /* the worst live finding for this field */
};

struct ui_form {
  struct ui_form_item it[UI_FORM_MAX];
  int n;
  int focus;                  /* 0..n-1 fields, n = Back, n+1 = Continue */
  struct ui_check notes[UI_FORM_NOTES]; /* step findings not tied to a field */
  int n_notes;
  int pending;                /* live checks running for this step */
};

/* Fill from the field table: the active fields of step, values from s. */
void ui_form_load(struct ui_form *f, const struct hk_setup *s, int step);
/* Index of a field by key ("vpc_id"), or -1. */
int ui_form_find(const struct ui_form *f, const char *key);
bool ui_form_focus_is_text(const struct ui_form *f);
bool ui_form_focus_is_choice(const struct ui_form *f);
/* Cycle a BOOL/ENUM field's value (dir +1/-1). */
void ui_form_cycle(struct ui_form *f, int idx, int dir);
/* Worst state over syntax, fields and notes; any blocking failure? */
bool ui_form_blocked(const struct ui_form *f, char *why, size_t n);

/* Draw from row y, at most max_rows, width columns; keeps the focused item
 * in view.  continue_ok: the Continue button is enabled.  Returns rows used. */
int ui_form_draw(const struct ui_form *f, WINDOW *w, int y, int x, int width, int max_rows,
                 bool continue_ok, unsigned tick);

#endif
