/* checks_rules.h - the pre-flight rule table (rows in checks_rules.def).
 *
 * A rule names its id (A1...GL1), the console step it belongs to, its
 * severity, the reads it needs, a pure check function, a title and a generic
 * fix.  The scheduler runs a rule as soon as all its reads have landed; the
 * wizard's per-step checks and the final full pre-flight use the same table;
 * post-create rules (when = AFTER_CREATE) are evaluated by plan / verify with
 * the same function signature. */
#ifndef CHECKS_RULES_H
#define CHECKS_RULES_H

#include <stdbool.h>
#include "checks/checks_facts.h"
#include "setup/setup_model.h"

/* X(ENUM, name) */
#define HK_VERDICT_TABLE(X)                                               \
  X(PASS, "pass")                                                         \
  X(FAIL, "fail")                                                         \
  X(WARN, "warn")                                                         \
  X(SKIP, "skip")          /* not applicable to this setup */             \
  X(UNKNOWN, "unknown")    /* a read it needs failed */

enum hk_verdict {
#define HK_X_V(e, name) HK_VERDICT_##e,
  HK_VERDICT_TABLE(HK_X_V)
#undef HK_X_V
  HK_VERDICT__COUNT
};

/* BLOCK_CLOSED: a warning, but blocking when the network is closed (back-end PrivateLink). */
enum hk_severity { HK_SEV_BLOCK, HK_SEV_WARN, HK_SEV_BLOCK_CLOSED };
enum hk_when { HK_BEFORE_CREATE, HK_AFTER_CREATE };

struct hk_rule;

struct hk_finding {
  const struct hk_rule *rule;
  char id[8];
  enum hk_step step;
  enum hk_severity severity;  /* effective: BLOCK or WARN */
  enum hk_verdict verdict;
  char message[1024];         /* what is wrong (or what was checked, on PASS) */
  char fix[4096];             /* copy-paste commands or a sentence; lines separated by '\n' */
  char field[64];             /* the answer it is about when the check knows ("endpoints.relay.
                                 create_in_subnets"); "" = the rule's row in rule-fields.tsv */
  bool later;                 /* SKIP: checked at a later step (hk_sched_defer) */
};

typedef enum hk_verdict (*hk_check_fn)(const struct hk_setup *s, const struct hk_facts *f,
                                       struct hk_finding *out);

struct hk_rule {
  const char *id;             /* "N3" */
  enum hk_step step;
  enum hk_severity severity;
  enum hk_when when;
  hk_reads reads;
  hk_check_fn check;
  const char *title;          /* what the rule checks (N_()) */
  const char *fix;            /* generic fix when the check gives none (N_()) */
};

extern const struct hk_rule hk_rules[];
extern const size_t hk_n_rules;

const struct hk_rule *hk_rule_find(const char *id);
const char *hk_verdict_name(enum hk_verdict v);
/* The severity that applies to this setup (BLOCK_CLOSED resolved). */
enum hk_severity hk_rule_severity(const struct hk_rule *r, const struct hk_setup *s);
/* Every read of the rule has landed (ok or failed). */
bool hk_rule_ready(const struct hk_rule *r, const struct hk_facts *f);
/* Run one rule: UNKNOWN with "Could not check: ..." when a read failed,
 * else the check; fills every field of out. */
enum hk_verdict hk_rule_eval(const struct hk_rule *r, const struct hk_setup *s,
                             const struct hk_facts *f, struct hk_finding *out);
/* A blocking problem: FAIL with effective severity BLOCK. */
bool hk_finding_blocks(const struct hk_finding *fd);
/* A blocking rule that could not be checked (UNKNOWN: a read failed).  It
 * stops a fresh apply too, but as "could not check, run again", never as a
 * problem to fix (exit status UNCHECKED, not PREFLIGHT). */
bool hk_finding_unchecked(const struct hk_finding *fd);

/* Network mode create / fix (checks_netmode.c): the rule checks what heiiki builds
 * itself, so it SKIPs with a sentence (true); and after the check, a DNS finding
 * that heiiki will fix becomes a warning that keeps its command. */
bool hk_rule_netmode_skip(const struct hk_rule *r, const struct hk_setup *s,
                          struct hk_finding *out);
void hk_rule_netmode_after(const struct hk_rule *r, const struct hk_setup *s,
                           struct hk_finding *out);

/* Closed network: the back-end PrivateLink relay endpoint is part of the setup. */
bool hk_setup_closed(const struct hk_setup *s);
bool hk_setup_gov(const struct hk_setup *s);

/* The check functions, one per rule (checks_<area>.c). */
#define HK_X_RULE(id, step, sev, when, reads, title, fix)                \
  enum hk_verdict hk_check_##id(const struct hk_setup *s, const struct hk_facts *f, \
                                struct hk_finding *out);
#include "checks/checks_rules.def"
#undef HK_X_RULE

#endif
