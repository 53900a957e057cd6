/* aws_creds.h - AWS credentials, found in the AWS SDKs' order.
 *
 *  1. environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
 *  2. the profile (AWS_PROFILE, else "default") of ~/.aws/credentials and
 *     ~/.aws/config: role_arn (+ source_profile or credential_source, via STS
 *     AssumeRole), static keys in the credentials file, credential_process,
 *     static keys in the config file
 *  3. the EC2 instance profile through IMDSv2 (AWS_EC2_METADATA_DISABLED=true
 *     turns it off; AWS_EC2_METADATA_SERVICE_ENDPOINT moves it)
 *
 * Temporary credentials are refreshed before they expire.  Secret values are
 * wiped when freed and never written anywhere. */
#ifndef AWS_CREDS_H
#define AWS_CREDS_H

#include <stdbool.h>
#include <time.h>

#include "aws/aws_config.h"
#include "core/hk_status.h"

struct hk_loop;

struct aws_creds {
  char *access_key;
  char *secret_key;
  char *session_token;       /* NULL when none */
  time_t expiration;         /* 0 = does not expire */
  char source[192];          /* "env", "profile:NAME", "process", "assume-role", "imds" */
};

/* Wipe and free the strings; the struct can be reused. */
void aws_creds_clear(struct aws_creds *c);
hk_status aws_creds_copy(struct aws_creds *dst, const struct aws_creds *src);

struct aws_creds_opts {
  const char *profile;       /* NULL = AWS_PROFILE, else "default" */
  long imds_timeout_ms;      /* per IMDS request; 0 = 1000 */
  long refresh_margin_s;     /* refresh this long before expiry; 0 = 300 */
  long process_timeout_ms;   /* credential_process; 0 = 30000 */
};

struct aws_creds_provider;

/* Read the configuration files (a corrupt file is an error here). loop is
 * used for AssumeRole and IMDS requests. */
struct aws_creds_provider *aws_creds_provider_new(struct hk_loop *loop,
                                                  const struct aws_creds_opts *opts,
                                                  struct hk_error *err);
void aws_creds_provider_free(struct aws_creds_provider *p);

/* Region: AWS_REGION, AWS_DEFAULT_REGION, the profile's region; "" if none. */
const char *aws_creds_region(const struct aws_creds_provider *p);
const char *aws_creds_profile(const struct aws_creds_provider *p);
const struct aws_config *aws_creds_config(const struct aws_creds_provider *p);

typedef void (*aws_creds_cb)(const struct aws_creds *creds, const struct hk_error *err,
                             void *ud);

/* Current credentials, refreshed when missing or within the margin of
 * expiry.  cb runs at once when cached ones are fresh, else from the loop.
 * On failure creds is NULL and err says what was tried and what to do. */
void aws_creds_get_async(struct aws_creds_provider *p, time_t now, aws_creds_cb cb, void *ud);
/* Blocking form: drives the loop until the credentials are there.  Not from
 * inside a loop callback. */
hk_status aws_creds_get(struct aws_creds_provider *p, time_t now, const struct aws_creds **out,
                        struct hk_error *err);
/* The cached credentials (NULL before the first success). */
const struct aws_creds *aws_creds_peek(const struct aws_creds_provider *p);
/* True when the cached credentials need a refresh at now. */
bool aws_creds_stale(const struct aws_creds_provider *p, time_t now);
/* Forget the cached credentials (e.g. after ExpiredToken). */
void aws_creds_invalidate(struct aws_creds_provider *p);

/* Parse an ISO 8601 UTC time (2026-01-02T03:04:05Z, fractions and +hh:mm
 * accepted); 0 on error. */
time_t aws_parse_iso8601(const char *s);

#endif
