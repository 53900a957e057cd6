/* aws_sts.h - typed STS operations (regional endpoint, 2011-06-15). */
#ifndef AWS_STS_H
#define AWS_STS_H

#include "aws/aws_client.h"
#include "aws/aws_creds.h"
#include "aws/aws_types.h"

typedef void (*aws_caller_identity_cb)(const struct aws_caller_identity *id,
                                       const struct hk_error *err, void *ud);
/* creds is wiped after the callback returns; copy with aws_creds_copy(). */
typedef void (*aws_assumed_cb)(const struct aws_creds *creds, const char *assumed_arn,
                               const struct hk_error *err, void *ud);

hk_status aws_sts_get_caller_identity(struct aws_client *c, aws_caller_identity_cb cb,
                                      void *ud);
/* external_id may be NULL; duration_s 0 = AWS default. */
hk_status aws_sts_assume_role(struct aws_client *c, const char *role_arn,
                              const char *session_name, const char *external_id,
                              int duration_s, aws_assumed_cb cb, void *ud);

#endif
