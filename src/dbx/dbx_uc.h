/* dbx_uc.h - the Unity Catalog storage objects heiiki makes in the
 * workspace for metastore.mode = create: names shared by the apply actions
 * (post.uc.credential, post.uc.location) and the post-deploy catalog check.
 *
 * Paths ([SDK] service/catalog; [TFP] catalog/resource_metastore_data_access_test.go):
 * /api/2.1/unity-catalog/storage-credentials[/{name}],
 * /api/2.1/unity-catalog/external-locations[/{name}],
 * /api/2.1/unity-catalog/metastore_summary. */
#ifndef DBX_UC_H
#define DBX_UC_H

#define DBX_UC_CREDENTIALS "/api/2.1/unity-catalog/storage-credentials"
#define DBX_UC_LOCATIONS "/api/2.1/unity-catalog/external-locations"
#define DBX_UC_SUMMARY "/api/2.1/unity-catalog/metastore_summary"

/* "<setup>-uc-credential" and "<setup>-uc-location". */
#define DBX_UC_CREDENTIAL_SUFFIX "uc-credential"
#define DBX_UC_LOCATION_SUFFIX "uc-location"
/* Where heiiki puts a catalog it creates, under the external location's URL. */
#define DBX_UC_CATALOG_DIR "catalogs"

#endif
