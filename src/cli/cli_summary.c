/* cli_summary.c - `heiiki summary NAME [--json] [--recorded]`: what exists,
 * with each object's state read now (summary_live.c); --recorded, offline or
 * when a read fails, the state recorded when heiiki made it, marked so. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include "core/hk_i18n.h"
#include "plan/apply.h"
#include "plan/summary.h"
#include "setup/setup_json.h"

/* Read the states now with the setup's own clients; why not, when they cannot be had. */
static void refresh(struct hk_cli *cli, const struct hk_journal *j, struct hk_summary *m)
{
  struct hk_setup s;
  struct hk_cli_rt rt;
  struct hk_error e;

  memset(&rt, 0, sizeof(rt));
  hk_error_clear(&e);
  if(m->n == 0)
    return;
  hk_setup_init(&s);
  if(!j->answers || hk_setup_from_json_string(j->answers, &s, &e) != HK_OK) {
    hk_summary_refresh(m, NULL, NULL, NULL, _("the setup's answers in its state file cannot be read"));
    return;
  }
  hk_setup_fill_names(&s);
  if(hk_cli_rt_open(cli, &s, &rt, &e) != HK_OK) {
    hk_summary_refresh(m, NULL, NULL, NULL, e.message);
    hk_cli_rt_close(&rt);
    return;
  }
  hk_summary_refresh(m, rt.loop, rt.aws, rt.dbx, NULL);
  hk_cli_rt_close(&rt);
}

int hk_cmd_summary(struct hk_cli *cli, int argc, char **argv)
{
  const char *name = NULL;
  bool json = false, recorded = false;
  struct hk_summary *m = NULL;
  struct hk_journal j;
  hk_status st;
  int i;

  for(i = 1; i < argc; i++) {
    if(hk_cli_opt(argc, argv, &i, "--json", NULL))
      json = true;
    else if(hk_cli_opt(argc, argv, &i, "--recorded", NULL))
      recorded = true;
    else if(argv[i][0] != '-' && !name)
      name = argv[i];
    else {
      fprintf(stderr, _("heiiki summary: unknown argument \"%s\".\n"), argv[i]);
      return HK_EXIT_USAGE;
    }
  }
  if(!name) {
    fprintf(stderr, _("heiiki summary: name the setup (`heiiki resume` lists them).\n"));
    return HK_EXIT_USAGE;
  }
  st = hk_cli_open_journal(cli, name, &j, false);
  if(st == HK_OK) {
    m = calloc(1, sizeof(*m));
    if(!m) {
      st = HK_NOMEM;
      goto out;
    }
    hk_summary_init(m, &j);
    if(!recorded)
      refresh(cli, &j, m);
    hk_summary_print_model(m, stdout, json);
  }
out:
  free(m);
  hk_journal_free(&j);
  return hk_cli_state_exit(st);
}
