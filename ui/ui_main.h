/* ui_main.h - the loop's entry points (used by ui_entry.c and tests). */
#ifndef UI_MAIN_H
#define UI_MAIN_H

#include "ui.h"

/* Run until quit; returns 0. */
int ui_run(struct ui *ui);
/* SIGHUP (the terminal went away): the wizard saves the current step's
 * answers and leaves, or stops a running commit as q does, instead of
 * spinning on a dead terminal. */
void ui_catch_hangup(void);
/* The terminal went away (SIGHUP seen). */
bool ui_hung_up(void);
/* Handle one key (ui_keymap key int); returns UI_F_* flags. */
int ui_handle_key(struct ui *ui, int key);
/* The one redraw point. */
void ui_redraw(struct ui *ui);
/* Resize to rows x cols (0: take the terminal's size). */
void ui_resize(struct ui *ui, int rows, int cols);
/* While the engine drives the loop itself (commit): handle resize, Ctrl-L
 * and q/Ctrl-C, redraw.  Returns 1 when the user asked to stop. */
int ui_pump(struct ui *ui);
/* The quit dialog's keys; 1 when the dialog was the quit dialog. */
int ui_dialog_quit_key(struct ui *ui, enum ui_action act, int key);

#endif
