/* aws_signer.c - SigV4 applied to an hk_request. */
#include "aws/aws_signer.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws/aws_endpoints.h"
#include "aws/aws_sigv4.h"
#include "core/hk_i18n.h"

#define SIGN_MAX_HEADERS 32

static int signed_name(const char *name)
{
  return !strcasecmp(name, "content-type") || !strcasecmp(name, "content-md5") ||
         (!strncasecmp(name, "x-amz-", 6) && strcasecmp(name, "x-amz-date") &&
          strcasecmp(name, "x-amz-security-token") && strcasecmp(name, "x-amz-content-sha256"));
}

/* host[:port] as curl sends it in the Host header. */
static void host_header(const char *url, const char *host, char *out, size_t n)
{
  const char *colon = strrchr(host, ':');
  size_t hl = strlen(host);
  if(colon && !strchr(colon, ']') &&
     ((!strncmp(url, "https://", 8) && !strcmp(colon, ":443")) ||
      (!strncmp(url, "http://", 7) && !strcmp(colon, ":80"))))
    hl = (size_t)(colon - host);
  if(hl >= n)
    hl = n - 1;
  memcpy(out, host, hl);
  out[hl] = '\0';
}

hk_status aws_sign_request(struct hk_request *req, const struct aws_creds *creds,
                           const char *region, const char *service, unsigned flags, time_t now,
                           struct hk_error *err)
{
  char host[512];
  char hosthdr[512];
  char path[4096];
  char *query;
  struct aws_header hs[SIGN_MAX_HEADERS];
  size_t n = 0;
  size_t i;
  struct aws_sigv4_in in;
  struct aws_sigv4_out out;
  hk_status st;

  memset(&out, 0, sizeof(out));
  if(!creds || !creds->access_key || !creds->secret_key)
    return hk_error_set(err, HK_AUTH, _("No AWS credentials to sign the request with."));
  if(aws_url_split(req->url, host, sizeof(host), path, sizeof(path)) != HK_OK)
    return hk_error_set(err, HK_INVALID, _("The request URL cannot be signed: %.200s"),
                        req->url);
  query = strchr(path, '?');
  if(query)
    *query++ = '\0';
  host_header(req->url, host, hosthdr, sizeof(hosthdr));

  hs[n].name = "host";
  hs[n].value = hosthdr;
  n++;
  for(i = 0; i < req->n_headers && n < SIGN_MAX_HEADERS; i++) {
    if(signed_name(req->headers[i].name) && req->headers[i].value[0]) {
      hs[n].name = req->headers[i].name;
      hs[n].value = req->headers[i].value;
      n++;
    }
  }
  memset(&in, 0, sizeof(in));
  in.method = req->method;
  in.path = path[0] ? path : "/";
  in.query = query;
  in.headers = hs;
  in.n_headers = n;
  in.payload = req->body.data;
  in.payload_len = req->body.len;
  in.region = region;
  in.service = service;
  in.access_key = creds->access_key;
  in.secret_key = creds->secret_key;
  in.session_token = creds->session_token;
  in.timestamp = now;
  in.flags = flags;
  st = aws_sigv4_sign(&in, &out, err);
  if(st != HK_OK)
    return st;
  st = hk_request_header_set(req, "Host", hosthdr);
  if(st == HK_OK)
    st = hk_request_header_set(req, "X-Amz-Date", out.amz_date);
  if(st == HK_OK)
    st = hk_request_header_set(req, "X-Amz-Security-Token",
                               creds->session_token && creds->session_token[0]
                                   ? creds->session_token
                                   : NULL);
  if(st == HK_OK && (flags & AWS_SIGV4_CONTENT_SHA256))
    st = hk_request_header_set(req, "X-Amz-Content-Sha256", out.content_sha256);
  if(st == HK_OK)
    st = hk_request_header_set(req, "Authorization", out.authorization);
  aws_sigv4_out_free(&out);
  if(st != HK_OK)
    return hk_error_set(err, st, _("The request could not be signed: %s"), hk_status_text(st));
  return HK_OK;
}
