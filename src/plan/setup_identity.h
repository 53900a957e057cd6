/* setup_identity.h - fill the setup's derived AWS account ID from STS. */
#ifndef PLAN_SETUP_IDENTITY_H
#define PLAN_SETUP_IDENTITY_H

#include "core/hk_status.h"
#include "setup/setup_model.h"

struct hk_loop;
struct aws_client;

/* GetCallerIdentity, driving the loop until it answers; sets
 * s->aws_account_id.  No client (AWS not configured): HK_OK, unchanged.
 * A setup already bound to another account: HK_CONFLICT with a sentence. */
hk_status hk_setup_fill_account(struct hk_loop *loop, struct aws_client *aws, struct hk_setup *s,
                                struct hk_error *err);

#endif
