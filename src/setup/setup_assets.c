/* setup_assets.c - find assets/ and load its tables (TSV, lists), once. */
#include "setup/setup_assets.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"

#ifndef HK_DATADIR
#define HK_DATADIR "/usr/local/share/heiiki"
#endif

#define ASSET_FILE_MAX (1024 * 1024)
#define MAX_REGIONS 64
#define MAX_LISTS 32

static char assets_dir[4096];
static bool assets_dir_done;

static struct hk_region_info regions[MAX_REGIONS];
static size_t n_regions;
static struct hk_partition_info partitions[3];
static bool partitions_ok[3];
static struct hk_region_buckets buckets[MAX_REGIONS];
static size_t n_buckets;
static bool tables_loaded;

struct cached_list {
  char name[64];
  char *text;            /* owns the strings */
  const char **items;
  struct hk_strlist list;
};
static struct cached_list lists[MAX_LISTS];
static size_t n_lists;

static bool is_assets_dir(const char *dir)
{
  char p[4200];
  struct stat st;
  int w = snprintf(p, sizeof(p), "%s/partitions.tsv", dir);
  if(w < 0 || (size_t)w >= sizeof(p))
    return false;
  return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static void find_dir(void)
{
  const char *env = getenv("HEIIKI_ASSETS");
  char exe[4096];
  ssize_t len;
  int up;

  assets_dir_done = true;
  assets_dir[0] = '\0';
  if(env && env[0]) {
    hk_strlcpy(assets_dir, env, sizeof(assets_dir));
    return;
  }
  len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  if(len > 0) {
    exe[len] = '\0';
    for(up = 0; up < 4; up++) {
      char *slash = strrchr(exe, '/');
      char cand[4200];
      int w;
      if(!slash)
        break;
      *slash = '\0';
      w = snprintf(cand, sizeof(cand), "%s/assets", exe);
      if(w > 0 && (size_t)w < sizeof(cand) && is_assets_dir(cand)) {
        hk_strlcpy(assets_dir, cand, sizeof(assets_dir));
        return;
      }
    }
  }
  if(is_assets_dir("assets")) {
    hk_strlcpy(assets_dir, "assets", sizeof(assets_dir));
    return;
  }
  if(is_assets_dir(HK_DATADIR))
    hk_strlcpy(assets_dir, HK_DATADIR, sizeof(assets_dir));
}

const char *hk_assets_dir(void)
{
  if(!assets_dir_done)
    find_dir();
  return assets_dir;
}

hk_status hk_assets_path(const char *rel, char *out, size_t n, struct hk_error *err)
{
  const char *dir = hk_assets_dir();
  if(!dir[0])
    return hk_error_set(err, HK_CONFIG,
                        _("heiiki's data directory (assets/) was not found; set HEIIKI_ASSETS "
                          "to it, or reinstall heiiki so that %s exists."), HK_DATADIR);
  if((size_t)snprintf(out, n, "%s/%s", dir, rel) >= n)
    return hk_error_set(err, HK_CONFIG, _("The data directory path %s is too long."), dir);
  return HK_OK;
}

hk_status hk_assets_read(const char *rel, char **out, struct hk_error *err)
{
  char path[4200];
  FILE *f = NULL;
  struct hk_buf b;
  char chunk[4096];
  size_t got;
  hk_status rc;

  *out = NULL;
  hk_buf_init(&b);
  b.max = ASSET_FILE_MAX;
  rc = hk_assets_path(rel, path, sizeof(path), err);
  if(rc != HK_OK)
    goto out;
  f = fopen(path, "r");
  if(!f) {
    rc = hk_error_set(err, HK_IO, _("The data file %s could not be read (%s); reinstall heiiki "
                                    "or point HEIIKI_ASSETS at its assets directory."),
                      path, strerror(errno));
    goto out;
  }
  while((got = fread(chunk, 1, sizeof(chunk), f)) > 0) {
    rc = hk_buf_append(&b, chunk, got);
    if(rc != HK_OK) {
      hk_error_set(err, rc, _("The data file %s is larger than 1 MiB."), path);
      goto out;
    }
  }
  *out = hk_buf_steal(&b);
  rc = *out ? HK_OK : HK_NOMEM;
out:
  if(f)
    fclose(f);
  hk_buf_free(&b);
  return rc;
}

hk_status hk_assets_load_tsv(const char *rel, const char *header0, char *version, size_t nversion,
                             hk_tsv_row_fn fn, void *ctx, struct hk_error *err)
{
  char *text = NULL;
  hk_status rc = hk_assets_read(rel, &text, err);

  if(rc == HK_OK)
    rc = hk_tsv_parse(text, rel, header0, version, nversion, fn, ctx, err);
  free(text);
  return rc;
}

static bool parse_partition(const char *key, enum hk_partition *p)
{
  if(strcmp(key, "aws") == 0)
    *p = HK_PART_AWS;
  else if(strcmp(key, "aws-us-gov") == 0)
    *p = HK_PART_AWS_US_GOV;
  else if(strcmp(key, "aws-us-gov-dod") == 0)
    *p = HK_PART_AWS_US_GOV_DOD;
  else
    return false;
  return true;
}

static hk_status region_row(void *ctx, char **c, int n, int lineno, struct hk_error *err)
{
  struct hk_region_info *r;
  (void)ctx;
  if(n < 3)
    return hk_error_set(err, HK_PARSE, _("%s line %d: 3 columns expected, %d found."),
                        "regions/privatelink-services.tsv", lineno, n);
  if(n_regions >= MAX_REGIONS)
    return hk_error_set(err, HK_PARSE, _("%s line %d: more than %d rows."),
                        "regions/privatelink-services.tsv", lineno, MAX_REGIONS);
  r = &regions[n_regions++];
  memset(r, 0, sizeof(*r));
  hk_strlcpy(r->region, c[0], sizeof(r->region));
  hk_strlcpy(r->workspace_service, c[1], sizeof(r->workspace_service));
  hk_strlcpy(r->relay_service, c[2], sizeof(r->relay_service));
  if(n > 3)
    hk_strlcpy(r->notes, c[3], sizeof(r->notes));
  r->partition = hk_partition_of_region(r->region);
  if(r->partition == HK_PART_AWS_US_GOV && strncmp(r->notes, "shard=dod", 9) == 0)
    r->partition = HK_PART_AWS_US_GOV_DOD;
  return HK_OK;
}

static hk_status partition_row(void *ctx, char **c, int n, int lineno, struct hk_error *err)
{
  enum hk_partition p;
  struct hk_partition_info *i;
  (void)ctx;
  if(n < 8)
    return hk_error_set(err, HK_PARSE, _("%s line %d: 8 columns expected, %d found."),
                        "partitions.tsv", lineno, n);
  if(!parse_partition(c[0], &p))
    return hk_error_set(err, HK_PARSE, _("%s line %d: \"%s\" is not a partition heiiki knows "
                                         "(aws, aws-us-gov, aws-us-gov-dod)."),
                        "partitions.tsv", lineno, c[0]);
  i = &partitions[p];
  memset(i, 0, sizeof(*i));
  i->partition = p;
  hk_strlcpy(i->key, c[0], sizeof(i->key));
  hk_strlcpy(i->arn, c[1], sizeof(i->arn));
  hk_strlcpy(i->databricks_account, c[2], sizeof(i->databricks_account));
  hk_strlcpy(i->uc_master_role, c[3], sizeof(i->uc_master_role));
  hk_strlcpy(i->log_delivery_role, c[4], sizeof(i->log_delivery_role));
  hk_strlcpy(i->artifact_owner, c[5], sizeof(i->artifact_owner));
  hk_strlcpy(i->ami_owner, c[6], sizeof(i->ami_owner));
  hk_strlcpy(i->account_console, c[7], sizeof(i->account_console));
  partitions_ok[p] = true;
  return HK_OK;
}

static hk_status bucket_row(void *ctx, char **c, int n, int lineno, struct hk_error *err)
{
  static const char table[] = "regions/databricks-buckets.tsv";
  struct hk_region_buckets *b;
  enum hk_partition p;
  char *item, *save = NULL;
  (void)ctx;
  if(n < 6)
    return hk_error_set(err, HK_PARSE, _("%s line %d: 6 columns expected, %d found."), table,
                        lineno, n);
  if(n_buckets >= MAX_REGIONS)
    return hk_error_set(err, HK_PARSE, _("%s line %d: more than %d rows."), table, lineno,
                        MAX_REGIONS);
  if(!parse_partition(c[1], &p))
    return hk_error_set(err, HK_PARSE, _("%s line %d: \"%s\" is not a partition heiiki knows "
                                         "(aws, aws-us-gov, aws-us-gov-dod)."), table, lineno, c[1]);
  b = &buckets[n_buckets++];
  memset(b, 0, sizeof(*b));
  hk_strlcpy(b->region, c[0], sizeof(b->region));
  b->partition = p;
  for(item = strtok_r(c[2], ",", &save); item && b->n_artifacts < HK_MAX_ARTIFACT_BUCKETS;
      item = strtok_r(NULL, ",", &save))
    hk_strlcpy(b->artifacts[b->n_artifacts++], item, sizeof(b->artifacts[0]));
  hk_strlcpy(b->system_tables, c[3], sizeof(b->system_tables));
  hk_strlcpy(b->logs, c[4], sizeof(b->logs));
  hk_strlcpy(b->datasets, c[5], sizeof(b->datasets));
  return HK_OK;
}

hk_status hk_assets_load(struct hk_error *err)
{
  hk_status rc;
  if(tables_loaded)
    return HK_OK;
  n_regions = 0;
  n_buckets = 0;
  memset(partitions_ok, 0, sizeof(partitions_ok));
  rc = hk_assets_load_tsv("regions/privatelink-services.tsv", "region", NULL, 0, region_row, NULL,
                          err);
  if(rc == HK_OK)
    rc = hk_assets_load_tsv("partitions.tsv", "partition", NULL, 0, partition_row, NULL, err);
  if(rc == HK_OK)
    rc = hk_assets_load_tsv("regions/databricks-buckets.tsv", "region", NULL, 0, bucket_row, NULL,
                            err);
  if(rc == HK_OK && (n_regions == 0 || !partitions_ok[HK_PART_AWS]))
    rc = hk_error_set(err, HK_CONFIG, _("heiiki's data files in %s are incomplete (no regions or "
                                        "partitions); reinstall heiiki."), hk_assets_dir());
  if(rc == HK_OK)
    tables_loaded = true;
  return rc;
}

void hk_assets_reset(void)
{
  size_t i;
  for(i = 0; i < n_lists; i++) {
    free(lists[i].text);
    free(lists[i].items);
  }
  memset(lists, 0, sizeof(lists));
  n_lists = 0;
  tables_loaded = false;
  assets_dir_done = false;
  n_regions = 0;
  n_buckets = 0;
}

const struct hk_region_info *hk_assets_region(const char *region, enum hk_partition p)
{
  size_t i;
  if(!region || hk_assets_load(NULL) != HK_OK)
    return NULL;
  for(i = 0; i < n_regions; i++)
    if(regions[i].partition == p && strcmp(regions[i].region, region) == 0)
      return &regions[i];
  return NULL;
}

bool hk_assets_region_known(const char *region, enum hk_partition *p)
{
  size_t i;
  if(!region || hk_assets_load(NULL) != HK_OK)
    return false;
  for(i = 0; i < n_regions; i++)
    if(strcmp(regions[i].region, region) == 0) {
      if(p)
        *p = regions[i].partition;
      return true;
    }
  return false;
}

size_t hk_assets_regions_list(enum hk_partition p, char *out, size_t n)
{
  size_t i, count = 0, used = 0;
  if(out && n)
    out[0] = '\0';
  if(hk_assets_load(NULL) != HK_OK)
    return 0;
  for(i = 0; i < n_regions; i++) {
    if(regions[i].partition != p)
      continue;
    if(out && used < n) {
      int w = snprintf(out + used, n - used, "%s%s", count ? ", " : "", regions[i].region);
      if(w > 0)
        used += (size_t)w;
    }
    count++;
  }
  return count;
}

const struct hk_partition_info *hk_assets_partition(enum hk_partition p)
{
  if((unsigned)p > HK_PART_AWS_US_GOV_DOD || hk_assets_load(NULL) != HK_OK || !partitions_ok[p])
    return NULL;
  return &partitions[p];
}

const char *hk_assets_databricks_account(enum hk_partition p)
{
  const struct hk_partition_info *i = hk_assets_partition(p);
  return i ? i->databricks_account : "";
}

const struct hk_region_buckets *hk_assets_buckets(const char *region, enum hk_partition p)
{
  size_t i;
  if(!region || hk_assets_load(NULL) != HK_OK)
    return NULL;
  for(i = 0; i < n_buckets; i++)
    if(buckets[i].partition == p && strcmp(buckets[i].region, region) == 0)
      return &buckets[i];
  return NULL;
}

static bool list_name_ok(const char *name)
{
  const char *p;
  if(!name || !name[0] || strlen(name) >= sizeof(lists[0].name))
    return false;
  for(p = name; *p; p++)
    if(!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
      return false;
  return true;
}

const struct hk_strlist *hk_assets_list(const char *name, struct hk_error *err)
{
  struct cached_list *c;
  char rel[128];
  char *line, *save = NULL;
  size_t i, cap = 16, n = 0;

  if(!list_name_ok(name)) {
    hk_error_set(err, HK_INVALID, _("There is no data list named \"%s\"."), name ? name : "");
    return NULL;
  }
  for(i = 0; i < n_lists; i++)
    if(strcmp(lists[i].name, name) == 0)
      return &lists[i].list;
  if(n_lists >= MAX_LISTS) {
    hk_error_set(err, HK_TOO_BIG, _("Too many data lists are loaded."));
    return NULL;
  }
  c = &lists[n_lists];
  memset(c, 0, sizeof(*c));
  snprintf(rel, sizeof(rel), "policies/%s.txt", name);
  if(hk_assets_read(rel, &c->text, err) != HK_OK)
    return NULL;
  c->items = malloc(cap * sizeof(*c->items));
  if(!c->items)
    goto nomem;
  for(line = strtok_r(c->text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    size_t l = strlen(line);
    while(l && (line[l - 1] == '\r' || line[l - 1] == ' '))
      line[--l] = '\0';
    if(!l || line[0] == '#')
      continue;
    if(n == cap) {
      const char **grown = realloc(c->items, 2 * cap * sizeof(*c->items));
      if(!grown)
        goto nomem;
      c->items = grown;
      cap *= 2;
    }
    c->items[n++] = line;
  }
  hk_strlcpy(c->name, name, sizeof(c->name));
  c->list.n = n;
  c->list.items = c->items;
  n_lists++;
  return &c->list;
nomem:
  free(c->text);
  free(c->items);
  memset(c, 0, sizeof(*c));
  hk_error_set(err, HK_NOMEM, "%s", _("Out of memory."));
  return NULL;
}
