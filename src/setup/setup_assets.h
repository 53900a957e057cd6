/* setup_assets.h - the data tables heiiki reads from assets/ (versioned TSV and lists).
 *
 * Where: $HEIIKI_ASSETS, else the assets/ directory of the source tree the
 * running binary was built in (found by walking up from /proc/self/exe),
 * else ./assets, else HK_DATADIR.  Tables are loaded once, on first use. */
#ifndef SETUP_ASSETS_H
#define SETUP_ASSETS_H

#include <stdbool.h>
#include <stddef.h>
#include "core/hk_status.h"
#include "core/hk_tsv.h"
#include "setup/setup_model.h"

/* assets/regions/privatelink-services.tsv: one row per region and shard. */
struct hk_region_info {
  char region[32];
  enum hk_partition partition;   /* aws; us-gov-west-1 twice: aws-us-gov and aws-us-gov-dod */
  char workspace_service[128];   /* com.amazonaws.vpce.<region>.vpce-svc-... (REST / front end) */
  char relay_service[128];       /* SCC relay */
  char notes[1024];
};

/* assets/partitions.tsv */
struct hk_partition_info {
  enum hk_partition partition;
  char key[16];                  /* aws, aws-us-gov, aws-us-gov-dod */
  char arn[16];                  /* ARN partition: aws or aws-us-gov */
  char databricks_account[16];   /* Databricks AWS account for trust / bucket principals */
  char uc_master_role[160];
  char log_delivery_role[160];
  char artifact_owner[16];       /* owner of artifact and sample-data buckets */
  char ami_owner[16];
  char account_console[80];
};

/* assets/regions/databricks-buckets.tsv */
#define HK_MAX_ARTIFACT_BUCKETS 4
struct hk_region_buckets {
  char region[32];
  enum hk_partition partition;
  char artifacts[HK_MAX_ARTIFACT_BUCKETS][64];
  int n_artifacts;
  char system_tables[96];
  char logs[64];
  char datasets[64];
};

/* A list file: assets/policies/<name>.txt, one item a line, '#' comments. */
struct hk_strlist {
  size_t n;
  const char *const *items;
};

/* The assets directory in use ("" when none was found). */
const char *hk_assets_dir(void);
/* out = <assets dir>/<rel>; HK_CONFIG with a sentence when no directory is found. */
hk_status hk_assets_path(const char *rel, char *out, size_t n, struct hk_error *err);
/* Read <assets dir>/<rel> whole (at most 1 MiB); *out is malloc'd. */
hk_status hk_assets_read(const char *rel, char **out, struct hk_error *err);
/* Read and walk one TSV table of assets/ (see hk_tsv.h). */
hk_status hk_assets_load_tsv(const char *rel, const char *header0, char *version, size_t nversion,
                             hk_tsv_row_fn fn, void *ctx, struct hk_error *err);
/* Load (once) the region, partition and bucket tables. */
hk_status hk_assets_load(struct hk_error *err);
/* Forget cached tables and the directory (tests that change HEIIKI_ASSETS). */
void hk_assets_reset(void);

/* Region row for a partition (DoD and civilian differ in us-gov-west-1); NULL if unsupported. */
const struct hk_region_info *hk_assets_region(const char *region, enum hk_partition p);
/* Whether Databricks supports the region in any partition; *p gets the first match. */
bool hk_assets_region_known(const char *region, enum hk_partition *p);
/* "ap-northeast-1, ap-northeast-2, ..." for a partition; returns the count. */
size_t hk_assets_regions_list(enum hk_partition p, char *out, size_t n);
const struct hk_partition_info *hk_assets_partition(enum hk_partition p);
/* The Databricks AWS account ID for a partition ("" when the table is missing). */
const char *hk_assets_databricks_account(enum hk_partition p);
const struct hk_region_buckets *hk_assets_buckets(const char *region, enum hk_partition p);
/* A cached list from assets/policies/<name>.txt; NULL with a sentence in err. */
const struct hk_strlist *hk_assets_list(const char *name, struct hk_error *err);

#endif
