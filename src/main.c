/* main.c - global options and subcommand dispatch.
 *
 *   heiiki [global options] [COMMAND [command options]]
 *
 * Global options may come before or after the command.  With no command,
 * the ncurses wizard runs (ui/). */
#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/hk_i18n.h"
#include "core/hk_proc.h"
#include "plan/apply.h"
#include "ui_entry.h"

#define MAX_ARGS 64

struct command {
  const char *name;
  hk_cmd_fn fn;
};

static const struct command commands[] = {
  { "apply", hk_cmd_apply },
  { "plan", hk_cmd_plan },
  { "check", hk_cmd_check },
  { "resume", hk_cmd_resume },
  { "summary", hk_cmd_summary },
  { "destroy", hk_cmd_destroy },
  { "verify", hk_cmd_verify },
};

static int bad_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int bad_usage(const char *fmt, ...)
{
  va_list ap;

  fprintf(stderr, "heiiki: ");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\n%s\n", _("Run `heiiki --help` for the commands and options."));
  return HK_EXIT_USAGE;
}

static int parse_color(struct hk_cli *cli, const char *v)
{
  if(strcmp(v, "auto") == 0)
    cli->color = -1;
  else if(strcmp(v, "always") == 0)
    cli->color = 1;
  else if(strcmp(v, "never") == 0)
    cli->color = 0;
  else
    return bad_usage(_("--color takes auto, always or never, not \"%s\"."), v);
  return HK_EXIT_OK;
}

/* Consume a global option at argv[*i]; -1 = not global, else an exit code
 * (HK_EXIT_OK to go on). */
static int global_opt(struct hk_cli *cli, int argc, char **argv, int *i)
{
  const char *v = NULL;

  if(hk_cli_opt(argc, argv, i, "--trace", &v))
    cli->trace_path = v;
  else if(hk_cli_opt(argc, argv, i, "--ca-bundle", &v))
    cli->ca_bundle = v;
  else if(hk_cli_opt(argc, argv, i, "--state-dir", &v))
    cli->state_dir_opt = v;
  else if(hk_cli_opt(argc, argv, i, "--color", &v))
    return v ? parse_color(cli, v) : bad_usage(_("%s needs a value."), "--color");
  else
    return -1;
  if(!v || !*v)
    return bad_usage(_("%s needs a value."), argv[*i]);
  return HK_EXIT_OK;
}

static int run_wizard(struct hk_cli *cli, char *prog)
{
  static char state_flag[] = "--state-dir";
  static char trace_flag[] = "--trace";
  static char ca_flag[] = "--ca-bundle";
  char state_dir[4096];
  char trace[4096];
  char ca[4096];
  char color[32];
  char *args[12];
  int n = 0;

  args[n++] = prog;
  if(cli->state_dir_opt) {
    snprintf(state_dir, sizeof(state_dir), "%s", cli->state_dir_opt);
    args[n++] = state_flag;
    args[n++] = state_dir;
  }
  if(cli->trace_path) {
    snprintf(trace, sizeof(trace), "%s", cli->trace_path);
    args[n++] = trace_flag;
    args[n++] = trace;
  }
  if(cli->ca_bundle) {
    snprintf(ca, sizeof(ca), "%s", cli->ca_bundle);
    args[n++] = ca_flag;
    args[n++] = ca;
  }
  if(cli->color >= 0) {
    snprintf(color, sizeof(color), "--color=%s", cli->color ? "always" : "never");
    args[n++] = color;
  }
  args[n] = NULL;
  return hk_ui_main(n, args);
}

static int dispatch(struct hk_cli *cli, int argc, char **argv)
{
  struct hk_error e;
  size_t k;

  hk_error_clear(&e);
  if(hk_state_dir(cli->state_dir_opt, cli->state_dir, sizeof(cli->state_dir), &e) != HK_OK) {
    hk_cli_error(&e);
    return HK_EXIT_USAGE;
  }
  for(k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
    if(strcmp(argv[0], commands[k].name) == 0)
      return commands[k].fn(cli, argc, argv);
  return bad_usage(_("unknown command \"%s\"."), argv[0]);
}

/* Who holds a setup's lock, as others are told ("heiiki apply"). */
static void name_process(int n, char **rest)
{
  char what[64];

  if(n == 0) {
    hk_journal_set_command(_("the heiiki wizard"));
    return;
  }
  snprintf(what, sizeof(what), "heiiki %s", rest[0]);
  hk_journal_set_command(what);
}

/* `heiiki apply | tee log` with tee gone: SIGPIPE is ignored (see main), the
 * writes fail, the run goes on and saves its state; say so at the end. */
static int check_stdout(int rc)
{
  if(fflush(stdout) == 0 && !ferror(stdout))
    return rc;
  fprintf(stderr, _("heiiki: the output could not be written (%s); the command still ran to "
                    "its end and saved its state.\n"),
          strerror(errno ? errno : EPIPE));
  return rc;
}

int main(int argc, char **argv)
{
  struct hk_cli cli;
  char *rest[MAX_ARGS];
  int n = 0, i, rc;

  (void)hk_proc_harden();   /* no core dump with secrets in it */
  /* a closed pipe on stdout must not kill a run halfway (exit 141, state unsaved) */
  signal(SIGPIPE, SIG_IGN);
  hk_i18n_init(stderr);
  memset(&cli, 0, sizeof(cli));
  cli.prog = argv[0];
  cli.color = -1;
  for(i = 1; i < argc; i++) {
    if(strcmp(argv[i], "--version") == 0) {
      printf("heiiki %s\n", HK_VERSION);
      return HK_EXIT_OK;
    }
    if(strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      hk_cli_usage(stdout);
      return HK_EXIT_OK;
    }
    rc = global_opt(&cli, argc, argv, &i);
    if(rc > 0)
      return rc;
    if(rc == 0)
      continue;
    if(n >= MAX_ARGS - 1)
      return bad_usage(_("too many arguments (%s)."), argv[i]);
    rest[n++] = argv[i];
  }
  rest[n] = NULL;
  name_process(n, rest);
  if(n == 0)
    return run_wizard(&cli, argv[0]);
  return check_stdout(dispatch(&cli, n, rest));
}
