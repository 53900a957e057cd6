/* net_trace.h - redacted request/response tracing (--trace FILE). */
#ifndef NET_TRACE_H
#define NET_TRACE_H

#include <stddef.h>
#include <stdio.h>

struct hk_secrets {
  char **items;
  size_t n;
};

void hk_secrets_add(struct hk_secrets *s, const char *secret);
void hk_secrets_free(struct hk_secrets *s);

/* Return a malloc'd copy of text with every registered secret, and the
 * values of well-known secret fields (access_token, client_secret,
 * SecretAccessKey, SessionToken, Token, password), replaced by "***".
 * NULL on allocation failure. */
char *hk_redact(const struct hk_secrets *s, const char *text, size_t len);

/* Whether a header's value must never be written (Authorization, tokens, cookies). */
int hk_header_is_secret(const char *name);

/* Write one traced message: prefix "> " or "< ". */
void hk_trace_block(FILE *f, const struct hk_secrets *s, const char *prefix,
                    const char *text, size_t len);

#endif
