/* verify_uc_create.h - a named Unity Catalog object the checks create (catalog,
 * schema, volume): sent once, and looked up by name when its reply is lost. */
#ifndef VERIFY_UC_CREATE_H
#define VERIFY_UC_CREATE_H

#include "dbx/dbx_client.h"

/* POST body to post_path (DBX_CREATE: never re-sent).  When the reply is lost
 * (transport error, timeout, 5xx, unparsable reply: the create may have taken
 * effect), GET get_path: found = cb(HK_OK, object), else cb with the create's
 * own error.  "Already exists" reaches cb as HK_CONFLICT, as before.
 * HK_OK = started (cb runs exactly once). */
hk_status hk_verify_uc_create(struct dbx_client *ws, const char *post_path, const cJSON *body,
                              const char *get_path, dbx_json_cb cb, void *ud);

#endif
