/* hk_clean.c - text a server sent, made safe for a terminal and the state file. */
#include "core/hk_clean.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hk_buf.h"

#define REDACT_MAX 128    /* secrets kept; the first REDACT_KEEP never leave */
#define REDACT_KEEP 16

static char *secrets[REDACT_MAX];
static size_t n_secrets;

void hk_redact_add(const char *secret)
{
  size_t i;
  char *copy;

  if(!secret || strlen(secret) < 4)
    return;
  for(i = 0; i < n_secrets; i++)
    if(strcmp(secrets[i], secret) == 0)
      return;
  copy = hk_strdup(secret);
  if(!copy)
    return;
  if(n_secrets == REDACT_MAX) {       /* drop the oldest refreshed token */
    hk_secret_free(secrets[REDACT_KEEP]);
    memmove(&secrets[REDACT_KEEP], &secrets[REDACT_KEEP + 1],
            (REDACT_MAX - REDACT_KEEP - 1) * sizeof(secrets[0]));
    n_secrets--;
  }
  secrets[n_secrets++] = copy;
}

void hk_redact_clear(void)
{
  size_t i;
  for(i = 0; i < n_secrets; i++) {
    hk_secret_free(secrets[i]);
    secrets[i] = NULL;
  }
  n_secrets = 0;
}

static int is_cred_char(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         strchr("-._~+/=", c) != NULL;
}

/* Whether "authorization" (any case) ends within the 4 bytes before p. */
static int after_authorization(const char *s, const char *p)
{
  size_t k;
  for(k = 13; k <= 13 + 4 && k <= (size_t)(p - s); k++)
    if(strncasecmp(p - k, "authorization", 13) == 0)
      return 1;
  return 0;
}

/* "Bearer X" / "Basic X" (any case): mask X when it looks like a credential
 * (8 characters or more; for Basic also a digit, '+', '/' or '=', or the
 * word Authorization just before), so "basic settings" stays readable. */
static void mask_schemes(char *s)
{
  static const char *const schemes[] = { "bearer ", "basic ", NULL };
  size_t i;
  char *p;

  for(p = s; *p; p++) {
    for(i = 0; schemes[i]; i++) {
      size_t n = strlen(schemes[i]);
      char *v, *end;
      int odd = 0;
      if(strncasecmp(p, schemes[i], n) != 0)
        continue;
      v = p + n;
      while(*v == ' ')
        v++;
      for(end = v; *end && is_cred_char(*end) && *end != '*'; end++)
        odd |= (*end >= '0' && *end <= '9') || strchr("+/=", *end) != NULL;
      if(end - v >= 8 && (i == 0 || odd || after_authorization(s, p)))
        memset(v, '*', (size_t)(end - v));
      p = end > p ? end - 1 : p;
      break;
    }
  }
}

void hk_redact_text(char *s)
{
  size_t i;

  if(!s)
    return;
  for(i = 0; i < n_secrets; i++) {
    size_t sl = strlen(secrets[i]);
    char *p = s;
    while((p = strstr(p, secrets[i])) != NULL) {
      memset(p, '*', sl);
      p += sl;
    }
  }
  mask_schemes(s);
}

/* Length of a valid UTF-8 sequence at p, 0 when invalid. */
static size_t utf8_len(const unsigned char *p)
{
  size_t n, i;
  unsigned cp;

  if(p[0] < 0x80)
    return 1;
  if(p[0] >= 0xc2 && p[0] <= 0xdf)
    n = 2, cp = p[0] & 0x1fu;
  else if(p[0] >= 0xe0 && p[0] <= 0xef)
    n = 3, cp = p[0] & 0x0fu;
  else if(p[0] >= 0xf0 && p[0] <= 0xf4)
    n = 4, cp = p[0] & 0x07u;
  else
    return 0;
  for(i = 1; i < n; i++) {
    if((p[i] & 0xc0u) != 0x80u)
      return 0;
    cp = (cp << 6) | (p[i] & 0x3fu);
  }
  if((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
     (cp >= 0xd800 && cp <= 0xdfff))
    return 0;
  return n;
}

/* CSI after its introducer: parameter and intermediate bytes, one final byte. */
static size_t csi_len(const unsigned char *p)
{
  size_t i = 0;
  while(p[i] >= 0x20 && p[i] <= 0x3f)
    i++;
  return (p[i] >= 0x40 && p[i] <= 0x7e) ? i + 1 : i;
}

/* OSC, DCS, APC, PM, SOS after the introducer: up to BEL or ST (ESC \ or C1 ST). */
static size_t string_len(const unsigned char *p)
{
  size_t i = 0;
  while(p[i] && p[i] != 0x07 && !(p[i] == 0x1b && p[i + 1] == '\\') &&
        !(p[i] == 0xc2 && p[i + 1] == 0x9c))
    i++;
  if(p[i] == 0x07)
    return i + 1;
  return p[i] ? i + 2 : i;
}

/* Bytes of the escape sequence at p (p[0] is ESC). */
static size_t escape_len(const unsigned char *p)
{
  if(p[1] == '[')
    return 2 + csi_len(p + 2);
  if(p[1] && strchr("]P_^X", p[1]))
    return 2 + string_len(p + 2);
  return (p[1] >= 0x20 && p[1] < 0x7f) ? 2 : 1;
}

/* Bytes of the C1 control at p (UTF-8 C2 80..C2 9F), with its sequence. */
static size_t c1_len(const unsigned char *p)
{
  if(p[1] == 0x9b)
    return 2 + csi_len(p + 2);
  if(p[1] == 0x9d || p[1] == 0x90 || p[1] == 0x9f || p[1] == 0x9e || p[1] == 0x98)
    return 2 + string_len(p + 2);
  return 2;
}

size_t hk_text_sanitize(char *s, int flags)
{
  unsigned char *r = (unsigned char *)s;
  unsigned char *w = r;

  if(!s)
    return 0;
  while(*r) {
    size_t n;
    if(*r == 0x1b) {
      r += escape_len(r);
      continue;
    }
    if(*r == '\n' || *r == '\t' || *r == '\r') {
      if(*r != '\r')
        *w++ = (flags & HK_TEXT_KEEP_NEWLINES) ? *r : ' ';
      r++;
      continue;
    }
    if(*r < 0x20 || *r == 0x7f) {
      r++;
      continue;
    }
    n = utf8_len(r);
    if(n == 2 && r[0] == 0xc2 && r[1] >= 0x80 && r[1] <= 0x9f) {     /* C1 control */
      r += c1_len(r);
      continue;
    }
    if(n == 0) {
      *w++ = '?';
      r++;
      continue;
    }
    memmove(w, r, n);
    w += n;
    r += n;
  }
  *w = '\0';
  return (size_t)(w - (unsigned char *)s);
}

size_t hk_text_clean(char *s, int flags)
{
  hk_redact_text(s);
  return hk_text_sanitize(s, flags);
}
