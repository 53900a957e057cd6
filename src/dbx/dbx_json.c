/* dbx_json.c - tolerant JSON field access. */
#include "dbx/dbx_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"

const cJSON *dbx_jobj_path(const cJSON *o, const char *dotted)
{
  char key[128];
  const char *p = dotted;
  while(o && *p) {
    size_t n = strcspn(p, ".");
    if(n >= sizeof(key))
      return NULL;
    memcpy(key, p, n);
    key[n] = '\0';
    o = cJSON_GetObjectItemCaseSensitive(o, key);
    p += n;
    if(*p == '.')
      p++;
  }
  return o;
}

static bool value_str(const cJSON *v, char *out, size_t n)
{
  if(cJSON_IsString(v) && v->valuestring) {
    hk_strlcpy(out, v->valuestring, n);
    return true;
  }
  if(cJSON_IsNumber(v)) {
    snprintf(out, n, "%.0f", v->valuedouble);
    return true;
  }
  if(n)
    out[0] = '\0';
  return false;
}

bool dbx_jstr(const cJSON *o, const char *key, char *out, size_t n)
{
  return value_str(cJSON_GetObjectItemCaseSensitive(o, key), out, n);
}

bool dbx_jstr_path(const cJSON *o, const char *dotted, char *out, size_t n)
{
  return value_str(dbx_jobj_path(o, dotted), out, n);
}

int64_t dbx_jint(const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  if(cJSON_IsNumber(v) && v->valuedouble >= -9.2e18 && v->valuedouble <= 9.2e18)
    return (int64_t)v->valuedouble;
  if(cJSON_IsString(v) && v->valuestring)
    return (int64_t)strtoll(v->valuestring, NULL, 10);
  return 0;
}

bool dbx_jbool(const cJSON *o, const char *key, bool dflt)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  if(cJSON_IsBool(v))
    return cJSON_IsTrue(v);
  return dflt;
}

size_t dbx_jstrs(const cJSON *o, const char *key, char *out, size_t max, size_t width)
{
  const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, key);
  const cJSON *it;
  size_t n = 0;
  cJSON_ArrayForEach(it, arr) {
    if(n >= max)
      break;
    if(value_str(it, out + n * width, width))
      n++;
  }
  return n;
}

bool dbx_jadd_str(cJSON *o, const char *key, const char *value)
{
  if(!value || !*value)
    return true;
  return cJSON_AddStringToObject(o, key, value) != NULL;
}

bool dbx_jadd_strs(cJSON *o, const char *key, const char *rows, size_t n, size_t width)
{
  cJSON *arr = cJSON_AddArrayToObject(o, key);
  size_t i;
  if(!arr)
    return false;
  for(i = 0; i < n; i++) {
    cJSON *s = cJSON_CreateString(rows + i * width);
    if(!s || !cJSON_AddItemToArray(arr, s))
      return false;
  }
  return true;
}

cJSON *dbx_jchild(cJSON *o, const char *key)
{
  cJSON *c = cJSON_GetObjectItemCaseSensitive(o, key);
  if(cJSON_IsObject(c))
    return c;
  return cJSON_AddObjectToObject(o, key);
}

/* Copy text, quoting long integer literals that are values (not inside strings). */
static char *quote_long_ints(const char *t, size_t len, size_t *out_len)
{
  struct hk_buf b;
  size_t i = 0;
  bool in_str = false;
  bool changed = false;
  char prev = '\0';   /* last non-blank character outside strings */

  hk_buf_init(&b);
  while(i < len) {
    char ch = t[i];
    if(in_str) {
      size_t k = i + 1; /* t[i] is the opening quote */
      while(k < len && t[k] != '"') {
        if(t[k] == '\\' && k + 1 < len)
          k++;
        k++;
      }
      if(k < len)
        k++;
      if(hk_buf_append(&b, t + i, k - i) != HK_OK)
        goto fail;
      i = k;
      in_str = false;
      prev = '"';
      continue;
    }
    if(ch == '"') {
      in_str = true;
      continue;
    }
    if((ch == '-' || (ch >= '0' && ch <= '9')) && (prev == ':' || prev == '[' || prev == ',')) {
      size_t k = i + (ch == '-');
      size_t digits = 0;
      bool integer = true;
      while(k < len && t[k] >= '0' && t[k] <= '9') {
        k++;
        digits++;
      }
      if(k < len && (t[k] == '.' || t[k] == 'e' || t[k] == 'E'))
        integer = false;
      if(integer && digits >= 16) {
        if(hk_buf_append(&b, "\"", 1) != HK_OK || hk_buf_append(&b, t + i, k - i) != HK_OK ||
           hk_buf_append(&b, "\"", 1) != HK_OK)
          goto fail;
        changed = true;
        i = k;
        prev = '"';
        continue;
      }
    }
    if(hk_buf_append(&b, &t[i], 1) != HK_OK)
      goto fail;
    if(ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n')
      prev = ch;
    i++;
  }
  if(!changed) {
    hk_buf_free(&b);
    return NULL;
  }
  *out_len = b.len;
  return hk_buf_steal(&b);

fail:
  hk_buf_free(&b);
  return NULL;
}

cJSON *dbx_json_parse(const char *text, size_t len)
{
  size_t n = 0;
  char *q;
  cJSON *j;
  if(!text)
    return NULL;
  q = quote_long_ints(text, len, &n);
  if(!q)
    return cJSON_ParseWithLength(text, len);
  j = cJSON_ParseWithLength(q, n);
  free(q);
  return j;
}
