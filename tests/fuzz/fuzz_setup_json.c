/* fuzz_setup_json.c - the setup's JSON loader (state file answers). */
#include "fuzz_common.h"

#include "setup/setup_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *s = fuzz_cstr(data, size);
  static struct hk_setup setup;
  struct hk_error err;
  if(!s)
    return 0;
  hk_setup_init(&setup);
  hk_error_clear(&err);
  if(hk_setup_from_json_string(s, &setup, &err) != HK_OK && !err.message[0])
    abort();
  free(s);
  return 0;
}
