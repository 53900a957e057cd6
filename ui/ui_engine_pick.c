/* ui_engine_pick.c - picker lists fed live: regions (from the assets),
 * IAM roles (those that trust Databricks first), S3 buckets, VPCs, subnets
 * (AZ, CIDR, node capacity, private or public), security groups, VPC
 * endpoints, route tables (AWS) and metastores (Databricks). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/hk_i18n.h"
#include "core/hk_buf.h"
#include "core/hk_clean.h"
#include "core/hk_text.h"
#include "aws/aws_ec2.h"
#include "aws/aws_iam.h"
#include "aws/aws_s3.h"
#include "dbx/dbx_metastores.h"
#include "setup/setup_assets.h"
#include "setup/setup_regions.h"
#include "ui.h"
#include "ui_script.h"
#include "ui_engine_priv.h"

struct pick_req {
  struct ui_engine *e;
  unsigned gen;
  int waiting;                     /* calls not landed yet */
  enum hk_picker kind;
  /* subnets wait for their route tables to say private or public */
  struct aws_subnet *subnets;
  size_t n_subnets;
  struct aws_route_table *rts;
  size_t n_rts;
  struct hk_error err;
};

static struct ui_picker *live_picker(struct pick_req *r)
{
  if(r->gen != r->e->pick_gen || r->e->ui->overlay != UI_OV_PICKER)
    return NULL;
  return &r->e->ui->picker;
}

/* One call landed; when the last one did, mark the field's current value. */
static void landed(struct pick_req *r, const struct hk_error *err)
{
  struct ui_picker *p;

  r->e->busy--;
  r->e->changed = true;
  if(err && err->status != HK_OK && r->err.status == HK_OK)
    r->err = *err;
  if(--r->waiting > 0)
    return;
  p = live_picker(r);
  if(p) {
    struct ui_form *f = &r->e->ui->form;

    p->loading = false;
    if(r->kind != HK_PICK_ROLE)    /* roles keep "trusting Databricks first" */
      ui_picker_sort(p);
    if(r->err.status != HK_OK) {
      snprintf(p->error, sizeof(p->error), "%s %s", r->err.message,
               _("Typing the ID into the field works too."));
      hk_text_clean(p->error, 0);   /* server text: no terminal control, no secret */
    }
    if(p->field >= 0 && p->field < f->n) {
      char cur[UI_FIELD_CAP];

      ui_field_get(&f->it[p->field].edit, cur, sizeof(cur));
      ui_picker_mark(p, cur);
    }
  }
}

static const char *name_or(const char *name)
{
  return name && name[0] ? name : "-";
}

/* A Name tag padded to a column of display cells ("%-22s" pads bytes: a
 * Japanese name such as 本番VPC would shift the columns after it). */
static const char *pad_name(char *buf, size_t n, const char *name, size_t cells)
{
  return hk_text_pad(buf, n, name_or(name), cells);
}

static void on_vpcs(struct aws_vpc *v, size_t n, const struct hk_error *err, void *ud)
{
  struct pick_req *r = ud;
  struct ui_picker *p = live_picker(r);
  size_t i;

  for(i = 0; p && i < n; i++) {
    char label[400], name[300];

    snprintf(label, sizeof(label), "%s %-16s%s", pad_name(name, sizeof(name), v[i].name, 22),
             v[i].cidr, v[i].is_default ? _("  default VPC") : "");
    ui_picker_add(p, v[i].vpc_id, label);
  }
  aws_vpcs_free(v, n);
  landed(r, err);
  free(r);
}

/* Private: the subnet's route table (explicit, else the VPC's main one) has
 * no 0.0.0.0/0 route to an internet gateway. */
static bool subnet_private(const struct pick_req *r, const struct aws_subnet *s)
{
  const struct aws_route_table *rt = NULL;
  size_t i, j;

  for(i = 0; i < r->n_rts && !rt; i++)
    for(j = 0; j < r->rts[i].n_subnet_ids; j++)
      if(strcmp(r->rts[i].subnet_ids[j], s->subnet_id) == 0)
        rt = &r->rts[i];
  for(i = 0; i < r->n_rts && !rt; i++)
    if(r->rts[i].is_main && strcmp(r->rts[i].vpc_id, s->vpc_id) == 0)
      rt = &r->rts[i];
  if(!rt)
    return true;
  for(i = 0; i < rt->n_routes; i++)
    if(strcmp(rt->routes[i].dest_cidr, "0.0.0.0/0") == 0 &&
       strncmp(rt->routes[i].gateway_id, "igw-", 4) == 0)
      return false;
  return true;
}

static void subnets_both_landed(struct pick_req *r)
{
  struct ui_picker *p = live_picker(r);
  size_t i, reach_w = hk_text_width(_("private"));

  if(hk_text_width(_("public")) > reach_w)
    reach_w = hk_text_width(_("public"));
  for(i = 0; p && i < r->n_subnets; i++) {
    const struct aws_subnet *s = &r->subnets[i];
    const char *slash = strchr(s->cidr, '/');
    long prefix = -1;
    int nodes = slash && ui_parse_long(slash + 1, &prefix) ? hk_subnet_capacity((int)prefix) : -1;
    char label[400], name[300], reach[64];

    /* the full name (filters match the whole row), the VPC last (cut first when narrow);
     * columns in display cells */
    snprintf(label, sizeof(label), "%s %-15s %s %-12s %3d %s  %s",
             pad_name(name, sizeof(name), s->name, 18), s->az,
             hk_text_pad(reach, sizeof(reach), subnet_private(r, s) ? _("private") : _("public"),
                         reach_w),
             s->cidr, nodes < 0 ? 0 : nodes, _("nodes"), s->vpc_id);
    ui_picker_add(p, s->subnet_id, label);
  }
  aws_subnets_free(r->subnets, r->n_subnets);
  aws_route_tables_free(r->rts, r->n_rts);
  r->subnets = NULL;
  r->rts = NULL;
}

static void on_subnets(struct aws_subnet *v, size_t n, const struct hk_error *err, void *ud)
{
  struct pick_req *r = ud;
  bool last = r->waiting == 1;

  r->subnets = v;
  r->n_subnets = n;
  if(last)
    subnets_both_landed(r);
  landed(r, err);
  if(last)
    free(r);
}

static void on_route_tables(struct aws_route_table *v, size_t n, const struct hk_error *err,
                            void *ud)
{
  struct pick_req *r = ud;
  bool last = r->waiting == 1;
  size_t i;

  if(r->kind == HK_PICK_ROUTE_TABLE) {
    struct ui_picker *p = live_picker(r);

    for(i = 0; p && i < n; i++) {
      char label[400], name[300], count[64];

      snprintf(count, sizeof(count), _("%zu subnets"), v[i].n_subnet_ids);
      snprintf(label, sizeof(label), "%s %s%s", pad_name(name, sizeof(name), v[i].name, 24), count,
               v[i].is_main ? _("  main") : "");
      ui_picker_add(p, v[i].route_table_id, label);
    }
    aws_route_tables_free(v, n);
  } else {
    r->rts = v;
    r->n_rts = n;
    if(last)
      subnets_both_landed(r);
  }
  landed(r, err);
  if(last)
    free(r);
}

static void on_sgs(struct aws_security_group *v, size_t n, const struct hk_error *err, void *ud)
{
  struct pick_req *r = ud;
  struct ui_picker *p = live_picker(r);
  size_t i;

  for(i = 0; p && i < n; i++) {
    char label[600], name[300], rules[96];

    char desc[300];

    snprintf(rules, sizeof(rules), _("%zu in / %zu out rules"), v[i].n_ingress, v[i].n_egress);
    snprintf(label, sizeof(label), "%s %s  %s %s", pad_name(name, sizeof(name), v[i].group_name, 22),
             rules, hk_text_pad(desc, sizeof(desc), v[i].description, 36), v[i].vpc_id);
    ui_picker_add(p, v[i].group_id, label);
  }
  aws_security_groups_free(v, n);
  landed(r, err);
  free(r);
}

static void on_vpces(struct aws_vpc_endpoint *v, size_t n, const struct hk_error *err, void *ud)
{
  struct pick_req *r = ud;
  struct ui_picker *p = live_picker(r);
  size_t i;

  for(i = 0; p && i < n; i++) {
    char label[600], name[300];

    snprintf(label, sizeof(label), "%s %-10s %-10s %s  %s",
             pad_name(name, sizeof(name), v[i].name, 18), v[i].type, v[i].state,
             v[i].service_name, v[i].vpc_id);
    ui_picker_add(p, v[i].vpce_id, label);
  }
  aws_vpc_endpoints_free(v, n);
  landed(r, err);
  free(r);
}

/* A trust policy naming Databricks' AWS account (the cross-account role and
 * the Unity Catalog role both do). */
static bool trusts_databricks(const struct pick_req *r, const struct aws_role *role)
{
  const char *dbx = hk_assets_databricks_account(r->e->ui->setup.partition);
  return dbx && dbx[0] && role->assume_role_policy && strstr(role->assume_role_policy, dbx);
}

static void on_roles(struct aws_role *v, size_t n, const struct hk_error *err, void *ud)
{
  struct pick_req *r = ud;
  struct ui_picker *p = live_picker(r);
  size_t i;
  int pass;

  /* the roles that already trust Databricks first: they are the likely answer */
  for(pass = 0; pass < 2; pass++)
    for(i = 0; p && i < n; i++) {
      bool trusts = trusts_databricks(r, &v[i]);
      if(trusts != (pass == 0) || strlen(v[i].arn) >= sizeof(p->items[0].value))
        continue;
      ui_picker_add(p, v[i].arn, trusts ? _("trusts Databricks")
                                        : strcmp(v[i].path, "/") != 0 ? v[i].path : "");
    }
  aws_roles_free(v, n);
  landed(r, err);
  free(r);
}

static void on_buckets(char (*names)[AWS_BUCKET_NAME_MAX], size_t n, const struct hk_error *err,
                       void *ud)
{
  struct pick_req *r = ud;
  struct ui_picker *p = live_picker(r);
  size_t i;

  for(i = 0; p && i < n; i++)
    ui_picker_add(p, names[i], "");
  free(names);
  landed(r, err);
  free(r);
}

static void on_metastores(hk_status st, const struct dbx_metastore *items, size_t n,
                          const struct hk_error *err, void *ud)
{
  struct pick_req *r = ud;
  struct ui_picker *p = live_picker(r);
  size_t i;

  (void)st;
  for(i = 0; p && i < n; i++) {
    char label[600], name[300];

    snprintf(label, sizeof(label), "%s %s", pad_name(name, sizeof(name), items[i].name, 22),
             items[i].region);
    ui_picker_add(p, items[i].metastore_id, label);
  }
  landed(r, err);
  free(r);
}

static void pick_regions(struct ui_engine *e)
{
  struct ui_picker *p = &e->ui->picker;
  struct hk_error err;
  char list[4096];
  char *save = NULL, *tok;

  hk_error_clear(&err);
  p->loading = false;
  if(hk_assets_load(&err) != HK_OK) {
    hk_strlcpy(p->error, err.message, sizeof(p->error));
    return;
  }
  hk_assets_regions_list(e->ui->setup.partition, list, sizeof(list));
  for(tok = strtok_r(list, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save))
    ui_picker_add(p, tok, hk_region_name_shown(tok));   /* "Asia Pacific (Tokyo)": filter "tokyo" */
  ui_picker_mark(p, e->ui->setup.region);
}

void ui_engine_pick(struct ui_engine *e, enum hk_picker kind)
{
  struct ui_picker *p = &e->ui->picker;
  struct pick_req *r;
  struct hk_error err;
  struct aws_filter filt;
  const char *vpc = e->ui->setup.network.vpc_id;
  const char *vals[1];
  size_t nf = 0;
  hk_status rc = HK_OK;

  e->pick_gen++;
  if(kind == HK_PICK_REGION) {
    pick_regions(e);
    return;
  }
  hk_error_clear(&err);
  if(ui_engine_runtime(e, &err) != HK_OK) {
    p->loading = false;
    snprintf(p->error, sizeof(p->error), "%s %s", err.message,
             _("Typing the ID into the field works too."));
    return;
  }
  if(kind != HK_PICK_METASTORE && !e->rt.aws) {
    p->loading = false;
    hk_strlcpy(p->error, _("No AWS credentials were found (environment, profile or instance "
                           "role), so the list cannot be read. Typing the ID works too."),
               sizeof(p->error));
    return;
  }
  r = calloc(1, sizeof(*r));
  if(!r) {
    p->loading = false;
    return;
  }
  r->e = e;
  r->gen = e->pick_gen;
  r->kind = kind;
  hk_error_clear(&r->err);
  vals[0] = vpc;
  filt.name = "vpc-id";
  filt.values = vals;
  filt.n_values = 1;
  if(vpc[0] && kind != HK_PICK_VPC)
    nf = 1;
  switch(kind) {
  case HK_PICK_VPC:
    r->waiting = 1;
    rc = aws_ec2_describe_vpcs(e->rt.aws, NULL, 0, NULL, 0, on_vpcs, r);
    break;
  case HK_PICK_SUBNET:
    r->waiting = 2;
    rc = aws_ec2_describe_route_tables(e->rt.aws, NULL, 0, nf ? &filt : NULL, nf,
                                       on_route_tables, r);
    if(rc != HK_OK)
      break;
    e->busy++;
    rc = aws_ec2_describe_subnets(e->rt.aws, NULL, 0, nf ? &filt : NULL, nf, on_subnets, r);
    if(rc != HK_OK) {
      /* only the route tables will land: they finish the request */
      r->waiting = 1;
      hk_error_set(&r->err, HK_NET, "%s", _("The subnets could not be requested."));
      return;
    }
    break;
  case HK_PICK_ROUTE_TABLE:
    r->waiting = 1;
    rc = aws_ec2_describe_route_tables(e->rt.aws, NULL, 0, nf ? &filt : NULL, nf,
                                       on_route_tables, r);
    break;
  case HK_PICK_SG:
    r->waiting = 1;
    rc = aws_ec2_describe_security_groups(e->rt.aws, NULL, 0, nf ? &filt : NULL, nf, on_sgs, r);
    break;
  case HK_PICK_VPCE:
    r->waiting = 1;
    rc = aws_ec2_describe_vpc_endpoints(e->rt.aws, NULL, 0, nf ? &filt : NULL, nf, on_vpces, r);
    break;
  case HK_PICK_ROLE:
    r->waiting = 1;
    rc = aws_iam_list_roles(e->rt.aws, NULL, on_roles, r);
    break;
  case HK_PICK_BUCKET:
    r->waiting = 1;
    rc = aws_s3_list_buckets(e->rt.aws, on_buckets, r);
    break;
  case HK_PICK_METASTORE:
    r->waiting = 1;
    rc = dbx_metastores_list(e->rt.dbx, e->ui->setup.region, on_metastores, r);
    break;
  default:
    p->loading = false;
    hk_strlcpy(p->error, _("There is no list for this field; type the value."), sizeof(p->error));
    free(r);
    return;
  }
  if(rc != HK_OK) {
    p->loading = false;
    snprintf(p->error, sizeof(p->error), "%s", _("The list could not be requested; type the ID."));
    free(r);
    return;
  }
  e->busy++;
}
