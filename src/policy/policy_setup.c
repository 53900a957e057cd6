/* policy_setup.c - which policies a setup needs, generated from its answers. */
#include "policy/policy.h"

#include <stdio.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_uc.h"

static const char *const stems[] = {
#define HK_X_POLICY(e, stem, title) stem,
    HK_POLICY_TABLE(HK_X_POLICY)
#undef HK_X_POLICY
};

static const char *const titles[] = {
#define HK_X_POLICY(e, stem, title) N_(title),
    HK_POLICY_TABLE(HK_X_POLICY)
#undef HK_X_POLICY
};

const char *hk_policy_stem(enum hk_policy_kind k)
{
  return (unsigned)k < HK_POLICY__COUNT ? stems[k] : "";
}

const char *hk_policy_title(enum hk_policy_kind k)
{
  return (unsigned)k < HK_POLICY__COUNT ? titles[k] : "";
}

bool hk_policy_applies(const struct hk_setup *s, enum hk_policy_kind k)
{
  const struct hk_endpoint_answer *ep;
  if(!s)
    return false;
  switch(k) {
  case HK_POLICY_CROSSACCOUNT_TRUST:
  case HK_POLICY_CROSSACCOUNT:
    return s->credential.choice == HK_CREATE;
  case HK_POLICY_ROOT_BUCKET:
    return s->storage.apply_policy;
  case HK_POLICY_UC_TRUST:
  case HK_POLICY_UC_PERMISSIONS:
    return s->metastore.choice == HK_CREATE;
  case HK_POLICY_GLUE_TRUST:
  case HK_POLICY_GLUE_PERMISSIONS:
    return s->endpoints[HK_EP_GLUE].enabled;
  case HK_POLICY_S3_ENDPOINT:
    ep = &s->endpoints[HK_EP_S3];
    return ep->enabled && ep->choice == HK_CREATE;
  case HK_POLICY_STS_ENDPOINT:
    ep = &s->endpoints[HK_EP_STS];
    return ep->enabled && ep->choice == HK_CREATE;
  case HK_POLICY_KINESIS_ENDPOINT:
    ep = &s->endpoints[HK_EP_KINESIS];
    return ep->enabled && ep->choice == HK_CREATE;
  case HK_POLICY__COUNT:
  default:
    return false;
  }
}

static char *need_account(enum hk_policy_kind k, struct hk_error *err)
{
  hk_error_set(err, HK_CONFIG, _("The %s needs your AWS account ID, which heiiki reads after "
                                 "signing in to AWS; sign in first (pre-flight does it)."),
               _(hk_policy_title(k)));
  return NULL;
}

/* Role name = the part of role/... after the last '/'. */
static const char *role_name_of(const char *arn)
{
  const char *r = strstr(arn, ":role/");
  const char *slash;
  if(!r)
    return "";
  slash = strrchr(r, '/');
  return slash ? slash + 1 : "";
}

void hk_policy_uc_external_id_placeholder(const struct hk_setup *s, char *out, size_t n)
{
  /* the storage credential's name: act_uc_util.c hk_act_uc_name() */
  snprintf(out, n, "<external ID of storage credential %s-%s>", s->name, DBX_UC_CREDENTIAL_SUFFIX);
}

/* The UC role's account: from its ARN, else the signed-in account. */
static void uc_account(const struct hk_setup *s, char *out, size_t n)
{
  const char *p = strstr(s->metastore.role_arn, ":iam::");

  out[0] = '\0';
  if(strlen(s->metastore.role_arn) > 25 && strncmp(s->metastore.role_arn, "arn:", 4) == 0 && p)
    hk_strlcpy(out, p + 6, n < 13 ? n : 13);
  if(!out[0])
    hk_strlcpy(out, s->aws_account_id, n);
}

char *hk_policy_for_setup(const struct hk_setup *s, enum hk_policy_kind k, struct hk_error *err)
{
  struct hk_crossaccount_opts co;
  struct hk_s3_endpoint_opts so;
  const char *acct;
  char arn_acct[16], ph[HK_NAME_MAX + 64];

  if(!s || (unsigned)k >= HK_POLICY__COUNT) {
    hk_error_set(err, HK_INVALID, "%s", _("There is no such policy."));
    return NULL;
  }
  acct = s->aws_account_id;
  switch(k) {
  case HK_POLICY_CROSSACCOUNT_TRUST:
    return hk_policy_crossaccount_trust(s->partition, s->account_id, err);
  case HK_POLICY_CROSSACCOUNT:
    memset(&co, 0, sizeof(co));
    co.partition = s->partition;
    co.restricted = s->credential.restricted;
    if(co.restricted) {
      if(!acct[0])
        return need_account(k, err);
      co.aws_account_id = acct;
      co.region = s->region;
      co.vpc_id = s->network.vpc_id;
      co.sg_id = s->network.n_sgs > 0 ? s->network.sg_ids[0] : "";
    }
    return hk_policy_crossaccount(&co, err);
  case HK_POLICY_ROOT_BUCKET:
    return hk_policy_root_bucket(s->partition, s->storage.bucket, s->account_id, err);
  case HK_POLICY_UC_TRUST:
    /* the trust of aws.uc.role.policy ([SRA] unity_catalog_metastore_creation):
     * the UC master role and the role itself, with the credential's external ID */
    uc_account(s, arn_acct, sizeof(arn_acct));
    if(!arn_acct[0])
      return need_account(k, err);
    hk_policy_uc_external_id_placeholder(s, ph, sizeof(ph));
    return hk_policy_uc_trust(s->partition, arn_acct, role_name_of(s->metastore.role_arn), ph, err);
  case HK_POLICY_UC_PERMISSIONS:
    /* the account is the role's own (from its ARN) */
    uc_account(s, arn_acct, sizeof(arn_acct));
    if(!arn_acct[0])
      return need_account(k, err);
    return hk_policy_uc_permissions(s->partition, arn_acct, role_name_of(s->metastore.role_arn),
                                    s->metastore.bucket, NULL, err);
  case HK_POLICY_GLUE_TRUST:
    return hk_policy_glue_trust(err);
  case HK_POLICY_GLUE_PERMISSIONS:
    return hk_policy_glue_permissions(err);
  case HK_POLICY_S3_ENDPOINT:
    if(!acct[0])
      return need_account(k, err);
    memset(&so, 0, sizeof(so));
    so.partition = s->partition;
    so.region = s->region;
    so.aws_account_id = acct;
    so.root_bucket = s->storage.bucket;
    so.catalog_bucket = s->metastore.choice == HK_CREATE ? s->metastore.bucket : NULL;
    /* attached for real: keep heiiki's own bucket calls working from inside the VPC */
    so.manage_account = s->endpoint_policies ? acct : NULL;
    return hk_policy_s3_endpoint(&so, err);
  case HK_POLICY_STS_ENDPOINT:
    if(!acct[0])
      return need_account(k, err);
    return hk_policy_sts_endpoint(s->partition, s->region, acct, err);
  case HK_POLICY_KINESIS_ENDPOINT:
    return hk_policy_kinesis_endpoint(s->partition, s->region, err);
  case HK_POLICY__COUNT:
  default:
    break;
  }
  hk_error_set(err, HK_INVALID, "%s", _("There is no such policy."));
  return NULL;
}
