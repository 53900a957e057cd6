/* journal_json.c - state file text <-> struct hk_journal.
 *
 * The parser checks every type and length and refuses with a sentence
 * naming the damaged part; it never trusts the file. */
#include "plan/journal.h"

#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

static hk_status damaged(struct hk_error *err, const char *what)
{
  hk_error_set(err, HK_STATE,
               _("The state file is damaged (%s); heiiki left it untouched."), what);
  hk_error_hint(err, _("Restore it from a backup, or move it away and start the setup again "
                       "(resources already created will be adopted by name)."));
  return HK_STATE;
}

/* Copy a string member into out; missing is OK when optional. */
static bool get_str(const cJSON *obj, const char *key, char *out, size_t n, bool required)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

  if(!v)
    return !required;
  if(!cJSON_IsString(v) || !v->valuestring || strlen(v->valuestring) >= n)
    return false;
  hk_strlcpy(out, v->valuestring, n);
  return true;
}

static hk_status parse_result(struct hk_jaction *a, const cJSON *res, struct hk_error *err)
{
  const cJSON *it;

  if(!res)
    return HK_OK;
  if(!cJSON_IsObject(res))
    return damaged(err, "an action's result is not an object");
  cJSON_ArrayForEach(it, res) {
    if(!cJSON_IsString(it) || !it->string)
      return damaged(err, "an action's result holds a value that is not text");
    if(hk_kvmap_set(&a->result, it->string, it->valuestring) != HK_OK)
      return damaged(err, "an action's result is too large");
  }
  return HK_OK;
}

static hk_status parse_action(struct hk_journal *j, const cJSON *o, struct hk_error *err)
{
  char id[64] = "", state[16] = "", origin[16] = "none";
  struct hk_jaction *a;

  if(!cJSON_IsObject(o) || !get_str(o, "id", id, sizeof(id), true) || !id[0])
    return damaged(err, "an action has no id");
  if(hk_journal_find(j, id))
    return damaged(err, "an action is listed twice");
  if(!get_str(o, "state", state, sizeof(state), true))
    return damaged(err, "an action has no state");
  if(!get_str(o, "origin", origin, sizeof(origin), false))
    return damaged(err, "an action's origin is not text");
  a = hk_journal_get(j, id);
  if(!a)
    return damaged(err, "too many actions");
  if(!hk_jstate_parse(state, &a->state))
    return damaged(err, "an action has an unknown state");
  if(!hk_origin_parse(origin, &a->origin))
    return damaged(err, "an action has an unknown origin");
  if(!get_str(o, "client_token", a->client_token, sizeof(a->client_token), false) ||
     !get_str(o, "intent_at", a->intent_at, sizeof(a->intent_at), false) ||
     !get_str(o, "done_at", a->done_at, sizeof(a->done_at), false) ||
     !get_str(o, "error", a->error, sizeof(a->error), false))
    return damaged(err, "an action has a malformed field");
  return parse_result(a, cJSON_GetObjectItemCaseSensitive(o, "result"), err);
}

static hk_status parse_header(struct hk_journal *j, const cJSON *root, struct hk_error *err)
{
  const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "heiiki_state");

  if(!cJSON_IsNumber(ver))
    return damaged(err, "it has no schema version");
  if(ver->valuedouble > HK_JOURNAL_VERSION) {
    hk_error_set(err, HK_STATE,
                 _("The state file was written by a newer heiiki (schema %d; this heiiki reads "
                   "schema %d); it was left untouched."),
                 (int)(ver->valuedouble > 1e6 ? 1e6 : ver->valuedouble), HK_JOURNAL_VERSION);
    hk_error_hint(err, _("Use the newer heiiki for this setup."));
    return HK_STATE;
  }
  if(ver->valuedouble < 1 || ver->valuedouble != (int)ver->valuedouble)
    return damaged(err, "its schema version is not valid");
  j->version = (int)ver->valuedouble;
  if(!get_str(root, "name", j->name, sizeof(j->name), true) ||
     hk_journal_name_check(j->name, NULL) != HK_OK)
    return damaged(err, "its setup name is missing or not valid");
  if(!get_str(root, "phase", j->phase, sizeof(j->phase), false) ||
     !get_str(root, "created_at", j->created_at, sizeof(j->created_at), false) ||
     !get_str(root, "updated_at", j->updated_at, sizeof(j->updated_at), false))
    return damaged(err, "a header field is malformed");
  return HK_OK;
}

static hk_status parse_answers(struct hk_journal *j, const cJSON *root, struct hk_error *err)
{
  const cJSON *ans = cJSON_GetObjectItemCaseSensitive(root, "answers");
  char *text;

  if(!ans)
    return hk_journal_set_answers(j, "{}");
  if(!cJSON_IsObject(ans))
    return damaged(err, "the answers are not an object");
  text = cJSON_PrintUnformatted(ans);
  if(!text)
    return HK_NOMEM;
  free(j->answers);
  j->answers = text;
  return HK_OK;
}

static hk_status parse_root(struct hk_journal *j, const cJSON *root, struct hk_error *err)
{
  const cJSON *acts;
  const cJSON *it;
  hk_status st;

  if(!cJSON_IsObject(root))
    return damaged(err, "it is not a JSON object");
  st = parse_header(j, root, err);
  if(st == HK_OK)
    st = parse_answers(j, root, err);
  if(st != HK_OK)
    return st;
  acts = cJSON_GetObjectItemCaseSensitive(root, "actions");
  if(acts && !cJSON_IsArray(acts))
    return damaged(err, "the action list is not a list");
  cJSON_ArrayForEach(it, acts) {
    st = parse_action(j, it, err);
    if(st != HK_OK)
      return st;
  }
  return HK_OK;
}

hk_status hk_journal_parse(struct hk_journal *j, const char *text, size_t len,
                           struct hk_error *err)
{
  cJSON *root;
  hk_status st;

  if(!text || len == 0)
    return damaged(err, "it is empty");
  if(len > HK_JOURNAL_MAX_BYTES)
    return damaged(err, "it is too large");
  if(memchr(text, '\0', len))
    return damaged(err, "it contains binary data");
  root = cJSON_ParseWithLength(text, len);
  if(!root)
    return damaged(err, "it is not valid JSON");
  st = parse_root(j, root, err);
  cJSON_Delete(root);
  return st;
}

static cJSON *dump_action(const struct hk_jaction *a)
{
  cJSON *o = cJSON_CreateObject();
  cJSON *res = cJSON_CreateObject();
  size_t i;

  if(!o || !res) {
    cJSON_Delete(o);
    cJSON_Delete(res);
    return NULL;
  }
  cJSON_AddStringToObject(o, "id", a->id);
  cJSON_AddStringToObject(o, "state", hk_jstate_key(a->state));
  cJSON_AddStringToObject(o, "origin", hk_origin_key(a->origin));
  if(a->client_token[0])
    cJSON_AddStringToObject(o, "client_token", a->client_token);
  if(a->intent_at[0])
    cJSON_AddStringToObject(o, "intent_at", a->intent_at);
  if(a->done_at[0])
    cJSON_AddStringToObject(o, "done_at", a->done_at);
  if(a->error[0])
    cJSON_AddStringToObject(o, "error", a->error);
  for(i = 0; i < a->result.n; i++)
    cJSON_AddStringToObject(res, a->result.items[i].key, a->result.items[i].value);
  cJSON_AddItemToObject(o, "result", res);
  return o;
}

static cJSON *dump_root(const struct hk_journal *j)
{
  cJSON *root = cJSON_CreateObject();
  cJSON *acts = cJSON_CreateArray();
  cJSON *ans = cJSON_Parse(j->answers ? j->answers : "{}");
  size_t i;

  if(!root || !acts || !cJSON_IsObject(ans)) {
    cJSON_Delete(root);
    cJSON_Delete(acts);
    cJSON_Delete(ans);
    return NULL;
  }
  cJSON_AddNumberToObject(root, "heiiki_state", HK_JOURNAL_VERSION);
  cJSON_AddStringToObject(root, "name", j->name);
  cJSON_AddStringToObject(root, "phase", j->phase[0] ? j->phase : "planned");
  cJSON_AddStringToObject(root, "created_at", j->created_at);
  cJSON_AddStringToObject(root, "updated_at", j->updated_at);
  cJSON_AddItemToObject(root, "answers", ans);
  cJSON_AddItemToObject(root, "actions", acts);
  for(i = 0; i < j->n_actions; i++) {
    cJSON *a = dump_action(&j->actions[i]);
    if(!a || !cJSON_AddItemToArray(acts, a)) {
      cJSON_Delete(a);
      cJSON_Delete(root);
      return NULL;
    }
  }
  return root;
}

char *hk_journal_dump(const struct hk_journal *j)
{
  cJSON *root = dump_root(j);
  char *text = root ? cJSON_Print(root) : NULL;

  cJSON_Delete(root);
  return text;
}
