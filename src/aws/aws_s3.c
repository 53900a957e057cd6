/* aws_s3.c - typed S3 bucket operations. */
#include "aws/aws_s3.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_result.h"
#include "aws/aws_xml.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

#define S3_NS "http://s3.amazonaws.com/doc/2006-03-01/"

enum s3_read { READ_HEAD, READ_LOCATION, READ_POLICY, READ_PAB, READ_VERSIONING };

struct s3_op {
  aws_bucket_cb bucket_cb;
  aws_done_cb done_cb;
  void *ud;
  enum s3_read what;
  char bucket[64];
  const char *ok_code;        /* error code that counts as success */
};

static struct s3_op *op_new(const char *bucket, void *ud)
{
  struct s3_op *op = calloc(1, sizeof(*op));
  if(op) {
    op->ud = ud;
    hk_strlcpy(op->bucket, bucket, sizeof(op->bucket));
  }
  return op;
}

static bool bucket_ok(const char *b)
{
  size_t n = b ? strlen(b) : 0;
  size_t i;
  if(n < 3 || n > 63)
    return false;
  for(i = 0; i < n; i++) {
    char ch = b[i];
    if(!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.'))
      return false;
  }
  return true;
}

/* ---- reads ---- */

static void read_done(const struct aws_response *resp, void *ud)
{
  struct s3_op *op = ud;
  struct aws_bucket_info b;
  struct hk_error ok;
  const struct hk_error *err = aws_resp_error(resp, &ok);
  xmlNode *root = aws_resp_root(resp);
  const char *code = resp->err ? resp->err->code : "";
  const char *hdr;

  memset(&b, 0, sizeof(b));
  hk_strlcpy(b.bucket, op->bucket, sizeof(b.bucket));
  b.block_public_acls = b.ignore_public_acls = b.block_public_policy =
      b.restrict_public_buckets = -1;
  hdr = resp->req ? hk_request_resp_header(resp->req, "x-amz-bucket-region") : NULL;
  if(hdr)
    hk_strlcpy(b.region, hdr, sizeof(b.region));

  switch(op->what) {
  case READ_HEAD:
    /* 404 and 403 are answers here, not failures */
    if(resp->status == HK_OK) {
      b.exists = b.owned = true;
      if(!b.region[0])
        hk_strlcpy(b.region, resp->region, sizeof(b.region));
    }
    else if(resp->http_status == 403) {
      b.exists = true;
      hk_error_clear(&ok);
      err = &ok;
    }
    else if(resp->http_status == 404) {
      hk_error_clear(&ok);
      err = &ok;
    }
    break;
  case READ_LOCATION:
    if(resp->status == HK_OK) {
      b.exists = b.owned = true;
      aws_xml_text(root, "", b.region, sizeof(b.region));
      if(!strcmp(b.region, "EU"))
        hk_strlcpy(b.region, "eu-west-1", sizeof(b.region));
    }
    break;
  case READ_POLICY:
    if(resp->status == HK_OK && resp->req) {
      b.exists = b.owned = true;
      b.policy = hk_strdup(resp->req->resp_body.data ? resp->req->resp_body.data : "");
    }
    else if(!strcmp(code, "NoSuchBucketPolicy")) {
      b.exists = b.owned = true;
      hk_error_clear(&ok);
      err = &ok;
    }
    break;
  case READ_PAB:
    if(resp->status == HK_OK) {
      b.exists = b.owned = true;
      b.block_public_acls = aws_xml_bool(root, "BlockPublicAcls", -1);
      b.ignore_public_acls = aws_xml_bool(root, "IgnorePublicAcls", -1);
      b.block_public_policy = aws_xml_bool(root, "BlockPublicPolicy", -1);
      b.restrict_public_buckets = aws_xml_bool(root, "RestrictPublicBuckets", -1);
    }
    else if(!strcmp(code, "NoSuchPublicAccessBlockConfiguration")) {
      b.exists = b.owned = true;
      hk_error_clear(&ok);
      err = &ok;
    }
    break;
  case READ_VERSIONING:
    if(resp->status == HK_OK) {
      b.exists = b.owned = true;
      aws_xml_text(root, "Status", b.versioning, sizeof(b.versioning));
    }
    break;
  }
  op->bucket_cb(&b, err, op->ud);
  aws_bucket_info_clear(&b);
  free(op);
}

static hk_status bucket_read(struct aws_client *c, const char *bucket, enum s3_read what,
                             aws_bucket_cb cb, void *ud)
{
  static const char *const queries[] = {NULL, "location", "policy", "publicAccessBlock",
                                        "versioning"};
  static const char *const labels[] = {"s3:HeadBucket", "s3:GetBucketLocation",
                                       "s3:GetBucketPolicy", "s3:GetPublicAccessBlock",
                                       "s3:GetBucketVersioning"};
  struct aws_rest r;
  struct s3_op *op;
  hk_status st;

  if(!cb || !bucket_ok(bucket))
    return HK_INVALID;
  op = op_new(bucket, ud);
  if(!op)
    return HK_NOMEM;
  op->bucket_cb = cb;
  op->what = what;
  memset(&r, 0, sizeof(r));
  r.method = what == READ_HEAD ? "HEAD" : "GET";
  r.bucket = bucket;
  r.query = queries[what];
  r.label = labels[what];
  r.flags = AWS_CALL_IDEMPOTENT | (what == READ_POLICY ? AWS_CALL_RAW : 0);
  st = aws_client_rest(c, &r, read_done, op);
  if(st != HK_OK)
    free(op);
  return st;
}

hk_status aws_s3_head_bucket(struct aws_client *c, const char *bucket, aws_bucket_cb cb,
                             void *ud)
{
  return bucket_read(c, bucket, READ_HEAD, cb, ud);
}

hk_status aws_s3_get_bucket_location(struct aws_client *c, const char *bucket,
                                     aws_bucket_cb cb, void *ud)
{
  return bucket_read(c, bucket, READ_LOCATION, cb, ud);
}

hk_status aws_s3_get_bucket_policy(struct aws_client *c, const char *bucket, aws_bucket_cb cb,
                                   void *ud)
{
  return bucket_read(c, bucket, READ_POLICY, cb, ud);
}

hk_status aws_s3_get_public_access_block(struct aws_client *c, const char *bucket,
                                         aws_bucket_cb cb, void *ud)
{
  return bucket_read(c, bucket, READ_PAB, cb, ud);
}

hk_status aws_s3_get_bucket_versioning(struct aws_client *c, const char *bucket,
                                       aws_bucket_cb cb, void *ud)
{
  return bucket_read(c, bucket, READ_VERSIONING, cb, ud);
}

/* ---- the account's buckets ---- */

struct list_op {
  aws_bucket_names_cb cb;
  void *ud;
};

/* <ListAllMyBucketsResult><Buckets><Bucket><Name>..: S3 lists by element name,
 * not as EC2/IAM "item"/"member" lists. */
static void list_done(const struct aws_response *resp, void *ud)
{
  struct list_op *op = ud;
  struct hk_error ok;
  char (*names)[AWS_BUCKET_NAME_MAX] = NULL;
  size_t n = 0, cap = 0;
  xmlNode *it;

  hk_error_clear(&ok);
  if(resp->status != HK_OK) {
    op->cb(NULL, 0, resp->err, op->ud);
    goto out;
  }
  for(it = aws_xml_child(aws_xml_child(aws_resp_root(resp), "Buckets"), "Bucket"); it;
      it = aws_xml_next(it, "Bucket")) {
    if(n == cap) {
      size_t ncap = cap ? cap * 2 : 16;
      char (*grown)[AWS_BUCKET_NAME_MAX] = realloc(names, ncap * sizeof(*names));
      if(!grown) {
        free(names);
        hk_error_set(&ok, HK_NOMEM, "%s", _("Out of memory."));
        op->cb(NULL, 0, &ok, op->ud);
        goto out;
      }
      names = grown;
      cap = ncap;
    }
    aws_xml_text(it, "Name", names[n], sizeof(names[n]));
    if(names[n][0])
      n++;
  }
  op->cb(names, n, &ok, op->ud);
out:
  free(op);
}

hk_status aws_s3_list_buckets(struct aws_client *c, aws_bucket_names_cb cb, void *ud)
{
  struct aws_rest r;
  struct list_op *op;
  hk_status st;

  if(!cb)
    return HK_INVALID;
  op = calloc(1, sizeof(*op));
  if(!op)
    return HK_NOMEM;
  op->cb = cb;
  op->ud = ud;
  memset(&r, 0, sizeof(r));
  r.method = "GET";
  r.label = "s3:ListBuckets";
  r.flags = AWS_CALL_IDEMPOTENT;
  st = aws_client_rest(c, &r, list_done, op);
  if(st != HK_OK)
    free(op);
  return st;
}

/* ---- writes ---- */

static void write_done(const struct aws_response *resp, void *ud)
{
  struct s3_op *op = ud;
  struct hk_error ok;
  const struct hk_error *err = aws_resp_error(resp, &ok);
  if(resp->status != HK_OK && resp->err && op->ok_code && !strcmp(resp->err->code, op->ok_code)) {
    hk_error_clear(&ok);
    err = &ok;
  }
  op->done_cb(err, op->ud);
  free(op);
}

static hk_status write_call(struct aws_client *c, const struct aws_rest *r, const char *ok_code,
                            aws_done_cb cb, void *ud)
{
  struct s3_op *op;
  hk_status st;

  if(!cb || !bucket_ok(r->bucket))
    return HK_INVALID;
  op = op_new(r->bucket, ud);
  if(!op)
    return HK_NOMEM;
  op->done_cb = cb;
  op->ok_code = ok_code;
  st = aws_client_rest(c, r, write_done, op);
  if(st != HK_OK)
    free(op);
  return st;
}

hk_status aws_s3_create_bucket(struct aws_client *c, const char *bucket, const char *region,
                               aws_done_cb cb, void *ud)
{
  struct aws_rest r;
  char body[512];
  const char *reg = region && region[0] ? region : aws_client_region(c);

  memset(&r, 0, sizeof(r));
  r.method = "PUT";
  r.bucket = bucket;
  r.region = reg;
  r.label = "s3:CreateBucket";
  if(strcmp(reg, "us-east-1")) {
    snprintf(body, sizeof(body),
             "<CreateBucketConfiguration xmlns=\"" S3_NS "\"><LocationConstraint>%s"
             "</LocationConstraint></CreateBucketConfiguration>",
             reg);
    r.body = body;
    r.body_len = strlen(body);
    r.content_type = "application/xml";
  }
  return write_call(c, &r, "BucketAlreadyOwnedByYou", cb, ud);
}

hk_status aws_s3_delete_bucket(struct aws_client *c, const char *bucket, aws_done_cb cb,
                               void *ud)
{
  struct aws_rest r;
  memset(&r, 0, sizeof(r));
  r.method = "DELETE";
  r.bucket = bucket;
  r.label = "s3:DeleteBucket";
  r.flags = AWS_CALL_IDEMPOTENT;
  return write_call(c, &r, "NoSuchBucket", cb, ud);
}

hk_status aws_s3_put_bucket_policy(struct aws_client *c, const char *bucket, const char *json,
                                   aws_done_cb cb, void *ud)
{
  struct aws_rest r;
  if(!json)
    return HK_INVALID;
  memset(&r, 0, sizeof(r));
  r.method = "PUT";
  r.bucket = bucket;
  r.query = "policy";
  r.body = json;
  r.body_len = strlen(json);
  r.content_type = "application/json";
  r.label = "s3:PutBucketPolicy";
  r.flags = AWS_CALL_IDEMPOTENT;
  return write_call(c, &r, NULL, cb, ud);
}

hk_status aws_s3_put_public_access_block(struct aws_client *c, const char *bucket,
                                         bool block_public_acls, bool ignore_public_acls,
                                         bool block_public_policy,
                                         bool restrict_public_buckets, aws_done_cb cb,
                                         void *ud)
{
  struct aws_rest r;
  char body[512];
  snprintf(body, sizeof(body),
           "<PublicAccessBlockConfiguration xmlns=\"" S3_NS "\">"
           "<BlockPublicAcls>%s</BlockPublicAcls><IgnorePublicAcls>%s</IgnorePublicAcls>"
           "<BlockPublicPolicy>%s</BlockPublicPolicy>"
           "<RestrictPublicBuckets>%s</RestrictPublicBuckets>"
           "</PublicAccessBlockConfiguration>",
           block_public_acls ? "true" : "false", ignore_public_acls ? "true" : "false",
           block_public_policy ? "true" : "false", restrict_public_buckets ? "true" : "false");
  memset(&r, 0, sizeof(r));
  r.method = "PUT";
  r.bucket = bucket;
  r.query = "publicAccessBlock";
  r.body = body;
  r.body_len = strlen(body);
  r.content_type = "application/xml";
  r.label = "s3:PutPublicAccessBlock";
  r.flags = AWS_CALL_IDEMPOTENT;
  return write_call(c, &r, NULL, cb, ud);
}

hk_status aws_s3_put_object(struct aws_client *c, const char *bucket, const char *key,
                            const void *data, size_t len, const char *content_type,
                            aws_done_cb cb, void *ud)
{
  struct aws_rest r;
  if(!key || !key[0] || (!data && len))
    return HK_INVALID;
  memset(&r, 0, sizeof(r));
  r.method = "PUT";
  r.bucket = bucket;
  r.key = key;
  r.body = data ? data : "";
  r.body_len = len;
  r.content_type = content_type ? content_type : "application/octet-stream";
  r.label = "s3:PutObject";
  r.flags = AWS_CALL_IDEMPOTENT;
  return write_call(c, &r, NULL, cb, ud);
}

hk_status aws_s3_delete_object(struct aws_client *c, const char *bucket, const char *key,
                               aws_done_cb cb, void *ud)
{
  struct aws_rest r;
  if(!key || !key[0])
    return HK_INVALID;
  memset(&r, 0, sizeof(r));
  r.method = "DELETE";
  r.bucket = bucket;
  r.key = key;
  r.label = "s3:DeleteObject";
  r.flags = AWS_CALL_IDEMPOTENT;
  return write_call(c, &r, NULL, cb, ud);
}
