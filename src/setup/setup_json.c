/* setup_json.c - struct hk_setup <-> JSON through the field table. */
#include "setup/setup_json.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "setup/setup_fields.h"
#include "setup/setup_validate.h"

#define JSON_TEXT_MAX (4u * 1024u * 1024u)

/* Split "a.b" keys: head gets "a" (or "" when there is no dot); returns the leaf. */
static const char *split_key(const struct hk_field_def *f, char *head, size_t n)
{
  const char *dot = strchr(f->key, '.');
  if(!dot) {
    head[0] = '\0';
    return f->key;
  }
  snprintf(head, n, "%.*s", (int)(dot - f->key), f->key);
  return dot + 1;
}

/* The object a field's value sits in (created when missing). */
static cJSON *field_parent_make(cJSON *root, const struct hk_field_def *f, const char **leaf)
{
  char head[64];
  cJSON *sec, *sub;
  *leaf = split_key(f, head, sizeof(head));
  sec = cJSON_GetObjectItemCaseSensitive(root, hk_step_key(f->step));
  if(!sec)
    sec = cJSON_AddObjectToObject(root, hk_step_key(f->step));
  if(!head[0] || !sec)
    return sec;
  sub = cJSON_GetObjectItemCaseSensitive(sec, head);
  if(!sub)
    sub = cJSON_AddObjectToObject(sec, head);
  return sub;
}

/* The object a field's value sits in, or NULL when absent (may be a non-object). */
static const cJSON *field_parent(const cJSON *root, const struct hk_field_def *f,
                                 const char **leaf)
{
  char head[64];
  const cJSON *sec;
  *leaf = split_key(f, head, sizeof(head));
  sec = cJSON_GetObjectItemCaseSensitive(root, hk_step_key(f->step));
  if(!head[0] || !sec || !cJSON_IsObject(sec))
    return sec;
  return cJSON_GetObjectItemCaseSensitive(sec, head);
}

cJSON *hk_setup_to_json(const struct hk_setup *s)
{
  cJSON *root = cJSON_CreateObject();
  size_t i;
  char value[4096];

  if(!root || !cJSON_AddNumberToObject(root, "schema_version", HK_SCHEMA_VERSION))
    goto fail;
  for(i = 0; i < hk_n_fields; i++) {
    const struct hk_field_def *f = &hk_fields[i];
    const char *leaf;
    cJSON *parent = field_parent_make(root, f, &leaf);
    cJSON *item = NULL;
    if(!parent)
      goto fail;
    if(hk_field_get(s, f, value, sizeof(value)) != HK_OK)
      goto fail;
    if(f->kind == HK_FIELD_BOOL) {
      item = cJSON_CreateBool(strcmp(value, "true") == 0);
    } else if(f->kind == HK_FIELD_LIST) {
      char *p = value;
      item = cJSON_CreateArray();
      while(item && *p) {
        char *comma = strchr(p, ',');
        cJSON *str;
        if(comma)
          *comma = '\0';
        str = cJSON_CreateString(p);
        if(!str || !cJSON_AddItemToArray(item, str)) {
          cJSON_Delete(str);
          goto fail_item;
        }
        if(!comma)
          break;
        p = comma + 1;
        while(*p == ' ')
          p++;
      }
    } else {
      item = cJSON_CreateString(value);
    }
    if(!item || !cJSON_AddItemToObject(parent, leaf, item))
      goto fail_item;
    if(f->step == HK_STEP_ACCOUNT && strcmp(f->key, "account_id") == 0 &&
       !cJSON_AddStringToObject(parent, "aws_account_id", s->aws_account_id))
      goto fail;
    continue;
fail_item:
    cJSON_Delete(item);
    goto fail;
  }
  return root;
fail:
  cJSON_Delete(root);
  return NULL;
}

char *hk_setup_to_json_string(const struct hk_setup *s)
{
  cJSON *j = hk_setup_to_json(s);
  char *text = j ? cJSON_Print(j) : NULL;
  cJSON_Delete(j);
  return text;
}

/* --------------------------------------------------------------- loading */

struct load {
  struct hk_error *err;
  int problems;
};

static void problem(struct load *l, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void problem(struct load *l, const char *where, const char *fmt, ...)
{
  char sentence[900];
  va_list ap;
  if(l->problems++ > 0)
    return;
  va_start(ap, fmt);
  vsnprintf(sentence, sizeof(sentence), fmt, ap);
  va_end(ap);
  hk_error_set(l->err, HK_STATE, _("The saved setup is damaged at %s: %s"), where, sentence);
}

static const char *type_name(const cJSON *j)
{
  if(cJSON_IsString(j))
    return N_("a string");
  if(cJSON_IsNumber(j))
    return N_("a number");
  if(cJSON_IsBool(j))
    return N_("true/false");
  if(cJSON_IsNull(j))
    return N_("null");
  if(cJSON_IsArray(j))
    return N_("a list");
  if(cJSON_IsObject(j))
    return N_("an object");
  return N_("something unreadable");
}

static void load_field(struct load *l, const cJSON *root, struct hk_setup *s,
                       const struct hk_field_def *f)
{
  const char *leaf;
  const cJSON *parent = field_parent(root, f, &leaf);
  const cJSON *v;
  char qual[160], text[4096];
  struct hk_error ferr;

  hk_field_qualified(f, qual, sizeof(qual));
  if(!parent)
    return;                          /* absent: keep the default */
  if(!cJSON_IsObject(parent)) {
    problem(l, qual, _("expected an object around it, found %s."), _(type_name(parent)));
    return;
  }
  v = cJSON_GetObjectItemCaseSensitive(parent, leaf);
  if(!v)
    return;
  text[0] = '\0';
  if(f->kind == HK_FIELD_BOOL) {
    if(!cJSON_IsBool(v)) {
      problem(l, qual, _("expected true or false, found %s."), _(type_name(v)));
      return;
    }
    hk_strlcpy(text, cJSON_IsTrue(v) ? "true" : "false", sizeof(text));
  } else if(f->kind == HK_FIELD_LIST) {
    const cJSON *it;
    size_t used = 0;
    int n = 0;
    if(!cJSON_IsArray(v)) {
      problem(l, qual, _("expected a list of strings, found %s."), _(type_name(v)));
      return;
    }
    cJSON_ArrayForEach(it, v) {
      int w;
      if(!cJSON_IsString(it) || !it->valuestring) {
        problem(l, qual, _("entry %d should be a string, found %s."), n + 1, _(type_name(it)));
        return;
      }
      if(strchr(it->valuestring, ',')) {
        problem(l, qual, _("entry %d contains a comma."), n + 1);
        return;
      }
      w = snprintf(text + used, sizeof(text) - used, "%s%s", n ? "," : "", it->valuestring);
      if(w < 0 || (size_t)w >= sizeof(text) - used) {
        problem(l, qual, _("the list is too long."));
        return;
      }
      used += (size_t)w;
      n++;
    }
  } else {
    if(!cJSON_IsString(v) || !v->valuestring) {
      problem(l, qual, _("expected a string, found %s."), _(type_name(v)));
      return;
    }
    if(strlen(v->valuestring) >= sizeof(text)) {
      problem(l, qual, _("the value is too long."));
      return;
    }
    hk_strlcpy(text, v->valuestring, sizeof(text));
  }
  hk_error_clear(&ferr);
  if(hk_field_set(s, f, text, &ferr) != HK_OK)
    problem(l, qual, "%s", ferr.message);
}

static bool known_key(const char *section, const char *key, const char *sub)
{
  char qual[300];
  if(sub)
    snprintf(qual, sizeof(qual), "%s.%s.%s", section, key, sub);
  else
    snprintf(qual, sizeof(qual), "%s.%s", section, key);
  return hk_field_find(qual) != NULL;
}

/* Whether "section.key.*" fields exist (key names a group such as an endpoint). */
static bool known_group(const char *section, const char *key)
{
  size_t i, kl = strlen(key);
  for(i = 0; i < hk_n_fields; i++)
    if(strcmp(hk_step_key(hk_fields[i].step), section) == 0 &&
       strncmp(hk_fields[i].key, key, kl) == 0 && hk_fields[i].key[kl] == '.')
      return true;
  return false;
}

/* Unknown sections and keys are refused: they mean damage or a newer writer. */
static void check_unknown(struct load *l, const cJSON *root)
{
  const cJSON *sec, *k, *sub;
  cJSON_ArrayForEach(sec, root) {
    int st;
    bool found = false;
    if(!sec->string)
      continue;
    if(strcmp(sec->string, "schema_version") == 0)
      continue;
    for(st = 0; st < HK_STEP__COUNT; st++)
      if(strcmp(sec->string, hk_step_key((enum hk_step)st)) == 0)
        found = true;
    if(!found) {
      problem(l, sec->string, _("unknown section."));
      continue;
    }
    if(!cJSON_IsObject(sec)) {
      problem(l, sec->string, _("expected an object, found %s."), _(type_name(sec)));
      continue;
    }
    cJSON_ArrayForEach(k, sec) {
      if(!k->string)
        continue;
      if(strcmp(sec->string, "account") == 0 && strcmp(k->string, "aws_account_id") == 0)
        continue;
      if(known_group(sec->string, k->string)) {
        if(!cJSON_IsObject(k)) {
          char where[300];
          snprintf(where, sizeof(where), "%s.%s", sec->string, k->string);
          problem(l, where, _("expected an object, found %s."), _(type_name(k)));
          continue;
        }
        cJSON_ArrayForEach(sub, k) {
          if(sub->string && !known_key(sec->string, k->string, sub->string)) {
            char where[300];
            snprintf(where, sizeof(where), "%s.%s.%s", sec->string, k->string, sub->string);
            problem(l, where, _("unknown key."));
          }
        }
      } else if(!known_key(sec->string, k->string, NULL)) {
        char where[300];
        snprintf(where, sizeof(where), "%s.%s", sec->string, k->string);
        problem(l, where, _("unknown key."));
      }
    }
  }
}

hk_status hk_setup_from_json(const cJSON *root, struct hk_setup *s, struct hk_error *err)
{
  struct hk_setup tmp;
  struct load l;
  const cJSON *ver, *acct, *aws;
  size_t i;
  double dv;

  l.err = err;
  l.problems = 0;
  if(!root || !cJSON_IsObject(root))
    return hk_error_set(err, HK_STATE, _("The saved setup is not a JSON object; the state file "
                                         "is damaged. Restore it from its backup or start a new "
                                         "setup."));
  ver = cJSON_GetObjectItemCaseSensitive(root, "schema_version");
  if(!ver || !cJSON_IsNumber(ver))
    return hk_error_set(err, HK_STATE, _("The saved setup has no schema_version number; the "
                                         "state file is damaged or was not written by heiiki."));
  dv = ver->valuedouble;
  if(!(dv >= 1) || dv != floor(dv) || dv > 1e6)
    return hk_error_set(err, HK_STATE, _("The saved setup's schema_version is not a positive "
                                         "whole number; the state file is damaged."));
  if(dv > HK_SCHEMA_VERSION)
    return hk_error_set(err, HK_STATE, _("The saved setup was written by a newer heiiki (schema "
                                         "version %.0f; this one reads up to %d). Upgrade heiiki "
                                         "to continue this setup."), dv, HK_SCHEMA_VERSION);
  hk_setup_init(&tmp);
  check_unknown(&l, root);
  for(i = 0; i < hk_n_fields; i++)
    load_field(&l, root, &tmp, &hk_fields[i]);
  acct = cJSON_GetObjectItemCaseSensitive(root, "account");
  aws = acct && cJSON_IsObject(acct) ? cJSON_GetObjectItemCaseSensitive(acct, "aws_account_id")
                                     : NULL;
  if(aws) {
    if(!cJSON_IsString(aws) || !aws->valuestring)
      problem(&l, "account.aws_account_id", _("expected a string, found %s."),
              _(type_name(aws)));
    else if(aws->valuestring[0]) {
      struct hk_error aerr;
      hk_error_clear(&aerr);
      if(hk_validate_aws_account(aws->valuestring, &aerr) != HK_OK)
        problem(&l, "account.aws_account_id", "%s", aerr.message);
      else
        hk_strlcpy(tmp.aws_account_id, aws->valuestring, sizeof(tmp.aws_account_id));
    }
  }
  if(l.problems > 1 && err) {
    char more[128];
    snprintf(more, sizeof(more), _(" (and %d more problems)"), l.problems - 1);
    hk_strlcpy(err->message + strlen(err->message), more,
               sizeof(err->message) - strlen(err->message));
  }
  if(l.problems)
    return HK_STATE;
  tmp.schema_version = HK_SCHEMA_VERSION;
  *s = tmp;
  return HK_OK;
}

hk_status hk_setup_from_json_string(const char *text, struct hk_setup *s, struct hk_error *err)
{
  cJSON *root;
  hk_status rc;
  size_t len = text ? strlen(text) : 0;
  if(!text || len > JSON_TEXT_MAX)
    return hk_error_set(err, HK_PARSE, _("The saved setup is missing or larger than 4 MiB."));
  root = cJSON_ParseWithLength(text, len);
  if(!root)
    return hk_error_set(err, HK_PARSE, _("The saved setup is not valid JSON (near byte %zu); the "
                                         "state file is damaged."),
                        cJSON_GetErrorPtr() ? (size_t)(cJSON_GetErrorPtr() - text) : (size_t)0);
  rc = hk_setup_from_json(root, s, err);
  cJSON_Delete(root);
  return rc;
}
