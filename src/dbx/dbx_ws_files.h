/* dbx_ws_files.h - Files API on Unity Catalog volumes:
 * /api/2.0/fs/files/Volumes/<catalog>/<schema>/<volume>/<path>, every path
 * segment percent-encoded. */
#ifndef DBX_WS_FILES_H
#define DBX_WS_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include "dbx/dbx_object.h"

/* Build "/api/2.0/fs/files" + encoded absolute path into out.  The path must
 * start with "/Volumes/" and have no "." or ".." segments. */
hk_status dbx_files_url_path(const char *abs_path, struct hk_buf *out, struct hk_error *err);

/* PUT raw bytes (application/octet-stream). */
hk_status dbx_ws_file_upload(struct dbx_client *ws, const char *abs_path, const void *data,
                             size_t len, bool overwrite, dbx_done_cb cb, void *ud);
/* GET: body holds the bytes (owned by the client until cb returns). */
hk_status dbx_ws_file_download(struct dbx_client *ws, const char *abs_path, dbx_raw_cb cb,
                               void *ud);
/* DELETE; a missing file counts as deleted. */
hk_status dbx_ws_file_delete(struct dbx_client *ws, const char *abs_path, dbx_done_cb cb,
                             void *ud);

#endif
