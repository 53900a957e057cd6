/* cli_summary.c - `heiiki summary NAME [--json]`. */
#include "cli/cli.h"

#include <string.h>
#include "core/hk_i18n.h"
#include "plan/apply.h"
#include "plan/summary.h"

int hk_cmd_summary(struct hk_cli *cli, int argc, char **argv)
{
  const char *name = NULL;
  bool json = false;
  struct hk_journal j;
  hk_status st;
  int i;

  for(i = 1; i < argc; i++) {
    if(hk_cli_opt(argc, argv, &i, "--json", NULL))
      json = true;
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
  if(st == HK_OK)
    hk_summary_print(&j, stdout, json);
  hk_journal_free(&j);
  if(st == HK_OK)
    return HK_EXIT_OK;
  return hk_cli_journal_exit(st);
}
