/* ui.h - the wizard's shared state and the step vtable.
 *
 * One struct ui holds everything the screens show.  Each console step is a
 * struct step_ops (one file per step under steps/); the flow is an array of
 * them in console order (ui_flow.c).  Handlers return UI_F_* flags and the
 * one loop in ui_main.c acts on them and redraws in one place. */
#ifndef UI_H
#define UI_H

#include <curses.h>
#include <stdbool.h>
#include "setup/setup_model.h"
#include "setup/setup_fields.h"
#include "ui_keymap.h"
#include "ui_theme.h"
#include "ui_glyphs.h"
#include "widgets/field.h"
#include "widgets/picker.h"
#include "widgets/textview.h"
#include "widgets/dialog.h"
#include "widgets/progress.h"
#include "widgets/form.h"

#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24
#define UI_MAX_STEPS 16
#define UI_MAX_SAVED 16
/* Rows a step's help under its title may take: the longest (the endpoints
 * step's) wraps to five at 80 columns, in English and in Japanese. */
#define UI_HELP_ROWS 5

/* Handler results: the loop acts on them. */
enum {
  UI_F_NONE = 0,
  UI_F_REDRAW = 1 << 0,
  UI_F_NEXT = 1 << 1,
  UI_F_BACK = 1 << 2,
  UI_F_QUIT = 1 << 3,
  UI_F_HANDLED = 1 << 4
};

struct ui;

struct step_ops {
  const char *id;
  const char *title;       /* N_(): breadcrumb and heading */
  const char *help;        /* N_(): the short explanation under the title */
  int model_step;          /* enum hk_step for steps with fields, -1 otherwise */
  void (*enter)(struct ui *ui);
  void (*draw)(const struct ui *ui, WINDOW *w);
  int (*key)(struct ui *ui, enum ui_action act, int key);
  /* Continue allowed?  false: why says what blocks it. */
  bool (*validate)(struct ui *ui, char *why, size_t n);
  void (*leave)(struct ui *ui);
};

enum ui_overlay { UI_OV_NONE, UI_OV_HELP, UI_OV_PICKER, UI_OV_DIALOG, UI_OV_TEXT };

/* One saved setup on the start screen. */
struct ui_saved {
  char name[HK_NAME_MAX];
  char path[512];
  char progress[256];      /* "5 of 15 steps done, at: Review; 22 of 27 actions done" */
  bool headless;           /* a state file without saved answers (started with heiiki apply) */
};

/* Dialog purposes (what Yes does). */
enum ui_dialog_for { UI_DLG_NONE, UI_DLG_QUIT, UI_DLG_SAVE_POLICY, UI_DLG_COMMIT, UI_DLG_NAME_TAKEN };

struct ui_engine;
struct ui_script;
struct hk_loop;

struct ui {
  /* the answers */
  struct hk_setup setup;
  char names_of[HK_NAME_MAX];            /* the name the derived names were made from */
  bool dirty;                          /* edits not yet saved */
  bool saved_once;                     /* the answers file was written */
  char owned[HK_NAME_MAX];             /* the setup whose files this session may write:
                                          the one resumed, or the new one once saved */
  char state_dir[512];
  const char *trace_path;              /* --trace: the redacted HTTP trace */
  const char *ca_bundle;               /* --ca-bundle */

  /* the flow */
  const struct step_ops *const *flow;
  int n_steps;
  int cur;
  bool done[UI_MAX_STEPS];

  /* the current step's widgets */
  struct ui_form form;
  enum ui_overlay overlay;
  struct ui_picker picker;
  struct ui_dialog dialog;
  enum ui_dialog_for dialog_for;
  struct ui_textview text;             /* previews and the step's document */
  struct ui_textview help;             /* the F1 overlay */
  struct ui_progress progress;         /* commit and post-deploy checks */
  int list_sel;                        /* start screen / review scroll */
  int body_scroll;
  struct ui_saved saved[UI_MAX_SAVED];
  int n_saved;
  char policy_path[512];               /* save-to-file target for the bucket policy */

  /* the frame */
  char msg[512];                       /* status line */
  enum ui_role msg_role;
  unsigned tick;                       /* spinner frame */
  int rows, cols;
  int min_rows, min_cols;

  /* the engine and the input */
  struct hk_loop *loop;
  struct ui_engine *eng;
  struct ui_script *script;
  const char *dump_path;
  bool quit;
  bool finished;                       /* the summary was reached */
  bool want_next;                      /* Continue pressed while checks run */
  bool stale;                          /* answers changed since the last live check */
  bool confirmed;                      /* review: the commit was confirmed */
  bool interrupted;                    /* q or a hang-up stopped the commit or the checks */
};

/* --- ui_main.c --- */
void ui_set_msg(struct ui *ui, enum ui_role role, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const struct step_ops *ui_step(const struct ui *ui);
/* Keys go into a text field or a filter now (q and ? are typed, not actions). */
bool ui_in_text(const struct ui *ui);
/* Go to a step by index (leave/enter run). */
void ui_goto(struct ui *ui, int idx);

/* --- ui_frame.c: the frame around a step --- */
void ui_draw_frame(const struct ui *ui);
void ui_draw_too_small(const struct ui *ui);
/* Body window rows/cols available to a step. */
int ui_body_rows(const struct ui *ui);

/* --- ui_flow.c --- */
extern const struct step_ops *const ui_flow[];
extern const int ui_flow_len;
int ui_flow_find(const char *id);

/* --- ui_formstep.c: shared behaviour of the steps with fields --- */
void ui_formstep_enter(struct ui *ui);
void ui_formstep_draw(const struct ui *ui, WINDOW *w);
int ui_formstep_key(struct ui *ui, enum ui_action act, int key);
bool ui_formstep_validate(struct ui *ui, char *why, size_t n);
void ui_formstep_leave(struct ui *ui);
/* Store every field's text in the model (syntax-checked). */
void ui_formstep_commit(struct ui *ui);
/* Reload the form from the model (answers filled in from elsewhere), keeping focus and results. */
void ui_formstep_reload(struct ui *ui);
/* Draw the fields starting at row y; returns the next free row. */
int ui_formstep_draw_at(const struct ui *ui, WINDOW *w, int y);
/* The step's title and help from the top; returns the next row. */
int ui_formstep_draw_intro(const struct ui *ui, WINDOW *w);

/* --- ui_store.c: saved setups --- */
int ui_store_list(struct ui *ui);
hk_status ui_store_save(struct ui *ui, struct hk_error *err);
/* Load a saved setup; *resume_at: the flow index to continue at. */
hk_status ui_store_load(struct ui *ui, const char *path, int *resume_at, struct hk_error *err);
/* Load a setup from its state file (one started headless): its answers, at
 * the review (or the summary once complete). */
hk_status ui_store_load_journal(struct ui *ui, const char *name, int *resume_at,
                                struct hk_error *err);
/* A setup of this name other than the session's own has saved answers or a
 * state file in the state directory (its answers must not be replaced). */
bool ui_store_taken(const struct ui *ui, const char *name);
/* Write text to a file (0600), refusing to follow an existing symlink. */
hk_status ui_store_write_file(const char *path, const char *text, struct hk_error *err);

/* --- text helpers (ui_text.c) --- */
/* Display width of a UTF-8 string. */
int ui_text_width(const char *s);
/* Print s at (y,x) clipped to width columns; returns columns used. */
int ui_put(WINDOW *w, int y, int x, int width, const char *s);
/* Word-wrap s into lines of width columns; calls line(ud, text, len) for
 * each; returns the number of lines. */
int ui_wrap(const char *s, int width, void (*line)(void *ud, const char *t, size_t len),
            void *ud);
/* Answers-file keys in a sentence ("network.name") become the wizard's
 * labels ("Network configuration name"), in place. */
void ui_text_keys_to_labels(char *s, size_t n);
/* Print wrapped text from row y, at most max_rows; returns rows used. */
int ui_put_wrapped(WINDOW *w, int y, int x, int width, int max_rows, const char *s);

#endif
