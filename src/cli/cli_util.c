/* cli_util.c - messages, colour, confirmation and option helpers. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "core/hk_clean.h"

void hk_cli_error(const struct hk_error *err)
{
  char line[2400];

  hk_error_format(err, line, sizeof(line));
  fprintf(stderr, "heiiki: %s\n", line);
  if(err && err->hint[0]) {
    hk_strlcpy(line, err->hint, sizeof(line));
    hk_text_clean(line, HK_TEXT_KEEP_NEWLINES);
    fprintf(stderr, "  %s %s\n", _("fix:"), line);
  }
}

bool hk_cli_color(const struct hk_cli *cli, FILE *f)
{
  const char *no = getenv("NO_COLOR");

  if(cli->color >= 0)
    return cli->color == 1;
  if(no && *no)
    return false;
  return isatty(fileno(f)) != 0;
}

bool hk_cli_confirm(const char *question)
{
  char answer[16];

  if(!isatty(STDIN_FILENO))
    return false;
  fprintf(stderr, "%s [y/N] ", question);
  fflush(stderr);
  if(!fgets(answer, sizeof(answer), stdin))
    return false;
  return answer[0] == 'y' || answer[0] == 'Y';
}

bool hk_cli_opt(int argc, char **argv, int *i, const char *name, const char **value)
{
  const char *a = argv[*i];
  size_t len = strlen(name);

  if(strncmp(a, name, len) != 0)
    return false;
  if(!value)
    return a[len] == '\0';
  if(a[len] == '=') {
    *value = a + len + 1;
    return true;
  }
  if(a[len] != '\0')
    return false;
  if(*i + 1 >= argc) {
    *value = NULL;
    return true;
  }
  *value = argv[++*i];
  return true;
}
