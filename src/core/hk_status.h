/* hk_status.h - errors are values: one status enum and one error record.
 *
 * The X-macro generates the enum, the short names and the default sentences
 * together.  Every user-visible error carries: a status, a sentence (what is
 * wrong, what to do), and, for API errors, the service's code, message and
 * request ID verbatim. */
#ifndef HK_STATUS_H
#define HK_STATUS_H

#include <stddef.h>

#define HK_STATUS_TABLE(X)                                                     \
  X(OK,        "ok",         "Success.")                                       \
  X(NOMEM,     "nomem",      "Out of memory.")                                 \
  X(INVALID,   "invalid",    "The value is not valid.")                        \
  X(IO,        "io",         "A file could not be read or written.")           \
  X(PARSE,     "parse",      "A response or file could not be parsed.")        \
  X(CONFIG,    "config",     "The configuration is incomplete or wrong.")      \
  X(NET,       "net",        "The network request failed.")                    \
  X(TIMEOUT,   "timeout",    "The request timed out.")                         \
  X(TLS,       "tls",        "The TLS connection could not be verified.")      \
  X(AUTH,      "auth",       "Authentication or authorization failed.")        \
  X(NOT_FOUND, "not_found",  "The resource does not exist.")                   \
  X(CONFLICT,  "conflict",   "The resource exists or is in use.")              \
  X(THROTTLED, "throttled",  "The service is throttling requests.")            \
  X(SERVER,    "server",     "The service had an internal error.")             \
  X(API,       "api",        "The service refused the request.")               \
  X(STATE,     "state",      "The saved state cannot be used.")                \
  X(CANCELLED, "cancelled",  "The operation was cancelled.")                   \
  X(TOO_BIG,   "too_big",    "The input is too large.")

typedef enum {
#define HK_X_ENUM(name, short_, text) HK_##name,
  HK_STATUS_TABLE(HK_X_ENUM)
#undef HK_X_ENUM
  HK_STATUS__COUNT
} hk_status;

struct hk_error {
  hk_status status;
  long http_status;        /* 0 when not an HTTP error */
  char code[96];           /* service error code, verbatim ("AuthFailure") */
  char message[1024];      /* sentence for the user: what is wrong, what to do */
  char api_message[1024];  /* service's own message, verbatim */
  char request_id[128];
  char hint[512];          /* optional fix, e.g. a copy-paste command */
};

const char *hk_status_name(hk_status st);
/* The status as a sentence in the operator's language (gettext; the table is X:3 in the pot). */
const char *hk_status_text(hk_status st);

/* Reset to HK_OK with empty strings.  err may be NULL in all functions. */
void hk_error_clear(struct hk_error *err);
/* Set status and a printf-style sentence; returns st for `return hk_error_set(...)`. */
hk_status hk_error_set(struct hk_error *err, hk_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Set the hint (fix) sentence. */
void hk_error_hint(struct hk_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* One line for logs: "message [code: api_message] (request id)". */
void hk_error_format(const struct hk_error *err, char *out, size_t n);

#endif
