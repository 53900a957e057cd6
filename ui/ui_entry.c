/* ui_entry.c - hk_ui_main: options, terminal set-up, the loop, tear-down. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "net/net_ca.h"
#include "net/net_loop.h"
#include "plan/apply.h"
#include "plan/journal.h"
#include "ui.h"
#include "ui_entry.h"
#include "ui_main.h"
#include "ui_engine.h"
#include "ui_script.h"

struct ui_opts {
  enum ui_color_mode color;
  const char *script;
  const char *dump;
  const char *state_dir;
  const char *trace;
  const char *ca_bundle;
  int min_cols, min_rows;
};

static int usage(const char *what)
{
  fprintf(stderr, _("heiiki: %s\n"), what);
  fprintf(stderr, "%s\n", _("usage: heiiki [--color=auto|never|always] [--script FILE] [--dump FILE] "
                            "[--state-dir DIR] [--trace FILE] [--ca-bundle FILE] [--minimal-size WxH]"));
  return 2;
}

static int parse_opts(int argc, char **argv, struct ui_opts *o)
{
  int i;

  memset(o, 0, sizeof(*o));
  o->color = UI_COLOR_AUTO;
  o->min_cols = UI_MIN_COLS;
  o->min_rows = UI_MIN_ROWS;
  o->script = getenv("HEIIKI_UI_SCRIPT");
  o->dump = getenv("HEIIKI_UI_DUMP");
  o->state_dir = getenv("HEIIKI_STATE_DIR");
  for(i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *val = NULL;

    if(strncmp(a, "--color=", 8) == 0) {
      int m = ui_color_mode_parse(a + 8);

      if(m < 0)
        return usage(_("--color takes auto, never or always."));
      o->color = (enum ui_color_mode)m;
      continue;
    }
    if(i + 1 < argc)
      val = argv[i + 1];
    if(strcmp(a, "--script") == 0 && val) {
      o->script = val;
      i++;
    } else if(strcmp(a, "--dump") == 0 && val) {
      o->dump = val;
      i++;
    } else if(strcmp(a, "--state-dir") == 0 && val) {
      o->state_dir = val;
      i++;
    } else if(strcmp(a, "--trace") == 0 && val) {
      o->trace = val;
      i++;
    } else if(strcmp(a, "--ca-bundle") == 0 && val) {
      o->ca_bundle = val;
      i++;
    } else if(strcmp(a, "--minimal-size") == 0 && val) {
      if(!ui_parse_size(val, &o->min_cols, &o->min_rows) || o->min_cols < 20 || o->min_rows < 10)
        return usage(_("--minimal-size takes COLSxROWS, at least 20x10."));
      i++;
    } else {
      char msg[256];

      snprintf(msg, sizeof(msg), _("unknown option %s for the wizard."), a);
      return usage(msg);
    }
  }
  return 0;
}

/* Script mode without a terminal: render into /dev/null at a fixed size;
 * the dump reads the screen from curses' own copy. */
static SCREEN *open_screen(const struct ui_opts *o, FILE **out_fp)
{
  const char *term = getenv("TERM");

  *out_fp = NULL;
  if(!o->script || isatty(STDOUT_FILENO))
    return NULL;
  if(!term || !term[0] || strcmp(term, "dumb") == 0)
    setenv("TERM", "xterm", 1);
  if(!getenv("COLUMNS"))
    setenv("COLUMNS", "100", 1);
  if(!getenv("LINES"))
    setenv("LINES", "30", 1);
  *out_fp = fopen("/dev/null", "r+");
  if(!*out_fp)
    return NULL;
  return newterm(NULL, *out_fp, *out_fp);
}

int hk_ui_main(int argc, char **argv)
{
  struct ui_opts o;
  struct ui *ui = NULL;
  struct ui_script script;
  struct hk_loop_opts lo;
  struct hk_error err;
  SCREEN *scr = NULL;
  FILE *out_fp = NULL;
  bool curses_on = false;
  int rc;

  hk_i18n_init(stderr);
  memset(&script, 0, sizeof(script));
  hk_error_clear(&err);
  rc = parse_opts(argc, argv, &o);
  if(rc != 0)
    return rc;
  if(!o.script && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
    fprintf(stderr, "%s\n",
            _("heiiki: the wizard needs a terminal. Without one, run the same setup headless: "
              "heiiki apply --answers FILE (see assets/examples/ for an answers file)."));
    return 2;
  }
  if(o.script && ui_script_load(o.script, &script, &err) != HK_OK) {
    fprintf(stderr, "heiiki: %s\n", err.message);
    return 2;
  }
  ui = calloc(1, sizeof(*ui));
  if(!ui) {
    rc = 1;
    goto out;
  }
  hk_setup_init(&ui->setup);
  ui->flow = ui_flow;
  ui->n_steps = ui_flow_len;
  ui->min_cols = o.min_cols;
  ui->min_rows = o.min_rows;
  ui->dump_path = o.dump;
  ui->script = o.script ? &script : NULL;
  if(hk_state_dir(o.state_dir, ui->state_dir, sizeof(ui->state_dir), &err) != HK_OK) {
    fprintf(stderr, "heiiki: %s\n", err.message);
    rc = 2;
    goto out;
  }

  memset(&lo, 0, sizeof(lo));
  lo.ca_bundle = hk_ca_bundle(o.ca_bundle);   /* the live checks trust what the commit trusts */
  ui->loop = hk_loop_new(&lo);
  if(!ui->loop) {
    fprintf(stderr, "%s\n", _("heiiki: the network layer could not start (out of memory?)."));
    rc = 1;
    goto out;
  }
  ui->trace_path = o.trace;
  ui->ca_bundle = o.ca_bundle;
  if(ui_engine_new(ui, &ui->eng, &err) != HK_OK) {
    fprintf(stderr, "heiiki: %s\n", err.message);
    rc = 1;
    goto out;
  }

  ui_glyphs_init();
  set_escdelay(25);
  scr = open_screen(&o, &out_fp);
  if(!scr && !initscr()) {
    fprintf(stderr, "%s\n", _("heiiki: the terminal could not be set up (check TERM)."));
    rc = 1;
    goto out;
  }
  curses_on = true;
  ui_catch_hangup();
  ui_theme_init(o.color);
  raw();
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  nodelay(stdscr, TRUE);
  /* bracketed paste: pasted text arrives between two marker keys */
  define_key("\033[200~", UI_KEY_PASTE_START & ~UI_KEYFN_FLAG);
  define_key("\033[201~", UI_KEY_PASTE_END & ~UI_KEYFN_FLAG);
  if(!ui->script) {
    fputs("\033[?2004h", stdout);
    fflush(stdout);
  }
  ui_store_list(ui);
  ui->cur = 0;
  if(ui->flow[0]->enter)
    ui->flow[0]->enter(ui);
  rc = ui_run(ui);
  if(ui->script && script.pos < script.n)
    rc = 1;
  /* q during the commit or the checks (or the terminal went away): as the CLI's Ctrl-C */
  if(rc == 0 && ui->interrupted && !ui->finished)
    rc = HK_EXIT_INTERRUPTED;

out:
  if(curses_on) {
    if(!ui->script) {
      fputs("\033[?2004l", stdout);
      fflush(stdout);
    }
    endwin();
    if(scr)
      delscreen(scr);
  }
  if(out_fp)
    fclose(out_fp);
  if(ui) {
    if(ui->finished)
      printf(_("heiiki: the setup %s is complete; `heiiki summary %s` shows its IDs again.\n"),
             ui->setup.name, ui->setup.name);
    else if(ui->saved_once && (rc == 0 || rc == HK_EXIT_INTERRUPTED))
      printf(_("heiiki: the setup %s is saved; run heiiki again to resume it.\n"), ui->setup.name);
    ui_engine_free(ui->eng);
    if(ui->loop)
      hk_loop_free(ui->loop);
    ui_textview_free(&ui->text);
    ui_picker_free(&ui->picker);
    ui_textview_free(&ui->help);
    hk_memzero(ui, sizeof(*ui));
    free(ui);
  }
  ui_script_free(&script);
  return rc;
}
