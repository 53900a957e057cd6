/* net_loop.h - the event loop: one libcurl multi handle, requests, timers.
 *
 * Adding a request never blocks.  Headless code drives the loop with
 * hk_loop_run_until_idle(); the UI calls hk_loop_poll() with stdin as the
 * extra fd so keys and network completions are handled in one place.
 *
 * A request's life: hk_request_new() -> set headers/body/callbacks ->
 * hk_loop_submit().  Before each attempt `prepare` runs (clients sign there);
 * after each attempt `retry` decides (delay in ms, or -1 = finished); then
 * `done` runs once.  After `done` the loop no longer touches the request: the
 * owner frees it (possibly inside `done`).  TLS verification is always on. */
#ifndef NET_LOOP_H
#define NET_LOOP_H

#include <stdio.h>
#include "core/hk_buf.h"
#include "core/hk_status.h"

struct hk_loop;
struct hk_request;

typedef hk_status (*hk_request_prepare_fn)(struct hk_request *req, void *ud);
typedef long (*hk_request_retry_fn)(struct hk_request *req, int attempt, void *ud);
typedef void (*hk_request_done_fn)(struct hk_request *req, void *ud);
typedef void (*hk_timer_fn)(void *ud);

struct hk_kv {
  char *name;
  char *value;
};

struct hk_request {
  /* --- what to send (owned by the request) --- */
  char method[12];
  char *url;
  struct hk_kv *headers;
  size_t n_headers;
  struct hk_buf body;
  long timeout_ms;           /* total; 0 = loop default */
  long connect_timeout_ms;   /* 0 = loop default */
  int max_attempts;          /* 0 = 1 */
  const char *label;         /* static text for traces and counters, e.g. "ec2:DescribeVpcs" */
  int no_resend;             /* a create that must never be sent twice: a fresh connection,
                                so libcurl cannot silently re-send it when a reused one dies */

  /* --- callbacks --- */
  hk_request_prepare_fn prepare;
  hk_request_retry_fn retry;
  hk_request_done_fn done;
  void *ud;

  /* --- result of the last attempt --- */
  long http_status;          /* 0 when no HTTP response arrived */
  struct hk_buf resp_body;
  struct hk_kv *resp_headers;
  size_t n_resp_headers;
  int transport_error;       /* CURLcode; 0 = a response arrived */
  char transport_msg[256];
  int attempts;
  long elapsed_ms;           /* wall time of all attempts */

  /* --- private to the loop --- */
  void *priv_easy;
  void *priv_slist;
  struct hk_loop *priv_loop;
  long priv_start_ms;
  int priv_finished;         /* set just before `done` runs */
  char priv_errbuf[256];
};

struct hk_loop_opts {
  const char *ca_bundle;        /* NULL = system default; callers use hk_ca_bundle() */
  FILE *trace;                  /* NULL = no trace; secrets are redacted */
  long timeout_ms;              /* default total timeout (30000) */
  long connect_timeout_ms;      /* default connect timeout (5000) */
  const char *user_agent;       /* default "heiiki/<version>" */
};

struct hk_loop *hk_loop_new(const struct hk_loop_opts *opts);
void hk_loop_free(struct hk_loop *loop);

/* Requests */
struct hk_request *hk_request_new(const char *method, const char *url);
void hk_request_free(struct hk_request *req);
hk_status hk_request_set_url(struct hk_request *req, const char *url);
/* Set (replace) a header; value NULL removes it. Names compare case-insensitively. */
hk_status hk_request_header_set(struct hk_request *req, const char *name, const char *value);
const char *hk_request_header_get(const struct hk_request *req, const char *name);
hk_status hk_request_body_set(struct hk_request *req, const void *data, size_t len);
/* A response header of the last attempt (case-insensitive), or NULL. */
const char *hk_request_resp_header(const struct hk_request *req, const char *name);
/* True when the last attempt was a transport failure (no HTTP status). */
int hk_request_transport_failed(const struct hk_request *req);
/* Fill err with a sentence for a transport failure (timeout, TLS, refused...). */
hk_status hk_request_transport_error(const struct hk_request *req, struct hk_error *err);

/* Submit: never blocks. On failure to even start, `done` is still called
 * (from the loop, not from inside submit) with transport_error set. */
hk_status hk_loop_submit(struct hk_loop *loop, struct hk_request *req);
/* Submit and run the loop until this request is done (other work runs too).
 * The request's `done` (may be NULL) must not free it; the caller frees it. */
hk_status hk_loop_call_sync(struct hk_loop *loop, struct hk_request *req);

/* Timers: fn runs from the loop after delay_ms. */
hk_status hk_loop_timer(struct hk_loop *loop, long delay_ms, hk_timer_fn fn, void *ud);
/* Drop the timers not yet due that would call fn(ud); returns how many. */
int hk_loop_timer_cancel(struct hk_loop *loop, hk_timer_fn fn, void *ud);

/* Run until no request or timer is pending. */
hk_status hk_loop_run_until_idle(struct hk_loop *loop);
/* Wait up to timeout_ms for network activity, a timer, or extra_fd readable
 * (extra_fd < 0: none); then process completions.  *extra_ready (may be NULL)
 * tells whether extra_fd is readable. */
hk_status hk_loop_poll(struct hk_loop *loop, long timeout_ms, int extra_fd, int *extra_ready);
/* Number of requests and timers not yet finished. */
int hk_loop_pending(const struct hk_loop *loop);

/* Pin host:port to addr:addr_port for every request (libcurl CONNECT_TO):
 * TLS and the Host header keep the real name. */
hk_status hk_loop_pin(struct hk_loop *loop, const char *host, int port,
                      const char *addr, int addr_port);
/* Register a secret value: the trace writer replaces it with "***". */
void hk_loop_add_secret(struct hk_loop *loop, const char *secret);

/* Counters for benchmarks and tests. */
struct hk_loop_stats {
  long requests;       /* attempts sent */
  long retries;
  long max_in_flight;
};
void hk_loop_stats(const struct hk_loop *loop, struct hk_loop_stats *out);

/* Monotonic milliseconds. */
long hk_now_ms(void);

/* Backoff helper: full-jitter exponential (base_ms * 2^attempt, capped). */
long hk_backoff_ms(int attempt, long base_ms, long cap_ms);

#endif
