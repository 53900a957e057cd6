/* verify_dns.c - resolve the workspace host and compare with the endpoint. */
#include "verify/verify_dns.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"

size_t hk_resolve_system(const char *host, char addrs[][48], size_t max, void *ud)
{
  struct addrinfo hints;
  struct addrinfo *res = NULL;
  struct addrinfo *ai;
  size_t n = 0;
  (void)ud;

  memset(&hints, 0, sizeof(hints));
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  if(getaddrinfo(host, NULL, &hints, &res) != 0)
    return 0;
  for(ai = res; ai && n < max; ai = ai->ai_next) {
    char buf[48];
    const void *src;
    size_t i;
    int dup = 0;
    if(ai->ai_family == AF_INET)
      src = &((struct sockaddr_in *)(void *)ai->ai_addr)->sin_addr;
    else if(ai->ai_family == AF_INET6)
      src = &((struct sockaddr_in6 *)(void *)ai->ai_addr)->sin6_addr;
    else
      continue;
    if(!inet_ntop(ai->ai_family, src, buf, sizeof(buf)))
      continue;
    for(i = 0; i < n; i++)
      if(strcmp(addrs[i], buf) == 0)
        dup = 1;
    if(!dup)
      hk_strlcpy(addrs[n++], buf, 48);
  }
  freeaddrinfo(res);
  return n;
}

int hk_addr_is_private(const char *addr)
{
  struct in_addr a4;
  struct in6_addr a6;
  if(inet_pton(AF_INET, addr, &a4) == 1) {
    unsigned long ip = ntohl(a4.s_addr);
    return (ip >> 24) == 10 || (ip >> 20) == (172ul << 4 | 1) || (ip >> 16) == (192ul << 8 | 168) ||
           (ip >> 24) == 127 || (ip >> 16) == (169ul << 8 | 254) ||
           (ip >> 22) == (100ul << 2 | 1); /* 100.64.0.0/10 */
  }
  if(inet_pton(AF_INET6, addr, &a6) == 1)
    return IN6_IS_ADDR_LOOPBACK(&a6) || IN6_IS_ADDR_LINKLOCAL(&a6) || (a6.s6_addr[0] & 0xfe) == 0xfc;
  return 0;
}

static void join(char addrs[][48], size_t n, char *out, size_t outn)
{
  size_t i;
  out[0] = '\0';
  for(i = 0; i < n; i++) {
    size_t len = strlen(out);
    snprintf(out + len, outn - len, "%s%s", i ? ", " : "", addrs[i]);
  }
}

void hk_dns_check(const char *host, const char *const *expected, size_t n_expected,
                  hk_resolve_fn resolve, void *ud, struct hk_dns_result *out)
{
  char got[512];
  char want[512];
  size_t i;
  size_t j;
  int any_public = 0;

  memset(out, 0, sizeof(*out));
  if(!resolve)
    resolve = hk_resolve_system;
  out->n_addrs = resolve(host, out->addrs, HK_DNS_MAX_ADDRS, ud);
  want[0] = '\0';
  for(i = 0; i < n_expected; i++) {
    size_t len = strlen(want);
    snprintf(want + len, sizeof(want) - len, "%s%s", i ? ", " : "", expected[i]);
  }
  if(out->n_addrs == 0) {
    out->verdict = HK_DNS_NO_ANSWER;
    snprintf(out->sentence, sizeof(out->sentence),
             _("%s does not resolve on this host."), host);
    snprintf(out->fix, sizeof(out->fix),
             _("Add the hosts-file line \"%s %s\" or a private DNS record for it."),
             n_expected ? expected[0] : "<endpoint IP>", host);
    return;
  }
  join(out->addrs, out->n_addrs, got, sizeof(got));
  for(i = 0; i < out->n_addrs; i++) {
    for(j = 0; j < n_expected; j++) {
      if(strcmp(out->addrs[i], expected[j]) == 0) {
        out->verdict = HK_DNS_OK;
        snprintf(out->sentence, sizeof(out->sentence),
                 _("%s resolves to %s, the front-end endpoint."), host, out->addrs[i]);
        return;
      }
    }
    if(!hk_addr_is_private(out->addrs[i]))
      any_public = 1;
  }
  if(any_public) {
    out->verdict = HK_DNS_PUBLIC;
    snprintf(out->sentence, sizeof(out->sentence),
             _("%s resolves to %s, a public address: requests would reach the public ingress, "
               "which refuses them while public access is off (private-link validation error)."),
             host, got);
    snprintf(out->fix, sizeof(out->fix),
             _("Point %s at the endpoint (%s) with the hosts-file line or a private DNS zone; "
               "if a proxy is set, add the host to NO_PROXY; then flush the DNS cache."),
             host, want);
  }
  else {
    out->verdict = HK_DNS_OTHER_PRIVATE;
    snprintf(out->sentence, sizeof(out->sentence),
             _("%s resolves to %s, a private address that is not the front-end endpoint (%s): "
               "a stale hosts line or DNS cache, or another endpoint."),
             host, got, want);
    snprintf(out->fix, sizeof(out->fix),
             _("Replace the hosts-file line with \"%s %s\" and flush the DNS cache."),
             n_expected ? expected[0] : "<endpoint IP>", host);
  }
}
