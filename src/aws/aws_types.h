/* aws_types.h - plain C structs for the AWS resources heiiki reads.
 *
 * The AWS client parses XML responses into these; the checks, the plan and
 * the UI's pickers read only these (never XML).  Fixed-size strings keep them
 * trivially copyable; arrays are heap-allocated and freed by the *_free
 * helpers in aws_types.c. */
#ifndef AWS_TYPES_H
#define AWS_TYPES_H

#include <stdbool.h>
#include <stddef.h>

#define AWS_ID_MAX 64
#define AWS_NAME_MAX 256

struct aws_tag {
  char key[128];
  char value[256];
};

struct aws_vpc {
  char vpc_id[AWS_ID_MAX];
  char cidr[24];                 /* primary CIDR block */
  char state[16];
  bool is_default;
  char name[AWS_NAME_MAX];       /* Name tag */
  /* filled by DescribeVpcAttribute; -1 = not read yet */
  int dns_support;
  int dns_hostnames;
};

struct aws_subnet {
  char subnet_id[AWS_ID_MAX];
  char vpc_id[AWS_ID_MAX];
  char cidr[24];
  char az[32];                   /* ap-northeast-1a */
  char az_id[32];                /* apne1-az4 */
  int available_ips;
  bool map_public_ip;
  char name[AWS_NAME_MAX];
};

struct aws_route {
  char dest_cidr[24];            /* "" when the destination is a prefix list */
  char dest_prefix_list[AWS_ID_MAX];
  char gateway_id[AWS_ID_MAX];   /* igw-..., vpce-..., local */
  char nat_gateway_id[AWS_ID_MAX];
  char state[16];
};

struct aws_route_table {
  char route_table_id[AWS_ID_MAX];
  char vpc_id[AWS_ID_MAX];
  bool is_main;                  /* has a main association */
  char (*subnet_ids)[AWS_ID_MAX];/* explicit associations */
  char (*assoc_ids)[AWS_ID_MAX]; /* their association ids (rtbassoc-...), same order */
  size_t n_subnet_ids;
  struct aws_route *routes;
  size_t n_routes;
  char name[AWS_NAME_MAX];
};

/* One permission: protocol "-1" (all), "tcp", "udp", "icmp"; ports -1 when all. */
struct aws_sg_rule {
  char protocol[8];
  int from_port;
  int to_port;
  char cidr[24];                 /* one peer per rule entry: cidr, or group, or prefix list */
  char group_id[AWS_ID_MAX];
  char prefix_list_id[AWS_ID_MAX];
};

struct aws_security_group {
  char group_id[AWS_ID_MAX];
  char group_name[AWS_NAME_MAX];
  char vpc_id[AWS_ID_MAX];
  char description[AWS_NAME_MAX];
  struct aws_sg_rule *ingress;
  size_t n_ingress;
  struct aws_sg_rule *egress;
  size_t n_egress;
};

struct aws_nacl_entry {
  int rule_number;
  bool egress;
  char protocol[8];              /* "-1", "6" (tcp), "17" (udp) */
  bool allow;                    /* RuleAction allow/deny */
  char cidr[24];
  int from_port;                 /* -1 when not given (all) */
  int to_port;
};

struct aws_nacl {
  char nacl_id[AWS_ID_MAX];
  char vpc_id[AWS_ID_MAX];
  bool is_default;
  char (*subnet_ids)[AWS_ID_MAX];
  size_t n_subnet_ids;
  struct aws_nacl_entry *entries;
  size_t n_entries;
};

struct aws_vpc_endpoint {
  char vpce_id[AWS_ID_MAX];
  char vpc_id[AWS_ID_MAX];
  char service_name[128];
  char type[16];                 /* Interface | Gateway */
  char state[24];                /* pendingAcceptance, pending, available, rejected, ... */
  bool private_dns;
  char (*subnet_ids)[AWS_ID_MAX];
  size_t n_subnet_ids;
  char (*group_ids)[AWS_ID_MAX];
  size_t n_group_ids;
  char (*route_table_ids)[AWS_ID_MAX];
  size_t n_route_table_ids;
  char (*eni_ids)[AWS_ID_MAX];
  size_t n_eni_ids;
  char *policy_document;         /* JSON, may be NULL */
  char name[AWS_NAME_MAX];
};

struct aws_eni {
  char eni_id[AWS_ID_MAX];
  char subnet_id[AWS_ID_MAX];
  char private_ip[48];
  char public_ip[48];            /* "" when none */
  char description[AWS_NAME_MAX];
};

struct aws_igw {
  char igw_id[AWS_ID_MAX];
  char vpc_id[AWS_ID_MAX];       /* attached VPC, "" if detached */
};

struct aws_caller_identity {
  char account[16];
  char arn[2048];
  char user_id[128];
};

struct aws_role {
  char role_name[AWS_NAME_MAX];
  char arn[2048];
  char path[256];
  char *assume_role_policy;      /* URL-decoded JSON */
};

struct aws_role_policy {         /* inline policy */
  char policy_name[AWS_NAME_MAX];
  char *document;                /* URL-decoded JSON */
};

/* SimulatePrincipalPolicy: one result per action. */
struct aws_sim_result {
  char action[128];
  char decision[32];             /* allowed | explicitDeny | implicitDeny */
  char resource[256];            /* EvalResourceName ("*" when none was given) */
};

struct aws_bucket_info {
  char bucket[64];
  bool exists;
  bool owned;                    /* false when 403 */
  char region[32];               /* from GetBucketLocation ("" = us-east-1) */
  char *policy;                  /* GetBucketPolicy JSON or NULL */
  int block_public_acls;         /* -1 = not configured */
  int ignore_public_acls;
  int block_public_policy;
  int restrict_public_buckets;
  char versioning[16];           /* "", Enabled, Suspended */
};

struct aws_az {
  char zone_name[32];            /* ap-northeast-1a */
  char zone_id[32];              /* apne1-az4 */
  char state[16];                /* available */
};

/* DescribeVpcEndpointServices: one service. */
struct aws_vpce_service {
  char service_name[128];
  char type[16];                 /* Interface | Gateway */
  char private_dns_name[256];
  bool acceptance_required;
  char (*azs)[32];
  size_t n_azs;
};

/* DescribePrefixLists: an AWS-managed prefix list (com.amazonaws.<region>.s3, ...). */
struct aws_prefix_list {
  char prefix_list_id[AWS_ID_MAX];
  char name[128];
  char (*cidrs)[24];
  size_t n_cidrs;
};

/* An attached (Managed) policy of a role. */
struct aws_attached_policy {
  char policy_name[AWS_NAME_MAX];
  char policy_arn[2048];
};

struct aws_instance_profile {
  char name[AWS_NAME_MAX];
  char arn[2048];
  char (*role_names)[AWS_NAME_MAX];
  size_t n_role_names;
};

/* Free the heap parts (not the struct itself). */
void aws_route_table_clear(struct aws_route_table *rt);
void aws_security_group_clear(struct aws_security_group *sg);
void aws_nacl_clear(struct aws_nacl *n);
void aws_vpc_endpoint_clear(struct aws_vpc_endpoint *e);
void aws_role_clear(struct aws_role *r);
void aws_role_policy_clear(struct aws_role_policy *p);
void aws_bucket_info_clear(struct aws_bucket_info *b);
void aws_vpce_service_clear(struct aws_vpce_service *s);
void aws_prefix_list_clear(struct aws_prefix_list *p);
void aws_instance_profile_clear(struct aws_instance_profile *p);

/* Free an array returned by an aws_ec2_* / aws_iam_* callback, its elements'
 * heap parts included.  NULL-safe. */
void aws_vpcs_free(struct aws_vpc *a, size_t n);
void aws_subnets_free(struct aws_subnet *a, size_t n);
void aws_azs_free(struct aws_az *a, size_t n);
void aws_route_tables_free(struct aws_route_table *a, size_t n);
void aws_security_groups_free(struct aws_security_group *a, size_t n);
void aws_nacls_free(struct aws_nacl *a, size_t n);
void aws_vpc_endpoints_free(struct aws_vpc_endpoint *a, size_t n);
void aws_vpce_services_free(struct aws_vpce_service *a, size_t n);
void aws_prefix_lists_free(struct aws_prefix_list *a, size_t n);
void aws_enis_free(struct aws_eni *a, size_t n);
void aws_igws_free(struct aws_igw *a, size_t n);
void aws_sim_results_free(struct aws_sim_result *a, size_t n);
void aws_attached_policies_free(struct aws_attached_policy *a, size_t n);

#endif
