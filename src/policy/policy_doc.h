/* policy_doc.h - building IAM policy documents (internal to src/policy).
 *
 * A builder collects the first failure (out of memory, a missing action
 * list) so generators can add statements without checking every call.
 * Statement members come out in the order AWS tools print them: Sid,
 * Effect, Action, NotAction, Resource, NotResource, Principal, Condition. */
#ifndef POLICY_DOC_H
#define POLICY_DOC_H

#include <stdbool.h>
#include <cJSON.h>
#include "core/hk_status.h"

struct hk_pdoc {
  cJSON *doc;
  cJSON *stmts;
  bool failed;
  struct hk_error *err;
};

#define HK_PDOC_STRING 0   /* one value: a string; several: an array */
#define HK_PDOC_ARRAY 1    /* always an array */

void hk_pdoc_init(struct hk_pdoc *pd, struct hk_error *err);
/* A new statement with Effect Allow (and Sid when sid is not NULL). */
cJSON *hk_pdoc_stmt(struct hk_pdoc *pd, const char *sid);
/* Turn a statement into a Deny. */
void hk_pdoc_deny(struct hk_pdoc *pd, cJSON *stmt);
/* stmt[key] = v[0..n) (form as above). */
void hk_pdoc_strv(struct hk_pdoc *pd, cJSON *stmt, const char *key, int form,
                  const char *const *v, size_t n);
/* stmt[key] = the items of assets/policies/<name>.txt for each name, joined. */
void hk_pdoc_listv(struct hk_pdoc *pd, cJSON *stmt, const char *key, const char *const *names,
                   size_t n);
/* stmt.Principal[type] = v[0..n). */
void hk_pdoc_principalv(struct hk_pdoc *pd, cJSON *stmt, const char *type, int form,
                        const char *const *v, size_t n);

/* Argument lists as (array, count), so callers write the strings inline. */
#define HK_PDOC_V(...) ((const char *const[]){__VA_ARGS__}),                                  \
                       (sizeof((const char *const[]){__VA_ARGS__}) / sizeof(const char *))
#define hk_pdoc_strs(pd, st, key, form, ...) hk_pdoc_strv(pd, st, key, form, HK_PDOC_V(__VA_ARGS__))
#define hk_pdoc_lists(pd, st, key, ...) hk_pdoc_listv(pd, st, key, HK_PDOC_V(__VA_ARGS__))
#define hk_pdoc_principal(pd, st, type, form, ...)                                              \
  hk_pdoc_principalv(pd, st, type, form, HK_PDOC_V(__VA_ARGS__))
/* stmt.Condition[op][key] = value; operators kept in sorted order. */
void hk_pdoc_cond(struct hk_pdoc *pd, cJSON *stmt, const char *op, const char *key,
                  const char *value);
/* Pretty JSON (malloc'd), or NULL with err set; frees the document. */
char *hk_pdoc_finish(struct hk_pdoc *pd, const char *what);
/* Record an invalid input: "Cannot make the <what>: <sentence>". */
char *hk_pdoc_refuse(struct hk_pdoc *pd, const char *what, const struct hk_error *why);

#endif
