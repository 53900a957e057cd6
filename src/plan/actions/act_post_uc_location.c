/* act_post_uc_location.c - the external location on the Unity Catalog bucket
 * (metastore.mode = create): POST /api/2.1/unity-catalog/external-locations
 * {name, url: s3://<bucket>/, credential_name} ([SDK] service/catalog).
 *
 * Databricks validates the storage credential here: it assumes the UC role
 * (the UC master role with the external ID, and the role itself) and reads
 * and writes the URL.  Right after heiiki made the role, IAM may not have
 * propagated yet ([SRA] unity_catalog_catalog_creation/main.tf sleeps 60 s
 * "to prevent race condition between IAM role and external location
 * validation"), so a refused create is sent again with backoff until the cap
 * (HEIIKI_UC_WAIT_S, default 180 s).  Catalogs heiiki creates later get
 * their managed location under this URL (verify_catalog.c). */
#include "plan/actions/actions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/hk_i18n.h"
#include "dbx/dbx_client.h"
#include "dbx/dbx_uc.h"
#include "net/net_loop.h"
#include "plan/actions/act_dbx_obj.h"

#define UC_WAIT_DEFAULT_S 180L
#define UC_DELAY_MAX_MS 15000L

struct loc_wait {
  struct hk_run *run;
  long start_ms;
  int attempt;
};

static long wait_cap_ms(void)
{
  const char *v = getenv("HEIIKI_UC_WAIT_S");
  char *end = NULL;
  long s;

  if(!v || !*v)
    return UC_WAIT_DEFAULT_S * 1000L;
  s = strtol(v, &end, 10);
  if(!end || *end || s < 0 || s > 3600)
    return UC_WAIT_DEFAULT_S * 1000L;
  return s * 1000L;
}

static void loc_name(const struct hk_run *run, char *out, size_t n)
{
  hk_act_uc_name(hk_run_setup(run), DBX_UC_LOCATION_SUFFIX, out, n);
}

static void record(struct hk_run *run, const cJSON *loc)
{
  hk_run_set(run, "name", hk_json_str(loc, "name"));
  hk_run_set(run, "url", hk_json_str(loc, "url"));
  hk_run_set(run, "credential_name", hk_json_str(loc, "credential_name"));
}

static void on_get(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct hk_run *run = ud;
  const char *cred = hk_run_dep(run, "post.uc.credential", "name");
  char url[HK_BUCKET_MAX + 16];

  if(st == HK_NOT_FOUND) {
    hk_run_finish(run, HK_OK, NULL);
    return;
  }
  if(st != HK_OK) {
    hk_run_finish(run, st, err);
    return;
  }
  hk_act_uc_url(hk_run_setup(run), url, sizeof(url));
  if(strcmp(hk_json_str(json, "url"), url) != 0 ||
     strcmp(hk_json_str(json, "credential_name"), cred) != 0) {
    hk_run_fail(run, HK_CONFLICT,
                _("The external location %s already exists for %s with credential %s, not %s with "
                  "%s: delete it in Catalog Explorer, or give the setup another name."),
                hk_json_str(json, "name"), hk_json_str(json, "url"),
                hk_json_str(json, "credential_name"), url, cred);
    return;
  }
  record(run, json);
  hk_run_found(run);
  hk_run_finish(run, HK_OK, NULL);
}

static void lookup(struct hk_run *run)
{
  struct dbx_client *ws = hk_run_ws(run);
  char name[HK_NAME_MAX], path[HK_NAME_MAX + 64];

  if(!ws)
    return;
  loc_name(run, name, sizeof(name));
  snprintf(path, sizeof(path), DBX_UC_LOCATIONS "/%s", name);
  if(dbx_call(ws, "GET", path, NULL, DBX_READ, on_get, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot read the external location."));
}

static void wait_end(struct loc_wait *w, hk_status st, const struct hk_error *err)
{
  struct hk_run *run = w->run;

  free(w);
  hk_run_finish(run, st, err);
}

static void send_create(struct loc_wait *w);

static void on_timer(void *ud)
{
  send_create(ud);
}

static void on_created(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  struct loc_wait *w = ud;
  struct hk_error e;
  long elapsed = hk_now_ms() - w->start_ms;
  long delay = 1000L;
  int i;

  if(st == HK_OK) {
    record(w->run, json);
    wait_end(w, HK_OK, NULL);
    return;
  }
  /* a refused validation (403 or 400) right after the role was made: wait */
  if((st == HK_AUTH || st == HK_API) && !hk_run_stopping(w->run)) {
    for(i = 0; i < w->attempt && delay < UC_DELAY_MAX_MS; i++)
      delay *= 2;
    if(delay > UC_DELAY_MAX_MS)
      delay = UC_DELAY_MAX_MS;
    if(elapsed + delay <= wait_cap_ms()) {
      w->attempt++;
      hk_run_progress(w->run, _("waiting for IAM to propagate to Unity Catalog, %ld s"),
                      elapsed / 1000);
      if(hk_loop_timer(w->run->eng->loop, delay, on_timer, w) == HK_OK)
        return;
    }
  }
  if(st != HK_AUTH && st != HK_API) {
    wait_end(w, st, err);
    return;
  }
  e = *err;
  hk_error_set(&e, st,
               _("Unity Catalog still cannot use the storage credential for s3://%s/ after %ld s: "
                 "%s"),
               hk_run_setup(w->run)->metastore.bucket, elapsed / 1000,
               err->api_message[0] ? err->api_message : err->message);
  hk_error_hint(&e, "%s",
                _("Check the Unity Catalog role: its trust must allow the Unity Catalog master role "
                  "and the role itself with the storage credential's external ID, and its policy "
                  "the bucket (heiiki plan shows both). IAM changes can take minutes: run "
                  "`heiiki resume` later."));
  wait_end(w, st, &e);
}

static void send_create(struct loc_wait *w)
{
  struct hk_run *run = w->run;
  struct dbx_client *ws = hk_run_ws(run);
  char name[HK_NAME_MAX], url[HK_BUCKET_MAX + 16];
  cJSON *b;
  hk_status st;

  if(!ws) {
    free(w);
    return;
  }
  loc_name(run, name, sizeof(name));
  hk_act_uc_url(hk_run_setup(run), url, sizeof(url));
  b = cJSON_CreateObject();
  cJSON_AddStringToObject(b, "name", name);
  cJSON_AddStringToObject(b, "url", url);
  cJSON_AddStringToObject(b, "credential_name", hk_run_dep(run, "post.uc.credential", "name"));
  cJSON_AddStringToObject(b, "comment", "Unity Catalog bucket of heiiki setup (managed storage)");
  st = dbx_call(ws, "POST", DBX_UC_LOCATIONS, b, DBX_CREATE, on_created, w);
  cJSON_Delete(b);
  if(st != HK_OK) {
    free(w);
    hk_run_fail(run, st, "%s", _("Cannot create the external location."));
  }
}

static void create(struct hk_run *run)
{
  struct loc_wait *w;

  if(!hk_run_dep(run, "post.uc.credential", "name")[0]) {
    hk_run_fail(run, HK_STATE, "%s", _("The storage credential has no name in the state file; "
                                       "run `heiiki resume` to redo that step."));
    return;
  }
  w = calloc(1, sizeof(*w));
  if(!w) {
    hk_run_fail(run, HK_NOMEM, "%s", _("Out of memory."));
    return;
  }
  w->run = run;
  w->start_ms = hk_now_ms();
  send_create(w);
}

static void on_deleted(hk_status st, const cJSON *json, const struct hk_error *err, void *ud)
{
  (void)json;
  hk_run_finish(ud, st == HK_NOT_FOUND ? HK_OK : st, st == HK_OK || st == HK_NOT_FOUND ? NULL : err);
}

static void remove_(struct hk_run *run)
{
  struct dbx_client *ws = hk_run_ws(run);
  char path[HK_NAME_MAX + 80];

  if(!ws)
    return;
  snprintf(path, sizeof(path), DBX_UC_LOCATIONS "/%s?force=true", hk_run_get(run, "name"));
  if(dbx_call(ws, "DELETE", path, NULL, DBX_WRITE, on_deleted, run) != HK_OK)
    hk_run_fail(run, HK_NET, "%s", _("Cannot delete the external location."));
}

static enum hk_decision decide(struct hk_action *a, const struct hk_setup *s)
{
  char name[HK_NAME_MAX];

  if(!hk_act_uc_on(s)) {
    hk_act_note(a, "%s", _("the metastore is not created by heiiki"));
    return HK_DEC_SKIP;
  }
  hk_act_uc_name(s, DBX_UC_LOCATION_SUFFIX, name, sizeof(name));
  hk_act_note(a, _("external location %s on s3://%s/ (catalogs get their managed location "
                   "there; waits for IAM to propagate)"), name, s->metastore.bucket);
  return HK_DEC_CREATE;
}

static const char *const keys[] = { "name", "url", NULL };

const struct hk_action_ops hk_act_post_uc_location = {
  "post.uc.location", decide, lookup, create, remove_, NULL, keys,
};
