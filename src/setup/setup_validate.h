/* setup_validate.h - syntax validators for every kind of answer.
 *
 * Each has the hk_validate_fn shape: HK_OK, or HK_INVALID with one sentence
 * in err->message that says what is wrong and how to fix it.  All of them
 * refuse hostile input first (over-long pastes, control characters, non-ASCII
 * text) with the position of the offending character, counted in characters.
 * An empty value is refused too: whether a field may stay empty is the field
 * table's business (hk_field_set never validates ""). */
#ifndef SETUP_VALIDATE_H
#define SETUP_VALIDATE_H

#include <stddef.h>
#include "core/hk_status.h"
#include "setup/setup_model.h"

/* Shared first pass: length <= max bytes, printable ASCII only.  `what` names
 * the value in the sentence ("role ARN"). */
hk_status hk_validate_text(const char *what, const char *v, size_t max, struct hk_error *err);

/* arn:<aws|aws-us-gov>:iam::<12 digits>:role/<path/>name */
hk_status hk_validate_role_arn(const char *v, struct hk_error *err);
/* A role ARN without a path (the Unity Catalog role's policies name it so). */
hk_status hk_validate_uc_role_arn(const char *v, struct hk_error *err);
/* IAM role name to create: [A-Za-z0-9+=,.@_-], 1-64. */
hk_status hk_validate_role_name(const char *v, struct hk_error *err);
/* S3 bucket name rules (3-63, lowercase, digits, dots, hyphens ...). */
hk_status hk_validate_bucket(const char *v, struct hk_error *err);
/* Unity Catalog bucket: the S3 rules, and no dots. */
hk_status hk_validate_uc_bucket(const char *v, struct hk_error *err);
/* AWS IDs: prefix-<8 or 17 lowercase hex digits>. */
hk_status hk_validate_vpc_id(const char *v, struct hk_error *err);
hk_status hk_validate_subnet_id(const char *v, struct hk_error *err);
hk_status hk_validate_sg_id(const char *v, struct hk_error *err);
hk_status hk_validate_vpce_id(const char *v, struct hk_error *err);
hk_status hk_validate_rtb_id(const char *v, struct hk_error *err);
/* IPv4 a.b.c.d/n, host bits zero. */
hk_status hk_validate_cidr(const char *v, struct hk_error *err);
/* A new VPC's range: IPv4, /16 to /28 (setup_validate_net.c). */
hk_status hk_validate_vpc_cidr(const char *v, struct hk_error *err);
/* Nodes per cluster subnet: 1 to what a /17 holds (setup_validate_net.c). */
hk_status hk_validate_nodes(const char *v, struct hk_error *err);
/* Comma-separated CIDRs, at most HK_MAX_CIDRS. */
hk_status hk_validate_cidr_list(const char *v, struct hk_error *err);
/* A region Databricks supports (assets/regions/privatelink-services.tsv). */
hk_status hk_validate_region(const char *v, struct hk_error *err);
/* Databricks account ID / metastore ID: a UUID. */
hk_status hk_validate_uuid(const char *v, struct hk_error *err);
hk_status hk_validate_account_uuid(const char *v, struct hk_error *err);
/* 12-digit AWS account ID. */
hk_status hk_validate_aws_account(const char *v, struct hk_error *err);
/* Databricks object names: 4-256 printable characters. */
hk_status hk_validate_name(const char *v, struct hk_error *err);
/* Setup name (names the state file): letters, digits, '.', '_', '-', 1-64, starts alnum. */
hk_status hk_validate_setup_name(const char *v, struct hk_error *err);
/* Workspace deployment name: lowercase letters, digits, hyphens; 3-63. */
hk_status hk_validate_deployment_name(const char *v, struct hk_error *err);
/* A local file path (hosts file): printable, at most 255 bytes. */
hk_status hk_validate_path(const char *v, struct hk_error *err);

/* The node ceiling of a /N cluster subnet: (2^(32-N) - 5) / 2; -1 if N is out of 0..32. */
long hk_subnet_node_capacity(int prefix_len);

#endif
