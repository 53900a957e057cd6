/* picker.h - a list overlay fed by live data (VPCs, subnets with AZ, CIDR,
 * node capacity and private-or-not, security groups, endpoints, roles,
 * buckets, metastores).  Typing filters the list (an account may have
 * hundreds of roles and buckets); typing an ID into the field always works
 * too - the picker only helps. */
#ifndef UI_WIDGET_PICKER_H
#define UI_WIDGET_PICKER_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#define UI_PICK_MAX 5000           /* items kept; more are counted, not shown */

struct ui_pick_item {
  char value[320];          /* what goes into the field: "subnet-0abc...", a role ARN */
  char label[256];          /* "Private Subnet 01  ap-northeast-1a  10.0.1.0/24  125 nodes  private" */
  bool marked;              /* multi-select: chosen */
  bool disabled;            /* shown but not choosable (e.g. public subnet for clusters) */
};

struct ui_picker {
  char title[128];
  struct ui_pick_item *items;  /* every item, in the order added */
  int n, cap;
  int dropped;              /* items beyond UI_PICK_MAX, not kept */
  int *view;                /* indexes of the items the filter lets through */
  int n_view;
  char filter[64];          /* typed text; matches value or label, any case */
  int sel;                  /* position in view */
  bool loading;
  bool multi;               /* list fields: Tab marks, Enter accepts */
  char error[1600];         /* the listing failed: the sentence */
  int field;                /* form index the choice goes to */
};

/* Start a new list (frees the old one). */
void ui_picker_reset(struct ui_picker *p, const char *title, bool multi, int field);
void ui_picker_free(struct ui_picker *p);
/* Add an item; NULL when full (counted in dropped) or out of memory. */
struct ui_pick_item *ui_picker_add(struct ui_picker *p, const char *value, const char *label);
/* Order the items by label, then value (a stable order whatever the API
 * returned), keeping the selected item selected. */
void ui_picker_sort(struct ui_picker *p);
/* Mark items whose value appears in a comma-separated list (and select it). */
void ui_picker_mark(struct ui_picker *p, const char *csv);
/* Move the selection within the filtered list. */
void ui_picker_move(struct ui_picker *p, int delta);
/* The selected item, or NULL when the filtered list is empty. */
struct ui_pick_item *ui_picker_current(const struct ui_picker *p);
/* Edit the filter: a printable character is added, Backspace (8, 127,
 * its key code) removes the last; true when the key was taken. */
bool ui_picker_filter_key(struct ui_picker *p, int key);
/* The chosen value(s) as text: the selected one, or the marked ones comma-separated. */
void ui_picker_result(const struct ui_picker *p, char *out, size_t n);
/* Draw centred in w. */
void ui_picker_draw(const struct ui_picker *p, WINDOW *w, unsigned tick);

#endif
