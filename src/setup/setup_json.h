/* setup_json.h - the setup as versioned JSON (the state file's "setup" object).
 *
 *   {"schema_version": 1,
 *    "account": {"name": "tokyo-closed", "region": "ap-northeast-1", "partition": "aws",
 *                "account_id": "...", "aws_account_id": "123456789012"},
 *    "credential": {"mode": "existing", "role_arn": "...", ...},
 *    "endpoints": {"backend_shared": true,
 *                  "relay": {"mode": "create", "create_in_subnets": ["subnet-..."], ...}},
 *    ...}
 *
 * Sections are step keys, keys are the field table's; "a.b" keys nest one
 * level.  Text and choices are strings, yes/no answers booleans, lists arrays
 * of strings.  Every value goes through the field's validator when loaded. */
#ifndef SETUP_JSON_H
#define SETUP_JSON_H

#include <cJSON.h>
#include "core/hk_status.h"
#include "setup/setup_model.h"

/* New cJSON object (caller frees with cJSON_Delete); NULL when out of memory. */
cJSON *hk_setup_to_json(const struct hk_setup *s);
/* Pretty-printed JSON, malloc'd (free()); NULL when out of memory. */
char *hk_setup_to_json_string(const struct hk_setup *s);

/* Load from a parsed object.  On error s is unchanged and err says what is
 * wrong (first problem, and how many more): HK_STATE for a wrong type, an
 * invalid value, an unknown key or a newer schema_version. */
hk_status hk_setup_from_json(const cJSON *root, struct hk_setup *s, struct hk_error *err);
/* Same from text; HK_PARSE when the text is not JSON. */
hk_status hk_setup_from_json_string(const char *text, struct hk_setup *s, struct hk_error *err);

#endif
