/* fuzz_aws_ini.c - the AWS config/credentials INI reader. */
#include "fuzz_common.h"

#include "aws/aws_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct aws_ini ini;
  struct hk_error err;
  memset(&ini, 0, sizeof(ini));
  hk_error_clear(&err);
  aws_ini_parse(&ini, (const char *)data, size, "fuzz", &err);
  aws_ini_has_section(&ini, "default");
  aws_ini_has_section(&ini, "profile x");
  aws_ini_free(&ini);
  return 0;
}
