/* dbx_ws_files.c - Files API: upload, download, delete with per-segment encoding. */
#include "dbx/dbx_ws_files.h"

#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"

hk_status dbx_files_url_path(const char *abs_path, struct hk_buf *out, struct hk_error *err)
{
  const char *p;
  char seg[1024];
  hk_status st;

  if(!abs_path || strncmp(abs_path, "/Volumes/", 9))
    return hk_error_set(err, HK_INVALID,
                        _("The file path \"%s\" must start with /Volumes/<catalog>/<schema>/"
                          "<volume>/."), abs_path ? abs_path : "");
  st = hk_buf_puts(out, "/api/2.0/fs/files");
  for(p = abs_path; st == HK_OK && *p;) {
    size_t n;
    while(*p == '/')
      p++;
    n = strcspn(p, "/");
    if(!n)
      break;
    if(n >= sizeof(seg) || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
      return hk_error_set(err, HK_INVALID,
                          _("The file path \"%s\" has an empty, \".\" or \"..\" segment or one "
                            "that is too long."), abs_path);
    memcpy(seg, p, n);
    seg[n] = '\0';
    st = hk_buf_puts(out, "/");
    if(st == HK_OK)
      st = dbx_url_escape(out, seg);
    p += n;
  }
  if(st != HK_OK)
    return hk_error_set(err, st, "%s", _("Out of memory."));
  return HK_OK;
}

struct file_ctx {
  dbx_done_cb cb;
  void *ud;
  bool not_found_ok;
};

static void file_done(hk_status st, const struct hk_buf *body, const struct hk_error *err,
                      void *ud)
{
  struct file_ctx *f = ud;
  (void)body;
  if(st == HK_NOT_FOUND && f->not_found_ok)
    st = HK_OK;
  f->cb(st, st == HK_OK ? NULL : err, f->ud);
  free(f);
}

static hk_status file_call(struct dbx_client *ws, const char *method, const char *abs_path,
                           const char *query, const void *data, size_t len, const char *ctype,
                           enum dbx_call_kind kind, bool not_found_ok, dbx_done_cb dcb,
                           dbx_raw_cb rcb, void *ud)
{
  struct hk_buf path;
  struct file_ctx *f = NULL;
  hk_status st;

  hk_buf_init(&path);
  st = dbx_files_url_path(abs_path, &path, NULL);
  if(st == HK_OK && query)
    st = hk_buf_puts(&path, query);
  if(st != HK_OK)
    goto out;
  if(rcb) {
    st = dbx_call_raw(ws, method, path.data, data, len, ctype, kind, rcb, ud);
    goto out;
  }
  f = calloc(1, sizeof(*f));
  if(!f) {
    st = HK_NOMEM;
    goto out;
  }
  f->cb = dcb;
  f->ud = ud;
  f->not_found_ok = not_found_ok;
  st = dbx_call_raw(ws, method, path.data, data, len, ctype, kind, file_done, f);
  if(st != HK_OK)
    free(f);

out:
  hk_buf_free(&path);
  return st;
}

hk_status dbx_ws_file_upload(struct dbx_client *ws, const char *abs_path, const void *data,
                             size_t len, bool overwrite, dbx_done_cb cb, void *ud)
{
  if(!cb)
    return HK_INVALID;
  return file_call(ws, "PUT", abs_path, overwrite ? "?overwrite=true" : "?overwrite=false",
                   data ? data : "", len, "application/octet-stream", DBX_WRITE, false, cb, NULL,
                   ud);
}

hk_status dbx_ws_file_download(struct dbx_client *ws, const char *abs_path, dbx_raw_cb cb,
                               void *ud)
{
  if(!cb)
    return HK_INVALID;
  return file_call(ws, "GET", abs_path, NULL, NULL, 0, NULL, DBX_READ, false, NULL, cb, ud);
}

hk_status dbx_ws_file_delete(struct dbx_client *ws, const char *abs_path, dbx_done_cb cb,
                             void *ud)
{
  if(!cb)
    return HK_INVALID;
  return file_call(ws, "DELETE", abs_path, NULL, NULL, 0, NULL, DBX_WRITE, true, cb, NULL, ud);
}
