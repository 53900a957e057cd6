/* kvmap.c - small ordered string map. */
#include "plan/kvmap.h"

#include <stdlib.h>
#include <string.h>
#include "core/hk_buf.h"

void hk_kvmap_init(struct hk_kvmap *m)
{
  m->items = NULL;
  m->n = 0;
}

void hk_kvmap_clear(struct hk_kvmap *m)
{
  size_t i;

  if(!m)
    return;
  for(i = 0; i < m->n; i++) {
    free(m->items[i].key);
    free(m->items[i].value);
  }
  free(m->items);
  hk_kvmap_init(m);
}

static struct hk_kvpair *find(const struct hk_kvmap *m, const char *key)
{
  size_t i;

  for(i = 0; i < m->n; i++)
    if(strcmp(m->items[i].key, key) == 0)
      return &m->items[i];
  return NULL;
}

static void remove_at(struct hk_kvmap *m, struct hk_kvpair *p)
{
  size_t idx = (size_t)(p - m->items);

  free(p->key);
  free(p->value);
  memmove(p, p + 1, (m->n - idx - 1) * sizeof(*p));
  m->n--;
}

static hk_status append(struct hk_kvmap *m, const char *key, char *value)
{
  struct hk_kvpair *items;
  char *k;

  if(m->n >= HK_KVMAP_MAX)
    return HK_TOO_BIG;
  items = realloc(m->items, (m->n + 1) * sizeof(*items));
  if(!items)
    return HK_NOMEM;
  m->items = items;
  k = hk_strdup(key);
  if(!k)
    return HK_NOMEM;
  items[m->n].key = k;
  items[m->n].value = value;
  m->n++;
  return HK_OK;
}

hk_status hk_kvmap_set(struct hk_kvmap *m, const char *key, const char *value)
{
  struct hk_kvpair *p;
  char *v;
  hk_status st;

  if(!key || !*key || strlen(key) > 64)
    return HK_INVALID;
  p = find(m, key);
  if(!value) {
    if(p)
      remove_at(m, p);
    return HK_OK;
  }
  if(strlen(value) > HK_KV_VALUE_MAX)
    return HK_TOO_BIG;
  v = hk_strdup(value);
  if(!v)
    return HK_NOMEM;
  if(p) {
    free(p->value);
    p->value = v;
    return HK_OK;
  }
  st = append(m, key, v);
  if(st != HK_OK)
    free(v);
  return st;
}

const char *hk_kvmap_get(const struct hk_kvmap *m, const char *key)
{
  const struct hk_kvpair *p = m && key ? find(m, key) : NULL;
  return p ? p->value : NULL;
}

const char *hk_kvmap_str(const struct hk_kvmap *m, const char *key)
{
  const char *v = hk_kvmap_get(m, key);
  return v ? v : "";
}

hk_status hk_kvmap_copy(struct hk_kvmap *dst, const struct hk_kvmap *src)
{
  struct hk_kvmap tmp;
  hk_status st = HK_OK;
  size_t i;

  hk_kvmap_init(&tmp);
  for(i = 0; src && i < src->n && st == HK_OK; i++)
    st = hk_kvmap_set(&tmp, src->items[i].key, src->items[i].value);
  if(st != HK_OK) {
    hk_kvmap_clear(&tmp);
    return st;
  }
  hk_kvmap_clear(dst);
  *dst = tmp;
  return HK_OK;
}
