/* setup_identity.c - the AWS account ID of the credentials in use.
 *
 * Policies heiiki writes name the account (the restricted cross-account
 * policy, the Glue pass-role statement, the UC role), so the setup's
 * derived aws_account_id is filled from STS GetCallerIdentity before a
 * plan is built or applied.  A value already there (from the journal's
 * answers) is checked against the caller: a different account is refused. */
#include "plan/setup_identity.h"

#include <string.h>
#include "aws/aws_sts.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "net/net_loop.h"

struct ident {
  bool done;
  struct hk_error err;
  char account[16];
};

static void on_identity(const struct aws_caller_identity *id, const struct hk_error *err,
                        void *ud)
{
  struct ident *x = ud;

  x->done = true;
  x->err = *err;
  if(err->status == HK_OK && id)
    hk_strlcpy(x->account, id->account, sizeof(x->account));
}

hk_status hk_setup_fill_account(struct hk_loop *loop, struct aws_client *aws, struct hk_setup *s,
                                struct hk_error *err)
{
  struct ident x;
  hk_status st;

  if(!aws || !loop)
    return HK_OK;
  memset(&x, 0, sizeof(x));
  st = aws_sts_get_caller_identity(aws, on_identity, &x);
  if(st != HK_OK)
    return hk_error_set(err, st, _("Cannot ask AWS STS which account the credentials belong to."));
  while(!x.done) {
    st = hk_loop_poll(loop, 250, -1, NULL);
    if(st != HK_OK)
      return hk_error_set(err, st, _("Cannot ask AWS STS which account the credentials belong "
                                     "to."));
  }
  if(x.err.status != HK_OK) {
    if(err)
      *err = x.err;
    return x.err.status;
  }
  if(!x.account[0])
    return hk_error_set(err, HK_PARSE, _("AWS STS did not say which account the credentials "
                                         "belong to."));
  if(s->aws_account_id[0] && strcmp(s->aws_account_id, x.account) != 0) {
    hk_error_set(err, HK_CONFLICT,
                 _("This setup was started in AWS account %s, but the credentials now in use "
                   "belong to account %s."), s->aws_account_id, x.account);
    hk_error_hint(err, "%s", _("Use the credentials of the account the setup was made in."));
    return HK_CONFLICT;
  }
  hk_strlcpy(s->aws_account_id, x.account, sizeof(s->aws_account_id));
  return HK_OK;
}
