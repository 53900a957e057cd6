/* setup_model.c - defaults, derived names, and the step / endpoint / partition names. */
#include "setup/setup_model.h"

#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"

static const char *const step_keys[] = {
#define HK_X_STEP(e, key, title) key,
    HK_STEP_TABLE(HK_X_STEP)
#undef HK_X_STEP
};

static const char *const step_titles[] = {
#define HK_X_STEP(e, key, title) title,
    HK_STEP_TABLE(HK_X_STEP)
#undef HK_X_STEP
};

static const char *const ep_keys[] = {
#define HK_X_EP(e, key, label) key,
    HK_EP_TABLE(HK_X_EP)
#undef HK_X_EP
};

static const char *const ep_labels[] = {
#define HK_X_EP(e, key, label) label,
    HK_EP_TABLE(HK_X_EP)
#undef HK_X_EP
};

void hk_setup_init(struct hk_setup *s)
{
  int i;
  if(!s)
    return;
  memset(s, 0, sizeof(*s));
  s->schema_version = HK_SCHEMA_VERSION;
  s->partition = HK_PART_AWS;
  s->credential.choice = HK_EXISTING;
  s->credential.restricted = false;
  s->storage.choice = HK_EXISTING;
  s->storage.apply_policy = true;
  s->backend_shared = true;
  for(i = 0; i < HK_EP__COUNT; i++)
    s->endpoints[i].choice = HK_EXISTING;
  s->endpoints[HK_EP_WORKSPACE].enabled = true;
  s->endpoints[HK_EP_BACKEND_REST].enabled = false;   /* shared with WORKSPACE */
  s->endpoints[HK_EP_RELAY].enabled = true;
  s->endpoints[HK_EP_S3].enabled = true;
  s->endpoints[HK_EP_STS].enabled = true;
  s->endpoints[HK_EP_KINESIS].enabled = true;
  s->endpoints[HK_EP_GLUE].enabled = false;
  s->pas.public_access = false;
  s->pas.level = HK_PAS_ENDPOINT;
  s->metastore.choice = HK_EXISTING;
  hk_strlcpy(s->workspace.pricing_tier, "ENTERPRISE", sizeof(s->workspace.pricing_tier));
  s->client.frontend = HK_FE_PRIVATE_IP;
  s->client.glue = false;
  s->network.mode = HK_NET_EXISTING;
  s->network.create_subnets = true;
  s->network.create_sgs = true;
}

bool hk_net_creates_vpc(const struct hk_setup *s)
{
  return s->network.mode == HK_NET_CREATE_VPC;
}

bool hk_net_creates_subnets(const struct hk_setup *s)
{
  return s->network.mode == HK_NET_CREATE_VPC ||
         (s->network.mode == HK_NET_CREATE_IN_VPC && s->network.create_subnets);
}

bool hk_net_fixes_dns(const struct hk_setup *s)
{
  return s->network.mode == HK_NET_CREATE_IN_VPC ||
         (s->network.mode == HK_NET_EXISTING && s->network.fix_existing);
}

bool hk_net_creates_sgs(const struct hk_setup *s)
{
  return s->network.mode == HK_NET_CREATE_VPC ||
         (s->network.mode == HK_NET_CREATE_IN_VPC && s->network.create_sgs);
}

/* dst = "<name><suffix>" when dst is empty; the name is shortened to fit. */
static void fill_one(char *dst, size_t n, const char *name, const char *suffix)
{
  size_t ln = strlen(name), ls = strlen(suffix);
  if(dst[0] || n <= ls + 1)
    return;
  if(ln > n - 1 - ls)
    ln = n - 1 - ls;
  memcpy(dst, name, ln);
  memcpy(dst + ln, suffix, ls + 1);
}

void hk_setup_fill_names(struct hk_setup *s)
{
  if(!s || !s->name[0])
    return;
  fill_one(s->credential.config_name, sizeof(s->credential.config_name), s->name,
           "-credential");
  if(s->credential.choice == HK_CREATE)
    fill_one(s->credential.role_name, sizeof(s->credential.role_name), s->name,
             "-crossaccount");
  if(s->storage.choice == HK_CREATE && !s->storage.bucket[0]) {
    size_t i;

    /* S3 names: lower case, hyphens (a setup name may hold capitals, '_' and '.') */
    fill_one(s->storage.bucket, sizeof(s->storage.bucket), s->name, "-root");
    for(i = 0; s->storage.bucket[i]; i++) {
      char c = s->storage.bucket[i];

      if(c >= 'A' && c <= 'Z')
        s->storage.bucket[i] = (char)(c - 'A' + 'a');
      else if(c == '_' || c == '.')
        s->storage.bucket[i] = '-';
    }
  }
  fill_one(s->storage.config_name, sizeof(s->storage.config_name), s->name, "-storage");
  fill_one(s->pas.name, sizeof(s->pas.name), s->name, "-pas");
  fill_one(s->network.name, sizeof(s->network.name), s->name, "-network");
  fill_one(s->workspace.name, sizeof(s->workspace.name), s->name, "-workspace");
  if(s->metastore.choice == HK_CREATE)
    fill_one(s->metastore.name, sizeof(s->metastore.name), s->name, "-metastore");
  fill_one(s->endpoints[HK_EP_WORKSPACE].registration_name,
           sizeof(s->endpoints[HK_EP_WORKSPACE].registration_name), s->name,
           "-workspace-vpce");
  fill_one(s->endpoints[HK_EP_BACKEND_REST].registration_name,
           sizeof(s->endpoints[HK_EP_BACKEND_REST].registration_name), s->name,
           "-backend-rest-vpce");
  fill_one(s->endpoints[HK_EP_RELAY].registration_name,
           sizeof(s->endpoints[HK_EP_RELAY].registration_name), s->name, "-relay-vpce");
}

/* dst is cleared when it still holds old's default (was). */
static void clear_same(char *dst, const char *was)
{
  if(dst[0] && !strcmp(dst, was))
    dst[0] = '\0';
}

void hk_setup_rename_names(struct hk_setup *s, const char *old)
{
  struct hk_setup *was;
  int i;

  if(!s || !old || !old[0] || !strcmp(old, s->name))
    goto out;
  was = malloc(sizeof(*was));
  if(!was)
    goto out;
  /* old's defaults, made by the same rules (same choices, name old, nothing set) */
  memcpy(was, s, sizeof(*was));
  memcpy(was->name, old, strnlen(old, sizeof(was->name) - 1));
  was->name[strnlen(old, sizeof(was->name) - 1)] = '\0';
  was->credential.config_name[0] = was->credential.role_name[0] = '\0';
  was->storage.bucket[0] = was->storage.config_name[0] = '\0';
  was->pas.name[0] = was->network.name[0] = was->workspace.name[0] = '\0';
  was->metastore.name[0] = '\0';
  for(i = 0; i < HK_EP__COUNT; i++)
    was->endpoints[i].registration_name[0] = '\0';
  hk_setup_fill_names(was);
  clear_same(s->credential.config_name, was->credential.config_name);
  clear_same(s->credential.role_name, was->credential.role_name);
  clear_same(s->storage.bucket, was->storage.bucket);
  clear_same(s->storage.config_name, was->storage.config_name);
  clear_same(s->pas.name, was->pas.name);
  clear_same(s->network.name, was->network.name);
  clear_same(s->workspace.name, was->workspace.name);
  clear_same(s->metastore.name, was->metastore.name);
  for(i = 0; i < HK_EP__COUNT; i++)
    clear_same(s->endpoints[i].registration_name, was->endpoints[i].registration_name);
  free(was);
out:
  hk_setup_fill_names(s);
}

const char *hk_step_key(enum hk_step step)
{
  if((unsigned)step >= HK_STEP__COUNT)
    return "";
  return step_keys[step];
}

const char *hk_step_title(enum hk_step step)
{
  if((unsigned)step >= HK_STEP__COUNT)
    return "";
  return step_titles[step];
}

const char *hk_ep_key(enum hk_ep_kind k)
{
  if((unsigned)k >= HK_EP__COUNT)
    return "";
  return ep_keys[k];
}

const char *hk_ep_label(enum hk_ep_kind k)
{
  if((unsigned)k >= HK_EP__COUNT)
    return "";
  return ep_labels[k];
}

bool hk_ep_private_dns(const struct hk_setup *s, enum hk_ep_kind k)
{
  /* [SRA] aws/tf/privatelink.tf: general_access (REST), scc_tunnel_dataplane_relay_access,
   * sts and kinesis endpoints all have private_dns_enabled = true; Databricks "Enable AWS
   * PrivateLink" (docs.databricks.com .../aws/privatelink.html), "Step 4: Enable private DNS
   * names on AWS VPC endpoints". */
  switch(k) {
  case HK_EP_WORKSPACE:
    return s->backend_shared;
  case HK_EP_BACKEND_REST:
  case HK_EP_RELAY:
  case HK_EP_STS:
  case HK_EP_KINESIS:
  case HK_EP_GLUE:
    return true;
  case HK_EP_S3:
  case HK_EP__COUNT:
  default:
    return false;
  }
}

enum hk_partition hk_partition_of_region(const char *region)
{
  if(region && strncmp(region, "us-gov-", 7) == 0)
    return HK_PART_AWS_US_GOV;
  return HK_PART_AWS;
}

const char *hk_partition_arn(enum hk_partition p)
{
  switch(p) {
  case HK_PART_AWS_US_GOV:
  case HK_PART_AWS_US_GOV_DOD:
    return "aws-us-gov";
  case HK_PART_AWS:
  default:
    return "aws";
  }
}

const char *hk_partition_key(enum hk_partition p)
{
  switch(p) {
  case HK_PART_AWS_US_GOV:
    return "aws-us-gov";
  case HK_PART_AWS_US_GOV_DOD:
    return "aws-us-gov-dod";
  case HK_PART_AWS:
  default:
    return "aws";
  }
}
