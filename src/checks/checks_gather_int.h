/* checks_gather_int.h - the gatherer's state, shared by checks_gather*.c only. */
#ifndef CHECKS_GATHER_INT_H
#define CHECKS_GATHER_INT_H

#include "checks/checks_gather.h"

struct call_def;

#define HK_GATHER_MAX_CALLS 32

struct hk_gather {
  struct hk_loop *loop;
  struct hk_setup setup;              /* a copy: the UI may edit its own while reads are out */
  const struct hk_setup *s;           /* = &setup */
  struct hk_gather_opts o;
  struct hk_facts *f;
  struct hk_sched sc;
  const struct call_def *queue[HK_GATHER_MAX_CALLS];
  int n_queue;
  int next;                           /* next call to issue */
  int in_flight;                      /* issued, not back */
  int outstanding[HK_READ__COUNT];    /* calls still out per read */
  char fail[HK_READ__COUNT][512];     /* first failure sentence per read */
  int pl_lists_ok;                    /* PAS and VPCE lists answered */
  int reads, calls;
  long t0, t_end, req0, retries0;
  struct hk_gather_svc {              /* DescribeVpcEndpointServices, one call per name */
    struct hk_gather *g;
    char name[128];
  } svc[8];
  int n_svc, svc_out;
  const char **sim_actions;           /* SimulatePrincipalPolicy action list */
  size_t n_sim_actions;
};

/* Record why a read failed (first sentence wins). */
void hk_gather_fail(struct hk_gather *g, hk_reads reads, const char *label, const struct hk_error *e);
/* A call is back: land the reads whose calls are all back, run ready rules. */
void hk_gather_call_done(struct hk_gather *g, hk_reads reads);

/* checks_gather_aws.c: IAM and S3 reads. */
bool hk_gather_want_role(const struct hk_setup *s);
bool hk_gather_want_bucket(const struct hk_setup *s);
hk_status hk_gather_issue_role(struct hk_gather *g);
hk_status hk_gather_issue_role_sim(struct hk_gather *g);
hk_status hk_gather_issue_bucket_head(struct hk_gather *g);
hk_status hk_gather_issue_bucket_policy(struct hk_gather *g);
hk_status hk_gather_issue_bucket_pab(struct hk_gather *g);
hk_status hk_gather_issue_bucket_versioning(struct hk_gather *g);

#endif
