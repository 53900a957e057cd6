/* fuzz_journal.c - the state-file (journal) loader and its round trip. */
#include "fuzz_common.h"

#include "plan/journal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static struct hk_journal j;
  struct hk_error err;
  memset(&j, 0, sizeof(j));
  hk_error_clear(&err);
  if(hk_journal_parse(&j, (const char *)data, size, &err) == HK_OK) {
    char *text = hk_journal_dump(&j);
    free(text);
  }
  else if(!err.message[0]) {
    abort();
  }
  hk_journal_free(&j);
  return 0;
}
