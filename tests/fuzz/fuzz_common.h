/* fuzz_common.h - helpers shared by the libFuzzer targets. */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* NUL-terminated copy of the input (the parsers take C strings). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
  char *s = malloc(size + 1);
  if(!s)
    return NULL;
  if(size)
    memcpy(s, data, size);
  s[size] = '\0';
  return s;
}

#endif
