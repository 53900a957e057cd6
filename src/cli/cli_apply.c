/* cli_apply.c - `heiiki apply --answers FILE [--yes]` and `heiiki resume [NAME]`.
 *
 * Both fill the AWS account ID from STS, build the plan, run it, and end
 * with the post-deploy checks (verify_run.h) unless --no-post-checks: each check
 * is recorded in the journal; a failed one makes the exit code 1 and keeps
 * everything that was made. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "core/hk_text.h"
#include "plan/apply.h"
#include "plan/apply_prepare.h"
#include "dbx/dbx_client.h"
#include "net/net_loop.h"
#include "plan/plan.h"
#include "plan/net_preview.h"
#include "plan/setup_identity.h"
#include "plan/summary.h"
#include "plan/verify_journal.h"
#include "plan/verify_setup.h"
#include "setup/setup_json.h"
#include "verify/verify_run.h"

struct apply_opts {
  const char *answers;
  bool yes;
  bool quiet;
  bool no_preflight;
  bool no_verify;
  unsigned skip_verify;          /* bit (1u << check) */
  char frontend_addr[128];       /* --frontend-addr / HEIIKI_FRONTEND_ADDR */
  int frontend_port;
};

static bool agreed(const struct hk_plan *p, bool yes)
{
  if(yes)
    return true;
  if(hk_plan_count(p, HK_DEC_CREATE) == 0)
    return true;
  return hk_cli_confirm(_("Create these resources now?"));
}

static void print_checks(const struct hk_verify_result *r, FILE *out)
{
  static const char *const marks[] = { "----", "PASS", "FAIL", "SKIP" };
  char title[256];
  int c;

  fprintf(out, "\n%s\n", _("Post-deploy checks:"));
  for(c = 0; c < HK_VERIFY__COUNT; c++) {
    fprintf(out, "  %-4s  %s %s\n", marks[r->outcome[c]],
            hk_text_pad(title, sizeof(title), hk_verify_title((enum hk_verify_check)c), 42), r->sentence[c]);
    if(r->fix[c][0] && r->outcome[c] == HK_VO_FAIL)
      fprintf(out, "        %s %s\n", _("fix:"), r->fix[c]);
  }
}

/* A run that changed nothing, after checks that all passed (or were skipped
 * on request): they are not run again, so a second apply makes no call
 * that creates anything (the back-end check starts a cluster).
 * `heiiki verify NAME` runs them again on demand. */
static bool verified_before(const struct hk_journal *j, const struct hk_engine *eng)
{
  int c, passed = 0;

  if(eng->n_created || eng->n_adopted)
    return false;
  for(c = 0; c < HK_VERIFY__COUNT; c++) {
    char id[48];
    const struct hk_jaction *a;

    snprintf(id, sizeof(id), "verify.%s", hk_verify_key((enum hk_verify_check)c));
    a = hk_journal_find(j, id);
    if(!a || (a->state != HK_JS_DONE && a->state != HK_JS_SKIPPED))
      return false;
    if(a->state == HK_JS_SKIPPED && strcmp(hk_kvmap_str(&a->result, "outcome"), "skipped") != 0)
      return false;
    passed += a->state == HK_JS_DONE;
  }
  return passed > 0;
}

/* The post-deploy checks after a complete run; HK_EXIT_OK or FAILURE. */
static int run_verify(struct hk_cli *cli, struct hk_cli_rt *rt, const struct hk_setup *s,
                      struct hk_journal *j, const struct apply_opts *o,
                      const struct hk_frontend *fe, struct dbx_client *ws)
{
  struct hk_verify_setup vs;
  struct hk_verify_result r;
  struct hk_error e = { .status = HK_OK };
  struct hk_error e2 = { .status = HK_OK };
  bool saved = false;
  hk_status st;

  memset(&vs, 0, sizeof(vs));
  vs.frontend_addr = o->frontend_addr[0] ? o->frontend_addr : NULL;
  vs.frontend_port = o->frontend_port;
  vs.skip = o->skip_verify;
  vs.stop = &cli->stop;
  vs.ws = ws;
  hk_error_clear(&e);
  /* run and recorded as `heiiki verify` and the wizard do (verify_setup.h) */
  st = hk_verify_setup_run(rt->loop, rt->dbx, j, &vs, fe, &r, &saved, &e, &e2);
  print_checks(&r, stdout);
  if(!saved) {
    hk_cli_error(&e2);
    fprintf(stderr, "%s\n", _("heiiki: the check results could not be saved."));
  }
  if(st == HK_OK)
    return saved ? HK_EXIT_OK : HK_EXIT_STATE;
  fputc('\n', stderr);
  if(st == HK_CANCELLED) {
    hk_cli_error(&e);
    return HK_EXIT_INTERRUPTED;
  }
  hk_error_hint(&e, _("Nothing was deleted. Fix what the failed checks say, then run `heiiki "
                      "verify %s` (or skip a check with --skip-post-checks)."), s->name);
  hk_cli_error(&e);
  return saved ? HK_EXIT_FAILURE : HK_EXIT_STATE;
}

static int run_engine(struct hk_cli *cli, struct hk_cli_rt *rt, const struct hk_setup *s,
                      struct hk_plan *p, struct hk_journal *j, const struct apply_opts *o)
{
  struct hk_engine eng;
  struct hk_lines_fe lf;
  struct hk_frontend fe;
  struct hk_error e = { .status = HK_OK };
  hk_status st;
  int rc;

  hk_lines_fe_init(&lf, stdout, hk_cli_color(cli, stdout));
  lf.quiet = o->quiet;
  hk_lines_fe_bind(&lf, &fe);
  memset(&eng, 0, sizeof(eng));
  eng.loop = rt->loop;
  eng.dbx = rt->dbx;
  eng.aws = rt->aws;
  eng.setup = s;
  eng.plan = p;
  eng.journal = j;
  eng.fe = &fe;
  eng.stop = &cli->stop;
  eng.frontend_addr = o->frontend_addr[0] ? o->frontend_addr : NULL;
  eng.frontend_port = o->frontend_port;
  hk_apply_catch_signals(&cli->stop);
  hk_error_clear(&e);
  st = hk_apply_run(&eng, &e);
  rc = (int)hk_apply_exit_code(&eng, st);
  if(st == HK_OK && !o->no_verify && !cli->stop) {
    if(verified_before(j, &eng))
      printf("\n%s\n", _("Nothing changed and the post-deploy checks passed before; "
                          "`heiiki verify NAME` runs them again."));
    else
      rc = run_verify(cli, rt, s, j, o, &fe, eng.ws);
  }
  hk_engine_release_ws(&eng);
  fputc('\n', stdout);
  hk_summary_print(j, stdout, false);
  if(st != HK_OK) {
    fputc('\n', stderr);
    hk_cli_error(&e);
  }
  fflush(stdout);
  return rc;
}

/* HK_EXIT_OK to go on, else the exit code. */
static int preflight(struct hk_cli_rt *rt, const struct hk_setup *s, const struct hk_journal *j,
                     const struct apply_opts *o, struct hk_error *e)
{
  int blocks = 0, unchecked = 0;

  if(o->no_preflight)
    return HK_EXIT_OK;
  if(!o->quiet)
    printf("\n%s\n", _("Pre-flight"));
  if(hk_cli_preflight(rt, s, j, stdout, false, NULL, &blocks, &unchecked, e) != HK_OK)
    return HK_EXIT_FAILURE;
  if(blocks == 0 && unchecked == 0)
    return HK_EXIT_OK;
  if(blocks == 0) {
    hk_cli_unchecked_error(unchecked, e);
    return HK_EXIT_UNCHECKED;
  }
  hk_error_set(e, HK_CONFIG, _("Pre-flight found %d blocking problem(s); nothing was changed."),
               blocks);
  hk_error_hint(e, _("Fix them (the commands above) and run the same command again."));
  return HK_EXIT_PREFLIGHT;
}

/* Shared by apply and resume: the setup is known, the journal is locked and read. */
static int apply_setup(struct hk_cli *cli, struct hk_setup *s, struct hk_journal *j,
                       const struct apply_opts *o)
{
  struct hk_cli_rt rt;
  struct hk_plan p;
  enum hk_prepare_stage stage = HK_PREP_ACCOUNT;
  struct hk_error e = { .status = HK_OK };
  int rc = HK_EXIT_FAILURE;

  memset(&p, 0, sizeof(p));
  hk_error_clear(&e);
  if(hk_cli_rt_open(cli, s, &rt, &e) != HK_OK) {
    hk_cli_error(&e);
    hk_cli_rt_close(&rt);
    return HK_EXIT_FAILURE;
  }
  hk_cli_rt_guard(&rt, j);
  /* the same steps as the wizard's commit (apply_prepare.h); the journal is locked */
  if(hk_apply_prepare(rt.loop, rt.aws, s, j, &p, &stage, &e) != HK_OK) {
    rc = stage == HK_PREP_SAVE ? HK_EXIT_STATE
         : (stage == HK_PREP_ACCOUNT && e.status == HK_CONFLICT) || stage == HK_PREP_INPUTS
             ? HK_EXIT_USAGE : HK_EXIT_FAILURE;
    goto out;
  }
  if(!o->quiet)
    hk_plan_print(&p, s, j, stdout, false, hk_cli_color(cli, stdout));
  /* the subnets heiiki will create, before anything is: a layout that does not fit stops here */
  if(hk_net_preview(rt.loop, rt.aws, s, j, stdout, &e) != HK_OK) {
    rc = HK_EXIT_PREFLIGHT;
    goto out;
  }
  rc = preflight(&rt, s, j, o, &e);
  if(rc != HK_EXIT_OK)
    goto out;
  if(!agreed(&p, o->yes)) {
    hk_error_set(&e, HK_CANCELLED, _("Nothing was changed."));
    hk_error_hint(&e, _("Add --yes to confirm without a terminal."));
    rc = HK_EXIT_USAGE;
    goto out;
  }
  rc = run_engine(cli, &rt, s, &p, j, o);
  hk_error_clear(&e);
out:
  if(e.status != HK_OK)
    hk_cli_error(&e);
  hk_plan_free(&p);
  hk_journal_free(j);
  hk_cli_rt_close(&rt);
  return rc;
}

static int parse_value(struct apply_opts *o, const char *opt, const char *v)
{
  struct hk_error e = { .status = HK_OK };

  if(!v) {
    fprintf(stderr, _("heiiki: %s needs a value; see `heiiki --help`.\n"), opt);
    return HK_EXIT_USAGE;
  }
  hk_error_clear(&e);
  if(strcmp(opt, "--skip-post-checks") == 0) {
    unsigned mask = 0;
    if(hk_verify_parse_list(v, &mask, &e) != HK_OK) {
      hk_cli_error(&e);
      return HK_EXIT_USAGE;
    }
    o->skip_verify |= mask;
  }
  else if(strcmp(opt, "--frontend-addr") == 0) {
    if(*v && hk_frontend_addr_parse(v, o->frontend_addr, sizeof(o->frontend_addr),
                                    &o->frontend_port, &e) != HK_OK) {
      hk_cli_error(&e);
      return HK_EXIT_USAGE;
    }
  }
  else
    o->answers = v;
  return HK_EXIT_OK;
}

static int parse(int argc, char **argv, struct apply_opts *o, const char **name)
{
  static const char *const with_value[] = { "--answers", "--skip-post-checks",
                                            "--frontend-addr" };
  const char *env_fe = getenv("HEIIKI_FRONTEND_ADDR");
  int i, rc;
  size_t k;

  memset(o, 0, sizeof(*o));
  if(env_fe && *env_fe && parse_value(o, "--frontend-addr", env_fe) != HK_EXIT_OK)
    return HK_EXIT_USAGE;
  for(i = 1; i < argc; i++) {
    const char *v = NULL;
    bool matched = false;

    for(k = 0; k < sizeof(with_value) / sizeof(with_value[0]) && !matched; k++) {
      if(hk_cli_opt(argc, argv, &i, with_value[k], &v)) {
        matched = true;
        rc = parse_value(o, with_value[k], v);
        if(rc != HK_EXIT_OK)
          return rc;
      }
    }
    if(matched)
      continue;
    if(hk_cli_opt(argc, argv, &i, "--yes", NULL) || strcmp(argv[i], "-y") == 0)
      o->yes = true;
    else if(hk_cli_opt(argc, argv, &i, "--quiet", NULL) || strcmp(argv[i], "-q") == 0)
      o->quiet = true;
    else if(hk_cli_opt(argc, argv, &i, "--no-preflight", NULL))
      o->no_preflight = true;
    else if(hk_cli_opt(argc, argv, &i, "--no-post-checks", NULL))
      o->no_verify = true;
    else if(argv[i][0] != '-' && name && !(*name)[0])
      *name = argv[i];
    else {
      fprintf(stderr, _("heiiki %s: unknown argument \"%s\"; see `heiiki --help`.\n"), argv[0],
              argv[i]);
      return HK_EXIT_USAGE;
    }
  }
  return HK_EXIT_OK;
}

int hk_cmd_apply(struct hk_cli *cli, int argc, char **argv)
{
  struct apply_opts o;
  struct hk_setup s;
  struct hk_journal j;
  int rc = parse(argc, argv, &o, NULL);
  hk_status st;

  if(rc != HK_EXIT_OK)
    return rc;
  if(!o.answers) {
    fprintf(stderr, _("heiiki apply: --answers FILE is required (see assets/examples/).\n"));
    return HK_EXIT_USAGE;
  }
  if(hk_cli_load_answers(o.answers, &s) != HK_OK)
    return HK_EXIT_USAGE;
  st = hk_cli_lock_journal(cli, s.name, &j, true);
  if(st != HK_OK) {
    hk_journal_free(&j);
    return hk_cli_state_exit(st);
  }
  return apply_setup(cli, &s, &j, &o);
}

static int list_setups(struct hk_cli *cli)
{
  struct hk_journal_info *infos = NULL;
  struct hk_error e = { .status = HK_OK };
  size_t n = 0, i;
  char un[64];

  hk_error_clear(&e);
  if(hk_journal_list(cli->state_dir, &infos, &n, &e) != HK_OK) {
    hk_cli_error(&e);
    return hk_cli_state_exit(e.status);
  }
  if(n == 0)
    printf(_("No saved setups in %s.\n"), cli->state_dir);
  for(i = 0; i < n; i++) {
    if(infos[i].readable)
      printf("%-24s %s %3zu/%-3zu %s\n", infos[i].name,
             hk_text_pad(un, sizeof(un), hk_summary_phase_word(infos[i].phase), 11), infos[i].done,
             infos[i].total, infos[i].updated_at);
    else
      printf("%-24s %s %s\n", infos[i].name, hk_text_pad(un, sizeof(un), _("unreadable"), 11), infos[i].why);
  }
  free(infos);
  return HK_EXIT_OK;
}

int hk_cmd_resume(struct hk_cli *cli, int argc, char **argv)
{
  struct apply_opts o;
  struct hk_setup s;
  struct hk_journal j;
  const char *name = "";
  int rc = parse(argc, argv, &o, &name);
  hk_status st;

  if(rc != HK_EXIT_OK)
    return rc;
  if(!name[0])
    return list_setups(cli);
  st = hk_cli_lock_journal(cli, name, &j, false);
  if(st == HK_OK)
    st = hk_cli_setup_from_journal(&j, &s);
  if(st != HK_OK) {
    hk_journal_free(&j);
    return hk_cli_state_exit(st);
  }
  /* The plan was confirmed when it started. */
  o.yes = true;
  return apply_setup(cli, &s, &j, &o);
}
