/* test_setup_json.c - setup <-> JSON: round trip, garbage, wrong types, newer schema. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "setup/setup_answers.h"
#include "setup/setup_assets.h"
#include "setup/setup_fields.h"
#include "setup/setup_json.h"

static void load_example(struct hk_setup *s)
{
  char path[4200];
  struct hk_error err;
  struct hk_diags d;
  assert_int_equal(hk_assets_path("examples/tokyo-closed.ini", path, sizeof(path), &err), HK_OK);
  hk_setup_init(s);
  hk_diags_init(&d);
  assert_int_equal(hk_setup_read_ini(path, s, &d), HK_OK);
  hk_diags_free(&d);
}

static void test_round_trip(void **state)
{
  struct hk_setup s, back;
  struct hk_error err;
  char *text, *again;
  cJSON *j;
  (void)state;
  load_example(&s);
  hk_strlcpy(s.aws_account_id, "123456789012", sizeof(s.aws_account_id));
  s.partition = HK_PART_AWS;
  text = hk_setup_to_json_string(&s);
  assert_non_null(text);
  assert_non_null(strstr(text, "\"schema_version\":\t1"));
  /* shape: nested endpoint objects, arrays, booleans */
  j = cJSON_Parse(text);
  assert_non_null(j);
  {
    const cJSON *ep = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "endpoints"), "relay");
    const cJSON *subs = cJSON_GetObjectItem(ep, "create_in_subnets");
    assert_true(cJSON_IsArray(subs));
    assert_string_equal(cJSON_GetArrayItem(subs, 0)->valuestring, "subnet-01cd0ecb586d30aa6");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "endpoints"),
                                                 "backend_shared")));
    assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "account"),
                                            "aws_account_id")->valuestring, "123456789012");
  }
  cJSON_Delete(j);
  memset(&back, 0x5a, sizeof(back));
  assert_int_equal(hk_setup_from_json_string(text, &back, &err), HK_OK);
  again = hk_setup_to_json_string(&back);
  assert_string_equal(text, again);
  assert_string_equal(back.aws_account_id, "123456789012");
  assert_int_equal(back.network.n_subnets, 2);
  assert_true(back.client.glue);
  free(text);
  free(again);

  /* DoD survives (region first, then partition) */
  hk_strlcpy(s.region, "us-gov-west-1", sizeof(s.region));
  s.partition = HK_PART_AWS_US_GOV_DOD;
  text = hk_setup_to_json_string(&s);
  assert_int_equal(hk_setup_from_json_string(text, &back, &err), HK_OK);
  assert_int_equal(back.partition, HK_PART_AWS_US_GOV_DOD);
  free(text);
}

struct bad {
  const char *json;
  hk_status rc;
  const char *phrase;
};

static void test_garbage(void **state)
{
  static const struct bad cases[] = {
    {"", HK_PARSE, "not valid JSON"},
    {"{\"schema_version\": 1,", HK_PARSE, "not valid JSON"},
    {"[1,2,3]", HK_STATE, "not a JSON object"},
    {"\"text\"", HK_STATE, "not a JSON object"},
    {"{}", HK_STATE, "no schema_version"},
    {"{\"schema_version\": \"1\"}", HK_STATE, "no schema_version"},
    {"{\"schema_version\": 1.5}", HK_STATE, "positive whole number"},
    {"{\"schema_version\": -3}", HK_STATE, "positive whole number"},
    {"{\"schema_version\": 2}", HK_STATE, "newer heiiki (schema version 2; this one reads up to 1)"},
    {"{\"schema_version\": 1e300}", HK_STATE, "positive whole number"},
    {"{\"schema_version\": 1, \"account\": []}", HK_STATE, "at account: expected an object"},
    {"{\"schema_version\": 1, \"account\": {\"region\": 5}}", HK_STATE,
     "at account.region: expected a string, found a number"},
    {"{\"schema_version\": 1, \"account\": {\"region\": \"mars-1\"}}", HK_STATE,
     "not an AWS region code"},
    {"{\"schema_version\": 1, \"private_access\": {\"public_access\": \"no\"}}", HK_STATE,
     "expected true or false, found a string"},
    {"{\"schema_version\": 1, \"network\": {\"subnet_ids\": \"subnet-11111111\"}}", HK_STATE,
     "expected a list of strings"},
    {"{\"schema_version\": 1, \"network\": {\"subnet_ids\": [\"subnet-11111111\", 7]}}", HK_STATE,
     "entry 2 should be a string"},
    {"{\"schema_version\": 1, \"network\": {\"subnet_ids\": [\"subnet-11111111,subnet-22222222\"]}}",
     HK_STATE, "contains a comma"},
    {"{\"schema_version\": 1, \"endpoints\": {\"relay\": 3}}", HK_STATE,
     "at endpoints.relay: expected an object, found a number"},
    {"{\"schema_version\": 1, \"endpoints\": {\"backend_shared\": {}}}", HK_STATE,
     "endpoints.backend_shared: expected true or false, found an object"},
    {"{\"schema_version\": 1, \"endpoints\": {\"relay\": {\"vpce\": \"x\"}}}", HK_STATE,
     "endpoints.relay.vpce: unknown key"},
    {"{\"schema_version\": 1, \"extra\": {}}", HK_STATE, "at extra: unknown section"},
    {"{\"schema_version\": 1, \"network\": {\"vpc\": \"x\", \"name\": 1}}", HK_STATE,
     "(and 1 more problems)"},
    {"{\"schema_version\": 1, \"account\": {\"aws_account_id\": \"12\"}}", HK_STATE, "12 digits"},
    {"{\"schema_version\": 1, \"account\": {\"name\": \"caf\\u00e9\"}}", HK_STATE, "non-ASCII"},
    {"{\"schema_version\": 1, \"account\": {\"name\": null}}", HK_STATE, "found null"},
  };
  size_t i;
  (void)state;
  for(i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    struct hk_setup s, before;
    struct hk_error err;
    hk_status rc;
    hk_setup_init(&s);
    hk_strlcpy(s.name, "untouched", sizeof(s.name));
    before = s;
    hk_error_clear(&err);
    rc = hk_setup_from_json_string(cases[i].json, &s, &err);
    if(rc != cases[i].rc || !strstr(err.message, cases[i].phrase))
      fail_msg("%s: rc %d, \"%s\" (want \"%s\")", cases[i].json, rc, err.message, cases[i].phrase);
    assert_memory_equal(&s, &before, sizeof(s));   /* unchanged on error */
  }
  assert_int_equal(hk_setup_from_json(NULL, NULL, NULL), HK_STATE);
  assert_int_equal(hk_setup_from_json_string(NULL, NULL, NULL), HK_PARSE);
}

/* Deep nesting and random bytes: refused, never a crash. */
static void test_hostile(void **state)
{
  char *deep = malloc(40002);
  struct hk_setup s;
  struct hk_error err;
  size_t i;
  unsigned seed = 12345;
  char noise[4096];
  (void)state;
  assert_non_null(deep);
  for(i = 0; i < 20000; i++) {
    deep[i] = '[';
    deep[40000 - 1 - i] = ']';
  }
  deep[40000] = '\0';
  hk_setup_init(&s);
  assert_true(hk_setup_from_json_string(deep, &s, &err) != HK_OK);
  free(deep);
  for(i = 0; i < 200; i++) {
    size_t k;
    for(k = 0; k < sizeof(noise) - 1; k++) {
      seed = seed * 1103515245u + 12345u;
      noise[k] = (char)("{}[]\":,1a \\tnulrue"[(seed >> 16) % 18]);
    }
    noise[sizeof(noise) - 1] = '\0';
    (void)hk_setup_from_json_string(noise, &s, &err);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_round_trip),
    cmocka_unit_test(test_garbage),
    cmocka_unit_test(test_hostile),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
