/* verify_run.h - post-deploy verification: is the workspace really usable
 * from a closed network?  Each check is a step with its own result.
 *
 *   front end        HTTPS to the workspace through the front-end endpoint,
 *                    recognising the private-link validation page; then the
 *                    current-user API with OAuth
 *   default catalog  move the workspace default away from hive_metastore
 *                    when a Unity Catalog catalog exists
 *   back end         start the smallest cluster, wait for RUNNING, remove it;
 *                    a failure is classified (back-end path / credential role)
 *   unity catalog    upload a small file to a volume, read it back, delete it
 *
 * The front end runs first; the others need it and run concurrently. */
#ifndef VERIFY_RUN_H
#define VERIFY_RUN_H

#include <signal.h>
#include <stdbool.h>
#include "core/hk_status.h"
#include "plan/plan_events.h"

struct hk_loop;
struct dbx_client;
struct dbx_cluster;

/* X(ENUM, key, title) */
#define HK_VERIFY_TABLE(X)                                          \
  X(FRONTEND, "frontend", "Front end (PrivateLink to the workspace)") \
  X(CATALOG, "catalog", "Default catalog")                          \
  X(BACKEND, "backend", "Back end (a cluster starts)")              \
  X(UC, "uc", "Unity Catalog (file round trip)")

enum hk_verify_check {
#define HK_X_VC(e, key, title) HK_VERIFY_##e,
  HK_VERIFY_TABLE(HK_X_VC)
#undef HK_X_VC
  HK_VERIFY__COUNT
};

enum hk_verify_outcome { HK_VO_NOT_RUN, HK_VO_PASS, HK_VO_FAIL, HK_VO_SKIPPED };

struct hk_verify_opts {
  const char *workspace_url;      /* https://dbc-....cloud.databricks.com */
  const char *frontend_addr;      /* connect here instead of DNS (endpoint IP), or NULL */
  int frontend_port;              /* 0 = 443 */
  unsigned skip;                  /* bit (1u << check) = skip that check */
  long cluster_timeout_ms;        /* 0 = 20 min */
  long poll_min_ms;               /* 0 = 2000 */
  long poll_max_ms;               /* 0 = 15000 */
  const char *setup_name;         /* names the test cluster and file */
  volatile sig_atomic_t *stop;    /* set (Ctrl-C, q): remove the test cluster, stop; may be NULL */
  struct dbx_client *ws;          /* the workspace client to use (the apply's: its token is
                                     reused; the caller frees it), or NULL: make one */
  /* The test cluster's record (the journal; hk_verify_journal_cluster sets these):
   * cluster_note(ud, name, "") runs before the create is sent, (ud, name, id) once
   * its ID is known, and (ud, NULL, NULL) once it is removed.  NULL: not recorded. */
  void (*cluster_note)(void *ud, const char *name, const char *cluster_id);
  void *cluster_ud;
  /* A test cluster an earlier run recorded and may have left (killed, hung up):
   * removed (by ID, and by name) before a new one starts.  "": none. */
  char leftover_cluster_name[257];
  char leftover_cluster_id[64];
};

struct hk_verify_result {
  enum hk_verify_outcome outcome[HK_VERIFY__COUNT];
  char sentence[HK_VERIFY__COUNT][768];
  char fix[HK_VERIFY__COUNT][512];
  long elapsed_ms[HK_VERIFY__COUNT];
};

const char *hk_verify_key(enum hk_verify_check c);
const char *hk_verify_title(enum hk_verify_check c);
/* "frontend,uc" -> skip mask; HK_INVALID with a sentence on an unknown name. */
hk_status hk_verify_parse_list(const char *list, unsigned *mask, struct hk_error *err);

/* Run the checks to completion on the loop (drives it); progress through fe.
 * Returns HK_OK when every check that ran passed; HK_CANCELLED when *opts->stop
 * was set: the test cluster is removed and the checks not finished are NOT_RUN. */
hk_status hk_verify_run(struct hk_loop *loop, struct dbx_client *account,
                        const struct hk_verify_opts *opts, const struct hk_frontend *fe,
                        struct hk_verify_result *out, struct hk_error *err);

/* Pure classifiers (unit-tested). */
/* The unauthenticated probe of the workspace root: reached through the
 * private path; the private-link validation page (public path); or a server
 * error that tells neither (a 5xx without the validation page). */
enum hk_fe_probe { HK_FE_PROBE_OK, HK_FE_PROBE_PUBLIC, HK_FE_PROBE_SERVER };
enum hk_fe_probe hk_verify_frontend_probe(long http_status, const char *location, const char *body);
/* 1 when hk_verify_frontend_probe says HK_FE_PROBE_OK. */
int hk_verify_frontend_probe_ok(long http_status, const char *location, const char *body);
/* A cluster that ended in ERROR/TERMINATED: sentence + fix; returns 1 when the
 * cause is the back-end network path, 2 the credential role, 0 other. */
int hk_verify_classify_cluster(const struct dbx_cluster *cl, char *sentence, size_t sn,
                               char *fix, size_t fn);

#endif
