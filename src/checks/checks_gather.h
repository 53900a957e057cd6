/* checks_gather.h - the live pre-flight: read AWS and Databricks concurrently,
 * land each read into the facts, run each rule as soon as its reads are in.
 *
 * Every read the selected rules need is issued at once on the loop (the
 * answers name every ID, so nothing waits for another read): one
 * DescribeSubnets / DescribeRouteTables / DescribeSecurityGroups /
 * DescribeNetworkAcls / DescribeVpcEndpoints for the whole VPC, both
 * DescribeVpcAttribute calls together, the IAM, S3 and Databricks lists
 * alongside.  With opts.serial (or HEIIKI_SERIAL=1 in the environment) the
 * same requests go one at a time, for comparison. */
#ifndef CHECKS_GATHER_H
#define CHECKS_GATHER_H

#include <stdbool.h>
#include "checks/checks_sched.h"
#include "net/net_loop.h"

struct aws_client;
struct dbx_client;
struct dbx_network;

struct hk_gather_opts {
  struct aws_client *aws;      /* NULL: AWS reads fail with aws_error (rules say "could not check") */
  struct dbx_client *dbx;      /* NULL: likewise for Databricks */
  const char *aws_error;       /* why there is no AWS client (sentence), may be NULL */
  const char *dbx_error;
  bool serial;                 /* one request at a time */
  unsigned unanswered;         /* steps not answered yet (1u << enum hk_step): their
                                  rules say where they are checked (hk_sched_defer) */
  const char *const *own_ids;  /* IDs this setup already made (hk_journal_own_ids) */
  size_t n_own_ids;
  hk_finding_fn on_finding;    /* each finding as it lands (may be NULL) */
  void *ud;
};

struct hk_gather_stats {
  long requests;               /* HTTP attempts sent (loop counter) */
  long retries;                /* of which retries */
  long max_in_flight;
  long wall_ms;
  int reads;                   /* reads issued */
  int calls;                   /* API calls issued (a read may be several) */
};

struct hk_gather;

/* Start reading for the rules of `step` (or HK_STEP_ALL) that run before
 * create.  The setup is copied (later edits do not reach this run).  facts
 * must be initialised; it is filled as reads land and must
 * outlive the gather.  The caller drives the loop (hk_loop_poll or
 * hk_loop_run_until_idle) until hk_gather_finished(). */
hk_status hk_gather_start(struct hk_gather **out, struct hk_loop *loop, const struct hk_setup *s,
                          int step, const struct hk_gather_opts *opts, struct hk_facts *facts,
                          struct hk_error *err);
bool hk_gather_finished(const struct hk_gather *g);
const struct hk_sched *hk_gather_sched(const struct hk_gather *g);
void hk_gather_stats(const struct hk_gather *g, struct hk_gather_stats *out);
/* Free; only when finished (the loop may still hold callbacks otherwise). */
void hk_gather_free(struct hk_gather *g);

/* Start, run the loop until every rule ran, and fill stats and sched (copy). */
hk_status hk_preflight_run(struct hk_loop *loop, const struct hk_setup *s, int step,
                           const struct hk_gather_opts *opts, struct hk_facts *facts,
                           struct hk_sched *sched_out, struct hk_gather_stats *stats,
                           struct hk_error *err);

/* Mirror a Databricks network (dbx_networks.h) into the rules' struct, e.g.
 * facts.created_network before evaluating N9 after create. */
void hk_gather_network_ref(const struct dbx_network *src, struct hk_dbx_network_ref *n);

#endif
