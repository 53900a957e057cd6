/* aws_params.h - parameters of a query-API call (EC2, IAM, STS) and their
 * form encoding: "Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-1". */
#ifndef AWS_PARAMS_H
#define AWS_PARAMS_H

#include <stddef.h>
#include "core/hk_buf.h"
#include "core/hk_status.h"

struct aws_params {
  char **keys;
  char **values;
  size_t n;
  size_t cap;
  hk_status st;          /* first failure of an add; reported by encode */
};

void aws_params_init(struct aws_params *p);
void aws_params_free(struct aws_params *p);
/* Add (duplicates allowed; order kept).  NULL value: not added. */
void aws_params_add(struct aws_params *p, const char *key, const char *value);
void aws_params_addf(struct aws_params *p, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Replace or add. */
void aws_params_set(struct aws_params *p, const char *key, const char *value);
/* Value of key, or NULL. */
const char *aws_params_get(const struct aws_params *p, const char *key);
/* Add a list as prefix.1, prefix.2, ... */
void aws_params_add_list(struct aws_params *p, const char *prefix, const char *const *values,
                         size_t n);
/* Copy every parameter of src into dst. */
void aws_params_copy(struct aws_params *dst, const struct aws_params *src);
/* Append the form encoding (RFC 3986 unreserved kept, space as %20). */
hk_status aws_params_encode(const struct aws_params *p, struct hk_buf *out);

#endif
