/* aws_s3.h - typed S3 bucket operations (REST, SigV4 with x-amz-content-sha256).
 *
 * Bucket reads share one callback type: each fills the fields it reads of
 * struct aws_bucket_info (lent for the duration of the callback).  "Not
 * configured" answers (no bucket policy, no public access block) are results,
 * not errors.  A request signed for the wrong region is resent to the
 * bucket's region. */
#ifndef AWS_S3_H
#define AWS_S3_H

#include <stdbool.h>
#include <stddef.h>

#include "aws/aws_client.h"
#include "aws/aws_ec2.h"
#include "aws/aws_types.h"

#define AWS_BUCKET_NAME_MAX 64
/* Bucket names: the callback owns names and frees it with free(). */
typedef void (*aws_bucket_names_cb)(char (*names)[AWS_BUCKET_NAME_MAX], size_t n,
                                    const struct hk_error *err, void *ud);
typedef void (*aws_bucket_cb)(const struct aws_bucket_info *b, const struct hk_error *err,
                              void *ud);

/* exists / owned (false when 403) / region (from x-amz-bucket-region). */
hk_status aws_s3_head_bucket(struct aws_client *c, const char *bucket, aws_bucket_cb cb,
                             void *ud);
/* region ("" = us-east-1 as S3 reports it). */
hk_status aws_s3_get_bucket_location(struct aws_client *c, const char *bucket,
                                     aws_bucket_cb cb, void *ud);
/* policy (NULL when none). */
hk_status aws_s3_get_bucket_policy(struct aws_client *c, const char *bucket, aws_bucket_cb cb,
                                   void *ud);
/* block_* / ignore_* / restrict_* (-1 when not configured). */
hk_status aws_s3_get_public_access_block(struct aws_client *c, const char *bucket,
                                         aws_bucket_cb cb, void *ud);
/* versioning ("" when never enabled). */
hk_status aws_s3_get_bucket_versioning(struct aws_client *c, const char *bucket,
                                       aws_bucket_cb cb, void *ud);

/* s3:ListBuckets: every bucket the caller owns (all regions). */
hk_status aws_s3_list_buckets(struct aws_client *c, aws_bucket_names_cb cb, void *ud);

/* Create in region (NULL = the client's); LocationConstraint outside
 * us-east-1.  BucketAlreadyOwnedByYou counts as success. */
hk_status aws_s3_create_bucket(struct aws_client *c, const char *bucket, const char *region,
                               aws_done_cb cb, void *ud);
/* An already deleted bucket counts as success. */
hk_status aws_s3_delete_bucket(struct aws_client *c, const char *bucket, aws_done_cb cb,
                               void *ud);
hk_status aws_s3_put_bucket_policy(struct aws_client *c, const char *bucket, const char *json,
                                   aws_done_cb cb, void *ud);
hk_status aws_s3_put_public_access_block(struct aws_client *c, const char *bucket,
                                         bool block_public_acls, bool ignore_public_acls,
                                         bool block_public_policy,
                                         bool restrict_public_buckets, aws_done_cb cb,
                                         void *ud);
/* Small objects only (the body is held in memory). */
hk_status aws_s3_put_object(struct aws_client *c, const char *bucket, const char *key,
                            const void *data, size_t len, const char *content_type,
                            aws_done_cb cb, void *ud);
hk_status aws_s3_delete_object(struct aws_client *c, const char *bucket, const char *key,
                               aws_done_cb cb, void *ud);

#endif
