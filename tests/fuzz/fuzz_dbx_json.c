/* fuzz_dbx_json.c - Databricks JSON response mapping and error mapping. */
#include "fuzz_common.h"

#include <cJSON.h>

#include "dbx/dbx_credentials.h"
#include "dbx/dbx_error.h"
#include "dbx/dbx_json.h"
#include "dbx/dbx_metastores.h"
#include "dbx/dbx_networks.h"
#include "dbx/dbx_pas.h"
#include "dbx/dbx_storage.h"
#include "dbx/dbx_vpce.h"
#include "dbx/dbx_workspaces.h"
#include "dbx/dbx_ws_compute.h"

static struct dbx_credentials cred;
static struct dbx_metastore ms;
static struct dbx_metastore_assignment asg;
static struct dbx_network net;
static struct dbx_pas pas;
static struct dbx_storage sto;
static struct dbx_vpce vpce;
static struct dbx_workspace ws;
static struct dbx_cluster cl;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct hk_error err;
  struct dbx_http_result r;
  cJSON *j = dbx_json_parse((const char *)data, size);

  hk_error_clear(&err);
  if(j) {
    dbx_credentials_from_json(j, &cred, &err);
    dbx_metastore_from_json(j, &ms, &err);
    dbx_assignment_from_json(j, &asg, &err);
    dbx_network_from_json(j, &net, &err);
    dbx_pas_from_json(j, &pas, &err);
    dbx_storage_from_json(j, &sto, &err);
    dbx_vpce_from_json(j, &vpce, &err);
    dbx_workspace_from_json(j, &ws, &err);
    dbx_cluster_from_json(j, &cl, &err);
    cJSON_Delete(j);
  }
  memset(&r, 0, sizeof(r));
  r.http_status = size ? 400 + (long)(data[0] % 104) : 500;
  r.body = (const char *)data;
  r.len = size;
  hk_error_clear(&err);
  dbx_error_from_http(&r, "POST /networks", &err);
  if(!err.message[0])
    abort();
  return 0;
}
