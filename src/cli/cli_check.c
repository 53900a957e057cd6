/* cli_check.c - `heiiki check --answers FILE [--json]`: the full pre-flight, nothing changes. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <cJSON.h>
#include "core/hk_i18n.h"
#include "plan/apply.h"

static int run_checks(struct hk_cli *cli, const struct hk_setup *s, const char *answers,
                      bool json)
{
  struct hk_cli_rt rt;
  struct hk_error e = { .status = HK_OK };
  cJSON *root = json ? cJSON_CreateObject() : NULL;
  cJSON *arr = root ? cJSON_AddArrayToObject(root, "findings") : NULL;
  char *text;
  int blocks = 0, unchecked = 0;
  int rc = HK_EXIT_FAILURE;

  struct hk_journal j;
  bool have_j = false, opened = false;
  struct hk_error je;
  char dir[4096];

  /* a setup of this name that already made objects: they are its own, as in apply */
  hk_error_clear(&je);
  memset(&j, 0, sizeof(j));
  if(s->name[0] && hk_state_dir(cli->state_dir_opt, dir, sizeof(dir), &je) == HK_OK) {
    hk_status js = hk_journal_open(&j, dir, s->name, &je);

    opened = js == HK_OK || js == HK_NOT_FOUND;
    have_j = js == HK_OK;
  }
  if(hk_cli_rt_open(cli, s, &rt, &e) == HK_OK &&
     hk_cli_preflight(&rt, s, have_j ? &j : NULL, stdout, true, arr, &blocks, &unchecked,
                      &e) == HK_OK) {
    rc = blocks ? HK_EXIT_PREFLIGHT : unchecked ? HK_EXIT_UNCHECKED : HK_EXIT_OK;
    if(unchecked)
      hk_cli_unchecked_error(unchecked, &e);
  }
  if(opened)
    hk_journal_free(&j);
  if(root) {
    cJSON_AddStringToObject(root, "answers", answers);
    cJSON_AddNumberToObject(root, "blocking", blocks);
    cJSON_AddNumberToObject(root, "unchecked", unchecked);
    cJSON_AddBoolToObject(root, "ok", rc == HK_EXIT_OK);
    text = cJSON_Print(root);
    if(text)
      printf("%s\n", text);
    free(text);
    cJSON_Delete(root);
  }
  if(e.status != HK_OK)
    hk_cli_error(&e);
  hk_cli_rt_close(&rt);
  return rc;
}

int hk_cmd_check(struct hk_cli *cli, int argc, char **argv)
{
  const char *answers = NULL;
  bool json = false;
  struct hk_setup s;
  int i;

  for(i = 1; i < argc; i++) {
    if(hk_cli_opt(argc, argv, &i, "--answers", &answers) && answers)
      continue;
    if(hk_cli_opt(argc, argv, &i, "--json", NULL))
      json = true;
    else {
      fprintf(stderr, _("heiiki check: unknown argument \"%s\".\n"), argv[i]);
      return HK_EXIT_USAGE;
    }
  }
  if(!answers) {
    fprintf(stderr, _("heiiki check: --answers FILE is required.\n"));
    return HK_EXIT_USAGE;
  }
  if(hk_cli_load_answers(answers, &s) != HK_OK)
    return HK_EXIT_USAGE;
  return run_checks(cli, &s, answers, json);
}
