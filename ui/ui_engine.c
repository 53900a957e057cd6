/* ui_engine.c - the runtime (loop + clients) and the live checks of a step:
 * the same rule table and scheduler as `heiiki check`, findings shown as
 * they land. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "checks/checks_util.h"
#include "net/net_loop.h"
#include "plan/apply.h"
#include "plan/journal_own.h"
#include "ui.h"
#include "ui_engine_priv.h"

/* One live-check run: its own facts, because an older run still in flight
 * keeps writing into its own until it finishes. */
struct ui_check_run {
  struct ui_engine *e;
  unsigned gen;
  struct hk_gather *g;
  struct hk_facts facts;
  struct ui_check_run *next;       /* retired runs, freed once finished */
};

static void run_free(struct ui_check_run *run)
{
  if(run->g)
    hk_gather_free(run->g);
  hk_facts_clear(&run->facts);
  free(run);
}

hk_status ui_engine_new(struct ui *ui, struct ui_engine **out, struct hk_error *err)
{
  struct ui_engine *e = calloc(1, sizeof(*e));

  if(!e)
    return hk_error_set(err, HK_NOMEM, "%s", _("Out of memory."));
  e->ui = ui;
  e->own_loop = ui->loop;
  e->cli.prog = "heiiki";
  e->cli.color = 0;
  e->cli.trace_path = ui->trace_path;
  e->cli.ca_bundle = ui->ca_bundle;
  hk_strlcpy(e->cli.state_dir, ui->state_dir, sizeof(e->cli.state_dir));
  *out = e;
  return HK_OK;
}

/* The commit's workspace client lives on the runtime's loop: free it first. */
static void release_ws(struct ui_engine *e)
{
  struct hk_engine eng;

  memset(&eng, 0, sizeof(eng));
  eng.loop = e->rt_open ? e->rt.loop : NULL;
  eng.ws = e->ws;
  hk_engine_release_ws(&eng);
  e->ws = NULL;
}

void ui_engine_free(struct ui_engine *e)
{
  if(!e)
    return;
  if(e->current)
    run_free(e->current);
  while(e->retired) {
    struct ui_check_run *r = e->retired;

    e->retired = r->next;
    run_free(r);
  }
  ui_engine_discover_free(e);
  ui_engine_netlayout_free(e);
  if(e->journal_open)
    hk_journal_free(&e->journal);
  free(e->plan_text);
  release_ws(e);
  if(e->rt_open) {
    e->ui->loop = e->own_loop;
    hk_cli_rt_close(&e->rt);
  }
  free(e);
}

hk_status ui_engine_runtime(struct ui_engine *e, struct hk_error *err)
{
  struct ui *ui = e->ui;
  char key[128];
  hk_status rc;

  snprintf(key, sizeof(key), "%s/%s", ui->setup.account_id, ui->setup.region);
  if(e->rt_open && strcmp(key, e->rt_key) == 0)
    return HK_OK;
  if(e->busy > 0 || e->committing)
    return hk_error_set(err, HK_STATE, "%s", _("Wait for the running checks to finish."));
  if(e->rt_open) {
    release_ws(e);
    ui->loop = e->own_loop;
    hk_cli_rt_close(&e->rt);
    e->rt_open = false;
  }
  rc = hk_cli_rt_open(&e->cli, &ui->setup, &e->rt, err);
  if(rc != HK_OK) {
    hk_cli_rt_close(&e->rt);
    return rc;
  }
  e->rt_open = true;
  hk_strlcpy(e->rt_key, key, sizeof(e->rt_key));
  ui->loop = e->rt.loop;
  return HK_OK;
}

const struct aws_caller_identity *ui_engine_identity(const struct ui_engine *e)
{
  const struct hk_facts *f = e->current ? &e->current->facts : NULL;

  if(!f || !(f->landed & HK_READ_IDENTITY) || (f->failed & HK_READ_IDENTITY))
    return NULL;
  return &f->identity;
}

int ui_engine_busy(const struct ui_engine *e)
{
  return e ? e->busy + (e->checking ? 1 : 0) + (ui_engine_discover_busy(e) ? 1 : 0) +
         (ui_engine_netlayout_busy(e) ? 1 : 0) : 0;
}

int ui_engine_drain(struct ui_engine *e)
{
  int changed;

  ui_engine_poll_checks(e);
  if(ui_engine_discover_apply(e)) {
    /* proposed answers are checked at once, as typed ones are when left */
    ui_formstep_reload(e->ui);
    e->ui->stale = false;
    ui_engine_check(e, ui_step(e->ui)->model_step);
    e->changed = true;
  }
  changed = e->changed ? 1 : 0;
  e->changed = false;
  if(changed && e->check_step == HK_STEP_ALL && ui_step(e->ui)->model_step < 0 &&
     strcmp(ui_step(e->ui)->id, "review") == 0)
    ui_engine_review_text(e);
  return changed;
}

/* --- findings into the form --- */

static enum ui_ck finding_state(const struct hk_finding *fd)
{
  switch(fd->verdict) {
  case HK_VERDICT_PASS: return UI_CK_OK;
  case HK_VERDICT_WARN: return UI_CK_WARN;
  case HK_VERDICT_FAIL:
  case HK_VERDICT_UNKNOWN: return hk_finding_blocks(fd) || hk_finding_unchecked(fd) ? UI_CK_FAIL : UI_CK_WARN;
  case HK_VERDICT_SKIP: return fd->later ? UI_CK_LATER : UI_CK_NONE;
  default: return UI_CK_NONE;
  }
}

static int ck_rank(enum ui_ck st)
{
  switch(st) {
  case UI_CK_FAIL: return 3;
  case UI_CK_WARN: return 2;
  case UI_CK_OK:
  case UI_CK_LATER: return 1;
  default: return 0;
  }
}

/* The form item the finding is about (assets/rules/rule-fields.tsv), or -1. */
static int finding_field(const struct ui_form *f, const struct hk_finding *fd)
{
  const struct hk_field_def *d = hk_field_find(hk_finding_field(fd));
  int i;

  for(i = 0; d && i < f->n; i++)
    if(f->it[i].def == d)
      return i;
  return -1;
}

/* The step's list: problems first, then passes; a full list keeps the problems. */
static void add_to_list(struct ui_form *f, const struct ui_check *c)
{
  int at;

  if(c->state == UI_CK_OK || c->state == UI_CK_LATER) {
    if(f->n_notes < UI_FORM_NOTES)
      f->notes[f->n_notes++] = *c;
    return;
  }
  /* insert before the first pass; drop the last pass when full */
  for(at = 0; at < f->n_notes && f->notes[at].state != UI_CK_OK; at++)
    ;
  if(f->n_notes >= UI_FORM_NOTES) {
    if(at >= UI_FORM_NOTES)
      return;
    f->n_notes--;
  }
  memmove(&f->notes[at + 1], &f->notes[at], (size_t)(f->n_notes - at) * sizeof(*c));
  f->notes[at] = *c;
  f->n_notes++;
}

/* A finding about one answer on the screen shows under that field: the worst
 * one there, a displaced or second problem in the list, so none is hidden.
 * Anything else goes to the list. */
static void add_note(struct ui *ui, const struct hk_finding *fd)
{
  struct ui_form *f = &ui->form;
  struct ui_check c;
  int field;

  memset(&c, 0, sizeof(c));
  c.state = finding_state(fd);
  if(c.state == UI_CK_NONE)
    return;
  c.blocking = hk_finding_blocks(fd) || hk_finding_unchecked(fd);
  hk_strlcpy(c.rule, fd->id, sizeof(c.rule));
  hk_strlcpy(c.text, fd->message, sizeof(c.text));
  hk_strlcpy(c.fix, fd->fix, sizeof(c.fix));
  ui_text_keys_to_labels(c.text, sizeof(c.text));
  ui_text_keys_to_labels(c.fix, sizeof(c.fix));
  field = finding_field(f, fd);
  if(field < 0) {
    add_to_list(f, &c);
    return;
  }
  if(ck_rank(c.state) > ck_rank(f->it[field].live.state)) {
    if(ck_rank(f->it[field].live.state) >= ck_rank(UI_CK_WARN))
      add_to_list(f, &f->it[field].live);
    f->it[field].live = c;
  } else if(c.state != UI_CK_OK) {
    add_to_list(f, &c);
  }
}

static void on_finding(const struct hk_finding *fd, void *ud)
{
  struct ui_check_run *run = ud;
  struct ui_engine *e = run->e;
  struct ui *ui = e->ui;

  if(run->gen != e->gen)
    return;
  if(e->check_step != HK_STEP_ALL && ui_step(ui)->model_step != e->check_step)
    return;
  add_note(ui, fd);
  e->changed = true;
}

/* Free retired runs that finished; update the current run's pending count. */
void ui_engine_poll_checks(struct ui_engine *e)
{
  struct ui_check_run **pp = &e->retired;
  struct ui_check_run *cur = e->current;

  while(*pp) {
    struct ui_check_run *r = *pp;

    if(!r->g || hk_gather_finished(r->g)) {
      *pp = r->next;
      run_free(r);
    } else {
      pp = &r->next;
    }
  }
  if(cur && cur->g) {
    int waiting = hk_gather_finished(cur->g) ? 0 : hk_gather_sched(cur->g)->waiting;

    if(waiting == 0 && e->ui->form.pending > 0)
      e->changed = true;
    if(e->check_step == HK_STEP_ALL || ui_step(e->ui)->model_step == e->check_step)
      e->ui->form.pending = waiting;
    e->checking = waiting > 0;
  } else {
    e->checking = false;
  }
}

/* The answer steps of the flow not answered yet (the current one is being
 * answered): rules that need them say where they are checked instead. */
static unsigned ui_engine_unanswered(const struct ui *ui)
{
  unsigned mask = 0;
  int i;

  for(i = 0; i < ui->n_steps && i < UI_MAX_STEPS; i++) {
    int ms = ui->flow[i]->model_step;

    if(ms >= 0 && i != ui->cur && !ui->done[i])
      mask |= 1u << ms;
  }
  return mask;
}

void ui_engine_check(struct ui_engine *e, int step)
{
  struct ui *ui = e->ui;
  struct hk_error err, rt_err;
  struct hk_gather_opts o;
  struct ui_check_run *run;
  const char *own[HK_OWN_IDS_MAX];
  int i;

  if(step == HK_STEP_NETWORK || step == HK_STEP_ENDPOINTS)
    ui_engine_discover(e);         /* a VPC answered or changed: read it for the defaults */
  ui->form.n_notes = 0;
  ui->form.pending = 0;
  for(i = 0; i < ui->form.n; i++)   /* a new run: every field's result is redone */
    memset(&ui->form.it[i].live, 0, sizeof(ui->form.it[i].live));
  e->gen++;
  e->check_step = step;
  if(e->current) {
    e->current->next = e->retired;
    e->retired = e->current;
    e->current = NULL;
  }
  run = calloc(1, sizeof(*run));
  if(!run)
    return;
  run->e = e;
  run->gen = e->gen;
  hk_facts_init(&run->facts);
  hk_error_clear(&rt_err);
  memset(&o, 0, sizeof(o));
  if(ui_engine_runtime(e, &rt_err) == HK_OK) {
    o.aws = e->rt.aws;
    o.dbx = e->rt.dbx;
    if(!o.aws)
      o.aws_error = _("No AWS credentials were found (environment, profile or instance role).");
  } else {
    o.aws_error = rt_err.message;
    o.dbx_error = rt_err.message;
  }
  o.on_finding = on_finding;
  o.ud = run;
  o.unanswered = step == HK_STEP_ALL ? 0 : ui_engine_unanswered(ui);
  /* what this setup already made is its own, not a conflict (as in `heiiki apply`) */
  if(ui_engine_journal(e) && strcmp(e->journal.name, ui->setup.name) == 0) {
    o.own_ids = own;
    o.n_own_ids = hk_journal_own_ids(&e->journal, own, HK_OWN_IDS_MAX);
  }
  hk_error_clear(&err);
  e->current = run;
  if(hk_gather_start(&run->g, ui->loop, &ui->setup, step, &o, &run->facts, &err) != HK_OK) {
    struct ui_check *c = ui->form.n_notes < UI_FORM_NOTES ? &ui->form.notes[ui->form.n_notes++] : NULL;

    if(c) {
      memset(c, 0, sizeof(*c));
      c->state = UI_CK_WARN;
      snprintf(c->text, sizeof(c->text), _("The live checks cannot run: %s"), err.message);
      hk_strlcpy(c->fix, err.hint, sizeof(c->fix));
    }
    run->g = NULL;
  }
  ui_engine_poll_checks(e);
  e->changed = true;
}
