/* verify_run.c - run the post-deploy checks in order on the loop. */
#include "verify/verify_int.h"

#include <stdio.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "net/net_loop.h"

static const char *const check_keys[] = {
#define HK_X_VK(e, key, title) key,
  HK_VERIFY_TABLE(HK_X_VK)
#undef HK_X_VK
};

static const char *const check_titles[] = {
#define HK_X_VT(e, key, title) title,
  HK_VERIFY_TABLE(HK_X_VT)
#undef HK_X_VT
};

const char *hk_verify_key(enum hk_verify_check c)
{
  return (unsigned)c < HK_VERIFY__COUNT ? check_keys[c] : "?";
}

const char *hk_verify_title(enum hk_verify_check c)
{
  return (unsigned)c < HK_VERIFY__COUNT ? _(check_titles[c]) : "?";
}

hk_status hk_verify_parse_list(const char *list, unsigned *mask, struct hk_error *err)
{
  const char *p = list ? list : "";
  *mask = 0;
  while(*p) {
    size_t len = strcspn(p, ",");
    int found = 0;
    int c;
    for(c = 0; c < HK_VERIFY__COUNT; c++) {
      if(strlen(check_keys[c]) == len && strncmp(p, check_keys[c], len) == 0) {
        *mask |= 1u << c;
        found = 1;
      }
    }
    if(!found && len)
      return hk_error_set(err, HK_INVALID,
                          _("Unknown check \"%.*s\": use frontend, catalog, backend or uc."),
                          (int)len, p);
    p += len + (p[len] == ',');
  }
  return HK_OK;
}

static char *fe_id(enum hk_verify_check c, char *buf, size_t n)
{
  snprintf(buf, n, "verify.%s", check_keys[c]);
  return buf;
}

void hk_verify_begin(struct hk_verify *v, enum hk_verify_check c)
{
  char id[48];
  v->started_ms[c] = hk_now_ms();
  v->running++;
  hk_fe_started(v->fe, fe_id(c, id, sizeof(id)), hk_verify_title(c), _("verify"));
}

void hk_verify_progress(struct hk_verify *v, enum hk_verify_check c, const char *msg)
{
  char id[48];
  hk_fe_progress(v->fe, fe_id(c, id, sizeof(id)), msg, hk_now_ms() - v->started_ms[c]);
}

static void end_quiet(struct hk_verify *v, enum hk_verify_check c, enum hk_verify_outcome o,
                      const char *sentence)
{
  v->ended[c] = true;
  v->out->outcome[c] = o;
  hk_strlcpy(v->out->sentence[c], sentence, sizeof(v->out->sentence[c]));
}

static int skipped(const struct hk_verify *v, enum hk_verify_check c)
{
  return (v->opts->skip & (1u << c)) != 0;
}

static void start(struct hk_verify *v, enum hk_verify_check c);

void hk_verify_end(struct hk_verify *v, enum hk_verify_check c, enum hk_verify_outcome o,
                   const char *sentence, const char *fix)
{
  char id[48];
  struct hk_error e;
  hk_status st = HK_OK;
  int cc;

  if(v->ended[c])
    return;        /* a late callback after a stop already ended it */
  v->ended[c] = true;
  v->out->outcome[c] = o;
  v->out->elapsed_ms[c] = hk_now_ms() - v->started_ms[c];
  hk_strlcpy(v->out->sentence[c], sentence ? sentence : "", sizeof(v->out->sentence[c]));
  hk_strlcpy(v->out->fix[c], fix ? fix : "", sizeof(v->out->fix[c]));
  v->running--;
  hk_error_clear(&e);
  if(o == HK_VO_FAIL || o == HK_VO_NOT_RUN) {
    st = o == HK_VO_FAIL ? HK_API : HK_CANCELLED;
    hk_error_set(&e, st, "%s", v->out->sentence[c]);
    if(fix && *fix)
      hk_error_hint(&e, "%s", fix);
  }
  hk_fe_done(v->fe, fe_id(c, id, sizeof(id)), st, st != HK_OK ? &e : NULL, v->out->sentence[c],
             v->out->elapsed_ms[c]);

  if(c == HK_VERIFY_FRONTEND) {
    if(o == HK_VO_FAIL) {
      for(cc = HK_VERIFY_FRONTEND + 1; cc < HK_VERIFY__COUNT; cc++)
        end_quiet(v, (enum hk_verify_check)cc, HK_VO_NOT_RUN,
                  _("Not run: the workspace is not reachable through the front end."));
      return;
    }
    start(v, HK_VERIFY_CATALOG);
    start(v, HK_VERIFY_BACKEND);
  }
  else if(c == HK_VERIFY_CATALOG) {
    start(v, HK_VERIFY_UC);
  }
}

static void start(struct hk_verify *v, enum hk_verify_check c)
{
  if(v->stopping) {
    end_quiet(v, c, HK_VO_NOT_RUN, _("Not run: stopped before this check started."));
    return;
  }
  if(skipped(v, c)) {
    v->started_ms[c] = hk_now_ms();
    v->running++;
    hk_verify_end(v, c, HK_VO_SKIPPED, _("Skipped."), NULL);
    return;
  }
  switch(c) {
  case HK_VERIFY_FRONTEND:
    hk_verify_frontend_start(v);
    break;
  case HK_VERIFY_CATALOG:
    hk_verify_catalog_start(v);
    break;
  case HK_VERIFY_BACKEND:
    hk_verify_backend_start(v);
    break;
  case HK_VERIFY_UC:
    hk_verify_uc_start(v);
    break;
  default:
    break;
  }
}

static hk_status host_of(const char *url, char *host, size_t n, struct hk_error *err)
{
  const char *p;
  size_t len;
  if(!url || strncmp(url, "https://", 8) != 0)
    return hk_error_set(err, HK_INVALID, _("The workspace URL must start with https:// (got \"%s\")."),
                        url ? url : "");
  p = url + 8;
  len = strcspn(p, "/:?#");
  if(!len || len >= n)
    return hk_error_set(err, HK_INVALID, _("The workspace URL \"%s\" has no host name."), url);
  memcpy(host, p, len);
  host[len] = '\0';
  return HK_OK;
}

hk_status hk_verify_run(struct hk_loop *loop, struct dbx_client *account,
                        const struct hk_verify_opts *opts, const struct hk_frontend *fe,
                        struct hk_verify_result *out, struct hk_error *err)
{
  struct hk_verify v;
  hk_status result = HK_OK;
  int c;

  memset(out, 0, sizeof(*out));
  memset(&v, 0, sizeof(v));
  v.loop = loop;
  v.account = account;
  v.opts = opts;
  v.fe = fe;
  v.out = out;
  result = host_of(opts->workspace_url, v.host, sizeof(v.host), err);
  if(result != HK_OK)
    goto out;
  if(opts->frontend_addr && *opts->frontend_addr) {
    result = hk_loop_pin(loop, v.host, 443, opts->frontend_addr,
                         opts->frontend_port > 0 ? opts->frontend_port : 443);
    if(result != HK_OK)
      goto out;
  }
  v.ws = opts->ws ? opts->ws : dbx_client_new_workspace(account, opts->workspace_url, err);
  if(!v.ws) {
    result = err && err->status != HK_OK ? err->status : HK_CONFIG;
    goto out;
  }
  start(&v, HK_VERIFY_FRONTEND);
  while(v.running > 0 || hk_loop_pending(loop) > 0) {
    if(opts->stop && *opts->stop && !v.stopping) {
      /* finish what is in flight, start nothing, never leave a cluster running */
      v.stopping = true;
      hk_verify_backend_stop(&v);
    }
    result = hk_loop_poll(loop, 250, -1, NULL);
    if(result != HK_OK)
      goto out;
  }
  if(v.stopping) {
    result = hk_error_set(err, HK_CANCELLED, "%s",
                          _("Stopped; the checks that did not finish are marked not run."));
    hk_error_hint(err, _("`heiiki verify %s` runs them again."),
                  opts->setup_name ? opts->setup_name : "NAME");
    goto out;
  }
  for(c = 0; c < HK_VERIFY__COUNT; c++)
    if(out->outcome[c] == HK_VO_FAIL || out->outcome[c] == HK_VO_NOT_RUN)
      result = HK_API;
  if(result != HK_OK)
    hk_error_set(err, HK_API, "%s", _("Some post-deploy checks failed; each says why above."));
out:
  if(v.ws != opts->ws)
    dbx_client_free(v.ws);
  return result;
}
