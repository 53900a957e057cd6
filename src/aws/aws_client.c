/* aws_client.c - signed query and S3 REST calls with retries and pagination. */
#include "aws/aws_client.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <openssl/evp.h>

#include "aws/aws_sigv4.h"
#include "aws/aws_signer.h"
#include "aws/aws_xml.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"

#define FORM_TYPE "application/x-www-form-urlencoded; charset=utf-8"
#define MAX_PAGES 1000

/* X(service, API version) for the query APIs */
static const char *const api_version[AWS_SVC__COUNT] = {
    [AWS_SVC_EC2] = "2016-11-15",
    [AWS_SVC_IAM] = "2010-05-08",
    [AWS_SVC_STS] = "2011-06-15",
    [AWS_SVC_S3] = NULL,
};

struct aws_client {
  struct hk_loop *loop;
  struct aws_creds_provider *creds;
  char region[32];
  char partition[16];
  struct aws_endpoint ep[AWS_SVC__COUNT];
  int max_attempts;
  long backoff_base_ms;
  long backoff_cap_ms;
  char seen_key[160];        /* access key + expiry whose secrets were registered */
};

struct aws_call {
  struct aws_client *c;
  enum aws_service svc;
  bool is_rest;
  unsigned flags;
  char label[96];
  char action[64];
  struct aws_params params;
  /* REST */
  char method[8];
  char *bucket;
  char *key;
  char *query;
  char *body;
  size_t body_len;
  char *content_type;
  /* signing */
  char region[32];           /* region the call is signed for */
  char sign_name[16];
  /* progress */
  struct hk_request *req;
  xmlDoc **pages;
  size_t n_pages;
  int region_redirects;
  bool token_retried;
  struct hk_error err;
  aws_response_cb cb;
  void *ud;
};

/* ---- client ---- */

struct aws_client *aws_client_new(struct hk_loop *loop, const struct aws_client_opts *opts,
                                  struct hk_error *err)
{
  struct aws_client *c = calloc(1, sizeof(*c));
  struct aws_creds_opts co;
  const char *region;
  const char *env_attempts = getenv("AWS_MAX_ATTEMPTS");
  int i;

  if(!c) {
    hk_error_set(err, HK_NOMEM, "%s", hk_status_text(HK_NOMEM));
    return NULL;
  }
  memset(&co, 0, sizeof(co));
  co.profile = opts ? opts->profile : NULL;
  co.imds_timeout_ms = opts ? opts->imds_timeout_ms : 0;
  c->loop = loop;
  c->creds = aws_creds_provider_new(loop, &co, err);
  if(!c->creds)
    goto fail;
  region = opts && opts->region && opts->region[0] ? opts->region : aws_creds_region(c->creds);
  if(!region || !region[0]) {
    hk_error_set(err, HK_CONFIG,
                 _("No AWS region is set. Set AWS_REGION (for example ap-northeast-1) or "
                   "region in the AWS profile."));
    goto fail;
  }
  if(!aws_region_valid(region)) {
    hk_error_set(err, HK_CONFIG, _("\"%.40s\" is not an AWS region name."), region);
    goto fail;
  }
  hk_strlcpy(c->region, region, sizeof(c->region));
  hk_strlcpy(c->partition, aws_partition_of(region), sizeof(c->partition));
  for(i = 0; i < AWS_SVC__COUNT; i++) {
    if(aws_endpoint_resolve((enum aws_service)i, c->region, aws_creds_config(c->creds),
                            &c->ep[i], err) != HK_OK)
      goto fail;
  }
  c->max_attempts = opts && opts->max_attempts > 0 ? opts->max_attempts : 0;
  if(!c->max_attempts && env_attempts && env_attempts[0]) {
    char *end = NULL;
    long v = strtol(env_attempts, &end, 10);
    if(end && !*end && v > 0 && v <= 20)
      c->max_attempts = (int)v;
  }
  if(!c->max_attempts)
    c->max_attempts = 5;
  if(c->max_attempts > 20)
    c->max_attempts = 20;
  c->backoff_base_ms = opts && opts->backoff_base_ms > 0 ? opts->backoff_base_ms : 100;
  c->backoff_cap_ms = opts && opts->backoff_cap_ms > 0 ? opts->backoff_cap_ms : 20000;
  return c;
fail:
  aws_client_free(c);
  return NULL;
}

void aws_client_free(struct aws_client *c)
{
  if(!c)
    return;
  aws_creds_provider_free(c->creds);
  free(c);
}

const char *aws_client_region(const struct aws_client *c)
{
  return c->region;
}

const char *aws_client_partition(const struct aws_client *c)
{
  return c->partition;
}

const struct aws_endpoint *aws_client_endpoint(const struct aws_client *c, enum aws_service svc)
{
  if((unsigned)svc >= AWS_SVC__COUNT)
    return NULL;
  return &c->ep[svc];
}

struct aws_creds_provider *aws_client_creds(struct aws_client *c)
{
  return c->creds;
}

struct hk_loop *aws_client_loop(struct aws_client *c)
{
  return c->loop;
}

/* ---- retry classification ---- */

int aws_retry_decide(const struct hk_request *req, bool idempotent)
{
  char code[96];
  const char *b;
  const char *s;
  const char *e;

  if(hk_request_transport_failed(req)) {
    /* Nothing reached the server when the connection could not be made. */
    if(req->transport_error == CURLE_COULDNT_CONNECT ||
       req->transport_error == CURLE_COULDNT_RESOLVE_HOST)
      return 1;
    if(req->transport_error == CURLE_OPERATION_TIMEDOUT ||
       req->transport_error == CURLE_RECV_ERROR || req->transport_error == CURLE_SEND_ERROR ||
       req->transport_error == CURLE_GOT_NOTHING || req->transport_error == CURLE_PARTIAL_FILE)
      return idempotent ? 1 : 0;
    return 0;
  }
  if(req->http_status == 429)
    return 1;
  /* a throttling code in the body (IAM/STS answer 400 Throttling) */
  code[0] = '\0';
  b = req->resp_body.data;
  s = b ? strstr(b, "<Code>") : NULL;
  if(s) {
    s += 6;
    e = strstr(s, "</Code>");
    if(e && (size_t)(e - s) < sizeof(code)) {
      memcpy(code, s, (size_t)(e - s));
      code[e - s] = '\0';
    }
  }
  if(aws_error_is_throttle(code))
    return 1;
  if(req->http_status >= 500)
    return idempotent ? 1 : 0;
  return 0;
}

/* ---- calls ---- */

static void call_free(struct aws_call *call)
{
  size_t i;
  if(!call)
    return;
  for(i = 0; i < call->n_pages; i++)
    aws_xml_free(call->pages[i]);
  free(call->pages);
  aws_params_free(&call->params);
  free(call->bucket);
  free(call->key);
  free(call->query);
  free(call->body);
  free(call->content_type);
  if(call->req)
    hk_request_free(call->req);
  free(call);
}

static void call_finish(struct aws_call *call, hk_status st)
{
  struct aws_response resp;

  memset(&resp, 0, sizeof(resp));
  resp.status = st;
  if(st != HK_OK) {
    if(call->err.status == HK_OK)
      hk_error_set(&call->err, st, "%s: %s", call->label, hk_status_text(st));
    resp.err = &call->err;
  }
  resp.http_status = call->req ? call->req->http_status : 0;
  resp.pages = call->pages;
  resp.n_pages = call->n_pages;
  resp.req = call->req;
  resp.region = call->region;
  call->cb(&resp, call->ud);
  call_free(call);
}

static void call_start(struct aws_call *call);

static hk_status call_prepare(struct hk_request *req, void *ud)
{
  struct aws_call *call = ud;
  const struct aws_creds *cr = aws_creds_peek(call->c->creds);
  unsigned flags = call->svc == AWS_SVC_S3 ? AWS_SIGV4_S3 : 0;
  return aws_sign_request(req, cr, call->region, call->sign_name, flags, time(NULL),
                          &call->err);
}

static long call_retry(struct hk_request *req, int attempt, void *ud)
{
  struct aws_call *call = ud;
  bool idem = (call->flags & AWS_CALL_IDEMPOTENT) != 0;
  if(!aws_retry_decide(req, idem))
    return -1;
  return hk_backoff_ms(attempt, call->c->backoff_base_ms, call->c->backoff_cap_ms);
}

static bool is_xml(const struct hk_buf *b)
{
  size_t i;
  for(i = 0; i < b->len; i++) {
    if(!isspace((unsigned char)b->data[i]))
      return b->data[i] == '<';
  }
  return false;
}

static bool is_blank(const struct hk_buf *b)
{
  size_t i;
  for(i = 0; i < b->len; i++) {
    if(!isspace((unsigned char)b->data[i]))
      return false;
  }
  return true;
}

/* Next page token, or false when this was the last page. */
static bool next_token(struct aws_call *call, xmlNode *root, char *tok, size_t n)
{
  char result[96];
  xmlNode *r;

  tok[0] = '\0';
  if(call->svc == AWS_SVC_EC2)
    return aws_xml_text(root, "nextToken", tok, n) && tok[0];
  snprintf(result, sizeof(result), "%sResult", call->action);
  r = aws_xml_child(root, result);
  if(!r || aws_xml_bool(r, "IsTruncated", 0) != 1)
    return false;
  return aws_xml_text(r, "Marker", tok, n) && tok[0];
}

static void call_done(struct hk_request *req, void *ud)
{
  struct aws_call *call = ud;
  const char *bucket_region;
  hk_status st;

  if(hk_request_transport_failed(req)) {
    st = hk_request_transport_error(req, &call->err);
    if(st == HK_OK)
      st = HK_NET;
    call_finish(call, st);
    return;
  }
  if(req->http_status >= 200 && req->http_status < 300) {
    xmlDoc *doc = NULL;
    char tok[2048];
    if(!(call->flags & AWS_CALL_RAW) && !is_xml(&req->resp_body) &&
       (!call->is_rest || !is_blank(&req->resp_body))) {
      hk_error_set(&call->err, HK_PARSE,
                   _("%s: AWS answered HTTP %ld with a body that is not XML (%zu bytes). Check "
                     "the endpoint URL and any proxy."),
                   call->label, req->http_status, req->resp_body.len);
      call_finish(call, HK_PARSE);
      return;
    }
    if(!(call->flags & AWS_CALL_RAW) && is_xml(&req->resp_body)) {
      xmlDoc **np;
      doc = aws_xml_parse(req->resp_body.data, req->resp_body.len, &call->err);
      if(!doc) {
        char msg[sizeof(call->err.message)];
        if(snprintf(msg, sizeof(msg), "%s: %s", call->label, call->err.message) > 0)
          hk_strlcpy(call->err.message, msg, sizeof(call->err.message));
        call_finish(call, call->err.status);
        return;
      }
      np = realloc(call->pages, (call->n_pages + 1) * sizeof(*np));
      if(!np) {
        aws_xml_free(doc);
        call_finish(call, HK_NOMEM);
        return;
      }
      call->pages = np;
      call->pages[call->n_pages++] = doc;
    }
    if(doc && (call->flags & AWS_CALL_PAGINATE) && !call->is_rest &&
       next_token(call, aws_xml_root(doc), tok, sizeof(tok))) {
      if(call->n_pages >= MAX_PAGES) {
        hk_error_set(&call->err, HK_TOO_BIG,
                     _("%s returned more than %d pages; narrow the request with filters."),
                     call->label, MAX_PAGES);
        call_finish(call, HK_TOO_BIG);
        return;
      }
      aws_params_set(&call->params, call->svc == AWS_SVC_EC2 ? "NextToken" : "Marker", tok);
      hk_request_free(req);
      call->req = NULL;
      call_start(call);
      return;
    }
    call_finish(call, HK_OK);
    return;
  }

  st = aws_xml_error(req->http_status, req->resp_body.data, req->resp_body.len, call->label,
                     hk_request_resp_header(req, "x-amz-request-id")
                         ? hk_request_resp_header(req, "x-amz-request-id")
                         : hk_request_resp_header(req, "x-amzn-RequestId"),
                     &call->err);
  /* S3: signed for the wrong region; the answer names the right one. */
  bucket_region = hk_request_resp_header(req, "x-amz-bucket-region");
  if(call->svc == AWS_SVC_S3 && bucket_region && aws_region_valid(bucket_region) &&
     strcmp(bucket_region, call->region) && call->region_redirects == 0 &&
     (req->http_status == 301 || req->http_status == 400 || req->http_status == 307)) {
    call->region_redirects++;
    hk_strlcpy(call->region, bucket_region, sizeof(call->region));
    hk_request_free(req);
    call->req = NULL;
    hk_error_clear(&call->err);
    call_start(call);
    return;
  }
  /* Expired temporary credentials: refresh once and resend. */
  if((!strcmp(call->err.code, "ExpiredToken") ||
      !strcmp(call->err.code, "ExpiredTokenException")) &&
     !call->token_retried) {
    const struct aws_creds *cr = aws_creds_peek(call->c->creds);
    if(cr && cr->expiration) {
      call->token_retried = true;
      aws_creds_invalidate(call->c->creds);
      hk_request_free(req);
      call->req = NULL;
      hk_error_clear(&call->err);
      call_start(call);
      return;
    }
  }
  call_finish(call, st);
}

static void register_secrets(struct aws_client *c, const struct aws_creds *cr)
{
  char id[160];
  snprintf(id, sizeof(id), "%s/%ld", cr->access_key, (long)cr->expiration);
  if(!strcmp(id, c->seen_key))
    return;
  hk_strlcpy(c->seen_key, id, sizeof(c->seen_key));
  hk_loop_add_secret(c->loop, cr->secret_key);
  if(cr->session_token)
    hk_loop_add_secret(c->loop, cr->session_token);
}

static hk_status build_query(struct aws_call *call, struct hk_request **out)
{
  const struct aws_endpoint *ep = &call->c->ep[call->svc];
  struct aws_params all;
  struct hk_buf body;
  struct hk_request *req = NULL;
  char url[600];
  hk_status st;

  aws_params_init(&all);
  hk_buf_init(&body);
  aws_params_add(&all, "Action", call->action);
  aws_params_add(&all, "Version", api_version[call->svc]);
  aws_params_copy(&all, &call->params);
  st = aws_params_encode(&all, &body);
  if(st != HK_OK)
    goto out;
  snprintf(url, sizeof(url), "%s/", ep->url);
  req = hk_request_new("POST", url);
  if(!req) {
    st = HK_NOMEM;
    goto out;
  }
  st = hk_request_body_set(req, body.data ? body.data : "", body.len);
  if(st == HK_OK)
    st = hk_request_header_set(req, "Content-Type", FORM_TYPE);
out:
  aws_params_free(&all);
  hk_buf_free(&body);
  if(st != HK_OK) {
    hk_request_free(req);
    req = NULL;
  }
  *out = req;
  return st;
}

/* base64(MD5(body)): S3 requires it on some PUTs (public access block). */
static void content_md5(const char *data, size_t len, char out[32])
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int mdlen = 0;
  out[0] = '\0';
  if(EVP_Digest(data, len, md, &mdlen, EVP_md5(), NULL) && mdlen == 16)
    EVP_EncodeBlock((unsigned char *)out, md, 16);
}

static bool bucket_dns_ok(const char *b)
{
  return b && !strchr(b, '.') && !strchr(b, '/') && b[0];
}

static hk_status build_rest(struct aws_call *call, struct hk_request **out)
{
  struct aws_endpoint ep;
  struct hk_buf url;
  struct hk_request *req = NULL;
  hk_status st;

  hk_buf_init(&url);
  st = aws_endpoint_resolve(AWS_SVC_S3, call->region, aws_creds_config(call->c->creds), &ep,
                            &call->err);
  if(st != HK_OK)
    goto out;
  if(call->bucket && !ep.path_style && bucket_dns_ok(call->bucket)) {
    const char *hostpart = strstr(ep.url, "://") + 3;
    size_t scheme_len = (size_t)(hostpart - ep.url);
    st = hk_buf_append(&url, ep.url, scheme_len);
    if(st == HK_OK)
      st = hk_buf_printf(&url, "%s.%s", call->bucket, hostpart);
    if(st == HK_OK)
      st = hk_buf_puts(&url, "/");
  }
  else {
    st = hk_buf_printf(&url, "%s/", ep.url);
    if(st == HK_OK && call->bucket) {
      st = aws_uri_encode(&url, call->bucket, strlen(call->bucket), 0);
      if(st == HK_OK && call->key)
        st = hk_buf_puts(&url, "/");
    }
  }
  if(st == HK_OK && call->key)
    st = aws_uri_encode(&url, call->key, strlen(call->key), 1);
  if(st == HK_OK && call->query && call->query[0])
    st = hk_buf_printf(&url, "?%s", call->query);
  if(st != HK_OK)
    goto out;
  req = hk_request_new(call->method, url.data);
  if(!req) {
    st = HK_NOMEM;
    goto out;
  }
  if(call->body)
    st = hk_request_body_set(req, call->body, call->body_len);
  if(st == HK_OK && call->content_type)
    st = hk_request_header_set(req, "Content-Type", call->content_type);
  if(st == HK_OK && call->body && call->body_len) {
    char md5[32];
    content_md5(call->body, call->body_len, md5);
    st = hk_request_header_set(req, "Content-MD5", md5);
  }
  hk_strlcpy(call->sign_name, ep.signing_name, sizeof(call->sign_name));
out:
  hk_buf_free(&url);
  if(st != HK_OK) {
    hk_request_free(req);
    req = NULL;
  }
  *out = req;
  return st;
}

static void call_fail_timer(void *ud)
{
  struct aws_call *call = ud;
  call_finish(call, call->err.status != HK_OK ? call->err.status : HK_AUTH);
}

/* Report a failure from the loop, never from inside the caller's call. */
static void call_fail_later(struct aws_call *call, hk_status st)
{
  if(call->err.status == HK_OK)
    hk_error_set(&call->err, st, "%s: %s", call->label, hk_status_text(st));
  if(hk_loop_timer(call->c->loop, 0, call_fail_timer, call) != HK_OK)
    call_finish(call, st);
}

static void on_creds(const struct aws_creds *cr, const struct hk_error *err, void *ud)
{
  struct aws_call *call = ud;
  struct hk_request *req = NULL;
  hk_status st;

  if(!cr) {
    if(err)
      call->err = *err;
    call_fail_later(call, err && err->status != HK_OK ? err->status : HK_AUTH);
    return;
  }
  register_secrets(call->c, cr);
  st = call->is_rest ? build_rest(call, &req) : build_query(call, &req);
  if(st != HK_OK) {
    if(call->err.status == HK_OK)
      hk_error_set(&call->err, st, _("%s: the request could not be built (%s)."), call->label,
                   hk_status_text(st));
    call_fail_later(call, st);
    return;
  }
  req->label = call->label;
  req->no_resend = (call->flags & AWS_CALL_IDEMPOTENT) == 0;
  req->max_attempts = call->c->max_attempts;
  req->prepare = call_prepare;
  req->retry = call_retry;
  req->done = call_done;
  req->ud = call;
  call->req = req;
  /* done runs from the loop even when submit fails to start the transfer */
  hk_loop_submit(call->c->loop, req);
}

static void call_start(struct aws_call *call)
{
  aws_creds_get_async(call->c->creds, time(NULL), on_creds, call);
}

static struct aws_call *call_new(struct aws_client *c, enum aws_service svc, const char *label,
                                 unsigned flags, aws_response_cb cb, void *ud)
{
  struct aws_call *call = calloc(1, sizeof(*call));
  if(!call)
    return NULL;
  call->c = c;
  call->svc = svc;
  call->flags = flags;
  call->cb = cb;
  call->ud = ud;
  aws_params_init(&call->params);
  hk_strlcpy(call->label, label, sizeof(call->label));
  hk_strlcpy(call->region, c->ep[svc].signing_region, sizeof(call->region));
  hk_strlcpy(call->sign_name, c->ep[svc].signing_name, sizeof(call->sign_name));
  return call;
}

hk_status aws_client_query(struct aws_client *c, enum aws_service svc, const char *action,
                           const struct aws_params *params, unsigned flags,
                           aws_response_cb cb, void *ud)
{
  struct aws_call *call;
  char label[96];

  if((unsigned)svc >= AWS_SVC__COUNT || !api_version[svc] || !action || !cb)
    return HK_INVALID;
  snprintf(label, sizeof(label), "%s:%s", aws_service_name(svc), action);
  call = call_new(c, svc, label, flags, cb, ud);
  if(!call)
    return HK_NOMEM;
  hk_strlcpy(call->action, action, sizeof(call->action));
  if(params)
    aws_params_copy(&call->params, params);
  if(call->params.st != HK_OK) {
    hk_status st = call->params.st;
    call_free(call);
    return st;
  }
  call_start(call);
  return HK_OK;
}

hk_status aws_client_rest(struct aws_client *c, const struct aws_rest *r, aws_response_cb cb,
                          void *ud)
{
  struct aws_call *call;

  if(!r || !r->method || !cb || strlen(r->method) >= sizeof(call->method))
    return HK_INVALID;
  call = call_new(c, AWS_SVC_S3, r->label ? r->label : "s3", r->flags, cb, ud);
  if(!call)
    return HK_NOMEM;
  call->is_rest = true;
  hk_strlcpy(call->method, r->method, sizeof(call->method));
  if(r->region && r->region[0])
    hk_strlcpy(call->region, r->region, sizeof(call->region));
  call->bucket = hk_strdup(r->bucket);
  call->key = hk_strdup(r->key);
  call->query = hk_strdup(r->query);
  call->content_type = hk_strdup(r->content_type);
  if(r->body) {
    call->body = malloc(r->body_len + 1);
    if(call->body) {
      memcpy(call->body, r->body, r->body_len);
      call->body[r->body_len] = '\0';
      call->body_len = r->body_len;
    }
  }
  if((r->bucket && !call->bucket) || (r->key && !call->key) || (r->query && !call->query) ||
     (r->body && !call->body) || (r->content_type && !call->content_type)) {
    call_free(call);
    return HK_NOMEM;
  }
  call_start(call);
  return HK_OK;
}
