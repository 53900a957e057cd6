/* aws_config.h - the shared AWS files: ~/.aws/credentials and ~/.aws/config.
 *
 * Both are INI files read with inih.  Lines longer than inih's line limit
 * (session tokens are) are handled by a reader that hands inih a short
 * placeholder and keeps the full value aside.  Nested settings
 * ("ec2 =\n  endpoint_url = ...") are stored as "ec2.endpoint_url".  Values
 * are wiped when freed: the credentials file holds secrets. */
#ifndef AWS_CONFIG_H
#define AWS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include "core/hk_status.h"

#define AWS_INI_MAX_BYTES (1024u * 1024u)

struct aws_ini_entry {
  char *section;
  char *key;
  char *value;
};

struct aws_ini {
  struct aws_ini_entry *e;
  size_t n;
  size_t cap;
  bool present;           /* the file existed */
  char path[1024];
};

/* Load a file; a missing file is not an error (present = false). */
hk_status aws_ini_load(struct aws_ini *ini, const char *path, struct hk_error *err);
/* Parse text; label names it in error sentences. */
hk_status aws_ini_parse(struct aws_ini *ini, const char *text, size_t len, const char *label,
                        struct hk_error *err);
/* Last value of key in section, or NULL. */
const char *aws_ini_get(const struct aws_ini *ini, const char *section, const char *key);
bool aws_ini_has_section(const struct aws_ini *ini, const char *section);
void aws_ini_free(struct aws_ini *ini);

struct aws_config {
  struct aws_ini creds;   /* shared credentials file */
  struct aws_ini conf;    /* config file */
  char profile[128];      /* selected profile */
  bool profile_explicit;  /* chosen by the caller or AWS_PROFILE */
};

/* Load both files.  profile NULL = AWS_PROFILE, else "default".  Paths from
 * AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE, else ~/.aws/. */
hk_status aws_config_load(struct aws_config *cfg, const char *profile, struct hk_error *err);
void aws_config_free(struct aws_config *cfg);
/* The profile exists in either file. */
bool aws_config_has_profile(const struct aws_config *cfg, const char *profile);
/* A profile's setting from the credentials file only / config file only. */
const char *aws_config_cred(const struct aws_config *cfg, const char *profile, const char *key);
const char *aws_config_conf(const struct aws_config *cfg, const char *profile, const char *key);
/* Credentials file first, then config file. */
const char *aws_config_get(const struct aws_config *cfg, const char *profile, const char *key);
/* Setting of a service in the profile's "services" section, e.g.
 * (cfg, profile, "ec2", "endpoint_url"); also the profile's nested form. */
const char *aws_config_service(const struct aws_config *cfg, const char *profile,
                               const char *service, const char *key);

#endif
