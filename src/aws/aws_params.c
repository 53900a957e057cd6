/* aws_params.c - query-API parameters and their form encoding. */
#include "aws/aws_params.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_sigv4.h"

void aws_params_init(struct aws_params *p)
{
  memset(p, 0, sizeof(*p));
}

void aws_params_free(struct aws_params *p)
{
  size_t i;
  if(!p)
    return;
  for(i = 0; i < p->n; i++) {
    free(p->keys[i]);
    hk_secret_free(p->values[i]);
  }
  free(p->keys);
  free(p->values);
  memset(p, 0, sizeof(*p));
}

void aws_params_add(struct aws_params *p, const char *key, const char *value)
{
  char *k;
  char *v;
  if(!value || p->st != HK_OK)
    return;
  if(p->n == p->cap) {
    size_t ncap = p->cap ? p->cap * 2 : 16;
    char **nk = realloc(p->keys, ncap * sizeof(*nk));
    char **nv;
    if(!nk) {
      p->st = HK_NOMEM;
      return;
    }
    p->keys = nk;
    nv = realloc(p->values, ncap * sizeof(*nv));
    if(!nv) {
      p->st = HK_NOMEM;
      return;
    }
    p->values = nv;
    p->cap = ncap;
  }
  k = hk_strdup(key);
  v = hk_strdup(value);
  if(!k || !v) {
    free(k);
    free(v);
    p->st = HK_NOMEM;
    return;
  }
  p->keys[p->n] = k;
  p->values[p->n] = v;
  p->n++;
}

void aws_params_addf(struct aws_params *p, const char *key, const char *fmt, ...)
{
  va_list ap;
  char buf[512];
  int n;
  va_start(ap, fmt);
  n = vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  if(n < 0 || (size_t)n >= sizeof(buf)) {
    p->st = HK_TOO_BIG;
    return;
  }
  aws_params_add(p, key, buf);
}

void aws_params_set(struct aws_params *p, const char *key, const char *value)
{
  size_t i;
  for(i = 0; i < p->n; i++) {
    if(!strcmp(p->keys[i], key)) {
      char *v = hk_strdup(value ? value : "");
      if(!v) {
        p->st = HK_NOMEM;
        return;
      }
      hk_secret_free(p->values[i]);
      p->values[i] = v;
      return;
    }
  }
  aws_params_add(p, key, value);
}

const char *aws_params_get(const struct aws_params *p, const char *key)
{
  size_t i;
  for(i = 0; i < p->n; i++) {
    if(!strcmp(p->keys[i], key))
      return p->values[i];
  }
  return NULL;
}

void aws_params_add_list(struct aws_params *p, const char *prefix, const char *const *values,
                         size_t n)
{
  size_t i;
  char key[256];
  for(i = 0; i < n; i++) {
    if(snprintf(key, sizeof(key), "%s.%zu", prefix, i + 1) >= (int)sizeof(key)) {
      p->st = HK_TOO_BIG;
      return;
    }
    aws_params_add(p, key, values[i]);
  }
}

void aws_params_copy(struct aws_params *dst, const struct aws_params *src)
{
  size_t i;
  for(i = 0; i < src->n; i++)
    aws_params_add(dst, src->keys[i], src->values[i]);
  if(src->st != HK_OK && dst->st == HK_OK)
    dst->st = src->st;
}

hk_status aws_params_encode(const struct aws_params *p, struct hk_buf *out)
{
  size_t i;
  hk_status st = p->st;
  for(i = 0; i < p->n && st == HK_OK; i++) {
    if(i)
      st = hk_buf_puts(out, "&");
    if(st == HK_OK)
      st = aws_uri_encode(out, p->keys[i], strlen(p->keys[i]), 0);
    if(st == HK_OK)
      st = hk_buf_puts(out, "=");
    if(st == HK_OK)
      st = aws_uri_encode(out, p->values[i], strlen(p->values[i]), 0);
  }
  return st;
}
