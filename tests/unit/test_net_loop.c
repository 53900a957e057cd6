/* test_net_loop.c - the event loop against a small local HTTP responder. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/net_loop.h"
#include "net/net_trace.h"

/* ---- a tiny threaded responder: one reply per connection ---- */
struct responder {
  int fd;
  int port;
  pthread_t thr;
  int hits;
  int fail_first;      /* answer 503 to the first N requests */
  int delay_ms;
  int active;          /* connection workers still running */
  int drop_create;     /* keep-alive; a request for /create is read, then the connection is
                          closed without a reply (processed, the reply lost on the way) */
  char last_request[8192];
  pthread_mutex_t mu;
};

/* Read one request (headers and Content-Length body) into buf; its length, 0 at EOF. */
static size_t read_request(int c, char *buf, size_t n)
{
  size_t got = 0;
  while(got < n - 1) {
    ssize_t k = recv(c, buf + got, n - 1 - got, 0);
    if(k <= 0)
      break;
    got += (size_t)k;
    buf[got] = '\0';
    if(strstr(buf, "\r\n\r\n")) {
      const char *cl = strstr(buf, "Content-Length: ");
      size_t hdr = (size_t)(strstr(buf, "\r\n\r\n") - buf) + 4;
      if(got >= hdr + (cl ? (size_t)atol(cl + 16) : 0))
        break;
    }
  }
  buf[got] = '\0';
  return got;
}

static void count_hit(struct responder *r, const char *buf)
{
  pthread_mutex_lock(&r->mu);
  r->hits++;
  snprintf(r->last_request, sizeof(r->last_request), "%s", buf);
  pthread_mutex_unlock(&r->mu);
}

static void serve_drop_create(struct responder *r, int c)
{
  static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
  char buf[8192];
  while(read_request(c, buf, sizeof(buf))) {
    count_hit(r, buf);
    if(strstr(buf, " /create "))
      break;               /* processed; the reply is lost */
    send(c, ok, sizeof(ok) - 1, MSG_NOSIGNAL);
  }
  close(c);
  pthread_mutex_lock(&r->mu);
  r->active--;
  pthread_mutex_unlock(&r->mu);
}

static void *conn_main(void *arg)
{
  void **a = arg;
  struct responder *r = a[0];
  int c = (int)(intptr_t)a[1];
  char buf[8192];
  ssize_t n = 0;
  size_t got = 0;
  int hit;
  char reply[512];
  const char *body;
  free(arg);
  if(r->drop_create) {
    serve_drop_create(r, c);
    return NULL;
  }
  while(got < sizeof(buf) - 1) {
    n = recv(c, buf + got, sizeof(buf) - 1 - got, 0);
    if(n <= 0)
      break;
    got += (size_t)n;
    buf[got] = '\0';
    if(strstr(buf, "\r\n\r\n")) {
      const char *cl = strstr(buf, "Content-Length: ");
      size_t hdr = (size_t)(strstr(buf, "\r\n\r\n") - buf) + 4;
      size_t want = cl ? (size_t)atol(cl + 16) : 0;
      if(got >= hdr + want)
        break;
    }
  }
  buf[got] = '\0';
  pthread_mutex_lock(&r->mu);
  hit = ++r->hits;
  snprintf(r->last_request, sizeof(r->last_request), "%s", buf);
  pthread_mutex_unlock(&r->mu);
  if(r->delay_ms)
    usleep((useconds_t)r->delay_ms * 1000);
  if(strstr(buf, "GET /big")) {
    size_t big = 17u * 1024u * 1024u;
    char *chunk = calloc(1, 65536);
    size_t sent = 0;
    snprintf(reply, sizeof(reply), "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n", big);
    send(c, reply, strlen(reply), MSG_NOSIGNAL);
    while(chunk && sent < big) {
      ssize_t w = send(c, chunk, 65536, MSG_NOSIGNAL);
      if(w <= 0)
        break;
      sent += (size_t)w;
    }
    free(chunk);
  }
  else {
    int status = hit <= r->fail_first ? 503 : 200;
    body = status == 200 ? "{\"ok\":true,\"access_token\":\"tok-SECRET-123\"}" : "busy";
    snprintf(reply, sizeof(reply),
             "HTTP/1.1 %d X\r\nContent-Type: application/json\r\nX-Test: yes\r\n"
             "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", status, strlen(body), body);
    send(c, reply, strlen(reply), MSG_NOSIGNAL);
  }
  close(c);
  pthread_mutex_lock(&r->mu);
  r->active--;
  pthread_mutex_unlock(&r->mu);
  return NULL;
}

static void *accept_main(void *arg)
{
  struct responder *r = arg;
  for(;;) {
    int c = accept(r->fd, NULL, NULL);
    pthread_t t;
    void **a;
    if(c < 0)
      return NULL;
    a = malloc(2 * sizeof(void *));
    a[0] = r;
    a[1] = (void *)(intptr_t)c;
    pthread_mutex_lock(&r->mu);
    r->active++;
    pthread_mutex_unlock(&r->mu);
    pthread_create(&t, NULL, conn_main, a);
    pthread_detach(t);
  }
}

static struct responder *responder_start(void)
{
  struct responder *r = calloc(1, sizeof(*r));
  struct sockaddr_in sa;
  socklen_t sl = sizeof(sa);
  int one = 1;
  r->fd = socket(AF_INET, SOCK_STREAM, 0);
  setsockopt(r->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  memset(&sa, 0, sizeof(sa));
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  assert_int_equal(bind(r->fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
  assert_int_equal(listen(r->fd, 64), 0);
  getsockname(r->fd, (struct sockaddr *)&sa, &sl);
  r->port = ntohs(sa.sin_port);
  pthread_mutex_init(&r->mu, NULL);
  pthread_create(&r->thr, NULL, accept_main, r);
  return r;
}

static void responder_stop(struct responder *r)
{
  /* shutdown wakes accept(); join before closing so the fd number cannot be
   * reused by the next test's listener while this thread still accepts */
  shutdown(r->fd, SHUT_RDWR);
  pthread_join(r->thr, NULL);
  close(r->fd);
  /* wait for detached connection workers before freeing what they touch */
  for(;;) {
    int n;
    pthread_mutex_lock(&r->mu);
    n = r->active;
    pthread_mutex_unlock(&r->mu);
    if(n == 0)
      break;
    usleep(1000);
  }
  pthread_mutex_destroy(&r->mu);
  free(r);
}

static char *url_for(struct responder *r, const char *path)
{
  return hk_aprintf("http://127.0.0.1:%d%s", r->port, path);
}

/* ---- tests ---- */

static void test_get_and_headers(void **state)
{
  struct responder *r = responder_start();
  struct hk_loop *loop = hk_loop_new(NULL);
  char *u = url_for(r, "/hello");
  struct hk_request *req = hk_request_new("GET", u);
  (void)state;
  assert_int_equal(hk_request_header_set(req, "X-One", "1"), HK_OK);
  assert_int_equal(hk_request_header_set(req, "x-one", "2"), HK_OK); /* replaces */
  assert_string_equal(hk_request_header_get(req, "X-ONE"), "2");
  assert_int_equal(hk_loop_call_sync(loop, req), HK_OK);
  assert_int_equal(req->http_status, 200);
  assert_non_null(strstr(req->resp_body.data, "\"ok\":true"));
  assert_string_equal(hk_request_resp_header(req, "x-test"), "yes");
  assert_non_null(strstr(r->last_request, "X-One: 2"));
  assert_null(strstr(r->last_request, "Expect:"));
  hk_request_free(req);
  free(u);
  hk_loop_free(loop);
  responder_stop(r);
}

/* A POST on a reused connection whose reply is lost: libcurl re-sends it on a
 * fresh connection unless the request is marked no_resend (issue 20, D4). */
static int lost_reply_hits(int no_resend)
{
  struct responder *r = responder_start();
  struct hk_loop *loop = hk_loop_new(NULL);
  char *u1 = url_for(r, "/first");
  char *u2 = url_for(r, "/create");
  struct hk_request *a = hk_request_new("GET", u1);
  struct hk_request *b = hk_request_new("POST", u2);
  int hits;
  r->drop_create = 1;
  assert_int_equal(hk_loop_call_sync(loop, a), HK_OK);
  assert_int_equal(a->http_status, 200);
  hk_request_body_set(b, "{}", 2);
  b->no_resend = no_resend;
  hk_loop_call_sync(loop, b);
  assert_true(hk_request_transport_failed(b));
  pthread_mutex_lock(&r->mu);
  hits = r->hits;
  pthread_mutex_unlock(&r->mu);
  hk_request_free(a);
  hk_request_free(b);
  free(u1);
  free(u2);
  hk_loop_free(loop);
  responder_stop(r);
  return hits;
}

static void test_create_never_resent(void **state)
{
  (void)state;
  /* the control: libcurl sends a plain POST again on a new connection (the create
   * reaches the server twice) */
  assert_int_equal(lost_reply_hits(0), 3);
  /* a create: sent once on a fresh connection; the loss is reported, never retried */
  assert_int_equal(lost_reply_hits(1), 2);
}

static void test_post_body(void **state)
{
  struct responder *r = responder_start();
  struct hk_loop *loop = hk_loop_new(NULL);
  char *u = url_for(r, "/p");
  struct hk_request *req = hk_request_new("PUT", u);
  (void)state;
  hk_request_body_set(req, "a=1&b=2", 7);
  assert_int_equal(hk_loop_call_sync(loop, req), HK_OK);
  assert_non_null(strstr(r->last_request, "PUT /p HTTP/1.1"));
  assert_non_null(strstr(r->last_request, "\r\n\r\na=1&b=2"));
  hk_request_free(req);
  free(u);
  hk_loop_free(loop);
  responder_stop(r);
}

static int done_count;
static void count_done(struct hk_request *req, void *ud)
{
  (void)req;
  (void)ud;
  done_count++;
}

static void test_concurrent(void **state)
{
  struct responder *r = responder_start();
  struct hk_loop *loop = hk_loop_new(NULL);
  struct hk_request *reqs[12];
  struct hk_loop_stats st;
  char *u = url_for(r, "/c");
  int i;
  (void)state;
  r->delay_ms = 100;
  done_count = 0;
  for(i = 0; i < 12; i++) {
    reqs[i] = hk_request_new("GET", u);
    reqs[i]->done = count_done;
    assert_int_equal(hk_loop_submit(loop, reqs[i]), HK_OK);
  }
  assert_int_equal(done_count, 0); /* submit never completes synchronously */
  assert_int_equal(hk_loop_run_until_idle(loop), HK_OK);
  assert_int_equal(done_count, 12);
  hk_loop_stats(loop, &st);
  assert_int_equal(st.requests, 12);
  assert_true(st.max_in_flight == 12);
  for(i = 0; i < 12; i++) {
    assert_int_equal(reqs[i]->http_status, 200);
    hk_request_free(reqs[i]);
  }
  free(u);
  hk_loop_free(loop);
  responder_stop(r);
}

static int prepared;
static hk_status count_prepare(struct hk_request *req, void *ud)
{
  (void)ud;
  prepared++;
  return hk_request_header_set(req, "X-Attempt", req->attempts == 1 ? "1" : "n");
}

static long retry_503(struct hk_request *req, int attempt, void *ud)
{
  (void)ud;
  (void)attempt;
  return req->http_status == 503 ? 5 : -1;
}

static void test_retry_reprepares(void **state)
{
  struct responder *r = responder_start();
  struct hk_loop *loop = hk_loop_new(NULL);
  char *u = url_for(r, "/r");
  struct hk_request *req = hk_request_new("GET", u);
  struct hk_loop_stats st;
  (void)state;
  r->fail_first = 2;
  prepared = 0;
  req->prepare = count_prepare;
  req->retry = retry_503;
  req->max_attempts = 5;
  assert_int_equal(hk_loop_call_sync(loop, req), HK_OK);
  assert_int_equal(req->http_status, 200);
  assert_int_equal(req->attempts, 3);
  assert_int_equal(prepared, 3);
  hk_loop_stats(loop, &st);
  assert_int_equal(st.retries, 2);
  hk_request_free(req);
  free(u);
  hk_loop_free(loop);
  responder_stop(r);
}

static void test_retry_gives_up(void **state)
{
  struct responder *r = responder_start();
  struct hk_loop *loop = hk_loop_new(NULL);
  char *u = url_for(r, "/r");
  struct hk_request *req = hk_request_new("GET", u);
  (void)state;
  r->fail_first = 100;
  req->retry = retry_503;
  req->max_attempts = 3;
  assert_int_equal(hk_loop_call_sync(loop, req), HK_OK);
  assert_int_equal(req->http_status, 503);
  assert_int_equal(req->attempts, 3);
  hk_request_free(req);
  free(u);
  hk_loop_free(loop);
  responder_stop(r);
}

static void test_connect_refused_sentence(void **state)
{
  struct responder *r = responder_start();
  int port = r->port;
  struct hk_loop *loop = hk_loop_new(NULL);
  char *u;
  struct hk_request *req;
  struct hk_error err;
  (void)state;
  responder_stop(r);
  u = hk_aprintf("http://127.0.0.1:%d/x", port);
  req = hk_request_new("GET", u);
  assert_int_equal(hk_loop_call_sync(loop, req), HK_OK);
  assert_true(hk_request_transport_failed(req));
  hk_error_clear(&err);
  assert_int_equal(hk_request_transport_error(req, &err), HK_NET);
  assert_non_null(strstr(err.message, "127.0.0.1"));
  assert_true(err.hint[0] != '\0');
  hk_request_free(req);
  free(u);
  hk_loop_free(loop);
}

static void test_pin_keeps_host(void **state)
{
  struct responder *r = responder_start();
  struct hk_loop *loop = hk_loop_new(NULL);
  struct hk_request *req = hk_request_new("GET", "http://dbc-1234abcd-5678.cloud.databricks.com:8080/api");
  (void)state;
  assert_int_equal(hk_loop_pin(loop, "dbc-1234abcd-5678.cloud.databricks.com", 8080, "127.0.0.1", r->port), HK_OK);
  assert_int_equal(hk_loop_call_sync(loop, req), HK_OK);
  assert_int_equal(req->http_status, 200);
  if(!strstr(r->last_request, "Host: dbc-1234abcd-5678.cloud.databricks.com:8080"))
    print_message("request was: %s\n", r->last_request);
  assert_non_null(strstr(r->last_request, "Host: dbc-1234abcd-5678.cloud.databricks.com:8080"));
  hk_request_free(req);
  hk_loop_free(loop);
  responder_stop(r);
}

static void test_body_cap(void **state)
{
  struct responder *r = responder_start();
  struct hk_loop *loop = hk_loop_new(NULL);
  char *u = url_for(r, "/big");
  struct hk_request *req = hk_request_new("GET", u);
  struct hk_error err;
  (void)state;
  assert_int_equal(hk_loop_call_sync(loop, req), HK_OK);
  assert_true(hk_request_transport_failed(req));
  hk_error_clear(&err);
  assert_int_equal(hk_request_transport_error(req, &err), HK_TOO_BIG);
  hk_request_free(req);
  free(u);
  hk_loop_free(loop);
  responder_stop(r);
}

static void test_trace_redacts(void **state)
{
  struct responder *r = responder_start();
  char *tbuf = NULL;
  size_t tlen = 0;
  FILE *tf = open_memstream(&tbuf, &tlen);
  struct hk_loop_opts o = { .trace = tf };
  struct hk_loop *loop = hk_loop_new(&o);
  char *u = url_for(r, "/t");
  struct hk_request *req = hk_request_new("POST", u);
  (void)state;
  hk_loop_add_secret(loop, "wJalrXUtnFEMI/K7MDENG");
  hk_request_header_set(req, "Authorization", "AWS4-HMAC-SHA256 Credential=AKID/x, Signature=abc");
  hk_request_header_set(req, "X-Amz-Security-Token", "sessiontokenvalue");
  hk_request_body_set(req, "client_secret=dose-very-secret&key=wJalrXUtnFEMI/K7MDENG", 57);
  assert_int_equal(hk_loop_call_sync(loop, req), HK_OK);
  fclose(tf);
  assert_non_null(strstr(tbuf, "Authorization: ***"));
  assert_null(strstr(tbuf, "Signature=abc"));
  assert_null(strstr(tbuf, "sessiontokenvalue"));
  assert_null(strstr(tbuf, "dose-very-secret"));
  assert_null(strstr(tbuf, "wJalrXUtnFEMI"));
  assert_null(strstr(tbuf, "tok-SECRET-123"));   /* access_token in the response */
  assert_non_null(strstr(tbuf, "< HTTP 200"));
  free(tbuf);
  hk_request_free(req);
  free(u);
  hk_loop_free(loop);
  responder_stop(r);
}

static int timer_order[3];
static int timer_n;
static void tmark(void *ud)
{
  timer_order[timer_n++] = (int)(intptr_t)ud;
}

static void test_timers_in_order(void **state)
{
  struct hk_loop *loop = hk_loop_new(NULL);
  (void)state;
  timer_n = 0;
  hk_loop_timer(loop, 30, tmark, (void *)(intptr_t)3);
  hk_loop_timer(loop, 0, tmark, (void *)(intptr_t)1);
  hk_loop_timer(loop, 10, tmark, (void *)(intptr_t)2);
  assert_int_equal(hk_loop_pending(loop), 3);
  hk_loop_run_until_idle(loop);
  assert_int_equal(timer_n, 3);
  assert_int_equal(timer_order[0], 1);
  assert_int_equal(timer_order[1], 2);
  assert_int_equal(timer_order[2], 3);
  hk_loop_free(loop);
}

static void test_timer_cancel(void **state)
{
  struct hk_loop *loop = hk_loop_new(NULL);
  (void)state;
  timer_n = 0;
  hk_loop_timer(loop, 10, tmark, (void *)(intptr_t)1);
  hk_loop_timer(loop, 20, tmark, (void *)(intptr_t)2);
  hk_loop_timer(loop, 5000, tmark, (void *)(intptr_t)2);
  assert_int_equal(hk_loop_timer_cancel(loop, tmark, (void *)(intptr_t)2), 2);
  assert_int_equal(hk_loop_timer_cancel(loop, tmark, (void *)(intptr_t)7), 0);
  assert_int_equal(hk_loop_pending(loop), 1);
  hk_loop_run_until_idle(loop);          /* returns at once: the 5 s timer is gone */
  assert_int_equal(timer_n, 1);
  assert_int_equal(timer_order[0], 1);
  hk_loop_free(loop);
}

static void test_backoff_bounds(void **state)
{
  int i;
  (void)state;
  for(i = 0; i < 200; i++) {
    long d = hk_backoff_ms(i % 12, 100, 20000);
    assert_true(d >= 0 && d <= 20000);
  }
  assert_true(hk_backoff_ms(0, 100, 20000) <= 100);
}

static void test_redact_fields(void **state)
{
  char *r;
  (void)state;
  r = hk_redact(NULL, "{\"access_token\": \"abc.def\", \"x\": 1}", 34);
  assert_null(strstr(r, "abc.def"));
  free(r);
  r = hk_redact(NULL, "<SecretAccessKey>zzzz</SecretAccessKey><SessionToken>yyyy</SessionToken>", 73);
  assert_null(strstr(r, "zzzz"));
  assert_null(strstr(r, "yyyy"));
  free(r);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_get_and_headers),
    cmocka_unit_test(test_post_body),
    cmocka_unit_test(test_create_never_resent),
    cmocka_unit_test(test_concurrent),
    cmocka_unit_test(test_retry_reprepares),
    cmocka_unit_test(test_retry_gives_up),
    cmocka_unit_test(test_connect_refused_sentence),
    cmocka_unit_test(test_pin_keeps_host),
    cmocka_unit_test(test_body_cap),
    cmocka_unit_test(test_trace_redacts),
    cmocka_unit_test(test_timers_in_order),
    cmocka_unit_test(test_timer_cancel),
    cmocka_unit_test(test_backoff_bounds),
    cmocka_unit_test(test_redact_fields),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
