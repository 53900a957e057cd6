/* cli_destroy.c - `heiiki destroy NAME [--yes]`: only what heiiki created. */
#include "cli/cli.h"

#include <string.h>
#include "core/hk_i18n.h"
#include "plan/destroy.h"
#include "plan/plan.h"

static int destroy_setup(struct hk_cli *cli, struct hk_journal *j, const struct hk_setup *s,
                         bool yes)
{
  struct hk_cli_rt rt;
  struct hk_plan p;
  struct hk_engine eng;
  struct hk_lines_fe lf;
  struct hk_frontend fe;
  struct hk_error e = { .status = HK_OK };
  size_t n;
  hk_status st;
  int rc = HK_EXIT_FAILURE;

  memset(&p, 0, sizeof(p));
  hk_error_clear(&e);
  if(hk_cli_rt_open(cli, s, &rt, &e) != HK_OK || hk_plan_build(&p, s, &e) != HK_OK)
    goto out;
  hk_cli_rt_guard(&rt, j);
  if(hk_journal_lock(j, &e) != HK_OK) {
    rc = HK_EXIT_STATE;
    goto out;
  }
  printf(_("Setup \"%s\": heiiki removes what it created, in reverse order; adopted and given "
           "resources stay.\n"), j->name);
  n = hk_destroy_list(&p, j, stdout);
  if(n == 0) {
    printf("%s\n", _("Nothing to remove."));
    rc = HK_EXIT_OK;
    goto out;
  }
  if(!yes && !hk_cli_confirm(_("Delete these resources?"))) {
    hk_error_set(&e, HK_CANCELLED, _("Nothing was deleted."));
    hk_error_hint(&e, _("Add --yes to confirm without a terminal."));
    rc = HK_EXIT_USAGE;
    goto out;
  }
  hk_lines_fe_init(&lf, stdout, hk_cli_color(cli, stdout));
  hk_lines_fe_bind(&lf, &fe);
  memset(&eng, 0, sizeof(eng));
  eng.loop = rt.loop;
  eng.dbx = rt.dbx;
  eng.aws = rt.aws;
  eng.setup = s;
  eng.plan = &p;
  eng.journal = j;
  eng.fe = &fe;
  eng.stop = &cli->stop;
  hk_apply_catch_signals(&cli->stop);
  st = hk_destroy_run(&eng, &e);
  rc = st == HK_OK ? HK_EXIT_OK : eng.interrupted ? HK_EXIT_INTERRUPTED : HK_EXIT_FAILURE;
  if(st == HK_OK)
    hk_error_clear(&e);
out:
  if(e.status != HK_OK)
    hk_cli_error(&e);
  hk_plan_free(&p);
  hk_journal_free(j);
  hk_cli_rt_close(&rt);
  return rc;
}

int hk_cmd_destroy(struct hk_cli *cli, int argc, char **argv)
{
  const char *name = NULL;
  bool yes = false;
  struct hk_journal j;
  struct hk_setup s;
  int i;

  for(i = 1; i < argc; i++) {
    if(hk_cli_opt(argc, argv, &i, "--yes", NULL) || strcmp(argv[i], "-y") == 0)
      yes = true;
    else if(argv[i][0] != '-' && !name)
      name = argv[i];
    else {
      fprintf(stderr, _("heiiki destroy: unknown argument \"%s\".\n"), argv[i]);
      return HK_EXIT_USAGE;
    }
  }
  if(!name) {
    fprintf(stderr, _("heiiki destroy: name the setup (`heiiki resume` lists them).\n"));
    return HK_EXIT_USAGE;
  }
  hk_status st = hk_cli_open_journal(cli, name, &j, false);

  if(st == HK_OK)
    st = hk_cli_setup_from_journal(&j, &s);
  if(st != HK_OK) {
    hk_journal_free(&j);
    return hk_cli_journal_exit(st);
  }
  return destroy_setup(cli, &j, &s, yes);
}
