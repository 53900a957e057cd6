/* cli_preflight.c - the full pre-flight for `apply` and `check`: every rule
 * that runs before anything is created, reads in parallel, one line per
 * finding. */
#include "cli/cli.h"

#include <string.h>
#include <cJSON.h>
#include "checks/checks_gather.h"
#include "plan/journal_own.h"
#include "core/hk_i18n.h"

struct pf {
  FILE *out;
  bool verbose;
  cJSON *json;                  /* array, or NULL for text */
};

static const char *sev_word(const struct hk_finding *fd)
{
  if(fd->verdict == HK_VERDICT_FAIL && fd->severity != HK_SEV_WARN)
    return _("BLOCK");
  return hk_verdict_name(fd->verdict);
}

static void print_fix(FILE *out, const char *fix)
{
  const char *p = fix;

  while(p && *p) {
    const char *nl = strchr(p, '\n');
    int len = nl ? (int)(nl - p) : (int)strlen(p);
    fprintf(out, "        %.*s\n", len, p);
    p = nl ? nl + 1 : NULL;
  }
}

static void on_finding(const struct hk_finding *fd, void *ud)
{
  struct pf *pf = ud;
  cJSON *o;

  if(pf->json) {
    o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", fd->id);
    cJSON_AddStringToObject(o, "step", hk_step_key(fd->step));
    cJSON_AddStringToObject(o, "verdict", hk_verdict_name(fd->verdict));
    cJSON_AddBoolToObject(o, "blocks", hk_finding_blocks(fd));
    cJSON_AddBoolToObject(o, "unchecked", hk_finding_unchecked(fd));
    cJSON_AddStringToObject(o, "message", fd->message);
    cJSON_AddStringToObject(o, "fix", fd->fix);
    cJSON_AddItemToArray(pf->json, o);
    return;
  }
  if(!pf->verbose && (fd->verdict == HK_VERDICT_PASS || fd->verdict == HK_VERDICT_SKIP))
    return;
  fprintf(pf->out, "  %-7s %-4s %s\n", sev_word(fd), fd->id, fd->message);
  if(fd->verdict != HK_VERDICT_PASS && fd->fix[0])
    print_fix(pf->out, fd->fix);
}

hk_status hk_cli_preflight(struct hk_cli_rt *rt, const struct hk_setup *s,
                           const struct hk_journal *j, FILE *out, bool verbose,
                           struct cJSON *json, int *blocks, int *unchecked,
                           struct hk_error *err)
{
  const char *own[HK_OWN_IDS_MAX];
  struct hk_gather_opts go;
  struct hk_facts facts;
  struct hk_sched sched;
  struct hk_gather_stats stats;
  struct pf pf = { out, verbose, json };
  hk_status st;

  memset(&go, 0, sizeof(go));
  go.aws = rt->aws;
  go.dbx = rt->dbx;
  go.on_finding = on_finding;
  go.ud = &pf;
  go.own_ids = own;
  go.n_own_ids = hk_journal_own_ids(j, own, HK_OWN_IDS_MAX);
  hk_facts_init(&facts);
  memset(&sched, 0, sizeof(sched));
  memset(&stats, 0, sizeof(stats));
  st = hk_preflight_run(rt->loop, s, HK_STEP_ALL, &go, &facts, &sched, &stats, err);
  hk_facts_clear(&facts);
  *blocks = sched.blocks;
  *unchecked = sched.unchecked;
  if(st == HK_OK && !json)
    fprintf(out, _("Pre-flight: %d passed, %d warnings, %d failed (%d blocking), %d could not be "
                   "checked; %ld requests in %.1f s.\n"),
            sched.counts[HK_VERDICT_PASS], sched.counts[HK_VERDICT_WARN],
            sched.counts[HK_VERDICT_FAIL], sched.blocks, sched.counts[HK_VERDICT_UNKNOWN],
            stats.requests, stats.wall_ms / 1000.0);
  return st;
}

void hk_cli_unchecked_error(int unchecked, struct hk_error *err)
{
  hk_error_set(err, HK_NET,
               _("Pre-flight could not check %d rule(s) that can block (a read failed: see "
                 "\"Could not check\" above); nothing was changed."), unchecked);
  hk_error_hint(err, "%s",
                _("A failed read is often passing (throttling, a server error): run the same "
                  "command again. If it fails the same way, fix what the read names "
                  "(credentials, permissions, network)."));
}
