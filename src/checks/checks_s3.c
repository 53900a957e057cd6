/* checks_s3.c - rules S1-S6: root bucket, its policy, the S3 endpoint policy, limits. */
#include "checks/checks_rules.h"

#include <cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "checks/checks_util.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "setup/setup_assets.h"

/* ^[0-9a-z][-0-9a-z.]{1,61}[0-9a-z]$ */
static bool bucket_syntax_ok(const char *b)
{
  size_t i, len = strlen(b);

  if(len < 3 || len > 63)
    return false;
  for(i = 0; i < len; i++) {
    unsigned char c = (unsigned char)b[i];
    bool alnum = isdigit(c) || (c >= 'a' && c <= 'z');
    if(!alnum && ((c != '-' && c != '.') || i == 0 || i == len - 1))
      return false;
  }
  return true;
}

enum hk_verdict hk_check_S1(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  bool uc = s->metastore.choice == HK_CREATE && s->metastore.bucket[0];

  (void)f;
  if(!bucket_syntax_ok(s->storage.bucket))
    return hk_say(out, HK_VERDICT_FAIL,
                  _("The root bucket name \"%s\" breaks the S3 rules: 3-63 lower-case letters, digits, hyphens and dots, starting and ending with a letter or digit."),
                  s->storage.bucket);
  if(uc && !bucket_syntax_ok(s->metastore.bucket))
    return hk_say(out, HK_VERDICT_FAIL, _("The Unity Catalog bucket name \"%s\" breaks the S3 rules."),
                  s->metastore.bucket);
  if(uc && strchr(s->metastore.bucket, '.'))
    return hk_say(out, HK_VERDICT_FAIL, _("The Unity Catalog bucket name \"%s\" contains a dot; Unity Catalog refuses those."),
                  s->metastore.bucket);
  if(strchr(s->storage.bucket, '.')) {
    hk_say(out, HK_VERDICT_WARN, _("The root bucket name \"%s\" contains dots; Databricks advises against them."),
           s->storage.bucket);
    hk_fix(out, _("Use hyphens instead of dots."));
    return HK_VERDICT_WARN;
  }
  return hk_say(out, HK_VERDICT_PASS, _("Bucket names are valid."));
}

static void create_bucket_fix(const struct hk_setup *s, struct hk_finding *out)
{
  if(strcmp(s->region, "us-east-1") == 0)
    hk_fix(out, "aws s3api create-bucket --bucket %s --region %s", s->storage.bucket, s->region);
  else
    hk_fix(out, "aws s3api create-bucket --bucket %s --region %s --create-bucket-configuration LocationConstraint=%s",
           s->storage.bucket, s->region, s->region);
}

enum hk_verdict hk_check_S2(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct aws_bucket_info *b = &f->bucket;
  const char *region = b->region[0] ? b->region : "us-east-1";

  if(!b->exists) {
    if(s->storage.choice == HK_CREATE)
      return hk_say(out, HK_VERDICT_PASS, _("heiiki creates bucket %s in %s."), s->storage.bucket, s->region);
    hk_say(out, HK_VERDICT_FAIL, _("The bucket %s does not exist."), s->storage.bucket);
    create_bucket_fix(s, out);
    return HK_VERDICT_FAIL;
  }
  if(!b->owned) {
    hk_say(out, HK_VERDICT_FAIL, _("The bucket name %s is taken by another AWS account."), s->storage.bucket);
    hk_fix(out, _("Choose another bucket name (S3 names are global)."));
    return HK_VERDICT_FAIL;
  }
  if(strcmp(region, s->region) != 0) {
    hk_say(out, HK_VERDICT_FAIL, _("The bucket %s is in %s; the workspace region is %s."), s->storage.bucket,
           region, s->region);
    hk_fix(out, _("Use a bucket in %s, for example:"), s->region);
    create_bucket_fix(s, out);
    return HK_VERDICT_FAIL;
  }
  return hk_say(out, HK_VERDICT_PASS, _("Bucket %s is yours and in %s."), s->storage.bucket, s->region);
}

static bool json_has(const cJSON *item, const char *v)
{
  const cJSON *e;

  if(cJSON_IsString(item))
    return strcmp(item->valuestring, v) == 0;
  for(e = cJSON_IsArray(item) ? (item)->child : NULL; e; e = e->next)
    if(cJSON_IsString(e) && strcmp(e->valuestring, v) == 0)
      return true;
  return false;
}

/* A Deny without condition for the Databricks principal on the bucket or all
 * its objects, for an action Databricks needs (returns that action).  The
 * console's "Generate policy" Deny on the <bucket>/unity-catalog/ prefix (policy_bucket.c)
 * is not one: either form of the root bucket policy passes. */
static const char *whole_bucket_deny(const cJSON *sts, int n_st, const char *root_arn, const char *dbx,
                                     const char *res_bucket, const char *res_objects,
                                     const struct hk_strlist *actions)
{
  const cJSON *st, *aws, *act, *res;
  size_t i;
  int k;

  for(k = 0; k < n_st; k++) {
    st = cJSON_IsArray(sts) ? cJSON_GetArrayItem(sts, k) : sts;
    if(!json_has(cJSON_GetObjectItemCaseSensitive(st, "Effect"), "Deny") ||
       cJSON_GetObjectItemCaseSensitive(st, "Condition"))
      continue;
    aws = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(st, "Principal"), "AWS");
    if(!json_has(aws, root_arn) && !json_has(aws, dbx) && !json_has(aws, "*"))
      continue;
    res = cJSON_GetObjectItemCaseSensitive(st, "Resource");
    if(!json_has(res, res_bucket) && !json_has(res, res_objects) && !json_has(res, "*"))
      continue;
    act = cJSON_GetObjectItemCaseSensitive(st, "Action");
    if(json_has(act, "s3:*") || json_has(act, "*"))
      return "s3:*";
    for(i = 0; i < actions->n; i++)
      if(json_has(act, actions->items[i]))
        return actions->items[i];
  }
  return NULL;
}

enum hk_verdict hk_check_S3(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct hk_strlist *actions = hk_assets_list("bucket-root", NULL);
  const char *dbx = hk_databricks_account(s);
  const char *part = hk_partition_arn(s->partition);
  char root_arn[128], res_bucket[128], res_objects[136];
  cJSON *doc = NULL, *sts, *st;
  bool got_bucket = false, got_objects = false;
  size_t i, missing = 0;
  int k, n_st;
  const char *deny;
  enum hk_verdict v;

  if(s->storage.apply_policy || (s->storage.choice == HK_CREATE && !f->bucket.exists))
    return hk_say(out, HK_VERDICT_SKIP, _("heiiki applies the generated bucket policy."));
  if(!f->bucket.exists || !f->bucket.owned)
    return hk_say(out, HK_VERDICT_SKIP, _("The bucket cannot be read (rule S2)."));
  snprintf(root_arn, sizeof(root_arn), "arn:%s:iam::%s:root", part, dbx);
  snprintf(res_bucket, sizeof(res_bucket), "arn:%s:s3:::%s", part, s->storage.bucket);
  snprintf(res_objects, sizeof(res_objects), "%s/*", res_bucket);
  doc = f->bucket.policy ? cJSON_Parse(f->bucket.policy) : NULL;
  if(!doc) {
    v = hk_say(out, HK_VERDICT_FAIL, _("The bucket %s has no bucket policy for Databricks."), s->storage.bucket);
    goto out;
  }
  sts = cJSON_GetObjectItemCaseSensitive(doc, "Statement");
  n_st = cJSON_IsArray(sts) ? cJSON_GetArraySize(sts) : cJSON_IsObject(sts) ? 1 : 0;
  if(!actions) {
    v = hk_say(out, HK_VERDICT_UNKNOWN, _("Could not check: the action list assets/policies/bucket-root.txt is missing."));
    goto out;
  }
  for(i = 0; i < actions->n; i++) {
    bool found = false;
    for(k = 0; k < n_st; k++) {
      st = cJSON_IsArray(sts) ? cJSON_GetArrayItem(sts, k) : sts;
      const cJSON *aws = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(st, "Principal"), "AWS");
      const cJSON *act = cJSON_GetObjectItemCaseSensitive(st, "Action");
      const cJSON *res = cJSON_GetObjectItemCaseSensitive(st, "Resource");
      if(!json_has(cJSON_GetObjectItemCaseSensitive(st, "Effect"), "Allow"))
        continue;
      if(!json_has(aws, root_arn) && !json_has(aws, dbx))
        continue;
      if(!json_has(act, actions->items[i]) && !json_has(act, "s3:*"))
        continue;
      found = true;
      got_bucket = got_bucket || json_has(res, res_bucket);
      got_objects = got_objects || json_has(res, res_objects);
    }
    if(!found) {
      if(!missing)
        hk_say(out, HK_VERDICT_FAIL, _("The policy of bucket %s does not grant %s: "), s->storage.bucket, root_arn);
      hk_say_more(out, "%s%s", missing ? ", " : "", actions->items[i]);
      missing++;
    }
  }
  if(missing) {
    hk_say_more(out, ".");
    v = HK_VERDICT_FAIL;
  } else if((deny = whole_bucket_deny(sts, n_st, root_arn, dbx, res_bucket, res_objects, actions)) != NULL) {
    v = hk_say(out, HK_VERDICT_FAIL, _("The policy of bucket %s denies %s to %s on the whole bucket."),
               s->storage.bucket, deny, root_arn);
  } else if(!got_bucket || !got_objects) {
    v = hk_say(out, HK_VERDICT_FAIL, _("The policy of bucket %s grants Databricks access but not on both %s and %s."),
               s->storage.bucket, res_bucket, res_objects);
  } else {
    v = hk_say(out, HK_VERDICT_PASS, _("The policy of bucket %s grants Databricks the actions it needs."),
               s->storage.bucket);
  }
out:
  if(v == HK_VERDICT_FAIL)
    hk_fix(out, _("Apply the generated policy: aws s3api put-bucket-policy --bucket %s --policy file://bucket-policy.json "
                  "(or set storage.apply_policy = true)"), s->storage.bucket);
  cJSON_Delete(doc);
  return v;
}

enum hk_verdict hk_check_S4(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct aws_bucket_info *b = &f->bucket;
  bool blocked = b->block_public_acls == 1 && b->ignore_public_acls == 1 && b->block_public_policy == 1 &&
                 b->restrict_public_buckets == 1;

  if(!b->exists || !b->owned)
    return hk_say(out, HK_VERDICT_SKIP, _("heiiki creates the bucket with public access blocked."));
  if(!blocked) {
    hk_say(out, HK_VERDICT_WARN, _("Bucket %s does not block all public access."), s->storage.bucket);
    hk_fix(out, "aws s3api put-public-access-block --bucket %s --public-access-block-configuration "
                "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
           s->storage.bucket);
    return HK_VERDICT_WARN;
  }
  if(strcmp(b->versioning, "Enabled") == 0) {
    hk_say(out, HK_VERDICT_WARN, _("Bucket %s is versioned; old versions of workspace files pile up."),
           s->storage.bucket);
    hk_fix(out, _("Add a lifecycle rule that expires noncurrent versions, or suspend versioning: "
                  "aws s3api put-bucket-versioning --bucket %s --versioning-configuration Status=Suspended"),
           s->storage.bucket);
    return HK_VERDICT_WARN;
  }
  return hk_say(out, HK_VERDICT_PASS, _("Bucket %s blocks public access and is not versioned."), s->storage.bucket);
}

enum hk_verdict hk_check_S5(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  const struct hk_endpoint_answer *a = &s->endpoints[HK_EP_S3];
  const struct aws_vpc_endpoint *e;
  const struct hk_region_buckets *rb;
  const char *pol;
  int i, missing = 0;

  if(!a->enabled)
    return hk_say(out, HK_VERDICT_SKIP, _("No S3 gateway endpoint in this setup."));
  if(a->choice == HK_CREATE && s->endpoint_policies)
    return hk_say(out, HK_VERDICT_SKIP, _("heiiki creates the S3 endpoint with the generated endpoint policy (endpoints.attach_policies)."));
  if(a->choice == HK_CREATE)
    return hk_say(out, HK_VERDICT_SKIP, _("heiiki creates the S3 endpoint without an endpoint policy: AWS attaches its full-access default. Set endpoints.attach_policies = true to attach the generated one."));
  e = hk_facts_endpoint(f, a->vpce_id);
  if(!e)
    return hk_say(out, HK_VERDICT_SKIP, _("The S3 endpoint %s is not in the VPC (rule N5)."), a->vpce_id);
  pol = e->policy_document;
  if(!pol || (strstr(pol, "\"Resource\":\"*\"") && strstr(pol, "\"Action\":\"*\"") && !strstr(pol, "Deny")))
    return hk_say(out, HK_VERDICT_PASS, _("The S3 endpoint %s allows full access."), e->vpce_id);
  if(!strstr(pol, s->storage.bucket)) {
    hk_say(out, HK_VERDICT_WARN, _("The policy of S3 endpoint %s does not name the root bucket %s"), e->vpce_id,
           s->storage.bucket);
    missing++;
  }
  rb = hk_assets_buckets(s->region, s->partition);
  for(i = 0; rb && i < rb->n_artifacts; i++)
    if(!strstr(pol, rb->artifacts[i])) {
      if(!missing)
        hk_say(out, HK_VERDICT_WARN, _("The policy of S3 endpoint %s does not name"), e->vpce_id);
      hk_say_more(out, "%s %s", missing ? "," : "", rb->artifacts[i]);
      missing++;
    }
  if(missing) {
    hk_say_more(out, ".");
    hk_fix(out, _("Replace it with the generated policy: aws ec2 modify-vpc-endpoint --vpc-endpoint-id %s "
                  "--policy-document file://s3-endpoint-policy.json"), e->vpce_id);
    return HK_VERDICT_WARN;
  }
  return hk_say(out, HK_VERDICT_PASS, _("The S3 endpoint policy allows the root bucket and Databricks' buckets."));
}

enum hk_verdict hk_check_S6(const struct hk_setup *s, const struct hk_facts *f,
                            struct hk_finding *out)
{
  long limit = hk_check_limit("storage_configurations", 50);

  (void)s;
  if(f->dbx_storage_count >= limit) {
    hk_say(out, HK_VERDICT_WARN, _("The account has %d storage configurations; the limit is %ld."),
           f->dbx_storage_count, limit);
    return HK_VERDICT_WARN;
  }
  return hk_say(out, HK_VERDICT_PASS, _("%d of %ld storage configurations used."), f->dbx_storage_count, limit);
}
