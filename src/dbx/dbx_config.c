/* dbx_config.c - Databricks unified client auth: env, ~/.databrickscfg, checks. */
#include "dbx/dbx_config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <ini.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"

void dbx_config_init(struct dbx_config *cfg)
{
  memset(cfg, 0, sizeof(*cfg));
}

void dbx_config_free(struct dbx_config *cfg)
{
  if(!cfg)
    return;
  hk_secret_free(cfg->client_secret);
  hk_secret_free(cfg->token);
  hk_memzero(cfg, sizeof(*cfg));
}

hk_status dbx_config_set_secret(char **field, const char *value)
{
  char *dup = NULL;
  if(value) {
    dup = hk_strdup(value);
    if(!dup)
      return HK_NOMEM;
  }
  hk_secret_free(*field);
  *field = dup;
  return HK_OK;
}

hk_status dbx_config_copy(struct dbx_config *dst, const struct dbx_config *src)
{
  hk_status st;
  *dst = *src;
  dst->client_secret = NULL;
  dst->token = NULL;
  st = dbx_config_set_secret(&dst->client_secret, src->client_secret);
  if(st == HK_OK)
    st = dbx_config_set_secret(&dst->token, src->token);
  if(st != HK_OK)
    dbx_config_free(dst);
  return st;
}

const char *dbx_src_name(enum dbx_src s)
{
  switch(s) {
  case DBX_SRC_EXPLICIT: return "explicit";
  case DBX_SRC_ENV: return "environment";
  case DBX_SRC_FILE: return "config file";
  case DBX_SRC_DEFAULT: return "default";
  case DBX_SRC_UNSET: break;
  }
  return "unset";
}

static const char *env_get(dbx_env_fn env, void *ud, const char *name)
{
  const char *v = env ? env(name, ud) : getenv(name);
  return (v && *v) ? v : NULL;
}

/* Set a fixed string field when unset. */
static void fill(char *field, size_t n, enum dbx_src *src, const char *v, enum dbx_src from)
{
  if(!v || !*v || field[0])
    return;
  hk_strlcpy(field, v, n);
  if(src)
    *src = from;
}

static hk_status fill_secret(char **field, enum dbx_src *src, const char *v, enum dbx_src from)
{
  hk_status st;
  if(!v || !*v || (*field && **field))
    return HK_OK;
  st = dbx_config_set_secret(field, v);
  if(st == HK_OK)
    *src = from;
  return st;
}

static void mark_explicit(struct dbx_config *cfg)
{
  if(cfg->host[0] && !cfg->host_src)
    cfg->host_src = DBX_SRC_EXPLICIT;
  if(cfg->account_id[0] && !cfg->account_id_src)
    cfg->account_id_src = DBX_SRC_EXPLICIT;
  if(cfg->client_id[0] && !cfg->client_id_src)
    cfg->client_id_src = DBX_SRC_EXPLICIT;
  if(cfg->client_secret && *cfg->client_secret && !cfg->client_secret_src)
    cfg->client_secret_src = DBX_SRC_EXPLICIT;
  if(cfg->token && *cfg->token && !cfg->token_src)
    cfg->token_src = DBX_SRC_EXPLICIT;
}

static bool any_auth(const struct dbx_config *cfg)
{
  return cfg->client_id[0] || (cfg->client_secret && *cfg->client_secret) ||
         (cfg->token && *cfg->token);
}

/* ---- config file ---- */

struct ini_ctx {
  struct dbx_config *cfg;
  const char *want;             /* section to read */
  char default_profile[128];    /* from [__settings__] */
  int pass;                     /* 1: find settings; 2: read profile */
  bool found;                   /* the wanted section exists */
  hk_status st;
};

static int cfg_ini_line(void *user, const char *section, const char *name, const char *value)
{
  struct ini_ctx *x = user;
  struct dbx_config *cfg = x->cfg;

  if(x->pass == 1) {
    if(!strcmp(section, "__settings__") && !strcmp(name, "default_profile"))
      hk_strlcpy(x->default_profile, value, sizeof(x->default_profile));
    return 1;
  }
  if(strcmp(section, x->want))
    return 1;
  x->found = true;
  if(!strcmp(name, "host"))
    fill(cfg->host, sizeof(cfg->host), &cfg->host_src, value, DBX_SRC_FILE);
  else if(!strcmp(name, "account_id"))
    fill(cfg->account_id, sizeof(cfg->account_id), &cfg->account_id_src, value, DBX_SRC_FILE);
  else if(!strcmp(name, "client_id"))
    fill(cfg->client_id, sizeof(cfg->client_id), &cfg->client_id_src, value, DBX_SRC_FILE);
  else if(!strcmp(name, "client_secret")) {
    if(fill_secret(&cfg->client_secret, &cfg->client_secret_src, value, DBX_SRC_FILE) != HK_OK)
      x->st = HK_NOMEM;
  }
  else if(!strcmp(name, "auth_type"))
    fill(cfg->auth_type, sizeof(cfg->auth_type), NULL, value, DBX_SRC_FILE);
  else if(!strcmp(name, "token")) {
    if(fill_secret(&cfg->token, &cfg->token_src, value, DBX_SRC_FILE) != HK_OK)
      x->st = HK_NOMEM;
  }
  return 1;
}

/* inih reports a section only through its keys: an empty section counts as
 * absent, as in the SDK ("has no <profile> profile configured"). */
static hk_status read_file(struct dbx_config *cfg, dbx_env_fn env, void *env_ud,
                           struct hk_error *err)
{
  struct ini_ctx x;
  bool explicit_profile = cfg->profile[0] != '\0';
  char path[1024];
  FILE *f = NULL;
  int rc;
  hk_status result = HK_OK;

  if(!explicit_profile && (cfg->host[0] || any_auth(cfg)))
    goto out;

  if(!cfg->config_file[0])
    hk_strlcpy(cfg->config_file, "~/.databrickscfg", sizeof(cfg->config_file));
  if(!strncmp(cfg->config_file, "~/", 2)) {
    const char *home = env_get(env, env_ud, "HOME");
    if(!home) {
      if(explicit_profile)
        result = hk_error_set(err, HK_CONFIG,
                              _("The Databricks config file %s cannot be found because HOME is not "
                                "set; set DATABRICKS_CONFIG_FILE to its full path."),
                              cfg->config_file);
      goto out;
    }
    snprintf(path, sizeof(path), "%s/%s", home, cfg->config_file + 2);
  }
  else
    hk_strlcpy(path, cfg->config_file, sizeof(path));

  f = fopen(path, "r");
  if(!f) {
    if(explicit_profile)
      result = hk_error_set(err, HK_CONFIG,
                            _("The Databricks profile \"%s\" was requested but the config file %s "
                              "cannot be read (%s); create it or set DATABRICKS_CONFIG_FILE."),
                            cfg->profile, path, strerror(errno));
    goto out;
  }

  memset(&x, 0, sizeof(x));
  x.cfg = cfg;
  x.pass = 1;
  x.st = HK_OK;
  rc = ini_parse_file(f, cfg_ini_line, &x);
  if(rc != 0) {
    result = hk_error_set(err, HK_CONFIG,
                          _("The Databricks config file %s has a syntax error on line %d; fix "
                            "that line (format: [profile] then key = value)."),
                          path, rc);
    goto out;
  }
  if(explicit_profile)
    x.want = cfg->profile;
  else if(x.default_profile[0])
    x.want = x.default_profile;
  else
    x.want = "DEFAULT";
  if(!strcmp(x.want, "__settings__")) {
    result = hk_error_set(err, HK_CONFIG,
                          _("The profile name \"__settings__\" is reserved in %s; choose another "
                            "profile."), path);
    goto out;
  }
  rewind(f);
  x.pass = 2;
  rc = ini_parse_file(f, cfg_ini_line, &x);
  if(x.st != HK_OK || rc < 0) {
    result = hk_error_set(err, x.st, "%s", _("Out of memory while reading the Databricks config."));
    goto out;
  }
  if(!x.found) {
    if(explicit_profile || x.default_profile[0])
      result = hk_error_set(err, HK_CONFIG,
                            _("The Databricks config file %s has no profile [%s]; add it or name "
                              "an existing profile with DATABRICKS_CONFIG_PROFILE."),
                            path, x.want);
    goto out;
  }
  if(!cfg->profile[0])
    hk_strlcpy(cfg->profile, x.want, sizeof(cfg->profile));
  cfg->file_used = true;

out:
  if(f)
    fclose(f);
  return result;
}

hk_status dbx_config_resolve(struct dbx_config *cfg, dbx_env_fn env, void *env_ud,
                             struct hk_error *err)
{
  hk_status st;

  mark_explicit(cfg);
  fill(cfg->host, sizeof(cfg->host), &cfg->host_src, env_get(env, env_ud, "DATABRICKS_HOST"),
       DBX_SRC_ENV);
  fill(cfg->account_id, sizeof(cfg->account_id), &cfg->account_id_src,
       env_get(env, env_ud, "DATABRICKS_ACCOUNT_ID"), DBX_SRC_ENV);
  fill(cfg->client_id, sizeof(cfg->client_id), &cfg->client_id_src,
       env_get(env, env_ud, "DATABRICKS_CLIENT_ID"), DBX_SRC_ENV);
  st = fill_secret(&cfg->client_secret, &cfg->client_secret_src,
                   env_get(env, env_ud, "DATABRICKS_CLIENT_SECRET"), DBX_SRC_ENV);
  if(st == HK_OK)
    st = fill_secret(&cfg->token, &cfg->token_src, env_get(env, env_ud, "DATABRICKS_TOKEN"),
                     DBX_SRC_ENV);
  if(st != HK_OK)
    return hk_error_set(err, st, "%s", _("Out of memory while reading the Databricks config."));
  fill(cfg->auth_type, sizeof(cfg->auth_type), NULL,
       env_get(env, env_ud, "DATABRICKS_AUTH_TYPE"), DBX_SRC_ENV);
  fill(cfg->profile, sizeof(cfg->profile), NULL,
       env_get(env, env_ud, "DATABRICKS_CONFIG_PROFILE"), DBX_SRC_ENV);
  fill(cfg->config_file, sizeof(cfg->config_file), NULL,
       env_get(env, env_ud, "DATABRICKS_CONFIG_FILE"), DBX_SRC_ENV);

  st = read_file(cfg, env, env_ud, err);
  if(st != HK_OK)
    return st;
  fill(cfg->host, sizeof(cfg->host), &cfg->host_src, DBX_DEFAULT_ACCOUNT_HOST, DBX_SRC_DEFAULT);
  return HK_OK;
}

/* ---- checks ---- */

bool dbx_is_uuid(const char *s)
{
  static const int groups[] = {8, 4, 4, 4, 12};
  size_t g, i;
  if(!s)
    return false;
  for(g = 0; g < 5; g++) {
    for(i = 0; i < (size_t)groups[g]; i++, s++)
      if(!isxdigit((unsigned char)*s))
        return false;
    if(g < 4 && *s++ != '-')
      return false;
  }
  return *s == '\0';
}

/* Plain http only to this machine: the host part (before an optional
 * ":port") must be exactly "localhost", an IPv4 literal in 127.0.0.0/8 or the
 * IPv6 literal [::1].  A name such as 127.example.com resolves anywhere. */
static bool is_loopback(const char *host, size_t n)
{
  char lit[64];
  struct in_addr a4;
  struct in6_addr a6;

  if(n >= sizeof(lit))
    return false;
  if(host[0] == '[') {
    if(n < 3 || host[n - 1] != ']')
      return false;
    memcpy(lit, host + 1, n - 2);
    lit[n - 2] = '\0';
    return inet_pton(AF_INET6, lit, &a6) == 1 && IN6_IS_ADDR_LOOPBACK(&a6);
  }
  memcpy(lit, host, n);
  lit[n] = '\0';
  if(!strcasecmp(lit, "localhost"))
    return true;
  return inet_pton(AF_INET, lit, &a4) == 1 && (ntohl(a4.s_addr) >> 24) == 127;
}

hk_status dbx_check_host(const char *host, struct hk_error *err)
{
  const char *p, *end;
  bool https;

  if(!host || !*host)
    return hk_error_set(err, HK_INVALID, "%s",
                        _("The Databricks host is empty; set it to "
                          "https://accounts.cloud.databricks.com (or your workspace URL)."));
  https = !strncasecmp(host, "https://", 8);
  if(!https && strncasecmp(host, "http://", 7))
    return hk_error_set(err, HK_INVALID,
                        _("The Databricks host \"%s\" must start with https://, for example "
                          "https://accounts.cloud.databricks.com."), host);
  p = host + (https ? 8 : 7);
  end = p + strcspn(p, "/?#");
  if(end == p)
    return hk_error_set(err, HK_INVALID,
                        _("The Databricks host \"%s\" has no host name after the scheme."), host);
  if(*end && strcmp(end, "/"))
    return hk_error_set(err, HK_INVALID,
                        _("The Databricks host \"%s\" must have an empty path; remove \"%s\"."),
                        host, end);
  if(strcspn(p, " \t\r\n@") < (size_t)(end - p))
    return hk_error_set(err, HK_INVALID,
                        _("The Databricks host \"%s\" contains spaces or user info; give only "
                          "the scheme and host name."), host);
  if(!https) {
    size_t hl = strcspn(p, ":/");
    const char *rest;
    if(p[0] == '[')
      hl = strcspn(p, "]") + 1;
    rest = p + hl;
    if(*rest == ':')   /* an optional port: digits only */
      rest += 1 + strspn(rest + 1, "0123456789");
    if(rest != end || hl > (size_t)(end - p) || !is_loopback(p, hl))
      return hk_error_set(err, HK_INVALID,
                          _("The Databricks host \"%s\" uses plain http://; use https:// (plain "
                            "http is accepted only for a local emulator on 127.0.0.1)."), host);
  }
  return HK_OK;
}

bool dbx_is_account_host(const char *host)
{
  return host && (!strncasecmp(host, "https://accounts.", 17) ||
                  !strncasecmp(host, "https://accounts-dod.", 21));
}

hk_status dbx_workspace_url_for(const char *account_host, const char *deployment_name,
                                char *out, size_t n)
{
  static const struct { const char *acct, *ws; } map[] = {
    {DBX_DEFAULT_ACCOUNT_HOST, ".cloud.databricks.com"},
    {DBX_GOV_ACCOUNT_HOST, ".cloud.databricks.us"},
    {DBX_DOD_ACCOUNT_HOST, ".cloud.databricks.mil"},
  };
  size_t i, len;
  if(!account_host || !deployment_name || !*deployment_name)
    return HK_INVALID;
  len = strlen(account_host);
  while(len && account_host[len - 1] == '/')
    len--;
  for(i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
    if(strlen(map[i].acct) == len && !strncasecmp(map[i].acct, account_host, len)) {
      int w = snprintf(out, n, "https://%s%s", deployment_name, map[i].ws);
      return (w < 0 || (size_t)w >= n) ? HK_TOO_BIG : HK_OK;
    }
  }
  return HK_INVALID;
}

hk_status dbx_config_validate(struct dbx_config *cfg, struct hk_error *err)
{
  size_t len;
  hk_status st;
  if(!cfg)
    return HK_INVALID;
  st = dbx_check_host(cfg->host, err);
  if(st != HK_OK)
    return st;
  len = strlen(cfg->host);
  while(len && cfg->host[len - 1] == '/')
    cfg->host[--len] = '\0';
  if(!cfg->account_id[0])
    return hk_error_set(err, HK_CONFIG, "%s",
                        _("The Databricks account ID is not set; copy it from the account console "
                          "(top right menu) into DATABRICKS_ACCOUNT_ID or account_id in "
                          "~/.databrickscfg."));
  if(!dbx_is_uuid(cfg->account_id))
    return hk_error_set(err, HK_INVALID,
                        _("The Databricks account ID \"%s\" is not a UUID "
                          "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx); copy it from the account "
                          "console."), cfg->account_id);
  if(cfg->auth_type[0] && strcmp(cfg->auth_type, "pat") && strcmp(cfg->auth_type, "oauth-m2m"))
    return hk_error_set(err, HK_CONFIG,
                        _("The Databricks auth type \"%s\" is not supported here; use "
                          "\"oauth-m2m\" (service principal) or \"pat\" (token)."),
                        cfg->auth_type);
  if(!strcmp(cfg->auth_type, "pat") && !(cfg->token && *cfg->token))
    return hk_error_set(err, HK_CONFIG, "%s",
                        _("The Databricks auth type is \"pat\" but no token is set; set "
                          "DATABRICKS_TOKEN."));
  if(dbx_config_uses_pat(cfg))
    return HK_OK;
  if(!cfg->client_id[0])
    return hk_error_set(err, HK_CONFIG, "%s",
                        _("No Databricks credentials: set DATABRICKS_CLIENT_ID and "
                          "DATABRICKS_CLIENT_SECRET for a service principal with the account "
                          "admin role (OAuth M2M)."));
  if(!cfg->client_secret || !*cfg->client_secret)
    return hk_error_set(err, HK_CONFIG,
                        _("The Databricks client ID %s has no secret; set "
                          "DATABRICKS_CLIENT_SECRET (create one under the service principal's "
                          "Secrets tab)."), cfg->client_id);
  return HK_OK;
}

bool dbx_config_uses_pat(const struct dbx_config *cfg)
{
  if(!cfg->token || !*cfg->token)
    return false;
  return strcmp(cfg->auth_type, "oauth-m2m") != 0;
}
