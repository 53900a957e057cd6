/* policy.h - the IAM, bucket and endpoint policies a closed-network workspace needs.
 *
 * Partition-aware (aws, aws-us-gov, aws-us-gov-dod: DoD uses the aws-us-gov
 * ARN partition with its own Databricks AWS account).  Each generator
 * validates its inputs and returns malloc'd pretty-printed JSON (free()), or
 * NULL with a sentence in err.  Action lists come from assets/policies/ (one .txt per list),
 * Databricks identities from assets/partitions.tsv, regional buckets from
 * assets/regions/databricks-buckets.tsv.  Facts: aws-policies.md. */
#ifndef POLICY_H
#define POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include "core/hk_status.h"
#include "setup/setup_model.h"

/* ---- cross-account role (policy_crossaccount.c) ---- */

/* Trust: the partition's Databricks AWS account may assume the role with
 * external ID = the Databricks account ID (UUID). */
char *hk_policy_crossaccount_trust(enum hk_partition p, const char *databricks_account_id,
                                   struct hk_error *err);

struct hk_crossaccount_opts {
  enum hk_partition partition;
  bool restricted;               /* false: "customer"; true: "restricted" (scoped) */
  const char *aws_account_id;    /* restricted: 12 digits */
  const char *region;            /* restricted */
  const char *vpc_id;            /* restricted */
  const char *sg_id;             /* restricted */
  const char *const *pass_roles; /* role ARNs clusters may get (e.g. the Glue profile's role) */
  size_t n_pass_roles;
};

/* Permissions for a customer-managed VPC ([TFP] policy_type customer / restricted). */
char *hk_policy_crossaccount(const struct hk_crossaccount_opts *o, struct hk_error *err);

/* ---- root bucket (policy_bucket.c) ---- */

/* The account console's "Generate policy" bucket policy for the root bucket. */
char *hk_policy_root_bucket(enum hk_partition p, const char *bucket,
                            const char *databricks_account_id, struct hk_error *err);

/* ---- Unity Catalog role (policy_uc.c) ---- */

/* Trust: the UC master role with the storage credential's external ID, and
 * the role itself (self-assuming). */
char *hk_policy_uc_trust(enum hk_partition p, const char *aws_account_id, const char *role_name,
                         const char *external_id, struct hk_error *err);
/* Permissions on the UC bucket, self-assume, optional KMS key (NULL or ""),
 * and the managed-file-events statements. */
char *hk_policy_uc_permissions(enum hk_partition p, const char *aws_account_id,
                               const char *role_name, const char *bucket, const char *kms_key,
                               struct hk_error *err);

/* ---- Glue catalog instance profile (policy_glue.c) ---- */

/* Trust for the instance-profile role: the EC2 service. */
char *hk_policy_glue_trust(struct hk_error *err);
/* GrantCatalogAccessToGlue: the 22 Glue actions on "*". */
char *hk_policy_glue_permissions(struct hk_error *err);
/* The iam:PassRole statement the cross-account role needs for that role. */
char *hk_policy_glue_passrole(enum hk_partition p, const char *aws_account_id,
                              const char *role_name, struct hk_error *err);

/* ---- VPC endpoint policies (policy_endpoints.c) ---- */

struct hk_s3_endpoint_opts {
  enum hk_partition partition;
  const char *region;
  const char *aws_account_id;    /* the customer's account */
  const char *root_bucket;
  const char *catalog_bucket;    /* UC bucket; NULL or "" = no statement */
  const char *manage_account;    /* when set: a statement letting this account manage the root
                                  * (and catalog) bucket - heiiki's own calls from inside the VPC */
};

/* S3 gateway: the root and catalog buckets, Databricks' artifact, system-table,
 * sample-data and log buckets of the region. */
char *hk_policy_s3_endpoint(const struct hk_s3_endpoint_opts *o, struct hk_error *err);
/* STS interface endpoint: the customer account, and Databricks. */
char *hk_policy_sts_endpoint(enum hk_partition p, const char *region, const char *aws_account_id,
                             struct hk_error *err);
/* Kinesis interface endpoint: Databricks' streams in the region. */
char *hk_policy_kinesis_endpoint(enum hk_partition p, const char *region, struct hk_error *err);

/* ---- the policies of a setup (policy_setup.c) ---- */

/* X(ENUM, file stem, title) */
#define HK_POLICY_TABLE(X)                                                          \
  X(CROSSACCOUNT_TRUST, "crossaccount-trust", "Cross-account role: trust policy")   \
  X(CROSSACCOUNT, "crossaccount-permissions", "Cross-account role: permissions")    \
  X(ROOT_BUCKET, "root-bucket", "Root bucket policy")                               \
  X(UC_TRUST, "uc-role-trust", "Unity Catalog role: trust policy")                 \
  X(UC_PERMISSIONS, "uc-role-permissions", "Unity Catalog role: permissions")       \
  X(GLUE_TRUST, "glue-role-trust", "Glue instance profile role: trust policy")      \
  X(GLUE_PERMISSIONS, "glue-role-permissions", "Glue instance profile role: permissions") \
  X(S3_ENDPOINT, "s3-endpoint", "S3 gateway endpoint policy")                       \
  X(STS_ENDPOINT, "sts-endpoint", "STS endpoint policy")                            \
  X(KINESIS_ENDPOINT, "kinesis-endpoint", "Kinesis endpoint policy")

enum hk_policy_kind {
#define HK_X_POLICY(e, stem, title) HK_POLICY_##e,
  HK_POLICY_TABLE(HK_X_POLICY)
#undef HK_X_POLICY
  HK_POLICY__COUNT
};

const char *hk_policy_stem(enum hk_policy_kind k);   /* "root-bucket" */
const char *hk_policy_title(enum hk_policy_kind k);  /* N_() title */
/* Whether the setup's answers call for this policy (e.g. UC only when the
 * metastore is created, Glue only with the Glue catalog, S3 endpoint policy
 * only when heiiki creates the endpoint). */
bool hk_policy_applies(const struct hk_setup *s, enum hk_policy_kind k);
/* Generate one policy from the answers.  Policies that need the AWS account
 * ID (restricted role, UC, endpoints) refuse with a sentence until
 * s->aws_account_id is known (STS GetCallerIdentity).  The UC trust policy
 * needs the storage credential's external ID, which exists only after apply
 * made the credential: here it carries the placeholder below (as the plan
 * shows it); apply uses hk_policy_uc_trust() with the real one. */
char *hk_policy_for_setup(const struct hk_setup *s, enum hk_policy_kind k, struct hk_error *err);
/* "<external ID of storage credential <setup>-uc-credential>" */
void hk_policy_uc_external_id_placeholder(const struct hk_setup *s, char *out, size_t n);

/* ---- helpers (policy_write.c) ---- */

/* Re-print a JSON document in the canonical pretty form (cJSON_Print); NULL if not JSON. */
char *hk_policy_canonical(const char *json);
/* Write a policy to path with mode 0600: temporary file + rename; refuses to
 * replace a symlink or anything but a regular file. */
hk_status hk_policy_write(const char *path, const char *json, struct hk_error *err);

#endif
