/* dbx_cred_checks.c - read Databricks' "failed credential validation checks"
 * answer: which wording, which checks, which IAM action each check tests.
 *
 * Both wordings are real (sources in assets/rules/credential-checks.tsv):
 *   "Failed credentials validation checks: Spot Cancellation, Delete Tags, ..."
 *   "Failed credential validation checks: please use a valid cross account IAM role ..."
 * The body may be text/plain; dbx_error.c then keeps it verbatim in
 * api_message ("MALFORMED_REQUEST: Failed credentials ..."), so the search
 * below works on either form.  Check names are console words; the table maps
 * them to IAM actions, and a name it does not know means "keep waiting". */
#include "dbx/dbx_credentials.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "setup/setup_assets.h"

#define CHECKS_TABLE "rules/credential-checks.tsv"
#define CHECKS_MAX 96

struct check_row {
  char name[96];
  char action[96];               /* "" = none to verify ("-" in the table) */
};

static struct check_row rows[CHECKS_MAX];
static size_t n_rows;
static int table_state;          /* 0 not loaded, 1 loaded, -1 failed */

static const char *const wordings[] = {
  "Failed credentials validation checks",   /* TF #951: the propagation race */
  "Failed credential validation checks",    /* TF #1363 */
};

/* The end of the wording in msg (case-insensitive), or NULL. */
static const char *after_wording(const char *msg)
{
  size_t i, k, len;

  if(!msg)
    return NULL;
  for(i = 0; msg[i]; i++)
    for(k = 0; k < sizeof(wordings) / sizeof(wordings[0]); k++) {
      len = strlen(wordings[k]);
      if(strncasecmp(msg + i, wordings[k], len) == 0)
        return msg + i + len;
    }
  return NULL;
}

bool dbx_cred_validation_failed(const char *api_message)
{
  return after_wording(api_message) != NULL;
}

/* A check name: words of letters and digits, the first word capitalised
 * ("Describe instances" yes; "please use a valid ..." no). */
static bool is_check_name(const char *s, size_t n)
{
  size_t i;

  if(n == 0 || n > 80 || !isupper((unsigned char)s[0]))
    return false;
  for(i = 0; i < n; i++)
    if(s[i] != ' ' && !isalnum((unsigned char)s[i]))
      return false;
  return true;
}

size_t dbx_cred_failed_checks(const char *msg, char out[][96], size_t max)
{
  const char *p = after_wording(msg);
  size_t n = 0;

  if(!p || *p != ':')
    return 0;
  p++;
  while(*p && n < max) {
    size_t len;
    while(*p == ' ' || *p == ',')
      p++;
    len = strcspn(p, ",.;\"\n");
    while(len && (p[len - 1] == ' ' || p[len - 1] == '\r'))
      len--;
    if(is_check_name(p, len) && len < 96) {
      memcpy(out[n], p, len);
      out[n][len] = '\0';
      n++;
    }
    p += strcspn(p, ",.;\"\n");
    if(*p != ',')
      break;
  }
  return n;
}

static hk_status check_row(void *ctx, char **c, int n, int lineno, struct hk_error *err)
{
  struct check_row *r;

  (void)ctx;
  if(n < 2)
    return hk_error_set(err, HK_PARSE, _("%s line %d: 3 columns expected."), CHECKS_TABLE, lineno);
  if(n_rows >= CHECKS_MAX)
    return hk_error_set(err, HK_PARSE, _("%s line %d: more than %d rows."), CHECKS_TABLE, lineno,
                        CHECKS_MAX);
  r = &rows[n_rows++];
  hk_strlcpy(r->name, c[0], sizeof(r->name));
  hk_strlcpy(r->action, strcmp(c[1], "-") == 0 ? "" : c[1], sizeof(r->action));
  return HK_OK;
}

hk_status dbx_cred_checks_load(struct hk_error *err)
{
  hk_status st;

  if(table_state == 1)
    return HK_OK;
  n_rows = 0;
  st = hk_assets_load_tsv(CHECKS_TABLE, "check", NULL, 0, check_row, NULL, err);
  table_state = st == HK_OK ? 1 : -1;
  if(st != HK_OK)
    n_rows = 0;
  return st;
}

void dbx_cred_checks_reset(void)
{
  table_state = 0;
  n_rows = 0;
}

enum dbx_check_kind dbx_cred_check_action(const char *check, char *out, size_t n)
{
  struct hk_error e;
  size_t i;

  if(n)
    out[0] = '\0';
  hk_error_clear(&e);
  if(!check || dbx_cred_checks_load(&e) != HK_OK)
    return DBX_CHECK_UNKNOWN;
  for(i = 0; i < n_rows; i++) {
    if(strcasecmp(rows[i].name, check) != 0)
      continue;
    if(!rows[i].action[0])
      return DBX_CHECK_NO_ACTION;
    hk_strlcpy(out, rows[i].action, n);
    return DBX_CHECK_ACTION;
  }
  return DBX_CHECK_UNKNOWN;
}
