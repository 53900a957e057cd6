/* checks_facts.h - the live snapshot the pre-flight rules read.
 *
 * The gatherer (checks_gather.c) fills one struct hk_facts from AWS and
 * Databricks; rules (checks_*.c) only read it.  Every read has a bit in the
 * `landed` mask once it finished and, if it failed, a bit in `failed` plus a
 * sentence in err[]: a rule that needs a failed read reports "could not check"
 * instead of passing.  Databricks objects are mirrored into small plain structs
 * here so the rules do not depend on the Databricks client. */
#ifndef CHECKS_FACTS_H
#define CHECKS_FACTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "aws/aws_types.h"

/* Reads.  X(ENUM, label) - label names the call(s) in progress lines. */
#define HK_READ_TABLE(X)                                                  \
  X(IDENTITY, "sts:GetCallerIdentity")                                    \
  X(VPC, "ec2:DescribeVpcs")                                              \
  X(VPC_ATTRS, "ec2:DescribeVpcAttribute")                                \
  X(SUBNETS, "ec2:DescribeSubnets")                                       \
  X(ROUTE_TABLES, "ec2:DescribeRouteTables")                              \
  X(SGS, "ec2:DescribeSecurityGroups")                                    \
  X(NACLS, "ec2:DescribeNetworkAcls")                                     \
  X(ENDPOINTS, "ec2:DescribeVpcEndpoints")                                \
  X(ENIS, "ec2:DescribeNetworkInterfaces")                                \
  X(IGWS, "ec2:DescribeInternetGateways")                                 \
  X(PREFIX_LISTS, "ec2:DescribePrefixLists")                              \
  X(EP_SERVICES, "ec2:DescribeVpcEndpointServices")                       \
  X(ROLE, "iam:GetRole")                                                  \
  X(ROLE_POLICIES, "iam:GetRolePolicy")                                   \
  X(ROLE_SIM, "iam:SimulatePrincipalPolicy")                              \
  X(BUCKET, "s3:GetBucketLocation")                                       \
  X(UC_BUCKET, "s3:GetBucketLocation (Unity Catalog)")                    \
  X(DBX_ACCOUNT, "GET /workspaces")                                       \
  X(DBX_NETWORKS, "GET /networks")                                        \
  X(DBX_VPCES, "GET /vpc-endpoints")                                      \
  X(DBX_PAS, "GET /private-access-settings")                              \
  X(DBX_STORAGE, "GET /storage-configurations")                           \
  X(DBX_METASTORES, "GET /metastores")                                    \
  X(DBX_NETWORK_STATUS, "GET /networks/{id}")                             \
  X(DBX_WORKSPACE, "GET /workspaces/{id}")                                \
  X(DNS, "getaddrinfo")                                                   \
  X(FRONTEND_PROBE, "GET https://<workspace>/")

enum hk_read_index {
#define HK_X_READ(e, label) HK_READ_IDX_##e,
  HK_READ_TABLE(HK_X_READ)
#undef HK_X_READ
  HK_READ__COUNT
};

typedef uint32_t hk_reads;   /* a set of reads: HK_READ_* bits */
enum {
  HK_READ_NONE = 0,
#define HK_X_READ(e, label) HK_READ_##e = 1 << HK_READ_IDX_##e,
  HK_READ_TABLE(HK_X_READ)
#undef HK_X_READ
};

const char *hk_read_label(enum hk_read_index i);

/* --- Databricks objects, as the rules see them --- */
#define HK_DBX_MAX_IDS 8

struct hk_dbx_account_ref {
  bool auth_ok;                    /* GET /workspaces answered 200 */
  char auth_error[512];            /* sentence when not (401/403/...) */
  bool pl_ok;                      /* private access settings and VPC endpoints can be listed */
  char pl_error[512];
  char tier[32];                   /* a pricing tier seen on the account's workspaces: ENTERPRISE
                                      when any workspace has it, else the first one seen ("" = none) */
};

struct hk_dbx_network_ref {
  char id[64];
  char name[257];
  char vpc_id[64];
  char subnet_ids[HK_DBX_MAX_IDS][64];
  int n_subnets;
  char sg_ids[HK_DBX_MAX_IDS][64];
  int n_sgs;
  char rest_vpce_ids[HK_DBX_MAX_IDS][64];   /* Databricks VPCE registration IDs */
  int n_rest;
  char relay_vpce_ids[HK_DBX_MAX_IDS][64];
  int n_relay;
  long long workspace_id;          /* 0 = not attached */
  char vpc_status[16];             /* VALID, WARNED, BROKEN, UNATTACHED */
  char messages[1024];             /* error and warning messages, "type: message; ..." */
};

struct hk_dbx_vpce_ref {
  char id[64];                     /* Databricks vpc_endpoint_id */
  char name[257];
  char aws_vpce_id[64];
  char use_case[40];               /* WORKSPACE_ACCESS, GENERAL_ACCESS, DATAPLANE_RELAY_ACCESS */
  char state[32];                  /* available, pending, pendingAcceptance, rejected, ... */
  char region[32];
};

struct hk_dbx_pas_ref {
  char id[64];
  char name[257];
  char region[32];
  char level[16];                  /* ACCOUNT, ENDPOINT (ANY is obsolete) */
  bool public_access;
};

struct hk_dbx_metastore_ref {
  char id[64];
  char name[257];
  char region[32];
};

struct hk_dbx_workspace_ref {
  long long id;
  char name[257];
  char region[32];
  char status[24];                 /* PROVISIONING, RUNNING, FAILED, BANNED, ... */
  char status_message[512];
  char deployment_name[64];
};

/* --- the snapshot --- */
struct hk_facts {
  hk_reads landed;                 /* finished (ok or failed) */
  hk_reads failed;                 /* finished with an error: err[] says why */
  char err[HK_READ__COUNT][512];

  struct aws_caller_identity identity;

  bool vpc_found;
  struct aws_vpc vpc;              /* dns_* from DescribeVpcAttribute (-1 = unknown) */
  struct aws_subnet *subnets;      /* every subnet of the VPC */
  size_t n_subnets;
  struct aws_route_table *route_tables; /* every route table of the VPC (main included) */
  size_t n_route_tables;
  struct aws_security_group *sgs;  /* every SG of the VPC */
  size_t n_sgs;
  struct aws_nacl *nacls;          /* every network ACL of the VPC */
  size_t n_nacls;
  struct aws_vpc_endpoint *endpoints; /* every VPC endpoint of the VPC */
  size_t n_endpoints;
  struct aws_eni *enis;            /* ENIs of the front-end endpoint (post-create) */
  size_t n_enis;
  struct aws_igw *igws;            /* internet gateways attached to the VPC */
  size_t n_igws;

  struct aws_prefix_list s3_prefix_list; /* com.amazonaws.<region>.s3 ("" id = not found) */
  /* DescribeVpcEndpointServices, one call per service heiiki creates an endpoint of: the
   * services found, and the names AWS does not know (InvalidServiceName). */
  struct aws_vpce_service *ep_services;
  size_t n_ep_services;
  char ep_services_missing[8][128];
  int n_ep_services_missing;

  bool role_found;
  struct aws_role role;
  struct aws_role_policy *role_policies;   /* inline policies */
  size_t n_role_policies;
  struct aws_sim_result *sim;      /* SimulatePrincipalPolicy, one per required action */
  size_t n_sim;

  struct aws_bucket_info bucket;   /* root bucket */
  struct aws_bucket_info uc_bucket;

  struct hk_dbx_account_ref dbx_account;
  struct hk_dbx_network_ref *dbx_networks;
  size_t n_dbx_networks;
  struct hk_dbx_vpce_ref *dbx_vpces;
  size_t n_dbx_vpces;
  struct hk_dbx_pas_ref *dbx_pas;
  size_t n_dbx_pas;
  int dbx_storage_count;           /* storage configurations in the account */
  struct hk_dbx_metastore_ref *dbx_metastores;
  size_t n_dbx_metastores;
  struct hk_dbx_workspace_ref *dbx_workspaces;
  size_t n_dbx_workspaces;

  /* what this setup already made (its journal's IDs and ARNs): its own
   * registrations, network, PAS and workspace are not conflicts */
  char (*own)[128];
  size_t n_own;

  /* after create (plan / verify fill these) */
  struct hk_dbx_network_ref created_network;
  struct hk_dbx_workspace_ref created_workspace;
  char ws_host[256];               /* workspace host name */
  char resolved_ips[8][48];        /* what the operator host resolves ws_host to */
  int n_resolved_ips;
  long probe_http_status;          /* front-end probe */
  char probe_location[512];        /* Location header or the final URL */
  char probe_body_head[512];       /* first bytes of the body */
};

void hk_facts_init(struct hk_facts *f);
/* Free every heap part and re-init. */
void hk_facts_clear(struct hk_facts *f);

/* Mark a read finished; sentence NULL = ok, else the read failed with it. */
void hk_facts_landed(struct hk_facts *f, hk_reads read, const char *sentence);
bool hk_facts_has(const struct hk_facts *f, hk_reads reads);
/* The first failed read among `reads`, or NULL. */
const char *hk_facts_failure(const struct hk_facts *f, hk_reads reads);

/* Look-ups; NULL when absent. */
const struct aws_subnet *hk_facts_subnet(const struct hk_facts *f, const char *subnet_id);
const struct aws_security_group *hk_facts_sg(const struct hk_facts *f, const char *group_id);
const struct aws_vpc_endpoint *hk_facts_endpoint(const struct hk_facts *f, const char *vpce_id);
const struct aws_vpce_service *hk_facts_ep_service(const struct hk_facts *f, const char *name);
/* The route table of a subnet: its explicit association, else the VPC's main table. */
const struct aws_route_table *hk_facts_route_table_for(const struct hk_facts *f,
                                                       const char *subnet_id);
/* The network ACL associated with a subnet. */
const struct aws_nacl *hk_facts_nacl_for(const struct hk_facts *f, const char *subnet_id);
const struct hk_dbx_vpce_ref *hk_facts_dbx_vpce_by_aws(const struct hk_facts *f,
                                                       const char *aws_vpce_id);

/* Subnet capacity: Databricks gives each node two IPs and AWS keeps 5 per
 * subnet, so a /prefix holds (2^(32-prefix) - 5) / 2 nodes (0 when too small,
 * -1 for a prefix outside 0..32). */
/* Copy the IDs this setup made (journal results) into the facts; false when out of memory. */
bool hk_facts_set_own(struct hk_facts *f, const char *const *ids, size_t n);
/* The object with this ID (AWS ID, ARN, Databricks ID) is this setup's own. */
bool hk_facts_own(const struct hk_facts *f, const char *id);

int hk_subnet_capacity(int prefix);
/* "10.0.1.0/24 — 125 nodes ((2^8 − 5) / 2)"; "" for a CIDR that does not parse. */
void hk_subnet_capacity_format(const char *cidr, char *out, size_t n);

#endif
