/* test_aws_xml.c - XML helpers and the three AWS error shapes; hostile bodies. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aws/aws_xml.h"

static void test_helpers(void **state)
{
  static const char body[] =
      "<?xml version=\"1.0\"?><DescribeVpcsResponse "
      "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r1</requestId>"
      "<vpcSet><item><vpcId>vpc-1</vpcId><isDefault>true</isDefault></item>"
      "<item><vpcId>vpc-2</vpcId><isDefault>false</isDefault><n>42</n></item></vpcSet>"
      "</DescribeVpcsResponse>";
  struct hk_error err;
  xmlDoc *doc = aws_xml_parse(body, strlen(body), &err);
  xmlNode *it;
  char id[32];
  int n = 0;
  (void)state;
  assert_non_null(doc);
  assert_true(aws_xml_is(aws_xml_root(doc), "DescribeVpcsResponse"));
  for(it = aws_xml_first(aws_xml_child(aws_xml_root(doc), "vpcSet")); it;
      it = aws_xml_next_member(it)) {
    assert_true(aws_xml_text(it, "vpcId", id, sizeof(id)));
    n++;
  }
  assert_int_equal(n, 2);
  assert_string_equal(id, "vpc-2");
  it = aws_xml_path(aws_xml_root(doc), "vpcSet/item");
  assert_int_equal(aws_xml_bool(it, "isDefault", -1), 1);
  assert_int_equal(aws_xml_long(aws_xml_next_member(it), "n", -1), 42);
  assert_int_equal(aws_xml_long(it, "n", -1), -1);
  assert_false(aws_xml_text(it, "missing", id, sizeof(id)));
  assert_string_equal(id, "");
  assert_null(aws_xml_path(aws_xml_root(doc), "vpcSet//item"));
  aws_xml_free(doc);
}

static void test_ec2_error(void **state)
{
  static const char body[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error>"
      "<Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this "
      "operation.</Message></Error></Errors><RequestID>ec2-req-9</RequestID></Response>";
  struct hk_error err;
  (void)state;
  assert_int_equal(aws_xml_error(403, body, strlen(body), "ec2:DescribeVpcs", NULL, &err),
                   HK_AUTH);
  assert_string_equal(err.code, "UnauthorizedOperation");
  assert_string_equal(err.api_message, "You are not authorized to perform this operation.");
  assert_string_equal(err.request_id, "ec2-req-9");
  assert_int_equal(err.http_status, 403);
  assert_non_null(strstr(err.message, "ec2:DescribeVpcs"));
  assert_non_null(strstr(err.hint, "ec2:DescribeVpcs"));
}

static void test_iam_error(void **state)
{
  static const char body[] =
      "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error>"
      "<Type>Sender</Type><Code>AccessDenied</Code><Message>User: "
      "arn:aws:iam::111122223333:user/op is not authorized to perform: iam:GetRole on "
      "resource: role x</Message></Error><RequestId>iam-req-1</RequestId></ErrorResponse>";
  static const char nf[] =
      "<ErrorResponse><Error><Code>NoSuchEntity</Code><Message>The role with name x cannot "
      "be found.</Message></Error><RequestId>iam-req-2</RequestId></ErrorResponse>";
  static const char thr[] =
      "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
      "</ErrorResponse>";
  struct hk_error err;
  (void)state;
  assert_int_equal(aws_xml_error(403, body, strlen(body), "iam:GetRole", NULL, &err), HK_AUTH);
  assert_string_equal(err.code, "AccessDenied");
  assert_string_equal(err.request_id, "iam-req-1");
  assert_non_null(strstr(err.message, "iam:GetRole"));
  assert_int_equal(aws_xml_error(404, nf, strlen(nf), "iam:GetRole", NULL, &err), HK_NOT_FOUND);
  assert_string_equal(err.code, "NoSuchEntity");
  assert_int_equal(aws_xml_error(400, thr, strlen(thr), "iam:GetRole", NULL, &err),
                   HK_THROTTLED);
}

/* AWS names the policy type in access-denied messages (IAM User Guide, "Troubleshoot
 * access denied error messages"): an endpoint policy is not the identity's policy. */
static void test_s3_endpoint_policy_denial(void **state)
{
  static const char deny[] =
      "<Error><Code>AccessDenied</Code><Message>User: arn:aws:iam::111122223333:user/op is not "
      "authorized to perform: s3:CreateBucket on resource: \"arn:aws:s3:::b\" with an explicit "
      "deny in a VPC endpoint policy</Message><RequestId>r</RequestId></Error>";
  static const char none[] =
      "<Error><Code>AccessDenied</Code><Message>User: arn:aws:iam::111122223333:user/op is not "
      "authorized to perform: s3:CreateBucket because no VPC endpoint policy allows the "
      "s3:CreateBucket action</Message><RequestId>r</RequestId></Error>";
  struct hk_error err;
  (void)state;
  assert_int_equal(aws_xml_error(403, deny, strlen(deny), "s3:CreateBucket", NULL, &err), HK_AUTH);
  assert_non_null(strstr(err.message, "VPC endpoint policy"));
  assert_non_null(strstr(err.message, "explicit Deny"));
  assert_non_null(strstr(err.hint, "endpoint's policy"));
  assert_null(strstr(err.hint, "Grant the permission"));
  assert_int_equal(aws_xml_error(403, none, strlen(none), "s3:CreateBucket", NULL, &err), HK_AUTH);
  assert_non_null(strstr(err.message, "no VPC endpoint policy"));
  assert_non_null(strstr(err.hint, "Allow s3:CreateBucket"));
  assert_null(strstr(err.hint, "Grant the permission"));
}

static void test_s3_error(void **state)
{
  static const char body[] =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SignatureDoesNotMatch</Code>"
      "<Message>The request signature we calculated does not match the signature you "
      "provided.</Message><RequestId>s3-req-1</RequestId><HostId>h</HostId></Error>";
  static const char slow[] = "<Error><Code>SlowDown</Code><Message>Reduce</Message></Error>";
  struct hk_error err;
  (void)state;
  assert_int_equal(aws_xml_error(403, body, strlen(body), "s3:GetBucketPolicy", "hdr-id", &err),
                   HK_AUTH);
  assert_string_equal(err.code, "SignatureDoesNotMatch");
  assert_string_equal(err.request_id, "hdr-id");
  assert_non_null(strstr(err.hint, "clock"));
  assert_int_equal(aws_xml_error(503, slow, strlen(slow), "s3:PutObject", NULL, &err),
                   HK_THROTTLED);
  /* a body-less HEAD answer */
  assert_int_equal(aws_xml_error(404, NULL, 0, "s3:HeadBucket", "rid", &err), HK_NOT_FOUND);
  assert_int_equal(aws_xml_error(403, "", 0, "s3:HeadBucket", NULL, &err), HK_AUTH);
  assert_non_null(strstr(err.message, "s3:HeadBucket"));
}

static void test_codes(void **state)
{
  struct hk_error err;
  static const char exp[] =
      "<ErrorResponse><Error><Code>ExpiredToken</Code><Message>The security token included "
      "in the request is expired</Message></Error></ErrorResponse>";
  (void)state;
  assert_int_equal(aws_xml_error(400, exp, strlen(exp), "sts:GetCallerIdentity", NULL, &err),
                   HK_AUTH);
  assert_non_null(strstr(err.message, "expired"));
  assert_non_null(strstr(err.hint, "Refresh"));
  assert_int_equal(aws_error_code_status("InvalidVpcID.NotFound", 400), HK_NOT_FOUND);
  assert_int_equal(aws_error_code_status("InvalidPermission.Duplicate", 400), HK_CONFLICT);
  assert_int_equal(aws_error_code_status("RequestLimitExceeded", 503), HK_THROTTLED);
  assert_int_equal(aws_error_code_status("", 429), HK_THROTTLED);
  assert_int_equal(aws_error_code_status("", 502), HK_SERVER);
  assert_int_equal(aws_error_code_status("InvalidParameterValue", 400), HK_INVALID);
  assert_true(aws_error_is_throttle("TooManyRequestsException"));
  assert_true(aws_error_is_throttle("ThrottlingException"));
  assert_false(aws_error_is_throttle("AccessDenied"));
  assert_false(aws_error_is_throttle(NULL));
}

static void test_hostile_bodies(void **state)
{
  struct hk_error err;
  static const char trunc[] = "<Response><Errors><Error><Code>AuthFai";
  static const char garbage[] = "\x01\x02\xff\xfe not xml at all";
  static const char html[] = "<html><body>502 Bad Gateway</body></html>";
  static const char lol[] =
      "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\">"
      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">"
      "]><Error><Code>&c;</Code></Error>";
  static const char ext[] =
      "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
      "<Error><Code>&e;</Code><Message>m</Message></Error>";
  size_t big_n = 10u * 1024u * 1024u;
  char *big = malloc(big_n);
  xmlDoc *doc;
  (void)state;

  assert_int_equal(aws_xml_error(400, trunc, strlen(trunc), "ec2:X", NULL, &err), HK_PARSE);
  assert_true(err.message[0] != '\0');
  assert_int_equal(aws_xml_error(400, garbage, strlen(garbage), "ec2:X", NULL, &err), HK_PARSE);
  assert_int_equal(aws_xml_error(400, html, strlen(html), "ec2:X", NULL, &err), HK_PARSE);
  /* 5xx garbage stays a server error (retryable) */
  assert_int_equal(aws_xml_error(502, html, strlen(html), "ec2:X", NULL, &err), HK_SERVER);

  doc = aws_xml_parse(trunc, strlen(trunc), &err);
  assert_null(doc);
  assert_int_equal(err.status, HK_PARSE);
  doc = aws_xml_parse("", 0, &err);
  assert_null(doc);
  assert_int_equal(err.status, HK_PARSE);

  assert_non_null(big);
  memset(big, 'x', big_n);
  doc = aws_xml_parse(big, big_n, &err);
  assert_null(doc);
  assert_int_equal(err.status, HK_TOO_BIG);
  assert_int_equal(aws_xml_error(400, big, big_n, "ec2:X", NULL, &err), HK_TOO_BIG);
  free(big);

  /* entities are not expanded; external ones are not fetched */
  aws_xml_error(400, lol, strlen(lol), "ec2:X", NULL, &err);
  assert_true(strlen(err.code) < 90);
  aws_xml_error(400, ext, strlen(ext), "ec2:X", NULL, &err);
  assert_null(strstr(err.code, "root:"));
}

/* A body in a declared encoding it does not follow: a sentence, and nothing
 * written to stderr (where it would land on the wizard's screen). */
static void test_bad_encoding_is_quiet(void **state)
{
  static const char body[] = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a>\xff\xfe\0\0"
                             "\0\0\x80\x81</a>";
  struct hk_error err;
  xmlDoc *doc;
  FILE *cap = tmpfile();
  int saved;
  long n;
  (void)state;
  assert_non_null(cap);
  fflush(stderr);
  saved = dup(STDERR_FILENO);
  assert_true(saved >= 0);
  assert_true(dup2(fileno(cap), STDERR_FILENO) >= 0);
  hk_error_clear(&err);
  doc = aws_xml_parse(body, sizeof(body) - 1, &err);
  fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);
  if(doc)
    aws_xml_free(doc);
  fseek(cap, 0, SEEK_END);
  n = ftell(cap);
  fclose(cap);
  assert_int_equal(n, 0);
  assert_null(doc);
  assert_non_null(strstr(err.message, "not well-formed"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_helpers),     cmocka_unit_test(test_ec2_error),
      cmocka_unit_test(test_bad_encoding_is_quiet),
      cmocka_unit_test(test_iam_error),   cmocka_unit_test(test_s3_error),
      cmocka_unit_test(test_s3_endpoint_policy_denial),
      cmocka_unit_test(test_codes),       cmocka_unit_test(test_hostile_bodies),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
