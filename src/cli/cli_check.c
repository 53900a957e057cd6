/* cli_check.c - `heiiki check --answers FILE [--json]`: validate, change nothing. */
#include "cli/cli.h"

#include <string.h>
#include <cJSON.h>
#include "core/hk_i18n.h"
#include "plan/apply.h"
#include "setup/setup_answers.h"

static void print_json(const char *path, bool ok)
{
  cJSON *root = cJSON_CreateObject();
  char *text;

  cJSON_AddStringToObject(root, "answers", path);
  cJSON_AddBoolToObject(root, "ok", ok);
  text = cJSON_Print(root);
  if(text)
    printf("%s\n", text);
  cJSON_free(text);
  cJSON_Delete(root);
}

int hk_cmd_check(struct hk_cli *cli, int argc, char **argv)
{
  const char *answers = NULL;
  bool json = false;
  struct hk_setup s;
  int i;

  (void)cli;
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
  if(hk_cli_load_answers(answers, &s) != HK_OK) {
    if(json)
      print_json(answers, false);
    return HK_EXIT_PREFLIGHT;
  }
  if(json)
    print_json(answers, true);
  else
    printf(_("%s: every answer is present and well-formed.\n"), answers);
  return HK_EXIT_OK;
}
