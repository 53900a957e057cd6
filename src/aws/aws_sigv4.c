/* aws_sigv4.c - AWS Signature Version 4 (header signing). */
#include "aws/aws_sigv4.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/hk_i18n.h"

static const char hexdig[] = "0123456789abcdef";
static const char hexup[] = "0123456789ABCDEF";

static void to_hex(const unsigned char *p, size_t n, char *out)
{
  size_t i;
  for(i = 0; i < n; i++) {
    out[2 * i] = hexdig[p[i] >> 4];
    out[2 * i + 1] = hexdig[p[i] & 15];
  }
  out[2 * n] = '\0';
}

void aws_sha256_hex(const void *data, size_t len, char out[65])
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int mdlen = 0;

  if(!EVP_Digest(data ? data : "", len, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32) {
    out[0] = '\0';
    return;
  }
  to_hex(md, 32, out);
}

hk_status aws_hmac_sha256(const void *key, size_t key_len, const void *data,
                          size_t len, unsigned char out[32])
{
  unsigned int outlen = 0;
  if(key_len > (size_t)0x7fffffff)
    return HK_TOO_BIG;
  if(!HMAC(EVP_sha256(), key, (int)key_len, data ? data : (const void *)"", len, out, &outlen) ||
     outlen != 32)
    return HK_INVALID;
  return HK_OK;
}

static int is_unreserved(unsigned char c)
{
  return isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

hk_status aws_uri_encode(struct hk_buf *b, const char *s, size_t len, int keep_slash)
{
  size_t i;
  hk_status st = HK_OK;

  for(i = 0; i < len && st == HK_OK; i++) {
    unsigned char c = (unsigned char)s[i];
    if(is_unreserved(c) || (keep_slash && c == '/')) {
      st = hk_buf_append(b, &s[i], 1);
    }
    else {
      char esc[3];
      esc[0] = '%';
      esc[1] = hexup[c >> 4];
      esc[2] = hexup[c & 15];
      st = hk_buf_append(b, esc, 3);
    }
  }
  return st;
}

static int hexval(char c)
{
  if(c >= '0' && c <= '9')
    return c - '0';
  if(c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if(c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

hk_status aws_uri_decode(struct hk_buf *b, const char *s, size_t len)
{
  size_t i;
  hk_status st = HK_OK;

  for(i = 0; i < len && st == HK_OK; i++) {
    if(s[i] == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
      char c = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
      st = hk_buf_append(b, &c, 1);
      i += 2;
    }
    else {
      st = hk_buf_append(b, &s[i], 1);
    }
  }
  return st;
}

void aws_amz_date(time_t t, char out[17])
{
  struct tm tm;
  if(!gmtime_r(&t, &tm) || !strftime(out, 17, "%Y%m%dT%H%M%SZ", &tm))
    hk_strlcpy(out, "19700101T000000Z", 17);
}

/* ---- canonical URI ---- */

/* Remove dot segments and empty segments; keep a trailing slash. */
static hk_status normalize_path(const char *path, struct hk_buf *out)
{
  size_t len = strlen(path);
  size_t *starts = NULL;
  size_t *lens = NULL;
  size_t n = 0;
  size_t i = 0;
  size_t k;
  int trailing;
  hk_status st = HK_OK;

  starts = calloc(len + 1, sizeof(*starts));
  lens = calloc(len + 1, sizeof(*lens));
  if(!starts || !lens) {
    st = HK_NOMEM;
    goto out;
  }
  while(i < len) {
    size_t j;
    while(i < len && path[i] == '/')
      i++;
    j = i;
    while(j < len && path[j] != '/')
      j++;
    if(j > i) {
      size_t sl = j - i;
      if(sl == 1 && path[i] == '.') {
        /* skip */
      }
      else if(sl == 2 && path[i] == '.' && path[i + 1] == '.') {
        if(n)
          n--;
      }
      else {
        starts[n] = i;
        lens[n] = sl;
        n++;
      }
    }
    i = j;
  }
  trailing = len > 0 && path[len - 1] == '/';
  st = hk_buf_append(out, "/", 1);
  for(k = 0; k < n && st == HK_OK; k++) {
    st = hk_buf_append(out, path + starts[k], lens[k]);
    if(st == HK_OK && (k + 1 < n || trailing))
      st = hk_buf_append(out, "/", 1);
  }
out:
  free(starts);
  free(lens);
  return st;
}

static hk_status canonical_uri(const struct aws_sigv4_in *in, struct hk_buf *out)
{
  const char *path = (in->path && in->path[0]) ? in->path : "/";
  struct hk_buf norm;
  hk_status st;

  hk_buf_init(&norm);
  if(in->flags & AWS_SIGV4_NO_NORMALIZE)
    st = hk_buf_puts(&norm, path);
  else
    st = normalize_path(path, &norm);
  if(st != HK_OK)
    goto out;
  if(in->flags & AWS_SIGV4_NO_DOUBLE_ENCODE)
    st = hk_buf_append(out, norm.data, norm.len);
  else
    st = aws_uri_encode(out, norm.data, norm.len, 1);
out:
  hk_buf_free(&norm);
  return st;
}

/* ---- canonical query ---- */

struct qparam {
  char *key;
  char *value;
};

static int qparam_cmp(const void *a, const void *b)
{
  const struct qparam *x = a;
  const struct qparam *y = b;
  int c = strcmp(x->key, y->key);
  return c ? c : strcmp(x->value, y->value);
}

static hk_status encode_component(const char *s, size_t len, char **out)
{
  struct hk_buf dec;
  struct hk_buf enc;
  hk_status st;

  hk_buf_init(&dec);
  hk_buf_init(&enc);
  st = aws_uri_decode(&dec, s, len);
  if(st == HK_OK)
    st = aws_uri_encode(&enc, dec.data ? dec.data : "", dec.len, 0);
  if(st == HK_OK) {
    *out = hk_buf_steal(&enc);
    if(!*out)
      st = HK_NOMEM;
  }
  hk_buf_free(&dec);
  hk_buf_free(&enc);
  return st;
}

static hk_status canonical_query(const char *query, struct hk_buf *out)
{
  struct qparam *ps = NULL;
  size_t n = 0;
  size_t cap = 0;
  const char *p = query;
  size_t i;
  hk_status st = HK_OK;

  if(!query || !*query)
    return HK_OK;
  while(*p) {
    const char *amp = strchr(p, '&');
    size_t plen = amp ? (size_t)(amp - p) : strlen(p);
    if(plen) {
      const char *eq = memchr(p, '=', plen);
      size_t klen = eq ? (size_t)(eq - p) : plen;
      if(n == cap) {
        size_t ncap = cap ? cap * 2 : 8;
        struct qparam *np = realloc(ps, ncap * sizeof(*np));
        if(!np) {
          st = HK_NOMEM;
          goto out;
        }
        ps = np;
        cap = ncap;
      }
      ps[n].key = NULL;
      ps[n].value = NULL;
      n++;
      st = encode_component(p, klen, &ps[n - 1].key);
      if(st == HK_OK)
        st = eq ? encode_component(eq + 1, plen - klen - 1, &ps[n - 1].value)
                : encode_component("", 0, &ps[n - 1].value);
      if(st != HK_OK)
        goto out;
    }
    p += plen;
    if(*p == '&')
      p++;
  }
  if(n)
    qsort(ps, n, sizeof(*ps), qparam_cmp);
  for(i = 0; i < n && st == HK_OK; i++)
    st = hk_buf_printf(out, "%s%s=%s", i ? "&" : "", ps[i].key, ps[i].value);
out:
  for(i = 0; i < n; i++) {
    free(ps[i].key);
    free(ps[i].value);
  }
  free(ps);
  return st;
}

/* ---- canonical headers ---- */

struct chdr {
  char *name;   /* lowercase */
  char *value;  /* trimmed, whitespace runs collapsed */
  size_t order;
};

static int chdr_cmp(const void *a, const void *b)
{
  const struct chdr *x = a;
  const struct chdr *y = b;
  int c = strcmp(x->name, y->name);
  if(c)
    return c;
  return x->order < y->order ? -1 : (x->order > y->order ? 1 : 0);
}

static int is_ws(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char *lower_dup(const char *s)
{
  char *d = hk_strdup(s);
  char *q;
  for(q = d; q && *q; q++)
    *q = (char)tolower((unsigned char)*q);
  return d;
}

static char *collapse_dup(const char *s)
{
  size_t len = strlen(s);
  char *d = malloc(len + 1);
  size_t o = 0;
  int pending = 0;

  if(!d)
    return NULL;
  while(*s && is_ws(*s))
    s++;
  for(; *s; s++) {
    if(is_ws(*s)) {
      pending = 1;
      continue;
    }
    if(pending && o)
      d[o++] = ' ';
    pending = 0;
    d[o++] = *s;
  }
  d[o] = '\0';
  return d;
}

static int reserved_name(const char *lname)
{
  return !strcmp(lname, "x-amz-date") || !strcmp(lname, "authorization") ||
         !strcmp(lname, "x-amz-security-token") || !strcmp(lname, "x-amz-content-sha256");
}

static hk_status add_chdr(struct chdr *hs, size_t *n, const char *name, const char *value)
{
  hs[*n].name = lower_dup(name);
  hs[*n].value = collapse_dup(value ? value : "");
  hs[*n].order = *n;
  (*n)++;
  if(!hs[*n - 1].name || !hs[*n - 1].value)
    return HK_NOMEM;
  return HK_OK;
}

static hk_status canonical_headers(const struct aws_sigv4_in *in, const char *amz_date,
                                   const char *payload_hash, struct hk_buf *canon,
                                   struct hk_buf *signed_names)
{
  struct chdr *hs;
  size_t n = 0;
  size_t i;
  const char *tok = in->session_token;
  hk_status st = HK_OK;

  hs = calloc(in->n_headers + 3, sizeof(*hs));
  if(!hs)
    return HK_NOMEM;
  for(i = 0; i < in->n_headers && st == HK_OK; i++) {
    char *l;
    int skip;
    if(!in->headers[i].name || !in->headers[i].name[0])
      continue;
    l = lower_dup(in->headers[i].name);
    if(!l) {
      st = HK_NOMEM;
      break;
    }
    skip = reserved_name(l);
    free(l);
    if(!skip)
      st = add_chdr(hs, &n, in->headers[i].name, in->headers[i].value);
  }
  if(st == HK_OK)
    st = add_chdr(hs, &n, "x-amz-date", amz_date);
  if(st == HK_OK && tok && tok[0] && !(in->flags & AWS_SIGV4_OMIT_TOKEN))
    st = add_chdr(hs, &n, "x-amz-security-token", tok);
  if(st == HK_OK && (in->flags & AWS_SIGV4_CONTENT_SHA256))
    st = add_chdr(hs, &n, "x-amz-content-sha256", payload_hash);
  if(st != HK_OK)
    goto out;
  qsort(hs, n, sizeof(*hs), chdr_cmp);
  for(i = 0; i < n && st == HK_OK; i++) {
    if(i && !strcmp(hs[i].name, hs[i - 1].name)) {
      st = hk_buf_printf(canon, ",%s", hs[i].value);
      continue;
    }
    if(i)
      st = hk_buf_puts(canon, "\n");
    if(st == HK_OK)
      st = hk_buf_printf(canon, "%s:%s", hs[i].name, hs[i].value);
    if(st == HK_OK)
      st = hk_buf_printf(signed_names, "%s%s", signed_names->len ? ";" : "", hs[i].name);
  }
  if(st == HK_OK && n)
    st = hk_buf_puts(canon, "\n");
out:
  for(i = 0; i < n; i++) {
    free(hs[i].name);
    free(hs[i].value);
  }
  free(hs);
  return st;
}

/* ---- signing key and signature ---- */

static hk_status signature_of(const struct aws_sigv4_in *in, const char *date8,
                              const char *sts, char out[65])
{
  unsigned char k[32];
  size_t slen = strlen(in->secret_key);
  char *kseed = malloc(slen + 5);
  hk_status st;

  if(!kseed)
    return HK_NOMEM;
  memcpy(kseed, "AWS4", 4);
  memcpy(kseed + 4, in->secret_key, slen + 1);
  st = aws_hmac_sha256(kseed, slen + 4, date8, strlen(date8), k);
  if(st == HK_OK)
    st = aws_hmac_sha256(k, 32, in->region, strlen(in->region), k);
  if(st == HK_OK)
    st = aws_hmac_sha256(k, 32, in->service, strlen(in->service), k);
  if(st == HK_OK)
    st = aws_hmac_sha256(k, 32, "aws4_request", 12, k);
  if(st == HK_OK)
    st = aws_hmac_sha256(k, 32, sts, strlen(sts), k);
  if(st == HK_OK)
    to_hex(k, 32, out);
  hk_memzero(k, sizeof(k));
  hk_secret_free(kseed);
  return st;
}

static int bad_scope_part(const char *s)
{
  return !s || !s[0] || strchr(s, '/') || strchr(s, '\n');
}

hk_status aws_sigv4_sign(const struct aws_sigv4_in *in, struct aws_sigv4_out *out,
                         struct hk_error *err)
{
  struct hk_buf creq;
  struct hk_buf sts;
  struct hk_buf names;
  char date8[9];
  char creq_hash[65];
  hk_status st = HK_OK;

  memset(out, 0, sizeof(*out));
  hk_buf_init(&creq);
  hk_buf_init(&sts);
  hk_buf_init(&names);

  if(!in->method || !in->method[0] || bad_scope_part(in->region) ||
     bad_scope_part(in->service) || bad_scope_part(in->access_key) || !in->secret_key ||
     !in->secret_key[0]) {
    st = hk_error_set(err, HK_INVALID,
                      _("The request cannot be signed: the method, region, service or "
                        "credentials are missing or malformed."));
    goto out;
  }

  aws_amz_date(in->timestamp, out->amz_date);
  memcpy(date8, out->amz_date, 8);
  date8[8] = '\0';

  if(in->payload_hash && in->payload_hash[0])
    hk_strlcpy(out->content_sha256, in->payload_hash, sizeof(out->content_sha256));
  else
    aws_sha256_hex(in->payload, in->payload ? in->payload_len : 0, out->content_sha256);

  st = hk_buf_printf(&creq, "%s\n", in->method);
  if(st == HK_OK)
    st = canonical_uri(in, &creq);
  if(st == HK_OK)
    st = hk_buf_puts(&creq, "\n");
  if(st == HK_OK)
    st = canonical_query(in->query, &creq);
  if(st == HK_OK)
    st = hk_buf_puts(&creq, "\n");
  if(st == HK_OK)
    st = canonical_headers(in, out->amz_date, out->content_sha256, &creq, &names);
  if(st == HK_OK)
    st = hk_buf_printf(&creq, "\n%s\n%s", names.data ? names.data : "", out->content_sha256);
  if(st != HK_OK)
    goto fail;
  if(names.len >= sizeof(out->signed_headers)) {
    st = hk_error_set(err, HK_TOO_BIG, _("The request has too many headers to sign."));
    goto out;
  }
  hk_strlcpy(out->signed_headers, names.data, sizeof(out->signed_headers));

  aws_sha256_hex(creq.data, creq.len, creq_hash);
  st = hk_buf_printf(&sts, "AWS4-HMAC-SHA256\n%s\n%s/%s/%s/aws4_request\n%s", out->amz_date,
                     date8, in->region, in->service, creq_hash);
  if(st == HK_OK)
    st = signature_of(in, date8, sts.data, out->signature);
  if(st != HK_OK)
    goto fail;

  out->authorization =
      hk_aprintf("AWS4-HMAC-SHA256 Credential=%s/%s/%s/%s/aws4_request, "
                 "SignedHeaders=%s, Signature=%s",
                 in->access_key, date8, in->region, in->service, out->signed_headers,
                 out->signature);
  out->canonical_request = hk_buf_steal(&creq);
  out->string_to_sign = hk_buf_steal(&sts);
  if(!out->authorization || !out->canonical_request || !out->string_to_sign) {
    st = HK_NOMEM;
    goto fail;
  }
  goto out;

fail:
  hk_error_set(err, st, _("The request could not be signed: %s"), hk_status_text(st));
out:
  if(st != HK_OK)
    aws_sigv4_out_free(out);
  hk_buf_free(&creq);
  hk_buf_free(&sts);
  hk_buf_free(&names);
  return st;
}

void aws_sigv4_out_free(struct aws_sigv4_out *out)
{
  if(!out)
    return;
  free(out->canonical_request);
  free(out->string_to_sign);
  free(out->authorization);
  memset(out, 0, sizeof(*out));
}
