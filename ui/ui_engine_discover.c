/* ui_engine_discover.c - defaults from the account for the steps not answered
 * yet: the region's VPCs, then the chosen VPC read once (the network rules'
 * reads), and src/checks/checks_defaults.c turns them into proposed answers.
 * Only empty answers are filled, once per step and VPC; the operator's
 * answers are never replaced. */
#include <stdlib.h>
#include <string.h>
#include "core/hk_buf.h"
#include "checks/checks_defaults.h"
#include "aws/aws_ec2.h"
#include "aws/aws_iam.h"
#include "ui.h"
#include "ui_engine_priv.h"

struct ui_discovery {
  struct ui_engine *e;
  char vpc[HK_ID_MAX];             /* the facts are this VPC's */
  struct hk_gather *g;
  struct hk_facts facts;
  bool listing;                    /* DescribeVpcs in flight */
  bool listed;                     /* the region's VPCs were looked at once */
  bool vpc_filled;                 /* the VPC was proposed: the form shows it */
  unsigned applied;                /* steps (1u << hk_step) given their defaults */
  /* what was proposed for the network: when the VPC changes, proposals of the
   * old VPC give way to the new one's (answers the operator typed stay) */
  char prop_subnets[HK_MAX_SUBNETS][HK_ID_MAX];
  int n_prop_subnets;
  char prop_sgs[HK_MAX_SGS][HK_ID_MAX];
  int n_prop_sgs;
  bool prop_mode;                  /* network.mode create_in_vpc was proposed (no subnets) */
  bool cleared;                    /* proposals were taken back: the form reloads */
  bool roles_listing;              /* ListRoles in flight (the credential step) */
  bool roles_listed;
  char role_arn[HK_ARN_MAX];        /* an existing role to propose ("" = none) */
};

static bool same_list(const char (*a)[HK_ID_MAX], int na, const char (*b)[HK_ID_MAX], int nb)
{
  int i;

  if(na != nb || na == 0)
    return false;
  for(i = 0; i < na; i++)
    if(strcmp(a[i], b[i]) != 0)
      return false;
  return true;
}

static void clear_field(struct ui *ui, const char *key)
{
  int i = ui_form_find(&ui->form, key);

  if(i >= 0 && ui_step(ui)->model_step == HK_STEP_NETWORK)
    ui_field_set(&ui->form.it[i].edit, "");
}

/* The VPC changed: take back the cluster subnets and groups proposed for the old one. */
static void take_back(struct ui_discovery *d, struct ui *ui)
{
  struct hk_setup *s = &ui->setup;

  if(same_list((const char(*)[HK_ID_MAX])s->network.subnet_ids, s->network.n_subnets,
               (const char(*)[HK_ID_MAX])d->prop_subnets, d->n_prop_subnets)) {
    s->network.n_subnets = 0;
    clear_field(ui, "subnet_ids");
    d->cleared = true;
  }
  if(same_list((const char(*)[HK_ID_MAX])s->network.sg_ids, s->network.n_sgs,
               (const char(*)[HK_ID_MAX])d->prop_sgs, d->n_prop_sgs)) {
    s->network.n_sgs = 0;
    clear_field(ui, "security_group_ids");
    d->cleared = true;
  }
  if(d->prop_mode && s->network.mode == HK_NET_CREATE_IN_VPC) {
    s->network.mode = HK_NET_EXISTING;   /* the next VPC decides again */
    s->network.create_subnets = s->network.create_sgs = true;
    d->cleared = true;
  }
  d->prop_mode = false;
  d->n_prop_subnets = d->n_prop_sgs = 0;
}

static void disc_stop_gather(struct ui_discovery *d)
{
  if(d->g)
    hk_gather_free(d->g);
  d->g = NULL;
  hk_facts_clear(&d->facts);
  hk_facts_init(&d->facts);
  d->vpc[0] = '\0';
  d->applied = 0;
}

void ui_engine_discover_free(struct ui_engine *e)
{
  struct ui_discovery *d = e->disc;

  if(!d)
    return;
  if(d->g && !hk_gather_finished(d->g))
    return;                        /* callbacks still pending: freed with the loop */
  disc_stop_gather(d);
  hk_facts_clear(&d->facts);
  free(d);
  e->disc = NULL;
}

bool ui_engine_discover_busy(const struct ui_engine *e)
{
  const struct ui_discovery *d = e->disc;

  return d && (d->listing || d->roles_listing || (d->g && !hk_gather_finished(d->g)));
}

static void start_gather(struct ui_discovery *d)
{
  struct ui_engine *e = d->e;
  struct hk_gather_opts o;
  struct hk_error err;
  struct hk_setup *s = malloc(sizeof(*s));

  if(!s)
    return;
  disc_stop_gather(d);
  /* the VPC's subnets, route tables, groups, endpoints and the account's
   * network configurations: what the network rules read */
  *s = e->ui->setup;
  memset(&o, 0, sizeof(o));
  o.aws = e->rt.aws;
  o.dbx = e->rt.dbx;
  o.aws_error = "";
  o.dbx_error = "";
  hk_error_clear(&err);
  if(hk_gather_start(&d->g, e->ui->loop, s, HK_STEP_NETWORK, &o, &d->facts, &err) == HK_OK)
    hk_strlcpy(d->vpc, s->network.vpc_id, sizeof(d->vpc));
  else
    d->g = NULL;
  free(s);
}

static void on_vpcs(struct aws_vpc *v, size_t n, const struct hk_error *err, void *ud)
{
  struct ui_discovery *d = ud;
  struct ui *ui = d->e->ui;

  (void)err;
  d->listing = false;
  d->listed = true;
  d->e->changed = true;
  if(!ui->setup.network.vpc_id[0] &&
     hk_defaults_vpc(v, n, ui->setup.network.vpc_id, sizeof(ui->setup.network.vpc_id))) {
    d->vpc_filled = true;
    start_gather(d);
  }
  aws_vpcs_free(v, n);
}

static void on_roles(struct aws_role *v, size_t n, const struct hk_error *err, void *ud)
{
  struct ui_discovery *d = ud;
  struct ui *ui = d->e->ui;

  struct hk_setup *t = malloc(sizeof(*t));

  (void)err;
  d->roles_listing = false;
  d->roles_listed = true;
  d->e->changed = true;
  /* judged on a copy: the form may hold edits not stored yet (applied in _apply) */
  if(t) {
    *t = ui->setup;
    t->credential.choice = HK_CREATE;
    t->credential.role_arn[0] = '\0';
    if(hk_defaults_credential(t, v, n))
      hk_strlcpy(d->role_arn, t->credential.role_arn, sizeof(d->role_arn));
    free(t);
  }
  aws_roles_free(v, n);
}

/* The current step, if it is one discovery fills and it is not answered yet. */
static int fillable_step(const struct ui *ui)
{
  int ms = ui_step(ui)->model_step;

  if(ui->done[ui->cur] || (ms != HK_STEP_NETWORK && ms != HK_STEP_ENDPOINTS &&
                            ms != HK_STEP_CLIENT && ms != HK_STEP_CREDENTIAL))
    return -1;
  return ms;
}

void ui_engine_discover(struct ui_engine *e)
{
  struct ui *ui = e->ui;
  struct ui_discovery *d;
  struct hk_error err;

  if(fillable_step(ui) < 0)
    return;
  hk_error_clear(&err);
  if(ui_engine_runtime(e, &err) != HK_OK || !e->rt.aws)
    return;                        /* no account to read: the operator types or picks */
  if(!e->disc) {
    e->disc = calloc(1, sizeof(*e->disc));
    if(!e->disc)
      return;
    e->disc->e = e;
    hk_facts_init(&e->disc->facts);
  }
  d = e->disc;
  if(ui_step(ui)->model_step == HK_STEP_CREDENTIAL) {
    /* a role that already trusts Databricks for this account is reused */
    if(!d->roles_listing && !d->roles_listed && ui->setup.credential.choice == HK_CREATE &&
       !ui->setup.credential.role_arn[0]) {
      d->roles_listing = true;
      if(aws_iam_list_roles(e->rt.aws, NULL, on_roles, d) != HK_OK)
        d->roles_listing = false;
    }
    return;
  }
  if(d->listing || (d->g && !hk_gather_finished(d->g)))
    return;
  if(!ui->setup.network.vpc_id[0]) {
    if(d->listed)
      return;
    d->listing = true;
    if(aws_ec2_describe_vpcs(e->rt.aws, NULL, 0, NULL, 0, on_vpcs, d) != HK_OK)
      d->listing = false;
    return;
  }
  if(strcmp(d->vpc, ui->setup.network.vpc_id) != 0) {
    if(d->vpc[0])
      take_back(d, ui);
    start_gather(d);
  }
}

bool ui_engine_discover_apply(struct ui_engine *e)
{
  struct ui *ui = e->ui;
  struct ui_discovery *d = e->disc;
  int ms = fillable_step(ui);
  bool filled = false;

  if(d && (d->vpc_filled || d->cleared)) {
    d->vpc_filled = false;
    d->cleared = false;
    filled = true;
  }
  if(ms == HK_STEP_CREDENTIAL) {
    if(!d || !d->role_arn[0])
      return filled;
    ui_formstep_commit(ui);        /* a field being typed keeps its text */
    if(ui->setup.credential.choice == HK_CREATE && !ui->setup.credential.role_arn[0]) {
      ui->setup.credential.choice = HK_EXISTING;
      hk_strlcpy(ui->setup.credential.role_arn, d->role_arn, sizeof(ui->setup.credential.role_arn));
      filled = true;
    }
    d->role_arn[0] = '\0';         /* proposed once */
    return filled;
  }
  if(!d || ms < 0 || !d->g || !hk_gather_finished(d->g) ||
     strcmp(d->vpc, ui->setup.network.vpc_id) != 0 || (d->applied & (1u << ms)))
    return filled;
  d->applied |= 1u << ms;
  ui_formstep_commit(ui);          /* a field being typed keeps its text */
  if(ms == HK_STEP_NETWORK) {
    bool had_subnets = ui->setup.network.n_subnets > 0, had_sgs = ui->setup.network.n_sgs > 0;
    enum hk_net_mode mode = ui->setup.network.mode;

    if(hk_defaults_network(&ui->setup, &d->facts)) {
      filled = true;
      d->prop_mode = mode != ui->setup.network.mode;
      if(!had_subnets) {
        memcpy(d->prop_subnets, ui->setup.network.subnet_ids, sizeof(d->prop_subnets));
        d->n_prop_subnets = ui->setup.network.n_subnets;
      }
      if(!had_sgs) {
        memcpy(d->prop_sgs, ui->setup.network.sg_ids, sizeof(d->prop_sgs));
        d->n_prop_sgs = ui->setup.network.n_sgs;
      }
    }
  }
  else if(ms == HK_STEP_ENDPOINTS)
    filled = hk_defaults_endpoints(&ui->setup, &d->facts) || filled;
  else
    filled = hk_defaults_client(&ui->setup, &d->facts) || filled;
  return filled;
}
