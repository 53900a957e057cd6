/* test_aws_endpoints.c - default endpoints per partition and every override. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_config.h"
#include "aws/aws_endpoints.h"

static void clear_env(void)
{
  unsetenv("AWS_ENDPOINT_URL");
  unsetenv("AWS_ENDPOINT_URL_EC2");
  unsetenv("AWS_ENDPOINT_URL_IAM");
  unsetenv("AWS_ENDPOINT_URL_STS");
  unsetenv("AWS_ENDPOINT_URL_S3");
  unsetenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
}

static void resolve(enum aws_service s, const char *region, const struct aws_config *cfg,
                    struct aws_endpoint *ep)
{
  struct hk_error err;
  hk_error_clear(&err);
  assert_int_equal(aws_endpoint_resolve(s, region, cfg, ep, &err), HK_OK);
}

static void test_defaults(void **state)
{
  struct aws_endpoint ep;
  (void)state;
  clear_env();
  resolve(AWS_SVC_EC2, "ap-northeast-1", NULL, &ep);
  assert_string_equal(ep.url, "https://ec2.ap-northeast-1.amazonaws.com");
  assert_string_equal(ep.signing_region, "ap-northeast-1");
  assert_string_equal(ep.signing_name, "ec2");
  assert_string_equal(ep.partition, "aws");
  assert_false(ep.overridden);

  resolve(AWS_SVC_STS, "ap-northeast-1", NULL, &ep);
  assert_string_equal(ep.url, "https://sts.ap-northeast-1.amazonaws.com");
  assert_string_equal(ep.signing_region, "ap-northeast-1");

  resolve(AWS_SVC_IAM, "ap-northeast-1", NULL, &ep);
  assert_string_equal(ep.url, "https://iam.amazonaws.com");
  assert_string_equal(ep.signing_region, "us-east-1");
  assert_string_equal(ep.signing_name, "iam");

  resolve(AWS_SVC_S3, "eu-central-1", NULL, &ep);
  assert_string_equal(ep.url, "https://s3.eu-central-1.amazonaws.com");
  assert_false(ep.path_style);
}

static void test_gov_and_cn(void **state)
{
  struct aws_endpoint ep;
  (void)state;
  clear_env();
  resolve(AWS_SVC_IAM, "us-gov-east-1", NULL, &ep);
  assert_string_equal(ep.url, "https://iam.us-gov.amazonaws.com");
  assert_string_equal(ep.signing_region, "us-gov-west-1");
  assert_string_equal(ep.partition, "aws-us-gov");
  resolve(AWS_SVC_EC2, "us-gov-west-1", NULL, &ep);
  assert_string_equal(ep.url, "https://ec2.us-gov-west-1.amazonaws.com");
  assert_string_equal(ep.partition, "aws-us-gov");
  resolve(AWS_SVC_STS, "us-gov-west-1", NULL, &ep);
  assert_string_equal(ep.url, "https://sts.us-gov-west-1.amazonaws.com");
  resolve(AWS_SVC_EC2, "cn-north-1", NULL, &ep);
  assert_string_equal(ep.url, "https://ec2.cn-north-1.amazonaws.com.cn");
  assert_string_equal(aws_partition_of("us-east-1"), "aws");
}

static void test_env_overrides(void **state)
{
  struct aws_endpoint ep;
  struct hk_error err;
  (void)state;
  clear_env();
  setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:4566/", 1);
  setenv("AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:5000", 1);
  resolve(AWS_SVC_EC2, "ap-northeast-1", NULL, &ep);
  assert_string_equal(ep.url, "http://127.0.0.1:5000");
  assert_true(ep.overridden);
  assert_string_equal(ep.signing_region, "ap-northeast-1");
  resolve(AWS_SVC_STS, "ap-northeast-1", NULL, &ep);
  assert_string_equal(ep.url, "http://127.0.0.1:4566");
  resolve(AWS_SVC_S3, "ap-northeast-1", NULL, &ep);
  assert_true(ep.path_style);
  resolve(AWS_SVC_IAM, "ap-northeast-1", NULL, &ep);
  assert_string_equal(ep.url, "http://127.0.0.1:4566");
  assert_string_equal(ep.signing_region, "us-east-1");

  setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", 1);
  resolve(AWS_SVC_EC2, "ap-northeast-1", NULL, &ep);
  assert_string_equal(ep.url, "https://ec2.ap-northeast-1.amazonaws.com");
  unsetenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");

  setenv("AWS_ENDPOINT_URL_EC2", "ftp://x", 1);
  assert_int_equal(aws_endpoint_resolve(AWS_SVC_EC2, "ap-northeast-1", NULL, &ep, &err),
                   HK_CONFIG);
  assert_non_null(strstr(err.message, "AWS_ENDPOINT_URL_EC2"));
  setenv("AWS_ENDPOINT_URL_EC2", "http://a b", 1);
  assert_int_equal(aws_endpoint_resolve(AWS_SVC_EC2, "ap-northeast-1", NULL, &ep, &err),
                   HK_CONFIG);
  clear_env();

  assert_int_equal(aws_endpoint_resolve(AWS_SVC_EC2, "Tokyo", NULL, &ep, &err), HK_CONFIG);
  assert_non_null(strstr(err.message, "Tokyo"));
  assert_int_equal(aws_endpoint_resolve(AWS_SVC_EC2, NULL, NULL, &ep, &err), HK_CONFIG);
}

static void test_config_overrides(void **state)
{
  struct aws_config cfg;
  struct aws_endpoint ep;
  struct hk_error err;
  static const char conf[] =
      "[profile dev]\nregion = ap-northeast-1\nendpoint_url = http://localhost:7000\n"
      "services = local\n"
      "[services local]\nec2 =\n  endpoint_url = http://localhost:7001\n"
      "s3 =\n  endpoint_url = http://localhost:7002/\n";
  (void)state;
  clear_env();
  memset(&cfg, 0, sizeof(cfg));
  assert_int_equal(aws_ini_parse(&cfg.conf, conf, strlen(conf), "config", &err), HK_OK);
  snprintf(cfg.profile, sizeof(cfg.profile), "dev");
  resolve(AWS_SVC_EC2, "ap-northeast-1", &cfg, &ep);
  assert_string_equal(ep.url, "http://localhost:7001");
  resolve(AWS_SVC_S3, "ap-northeast-1", &cfg, &ep);
  assert_string_equal(ep.url, "http://localhost:7002");
  assert_true(ep.path_style);
  resolve(AWS_SVC_STS, "ap-northeast-1", &cfg, &ep);
  assert_string_equal(ep.url, "http://localhost:7000");
  /* environment wins over the file */
  setenv("AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:9999", 1);
  resolve(AWS_SVC_EC2, "ap-northeast-1", &cfg, &ep);
  assert_string_equal(ep.url, "http://127.0.0.1:9999");
  clear_env();
  aws_config_free(&cfg);
}

static void test_url_split(void **state)
{
  char host[64];
  char path[64];
  (void)state;
  assert_int_equal(aws_url_split("https://ec2.x.amazonaws.com/?a=b", host, sizeof(host), path,
                                 sizeof(path)),
                   HK_OK);
  assert_string_equal(host, "ec2.x.amazonaws.com");
  assert_string_equal(path, "/?a=b");
  assert_int_equal(aws_url_split("http://127.0.0.1:80", host, sizeof(host), path, sizeof(path)),
                   HK_OK);
  assert_string_equal(host, "127.0.0.1:80");
  assert_string_equal(path, "");
  assert_int_equal(aws_url_split("nonsense", host, sizeof(host), path, sizeof(path)),
                   HK_INVALID);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_defaults),
      cmocka_unit_test(test_gov_and_cn),
      cmocka_unit_test(test_env_overrides),
      cmocka_unit_test(test_config_overrides),
      cmocka_unit_test(test_url_split),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
