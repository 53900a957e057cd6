/* aws_client.h - one AWS account + region on the event loop.
 *
 * Two generic calls carry every typed operation (aws_ec2.h, aws_iam.h,
 * aws_sts.h, aws_s3.h):
 *  - aws_client_query(): the query APIs (EC2 2016-11-15, IAM 2010-05-08,
 *    STS 2011-06-15) as a signed POST form;
 *  - aws_client_rest(): S3 REST calls (x-amz-content-sha256, virtual-host
 *    style, path style when the endpoint is overridden or the bucket has dots).
 *
 * Requests are signed in their prepare callback, so each retry is re-signed
 * with a fresh time.  Throttling is retried for every call (AWS did not run a
 * throttled request); server errors, resets and timeouts only for reads and
 * for creates that carry an idempotency token (AWS_CALL_IDEMPOTENT).
 * Backoff is exponential with full jitter.  With AWS_CALL_PAGINATE the
 * client follows NextToken (EC2) and Marker/IsTruncated (IAM) and the
 * callback fires once with every page. */
#ifndef AWS_CLIENT_H
#define AWS_CLIENT_H

#include <stdbool.h>
#include <libxml/tree.h>

#include "aws/aws_creds.h"
#include "aws/aws_endpoints.h"
#include "aws/aws_params.h"
#include "core/hk_status.h"
#include "net/net_loop.h"

struct aws_client_opts {
  const char *profile;        /* NULL = AWS_PROFILE / default */
  const char *region;         /* NULL = AWS_REGION / AWS_DEFAULT_REGION / profile */
  int max_attempts;           /* 0 = AWS_MAX_ATTEMPTS or 5 */
  long backoff_base_ms;       /* 0 = 100 */
  long backoff_cap_ms;        /* 0 = 20000 */
  long imds_timeout_ms;       /* 0 = 1000 */
};

struct aws_client;

/* Reads the AWS config files and resolves region and endpoints; credentials
 * are fetched on the first call.  NULL with err set on a bad configuration. */
struct aws_client *aws_client_new(struct hk_loop *loop, const struct aws_client_opts *opts,
                                  struct hk_error *err);
/* Only when no call of this client is pending (run the loop idle first). */
void aws_client_free(struct aws_client *c);

const char *aws_client_region(const struct aws_client *c);
const char *aws_client_partition(const struct aws_client *c);
const struct aws_endpoint *aws_client_endpoint(const struct aws_client *c,
                                               enum aws_service svc);
struct aws_creds_provider *aws_client_creds(struct aws_client *c);
struct hk_loop *aws_client_loop(struct aws_client *c);

enum {
  AWS_CALL_IDEMPOTENT = 1u << 0,  /* safe to resend after a 5xx/reset/timeout */
  AWS_CALL_PAGINATE = 1u << 1,    /* follow continuation tokens */
  AWS_CALL_RAW = 1u << 2          /* do not parse the body as XML */
};

struct aws_response {
  hk_status status;               /* HK_OK or err->status */
  const struct hk_error *err;     /* set when status != HK_OK */
  long http_status;
  xmlDoc *const *pages;           /* parsed bodies (2xx), one per page */
  size_t n_pages;
  const struct hk_request *req;   /* last request: raw body, response headers */
  const char *region;             /* region the call was signed for */
};

/* The callback runs once, from the loop; pages and req are freed after it
 * returns. */
typedef void (*aws_response_cb)(const struct aws_response *resp, void *ud);

/* Query API call.  params holds the operation's own parameters (Action and
 * Version are added); it is copied.  label is static text like
 * "ec2:DescribeVpcs" used in traces and messages. */
hk_status aws_client_query(struct aws_client *c, enum aws_service svc, const char *action,
                           const struct aws_params *params, unsigned flags,
                           aws_response_cb cb, void *ud);

struct aws_rest {
  const char *method;             /* GET, PUT, HEAD, DELETE, POST */
  const char *bucket;             /* NULL for service-level calls */
  const char *key;                /* object key (unencoded) or NULL */
  const char *query;              /* e.g. "policy", "list-type=2&prefix=a" or NULL */
  const char *body;
  size_t body_len;
  const char *content_type;       /* NULL = none */
  const char *region;             /* NULL = the client's */
  const char *label;              /* "s3:GetBucketPolicy" */
  unsigned flags;                 /* AWS_CALL_* */
};

/* S3 REST call.  A request signed for the wrong region is resent once to the
 * bucket's region (x-amz-bucket-region). */
hk_status aws_client_rest(struct aws_client *c, const struct aws_rest *r, aws_response_cb cb,
                          void *ud);

/* Retry decision for an attempt that ended in req (exposed for tests):
 * 1 = retry, 0 = finished. */
int aws_retry_decide(const struct hk_request *req, bool idempotent);

#endif
