/* dbx_object.h - the shared create/get/list/delete path of the typed objects.
 *
 * Each object family (credentials, networks, ...) is a small table row: its
 * collection path, struct size and parser.  The family files wrap these
 * generic calls with typed callbacks (the generic callback pointer is stored
 * as void (*)(void) and cast back by the family's deliver functions). */
#ifndef DBX_OBJECT_H
#define DBX_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <cJSON.h>
#include "core/hk_status.h"
#include "dbx/dbx_client.h"

#define DBX_ID_MAX 64
#define DBX_NAME_MAX 257
#define DBX_ARN_MAX 2048
#define DBX_MAX_IDS 16

typedef void (*dbx_fn)(void);
/* Status-only completion (delete, assign). */
typedef void (*dbx_done_cb)(hk_status st, const struct hk_error *err, void *ud);

struct dbx_family {
  const char *coll;         /* account path, e.g. "/networks"; paths starting
                               "/api/" are workspace-level (absolute) */
  const char *what;         /* for sentences: "network configuration" */
  const char *id_key;       /* "network_id": a reply without it is refused */
  size_t size;              /* struct size */
  hk_status (*parse)(const cJSON *j, void *out);
  const char *wrapper;      /* reply object wrapper ("metastore_info") or NULL */
  const char *list_key;     /* list reply key ("metastores") or NULL = bare array */
  /* call the typed callback fn */
  void (*one)(dbx_fn fn, hk_status st, const void *obj, const struct hk_error *err, void *ud);
  void (*many)(dbx_fn fn, hk_status st, const void *items, size_t n,
               const struct hk_error *err, void *ud);
};

/* body is only read (not freed).  path_id NULL for create/list. */
hk_status dbx_obj_create(struct dbx_client *c, const struct dbx_family *fam, const cJSON *body,
                         dbx_fn cb, void *ud);
hk_status dbx_obj_get(struct dbx_client *c, const struct dbx_family *fam, const char *id,
                      dbx_fn cb, void *ud);
hk_status dbx_obj_list(struct dbx_client *c, const struct dbx_family *fam, dbx_fn cb, void *ud);
/* DELETE; a 404 counts as done (already gone: deletes are idempotent). */
hk_status dbx_obj_delete(struct dbx_client *c, const struct dbx_family *fam, const char *id,
                         dbx_done_cb cb, void *ud);
/* Any method and account path whose reply is one object of the family.
 * refetch_id (may be NULL): GET this id when the reply has no body. */
hk_status dbx_obj_call(struct dbx_client *c, const struct dbx_family *fam, const char *method,
                       const char *path, const cJSON *body, enum dbx_call_kind kind, dbx_fn cb,
                       void *ud, const char *refetch_id);

/* A call whose reply is only a status (assign, actions); not_found_ok
 * turns a 404 into success (idempotent deletes). */
hk_status dbx_obj_status_call(struct dbx_client *c, const char *method, const char *path,
                              const cJSON *body, enum dbx_call_kind kind, bool not_found_ok,
                              dbx_done_cb cb, void *ud);
/* An ID that can go into a path as is (no '/', '?', '%', spaces...). */
bool dbx_safe_id(const char *id);

/* Parse one object from a reply (unwrapping fam->wrapper); HK_PARSE with a
 * sentence when the id field is missing. */
hk_status dbx_obj_parse(const struct dbx_family *fam, const cJSON *j, void *out,
                        struct hk_error *err);
/* Parse a list reply into a calloc'ed array (caller frees). */
hk_status dbx_obj_parse_list(const struct dbx_family *fam, const cJSON *j, void **items,
                             size_t *n, struct hk_error *err);

/* Typed delivery for a family: defines static prefix_one / prefix_many. */
#define DBX_FAMILY_DELIVERY(prefix, one_cb_t, list_cb_t)                                  \
  static void prefix##_one(dbx_fn fn, hk_status st, const void *obj,                      \
                           const struct hk_error *err, void *ud)                           \
  {                                                                                        \
    ((one_cb_t)fn)(st, obj, err, ud);                                                      \
  }                                                                                        \
  static void prefix##_many(dbx_fn fn, hk_status st, const void *items, size_t n,          \
                            const struct hk_error *err, void *ud)                          \
  {                                                                                        \
    ((list_cb_t)fn)(st, items, n, err, ud);                                                \
  }

#endif
