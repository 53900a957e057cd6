/* responder.h - a tiny scripted HTTP server on 127.0.0.1 for the AWS client
 * tests (header-only: included by test_aws_*.c).
 *
 * Rules are matched in order against the raw request (request line, headers
 * and body): the first rule whose text occurs in it and has uses left
 * answers.  Status 0 closes the connection without an answer (a reset).
 * Every request is logged for assertions.  One request per connection. */
#ifndef AWS_TEST_RESPONDER_H
#define AWS_TEST_RESPONDER_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define RESP_MAX_RULES 64
#define RESP_MAX_LOG 256

struct resp_rule {
  char match[256];
  int status;
  char headers[512];   /* extra header lines, each ending in \r\n */
  char *body;
  int uses;            /* 0 = unlimited */
};

struct responder {
  int fd;
  int port;
  pthread_t th;
  pthread_mutex_t mu;
  volatile int stop;
  struct resp_rule rules[RESP_MAX_RULES];
  int n_rules;
  char *log[RESP_MAX_LOG];
  int n_log;
};

static inline void resp_add(struct responder *r, const char *match, int status, const char *headers,
                     const char *body, int uses)
{
  struct resp_rule *u;
  pthread_mutex_lock(&r->mu);
  u = &r->rules[r->n_rules++];
  snprintf(u->match, sizeof(u->match), "%s", match);
  u->status = status;
  snprintf(u->headers, sizeof(u->headers), "%s", headers ? headers : "");
  u->body = strdup(body ? body : "");
  u->uses = uses;
  pthread_mutex_unlock(&r->mu);
}

/* Body of any size (e.g. 10 MB). */
static inline void resp_add_owned(struct responder *r, const char *match, int status, char *body,
                           int uses)
{
  resp_add(r, match, status, NULL, "", uses);
  pthread_mutex_lock(&r->mu);
  free(r->rules[r->n_rules - 1].body);
  r->rules[r->n_rules - 1].body = body;
  pthread_mutex_unlock(&r->mu);
}

static inline int resp_count(struct responder *r, const char *match)
{
  int i;
  int n = 0;
  pthread_mutex_lock(&r->mu);
  for(i = 0; i < r->n_log; i++) {
    if(strstr(r->log[i], match))
      n++;
  }
  pthread_mutex_unlock(&r->mu);
  return n;
}

/* The i-th logged request (copy, caller frees), or NULL. */
static inline char *resp_logged(struct responder *r, int i)
{
  char *s = NULL;
  pthread_mutex_lock(&r->mu);
  if(i >= 0 && i < r->n_log)
    s = strdup(r->log[i]);
  pthread_mutex_unlock(&r->mu);
  return s;
}

static inline const char *resp_find_cl(const char *buf, const char *end)
{
  const char *p;
  for(p = buf; p + 17 <= end; p++) {
    if(!strncasecmp(p, "\r\nContent-Length:", 17))
      return p;
  }
  return NULL;
}

static inline void resp_send_all(int c, const char *p, size_t n)
{
  while(n) {
    ssize_t w = send(c, p, n, MSG_NOSIGNAL);
    if(w <= 0)
      return;
    p += w;
    n -= (size_t)w;
  }
}

static inline void resp_serve(struct responder *r, int c)
{
  char *buf = malloc(1 << 20);
  size_t len = 0;
  size_t need = 0;
  char *hend = NULL;
  int i;
  struct resp_rule *hit = NULL;
  char head[1024];

  if(!buf)
    return;
  for(;;) {
    struct pollfd pf = {c, POLLIN, 0};
    ssize_t got;
    if(poll(&pf, 1, 2000) <= 0)
      break;
    got = recv(c, buf + len, (1 << 20) - 1 - len, 0);
    if(got <= 0)
      break;
    len += (size_t)got;
    buf[len] = '\0';
    if(!hend) {
      hend = strstr(buf, "\r\n\r\n");
      if(hend) {
        const char *cl = resp_find_cl(buf, hend);
        size_t blen = cl ? (size_t)strtoul(cl + 17, NULL, 10) : 0;
        need = (size_t)(hend - buf) + 4 + blen;
      }
    }
    if(hend && len >= need)
      break;
  }
  pthread_mutex_lock(&r->mu);
  if(r->n_log < RESP_MAX_LOG)
    r->log[r->n_log++] = strdup(buf);
  for(i = 0; i < r->n_rules; i++) {
    struct resp_rule *u = &r->rules[i];
    if(u->uses < 0)
      continue;
    if(strstr(buf, u->match)) {
      hit = u;
      if(u->uses > 0 && --u->uses == 0)
        u->uses = -1;
      break;
    }
  }
  pthread_mutex_unlock(&r->mu);
  if(hit && hit->status == 0) {
    free(buf);
    return;
  }
  if(!hit) {
    const char *nf = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    resp_send_all(c, nf, strlen(nf));
    free(buf);
    return;
  }
  snprintf(head, sizeof(head),
           "HTTP/1.1 %d X\r\n%sContent-Length: %zu\r\nConnection: close\r\n\r\n", hit->status,
           hit->headers, strlen(hit->body));
  resp_send_all(c, head, strlen(head));
  if(strncmp(buf, "HEAD ", 5))
    resp_send_all(c, hit->body, strlen(hit->body));
  free(buf);
}

static inline void *resp_thread(void *ud)
{
  struct responder *r = ud;
  while(!r->stop) {
    struct pollfd pf = {r->fd, POLLIN, 0};
    int c;
    if(poll(&pf, 1, 50) <= 0)
      continue;
    c = accept(r->fd, NULL, NULL);
    if(c < 0)
      continue;
    resp_serve(r, c);
    close(c);
  }
  return NULL;
}

static inline int resp_start(struct responder *r)
{
  struct sockaddr_in a;
  socklen_t al = sizeof(a);
  int one = 1;

  memset(r, 0, sizeof(*r));
  pthread_mutex_init(&r->mu, NULL);
  r->fd = socket(AF_INET, SOCK_STREAM, 0);
  if(r->fd < 0)
    return -1;
  setsockopt(r->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  memset(&a, 0, sizeof(a));
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  if(bind(r->fd, (struct sockaddr *)&a, sizeof(a)) || listen(r->fd, 16) ||
     getsockname(r->fd, (struct sockaddr *)&a, &al))
    return -1;
  r->port = ntohs(a.sin_port);
  return pthread_create(&r->th, NULL, resp_thread, r) ? -1 : 0;
}

static inline void resp_stop(struct responder *r)
{
  int i;
  r->stop = 1;
  pthread_join(r->th, NULL);
  close(r->fd);
  for(i = 0; i < r->n_rules; i++)
    free(r->rules[i].body);
  for(i = 0; i < r->n_log; i++)
    free(r->log[i]);
  pthread_mutex_destroy(&r->mu);
}

#endif
