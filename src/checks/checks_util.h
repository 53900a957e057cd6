/* checks_util.h - helpers shared by the rule files: findings, CIDRs, SG and
 * NACL evaluation, and the check tables of assets/ (ports, AWS endpoint
 * services, reserved ranges, limits). */
#ifndef CHECKS_UTIL_H
#define CHECKS_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include "aws/aws_types.h"
#include "checks/checks_rules.h"
#include "core/hk_status.h"

/* --- findings --- */
/* Set the sentence; returns v so a check can `return hk_say(out, HK_VERDICT_FAIL, ...)`. */
enum hk_verdict hk_say(struct hk_finding *out, enum hk_verdict v, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Append one line to the fix. */
void hk_fix(struct hk_finding *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append text to the message (for lists: "a, b, c"). */
void hk_say_more(struct hk_finding *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* --- CIDRs (IPv4) --- */
struct hk_cidr {
  uint32_t addr;     /* network address, host order, masked */
  int prefix;
};
bool hk_cidr_parse(const char *text, struct hk_cidr *out);
uint32_t hk_cidr_first(const struct hk_cidr *c);
uint32_t hk_cidr_last(const struct hk_cidr *c);
/* outer contains inner entirely */
bool hk_cidr_contains(const struct hk_cidr *outer, const struct hk_cidr *inner);
bool hk_cidr_overlaps(const struct hk_cidr *a, const struct hk_cidr *b);

/* --- ports (assets/ports.tsv) --- */
enum hk_port_when {
  HK_PW_ALWAYS, HK_PW_NOT_GOV, HK_PW_UC, HK_PW_CSP,  /* required */
  HK_PW_LEGACY_HMS, HK_PW_LAKEBASE, HK_PW_CUSTOM_DNS /* optional */
};
enum hk_nacl_need { HK_NACL_NO, HK_NACL_ANY, HK_NACL_NAT };

struct hk_port_row {
  int from, to;
  bool tcp, udp;
  enum hk_port_when when;
  bool ws_egress;
  bool ep_ingress;
  enum hk_nacl_need nacl;
  char purpose[128];
};

struct hk_aws_service_row {
  char kind[16];           /* setup endpoint key: s3, sts, kinesis, glue */
  char type[16];           /* Interface | Gateway */
  char service[96];        /* template with {region} */
};

#define HK_CHECK_MAX_PORTS 32
#define HK_CHECK_MAX_SERVICES 16
#define HK_CHECK_MAX_RESERVED 16
#define HK_CHECK_MAX_LIMITS 16
#define HK_CHECK_MAX_RULE_FIELDS 96

struct hk_check_tables {
  struct hk_port_row ports[HK_CHECK_MAX_PORTS];
  size_t n_ports;
  char ports_version[32];
  struct hk_aws_service_row services[HK_CHECK_MAX_SERVICES];
  size_t n_services;
  struct hk_cidr reserved[HK_CHECK_MAX_RESERVED];
  char reserved_text[HK_CHECK_MAX_RESERVED][24];
  size_t n_reserved;
  struct { char name[48]; long value; } limits[HK_CHECK_MAX_LIMITS];
  size_t n_limits;
  struct { char rule[8]; char field[64]; } rule_fields[HK_CHECK_MAX_RULE_FIELDS];
  size_t n_rule_fields;
  struct { char rule[8]; unsigned steps; } rule_needs[HK_CHECK_MAX_RULE_FIELDS];
  size_t n_rule_needs;
};

/* Load (once) assets/ports.tsv and assets/rules/ *.tsv; NULL with a sentence in err. */
const struct hk_check_tables *hk_check_tables(struct hk_error *err);
/* Parse tables from text (tests); HK_PARSE with the line number in err. */
hk_status hk_check_tables_parse_ports(struct hk_check_tables *t, const char *text,
                                      struct hk_error *err);
/* A limit by name (assets/rules/limits.tsv); dflt when absent. */
long hk_check_limit(const char *name, long dflt);
struct hk_finding;
/* The answer a rule is about ("network.subnet_ids"; assets/rules/rule-fields.tsv),
 * or "" when the rule is about the step as a whole. */
const char *hk_rule_field(const char *rule_id);
/* The answer a finding is about: its own field, else its rule's (above). */
const char *hk_finding_field(const struct hk_finding *fd);
/* The other steps whose answers a rule reads, as a mask of 1u << enum hk_step
 * (assets/rules/rule-needs.tsv); 0 when only its own. */
unsigned hk_rule_needs(const char *rule_id);
/* Port required for this setup (optional ports never are). */
bool hk_port_required(const struct hk_port_row *p, const struct hk_setup *s);
/* "8445-8451" or "443" */
void hk_port_text(const struct hk_port_row *p, char *out, size_t n);
/* AWS service name of an endpoint kind in the setup's region, "" when not in the table. */
bool hk_aws_service_name(const struct hk_check_tables *t, const char *kind, const char *region,
                         char *out, size_t n, char *type, size_t ntype);

/* Service name of an endpoint kind in the setup's region (Databricks services from
 * assets/regions/privatelink-services.tsv, AWS ones from assets/rules/aws-services.tsv). */
bool hk_check_ep_service(const struct hk_setup *s, enum hk_ep_kind k, char *out, size_t n);

/* --- security groups --- */
/* The rule covers protocol proto ("tcp"/"udp") port range [from, to]. */
bool hk_sg_rule_covers(const struct aws_sg_rule *r, const char *proto, int from, int to);

/* Who a rule must let in (ingress) or out to (egress): a group reference to
 * one of groups (or any group but not_groups when any_group), or a CIDR
 * containing every range of cidrs. */
struct hk_sg_peer {
  const char (*groups)[64];
  int n_groups;
  bool any_group;
  const char (*not_groups)[64];
  int n_not_groups;
  const struct hk_cidr *cidrs;
  int n_cidrs;
  const char *prefix_list;   /* a rule naming this prefix list (pl-...) matches too */
};
/* Some rule of some SG in sgs lets proto/port through to/from peer. */
bool hk_sg_open(const struct aws_security_group *const *sgs, size_t n, bool egress, const char *proto,
                int port, const struct hk_sg_peer *peer);
/* Collect the SGs of ids found in facts (at most max); returns the count. */
size_t hk_sg_collect(const struct hk_facts *f, const char (*ids)[64], int n_ids,
                     const struct aws_security_group **out, size_t max);

/* --- network ACLs: evaluate entries in rule order for one flow --- */
struct hk_nacl_verdict {
  bool allowed;            /* every address of the peer range is allowed */
  int rule_number;         /* the entry that denies (32767 = the default '*' rule), or -1 */
};
/* Flow: direction, IP protocol number (6 tcp, 17 udp), port, peer range. */
void hk_nacl_eval(const struct aws_nacl *n, bool egress, int proto, int port,
                  const struct hk_cidr *peer, struct hk_nacl_verdict *out);

/* --- setup helpers --- */
bool hk_name_len_ok(const char *name);
/* The Databricks AWS account for the setup's partition ("" when unknown). */
const char *hk_databricks_account(const struct hk_setup *s);

#endif
