/* policy_doc.c - the policy document builder. */
#include "policy/policy_doc.h"

#include <string.h>

#include "core/hk_i18n.h"
#include "setup/setup_assets.h"

void hk_pdoc_init(struct hk_pdoc *pd, struct hk_error *err)
{
  memset(pd, 0, sizeof(*pd));
  pd->err = err;
  pd->doc = cJSON_CreateObject();
  if(!pd->doc || !cJSON_AddStringToObject(pd->doc, "Version", "2012-10-17"))
    pd->failed = true;
  else if(!(pd->stmts = cJSON_AddArrayToObject(pd->doc, "Statement")))
    pd->failed = true;
}

/* Insert item under key keeping the canonical member order. */
static void put_ordered(struct hk_pdoc *pd, cJSON *stmt, const char *key, cJSON *item)
{
  static const char *const order[] = {"Sid", "Effect", "Action", "NotAction", "Resource",
                                      "NotResource", "Principal", "Condition", NULL};
  int rank = 0, r;
  cJSON *child;
  int i;
  if(!item) {
    pd->failed = true;
    return;
  }
  for(i = 0; order[i]; i++)
    if(strcmp(order[i], key) == 0)
      rank = i;
  /* find the first member ranked after key */
  for(child = stmt->child, i = 0; child; child = child->next, i++) {
    for(r = 0; order[r] && strcmp(order[r], child->string) != 0; r++)
      ;
    if(r > rank)
      break;
  }
  if(child) {
    item->string = NULL;
    if(!cJSON_AddItemToObject(stmt, key, item)) {
      cJSON_Delete(item);
      pd->failed = true;
      return;
    }
    /* move it in front of child */
    {
      cJSON *added = cJSON_DetachItemViaPointer(stmt, item);
      if(!cJSON_InsertItemInArray(stmt, i, added)) {
        cJSON_Delete(added);
        pd->failed = true;
      }
    }
  } else if(!cJSON_AddItemToObject(stmt, key, item)) {
    cJSON_Delete(item);
    pd->failed = true;
  }
}

/* A string (one value, form STRING) or an array of v[0..n). */
static cJSON *strings(int form, const char *const *v, size_t n)
{
  cJSON *arr;
  size_t i;
  if(n == 1 && form == HK_PDOC_STRING)
    return cJSON_CreateString(v[0]);
  arr = cJSON_CreateArray();
  for(i = 0; arr && i < n; i++) {
    cJSON *str = cJSON_CreateString(v[i]);
    if(!str || !cJSON_AddItemToArray(arr, str)) {
      cJSON_Delete(str);
      cJSON_Delete(arr);
      arr = NULL;
    }
  }
  return arr;
}

cJSON *hk_pdoc_stmt(struct hk_pdoc *pd, const char *sid)
{
  cJSON *st;
  if(pd->failed)
    return NULL;
  st = cJSON_CreateObject();
  if(!st || !cJSON_AddItemToArray(pd->stmts, st)) {
    cJSON_Delete(st);
    pd->failed = true;
    return NULL;
  }
  if(sid)
    put_ordered(pd, st, "Sid", cJSON_CreateString(sid));
  put_ordered(pd, st, "Effect", cJSON_CreateString("Allow"));
  return pd->failed ? NULL : st;
}

void hk_pdoc_deny(struct hk_pdoc *pd, cJSON *stmt)
{
  cJSON *v;
  if(pd->failed || !stmt)
    return;
  v = cJSON_CreateString("Deny");
  if(!v || !cJSON_ReplaceItemInObjectCaseSensitive(stmt, "Effect", v)) {
    cJSON_Delete(v);
    pd->failed = true;
  }
}

void hk_pdoc_strv(struct hk_pdoc *pd, cJSON *stmt, const char *key, int form,
                  const char *const *v, size_t n)
{
  if(pd->failed || !stmt)
    return;
  put_ordered(pd, stmt, key, strings(form, v, n));
}

void hk_pdoc_listv(struct hk_pdoc *pd, cJSON *stmt, const char *key, const char *const *names,
                   size_t n)
{
  cJSON *arr;
  size_t k;
  if(pd->failed || !stmt)
    return;
  arr = cJSON_CreateArray();
  if(!arr) {
    pd->failed = true;
    return;
  }
  for(k = 0; k < n && !pd->failed; k++) {
    const struct hk_strlist *l = hk_assets_list(names[k], pd->err);
    size_t i;
    if(!l) {
      pd->failed = true;
      break;
    }
    for(i = 0; i < l->n; i++) {
      cJSON *str = cJSON_CreateString(l->items[i]);
      if(!str || !cJSON_AddItemToArray(arr, str)) {
        cJSON_Delete(str);
        pd->failed = true;
        break;
      }
    }
  }
  if(pd->failed) {
    cJSON_Delete(arr);
    return;
  }
  put_ordered(pd, stmt, key, arr);
}

void hk_pdoc_principalv(struct hk_pdoc *pd, cJSON *stmt, const char *type, int form,
                        const char *const *v, size_t n)
{
  cJSON *val, *pr;
  if(pd->failed || !stmt)
    return;
  pr = cJSON_GetObjectItemCaseSensitive(stmt, "Principal");
  if(!pr) {
    pr = cJSON_CreateObject();
    put_ordered(pd, stmt, "Principal", pr);
    if(pd->failed)
      return;
  }
  val = strings(form, v, n);
  if(!val || !cJSON_AddItemToObject(pr, type, val)) {
    cJSON_Delete(val);
    pd->failed = true;
  }
}

void hk_pdoc_cond(struct hk_pdoc *pd, cJSON *stmt, const char *op, const char *key,
                  const char *value)
{
  cJSON *cond, *opo, *str;
  if(pd->failed || !stmt)
    return;
  cond = cJSON_GetObjectItemCaseSensitive(stmt, "Condition");
  if(!cond) {
    cond = cJSON_CreateObject();
    put_ordered(pd, stmt, "Condition", cond);
    if(pd->failed)
      return;
  }
  opo = cJSON_GetObjectItemCaseSensitive(cond, op);
  if(!opo) {
    cJSON *after;
    int i = 0;
    opo = cJSON_CreateObject();
    if(!opo) {
      pd->failed = true;
      return;
    }
    /* operators sorted, as Go's encoding/json prints maps */
    for(after = cond->child; after && strcmp(after->string, op) < 0; after = after->next)
      i++;
    if(!cJSON_AddItemToObject(cond, op, opo)) {
      cJSON_Delete(opo);
      pd->failed = true;
      return;
    }
    if(after) {
      cJSON *moved = cJSON_DetachItemViaPointer(cond, opo);
      if(!cJSON_InsertItemInArray(cond, i, moved)) {
        cJSON_Delete(moved);
        pd->failed = true;
        return;
      }
    }
  }
  str = cJSON_CreateString(value);
  if(!str || !cJSON_AddItemToObject(opo, key, str)) {
    cJSON_Delete(str);
    pd->failed = true;
  }
}

char *hk_pdoc_finish(struct hk_pdoc *pd, const char *what)
{
  char *text = NULL;
  if(!pd->failed)
    text = cJSON_Print(pd->doc);
  cJSON_Delete(pd->doc);
  pd->doc = NULL;
  if(!text && (!pd->err || pd->err->status == HK_OK))
    hk_error_set(pd->err, HK_NOMEM, _("Out of memory while making the %s."), what);
  return text;
}

char *hk_pdoc_refuse(struct hk_pdoc *pd, const char *what, const struct hk_error *why)
{
  cJSON_Delete(pd->doc);
  pd->doc = NULL;
  hk_error_set(pd->err, why->status == HK_OK ? HK_INVALID : why->status,
               _("Cannot make the %s: %s"), what, why->message);
  return NULL;
}
