/* aws_iam.h - typed IAM operations (global endpoint, 2010-05-08).
 *
 * Same conventions as aws_ec2.h: the callback runs once with err never NULL;
 * arrays and heap parts handed over belong to the callback (role and policy
 * structs: aws_role_clear() / aws_role_policy_clear() /
 * aws_instance_profile_clear()).  Policy documents are URL-decoded (raw JSON
 * from emulators is taken as is). */
#ifndef AWS_IAM_H
#define AWS_IAM_H

#include <stdbool.h>
#include <stddef.h>

#include "aws/aws_client.h"
#include "aws/aws_ec2.h"
#include "aws/aws_types.h"

typedef void (*aws_role_cb)(const struct aws_role *role, const struct hk_error *err, void *ud);
typedef void (*aws_role_policy_cb)(const struct aws_role_policy *p, const struct hk_error *err,
                                   void *ud);
/* Names (free(names)). */
typedef void (*aws_names_cb)(char (*names)[AWS_NAME_MAX], size_t n, const struct hk_error *err,
                             void *ud);
/* Roles: the callback owns v and frees it with aws_roles_free(v, n). */
typedef void (*aws_roles_cb)(struct aws_role *v, size_t n, const struct hk_error *err, void *ud);
typedef void (*aws_attached_cb)(struct aws_attached_policy *v, size_t n,
                                const struct hk_error *err, void *ud);
typedef void (*aws_sim_cb)(struct aws_sim_result *v, size_t n, const struct hk_error *err,
                           void *ud);
typedef void (*aws_instance_profile_cb)(const struct aws_instance_profile *p,
                                        const struct hk_error *err, void *ud);

hk_status aws_iam_get_role(struct aws_client *c, const char *role_name, aws_role_cb cb, void *ud);
/* path NULL = "/"; description may be NULL. */
hk_status aws_iam_create_role(struct aws_client *c, const char *role_name, const char *path,
                              const char *assume_role_policy, const char *description,
                              aws_role_cb cb, void *ud);
hk_status aws_iam_delete_role(struct aws_client *c, const char *role_name, aws_done_cb cb,
                              void *ud);
/* UpdateAssumeRolePolicy: replace the role's trust policy (idempotent). */
hk_status aws_iam_update_assume_role_policy(struct aws_client *c, const char *role_name,
                                            const char *document, aws_done_cb cb, void *ud);
hk_status aws_iam_put_role_policy(struct aws_client *c, const char *role_name,
                                  const char *policy_name, const char *document,
                                  aws_done_cb cb, void *ud);
hk_status aws_iam_get_role_policy(struct aws_client *c, const char *role_name,
                                  const char *policy_name, aws_role_policy_cb cb, void *ud);
hk_status aws_iam_delete_role_policy(struct aws_client *c, const char *role_name,
                                     const char *policy_name, aws_done_cb cb, void *ud);
/* iam:ListRoles, every page (trust policies URL-decoded); path_prefix may be NULL. */
hk_status aws_iam_list_roles(struct aws_client *c, const char *path_prefix, aws_roles_cb cb,
                             void *ud);
void aws_roles_free(struct aws_role *v, size_t n);
hk_status aws_iam_list_role_policies(struct aws_client *c, const char *role_name,
                                     aws_names_cb cb, void *ud);
hk_status aws_iam_list_attached_role_policies(struct aws_client *c, const char *role_name,
                                              aws_attached_cb cb, void *ud);
/* Evaluate actions for a principal (role/user ARN); resource_arns may be NULL. */
hk_status aws_iam_simulate_principal_policy(struct aws_client *c, const char *source_arn,
                                            const char *const *actions, size_t n_actions,
                                            const char *const *resource_arns,
                                            size_t n_resources, aws_sim_cb cb, void *ud);
/* The same with ContextEntries (type string, one value each), for policies
 * whose statements carry conditions (the restricted cross-account policy). */
struct aws_sim_context {
  const char *key;               /* "ec2:vpc", "aws:RequestTag/Vendor", ... */
  const char *value;
};
hk_status aws_iam_simulate_principal_policy_ctx(struct aws_client *c, const char *source_arn,
                                                const char *const *actions, size_t n_actions,
                                                const char *const *resource_arns,
                                                size_t n_resources,
                                                const struct aws_sim_context *ctx, size_t n_ctx,
                                                aws_sim_cb cb, void *ud);
hk_status aws_iam_create_instance_profile(struct aws_client *c, const char *name,
                                          const char *path, aws_instance_profile_cb cb,
                                          void *ud);
hk_status aws_iam_get_instance_profile(struct aws_client *c, const char *name,
                                       aws_instance_profile_cb cb, void *ud);
hk_status aws_iam_delete_instance_profile(struct aws_client *c, const char *name,
                                          aws_done_cb cb, void *ud);
hk_status aws_iam_add_role_to_instance_profile(struct aws_client *c, const char *profile,
                                               const char *role_name, aws_done_cb cb,
                                               void *ud);
hk_status aws_iam_remove_role_from_instance_profile(struct aws_client *c, const char *profile,
                                                    const char *role_name, aws_done_cb cb,
                                                    void *ud);

#endif
