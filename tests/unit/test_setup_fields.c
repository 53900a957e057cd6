/* test_setup_fields.c - the field table, defaults, derived names, get/set. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/hk_buf.h"
#include "setup/setup_fields.h"
#include "setup/setup_model.h"
#include "setup/setup_validate.h"

/* A value each validator accepts, to drive get/set round trips. */
static const char *good_value(const struct hk_field_def *f, int n)
{
  static char buf[256];
  hk_validate_fn v = f->validate;
  if(f->kind == HK_FIELD_BOOL)
    return n ? "false" : "true";
  if(f->kind == HK_FIELD_ENUM)
    return f->enum_values[n ? 0 : (f->enum_values[1] ? 1 : 0)];
  if(v == hk_validate_setup_name)
    return "tokyo-closed";
  if(v == hk_validate_region)
    return "ap-northeast-1";
  if(v == hk_validate_account_uuid || v == hk_validate_uuid)
    return "0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";
  if(v == hk_validate_role_arn || v == hk_validate_uc_role_arn)
    return "arn:aws:iam::123456789012:role/dbx-role";
  if(v == hk_validate_role_name)
    return "dbx-role";
  if(v == hk_validate_bucket || v == hk_validate_uc_bucket)
    return "tokyo-closed-bucket";
  if(v == hk_validate_vpce_id)
    return "vpce-0123456789abcdef0";
  if(v == hk_validate_sg_id)
    return f->kind == HK_FIELD_LIST ? "sg-0123456789abcdef0, sg-11111111" : "sg-0123456789abcdef0";
  if(v == hk_validate_subnet_id)
    return "subnet-0123456789abcdef0, subnet-0123456789abcdef1";
  if(v == hk_validate_rtb_id)
    return "rtb-0123456789abcdef0";
  if(v == hk_validate_vpc_id)
    return "vpc-0123456789abcdef0";
  if(v == hk_validate_vpc_cidr)
    return n ? "172.16.0.0/20" : "10.0.0.0/16";
  if(v == hk_validate_nodes)
    return n ? "16381" : "125";
  if(v == hk_validate_cidr)
    return "10.0.0.0/16, 203.0.113.0/24";
  if(v == hk_validate_deployment_name)
    return "acme-tokyo";
  if(v == hk_validate_path)
    return "/etc/hosts";
  if(v == hk_validate_name)
    return "tokyo-closed-thing";
  snprintf(buf, sizeof(buf), "value-%d", n);
  return buf;
}

static void test_table_shape(void **state)
{
  size_t i, j;
  int last_step = -1;
  char q[160];
  (void)state;
  assert_true(hk_n_fields >= 50);
  for(i = 0; i < hk_n_fields; i++) {
    const struct hk_field_def *f = &hk_fields[i];
    /* every field has a key, a label and real help */
    assert_non_null(f->key);
    assert_true(strlen(f->label) >= 3);
    if(strlen(f->help) < 40)
      fail_msg("%s: help too short", f->key);
    assert_true(f->help[strlen(f->help) - 1] == '.');
    /* console order: steps never go back */
    assert_true((int)f->step >= last_step);
    last_step = (int)f->step;
    if(f->kind == HK_FIELD_ENUM)
      assert_non_null(f->enum_values);
    if(f->kind == HK_FIELD_TEXT || f->kind == HK_FIELD_LIST)
      assert_non_null(f->validate);
    /* unique and findable by section.key */
    hk_field_qualified(f, q, sizeof(q));
    assert_ptr_equal(hk_field_find(q), f);
    assert_int_equal(hk_field_index(f), i);
    for(j = 0; j < i; j++)
      assert_false(hk_fields[j].step == f->step && strcmp(hk_fields[j].key, f->key) == 0);
  }
  assert_int_equal(last_step, HK_STEP_CLIENT);
  /* every step has at least one field */
  for(i = 0; i < HK_STEP__COUNT; i++) {
    bool found = false;
    for(j = 0; j < hk_n_fields; j++)
      found = found || (int)hk_fields[j].step == (int)i;
    assert_true(found);
  }
  assert_null(hk_field_find("network.nope"));
  assert_null(hk_field_find("nope"));
  assert_null(hk_field_find(NULL));
  assert_non_null(hk_field_find("endpoints.relay.create_in_subnets"));
  assert_non_null(hk_field_find("endpoints.workspace.vpce_id"));
  assert_non_null(hk_field_find("endpoints.relay.security_group"));
}

static void test_round_trip(void **state)
{
  size_t i;
  int n;
  (void)state;
  for(i = 0; i < hk_n_fields; i++) {
    const struct hk_field_def *f = &hk_fields[i];
    for(n = 0; n < 2; n++) {
      struct hk_setup s;
      struct hk_error err;
      char out[1024], again[1024];
      const char *v = good_value(f, n);
      hk_setup_init(&s);
      hk_error_clear(&err);
      if(hk_field_set(&s, f, v, &err) != HK_OK)
        fail_msg("%s = %s refused: %s", f->key, v, err.message);
      assert_int_equal(hk_field_get(&s, f, out, sizeof(out)), HK_OK);
      if(f->kind == HK_FIELD_ENUM)
        assert_string_equal(out, v);
      /* get -> set -> get is stable */
      assert_int_equal(hk_field_set(&s, f, out, &err), HK_OK);
      assert_int_equal(hk_field_get(&s, f, again, sizeof(again)), HK_OK);
      assert_string_equal(out, again);
    }
  }
}

static void test_defaults_and_names(void **state)
{
  struct hk_setup s;
  (void)state;
  hk_setup_init(&s);
  assert_int_equal(s.schema_version, HK_SCHEMA_VERSION);
  assert_string_equal(s.workspace.pricing_tier, "ENTERPRISE");
  assert_int_equal(s.pas.level, HK_PAS_ENDPOINT);
  assert_false(s.pas.public_access);
  assert_true(s.backend_shared);
  assert_true(s.endpoints[HK_EP_S3].enabled);
  assert_true(s.endpoints[HK_EP_STS].enabled);
  assert_true(s.endpoints[HK_EP_KINESIS].enabled);
  assert_true(s.endpoints[HK_EP_WORKSPACE].enabled);
  assert_true(s.endpoints[HK_EP_RELAY].enabled);
  assert_false(s.endpoints[HK_EP_GLUE].enabled);
  assert_false(s.endpoints[HK_EP_BACKEND_REST].enabled);
  assert_int_equal(s.client.frontend, HK_FE_PRIVATE_IP);

  hk_setup_fill_names(&s);                 /* no name: nothing filled */
  assert_string_equal(s.network.name, "");
  hk_strlcpy(s.name, "tokyo-closed", sizeof(s.name));
  hk_strlcpy(s.pas.name, "kept-pas", sizeof(s.pas.name));
  s.credential.choice = HK_CREATE;
  hk_setup_fill_names(&s);
  assert_string_equal(s.credential.config_name, "tokyo-closed-credential");
  assert_string_equal(s.credential.role_name, "tokyo-closed-crossaccount");
  assert_string_equal(s.storage.config_name, "tokyo-closed-storage");
  assert_string_equal(s.pas.name, "kept-pas");
  assert_string_equal(s.network.name, "tokyo-closed-network");
  assert_string_equal(s.workspace.name, "tokyo-closed-workspace");
  assert_string_equal(s.endpoints[HK_EP_WORKSPACE].registration_name,
                      "tokyo-closed-workspace-vpce");
  assert_string_equal(s.endpoints[HK_EP_RELAY].registration_name, "tokyo-closed-relay-vpce");
  assert_string_equal(s.metastore.name, "");   /* existing metastore: no name */

  /* renamed: the names still the old name's defaults follow the new name; the
   * operator's own (kept-pas) and a bucket typed by hand stay */
  s.storage.choice = HK_CREATE;
  s.storage.bucket[0] = '\0';
  hk_setup_fill_names(&s);
  assert_string_equal(s.storage.bucket, "tokyo-closed-root");
  hk_strlcpy(s.network.name, "my-network", sizeof(s.network.name));
  hk_strlcpy(s.name, "Tokyo_Two", sizeof(s.name));
  hk_setup_rename_names(&s, "tokyo-closed");
  assert_string_equal(s.credential.role_name, "Tokyo_Two-crossaccount");
  assert_string_equal(s.storage.bucket, "tokyo-two-root");
  assert_string_equal(s.workspace.name, "Tokyo_Two-workspace");
  assert_string_equal(s.endpoints[HK_EP_RELAY].registration_name, "Tokyo_Two-relay-vpce");
  assert_string_equal(s.pas.name, "kept-pas");
  assert_string_equal(s.network.name, "my-network");
  hk_setup_rename_names(&s, "Tokyo_Two");      /* same name: nothing moves */
  assert_string_equal(s.storage.bucket, "tokyo-two-root");

  /* a 256-character name still gives names of at most 256 */
  memset(s.name, 'n', 256);
  s.name[256] = '\0';
  s.network.name[0] = '\0';
  hk_setup_fill_names(&s);
  assert_int_equal(strlen(s.network.name), 256);
  assert_string_equal(s.network.name + 256 - 8, "-network");
}

static void test_names(void **state)
{
  (void)state;
  assert_string_equal(hk_step_key(HK_STEP_PAS), "private_access");
  assert_string_equal(hk_step_title(HK_STEP_NETWORK), "Network configuration");
  assert_string_equal(hk_step_key((enum hk_step)99), "");
  assert_string_equal(hk_ep_key(HK_EP_KINESIS), "kinesis");
  assert_string_equal(hk_ep_label(HK_EP_RELAY), "Secure cluster connectivity relay");
  assert_string_equal(hk_ep_key((enum hk_ep_kind)-1), "");
  assert_int_equal(hk_partition_of_region("us-gov-west-1"), HK_PART_AWS_US_GOV);
  assert_int_equal(hk_partition_of_region("ap-northeast-1"), HK_PART_AWS);
  assert_int_equal(hk_partition_of_region(NULL), HK_PART_AWS);
  assert_string_equal(hk_partition_arn(HK_PART_AWS_US_GOV_DOD), "aws-us-gov");
  assert_string_equal(hk_partition_key(HK_PART_AWS_US_GOV_DOD), "aws-us-gov-dod");
  assert_string_equal(hk_partition_arn(HK_PART_AWS), "aws");
}

static void test_active(void **state)
{
  struct hk_setup s;
  struct hk_error err;
  const struct hk_field_def *arn = hk_field_find("credential.role_arn");
  const struct hk_field_def *rname = hk_field_find("credential.role_name");
  const struct hk_field_def *relay_subnets = hk_field_find("endpoints.relay.create_in_subnets");
  const struct hk_field_def *relay_id = hk_field_find("endpoints.relay.vpce_id");
  const struct hk_field_def *be_mode = hk_field_find("endpoints.backend_rest.mode");
  const struct hk_field_def *s3_rt = hk_field_find("endpoints.s3.route_tables");
  const struct hk_field_def *glue_id = hk_field_find("endpoints.glue.vpce_id");
  const struct hk_field_def *ms_bucket = hk_field_find("metastore.bucket");
  (void)state;
  hk_setup_init(&s);
  assert_true(hk_field_active(&s, arn));
  assert_false(hk_field_active(&s, rname));
  assert_true(hk_field_active(&s, relay_id));
  assert_false(hk_field_active(&s, relay_subnets));
  assert_false(hk_field_active(&s, be_mode));
  assert_false(hk_field_active(&s, s3_rt));
  assert_false(hk_field_active(&s, glue_id));
  assert_false(hk_field_active(&s, ms_bucket));

  assert_int_equal(hk_field_set(&s, hk_field_find("credential.mode"), "CREATE", &err), HK_OK);
  assert_int_equal(s.credential.choice, HK_CREATE);
  assert_false(hk_field_active(&s, arn));
  assert_true(hk_field_active(&s, rname));
  assert_int_equal(hk_field_set(&s, hk_field_find("endpoints.relay.mode"), "create", &err), HK_OK);
  assert_true(hk_field_active(&s, relay_subnets));
  assert_false(hk_field_active(&s, relay_id));
  assert_int_equal(hk_field_set(&s, hk_field_find("endpoints.backend_shared"), "no", &err), HK_OK);
  assert_true(s.endpoints[HK_EP_BACKEND_REST].enabled);
  assert_true(hk_field_active(&s, be_mode));
  assert_int_equal(hk_field_set(&s, hk_field_find("endpoints.s3.mode"), "create", &err), HK_OK);
  assert_true(hk_field_active(&s, s3_rt));
  assert_int_equal(hk_field_set(&s, hk_field_find("endpoints.glue.enabled"), "on", &err), HK_OK);
  assert_true(s.client.glue);
  assert_true(hk_field_active(&s, glue_id));
  assert_int_equal(hk_field_set(&s, hk_field_find("metastore.mode"), "create", &err), HK_OK);
  assert_true(hk_field_active(&s, ms_bucket));
  assert_string_equal(hk_field_condition(rname), "when mode = create");
  assert_string_equal(hk_field_condition(hk_field_find("account.region")), "");
}

static void test_set_errors(void **state)
{
  struct hk_setup s, before;
  struct hk_error err;
  const struct hk_field_def *subnets = hk_field_find("network.subnet_ids");
  const struct hk_field_def *sgs = hk_field_find("network.security_group_ids");
  char out[1024];
  (void)state;
  hk_setup_init(&s);
  /* lists: trimmed, comma-separated */
  assert_int_equal(hk_field_set(&s, subnets, "  subnet-11111111 ,subnet-22222222  ", &err), HK_OK);
  assert_int_equal(s.network.n_subnets, 2);
  assert_string_equal(s.network.subnet_ids[1], "subnet-22222222");
  hk_field_get(&s, subnets, out, sizeof(out));
  assert_string_equal(out, "subnet-11111111, subnet-22222222");
  before = s;
  /* bad entries leave the setup unchanged */
  assert_int_equal(hk_field_set(&s, subnets, "subnet-11111111, sg-22222222", &err), HK_INVALID);
  assert_non_null(strstr(err.message, "entry 2"));
  assert_non_null(strstr(err.message, "security group ID"));
  assert_memory_equal(&s, &before, sizeof(s));
  assert_int_equal(hk_field_set(&s, subnets, "subnet-11111111,,subnet-22222222", &err), HK_INVALID);
  assert_non_null(strstr(err.message, "empty entry"));
  assert_int_equal(hk_field_set(&s, subnets, "subnet-11111111, subnet-11111111", &err), HK_INVALID);
  assert_non_null(strstr(err.message, "listed twice"));
  assert_int_equal(hk_field_set(&s, sgs, "sg-11111111,sg-22222222,sg-33333333,sg-44444444,"
                                         "sg-55555555,sg-66666666", &err), HK_INVALID);
  assert_non_null(strstr(err.message, "at most 5 entries"));
  assert_memory_equal(&s, &before, sizeof(s));
  /* empty list clears */
  assert_int_equal(hk_field_set(&s, subnets, "", &err), HK_OK);
  assert_int_equal(s.network.n_subnets, 0);
  /* bool and enum sentences */
  assert_null(hk_field_find("pas.public_access"));   /* the section is the step key */
  assert_int_equal(hk_field_set(&s, hk_field_find("private_access.public_access"), "maybe", &err),
                   HK_INVALID);
  assert_non_null(strstr(err.message, "true or false"));
  assert_int_equal(hk_field_set(&s, hk_field_find("private_access.level"), "ANY", &err), HK_INVALID);
  assert_non_null(strstr(err.message, "choose one of ACCOUNT, ENDPOINT"));
  assert_int_equal(hk_field_set(&s, hk_field_find("private_access.level"), "account", &err), HK_OK);
  assert_int_equal(s.pas.level, HK_PAS_ACCOUNT);
  assert_int_equal(hk_field_set(&s, hk_field_find("workspace.pricing_tier"), "PREMIUM", &err),
                   HK_INVALID);
  /* text is trimmed, validated */
  assert_int_equal(hk_field_set(&s, hk_field_find("network.vpc_id"), " vpc-0123456789abcdef0\n",
                                &err), HK_OK);
  assert_string_equal(s.network.vpc_id, "vpc-0123456789abcdef0");
  assert_int_equal(hk_field_set(&s, hk_field_find("network.vpc_id"), "vpc-0A", &err), HK_INVALID);
  assert_string_equal(s.network.vpc_id, "vpc-0123456789abcdef0");
  /* hostile: huge value, control characters */
  {
    static char big[20000];
    memset(big, 'x', sizeof(big) - 1);
    assert_int_equal(hk_field_set(&s, hk_field_find("network.name"), big, &err), HK_INVALID);
    assert_non_null(strstr(err.message, "characters long"));
    assert_int_equal(hk_field_set(&s, subnets, big, &err), HK_INVALID);
  }
  assert_int_equal(hk_field_set(&s, hk_field_find("network.name"), "net\x01work", &err), HK_INVALID);
  assert_non_null(strstr(err.message, "control character"));
}

static void test_partition(void **state)
{
  struct hk_setup s;
  struct hk_error err;
  const struct hk_field_def *region = hk_field_find("account.region");
  const struct hk_field_def *part = hk_field_find("account.partition");
  char out[64];
  (void)state;
  hk_setup_init(&s);
  assert_int_equal(hk_field_set(&s, region, "us-gov-west-1", &err), HK_OK);
  assert_int_equal(s.partition, HK_PART_AWS_US_GOV);
  assert_int_equal(hk_field_set(&s, part, "aws-us-gov-dod", &err), HK_OK);
  assert_int_equal(s.partition, HK_PART_AWS_US_GOV_DOD);
  hk_field_get(&s, part, out, sizeof(out));
  assert_string_equal(out, "aws-us-gov-dod");
  /* setting the gov region again keeps DoD */
  assert_int_equal(hk_field_set(&s, region, "us-gov-west-1", &err), HK_OK);
  assert_int_equal(s.partition, HK_PART_AWS_US_GOV_DOD);
  assert_int_equal(hk_field_set(&s, part, "aws", &err), HK_INVALID);
  assert_non_null(strstr(err.message, "GovCloud"));
  assert_int_equal(hk_field_set(&s, region, "ap-northeast-1", &err), HK_OK);
  assert_int_equal(s.partition, HK_PART_AWS);
  assert_int_equal(hk_field_set(&s, part, "aws-us-gov-dod", &err), HK_INVALID);
  assert_non_null(strstr(err.message, "aws partition"));
  assert_int_equal(hk_field_set(&s, part, "", &err), HK_OK);
  assert_int_equal(s.partition, HK_PART_AWS);
  {
    enum hk_partition p;
    bool b;
    assert_true(hk_partition_from_key("aws-us-gov", &p));
    assert_int_equal(p, HK_PART_AWS_US_GOV);
    assert_false(hk_partition_from_key("aws-cn", &p));
    assert_true(hk_parse_bool("YES", &b) && b);
    assert_true(hk_parse_bool("off", &b) && !b);
    assert_false(hk_parse_bool("2", &b));
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_table_shape),
    cmocka_unit_test(test_round_trip),
    cmocka_unit_test(test_defaults_and_names),
    cmocka_unit_test(test_names),
    cmocka_unit_test(test_active),
    cmocka_unit_test(test_set_errors),
    cmocka_unit_test(test_partition),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
