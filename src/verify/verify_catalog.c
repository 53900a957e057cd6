/* verify_catalog.c - a Unity Catalog catalog exists and is the workspace
 * default, not hive_metastore (the legacy metastore is unreachable in a
 * closed network and notebooks fail on it).
 *
 * When heiiki has to create the catalog, where its managed storage goes
 * depends on the metastore ([TFP] docs/resources/metastore.md: "If no
 * storage_root is defined for the metastore, each catalog must have a
 * storage_root defined"; docs/resources/catalog.md):
 *  - a root with its data-access credential (storage_root_credential_id,
 *    [TFP] docs/resources/metastore_data_access.md): the catalog uses it;
 *  - no root, or a root without a credential: the catalog gets a managed
 *    location under the external location heiiki made (post.uc.location,
 *    metastore.mode = create); without one the check says what to do. */
#include "verify/verify_int.h"

#include <stdio.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_metastores.h"
#include "dbx/dbx_uc.h"
#include "dbx/dbx_ws_info.h"
#include "verify/verify_uc_create.h"

#define HK_VERIFY_CATALOG_NAME "heiiki"
#define HK_VERIFY_NAME_MAX 257

static int usable_catalog(const cJSON *c)
{
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(c, "name");
  const cJSON *type = cJSON_GetObjectItemCaseSensitive(c, "catalog_type");
  if(!cJSON_IsString(name) || !name->valuestring[0])
    return 0;
  if(strcmp(name->valuestring, "system") == 0 || strcmp(name->valuestring, "samples") == 0 ||
     strcmp(name->valuestring, "hive_metastore") == 0 || strcmp(name->valuestring, "__databricks_internal") == 0)
    return 0;
  return !cJSON_IsString(type) || strcmp(type->valuestring, "MANAGED_CATALOG") == 0;
}

static void fail(struct hk_verify *v, const char *what, const struct hk_error *err, const char *fix)
{
  char line[1024];
  char s[768];
  hk_error_format(err, line, sizeof(line));
  snprintf(s, sizeof(s), "%s: %s", what, line);
  hk_verify_end(v, HK_VERIFY_CATALOG, HK_VO_FAIL, s, fix ? fix : (err ? err->hint : NULL));
}

static void on_set(hk_status st, const struct dbx_default_catalog *d, const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  char s[768];
  (void)d;
  if(st != HK_OK) {
    fail(v, _("The workspace default catalog could not be set"), err, NULL);
    return;
  }
  snprintf(s, sizeof(s), _("The workspace default catalog is now %s (was hive_metastore)."), v->catalog);
  hk_verify_end(v, HK_VERIFY_CATALOG, HK_VO_PASS, s, NULL);
}

static void on_get_default(hk_status st, const struct dbx_default_catalog *d,
                           const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  char s[768];
  const char *etag = NULL;
  if(st == HK_OK && d->catalog[0] && strcmp(d->catalog, "hive_metastore") != 0) {
    hk_strlcpy(v->catalog, d->catalog, sizeof(v->catalog));
    snprintf(s, sizeof(s), _("The workspace default catalog is %s, a Unity Catalog catalog."), d->catalog);
    hk_verify_end(v, HK_VERIFY_CATALOG, HK_VO_PASS, s, NULL);
    return;
  }
  if(st != HK_OK && st != HK_NOT_FOUND) {
    fail(v, _("The workspace default catalog could not be read"), err, NULL);
    return;
  }
  if(st == HK_OK && d->etag[0])
    etag = d->etag;
  hk_verify_progress(v, HK_VERIFY_CATALOG, _("setting the default catalog"));
  if(dbx_ws_default_catalog_set(v->ws, v->catalog, etag, on_set, v) != HK_OK)
    hk_verify_end(v, HK_VERIFY_CATALOG, HK_VO_FAIL, _("The setting call could not be sent."), NULL);
}

static void on_created(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  (void)json;
  if(st != HK_OK && st != HK_CONFLICT) {
    fail(v, _("No Unity Catalog catalog exists and one could not be created"), err,
         _("Create a catalog with a managed location (Catalog Explorer), then run heiiki verify again."));
    return;
  }
  hk_strlcpy(v->catalog, HK_VERIFY_CATALOG_NAME, sizeof(v->catalog));
  if(dbx_ws_default_catalog_get(v->ws, on_get_default, v) != HK_OK)
    hk_verify_end(v, HK_VERIFY_CATALOG, HK_VO_FAIL, _("The setting call could not be sent."), NULL);
}

/* POST the catalog; storage_root NULL = in the metastore root. */
static void create_catalog(struct hk_verify *v, const char *storage_root)
{
  cJSON *body = cJSON_CreateObject();
  char msg[160];

  /* a format, not "..." NAME "...": xgettext would extract only the first piece */
  snprintf(msg, sizeof(msg), _("no catalog yet; creating \"%s\""), HK_VERIFY_CATALOG_NAME);
  hk_verify_progress(v, HK_VERIFY_CATALOG, msg);
  cJSON_AddStringToObject(body, "name", HK_VERIFY_CATALOG_NAME);
  cJSON_AddStringToObject(body, "comment", "Created by heiiki so the workspace default is not hive_metastore.");
  if(storage_root)
    cJSON_AddStringToObject(body, "storage_root", storage_root);
  if(hk_verify_uc_create(v->ws, "/api/2.1/unity-catalog/catalogs", body,
                         "/api/2.1/unity-catalog/catalogs/" HK_VERIFY_CATALOG_NAME, on_created, v) != HK_OK)
    hk_verify_end(v, HK_VERIFY_CATALOG, HK_VO_FAIL, _("The catalog call could not be sent."), NULL);
  cJSON_Delete(body);
}

static void on_location(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  const cJSON *url = cJSON_GetObjectItemCaseSensitive(json, "url");
  char root[1200], s[768];

  if(st == HK_OK && cJSON_IsString(url) && url->valuestring[0]) {
    snprintf(root, sizeof(root), "%s%s" DBX_UC_CATALOG_DIR "/" HK_VERIFY_CATALOG_NAME,
             url->valuestring, url->valuestring[strlen(url->valuestring) - 1] == '/' ? "" : "/");
    create_catalog(v, root);
    return;
  }
  if(st != HK_OK && st != HK_NOT_FOUND) {
    fail(v, _("The external location for the catalog could not be read"), err, NULL);
    return;
  }
  snprintf(s, sizeof(s), "%s", v->ms_root[0]
           ? _("No Unity Catalog catalog exists, and the metastore's storage root has no storage "
               "credential, so a new catalog needs a managed location; heiiki set up no external "
               "location for one (metastore.mode = existing).")
           : _("No Unity Catalog catalog exists, and the metastore has no storage root, so a new "
               "catalog needs a managed location; heiiki set up no external location for one "
               "(metastore.mode = existing)."));
  hk_verify_end(v, HK_VERIFY_CATALOG, HK_VO_FAIL, s,
                _("Create a storage credential and an external location on an S3 bucket "
                  "(Catalog Explorer > External data), then a catalog with a managed location in "
                  "it, and run heiiki verify again; or use metastore.mode = create, where heiiki "
                  "sets this up."));
}

static void on_summary(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  const cJSON *root = cJSON_GetObjectItemCaseSensitive(json, "storage_root");
  const cJSON *cred = cJSON_GetObjectItemCaseSensitive(json, "storage_root_credential_id");
  char path[HK_VERIFY_NAME_MAX + 96];
  (void)err;
  v->ms_root[0] = '\0';
  if(st == HK_OK && cJSON_IsString(root) && root->valuestring[0])
    hk_strlcpy(v->ms_root, root->valuestring, sizeof(v->ms_root));
  /* a root with its credential, or no summary to go by: the catalog goes in the root */
  if(st != HK_OK || (v->ms_root[0] && cJSON_IsString(cred) && cred->valuestring[0])) {
    create_catalog(v, NULL);
    return;
  }
  hk_verify_progress(v, HK_VERIFY_CATALOG, _("no metastore root with a credential; looking for "
                                             "heiiki's external location"));
  snprintf(path, sizeof(path), DBX_UC_LOCATIONS "/%s-" DBX_UC_LOCATION_SUFFIX,
           v->opts->setup_name ? v->opts->setup_name : "setup");
  if(dbx_call(v->ws, "GET", path, NULL, DBX_READ, on_location, v) != HK_OK)
    hk_verify_end(v, HK_VERIFY_CATALOG, HK_VO_FAIL, _("The external location call could not be sent."), NULL);
}

static void on_catalogs(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  const cJSON *list;
  const cJSON *c;
  if(st != HK_OK) {
    fail(v, _("The catalogs could not be listed"), err, NULL);
    return;
  }
  list = cJSON_GetObjectItemCaseSensitive(json, "catalogs");
  cJSON_ArrayForEach(c, list) {
    if(usable_catalog(c)) {
      hk_strlcpy(v->catalog, cJSON_GetObjectItemCaseSensitive(c, "name")->valuestring, sizeof(v->catalog));
      break;
    }
  }
  if(v->catalog[0]) {
    if(dbx_ws_default_catalog_get(v->ws, on_get_default, v) != HK_OK)
      hk_verify_end(v, HK_VERIFY_CATALOG, HK_VO_FAIL, _("The setting call could not be sent."), NULL);
    return;
  }
  hk_verify_progress(v, HK_VERIFY_CATALOG, _("no catalog yet; reading the metastore's storage"));
  if(dbx_call(v->ws, "GET", DBX_UC_SUMMARY, NULL, DBX_READ, on_summary, v) != HK_OK)
    hk_verify_end(v, HK_VERIFY_CATALOG, HK_VO_FAIL, _("The metastore call could not be sent."), NULL);
}

static void on_assignment(hk_status st, const struct dbx_metastore_assignment *a,
                          const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  (void)a;
  if(st == HK_NOT_FOUND) {
    hk_verify_end(v, HK_VERIFY_CATALOG, HK_VO_FAIL,
                  _("No Unity Catalog metastore is assigned to the workspace."),
                  _("Assign the region's metastore (heiiki resume runs the metastore step), then verify again."));
    return;
  }
  if(st != HK_OK) {
    fail(v, _("The metastore assignment could not be read"), err, NULL);
    return;
  }
  if(dbx_call(v->ws, "GET", "/api/2.1/unity-catalog/catalogs", NULL, DBX_READ, on_catalogs, v) != HK_OK)
    hk_verify_end(v, HK_VERIFY_CATALOG, HK_VO_FAIL, _("The catalogs call could not be sent."), NULL);
}

void hk_verify_catalog_start(struct hk_verify *v)
{
  hk_verify_begin(v, HK_VERIFY_CATALOG);
  if(dbx_ws_current_metastore(v->ws, on_assignment, v) != HK_OK)
    hk_verify_end(v, HK_VERIFY_CATALOG, HK_VO_FAIL, _("The metastore call could not be sent."), NULL);
}
