/* act_util.c - small helpers the action files share. */
#include "plan/actions/actions.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "core/hk_buf.h"
#include "setup/setup_assets.h"

void hk_act_note(struct hk_action *a, const char *fmt, ...)
{
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(a->note, sizeof(a->note), fmt, ap);
  va_end(ap);
}

enum hk_decision hk_act_keep(struct hk_action *a, const char *key, const char *value)
{
  hk_kvmap_set(&a->given, key, value);
  hk_act_note(a, "%s", value);
  return HK_DEC_KEEP;
}

void hk_act_ep_service(const struct hk_setup *s, enum hk_ep_kind k, char *out, size_t n)
{
  const struct hk_region_info *ri;
  static const char *const aws_svc[HK_EP__COUNT] = {
    [HK_EP_S3] = "s3", [HK_EP_STS] = "sts", [HK_EP_KINESIS] = "kinesis-streams",
    [HK_EP_GLUE] = "glue",
  };

  out[0] = '\0';
  if(aws_svc[k]) {
    snprintf(out, n, "com.amazonaws.%s.%s", s->region, aws_svc[k]);
    return;
  }
  if(hk_assets_load(NULL) != HK_OK)
    return;
  ri = hk_assets_region(s->region, s->partition);
  if(!ri)
    return;
  hk_strlcpy(out, k == HK_EP_RELAY ? ri->relay_service : ri->workspace_service, n);
}

void hk_act_join(const char *ids, int n, char *out, size_t outn)
{
  int i;
  size_t len = 0;

  out[0] = '\0';
  for(i = 0; i < n && len < outn; i++) {
    int w = snprintf(out + len, outn - len, "%s%s", i ? "," : "", ids + (size_t)i * HK_ID_MAX);
    if(w < 0)
      break;
    len += (size_t)w;
  }
}

void hk_act_name(const struct hk_setup *s, const char *value, const char *suffix, char *out,
                 size_t n)
{
  if(value && *value)
    hk_strlcpy(out, value, n);
  else
    snprintf(out, n, "%s-%s", s->name, suffix);
}
