/* fuzz_sigv4.c - the SigV4 canonicalizer on arbitrary method/path/query/headers.
 * Input: fields separated by '\n': method, path, query, then "name:value" headers. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_sigv4.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *text = malloc(size + 1);
  char *fields[40];
  struct aws_header headers[36];
  size_t nf = 0;
  size_t nh = 0;
  size_t i;
  char *p;
  struct aws_sigv4_in in;
  struct aws_sigv4_out out;
  struct hk_error err;

  if(!text)
    return 0;
  memcpy(text, data, size);
  text[size] = '\0';
  p = text;
  while(nf < 40) {
    char *nl = strchr(p, '\n');
    fields[nf++] = p;
    if(!nl)
      break;
    *nl = '\0';
    p = nl + 1;
  }
  for(i = 3; i < nf && nh < 35; i++) {
    char *colon = strchr(fields[i], ':');
    if(!colon)
      continue;
    *colon = '\0';
    headers[nh].name = fields[i];
    headers[nh].value = colon + 1;
    nh++;
  }
  headers[nh].name = "host";
  headers[nh].value = "example.amazonaws.com";
  nh++;
  memset(&in, 0, sizeof(in));
  in.method = nf > 0 ? fields[0] : "GET";
  in.path = nf > 1 ? fields[1] : "/";
  in.query = nf > 2 ? fields[2] : NULL;
  in.headers = headers;
  in.n_headers = nh;
  in.payload = data;
  in.payload_len = size;
  in.region = "us-east-1";
  in.service = "service";
  in.access_key = "AKIDEXAMPLE";
  in.secret_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  in.timestamp = 1440938160;
  in.flags = (size & 1) ? AWS_SIGV4_S3 : 0;
  memset(&out, 0, sizeof(out));
  hk_error_clear(&err);
  if(aws_sigv4_sign(&in, &out, &err) == HK_OK) {
    if(!out.authorization || !out.canonical_request || strlen(out.signature) != 64)
      abort();
  }
  aws_sigv4_out_free(&out);
  free(text);
  return 0;
}
