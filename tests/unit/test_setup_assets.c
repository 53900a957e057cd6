/* test_setup_assets.c - the data tables in assets/: regions, partitions, buckets, lists. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "setup/setup_assets.h"
#include "setup/setup_regions.h"
#include "setup/setup_validate.h"
#include "core/hk_status.h"

static void test_regions(void **state)
{
  const struct hk_region_info *r;
  char list[1024];
  enum hk_partition p;
  (void)state;
  r = hk_assets_region("ap-northeast-1", HK_PART_AWS);
  assert_non_null(r);
  assert_string_equal(r->workspace_service,
                      "com.amazonaws.vpce.ap-northeast-1.vpce-svc-02691fd610d24fd64");
  assert_string_equal(r->relay_service,
                      "com.amazonaws.vpce.ap-northeast-1.vpce-svc-02aa633bda3edbec0");
  /* GovCloud: civilian and DoD differ (current SRA order for DoD) */
  r = hk_assets_region("us-gov-west-1", HK_PART_AWS_US_GOV);
  assert_non_null(r);
  assert_string_equal(r->workspace_service,
                      "com.amazonaws.vpce.us-gov-west-1.vpce-svc-0f25e28401cbc9418");
  r = hk_assets_region("us-gov-west-1", HK_PART_AWS_US_GOV_DOD);
  assert_non_null(r);
  assert_string_equal(r->workspace_service,
                      "com.amazonaws.vpce.us-gov-west-1.vpce-svc-08fddf710780b2a54");
  assert_string_equal(r->relay_service,
                      "com.amazonaws.vpce.us-gov-west-1.vpce-svc-05c210a2feea23ad7");
  assert_null(hk_assets_region("ap-northeast-1", HK_PART_AWS_US_GOV));
  assert_null(hk_assets_region("eu-north-1", HK_PART_AWS));
  assert_null(hk_assets_region(NULL, HK_PART_AWS));
  assert_int_equal(hk_assets_regions_list(HK_PART_AWS, list, sizeof(list)), 16);
  assert_non_null(strstr(list, "ap-southeast-3"));
  assert_null(strstr(list, "us-gov"));
  assert_int_equal(hk_assets_regions_list(HK_PART_AWS_US_GOV_DOD, list, sizeof(list)), 1);
  assert_string_equal(list, "us-gov-west-1");
  assert_true(hk_assets_region_known("sa-east-1", &p));
  assert_int_equal(p, HK_PART_AWS);
  assert_false(hk_assets_region_known("us-gov-east-1", &p));
}

static void test_partitions(void **state)
{
  const struct hk_partition_info *i;
  (void)state;
  assert_string_equal(hk_assets_databricks_account(HK_PART_AWS), "414351767826");
  assert_string_equal(hk_assets_databricks_account(HK_PART_AWS_US_GOV), "044793339203");
  assert_string_equal(hk_assets_databricks_account(HK_PART_AWS_US_GOV_DOD), "170661010020");
  i = hk_assets_partition(HK_PART_AWS_US_GOV_DOD);
  assert_non_null(i);
  assert_string_equal(i->arn, "aws-us-gov");
  assert_string_equal(i->uc_master_role,
                      "arn:aws-us-gov:iam::170661010020:role/unity-catalog-prod-UCMasterRole-1DI6DL6ZP26AS");
  assert_string_equal(i->artifact_owner, "282567162347");
  assert_string_equal(hk_assets_partition(HK_PART_AWS)->log_delivery_role,
                      "arn:aws:iam::414351767826:role/SaasUsageDeliveryRole-prod-IAMRole-3PLHICCRR1TK");
  assert_null(hk_assets_partition((enum hk_partition)7));
}

static void test_buckets_and_lists(void **state)
{
  const struct hk_region_buckets *b;
  const struct hk_strlist *l;
  struct hk_error err;
  (void)state;
  b = hk_assets_buckets("us-west-2", HK_PART_AWS);
  assert_non_null(b);
  assert_int_equal(b->n_artifacts, 2);
  assert_string_equal(b->artifacts[1], "databricks-update-oregon");
  b = hk_assets_buckets("ap-southeast-3", HK_PART_AWS);
  assert_string_equal(b->datasets, "databricks-datasets-oregon");
  assert_string_equal(b->logs, "databricks-prod-storage-jakarta");
  b = hk_assets_buckets("us-gov-west-1", HK_PART_AWS_US_GOV_DOD);
  assert_string_equal(b->logs, "databricks-prod-storage-pendleton-dod");
  assert_null(hk_assets_buckets("eu-north-1", HK_PART_AWS));

  l = hk_assets_list("crossaccount-base", &err);
  assert_non_null(l);
  assert_int_equal(l->n, 37);
  assert_string_equal(l->items[0], "ec2:AssignPrivateIpAddresses");
  assert_int_equal(hk_assets_list("crossaccount-customer", &err)->n, 13);
  assert_int_equal(hk_assets_list("glue", &err)->n, 22);
  assert_int_equal(hk_assets_list("uc-file-events-setup", &err)->n, 19);
  assert_ptr_equal(hk_assets_list("glue", &err), hk_assets_list("glue", &err));   /* cached */
  assert_null(hk_assets_list("../partitions", &err));
  assert_null(hk_assets_list("no-such-list", &err));
  assert_non_null(strstr(err.message, "could not be read"));
}

static void test_missing_dir(void **state)
{
  struct hk_error err;
  char path[256];
  (void)state;
  setenv("HEIIKI_ASSETS", "/nonexistent/heiiki-assets", 1);
  hk_assets_reset();
  assert_string_equal(hk_assets_dir(), "/nonexistent/heiiki-assets");
  assert_int_equal(hk_assets_load(&err), HK_IO);
  assert_non_null(strstr(err.message, "HEIIKI_ASSETS"));
  assert_null(hk_assets_region("ap-northeast-1", HK_PART_AWS));
  hk_error_clear(&err);
  assert_int_equal(hk_validate_region("ap-northeast-1", &err), HK_IO);
  assert_non_null(strstr(err.message, "could not be read"));
  unsetenv("HEIIKI_ASSETS");
  hk_assets_reset();
  assert_int_equal(hk_assets_path("partitions.tsv", path, sizeof(path), &err), HK_OK);
  assert_non_null(hk_assets_region("ap-northeast-1", HK_PART_AWS));
}

/* A damaged table in a copy of assets/ is refused with its file and line. */
static void write_file(const char *dir, const char *rel, const char *text)
{
  char path[512];
  FILE *f;
  snprintf(path, sizeof(path), "%s/%s", dir, rel);
  f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void test_damaged_tables(void **state)
{
  char dir[] = "/tmp/heiiki-assets-XXXXXX";
  char sub[600];
  struct hk_error err;
  (void)state;
  assert_non_null(mkdtemp(dir));
  snprintf(sub, sizeof(sub), "%s/regions", dir);
  assert_int_equal(mkdir(sub, 0700), 0);
  write_file(dir, "regions/privatelink-services.tsv",
             "# version\t1\nregion\tworkspace_service\trelay_service\tnotes\n"
             "ap-northeast-1\tcom.amazonaws.vpce.ap-northeast-1.vpce-svc-0\n");
  setenv("HEIIKI_ASSETS", dir, 1);
  hk_assets_reset();
  hk_error_clear(&err);
  assert_int_equal(hk_assets_load(&err), HK_PARSE);
  assert_non_null(strstr(err.message, "regions/privatelink-services.tsv line 3: 3 columns expected, 2 found"));
  write_file(dir, "regions/privatelink-services.tsv",
             "region\tworkspace_service\trelay_service\tnotes\n"
             "ap-northeast-1\tsvc-a\tsvc-b\t\n");
  write_file(dir, "partitions.tsv",
             "partition\tarn\tacct\tuc\tlog\tart\tami\tconsole\n"
             "aws-mars\taws\t1\tr\tl\ta\tm\tc\n");
  hk_assets_reset();
  assert_int_equal(hk_assets_load(&err), HK_PARSE);
  assert_non_null(strstr(err.message, "partitions.tsv line 2: \"aws-mars\" is not a partition"));
  unlink(strcat(strcpy(sub, dir), "/partitions.tsv"));
  unlink(strcat(strcpy(sub, dir), "/regions/privatelink-services.tsv"));
  rmdir(strcat(strcpy(sub, dir), "/regions"));
  rmdir(dir);
  unsetenv("HEIIKI_ASSETS");
  hk_assets_reset();
  assert_non_null(hk_assets_region("ap-northeast-1", HK_PART_AWS));
}

/* Regions by city: the list shows the name, a typed city gets its code. */
static void test_region_names(void **state)
{
  struct hk_error err;

  (void)state;
  assert_string_equal(hk_region_name("ap-northeast-1"), "Asia Pacific (Tokyo)");
  assert_string_equal(hk_region_name("xx-nowhere-9"), "");
  assert_string_equal(hk_region_by_name("tokyo"), "ap-northeast-1");
  assert_string_equal(hk_region_by_name("Frankfurt"), "eu-central-1");
  assert_null(hk_region_by_name("Asia"));          /* several: no guess */
  assert_null(hk_region_by_name("kyo"));           /* not a word start */
  hk_error_clear(&err);
  assert_int_equal(hk_validate_region("tokyo", &err), HK_INVALID);
  assert_non_null(strstr(err.message, "Asia Pacific (Tokyo) is ap-northeast-1"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_regions),
    cmocka_unit_test(test_region_names),
    cmocka_unit_test(test_partitions),
    cmocka_unit_test(test_buckets_and_lists),
    cmocka_unit_test(test_missing_dir),
    cmocka_unit_test(test_damaged_tables),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
