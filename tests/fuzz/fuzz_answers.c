/* fuzz_answers.c - the answers-file (INI) loader and its writer. */
#include "fuzz_common.h"

#include "core/hk_buf.h"
#include "setup/setup_answers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *s = fuzz_cstr(data, size);
  static struct hk_setup setup;
  struct hk_diags d;
  struct hk_buf out;

  if(!s)
    return 0;
  hk_setup_init(&setup);
  hk_diags_init(&d);
  hk_buf_init(&out);
  if(hk_setup_read_ini_string(s, "fuzz.ini", &setup, &d) == HK_OK)
    hk_setup_format_ini(&setup, &out);
  hk_diags_format(&d, &out);
  hk_buf_free(&out);
  hk_diags_free(&d);
  free(s);
  return 0;
}
