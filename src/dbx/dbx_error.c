/* dbx_error.c - map Databricks responses to typed errors with sentences. */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* strptime */
#endif
#include "dbx/dbx_error.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <cJSON.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"

bool dbx_contains_ci(const char *hay, size_t len, const char *needle)
{
  size_t nl = strlen(needle);
  size_t i;
  if(!hay || nl == 0 || len < nl)
    return false;
  for(i = 0; i + nl <= len; i++)
    if(!strncasecmp(hay + i, needle, nl))
      return true;
  return false;
}

bool dbx_body_is_html(const char *body, size_t len)
{
  size_t i = 0;
  if(!body)
    return false;
  while(i < len && isspace((unsigned char)body[i]))
    i++;
  return i < len && body[i] == '<';
}

bool dbx_is_private_link_page(const struct dbx_http_result *r)
{
  static const char needle[] = "private-link-validation-error";
  if(r->location && strstr(r->location, needle))
    return true;
  return r->body && dbx_contains_ci(r->body, r->len, needle);
}

bool dbx_is_entitlement_message(const char *msg)
{
  static const char *const words[] = {
    "private access", "privatelink", "private link", "entitlement", "tier",
    "enterprise", "not enabled for", "feature is not enabled", NULL
  };
  size_t i, len;
  if(!msg)
    return false;
  len = strlen(msg);
  for(i = 0; words[i]; i++)
    if(dbx_contains_ci(msg, len, words[i]))
      return true;
  return false;
}

long dbx_retry_after_ms(const char *value, long long now_epoch_s)
{
  char *end = NULL;
  long long secs;
  struct tm tm;
  const char *p;

  if(!value)
    return -1;
  while(isspace((unsigned char)*value))
    value++;
  if(!*value)
    return -1;
  if(isdigit((unsigned char)*value)) {
    secs = strtoll(value, &end, 10);
    while(end && isspace((unsigned char)*end))
      end++;
    if(!end || *end || secs < 0)
      return -1;
    if(secs > 86400)
      secs = 86400;
    return (long)(secs * 1000);
  }
  memset(&tm, 0, sizeof(tm));
  p = strptime(value, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if(!p || *p)
    return -1;
  secs = (long long)timegm(&tm) - now_epoch_s;
  if(secs < 0)
    secs = 0;
  if(secs > 86400)
    secs = 86400;
  return (long)(secs * 1000);
}

static const char *json_str(const cJSON *o, const char *key)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
  return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

/* Request id from `details[] {request_id}` (google.rpc.RequestInfo). */
static const char *details_request_id(const cJSON *o)
{
  const cJSON *d = cJSON_GetObjectItemCaseSensitive(o, "details");
  const cJSON *it;
  cJSON_ArrayForEach(it, d) {
    const char *id = json_str(it, "request_id");
    if(id)
      return id;
  }
  return NULL;
}

static hk_status status_for(long http, const char *code)
{
  if(code) {
    if(!strcmp(code, "RESOURCE_DOES_NOT_EXIST") || !strcmp(code, "NOT_FOUND") ||
       !strcmp(code, "FEATURE_DISABLED_OR_NOT_FOUND"))
      return http == 403 ? HK_AUTH : HK_NOT_FOUND;
    if(!strcmp(code, "RESOURCE_ALREADY_EXISTS") || !strcmp(code, "ALREADY_EXISTS") ||
       !strcmp(code, "RESOURCE_CONFLICT") || !strcmp(code, "ABORTED"))
      return HK_CONFLICT;
    if(!strcmp(code, "REQUEST_LIMIT_EXCEEDED") || !strcmp(code, "RESOURCE_EXHAUSTED"))
      return HK_THROTTLED;
    if(!strcmp(code, "UNAUTHENTICATED") || !strcmp(code, "PERMISSION_DENIED") ||
       !strcmp(code, "invalid_client") || !strcmp(code, "unauthorized_client") ||
       !strcmp(code, "access_denied"))
      return HK_AUTH;
  }
  if(http == 401 || http == 403)
    return HK_AUTH;
  if(http == 404)
    return HK_NOT_FOUND;
  if(http == 409)
    return HK_CONFLICT;
  if(http == 429)
    return HK_THROTTLED;
  if(http >= 500)
    return HK_SERVER;
  return HK_API;
}

static void set_sentence(struct hk_error *err, hk_status st, long http, const char *what,
                         const char *msg)
{
  switch(st) {
  case HK_AUTH:
    if(http == 403 && dbx_is_entitlement_message(msg)) {
      hk_error_set(err, st,
                   _("Databricks refused %s (HTTP 403) because the account lacks a feature: %s"),
                   what, msg);
      hk_error_hint(err, "%s",
                    _("PrivateLink and customer-managed VPCs need the Enterprise tier with "
                      "PrivateLink enabled on the account; ask your Databricks account team to "
                      "enable it, then run again."));
    }
    else {
      hk_error_set(err, st,
                   _("Databricks refused %s (HTTP %ld): the service principal is not allowed "
                     "to do this."), what, http);
      hk_error_hint(err, "%s",
                    _("Give the service principal the account admin role in the account console "
                      "(User management > Service principals > Roles), and check that the "
                      "client ID, secret and account ID belong to the same account."));
    }
    break;
  case HK_NOT_FOUND:
    hk_error_set(err, st, _("Databricks found nothing at %s (HTTP %ld): %s"), what, http,
                 msg && *msg ? msg : _("the object does not exist or was deleted."));
    break;
  case HK_CONFLICT:
    hk_error_set(err, st, _("Databricks reports a conflict for %s (HTTP %ld): %s"), what, http,
                 msg && *msg ? msg
                             : _("the object already exists or is still used by another object "
                                 "(for example a workspace); detach or delete that first."));
    break;
  case HK_THROTTLED:
    hk_error_set(err, st, _("Databricks is throttling %s (HTTP %ld); wait a minute and retry."),
                 what, http);
    break;
  case HK_SERVER:
    hk_error_set(err, st, _("Databricks had a server error on %s (HTTP %ld): %s"), what, http,
                 msg && *msg ? msg : _("try again in a few minutes."));
    break;
  default:
    hk_error_set(err, st, _("Databricks refused %s (HTTP %ld): %s"), what, http,
                 msg && *msg ? msg : _("no reason was given."));
    break;
  }
}

/* Only blanks in body[0..len) (the body need not be NUL-terminated). */
static bool blank_body(const char *body, size_t len)
{
  size_t i;
  for(i = 0; i < len; i++)
    if(body[i] != ' ' && body[i] != '\t' && body[i] != '\r' && body[i] != '\n')
      return false;
  return true;
}

hk_status dbx_error_from_http(const struct dbx_http_result *r, const char *what,
                              struct hk_error *err)
{
  cJSON *j = NULL;
  const char *code = NULL;
  const char *msg = NULL;
  const char *rid = NULL;
  hk_status st;
  bool empty = !r->body || r->len == 0 || blank_body(r->body, r->len);

  hk_error_clear(err);
  if(err)
    err->http_status = r->http_status;
  if(r->request_id && err)
    hk_strlcpy(err->request_id, r->request_id, sizeof(err->request_id));

  if(dbx_is_private_link_page(r)) {
    st = hk_error_set(err, HK_NET,
                      _("The workspace answered %s with its private-link validation page: the "
                        "request reached the public ingress, not the front-end VPC endpoint."),
                      what);
    hk_error_hint(err, "%s",
                  _("Your DNS or proxy route reaches the public ingress: make the workspace host "
                    "resolve to the front-end endpoint's private IP (hosts file or Route 53 "
                    "private zone) and bypass any proxy for it."));
    goto out;
  }
  if(!empty && dbx_body_is_html(r->body, r->len)) {
    st = hk_error_set(err, r->http_status >= 200 && r->http_status < 300 ? HK_PARSE
                                                                         : status_for(r->http_status, NULL),
                      _("Databricks answered %s with an HTML page (HTTP %ld) instead of JSON, "
                        "usually a login page or a proxy."), what, r->http_status);
    hk_error_hint(err, "%s",
                  _("Check that the host is the account console or workspace URL, and that no "
                    "proxy or captive portal intercepts the connection."));
    goto out;
  }
  if(!empty) {
    j = cJSON_ParseWithLength(r->body, r->len);
    if(!cJSON_IsObject(j)) {
      if(r->http_status >= 200 && r->http_status < 300) {
        st = hk_error_set(err, HK_PARSE,
                          _("Databricks answered %s with a body that is not a JSON object "
                            "(HTTP %ld, %zu bytes)."), what, r->http_status, r->len);
        goto out;
      }
      /* keep the start of a plain-text error verbatim */
      if(err) {
        size_t n = r->len < sizeof(err->api_message) - 1 ? r->len : sizeof(err->api_message) - 1;
        memcpy(err->api_message, r->body, n);
        err->api_message[n] = '\0';
        msg = err->api_message;
      }
    }
    else {
      code = json_str(j, "error_code");
      if(!code)
        code = json_str(j, "error");
      msg = json_str(j, "message");
      if(!msg)
        msg = json_str(j, "error_description");
      if(!msg)
        msg = json_str(j, "detail");
      rid = details_request_id(j);
    }
  }
  if(err) {
    if(code)
      hk_strlcpy(err->code, code, sizeof(err->code));
    if(msg && msg != err->api_message)
      hk_strlcpy(err->api_message, msg, sizeof(err->api_message));
    if(rid && !err->request_id[0])
      hk_strlcpy(err->request_id, rid, sizeof(err->request_id));
  }
  st = status_for(r->http_status, code);
  set_sentence(err, st, r->http_status, what, msg);

out:
  cJSON_Delete(j);
  return st;
}
