/* aws_endpoints.h - where each AWS service is reached and how it is signed.
 *
 * Defaults are partition-aware (aws, aws-us-gov, aws-cn).  Overrides, highest
 * first: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's services
 * section (endpoint_url), the profile's endpoint_url.
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true turns all overrides off.
 * An overridden S3 endpoint is addressed path-style. */
#ifndef AWS_ENDPOINTS_H
#define AWS_ENDPOINTS_H

#include <stdbool.h>
#include "aws/aws_config.h"
#include "core/hk_status.h"

/* X(enum, signing name, env suffix, config key) */
#define AWS_SERVICE_TABLE(X) \
  X(EC2, "ec2", "EC2", "ec2") \
  X(IAM, "iam", "IAM", "iam") \
  X(STS, "sts", "STS", "sts") \
  X(S3,  "s3",  "S3",  "s3")

enum aws_service {
#define AWS_X_SVC(e, sign, env, key) AWS_SVC_##e,
  AWS_SERVICE_TABLE(AWS_X_SVC)
#undef AWS_X_SVC
  AWS_SVC__COUNT
};

struct aws_endpoint {
  char url[512];              /* scheme://host[:port][/path], no trailing slash */
  char signing_region[32];
  char signing_name[16];
  char partition[16];         /* aws | aws-us-gov | aws-cn */
  bool overridden;
  bool path_style;            /* S3: bucket in the path, not the host */
};

const char *aws_service_name(enum aws_service svc);
/* "aws", "aws-us-gov" or "aws-cn" for a region name. */
const char *aws_partition_of(const char *region);
/* DNS suffix of a partition: amazonaws.com or amazonaws.com.cn. */
const char *aws_partition_domain(const char *partition);
/* A region name is syntactically valid (ap-northeast-1, us-gov-west-1, ...). */
bool aws_region_valid(const char *region);

/* Resolve the endpoint of svc for region; cfg may be NULL (no config file). */
hk_status aws_endpoint_resolve(enum aws_service svc, const char *region,
                               const struct aws_config *cfg, struct aws_endpoint *out,
                               struct hk_error *err);

/* Split url into host (with :port when given) and path ("" when none). */
hk_status aws_url_split(const char *url, char *host, size_t host_n, char *path, size_t path_n);

#endif
