/* aws_signer.h - sign an hk_request in place with SigV4.
 *
 * Called from a request's prepare callback, so every attempt (retries
 * included) gets a fresh X-Amz-Date and signature.  Signs host, content-type,
 * content-md5 and every x-amz-* header already set. */
#ifndef AWS_SIGNER_H
#define AWS_SIGNER_H

#include <time.h>
#include "aws/aws_creds.h"
#include "net/net_loop.h"

hk_status aws_sign_request(struct hk_request *req, const struct aws_creds *creds,
                           const char *region, const char *service, unsigned flags, time_t now,
                           struct hk_error *err);

#endif
