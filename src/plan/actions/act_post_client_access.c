/* act_post_client_access.c - the front-end address and the hosts-file line. */
#include "plan/actions/actions.h"

#include <stdio.h>
#include "core/hk_i18n.h"

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  hk_act_note(a, s->client.hosts_file[0] ? _("work out the front-end address and write the "
                                             "hosts line")
                                         : _("work out the front-end address and the hosts line"));
  return HK_DEC_CREATE;
}

static const char *const keys[] = { "hosts_line", NULL };

const struct hk_action_ops hk_act_post_client_access = {
  "post.client_access", decide, NULL, NULL, NULL, NULL, keys,
};
