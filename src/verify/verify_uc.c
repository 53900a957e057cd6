/* verify_uc.c - Unity Catalog reaches its storage: a file round trip
 * through the Files API on a managed volume.  The control plane serves the
 * Files API and touches S3 itself with the Unity Catalog storage credential
 * ([SDK] service/files; the credential model: [TFP]
 * docs/resources/storage_credential.md), so a failure points at that
 * credential and its role, not at the VPC's S3 gateway endpoint. */
#include "verify/verify_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_ws_files.h"
#include "verify/verify_uc_create.h"

#define UC_SCHEMA "heiiki"
#define UC_VOLUME "verify"

static void fail(struct hk_verify *v, const char *what, const struct hk_error *err)
{
  char line[1024];
  char s[768];
  hk_error_format(err, line, sizeof(line));
  snprintf(s, sizeof(s), "%s: %s", what, line);
  hk_verify_end(v, HK_VERIFY_UC, HK_VO_FAIL, s,
                err && err->hint[0] ? err->hint :
                _("The Files API is served by the Databricks control plane, which reads and writes "
                  "the volume's S3 location itself with the Unity Catalog storage credential (not "
                  "through your VPC or its S3 endpoint): check the credential behind the catalog's "
                  "managed location (the metastore root's default credential, or the external "
                  "location's) and its IAM role: trust with the external ID, self-assume, S3 "
                  "access to the bucket."));
}

static void on_deleted(hk_status st, const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  char s[768];
  if(st != HK_OK) {
    fail(v, _("The test file was written and read back, but could not be deleted"), err);
    return;
  }
  snprintf(s, sizeof(s), _("Wrote, read back and deleted %s."), v->volume_path);
  hk_verify_end(v, HK_VERIFY_UC, HK_VO_PASS, s, NULL);
}

static void on_downloaded(hk_status st, const struct hk_buf *body, const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  if(st != HK_OK) {
    fail(v, _("The test file was written but could not be read back"), err);
    return;
  }
  if(!body || body->len != strlen(v->payload) || memcmp(body->data, v->payload, body->len) != 0) {
    hk_verify_end(v, HK_VERIFY_UC, HK_VO_FAIL,
                  _("The test file read back differs from what was written."),
                  _("Check that nothing rewrites objects in the metastore bucket (lifecycle rules, proxies)."));
    return;
  }
  hk_verify_progress(v, HK_VERIFY_UC, _("read back; deleting"));
  if(dbx_ws_file_delete(v->ws, v->volume_path, on_deleted, v) != HK_OK)
    hk_verify_end(v, HK_VERIFY_UC, HK_VO_FAIL, _("The delete call could not be sent."), NULL);
}

static void on_uploaded(hk_status st, const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  if(st != HK_OK) {
    fail(v, _("The test file could not be written to the volume"), err);
    return;
  }
  hk_verify_progress(v, HK_VERIFY_UC, _("written; reading back"));
  if(dbx_ws_file_download(v->ws, v->volume_path, on_downloaded, v) != HK_OK)
    hk_verify_end(v, HK_VERIFY_UC, HK_VO_FAIL, _("The download call could not be sent."), NULL);
}

static void upload(struct hk_verify *v)
{
  snprintf(v->volume_path, sizeof(v->volume_path), "/Volumes/%s/" UC_SCHEMA "/" UC_VOLUME "/heiiki-verify-%s.txt",
           v->catalog, v->opts->setup_name ? v->opts->setup_name : "setup");
  snprintf(v->payload, sizeof(v->payload), "heiiki verify %ld\n", (long)time(NULL));
  hk_verify_progress(v, HK_VERIFY_UC, _("writing a test file"));
  if(dbx_ws_file_upload(v->ws, v->volume_path, v->payload, strlen(v->payload), true, on_uploaded, v) != HK_OK)
    hk_verify_end(v, HK_VERIFY_UC, HK_VO_FAIL, _("The upload call could not be sent."), NULL);
}

static void on_volume(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  char what[256];
  (void)json;
  if(st != HK_OK && st != HK_CONFLICT) {
    snprintf(what, sizeof(what), _("The volume %s.%s could not be created"), UC_SCHEMA, UC_VOLUME);
    fail(v, what, err);
    return;
  }
  upload(v);
}

static void on_schema(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  char what[256];
  char get[640];
  cJSON *body;
  (void)json;
  if(st != HK_OK && st != HK_CONFLICT) {
    snprintf(what, sizeof(what), _("The schema %s could not be created"), UC_SCHEMA);
    fail(v, what, err);
    return;
  }
  body = cJSON_CreateObject();
  cJSON_AddStringToObject(body, "catalog_name", v->catalog);
  cJSON_AddStringToObject(body, "schema_name", UC_SCHEMA);
  cJSON_AddStringToObject(body, "name", UC_VOLUME);
  cJSON_AddStringToObject(body, "volume_type", "MANAGED");
  snprintf(get, sizeof(get), "/api/2.1/unity-catalog/volumes/%s." UC_SCHEMA "." UC_VOLUME, v->catalog);
  if(hk_verify_uc_create(v->ws, "/api/2.1/unity-catalog/volumes", body, get, on_volume, v) != HK_OK)
    hk_verify_end(v, HK_VERIFY_UC, HK_VO_FAIL, _("The volume call could not be sent."), NULL);
  cJSON_Delete(body);
}

void hk_verify_uc_start(struct hk_verify *v)
{
  char what[256];
  char get[640];
  cJSON *body;
  hk_verify_begin(v, HK_VERIFY_UC);
  if(!v->catalog[0]) {
    hk_verify_end(v, HK_VERIFY_UC, HK_VO_FAIL,
                  _("No Unity Catalog catalog to write to (the catalog check found none)."),
                  _("Run heiiki verify without skipping the catalog check."));
    return;
  }
  /* formats, not "..." UC_SCHEMA "...": xgettext would extract only the first piece */
  snprintf(what, sizeof(what), _("preparing schema %s and volume %s"), UC_SCHEMA, UC_VOLUME);
  hk_verify_progress(v, HK_VERIFY_UC, what);
  body = cJSON_CreateObject();
  cJSON_AddStringToObject(body, "catalog_name", v->catalog);
  cJSON_AddStringToObject(body, "name", UC_SCHEMA);
  cJSON_AddStringToObject(body, "comment", "heiiki post-deploy checks");
  snprintf(get, sizeof(get), "/api/2.1/unity-catalog/schemas/%s." UC_SCHEMA, v->catalog);
  if(hk_verify_uc_create(v->ws, "/api/2.1/unity-catalog/schemas", body, get, on_schema, v) != HK_OK)
    hk_verify_end(v, HK_VERIFY_UC, HK_VO_FAIL, _("The schema call could not be sent."), NULL);
  cJSON_Delete(body);
}
