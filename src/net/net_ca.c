/* net_ca.c - which CA bundle verifies TLS. */
#include "net/net_ca.h"

#include <stdlib.h>

const char *hk_ca_bundle(const char *option)
{
  static const char *const env[] = { "HEIIKI_CA_BUNDLE", "AWS_CA_BUNDLE", NULL };
  size_t i;

  if(option && *option)
    return option;
  for(i = 0; env[i]; i++) {
    const char *v = getenv(env[i]);
    if(v && *v)
      return v;
  }
  return NULL;
}
