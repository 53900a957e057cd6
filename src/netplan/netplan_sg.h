/* netplan_sg.h - the rules of the security groups heiiki creates (pure).
 *
 * closed-network-setup.md §2.5 and security-group-rules.md §2-3 (SRA network.tf,
 * privatelink.tf), ports from assets/ports.tsv:
 *   SG 01 front-end endpoint: in TCP 443 from each client CIDR, all TCP from SG 02;
 *         out: AWS's default allow-all (the report's "all TCP to 0.0.0.0/0").
 *   SG 02 clusters: in/out all TCP and UDP within itself; out on each required
 *         ws_egress port to the VPC CIDR, TCP 443 to the S3 prefix list; AWS's
 *         default allow-all egress is revoked (SRA).
 *   SG 03 interface endpoints: in on each required ep_ingress port from SG 02;
 *         out: the default (SRA declares none; endpoints only answer). */
#ifndef NETPLAN_NETPLAN_SG_H
#define NETPLAN_NETPLAN_SG_H

#include <stddef.h>
#include "aws/aws_types.h"
#include "core/hk_status.h"
#include "setup/setup_model.h"

enum hk_net_sg { HK_NET_SG_FRONTEND, HK_NET_SG_CLUSTER, HK_NET_SG_ENDPOINTS, HK_NET_SG__COUNT };

#define HK_NET_SG_MAX_RULES 48

struct hk_net_sg_rules {
  struct aws_sg_rule ingress[HK_NET_SG_MAX_RULES];
  size_t n_ingress;
  struct aws_sg_rule egress[HK_NET_SG_MAX_RULES];
  size_t n_egress;
  bool revoke_default_egress;
};

/* "frontend", "cluster", "endpoints" and the report's labels ("SG 01" ...). */
const char *hk_net_sg_key(enum hk_net_sg g);
const char *hk_net_sg_label(enum hk_net_sg g);

/* The rules of group g.  self_id: g's own id; cluster_id: SG 02's id; vpc_cidr;
 * s3_prefix_list: pl-... of com.amazonaws.<region>.s3 ("" leaves that rule out).
 * HK_CONFIG with a sentence when assets/ports.tsv cannot be read. */
hk_status hk_net_sg_rules(enum hk_net_sg g, const struct hk_setup *s, const char *self_id,
                          const char *cluster_id, const char *vpc_cidr,
                          const char *s3_prefix_list, struct hk_net_sg_rules *out,
                          struct hk_error *err);

/* Of the wanted rules of one direction, those no rule of the groups covers (by
 * protocol, ports and peer: a CIDR containing the wanted one or the VPC's for a
 * group peer, the same group, the same prefix list or 0.0.0.0/0).  Returns how
 * many went to out (at most max). */
size_t hk_net_sg_missing(const struct aws_security_group *const *sgs, size_t n_sgs, bool egress,
                         const char *vpc_cidr, const struct aws_sg_rule *want, size_t n_want,
                         struct aws_sg_rule *out, size_t max);
/* One rule as "proto:from:to:peer" (peer: a CIDR, sg-..., or pl-...) and back. */
void hk_net_sg_rule_text(const struct aws_sg_rule *r, char *out, size_t n);
bool hk_net_sg_rule_parse(const char *text, struct aws_sg_rule *r);

#endif
