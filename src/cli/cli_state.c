/* cli_state.c - a setup's state for a command: read it, or lock and read it,
 * and one exit code per way it cannot be had (the same for every command). */
#include "cli/cli.h"

#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "plan/apply.h"
#include "setup/setup_json.h"

static void no_such_setup(struct hk_cli *cli, const char *name, struct hk_error *e)
{
  hk_error_set(e, HK_NOT_FOUND, _("There is no saved setup named \"%s\" in %s."), name,
               cli->state_dir);
  hk_error_hint(e, _("`heiiki resume` lists the saved setups."));
}

hk_status hk_cli_open_journal(struct hk_cli *cli, const char *name, struct hk_journal *j,
                              bool missing_ok)
{
  struct hk_error e = { .status = HK_OK };
  hk_status st;

  hk_error_clear(&e);
  st = hk_journal_open(j, cli->state_dir, name, &e);
  if(st == HK_NOT_FOUND && !missing_ok)
    no_such_setup(cli, name, &e);
  if(st != HK_OK && !(st == HK_NOT_FOUND && missing_ok))
    hk_cli_error(&e);
  return st;
}

hk_status hk_cli_lock_journal(struct hk_cli *cli, const char *name, struct hk_journal *j,
                              bool missing_ok)
{
  struct hk_error e = { .status = HK_OK };
  hk_status st;

  hk_error_clear(&e);
  st = hk_journal_open_locked(j, cli->state_dir, name, missing_ok, &e);
  if(st == HK_NOT_FOUND)
    no_such_setup(cli, name, &e);
  if(st != HK_OK)
    hk_cli_error(&e);
  return st;
}

int hk_cli_state_exit(hk_status st)
{
  switch(st) {
  case HK_OK:
    return HK_EXIT_OK;
  case HK_NOT_FOUND:
    return HK_EXIT_NO_SETUP;
  case HK_STATE:
  case HK_CONFLICT:     /* the lock is held */
  case HK_IO:
    return HK_EXIT_STATE;
  case HK_INVALID:      /* not a setup name */
    return HK_EXIT_USAGE;
  default:
    return HK_EXIT_FAILURE;
  }
}

hk_status hk_cli_setup_from_journal(const struct hk_journal *j, struct hk_setup *s)
{
  struct hk_error e = { .status = HK_OK };
  char why[sizeof(e.message)];
  hk_status st;

  hk_setup_init(s);
  hk_error_clear(&e);
  st = hk_setup_from_json_string(j->answers, s, &e);
  if(st != HK_OK) {
    /* the reason is copied out first: e.message is also where the sentence goes */
    hk_strlcpy(why, e.message, sizeof(why));
    hk_error_clear(&e);
    hk_error_set(&e, HK_STATE, _("The answers saved for setup \"%s\" cannot be read: %s"),
                 j->name, why);
    hk_cli_error(&e);
    return HK_STATE;
  }
  hk_setup_fill_names(s);
  return HK_OK;
}
