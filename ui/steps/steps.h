/* steps.h - the console steps, one file each, in flow order (ui_flow.c). */
#ifndef UI_STEPS_H
#define UI_STEPS_H

#include "ui.h"

extern const struct step_ops ui_step_start;
extern const struct step_ops ui_step_account;
extern const struct step_ops ui_step_credential;
extern const struct step_ops ui_step_storage;
extern const struct step_ops ui_step_endpoints;
extern const struct step_ops ui_step_pas;
extern const struct step_ops ui_step_network;
extern const struct step_ops ui_step_metastore;
extern const struct step_ops ui_step_workspace;
extern const struct step_ops ui_step_review;
extern const struct step_ops ui_step_commit;
extern const struct step_ops ui_step_client;
extern const struct step_ops ui_step_access;
extern const struct step_ops ui_step_verify;
extern const struct step_ops ui_step_summary;

/* Shared by the steps that show a document with a heading and a scroll. */
void ui_steps_draw_heading(const struct ui *ui, WINDOW *w, int *y);
/* PgUp/PgDn and the arrows scroll ui->text; UI_F_NONE for any other action. */
int ui_steps_scroll_key(struct ui *ui, enum ui_action act);
/* The key op of a read-only page after the commit: scroll, Enter/F10 go on,
 * Back does nothing (what is created stays created). */
int ui_steps_page_key(struct ui *ui, enum ui_action act, int key);
/* The validate op of a step with nothing to check. */
bool ui_steps_always_valid(struct ui *ui, char *why, size_t n);

#endif
