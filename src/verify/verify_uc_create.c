/* verify_uc_create.c - the checks' own Unity Catalog creates, safe when the
 * reply is lost (issue 20, item 2).
 *
 * A POST whose reply is lost may have taken effect (AWS: "a request that fails
 * with a network error may have succeeded", EC2 API reference, Ensuring
 * idempotency; the Databricks SDKs retry only idempotent calls for that
 * reason: [SDK] apierr/retriable, client retries).  Catalogs, schemas and
 * volumes have unique full names ([SDK] service/catalog: GET
 * /api/2.1/unity-catalog/{catalogs,schemas,volumes}/{full_name}), so the
 * object is looked up by name and, when it is there, used as our own, as the
 * apply does after a lost create (D4). */
#include "verify/verify_uc_create.h"

#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_status.h"

struct uc_create {
  struct dbx_client *ws;
  char get_path[640];
  dbx_json_cb cb;
  void *ud;
  struct hk_error err;          /* the create's own error */
  hk_status st;
};

static bool uncertain(hk_status st)
{
  return st == HK_NET || st == HK_TIMEOUT || st == HK_SERVER || st == HK_PARSE;
}

static void on_lookup(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct uc_create *u = ud;
  (void)err;
  if(st == HK_OK)
    u->cb(HK_OK, json, NULL, u->ud);
  else
    u->cb(u->st, NULL, &u->err, u->ud);
  free(u);
}

static void on_create(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct uc_create *u = ud;
  if(!uncertain(st)) {
    u->cb(st, json, err, u->ud);
    free(u);
    return;
  }
  u->st = st;
  if(err)
    u->err = *err;
  else
    hk_error_set(&u->err, st, "%s", hk_status_text(st));
  if(dbx_call(u->ws, "GET", u->get_path, NULL, DBX_READ, on_lookup, u) != HK_OK) {
    u->cb(u->st, NULL, &u->err, u->ud);
    free(u);
  }
}

hk_status hk_verify_uc_create(struct dbx_client *ws, const char *post_path, const cJSON *body,
                              const char *get_path, dbx_json_cb cb, void *ud)
{
  struct uc_create *u = calloc(1, sizeof(*u));
  hk_status st;
  if(!u)
    return HK_NOMEM;
  u->ws = ws;
  hk_strlcpy(u->get_path, get_path, sizeof(u->get_path));
  u->cb = cb;
  u->ud = ud;
  st = dbx_call(ws, "POST", post_path, body, DBX_CREATE, on_create, u);
  if(st != HK_OK)
    free(u);
  return st;
}
