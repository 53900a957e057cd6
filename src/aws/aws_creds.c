/* aws_creds.c - the credential chain: env, profile (assume-role, static keys,
 * credential_process), EC2 instance metadata (IMDSv2). */
#include "aws/aws_creds.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "aws/aws_endpoints.h"
#include "aws/aws_params.h"
#include "aws/aws_signer.h"
#include "aws/aws_xml.h"
#include "core/hk_buf.h"
#include "core/hk_i18n.h"
#include "net/net_loop.h"

#define CHAIN_MAX 8
#define PROCESS_OUT_MAX (64u * 1024u)
#define IMDS_DEFAULT "http://169.254.169.254"

struct waiter {
  aws_creds_cb cb;
  void *ud;
  struct waiter *next;
};

struct refresh_job;

struct aws_creds_provider {
  struct hk_loop *loop;
  struct aws_config cfg;
  char region[32];
  long imds_timeout_ms;
  long margin_s;
  long process_timeout_ms;
  struct aws_creds cur;
  bool have;
  struct waiter *waiters;
  struct refresh_job *job;      /* refresh in flight */
};

struct refresh_job {
  struct aws_creds_provider *p; /* NULL when the provider was freed meanwhile */
  struct aws_creds base;        /* credentials so far */
  char roles[CHAIN_MAX][128];   /* profiles whose role_arn is assumed, last first */
  int n_roles;
  int imds_step;                /* 0 token, 1 role name, 2 credentials */
  char imds_url[512];
  char imds_token[256];
  char imds_role[256];
  char sts_region[32];
  struct hk_error err;
};

/* ---- small helpers ---- */

void aws_creds_clear(struct aws_creds *c)
{
  if(!c)
    return;
  hk_secret_free(c->access_key);
  hk_secret_free(c->secret_key);
  hk_secret_free(c->session_token);
  memset(c, 0, sizeof(*c));
}

static hk_status creds_set(struct aws_creds *c, const char *ak, const char *sk, const char *tok,
                           time_t exp, const char *source)
{
  aws_creds_clear(c);
  c->access_key = hk_strdup(ak);
  c->secret_key = hk_strdup(sk);
  c->session_token = tok && tok[0] ? hk_strdup(tok) : NULL;
  c->expiration = exp;
  hk_strlcpy(c->source, source, sizeof(c->source));
  if(!c->access_key || !c->secret_key || (tok && tok[0] && !c->session_token)) {
    aws_creds_clear(c);
    return HK_NOMEM;
  }
  return HK_OK;
}

hk_status aws_creds_copy(struct aws_creds *dst, const struct aws_creds *src)
{
  return creds_set(dst, src->access_key, src->secret_key, src->session_token, src->expiration,
                   src->source);
}

/* n decimal digits at *p into *out; advances *p. */
static bool digits(const char **p, int n, int *out)
{
  int v = 0;
  int i;
  for(i = 0; i < n; i++) {
    char ch = (*p)[i];
    if(ch < '0' || ch > '9')
      return false;
    v = v * 10 + (ch - '0');
  }
  *p += n;
  *out = v;
  return true;
}

static bool expect(const char **p, char ch)
{
  if(**p != ch)
    return false;
  (*p)++;
  return true;
}

time_t aws_parse_iso8601(const char *s)
{
  struct tm tm;
  int y, mo, d, h, mi, sec;
  const char *p = s;
  long off = 0;
  time_t t;

  if(!p || !digits(&p, 4, &y) || !expect(&p, '-') || !digits(&p, 2, &mo) || !expect(&p, '-') ||
     !digits(&p, 2, &d) || !(expect(&p, 'T') || expect(&p, 't') || expect(&p, ' ')) ||
     !digits(&p, 2, &h) || !expect(&p, ':') || !digits(&p, 2, &mi) || !expect(&p, ':') ||
     !digits(&p, 2, &sec))
    return 0;
  if(mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60 || y < 1970)
    return 0;
  if(*p == '.') {
    p++;
    while(*p >= '0' && *p <= '9')
      p++;
  }
  if(*p == '+' || *p == '-') {
    int oh = 0;
    int om = 0;
    int sign = *p == '+' ? 1 : -1;
    p++;
    if(!digits(&p, 2, &oh) || !expect(&p, ':') || !digits(&p, 2, &om) || *p)
      return 0;
    off = (oh * 3600L + om * 60L) * sign;
  }
  else if((*p == 'Z' || *p == 'z') && !p[1]) {
    /* UTC */
  }
  else if(*p != '\0') {
    return 0;
  }
  memset(&tm, 0, sizeof(tm));
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  t = timegm(&tm);
  if(t == (time_t)-1)
    return 0;
  return t - off;
}

/* ---- provider ---- */

struct aws_creds_provider *aws_creds_provider_new(struct hk_loop *loop,
                                                  const struct aws_creds_opts *opts,
                                                  struct hk_error *err)
{
  struct aws_creds_provider *p = calloc(1, sizeof(*p));
  const char *r;

  if(!p) {
    hk_error_set(err, HK_NOMEM, "%s", hk_status_text(HK_NOMEM));
    return NULL;
  }
  p->loop = loop;
  p->imds_timeout_ms = opts && opts->imds_timeout_ms > 0 ? opts->imds_timeout_ms : 1000;
  p->margin_s = opts && opts->refresh_margin_s > 0 ? opts->refresh_margin_s : 300;
  p->process_timeout_ms =
      opts && opts->process_timeout_ms > 0 ? opts->process_timeout_ms : 30000;
  if(aws_config_load(&p->cfg, opts ? opts->profile : NULL, err) != HK_OK) {
    free(p);
    return NULL;
  }
  r = getenv("AWS_REGION");
  if(!r || !r[0])
    r = getenv("AWS_DEFAULT_REGION");
  if(!r || !r[0])
    r = aws_config_conf(&p->cfg, p->cfg.profile, "region");
  if(r && r[0] && !aws_region_valid(r)) {
    hk_error_set(err, HK_CONFIG,
                 _("The AWS region \"%.40s\" is not a region name (for example "
                   "ap-northeast-1). Fix AWS_REGION or the profile's region."),
                 r);
    aws_creds_provider_free(p);
    return NULL;
  }
  hk_strlcpy(p->region, r ? r : "", sizeof(p->region));
  return p;
}

void aws_creds_provider_free(struct aws_creds_provider *p)
{
  struct waiter *w;
  if(!p)
    return;
  if(p->job)
    p->job->p = NULL; /* the job frees itself when its request ends */
  while(p->waiters) {
    w = p->waiters;
    p->waiters = w->next;
    free(w);
  }
  aws_creds_clear(&p->cur);
  aws_config_free(&p->cfg);
  free(p);
}

const char *aws_creds_region(const struct aws_creds_provider *p)
{
  return p->region;
}

const char *aws_creds_profile(const struct aws_creds_provider *p)
{
  return p->cfg.profile;
}

const struct aws_config *aws_creds_config(const struct aws_creds_provider *p)
{
  return &p->cfg;
}

const struct aws_creds *aws_creds_peek(const struct aws_creds_provider *p)
{
  return p->have ? &p->cur : NULL;
}

bool aws_creds_stale(const struct aws_creds_provider *p, time_t now)
{
  if(!p->have)
    return true;
  return p->cur.expiration && p->cur.expiration - p->margin_s <= now;
}

void aws_creds_invalidate(struct aws_creds_provider *p)
{
  aws_creds_clear(&p->cur);
  p->have = false;
}

/* ---- finishing a refresh ---- */

static void job_free(struct refresh_job *job)
{
  aws_creds_clear(&job->base);
  hk_memzero(job->imds_token, sizeof(job->imds_token));
  free(job);
}

static void job_finish(struct refresh_job *job, hk_status st)
{
  struct aws_creds_provider *p = job->p;
  struct waiter *w;
  struct hk_error err;

  if(!p) {
    job_free(job);
    return;
  }
  p->job = NULL;
  err = job->err;
  if(st == HK_OK) {
    aws_creds_clear(&p->cur);
    p->cur = job->base;
    memset(&job->base, 0, sizeof(job->base));
    p->have = true;
    hk_error_clear(&err);
  }
  else if(err.status == HK_OK) {
    hk_error_set(&err, st, "%s", hk_status_text(st));
  }
  job_free(job);
  w = p->waiters;
  p->waiters = NULL;
  while(w) {
    struct waiter *next = w->next;
    w->cb(st == HK_OK ? &p->cur : NULL, &err, w->ud);
    free(w);
    w = next;
  }
}

static void assume_next(struct refresh_job *job);
static void imds_start(struct refresh_job *job);

/* ---- credential_process ---- */

static void first_line(const char *s, char *out, size_t n)
{
  size_t len = 0;
  while(s && s[len] && s[len] != '\n' && len + 1 < n)
    len++;
  if(n) {
    memcpy(out, s ? s : "", len);
    out[len] = '\0';
  }
}

static hk_status run_process(const char *cmd, long timeout_ms, struct hk_buf *out,
                             char *errline, size_t errline_n, int *exit_status)
{
  int op[2] = {-1, -1};
  int ep[2] = {-1, -1};
  pid_t pid;
  struct hk_buf eb;
  long deadline = hk_now_ms() + timeout_ms;
  int open_fds = 2;
  int status = 0;
  hk_status st = HK_OK;

  hk_buf_init(&eb);
  eb.max = 4096;
  if(pipe(op) || pipe(ep)) {
    st = HK_IO;
    goto out;
  }
  pid = fork();
  if(pid < 0) {
    st = HK_IO;
    goto out;
  }
  if(pid == 0) {
    int devnull = open("/dev/null", O_RDONLY);
    signal(SIGPIPE, SIG_DFL);      /* heiiki ignores it (main.c); the helper gets the default */
    if(devnull >= 0)
      dup2(devnull, 0);
    dup2(op[1], 1);
    dup2(ep[1], 2);
    close(op[0]);
    close(ep[0]);
    execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
    _exit(127);
  }
  close(op[1]);
  close(ep[1]);
  op[1] = ep[1] = -1;
  while(open_fds > 0) {
    struct pollfd pf[2];
    long left = deadline - hk_now_ms();
    int i;
    int r;
    if(left <= 0) {
      kill(pid, SIGKILL);
      st = HK_TIMEOUT;
      break;
    }
    pf[0].fd = op[0];
    pf[0].events = POLLIN;
    pf[1].fd = ep[0];
    pf[1].events = POLLIN;
    r = poll(pf, 2, (int)left);
    if(r < 0 && errno == EINTR)
      continue;
    if(r < 0) {
      kill(pid, SIGKILL);
      st = HK_IO;
      break;
    }
    for(i = 0; i < 2; i++) {
      char chunk[4096];
      ssize_t got;
      if(pf[i].fd < 0 || !(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      got = read(pf[i].fd, chunk, sizeof(chunk));
      if(got <= 0) {
        close(pf[i].fd);
        if(i == 0)
          op[0] = -1;
        else
          ep[0] = -1;
        open_fds--;
        continue;
      }
      if(i == 0 && hk_buf_append(out, chunk, (size_t)got) != HK_OK) {
        kill(pid, SIGKILL);
        st = HK_TOO_BIG;
        open_fds = 0;
        break;
      }
      if(i == 1)
        hk_buf_append(&eb, chunk, (size_t)got);
    }
  }
  while(waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  *exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  first_line(eb.data, errline, errline_n);
out:
  if(op[0] >= 0)
    close(op[0]);
  if(op[1] >= 0)
    close(op[1]);
  if(ep[0] >= 0)
    close(ep[0]);
  if(ep[1] >= 0)
    close(ep[1]);
  hk_buf_free(&eb);
  return st;
}

static const char *jstr(const cJSON *o, const char *k)
{
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

static hk_status creds_from_process(struct aws_creds_provider *p, const char *profile,
                                    const char *cmd, struct aws_creds *out,
                                    struct hk_error *err)
{
  struct hk_buf b;
  char errline[256];
  int code = 0;
  cJSON *j = NULL;
  const cJSON *ver;
  const char *ak;
  const char *sk;
  const char *exp;
  time_t texp = 0;
  hk_status st;

  hk_buf_init(&b);
  b.max = PROCESS_OUT_MAX;
  errline[0] = '\0';
  st = run_process(cmd, p->process_timeout_ms, &b, errline, sizeof(errline), &code);
  if(st == HK_TIMEOUT) {
    st = hk_error_set(err, HK_TIMEOUT,
                      _("The credential_process of AWS profile %s did not finish within %ld "
                        "seconds; it was stopped."),
                      profile, p->process_timeout_ms / 1000);
    goto out;
  }
  if(st == HK_TOO_BIG) {
    st = hk_error_set(err, HK_TOO_BIG,
                      _("The credential_process of AWS profile %s printed more than %u bytes; "
                        "it must print one small JSON object."),
                      profile, PROCESS_OUT_MAX);
    goto out;
  }
  if(st != HK_OK) {
    st = hk_error_set(err, HK_IO,
                      _("The credential_process of AWS profile %s could not be started."),
                      profile);
    goto out;
  }
  if(code != 0) {
    st = hk_error_set(err, HK_AUTH,
                      _("The credential_process of AWS profile %s failed (exit status %d)%s%s"),
                      profile, code, errline[0] ? ": " : ".", errline);
    hk_error_hint(err, _("Run the command by hand to see why: %.300s"), cmd);
    goto out;
  }
  j = cJSON_ParseWithLength(b.data ? b.data : "", b.len);
  ver = cJSON_GetObjectItemCaseSensitive(j, "Version");
  if(!cJSON_IsObject(j)) {
    st = hk_error_set(err, HK_PARSE,
                      _("The credential_process of AWS profile %s did not print a JSON object."),
                      profile);
    goto out;
  }
  if(!cJSON_IsNumber(ver) || ver->valuedouble != 1.0) {
    st = hk_error_set(err, HK_PARSE,
                      _("The credential_process of AWS profile %s printed JSON without "
                        "\"Version\": 1."),
                      profile);
    goto out;
  }
  ak = jstr(j, "AccessKeyId");
  sk = jstr(j, "SecretAccessKey");
  exp = jstr(j, "Expiration");
  if(!ak || !sk) {
    st = hk_error_set(err, HK_PARSE,
                      _("The credential_process of AWS profile %s printed JSON without "
                        "AccessKeyId and SecretAccessKey."),
                      profile);
    goto out;
  }
  if(exp) {
    texp = aws_parse_iso8601(exp);
    if(!texp) {
      st = hk_error_set(err, HK_PARSE,
                        _("The credential_process of AWS profile %s printed an Expiration "
                          "that is not an ISO 8601 time: %.40s"),
                        profile, exp);
      goto out;
    }
  }
  st = creds_set(out, ak, sk, jstr(j, "SessionToken"), texp, "process");
out:
  if(j) {
    /* wipe the secret inside the parsed tree before freeing it */
    cJSON *s = cJSON_GetObjectItemCaseSensitive(j, "SecretAccessKey");
    cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "SessionToken");
    if(cJSON_IsString(s))
      hk_memzero(s->valuestring, strlen(s->valuestring));
    if(cJSON_IsString(t))
      hk_memzero(t->valuestring, strlen(t->valuestring));
    cJSON_Delete(j);
  }
  if(b.data)
    hk_memzero(b.data, b.len);
  hk_buf_free(&b);
  return st;
}

/* ---- the profile chain ---- */

enum base_kind { BASE_NONE, BASE_READY, BASE_IMDS };

static hk_status env_creds(struct aws_creds *out, struct hk_error *err, bool *found)
{
  const char *ak = getenv("AWS_ACCESS_KEY_ID");
  const char *sk = getenv("AWS_SECRET_ACCESS_KEY");
  *found = false;
  if(!(ak && ak[0]) && !(sk && sk[0]))
    return HK_OK;
  if(!(ak && ak[0]) || !(sk && sk[0]))
    return hk_error_set(err, HK_CONFIG,
                        _("%s is set but %s is not; set both or neither."),
                        ak && ak[0] ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
                        ak && ak[0] ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
  *found = true;
  return creds_set(out, ak, sk, getenv("AWS_SESSION_TOKEN"), 0, "env");
}

static hk_status static_keys(const struct aws_config *cfg, const char *profile, bool from_creds,
                             struct aws_creds *out, struct hk_error *err, bool *found)
{
  const char *(*get)(const struct aws_config *, const char *, const char *) =
      from_creds ? aws_config_cred : aws_config_conf;
  const char *ak = get(cfg, profile, "aws_access_key_id");
  const char *sk = get(cfg, profile, "aws_secret_access_key");
  char src[192];

  *found = false;
  if(!(ak && ak[0]) && !(sk && sk[0]))
    return HK_OK;
  if(!(ak && ak[0]) || !(sk && sk[0]))
    return hk_error_set(err, HK_CONFIG,
                        _("AWS profile %s in %s has only one of aws_access_key_id and "
                          "aws_secret_access_key; it needs both."),
                        profile, from_creds ? cfg->creds.path : cfg->conf.path);
  *found = true;
  snprintf(src, sizeof(src), "profile:%s", profile);
  return creds_set(out, ak, sk, get(cfg, profile, "aws_session_token"), 0, src);
}

/* Work out what to do for the selected profile: fill job->base (READY),
 * ask for IMDS (BASE_IMDS) and list the roles to assume, or say there is
 * nothing here (BASE_NONE). */
static hk_status plan_profile(struct aws_creds_provider *p, struct refresh_job *job,
                              enum base_kind *kind, struct hk_error *err)
{
  const struct aws_config *cfg = &p->cfg;
  char cur[128];
  int depth;
  bool found;
  hk_status st;

  *kind = BASE_NONE;
  hk_strlcpy(cur, cfg->profile, sizeof(cur));
  for(depth = 0; depth < CHAIN_MAX; depth++) {
    const char *role;
    const char *src;
    const char *csrc;
    const char *proc;

    if(!aws_config_has_profile(cfg, cur)) {
      if(depth == 0 && !cfg->profile_explicit)
        return HK_OK;
      return hk_error_set(err, HK_CONFIG,
                          _("AWS profile %s was not found in %s or %s."), cur,
                          cfg->creds.path, cfg->conf.path);
    }
    role = aws_config_get(cfg, cur, "role_arn");
    if(role && role[0]) {
      if(aws_config_get(cfg, cur, "mfa_serial"))
        return hk_error_set(err, HK_CONFIG,
                            _("AWS profile %s needs an MFA code (mfa_serial), which heiiki "
                              "cannot prompt for. Export temporary credentials (aws sts "
                              "assume-role) or use a profile without MFA."),
                            cur);
      hk_strlcpy(job->roles[job->n_roles++], cur, sizeof(job->roles[0]));
      src = aws_config_get(cfg, cur, "source_profile");
      csrc = aws_config_get(cfg, cur, "credential_source");
      if(src && src[0]) {
        if(!strcmp(src, cur)) {
          st = static_keys(cfg, cur, true, &job->base, err, &found);
          if(st == HK_OK && !found)
            st = static_keys(cfg, cur, false, &job->base, err, &found);
          if(st != HK_OK)
            return st;
          if(!found)
            return hk_error_set(err, HK_CONFIG,
                                _("AWS profile %s names itself as source_profile but has no "
                                  "keys."),
                                cur);
          *kind = BASE_READY;
          return HK_OK;
        }
        hk_strlcpy(cur, src, sizeof(cur));
        continue;
      }
      if(csrc && !strcasecmp(csrc, "Environment")) {
        st = env_creds(&job->base, err, &found);
        if(st == HK_OK && !found)
          st = hk_error_set(err, HK_CONFIG,
                            _("AWS profile %s takes its source credentials from the "
                              "environment, but AWS_ACCESS_KEY_ID is not set."),
                            cur);
        if(st == HK_OK)
          *kind = BASE_READY;
        return st;
      }
      if(csrc && !strcasecmp(csrc, "Ec2InstanceMetadata")) {
        *kind = BASE_IMDS;
        return HK_OK;
      }
      return hk_error_set(err, HK_CONFIG,
                          _("AWS profile %s has role_arn but no usable source_profile or "
                            "credential_source (Environment or Ec2InstanceMetadata)."),
                          cur);
    }
    st = static_keys(cfg, cur, true, &job->base, err, &found);
    if(st != HK_OK)
      return st;
    if(!found) {
      proc = aws_config_get(cfg, cur, "credential_process");
      if(proc && proc[0]) {
        st = creds_from_process(p, cur, proc, &job->base, err);
        if(st != HK_OK)
          return st;
        found = true;
      }
    }
    if(!found) {
      st = static_keys(cfg, cur, false, &job->base, err, &found);
      if(st != HK_OK)
        return st;
    }
    if(found) {
      *kind = BASE_READY;
      return HK_OK;
    }
    if(depth == 0 && !cfg->profile_explicit)
      return HK_OK;
    if(aws_config_get(cfg, cur, "sso_session") || aws_config_get(cfg, cur, "sso_start_url")) {
      hk_error_set(err, HK_CONFIG,
                   _("AWS profile %s uses IAM Identity Center (SSO), which heiiki does not "
                     "read directly."),
                   cur);
      hk_error_hint(err, _("Run aws sso login --profile %s, then use a profile whose only "
                           "setting is credential_process = aws configure export-credentials "
                           "--profile %s --format process."),
                    cur, cur);
      return HK_CONFIG;
    }
    if(aws_config_get(cfg, cur, "web_identity_token_file"))
      return hk_error_set(err, HK_CONFIG,
                          _("AWS profile %s uses web identity (web_identity_token_file), which "
                            "heiiki does not support; export temporary credentials instead."),
                          cur);
    return hk_error_set(err, HK_CONFIG,
                        _("AWS profile %s has no credentials (no keys, credential_process or "
                          "role_arn)."),
                        cur);
  }
  return hk_error_set(err, HK_CONFIG,
                      _("The source_profile chain of AWS profile %s is longer than %d or "
                        "circular."),
                      cfg->profile, CHAIN_MAX);
}

/* ---- STS AssumeRole ---- */

static hk_status assume_prepare(struct hk_request *req, void *ud)
{
  struct refresh_job *job = ud;
  return aws_sign_request(req, &job->base, job->sts_region, "sts", 0, time(NULL), &job->err);
}

static long assume_retry(struct hk_request *req, int attempt, void *ud)
{
  (void)ud;
  if(hk_request_transport_failed(req) || req->http_status >= 500 || req->http_status == 429)
    return hk_backoff_ms(attempt, 200, 5000);
  if(req->http_status == 400 && req->resp_body.data &&
     strstr(req->resp_body.data, "<Code>Throttling</Code>"))
    return hk_backoff_ms(attempt, 200, 5000);
  return -1;
}

static void assume_done(struct hk_request *req, void *ud)
{
  struct refresh_job *job = ud;
  const char *profile = job->roles[job->n_roles - 1];
  xmlDoc *doc = NULL;
  xmlNode *c;
  char ak[256];
  char exp[64];
  char *sk = NULL;
  char *tok = NULL;
  hk_status st;

  if(!job->p) {
    hk_request_free(req);
    job_free(job);
    return;
  }
  if(hk_request_transport_failed(req)) {
    st = hk_request_transport_error(req, &job->err);
    goto out;
  }
  if(req->http_status != 200) {
    st = aws_xml_error(req->http_status, req->resp_body.data, req->resp_body.len,
                       "sts:AssumeRole", hk_request_resp_header(req, "x-amzn-RequestId"),
                       &job->err);
    {
      char msg[sizeof(job->err.message)];
      snprintf(msg, sizeof(msg), _("Assuming the role of AWS profile %s failed: %s"), profile,
               job->err.message);
      hk_strlcpy(job->err.message, msg, sizeof(job->err.message));
    }
    goto out;
  }
  doc = aws_xml_parse(req->resp_body.data, req->resp_body.len, &job->err);
  c = aws_xml_path(aws_xml_root(doc), "AssumeRoleResult/Credentials");
  if(!c) {
    st = hk_error_set(&job->err, HK_PARSE,
                      _("STS answered AssumeRole for AWS profile %s without credentials."),
                      profile);
    goto out;
  }
  aws_xml_text(c, "AccessKeyId", ak, sizeof(ak));
  aws_xml_text(c, "Expiration", exp, sizeof(exp));
  sk = aws_xml_text_dup(c, "SecretAccessKey");
  tok = aws_xml_text_dup(c, "SessionToken");
  if(!ak[0] || !sk || !sk[0]) {
    st = hk_error_set(&job->err, HK_PARSE,
                      _("STS answered AssumeRole for AWS profile %s without keys."), profile);
    goto out;
  }
  st = creds_set(&job->base, ak, sk, tok, aws_parse_iso8601(exp), "assume-role");
out:
  hk_secret_free(sk);
  hk_secret_free(tok);
  aws_xml_free(doc);
  if(req->resp_body.data)
    hk_memzero(req->resp_body.data, req->resp_body.len);
  hk_request_free(req);
  if(st != HK_OK) {
    job_finish(job, st);
    return;
  }
  job->n_roles--;
  assume_next(job);
}

static void assume_next(struct refresh_job *job)
{
  struct aws_creds_provider *p = job->p;
  const char *profile;
  const char *v;
  struct aws_endpoint ep;
  struct aws_params params;
  struct hk_buf body;
  struct hk_request *req = NULL;
  char session[96];
  const char *region;
  hk_status st;

  if(job->n_roles == 0) {
    job_finish(job, HK_OK);
    return;
  }
  profile = job->roles[job->n_roles - 1];
  aws_params_init(&params);
  hk_buf_init(&body);
  region = p->region[0] ? p->region : "us-east-1";
  st = aws_endpoint_resolve(AWS_SVC_STS, region, &p->cfg, &ep, &job->err);
  if(st != HK_OK)
    goto out;
  aws_params_add(&params, "Action", "AssumeRole");
  aws_params_add(&params, "Version", "2011-06-15");
  aws_params_add(&params, "RoleArn", aws_config_get(&p->cfg, profile, "role_arn"));
  v = aws_config_get(&p->cfg, profile, "role_session_name");
  if(!v || !v[0]) {
    snprintf(session, sizeof(session), "heiiki-%ld", (long)time(NULL));
    v = session;
  }
  aws_params_add(&params, "RoleSessionName", v);
  aws_params_add(&params, "ExternalId", aws_config_get(&p->cfg, profile, "external_id"));
  aws_params_add(&params, "DurationSeconds",
                 aws_config_get(&p->cfg, profile, "duration_seconds"));
  st = aws_params_encode(&params, &body);
  if(st != HK_OK)
    goto out;
  {
    char url[600];
    snprintf(url, sizeof(url), "%s/", ep.url);
    req = hk_request_new("POST", url);
  }
  if(!req) {
    st = HK_NOMEM;
    goto out;
  }
  st = hk_request_body_set(req, body.data, body.len);
  if(st == HK_OK)
    st = hk_request_header_set(req, "Content-Type",
                               "application/x-www-form-urlencoded; charset=utf-8");
  hk_strlcpy(job->sts_region, ep.signing_region, sizeof(job->sts_region));
  if(st != HK_OK)
    goto out;
  req->label = "sts:AssumeRole";
  req->max_attempts = 3;
  req->prepare = assume_prepare;
  req->retry = assume_retry;
  req->done = assume_done;
  req->ud = job;
  st = hk_loop_submit(p->loop, req);
  req = NULL; /* done runs even when submit fails */
out:
  aws_params_free(&params);
  hk_buf_free(&body);
  if(req)
    hk_request_free(req);
  if(st != HK_OK) {
    if(job->err.status == HK_OK)
      hk_error_set(&job->err, st, _("The AssumeRole request could not be built."));
    job_finish(job, st);
  }
}

/* ---- IMDSv2 ---- */

static void imds_fail(struct refresh_job *job, const char *what)
{
  struct hk_error *e = &job->err;
  hk_error_set(e, HK_AUTH,
               _("No AWS credentials were found: no AWS_ACCESS_KEY_ID, no usable profile, and "
                 "the EC2 instance metadata service at %s %s."),
               job->imds_url, what);
  hk_error_hint(e, _("Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, set AWS_PROFILE to "
                     "a profile in ~/.aws/credentials, or run on an EC2 instance with an "
                     "instance profile."));
}

static void imds_done(struct hk_request *req, void *ud)
{
  struct refresh_job *job = ud;
  cJSON *j = NULL;
  hk_status st = HK_OK;

  if(!job->p) {
    hk_request_free(req);
    job_free(job);
    return;
  }
  if(hk_request_transport_failed(req)) {
    imds_fail(job, _("did not answer"));
    st = HK_AUTH;
    goto out;
  }
  if(req->http_status != 200) {
    char what[96];
    snprintf(what, sizeof(what), _("answered HTTP %ld"), req->http_status);
    imds_fail(job, what);
    st = HK_AUTH;
    goto out;
  }
  if(job->imds_step == 0) {
    if(!req->resp_body.data || !req->resp_body.len ||
       req->resp_body.len >= sizeof(job->imds_token)) {
      imds_fail(job, _("returned no session token"));
      st = HK_AUTH;
      goto out;
    }
    hk_strlcpy(job->imds_token, req->resp_body.data, sizeof(job->imds_token));
  }
  else if(job->imds_step == 1) {
    first_line(req->resp_body.data, job->imds_role, sizeof(job->imds_role));
    if(!job->imds_role[0] || strchr(job->imds_role, '/')) {
      imds_fail(job, _("lists no instance profile role"));
      st = HK_AUTH;
      goto out;
    }
  }
  else {
    const char *ak;
    const char *sk;
    const char *code;
    j = cJSON_ParseWithLength(req->resp_body.data ? req->resp_body.data : "",
                              req->resp_body.len);
    ak = jstr(j, "AccessKeyId");
    sk = jstr(j, "SecretAccessKey");
    code = jstr(j, "Code");
    if(!ak || !sk || (code && strcmp(code, "Success"))) {
      imds_fail(job, _("returned unusable instance profile credentials"));
      st = HK_AUTH;
      goto out;
    }
    st = creds_set(&job->base, ak, sk, jstr(j, "Token"),
                   aws_parse_iso8601(jstr(j, "Expiration")), "imds");
    if(st != HK_OK)
      goto out;
  }
out:
  if(j) {
    cJSON *s = cJSON_GetObjectItemCaseSensitive(j, "SecretAccessKey");
    cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "Token");
    if(cJSON_IsString(s))
      hk_memzero(s->valuestring, strlen(s->valuestring));
    if(cJSON_IsString(t))
      hk_memzero(t->valuestring, strlen(t->valuestring));
    cJSON_Delete(j);
  }
  if(req->resp_body.data)
    hk_memzero(req->resp_body.data, req->resp_body.len);
  hk_request_free(req);
  if(st != HK_OK) {
    job_finish(job, st);
    return;
  }
  job->imds_step++;
  if(job->imds_step <= 2)
    imds_start(job);
  else
    assume_next(job);
}

static void imds_start(struct refresh_job *job)
{
  char url[900];
  struct hk_request *req;
  hk_status st = HK_OK;

  if(job->imds_step == 0) {
    const char *ep = getenv("AWS_EC2_METADATA_SERVICE_ENDPOINT");
    const char *off = getenv("AWS_EC2_METADATA_DISABLED");
    size_t n;
    if(off && !strcasecmp(off, "true")) {
      hk_error_set(&job->err, HK_AUTH,
                   _("No AWS credentials were found: no AWS_ACCESS_KEY_ID, no usable profile, "
                     "and the EC2 instance metadata service is disabled "
                     "(AWS_EC2_METADATA_DISABLED)."));
      hk_error_hint(&job->err, _("Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or set "
                                 "AWS_PROFILE to a profile in ~/.aws/credentials."));
      job_finish(job, HK_AUTH);
      return;
    }
    hk_strlcpy(job->imds_url, ep && ep[0] ? ep : IMDS_DEFAULT, sizeof(job->imds_url));
    n = strlen(job->imds_url);
    while(n > 8 && job->imds_url[n - 1] == '/')
      job->imds_url[--n] = '\0';
    snprintf(url, sizeof(url), "%s/latest/api/token", job->imds_url);
    req = hk_request_new("PUT", url);
    if(req)
      st = hk_request_header_set(req, "X-aws-ec2-metadata-token-ttl-seconds", "21600");
  }
  else {
    if(job->imds_step == 1)
      snprintf(url, sizeof(url), "%s/latest/meta-data/iam/security-credentials/",
               job->imds_url);
    else
      snprintf(url, sizeof(url), "%s/latest/meta-data/iam/security-credentials/%s",
               job->imds_url, job->imds_role);
    req = hk_request_new("GET", url);
    if(req)
      st = hk_request_header_set(req, "X-aws-ec2-metadata-token", job->imds_token);
  }
  if(!req || st != HK_OK) {
    hk_request_free(req);
    hk_error_set(&job->err, HK_NOMEM, "%s", hk_status_text(HK_NOMEM));
    job_finish(job, HK_NOMEM);
    return;
  }
  req->label = "imds";
  req->timeout_ms = job->p->imds_timeout_ms;
  req->connect_timeout_ms = job->p->imds_timeout_ms;
  req->max_attempts = 1;
  req->done = imds_done;
  req->ud = job;
  hk_loop_submit(job->p->loop, req);
}

/* ---- refresh ---- */

static void start_refresh(struct aws_creds_provider *p)
{
  struct refresh_job *job = calloc(1, sizeof(*job));
  enum base_kind kind;
  bool found = false;
  hk_status st;

  if(!job) {
    struct waiter *w = p->waiters;
    struct hk_error err;
    hk_error_clear(&err);
    hk_error_set(&err, HK_NOMEM, "%s", hk_status_text(HK_NOMEM));
    p->waiters = NULL;
    while(w) {
      struct waiter *next = w->next;
      w->cb(NULL, &err, w->ud);
      free(w);
      w = next;
    }
    return;
  }
  job->p = p;
  p->job = job;
  st = env_creds(&job->base, &job->err, &found);
  if(st != HK_OK || found) {
    job_finish(job, st);
    return;
  }
  st = plan_profile(p, job, &kind, &job->err);
  if(st != HK_OK) {
    job_finish(job, st);
    return;
  }
  if(kind == BASE_READY) {
    assume_next(job);
    return;
  }
  imds_start(job); /* BASE_NONE and BASE_IMDS; roles (if any) follow */
}

void aws_creds_get_async(struct aws_creds_provider *p, time_t now, aws_creds_cb cb, void *ud)
{
  struct waiter *w;
  struct waiter **tail;

  if(!aws_creds_stale(p, now)) {
    cb(&p->cur, NULL, ud);
    return;
  }
  w = calloc(1, sizeof(*w));
  if(!w) {
    struct hk_error err;
    hk_error_clear(&err);
    hk_error_set(&err, HK_NOMEM, "%s", hk_status_text(HK_NOMEM));
    cb(NULL, &err, ud);
    return;
  }
  w->cb = cb;
  w->ud = ud;
  tail = &p->waiters;
  while(*tail)
    tail = &(*tail)->next;
  *tail = w;
  if(!p->job)
    start_refresh(p);
}

struct sync_wait {
  bool done;
  hk_status st;
  struct hk_error err;
};

static void sync_cb(const struct aws_creds *creds, const struct hk_error *err, void *ud)
{
  struct sync_wait *s = ud;
  s->done = true;
  s->st = creds ? HK_OK : (err && err->status != HK_OK ? err->status : HK_AUTH);
  if(!creds && err)
    s->err = *err;
}

hk_status aws_creds_get(struct aws_creds_provider *p, time_t now, const struct aws_creds **out,
                        struct hk_error *err)
{
  struct sync_wait s;
  memset(&s, 0, sizeof(s));
  *out = NULL;
  aws_creds_get_async(p, now, sync_cb, &s);
  while(!s.done) {
    hk_status st = hk_loop_poll(p->loop, 200, -1, NULL);
    if(st != HK_OK && !s.done)
      return hk_error_set(err, st, _("The event loop failed while fetching credentials."));
  }
  if(s.st != HK_OK) {
    if(err)
      *err = s.err;
    return s.st;
  }
  *out = &p->cur;
  return HK_OK;
}
