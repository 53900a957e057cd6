/* verify_dns.h - does the workspace host resolve to the front-end endpoint? */
#ifndef VERIFY_DNS_H
#define VERIFY_DNS_H

#include <stddef.h>
#include "core/hk_status.h"

#define HK_DNS_MAX_ADDRS 16

enum hk_dns_verdict {
  HK_DNS_OK,            /* resolves to one of the endpoint addresses */
  HK_DNS_NO_ANSWER,     /* does not resolve */
  HK_DNS_PUBLIC,        /* resolves to a public address: the public ingress */
  HK_DNS_OTHER_PRIVATE  /* resolves to a private address that is not the endpoint */
};

struct hk_dns_result {
  enum hk_dns_verdict verdict;
  char addrs[HK_DNS_MAX_ADDRS][48];
  size_t n_addrs;
  char sentence[768];   /* what is wrong and why, or what is right */
  char fix[512];
};

/* Resolver function, replaceable in tests: fills addrs, returns count (0 = none). */
typedef size_t (*hk_resolve_fn)(const char *host, char addrs[][48], size_t max, void *ud);

/* The system resolver (getaddrinfo). */
size_t hk_resolve_system(const char *host, char addrs[][48], size_t max, void *ud);

/* Classify how host resolves against the expected endpoint addresses. */
void hk_dns_check(const char *host, const char *const *expected, size_t n_expected,
                  hk_resolve_fn resolve, void *ud, struct hk_dns_result *out);

/* 1 for RFC 1918 / loopback / link-local / CGNAT / ULA addresses. */
int hk_addr_is_private(const char *addr);

#endif
