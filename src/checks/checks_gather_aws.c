/* checks_gather_aws.c - the IAM (role, policy simulation) and S3 (root
 * bucket) reads of the pre-flight. */
#include "checks/checks_gather_int.h"

#include <stdlib.h>
#include <string.h>

#include "aws/aws_iam.h"
#include "aws/aws_s3.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "policy/policy_sim.h"
#include "setup/setup_assets.h"

/* The customer-managed VPC policy's actions: lists A and B of aws-policies.md. */
static const char *const sim_lists[] = { "crossaccount-base", "crossaccount-customer" };

bool hk_gather_want_role(const struct hk_setup *s)
{
  return s->credential.choice == HK_EXISTING && strstr(s->credential.role_arn, ":role/") != NULL;
}

bool hk_gather_want_bucket(const struct hk_setup *s)
{
  return s->storage.bucket[0] != '\0';
}

static void role_name(const struct hk_setup *s, char *out, size_t n)
{
  const char *p = strstr(s->credential.role_arn, ":role/");
  const char *slash;

  out[0] = '\0';
  if(!p)
    return;
  p += 6;
  slash = strrchr(p, '/');
  hk_strlcpy(out, slash ? slash + 1 : p, n);
}

static void role_done(const struct aws_role *role, const struct hk_error *err, void *ud)
{
  struct hk_gather *g = ud;

  if(err->status == HK_OK && role) {
    aws_role_clear(&g->f->role);
    g->f->role = *role;
    g->f->role.assume_role_policy = hk_strdup(role->assume_role_policy);
    g->f->role_found = true;
  } else if(err->status != HK_NOT_FOUND) {
    hk_gather_fail(g, HK_READ_ROLE, "iam:GetRole", err);
  }
  hk_gather_call_done(g, HK_READ_ROLE);
}

hk_status hk_gather_issue_role(struct hk_gather *g)
{
  char name[256];

  role_name(g->s, name, sizeof(name));
  return aws_iam_get_role(g->o.aws, name, role_done, g);
}

static void sim_done(struct aws_sim_result *v, size_t n, const struct hk_error *err, void *ud)
{
  struct hk_gather *g = ud;

  if(err->status != HK_OK) {
    hk_gather_fail(g, HK_READ_ROLE_SIM, "iam:SimulatePrincipalPolicy", err);
    free(v);
  } else {
    free(g->f->sim);
    g->f->sim = v;
    g->f->n_sim = n;
  }
  free(g->sim_actions);
  g->sim_actions = NULL;
  hk_gather_call_done(g, HK_READ_ROLE_SIM);
}

/* The restricted policy's scoped actions are simulated on its resource ARNs
 * with its context keys (assets/rules/iam-simulation.tsv, policy_sim.c). */
hk_status hk_gather_issue_role_sim(struct hk_gather *g)
{
  struct hk_error e;
  size_t i, j, total = 0;
  const struct hk_strlist *lists[2];
  struct hk_sim_plan *plan;
  hk_status st;

  hk_error_clear(&e);
  for(i = 0; i < 2; i++) {
    lists[i] = hk_assets_list(sim_lists[i], &e);
    if(!lists[i])
      return e.status != HK_OK ? e.status : HK_CONFIG;
    total += lists[i]->n;
  }
  g->sim_actions = calloc(total ? total : 1, sizeof(*g->sim_actions));
  plan = calloc(1, sizeof(*plan));
  if(!g->sim_actions || !plan) {
    free(plan);
    return HK_NOMEM;
  }
  g->n_sim_actions = 0;
  for(i = 0; i < 2; i++)
    for(j = 0; j < lists[i]->n; j++)
      g->sim_actions[g->n_sim_actions++] = lists[i]->items[j];
  st = hk_sim_plan_build(g->s, g->s->credential.role_arn, (const char *const *)g->sim_actions,
                         g->n_sim_actions, plan, &e);
  if(st == HK_OK)
    st = hk_sim_run(g->o.aws, g->s->credential.role_arn, plan, sim_done, g);
  free(plan);
  if(st != HK_OK) {
    free(g->sim_actions);
    g->sim_actions = NULL;
  }
  return st;
}

/* --- S3: one call per bucket fact; "not configured" is a result --- */

static bool bucket_err(struct hk_gather *g, const char *label, const struct hk_error *err)
{
  if(err->status == HK_OK)
    return false;
  if(err->status != HK_NOT_FOUND && err->status != HK_AUTH && err->http_status != 403 && err->http_status != 404)
    hk_gather_fail(g, HK_READ_BUCKET, label, err);
  /* a VPC endpoint policy refusing heiiki's own call is not "someone else's
   * bucket": the read failed, and the message says which policy (aws_xml.c);
   * HeadBucket has no body, so this is how S2 learns it too */
  else if(strstr(err->api_message, "VPC endpoint policy"))
    hk_gather_fail(g, HK_READ_BUCKET, label, err);
  return true;
}

static void head_done(const struct aws_bucket_info *b, const struct hk_error *err, void *ud)
{
  struct hk_gather *g = ud;
  struct aws_bucket_info *fb = &g->f->bucket;

  hk_strlcpy(fb->bucket, g->s->storage.bucket, sizeof(fb->bucket));
  if(err->status == HK_NOT_FOUND || err->http_status == 404) {
    fb->exists = false;
  } else if(err->status == HK_AUTH || err->http_status == 403) {
    fb->exists = true;
    fb->owned = false;
  } else if(!bucket_err(g, "s3:HeadBucket", err) && b) {
    fb->exists = b->exists;
    fb->owned = b->owned;
    hk_strlcpy(fb->region, b->region, sizeof(fb->region));
  }
  hk_gather_call_done(g, HK_READ_BUCKET);
}

static void policy_done(const struct aws_bucket_info *b, const struct hk_error *err, void *ud)
{
  struct hk_gather *g = ud;

  if(!bucket_err(g, "s3:GetBucketPolicy", err) && b && b->policy) {
    free(g->f->bucket.policy);
    g->f->bucket.policy = hk_strdup(b->policy);
  }
  hk_gather_call_done(g, HK_READ_BUCKET);
}

static void pab_done(const struct aws_bucket_info *b, const struct hk_error *err, void *ud)
{
  struct hk_gather *g = ud;
  struct aws_bucket_info *fb = &g->f->bucket;

  if(!bucket_err(g, "s3:GetPublicAccessBlock", err) && b) {
    fb->block_public_acls = b->block_public_acls;
    fb->ignore_public_acls = b->ignore_public_acls;
    fb->block_public_policy = b->block_public_policy;
    fb->restrict_public_buckets = b->restrict_public_buckets;
  }
  hk_gather_call_done(g, HK_READ_BUCKET);
}

static void versioning_done(const struct aws_bucket_info *b, const struct hk_error *err, void *ud)
{
  struct hk_gather *g = ud;

  if(!bucket_err(g, "s3:GetBucketVersioning", err) && b)
    hk_strlcpy(g->f->bucket.versioning, b->versioning, sizeof(g->f->bucket.versioning));
  hk_gather_call_done(g, HK_READ_BUCKET);
}

hk_status hk_gather_issue_bucket_head(struct hk_gather *g)
{
  return aws_s3_head_bucket(g->o.aws, g->s->storage.bucket, head_done, g);
}

hk_status hk_gather_issue_bucket_policy(struct hk_gather *g)
{
  return aws_s3_get_bucket_policy(g->o.aws, g->s->storage.bucket, policy_done, g);
}

hk_status hk_gather_issue_bucket_pab(struct hk_gather *g)
{
  return aws_s3_get_public_access_block(g->o.aws, g->s->storage.bucket, pab_done, g);
}

hk_status hk_gather_issue_bucket_versioning(struct hk_gather *g)
{
  return aws_s3_get_bucket_versioning(g->o.aws, g->s->storage.bucket, versioning_done, g);
}
