/* act_dbx_obj.h - the common life of a Databricks account object:
 * find it in its collection by name (and content), create it, delete it. */
#ifndef PLAN_ACT_DBX_OBJ_H
#define PLAN_ACT_DBX_OBJ_H

#include <stdbool.h>
#include <cJSON.h>
#include "plan/apply.h"

struct hk_dbx_obj {
  const char *coll;            /* "/credentials" (under /api/2.0/accounts/{id}) */
  const char *name_key;        /* "credentials_name" */
  const char *id_key;          /* "credentials_id" */
  const char *label;           /* "credential configuration", for sentences */
  /* The object's name for this setup. */
  void (*name)(const struct hk_run *run, char *out, size_t n);
  /* Extra match beyond the name (content); NULL = name only.  On a
   * mismatch set why and return false: the lookup then fails. */
  bool (*matches)(const struct hk_run *run, const cJSON *obj, char *why, size_t n);
  /* The create body (caller frees). */
  cJSON *(*body)(const struct hk_run *run);
  /* Record results beyond the ID (e.g. state, workspace URL); may be NULL. */
  void (*record)(struct hk_run *run, const cJSON *obj);
  /* Before a delete, read the object: a non-empty value here means it is
   * still attached (e.g. a network's "workspace_id"); NULL = no check. */
  const char *attached_key;
};

void hk_dbx_obj_lookup(struct hk_run *run, const struct hk_dbx_obj *d);
void hk_dbx_obj_create(struct hk_run *run, const struct hk_dbx_obj *d);
void hk_dbx_obj_remove(struct hk_run *run, const struct hk_dbx_obj *d);
/* Record a created or found object: its ID, "name" and d->record. */
void hk_dbx_obj_record(struct hk_run *run, const struct hk_dbx_obj *d, const cJSON *obj);

/* A string member or "" (never NULL). */
const char *hk_json_str(const cJSON *obj, const char *key);
/* A number member as text ("" when absent), e.g. workspace_id. */
void hk_json_num_text(const cJSON *obj, const char *key, char *out, size_t n);
/* The account client, or finish the run with a sentence and return NULL. */
struct dbx_client *hk_run_dbx(struct hk_run *run);

#endif
