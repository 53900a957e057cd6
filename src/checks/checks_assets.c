/* checks_assets.c - the check tables of assets/: ports.tsv and rules/ *.tsv.
 *
 * Loaded once, through the shared TSV reader of setup_assets.h / hk_tsv.h.  The region -> endpoint service table and the Databricks
 * AWS account per partition are read through setup_assets.h directly. */
#include "checks/checks_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "setup/setup_assets.h"

static struct hk_check_tables tables;
static bool tables_ok;

static bool parse_yes(const char *v)
{
  return strcmp(v, "yes") == 0;
}

static hk_status port_row(void *ctx, char **c, int n, int lineno, struct hk_error *err)
{
  struct hk_check_tables *t = ctx;
  static const struct { const char *key; enum hk_port_when when; } whens[] = {
    { "always", HK_PW_ALWAYS }, { "not-gov", HK_PW_NOT_GOV }, { "uc", HK_PW_UC },
    { "csp", HK_PW_CSP }, { "legacy-hms", HK_PW_LEGACY_HMS }, { "lakebase", HK_PW_LAKEBASE },
    { "custom-dns", HK_PW_CUSTOM_DNS },
  };
  struct hk_port_row *p;
  char *end;
  size_t i;
  long from, to;
  bool when_ok = false;

  if(n < 7)
    return hk_error_set(err, HK_PARSE, _("ports.tsv line %d: 7 columns expected, %d found."), lineno, n);
  if(t->n_ports >= HK_CHECK_MAX_PORTS)
    return hk_error_set(err, HK_PARSE, _("ports.tsv line %d: more than %d rows."), lineno,
                        HK_CHECK_MAX_PORTS);
  p = &t->ports[t->n_ports];
  memset(p, 0, sizeof(*p));
  from = strtol(c[0], &end, 10);
  to = from;
  if(*end == '-')
    to = strtol(end + 1, &end, 10);
  if(*end != '\0' || from < 0 || to > 65535 || from > to)
    return hk_error_set(err, HK_PARSE, _("ports.tsv line %d: \"%s\" is not a port or port range."),
                        lineno, c[0]);
  p->from = (int)from;
  p->to = (int)to;
  p->tcp = strstr(c[1], "tcp") != NULL;
  p->udp = strstr(c[1], "udp") != NULL;
  if(!p->tcp && !p->udp)
    return hk_error_set(err, HK_PARSE, _("ports.tsv line %d: protocol \"%s\" is not tcp, udp or tcp+udp."),
                        lineno, c[1]);
  for(i = 0; i < sizeof(whens) / sizeof(whens[0]); i++)
    if(strcmp(c[2], whens[i].key) == 0) {
      p->when = whens[i].when;
      when_ok = true;
    }
  if(!when_ok)
    return hk_error_set(err, HK_PARSE, _("ports.tsv line %d: needed_when \"%s\" is not known."), lineno, c[2]);
  p->ws_egress = parse_yes(c[3]);
  p->ep_ingress = parse_yes(c[4]);
  p->nacl = strcmp(c[5], "any") == 0 ? HK_NACL_ANY : strcmp(c[5], "nat") == 0 ? HK_NACL_NAT : HK_NACL_NO;
  hk_strlcpy(p->purpose, c[6], sizeof(p->purpose));
  t->n_ports++;
  return HK_OK;
}

static hk_status service_row(void *ctx, char **c, int n, int lineno, struct hk_error *err)
{
  struct hk_check_tables *t = ctx;
  struct hk_aws_service_row *r;

  if(n < 3)
    return hk_error_set(err, HK_PARSE, _("aws-services.tsv line %d: 3 columns expected."), lineno);
  if(t->n_services >= HK_CHECK_MAX_SERVICES)
    return HK_OK;
  r = &t->services[t->n_services++];
  hk_strlcpy(r->kind, c[0], sizeof(r->kind));
  hk_strlcpy(r->type, c[1], sizeof(r->type));
  hk_strlcpy(r->service, c[2], sizeof(r->service));
  return HK_OK;
}

static hk_status reserved_row(void *ctx, char **c, int n, int lineno, struct hk_error *err)
{
  struct hk_check_tables *t = ctx;
  (void)n;
  if(t->n_reserved >= HK_CHECK_MAX_RESERVED)
    return HK_OK;
  if(!hk_cidr_parse(c[0], &t->reserved[t->n_reserved]))
    return hk_error_set(err, HK_PARSE, _("reserved-ranges.tsv line %d: \"%s\" is not a CIDR."), lineno, c[0]);
  hk_strlcpy(t->reserved_text[t->n_reserved], c[0], sizeof(t->reserved_text[0]));
  t->n_reserved++;
  return HK_OK;
}

static hk_status limit_row(void *ctx, char **c, int n, int lineno, struct hk_error *err)
{
  struct hk_check_tables *t = ctx;
  char *end;

  if(n < 2)
    return hk_error_set(err, HK_PARSE, _("limits.tsv line %d: 2 columns expected."), lineno);
  if(t->n_limits >= HK_CHECK_MAX_LIMITS)
    return HK_OK;
  hk_strlcpy(t->limits[t->n_limits].name, c[0], sizeof(t->limits[0].name));
  t->limits[t->n_limits].value = strtol(c[1], &end, 10);
  if(*end != '\0')
    return hk_error_set(err, HK_PARSE, _("limits.tsv line %d: \"%s\" is not a number."), lineno, c[1]);
  t->n_limits++;
  return HK_OK;
}

static hk_status rule_field_row(void *ctx, char **c, int n, int lineno, struct hk_error *err)
{
  struct hk_check_tables *t = ctx;

  if(n < 2)
    return hk_error_set(err, HK_PARSE, _("rule-fields.tsv line %d: 2 columns expected."), lineno);
  if(t->n_rule_fields >= HK_CHECK_MAX_RULE_FIELDS)
    return hk_error_set(err, HK_PARSE, _("rule-fields.tsv line %d: more than %d rows."), lineno,
                        HK_CHECK_MAX_RULE_FIELDS);
  hk_strlcpy(t->rule_fields[t->n_rule_fields].rule, c[0], sizeof(t->rule_fields[0].rule));
  hk_strlcpy(t->rule_fields[t->n_rule_fields].field, c[1], sizeof(t->rule_fields[0].field));
  t->n_rule_fields++;
  return HK_OK;
}

static hk_status rule_needs_row(void *ctx, char **c, int n, int lineno, struct hk_error *err)
{
  struct hk_check_tables *t = ctx;
  char list[256], *save = NULL, *tok;
  unsigned mask = 0;

  if(n < 2)
    return hk_error_set(err, HK_PARSE, _("rule-needs.tsv line %d: 2 columns expected."), lineno);
  if(t->n_rule_needs >= HK_CHECK_MAX_RULE_FIELDS)
    return hk_error_set(err, HK_PARSE, _("rule-needs.tsv line %d: more than %d rows."), lineno,
                        HK_CHECK_MAX_RULE_FIELDS);
  hk_strlcpy(list, c[1], sizeof(list));
  for(tok = strtok_r(list, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
    int st;

    for(st = 0; st < HK_STEP__COUNT && strcmp(hk_step_key((enum hk_step)st), tok) != 0; st++)
      ;
    if(st == HK_STEP__COUNT)
      return hk_error_set(err, HK_PARSE, _("rule-needs.tsv line %d: \"%s\" is not a step key "
                                           "(account, network, credential, ...)."), lineno, tok);
    mask |= 1u << st;
  }
  hk_strlcpy(t->rule_needs[t->n_rule_needs].rule, c[0], sizeof(t->rule_needs[0].rule));
  t->rule_needs[t->n_rule_needs].steps = mask;
  t->n_rule_needs++;
  return HK_OK;
}

hk_status hk_check_tables_parse_ports(struct hk_check_tables *t, const char *text,
                                      struct hk_error *err)
{
  t->n_ports = 0;
  return hk_tsv_parse(text, "ports.tsv", "ports", t->ports_version, sizeof(t->ports_version),
                      port_row, t, err);
}

const struct hk_check_tables *hk_check_tables(struct hk_error *err)
{
  struct hk_check_tables t;
  hk_status st;

  if(tables_ok)
    return &tables;
  memset(&t, 0, sizeof(t));
  st = hk_assets_load_tsv("ports.tsv", "ports", t.ports_version, sizeof(t.ports_version), port_row,
                          &t, err);
  if(st == HK_OK)
    st = hk_assets_load_tsv("rules/aws-services.tsv", "kind", NULL, 0, service_row, &t, err);
  if(st == HK_OK)
    st = hk_assets_load_tsv("rules/reserved-ranges.tsv", "cidr", NULL, 0, reserved_row, &t, err);
  if(st == HK_OK)
    st = hk_assets_load_tsv("rules/limits.tsv", "name", NULL, 0, limit_row, &t, err);
  if(st == HK_OK)
    st = hk_assets_load_tsv("rules/rule-fields.tsv", "rule", NULL, 0, rule_field_row, &t, err);
  if(st == HK_OK)
    st = hk_assets_load_tsv("rules/rule-needs.tsv", "rule", NULL, 0, rule_needs_row, &t, err);
  if(st != HK_OK)
    return NULL;
  tables = t;
  tables_ok = true;
  return &tables;
}

long hk_check_limit(const char *name, long dflt)
{
  const struct hk_check_tables *t = hk_check_tables(NULL);
  size_t i;

  if(!t)
    return dflt;
  for(i = 0; i < t->n_limits; i++)
    if(strcmp(t->limits[i].name, name) == 0)
      return t->limits[i].value;
  return dflt;
}

const char *hk_rule_field(const char *rule_id)
{
  const struct hk_check_tables *t = hk_check_tables(NULL);
  size_t i;

  for(i = 0; t && rule_id && i < t->n_rule_fields; i++)
    if(strcmp(t->rule_fields[i].rule, rule_id) == 0)
      return t->rule_fields[i].field;
  return "";
}

const char *hk_finding_field(const struct hk_finding *fd)
{
  return fd->field[0] ? fd->field : hk_rule_field(fd->id);
}

unsigned hk_rule_needs(const char *rule_id)
{
  const struct hk_check_tables *t = hk_check_tables(NULL);
  size_t i;

  for(i = 0; t && rule_id && i < t->n_rule_needs; i++)
    if(strcmp(t->rule_needs[i].rule, rule_id) == 0)
      return t->rule_needs[i].steps;
  return 0;
}

bool hk_port_required(const struct hk_port_row *p, const struct hk_setup *s)
{
  switch(p->when) {
  case HK_PW_ALWAYS:
  case HK_PW_UC:
    return true;
  case HK_PW_CSP:
    /* [TFP] docs/guides/aws-private-link-workspace.md: "For workspace with compliance security
     * profile, you need additionally allow ... port 2443" - only then. */
    return s->workspace.compliance_security_profile;
  case HK_PW_NOT_GOV:
    return !hk_setup_gov(s);
  case HK_PW_LEGACY_HMS:
  case HK_PW_LAKEBASE:
  case HK_PW_CUSTOM_DNS:
    break;
  }
  return false;
}

void hk_port_text(const struct hk_port_row *p, char *out, size_t n)
{
  if(p->from == p->to)
    snprintf(out, n, "%d", p->from);
  else
    snprintf(out, n, "%d-%d", p->from, p->to);
}

bool hk_aws_service_name(const struct hk_check_tables *t, const char *kind, const char *region,
                         char *out, size_t n, char *type, size_t ntype)
{
  size_t i;

  for(i = 0; i < t->n_services; i++) {
    const char *tpl = t->services[i].service;
    const char *mark = strstr(tpl, "{region}");

    if(strcmp(t->services[i].kind, kind) != 0)
      continue;
    if(mark)
      snprintf(out, n, "%.*s%s%s", (int)(mark - tpl), tpl, region, mark + 8);
    else
      hk_strlcpy(out, tpl, n);
    if(type)
      hk_strlcpy(type, t->services[i].type, ntype);
    return true;
  }
  if(n)
    out[0] = '\0';
  return false;
}

bool hk_check_ep_service(const struct hk_setup *s, enum hk_ep_kind k, char *out, size_t n)
{
  const struct hk_region_info *ri;

  if(n)
    out[0] = '\0';
  if(k == HK_EP_WORKSPACE || k == HK_EP_BACKEND_REST || k == HK_EP_RELAY) {
    ri = hk_assets_region(s->region, s->partition);
    if(!ri)
      return false;
    hk_strlcpy(out, k == HK_EP_RELAY ? ri->relay_service : ri->workspace_service, n);
    return out[0] != '\0';
  }
  return hk_check_tables(NULL) && hk_aws_service_name(hk_check_tables(NULL), hk_ep_key(k), s->region, out, n,
                                                      NULL, 0);
}
