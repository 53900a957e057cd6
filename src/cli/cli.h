/* cli.h - the headless commands: apply, plan, check, resume, summary,
 * destroy, verify.  main.c parses the global options and dispatches. */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include "core/hk_status.h"
#include "dbx/dbx_config.h"
#include "plan/journal.h"
#include "setup/setup_model.h"

struct hk_loop;
struct dbx_client;
struct aws_client;

struct hk_cli {
  const char *prog;
  const char *trace_path;       /* --trace FILE */
  const char *ca_bundle;        /* --ca-bundle FILE */
  const char *state_dir_opt;    /* --state-dir DIR */
  int color;                    /* 1 always, 0 never, -1 auto */
  char state_dir[4096];         /* resolved */
  volatile sig_atomic_t stop;
};

/* Clients and loop for one command run. */
struct hk_cli_rt {
  struct hk_loop *loop;
  FILE *trace;
  struct dbx_config dcfg;
  struct dbx_client *dbx;
  struct aws_client *aws;
};

/* One subcommand: argv[0] is the command name. */
typedef int (*hk_cmd_fn)(struct hk_cli *cli, int argc, char **argv);

int hk_cmd_apply(struct hk_cli *cli, int argc, char **argv);
int hk_cmd_resume(struct hk_cli *cli, int argc, char **argv);
int hk_cmd_plan(struct hk_cli *cli, int argc, char **argv);
int hk_cmd_check(struct hk_cli *cli, int argc, char **argv);
int hk_cmd_summary(struct hk_cli *cli, int argc, char **argv);
int hk_cmd_destroy(struct hk_cli *cli, int argc, char **argv);
int hk_cmd_verify(struct hk_cli *cli, int argc, char **argv);

/* --help text (commands, options, exit codes). */
void hk_cli_usage(FILE *out);
/* "heiiki: <sentence>" (+ "  fix: <hint>") on stderr. */
void hk_cli_error(const struct hk_error *err);
/* Colour on this stream? (--color, NO_COLOR, isatty) */
bool hk_cli_color(const struct hk_cli *cli, FILE *f);

/* Read and check an answers file; prints every problem.  HK_OK or HK_CONFIG. */
hk_status hk_cli_load_answers(const char *path, struct hk_setup *s);
/* Open a setup's journal; prints the sentence on failure.  HK_NOT_FOUND is
 * returned (quietly) when missing_ok. */
hk_status hk_cli_open_journal(struct hk_cli *cli, const char *name, struct hk_journal *j,
                              bool missing_ok);
/* Lock, then read a setup's journal (hk_journal_open_locked): every command
 * that writes the state.  Prints the sentence on failure (a missing setup
 * too, unless missing_ok: then an empty journal is locked). */
hk_status hk_cli_lock_journal(struct hk_cli *cli, const char *name, struct hk_journal *j,
                              bool missing_ok);
/* The exit code for a state that could not be had: no such setup, unusable
 * or locked state, anything else. */
int hk_cli_state_exit(hk_status st);
/* The setup saved in a journal; prints the sentence on failure (HK_STATE). */
hk_status hk_cli_setup_from_journal(const struct hk_journal *j, struct hk_setup *s);
/* Loop, trace and clients (Databricks always; AWS when available). */
hk_status hk_cli_rt_open(struct hk_cli *cli, const struct hk_setup *s, struct hk_cli_rt *rt,
                         struct hk_error *err);
void hk_cli_rt_close(struct hk_cli_rt *rt);
/* Register every secret the runtime holds with a journal's guard. */
void hk_cli_rt_guard(const struct hk_cli_rt *rt, struct hk_journal *j);
/* The full pre-flight: findings to out (text; all of them when verbose) or
 * appended to json (an array); *blocks = blocking problems, *unchecked =
 * blocking rules that could not be checked (a read failed). */
struct cJSON;
/* j: the setup's journal when it has one (NULL: none): what it made is its
 * own, not a conflict (journal_own.h). */
hk_status hk_cli_preflight(struct hk_cli_rt *rt, const struct hk_setup *s,
                           const struct hk_journal *j, FILE *out, bool verbose,
                           struct cJSON *json, int *blocks, int *unchecked,
                           struct hk_error *err);
/* When the pre-flight could not check everything: the sentence and retry hint. */
void hk_cli_unchecked_error(int unchecked, struct hk_error *err);
/* Ask "question [y/N]" on the terminal; false without a terminal. */
bool hk_cli_confirm(const char *question);
/* Parse "--flag", "--opt VALUE" and "--opt=VALUE" one at a time. */
bool hk_cli_opt(int argc, char **argv, int *i, const char *name, const char **value);

#endif
