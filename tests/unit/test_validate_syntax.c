/* test_validate_syntax.c - every syntax validator with good, bad and hostile input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "setup/setup_fields.h"
#include "setup/setup_validate.h"

struct vcase {
  hk_validate_fn fn;
  const char *name;
  const char *input;
  const char *want;   /* NULL = valid; else a phrase the sentence must contain */
};

#define OK(fn, in) {fn, #fn, in, NULL}
#define BAD(fn, in, phrase) {fn, #fn, in, phrase}

static const struct vcase cases[] = {
  /* role ARN */
  OK(hk_validate_role_arn, "arn:aws:iam::123456789012:role/databricks-crossaccount"),
  OK(hk_validate_role_arn, "arn:aws-us-gov:iam::123456789012:role/dbx"),
  OK(hk_validate_role_arn, "arn:aws:iam::123456789012:role/service/team/Name+=,.@_-1"),
  BAD(hk_validate_role_arn, "arn:aws-cn:iam::123456789012:role/x", "China"),
  OK(hk_validate_uc_role_arn, "arn:aws:iam::123456789012:role/tokyo-closed-uc"),
  BAD(hk_validate_uc_role_arn, "arn:aws:iam::123456789012:role/team/uc", "must not have a path"),
  BAD(hk_validate_uc_role_arn, "arn:aws:iam::123456789012:user/alice", "IAM user"),
  BAD(hk_validate_role_arn, "arn:azure:iam::123456789012:role/x", "aws (commercial) or aws-us-gov"),
  BAD(hk_validate_role_arn, "arn:aws:s3:::bucket/role", "\"s3\" service"),
  BAD(hk_validate_role_arn, "arn:aws:iam:us-east-1:123456789012:role/x", "no region"),
  BAD(hk_validate_role_arn, "arn:aws:iam::12345678901:role/x", "exactly 12"),
  BAD(hk_validate_role_arn, "arn:aws:iam::12345678901a:role/x", "contains 'a'"),
  BAD(hk_validate_role_arn, "arn:aws:iam::123456789012:user/alice", "IAM user"),
  BAD(hk_validate_role_arn, "arn:aws:iam::123456789012:instance-profile/x", "instance profile"),
  BAD(hk_validate_role_arn, "arn:aws:iam::123456789012:policy/x", "continue with role/"),
  BAD(hk_validate_role_arn, "arn:aws:iam::123456789012:role/", "no role name"),
  BAD(hk_validate_role_arn, "arn:aws:iam::123456789012:role/bad#name", "contains '#'"),
  BAD(hk_validate_role_arn, "arn:aws:iam::123456789012:role/path with/x", "space"),
  BAD(hk_validate_role_arn,
      "arn:aws:iam::123456789012:role/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      "at most 64"),
  BAD(hk_validate_role_arn, "databricks-crossaccount", "not a role ARN"),
  BAD(hk_validate_role_arn, "", "empty"),
  /* role name */
  OK(hk_validate_role_name, "tokyo-closed-crossaccount"),
  BAD(hk_validate_role_name, "arn:aws:iam::123456789012:role/x", "not an ARN"),
  BAD(hk_validate_role_name, "has space", "position 4"),
  /* buckets */
  OK(hk_validate_bucket, "tokyo-closed-root"),
  OK(hk_validate_bucket, "my.bucket.name"),
  OK(hk_validate_bucket, "abc"),
  BAD(hk_validate_bucket, "ab", "3 to 63"),
  BAD(hk_validate_bucket, "a234567890123456789012345678901234567890123456789012345678901234",
      "3 to 63"),
  BAD(hk_validate_bucket, "My-Bucket", "uppercase letter 'M' at position 1"),
  BAD(hk_validate_bucket, "my_bucket", "'_' at position 3"),
  BAD(hk_validate_bucket, "-bucket", "begin and end"),
  BAD(hk_validate_bucket, "bucket-", "begin and end"),
  BAD(hk_validate_bucket, "my..bucket", "two dots"),
  BAD(hk_validate_bucket, "192.168.5.4", "IP address"),
  BAD(hk_validate_bucket, "xn--bucket", "xn--"),
  BAD(hk_validate_bucket, "sthree-bucket", "sthree-"),
  BAD(hk_validate_bucket, "bucket-s3alias", "-s3alias"),
  BAD(hk_validate_bucket, "bucket--ol-s3", "--ol-s3"),
  BAD(hk_validate_bucket, "s3://my-bucket", "without s3://"),
  OK(hk_validate_uc_bucket, "tokyo-closed-uc"),
  BAD(hk_validate_uc_bucket, "tokyo.closed.uc", "dot at position 6"),
  BAD(hk_validate_uc_bucket, "UC", "3 to 63"),
  /* AWS IDs */
  OK(hk_validate_vpc_id, "vpc-0a1b2c3d4e5f67890"),
  OK(hk_validate_vpc_id, "vpc-1a2b3c4d"),
  BAD(hk_validate_vpc_id, "vpc-1a2b3c4", "8 or 17"),
  BAD(hk_validate_vpc_id, "vpc-0A1B2C3D", "uppercase"),
  BAD(hk_validate_vpc_id, "vpc-0a1b2c3g", "'g' at position 12"),
  BAD(hk_validate_vpc_id, "subnet-0a1b2c3d", "looks like a subnet ID"),
  BAD(hk_validate_vpc_id, "0a1b2c3d", "starts with vpc-"),
  OK(hk_validate_subnet_id, "subnet-0123456789abcdef0"),
  BAD(hk_validate_subnet_id, "sg-0123456789abcdef0", "security group ID"),
  OK(hk_validate_sg_id, "sg-0123456789abcdef0"),
  BAD(hk_validate_sg_id, "sg-", "8 or 17"),
  OK(hk_validate_vpce_id, "vpce-0123456789abcdef0"),
  BAD(hk_validate_vpce_id, "vpce-svc-02691fd610d24fd64", "endpoint service name"),
  BAD(hk_validate_vpce_id, "vpc-0123456789abcdef0", "VPC ID (vpc-...)"),
  OK(hk_validate_rtb_id, "rtb-0123456789abcdef0"),
  BAD(hk_validate_rtb_id, "igw-0123456789abcdef0", "internet gateway"),
  /* CIDR */
  OK(hk_validate_cidr, "10.0.0.0/16"),
  OK(hk_validate_cidr, "203.0.113.7/32"),
  OK(hk_validate_cidr, "0.0.0.0/0"),
  BAD(hk_validate_cidr, "10.0.1.5/24", "host bits set; the network is 10.0.1.0/24"),
  BAD(hk_validate_cidr, "10.0.0.0/33", "larger than 32"),
  BAD(hk_validate_cidr, "10.0.0.0", "add /32"),
  BAD(hk_validate_cidr, "10.0.0/24", "not an IPv4 CIDR"),
  BAD(hk_validate_cidr, "256.0.0.0/8", "not an IPv4 CIDR"),
  BAD(hk_validate_cidr, "010.0.0.0/8", "leading zero"),
  BAD(hk_validate_cidr, "10.0.0.0/08", "not an IPv4 CIDR"),
  BAD(hk_validate_cidr, "2001:db8::/32", "IPv6"),
  BAD(hk_validate_cidr, "10.0.0.0/24x", "not an IPv4 CIDR"),
  OK(hk_validate_cidr_list, "10.0.0.0/16, 203.0.113.0/24"),
  BAD(hk_validate_cidr_list, "10.0.0.0/16,,203.0.113.0/24", "empty entry"),
  BAD(hk_validate_cidr_list,
      "1.0.0.0/8,2.0.0.0/8,3.0.0.0/8,4.0.0.0/8,5.0.0.0/8,6.0.0.0/8,7.0.0.0/8,8.0.0.0/8,9.0.0.0/8",
      "more than 8"),
  /* region (from assets) */
  OK(hk_validate_region, "ap-northeast-1"),
  OK(hk_validate_region, "us-gov-west-1"),
  OK(hk_validate_region, "ap-southeast-3"),
  BAD(hk_validate_region, "ap-northeast-1a", "Availability Zone; the region is ap-northeast-1"),
  BAD(hk_validate_region, "us-gov-east-1", "only in us-gov-west-1"),
  BAD(hk_validate_region, "eu-north-1", "ap-northeast-1, ap-northeast-2"),
  BAD(hk_validate_region, "Tokyo", "not an AWS region code"),
  /* UUIDs and account IDs */
  OK(hk_validate_account_uuid, "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"),
  BAD(hk_validate_account_uuid, "0f1e2d3c4b5a69788a9b0c1d2e3f4a5b", "36"),
  BAD(hk_validate_account_uuid, "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5z", "'z' at position 36"),
  BAD(hk_validate_account_uuid, "0f1e2d3c-4b5a-6978-8a9b0-c1d2e3f4a5b", "hyphens at positions"),
  OK(hk_validate_uuid, "11111111-2222-3333-4444-555555555555"),
  OK(hk_validate_aws_account, "012345678901"),
  BAD(hk_validate_aws_account, "0123-4567-8901", "contains '-'"),
  BAD(hk_validate_aws_account, "12345", "12 digits"),
  /* names */
  OK(hk_validate_name, "tokyo-closed-network"),
  OK(hk_validate_name, "Name With Spaces"),
  BAD(hk_validate_name, "abc", "4 to 256"),
  BAD(hk_validate_name, " lead", "space"),
  OK(hk_validate_setup_name, "tokyo-closed"),
  BAD(hk_validate_setup_name, "-x", "begin with a letter"),
  BAD(hk_validate_setup_name, "a/b", "'/' at position 2"),
  OK(hk_validate_deployment_name, "acme-tokyo"),
  BAD(hk_validate_deployment_name, "Acme", "uppercase"),
  BAD(hk_validate_deployment_name, "ac_me", "'_' at position 3"),
  BAD(hk_validate_deployment_name, "-acme", "hyphen"),
  BAD(hk_validate_deployment_name, "ab", "3 to 63"),
  OK(hk_validate_path, "/etc/hosts"),
  /* hostile input */
  BAD(hk_validate_vpc_id, "vpc-0a1b\t2c3d", "control character (U+0009) at position 9"),
  BAD(hk_validate_name, "work\033[2Jspace", "control character (U+001B) at position 5"),
  BAD(hk_validate_name, "line\nbreak", "control character (U+000A) at position 5"),
  BAD(hk_validate_name, "caf\xc3\xa9-name", "non-ASCII character \"\xc3\xa9\" (U+00E9) at position 4"),
  BAD(hk_validate_bucket, "\xe6\x9d\xb1\xe4\xba\xac-bucket", "non-ASCII character \"\xe6\x9d\xb1\" (U+6771) at position 1"),
  BAD(hk_validate_vpc_id, "vpc\xe2\x80\x93" "0a1b2c3d", "U+2013) at position 4"),
  BAD(hk_validate_subnet_id, "\xef\xbd\x93ubnet-0a1b2c3d", "full-width"),
  BAD(hk_validate_name, "bad\xff" "byte", "not valid UTF-8 (0xFF) at position 4"),
  BAD(hk_validate_name, "over\xc0\xaflong", "not valid UTF-8 (0xC0) at position 5"),
  BAD(hk_validate_name, "ab\xe2\x82", "not valid UTF-8"),
};

static void test_table(void **state)
{
  size_t i;
  (void)state;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct hk_error err;
    hk_status rc;
    hk_error_clear(&err);
    rc = cases[i].fn(cases[i].input, &err);
    if(cases[i].want == NULL) {
      if(rc != HK_OK)
        fail_msg("%s(\"%s\") refused: %s", cases[i].name, cases[i].input, err.message);
    } else {
      if(rc != HK_INVALID)
        fail_msg("%s(\"%s\") accepted (rc %d)", cases[i].name, cases[i].input, rc);
      if(!strstr(err.message, cases[i].want))
        fail_msg("%s(\"%s\"): sentence \"%s\" lacks \"%s\"", cases[i].name, cases[i].input,
                 err.message, cases[i].want);
      /* a sentence: starts upper-case or with a quote, ends with a full stop or '?' */
      assert_true(err.message[0] != '\0');
      assert_true(strchr(".?", err.message[strlen(err.message) - 1]) != NULL);
    }
  }
}

/* A 10 KB paste into every validator: refused with a sentence naming the length. */
static void test_huge_paste(void **state)
{
  static const hk_validate_fn fns[] = {
    hk_validate_role_arn, hk_validate_role_name, hk_validate_bucket, hk_validate_uc_bucket,
    hk_validate_vpc_id, hk_validate_subnet_id, hk_validate_sg_id, hk_validate_vpce_id,
    hk_validate_rtb_id, hk_validate_cidr, hk_validate_cidr_list, hk_validate_region,
    hk_validate_uuid, hk_validate_account_uuid, hk_validate_aws_account, hk_validate_name,
    hk_validate_setup_name, hk_validate_deployment_name, hk_validate_path,
  };
  char *big = malloc(10241);
  size_t i;
  (void)state;
  assert_non_null(big);
  memset(big, 'a', 10240);
  big[10240] = '\0';
  for(i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
    struct hk_error err;
    hk_error_clear(&err);
    assert_int_equal(fns[i](big, &err), HK_INVALID);
    assert_non_null(strstr(err.message, "10240 characters long"));
    /* NULL input is refused, not a crash */
    assert_int_equal(fns[i](NULL, &err), HK_INVALID);
  }
  free(big);
}

/* Every single byte value, alone and inside an ID: never a crash, always a sentence. */
static void test_all_bytes(void **state)
{
  int b;
  (void)state;
  for(b = 1; b < 256; b++) {
    char v[32];
    struct hk_error err;
    hk_status rc;
    v[0] = 'v'; v[1] = 'p'; v[2] = 'c'; v[3] = '-';
    memset(v + 4, '0', 8);
    v[8] = (char)b;
    v[12] = '\0';
    hk_error_clear(&err);
    rc = hk_validate_vpc_id(v, &err);
    if((b >= '0' && b <= '9') || (b >= 'a' && b <= 'f'))
      assert_int_equal(rc, HK_OK);
    else {
      assert_int_equal(rc, HK_INVALID);
      assert_true(strlen(err.message) > 20);
    }
  }
}

static void test_capacity(void **state)
{
  (void)state;
  assert_int_equal(hk_subnet_node_capacity(24), 125);
  assert_int_equal(hk_subnet_node_capacity(26), 29);
  assert_int_equal(hk_subnet_node_capacity(17), 16381);
  assert_int_equal(hk_subnet_node_capacity(0), 2147483645L);
  assert_int_equal(hk_subnet_node_capacity(33), -1);
  assert_int_equal(hk_subnet_node_capacity(30), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_table),
    cmocka_unit_test(test_huge_paste),
    cmocka_unit_test(test_all_bytes),
    cmocka_unit_test(test_capacity),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
