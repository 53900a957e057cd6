/* test_checks_util.c - subnet capacity, CIDR math, NACL evaluation order and
 * the port table parser (good and bad rows). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "checks/checks_rules.h"
#include "checks/checks_util.h"
#include "setup/setup_fields.h"
#include "core/hk_buf.h"
#include "setup/setup_assets.h"

static void test_subnet_capacity(void **state)
{
  char out[128];

  (void)state;
  assert_int_equal(hk_subnet_capacity(24), 125);
  assert_int_equal(hk_subnet_capacity(26), 29);
  assert_int_equal(hk_subnet_capacity(17), 16381);
  assert_int_equal(hk_subnet_capacity(28), 5);
  assert_int_equal(hk_subnet_capacity(30), 0);
  assert_int_equal(hk_subnet_capacity(32), 0);
  assert_int_equal(hk_subnet_capacity(0), 2147483645);
  assert_int_equal(hk_subnet_capacity(33), -1);
  assert_int_equal(hk_subnet_capacity(-1), -1);
  hk_subnet_capacity_format("10.0.1.0/24", out, sizeof(out));
  assert_string_equal(out, "10.0.1.0/24 \xe2\x80\x94 125 nodes ((2^8 \xe2\x88\x92 5) / 2)");
  hk_subnet_capacity_format("10.0.1.0/99", out, sizeof(out));
  assert_string_equal(out, "");
  hk_subnet_capacity_format("10.0.0.0/17", out, 12);   /* truncates, stays terminated */
  assert_int_equal(strlen(out), 11);
}

static void test_cidr(void **state)
{
  struct hk_cidr a, b;

  (void)state;
  assert_true(hk_cidr_parse("10.0.1.77/24", &a));
  assert_int_equal(a.addr, 0x0a000100u);
  assert_int_equal(hk_cidr_last(&a), 0x0a0001ffu);
  assert_true(hk_cidr_parse("10.0.0.0/16", &b));
  assert_true(hk_cidr_contains(&b, &a));
  assert_false(hk_cidr_contains(&a, &b));
  assert_true(hk_cidr_overlaps(&a, &b));
  assert_true(hk_cidr_parse("0.0.0.0/0", &b));
  assert_int_equal(hk_cidr_last(&b), 0xffffffffu);
  assert_false(hk_cidr_parse("10.0.0.256/24", &a));
  assert_false(hk_cidr_parse("10.0.0.0/33", &a));
  assert_false(hk_cidr_parse("10.0.0.0/24x", &a));
  assert_false(hk_cidr_parse("::/0", &a));
  assert_false(hk_cidr_parse("", &a));
  assert_false(hk_cidr_parse(NULL, &a));
}

static void entry(struct aws_nacl *n, struct aws_nacl_entry *e, int num, bool egress, const char *proto,
                  bool allow, const char *cidr, int from, int to)
{
  memset(e, 0, sizeof(*e));
  e->rule_number = num;
  e->egress = egress;
  hk_strlcpy(e->protocol, proto, sizeof(e->protocol));
  e->allow = allow;
  hk_strlcpy(e->cidr, cidr, sizeof(e->cidr));
  e->from_port = from;
  e->to_port = to;
  n->n_entries++;
}

static void test_nacl_rule_order(void **state)
{
  struct aws_nacl n;
  struct aws_nacl_entry e[6];
  struct hk_nacl_verdict v;
  struct hk_cidr any, vpc;

  (void)state;
  memset(&n, 0, sizeof(n));
  n.entries = e;
  hk_cidr_parse("0.0.0.0/0", &any);
  hk_cidr_parse("10.0.0.0/16", &vpc);
  /* listed out of order on purpose: evaluation follows rule numbers */
  entry(&n, &e[0], 32767, false, "-1", false, "0.0.0.0/0", -1, -1);
  entry(&n, &e[1], 200, false, "-1", true, "0.0.0.0/0", -1, -1);
  entry(&n, &e[2], 100, false, "6", false, "10.0.5.0/24", 22, 22);
  hk_nacl_eval(&n, false, 6, 443, &any, &v);
  assert_true(v.allowed);
  hk_nacl_eval(&n, false, 6, 22, &any, &v);        /* part of 0.0.0.0/0 denied first */
  assert_false(v.allowed);
  assert_int_equal(v.rule_number, 100);
  hk_nacl_eval(&n, false, 17, 22, &any, &v);       /* the deny is TCP only */
  assert_true(v.allowed);
  /* an allow covering half the space, then the default deny */
  e[1].rule_number = 50;
  hk_strlcpy(e[1].cidr, "0.0.0.0/1", sizeof(e[1].cidr));
  hk_nacl_eval(&n, false, 6, 443, &any, &v);
  assert_false(v.allowed);
  assert_int_equal(v.rule_number, 32767);
  entry(&n, &e[3], 60, false, "-1", true, "128.0.0.0/1", -1, -1);
  hk_nacl_eval(&n, false, 6, 443, &any, &v);
  assert_true(v.allowed);
  /* egress entries do not count for ingress; nothing at all = denied */
  n.n_entries = 0;
  entry(&n, &e[0], 100, true, "-1", true, "0.0.0.0/0", -1, -1);
  hk_nacl_eval(&n, false, 6, 443, &vpc, &v);
  assert_false(v.allowed);
  hk_nacl_eval(&n, true, 17, 53, &vpc, &v);
  assert_true(v.allowed);
}

static void test_port_table_parser(void **state)
{
  struct hk_check_tables t;
  struct hk_error err;
  const struct hk_check_tables *real;

  (void)state;
  memset(&t, 0, sizeof(t));
  hk_error_clear(&err);
  assert_int_equal(hk_check_tables_parse_ports(&t,
                     "# version\t9\nports\tproto\tneeded_when\tws_egress\tep_ingress\tnacl_egress\tpurpose\n"
                     "443\ttcp\talways\tyes\tyes\tany\tweb\n8445-8451\ttcp\talways\tyes\tno\tnat\treserved\n",
                     &err), HK_OK);
  assert_int_equal(t.n_ports, 2);
  assert_string_equal(t.ports_version, "9");
  assert_int_equal(t.ports[1].from, 8445);
  assert_int_equal(t.ports[1].to, 8451);
  assert_false(t.ports[1].ep_ingress);
  assert_int_equal(t.ports[1].nacl, HK_NACL_NAT);
  assert_int_equal(hk_check_tables_parse_ports(&t, "ports\tproto\tneeded_when\tws_egress\tep_ingress\tnacl_egress\tpurpose\n"
                                                   "70000\ttcp\talways\tyes\tyes\tany\tx\n", &err), HK_PARSE);
  assert_non_null(strstr(err.message, "line 2"));
  assert_non_null(strstr(err.message, "\"70000\" is not a port"));
  assert_int_equal(hk_check_tables_parse_ports(&t, "ports\tproto\tneeded_when\tws_egress\tep_ingress\tnacl_egress\tpurpose\n"
                                                   "443\ttcp\tsometimes\tyes\tyes\tany\tx\n", &err), HK_PARSE);
  assert_non_null(strstr(err.message, "\"sometimes\""));
  assert_int_equal(hk_check_tables_parse_ports(&t, "443\ttcp\n", &err), HK_PARSE);
  assert_non_null(strstr(err.message, "header"));
  assert_int_equal(hk_check_tables_parse_ports(&t, "ports\tproto\tneeded_when\tws_egress\tep_ingress\tnacl_egress\tpurpose\n"
                                                   "443\ttcp\talways\n", &err), HK_PARSE);
  /* the shipped table: 6666 is commercial only, 8445-8451 a range, 3306 and 5432 optional */
  real = hk_check_tables(&err);
  assert_non_null(real);
  assert_true(real->n_ports >= 8);
  assert_true(real->ports_version[0] != '\0');
  assert_true(real->n_reserved == 3);
  assert_int_equal(hk_check_limit("storage_configurations", -1), 50);
  assert_int_equal(hk_check_limit("no_such_limit", -7), -7);
}

static void test_aws_service_names(void **state)
{
  const struct hk_check_tables *t = hk_check_tables(NULL);
  char name[128], type[16];

  (void)state;
  assert_non_null(t);
  assert_true(hk_aws_service_name(t, "sts", "ap-northeast-1", name, sizeof(name), type, sizeof(type)));
  assert_string_equal(name, "com.amazonaws.ap-northeast-1.sts");
  assert_string_equal(type, "Interface");
  assert_true(hk_aws_service_name(t, "s3", "eu-west-1", name, sizeof(name), type, sizeof(type)));
  assert_string_equal(name, "com.amazonaws.eu-west-1.s3");
  assert_string_equal(type, "Gateway");
  assert_false(hk_aws_service_name(t, "relay", "eu-west-1", name, sizeof(name), NULL, 0));
  assert_string_equal(name, "");
}

/* Every row of rule-fields.tsv names a rule and an answer of that rule's step. */
static void test_rule_fields_table(void **state)
{
  const struct hk_check_tables *t;
  struct hk_error err;
  size_t i;
  (void)state;
  hk_error_clear(&err);
  t = hk_check_tables(&err);
  assert_non_null(t);
  assert_true(t->n_rule_fields >= 20);
  for(i = 0; i < t->n_rule_fields; i++) {
    const struct hk_rule *r = hk_rule_find(t->rule_fields[i].rule);
    const struct hk_field_def *d = hk_field_find(t->rule_fields[i].field);
    if(!r || !d || d->step != r->step)
      fail_msg("rule-fields.tsv: %s -> %s does not name a rule and a field of its step",
               t->rule_fields[i].rule, t->rule_fields[i].field);
  }
  assert_string_equal(hk_rule_field("N2"), "network.subnet_ids");
  assert_string_equal(hk_rule_field("E9"), "endpoints.workspace.create_in_subnets");
  assert_string_equal(hk_rule_field("N5"), "");     /* about the step as a whole */
  assert_string_equal(hk_rule_field("nope"), "");
}

/* Issue 16 item 3: every pre-flight rule names its source (doc page, SDK or
 * provider file) in assets/rules/rule-sources.tsv, and every row is a rule. */
struct sources { bool seen[64]; size_t rows; };

static hk_status source_row(void *ctx, char **c, int n, int lineno, struct hk_error *err)
{
  struct sources *src = ctx;
  const struct hk_rule *r = n >= 2 ? hk_rule_find(c[0]) : NULL;

  (void)err;
  if(!r)
    fail_msg("rule-sources.tsv line %d: \"%s\" is not a rule", lineno, n ? c[0] : "");
  if(strlen(c[1]) < 12 || (!strchr(c[1], '/') && !strstr(c[1], "#")))
    fail_msg("rule-sources.tsv line %d: %s names no file, page or issue", lineno, c[0]);
  src->seen[r - hk_rules] = true;
  src->rows++;
  return HK_OK;
}

static void test_every_rule_names_its_source(void **state)
{
  struct sources src;
  struct hk_error err;
  size_t i;

  (void)state;
  memset(&src, 0, sizeof(src));
  hk_error_clear(&err);
  assert_true(hk_n_rules <= 64);
  assert_int_equal(hk_assets_load_tsv("rules/rule-sources.tsv", "rule", NULL, 0, source_row, &src, &err),
                   HK_OK);
  for(i = 0; i < hk_n_rules; i++)
    if(!src.seen[i])
      fail_msg("rule %s has no source in assets/rules/rule-sources.tsv", hk_rules[i].id);
  assert_int_equal(src.rows, hk_n_rules);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_rule_fields_table),
    cmocka_unit_test(test_every_rule_names_its_source),
    cmocka_unit_test(test_subnet_capacity),
    cmocka_unit_test(test_cidr),
    cmocka_unit_test(test_nacl_rule_order),
    cmocka_unit_test(test_port_table_parser),
    cmocka_unit_test(test_aws_service_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
