/* journal.c - the journal's records: actions, states, write-ahead marks. */
#include "plan/journal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <openssl/evp.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

static const char *const jstate_keys[] = {
#define HK_X_JS(e, key) key,
  HK_JSTATE_TABLE(HK_X_JS)
#undef HK_X_JS
};

static const char *const origin_keys[] = {
#define HK_X_OR(e, key) key,
  HK_ORIGIN_TABLE(HK_X_OR)
#undef HK_X_OR
};

const char *hk_jstate_key(enum hk_jstate s)
{
  return (unsigned)s < HK_JS__COUNT ? jstate_keys[s] : "?";
}

const char *hk_origin_key(enum hk_origin o)
{
  return (unsigned)o < HK_ORIGIN__COUNT ? origin_keys[o] : "?";
}

bool hk_jstate_parse(const char *key, enum hk_jstate *out)
{
  int i;

  for(i = 0; key && i < HK_JS__COUNT; i++) {
    if(strcmp(key, jstate_keys[i]) == 0) {
      *out = (enum hk_jstate)i;
      return true;
    }
  }
  return false;
}

bool hk_origin_parse(const char *key, enum hk_origin *out)
{
  int i;

  for(i = 0; key && i < HK_ORIGIN__COUNT; i++) {
    if(strcmp(key, origin_keys[i]) == 0) {
      *out = (enum hk_origin)i;
      return true;
    }
  }
  return false;
}

void hk_utc_now(char *out, size_t n)
{
  time_t t = time(NULL);
  struct tm tm;

  gmtime_r(&t, &tm);
  strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void hk_client_token(const char *setup_name, const char *action_id, char *out, size_t n)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int mdlen = 0;
  char hex[2 * EVP_MAX_MD_SIZE + 1];
  EVP_MD_CTX *ctx = EVP_MD_CTX_new();
  unsigned int i;

  hex[0] = '\0';
  if(ctx && EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
     EVP_DigestUpdate(ctx, setup_name, strlen(setup_name) + 1) == 1 &&
     EVP_DigestUpdate(ctx, action_id, strlen(action_id)) == 1 &&
     EVP_DigestFinal_ex(ctx, md, &mdlen) == 1) {
    for(i = 0; i < mdlen && i < 20; i++)
      snprintf(hex + 2 * i, 3, "%02x", md[i]);
  }
  EVP_MD_CTX_free(ctx);
  snprintf(out, n, "hk-%s", hex);
}

hk_status hk_journal_name_check(const char *name, struct hk_error *err)
{
  size_t len = name ? strlen(name) : 0;
  size_t i;

  if(len == 0 || len > HK_JOURNAL_NAME_MAX)
    return hk_error_set(err, HK_INVALID,
                        _("The setup name must be 1 to %d characters long."),
                        HK_JOURNAL_NAME_MAX);
  if(name[0] == '.' || name[0] == '-')
    return hk_error_set(err, HK_INVALID,
                        _("The setup name \"%s\" must not start with '.' or '-'."), name);
  for(i = 0; i < len; i++) {
    unsigned char c = (unsigned char)name[i];
    if(!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '.' || c == '_' || c == '-'))
      return hk_error_set(err, HK_INVALID,
                          _("The setup name may use only letters, digits, '.', '_' and '-' "
                            "(it becomes a file name); character %zu is not allowed."),
                          i + 1);
  }
  return HK_OK;
}

void hk_journal_free(struct hk_journal *j)
{
  size_t i;

  if(!j)
    return;
  for(i = 0; i < j->n_actions; i++)
    hk_kvmap_clear(&j->actions[i].result);
  free(j->actions);
  free(j->answers);
  j->actions = NULL;
  j->n_actions = 0;
  j->answers = NULL;
  if(j->lock_fd >= 0)
    close(j->lock_fd);
  j->lock_fd = -1;
}

void hk_journal_guard(struct hk_journal *j, const char *secret)
{
  if(secret && *secret && j->n_guards < HK_JOURNAL_GUARDS)
    j->guards[j->n_guards++] = secret;
}

hk_status hk_journal_set_answers(struct hk_journal *j, const char *json)
{
  char *copy = hk_strdup(json ? json : "{}");

  if(!copy)
    return HK_NOMEM;
  free(j->answers);
  j->answers = copy;
  return HK_OK;
}

struct hk_jaction *hk_journal_find(const struct hk_journal *j, const char *id)
{
  size_t i;

  for(i = 0; j && id && i < j->n_actions; i++)
    if(strcmp(j->actions[i].id, id) == 0)
      return &j->actions[i];
  return NULL;
}

struct hk_jaction *hk_journal_get(struct hk_journal *j, const char *id)
{
  struct hk_jaction *a = hk_journal_find(j, id);
  struct hk_jaction *arr;

  if(a)
    return a;
  if(!id || strlen(id) >= sizeof(a->id) || j->n_actions >= HK_JOURNAL_MAX_ACTIONS)
    return NULL;
  arr = realloc(j->actions, (j->n_actions + 1) * sizeof(*arr));
  if(!arr)
    return NULL;
  j->actions = arr;
  a = &arr[j->n_actions++];
  memset(a, 0, sizeof(*a));
  hk_strlcpy(a->id, id, sizeof(a->id));
  hk_kvmap_init(&a->result);
  return a;
}

static struct hk_jaction *get_or_fail(struct hk_journal *j, const char *id, struct hk_error *err)
{
  struct hk_jaction *a = hk_journal_get(j, id);

  if(!a)
    hk_error_set(err, HK_TOO_BIG, _("The state file cannot record action \"%s\"."), id);
  return a;
}

hk_status hk_journal_mark_intent(struct hk_journal *j, const char *id, const char *client_token,
                                 struct hk_error *err)
{
  struct hk_jaction *a = get_or_fail(j, id, err);

  if(!a)
    return HK_TOO_BIG;
  a->state = HK_JS_INTENT;
  hk_strlcpy(a->client_token, client_token ? client_token : "", sizeof(a->client_token));
  hk_utc_now(a->intent_at, sizeof(a->intent_at));
  a->error[0] = '\0';
  return hk_journal_save(j, err);
}

hk_status hk_journal_mark_done(struct hk_journal *j, const char *id, enum hk_origin origin,
                               struct hk_error *err)
{
  struct hk_jaction *a = get_or_fail(j, id, err);

  if(!a)
    return HK_TOO_BIG;
  a->state = HK_JS_DONE;
  a->origin = origin;
  hk_utc_now(a->done_at, sizeof(a->done_at));
  a->error[0] = '\0';
  return hk_journal_save(j, err);
}

hk_status hk_journal_mark_failed(struct hk_journal *j, const char *id, const char *why,
                                 struct hk_error *err)
{
  struct hk_jaction *a = get_or_fail(j, id, err);

  if(!a)
    return HK_TOO_BIG;
  /* An intent stays an intent: the resource may exist; adoption finds it. */
  if(a->state != HK_JS_INTENT)
    a->state = HK_JS_FAILED;
  hk_strlcpy(a->error, why ? why : "", sizeof(a->error));
  return hk_journal_save(j, err);
}

hk_status hk_journal_mark(struct hk_journal *j, const char *id, enum hk_jstate state,
                          struct hk_error *err)
{
  struct hk_jaction *a = get_or_fail(j, id, err);

  if(!a)
    return HK_TOO_BIG;
  a->state = state;
  return hk_journal_save(j, err);
}

hk_status hk_journal_set_phase(struct hk_journal *j, const char *phase, struct hk_error *err)
{
  hk_strlcpy(j->phase, phase, sizeof(j->phase));
  return hk_journal_save(j, err);
}
