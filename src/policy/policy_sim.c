/* policy_sim.c - the cross-account role simulated on the resources and with
 * the context keys the restricted policy conditions on (table and sources:
 * assets/rules/iam-simulation.tsv; real-cloud-audit.md F5). */
#include "policy/policy_sim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "setup/setup_assets.h"

#define SIM_TABLE "rules/iam-simulation.tsv"
#define SIM_ROWS 24

struct sim_row {
  char actions[512];
  char resources[1024];
  char context[512];
};

static struct sim_row rows[SIM_ROWS];
static size_t n_rows;
static int table_state;          /* 0 not loaded, 1 loaded */

static hk_status sim_row(void *ctx, char **c, int n, int lineno, struct hk_error *err)
{
  struct sim_row *r;

  (void)ctx;
  if(n < 3)
    return hk_error_set(err, HK_PARSE, _("%s line %d: 4 columns expected."), SIM_TABLE, lineno);
  if(n_rows >= SIM_ROWS)
    return hk_error_set(err, HK_PARSE, _("%s line %d: more than %d rows."), SIM_TABLE, lineno,
                        SIM_ROWS);
  r = &rows[n_rows++];
  hk_strlcpy(r->actions, c[0], sizeof(r->actions));
  hk_strlcpy(r->resources, c[1], sizeof(r->resources));
  hk_strlcpy(r->context, strcmp(c[2], "-") == 0 ? "" : c[2], sizeof(r->context));
  return HK_OK;
}

static hk_status load(struct hk_error *err)
{
  hk_status st;

  if(table_state == 1)
    return HK_OK;
  n_rows = 0;
  st = hk_assets_load_tsv(SIM_TABLE, "actions", NULL, 0, sim_row, NULL, err);
  if(st != HK_OK) {
    n_rows = 0;
    return st;
  }
  table_state = 1;
  return HK_OK;
}

void hk_sim_reset(void)
{
  table_state = 0;
  n_rows = 0;
}

struct subst {
  const char *arn, *region, *account, *vpc, *sg, *subnet;
};

/* Copy tmpl into out with the placeholders replaced ("" values become "*"). */
static void expand(const char *tmpl, const struct subst *v, char *out, size_t n)
{
  static const char *const keys[] = { "{arn}", "{region}", "{account}", "{vpc}", "{sg}", "{subnet}" };
  const char *vals[6];
  size_t o = 0, k, len;

  vals[0] = v->arn;
  vals[1] = v->region;
  vals[2] = v->account;
  vals[3] = v->vpc;
  vals[4] = v->sg;
  vals[5] = v->subnet;
  while(*tmpl && o + 1 < n) {
    for(k = 0; k < 6; k++) {
      len = strlen(keys[k]);
      if(strncmp(tmpl, keys[k], len) == 0)
        break;
    }
    if(k < 6) {
      const char *val = vals[k] && vals[k][0] ? vals[k] : "*";
      o += hk_strlcpy(out + o, val, n - o);
      if(o >= n)
        o = n - 1;
      tmpl += len;
    } else {
      out[o++] = *tmpl++;
    }
  }
  out[o] = '\0';
}

/* Does the space-separated list hold word? */
static bool list_has(const char *list, const char *word)
{
  size_t len = strlen(word);
  const char *p = list;

  while((p = strstr(p, word)) != NULL) {
    if((p == list || p[-1] == ' ') && (p[len] == '\0' || p[len] == ' '))
      return true;
    p += len;
  }
  return false;
}

static void add_resources(struct hk_sim_group *g, const char *list, const struct subst *v,
                          const struct hk_setup *s)
{
  char tok[256];
  const char *p = list;
  size_t len;
  int i;

  while(*p) {
    struct subst w = *v;
    while(*p == ' ')
      p++;
    len = strcspn(p, " ");
    if(!len)
      break;
    if(len >= sizeof(tok))
      len = sizeof(tok) - 1;
    memcpy(tok, p, len);
    tok[len] = '\0';
    p += strcspn(p, " ");
    if(strstr(tok, "{subnet}") && s->network.n_subnets > 0) {
      for(i = 0; i < s->network.n_subnets && g->n_resources < HK_SIM_MAX_RES; i++) {
        w.subnet = s->network.subnet_ids[i];
        expand(tok, &w, g->resources[g->n_resources++], sizeof(g->resources[0]));
      }
    } else if(g->n_resources < HK_SIM_MAX_RES) {
      expand(tok, &w, g->resources[g->n_resources++], sizeof(g->resources[0]));
    }
  }
}

static void add_context(struct hk_sim_group *g, const char *list, const struct subst *v)
{
  char tok[512], val[256];
  const char *p = list;
  char *eq;
  size_t len;

  while(*p && g->n_ctx < HK_SIM_MAX_CTX) {
    while(*p == ' ')
      p++;
    len = strcspn(p, " ");
    if(!len)
      break;
    if(len >= sizeof(tok))
      len = sizeof(tok) - 1;
    memcpy(tok, p, len);
    tok[len] = '\0';
    p += strcspn(p, " ");
    eq = strchr(tok, '=');
    if(!eq)
      continue;
    *eq = '\0';
    expand(eq + 1, v, val, sizeof(val));
    hk_strlcpy(g->ctx_keys[g->n_ctx], tok, sizeof(g->ctx_keys[0]));
    hk_strlcpy(g->ctx_values[g->n_ctx], val, sizeof(g->ctx_values[0]));
    g->n_ctx++;
  }
}

/* "arn:aws:iam::123456789012:role/x" -> "123456789012" */
static void arn_account(const char *arn, char *out, size_t n)
{
  const char *p = arn ? strstr(arn, ":iam::") : NULL;
  size_t len;

  out[0] = '\0';
  if(!p)
    return;
  p += 6;
  len = strcspn(p, ":");
  if(len >= n)
    return;
  memcpy(out, p, len);
  out[len] = '\0';
}

hk_status hk_sim_plan_build(const struct hk_setup *s, const char *role_arn,
                            const char *const *actions, size_t n, struct hk_sim_plan *out,
                            struct hk_error *err)
{
  struct subst v;
  char account[16];
  bool scoped[HK_SIM_MAX_ACTIONS];
  struct hk_sim_group *g;
  size_t i, r;
  hk_status st;

  memset(out, 0, sizeof(*out));
  st = load(err);
  if(st != HK_OK)
    return st;
  if(n > HK_SIM_MAX_ACTIONS)
    return hk_error_set(err, HK_TOO_BIG, _("Too many actions to simulate (%zu)."), n);
  for(i = 0; i < n; i++) {
    hk_strlcpy(out->names[i], actions[i], sizeof(out->names[0]));
    scoped[i] = false;
  }
  out->n_names = n;
  arn_account(role_arn, account, sizeof(account));
  if(!account[0])
    hk_strlcpy(account, s->aws_account_id, sizeof(account));
  memset(&v, 0, sizeof(v));
  v.arn = hk_partition_arn(s->partition);
  v.region = s->region;
  v.account = account;
  v.vpc = s->network.vpc_id;
  v.sg = s->network.n_sgs > 0 ? s->network.sg_ids[0] : "";
  for(r = 0; r < n_rows && out->n_groups < HK_SIM_MAX_GROUPS - 1; r++) {
    g = &out->groups[out->n_groups];
    for(i = 0; i < n; i++)
      if(list_has(rows[r].actions, out->names[i])) {
        g->actions[g->n_actions++] = i;
        scoped[i] = true;
      }
    if(!g->n_actions)
      continue;
    add_resources(g, rows[r].resources, &v, s);
    add_context(g, rows[r].context, &v);
    out->n_groups++;
  }
  g = &out->groups[out->n_groups];
  for(i = 0; i < n; i++)
    if(!scoped[i])
      g->actions[g->n_actions++] = i;
  if(g->n_actions)
    out->n_groups++;
  return HK_OK;
}

/* ---- running it: every group at once, one answer when all are back ---- */

struct sim_run {
  struct aws_client *aws;
  char role_arn[512];
  struct hk_sim_plan plan;
  size_t pending;                /* calls out */
  struct hk_error err;           /* the first failure */
  struct aws_sim_result *res;    /* one per plan.names */
  aws_sim_cb cb;
  void *ud;
};

static int rank(const char *decision)
{
  if(strcmp(decision, "allowed") == 0)
    return 0;
  if(strcmp(decision, "explicitDeny") == 0)
    return 2;
  return 1;
}

static void run_end(struct sim_run *r)
{
  size_t i;

  if(r->err.status != HK_OK) {
    r->cb(NULL, 0, &r->err, r->ud);
    free(r->res);
  } else {
    for(i = 0; i < r->plan.n_names; i++)
      if(!r->res[i].decision[0])   /* IAM gave no result for it: not proven */
        hk_strlcpy(r->res[i].decision, "implicitDeny", sizeof(r->res[i].decision));
    r->cb(r->res, r->plan.n_names, &r->err, r->ud);
  }
  free(r);
}

static void group_done(struct aws_sim_result *v, size_t n, const struct hk_error *err, void *ud)
{
  struct sim_run *r = ud;
  size_t i, k;

  if(err->status != HK_OK) {
    if(r->err.status == HK_OK)
      r->err = *err;
  } else {
    for(i = 0; i < n; i++)
      for(k = 0; k < r->plan.n_names; k++) {
        struct aws_sim_result *o = &r->res[k];
        if(strcmp(v[i].action, o->action) != 0)
          continue;
        if(!o->decision[0] || rank(v[i].decision) > rank(o->decision)) {
          hk_strlcpy(o->decision, v[i].decision, sizeof(o->decision));
          hk_strlcpy(o->resource, v[i].resource, sizeof(o->resource));
        }
      }
  }
  aws_sim_results_free(v, n);
  if(--r->pending == 0)
    run_end(r);
}

static hk_status send_group(struct sim_run *r, const struct hk_sim_group *g)
{
  struct aws_sim_context ctx[HK_SIM_MAX_CTX];
  const char *res[HK_SIM_MAX_RES];
  const char *acts[HK_SIM_MAX_ACTIONS];
  size_t i;

  for(i = 0; i < g->n_ctx; i++) {
    ctx[i].key = g->ctx_keys[i];
    ctx[i].value = g->ctx_values[i];
  }
  for(i = 0; i < g->n_resources; i++)
    res[i] = g->resources[i];
  for(i = 0; i < g->n_actions; i++)
    acts[i] = r->plan.names[g->actions[i]];
  return aws_iam_simulate_principal_policy_ctx(r->aws, r->role_arn, acts, g->n_actions,
                                               g->n_resources ? res : NULL, g->n_resources,
                                               ctx, g->n_ctx, group_done, r);
}

hk_status hk_sim_run(struct aws_client *aws, const char *role_arn, const struct hk_sim_plan *plan,
                     aws_sim_cb cb, void *ud)
{
  struct sim_run *r;
  size_t i;
  hk_status st = HK_OK;

  if(!aws || !role_arn || !plan || !plan->n_names || !plan->n_groups || !cb)
    return HK_INVALID;
  r = calloc(1, sizeof(*r));
  if(!r)
    return HK_NOMEM;
  r->res = calloc(plan->n_names, sizeof(*r->res));
  if(!r->res) {
    free(r);
    return HK_NOMEM;
  }
  r->aws = aws;
  hk_strlcpy(r->role_arn, role_arn, sizeof(r->role_arn));
  r->plan = *plan;
  hk_error_clear(&r->err);
  for(i = 0; i < plan->n_names; i++)
    hk_strlcpy(r->res[i].action, plan->names[i], sizeof(r->res[i].action));
  r->cb = cb;
  r->ud = ud;
  /* one extra count while sending, so no answer can end the run before all are out */
  r->pending = 1;
  for(i = 0; i < r->plan.n_groups; i++) {
    st = send_group(r, &r->plan.groups[i]);
    if(st != HK_OK)
      break;
    r->pending++;
  }
  if(st != HK_OK && i == 0) {
    free(r->res);
    free(r);
    return st;
  }
  if(st != HK_OK)
    hk_error_set(&r->err, st, "%s", _("The IAM policy simulation could not be started."));
  if(--r->pending == 0)
    run_end(r);
  return HK_OK;
}
