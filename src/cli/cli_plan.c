/* cli_plan.c - `heiiki plan --answers FILE [--json]` and `heiiki plan NAME`: nothing changes. */
#include "cli/cli.h"

#include <string.h>
#include "core/hk_i18n.h"
#include "plan/apply.h"
#include "plan/plan.h"

int hk_cmd_plan(struct hk_cli *cli, int argc, char **argv)
{
  const char *answers = NULL;
  const char *name = NULL;
  bool json = false;
  struct hk_setup s;
  struct hk_journal j;
  struct hk_plan p;
  struct hk_error e = { .status = HK_OK };
  bool have_j = false;
  int i, rc = HK_EXIT_OK;

  for(i = 1; i < argc; i++) {
    if(hk_cli_opt(argc, argv, &i, "--answers", &answers) && answers)
      continue;
    if(hk_cli_opt(argc, argv, &i, "--json", NULL))
      json = true;
    else if(argv[i][0] != '-' && !name)
      name = argv[i];
    else {
      fprintf(stderr, _("heiiki plan: unknown argument \"%s\"; see `heiiki --help`.\n"), argv[i]);
      return HK_EXIT_USAGE;
    }
  }
  if(!answers == !name) {
    fprintf(stderr, _("heiiki plan: give either --answers FILE or the name of a saved setup.\n"));
    return HK_EXIT_USAGE;
  }
  if(answers && hk_cli_load_answers(answers, &s) != HK_OK)
    return HK_EXIT_USAGE;
  if(answers)
    have_j = hk_cli_open_journal(cli, s.name, &j, true) == HK_OK;
  else {
    hk_status st = hk_cli_open_journal(cli, name, &j, false);

    if(st == HK_OK)
      st = hk_cli_setup_from_journal(&j, &s);
    if(st != HK_OK) {
      hk_journal_free(&j);
      return hk_cli_journal_exit(st);
    }
    have_j = true;
  }
  hk_error_clear(&e);
  if(hk_plan_build(&p, &s, &e) != HK_OK) {
    hk_cli_error(&e);
    rc = HK_EXIT_FAILURE;
  }
  else {
    hk_plan_print(&p, &s, have_j ? &j : NULL, stdout, json, hk_cli_color(cli, stdout));
    /* what apply would refuse: answers changed under what heiiki created */
    if(have_j && hk_plan_check_inputs(&p, &s, &j, &e) != HK_OK) {
      hk_cli_error(&e);
      rc = HK_EXIT_USAGE;
    }
  }
  hk_plan_free(&p);
  hk_journal_free(&j);
  return rc;
}
