/* cli_verify.c - `heiiki verify NAME [--skip LIST] [--frontend-addr IP[:PORT]]`:
 * the post-deploy checks, alone and again, each with its own result. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "plan/apply.h"
#include "plan/plan_events.h"
#include "plan/verify_journal.h"
#include "verify/verify_run.h"

static const char *journal_result(const struct hk_journal *j, const char *id, const char *key)
{
  const struct hk_jaction *a = hk_journal_find(j, id);
  return a ? hk_kvmap_get(&a->result, key) : NULL;
}

static void print_results(const struct hk_verify_result *r, FILE *out)
{
  int c;
  fprintf(out, "\n%s\n", _("Post-deploy checks:"));
  for(c = 0; c < HK_VERIFY__COUNT; c++) {
    const char *mark = r->outcome[c] == HK_VO_PASS ? "PASS" :
                       r->outcome[c] == HK_VO_FAIL ? "FAIL" :
                       r->outcome[c] == HK_VO_SKIPPED ? "SKIP" : "----";
    fprintf(out, "  %-4s  %-42s %s\n", mark, hk_verify_title((enum hk_verify_check)c), r->sentence[c]);
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
  struct hk_verify_opts vo;
  struct hk_verify_result r;
  struct hk_journal j;
  struct hk_setup s;
  struct hk_cli_rt rt;
  struct hk_frontend fe;
  struct hk_lines_fe lf;
  struct hk_error e;
  const char *url;
  int rc = HK_EXIT_OK;
  int opened = 0;
  int rt_open = 0;
  int i;

  memset(&vo, 0, sizeof(vo));
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
  if(skip && hk_verify_parse_list(skip, &vo.skip, &e) != HK_OK) {
    hk_cli_error(&e);
    return HK_EXIT_USAGE;
  }
  if(fe_opt && *fe_opt && hk_frontend_addr_parse(fe_opt, fe_addr, sizeof(fe_addr), &vo.frontend_port, &e) != HK_OK) {
    hk_cli_error(&e);
    return HK_EXIT_USAGE;
  }
  {
    hk_status st = hk_cli_open_journal(cli, name, &j, false);

    if(st != HK_OK)
      return hk_cli_journal_exit(st);
  }
  opened = 1;
  url = journal_result(&j, "dbx.workspace", "workspace_url");
  if(!url || !*url) {
    fprintf(stderr, _("heiiki verify: setup \"%s\" has no workspace yet; run `heiiki resume %s` first.\n"),
            name, name);
    rc = HK_EXIT_FAILURE;
    goto out;
  }
  if(!fe_addr[0]) {
    const char *ip = journal_result(&j, "post.client_access", "address");
    if(ip && *ip)
      hk_strlcpy(fe_addr, ip, sizeof(fe_addr));
  }
  if(hk_cli_setup_from_journal(&j, &s) != HK_OK || hk_cli_rt_open(cli, &s, &rt, &e) != HK_OK) {
    hk_cli_error(&e);
    rc = HK_EXIT_FAILURE;
    goto out;
  }
  rt_open = 1;
  hk_cli_rt_guard(&rt, &j);
  vo.workspace_url = url;
  vo.frontend_addr = fe_addr[0] ? fe_addr : NULL;
  vo.setup_name = name;
  memset(&fe, 0, sizeof(fe));
  hk_lines_fe_init(&lf, stdout, hk_cli_color(cli, stdout));
  hk_lines_fe_bind(&lf, &fe);
  vo.stop = &cli->stop;
  hk_apply_catch_signals(&cli->stop);   /* Ctrl-C removes the test cluster, then stops */
  if(hk_verify_run(rt.loop, rt.dbx, &vo, &fe, &r, &e) != HK_OK)
    rc = e.status == HK_CANCELLED ? HK_EXIT_INTERRUPTED : HK_EXIT_FAILURE;
  print_results(&r, stdout);
  if(rc == HK_EXIT_INTERRUPTED) {
    fflush(stdout);
    hk_cli_error(&e);
  }
  hk_verify_journal_record(&j, &r);
  hk_error_clear(&e);
  if(hk_journal_save(&j, &e) != HK_OK)
    hk_cli_error(&e);
out:
  if(rt_open)
    hk_cli_rt_close(&rt);
  if(opened)
    hk_journal_free(&j);
  return rc;
}
