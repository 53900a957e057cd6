/* fuzz_aws_xml.c - AWS XML responses: parser, error shapes, tree walking. */
#include "fuzz_common.h"

#include "aws/aws_xml.h"

static void walk(const xmlNode *n, int depth)
{
  const xmlNode *c;
  char text[256];
  if(!n || depth > 64)
    return;
  aws_xml_text(n, "vpcId", text, sizeof(text));
  aws_xml_long(n, "availableIpAddressCount", 0);
  aws_xml_bool(n, "isDefault", 0);
  for(c = aws_xml_first(n); c; c = aws_xml_next_member(c))
    walk(c, depth + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct hk_error err;
  xmlDoc *doc;
  hk_error_clear(&err);
  doc = aws_xml_parse((const char *)data, size, &err);
  if(doc) {
    walk(aws_xml_root(doc), 0);
    aws_xml_free(doc);
  }
  hk_error_clear(&err);
  aws_xml_error(400, (const char *)data, size, "ec2:DescribeVpcs", NULL, &err);
  if(!err.message[0])
    abort();
  return 0;
}
