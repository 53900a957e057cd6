/* dbx_error.h - Databricks HTTP responses to hk_error sentences.
 *
 * JSON errors carry `error_code` + `message` (OAuth: `error` +
 * `error_description`); both are kept verbatim in err->code/api_message.
 * HTML where JSON was expected (a login page, a proxy page, the private-link
 * validation page) and other non-JSON bodies get their own sentences. */
#ifndef DBX_ERROR_H
#define DBX_ERROR_H

#include <stdbool.h>
#include <stddef.h>
#include "core/hk_status.h"

struct dbx_http_result {
  long http_status;
  const char *body;          /* may be NULL */
  size_t len;
  const char *location;      /* Location header or NULL */
  const char *request_id;    /* x-request-id header or NULL */
  const char *content_type;  /* or NULL */
};

/* Fill err for a non-2xx response (or a 2xx one whose body is not JSON).
 * `what` names the call for the sentence, e.g. "POST /networks". */
hk_status dbx_error_from_http(const struct dbx_http_result *r, const char *what,
                              struct hk_error *err);

/* True when the body looks like HTML (after leading blanks: '<'). */
bool dbx_body_is_html(const char *body, size_t len);
/* True when body or location show the workspace's private-link validation page. */
bool dbx_is_private_link_page(const struct dbx_http_result *r);
/* True when a 403 message reads like a missing entitlement (Enterprise tier,
 * PrivateLink not enabled, private access). */
bool dbx_is_entitlement_message(const char *msg);

/* Retry-After value (delta seconds or HTTP-date) in ms; -1 when absent or
 * unparsable.  now_epoch_s is used for HTTP-dates. */
long dbx_retry_after_ms(const char *value, long long now_epoch_s);

/* Case-insensitive substring search (bounded by len). */
bool dbx_contains_ci(const char *hay, size_t len, const char *needle);

#endif
