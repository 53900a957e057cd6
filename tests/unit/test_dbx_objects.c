/* test_dbx_objects.c - JSON mapping of every object (both directions), adoption matching,
 * update masks, node/runtime picks, Files API paths, failed-check parsing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "dbx/dbx_adopt.h"
#include "dbx/dbx_json.h"
#include "dbx/dbx_ws_compute.h"
#include "dbx/dbx_ws_files.h"
#include "dbx/dbx_ws_info.h"

static cJSON *parse(const char *text)
{
  cJSON *j = cJSON_Parse(text);
  assert_non_null(j);
  return j;
}

static char *print(const cJSON *j)
{
  char *s = cJSON_PrintUnformatted(j);
  assert_non_null(s);
  return s;
}

static void test_credentials_mapping(void **state)
{
  struct dbx_credentials c, spec;
  struct hk_error e;
  cJSON *j = parse("{\"credentials_id\":\"c-1\",\"credentials_name\":\"cred\",\"account_id\":\"a\","
                   "\"creation_time\":1700000000123,\"aws_credentials\":{\"sts_role\":{\"role_arn\":"
                   "\"arn:aws:iam::123456789012:role/x\",\"external_id\":\"a\"}}}");
  char *s;
  (void)state;
  assert_int_equal(dbx_credentials_from_json(j, &c, &e), HK_OK);
  assert_string_equal(c.credentials_id, "c-1");
  assert_string_equal(c.credentials_name, "cred");
  assert_string_equal(c.role_arn, "arn:aws:iam::123456789012:role/x");
  assert_string_equal(c.external_id, "a");
  assert_true(c.creation_time == 1700000000123LL);
  cJSON_Delete(j);
  memset(&spec, 0, sizeof(spec));
  snprintf(spec.credentials_name, sizeof(spec.credentials_name), "cred");
  snprintf(spec.role_arn, sizeof(spec.role_arn), "arn:aws:iam::1:role/r");
  j = dbx_credentials_to_json(&spec);
  s = print(j);
  assert_string_equal(s, "{\"aws_credentials\":{\"sts_role\":{\"role_arn\":"
                         "\"arn:aws:iam::1:role/r\"}},\"credentials_name\":\"cred\"}");
  free(s);
  cJSON_Delete(j);
  /* missing id: a clear parse error */
  j = parse("{\"credentials_name\":\"cred\"}");
  assert_int_equal(dbx_credentials_from_json(j, &c, &e), HK_PARSE);
  assert_non_null(strstr(e.message, "credentials_id"));
  cJSON_Delete(j);
  /* wrong types are ignored, not crashed on */
  j = parse("{\"credentials_id\":\"c\",\"credentials_name\":42,\"aws_credentials\":[1,2],"
            "\"creation_time\":\"x\"}");
  assert_int_equal(dbx_credentials_from_json(j, &c, &e), HK_OK);
  assert_string_equal(c.credentials_name, "42");
  assert_string_equal(c.role_arn, "");
  cJSON_Delete(j);
}

static void test_long_integers_stay_exact(void **state)
{
  struct dbx_workspace w;
  struct hk_error e;
  const char *t = "{\"workspace_id\": 9971101685222556, \"a\":[1234567890123456789,-9007199254740993,"
                  "12.5,1e300,42],\"s\":\"x\\\": 99999999999999999\",\"creation_time\":1700000000123}";
  cJSON *j = dbx_json_parse(t, strlen(t));
  const cJSON *arr;
  (void)state;
  assert_non_null(j);
  assert_int_equal(dbx_workspace_from_json(j, &w, &e), HK_OK);
  assert_true(w.workspace_id == 9971101685222556LL);
  arr = cJSON_GetObjectItemCaseSensitive(j, "a");
  assert_string_equal(cJSON_GetArrayItem(arr, 0)->valuestring, "1234567890123456789");
  assert_string_equal(cJSON_GetArrayItem(arr, 1)->valuestring, "-9007199254740993");
  assert_true(cJSON_IsNumber(cJSON_GetArrayItem(arr, 2)));
  assert_true(cJSON_IsNumber(cJSON_GetArrayItem(arr, 3)));
  assert_true(cJSON_IsNumber(cJSON_GetArrayItem(arr, 4)));
  /* digits inside a string are left alone */
  assert_string_equal(cJSON_GetObjectItemCaseSensitive(j, "s")->valuestring, "x\": 99999999999999999");
  assert_true(w.creation_time == 1700000000123LL);
  cJSON_Delete(j);
  assert_null(dbx_json_parse("{\"a\":", 5));
  assert_null(dbx_json_parse(NULL, 0));
}

static void test_storage_and_vpce_mapping(void **state)
{
  struct dbx_storage s, sspec;
  struct dbx_vpce v, vspec;
  struct hk_error e;
  cJSON *j;
  char *t;
  (void)state;
  j = parse("{\"storage_configuration_id\":\"s-1\",\"storage_configuration_name\":\"root\","
            "\"root_bucket_info\":{\"bucket_name\":\"b1\"},\"role_arn\":\"arn:r\","
            "\"creation_time\":5}");
  assert_int_equal(dbx_storage_from_json(j, &s, &e), HK_OK);
  assert_string_equal(s.bucket_name, "b1");
  assert_string_equal(s.role_arn, "arn:r");
  assert_int_equal(s.creation_time, 5);
  cJSON_Delete(j);
  memset(&sspec, 0, sizeof(sspec));
  snprintf(sspec.storage_configuration_name, sizeof(sspec.storage_configuration_name), "root");
  snprintf(sspec.bucket_name, sizeof(sspec.bucket_name), "b1");
  j = dbx_storage_to_json(&sspec);
  t = print(j);
  assert_string_equal(t, "{\"root_bucket_info\":{\"bucket_name\":\"b1\"},"
                         "\"storage_configuration_name\":\"root\"}");
  free(t);
  cJSON_Delete(j);

  j = parse("{\"vpc_endpoint_id\":\"v-1\",\"vpc_endpoint_name\":\"fe\",\"aws_vpc_endpoint_id\":"
            "\"vpce-0abc\",\"aws_account_id\":\"123456789012\",\"aws_endpoint_service_id\":"
            "\"com.amazonaws.vpce.ap-northeast-1.vpce-svc-02691fd610d24fd64\",\"region\":"
            "\"ap-northeast-1\",\"state\":\"available\",\"use_case\":\"WORKSPACE_ACCESS\"}");
  assert_int_equal(dbx_vpce_from_json(j, &v, &e), HK_OK);
  assert_string_equal(v.aws_vpc_endpoint_id, "vpce-0abc");
  assert_string_equal(v.aws_account_id, "123456789012");
  assert_true(dbx_vpce_ready(&v));
  assert_false(dbx_vpce_pending(&v));
  assert_true(dbx_vpce_is_rest(&v));
  snprintf(v.state, sizeof(v.state), "pendingAcceptance");
  assert_true(dbx_vpce_pending(&v));
  snprintf(v.use_case, sizeof(v.use_case), "DATAPLANE_RELAY_ACCESS");
  assert_false(dbx_vpce_is_rest(&v));
  cJSON_Delete(j);
  memset(&vspec, 0, sizeof(vspec));
  snprintf(vspec.vpc_endpoint_name, sizeof(vspec.vpc_endpoint_name), "fe");
  snprintf(vspec.aws_vpc_endpoint_id, sizeof(vspec.aws_vpc_endpoint_id), "vpce-1");
  snprintf(vspec.region, sizeof(vspec.region), "ap-northeast-1");
  j = dbx_vpce_to_json(&vspec);
  t = print(j);
  assert_string_equal(t, "{\"vpc_endpoint_name\":\"fe\",\"aws_vpc_endpoint_id\":\"vpce-1\","
                         "\"region\":\"ap-northeast-1\"}");
  free(t);
  cJSON_Delete(j);
}

static void test_pas_sends_false_explicitly(void **state)
{
  struct dbx_pas p, spec;
  struct hk_error e;
  cJSON *j;
  char *t;
  (void)state;
  memset(&spec, 0, sizeof(spec));
  snprintf(spec.private_access_settings_name, sizeof(spec.private_access_settings_name), "pas");
  snprintf(spec.region, sizeof(spec.region), "ap-northeast-1");
  j = dbx_pas_to_json(&spec);
  t = print(j);
  assert_string_equal(t, "{\"private_access_settings_name\":\"pas\",\"region\":\"ap-northeast-1\","
                         "\"public_access_enabled\":false}");
  free(t);
  cJSON_Delete(j);
  snprintf(spec.private_access_level, sizeof(spec.private_access_level), "ENDPOINT");
  snprintf(spec.allowed_vpc_endpoint_ids[0], DBX_ID_MAX, "v-1");
  snprintf(spec.allowed_vpc_endpoint_ids[1], DBX_ID_MAX, "v-2");
  spec.n_allowed = 2;
  spec.public_access_enabled = true;
  j = dbx_pas_to_json(&spec);
  t = print(j);
  assert_string_equal(t, "{\"private_access_settings_name\":\"pas\",\"region\":\"ap-northeast-1\","
                         "\"public_access_enabled\":true,\"private_access_level\":\"ENDPOINT\","
                         "\"allowed_vpc_endpoint_ids\":[\"v-1\",\"v-2\"]}");
  assert_int_equal(dbx_pas_from_json(j, &p, &e), HK_PARSE); /* no id in a request body */
  cJSON_AddStringToObject(j, "private_access_settings_id", "p-1");
  assert_int_equal(dbx_pas_from_json(j, &p, &e), HK_OK);
  assert_true(p.public_access_enabled);
  assert_int_equal(p.n_allowed, 2);
  assert_string_equal(p.allowed_vpc_endpoint_ids[1], "v-2");
  free(t);
  cJSON_Delete(j);
}

static const char *network_json =
    "{\"network_id\":\"n-1\",\"network_name\":\"net\",\"vpc_id\":\"vpc-1\","
    "\"subnet_ids\":[\"subnet-a\",\"subnet-b\"],\"security_group_ids\":[\"sg-1\"],"
    "\"vpc_endpoints\":{\"rest_api\":[\"v-fe\"],\"dataplane_relay\":[\"v-relay\"]},"
    "\"vpc_status\":\"BROKEN\",\"workspace_id\":1234567890123456,"
    "\"error_messages\":[{\"error_type\":\"subnet\",\"error_message\":\"subnet-a has a route to "
    "an internet gateway\"},{\"error_type\":\"securityGroup\",\"error_message\":\"egress 443 "
    "missing\"}],\"warning_messages\":[{\"warning_type\":\"subnet\",\"warning_message\":\"small "
    "subnet\"}]}";

static void test_network_mapping(void **state)
{
  struct dbx_network n;
  struct hk_error e;
  char msgs[1024], *t;
  cJSON *j = parse(network_json);
  (void)state;
  assert_int_equal(dbx_network_from_json(j, &n, &e), HK_OK);
  cJSON_Delete(j);
  assert_int_equal(n.n_subnet_ids, 2);
  assert_string_equal(n.subnet_ids[1], "subnet-b");
  assert_int_equal(n.n_security_group_ids, 1);
  assert_string_equal(n.rest_api_ids[0], "v-fe");
  assert_string_equal(n.dataplane_relay_ids[0], "v-relay");
  assert_string_equal(n.vpc_status, "BROKEN");
  assert_true(n.workspace_id == 1234567890123456LL);
  assert_int_equal(n.n_errors, 2);
  assert_string_equal(n.errors[1].type, "securityGroup");
  assert_int_equal(n.n_warnings, 1);
  dbx_network_messages(&n, msgs, sizeof(msgs));
  assert_string_equal(msgs, "subnet: subnet-a has a route to an internet gateway; securityGroup: "
                            "egress 443 missing; warnings: subnet: small subnet");
  /* request body: only the create fields */
  j = dbx_network_to_json(&n);
  t = print(j);
  assert_string_equal(t, "{\"network_name\":\"net\",\"vpc_id\":\"vpc-1\",\"subnet_ids\":"
                         "[\"subnet-a\",\"subnet-b\"],\"security_group_ids\":[\"sg-1\"],"
                         "\"vpc_endpoints\":{\"rest_api\":[\"v-fe\"],\"dataplane_relay\":"
                         "[\"v-relay\"]}}");
  free(t);
  cJSON_Delete(j);
}

static void test_workspace_mapping_and_mask(void **state)
{
  struct dbx_workspace w;
  struct hk_error e;
  char mask[256], *t;
  cJSON *j = parse("{\"workspace_id\":3164426233232187,\"workspace_name\":\"ws\",\"aws_region\":"
                   "\"ap-northeast-1\",\"workspace_status\":\"PROVISIONING\","
                   "\"workspace_status_message\":\"Workspace resources are being set up.\","
                   "\"deployment_name\":\"dbc-1a2b3c4d-5e6f\",\"credentials_id\":\"c\","
                   "\"storage_configuration_id\":\"s\",\"network_id\":\"n\","
                   "\"private_access_settings_id\":\"p\",\"pricing_tier\":\"ENTERPRISE\","
                   "\"custom_tags\":{\"Owner\":\"ops\",\"Env\":\"prod\"},\"creation_time\":7}");
  (void)state;
  assert_int_equal(dbx_workspace_from_json(j, &w, &e), HK_OK);
  cJSON_Delete(j);
  assert_true(w.workspace_id == 3164426233232187LL);
  assert_string_equal(w.deployment_name, "dbc-1a2b3c4d-5e6f");
  assert_string_equal(w.workspace_status_message, "Workspace resources are being set up.");
  assert_int_equal(w.n_tags, 2);
  assert_string_equal(w.tags[0].key, "Owner");
  assert_false(dbx_workspace_running(&w));
  assert_false(dbx_workspace_terminal(&w));
  snprintf(w.workspace_status, sizeof(w.workspace_status), "BANNED");
  assert_true(dbx_workspace_terminal(&w));
  j = dbx_workspace_to_json(&w);
  t = print(j);
  assert_string_equal(t, "{\"workspace_name\":\"ws\",\"aws_region\":\"ap-northeast-1\","
                         "\"credentials_id\":\"c\",\"storage_configuration_id\":\"s\","
                         "\"network_id\":\"n\",\"private_access_settings_id\":\"p\","
                         "\"pricing_tier\":\"ENTERPRISE\",\"deployment_name\":"
                         "\"dbc-1a2b3c4d-5e6f\",\"custom_tags\":{\"Owner\":\"ops\",\"Env\":"
                         "\"prod\"}}");
  free(t);
  cJSON_Delete(j);
  dbx_workspace_update_mask(DBX_WS_PAS | DBX_WS_CREDENTIALS | DBX_WS_NETWORK, mask, sizeof(mask));
  assert_string_equal(mask, "credentials_id,network_id,private_access_settings_id");
  dbx_workspace_update_mask(DBX_WS_STORAGE | DBX_WS_CUSTOM_TAGS, mask, sizeof(mask));
  assert_string_equal(mask, "custom_tags,storage_configuration_id");
  dbx_workspace_update_mask(0, mask, sizeof(mask));
  assert_string_equal(mask, "");
}

static void test_metastore_mapping(void **state)
{
  struct dbx_metastore m, spec;
  struct dbx_metastore_assignment a;
  struct hk_error e;
  cJSON *j;
  char *t;
  (void)state;
  j = parse("{\"metastore_info\":{\"metastore_id\":\"m-1\",\"name\":\"tokyo\",\"region\":"
            "\"ap-northeast-1\",\"storage_root\":\"s3://b/uc\",\"global_metastore_id\":"
            "\"aws:ap-northeast-1:m-1\",\"owner\":\"sp\"}}");
  assert_int_equal(dbx_metastore_from_json(j, &m, &e), HK_OK);
  assert_string_equal(m.region, "ap-northeast-1");
  assert_string_equal(m.storage_root, "s3://b/uc");
  cJSON_Delete(j);
  /* an unwrapped object works too */
  j = parse("{\"metastore_id\":\"m-2\",\"name\":\"x\",\"region\":\"us-east-1\"}");
  assert_int_equal(dbx_metastore_from_json(j, &m, &e), HK_OK);
  assert_string_equal(m.metastore_id, "m-2");
  cJSON_Delete(j);
  memset(&spec, 0, sizeof(spec));
  snprintf(spec.name, sizeof(spec.name), "tokyo");
  snprintf(spec.region, sizeof(spec.region), "ap-northeast-1");
  j = dbx_metastore_to_json(&spec);
  t = print(j);
  assert_string_equal(t, "{\"metastore_info\":{\"name\":\"tokyo\",\"region\":\"ap-northeast-1\"}}");
  free(t);
  cJSON_Delete(j);
  j = parse("{\"metastore_assignment\":{\"metastore_id\":\"m-1\",\"workspace_id\":42,"
            "\"default_catalog_name\":\"main\"}}");
  assert_int_equal(dbx_assignment_from_json(j, &a, &e), HK_OK);
  assert_int_equal(a.workspace_id, 42);
  assert_string_equal(a.default_catalog_name, "main");
  cJSON_Delete(j);
}

static void test_cluster_mapping_and_picks(void **state)
{
  struct dbx_cluster_spec spec;
  struct dbx_cluster c;
  struct hk_error e;
  struct dbx_node_type nt[4];
  struct dbx_spark_version sv[5];
  cJSON *j;
  char *t;
  (void)state;
  memset(&spec, 0, sizeof(spec));
  snprintf(spec.cluster_name, sizeof(spec.cluster_name), "heiiki-check");
  snprintf(spec.spark_version, sizeof(spec.spark_version), "15.4.x-scala2.12");
  snprintf(spec.node_type_id, sizeof(spec.node_type_id), "m5d.large");
  spec.autotermination_minutes = 10;
  snprintf(spec.instance_profile_arn, sizeof(spec.instance_profile_arn), "arn:ip");
  snprintf(spec.spark_conf[0].key, sizeof(spec.spark_conf[0].key),
           "spark.databricks.hive.metastore.glueCatalog.enabled");
  snprintf(spec.spark_conf[0].value, sizeof(spec.spark_conf[0].value), "true");
  spec.n_spark_conf = 1;
  j = dbx_cluster_spec_to_json(&spec);
  t = print(j);
  assert_string_equal(t, "{\"cluster_name\":\"heiiki-check\",\"spark_version\":\"15.4.x-scala2.12\","
                         "\"node_type_id\":\"m5d.large\",\"num_workers\":0,"
                         "\"autotermination_minutes\":10,\"aws_attributes\":{\"instance_profile_arn\":"
                         "\"arn:ip\"},\"spark_conf\":{\"spark.databricks.hive.metastore.glueCatalog."
                         "enabled\":\"true\"}}");
  free(t);
  cJSON_Delete(j);
  j = parse("{\"cluster_id\":\"0101-x\",\"state\":\"TERMINATED\",\"state_message\":\"boom\","
            "\"termination_reason\":{\"code\":\"NETWORK_CONFIGURATION_FAILURE\",\"type\":"
            "\"CLIENT_ERROR\",\"parameters\":{\"databricks_error_message\":\"no route\"}}}");
  assert_int_equal(dbx_cluster_from_json(j, &c, &e), HK_OK);
  assert_string_equal(c.termination_code, "NETWORK_CONFIGURATION_FAILURE");
  assert_string_equal(c.termination_type, "CLIENT_ERROR");
  assert_string_equal(c.termination_message, "no route");
  cJSON_Delete(j);

  memset(nt, 0, sizeof(nt));
  snprintf(nt[0].node_type_id, 64, "m5d.xlarge"); nt[0].memory_mb = 16384; nt[0].num_cores = 4;
  snprintf(nt[1].node_type_id, 64, "c5d.xlarge"); nt[1].memory_mb = 8192; nt[1].num_cores = 4;
  snprintf(nt[2].node_type_id, 64, "m5d.large"); nt[2].memory_mb = 8192; nt[2].num_cores = 2;
  snprintf(nt[3].node_type_id, 64, "t2.tiny"); nt[3].memory_mb = 1024; nt[3].num_cores = 1;
  nt[3].is_deprecated = true;
  assert_string_equal(dbx_pick_node_type(nt, 4)->node_type_id, "m5d.large");
  nt[2].is_hidden = true;
  assert_string_equal(dbx_pick_node_type(nt, 4)->node_type_id, "c5d.xlarge");
  assert_null(dbx_pick_node_type(nt, 0));

  memset(sv, 0, sizeof(sv));
  snprintf(sv[0].key, 128, "15.4.x-scala2.12"); snprintf(sv[0].name, 256, "15.4 LTS");
  snprintf(sv[1].key, 128, "16.4.x-cpu-ml-scala2.12"); snprintf(sv[1].name, 256, "16.4 LTS ML");
  snprintf(sv[2].key, 128, "16.4.x-photon-scala2.12"); snprintf(sv[2].name, 256, "16.4 LTS Photon");
  snprintf(sv[3].key, 128, "16.2.x-scala2.12"); snprintf(sv[3].name, 256, "16.2");
  snprintf(sv[4].key, 128, "16.4.x-scala2.12"); snprintf(sv[4].name, 256, "16.4 LTS");
  assert_string_equal(dbx_pick_spark_version(sv, 5)->key, "16.4.x-scala2.12");
  assert_string_equal(dbx_pick_spark_version(sv, 4)->key, "15.4.x-scala2.12");
  assert_null(dbx_pick_spark_version(sv, 0));
}

static void test_files_paths(void **state)
{
  struct hk_buf b;
  struct hk_error e;
  (void)state;
  hk_buf_init(&b);
  assert_int_equal(dbx_files_url_path("/Volumes/main/default/vol/dir a/ファイル#1?.txt", &b, &e),
                   HK_OK);
  assert_string_equal(b.data, "/api/2.0/fs/files/Volumes/main/default/vol/dir%20a/"
                              "%E3%83%95%E3%82%A1%E3%82%A4%E3%83%AB%231%3F.txt");
  hk_buf_free(&b);
  hk_buf_init(&b);
  assert_int_equal(dbx_files_url_path("/tmp/x", &b, &e), HK_INVALID);
  assert_non_null(strstr(e.message, "/Volumes/"));
  hk_buf_free(&b);
  hk_buf_init(&b);
  assert_int_equal(dbx_files_url_path("/Volumes/a/b/c/../../etc", &b, &e), HK_INVALID);
  hk_buf_free(&b);
}

static void test_failed_checks(void **state)
{
  char out[16][96];
  char act[64];
  (void)state;
  assert_int_equal(dbx_cred_failed_checks("Failed credential validation checks: Create Placement "
                                          "Group, Delete Placement Group, Assume Role", out, 8), 3);
  assert_string_equal(out[0], "Create Placement Group");
  assert_string_equal(out[2], "Assume Role");
  /* placement groups are not in the current official policy; Assume Role is the trust policy */
  assert_int_equal(dbx_cred_check_action(out[0], act, sizeof(act)), DBX_CHECK_NO_ACTION);
  assert_int_equal(dbx_cred_check_action(out[2], act, sizeof(act)), DBX_CHECK_NO_ACTION);
  /* prose instead of a list: no checks, but still the validation failure */
  assert_int_equal(dbx_cred_failed_checks("Failed credential validation checks: please use a "
                                          "valid cross account IAM role with permissions setup "
                                          "correctly", out, 8), 0);
  assert_true(dbx_cred_validation_failed("MALFORMED_REQUEST: Failed credential validation checks: "
                                         "please use a valid cross account IAM role"));
  assert_int_equal(dbx_cred_failed_checks("Something else", out, 8), 0);
  assert_false(dbx_cred_validation_failed("Something else"));
  assert_int_equal(dbx_cred_failed_checks(NULL, out, 8), 0);
  assert_int_equal(dbx_cred_failed_checks("Failed credential validation checks: A, B, C", out, 2),
                   2);
}

/* The propagation race's own wording (terraform-provider-databricks #951):
 * plural "credentials", console names, one of them lower-case; and the same
 * as the verbatim text/plain body (databricks-sdk-go #975). */
static void test_failed_checks_plural_wording(void **state)
{
  static const char *const msgs[] = {
    "Failed credentials validation checks: Spot Cancellation, Delete Tags, Describe Availability "
    "Zones, Describe instances, Describe Instance Status, Describe Route Tables, Describe Security "
    "Groups, Describe Spot Instances, Describe Spot Price History, Describe Subnets, Describe "
    "Volumes, Describe Vpcs, Request Spot Instances",
    "MALFORMED_REQUEST: Failed credentials validation checks: Spot Cancellation, Delete Tags, "
    "Describe Availability Zones, Describe instances, Describe Instance Status, Describe Route "
    "Tables, Describe Security Groups, Describe Spot Instances, Describe Spot Price History, "
    "Describe Subnets, Describe Volumes, Describe Vpcs, Request Spot Instances\n",
  };
  char out[16][96];
  char act[64];
  size_t i;
  (void)state;
  for(i = 0; i < 2; i++) {
    assert_true(dbx_cred_validation_failed(msgs[i]));
    assert_int_equal(dbx_cred_failed_checks(msgs[i], out, 16), 13);
    assert_string_equal(out[0], "Spot Cancellation");
    assert_string_equal(out[3], "Describe instances");
    assert_string_equal(out[12], "Request Spot Instances");
  }
  assert_int_equal(dbx_cred_check_action("Spot Cancellation", act, sizeof(act)), DBX_CHECK_ACTION);
  assert_string_equal(act, "ec2:CancelSpotInstanceRequests");
  assert_int_equal(dbx_cred_check_action("Describe Spot Instances", act, sizeof(act)),
                   DBX_CHECK_ACTION);
  assert_string_equal(act, "ec2:DescribeSpotInstanceRequests");
  assert_int_equal(dbx_cred_check_action("Describe instances", act, sizeof(act)), DBX_CHECK_ACTION);
  assert_string_equal(act, "ec2:DescribeInstances");
  assert_int_equal(dbx_cred_check_action("describe INSTANCES", act, sizeof(act)), DBX_CHECK_ACTION);
  assert_string_equal(act, "ec2:DescribeInstances");
  /* never a made-up action: an unknown name is unknown */
  assert_int_equal(dbx_cred_check_action("Frobnicate Widgets", act, sizeof(act)),
                   DBX_CHECK_UNKNOWN);
  assert_string_equal(act, "");
}

/* ---- adoption ---- */

static void test_adopt_credentials_storage(void **state)
{
  struct dbx_credentials cl[2], cw;
  struct dbx_storage sl[1], sw;
  struct dbx_adopt a;
  (void)state;
  memset(cl, 0, sizeof(cl));
  snprintf(cl[0].credentials_name, DBX_NAME_MAX, "other");
  snprintf(cl[1].credentials_name, DBX_NAME_MAX, "cred");
  snprintf(cl[1].credentials_id, DBX_ID_MAX, "c-2");
  snprintf(cl[1].role_arn, DBX_ARN_MAX, "arn:aws:iam::1:role/a");
  memset(&cw, 0, sizeof(cw));
  snprintf(cw.credentials_name, DBX_NAME_MAX, "cred");
  snprintf(cw.role_arn, DBX_ARN_MAX, "arn:aws:iam::1:role/a");
  dbx_adopt_credentials(cl, 2, &cw, &a);
  assert_int_equal(a.kind, DBX_ADOPT_SAME);
  assert_int_equal(a.index, 1);
  snprintf(cw.role_arn, DBX_ARN_MAX, "arn:aws:iam::1:role/b");
  dbx_adopt_credentials(cl, 2, &cw, &a);
  assert_int_equal(a.kind, DBX_ADOPT_DIFFERS);
  assert_non_null(strstr(a.why, "role/a"));
  snprintf(cw.credentials_name, DBX_NAME_MAX, "new");
  dbx_adopt_credentials(cl, 2, &cw, &a);
  assert_int_equal(a.kind, DBX_ADOPT_NONE);
  dbx_adopt_credentials(NULL, 0, &cw, &a);
  assert_int_equal(a.kind, DBX_ADOPT_NONE);

  memset(sl, 0, sizeof(sl));
  memset(&sw, 0, sizeof(sw));
  snprintf(sl[0].storage_configuration_name, DBX_NAME_MAX, "root");
  snprintf(sl[0].bucket_name, DBX_ID_MAX, "b1");
  snprintf(sw.storage_configuration_name, DBX_NAME_MAX, "root");
  snprintf(sw.bucket_name, DBX_ID_MAX, "b1");
  dbx_adopt_storage(sl, 1, &sw, &a);
  assert_int_equal(a.kind, DBX_ADOPT_SAME);
  snprintf(sw.bucket_name, DBX_ID_MAX, "b2");
  dbx_adopt_storage(sl, 1, &sw, &a);
  assert_int_equal(a.kind, DBX_ADOPT_DIFFERS);
  assert_non_null(strstr(a.why, "b1"));
}

static void test_adopt_vpce_by_aws_id(void **state)
{
  struct dbx_vpce l[2], w;
  struct dbx_adopt a;
  (void)state;
  memset(l, 0, sizeof(l));
  memset(&w, 0, sizeof(w));
  snprintf(l[0].vpc_endpoint_name, DBX_NAME_MAX, "fe");
  snprintf(l[0].aws_vpc_endpoint_id, DBX_ID_MAX, "vpce-1");
  snprintf(l[1].vpc_endpoint_name, DBX_NAME_MAX, "renamed");
  snprintf(l[1].aws_vpc_endpoint_id, DBX_ID_MAX, "vpce-2");
  snprintf(w.vpc_endpoint_name, DBX_NAME_MAX, "fe");
  snprintf(w.aws_vpc_endpoint_id, DBX_ID_MAX, "vpce-2");
  /* the same AWS endpoint under another name is the one */
  dbx_adopt_vpce(l, 2, &w, &a);
  assert_int_equal(a.kind, DBX_ADOPT_SAME);
  assert_int_equal(a.index, 1);
  snprintf(w.aws_vpc_endpoint_id, DBX_ID_MAX, "vpce-3");
  dbx_adopt_vpce(l, 2, &w, &a);
  assert_int_equal(a.kind, DBX_ADOPT_DIFFERS);
  assert_int_equal(a.index, 0);
  snprintf(w.vpc_endpoint_name, DBX_NAME_MAX, "x");
  dbx_adopt_vpce(l, 2, &w, &a);
  assert_int_equal(a.kind, DBX_ADOPT_NONE);
}

static void set_ids(char rows[][DBX_ID_MAX], size_t *n, const char *a, const char *b)
{
  *n = 0;
  if(a)
    snprintf(rows[(*n)++], DBX_ID_MAX, "%s", a);
  if(b)
    snprintf(rows[(*n)++], DBX_ID_MAX, "%s", b);
}

static void test_adopt_network_by_content(void **state)
{
  struct dbx_network *l = calloc(2, sizeof(*l));
  struct dbx_network *w = calloc(1, sizeof(*w));
  struct dbx_adopt a;
  (void)state;
  snprintf(l[0].network_name, DBX_NAME_MAX, "old-name");
  snprintf(l[0].network_id, DBX_ID_MAX, "n-1");
  snprintf(l[0].vpc_id, DBX_ID_MAX, "vpc-1");
  set_ids(l[0].subnet_ids, &l[0].n_subnet_ids, "subnet-a", "subnet-b");
  set_ids(l[0].security_group_ids, &l[0].n_security_group_ids, "sg-1", NULL);
  snprintf(l[1].network_name, DBX_NAME_MAX, "net");
  snprintf(l[1].vpc_id, DBX_ID_MAX, "vpc-1");
  set_ids(l[1].subnet_ids, &l[1].n_subnet_ids, "subnet-c", "subnet-d");
  snprintf(w->network_name, DBX_NAME_MAX, "net");
  snprintf(w->vpc_id, DBX_ID_MAX, "vpc-1");
  /* same subnets in another order, other name: SAME by content */
  set_ids(w->subnet_ids, &w->n_subnet_ids, "subnet-b", "subnet-a");
  set_ids(w->security_group_ids, &w->n_security_group_ids, "sg-1", NULL);
  dbx_adopt_network(l, 2, w, &a);
  assert_int_equal(a.kind, DBX_ADOPT_SAME);
  assert_int_equal(a.index, 0);
  /* other security group: DIFFERS */
  set_ids(w->security_group_ids, &w->n_security_group_ids, "sg-2", NULL);
  dbx_adopt_network(l, 2, w, &a);
  assert_int_equal(a.kind, DBX_ADOPT_DIFFERS);
  assert_non_null(strstr(a.why, "security groups"));
  /* one subnet reused: refused with the reason */
  set_ids(w->subnet_ids, &w->n_subnet_ids, "subnet-a", "subnet-z");
  dbx_adopt_network(l, 2, w, &a);
  assert_int_equal(a.kind, DBX_ADOPT_DIFFERS);
  assert_non_null(strstr(a.why, "subnet-a is already used"));
  /* new subnets but the name is taken */
  set_ids(w->subnet_ids, &w->n_subnet_ids, "subnet-x", "subnet-y");
  dbx_adopt_network(l, 2, w, &a);
  assert_int_equal(a.kind, DBX_ADOPT_DIFFERS);
  assert_int_equal(a.index, 1);
  snprintf(w->network_name, DBX_NAME_MAX, "fresh");
  dbx_adopt_network(l, 2, w, &a);
  assert_int_equal(a.kind, DBX_ADOPT_NONE);
  free(l);
  free(w);
}

static void test_adopt_pas_workspace_metastore(void **state)
{
  struct dbx_pas pl[1], pw;
  struct dbx_workspace *wl = calloc(2, sizeof(*wl));
  struct dbx_workspace *ww = calloc(1, sizeof(*ww));
  struct dbx_metastore ml[2];
  struct dbx_adopt a;
  (void)state;
  memset(pl, 0, sizeof(pl));
  memset(&pw, 0, sizeof(pw));
  snprintf(pl[0].private_access_settings_name, DBX_NAME_MAX, "pas");
  snprintf(pl[0].region, 32, "ap-northeast-1");
  snprintf(pl[0].private_access_level, 16, "ACCOUNT");
  pw = pl[0];
  pw.private_access_level[0] = '\0'; /* default ACCOUNT */
  dbx_adopt_pas(pl, 1, &pw, &a);
  assert_int_equal(a.kind, DBX_ADOPT_SAME);
  pw.public_access_enabled = true;
  dbx_adopt_pas(pl, 1, &pw, &a);
  assert_int_equal(a.kind, DBX_ADOPT_DIFFERS);
  assert_non_null(strstr(a.why, "public access off"));
  snprintf(pw.region, 32, "us-east-1");
  dbx_adopt_pas(pl, 1, &pw, &a);
  assert_int_equal(a.kind, DBX_ADOPT_DIFFERS);
  assert_non_null(strstr(a.why, "region"));

  snprintf(wl[0].workspace_name, DBX_NAME_MAX, "ws");
  snprintf(wl[0].aws_region, 32, "ap-northeast-1");
  snprintf(wl[0].network_id, DBX_ID_MAX, "n-1");
  wl[0].workspace_id = 11;
  snprintf(wl[1].workspace_name, DBX_NAME_MAX, "ws2");
  snprintf(ww->workspace_name, DBX_NAME_MAX, "ws");
  snprintf(ww->aws_region, 32, "ap-northeast-1");
  snprintf(ww->network_id, DBX_ID_MAX, "n-1");
  dbx_adopt_workspace(wl, 2, ww, &a);
  assert_int_equal(a.kind, DBX_ADOPT_SAME);
  snprintf(ww->network_id, DBX_ID_MAX, "n-2");
  dbx_adopt_workspace(wl, 2, ww, &a);
  assert_int_equal(a.kind, DBX_ADOPT_DIFFERS);
  assert_non_null(strstr(a.why, "network_id"));
  free(wl);
  free(ww);

  memset(ml, 0, sizeof(ml));
  snprintf(ml[0].region, 32, "us-east-1");
  snprintf(ml[1].region, 32, "ap-northeast-1");
  snprintf(ml[1].name, DBX_NAME_MAX, "someone-elses-name");
  dbx_adopt_metastore(ml, 2, "ap-northeast-1", &a);
  assert_int_equal(a.kind, DBX_ADOPT_SAME);
  assert_int_equal(a.index, 1);
  dbx_adopt_metastore(ml, 2, "eu-west-1", &a);
  assert_int_equal(a.kind, DBX_ADOPT_NONE);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_credentials_mapping),
    cmocka_unit_test(test_long_integers_stay_exact),
    cmocka_unit_test(test_storage_and_vpce_mapping),
    cmocka_unit_test(test_pas_sends_false_explicitly),
    cmocka_unit_test(test_network_mapping),
    cmocka_unit_test(test_workspace_mapping_and_mask),
    cmocka_unit_test(test_metastore_mapping),
    cmocka_unit_test(test_cluster_mapping_and_picks),
    cmocka_unit_test(test_files_paths),
    cmocka_unit_test(test_failed_checks),
    cmocka_unit_test(test_failed_checks_plural_wording),
    cmocka_unit_test(test_adopt_credentials_storage),
    cmocka_unit_test(test_adopt_vpce_by_aws_id),
    cmocka_unit_test(test_adopt_network_by_content),
    cmocka_unit_test(test_adopt_pas_workspace_metastore),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
