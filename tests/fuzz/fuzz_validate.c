/* fuzz_validate.c - every syntax validator and every field setter. */
#include "fuzz_common.h"

#include "setup/setup_fields.h"
#include "setup/setup_validate.h"

typedef hk_status (*vfn)(const char *, struct hk_error *);

static const vfn validators[] = {
  hk_validate_role_arn, hk_validate_role_name, hk_validate_bucket, hk_validate_uc_bucket,
  hk_validate_vpc_id, hk_validate_subnet_id, hk_validate_sg_id, hk_validate_vpce_id,
  hk_validate_rtb_id, hk_validate_cidr, hk_validate_cidr_list, hk_validate_region,
  hk_validate_uuid, hk_validate_account_uuid, hk_validate_aws_account, hk_validate_name,
  hk_validate_setup_name, hk_validate_deployment_name, hk_validate_path,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *s = fuzz_cstr(data, size);
  struct hk_error err;
  static struct hk_setup setup;
  size_t i;
  char out[4096];

  if(!s)
    return 0;
  for(i = 0; i < sizeof(validators) / sizeof(validators[0]); i++) {
    hk_error_clear(&err);
    if(validators[i](s, &err) != HK_OK && !err.message[0])
      abort(); /* every refusal must carry a sentence */
  }
  hk_setup_init(&setup);
  for(i = 0; i < hk_n_fields; i++) {
    hk_error_clear(&err);
    if(hk_field_set(&setup, &hk_fields[i], s, &err) == HK_OK)
      hk_field_get(&setup, &hk_fields[i], out, sizeof(out));
    else if(!err.message[0])
      abort();
  }
  free(s);
  return 0;
}
