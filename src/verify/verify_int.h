/* verify_int.h - shared state of one verification run (internal). */
#ifndef VERIFY_INT_H
#define VERIFY_INT_H

#include "dbx/dbx_client.h"
#include "verify/verify_run.h"

struct hk_verify {
  struct hk_loop *loop;
  struct dbx_client *account;
  struct dbx_client *ws;
  const struct hk_verify_opts *opts;
  const struct hk_frontend *fe;
  struct hk_verify_result *out;
  long started_ms[HK_VERIFY__COUNT];
  int running;                    /* checks in flight */
  bool stopping;                  /* *opts->stop seen: finish, start nothing */
  bool ended[HK_VERIFY__COUNT];   /* hk_verify_end ran (a second call is ignored) */
  char host[256];                 /* workspace host name */
  char catalog[257];              /* UC catalog in use (from the catalog check) */
  char ms_root[1024];             /* the metastore's storage root ("" = none) */
  /* back end */
  char cluster_id[64];
  char spark_version[128];
  char node_type[64];
  int have_versions;
  int have_nodes;
  long poll_ms;
  bool creating;                  /* the cluster create call is in flight */
  /* unity catalog */
  char volume_path[512];
  char payload[128];
};

void hk_verify_begin(struct hk_verify *v, enum hk_verify_check c);
void hk_verify_end(struct hk_verify *v, enum hk_verify_check c, enum hk_verify_outcome o,
                   const char *sentence, const char *fix);
void hk_verify_progress(struct hk_verify *v, enum hk_verify_check c, const char *msg);

void hk_verify_frontend_start(struct hk_verify *v);
void hk_verify_catalog_start(struct hk_verify *v);
void hk_verify_backend_start(struct hk_verify *v);
void hk_verify_uc_start(struct hk_verify *v);
/* Stop the back-end check now: remove its test cluster (if any) and end it. */
void hk_verify_backend_stop(struct hk_verify *v);

#endif
