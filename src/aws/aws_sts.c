/* aws_sts.c - GetCallerIdentity and AssumeRole. */
#include "aws/aws_sts.h"

#include <stdlib.h>
#include <string.h>

#include "aws/aws_params.h"
#include "aws/aws_result.h"
#include "aws/aws_xml.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

struct sts_op {
  aws_caller_identity_cb id_cb;
  aws_assumed_cb role_cb;
  void *ud;
};

static void identity_done(const struct aws_response *resp, void *ud)
{
  struct sts_op *op = ud;
  struct aws_caller_identity id;
  struct hk_error ok;
  xmlNode *r = aws_xml_child(aws_resp_root(resp), "GetCallerIdentityResult");

  memset(&id, 0, sizeof(id));
  hk_error_clear(&ok);
  if(resp->status != HK_OK) {
    op->id_cb(NULL, resp->err, op->ud);
    free(op);
    return;
  }
  aws_xml_text(r, "Account", id.account, sizeof(id.account));
  aws_xml_text(r, "Arn", id.arn, sizeof(id.arn));
  aws_xml_text(r, "UserId", id.user_id, sizeof(id.user_id));
  if(!id.account[0] || !id.arn[0]) {
    hk_error_set(&ok, HK_PARSE, _("sts:GetCallerIdentity answered without an account or ARN."));
    op->id_cb(NULL, &ok, op->ud);
  }
  else {
    op->id_cb(&id, &ok, op->ud);
  }
  free(op);
}

hk_status aws_sts_get_caller_identity(struct aws_client *c, aws_caller_identity_cb cb, void *ud)
{
  struct sts_op *op;
  hk_status st;
  if(!cb)
    return HK_INVALID;
  op = calloc(1, sizeof(*op));
  if(!op)
    return HK_NOMEM;
  op->id_cb = cb;
  op->ud = ud;
  st = aws_client_query(c, AWS_SVC_STS, "GetCallerIdentity", NULL, AWS_CALL_IDEMPOTENT,
                        identity_done, op);
  if(st != HK_OK)
    free(op);
  return st;
}

static void assumed_done(const struct aws_response *resp, void *ud)
{
  struct sts_op *op = ud;
  struct aws_creds cr;
  struct hk_error ok;
  xmlNode *r = aws_xml_child(aws_resp_root(resp), "AssumeRoleResult");
  xmlNode *k = aws_xml_child(r, "Credentials");
  char ak[256];
  char exp[64];
  char arn[2048];
  char *sk = NULL;
  char *tok = NULL;

  memset(&cr, 0, sizeof(cr));
  hk_error_clear(&ok);
  if(resp->status != HK_OK) {
    op->role_cb(NULL, NULL, resp->err, op->ud);
    free(op);
    return;
  }
  aws_xml_text(k, "AccessKeyId", ak, sizeof(ak));
  aws_xml_text(k, "Expiration", exp, sizeof(exp));
  aws_xml_text(r, "AssumedRoleUser/Arn", arn, sizeof(arn));
  sk = aws_xml_text_dup(k, "SecretAccessKey");
  tok = aws_xml_text_dup(k, "SessionToken");
  cr.access_key = hk_strdup(ak);
  cr.secret_key = sk;
  cr.session_token = tok;
  cr.expiration = aws_parse_iso8601(exp);
  hk_strlcpy(cr.source, "assume-role", sizeof(cr.source));
  if(!ak[0] || !sk || !sk[0] || !cr.access_key) {
    hk_error_set(&ok, HK_PARSE, _("sts:AssumeRole answered without credentials."));
    op->role_cb(NULL, NULL, &ok, op->ud);
  }
  else {
    op->role_cb(&cr, arn, &ok, op->ud);
  }
  aws_creds_clear(&cr);
  free(op);
}

hk_status aws_sts_assume_role(struct aws_client *c, const char *role_arn,
                              const char *session_name, const char *external_id,
                              int duration_s, aws_assumed_cb cb, void *ud)
{
  struct sts_op *op;
  struct aws_params p;
  hk_status st;

  if(!cb || !role_arn || !role_arn[0])
    return HK_INVALID;
  op = calloc(1, sizeof(*op));
  if(!op)
    return HK_NOMEM;
  op->role_cb = cb;
  op->ud = ud;
  aws_params_init(&p);
  aws_params_add(&p, "RoleArn", role_arn);
  aws_params_add(&p, "RoleSessionName", session_name && session_name[0] ? session_name
                                                                         : "heiiki");
  aws_params_add(&p, "ExternalId", external_id);
  if(duration_s > 0)
    aws_params_addf(&p, "DurationSeconds", "%d", duration_s);
  st = aws_client_query(c, AWS_SVC_STS, "AssumeRole", &p, AWS_CALL_IDEMPOTENT, assumed_done,
                        op);
  aws_params_free(&p);
  if(st != HK_OK)
    free(op);
  return st;
}
