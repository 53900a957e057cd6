/* aws_result.h - turning response pages into arrays of aws_types.h structs
 * (shared by aws_ec2.c, aws_iam.c, aws_sts.c, aws_s3.c). */
#ifndef AWS_RESULT_H
#define AWS_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#include "aws/aws_client.h"
#include "aws/aws_types.h"

/* Parse one list member into elem (zeroed); false = out of memory. */
typedef bool (*aws_item_fn)(const xmlNode *item, void *elem);

/* For every page, every member of the list at path (from the root element,
 * e.g. "vpcSet" or "ListRolePoliciesResult/PolicyNames"), appended to *out. */
hk_status aws_collect(const struct aws_response *resp, const char *path, size_t elem_size,
                      aws_item_fn fn, void **out, size_t *n);
/* The ids of a list: text of each member (child NULL) or of its child. */
bool aws_collect_ids(const xmlNode *list, const char *child, char (**out)[AWS_ID_MAX],
                     size_t *n);
/* The Name tag of an EC2 item ("" when none). */
void aws_tag_name(const xmlNode *item, char *out, size_t n);
/* The first page's root element, or NULL. */
xmlNode *aws_resp_root(const struct aws_response *resp);
/* err for callbacks: the response's error, or a cleared one on success. */
const struct hk_error *aws_resp_error(const struct aws_response *resp, struct hk_error *ok);
/* URL-decode an IAM policy document; raw JSON is returned as is. */
char *aws_policy_decode(const char *text);

#endif
