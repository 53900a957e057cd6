/* ui_main.c - the one loop: keys and network completions together, one
 * redraw point, resize and "terminal too small" in one place. */
#include <stdarg.h>
#include <stdio.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "net/net_loop.h"
#include "ui.h"
#include "ui_main.h"
#include "ui_engine.h"
#include "ui_script.h"
#include "ui_dump.h"

void ui_set_msg(struct ui *ui, enum ui_role role, const char *fmt, ...)
{
  va_list ap;

  ui->msg_role = role;
  va_start(ap, fmt);
  vsnprintf(ui->msg, sizeof(ui->msg), fmt, ap);
  va_end(ap);
}

const struct step_ops *ui_step(const struct ui *ui)
{
  return ui->flow[ui->cur];
}

void ui_goto(struct ui *ui, int idx)
{
  const struct step_ops *st;

  if(idx < 0 || idx >= ui->n_steps)
    return;
  st = ui_step(ui);
  if(st->leave)
    st->leave(ui);
  ui->overlay = UI_OV_NONE;
  ui->cur = idx;
  ui->list_sel = 0;
  ui->body_scroll = 0;
  st = ui_step(ui);
  if(st->enter)
    st->enter(ui);
}

/* --- overlays --- */

static WINDOW *overlay_win(const struct ui *ui, int h, int w)
{
  if(h > ui->rows - 2)
    h = ui->rows - 2;
  if(w > ui->cols - 2)
    w = ui->cols - 2;
  return newwin(h, w, (ui->rows - h) / 2, (ui->cols - w) / 2);
}

static void open_help(struct ui *ui)
{
  const struct step_ops *st = ui_step(ui);
  const char *lines[32];
  struct hk_buf b;
  size_t i, n;

  hk_buf_init(&b);
  hk_buf_printf(&b, "%s\n\n%s\n\n%s\n", _(st->title), _(st->help), _("Keys:"));
  n = ui_keymap_help_lines(lines, 32);
  for(i = 0; i < n; i++)
    hk_buf_printf(&b, "  %s\n", lines[i]);
  hk_buf_printf(&b, "\n%s\n", _("Fields: type to edit (Home/End, Backspace, Delete, Ctrl-U clears). "
                                 "Choices change with Space or Left/Right. "
                                 "F4 or Enter on a field marked with an arrow opens a list of what exists; "
                                 "typing in the list filters it (Backspace widens it again); "
                                 "typing an ID into the field always works too. "
                                 "Answers are checked when you leave a field and when you continue."));
  ui_textview_set(&ui->help, _("Help"), b.data ? b.data : "", NULL);
  hk_buf_free(&b);
  ui->overlay = UI_OV_HELP;
}

static void open_quit(struct ui *ui)
{
  ui_dialog_init(&ui->dialog, _("Quit heiiki?"),
                 _("This step has answers that are not saved yet. Save them before quitting? "
                   "You can resume this setup from the start screen."),
                 _("Save and quit"), _("Quit without saving"), _("Cancel"));
  ui->dialog_for = UI_DLG_QUIT;
  ui->overlay = UI_OV_DIALOG;
}

static void request_quit(struct ui *ui)
{
  if(ui->dirty) {
    open_quit(ui);
    return;
  }
  ui->quit = true;
}

static volatile sig_atomic_t hung_up;

static void on_hangup(int sig)
{
  (void)sig;
  hung_up = 1;
}

void ui_catch_hangup(void)
{
  struct sigaction sa;

  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_hangup;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGHUP, &sa, NULL);
}

bool ui_hung_up(void)
{
  return hung_up != 0;
}

/* The terminal hung up although no SIGHUP came (the kernel signals the
 * session leader, here often a shell): input "ready" with no key behind it. */
static void check_terminal(void)
{
  struct pollfd p;

  p.fd = STDIN_FILENO;
  p.events = POLLIN;
  p.revents = 0;
  if(poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)))
    hung_up = 1;
}

static void save_progress(struct ui *ui)
{
  struct hk_error err;

  if(!ui->setup.name[0])
    return;
  hk_error_clear(&err);
  if(ui_store_save(ui, &err) != HK_OK) {
    ui_set_msg(ui, UI_ROLE_ERROR, "%s", err.message);
  } else {
    ui->dirty = false;
    ui->saved_once = true;
  }
}

static void try_continue(struct ui *ui)
{
  const struct step_ops *st = ui_step(ui);
  char why[512];

  why[0] = '\0';
  if(st->validate && !st->validate(ui, why, sizeof(why))) {
    ui_set_msg(ui, UI_ROLE_ERROR, "%s", why[0] ? why : _("This step is not complete yet."));
    return;
  }
  ui->done[ui->cur] = true;
  if(ui->cur + 1 >= ui->n_steps) {
    save_progress(ui);
    ui->quit = true;
    return;
  }
  ui->msg[0] = '\0';
  ui_goto(ui, ui->cur + 1);
  save_progress(ui);
}

static void go_back(struct ui *ui)
{
  if(ui->cur == 0)
    return;
  ui->msg[0] = '\0';
  ui_goto(ui, ui->cur - 1);
}

static int overlay_key(struct ui *ui, enum ui_action act, int key)
{
  struct ui_textview *tv = ui->overlay == UI_OV_HELP ? &ui->help : &ui->text;

  switch(ui->overlay) {
  case UI_OV_HELP:
  case UI_OV_TEXT:
    if(act == UI_ACT_BACK || act == UI_ACT_HELP || act == UI_ACT_QUIT ||
       (ui->overlay == UI_OV_TEXT && act == UI_ACT_ACTIVATE)) {
      ui->overlay = UI_OV_NONE;
    } else if(act == UI_ACT_NEXT || act == UI_ACT_PGDN) {
      ui_textview_scroll(tv, act == UI_ACT_PGDN ? ui->rows - 8 : 1, ui->rows - 8);
    } else if(act == UI_ACT_PREV || act == UI_ACT_PGUP) {
      ui_textview_scroll(tv, act == UI_ACT_PGUP ? -(ui->rows - 8) : -1, ui->rows - 8);
    } else if(ui->overlay == UI_OV_TEXT) {
      /* the step that opened the preview may offer keys (save, apply) */
      return ui_step(ui)->key(ui, act, key);
    }
    return UI_F_REDRAW;
  case UI_OV_PICKER:
  case UI_OV_DIALOG:
    /* the step owns the picker and dialog outcomes */
    return ui_step(ui)->key(ui, act, key);
  default:
    return UI_F_NONE;
  }
}

bool ui_in_text(const struct ui *ui)
{
  if(ui->overlay == UI_OV_DIALOG)
    return ui->dialog.has_input && ui->dialog.sel == -1;
  if(ui->overlay == UI_OV_PICKER)
    return true;                   /* letters filter the list */
  if(ui->overlay != UI_OV_NONE)
    return false;
  return ui_step(ui)->model_step >= 0 && ui_form_focus_is_text(&ui->form);
}

void ui_resize(struct ui *ui, int rows, int cols)
{
  if(rows > 0 && cols > 0)
    resizeterm(rows, cols);
  ui->rows = LINES;
  ui->cols = COLS;
  clearok(curscr, TRUE);
}

static bool too_small(const struct ui *ui)
{
  return ui->rows < ui->min_rows || ui->cols < ui->min_cols;
}

static void add_check(struct hk_buf *b, const char *label, const struct ui_check *c)
{
  if(c->state == UI_CK_NONE || c->state == UI_CK_PENDING)
    return;
  hk_buf_printf(b, "%s %s%s%s%s%s\n", c->state == UI_CK_OK ? ui_glyph(UI_G_OK)
                                    : c->state == UI_CK_LATER ? ui_glyph(UI_G_PENDING)
                                    : c->state == UI_CK_WARN ? ui_glyph(UI_G_WARN)
                                                             : ui_glyph(UI_G_FAIL),
                label ? label : "", label ? ": " : "", c->rule, c->rule[0] ? ": " : "", c->text);
  if(c->fix[0] && c->state != UI_CK_OK)
    hk_buf_printf(b, "    %s\n", c->fix);
}

/* F3 where a step has no document of its own: the full text of every
 * finding of the step, or of every progress row (the screen cuts long ones). */
static bool open_details(struct ui *ui)
{
  const struct step_ops *st = ui_step(ui);
  struct hk_buf b;
  int i;

  hk_buf_init(&b);
  if(st->model_step >= 0) {
    for(i = 0; i < ui->form.n; i++) {
      add_check(&b, _(ui->form.it[i].def->label), &ui->form.it[i].syntax);
      add_check(&b, _(ui->form.it[i].def->label), &ui->form.it[i].live);
    }
    for(i = 0; i < ui->form.n_notes; i++)
      add_check(&b, NULL, &ui->form.notes[i]);
  } else if(strcmp(st->id, "commit") == 0 || strcmp(st->id, "verify") == 0) {
    for(i = 0; i < ui->progress.n; i++) {
      const struct ui_progress_row *r = &ui->progress.rows[i];

      hk_buf_printf(&b, "%-7s %s  %.1fs\n    %s\n", r->verb, r->title, r->elapsed_ms / 1000.0,
                    r->message);
    }
    if(ui->progress.headline[0])
      hk_buf_printf(&b, "\n%s\n", ui->progress.headline);
  } else {
    hk_buf_free(&b);
    return false;
  }
  ui_textview_set(&ui->text, _("Full text"), b.data && b.data[0] ? b.data
                                                  : _("Nothing has been checked on this step yet."),
                  _("PgUp/PgDn, Up/Down: scroll  Esc: close"));
  hk_buf_free(&b);
  ui->overlay = UI_OV_TEXT;
  return true;
}

int ui_handle_key(struct ui *ui, int key)
{
  enum ui_action act;
  int flags;

  if(key == UI_KEY_RESIZE) {
    ui_resize(ui, 0, 0);
    return UI_F_REDRAW;
  }
  act = ui_keymap_action(key, ui_in_text(ui));
  if(too_small(ui)) {
    if(act == UI_ACT_QUIT || key == 'q')
      ui->quit = true;
    return UI_F_REDRAW;
  }
  if(act == UI_ACT_REDRAW) {
    clearok(curscr, TRUE);
    return UI_F_REDRAW;
  }
  if(ui->overlay != UI_OV_NONE) {
    flags = overlay_key(ui, act, key);
  } else if(act == UI_ACT_HELP) {
    open_help(ui);
    return UI_F_REDRAW;
  } else if(act == UI_ACT_QUIT) {
    request_quit(ui);
    return UI_F_REDRAW;
  } else {
    flags = ui_step(ui)->key(ui, act, key);
    if(!(flags & UI_F_HANDLED) && act == UI_ACT_VIEW && open_details(ui))
      return UI_F_REDRAW;
    if(!(flags & UI_F_HANDLED)) {
      if(act == UI_ACT_CONTINUE)
        flags |= UI_F_NEXT;
      else if(act == UI_ACT_BACK)
        flags |= UI_F_BACK;
    }
  }
  if(flags & UI_F_QUIT)
    request_quit(ui);
  else if(flags & UI_F_NEXT)
    try_continue(ui);
  else if(flags & UI_F_BACK)
    go_back(ui);
  return UI_F_REDRAW;
}

/* The dialog outcomes the frame owns (quit). Returns 1 when handled. */
int ui_dialog_quit_key(struct ui *ui, enum ui_action act, int key)
{
  (void)key;
  if(ui->dialog_for != UI_DLG_QUIT)
    return 0;
  if(act == UI_ACT_BACK) {
    ui->overlay = UI_OV_NONE;
  } else if(act == UI_ACT_NEXT || act == UI_ACT_TOGGLE) {
    ui->dialog.sel = (ui->dialog.sel + 1) % ui->dialog.n_buttons;
  } else if(act == UI_ACT_PREV) {
    ui->dialog.sel = (ui->dialog.sel + ui->dialog.n_buttons - 1) % ui->dialog.n_buttons;
  } else if(act == UI_ACT_ACTIVATE) {
    ui->overlay = UI_OV_NONE;
    if(ui->dialog.sel == 0) {
      const struct step_ops *st = ui_step(ui);

      if(st->leave)
        st->leave(ui);
      save_progress(ui);
      ui->quit = true;
    } else if(ui->dialog.sel == 1) {
      ui->quit = true;
    }
  }
  return 1;
}

/* --- the one redraw point --- */

void ui_redraw(struct ui *ui)
{
  WINDOW *body, *ov = NULL;
  int cy = -1, cx = -1;

  ui->rows = LINES;
  ui->cols = COLS;
  erase();
  if(too_small(ui)) {
    ui_draw_too_small(ui);
    curs_set(0);
    wnoutrefresh(stdscr);
    doupdate();
    return;
  }
  ui_draw_frame(ui);
  body = derwin(stdscr, ui_body_rows(ui), ui->cols - 2, 2, 1);
  if(body) {
    ui_step(ui)->draw(ui, body);
    if(ui_in_text(ui) && ui->overlay == UI_OV_NONE) {
      int by, bx;

      getyx(body, cy, cx);
      getbegyx(body, by, bx);
      cy += by;
      cx += bx;
    }
    delwin(body);
  }
  touchwin(stdscr);
  wnoutrefresh(stdscr);
  switch(ui->overlay) {
  case UI_OV_HELP:
  case UI_OV_TEXT:
    ov = overlay_win(ui, ui->rows - 4, ui->cols - 6);
    if(ov)
      ui_textview_draw(ui->overlay == UI_OV_HELP ? &ui->help : &ui->text, ov);
    break;
  case UI_OV_PICKER:
    ov = overlay_win(ui, ui->rows - 6, ui->cols - 2);
    if(ov)
      ui_picker_draw(&ui->picker, ov, ui->tick);
    break;
  case UI_OV_DIALOG:
    ov = overlay_win(ui, ui->dialog.has_input ? 12 : 10, 72);
    if(ov)
      ui_dialog_draw(&ui->dialog, ov);
    break;
  default:
    break;
  }
  if(ov) {
    wnoutrefresh(ov);
    delwin(ov);
  }
  if(cy >= 0 || (ui_in_text(ui) && ui->overlay != UI_OV_PICKER)) {
    curs_set(1);
    if(cy >= 0)
      move(cy, cx);
    if(cy >= 0)
      wnoutrefresh(stdscr);
  } else {
    curs_set(0);
  }
  doupdate();
}

/* --- input --- */

static int read_key(int *key)
{
  wint_t wc;
  int r = wget_wch(stdscr, &wc);

  if(r == ERR)
    return 0;
  if(r == KEY_CODE_YES)
    *key = UI_KEYFN((int)wc);
  else
    *key = (int)wc;
  return 1;
}

static bool animating(const struct ui *ui)
{
  return ui_engine_busy(ui->eng) > 0 || ui->form.pending > 0 || ui->picker.loading ||
         ui->progress.running;
}

#define UI_SCRIPT_WAIT_MAX_MS 60000L

/* <until:TEXT>: true (and on to the next step) once the screen shows TEXT,
 * or after a minute, with a warning on the status line. */
static bool script_until(struct ui *ui, long now)
{
  struct ui_script *s = ui->script;
  const char *text = s->steps[s->pos].path;

  if(!s->wait_since)
    s->wait_since = now;
  if(ui_screen_has(text)) {
    s->wait_since = 0;
    s->pos++;
    return true;
  }
  if(now - s->wait_since < UI_SCRIPT_WAIT_MAX_MS)
    return false;
  ui_set_msg(ui, UI_ROLE_WARN, _("Script: \"%s\" did not appear within a minute."), text);
  s->wait_since = 0;
  s->pos++;
  return true;
}

/* Scripted input: one step when nothing is pending.  Returns flags. */
static int script_step(struct ui *ui, long now, long *timeout)
{
  struct ui_script *s = ui->script;
  struct ui_script_step *st;

  if(s->pos >= s->n) {
    ui->quit = true;
    return UI_F_NONE;
  }
  if(s->sleep_until && now < s->sleep_until) {
    *timeout = s->sleep_until - now;
    return UI_F_NONE;
  }
  s->sleep_until = 0;
  if(s->steps[s->pos].op == UI_SC_UNTIL) {
    ui_redraw(ui);
    if(script_until(ui, now))
      return UI_F_REDRAW;
    *timeout = 50;
    return UI_F_NONE;
  }
  if(animating(ui)) {
    if(!s->wait_since)
      s->wait_since = now;
    if(now - s->wait_since < UI_SCRIPT_WAIT_MAX_MS)
      return UI_F_NONE;
  }
  s->wait_since = 0;
  st = &s->steps[s->pos++];
  *timeout = 0;
  switch(st->op) {
  case UI_SC_KEY:
    return ui_handle_key(ui, st->key);
  case UI_SC_DUMP:
    ui_redraw(ui);
    ui_dump_screen(st->path ? st->path : ui->dump_path);
    return UI_F_NONE;
  case UI_SC_RESIZE:
    ui_resize(ui, st->b, st->a);
    return UI_F_REDRAW;
  case UI_SC_SLEEP:
    s->sleep_until = now + st->a;
    return UI_F_NONE;
  default:
    return UI_F_NONE;
  }
}

/* While a commit or the checks run, a scripted run is pumped as a person
 * types: a <sleep:MS> passes, <until:TEXT> watches the screen, a quit
 * key stops; any other step (<dump> too) waits for the main loop. */
static int script_pump(struct ui *ui)
{
  struct ui_script *s = ui->script;
  struct ui_script_step *st;
  long now = hk_now_ms();

  if(s->pos >= s->n || (s->sleep_until && now < s->sleep_until))
    return 0;
  s->sleep_until = 0;
  st = &s->steps[s->pos];
  if(st->op == UI_SC_UNTIL) {
    script_until(ui, now);      /* the screen as the last tick drew it */
    return 0;
  }
  if(st->op == UI_SC_SLEEP) {
    s->sleep_until = now + st->a;
    s->pos++;
    return 0;
  }
  if(st->op == UI_SC_KEY && ui_keymap_action(st->key, 0) == UI_ACT_QUIT) {
    s->pos++;
    return 1;
  }
  return 0;
}

int ui_pump(struct ui *ui)
{
  int key, stop = 0;

  if(!ui->script)
    check_terminal();
  if(hung_up || (ui->script && script_pump(ui))) {
    stop = 1;
    ui->interrupted = true;
    ui_set_msg(ui, UI_ROLE_WARN, "%s",
               _("Stopping after the running actions finish; the state stays resumable."));
  }

  while(!ui->script && read_key(&key)) {
    enum ui_action act = ui_keymap_action(key, 0);

    if(key == UI_KEY_RESIZE) {
      ui_resize(ui, 0, 0);
    } else if(act == UI_ACT_REDRAW) {
      clearok(curscr, TRUE);
    } else if(act == UI_ACT_QUIT) {
      stop = 1;
      ui->interrupted = true;
      ui_set_msg(ui, UI_ROLE_WARN, "%s",
                 _("Stopping after the running actions finish; the state stays resumable."));
    }
  }
  ui->tick++;
  ui_redraw(ui);
  return stop;
}

int ui_run(struct ui *ui)
{
  long last_tick = hk_now_ms();
  long script_wait = 0;            /* a scripted sleep or <until> asks to wait this long */

  ui->rows = LINES;
  ui->cols = COLS;
  ui_redraw(ui);
  while(!ui->quit) {
    long timeout = animating(ui) ? 80 : 1000;
    int ready = 0, flags = UI_F_NONE, key;
    long now;

    if(ui->script && !animating(ui))
      timeout = script_wait;
    hk_loop_poll(ui->loop, timeout, ui->script ? -1 : STDIN_FILENO, &ready);
    if(hung_up) {
      /* no terminal any more: keep what was answered on this step, then leave */
      const struct step_ops *st = ui_step(ui);

      if(st->model_step >= 0)
        ui_formstep_commit(ui);
      save_progress(ui);
      ui->quit = true;
      break;
    }
    if(ui_engine_drain(ui->eng))
      flags |= UI_F_REDRAW;
    if(ui->want_next && !animating(ui) && ui->overlay == UI_OV_NONE) {
      ui->want_next = false;
      try_continue(ui);
      flags |= UI_F_REDRAW;
    }
    if(!ui->script) {
      int n_keys = 0;

      /* also after a signal (SIGWINCH gives KEY_RESIZE here) */
      while(!ui->quit && read_key(&key)) {
        flags |= ui_handle_key(ui, key);
        n_keys++;
      }
      if(ready && n_keys == 0)
        check_terminal();
    }
    now = hk_now_ms();
    script_wait = 0;
    if(ui->script && !ui->quit)
      flags |= script_step(ui, now, &script_wait);
    if(animating(ui) && now - last_tick >= 80) {
      ui->tick++;
      last_tick = now;
      flags |= UI_F_REDRAW;
    }
    if((flags & UI_F_REDRAW) && !ui->quit)
      ui_redraw(ui);
  }
  return 0;
}
