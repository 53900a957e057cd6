/* ui_engine_run.c - review (plan + full pre-flight), commit (apply with
 * per-action progress), hosts/DNS, post-deploy checks and the summary:
 * the same engine calls as `heiiki apply` / `verify` / `summary`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "core/hk_clean.h"
#include "net/net_loop.h"
#include "plan/apply.h"
#include "plan/apply_prepare.h"
#include "plan/plan.h"
#include "plan/setup_identity.h"
#include "plan/plan_events.h"
#include "plan/summary.h"
#include "plan/verify_setup.h"
#include "setup/setup_json.h"
#include "policy/policy.h"
#include "verify/verify_dns.h"
#include "verify/verify_run.h"
#include "verify/verify_hosts.h"
#include "ui.h"
#include "ui_main.h"
#include "ui_engine_priv.h"

/* Text a FILE-writing engine function produces. */
static char *capture(hk_status (*fn)(void *ud, FILE *out), void *ud)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&buf, &len);

  if(!m)
    return NULL;
  fn(ud, m);
  fclose(m);
  return buf;
}

bool ui_engine_journal(struct ui_engine *e)
{
  struct ui *ui = e->ui;
  struct hk_error err;

  if(e->journal_open)
    return true;
  if(!ui->setup.name[0])
    return false;
  hk_error_clear(&err);
  if(hk_journal_open(&e->journal, ui->state_dir, ui->setup.name, &err) != HK_OK) {
    hk_journal_free(&e->journal);
    return false;
  }
  e->journal_open = true;
  return true;
}

/* --- review --- */

struct plan_print_ud {
  struct hk_plan *plan;
  const struct hk_setup *setup;
  const struct hk_journal *journal;   /* a resume: what is done is not "to create" */
};

static hk_status print_plan(void *ud, FILE *out)
{
  struct plan_print_ud *p = ud;

  return hk_plan_print(p->plan, p->setup, p->journal, out, false, false);
}

/* This setup's journal, when it has one (a resume), else NULL. */
static const struct hk_journal *own_journal(struct ui_engine *e)
{
  return ui_engine_journal(e) && strcmp(e->journal.name, e->ui->setup.name) == 0 ? &e->journal
                                                                                 : NULL;
}

void ui_engine_commit_question(struct ui_engine *e, char *out, size_t n)
{
  const struct aws_caller_identity *id = ui_engine_identity(e);

  snprintf(out, n,
           _("heiiki now creates %zu resources in AWS account %s (as %s) and Databricks account "
             "%s, in %s, in the plan's order, writing each step to the journal first. If it "
             "stops, running heiiki again resumes where it stopped."),
           e->n_create, id && id->account[0] ? id->account : _("(not read)"),
           id && id->arn[0] ? id->arn : _("an unknown identity"), e->ui->setup.account_id,
           e->ui->setup.region);
}

void ui_engine_review(struct ui_engine *e)
{
  struct ui *ui = e->ui;
  struct hk_plan plan;
  struct hk_error err;
  struct plan_print_ud pu;

  memset(&plan, 0, sizeof(plan));
  hk_error_clear(&err);
  free(e->plan_text);
  e->plan_text = NULL;
  if(hk_plan_build(&plan, &ui->setup, &err) != HK_OK) {
    ui_textview_set(&ui->text, "", err.message, NULL);
    ui->form.n_notes = 1;
    ui->form.notes[0].state = UI_CK_FAIL;
    ui->form.notes[0].blocking = true;
    hk_strlcpy(ui->form.notes[0].text, err.message, sizeof(ui->form.notes[0].text));
    return;
  }
  pu.plan = &plan;
  pu.setup = &ui->setup;
  pu.journal = own_journal(e);
  e->n_create = hk_plan_creates_left(&plan, pu.journal);
  e->plan_text = capture(print_plan, &pu);
  hk_plan_free(&plan);
  ui_textview_set(&ui->text, "", e->plan_text ? e->plan_text : "", NULL);
  ui_engine_check(e, HK_STEP_ALL);
}

/* The review's text: the pre-flight problems, then the plan. */
void ui_engine_review_text(struct ui_engine *e)
{
  struct ui *ui = e->ui;
  struct hk_buf b;
  int i, pass = 0, warn = 0, block = 0;

  hk_buf_init(&b);
  for(i = 0; i < ui->form.n_notes; i++) {
    const struct ui_check *c = &ui->form.notes[i];

    if(c->state == UI_CK_OK) {
      pass++;
      continue;
    }
    if(c->blocking)
      block++;
    else
      warn++;
    hk_buf_printf(&b, "%s %s: %s\n", c->blocking ? ui_glyph(UI_G_FAIL) : ui_glyph(UI_G_WARN),
                  c->rule, c->text);
    if(c->fix[0])
      hk_buf_printf(&b, "    %s\n", c->fix);
  }
  hk_buf_printf(&b, _("Pre-flight: %d passed, %d warnings, %d blocking%s\n\n"), pass, warn, block,
                ui->form.pending ? _(" (still checking)") : "");
  hk_buf_puts(&b, e->plan_text ? e->plan_text : "");
  ui_textview_set(&ui->text, "", b.data ? b.data : "", NULL);
  hk_buf_free(&b);
}

/* --- commit --- */

static void fe_started(void *ud, const char *id, const char *title, const char *verb)
{
  struct ui_engine *e = ud;
  struct ui_progress_row *r = ui_progress_row(&e->ui->progress, id);

  if(!r)
    return;
  hk_strlcpy(r->title, _(title), sizeof(r->title));
  hk_strlcpy(r->verb, verb, sizeof(r->verb));
  r->state = UI_ACT_RUNNING;
  r->start_ms = hk_now_ms();
  r->message[0] = '\0';
  e->changed = true;
}

static void fe_progress(void *ud, const char *id, const char *message, long elapsed_ms)
{
  struct ui_engine *e = ud;
  struct ui_progress_row *r = ui_progress_row(&e->ui->progress, id);

  if(!r)
    return;
  hk_strlcpy(r->message, message, sizeof(r->message));
  r->elapsed_ms = elapsed_ms;
  if(strncmp(id, "dbx.workspace", 13) == 0)
    hk_strlcpy(e->ui->progress.headline, message, sizeof(e->ui->progress.headline));
  e->changed = true;
}

static void fe_done(void *ud, const char *id, hk_status result, const struct hk_error *err,
                    const char *summary, long elapsed_ms)
{
  struct ui_engine *e = ud;
  struct ui_progress_row *r = ui_progress_row(&e->ui->progress, id);

  if(!r)
    return;
  r->state = result == HK_OK ? UI_ACT_OK : UI_ACT_FAILED;
  r->elapsed_ms = elapsed_ms;
  if(result != HK_OK && err)
    hk_strlcpy(r->message, err->message, sizeof(r->message));
  else
    hk_strlcpy(r->message, summary ? summary : "", sizeof(r->message));
  hk_text_clean(r->message, 0);   /* server text: no terminal control, no secret */
  e->changed = true;
}

static void fe_log(void *ud, enum hk_log_level level, const char *message)
{
  struct ui_engine *e = ud;

  if(level >= HK_LOG_WARN) {
    ui_set_msg(e->ui, level == HK_LOG_WARN ? UI_ROLE_WARN : UI_ROLE_ERROR, "%s", message);
    e->changed = true;
  }
}

/* hk_apply_run and hk_verify_run drive the loop themselves: this timer
 * keeps the screen alive meanwhile (spinner, elapsed times, resize, Ctrl-L,
 * q to stop: both engines watch e->stop, finish what is in flight and start
 * nothing more; verify removes its test cluster).  hk_verify_run runs until
 * nothing is pending on the loop, so there the timer only re-arms while other
 * work is pending. */
static void commit_tick(void *ud)
{
  struct ui_engine *e = ud;

  if(!e->committing)
    return;
  if(e->tick_while_pending && hk_loop_pending(e->rt.loop) == 0)
    return;
  if(ui_pump(e->ui)) {
    /* finish what runs, start nothing, then leave: the state stays resumable */
    e->stop = 1;
    e->ui->quit = true;
  }
  hk_loop_timer(e->rt.loop, 80, commit_tick, e);
}

void ui_engine_tick_start(struct ui_engine *e, bool while_pending)
{
  hk_loop_timer_cancel(e->rt.loop, commit_tick, e);
  e->committing = true;
  e->tick_while_pending = while_pending;
  hk_loop_timer(e->rt.loop, 80, commit_tick, e);
}

void ui_engine_tick_stop(struct ui_engine *e)
{
  e->committing = false;
  hk_loop_timer_cancel(e->rt.loop, commit_tick, e);
}

static void plan_rows(struct ui *ui, const struct hk_plan *p)
{
  size_t i;

  for(i = 0; i < p->n; i++) {
    struct ui_progress_row *r = ui_progress_row(&ui->progress, p->actions[i].id);

    if(!r)
      continue;
    hk_strlcpy(r->title, _(p->actions[i].title), sizeof(r->title));
    hk_strlcpy(r->verb, _(hk_decision_key(p->actions[i].decision)), sizeof(r->verb));
    if(p->actions[i].decision == HK_DEC_SKIP)
      r->state = UI_ACT_SKIPPED;
  }
}

void ui_engine_commit(struct ui_engine *e)
{
  struct ui *ui = e->ui;
  struct ui_progress *pr = &ui->progress;
  struct hk_error err;
  struct hk_plan plan;
  struct hk_engine eng;
  struct hk_frontend fe;
  enum hk_prepare_stage stage;
  hk_status st;

  memset(&plan, 0, sizeof(plan));
  hk_error_clear(&err);
  pr->running = true;
  pr->finished = false;
  st = ui_engine_runtime(e, &err);
  if(st != HK_OK)
    goto out;
  /* Lock, then read (as every command does): a journal read before, for the
   * summary or a commit whose lock failed, may be stale - a headless run can
   * have written since - so only a journal this wizard holds locked is kept.
   * A missing state file gives an empty journal: the first commit. */
  st = hk_journal_hold(&e->journal, &e->journal_open, ui->state_dir, ui->setup.name, true, &err);
  if(st != HK_OK)
    goto out;
  hk_cli_rt_guard(&e->rt, &e->journal);
  /* the restricted and Glue policies name the caller's account, as in `heiiki apply` */
  st = hk_apply_prepare(e->rt.loop, e->rt.aws, &ui->setup, &e->journal, &plan, &stage, &err);
  if(st != HK_OK)
    goto out;
  plan_rows(ui, &plan);
  memset(&fe, 0, sizeof(fe));
  fe.action_started = fe_started;
  fe.action_progress = fe_progress;
  fe.action_done = fe_done;
  fe.log = fe_log;
  fe.ud = e;
  memset(&eng, 0, sizeof(eng));
  eng.loop = e->rt.loop;
  eng.dbx = e->rt.dbx;
  eng.aws = e->rt.aws;
  eng.setup = &ui->setup;
  eng.plan = &plan;
  eng.journal = &e->journal;
  eng.fe = &fe;
  eng.ws = e->ws;
  e->stop = 0;
  eng.stop = &e->stop;
  ui_engine_tick_start(e, false);
  st = hk_apply_run(&eng, &err);
  ui_engine_tick_stop(e);
  e->ws = eng.ws;                  /* the checks reuse it (and its token) */
  if(st == HK_OK && eng.interrupted)
    st = hk_error_set(&err, HK_CANCELLED, "%s",
                      _("Stopped. What was created is saved; run heiiki again to resume."));
  if(st == HK_OK)
    snprintf(pr->headline, sizeof(pr->headline),
             _("Done: %ld created, %ld adopted. The workspace is ready."), eng.n_created,
             eng.n_adopted);
out:
  if(st != HK_OK) {
    char line[1400];

    hk_error_format(&err, line, sizeof(line));
    hk_strlcpy(pr->headline, line, sizeof(pr->headline));
  }
  hk_plan_free(&plan);
  pr->running = false;
  pr->finished = true;
  pr->result = st;
  e->changed = true;
}

/* --- after the commit --- */

char *ui_engine_client_text(struct ui_engine *e)
{
  struct hk_summary_ws ws;
  char text[2048];

  if(!ui_engine_journal(e))
    return NULL;
  hk_summary_workspace(&e->journal, &ws);
  if(!ws.address[0] || !ws.host[0]) {
    snprintf(text, sizeof(text), "%s",
             _("The front-end endpoint's address or the workspace host is not known yet; "
               "finish the commit first."));
    return hk_strdup(text);
  }
  if(hk_hosts_instructions(ws.address, ws.host, text, sizeof(text)) != HK_OK)
    snprintf(text, sizeof(text), "%s %s", ws.address, ws.host);
  if(e->ui->setup.client.hosts_file[0]) {
    struct hk_error err;
    char line[512], backup[600];
    const char *lines[1];
    size_t used = strlen(text);

    hk_error_clear(&err);
    backup[0] = '\0';
    lines[0] = line;
    if(hk_hosts_line(ws.address, ws.host, line, sizeof(line)) == HK_OK &&
       hk_hosts_write(e->ui->setup.client.hosts_file, e->ui->setup.name, lines, 1, backup,
                      sizeof(backup), &err) == HK_OK)
      snprintf(text + used, sizeof(text) - used, _("\n\nheiiki wrote the line into %s."),
               e->ui->setup.client.hosts_file);
    else
      snprintf(text + used, sizeof(text) - used, "\n\n%s", err.message);
  }
  return hk_strdup(text);
}

/* "10.0.1.5" or "127.0.0.1:8443" -> addr + port (443 when none). */
static void split_addr(const char *in, char *addr, size_t n, int *port)
{
  const char *colon = strrchr(in, ':');

  *port = 443;
  if(colon && strchr(in, ':') == colon) {
    long p = strtol(colon + 1, NULL, 10);

    if(p > 0 && p <= 65535 && (size_t)(colon - in) < n) {
      memcpy(addr, in, (size_t)(colon - in));
      addr[colon - in] = '\0';
      *port = (int)p;
      return;
    }
  }
  hk_strlcpy(addr, in, n);
}

void ui_engine_verify(struct ui_engine *e)
{
  struct ui *ui = e->ui;
  struct ui_progress *pr = &ui->progress;
  struct hk_verify_setup vs;
  struct hk_verify_result res;
  struct hk_frontend fe;
  struct hk_error err, save_err;
  const char *env_addr = getenv("HEIIKI_FRONTEND_ADDR");
  char addr[128] = "";
  bool saved = false;
  hk_status st;
  int c;

  hk_error_clear(&err);
  pr->running = true;
  pr->finished = false;
  memset(&vs, 0, sizeof(vs));
  memset(&res, 0, sizeof(res));
  /* lock, then read, then write - as `heiiki verify` does (journal_lock.c) */
  st = hk_journal_hold(&e->journal, &e->journal_open, ui->state_dir, ui->setup.name, false, &err);
  if(st == HK_NOT_FOUND)
    st = hk_error_set(&err, HK_STATE, "%s", _("No state file for this setup: nothing to check."));
  if(st != HK_OK)
    goto out;
  if(!hk_verify_setup_url(&e->journal)[0]) {
    st = hk_error_set(&err, HK_STATE, "%s", _("The setup has no workspace yet; finish the commit first."));
    goto out;
  }
  if(env_addr && env_addr[0]) {
    split_addr(env_addr, addr, sizeof(addr), &vs.frontend_port);
    vs.frontend_addr = addr;
  }
  st = ui_engine_runtime(e, &err);
  if(st != HK_OK)
    goto out;
  for(c = 0; c < HK_VERIFY__COUNT; c++) {
    char id[48];
    struct ui_progress_row *r;

    snprintf(id, sizeof(id), "verify.%s", hk_verify_key((enum hk_verify_check)c));
    r = ui_progress_row(pr, id);
    if(r) {
      hk_strlcpy(r->title, _(hk_verify_title((enum hk_verify_check)c)), sizeof(r->title));
      hk_strlcpy(r->verb, _("check"), sizeof(r->verb));
    }
  }
  memset(&fe, 0, sizeof(fe));
  fe.action_started = fe_started;
  fe.action_progress = fe_progress;
  fe.action_done = fe_done;
  fe.log = fe_log;
  fe.ud = e;
  e->stop = 0;
  vs.stop = &e->stop;        /* q: the test cluster is removed before the wizard leaves */
  vs.ws = e->ws;
  ui_engine_tick_start(e, true);
  /* run and recorded as `heiiki apply` and `heiiki verify` do (verify_setup.h) */
  st = hk_verify_setup_run(e->rt.loop, e->rt.dbx, &e->journal, &vs, &fe, &res, &saved, &err,
                           &save_err);
  ui_engine_tick_stop(e);
  for(c = 0; c < HK_VERIFY__COUNT; c++) {
    char id[48], line[1400];
    struct ui_progress_row *r;

    snprintf(id, sizeof(id), "verify.%s", hk_verify_key((enum hk_verify_check)c));
    r = ui_progress_row(pr, id);
    if(!r)
      continue;
    r->state = res.outcome[c] == HK_VO_PASS ? UI_ACT_OK
             : res.outcome[c] == HK_VO_FAIL ? UI_ACT_FAILED : UI_ACT_SKIPPED;
    r->elapsed_ms = res.elapsed_ms[c];
    snprintf(line, sizeof(line), "%s%s%s", res.sentence[c], res.fix[c][0] ? " " : "", res.fix[c]);
    hk_strlcpy(r->message, line, sizeof(r->message));
  }
  if(!saved)
    ui_set_msg(ui, UI_ROLE_WARN, "%s %s", _("The check results could not be saved in the state file."),
               save_err.message);
  if(st == HK_OK)
    hk_strlcpy(pr->headline, _("Every post-deploy check passed."), sizeof(pr->headline));
out:
  if(st != HK_OK && err.message[0]) {
    char line[1400];

    hk_error_format(&err, line, sizeof(line));
    hk_strlcpy(pr->headline, line, sizeof(pr->headline));
  }
  pr->running = false;
  pr->finished = true;
  pr->result = st;
  e->changed = true;
}

static hk_status print_summary(void *ud, FILE *out)
{
  return hk_summary_print_model(ud, out, false);
}

/* As `heiiki summary`: the states read now (one call per object), the
 * recorded ones marked when they cannot be. */
char *ui_engine_summary(struct ui_engine *e)
{
  struct hk_summary *m;
  struct hk_error err;
  char *text;

  if(!ui_engine_journal(e))
    return hk_strdup(_("No state file for this setup yet."));
  m = calloc(1, sizeof(*m));
  if(!m)
    return NULL;
  hk_error_clear(&err);
  hk_summary_init(m, &e->journal);
  if(ui_engine_runtime(e, &err) == HK_OK)
    hk_summary_refresh(m, e->rt.loop, e->rt.aws, e->rt.dbx, NULL);
  else
    hk_summary_refresh(m, NULL, NULL, NULL, err.message);
  text = capture(print_summary, m);
  free(m);
  return text;
}

char *ui_engine_bucket_policy(struct ui_engine *e, struct hk_error *err)
{
  const struct hk_setup *s = &e->ui->setup;

  if(!s->storage.bucket[0]) {
    hk_error_set(err, HK_CONFIG, "%s", _("Give the root bucket's name first: the policy names it."));
    return NULL;
  }
  if(!s->account_id[0]) {
    hk_error_set(err, HK_CONFIG, "%s",
                 _("Give the Databricks account ID first (step 2): the policy names it."));
    return NULL;
  }
  return hk_policy_root_bucket(s->partition, s->storage.bucket, s->account_id, err);
}
