/* setup_model.h - every answer of the flow, in the account console's order.
 *
 * One struct holds the whole setup.  Fields are described once, in the field
 * table (setup_fields.c, an X-macro in setup_fields.def): answers-file key,
 * step, kind, label, help, syntax validator, picker.  The wizard, the answers
 * file (INI), and the state file (JSON) all go through that table. */
#ifndef SETUP_MODEL_H
#define SETUP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include "core/hk_status.h"

#define HK_NAME_MAX 257         /* Databricks object names: 4-256 chars */
#define HK_ID_MAX 64            /* vpc-, subnet-, sg-, vpce-, Databricks IDs */
#define HK_ARN_MAX 2048
#define HK_BUCKET_MAX 64
#define HK_MAX_SUBNETS 8
#define HK_MAX_SGS 5
#define HK_MAX_CIDRS 8
#define HK_SCHEMA_VERSION 1

/* The wizard's steps, in order: the account, the AWS network (VPC, cluster
 * subnets, security groups: everything the endpoints and the credential's
 * scope are checked against, so nothing waits for a later step), then the
 * account console's objects in the console's order.  X(ENUM, key, title) */
#define HK_STEP_TABLE(X)                                                  \
  X(ACCOUNT, "account", "Account and identity")                           \
  X(NETWORK, "network", "Network configuration")                          \
  X(CREDENTIAL, "credential", "Credential configuration")                 \
  X(STORAGE, "storage", "Storage configuration")                          \
  X(ENDPOINTS, "endpoints", "VPC endpoints")                              \
  X(PAS, "private_access", "Private access settings")                     \
  X(METASTORE, "metastore", "Metastore")                                  \
  X(WORKSPACE, "workspace", "Workspace")                                  \
  X(CLIENT, "client", "Client access")

enum hk_step {
#define HK_X_STEP(e, key, title) HK_STEP_##e,
  HK_STEP_TABLE(HK_X_STEP)
#undef HK_X_STEP
  HK_STEP__COUNT
};

enum hk_partition { HK_PART_AWS, HK_PART_AWS_US_GOV, HK_PART_AWS_US_GOV_DOD };

enum hk_choice { HK_EXISTING = 0, HK_CREATE = 1 };

/* VPC endpoints of the flow.  X(ENUM, key, label) */
#define HK_EP_TABLE(X)                                                    \
  X(WORKSPACE, "workspace", "Workspace (REST API and user access)")       \
  X(BACKEND_REST, "backend_rest", "Back-end REST API")                    \
  X(RELAY, "relay", "Secure cluster connectivity relay")                  \
  X(S3, "s3", "S3 gateway")                                               \
  X(STS, "sts", "STS")                                                    \
  X(KINESIS, "kinesis", "Kinesis streams")                                \
  X(GLUE, "glue", "Glue")

enum hk_ep_kind {
#define HK_X_EP(e, key, label) HK_EP_##e,
  HK_EP_TABLE(HK_X_EP)
#undef HK_X_EP
  HK_EP__COUNT
};

struct hk_endpoint_answer {
  bool enabled;                          /* false: not used (e.g. Glue off, backend shared) */
  enum hk_choice choice;                 /* EXISTING: vpce_id given; CREATE: in subnets with sg */
  char vpce_id[HK_ID_MAX];               /* AWS vpce-... */
  char subnet_ids[HK_MAX_SUBNETS][HK_ID_MAX]; /* interface: subnets; gateway: unused */
  int n_subnets;
  char sg_id[HK_ID_MAX];                 /* interface endpoints */
  char route_table_ids[HK_MAX_SUBNETS][HK_ID_MAX]; /* S3 gateway: route tables */
  int n_route_tables;
  char registration_name[HK_NAME_MAX];   /* Databricks registration (workspace, backend, relay) */
};

enum hk_pas_level { HK_PAS_ACCOUNT = 0, HK_PAS_ENDPOINT = 1 };
/* network.mode: use what exists, create subnets/route tables/security groups
 * in the given VPC, or create the VPC too (issue 18). */
enum hk_net_mode { HK_NET_EXISTING = 0, HK_NET_CREATE_IN_VPC = 1, HK_NET_CREATE_VPC = 2 };
enum hk_frontend_mode { HK_FE_PRIVATE_IP = 0, HK_FE_ELASTIC_IP = 1 };

struct hk_setup {
  int schema_version;

  /* ACCOUNT */
  char name[HK_NAME_MAX];                /* setup name: the state file's name */
  char region[32];                       /* AWS region, e.g. ap-northeast-1 */
  char account_id[40];                   /* Databricks account ID (UUID) */
  char aws_account_id[16];               /* derived: STS GetCallerIdentity */
  enum hk_partition partition;           /* derived from region / caller ARN */

  /* CREDENTIAL */
  struct {
    enum hk_choice choice;               /* EXISTING role_arn, or CREATE role_name */
    char role_arn[HK_ARN_MAX];
    char role_name[HK_NAME_MAX];         /* when CREATE */
    bool restricted;                     /* scope the policy to VPC/SG/region */
    char config_name[HK_NAME_MAX];       /* Databricks credential configuration name */
  } credential;

  /* STORAGE */
  struct {
    enum hk_choice choice;               /* EXISTING bucket, or CREATE it */
    char bucket[HK_BUCKET_MAX];
    bool apply_policy;                   /* put the generated bucket policy */
    char config_name[HK_NAME_MAX];
  } storage;

  /* ENDPOINTS */
  bool backend_shared;                   /* back-end REST shares the workspace endpoint */
  struct hk_endpoint_answer endpoints[HK_EP__COUNT];
  bool endpoint_policies;                /* attach the generated S3/STS/Kinesis endpoint policies */

  /* PAS */
  struct {
    char name[HK_NAME_MAX];
    bool public_access;
    enum hk_pas_level level;
  } pas;

  /* NETWORK */
  struct {
    char name[HK_NAME_MAX];
    enum hk_net_mode mode;
    char vpc_cidr[24];                   /* CREATE_VPC: e.g. 10.0.0.0/16 */
    char nodes[8];                       /* nodes per cluster subnet ("" = 125, a /24) */
    bool create_subnets;                 /* CREATE_IN_VPC: heiiki makes the subnets + route tables */
    bool create_sgs;                     /* CREATE_IN_VPC: heiiki makes SG 01-03 */
    bool fix_existing;                   /* heiiki fixes fixable findings on your own
                                            resources, after you confirm the plan */
    char vpc_id[HK_ID_MAX];
    char subnet_ids[HK_MAX_SUBNETS][HK_ID_MAX];
    int n_subnets;
    char sg_ids[HK_MAX_SGS][HK_ID_MAX];
    int n_sgs;
  } network;

  /* METASTORE */
  struct {
    enum hk_choice choice;               /* EXISTING metastore_id (or the region's), or CREATE */
    char metastore_id[HK_ID_MAX];
    char name[HK_NAME_MAX];
    char bucket[HK_BUCKET_MAX];          /* UC bucket when CREATE (no dots) */
    char role_arn[HK_ARN_MAX];           /* UC role when CREATE */
  } metastore;

  /* WORKSPACE */
  struct {
    char name[HK_NAME_MAX];
    char deployment_name[HK_ID_MAX];     /* optional; needs an account prefix */
    char pricing_tier[16];               /* ENTERPRISE */
    bool compliance_security_profile;    /* CSP on: clusters also use TCP 2443 */
  } workspace;

  /* CLIENT */
  struct {
    enum hk_frontend_mode frontend;
    char client_cidrs[HK_MAX_CIDRS][24]; /* who may reach the front end on 443 */
    int n_client_cidrs;
    char hosts_file[256];                /* "" = do not write */
    bool glue;                           /* Glue catalog route */
  } client;
};

/* What the network step has heiiki create (mode and per-part choices). */
bool hk_net_creates_vpc(const struct hk_setup *s);
bool hk_net_creates_subnets(const struct hk_setup *s);
bool hk_net_creates_sgs(const struct hk_setup *s);
/* heiiki turns the VPC's DNS attributes on when they are off (mode create_in_vpc,
 * or network.fix_existing on the operator's VPC). */
bool hk_net_fixes_dns(const struct hk_setup *s);

/* Defaults: schema version, console-like names derived from the setup name,
 * ENTERPRISE tier, ENDPOINT level, public access off, S3/STS/Kinesis enabled. */
void hk_setup_init(struct hk_setup *s);
/* Fill empty derived names from s->name ("<name>-credential", ...). */
void hk_setup_fill_names(struct hk_setup *s);
/* The setup was renamed from old: derived names still equal to old's defaults
 * ("<old>-root", ...) follow the new name; names the operator chose stay. */
void hk_setup_rename_names(struct hk_setup *s, const char *old);

const char *hk_step_key(enum hk_step step);
const char *hk_step_title(enum hk_step step);
const char *hk_ep_key(enum hk_ep_kind k);
const char *hk_ep_label(enum hk_ep_kind k);
/* The endpoint of kind k is created with private DNS: the back-end REST and relay endpoints
 * (cluster nodes find the control plane by name) and the AWS service endpoints; not the
 * front-end-only workspace endpoint when a separate back-end REST endpoint of the same service
 * holds the name (one private-DNS endpoint per service and VPC), and never the S3 gateway. */
bool hk_ep_private_dns(const struct hk_setup *s, enum hk_ep_kind k);
/* Partition of a region: "us-gov-*" -> AWS_US_GOV (DoD set explicitly), else AWS. */
enum hk_partition hk_partition_of_region(const char *region);
/* ARN partition string: "aws" or "aws-us-gov" (DoD also "aws-us-gov"). */
const char *hk_partition_arn(enum hk_partition p);
/* Partition key: "aws", "aws-us-gov", "aws-us-gov-dod". */
const char *hk_partition_key(enum hk_partition p);

#endif
