/* setup_fields.c - the field table (from setup_fields.def) and typed get/set. */
#include "setup/setup_fields.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "setup/setup_validate.h"

#define FIELD_VALUE_MAX 4096

static const char *const choice_values[] = {"existing", "create", NULL};
static const char *const level_values[] = {"ACCOUNT", "ENDPOINT", NULL};
static const char *const frontend_values[] = {"private_ip", "elastic_ip", NULL};
static const char *const partition_values[] = {"aws", "aws-us-gov", "aws-us-gov-dod", NULL};
static const char *const tier_values[] = {"ENTERPRISE", NULL};
static const char *const net_mode_values[] = {"existing", "create_in_vpc", "create_vpc", NULL};

enum store { ST_STR, ST_BOOL, ST_ENUM, ST_ENUMSTR, ST_LIST };
enum active {
  ACT_ALWAYS, ACT_CRED_EXISTING, ACT_CRED_CREATE, ACT_EP_ENABLED, ACT_EP_EXISTING,
  ACT_EP_CREATE_IFACE, ACT_EP_CREATE_GW, ACT_MS_EXISTING, ACT_MS_CREATE,
  ACT_NET_VPC_GIVEN, ACT_NET_SUBNETS_GIVEN, ACT_NET_SGS_GIVEN, ACT_NET_CREATE_VPC,
  ACT_NET_CREATE_SUBNETS, ACT_NET_IN_VPC
};

struct field_store {
  size_t off;
  size_t size;          /* bytes of the member (whole array for LIST) */
  size_t count_off;     /* LIST */
  enum store store;
  int max_items;        /* LIST */
  enum active active;
  int ep;
};

/* ST_ENUM members are C enums read and written as int. */
_Static_assert(sizeof(enum hk_choice) == sizeof(int), "enum hk_choice is int-sized");
_Static_assert(sizeof(enum hk_partition) == sizeof(int), "enum hk_partition is int-sized");
_Static_assert(sizeof(enum hk_pas_level) == sizeof(int), "enum hk_pas_level is int-sized");
_Static_assert(sizeof(enum hk_frontend_mode) == sizeof(int), "enum hk_frontend_mode is int-sized");
_Static_assert(sizeof(enum hk_net_mode) == sizeof(int), "enum hk_net_mode is int-sized");

#define MEMBER_SIZE(m) sizeof(((struct hk_setup *)0)->m)

const struct hk_field_def hk_fields[] = {
#define HK_FIELD(step, key, kind, store, member, count_member, max_items, active, ep, label,   \
                 help, validate, enum_values, picker, required, immutable)                   \
  {key, HK_STEP_##step, HK_FIELD_##kind, label, help, validate, enum_values, HK_PICK_##picker, \
   required, immutable},
#include "setup/setup_fields.def"
#undef HK_FIELD
};

const size_t hk_n_fields = sizeof(hk_fields) / sizeof(hk_fields[0]);

static const struct field_store stores[] = {
#define HK_FIELD(step, key, kind, store, member, count_member, max_items, active, ep, label,   \
                 help, validate, enum_values, picker, required, immutable)                   \
  {offsetof(struct hk_setup, member), MEMBER_SIZE(member),                                    \
   offsetof(struct hk_setup, count_member), ST_##store, max_items, ACT_##active, ep},
#include "setup/setup_fields.def"
#undef HK_FIELD
};

size_t hk_field_index(const struct hk_field_def *f)
{
  return (size_t)(f - hk_fields);
}

static const struct field_store *store_of(const struct hk_field_def *f)
{
  if(!f || f < hk_fields || f >= hk_fields + hk_n_fields)
    return NULL;
  return &stores[f - hk_fields];
}

const char *hk_field_qualified(const struct hk_field_def *f, char *out, size_t n)
{
  if(!out || !n)
    return "";
  if(!f)
    out[0] = '\0';
  else
    snprintf(out, n, "%s.%s", hk_step_key(f->step), f->key);
  return out;
}

const struct hk_field_def *hk_field_find(const char *qualified_key)
{
  size_t i, sl;
  const char *dot;
  if(!qualified_key)
    return NULL;
  dot = strchr(qualified_key, '.');
  if(!dot)
    return NULL;
  sl = (size_t)(dot - qualified_key);
  for(i = 0; i < hk_n_fields; i++) {
    const char *sk = hk_step_key(hk_fields[i].step);
    if(strlen(sk) == sl && strncmp(sk, qualified_key, sl) == 0 &&
       strcmp(hk_fields[i].key, dot + 1) == 0)
      return &hk_fields[i];
  }
  return NULL;
}

int hk_field_max_items(const struct hk_field_def *f)
{
  const struct field_store *st = store_of(f);
  if(!st)
    return 0;
  return st->store == ST_LIST ? st->max_items : 1;
}

const char *hk_field_condition(const struct hk_field_def *f)
{
  const struct field_store *st = store_of(f);
  if(!st)
    return "";
  switch(st->active) {
  case ACT_CRED_EXISTING:
  case ACT_MS_EXISTING:
    return N_("when mode = existing");
  case ACT_CRED_CREATE:
  case ACT_MS_CREATE:
    return N_("when mode = create");
  case ACT_EP_ENABLED:
    return st->ep == HK_EP_BACKEND_REST ? N_("when backend_shared = false")
           : st->ep == HK_EP_WORKSPACE || st->ep == HK_EP_RELAY ? ""
                                                                : N_("when the endpoint is enabled");
  case ACT_EP_EXISTING:
    return N_("when the endpoint's mode = existing");
  case ACT_EP_CREATE_IFACE:
  case ACT_EP_CREATE_GW:
    return N_("when the endpoint's mode = create");
  case ACT_NET_VPC_GIVEN:
    return N_("when network mode is not create_vpc");
  case ACT_NET_SUBNETS_GIVEN:
    return N_("when heiiki does not create the subnets");
  case ACT_NET_SGS_GIVEN:
    return N_("when heiiki does not create the security groups");
  case ACT_NET_CREATE_VPC:
    return N_("when network mode = create_vpc");
  case ACT_NET_CREATE_SUBNETS:
    return N_("when heiiki creates the subnets");
  case ACT_NET_IN_VPC:
    return N_("when network mode = create_in_vpc");
  case ACT_ALWAYS:
  default:
    return "";
  }
}

bool hk_parse_bool(const char *v, bool *out)
{
  static const char *const yes[] = {"true", "yes", "on", "1", NULL};
  static const char *const no[] = {"false", "no", "off", "0", NULL};
  int i;
  if(!v)
    return false;
  for(i = 0; yes[i]; i++)
    if(strcasecmp(v, yes[i]) == 0) {
      *out = true;
      return true;
    }
  for(i = 0; no[i]; i++)
    if(strcasecmp(v, no[i]) == 0) {
      *out = false;
      return true;
    }
  return false;
}

bool hk_partition_from_key(const char *key, enum hk_partition *out)
{
  int i;
  if(!key)
    return false;
  for(i = 0; partition_values[i]; i++)
    if(strcmp(key, partition_values[i]) == 0) {
      *out = (enum hk_partition)i;
      return true;
    }
  return false;
}

bool hk_field_active(const struct hk_setup *s, const struct hk_field_def *f)
{
  const struct field_store *st = store_of(f);
  const struct hk_endpoint_answer *ep;
  if(!st || !s)
    return false;
  ep = (st->ep >= 0 && st->ep < HK_EP__COUNT) ? &s->endpoints[st->ep] : NULL;
  switch(st->active) {
  case ACT_ALWAYS:
    return true;
  case ACT_CRED_EXISTING:
    return s->credential.choice == HK_EXISTING;
  case ACT_CRED_CREATE:
    return s->credential.choice == HK_CREATE;
  case ACT_EP_ENABLED:
    return ep && ep->enabled;
  case ACT_EP_EXISTING:
    return ep && ep->enabled && ep->choice == HK_EXISTING;
  case ACT_EP_CREATE_IFACE:
  case ACT_EP_CREATE_GW:
    /* what the network step creates, heiiki fills in: subnets / route tables (the list
     * rows) when it creates the subnets, the security group (text rows) with the SGs */
    if(st->store == ST_LIST ? hk_net_creates_subnets(s) : hk_net_creates_sgs(s))
      return false;
    return ep && ep->enabled && ep->choice == HK_CREATE;
  case ACT_NET_VPC_GIVEN:
    return !hk_net_creates_vpc(s);
  case ACT_NET_SUBNETS_GIVEN:
    return !hk_net_creates_subnets(s);
  case ACT_NET_SGS_GIVEN:
    return !hk_net_creates_sgs(s);
  case ACT_NET_CREATE_VPC:
    return hk_net_creates_vpc(s);
  case ACT_NET_CREATE_SUBNETS:
    return hk_net_creates_subnets(s);
  case ACT_NET_IN_VPC:
    return s->network.mode == HK_NET_CREATE_IN_VPC;
  case ACT_MS_EXISTING:
    return s->metastore.choice == HK_EXISTING;
  case ACT_MS_CREATE:
    return s->metastore.choice == HK_CREATE;
  }
  return false;
}

/* ------------------------------------------------------------------- get */

static int enum_count(const char *const *values)
{
  int n = 0;
  while(values && values[n])
    n++;
  return n;
}

hk_status hk_field_get(const struct hk_setup *s, const struct hk_field_def *f, char *out, size_t n)
{
  const struct field_store *st = store_of(f);
  const char *base = (const char *)s;
  size_t used = 0;
  int i, count, idx;

  if(!out || !n)
    return HK_INVALID;
  out[0] = '\0';
  if(!st || !s)
    return HK_INVALID;
  switch(st->store) {
  case ST_STR:
  case ST_ENUMSTR:
    if(hk_strlcpy(out, base + st->off, n) >= n)
      return HK_TOO_BIG;
    return HK_OK;
  case ST_BOOL: {
    bool b;
    memcpy(&b, base + st->off, sizeof(b));
    hk_strlcpy(out, b ? "true" : "false", n);
    return HK_OK;
  }
  case ST_ENUM:
    memcpy(&idx, base + st->off, sizeof(idx));
    if(idx >= 0 && idx < enum_count(f->enum_values))
      hk_strlcpy(out, f->enum_values[idx], n);
    return HK_OK;
  case ST_LIST:
    memcpy(&count, base + st->count_off, sizeof(count));
    if(count < 0 || count > st->max_items)
      count = 0;
    for(i = 0; i < count; i++) {
      const char *item = base + st->off + (size_t)i * (st->size / (size_t)st->max_items);
      int w = snprintf(out + used, n - used, "%s%s", i ? ", " : "", item);
      if(w < 0 || (size_t)w >= n - used)
        return HK_TOO_BIG;
      used += (size_t)w;
    }
    return HK_OK;
  }
  return HK_INVALID;
}

/* ------------------------------------------------------------------- set */

static bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Copy v into buf without surrounding white space. */
static void trim_copy(const char *v, char *buf, size_t n)
{
  size_t len;
  while(is_space(*v))
    v++;
  hk_strlcpy(buf, v, n);
  len = strlen(buf);
  while(len && is_space(buf[len - 1]))
    buf[--len] = '\0';
}

/* What follows a field's label in sentences. */
static const char *label_of(const struct hk_field_def *f)
{
  return _(f->label);
}

static hk_status set_list(struct hk_setup *s, const struct hk_field_def *f,
                          const struct field_store *st, char *value, struct hk_error *err)
{
  char items[HK_MAX_SUBNETS > HK_MAX_CIDRS ? HK_MAX_SUBNETS : HK_MAX_CIDRS][HK_ID_MAX];
  size_t elem = st->size / (size_t)st->max_items;
  char *p = value;
  int n = 0, i, j;
  char *base = (char *)s;

  if(value[0]) {
    for(;;) {
      char *comma = strchr(p, ',');
      char item[FIELD_VALUE_MAX];
      if(comma)
        *comma = '\0';
      trim_copy(p, item, sizeof(item));
      if(!item[0])
        return hk_error_set(err, HK_INVALID, _("%s: the list has an empty entry (two commas in "
                                               "a row, or a comma at the end); separate the IDs "
                                               "with single commas."), label_of(f));
      if(n >= st->max_items || n >= (int)(sizeof(items) / sizeof(items[0])))
        return hk_error_set(err, HK_INVALID, _("%s: at most %d entries are allowed; remove "
                                               "some."), label_of(f), st->max_items);
      if(f->validate) {
        struct hk_error ierr;
        hk_error_clear(&ierr);
        if(f->validate(item, &ierr) != HK_OK)
          return hk_error_set(err, ierr.status, _("%s, entry %d: %s"), label_of(f), n + 1,
                              ierr.message);
      }
      if(strlen(item) >= elem || strlen(item) >= sizeof(items[0]))
        return hk_error_set(err, HK_INVALID, _("%s, entry %d: the value is too long."),
                            label_of(f), n + 1);
      for(j = 0; j < n; j++)
        if(strcmp(items[j], item) == 0)
          return hk_error_set(err, HK_INVALID, _("%s: %s is listed twice; list each once."),
                              label_of(f), item);
      hk_strlcpy(items[n++], item, sizeof(items[0]));
      if(!comma)
        break;
      p = comma + 1;
    }
  }
  memset(base + st->off, 0, st->size);
  for(i = 0; i < n; i++)
    hk_strlcpy(base + st->off + (size_t)i * elem, items[i], elem);
  memcpy(base + st->count_off, &n, sizeof(n));
  return HK_OK;
}

/* Side effects that keep derived answers consistent. */
static void after_set(struct hk_setup *s, const struct hk_field_def *f)
{
  if(f->step == HK_STEP_ACCOUNT && strcmp(f->key, "region") == 0) {
    enum hk_partition p = hk_partition_of_region(s->region);
    if(!(p == HK_PART_AWS_US_GOV && s->partition == HK_PART_AWS_US_GOV_DOD))
      s->partition = p;
  } else if(f->step == HK_STEP_ENDPOINTS && strcmp(f->key, "backend_shared") == 0) {
    s->endpoints[HK_EP_BACKEND_REST].enabled = !s->backend_shared;
  } else if(f->step == HK_STEP_ENDPOINTS && strcmp(f->key, "glue.enabled") == 0) {
    s->client.glue = s->endpoints[HK_EP_GLUE].enabled;
  }
}

static hk_status check_partition(const struct hk_setup *s, int idx, struct hk_error *err)
{
  enum hk_partition want;
  if(!s->region[0])
    return HK_OK;
  want = hk_partition_of_region(s->region);
  if(want == HK_PART_AWS && idx != HK_PART_AWS)
    return hk_error_set(err, HK_INVALID, _("Region %s is in the aws partition; %s applies only to "
                                           "GovCloud (us-gov-west-1)."), s->region,
                        partition_values[idx]);
  if(want == HK_PART_AWS_US_GOV && idx == HK_PART_AWS)
    return hk_error_set(err, HK_INVALID, _("Region %s is in GovCloud; choose aws-us-gov, or "
                                           "aws-us-gov-dod for the DoD shard."), s->region);
  return HK_OK;
}

hk_status hk_field_set(struct hk_setup *s, const struct hk_field_def *f, const char *value,
                       struct hk_error *err)
{
  const struct field_store *st = store_of(f);
  char buf[FIELD_VALUE_MAX];
  char *base = (char *)s;
  hk_status rc = HK_OK;
  int i;

  if(!st || !s)
    return hk_error_set(err, HK_INVALID, "%s", _("Unknown setting."));
  if(!value)
    value = "";
  if(strlen(value) >= sizeof(buf))
    return hk_error_set(err, HK_INVALID, _("%s: the value is %zu characters long; paste only the "
                                           "value itself."), label_of(f), strlen(value));
  trim_copy(value, buf, sizeof(buf));

  switch(st->store) {
  case ST_STR:
    if(buf[0]) {
      if(f->validate) {
        rc = f->validate(buf, err);
        if(rc != HK_OK)
          return rc;
      } else {
        rc = hk_validate_text(label_of(f), buf, st->size - 1, err);
        if(rc != HK_OK)
          return rc;
      }
      if(strlen(buf) >= st->size)
        return hk_error_set(err, HK_INVALID, _("%s: the value is longer than %zu characters."),
                            label_of(f), st->size - 1);
    }
    hk_strlcpy(base + st->off, buf, st->size);
    break;
  case ST_BOOL: {
    bool b;
    if(!hk_parse_bool(buf, &b))
      return hk_error_set(err, HK_INVALID, _("%s: answer true or false (yes/no, on/off and 1/0 "
                                             "also work)."), label_of(f));
    memcpy(base + st->off, &b, sizeof(b));
    break;
  }
  case ST_ENUM:
  case ST_ENUMSTR: {
    char choices[256];
    size_t used = 0;
    int idx = -1;
    if(!buf[0] && st->store == ST_ENUM && f->step == HK_STEP_ACCOUNT &&
       strcmp(f->key, "partition") == 0) {
      s->partition = hk_partition_of_region(s->region);
      break;
    }
    for(i = 0; f->enum_values && f->enum_values[i]; i++) {
      int w;
      if(strcasecmp(buf, f->enum_values[i]) == 0)
        idx = i;
      w = snprintf(choices + used, sizeof(choices) - used, "%s%s", i ? ", " : "",
                   f->enum_values[i]);
      if(w > 0 && (size_t)w < sizeof(choices) - used)
        used += (size_t)w;
    }
    if(idx < 0) {
      if(hk_validate_text(label_of(f), buf, 64, err) != HK_OK && buf[0])
        return HK_INVALID;
      return hk_error_set(err, HK_INVALID, _("%s: choose one of %s."), label_of(f), choices);
    }
    if(f->step == HK_STEP_ACCOUNT && strcmp(f->key, "partition") == 0) {
      rc = check_partition(s, idx, err);
      if(rc != HK_OK)
        return rc;
    }
    if(st->store == ST_ENUM)
      memcpy(base + st->off, &idx, sizeof(idx));
    else
      hk_strlcpy(base + st->off, f->enum_values[idx], st->size);
    break;
  }
  case ST_LIST:
    rc = set_list(s, f, st, buf, err);
    if(rc != HK_OK)
      return rc;
    break;
  }
  after_set(s, f);
  return HK_OK;
}
