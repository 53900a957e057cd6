/* journal_own.c - the IDs a setup's journal says it made (journal_own.h). */
#include "plan/journal_own.h"

size_t hk_journal_own_ids(const struct hk_journal *j, const char **out, size_t max)
{
  size_t i, k, n = 0;

  for(i = 0; j && i < j->n_actions; i++) {
    const struct hk_jaction *a = &j->actions[i];

    if(a->state != HK_JS_DONE)
      continue;
    for(k = 0; k < a->result.n && n < max; k++)
      if(a->result.items[k].value && a->result.items[k].value[0])
        out[n++] = a->result.items[k].value;
  }
  return n;
}
