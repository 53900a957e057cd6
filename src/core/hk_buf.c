/* hk_buf.c - growable buffer and safe string helpers. */
#include "core/hk_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void hk_buf_init(struct hk_buf *b)
{
  memset(b, 0, sizeof(*b));
}

void hk_buf_free(struct hk_buf *b)
{
  if(!b)
    return;
  free(b->data);
  memset(b, 0, sizeof(*b));
}

void hk_buf_reset(struct hk_buf *b)
{
  b->len = 0;
  if(b->data)
    b->data[0] = '\0';
}

static hk_status buf_reserve(struct hk_buf *b, size_t extra)
{
  size_t max = b->max ? b->max : HK_BUF_DEFAULT_MAX;
  size_t need;
  size_t ncap;
  char *p;

  if(extra > max || b->len > max - extra)
    return HK_TOO_BIG;
  need = b->len + extra + 1;
  if(need <= b->cap)
    return HK_OK;
  ncap = b->cap ? b->cap : 256;
  while(ncap < need)
    ncap *= 2;
  p = realloc(b->data, ncap);
  if(!p)
    return HK_NOMEM;
  b->data = p;
  b->cap = ncap;
  return HK_OK;
}

hk_status hk_buf_append(struct hk_buf *b, const void *p, size_t n)
{
  hk_status st = buf_reserve(b, n);
  if(st != HK_OK)
    return st;
  if(!b->data)
    return HK_NOMEM;
  if(n)
    memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return HK_OK;
}

hk_status hk_buf_puts(struct hk_buf *b, const char *s)
{
  return hk_buf_append(b, s, strlen(s));
}

hk_status hk_buf_printf(struct hk_buf *b, const char *fmt, ...)
{
  va_list ap;
  int n;
  hk_status st;

  va_start(ap, fmt);
  n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if(n < 0)
    return HK_INVALID;
  st = buf_reserve(b, (size_t)n);
  if(st != HK_OK)
    return st;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return HK_OK;
}

char *hk_buf_steal(struct hk_buf *b)
{
  char *p;
  if(!b->data && hk_buf_append(b, "", 0) != HK_OK)
    return NULL;
  p = b->data;
  memset(b, 0, sizeof(*b));
  return p;
}

size_t hk_strlcpy(char *dst, const char *src, size_t n)
{
  size_t len = src ? strlen(src) : 0;
  if(n) {
    size_t c = len < n - 1 ? len : n - 1;
    if(c)
      memcpy(dst, src, c);
    dst[c] = '\0';
  }
  return len;
}

char *hk_strdup(const char *s)
{
  size_t n;
  char *p;
  if(!s)
    return NULL;
  n = strlen(s) + 1;
  p = malloc(n);
  if(p)
    memcpy(p, s, n);
  return p;
}

char *hk_aprintf(const char *fmt, ...)
{
  va_list ap;
  int n;
  char *p;

  va_start(ap, fmt);
  n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if(n < 0)
    return NULL;
  p = malloc((size_t)n + 1);
  if(!p)
    return NULL;
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

void hk_memzero(void *p, size_t n)
{
  volatile unsigned char *v = p;
  if(!p)
    return;
  while(n--)
    *v++ = 0;
}

void hk_secret_free(char *s)
{
  if(!s)
    return;
  hk_memzero(s, strlen(s));
  free(s);
}
