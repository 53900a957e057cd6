/* aws_xml.c - libxml2 helpers and AWS error responses. */
#include "aws/aws_xml.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>

#include "core/hk_buf.h"
#include "core/hk_i18n.h"

static void xml_quiet(void *ctx, const char *msg, ...)
{
  (void)ctx;
  (void)msg;
}

xmlDoc *aws_xml_parse(const char *body, size_t len, struct hk_error *err)
{
  xmlDoc *doc;

  if(len > AWS_XML_MAX_BYTES) {
    hk_error_set(err, HK_TOO_BIG,
                 _("The AWS response is %zu bytes, more than the %u bytes heiiki accepts; it "
                   "was refused."),
                 len, AWS_XML_MAX_BYTES);
    return NULL;
  }
  if(!body || !len) {
    hk_error_set(err, HK_PARSE, _("The AWS response was empty where an XML document was "
                                  "expected."));
    return NULL;
  }
  /* libxml2 reports some errors (encoding conversion) through its generic
   * handler even with NOERROR: to stderr, over the wizard's screen.  The
   * sentence below says what went wrong instead. */
  xmlSetGenericErrorFunc(NULL, xml_quiet);
  doc = xmlReadMemory(body, (int)len, "response.xml", NULL,
                      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if(!doc || !xmlDocGetRootElement(doc)) {
    if(doc)
      xmlFreeDoc(doc);
    hk_error_set(err, HK_PARSE,
                 _("The AWS response is not well-formed XML (truncated or garbled, %zu bytes). "
                   "Retry; if it persists, check proxies between heiiki and AWS."),
                 len);
    return NULL;
  }
  return doc;
}

void aws_xml_free(xmlDoc *doc)
{
  if(doc)
    xmlFreeDoc(doc);
}

xmlNode *aws_xml_root(xmlDoc *doc)
{
  return doc ? xmlDocGetRootElement(doc) : NULL;
}

bool aws_xml_is(const xmlNode *n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE && n->name &&
         !strcmp((const char *)n->name, name);
}

xmlNode *aws_xml_child(const xmlNode *parent, const char *local)
{
  xmlNode *c;
  if(!parent)
    return NULL;
  for(c = parent->children; c; c = c->next) {
    if(aws_xml_is(c, local))
      return c;
  }
  return NULL;
}

xmlNode *aws_xml_next(const xmlNode *cur, const char *local)
{
  xmlNode *c;
  if(!cur)
    return NULL;
  for(c = cur->next; c; c = c->next) {
    if(aws_xml_is(c, local))
      return c;
  }
  return NULL;
}

xmlNode *aws_xml_path(const xmlNode *n, const char *path)
{
  char step[128];
  xmlNode *cur = NULL;
  const xmlNode *from = n;
  const char *p = path;

  if(!n || !path || !*path)
    return NULL;
  while(*p) {
    const char *slash = strchr(p, '/');
    size_t len = slash ? (size_t)(slash - p) : strlen(p);
    if(len == 0 || len >= sizeof(step))
      return NULL;
    memcpy(step, p, len);
    step[len] = '\0';
    cur = aws_xml_child(from, step);
    if(!cur)
      return NULL;
    from = cur;
    p += len;
    if(*p == '/')
      p++;
  }
  return cur;
}

static char *node_text(const xmlNode *n)
{
  xmlChar *t = xmlNodeGetContent(n);
  char *s;
  if(!t)
    return hk_strdup("");
  s = hk_strdup((const char *)t);
  xmlFree(t);
  return s;
}

char *aws_xml_text_dup(const xmlNode *n, const char *path)
{
  const xmlNode *e;
  if(!n)
    return NULL;
  if(!path || !*path)
    e = n;
  else
    e = aws_xml_path(n, path);
  if(!e)
    return NULL;
  return node_text(e);
}

bool aws_xml_text(const xmlNode *n, const char *path, char *out, size_t size)
{
  char *t = aws_xml_text_dup(n, path);
  if(size)
    out[0] = '\0';
  if(!t)
    return false;
  hk_strlcpy(out, t, size);
  free(t);
  return true;
}

long aws_xml_long(const xmlNode *n, const char *path, long dflt)
{
  char buf[32];
  char *end = NULL;
  long v;
  if(!aws_xml_text(n, path, buf, sizeof(buf)) || !buf[0])
    return dflt;
  v = strtol(buf, &end, 10);
  if(!end || *end)
    return dflt;
  return v;
}

int aws_xml_bool(const xmlNode *n, const char *path, int dflt)
{
  char buf[16];
  if(!aws_xml_text(n, path, buf, sizeof(buf)))
    return dflt;
  if(!strcasecmp(buf, "true"))
    return 1;
  if(!strcasecmp(buf, "false"))
    return 0;
  return dflt;
}

xmlNode *aws_xml_first(const xmlNode *list)
{
  xmlNode *c;
  if(!list)
    return NULL;
  for(c = list->children; c; c = c->next) {
    if(aws_xml_is(c, "item") || aws_xml_is(c, "member"))
      return c;
  }
  return NULL;
}

xmlNode *aws_xml_next_member(const xmlNode *cur)
{
  return cur ? aws_xml_next(cur, (const char *)cur->name) : NULL;
}

/* ---- errors ---- */

/* X(code, status) - codes whose status is not found by the generic rules. */
#define AWS_ERROR_TABLE(X)                          \
  X("AuthFailure", HK_AUTH)                         \
  X("SignatureDoesNotMatch", HK_AUTH)               \
  X("IncompleteSignature", HK_AUTH)                 \
  X("InvalidClientTokenId", HK_AUTH)                \
  X("InvalidAccessKeyId", HK_AUTH)                  \
  X("MissingAuthenticationToken", HK_AUTH)          \
  X("RequestExpired", HK_AUTH)                      \
  X("RequestTimeTooSkewed", HK_AUTH)                \
  X("ExpiredToken", HK_AUTH)                        \
  X("ExpiredTokenException", HK_AUTH)               \
  X("InvalidToken", HK_AUTH)                        \
  X("AccessDenied", HK_AUTH)                        \
  X("AccessDeniedException", HK_AUTH)               \
  X("UnauthorizedOperation", HK_AUTH)               \
  X("UnauthorizedAccess", HK_AUTH)                  \
  X("AuthorizationHeaderMalformed", HK_AUTH)        \
  X("Throttling", HK_THROTTLED)                     \
  X("ThrottlingException", HK_THROTTLED)            \
  X("RequestLimitExceeded", HK_THROTTLED)           \
  X("RequestThrottled", HK_THROTTLED)               \
  X("RequestThrottledException", HK_THROTTLED)      \
  X("SlowDown", HK_THROTTLED)                       \
  X("TooManyRequestsException", HK_THROTTLED)       \
  X("PriorRequestNotComplete", HK_THROTTLED)        \
  X("NoSuchEntity", HK_NOT_FOUND)                   \
  X("NoSuchBucket", HK_NOT_FOUND)                   \
  X("NoSuchKey", HK_NOT_FOUND)                      \
  X("NoSuchBucketPolicy", HK_NOT_FOUND)             \
  X("NoSuchPublicAccessBlockConfiguration", HK_NOT_FOUND) \
  X("EntityAlreadyExists", HK_CONFLICT)             \
  X("BucketAlreadyExists", HK_CONFLICT)             \
  X("BucketAlreadyOwnedByYou", HK_CONFLICT)         \
  X("BucketNotEmpty", HK_CONFLICT)                  \
  X("DeleteConflict", HK_CONFLICT)                  \
  X("DependencyViolation", HK_CONFLICT)             \
  X("IdempotentParameterMismatch", HK_CONFLICT)     \
  X("OperationAborted", HK_CONFLICT)                \
  X("ConcurrentModification", HK_CONFLICT)          \
  X("LimitExceeded", HK_API)                        \
  X("InternalError", HK_SERVER)                     \
  X("InternalFailure", HK_SERVER)                   \
  X("ServiceUnavailable", HK_SERVER)                \
  X("Unavailable", HK_SERVER)

struct code_status {
  const char *code;
  hk_status st;
};

static const struct code_status code_table[] = {
#define AWS_X_CODE(c, s) {c, s},
    AWS_ERROR_TABLE(AWS_X_CODE)
#undef AWS_X_CODE
};

static bool ends_with(const char *s, const char *suffix)
{
  size_t a = strlen(s);
  size_t b = strlen(suffix);
  return a >= b && !strcmp(s + a - b, suffix);
}

hk_status aws_error_code_status(const char *code, long http_status)
{
  size_t i;
  if(code && code[0]) {
    for(i = 0; i < sizeof(code_table) / sizeof(code_table[0]); i++) {
      if(!strcmp(code, code_table[i].code))
        return code_table[i].st;
    }
    if(ends_with(code, ".NotFound") || ends_with(code, "NotFound") ||
       ends_with(code, "NotFoundException") || !strncmp(code, "NoSuch", 6))
      return HK_NOT_FOUND;
    if(ends_with(code, ".Duplicate") || ends_with(code, "AlreadyExists") ||
       ends_with(code, "AlreadyExistsException"))
      return HK_CONFLICT;
    if(ends_with(code, ".Malformed") || !strncmp(code, "Invalid", 7) ||
       !strncmp(code, "Malformed", 9) || !strcmp(code, "ValidationError") ||
       !strcmp(code, "MissingParameter"))
      return HK_INVALID;
  }
  if(http_status == 429)
    return HK_THROTTLED;
  if(http_status >= 500)
    return HK_SERVER;
  if(http_status == 401 || http_status == 403)
    return HK_AUTH;
  if(http_status == 404)
    return HK_NOT_FOUND;
  if(http_status == 409)
    return HK_CONFLICT;
  return HK_API;
}

bool aws_error_is_throttle(const char *code)
{
  return code && code[0] && aws_error_code_status(code, 0) == HK_THROTTLED;
}

static bool is_code(const char *code, const char *a)
{
  return code && !strcmp(code, a);
}

/* "User: arn:... is not authorized to perform: iam:GetRole on resource: ..."
 * -> "iam:GetRole". */
static void denied_action(const char *api_msg, const char *action, char *out, size_t n)
{
  const char *p = api_msg ? strstr(api_msg, "perform: ") : NULL;
  size_t len = 0;
  if(p) {
    p += strlen("perform: ");
    while(p[len] && !isspace((unsigned char)p[len]) && p[len] != ',')
      len++;
  }
  if(len && len < n) {
    memcpy(out, p, len);
    out[len] = '\0';
    return;
  }
  hk_strlcpy(out, action && action[0] ? action : _("this action"), n);
}

/* AWS names the policy type that refused a request (IAM User Guide,
 * "Troubleshoot access denied error messages"; S3 User Guide,
 * troubleshoot-403-errors.html, "VPC endpoint policies"): "... with an explicit
 * deny in a VPC endpoint policy" or "... because no VPC endpoint policy allows
 * the s3:CreateBucket action".  1 explicit, 2 no Allow, 0 not an endpoint policy. */
static int endpoint_policy_denial(const char *msg)
{
  if(!msg || !strstr(msg, "VPC endpoint policy"))
    return 0;
  return strstr(msg, "explicit deny in a VPC endpoint policy") ? 1 : 2;
}

static void explain(struct hk_error *err, const char *action)
{
  const char *c = err->code;
  char perm[160];
  const char *what = action && action[0] ? action : _("the AWS call");

  if(is_code(c, "ExpiredToken") || is_code(c, "ExpiredTokenException") ||
     is_code(c, "InvalidToken")) {
    hk_error_set(err, HK_AUTH, _("AWS refused %s: the session token has expired."), what);
    hk_error_hint(err, _("Refresh the temporary credentials (for example aws sso login, or "
                         "rerun the credential process) and try again."));
  }
  else if(is_code(c, "RequestExpired") || is_code(c, "RequestTimeTooSkewed")) {
    hk_error_set(err, HK_AUTH, _("AWS refused %s: the request time is too far from AWS's "
                                 "clock."), what);
    hk_error_hint(err, _("Check the system clock (it must be within 5 minutes of the real "
                         "time; enable NTP)."));
  }
  else if(is_code(c, "AuthorizationHeaderMalformed")) {
    hk_error_set(err, HK_AUTH, _("AWS refused %s: the request was signed for the wrong "
                                 "region."), what);
    hk_error_hint(err, _("Check AWS_REGION and the region of the resource."));
  }
  else if(err->status == HK_AUTH &&
          (is_code(c, "AccessDenied") || is_code(c, "AccessDeniedException") ||
           is_code(c, "UnauthorizedOperation") || is_code(c, "UnauthorizedAccess") ||
           (!c[0] && err->http_status == 403))) {
    denied_action(err->api_message, action, perm, sizeof(perm));
    if(endpoint_policy_denial(err->api_message)) {
      hk_error_set(err, HK_AUTH,
                   endpoint_policy_denial(err->api_message) == 1
                     ? _("AWS refused %s: a VPC endpoint policy on this host's way to AWS has an "
                         "explicit Deny for it.")
                     : _("AWS refused %s: no VPC endpoint policy on this host's way to AWS allows "
                         "it."), perm);
      hk_error_hint(err, _("heiiki runs inside a VPC and this call passes one of its endpoints (for "
                           "S3, the gateway endpoint in this subnet's route table; aws ec2 "
                           "describe-vpc-endpoints lists them). Allow %s in that endpoint's policy "
                           "(with endpoints.attach_policies the policy heiiki generates does), or "
                           "run heiiki from a host outside the VPC. Granting it to your identity "
                           "would not help."), perm);
      return;
    }
    hk_error_set(err, HK_AUTH, _("The AWS credentials are not allowed to call %s."), perm);
    hk_error_hint(err, _("Grant the permission %s to the identity heiiki runs as (check with "
                         "aws sts get-caller-identity), or use a profile that has it."),
                  perm);
  }
  else if(err->status == HK_AUTH) {
    hk_error_set(err, HK_AUTH, _("AWS rejected the credentials or the signature of %s."),
                 what);
    hk_error_hint(err, _("Check the credentials (AWS_ACCESS_KEY_ID, AWS_PROFILE) and the "
                         "clock."));
  }
  else if(err->status == HK_THROTTLED) {
    hk_error_set(err, HK_THROTTLED, _("AWS is throttling %s and retries did not get "
                                      "through."), what);
    hk_error_hint(err, _("Wait a minute and try again; other tools in the account may be "
                         "using the API quota."));
  }
  else if(err->status == HK_NOT_FOUND) {
    hk_error_set(err, HK_NOT_FOUND, _("%s: the resource does not exist (%s)."), what,
                 c[0] ? c : _("HTTP 404"));
  }
  else if(err->status == HK_CONFLICT) {
    hk_error_set(err, HK_CONFLICT, _("%s: the resource exists or is in use (%s)."), what, c);
  }
  else if(err->status == HK_SERVER) {
    hk_error_set(err, HK_SERVER, _("AWS had an internal error in %s (HTTP %ld)."), what,
                 err->http_status);
    hk_error_hint(err, _("Retry later; check the AWS Health Dashboard if it persists."));
  }
  else {
    hk_error_set(err, err->status, _("AWS refused %s: %s"), what,
                 err->api_message[0] ? err->api_message : c);
  }
}

hk_status aws_xml_error(long http_status, const char *body, size_t len, const char *action,
                        const char *hdr_request_id, struct hk_error *err)
{
  struct hk_error local;
  struct hk_error perr;
  xmlDoc *doc = NULL;
  xmlNode *root;
  xmlNode *e = NULL;

  if(!err)
    err = &local;
  hk_error_clear(err);
  hk_error_clear(&perr);
  err->http_status = http_status;
  if(hdr_request_id)
    hk_strlcpy(err->request_id, hdr_request_id, sizeof(err->request_id));

  if(body && len)
    doc = aws_xml_parse(body, len, &perr);
  root = aws_xml_root(doc);
  if(aws_xml_is(root, "Response")) {
    e = aws_xml_path(root, "Errors/Error");
    if(!err->request_id[0])
      aws_xml_text(root, "RequestID", err->request_id, sizeof(err->request_id));
    if(!err->request_id[0])
      aws_xml_text(root, "RequestId", err->request_id, sizeof(err->request_id));
  }
  else if(aws_xml_is(root, "ErrorResponse")) {
    e = aws_xml_child(root, "Error");
    if(!err->request_id[0])
      aws_xml_text(root, "RequestId", err->request_id, sizeof(err->request_id));
  }
  else if(aws_xml_is(root, "Error")) {
    e = root;
    if(!err->request_id[0])
      aws_xml_text(root, "RequestId", err->request_id, sizeof(err->request_id));
  }

  if(e) {
    aws_xml_text(e, "Code", err->code, sizeof(err->code));
    aws_xml_text(e, "Message", err->api_message, sizeof(err->api_message));
  }
  if(!e && body && len && http_status < 500) {
    /* Not an AWS error document: say what arrived. */
    if(perr.status == HK_TOO_BIG) {
      hk_error_set(err, HK_TOO_BIG, "%s", perr.message);
    }
    else {
      hk_error_set(err, HK_PARSE,
                   _("%s failed with HTTP %ld and a response that is not an AWS error "
                     "document."),
                   action && action[0] ? action : _("The AWS call"), http_status);
      hk_error_hint(err, _("Check the endpoint URL (AWS_ENDPOINT_URL*) and any proxy."));
    }
    aws_xml_free(doc);
    return err->status;
  }
  err->status = aws_error_code_status(err->code, http_status);
  explain(err, action);
  aws_xml_free(doc);
  return err->status;
}
