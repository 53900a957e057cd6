/* dbx_config.h - Databricks unified client auth configuration.
 *
 * Resolution follows the official SDKs: values already set in the struct
 * (explicit) win, then the environment fills unset fields, then a
 * ~/.databrickscfg profile fills what is still unset.  The file is skipped
 * when no profile is named and a host or an auth value is already set.  The
 * profile is the named one, else `[__settings__] default_profile`, else
 * `[DEFAULT]`.  Secrets (client secret, token) live on the heap only and are
 * wiped by dbx_config_free(). */
#ifndef DBX_CONFIG_H
#define DBX_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include "core/hk_status.h"

#define DBX_HOST_MAX 512
#define DBX_DEFAULT_ACCOUNT_HOST "https://accounts.cloud.databricks.com"
#define DBX_GOV_ACCOUNT_HOST "https://accounts.cloud.databricks.us"
#define DBX_DOD_ACCOUNT_HOST "https://accounts-dod.cloud.databricks.mil"

/* Where a value came from (for `heiiki doctor`-style diagnostics). */
enum dbx_src { DBX_SRC_UNSET = 0, DBX_SRC_EXPLICIT, DBX_SRC_ENV, DBX_SRC_FILE, DBX_SRC_DEFAULT };

struct dbx_config {
  char host[DBX_HOST_MAX];
  char account_id[64];
  char client_id[256];
  char *client_secret;        /* heap; secret */
  char *token;                /* heap; personal access token (optional); secret */
  char auth_type[32];         /* "" (token if set, else OAuth M2M), "pat" or "oauth-m2m" */
  char profile[128];
  char config_file[1024];
  enum dbx_src host_src, account_id_src, client_id_src, client_secret_src, token_src;
  bool file_used;             /* a profile was read from the file */
};

/* Returns the value of an environment variable or NULL; ud is passed through. */
typedef const char *(*dbx_env_fn)(const char *name, void *ud);

void dbx_config_init(struct dbx_config *cfg);
void dbx_config_free(struct dbx_config *cfg);
/* Deep copy (secrets duplicated). */
hk_status dbx_config_copy(struct dbx_config *dst, const struct dbx_config *src);
/* Set a secret field (strdup; the old value is wiped). */
hk_status dbx_config_set_secret(char **field, const char *value);

/* Fill unset fields from env (env NULL = getenv) and then the config file.
 * Applies the default account host last.  Does not validate. */
hk_status dbx_config_resolve(struct dbx_config *cfg, dbx_env_fn env, void *env_ud,
                             struct hk_error *err);
/* Check host (http(s) URL without a path; http only for loopback), account
 * id (UUID) and that OAuth M2M or a token is configured (auth_type, from
 * DATABRICKS_AUTH_TYPE, forces one).  Normalises the host (drops a trailing
 * "/"). */
hk_status dbx_config_validate(struct dbx_config *cfg, struct hk_error *err);

/* Checks usable on their own (wizard fields). */
hk_status dbx_check_host(const char *host, struct hk_error *err);
bool dbx_is_uuid(const char *s);
/* True for https://accounts.* and https://accounts-dod.* hosts. */
bool dbx_is_account_host(const char *host);
/* Workspace URL for a deployment name under this account host:
 * accounts.cloud.databricks.com -> https://<name>.cloud.databricks.com, and
 * likewise for .us and .mil.  HK_INVALID for other hosts. */
hk_status dbx_workspace_url_for(const char *account_host, const char *deployment_name,
                                char *out, size_t n);

const char *dbx_src_name(enum dbx_src s);
/* True when the client should use the personal access token. */
bool dbx_config_uses_pat(const struct dbx_config *cfg);

#endif
