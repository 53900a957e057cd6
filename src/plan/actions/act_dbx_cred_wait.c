/* act_dbx_cred_wait.c - create the credential configuration or the
 * workspace, waiting out IAM propagation.
 *
 * Right after the cross-account role and its policy are created, Databricks
 * refuses the credential while IAM propagates, and it validates the role
 * again when the workspace is created: terraform-provider-databricks
 * docs/guides/aws-workspace.md ("Credentials validation checks errors")
 * shows the same plural answer "(400 on /api/2.0/accounts/{UUID}/workspaces)"
 * and adds a time_sleep before databricks_mws_workspaces.  Both creates go
 * through this wait.  The answer comes in two wordings (sources in
 * assets/rules/credential-checks.tsv): "Failed credentials validation
 * checks: Spot Cancellation, Delete Tags, Describe Availability Zones,
 * Describe instances, ..." (TF #951) or "Failed credential validation
 * checks: please use a valid cross account IAM role ..." (TF #1363), as JSON
 * or as a text/plain body (databricks-sdk-go #975).  The listed console check
 * names are mapped to IAM actions through that table ("Spot Cancellation" ->
 * ec2:CancelSpotInstanceRequests) and evaluated on the role with
 * SimulatePrincipalPolicy, on the scoped ARNs and context keys of the
 * restricted policy (assets/rules/iam-simulation.tsv): when the role's policy
 * grants them all, the create is sent again with backoff until the cap
 * (HEIIKI_CRED_WAIT_S, default 180 s); when it does not, the action stops at
 * once naming the missing actions.  A name the table does not know, one
 * without an action ("Assume Role": the trust policy) and prose without a list
 * mean "keep waiting", never "missing permission". */
#include "plan/actions/act_dbx_cred_wait.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "aws/aws_iam.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_client.h"
#include "dbx/dbx_credentials.h"
#include "net/net_loop.h"
#include "plan/actions/act_aws_util.h"
#include "policy/policy_sim.h"

#define CRED_CHECKS_MAX 32
#define CRED_WAIT_DEFAULT_S 180L
#define CRED_DELAY_MAX_MS 15000L

struct cred_wait {
  struct hk_run *run;
  cJSON *body;
  const struct hk_dbx_obj *d;      /* the collection, ID key, label, record */
  char role_arn[DBX_ARN_MAX];      /* the cross-account role Databricks validates */
  long start_ms;
  int attempt;
  struct hk_error last;            /* the validation failure being waited out */
  const char *actions[CRED_CHECKS_MAX];
  char action_buf[CRED_CHECKS_MAX][96];
  size_t n_actions;
  char unknown[512];               /* check names the table does not map */
};

long hk_cred_wait_cap_ms(void)
{
  const char *v = getenv("HEIIKI_CRED_WAIT_S");
  char *end = NULL;
  long s;

  if(!v || !*v)
    return CRED_WAIT_DEFAULT_S * 1000L;
  s = strtol(v, &end, 10);
  if(!end || *end || s < 0 || s > 3600)
    return CRED_WAIT_DEFAULT_S * 1000L;
  return s * 1000L;
}

long hk_cred_wait_delay_ms(int attempt)
{
  long d = 1000L;
  int i;

  for(i = 0; i < attempt && d < CRED_DELAY_MAX_MS; i++)
    d *= 2;
  return d < CRED_DELAY_MAX_MS ? d : CRED_DELAY_MAX_MS;
}

static void wait_end(struct cred_wait *w, hk_status st, const struct hk_error *err)
{
  struct hk_run *run = w->run;

  cJSON_Delete(w->body);
  free(w);
  hk_run_finish(run, st, err);
}

static void send_create(struct cred_wait *w);

static void on_timer(void *ud)
{
  send_create(ud);
}

static const char *role_arn(const struct cred_wait *w)
{
  return w->role_arn;
}

/* Everything the role's policy grants: keep waiting, or give up at the cap. */
static void wait_more(struct cred_wait *w)
{
  struct hk_error e = w->last;
  long elapsed = hk_now_ms() - w->start_ms;
  long delay = hk_cred_wait_delay_ms(w->attempt);

  if(hk_run_stopping(w->run)) {
    wait_end(w, HK_CANCELLED, NULL);
    return;
  }
  if(elapsed + delay <= hk_cred_wait_cap_ms()) {
    w->attempt++;
    hk_run_progress(w->run, _("waiting for IAM to propagate, %ld s"), elapsed / 1000);
    if(hk_loop_timer(w->run->eng->loop, delay, on_timer, w) == HK_OK)
      return;
  }
  if(w->unknown[0])
    hk_error_set(&e, HK_API,
                 _("Databricks still fails the credential validation checks for %s after %ld s: %s "
                   "(heiiki does not know which IAM action the checks %s test; see "
                   "assets/rules/credential-checks.tsv)"),
                 role_arn(w), elapsed / 1000, w->last.api_message, w->unknown);
  else
    hk_error_set(&e, HK_API,
                 _("Databricks still fails the credential validation checks for %s after %ld s, "
                   "although the role's policy grants them: %s"),
                 role_arn(w), elapsed / 1000, w->last.api_message);
  hk_error_hint(&e, "%s",
                _("IAM changes can take several minutes to reach Databricks; run `heiiki resume` "
                  "later. If it persists, check the role's trust policy (the Databricks principal "
                  "and your Databricks account ID as external ID)."));
  wait_end(w, HK_API, &e);
}

static void on_sim(struct aws_sim_result *v, size_t n, const struct hk_error *err, void *ud)
{
  struct cred_wait *w = ud;
  struct hk_error e = w->last;
  char missing[768] = "";
  size_t i, len;

  if(err->status != HK_OK) {
    aws_sim_results_free(v, n);
    hk_error_set(&e, HK_API, _("Databricks refused the role %s (%s), and its policy could not "
                               "be evaluated: %s"), role_arn(w), w->last.api_message,
                 err->message);
    wait_end(w, HK_API, &e);
    return;
  }
  for(i = 0; i < n; i++) {
    if(strcmp(v[i].decision, "allowed") == 0)
      continue;
    len = strlen(missing);
    snprintf(missing + len, sizeof(missing) - len, "%s%s", len ? ", " : "", v[i].action);
  }
  aws_sim_results_free(v, n);
  if(!missing[0]) {
    wait_more(w);
    return;
  }
  hk_error_set(&e, HK_API, _("Databricks cannot use the role %s: its policy does not allow %s."),
               role_arn(w), missing);
  hk_error_hint(&e, _("Add to the role's permission policy an Allow for: %s (the cross-account "
                      "policy heiiki shows has them), then run again."), missing);
  wait_end(w, HK_API, &e);
}

/* Which listed checks does the role's permission policy decide? */
static void check_grants(struct cred_wait *w, const struct hk_error *err)
{
  char checks[CRED_CHECKS_MAX][96];
  struct aws_client *aws;
  struct hk_sim_plan *plan;
  struct hk_error e;
  size_t n, i, len;
  hk_status st;

  w->last = *err;
  n = dbx_cred_failed_checks(err->api_message, checks, CRED_CHECKS_MAX);
  w->n_actions = 0;
  w->unknown[0] = '\0';
  for(i = 0; i < n; i++) {
    switch(dbx_cred_check_action(checks[i], w->action_buf[w->n_actions],
                                 sizeof(w->action_buf[0]))) {
    case DBX_CHECK_ACTION:
      w->actions[w->n_actions] = w->action_buf[w->n_actions];
      w->n_actions++;
      break;
    case DBX_CHECK_UNKNOWN:
      len = strlen(w->unknown);
      snprintf(w->unknown + len, sizeof(w->unknown) - len, "%s\"%s\"", len ? ", " : "",
               checks[i]);
      break;
    case DBX_CHECK_NO_ACTION:
      break;
    }
  }
  if(w->n_actions == 0) {
    wait_more(w);
    return;
  }
  aws = w->run->eng->aws;
  plan = calloc(1, sizeof(*plan));
  if(!aws || !plan) {
    free(plan);
    wait_end(w, HK_API, err);
    return;
  }
  hk_error_clear(&e);
  st = hk_sim_plan_build(hk_run_setup(w->run), role_arn(w), w->actions, w->n_actions, plan, &e);
  if(st == HK_OK)
    st = hk_sim_run(aws, role_arn(w), plan, on_sim, w);
  free(plan);
  if(st != HK_OK)
    wait_end(w, HK_API, err);
}

static void on_reply(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct cred_wait *w = ud;
  struct hk_run *run = w->run;
  char n[32];

  if(st == HK_API && err && dbx_cred_validation_failed(err->api_message) && run->eng->loop &&
     w->role_arn[0]) {
    check_grants(w, err);
    return;
  }
  if(st != HK_OK) {
    wait_end(w, st, err);
    return;
  }
  hk_dbx_obj_record(run, w->d, json);
  if(!hk_run_get(run, w->d->id_key)[0]) {
    struct hk_error e = { .status = HK_OK };
    hk_error_set(&e, HK_PARSE, _("The %s was created but the reply has no %s."), _(w->d->label),
                 w->d->id_key);
    wait_end(w, HK_PARSE, &e);
    return;
  }
  if(w->attempt > 0) {
    snprintf(n, sizeof(n), "%d", w->attempt + 1);
    hk_run_set(run, "create_attempts", n);
  }
  wait_end(w, HK_OK, NULL);
}

static void send_create(struct cred_wait *w)
{
  hk_status st = dbx_account_call(w->run->eng->dbx, "POST", w->d->coll, w->body, DBX_CREATE,
                                  on_reply, w);
  if(st != HK_OK) {
    struct hk_error e = { .status = HK_OK };
    hk_error_set(&e, st, _("Cannot create the %s."), _(w->d->label));
    wait_end(w, st, &e);
  }
}

void hk_cred_create_wait(struct hk_run *run, const struct hk_dbx_obj *d, const char *role,
                         cJSON *body)
{
  struct dbx_client *dbx = hk_run_dbx(run);
  struct cred_wait *w;

  if(!dbx) {
    cJSON_Delete(body);
    return;
  }
  w = calloc(1, sizeof(*w));
  if(!w || !body) {
    free(w);
    cJSON_Delete(body);
    hk_run_fail(run, HK_NOMEM, "%s", _("Out of memory."));
    return;
  }
  w->run = run;
  w->body = body;
  w->d = d;
  hk_strlcpy(w->role_arn, role ? role : "", sizeof(w->role_arn));
  w->start_ms = hk_now_ms();
  send_create(w);
}
