/* verify_setup.c - the post-deploy checks of a setup, run and recorded once
 * for the CLI and the wizard. */
#include "plan/verify_setup.h"

#include <string.h>
#include "core/hk_i18n.h"
#include "plan/verify_journal.h"

static const char *result_of(const struct hk_journal *j, const char *id, const char *key)
{
  const struct hk_jaction *a = hk_journal_find(j, id);

  return a ? hk_kvmap_str(&a->result, key) : "";
}

const char *hk_verify_setup_url(const struct hk_journal *j)
{
  return result_of(j, "dbx.workspace", "workspace_url");
}

hk_status hk_verify_setup_run(struct hk_loop *loop, struct dbx_client *account,
                              struct hk_journal *j, const struct hk_verify_setup *o,
                              const struct hk_frontend *fe, struct hk_verify_result *r,
                              bool *saved, struct hk_error *err, struct hk_error *save_err)
{
  struct hk_verify_opts vo;
  const char *addr;
  hk_status st;

  memset(r, 0, sizeof(*r));
  *saved = false;
  hk_error_clear(save_err);
  if(j->lock_fd < 0) {
    st = hk_error_set(err, HK_STATE,
                      _("The state file of setup \"%s\" is not locked; the check results are "
                        "only recorded into a locked one."), j->name);
    goto out;
  }
  if(!hk_verify_setup_url(j)[0]) {
    st = hk_error_set(err, HK_STATE, _("Setup \"%s\" has no workspace yet."), j->name);
    hk_error_hint(err, _("Finish the commit first: `heiiki resume %s` or the wizard."), j->name);
    goto out;
  }
  addr = o->frontend_addr && o->frontend_addr[0] ? o->frontend_addr
                                                 : result_of(j, "post.client_access", "address");
  memset(&vo, 0, sizeof(vo));
  vo.workspace_url = hk_verify_setup_url(j);
  vo.frontend_addr = addr[0] ? addr : NULL;
  vo.frontend_port = o->frontend_addr && o->frontend_addr[0] ? o->frontend_port : 443;
  vo.skip = o->skip;
  vo.setup_name = j->name;
  vo.stop = o->stop;
  vo.ws = o->ws;
  hk_verify_journal_cluster(&vo, j);      /* the test cluster is journaled (issue 20, D6) */
  st = hk_verify_run(loop, account, &vo, fe, r, err);
  hk_verify_journal_record(j, r);
  *saved = hk_journal_save(j, save_err) == HK_OK;
out:
  return st;
}
