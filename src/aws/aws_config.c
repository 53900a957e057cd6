/* aws_config.c - reading ~/.aws/credentials and ~/.aws/config with inih. */
#include "aws/aws_config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"

/* ---- reader feeding inih, with long values kept aside ---- */

struct ini_reader {
  const char *text;
  size_t len;
  size_t pos;
  char **longs;        /* full values of lines too long for inih */
  size_t n_longs;
  hk_status st;
};

struct ini_ctx {
  struct aws_ini *ini;
  struct ini_reader *rd;
  char last_section[256];
  char last_key[256];
  hk_status st;
};

static char *trim_dup(const char *s, size_t n)
{
  char *d;
  while(n && isspace((unsigned char)*s)) {
    s++;
    n--;
  }
  while(n && isspace((unsigned char)s[n - 1]))
    n--;
  d = malloc(n + 1);
  if(!d)
    return NULL;
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

static char *reader_next(char *str, int num, void *stream)
{
  struct ini_reader *rd = stream;
  const char *line;
  const char *nl;
  size_t llen;
  size_t max;

  if(rd->pos >= rd->len || num < 32)
    return NULL;
  max = (size_t)num - 1;
  line = rd->text + rd->pos;
  nl = memchr(line, '\n', rd->len - rd->pos);
  llen = nl ? (size_t)(nl - line) + 1 : rd->len - rd->pos;
  rd->pos += llen;
  if(llen <= max) {
    memcpy(str, line, llen);
    str[llen] = '\0';
    return str;
  }
  {
    const char *eq = memchr(line, '=', llen);
    size_t klen = eq ? (size_t)(eq - line) : 0;
    char **nl2;
    char *val;
    if(!eq || klen + 24 > max) {
      /* No key we can keep: hand inih a line it reports as an error. */
      snprintf(str, (size_t)num, "%s", "\x02\n");
      return str;
    }
    val = trim_dup(eq + 1, llen - klen - 1);
    nl2 = realloc(rd->longs, (rd->n_longs + 1) * sizeof(*nl2));
    if(!val || !nl2) {
      free(val);
      if(nl2)
        rd->longs = nl2;
      rd->st = HK_NOMEM;
      return NULL;
    }
    rd->longs = nl2;
    rd->longs[rd->n_longs] = val;
    memcpy(str, line, klen);
    snprintf(str + klen, (size_t)num - klen, "=\x01%zu\n", rd->n_longs);
    rd->n_longs++;
    return str;
  }
}

static hk_status ini_add(struct aws_ini *ini, const char *section, const char *key,
                         const char *value)
{
  struct aws_ini_entry *e;
  if(ini->n == ini->cap) {
    size_t ncap = ini->cap ? ini->cap * 2 : 32;
    struct aws_ini_entry *ne = realloc(ini->e, ncap * sizeof(*ne));
    if(!ne)
      return HK_NOMEM;
    ini->e = ne;
    ini->cap = ncap;
  }
  e = &ini->e[ini->n];
  e->section = hk_strdup(section);
  e->key = hk_strdup(key);
  e->value = hk_strdup(value);
  ini->n++;
  if(!e->section || !e->key || !e->value)
    return HK_NOMEM;
  return HK_OK;
}

static int on_ini_entry(void *user, const char *section, const char *name, const char *value)
{
  struct ini_ctx *c = user;
  const char *v = value;
  char *nested_key = NULL;
  char *nested_val = NULL;
  const char *eq;

  if(value[0] == '\x01') {
    size_t idx = (size_t)strtoul(value + 1, NULL, 10);
    if(idx < c->rd->n_longs)
      v = c->rd->longs[idx];
  }
  /* A continuation line of the previous key holding "k = v": nested setting. */
  eq = strchr(v, '=');
  if(!strcmp(section, c->last_section) && !strcmp(name, c->last_key) && eq && eq != v) {
    char full[512];
    nested_key = trim_dup(v, (size_t)(eq - v));
    nested_val = trim_dup(eq + 1, strlen(eq + 1));
    if(!nested_key || !nested_val) {
      c->st = HK_NOMEM;
    }
    else {
      snprintf(full, sizeof(full), "%s.%s", name, nested_key);
      c->st = ini_add(c->ini, section, full, nested_val);
    }
    free(nested_key);
    hk_secret_free(nested_val);
    return c->st == HK_OK;
  }
  hk_strlcpy(c->last_section, section, sizeof(c->last_section));
  hk_strlcpy(c->last_key, name, sizeof(c->last_key));
  c->st = ini_add(c->ini, section, name, v);
  return c->st == HK_OK;
}

hk_status aws_ini_parse(struct aws_ini *ini, const char *text, size_t len, const char *label,
                        struct hk_error *err)
{
  struct ini_reader rd;
  struct ini_ctx c;
  int line;
  size_t i;
  hk_status st = HK_OK;

  memset(&rd, 0, sizeof(rd));
  memset(&c, 0, sizeof(c));
  rd.text = text;
  rd.len = len;
  c.ini = ini;
  c.rd = &rd;
  if(len > AWS_INI_MAX_BYTES) {
    st = hk_error_set(err, HK_TOO_BIG,
                      _("%s is larger than %u bytes; it is not an AWS configuration file."),
                      label, AWS_INI_MAX_BYTES);
    goto out;
  }
  if(memchr(text, '\0', len)) {
    st = hk_error_set(err, HK_CONFIG,
                      _("%s contains binary data; it is not an AWS configuration file."), label);
    goto out;
  }
  line = ini_parse_stream(reader_next, &rd, on_ini_entry, &c);
  if(rd.st != HK_OK || c.st != HK_OK) {
    st = hk_error_set(err, HK_NOMEM, _("Out of memory while reading %s."), label);
    goto out;
  }
  if(line != 0) {
    st = hk_error_set(err, HK_CONFIG,
                      _("%s line %d cannot be read: expected \"[section]\" or \"name = value\". "
                        "Fix or remove that line."),
                      label, line);
    goto out;
  }
out:
  for(i = 0; i < rd.n_longs; i++)
    hk_secret_free(rd.longs[i]);
  free(rd.longs);
  return st;
}

hk_status aws_ini_load(struct aws_ini *ini, const char *path, struct hk_error *err)
{
  FILE *f = NULL;
  struct hk_buf b;
  char chunk[4096];
  size_t n;
  hk_status st = HK_OK;

  hk_buf_init(&b);
  b.max = AWS_INI_MAX_BYTES + 1;
  hk_strlcpy(ini->path, path, sizeof(ini->path));
  f = fopen(path, "rb");
  if(!f) {
    if(errno == ENOENT || errno == ENOTDIR)
      goto out;
    st = hk_error_set(err, HK_IO, _("%s cannot be read (%s). Check its permissions."), path,
                      strerror(errno));
    goto out;
  }
  ini->present = true;
  while((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
    st = hk_buf_append(&b, chunk, n);
    if(st == HK_TOO_BIG) {
      st = hk_error_set(err, HK_TOO_BIG,
                        _("%s is larger than %u bytes; it is not an AWS configuration file."),
                        path, AWS_INI_MAX_BYTES);
      goto out;
    }
    if(st != HK_OK)
      goto out;
  }
  if(ferror(f)) {
    st = hk_error_set(err, HK_IO, _("%s cannot be read."), path);
    goto out;
  }
  st = aws_ini_parse(ini, b.data ? b.data : "", b.len, path, err);
out:
  if(f)
    fclose(f);
  if(b.data)
    hk_memzero(b.data, b.len);
  hk_buf_free(&b);
  return st;
}

const char *aws_ini_get(const struct aws_ini *ini, const char *section, const char *key)
{
  size_t i = ini->n;
  while(i--) {
    if(!strcmp(ini->e[i].section, section) && !strcmp(ini->e[i].key, key))
      return ini->e[i].value;
  }
  return NULL;
}

bool aws_ini_has_section(const struct aws_ini *ini, const char *section)
{
  size_t i;
  for(i = 0; i < ini->n; i++) {
    if(!strcmp(ini->e[i].section, section))
      return true;
  }
  return false;
}

void aws_ini_free(struct aws_ini *ini)
{
  size_t i;
  if(!ini)
    return;
  for(i = 0; i < ini->n; i++) {
    free(ini->e[i].section);
    free(ini->e[i].key);
    hk_secret_free(ini->e[i].value);
  }
  free(ini->e);
  memset(ini, 0, sizeof(*ini));
}

/* ---- the two files ---- */

static void default_path(char *out, size_t n, const char *env, const char *leaf)
{
  const char *v = getenv(env);
  const char *home = getenv("HOME");
  if(v && v[0]) {
    if(v[0] == '~' && v[1] == '/' && home)
      snprintf(out, n, "%s%s", home, v + 1);
    else
      snprintf(out, n, "%s", v);
    return;
  }
  snprintf(out, n, "%s/.aws/%s", home && home[0] ? home : ".", leaf);
}

hk_status aws_config_load(struct aws_config *cfg, const char *profile, struct hk_error *err)
{
  char path[1024];
  const char *envp = getenv("AWS_PROFILE");
  hk_status st;

  memset(cfg, 0, sizeof(*cfg));
  if(profile && profile[0]) {
    cfg->profile_explicit = true;
  }
  else if(envp && envp[0]) {
    profile = envp;
    cfg->profile_explicit = true;
  }
  else {
    profile = "default";
  }
  if(hk_strlcpy(cfg->profile, profile, sizeof(cfg->profile)) >= sizeof(cfg->profile))
    return hk_error_set(err, HK_INVALID, _("The AWS profile name is too long."));
  default_path(path, sizeof(path), "AWS_SHARED_CREDENTIALS_FILE", "credentials");
  st = aws_ini_load(&cfg->creds, path, err);
  if(st == HK_OK) {
    default_path(path, sizeof(path), "AWS_CONFIG_FILE", "config");
    st = aws_ini_load(&cfg->conf, path, err);
  }
  if(st != HK_OK)
    aws_config_free(cfg);
  return st;
}

void aws_config_free(struct aws_config *cfg)
{
  if(!cfg)
    return;
  aws_ini_free(&cfg->creds);
  aws_ini_free(&cfg->conf);
}

static void conf_section(const char *profile, char *out, size_t n)
{
  snprintf(out, n, "profile %s", profile);
}

bool aws_config_has_profile(const struct aws_config *cfg, const char *profile)
{
  char sec[160];
  conf_section(profile, sec, sizeof(sec));
  return aws_ini_has_section(&cfg->creds, profile) || aws_ini_has_section(&cfg->conf, sec) ||
         (!strcmp(profile, "default") && aws_ini_has_section(&cfg->conf, "default"));
}

const char *aws_config_cred(const struct aws_config *cfg, const char *profile, const char *key)
{
  return aws_ini_get(&cfg->creds, profile, key);
}

const char *aws_config_conf(const struct aws_config *cfg, const char *profile, const char *key)
{
  char sec[160];
  const char *v;
  conf_section(profile, sec, sizeof(sec));
  v = aws_ini_get(&cfg->conf, sec, key);
  if(!v && !strcmp(profile, "default"))
    v = aws_ini_get(&cfg->conf, "default", key);
  return v;
}

const char *aws_config_get(const struct aws_config *cfg, const char *profile, const char *key)
{
  const char *v = aws_config_cred(cfg, profile, key);
  return v ? v : aws_config_conf(cfg, profile, key);
}

const char *aws_config_service(const struct aws_config *cfg, const char *profile,
                               const char *service, const char *key)
{
  char nested[160];
  char sec[160];
  const char *svcs = aws_config_conf(cfg, profile, "services");
  const char *v = NULL;

  snprintf(nested, sizeof(nested), "%s.%s", service, key);
  if(svcs && svcs[0]) {
    snprintf(sec, sizeof(sec), "services %s", svcs);
    v = aws_ini_get(&cfg->conf, sec, nested);
  }
  if(!v)
    v = aws_config_conf(cfg, profile, nested);
  return v;
}
