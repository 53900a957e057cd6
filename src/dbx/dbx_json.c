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
