/* aws_sigv4.h - AWS Signature Version 4, as a pure function.
 *
 * aws_sigv4_sign() takes everything that goes into a signature (method, path,
 * query, headers, payload, scope, credentials, time) and returns the canonical
 * request, the string to sign, the signature and the Authorization header.
 * It touches no global state and does no I/O, so it is tested byte for byte
 * against the AWS signing test suite.
 *
 * Path: the path as it goes on the wire.  By default (EC2, IAM, STS) it is
 * normalized (dot segments removed, repeated slashes collapsed) and
 * URI-encoded once more ("double encoding").  S3 signs the wire path as it is:
 * the caller encodes object keys with aws_uri_encode() first. */
#ifndef AWS_SIGV4_H
#define AWS_SIGV4_H

#include <stddef.h>
#include <time.h>
#include "core/hk_buf.h"
#include "core/hk_status.h"

enum {
  AWS_SIGV4_NO_NORMALIZE = 1u << 0,      /* keep "." / ".." / "//" in the path */
  AWS_SIGV4_NO_DOUBLE_ENCODE = 1u << 1,  /* path is already canonical-encoded */
  AWS_SIGV4_CONTENT_SHA256 = 1u << 2,    /* add and sign x-amz-content-sha256 */
  AWS_SIGV4_OMIT_TOKEN = 1u << 3,        /* session token sent but not signed */
  /* S3: no normalization, single encoding, x-amz-content-sha256. */
  AWS_SIGV4_S3 = AWS_SIGV4_NO_NORMALIZE | AWS_SIGV4_NO_DOUBLE_ENCODE | AWS_SIGV4_CONTENT_SHA256
};

#define AWS_SIGV4_UNSIGNED_PAYLOAD "UNSIGNED-PAYLOAD"

struct aws_header {
  const char *name;
  const char *value;
};

struct aws_sigv4_in {
  const char *method;            /* "GET", "POST", ... */
  const char *path;              /* wire path, "/" when empty */
  const char *query;             /* wire query without '?', may be NULL */
  const struct aws_header *headers; /* must include host; duplicates are joined */
  size_t n_headers;
  const void *payload;           /* body; NULL with len 0 for none */
  size_t payload_len;
  const char *payload_hash;      /* hex SHA-256 or UNSIGNED-PAYLOAD; NULL = hash payload */
  const char *region;
  const char *service;
  const char *access_key;
  const char *secret_key;
  const char *session_token;     /* NULL or "" when none */
  time_t timestamp;              /* seconds since the epoch, UTC */
  unsigned flags;                /* AWS_SIGV4_* */
};

struct aws_sigv4_out {
  char *canonical_request;
  char *string_to_sign;
  char *authorization;           /* value of the Authorization header */
  char signature[65];
  char amz_date[17];             /* value of X-Amz-Date: 20150830T123600Z */
  char content_sha256[65 + 16];  /* payload hash used (also x-amz-content-sha256) */
  char signed_headers[1024];
};

/* Sign.  On success out holds heap strings: free with aws_sigv4_out_free().
 * The caller then sends X-Amz-Date, X-Amz-Security-Token (if any),
 * X-Amz-Content-Sha256 (with the flag) and Authorization. */
hk_status aws_sigv4_sign(const struct aws_sigv4_in *in, struct aws_sigv4_out *out,
                         struct hk_error *err);
void aws_sigv4_out_free(struct aws_sigv4_out *out);

/* Hex SHA-256 of data (out: 65 bytes). */
void aws_sha256_hex(const void *data, size_t len, char out[65]);
/* HMAC-SHA256 (out: 32 bytes). */
hk_status aws_hmac_sha256(const void *key, size_t key_len, const void *data,
                          size_t len, unsigned char out[32]);
/* Append s URI-encoded (RFC 3986 unreserved kept, uppercase hex); '/' kept
 * when keep_slash. */
hk_status aws_uri_encode(struct hk_buf *b, const char *s, size_t len, int keep_slash);
/* Percent-decode s into b ("+" kept as is); invalid escapes are kept literally. */
hk_status aws_uri_decode(struct hk_buf *b, const char *s, size_t len);
/* Format t as 20150830T123600Z (out: 17 bytes). */
void aws_amz_date(time_t t, char out[17]);

#endif
