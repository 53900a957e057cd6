/* checks_util.c - findings, CIDR math, SG coverage and NACL evaluation. */
#include "checks/checks_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "setup/setup_assets.h"

/* --- findings --- */

static void vappend(char *dst, size_t n, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
static void vappend(char *dst, size_t n, const char *fmt, va_list ap)
{
  size_t len = strlen(dst);

  if(len + 1 >= n)
    return;
  vsnprintf(dst + len, n - len, fmt, ap);
}

enum hk_verdict hk_say(struct hk_finding *out, enum hk_verdict v, const char *fmt, ...)
{
  va_list ap;

  out->message[0] = '\0';
  va_start(ap, fmt);
  vappend(out->message, sizeof(out->message), fmt, ap);
  va_end(ap);
  return v;
}

void hk_say_more(struct hk_finding *out, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vappend(out->message, sizeof(out->message), fmt, ap);
  va_end(ap);
}

void hk_fix(struct hk_finding *out, const char *fmt, ...)
{
  va_list ap;
  size_t len = strlen(out->fix);

  if(len && len + 2 < sizeof(out->fix)) {
    out->fix[len] = '\n';
    out->fix[len + 1] = '\0';
  }
  va_start(ap, fmt);
  vappend(out->fix, sizeof(out->fix), fmt, ap);
  va_end(ap);
}

/* --- CIDRs --- */

/* One decimal number in [0, max] at *p, advancing *p. */
static bool take_num(const char **p, unsigned long max, unsigned long *out)
{
  char *end;

  if(**p < '0' || **p > '9')
    return false;
  *out = strtoul(*p, &end, 10);
  if(end - *p > 3 || *out > max)
    return false;
  *p = end;
  return true;
}

bool hk_cidr_parse(const char *text, struct hk_cidr *out)
{
  const char *p = text;
  unsigned long part, prefix;
  uint32_t addr = 0, mask;
  int i;

  if(!text)
    return false;
  for(i = 0; i < 4; i++) {
    if(!take_num(&p, 255, &part))
      return false;
    if(*p++ != (i < 3 ? '.' : '/'))
      return false;
    addr = (addr << 8) | (uint32_t)part;
  }
  if(!take_num(&p, 32, &prefix) || *p != '\0')
    return false;
  mask = prefix == 0 ? 0 : (uint32_t)(0xffffffffu << (32 - prefix));
  out->addr = addr & mask;
  out->prefix = (int)prefix;
  return true;
}

uint32_t hk_cidr_first(const struct hk_cidr *c)
{
  return c->addr;
}

uint32_t hk_cidr_last(const struct hk_cidr *c)
{
  uint32_t host = c->prefix == 0 ? 0xffffffffu : (uint32_t)((1ull << (32 - c->prefix)) - 1);
  return c->addr | host;
}

bool hk_cidr_contains(const struct hk_cidr *outer, const struct hk_cidr *inner)
{
  return hk_cidr_first(outer) <= hk_cidr_first(inner) && hk_cidr_last(inner) <= hk_cidr_last(outer);
}

bool hk_cidr_overlaps(const struct hk_cidr *a, const struct hk_cidr *b)
{
  return hk_cidr_first(a) <= hk_cidr_last(b) && hk_cidr_first(b) <= hk_cidr_last(a);
}

/* --- security groups --- */

bool hk_sg_rule_covers(const struct aws_sg_rule *r, const char *proto, int from, int to)
{
  if(strcmp(r->protocol, "-1") == 0 || strcmp(r->protocol, "all") == 0)
    return true;
  if(strcmp(r->protocol, proto) != 0 &&
     !(strcmp(proto, "tcp") == 0 && strcmp(r->protocol, "6") == 0) &&
     !(strcmp(proto, "udp") == 0 && strcmp(r->protocol, "17") == 0))
    return false;
  if(r->from_port < 0 && r->to_port < 0)
    return true;
  return r->from_port <= from && to <= r->to_port;
}

/* --- network ACLs --- */

#define NACL_MAX_PIECES 128

struct piece {
  uint64_t lo, hi;   /* inclusive */
};

static int entry_cmp(const void *a, const void *b)
{
  const struct aws_nacl_entry *const *x = a;
  const struct aws_nacl_entry *const *y = b;

  return ((*x)->rule_number > (*y)->rule_number) - ((*x)->rule_number < (*y)->rule_number);
}

static bool nacl_proto_matches(const char *p, int proto)
{
  if(strcmp(p, "-1") == 0 || strcmp(p, "all") == 0)
    return true;
  if(proto == 6)
    return strcmp(p, "6") == 0 || strcmp(p, "tcp") == 0;
  if(proto == 17)
    return strcmp(p, "17") == 0 || strcmp(p, "udp") == 0;
  return strtol(p, NULL, 10) == proto;
}

/* Remove [lo, hi] from the pieces; returns whether anything overlapped. */
static bool pieces_cut(struct piece *pc, size_t *n, uint64_t lo, uint64_t hi, bool remove)
{
  struct piece tmp[NACL_MAX_PIECES];
  size_t i, m = 0;
  bool hit = false;

  for(i = 0; i < *n; i++) {
    if(pc[i].hi < lo || pc[i].lo > hi) {
      tmp[m++] = pc[i];
      continue;
    }
    hit = true;
    if(!remove) {
      tmp[m++] = pc[i];
      continue;
    }
    if(pc[i].lo < lo && m < NACL_MAX_PIECES)
      tmp[m++] = (struct piece){ pc[i].lo, lo - 1 };
    if(pc[i].hi > hi && m < NACL_MAX_PIECES)
      tmp[m++] = (struct piece){ hi + 1, pc[i].hi };
  }
  for(i = 0; i < m; i++)
    pc[i] = tmp[i];
  *n = m;
  return hit;
}

void hk_nacl_eval(const struct aws_nacl *n, bool egress, int proto, int port,
                  const struct hk_cidr *peer, struct hk_nacl_verdict *out)
{
  const struct aws_nacl_entry **order = NULL;
  struct piece pc[NACL_MAX_PIECES];
  size_t i, k = 0, npc = 1;

  out->allowed = false;
  out->rule_number = 32767;
  pc[0].lo = hk_cidr_first(peer);
  pc[0].hi = hk_cidr_last(peer);
  if(n->n_entries)
    order = calloc(n->n_entries, sizeof(*order));
  if(!order && n->n_entries)
    return;
  for(i = 0; i < n->n_entries; i++)
    if(n->entries[i].egress == egress)
      order[k++] = &n->entries[i];
  if(k)
    qsort(order, k, sizeof(*order), entry_cmp);
  for(i = 0; i < k && npc; i++) {
    const struct aws_nacl_entry *e = order[i];
    struct hk_cidr c;
    bool all_ports = strcmp(e->protocol, "-1") == 0 || (e->from_port < 0 && e->to_port < 0);

    if(!nacl_proto_matches(e->protocol, proto) || !hk_cidr_parse(e->cidr, &c))
      continue;
    if(!all_ports && (port < e->from_port || port > e->to_port))
      continue;
    if(e->allow) {
      pieces_cut(pc, &npc, hk_cidr_first(&c), hk_cidr_last(&c), true);
    } else if(pieces_cut(pc, &npc, hk_cidr_first(&c), hk_cidr_last(&c), false)) {
      out->rule_number = e->rule_number;
      free(order);
      return;
    }
  }
  free(order);
  if(npc == 0) {
    out->allowed = true;
    out->rule_number = -1;
  }
}

/* --- setup helpers --- */

bool hk_name_len_ok(const char *name)
{
  size_t len = strlen(name);

  return (long)len >= hk_check_limit("min_name", 4) && (long)len <= hk_check_limit("max_name", 256);
}

const char *hk_databricks_account(const struct hk_setup *s)
{
  return hk_assets_databricks_account(s->partition);
}

bool hk_setup_closed(const struct hk_setup *s)
{
  return s->endpoints[HK_EP_RELAY].enabled;
}

bool hk_setup_gov(const struct hk_setup *s)
{
  return s->partition != HK_PART_AWS;
}
