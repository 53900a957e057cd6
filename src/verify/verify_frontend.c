/* verify_frontend.c - reach the workspace through the front-end endpoint. */
#include "verify/verify_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "dbx/dbx_ws_info.h"
#include "net/net_loop.h"

/* What the real service answers on its public path while public access is
 * off: a redirect to login.html?error=private-link-validation-error, or a
 * page that says the request did not come over the endpoint. */
enum hk_fe_probe hk_verify_frontend_probe(long http_status, const char *location, const char *body)
{
  if(location && (strstr(location, "private-link-validation-error") ||
                  strstr(location, "error=private-link")))
    return HK_FE_PROBE_PUBLIC;
  if(body && (strstr(body, "private-link-validation-error") ||
              strstr(body, "Unauthorized access to Org") ||
              strstr(body, "came over the internet")))
    return HK_FE_PROBE_PUBLIC;
  if(http_status >= 200 && http_status < 500)
    return HK_FE_PROBE_OK;
  return HK_FE_PROBE_SERVER;   /* a 5xx says nothing about the path taken */
}

int hk_verify_frontend_probe_ok(long http_status, const char *location, const char *body)
{
  return hk_verify_frontend_probe(http_status, location, body) == HK_FE_PROBE_OK;
}

static void on_user(hk_status st, const struct dbx_ws_user *u, const struct hk_error *err, void *ud)
{
  struct hk_verify *v = ud;
  char s[768];
  if(st != HK_OK) {
    char line[1024];
    hk_error_format(err, line, sizeof(line));
    snprintf(s, sizeof(s), _("The workspace answered, but the current-user API failed: %s"), line);
    hk_verify_end(v, HK_VERIFY_FRONTEND, HK_VO_FAIL, s,
                  err && err->hint[0] ? err->hint :
                  _("Check that the service principal was added to the workspace (account console → workspace → permissions)."));
    return;
  }
  snprintf(s, sizeof(s), _("%s answers through the front-end endpoint; signed in as %s."),
           v->host, u->user_name[0] ? u->user_name : u->id);
  hk_verify_end(v, HK_VERIFY_FRONTEND, HK_VO_PASS, s, NULL);
}

static void on_probe(struct hk_request *req, void *ud)
{
  struct hk_verify *v = ud;
  char s[768];
  struct hk_error e;
  enum hk_fe_probe probe;

  if(hk_request_transport_failed(req)) {
    char line[1024];
    hk_error_clear(&e);
    hk_request_transport_error(req, &e);
    hk_error_format(&e, line, sizeof(line));
    snprintf(s, sizeof(s), _("https://%s/ could not be reached: %s"), v->host, line);
    hk_verify_end(v, HK_VERIFY_FRONTEND, HK_VO_FAIL, s,
                  v->opts->frontend_addr ? e.hint :
                  _("This host has no route to the front-end endpoint: add the hosts-file line, or pass --frontend-addr IP."));
    hk_request_free(req);
    return;
  }
  probe = hk_verify_frontend_probe(req->http_status, hk_request_resp_header(req, "Location"),
                                   req->resp_body.data);
  if(probe == HK_FE_PROBE_SERVER) {
    snprintf(s, sizeof(s),
             _("https://%s/ answered HTTP %ld, a server error: the workspace was reached, but "
               "whether through the front-end endpoint could not be told."), v->host,
             req->http_status);
    hk_verify_end(v, HK_VERIFY_FRONTEND, HK_VO_FAIL, s,
                  _("Run the check again in a minute (heiiki verify NAME); if the error stays, "
                    "look at the workspace's status in the account console."));
    hk_request_free(req);
    return;
  }
  if(probe == HK_FE_PROBE_PUBLIC) {
    snprintf(s, sizeof(s),
             _("%s answered with the private-link validation error: the request came over the "
               "public internet, not the front-end endpoint."), v->host);
    hk_verify_end(v, HK_VERIFY_FRONTEND, HK_VO_FAIL, s,
                  _("Make the workspace host resolve to the endpoint's private IP on this host "
                    "(hosts-file line or private DNS), and keep it out of any proxy (NO_PROXY)."));
    hk_request_free(req);
    return;
  }
  hk_request_free(req);
  hk_verify_progress(v, HK_VERIFY_FRONTEND, _("reached; checking the API with OAuth"));
  if(dbx_ws_current_user(v->ws, on_user, v) != HK_OK)
    hk_verify_end(v, HK_VERIFY_FRONTEND, HK_VO_FAIL, _("The current-user call could not be sent."), NULL);
}

void hk_verify_frontend_start(struct hk_verify *v)
{
  char *url = hk_aprintf("https://%s/", v->host);
  struct hk_request *req = url ? hk_request_new("GET", url) : NULL;

  hk_verify_begin(v, HK_VERIFY_FRONTEND);
  free(url);
  if(!req) {
    hk_verify_end(v, HK_VERIFY_FRONTEND, HK_VO_FAIL, _("Out of memory."), NULL);
    return;
  }
  req->label = "verify:frontend-probe";
  req->done = on_probe;
  req->ud = v;
  req->timeout_ms = 15000;
  if(hk_loop_submit(v->loop, req) != HK_OK) {
    hk_request_free(req);
    hk_verify_end(v, HK_VERIFY_FRONTEND, HK_VO_FAIL, _("The probe could not be sent."), NULL);
  }
}
