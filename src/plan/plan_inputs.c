/* plan_inputs.c - the answers each created resource is made from.
 *
 * When heiiki creates a resource it records, with its IDs, the answers it was
 * made from ("network.subnet_ids = subnet-a,subnet-b").  If those answers
 * change later, the resource no longer matches them: a policy is simply put
 * again (reapply), everything else is refused with a sentence naming the
 * answer, its old and new value, and the way out - heiiki never changes or
 * replaces what it created behind the operator's back. */
#include "plan/plan.h"

#include <string.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "plan/journal.h"
#include "setup/setup_fields.h"

/* keys: qualified answer keys, space-separated; {ep} is the endpoint kind */
static const struct inputs_row {
  const char *id;
  const char *keys;
  bool reapply;          /* create is a PUT that replaces: run it again */
} table[] = {
  { "aws.role", "account.account_id credential.role_name", false },
  { "aws.role.policy", "credential.restricted account.region network.vpc_id "
                       "network.security_group_ids", true },
  { "aws.bucket", "storage.bucket account.region", false },
  { "aws.uc.bucket", "metastore.bucket account.region", false },
  { "aws.uc.role", "metastore.role_arn", false },
  { "aws.uc.role.policy", "metastore.bucket metastore.role_arn", true },
  { "post.uc.credential", "metastore.role_arn", false },
  { "post.uc.location", "metastore.bucket", false },
  { "aws.net.vpc", "network.vpc_cidr account.region", false },
  { "aws.net.layout", "network.vpc_id network.nodes client.frontend", false },
  { "aws.bucket.policy", "storage.bucket account.account_id", true },
  { "aws.vpce.*", "network.vpc_id endpoints.{ep}.create_in_subnets "
                  "endpoints.{ep}.security_group endpoints.{ep}.route_tables", false },
  { "dbx.credential", "credential.config_name", false },
  { "dbx.storage", "storage.config_name storage.bucket", false },
  { "dbx.vpce.*", "endpoints.{ep}.registration_name", false },
  { "dbx.pas", "private_access.name private_access.public_access private_access.level", false },
  { "dbx.network", "network.name network.vpc_id network.subnet_ids network.security_group_ids "
                   "endpoints.backend_shared", false },
  { "dbx.metastore", "metastore.name metastore.bucket metastore.role_arn account.region", false },
  { "dbx.workspace", "workspace.name workspace.deployment_name workspace.pricing_tier "
                     "account.region", false },
};

static const struct inputs_row *row_of(const char *id)
{
  size_t i, len;

  for(i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
    len = strlen(table[i].id);
    if(table[i].id[len - 1] == '*' ? strncmp(id, table[i].id, len - 1) == 0
                                   : strcmp(id, table[i].id) == 0)
      return &table[i];
  }
  return NULL;
}

hk_status hk_action_inputs(const struct hk_action *a, const struct hk_setup *s,
                           struct hk_buf *out)
{
  const struct inputs_row *r = row_of(a->id);
  const char *p;
  hk_status rc = HK_OK;

  if(!r)
    return HK_OK;
  for(p = r->keys; *p && rc == HK_OK;) {
    char key[96], value[HK_KV_VALUE_MAX / 2];
    const struct hk_field_def *f;
    size_t n = strcspn(p, " ");
    const char *mark;

    if(n >= sizeof(key))
      n = sizeof(key) - 1;
    memcpy(key, p, n);
    key[n] = '\0';
    p += n;
    p += strspn(p, " ");
    mark = strstr(key, "{ep}");
    if(mark) {
      char tail[96];
      hk_strlcpy(tail, mark + 4, sizeof(tail));
      snprintf(key + (mark - key), sizeof(key) - (size_t)(mark - key), "%s%s",
               hk_ep_key((enum hk_ep_kind)a->arg), tail);
    }
    f = hk_field_find(key);
    if(!f || hk_field_get(s, f, value, sizeof(value)) != HK_OK)
      continue;     /* not an answer of this setup's shape */
    rc = hk_buf_printf(out, "%s = %s\n", key, value);
  }
  return rc;
}

bool hk_action_reapply(const struct hk_action *a)
{
  const struct inputs_row *r = row_of(a->id);
  return r && r->reapply;
}

/* The first line of `was` that `now` lacks, split at " = ". */
static bool first_change(const char *was, const char *now, char *key, size_t nk, char *old,
                         size_t no, char *cur, size_t nc)
{
  const char *line = was;

  while(*line) {
    size_t len = strcspn(line, "\n");
    const char *eq = memchr(line, '=', len);
    char pat[128];
    const char *hit;
    size_t klen;

    if(eq && eq > line + 1) {
      klen = (size_t)(eq - 1 - line);
      snprintf(pat, sizeof(pat), "%.*s = ", (int)klen, line);
      hit = strstr(now, pat);
      while(hit && hit != now && hit[-1] != '\n')
        hit = strstr(hit + 1, pat);
      if(!hit || strncmp(hit, line, len) != 0 || (hit[len] != '\n' && hit[len] != '\0')) {
        snprintf(key, nk, "%.*s", (int)klen, line);
        snprintf(old, no, "%.*s", (int)(len - klen - 3), eq + 2);
        if(hit) {
          hit += strlen(pat);
          snprintf(cur, nc, "%.*s", (int)strcspn(hit, "\n"), hit);
        }
        else
          snprintf(cur, nc, "%s", "");
        return true;
      }
    }
    line += len;
    if(*line == '\n')
      line++;
  }
  return false;
}

hk_status hk_plan_check_inputs(const struct hk_plan *p, const struct hk_setup *s,
                               const struct hk_journal *j, struct hk_error *err)
{
  struct hk_buf now, list;
  size_t i, n_changed = 0;
  hk_status rc = HK_OK;
  char first[1024] = "";

  hk_buf_init(&now);
  hk_buf_init(&list);
  for(i = 0; p && j && i < p->n && rc == HK_OK; i++) {
    const struct hk_action *a = &p->actions[i];
    const struct hk_jaction *ja = hk_journal_find(j, a->id);
    const char *was;
    char key[96], old[512], cur[512];

    if(!ja || ja->state != HK_JS_DONE || ja->origin != HK_ORIGIN_CREATED ||
       a->decision != HK_DEC_CREATE || hk_action_reapply(a))
      continue;
    was = hk_kvmap_str(&ja->result, HK_RESULT_INPUTS);
    if(!was[0])
      continue;     /* made before heiiki recorded its answers */
    hk_buf_reset(&now);
    rc = hk_action_inputs(a, s, &now);
    if(rc != HK_OK || !first_change(was, now.data ? now.data : "", key, sizeof(key), old,
                                    sizeof(old), cur, sizeof(cur)))
      continue;
    if(n_changed++ == 0)
      snprintf(first, sizeof(first),
               _("The answer %s changed after heiiki created the %s: it was \"%s\", it is now "
                 "\"%s\"."), key, _(a->title), old, cur);
    rc = hk_buf_printf(&list, "%s%s (%s)", list.len ? ", " : "", key, _(a->title));
  }
  if(rc == HK_OK && n_changed) {
    if(n_changed > 1)
      rc = hk_error_set(err, HK_CONFLICT, _("%s Changed after creation: %s."), first, list.data);
    else
      rc = hk_error_set(err, HK_CONFLICT, "%s", first);
    hk_error_hint(err, _("heiiki does not change or replace what it created. Put the answer "
                         "back as it was, or remove the setup with `heiiki destroy %s` and apply "
                         "it again."), j->name);
  }
  hk_buf_free(&now);
  hk_buf_free(&list);
  return rc;
}
