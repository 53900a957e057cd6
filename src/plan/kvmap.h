/* kvmap.h - a small ordered string map for action results ("vpce_id" -> "vpce-0abc").
 *
 * Results are short and few (a handful per action), so a flat array with
 * linear search is the right tool.  Keys and values are copied. */
#ifndef PLAN_KVMAP_H
#define PLAN_KVMAP_H

#include <stddef.h>
#include "core/hk_status.h"

#define HK_KVMAP_MAX 32       /* entries per map: more is refused */
#define HK_KV_VALUE_MAX 4096  /* longest value kept (ARNs, URLs) */

struct hk_kvpair {
  char *key;
  char *value;
};

struct hk_kvmap {
  struct hk_kvpair *items;
  size_t n;
};

void hk_kvmap_init(struct hk_kvmap *m);
void hk_kvmap_clear(struct hk_kvmap *m);
/* Set (replace) key; value NULL removes it.  HK_TOO_BIG past the limits. */
hk_status hk_kvmap_set(struct hk_kvmap *m, const char *key, const char *value);
/* Value or NULL. */
const char *hk_kvmap_get(const struct hk_kvmap *m, const char *key);
/* Value or "" (never NULL). */
const char *hk_kvmap_str(const struct hk_kvmap *m, const char *key);
/* Replace dst's content with a copy of src. */
hk_status hk_kvmap_copy(struct hk_kvmap *dst, const struct hk_kvmap *src);

#endif
