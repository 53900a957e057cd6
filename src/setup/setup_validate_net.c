/* setup_validate_net.c - syntax of the network step's create answers (issue 18). */
#include "setup/setup_validate.h"

#include <stdlib.h>
#include <string.h>
#include "checks/checks_util.h"
#include "core/hk_i18n.h"
#include "netplan/netplan.h"

/* AWS: "The allowed block size is between a /16 netmask (65,536 IP addresses) and /28
 * netmask (16 IP addresses)" - https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html */
hk_status hk_validate_vpc_cidr(const char *v, struct hk_error *err)
{
  struct hk_cidr c;
  hk_status rc = hk_validate_cidr(v, err);

  if(rc != HK_OK)
    return rc;
  if(!hk_cidr_parse(v, &c) || c.prefix < 16 || c.prefix > 28)
    return hk_error_set(err, HK_INVALID,
                        _("A VPC's range must be /16 to /28 (AWS), e.g. 10.0.0.0/16; \"%s\" is "
                          "not."), v);
  return HK_OK;
}

hk_status hk_validate_nodes(const char *v, struct hk_error *err)
{
  char *end = NULL;
  long n;
  long max = hk_net_nodes_of(HK_NET_MIN_CLUSTER_PREFIX);

  if(!v || !*v)
    return HK_OK;
  n = strtol(v, &end, 10);
  if(!end || *end || n < 1 || n > max)
    return hk_error_set(err, HK_INVALID,
                        _("Nodes per cluster subnet must be a number from 1 to %ld (what a /17, "
                          "the largest cluster subnet, holds); \"%s\" is not."), max, v);
  return HK_OK;
}
