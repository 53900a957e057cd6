/* checks_cli.c - print pre-flight findings for `heiiki check`. */
#include "checks/checks_cli.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"

#define EXIT_CLEAN 0
#define EXIT_RUN_FAILED 1
#define EXIT_BLOCKED 3

struct printer {
  const struct hk_preflight_print *p;
  cJSON *findings;
};

static const char *severity_name(enum hk_severity s)
{
  return s == HK_SEV_BLOCK ? "block" : "warn";
}

static void print_text(const struct hk_finding *fd, const struct printer *pr)
{
  static const char *const colors[] = { "\033[32m", "\033[31m", "\033[33m", "\033[2m", "\033[35m" };
  const char *tag = hk_verdict_name(fd->verdict);
  FILE *out = pr->p->out;
  const char *line, *nl;

  if(!pr->p->verbose && (fd->verdict == HK_VERDICT_PASS || fd->verdict == HK_VERDICT_SKIP))
    return;
  if(pr->p->color)
    fprintf(out, "%s%-7s\033[0m", colors[fd->verdict], tag);
  else
    fprintf(out, "%-7s", tag);
  fprintf(out, " %-3s %s: %s\n", fd->id, _(hk_step_title(fd->step)), fd->message);
  if((fd->verdict == HK_VERDICT_FAIL || fd->verdict == HK_VERDICT_WARN || fd->verdict == HK_VERDICT_UNKNOWN) &&
     fd->fix[0]) {
    for(line = fd->fix; line && *line; line = nl ? nl + 1 : NULL) {
      nl = strchr(line, '\n');
      fprintf(out, "            %s %.*s\n", line == fd->fix ? _("fix:") : "    ",
              nl ? (int)(nl - line) : (int)strlen(line), line);
    }
  }
  fflush(out);
}

static void on_finding(const struct hk_finding *fd, void *ud)
{
  struct printer *pr = ud;
  cJSON *o;

  if(!pr->p->json) {
    print_text(fd, pr);
    return;
  }
  o = cJSON_CreateObject();
  if(!o)
    return;
  cJSON_AddStringToObject(o, "id", fd->id);
  cJSON_AddStringToObject(o, "step", hk_step_key(fd->step));
  cJSON_AddStringToObject(o, "severity", severity_name(fd->severity));
  cJSON_AddStringToObject(o, "verdict", hk_verdict_name(fd->verdict));
  cJSON_AddBoolToObject(o, "blocks", hk_finding_blocks(fd));
  cJSON_AddStringToObject(o, "message", fd->message);
  cJSON_AddStringToObject(o, "fix", fd->fix);
  cJSON_AddItemToArray(pr->findings, o);
}

static void print_json(const struct printer *pr, const struct hk_sched *sc, const struct hk_gather_stats *st,
                       const struct hk_error *err)
{
  cJSON *root = cJSON_CreateObject(), *counts, *stats;
  char *text;
  int v;

  if(!root)
    return;
  cJSON_AddBoolToObject(root, "ok", sc->blocks == 0 && err->status == HK_OK);
  cJSON_AddNumberToObject(root, "blocks", sc->blocks);
  if(err->status != HK_OK)
    cJSON_AddStringToObject(root, "error", err->message);
  counts = cJSON_AddObjectToObject(root, "counts");
  for(v = 0; v < HK_VERDICT__COUNT; v++)
    cJSON_AddNumberToObject(counts, hk_verdict_name((enum hk_verdict)v), sc->counts[v]);
  cJSON_AddItemToObject(root, "findings", pr->findings);
  stats = cJSON_AddObjectToObject(root, "stats");
  cJSON_AddNumberToObject(stats, "requests", (double)st->requests);
  cJSON_AddNumberToObject(stats, "retries", (double)st->retries);
  cJSON_AddNumberToObject(stats, "calls", st->calls);
  cJSON_AddNumberToObject(stats, "reads", st->reads);
  cJSON_AddNumberToObject(stats, "max_in_flight", (double)st->max_in_flight);
  cJSON_AddNumberToObject(stats, "wall_ms", (double)st->wall_ms);
  text = cJSON_Print(root);
  if(text)
    fprintf(pr->p->out, "%s\n", text);
  cJSON_free(text);
  cJSON_Delete(root);
}

int hk_preflight_report(struct hk_loop *loop, struct aws_client *aws, struct dbx_client *dbx,
                        const struct hk_setup *s, int step, const struct hk_preflight_print *p,
                        struct hk_gather_stats *stats)
{
  struct hk_gather_opts o;
  struct hk_facts f;
  struct hk_sched sc;
  struct hk_gather_stats st;
  struct hk_error err;
  struct printer pr;
  hk_status rs;
  int rc;

  memset(&o, 0, sizeof(o));
  memset(&st, 0, sizeof(st));
  memset(&sc, 0, sizeof(sc));
  hk_error_clear(&err);
  pr.p = p;
  pr.findings = p->json ? cJSON_CreateArray() : NULL;
  o.aws = aws;
  o.dbx = dbx;
  o.on_finding = on_finding;
  o.ud = &pr;
  hk_facts_init(&f);
  rs = hk_preflight_run(loop, s, step, &o, &f, &sc, &st, &err);
  if(p->json) {
    print_json(&pr, &sc, &st, &err);
  } else {
    if(rs != HK_OK)
      fprintf(p->out, "heiiki: %s\n", err.message);
    fprintf(p->out, _("pre-flight: %d passed, %d failed, %d warnings, %d could not be checked, %d not applicable; "
                      "%d blocking.  %ld requests (%ld retried) in %ld ms.\n"),
            sc.counts[HK_VERDICT_PASS], sc.counts[HK_VERDICT_FAIL], sc.counts[HK_VERDICT_WARN],
            sc.counts[HK_VERDICT_UNKNOWN], sc.counts[HK_VERDICT_SKIP], sc.blocks, st.requests, st.retries, st.wall_ms);
  }
  if(stats)
    *stats = st;
  hk_facts_clear(&f);
  if(rs != HK_OK)
    rc = EXIT_RUN_FAILED;
  else
    rc = sc.blocks ? EXIT_BLOCKED : EXIT_CLEAN;
  return rc;
}
