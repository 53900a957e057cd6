/* aws_endpoints.c - partition-aware endpoints with the SDKs' overrides. */
#include "aws/aws_endpoints.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"

static const char *const svc_sign[] = {
#define AWS_X_SVC(e, sign, env, key) sign,
    AWS_SERVICE_TABLE(AWS_X_SVC)
#undef AWS_X_SVC
};

static const char *const svc_env[] = {
#define AWS_X_SVC(e, sign, env, key) env,
    AWS_SERVICE_TABLE(AWS_X_SVC)
#undef AWS_X_SVC
};

static const char *const svc_key[] = {
#define AWS_X_SVC(e, sign, env, key) key,
    AWS_SERVICE_TABLE(AWS_X_SVC)
#undef AWS_X_SVC
};

const char *aws_service_name(enum aws_service svc)
{
  if((unsigned)svc >= AWS_SVC__COUNT)
    return "unknown";
  return svc_sign[svc];
}

const char *aws_partition_of(const char *region)
{
  if(region && !strncmp(region, "us-gov-", 7))
    return "aws-us-gov";
  if(region && !strncmp(region, "cn-", 3))
    return "aws-cn";
  return "aws";
}

const char *aws_partition_domain(const char *partition)
{
  if(partition && !strcmp(partition, "aws-cn"))
    return "amazonaws.com.cn";
  return "amazonaws.com";
}

bool aws_region_valid(const char *region)
{
  size_t i;
  size_t n = region ? strlen(region) : 0;
  if(n < 4 || n > 31 || region[0] == '-' || region[n - 1] == '-' || !strchr(region, '-'))
    return false;
  for(i = 0; i < n; i++) {
    char c = region[i];
    if(!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
      return false;
  }
  return true;
}

static bool env_true(const char *name)
{
  const char *v = getenv(name);
  return v && !strcasecmp(v, "true");
}

static hk_status take_override(const char *url, const char *where, struct aws_endpoint *out,
                               struct hk_error *err)
{
  size_t n = strlen(url);
  size_t i;

  if(strncmp(url, "https://", 8) && strncmp(url, "http://", 7))
    return hk_error_set(err, HK_CONFIG,
                        _("The endpoint URL in %s (\"%.200s\") must start with https:// or "
                          "http://."),
                        where, url);
  for(i = 0; i < n; i++) {
    if(isspace((unsigned char)url[i]) || iscntrl((unsigned char)url[i]))
      return hk_error_set(err, HK_CONFIG,
                          _("The endpoint URL in %s contains spaces or control characters."),
                          where);
  }
  if(n >= sizeof(out->url))
    return hk_error_set(err, HK_CONFIG, _("The endpoint URL in %s is too long."), where);
  hk_strlcpy(out->url, url, sizeof(out->url));
  while(n > 8 && out->url[n - 1] == '/')
    out->url[--n] = '\0';
  out->overridden = true;
  return HK_OK;
}

hk_status aws_endpoint_resolve(enum aws_service svc, const char *region,
                               const struct aws_config *cfg, struct aws_endpoint *out,
                               struct hk_error *err)
{
  const char *part;
  const char *dom;
  char envname[64];
  const char *v;

  memset(out, 0, sizeof(*out));
  if((unsigned)svc >= AWS_SVC__COUNT)
    return hk_error_set(err, HK_INVALID, _("Unknown AWS service."));
  if(!aws_region_valid(region))
    return hk_error_set(err, HK_CONFIG,
                        _("\"%.64s\" is not an AWS region name. Set AWS_REGION (for example "
                          "ap-northeast-1) or the profile's region."),
                        region ? region : "");
  part = aws_partition_of(region);
  dom = aws_partition_domain(part);
  hk_strlcpy(out->partition, part, sizeof(out->partition));
  hk_strlcpy(out->signing_name, svc_sign[svc], sizeof(out->signing_name));
  hk_strlcpy(out->signing_region, region, sizeof(out->signing_region));

  if(svc == AWS_SVC_IAM) {
    /* IAM is global: one endpoint per partition, signed for its home region. */
    if(!strcmp(part, "aws-us-gov")) {
      snprintf(out->url, sizeof(out->url), "https://iam.us-gov.amazonaws.com");
      hk_strlcpy(out->signing_region, "us-gov-west-1", sizeof(out->signing_region));
    }
    else if(!strcmp(part, "aws-cn")) {
      snprintf(out->url, sizeof(out->url), "https://iam.cn-north-1.amazonaws.com.cn");
      hk_strlcpy(out->signing_region, "cn-north-1", sizeof(out->signing_region));
    }
    else {
      snprintf(out->url, sizeof(out->url), "https://iam.amazonaws.com");
      hk_strlcpy(out->signing_region, "us-east-1", sizeof(out->signing_region));
    }
  }
  else {
    snprintf(out->url, sizeof(out->url), "https://%s.%s.%s", svc_key[svc], region, dom);
  }

  if(env_true("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
    return HK_OK;

  snprintf(envname, sizeof(envname), "AWS_ENDPOINT_URL_%s", svc_env[svc]);
  v = getenv(envname);
  if(v && v[0])
    goto found_env;
  v = getenv("AWS_ENDPOINT_URL");
  hk_strlcpy(envname, "AWS_ENDPOINT_URL", sizeof(envname));
  if(v && v[0])
    goto found_env;
  if(cfg) {
    v = aws_config_service(cfg, cfg->profile, svc_key[svc], "endpoint_url");
    if(!v || !v[0])
      v = aws_config_conf(cfg, cfg->profile, "endpoint_url");
    if(v && v[0]) {
      char where[256];
      snprintf(where, sizeof(where), _("profile %s of %s"), cfg->profile, cfg->conf.path);
      hk_status st = take_override(v, where, out, err);
      if(st != HK_OK)
        return st;
      out->path_style = svc == AWS_SVC_S3;
    }
  }
  return HK_OK;

found_env:
  out->path_style = svc == AWS_SVC_S3;
  return take_override(v, envname, out, err);
}

hk_status aws_url_split(const char *url, char *host, size_t host_n, char *path, size_t path_n)
{
  const char *p = strstr(url, "://");
  const char *slash;
  size_t hl;

  if(!p)
    return HK_INVALID;
  p += 3;
  slash = strchr(p, '/');
  hl = slash ? (size_t)(slash - p) : strlen(p);
  if(!hl || hl >= host_n)
    return HK_INVALID;
  memcpy(host, p, hl);
  host[hl] = '\0';
  if(hk_strlcpy(path, slash ? slash : "", path_n) >= path_n)
    return HK_INVALID;
  return HK_OK;
}
