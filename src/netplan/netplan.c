/* netplan.c - plan the cluster, endpoint and public subnets in a VPC (pure). */
#include "netplan/netplan.h"

#include <stdio.h>
#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "core/hk_text.h"

/* SRA's template gives each PrivateLink subnet a /26 (security-group-rules.md §4);
 * the front-end endpoint needs one address, a /28 is AWS's smallest subnet. */
#define ENDPOINT_PREFIX 26
#define ENDPOINT_MIN_PREFIX 28
#define PUBLIC_PREFIX 28

static uint32_t size_of(int len)
{
  return len <= 0 ? 0 : (uint32_t)1 << (32 - len);   /* 0 means 2^32 */
}

void hk_net_cidr_format(const struct hk_cidr *c, char *out, size_t n)
{
  snprintf(out, n, "%u.%u.%u.%u/%d", c->addr >> 24, (c->addr >> 16) & 255, (c->addr >> 8) & 255,
           c->addr & 255, c->prefix);
}

long hk_net_nodes_of(int prefix)
{
  if(prefix < 1 || prefix > 29)
    return 0;
  return ((long)size_of(prefix) - 5) / 2;
}

int hk_net_prefix_for(long nodes)
{
  int p;

  for(p = HK_NET_MAX_CLUSTER_PREFIX; p >= HK_NET_MIN_CLUSTER_PREFIX; p--)
    if(hk_net_nodes_of(p) >= nodes)
      return p;
  return 0;
}

void hk_net_zones_offered(struct hk_net_input *in, const char (*azs)[32], size_t n, bool first)
{
  size_t z, k, keep = 0;

  if(first) {
    in->n_zones = 0;
    for(z = 0; z < n && in->n_zones < HK_NET_MAX_ZONES; z++)
      hk_strlcpy(in->zones[in->n_zones++], azs[z], sizeof(in->zones[0]));
    return;
  }
  for(z = 0; z < in->n_zones; z++) {
    bool offered = false;
    for(k = 0; k < n && !offered; k++)
      offered = strcmp(azs[k], in->zones[z]) == 0;
    if(offered && keep != z)
      memcpy(in->zones[keep], in->zones[z], sizeof(in->zones[0]));
    keep += offered;
  }
  in->n_zones = keep;
}

static const char *const role_keys[] = { "cluster-1", "cluster-2", "endpoints", "public" };
static const char *const role_labels[] = {
  N_("cluster nodes"), N_("cluster nodes"), N_("interface endpoints"),
  N_("front-end endpoint (public)"),
};

const char *hk_net_role_key(enum hk_net_role r)
{
  return (unsigned)r < 4 ? role_keys[r] : "?";
}

const char *hk_net_role_label(enum hk_net_role r)
{
  return (unsigned)r < 4 ? _(role_labels[r]) : "?";
}

static bool taken(const struct hk_net_input *in, const struct hk_net_layout *l, struct hk_cidr c)
{
  size_t i;

  for(i = 0; i < in->n_existing; i++)
    if(hk_cidr_overlaps(&c, &in->existing[i]))
      return true;
  for(i = 0; l && i < l->n; i++)
    if(hk_cidr_overlaps(&c, &l->subnets[i].cidr))
      return true;
  return false;
}

/* The lowest free aligned /len inside the VPC. */
static bool find_block(const struct hk_net_input *in, const struct hk_net_layout *l, int len,
                       struct hk_cidr *out)
{
  uint64_t step = size_of(len), a, end;

  if(len < in->vpc.prefix || len > 32)
    return false;
  end = (uint64_t)hk_cidr_last(&in->vpc) + 1;
  for(a = in->vpc.addr; a + step <= end; a += step) {
    struct hk_cidr c = { (uint32_t)a, len };
    if(!taken(in, l, c)) {
      *out = c;
      return true;
    }
  }
  return false;
}

static void ip_text(uint32_t a, char *out, size_t n)
{
  snprintf(out, n, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255);
}

/* Free ranges of the VPC outside the existing subnets and those of l (may be NULL). */
static void free_ranges(const struct hk_net_input *in, const struct hk_net_layout *l, char *out,
                        size_t n)
{
  uint64_t a = in->vpc.addr, end = (uint64_t)hk_cidr_last(&in->vpc);
  size_t len = 0, i, total = in->n_existing + (l ? l->n : 0);
  char lo[16], hi[16];

  out[0] = '\0';
  while(a <= end && len < n) {
    uint64_t next = end + 1;
    bool inside = false;
    for(i = 0; i < total; i++) {
      const struct hk_cidr *e = i < in->n_existing ? &in->existing[i]
                                                   : &l->subnets[i - in->n_existing].cidr;
      if(a >= e->addr && a <= hk_cidr_last(e)) {
        a = (uint64_t)hk_cidr_last(e) + 1;
        inside = true;
        break;
      }
      if(e->addr > a && e->addr < next)
        next = e->addr;
    }
    if(inside)
      continue;
    ip_text((uint32_t)a, lo, sizeof(lo));
    ip_text((uint32_t)(next - 1), hi, sizeof(hi));
    len += (size_t)snprintf(out + len, n - len, "%s%s-%s", len ? ", " : "", lo, hi);
    a = next;
  }
  if(!out[0])
    hk_strlcpy(out, _("none"), n);
}

void hk_net_free_ranges(const struct hk_net_input *in, char *out, size_t n)
{
  free_ranges(in, NULL, out, n);
}

static void add(struct hk_net_layout *l, enum hk_net_role r, const char *zone, struct hk_cidr c,
                long nodes)
{
  struct hk_net_subnet *s = &l->subnets[l->n++];

  s->role = r;
  hk_strlcpy(s->zone, zone, sizeof(s->zone));
  s->cidr = c;
  s->nodes = nodes;
}

static hk_status no_room(const struct hk_net_input *in, const struct hk_net_layout *l,
                         const char *what, int len, struct hk_error *err)
{
  char vpc[24], free_[512];

  hk_net_cidr_format(&in->vpc, vpc, sizeof(vpc));
  free_ranges(in, l, free_, sizeof(free_));
  return hk_error_set(err, HK_CONFIG,
                      _("VPC %s has no free /%d for the %s subnet (free ranges after the %zu "
                        "subnet(s) planned before it: %s). Ask for fewer nodes (network.nodes), "
                        "add a CIDR block to the VPC, or give existing subnets."),
                      vpc, len, what, l->n, free_);
}

hk_status hk_net_plan(const struct hk_net_input *in, struct hk_net_layout *out,
                      struct hk_error *err)
{
  struct hk_cidr c;
  int len = hk_net_prefix_for(in->nodes), i;
  const char *ep_zone;

  memset(out, 0, sizeof(*out));
  if(len == 0)
    return hk_error_set(err, HK_CONFIG,
                        _("%ld nodes do not fit in one cluster subnet: a /17, the largest "
                          "Databricks accepts, holds %ld. Ask for at most %ld nodes "
                          "(network.nodes)."),
                        in->nodes, hk_net_nodes_of(HK_NET_MIN_CLUSTER_PREFIX),
                        hk_net_nodes_of(HK_NET_MIN_CLUSTER_PREFIX));
  if(in->n_zones < 2)
    return hk_error_set(err, HK_CONFIG,
                        _("Databricks needs cluster subnets in two availability zones, but "
                          "the endpoint services are offered in %zu zone(s) of this region%s%s. "
                          "Choose a region where they are offered in two zones."),
                        in->n_zones, in->n_zones ? ": " : "", in->n_zones ? in->zones[0] : "");
  for(i = 0; i < 2; i++) {
    if(!find_block(in, out, len, &c))
      return no_room(in, out, _("cluster"), len, err);
    add(out, i ? HK_NET_CLUSTER_2 : HK_NET_CLUSTER_1, in->zones[i], c, hk_net_nodes_of(len));
  }
  /* the report puts the endpoints in a third zone when there is one */
  ep_zone = in->n_zones > 2 ? in->zones[2] : in->zones[0];
  for(len = ENDPOINT_PREFIX; len <= ENDPOINT_MIN_PREFIX; len++)
    if(find_block(in, out, len, &c))
      break;
  if(len > ENDPOINT_MIN_PREFIX)
    return no_room(in, out, _("endpoint"), ENDPOINT_MIN_PREFIX, err);
  add(out, HK_NET_ENDPOINTS, ep_zone, c, 0);
  if(in->public_subnet) {
    if(!find_block(in, out, PUBLIC_PREFIX, &c))
      return no_room(in, out, _("public"), PUBLIC_PREFIX, err);
    add(out, HK_NET_PUBLIC, in->zones[0], c, 0);
  }
  return HK_OK;
}

void hk_net_layout_print(FILE *out, const struct hk_net_input *in, const struct hk_net_layout *l)
{
  char cidr[24], free_[512], c1[64], c2[64], c3[64];
  size_t i;

  if(in) {
    hk_net_cidr_format(&in->vpc, cidr, sizeof(cidr));
    hk_net_free_ranges(in, free_, sizeof(free_));
    fprintf(out, _("  VPC %s, free before: %s\n"), cidr, free_);
  }
  /* columns in display cells, not bytes: translated headers (サブネット) line up */
  fprintf(out, "  %s %s %s %s\n", hk_text_pad(c1, sizeof(c1), _("subnet"), 10),
          hk_text_pad(c2, sizeof(c2), _("zone"), 18), hk_text_pad(c3, sizeof(c3), _("CIDR"), 18),
          _("nodes"));
  for(i = 0; i < l->n; i++) {
    const struct hk_net_subnet *sn = &l->subnets[i];
    hk_net_cidr_format(&sn->cidr, cidr, sizeof(cidr));
    hk_text_pad(c1, sizeof(c1), hk_net_role_key(sn->role), 10);
    hk_text_pad(c2, sizeof(c2), sn->zone, 18);
    hk_text_pad(c3, sizeof(c3), cidr, 18);
    if(sn->nodes > 0)
      fprintf(out, "  %s %s %s %ld\n", c1, c2, c3, sn->nodes);
    else
      fprintf(out, "  %s %s %s - (%s)\n", c1, c2, c3, hk_net_role_label(sn->role));
  }
}
