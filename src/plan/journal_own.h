/* journal_own.h - what a setup already made, for the pre-flight: the IDs and
 * ARNs its journal recorded (done actions, created or adopted), so the rules
 * recognise the setup's own registration, PAS, network and workspace on the
 * first run and on every resume, while any other holder still blocks. */
#ifndef JOURNAL_OWN_H
#define JOURNAL_OWN_H

#include <stddef.h>
#include "plan/journal.h"

#define HK_OWN_IDS_MAX 256

/* Up to max pointers into j's results (valid while j is); returns the count. */
size_t hk_journal_own_ids(const struct hk_journal *j, const char **out, size_t max);

#endif
