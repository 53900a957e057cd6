/* cli_usage.c - `heiiki --help`. */
#include "cli/cli.h"

#include "core/hk_i18n.h"
#include "plan/apply.h"

static const char *const usage_text = N_(
  "Usage: heiiki [OPTIONS]                     the wizard (a terminal is needed)\n"
  "       heiiki [OPTIONS] COMMAND [ARGS]\n"
  "\n"
  "Set up a Databricks workspace on AWS in a closed network (customer-managed VPC,\n"
  "PrivateLink front and back end, Unity Catalog), checking every answer first and\n"
  "creating everything crash-safe and resumable.\n"
  "\n"
  "Commands:\n"
  "  apply --answers FILE [--yes] [--quiet] [--no-preflight] [POST-DEPLOY]\n"
  "                 pre-flight, plan and create, with one line per event (for logs),\n"
  "                 then the post-deploy checks of `verify`\n"
  "  plan (--answers FILE | NAME) [--json]\n"
  "                 show what apply would create, adopt, keep or skip; changes nothing\n"
  "  check --answers FILE [--json]\n"
  "                 the full pre-flight against AWS and Databricks; changes nothing\n"
  "  resume [NAME] [POST-DEPLOY]\n"
  "                 continue a setup at its first unfinished action; without NAME,\n"
  "                 list the saved setups with their progress\n"
  "  summary NAME [--json]\n"
  "                 every created, adopted or given ID, the workspace URL, the hosts line\n"
  "  destroy NAME [--yes]\n"
  "                 delete what heiiki created for NAME (never what it adopted or was given)\n"
  "  verify NAME [--skip LIST] [--frontend-addr IP[:PORT]]\n"
  "                 post-deploy checks alone: front end, default catalog, back end,\n"
  "                 Unity Catalog (LIST: frontend,catalog,backend,uc)\n"
  "\n"
  "POST-DEPLOY (apply, resume):\n"
  "  --no-post-checks         leave the post-deploy checks out\n"
  "  --skip-post-checks LIST  skip some checks (frontend,catalog,backend,uc)\n"
  "  --frontend-addr IP[:PORT]\n"
  "                           reach the workspace through this front-end address\n"
  "                           (also HEIIKI_FRONTEND_ADDR; default: the endpoint's address)\n"
  "  HEIIKI_CRED_WAIT_S       seconds to wait for IAM propagation (default 180)\n"
  "\n"
  "Options:\n"
  "  --state-dir DIR   where setups are saved (default $XDG_STATE_HOME/heiiki or\n"
  "                    ~/.local/state/heiiki; also HEIIKI_STATE_DIR)\n"
  "  --trace FILE      write every HTTP exchange to FILE (secrets replaced by ***)\n"
  "  --ca-bundle FILE  trust the CAs in FILE (corporate proxies; also HEIIKI_CA_BUNDLE)\n"
  "  --color=WHEN      auto, always or never (NO_COLOR is honoured)\n"
  "  -h, --help        this text\n"
  "  --version         the version\n"
  "\n"
  "Credentials come from the usual places: AWS_* variables or ~/.aws profiles, and\n"
  "DATABRICKS_HOST, DATABRICKS_ACCOUNT_ID, DATABRICKS_CLIENT_ID/SECRET or ~/.databrickscfg.\n"
  "\n"
  "Exit status:\n");

void hk_cli_usage(FILE *out)
{
  static const int codes[] = {
#define HK_X_EXIT(e, v, m) v,
    HK_EXIT_TABLE(HK_X_EXIT)
#undef HK_X_EXIT
  };
  size_t i;

  fputs(_(usage_text), out);
  for(i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
    fprintf(out, "  %d  %s\n", codes[i], _(hk_exit_meaning(codes[i])));
  fputs(_("\nSee heiiki(1) for the answers file and examples.\n"), out);
}
