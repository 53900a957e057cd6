/* net_loop.c - requests and timers on one libcurl multi handle. */
#include "net/net_loop.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#include "core/hk_i18n.h"
#include "core/hk_clean.h"
#include "net/net_trace.h"

struct hk_timer {
  long due_ms;
  hk_timer_fn fn;
  void *ud;
  struct hk_timer *next;
};

struct hk_loop {
  CURLM *multi;
  char *ca_bundle;
  char *user_agent;
  FILE *trace;
  long timeout_ms;
  long connect_timeout_ms;
  struct curl_slist *pins;
  struct hk_secrets secrets;
  struct hk_timer *timers;     /* sorted by due_ms */
  int in_flight;
  struct hk_loop_stats stats;
};

static int curl_ready;

long hk_now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

long hk_backoff_ms(int attempt, long base_ms, long cap_ms)
{
  long ceiling = base_ms;
  int i;
  for(i = 0; i < attempt && ceiling < cap_ms; i++)
    ceiling *= 2;
  if(ceiling > cap_ms)
    ceiling = cap_ms;
  if(ceiling <= 0)
    return 0;
  return (long)(random() % (ceiling + 1));
}

struct hk_loop *hk_loop_new(const struct hk_loop_opts *opts)
{
  struct hk_loop *loop;

  if(!curl_ready) {
    if(curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      return NULL;
    srandom((unsigned)time(NULL) ^ (unsigned)hk_now_ms());
    curl_ready = 1;
  }
  loop = calloc(1, sizeof(*loop));
  if(!loop)
    return NULL;
  loop->multi = curl_multi_init();
  if(!loop->multi) {
    free(loop);
    return NULL;
  }
  loop->timeout_ms = 30000;
  loop->connect_timeout_ms = 5000;
  if(opts) {
    if(opts->timeout_ms > 0)
      loop->timeout_ms = opts->timeout_ms;
    if(opts->connect_timeout_ms > 0)
      loop->connect_timeout_ms = opts->connect_timeout_ms;
    loop->ca_bundle = hk_strdup(opts->ca_bundle);
    loop->user_agent = hk_strdup(opts->user_agent);
    loop->trace = opts->trace;
  }
  if(!loop->user_agent)
    loop->user_agent = hk_strdup("heiiki/" HK_VERSION);
  return loop;
}

void hk_loop_free(struct hk_loop *loop)
{
  struct hk_timer *t;
  if(!loop)
    return;
  while(loop->timers) {
    t = loop->timers;
    loop->timers = t->next;
    free(t);
  }
  curl_multi_cleanup(loop->multi);
  curl_slist_free_all(loop->pins);
  hk_secrets_free(&loop->secrets);
  free(loop->ca_bundle);
  free(loop->user_agent);
  free(loop);
}

/* ---- requests ---- */

/* Header values may hold credentials (Authorization, tokens): wipe them. */
static void kv_free(struct hk_kv *kv, size_t n)
{
  size_t i;
  for(i = 0; i < n; i++) {
    free(kv[i].name);
    hk_secret_free(kv[i].value);
  }
  free(kv);
}

static void buf_wipe_free(struct hk_buf *b)
{
  if(b->data)
    hk_memzero(b->data, b->cap);
  hk_buf_free(b);
}

struct hk_request *hk_request_new(const char *method, const char *url)
{
  struct hk_request *req = calloc(1, sizeof(*req));
  if(!req)
    return NULL;
  hk_strlcpy(req->method, method ? method : "GET", sizeof(req->method));
  req->url = hk_strdup(url ? url : "");
  if(!req->url) {
    free(req);
    return NULL;
  }
  return req;
}

void hk_request_free(struct hk_request *req)
{
  if(!req)
    return;
  free(req->url);
  kv_free(req->headers, req->n_headers);
  kv_free(req->resp_headers, req->n_resp_headers);
  buf_wipe_free(&req->body);       /* may hold client_secret, tokens */
  buf_wipe_free(&req->resp_body);
  free(req);
}

hk_status hk_request_set_url(struct hk_request *req, const char *url)
{
  char *u = hk_strdup(url);
  if(!u)
    return HK_NOMEM;
  free(req->url);
  req->url = u;
  return HK_OK;
}

static struct hk_kv *kv_find(struct hk_kv *kv, size_t n, const char *name)
{
  size_t i;
  for(i = 0; i < n; i++)
    if(strcasecmp(kv[i].name, name) == 0)
      return &kv[i];
  return NULL;
}

hk_status hk_request_header_set(struct hk_request *req, const char *name, const char *value)
{
  struct hk_kv *kv = kv_find(req->headers, req->n_headers, name);
  struct hk_kv *grown;
  char *v;

  if(!value) {
    if(kv) {
      size_t idx = (size_t)(kv - req->headers);
      free(kv->name);
      free(kv->value);
      memmove(kv, kv + 1, (req->n_headers - idx - 1) * sizeof(*kv));
      req->n_headers--;
    }
    return HK_OK;
  }
  v = hk_strdup(value);
  if(!v)
    return HK_NOMEM;
  if(kv) {
    free(kv->value);
    kv->value = v;
    return HK_OK;
  }
  grown = realloc(req->headers, (req->n_headers + 1) * sizeof(*grown));
  if(!grown) {
    free(v);
    return HK_NOMEM;
  }
  req->headers = grown;
  req->headers[req->n_headers].name = hk_strdup(name);
  req->headers[req->n_headers].value = v;
  if(!req->headers[req->n_headers].name) {
    free(v);
    return HK_NOMEM;
  }
  req->n_headers++;
  return HK_OK;
}

const char *hk_request_header_get(const struct hk_request *req, const char *name)
{
  struct hk_kv *kv = kv_find(req->headers, req->n_headers, name);
  return kv ? kv->value : NULL;
}

hk_status hk_request_body_set(struct hk_request *req, const void *data, size_t len)
{
  hk_buf_reset(&req->body);
  return hk_buf_append(&req->body, data, len);
}

const char *hk_request_resp_header(const struct hk_request *req, const char *name)
{
  struct hk_kv *kv = kv_find(req->resp_headers, req->n_resp_headers, name);
  return kv ? kv->value : NULL;
}

int hk_request_transport_failed(const struct hk_request *req)
{
  return req->transport_error != 0;
}

static void url_host(const char *url, char *out, size_t n)
{
  const char *p = strstr(url, "://");
  size_t len;
  p = p ? p + 3 : url;
  len = strcspn(p, "/?#");
  if(len >= n)
    len = n - 1;
  memcpy(out, p, len);
  out[len] = '\0';
}

hk_status hk_request_transport_error(const struct hk_request *req, struct hk_error *err)
{
  char host[256];
  const char *detail = req->transport_msg[0] ? req->transport_msg : "";

  url_host(req->url ? req->url : "", host, sizeof(host));
  switch(req->transport_error) {
  case CURLE_OK:
    return HK_OK;
  case CURLE_OPERATION_TIMEDOUT:
    hk_error_set(err, HK_TIMEOUT, _("%s did not answer in time (%s)."), host, detail);
    hk_error_hint(err, "%s", _("Check that the endpoint is reachable from this host: VPC endpoint, security group on 443, proxy settings (HTTPS_PROXY/NO_PROXY)."));
    return HK_TIMEOUT;
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY:
    hk_error_set(err, HK_NET, _("The name %s could not be resolved (%s)."), host, detail);
    hk_error_hint(err, "%s", _("Check DNS on this host; in a closed VPC the endpoint's private DNS must be enabled."));
    return HK_NET;
  case CURLE_COULDNT_CONNECT:
    hk_error_set(err, HK_NET, _("Could not connect to %s (%s)."), host, detail);
    hk_error_hint(err, "%s", _("Check the route, the security group on 443 and any proxy settings (HTTPS_PROXY/NO_PROXY)."));
    return HK_NET;
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_CONNECT_ERROR:
    hk_error_set(err, HK_TLS, _("The TLS certificate of %s could not be verified (%s)."), host, detail);
    hk_error_hint(err, "%s", _("If a corporate proxy or CA signs this traffic, pass its CA file with --ca-bundle FILE (or AWS_CA_BUNDLE)."));
    return HK_TLS;
  case CURLE_FILESIZE_EXCEEDED:
  case CURLE_WRITE_ERROR:
    hk_error_set(err, HK_TOO_BIG, _("The response from %s was larger than allowed."), host);
    return HK_TOO_BIG;
  default:
    hk_error_set(err, HK_NET, _("The connection to %s failed (%s)."), host, detail);
    return HK_NET;
  }
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
  struct hk_request *req = ud;
  size_t n = size * nmemb;
  if(hk_buf_append(&req->resp_body, ptr, n) != HK_OK)
    return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
  return n;
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *ud)
{
  struct hk_request *req = ud;
  size_t n = size * nmemb;
  size_t len = n;
  const char *colon;
  struct hk_kv *grown;
  char *name;
  char *value;
  size_t nl;

  if(n >= 5 && strncmp(ptr, "HTTP/", 5) == 0) {
    /* a new response (redirect or 100-continue): drop earlier headers */
    kv_free(req->resp_headers, req->n_resp_headers);
    req->resp_headers = NULL;
    req->n_resp_headers = 0;
    return n;
  }
  while(len && (ptr[len - 1] == '\n' || ptr[len - 1] == '\r'))
    len--;
  colon = memchr(ptr, ':', len);
  if(!colon || req->n_resp_headers >= 200)
    return n;
  nl = (size_t)(colon - ptr);
  colon++;
  while(colon < ptr + len && (*colon == ' ' || *colon == '\t'))
    colon++;
  name = malloc(nl + 1);
  value = malloc((size_t)(ptr + len - colon) + 1);
  grown = realloc(req->resp_headers, (req->n_resp_headers + 1) * sizeof(*grown));
  if(!name || !value || !grown) {
    free(name);
    free(value);
    if(grown)
      req->resp_headers = grown;
    return 0;
  }
  memcpy(name, ptr, nl);
  name[nl] = '\0';
  memcpy(value, colon, (size_t)(ptr + len - colon));
  value[ptr + len - colon] = '\0';
  req->resp_headers = grown;
  req->resp_headers[req->n_resp_headers].name = name;
  req->resp_headers[req->n_resp_headers].value = value;
  req->n_resp_headers++;
  return n;
}

/* "* connect IP:PORT" for every connection attempt, made or refused (tests
 * check that none leaves loopback); then the socket libcurl asked for. */
static curl_socket_t trace_connect(void *ud, curlsocktype purpose, struct curl_sockaddr *a)
{
  struct hk_loop *loop = ud;
  char ip[INET6_ADDRSTRLEN] = "?";
  unsigned port = 0;

  if(a->family == AF_INET) {
    const struct sockaddr_in *in = (const void *)&a->addr;
    inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip));
    port = ntohs(in->sin_port);
  }
  else if(a->family == AF_INET6) {
    const struct sockaddr_in6 *in6 = (const void *)&a->addr;
    inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip));
    port = ntohs(in6->sin6_port);
  }
  if(purpose == CURLSOCKTYPE_IPCXN && loop->trace) {
    fprintf(loop->trace, a->family == AF_INET6 ? "* connect [%s]:%u\n" : "* connect %s:%u\n", ip, port);
    fflush(loop->trace);
  }
#ifdef SOCK_CLOEXEC
  return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
#else
  return socket(a->family, a->socktype, a->protocol);
#endif
}

static void trace_request(struct hk_loop *loop, struct hk_request *req)
{
  size_t i;
  if(!loop->trace)
    return;
  fprintf(loop->trace, "> %s %s%s%s\n", req->method, req->url,
          req->label ? "  # " : "", req->label ? req->label : "");
  for(i = 0; i < req->n_headers; i++) {
    if(hk_header_is_secret(req->headers[i].name))
      fprintf(loop->trace, "> %s: ***\n", req->headers[i].name);
    else
    {
      char *r = hk_redact(&loop->secrets, req->headers[i].value, strlen(req->headers[i].value));
      fprintf(loop->trace, "> %s: %s\n", req->headers[i].name, r ? r : "");
      free(r);
    }
  }
  if(req->body.len)
    hk_trace_block(loop->trace, &loop->secrets, ">> ", req->body.data, req->body.len);
  fflush(loop->trace);
}

static void trace_response(struct hk_loop *loop, struct hk_request *req)
{
  size_t i;
  if(!loop->trace)
    return;
  if(req->transport_error)
    fprintf(loop->trace, "< transport error %d: %s (%ld ms)\n", req->transport_error,
            req->transport_msg, hk_now_ms() - req->priv_start_ms);
  else
    fprintf(loop->trace, "< HTTP %ld (%ld ms)\n", req->http_status, hk_now_ms() - req->priv_start_ms);
  for(i = 0; i < req->n_resp_headers; i++) {
    if(hk_header_is_secret(req->resp_headers[i].name))
      fprintf(loop->trace, "< %s: ***\n", req->resp_headers[i].name);
    else {
      char *r = hk_redact(&loop->secrets, req->resp_headers[i].value,
                          strlen(req->resp_headers[i].value));
      fprintf(loop->trace, "< %s: %s\n", req->resp_headers[i].name, r ? r : "");
      free(r);
    }
  }
  if(req->resp_body.len && hk_request_header_get(req, "X-aws-ec2-metadata-token-ttl-seconds"))
    fprintf(loop->trace, "<< *** (IMDSv2 session token, %zu bytes)\n", req->resp_body.len);
  else if(req->resp_body.len)
    hk_trace_block(loop->trace, &loop->secrets, "<< ", req->resp_body.data, req->resp_body.len);
  fflush(loop->trace);
}

static void finish(struct hk_loop *loop, struct hk_request *req)
{
  (void)loop;
  req->elapsed_ms = hk_now_ms() - req->priv_start_ms;
  req->priv_finished = 1;
  req->priv_loop = NULL;
  if(req->done)
    req->done(req, req->ud);
}

static hk_status attempt_start(struct hk_loop *loop, struct hk_request *req);

static void retry_timer(void *ud)
{
  struct hk_request *req = ud;
  struct hk_loop *loop = req->priv_loop;
  loop->in_flight--; /* the attempt_start below counts it again */
  if(attempt_start(loop, req) != HK_OK)
    finish(loop, req);
}

static void attempt_fail(struct hk_loop *loop, struct hk_request *req, int code, const char *msg)
{
  req->transport_error = code;
  hk_strlcpy(req->transport_msg, msg, sizeof(req->transport_msg));
  (void)loop;
}

static hk_status attempt_start(struct hk_loop *loop, struct hk_request *req)
{
  CURL *easy = NULL;
  struct curl_slist *sl = NULL;
  size_t i;
  hk_status result = HK_OK;

  req->attempts++;
  req->http_status = 0;
  req->transport_error = 0;
  req->transport_msg[0] = '\0';
  if(req->resp_body.data)
    hk_memzero(req->resp_body.data, req->resp_body.len);
  hk_buf_reset(&req->resp_body);
  kv_free(req->resp_headers, req->n_resp_headers);
  req->resp_headers = NULL;
  req->n_resp_headers = 0;
  req->priv_loop = loop;

  if(req->prepare) {
    hk_status pst = req->prepare(req, req->ud);
    if(pst != HK_OK) {
      attempt_fail(loop, req, CURLE_ABORTED_BY_CALLBACK, _("the request could not be prepared (credentials or signing failed)"));
      result = pst;
      goto out;
    }
  }
  easy = curl_easy_init();
  if(!easy) {
    attempt_fail(loop, req, CURLE_OUT_OF_MEMORY, "out of memory");
    result = HK_NOMEM;
    goto out;
  }
  for(i = 0; i < req->n_headers; i++) {
    char *line = hk_aprintf("%s: %s", req->headers[i].name, req->headers[i].value);
    struct curl_slist *n2;
    if(!line) {
      result = HK_NOMEM;
      goto out;
    }
    n2 = curl_slist_append(sl, line);
    free(line);
    if(!n2) {
      result = HK_NOMEM;
      goto out;
    }
    sl = n2;
  }
  /* libcurl adds these unless told not to; the signer did not sign them */
  if(!hk_request_header_get(req, "Expect"))
    sl = curl_slist_append(sl, "Expect:");
  if(!hk_request_header_get(req, "Accept"))
    sl = curl_slist_append(sl, "Accept:");

  curl_easy_setopt(easy, CURLOPT_URL, req->url);
  curl_easy_setopt(easy, CURLOPT_PRIVATE, req);
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, sl);
  curl_easy_setopt(easy, CURLOPT_USERAGENT, loop->user_agent);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, req);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, req);
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, req->priv_errbuf);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, req->timeout_ms > 0 ? req->timeout_ms : loop->timeout_ms);
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                   req->connect_timeout_ms > 0 ? req->connect_timeout_ms : loop->connect_timeout_ms);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  if(loop->ca_bundle)
    curl_easy_setopt(easy, CURLOPT_CAINFO, loop->ca_bundle);
  if(loop->pins)
    curl_easy_setopt(easy, CURLOPT_CONNECT_TO, loop->pins);
  if(loop->trace) {
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, trace_connect);
    curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, loop);
  }
  if(req->no_resend) {
    /* libcurl re-sends a request on a new connection when a REUSED connection
     * closes before any reply byte ("Connection died, retrying a fresh
     * connect", Curl_retry_request in lib/transfer.c).  For a create whose
     * reply was lost after the server processed it, that is a second create
     * (a duplicate, or a 409 for our own object).  A fresh connection is never
     * retried that way; curl >= 8.16 also has CURLOPT_FORBID_RETRY_ON_REUSE.
     * https://curl.se/libcurl/c/CURLOPT_FRESH_CONNECT.html */
    curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
#if LIBCURL_VERSION_NUM >= 0x081000
    curl_easy_setopt(easy, CURLOPT_FORBID_RETRY_ON_REUSE, 1L);
#endif
  }

  if(strcmp(req->method, "GET") == 0) {
    curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
  }
  else if(strcmp(req->method, "HEAD") == 0) {
    curl_easy_setopt(easy, CURLOPT_NOBODY, 1L);
  }
  else {
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body.len);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, req->body.data ? req->body.data : "");
    if(strcmp(req->method, "POST") != 0)
      curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, req->method);
  }
  req->priv_easy = easy;
  req->priv_slist = sl;
  if(!req->priv_start_ms)
    req->priv_start_ms = hk_now_ms();
  trace_request(loop, req);
  if(curl_multi_add_handle(loop->multi, easy) != CURLM_OK) {
    attempt_fail(loop, req, CURLE_FAILED_INIT, "could not start the transfer");
    result = HK_NET;
    goto out;
  }
  easy = NULL;
  sl = NULL;
  loop->in_flight++;
  loop->stats.requests++;
  if(loop->in_flight > loop->stats.max_in_flight)
    loop->stats.max_in_flight = loop->in_flight;
out:
  if(result != HK_OK) {
    if(easy)
      curl_easy_cleanup(easy);
    curl_slist_free_all(sl);
    req->priv_easy = NULL;
    req->priv_slist = NULL;
    if(!req->transport_error)
      attempt_fail(loop, req, CURLE_OUT_OF_MEMORY, "out of memory");
  }
  return result;
}

static void deliver_failure(void *ud)
{
  struct hk_request *req = ud;
  struct hk_loop *loop = req->priv_loop;
  loop->in_flight--;
  finish(loop, req);
}

hk_status hk_loop_submit(struct hk_loop *loop, struct hk_request *req)
{
  hk_status st;
  req->attempts = 0;
  req->priv_finished = 0;
  req->priv_start_ms = hk_now_ms();
  if(req->max_attempts <= 0)
    req->max_attempts = 1;
  st = attempt_start(loop, req);
  if(st != HK_OK) {
    /* report from the loop, never from inside submit */
    req->priv_loop = loop;
    loop->in_flight++;
    if(hk_loop_timer(loop, 0, deliver_failure, req) != HK_OK) {
      loop->in_flight--;
      return st;
    }
  }
  return HK_OK;
}

static void on_complete(struct hk_loop *loop, CURL *easy, CURLcode code)
{
  struct hk_request *req = NULL;
  long delay = -1;

  curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&req);
  curl_multi_remove_handle(loop->multi, easy);
  if(!req) {
    curl_easy_cleanup(easy);
    return;
  }
  if(code == CURLE_OK) {
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &req->http_status);
  }
  else {
    req->transport_error = (int)code;
    hk_strlcpy(req->transport_msg, req->priv_errbuf[0] ? req->priv_errbuf : curl_easy_strerror(code),
               sizeof(req->transport_msg));
  }
  curl_easy_cleanup(easy);
  curl_slist_free_all(req->priv_slist);
  req->priv_easy = NULL;
  req->priv_slist = NULL;
  trace_response(loop, req);

  if(req->retry && req->attempts < req->max_attempts)
    delay = req->retry(req, req->attempts, req->ud);
  if(delay >= 0) {
    loop->stats.retries++;
    if(loop->trace)
      fprintf(loop->trace, "# retry %d of %s in %ld ms\n", req->attempts, req->label ? req->label : req->url, delay);
    /* stays counted in in_flight while waiting */
    if(hk_loop_timer(loop, delay, retry_timer, req) == HK_OK)
      return;
  }
  loop->in_flight--;
  finish(loop, req);
}

hk_status hk_loop_timer(struct hk_loop *loop, long delay_ms, hk_timer_fn fn, void *ud)
{
  struct hk_timer *t = calloc(1, sizeof(*t));
  struct hk_timer **pp;
  if(!t)
    return HK_NOMEM;
  t->due_ms = hk_now_ms() + (delay_ms > 0 ? delay_ms : 0);
  t->fn = fn;
  t->ud = ud;
  pp = &loop->timers;
  while(*pp && (*pp)->due_ms <= t->due_ms)
    pp = &(*pp)->next;
  t->next = *pp;
  *pp = t;
  return HK_OK;
}

int hk_loop_timer_cancel(struct hk_loop *loop, hk_timer_fn fn, void *ud)
{
  struct hk_timer **pp = &loop->timers;
  int n = 0;

  while(*pp) {
    struct hk_timer *t = *pp;
    if(t->fn == fn && t->ud == ud) {
      *pp = t->next;
      free(t);
      n++;
    } else {
      pp = &t->next;
    }
  }
  return n;
}

static void run_timers(struct hk_loop *loop)
{
  long now = hk_now_ms();
  /* detach the due ones first: a timer may add timers */
  struct hk_timer *due = NULL;
  struct hk_timer **tail = &due;
  while(loop->timers && loop->timers->due_ms <= now) {
    struct hk_timer *t = loop->timers;
    loop->timers = t->next;
    t->next = NULL;
    *tail = t;
    tail = &t->next;
  }
  while(due) {
    struct hk_timer *t = due;
    due = t->next;
    t->fn(t->ud);
    free(t);
  }
}

static void drain(struct hk_loop *loop)
{
  CURLMsg *msg;
  int left = 0;
  while((msg = curl_multi_info_read(loop->multi, &left)) != NULL) {
    if(msg->msg == CURLMSG_DONE)
      on_complete(loop, msg->easy_handle, msg->data.result);
  }
}

hk_status hk_loop_poll(struct hk_loop *loop, long timeout_ms, int extra_fd, int *extra_ready)
{
  struct curl_waitfd wfd;
  long curl_to = -1;
  long wait = timeout_ms < 0 ? 0 : timeout_ms;
  int running = 0;
  int numfds = 0;

  if(extra_ready)
    *extra_ready = 0;
  if(loop->timers) {
    long until = loop->timers->due_ms - hk_now_ms();
    if(until < 0)
      until = 0;
    if(until < wait)
      wait = until;
  }
  curl_multi_timeout(loop->multi, &curl_to);
  if(curl_to >= 0 && curl_to < wait)
    wait = curl_to;
  memset(&wfd, 0, sizeof(wfd));
  wfd.fd = extra_fd;
  wfd.events = CURL_WAIT_POLLIN;
  if(curl_multi_poll(loop->multi, extra_fd >= 0 ? &wfd : NULL, extra_fd >= 0 ? 1u : 0u,
                     (int)wait, &numfds) != CURLM_OK)
    return HK_NET;
  if(extra_fd >= 0 && extra_ready && (wfd.revents & CURL_WAIT_POLLIN))
    *extra_ready = 1;
  curl_multi_perform(loop->multi, &running);
  drain(loop);
  run_timers(loop);
  /* timers may have started transfers: give them a first push */
  curl_multi_perform(loop->multi, &running);
  drain(loop);
  return HK_OK;
}

int hk_loop_pending(const struct hk_loop *loop)
{
  int n = loop->in_flight;
  const struct hk_timer *t;
  for(t = loop->timers; t; t = t->next)
    n++;
  return n;
}

hk_status hk_loop_run_until_idle(struct hk_loop *loop)
{
  hk_status st = HK_OK;
  while(hk_loop_pending(loop) > 0) {
    st = hk_loop_poll(loop, 1000, -1, NULL);
    if(st != HK_OK)
      break;
  }
  return st;
}

hk_status hk_loop_call_sync(struct hk_loop *loop, struct hk_request *req)
{
  hk_status st = hk_loop_submit(loop, req);
  if(st != HK_OK)
    return st;
  while(!req->priv_finished) {
    st = hk_loop_poll(loop, 1000, -1, NULL);
    if(st != HK_OK)
      return st;
  }
  return HK_OK;
}

hk_status hk_loop_pin(struct hk_loop *loop, const char *host, int port,
                      const char *addr, int addr_port)
{
  char *line;
  struct curl_slist *n;
  int v6 = addr && strchr(addr, ':') != NULL;

  line = hk_aprintf(v6 ? "%s:%d:[%s]:%d" : "%s:%d:%s:%d", host, port, addr, addr_port);
  if(!line)
    return HK_NOMEM;
  n = curl_slist_append(loop->pins, line);
  free(line);
  if(!n)
    return HK_NOMEM;
  loop->pins = n;
  return HK_OK;
}

void hk_loop_add_secret(struct hk_loop *loop, const char *secret)
{
  hk_secrets_add(&loop->secrets, secret);
  hk_redact_add(secret);   /* and out of every error message (hk_error_format) */
}

void hk_loop_stats(const struct hk_loop *loop, struct hk_loop_stats *out)
{
  *out = loop->stats;
}
