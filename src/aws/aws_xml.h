/* aws_xml.h - reading AWS XML responses with libxml2, and AWS errors.
 *
 * Bodies are parsed without network access, entity substitution or DTD
 * loading, and refused above AWS_XML_MAX_BYTES.  Lookups go by local name,
 * so namespaced (real AWS) and un-namespaced (emulators) documents read the
 * same. */
#ifndef AWS_XML_H
#define AWS_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <libxml/tree.h>

#include "core/hk_status.h"

#define AWS_XML_MAX_BYTES (8u * 1024u * 1024u)

/* Parse a response body; NULL with err set (HK_PARSE or HK_TOO_BIG). */
xmlDoc *aws_xml_parse(const char *body, size_t len, struct hk_error *err);
void aws_xml_free(xmlDoc *doc);
xmlNode *aws_xml_root(xmlDoc *doc);
/* True when the element's local name is name. */
bool aws_xml_is(const xmlNode *n, const char *name);
/* First element child named local (any namespace), or NULL. */
xmlNode *aws_xml_child(const xmlNode *parent, const char *local);
/* Next element sibling named local after cur, or NULL. */
xmlNode *aws_xml_next(const xmlNode *cur, const char *local);
/* Follow "a/b/c" from n; NULL when any step is missing. */
xmlNode *aws_xml_path(const xmlNode *n, const char *path);
/* Copy the text of path (relative to n; "" = n itself) into out.
 * Returns false (out = "") when the element is missing. */
bool aws_xml_text(const xmlNode *n, const char *path, char *out, size_t size);
/* Heap copy of the text of path, or NULL when missing. */
char *aws_xml_text_dup(const xmlNode *n, const char *path);
/* Integer / boolean text of path; dflt when missing or malformed. */
long aws_xml_long(const xmlNode *n, const char *path, long dflt);
int aws_xml_bool(const xmlNode *n, const char *path, int dflt);

/* Iterate the members of a list element: for(it = aws_xml_first(list); it;
 * it = aws_xml_next_member(it)).  Members are "item" (EC2) or "member"
 * (IAM, STS). */
xmlNode *aws_xml_first(const xmlNode *list);
xmlNode *aws_xml_next_member(const xmlNode *cur);

/* Fill err from an error response of any of the three shapes (EC2
 * <Response><Errors><Error>, IAM/STS <ErrorResponse><Error>, S3 <Error>),
 * with a sentence and a hint.  action names the call ("ec2:DescribeVpcs")
 * for permission messages; hdr_request_id is x-amz-request-id or NULL.
 * Returns err->status. */
hk_status aws_xml_error(long http_status, const char *body, size_t len, const char *action,
                        const char *hdr_request_id, struct hk_error *err);
/* Status for an AWS error code (e.g. HK_THROTTLED for "SlowDown"). */
hk_status aws_error_code_status(const char *code, long http_status);
/* True for throttling codes of any service. */
bool aws_error_is_throttle(const char *code);

#endif
