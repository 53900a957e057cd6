/* netplan.h - the network layout heiiki would create (issue 18), pure: no I/O.
 *
 * From the VPC's CIDR, the subnets already in it, the availability zones in
 * which the Databricks endpoint services are offered (DescribeVpcEndpointServices)
 * and the wanted node count, plan (closed-network-setup.md §2.3, SRA network.tf):
 *   cluster-1, cluster-2  two private subnets dedicated to Databricks, in two
 *                         zones, each /17../26, sized for the node count
 *   endpoints             one subnet for the interface endpoints (/26 as SRA's
 *                         template, smaller when the VPC has no room)
 *   public                a /28 for the front-end endpoint, when that route is chosen
 * Databricks gives each node two addresses and AWS keeps five per subnet, so a
 * /N cluster subnet holds (2^(32-N) - 5) / 2 nodes.  A cluster's nodes sit in
 * one subnet, so the node count is per subnet: each of the two can hold it. */
#ifndef NETPLAN_NETPLAN_H
#define NETPLAN_NETPLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include "checks/checks_util.h"
#include "core/hk_status.h"

#define HK_NET_MAX_EXISTING 256       /* AWS default: 200 subnets per VPC */
#define HK_NET_MAX_ZONES 16
#define HK_NET_MAX_SUBNETS 4
#define HK_NET_MIN_CLUSTER_PREFIX 17  /* Databricks: cluster subnets /17 ... /26 */
#define HK_NET_MAX_CLUSTER_PREFIX 26

/* struct hk_cidr, hk_cidr_parse, hk_cidr_overlaps: checks_util.h */
void hk_net_cidr_format(const struct hk_cidr *c, char *out, size_t n);
/* Nodes a /prefix cluster subnet holds: (2^(32-N) - 5) / 2 (0 below /30). */
long hk_net_nodes_of(int prefix);
/* The smallest cluster subnet (largest N in /17../26) that holds nodes; 0 when
 * even a /17 is too small.  nodes <= 0 gives /26. */
int hk_net_prefix_for(long nodes);

enum hk_net_role { HK_NET_CLUSTER_1, HK_NET_CLUSTER_2, HK_NET_ENDPOINTS, HK_NET_PUBLIC };

struct hk_net_input {
  struct hk_cidr vpc;
  struct hk_cidr existing[HK_NET_MAX_EXISTING];
  size_t n_existing;
  /* zones where every endpoint service heiiki will use is offered, in the
   * region's order (intersect DescribeVpcEndpointServices' AvailabilityZones) */
  char zones[HK_NET_MAX_ZONES][32];
  size_t n_zones;
  long nodes;                         /* per cluster subnet; <= 0: the smallest (/26) */
  bool public_subnet;                 /* front-end endpoint through a public subnet */
};

struct hk_net_subnet {
  enum hk_net_role role;
  char zone[32];
  struct hk_cidr cidr;
  long nodes;                         /* cluster subnets: what it holds; others 0 */
};

struct hk_net_layout {
  struct hk_net_subnet subnets[HK_NET_MAX_SUBNETS];
  size_t n;
};

/* Narrow in->zones to those one endpoint service offers (its AvailabilityZones):
 * the first service sets the list (in its order), each next one keeps the common ones. */
void hk_net_zones_offered(struct hk_net_input *in, const char (*azs)[32], size_t n, bool first);

const char *hk_net_role_key(enum hk_net_role r);    /* "cluster-1", "endpoints" ... */
const char *hk_net_role_label(enum hk_net_role r);  /* translated */

/* Free address ranges of the VPC as text ("10.0.4.0-10.0.255.255, ..."; "none"). */
void hk_net_free_ranges(const struct hk_net_input *in, char *out, size_t n);
/* Plan the layout; HK_CONFIG with a sentence (what is missing, what to change)
 * when the VPC has no room or fewer than two zones qualify. */
hk_status hk_net_plan(const struct hk_net_input *in, struct hk_net_layout *out,
                      struct hk_error *err);

/* The layout as a table: subnet, zone, CIDR, nodes (and the VPC's free ranges
 * when in is given). */
void hk_net_layout_print(FILE *out, const struct hk_net_input *in, const struct hk_net_layout *l);

#endif
