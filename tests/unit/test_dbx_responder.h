/* test_dbx_responder.h - a scripted HTTP responder on 127.0.0.1 for the dbx
 * unit tests (included by each test_dbx_*.c; everything static).
 *
 * Rules are matched in order by method and path prefix; a rule with `times`
 * > 0 is used that many times, then skipped.  Each connection gets one reply
 * and is closed.  Requests are logged (method, path, headers, body). */
#ifndef TEST_DBX_RESPONDER_H
#define TEST_DBX_RESPONDER_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

/* every helper is static; not every test file uses all of them */
#define RSP_STATIC static __attribute__((unused))

#define RSP_MAX_RULES 64
#define RSP_MAX_LOG 256

struct rsp_rule {
  char method[8];
  char path[512];        /* prefix of the request target (path + query) */
  int status;
  char headers[512];     /* extra header lines, each ending in \r\n */
  char *body;            /* owned */
  size_t fill;           /* when > 0: send this many bytes of 'x' instead of body */
  int delay_ms;
  int times;             /* 0 = unlimited */
  int used;
};

struct rsp_log {
  char method[8];
  char target[1024];
  char *head;            /* header block */
  char *body;
  size_t body_len;
};

struct responder {
  int fd;
  int port;
  pthread_t thr;
  pthread_mutex_t mu;
  struct rsp_rule rules[RSP_MAX_RULES];
  int n_rules;
  struct rsp_log log[RSP_MAX_LOG];
  int n_log;
  int active;            /* connection threads running */
};

RSP_STATIC void rsp_add(struct responder *r, const char *method, const char *path, int status,
                    const char *headers, const char *body, int times)
{
  struct rsp_rule *u;
  pthread_mutex_lock(&r->mu);
  u = &r->rules[r->n_rules++];
  memset(u, 0, sizeof(*u));
  snprintf(u->method, sizeof(u->method), "%s", method);
  snprintf(u->path, sizeof(u->path), "%s", path);
  u->status = status;
  snprintf(u->headers, sizeof(u->headers), "%s", headers ? headers : "");
  u->body = strdup(body ? body : "");
  u->times = times;
  pthread_mutex_unlock(&r->mu);
}

/* JSON reply shortcut. */
RSP_STATIC void rsp_json(struct responder *r, const char *method, const char *path, int status,
                     const char *body, int times)
{
  rsp_add(r, method, path, status, "Content-Type: application/json\r\n", body, times);
}

RSP_STATIC void rsp_last_delay(struct responder *r, int ms)
{
  r->rules[r->n_rules - 1].delay_ms = ms;
}

RSP_STATIC void rsp_last_fill(struct responder *r, size_t n)
{
  r->rules[r->n_rules - 1].fill = n;
}

RSP_STATIC void rsp_clear(struct responder *r)
{
  int i;
  pthread_mutex_lock(&r->mu);
  for(i = 0; i < r->n_rules; i++)
    free(r->rules[i].body);
  r->n_rules = 0;
  for(i = 0; i < r->n_log; i++) {
    free(r->log[i].head);
    free(r->log[i].body);
  }
  r->n_log = 0;
  pthread_mutex_unlock(&r->mu);
}

/* Number of logged requests whose method matches and target starts with path. */
RSP_STATIC int rsp_count(struct responder *r, const char *method, const char *path)
{
  int i, n = 0;
  pthread_mutex_lock(&r->mu);
  for(i = 0; i < r->n_log; i++)
    if((!method || !strcmp(r->log[i].method, method)) &&
       !strncmp(r->log[i].target, path, strlen(path)))
      n++;
  pthread_mutex_unlock(&r->mu);
  return n;
}

/* The last logged request matching (or NULL). */
RSP_STATIC const struct rsp_log *rsp_last(struct responder *r, const char *method, const char *path)
{
  int i;
  const struct rsp_log *hit = NULL;
  pthread_mutex_lock(&r->mu);
  for(i = 0; i < r->n_log; i++)
    if((!method || !strcmp(r->log[i].method, method)) &&
       !strncmp(r->log[i].target, path, strlen(path)))
      hit = &r->log[i];
  pthread_mutex_unlock(&r->mu);
  return hit;
}

RSP_STATIC void rsp_send_all(int c, const char *p, size_t n)
{
  while(n) {
    ssize_t w = send(c, p, n, MSG_NOSIGNAL);
    if(w <= 0)
      return;
    p += w;
    n -= (size_t)w;
  }
}

RSP_STATIC const char *rsp_find_ci(const char *hay, const char *needle)
{
  size_t n = strlen(needle);
  for(; *hay; hay++)
    if(!strncasecmp(hay, needle, n))
      return hay;
  return NULL;
}

RSP_STATIC void *rsp_conn(void *arg)
{
  void **a = arg;
  struct responder *r = a[0];
  int c = (int)(intptr_t)a[1];
  size_t cap = 1 << 16, got = 0, hdr = 0, want = 0;
  char *buf = malloc(cap);
  struct rsp_rule rule;
  int found = 0, i;
  char method[8] = "", target[1024] = "";
  char head[1024];

  free(arg);
  for(;;) {
    ssize_t n;
    if(got + 1 >= cap) {
      cap *= 2;
      buf = realloc(buf, cap);
    }
    n = recv(c, buf + got, cap - 1 - got, 0);
    if(n <= 0)
      break;
    got += (size_t)n;
    buf[got] = '\0';
    if(!hdr && strstr(buf, "\r\n\r\n")) {
      const char *cl = rsp_find_ci(buf, "\r\nContent-Length:");
      hdr = (size_t)(strstr(buf, "\r\n\r\n") - buf) + 4;
      want = cl ? (size_t)atol(cl + 17) : 0;
    }
    if(hdr && got >= hdr + want)
      break;
  }
  buf[got] = '\0';
  sscanf(buf, "%7s %1023s", method, target);
  memset(&rule, 0, sizeof(rule));
  pthread_mutex_lock(&r->mu);
  if(r->n_log < RSP_MAX_LOG && hdr) {
    struct rsp_log *l = &r->log[r->n_log++];
    snprintf(l->method, sizeof(l->method), "%s", method);
    snprintf(l->target, sizeof(l->target), "%s", target);
    l->head = strndup(buf, hdr);
    l->body_len = got - hdr;
    l->body = malloc(l->body_len + 1);
    memcpy(l->body, buf + hdr, l->body_len);
    l->body[l->body_len] = '\0';
  }
  for(i = 0; i < r->n_rules; i++) {
    struct rsp_rule *u = &r->rules[i];
    if(strcmp(u->method, method) || strncmp(u->path, target, strlen(u->path)))
      continue;
    if(u->times && u->used >= u->times)
      continue;
    u->used++;
    rule = *u;
    rule.body = strdup(u->body);
    found = 1;
    break;
  }
  pthread_mutex_unlock(&r->mu);
  free(buf);
  if(!found) {
    rule.status = 404;
    rule.body = strdup("{\"error_code\":\"ENDPOINT_NOT_FOUND\",\"message\":\"no rule\"}");
    snprintf(rule.headers, sizeof(rule.headers), "Content-Type: application/json\r\n");
  }
  if(rule.delay_ms)
    usleep((useconds_t)rule.delay_ms * 1000);
  {
    size_t blen = rule.fill ? rule.fill : strlen(rule.body);
    snprintf(head, sizeof(head), "HTTP/1.1 %d X\r\n%sContent-Length: %zu\r\nConnection: close\r\n\r\n",
             rule.status, rule.headers, blen);
    rsp_send_all(c, head, strlen(head));
    if(rule.fill) {
      char *chunk = malloc(65536);
      size_t sent = 0;
      memset(chunk, 'x', 65536);
      while(sent < rule.fill) {
        size_t k = rule.fill - sent < 65536 ? rule.fill - sent : 65536;
        ssize_t w = send(c, chunk, k, MSG_NOSIGNAL);
        if(w <= 0)
          break;
        sent += (size_t)w;
      }
      free(chunk);
    }
    else
      rsp_send_all(c, rule.body, blen);
  }
  free(rule.body);
  close(c);
  pthread_mutex_lock(&r->mu);
  r->active--;
  pthread_mutex_unlock(&r->mu);
  return NULL;
}

RSP_STATIC void *rsp_accept(void *arg)
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
    pthread_create(&t, NULL, rsp_conn, a);
    pthread_detach(t);
  }
}

RSP_STATIC struct responder *rsp_start(void)
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
  if(bind(r->fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(r->fd, 64))
    abort();
  getsockname(r->fd, (struct sockaddr *)&sa, &sl);
  r->port = ntohs(sa.sin_port);
  pthread_mutex_init(&r->mu, NULL);
  pthread_create(&r->thr, NULL, rsp_accept, r);
  return r;
}

RSP_STATIC void rsp_stop(struct responder *r)
{
  int busy = 1, spins = 0;
  shutdown(r->fd, SHUT_RDWR);
  pthread_join(r->thr, NULL);
  close(r->fd);
  while(busy && spins++ < 2000) {
    pthread_mutex_lock(&r->mu);
    busy = r->active;
    pthread_mutex_unlock(&r->mu);
    if(busy)
      usleep(1000);
  }
  rsp_clear(r);
  if(!busy)
    free(r);
}

#endif
