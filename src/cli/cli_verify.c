/* cli_verify.c - `heiiki verify NAME [--skip LIST] [--frontend-addr IP[:PORT]]`:
 * the post-deploy checks, alone and again, each with its own result. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "core/hk_text.h"
#include "plan/apply.h"
#include "plan/plan_events.h"
#include "plan/verify_setup.h"
#include "verify/verify_run.h"

static void print_results(const struct hk_verify_result *r, FILE *out)
{
  char title[256];
  int c;
  fprintf(out, "\n%s\n", _("Post-deploy checks:"));
  for(c = 0; c < HK_VERIFY__COUNT; c++) {
    const char *mark = r->outcome[c] == HK_VO_PASS ? "PASS" :
                       r->outcome[c] == HK_VO_FAIL ? "FAIL" :
                       r->outcome[c] == HK_VO_SKIPPED ? "SKIP" : "----";
    fprintf(out, "  %-4s  %s %s\n", mark,
            hk_text_pad(title, sizeof(title), hk_verify_title((enum hk_verify_check)c), 42), r->sentence[c]);
    if(r->fix[c][0] && r->outcome[c] == HK_VO_FAIL)
      fprintf(out, "        %s %s\n", _("fix:"), r->fix[c]);
  }
}

int hk_cmd_verify(struct hk_cli *cli, int argc, char **argv)
{
  const char *name = NULL;
  const char *skip = NULL;
  const char *fe_opt = getenv("HEIIKI_FRONTEND_ADDR");
  char fe_addr[128] = "";
  struct hk_verify_setup vs;
  struct hk_verify_result r;
  struct hk_journal j;
  struct hk_setup s;
  struct hk_cli_rt rt;
  struct hk_frontend fe;
  struct hk_lines_fe lf;
  struct hk_error e, save_e;
  hk_status st;
  bool saved = false;
  int rc = HK_EXIT_OK;
  int opened = 0;
  int rt_open = 0;
  int i;

  memset(&vs, 0, sizeof(vs));
  memset(&rt, 0, sizeof(rt));
  hk_error_clear(&e);
  for(i = 1; i < argc; i++) {
    const char *v = NULL;
    if(hk_cli_opt(argc, argv, &i, "--skip", &v) && v)
      skip = v;
    else if(hk_cli_opt(argc, argv, &i, "--frontend-addr", &v) && v)
      fe_opt = v;
    else if(argv[i][0] != '-' && !name)
      name = argv[i];
    else {
      fprintf(stderr, _("heiiki verify: unknown argument \"%s\".\n"), argv[i]);
      return HK_EXIT_USAGE;
    }
  }
  if(!name) {
    fprintf(stderr, _("heiiki verify: name the setup (`heiiki resume` lists them).\n"));
    return HK_EXIT_USAGE;
  }
  if(skip && hk_verify_parse_list(skip, &vs.skip, &e) != HK_OK) {
    hk_cli_error(&e);
    return HK_EXIT_USAGE;
  }
  if(fe_opt && *fe_opt && hk_frontend_addr_parse(fe_opt, fe_addr, sizeof(fe_addr), &vs.frontend_port, &e) != HK_OK) {
    hk_cli_error(&e);
    return HK_EXIT_USAGE;
  }
  /* lock, then read: a destroy or apply cannot run while the checks do, and
   * the results are saved into the journal as it is, never over a newer one */
  st = hk_cli_lock_journal(cli, name, &j, false);
  opened = 1;
  if(st != HK_OK) {
    rc = hk_cli_state_exit(st);
    goto out;
  }
  if(!hk_verify_setup_url(&j)[0]) {
    fprintf(stderr, _("heiiki verify: setup \"%s\" has no workspace yet; run `heiiki resume %s` first.\n"),
            name, name);
    rc = HK_EXIT_FAILURE;
    goto out;
  }
  if(hk_cli_setup_from_journal(&j, &s) != HK_OK) {   /* it said why */
    rc = HK_EXIT_STATE;
    goto out;
  }
  rt_open = 1;
  if(hk_cli_rt_open(cli, &s, &rt, &e) != HK_OK) {
    hk_cli_error(&e);
    rc = HK_EXIT_FAILURE;
    goto out;
  }
  hk_cli_rt_guard(&rt, &j);
  vs.frontend_addr = fe_addr[0] ? fe_addr : NULL;
  vs.stop = &cli->stop;
  memset(&fe, 0, sizeof(fe));
  hk_lines_fe_init(&lf, stdout, hk_cli_color(cli, stdout));
  hk_lines_fe_bind(&lf, &fe);
  hk_apply_catch_signals(&cli->stop);   /* Ctrl-C removes the test cluster, then stops */
  /* run and recorded as the wizard and `heiiki apply` do (verify_setup.h) */
  if(hk_verify_setup_run(rt.loop, rt.dbx, &j, &vs, &fe, &r, &saved, &e, &save_e) != HK_OK)
    rc = e.status == HK_CANCELLED ? HK_EXIT_INTERRUPTED : HK_EXIT_FAILURE;
  print_results(&r, stdout);
  if(rc == HK_EXIT_INTERRUPTED) {
    fflush(stdout);
    hk_cli_error(&e);
  }
  if(!saved) {
    hk_cli_error(&save_e);
    fprintf(stderr, "%s\n", _("heiiki: the check results could not be saved."));
    if(rc != HK_EXIT_INTERRUPTED)
      rc = HK_EXIT_STATE;
  }
out:
  if(rt_open)
    hk_cli_rt_close(&rt);
  if(opened)
    hk_journal_free(&j);
  return rc;
}
