/* dbx_json.h - small tolerant readers and writers for Databricks JSON.
 *
 * Readers never fail on a missing or mistyped field: they leave the output
 * empty (""/0/false) and report whether the field was usable. */
#ifndef DBX_JSON_H
#define DBX_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cJSON.h>
#include "core/hk_status.h"

/* Copy a string field (numbers are printed) into out; false when absent. */
bool dbx_jstr(const cJSON *o, const char *key, char *out, size_t n);
/* Nested: dbx_jstr_path(o, "aws_credentials.sts_role.role_arn", ...). */
bool dbx_jstr_path(const cJSON *o, const char *dotted, char *out, size_t n);
/* Integer field (number or numeric string); 0 when absent. */
int64_t dbx_jint(const cJSON *o, const char *key);
bool dbx_jbool(const cJSON *o, const char *key, bool dflt);
/* Array of strings into fixed rows out[max][width]; returns the count kept. */
size_t dbx_jstrs(const cJSON *o, const char *key, char *out, size_t max, size_t width);
/* Object at a dotted path, or NULL. */
const cJSON *dbx_jobj_path(const cJSON *o, const char *dotted);

/* Parse a reply.  Integers of 16 or more digits (workspace IDs reach 10^16,
 * beyond a double's exact range) become strings holding the exact digits;
 * dbx_jint() reads both forms. */
cJSON *dbx_json_parse(const char *text, size_t len);

/* Writers: add key only when value is non-empty; return false on NOMEM. */
bool dbx_jadd_str(cJSON *o, const char *key, const char *value);
bool dbx_jadd_strs(cJSON *o, const char *key, const char *rows, size_t n, size_t width);
/* Object child (created when missing). */
cJSON *dbx_jchild(cJSON *o, const char *key);

#endif
