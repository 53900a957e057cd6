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
  char cluster_name[257];         /* the test cluster's name, once its create is sent */
  int cl_pending;                 /* cluster removals/look-ups in flight (verify_cluster.c) */
  bool cl_ok;
  void (*cl_then)(struct hk_verify *v);
  void (*cl_found)(struct hk_verify *v, const char *cluster_id);
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
/* The test cluster's record (verify_cluster.c). */
void hk_verify_cluster_note(struct hk_verify *v, const char *name, const char *cluster_id);
/* Remove the test cluster an earlier run left (opts->leftover_cluster_*), then then(v). */
void hk_verify_cluster_cleanup(struct hk_verify *v, void (*then)(struct hk_verify *v));
/* After a create whose reply was lost: look the cluster up by v->cluster_name; found(v, id)
 * with "" when there is none (extra copies are removed). */
void hk_verify_cluster_find(struct hk_verify *v,
                            void (*found)(struct hk_verify *v, const char *cluster_id));
/* Stop the back-end check now: remove its test cluster (if any) and end it. */
void hk_verify_backend_stop(struct hk_verify *v);

#endif
