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

#endif
