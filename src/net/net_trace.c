/* net_trace.c - redaction of secrets in traces. */
#include "net/net_trace.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hk_buf.h"

#define TRACE_BODY_MAX (64u * 1024u)

static const char *const secret_headers[] = {
  "authorization", "x-amz-security-token", "cookie", "set-cookie",
  "x-databricks-token", "proxy-authorization", "x-aws-ec2-metadata-token", NULL
};

/* Field names whose values are secret in JSON ("name":"v"), forms (name=v)
 * and XML (<Name>v</Name>). */
static const char *const secret_fields[] = {
  "access_token", "refresh_token", "id_token", "client_secret", "SecretAccessKey",
  "SessionToken", "Token", "password", "secret_access_key", "aws_session_token",
  NULL
};

void hk_secrets_add(struct hk_secrets *s, const char *secret)
{
  char **n;
  char *copy;
  size_t i;

  if(!s || !secret || strlen(secret) < 4)
    return;
  for(i = 0; i < s->n; i++)
    if(strcmp(s->items[i], secret) == 0)
      return;
  copy = hk_strdup(secret);
  if(!copy)
    return;
  n = realloc(s->items, (s->n + 1) * sizeof(*n));
  if(!n) {
    hk_secret_free(copy);
    return;
  }
  s->items = n;
  s->items[s->n++] = copy;
}

void hk_secrets_free(struct hk_secrets *s)
{
  size_t i;
  if(!s)
    return;
  for(i = 0; i < s->n; i++)
    hk_secret_free(s->items[i]);
  free(s->items);
  s->items = NULL;
  s->n = 0;
}

int hk_header_is_secret(const char *name)
{
  size_t i;
  for(i = 0; secret_headers[i]; i++)
    if(strcasecmp(name, secret_headers[i]) == 0)
      return 1;
  return 0;
}

/* Mask a value that starts at p: until a quote, '&', '<', whitespace or end. */
static size_t mask_value(char *p, char quote)
{
  size_t n = 0;
  while(p[n] && p[n] != '&' && p[n] != '<' && p[n] != '\n' && p[n] != '\r' &&
        !(quote && p[n] == quote) && !(!quote && (p[n] == ' ' || p[n] == ',' || p[n] == '}')))
    n++;
  if(n)
    memset(p, '*', n);
  return n;
}

static void redact_fields(char *t)
{
  size_t i;
  for(i = 0; secret_fields[i]; i++) {
    const char *f = secret_fields[i];
    size_t fl = strlen(f);
    char *p = t;
    while((p = strstr(p, f)) != NULL) {
      char *q = p + fl;
      if(q[0] == '"' ) {           /* JSON: "field" : "value" */
        q++;
        while(*q == ' ' || *q == ':')
          q++;
        if(*q == '"')
          q += 1 + mask_value(q + 1, '"');
      }
      else if(q[0] == '=') {       /* form: field=value */
        q += 1 + mask_value(q + 1, 0);
      }
      else if(q[0] == '>' && p > t && p[-1] == '<') { /* XML: <field>value</field> */
        q += 1 + mask_value(q + 1, '<');
      }
      p = q;
    }
  }
}

char *hk_redact(const struct hk_secrets *s, const char *text, size_t len)
{
  char *t = malloc(len + 1);
  size_t i;

  if(!t)
    return NULL;
  if(len)
    memcpy(t, text, len);
  t[len] = '\0';
  /* embedded NULs would hide the rest from strstr: show them as '.' */
  for(i = 0; i < len; i++)
    if(t[i] == '\0')
      t[i] = '.';
  if(s) {
    for(i = 0; i < s->n; i++) {
      const char *sec = s->items[i];
      size_t sl = strlen(sec);
      char *p = t;
      while((p = strstr(p, sec)) != NULL) {
        memset(p, '*', sl);
        p += sl;
      }
    }
  }
  redact_fields(t);
  return t;
}

void hk_trace_block(FILE *f, const struct hk_secrets *s, const char *prefix,
                    const char *text, size_t len)
{
  char *r;
  const char *line;
  size_t shown = len > TRACE_BODY_MAX ? TRACE_BODY_MAX : len;

  if(!f || !text)
    return;
  r = hk_redact(s, text, shown);
  if(!r)
    return;
  line = r;
  while(*line) {
    const char *nl = strchr(line, '\n');
    size_t n = nl ? (size_t)(nl - line) : strlen(line);
    fprintf(f, "%s%.*s\n", prefix, (int)n, line);
    line += n + (nl ? 1 : 0);
  }
  if(shown < len)
    fprintf(f, "%s[... %zu more bytes]\n", prefix, len - shown);
  free(r);
}
