/* test_policy_golden.c - every generated policy against its golden file
 * (tests/golden/policy/, written from aws-policies.md by make_golden.py),
 * compared byte for byte after canonical pretty printing; bad inputs; writing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hk_buf.h"
#include "policy/policy.h"
#include "setup/setup_answers.h"
#include "setup/setup_assets.h"
#include "setup/setup_fields.h"

#define UUID "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"
#define ACCT "123456789012"
#define VPC "vpc-0f3b6c2d9a1e47b85"
#define SG "sg-0b8e4f6d2c0a35d72"

static char *read_golden(const char *name)
{
  char path[4300];
  FILE *f;
  long len;
  char *buf;
  snprintf(path, sizeof(path), "%s/../tests/golden/policy/%s.json", hk_assets_dir(), name);
  f = fopen(path, "r");
  if(!f)
    fail_msg("cannot open %s: %s", path, strerror(errno));
  fseek(f, 0, SEEK_END);
  len = ftell(f);
  fseek(f, 0, SEEK_SET);
  buf = calloc(1, (size_t)len + 1);
  assert_non_null(buf);
  assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
  fclose(f);
  return buf;
}

static void check(const char *name, char *generated, const struct hk_error *err)
{
  char *golden, *a, *b;
  size_t i;
  if(!generated)
    fail_msg("%s: not generated: %s", name, err->message);
  golden = read_golden(name);
  a = hk_policy_canonical(generated);
  b = hk_policy_canonical(golden);
  assert_non_null(a);
  assert_non_null(b);
  if(strcmp(a, b) != 0) {
    for(i = 0; a[i] && a[i] == b[i]; i++)
      ;
    fail_msg("%s differs at byte %zu:\n--- generated ---\n%.200s\n--- golden ---\n%.200s", name,
             i, a + (i > 80 ? i - 80 : 0), b + (i > 80 ? i - 80 : 0));
  }
  /* the generator's own text is already canonical */
  assert_string_equal(generated, a);
  free(a);
  free(b);
  free(golden);
  free(generated);
}

static void test_crossaccount(void **state)
{
  struct hk_error err;
  struct hk_crossaccount_opts o;
  const char *roles[] = {"arn:aws:iam::123456789012:role/tokyo-closed-glue"};
  (void)state;
  hk_error_clear(&err);
  check("crossaccount-trust-aws", hk_policy_crossaccount_trust(HK_PART_AWS, UUID, &err), &err);
  check("crossaccount-trust-aws-us-gov", hk_policy_crossaccount_trust(HK_PART_AWS_US_GOV, UUID, &err),
        &err);
  check("crossaccount-trust-aws-us-gov-dod",
        hk_policy_crossaccount_trust(HK_PART_AWS_US_GOV_DOD, UUID, &err), &err);
  memset(&o, 0, sizeof(o));
  o.partition = HK_PART_AWS;
  check("crossaccount-customer-aws", hk_policy_crossaccount(&o, &err), &err);
  o.pass_roles = roles;
  o.n_pass_roles = 1;
  check("crossaccount-customer-passrole-aws", hk_policy_crossaccount(&o, &err), &err);
  o.pass_roles = NULL;
  o.n_pass_roles = 0;
  o.restricted = true;
  o.aws_account_id = ACCT;
  o.region = "ap-northeast-1";
  o.vpc_id = VPC;
  o.sg_id = SG;
  check("crossaccount-restricted-aws", hk_policy_crossaccount(&o, &err), &err);
  o.partition = HK_PART_AWS_US_GOV_DOD;
  o.region = "us-gov-west-1";
  check("crossaccount-restricted-aws-us-gov-dod", hk_policy_crossaccount(&o, &err), &err);
}

static void test_bucket_uc_glue(void **state)
{
  struct hk_error err;
  (void)state;
  hk_error_clear(&err);
  check("bucket-root-aws", hk_policy_root_bucket(HK_PART_AWS, "tokyo-closed-root", UUID, &err), &err);
  check("bucket-root-aws-us-gov",
        hk_policy_root_bucket(HK_PART_AWS_US_GOV, "tokyo-closed-root", UUID, &err), &err);
  check("bucket-root-aws-us-gov-dod",
        hk_policy_root_bucket(HK_PART_AWS_US_GOV_DOD, "tokyo-closed-root", UUID, &err), &err);
  check("uc-trust-aws",
        hk_policy_uc_trust(HK_PART_AWS, ACCT, "tokyo-closed-uc-role", "ext-1234", &err), &err);
  check("uc-trust-aws-us-gov-dod",
        hk_policy_uc_trust(HK_PART_AWS_US_GOV_DOD, ACCT, "tokyo-closed-uc-role", "ext-1234", &err),
        &err);
  check("uc-permissions-aws",
        hk_policy_uc_permissions(HK_PART_AWS, ACCT, "tokyo-closed-uc-role", "tokyo-closed-uc", NULL,
                                 &err), &err);
  check("uc-permissions-kms-aws-us-gov",
        hk_policy_uc_permissions(HK_PART_AWS_US_GOV, ACCT, "tokyo-closed-uc-role", "tokyo-closed-uc",
                                 "us-gov-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                                 &err), &err);
  /* a full key ARN of the partition is used as is */
  {
    char *p = hk_policy_uc_permissions(HK_PART_AWS, ACCT, "r-uc", "tokyo-closed-uc",
                                       "arn:aws:kms:ap-northeast-1:123456789012:key/k1", &err);
    assert_non_null(p);
    assert_non_null(strstr(p, "\"arn:aws:kms:ap-northeast-1:123456789012:key/k1\""));
    free(p);
  }
  check("glue-trust", hk_policy_glue_trust(&err), &err);
  check("glue-permissions", hk_policy_glue_permissions(&err), &err);
  check("glue-passrole-aws", hk_policy_glue_passrole(HK_PART_AWS, ACCT, "tokyo-closed-glue", &err),
        &err);
}

static void test_endpoints(void **state)
{
  struct hk_error err;
  struct hk_s3_endpoint_opts o;
  (void)state;
  hk_error_clear(&err);
  memset(&o, 0, sizeof(o));
  o.partition = HK_PART_AWS;
  o.region = "ap-northeast-1";
  o.aws_account_id = ACCT;
  o.root_bucket = "tokyo-closed-root";
  o.catalog_bucket = "tokyo-closed-uc";
  check("s3-endpoint-ap-northeast-1", hk_policy_s3_endpoint(&o, &err), &err);
  o.region = "us-west-2";
  o.catalog_bucket = NULL;
  check("s3-endpoint-us-west-2", hk_policy_s3_endpoint(&o, &err), &err);
  o.partition = HK_PART_AWS_US_GOV_DOD;
  o.region = "us-gov-west-1";
  o.catalog_bucket = "tokyo-closed-uc";
  check("s3-endpoint-us-gov-west-1-dod", hk_policy_s3_endpoint(&o, &err), &err);
  check("sts-endpoint-ap-northeast-1",
        hk_policy_sts_endpoint(HK_PART_AWS, "ap-northeast-1", ACCT, &err), &err);
  check("sts-endpoint-us-gov-west-1",
        hk_policy_sts_endpoint(HK_PART_AWS_US_GOV, "us-gov-west-1", ACCT, &err), &err);
  check("kinesis-endpoint-ap-northeast-1",
        hk_policy_kinesis_endpoint(HK_PART_AWS, "ap-northeast-1", &err), &err);
  check("kinesis-endpoint-us-gov-west-1-dod",
        hk_policy_kinesis_endpoint(HK_PART_AWS_US_GOV_DOD, "us-gov-west-1", &err), &err);
}

static void refused(char *p, const struct hk_error *err, const char *phrase)
{
  if(p)
    fail_msg("generated despite bad input (want \"%s\")", phrase);
  if(err->status == HK_OK || !strstr(err->message, phrase))
    fail_msg("sentence \"%s\" lacks \"%s\"", err->message, phrase);
  assert_non_null(strstr(err->message, "Cannot make the "));
}

static void test_bad_inputs(void **state)
{
  struct hk_error err;
  struct hk_crossaccount_opts o;
  struct hk_s3_endpoint_opts s;
  const char *bad_roles[] = {"arn:aws:iam::123456789012:user/alice"};
  (void)state;
  hk_error_clear(&err);
  refused(hk_policy_crossaccount_trust(HK_PART_AWS, "not-a-uuid", &err), &err, "UUID");
  memset(&o, 0, sizeof(o));
  o.restricted = true;
  o.aws_account_id = ACCT;
  o.region = "ap-northeast-1";
  o.vpc_id = "subnet-11111111";
  o.sg_id = SG;
  refused(hk_policy_crossaccount(&o, &err), &err, "subnet ID");
  o.vpc_id = VPC;
  o.region = "mars-1";
  refused(hk_policy_crossaccount(&o, &err), &err, "region");
  o.restricted = false;
  o.pass_roles = bad_roles;
  o.n_pass_roles = 1;
  refused(hk_policy_crossaccount(&o, &err), &err, "IAM user");
  refused(hk_policy_crossaccount(NULL, &err), &err, "no options");
  refused(hk_policy_root_bucket(HK_PART_AWS, "Bad_Bucket", UUID, &err), &err, "uppercase");
  refused(hk_policy_uc_permissions(HK_PART_AWS, ACCT, "r", "dotted.bucket", NULL, &err), &err,
          "dot");
  refused(hk_policy_uc_permissions(HK_PART_AWS, ACCT, "r", "uc-bucket",
                                   "arn:aws-us-gov:kms:us-gov-west-1:1:key/x", &err), &err,
          "not in the aws partition");
  refused(hk_policy_uc_trust(HK_PART_AWS, "12", "r", "x", &err), &err, "12 digits");
  refused(hk_policy_uc_trust(HK_PART_AWS, ACCT, "r", "ext\nid", &err), &err, "control character");
  refused(hk_policy_glue_passrole(HK_PART_AWS, ACCT, "bad role", &err), &err, "position 4");
  memset(&s, 0, sizeof(s));
  s.partition = HK_PART_AWS_US_GOV;
  s.region = "ap-northeast-1";
  s.aws_account_id = ACCT;
  s.root_bucket = "root-bucket";
  refused(hk_policy_s3_endpoint(&s, &err), &err, "no Databricks buckets for ap-northeast-1");
  refused(hk_policy_sts_endpoint(HK_PART_AWS, "eu-north-1", ACCT, &err), &err, "eu-north-1");
  refused(hk_policy_kinesis_endpoint(HK_PART_AWS, NULL, &err), &err, "empty");
}

static void test_write(void **state)
{
  char dir[] = "/tmp/hk-policy-XXXXXX";
  char path[256], link[256], sub[256];
  struct hk_error err;
  struct stat st;
  FILE *f;
  char buf[64];
  (void)state;
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof(path), "%s/trust.json", dir);
  snprintf(link, sizeof(link), "%s/link.json", dir);
  snprintf(sub, sizeof(sub), "%s/missing/x.json", dir);
  hk_error_clear(&err);
  assert_int_equal(hk_policy_write(path, "{\"a\":1}", &err), HK_OK);
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0600);
  f = fopen(path, "r");
  assert_non_null(f);
  assert_non_null(fgets(buf, sizeof(buf), f));
  fclose(f);
  assert_string_equal(buf, "{\"a\":1}\n");
  /* replace a regular file: fine; through a symlink: refused, target untouched */
  assert_int_equal(hk_policy_write(path, "{\"a\":2}", &err), HK_OK);
  assert_int_equal(symlink(path, link), 0);
  assert_int_equal(hk_policy_write(link, "{\"evil\":1}", &err), HK_IO);
  assert_non_null(strstr(err.message, "symbolic link"));
  f = fopen(path, "r");
  assert_non_null(fgets(buf, sizeof(buf), f));
  fclose(f);
  assert_string_equal(buf, "{\"a\":2}\n");
  assert_int_equal(hk_policy_write(dir, "{}", &err), HK_IO);
  assert_non_null(strstr(err.message, "not a regular file"));
  assert_int_equal(hk_policy_write(sub, "{}", &err), HK_IO);
  assert_non_null(strstr(err.message, "directory exists"));
  assert_int_equal(hk_policy_write("", "{}", &err), HK_INVALID);
  assert_null(hk_policy_canonical("{not json"));
  unlink(link);
  unlink(path);
  rmdir(dir);
}

/* The example answers file gives the golden documents through hk_policy_for_setup. */
static void test_for_setup(void **state)
{
  struct hk_setup s;
  struct hk_diags d;
  struct hk_error err;
  char path[4200];
  int k;
  (void)state;
  assert_int_equal(hk_assets_path("examples/tokyo-closed.ini", path, sizeof(path), &err), HK_OK);
  hk_setup_init(&s);
  hk_diags_init(&d);
  assert_int_equal(hk_setup_read_ini(path, &s, &d), HK_OK);
  hk_diags_free(&d);
  hk_error_clear(&err);

  /* before sign-in the account-bound policies say what they need */
  assert_null(hk_policy_for_setup(&s, HK_POLICY_STS_ENDPOINT, &err));
  assert_non_null(strstr(err.message, "needs your AWS account ID"));
  assert_non_null(strstr(err.message, "STS endpoint policy"));

  hk_strlcpy(s.aws_account_id, ACCT, sizeof(s.aws_account_id));
  /* the goldens use UUID, VPC and SG; the example names the sandbox's */
  hk_strlcpy(s.account_id, UUID, sizeof(s.account_id));
  hk_strlcpy(s.network.vpc_id, VPC, sizeof(s.network.vpc_id));
  hk_strlcpy(s.network.sg_ids[0], SG, sizeof(s.network.sg_ids[0]));
  assert_int_equal(hk_field_set(&s, hk_field_find("metastore.mode"), "create", &err), HK_OK);
  assert_int_equal(hk_field_set(&s, hk_field_find("metastore.bucket"), "tokyo-closed-uc", &err),
                   HK_OK);
  assert_int_equal(hk_field_set(&s, hk_field_find("metastore.role_arn"),
                                "arn:aws:iam::123456789012:role/tokyo-closed-uc-role", &err), HK_OK);
  for(k = 0; k < HK_POLICY__COUNT; k++)
    assert_true(hk_policy_applies(&s, (enum hk_policy_kind)k));
  check("crossaccount-trust-aws", hk_policy_for_setup(&s, HK_POLICY_CROSSACCOUNT_TRUST, &err), &err);
  check("crossaccount-customer-aws", hk_policy_for_setup(&s, HK_POLICY_CROSSACCOUNT, &err), &err);
  check("bucket-root-aws", hk_policy_for_setup(&s, HK_POLICY_ROOT_BUCKET, &err), &err);
  check("uc-permissions-aws", hk_policy_for_setup(&s, HK_POLICY_UC_PERMISSIONS, &err), &err);
  {
    /* the UC role's trust is a policy of the setup too, with the placeholder the plan shows
     * for the storage credential's external ID (known only once apply made the credential) */
    char *t = hk_policy_for_setup(&s, HK_POLICY_UC_TRUST, &err);
    char *want = hk_policy_uc_trust(HK_PART_AWS, ACCT, "tokyo-closed-uc-role",
                                    "<external ID of storage credential tokyo-closed-uc-credential>",
                                    &err);
    assert_non_null(t);
    assert_non_null(want);
    assert_string_equal(t, want);
    assert_non_null(strstr(t, "unity-catalog-prod-UCMasterRole"));
    assert_string_equal(hk_policy_stem(HK_POLICY_UC_TRUST), "uc-role-trust");
    free(t);
    free(want);
  }
  check("glue-trust", hk_policy_for_setup(&s, HK_POLICY_GLUE_TRUST, &err), &err);
  check("glue-permissions", hk_policy_for_setup(&s, HK_POLICY_GLUE_PERMISSIONS, &err), &err);
  check("s3-endpoint-ap-northeast-1", hk_policy_for_setup(&s, HK_POLICY_S3_ENDPOINT, &err), &err);
  check("sts-endpoint-ap-northeast-1", hk_policy_for_setup(&s, HK_POLICY_STS_ENDPOINT, &err), &err);
  check("kinesis-endpoint-ap-northeast-1", hk_policy_for_setup(&s, HK_POLICY_KINESIS_ENDPOINT, &err),
        &err);
  s.credential.restricted = true;
  check("crossaccount-restricted-aws", hk_policy_for_setup(&s, HK_POLICY_CROSSACCOUNT, &err), &err);

  /* answers that do not call for a policy */
  s.credential.choice = HK_EXISTING;
  s.storage.apply_policy = false;
  s.metastore.choice = HK_EXISTING;
  s.endpoints[HK_EP_GLUE].enabled = false;
  s.endpoints[HK_EP_S3].choice = HK_EXISTING;
  s.endpoints[HK_EP_STS].enabled = false;
  s.endpoints[HK_EP_KINESIS].choice = HK_EXISTING;
  for(k = 0; k < HK_POLICY__COUNT; k++)
    assert_false(hk_policy_applies(&s, (enum hk_policy_kind)k));
  assert_string_equal(hk_policy_stem(HK_POLICY_ROOT_BUCKET), "root-bucket");
  assert_string_equal(hk_policy_title(HK_POLICY__COUNT), "");
  assert_null(hk_policy_for_setup(&s, HK_POLICY__COUNT, &err));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_crossaccount),
    cmocka_unit_test(test_bucket_uc_glue),
    cmocka_unit_test(test_endpoints),
    cmocka_unit_test(test_bad_inputs),
    cmocka_unit_test(test_write),
    cmocka_unit_test(test_for_setup),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
