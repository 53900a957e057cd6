/* picker.h - a list overlay fed by live data (VPCs, subnets with AZ, CIDR,
 * node capacity and private-or-not, security groups, endpoints, metastores).
 * Typing an ID into the field always works too; the picker only helps. */
#ifndef UI_WIDGET_PICKER_H
#define UI_WIDGET_PICKER_H

#include <curses.h>
#include <stdbool.h>

#define UI_PICK_MAX 64

struct ui_pick_item {
  char value[320];          /* what goes into the field: "subnet-0abc...", a role ARN */
  char label[256];          /* "Private Subnet 01  ap-northeast-1a  10.0.1.0/24  125 nodes  private" */
  bool marked;              /* multi-select: chosen */
  bool disabled;            /* shown but not choosable (e.g. public subnet for clusters) */
};

struct ui_picker {
  char title[128];
  struct ui_pick_item items[UI_PICK_MAX];
  int n;
  int sel;
  bool loading;
  bool multi;               /* list fields: Space marks, Enter accepts */
  char error[1600];         /* the listing failed: the sentence */
  int field;                /* form index the choice goes to */
};

void ui_picker_reset(struct ui_picker *p, const char *title, bool multi, int field);
/* Add an item (ignored when full). */
struct ui_pick_item *ui_picker_add(struct ui_picker *p, const char *value, const char *label);
/* Mark items whose value appears in a comma-separated list. */
void ui_picker_mark(struct ui_picker *p, const char *csv);
/* Move the selection (skips nothing: disabled items can be read). */
void ui_picker_move(struct ui_picker *p, int delta);
/* The chosen value(s) as text: the selected one, or the marked ones comma-separated. */
void ui_picker_result(const struct ui_picker *p, char *out, size_t n);
/* Draw centred in w. */
void ui_picker_draw(const struct ui_picker *p, WINDOW *w, unsigned tick);

#endif
