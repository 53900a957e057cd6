/* test_aws_creds.c - every credential source, region, refresh, bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "aws/aws_config.h"
#include "aws/aws_creds.h"
#include "net/net_loop.h"
#include "aws_fixtures/responder.h"

static char tmpdir[256];
static struct hk_loop *loop;

static const char *const aws_env[] = {
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
    "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE",
    "AWS_EC2_METADATA_DISABLED", "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_STS", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
};

static void write_file(const char *name, const char *text, int mode)
{
  char path[512];
  FILE *f;
  snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
  f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
  chmod(path, (mode_t)mode);
}

static void set_files(const char *creds, const char *config)
{
  char p[512];
  write_file("credentials", creds, 0600);
  write_file("config", config, 0600);
  snprintf(p, sizeof(p), "%s/credentials", tmpdir);
  setenv("AWS_SHARED_CREDENTIALS_FILE", p, 1);
  snprintf(p, sizeof(p), "%s/config", tmpdir);
  setenv("AWS_CONFIG_FILE", p, 1);
}

static int setup(void **state)
{
  size_t i;
  struct hk_loop_opts o;
  (void)state;
  for(i = 0; i < sizeof(aws_env) / sizeof(aws_env[0]); i++)
    unsetenv(aws_env[i]);
  snprintf(tmpdir, sizeof(tmpdir), "/tmp/hk-creds-XXXXXX");
  assert_non_null(mkdtemp(tmpdir));
  set_files("", "");
  /* never reach a real metadata service from a test */
  setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9", 1);
  memset(&o, 0, sizeof(o));
  o.timeout_ms = 5000;
  o.connect_timeout_ms = 1000;
  loop = hk_loop_new(&o);
  assert_non_null(loop);
  return 0;
}

static int teardown(void **state)
{
  char cmd[600];
  (void)state;
  hk_loop_free(loop);
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
  if(system(cmd) != 0)
    return -1;
  return 0;
}

static struct aws_creds_provider *provider(const char *profile, struct hk_error *err)
{
  struct aws_creds_opts o;
  memset(&o, 0, sizeof(o));
  o.profile = profile;
  o.imds_timeout_ms = 800;
  return aws_creds_provider_new(loop, &o, err);
}

static void test_env(void **state)
{
  struct hk_error err;
  const struct aws_creds *c;
  struct aws_creds_provider *p;
  (void)state;
  setenv("AWS_ACCESS_KEY_ID", "AKIAENV", 1);
  setenv("AWS_SECRET_ACCESS_KEY", "envsecret", 1);
  setenv("AWS_SESSION_TOKEN", "envtoken", 1);
  setenv("AWS_DEFAULT_REGION", "eu-west-1", 1);
  set_files("[default]\naws_access_key_id = AKIAFILE\naws_secret_access_key = x\n",
            "[default]\nregion = us-west-2\n");
  p = provider(NULL, &err);
  assert_non_null(p);
  assert_string_equal(aws_creds_region(p), "eu-west-1");
  setenv("AWS_REGION", "ap-northeast-1", 1);
  aws_creds_provider_free(p);
  p = provider(NULL, &err);
  assert_string_equal(aws_creds_region(p), "ap-northeast-1");
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_OK);
  assert_string_equal(c->source, "env");
  assert_string_equal(c->access_key, "AKIAENV");
  assert_string_equal(c->secret_key, "envsecret");
  assert_string_equal(c->session_token, "envtoken");
  assert_int_equal(c->expiration, 0);
  assert_false(aws_creds_stale(p, time(NULL) + 86400 * 365));
  aws_creds_provider_free(p);

  unsetenv("AWS_SECRET_ACCESS_KEY");
  p = provider(NULL, &err);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_CONFIG);
  assert_non_null(strstr(err.message, "AWS_SECRET_ACCESS_KEY"));
  aws_creds_provider_free(p);
}

static void test_profile_files(void **state)
{
  struct hk_error err;
  const struct aws_creds *c;
  struct aws_creds_provider *p;
  char *creds = malloc(4000);
  char tok[1501];
  (void)state;

  memset(tok, 'T', 1500);
  tok[1500] = '\0';
  snprintf(creds, 4000,
           "# comment\n[default]\naws_access_key_id = AKIADEF\naws_secret_access_key = def\n"
           "[dev]\naws_access_key_id=AKIADEV\naws_secret_access_key = devsecret\n"
           "aws_session_token = %s\n",
           tok);
  set_files(creds, "[default]\nregion = us-east-2\n[profile dev]\nregion = ap-northeast-1\n"
                   "[profile cfgonly]\naws_access_key_id = AKIACFG\n"
                   "aws_secret_access_key = cfgsecret\n");
  free(creds);

  p = provider(NULL, &err);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_OK);
  assert_string_equal(c->source, "profile:default");
  assert_string_equal(c->access_key, "AKIADEF");
  assert_null(c->session_token);
  assert_string_equal(aws_creds_region(p), "us-east-2");
  aws_creds_provider_free(p);

  setenv("AWS_PROFILE", "dev", 1);
  p = provider(NULL, &err);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_OK);
  assert_string_equal(c->source, "profile:dev");
  assert_string_equal(c->secret_key, "devsecret");
  assert_string_equal(c->session_token, tok); /* longer than inih's line limit */
  assert_string_equal(aws_creds_region(p), "ap-northeast-1");
  aws_creds_provider_free(p);

  p = provider("cfgonly", &err);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_OK);
  assert_string_equal(c->source, "profile:cfgonly");
  assert_string_equal(c->access_key, "AKIACFG");
  aws_creds_provider_free(p);

  aws_creds_provider_free(NULL);
  set_files("", "[profile sso]\nsso_session = corp\nsso_account_id = 1\n[profile empty]\n"
                "region = us-east-1\n");
  p = provider("sso", &err);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_CONFIG);
  assert_non_null(strstr(err.message, "SSO"));
  assert_non_null(strstr(err.hint, "export-credentials"));
  aws_creds_provider_free(p);
  p = provider("empty", &err);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_CONFIG);
  assert_non_null(strstr(err.message, "no credentials"));
  aws_creds_provider_free(p);

  p = provider("nosuch", &err);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_CONFIG);
  assert_non_null(strstr(err.message, "nosuch"));
  assert_non_null(strstr(err.message, "not found"));
  aws_creds_provider_free(p);
}

static void test_bad_files(void **state)
{
  struct hk_error err;
  struct aws_creds_provider *p;
  char *big;
  (void)state;

  set_files("[default]\naws_access_key_id = A\nthis line is garbage\n", "");
  hk_error_clear(&err);
  p = provider(NULL, &err);
  assert_null(p);
  assert_int_equal(err.status, HK_CONFIG);
  assert_non_null(strstr(err.message, "line 3"));

  set_files("", "[profile x\nregion=1\n");
  p = provider(NULL, &err);
  assert_null(p);
  assert_int_equal(err.status, HK_CONFIG);

  set_files("[default]\naws_access_key_id = A\n", "");
  p = provider(NULL, &err);
  assert_non_null(p);
  {
    const struct aws_creds *c;
    assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_CONFIG);
    assert_non_null(strstr(err.message, "aws_secret_access_key"));
  }
  aws_creds_provider_free(p);

  big = malloc(2 * 1024 * 1024 + 1);
  memset(big, '#', 2 * 1024 * 1024);
  big[2 * 1024 * 1024] = '\0';
  set_files(big, "");
  free(big);
  p = provider(NULL, &err);
  assert_null(p);
  assert_int_equal(err.status, HK_TOO_BIG);

  set_files("", "[default]\nregion = not a region!\n");
  p = provider(NULL, &err);
  assert_null(p);
  assert_int_equal(err.status, HK_CONFIG);
}

static void test_credential_process(void **state)
{
  struct hk_error err;
  const struct aws_creds *c;
  struct aws_creds_provider *p;
  char cfg[2048];
  char script[600];
  time_t exp = time(NULL) + 3600;
  struct tm tm;
  char iso[32];
  (void)state;

  gmtime_r(&exp, &tm);
  strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
  snprintf(script, sizeof(script),
           "#!/bin/sh\necho run >> '%s/count'\n"
           "printf '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROC\", \"SecretAccessKey\": "
           "\"procsecret\", \"SessionToken\": \"proctoken\", \"Expiration\": \"%s\"}'\n",
           tmpdir, iso);
  write_file("proc.sh", script, 0700);
  write_file("fail.sh", "#!/bin/sh\necho 'sso session expired' >&2\nexit 3\n", 0700);
  write_file("v2.sh", "#!/bin/sh\necho '{\"Version\": 2, \"AccessKeyId\": \"A\"}'\n", 0700);
  write_file("junk.sh", "#!/bin/sh\necho 'not json'\n", 0700);
  snprintf(cfg, sizeof(cfg),
           "[profile proc]\ncredential_process = %s/proc.sh --flag\n"
           "[profile fail]\ncredential_process = %s/fail.sh\n"
           "[profile v2]\ncredential_process = %s/v2.sh\n"
           "[profile junk]\ncredential_process = %s/junk.sh\n",
           tmpdir, tmpdir, tmpdir, tmpdir);
  set_files("", cfg);

  p = provider("proc", &err);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_OK);
  assert_string_equal(c->source, "process");
  assert_string_equal(c->access_key, "AKIAPROC");
  assert_string_equal(c->session_token, "proctoken");
  assert_int_equal((long)c->expiration, (long)exp);
  /* fresh: not rerun */
  assert_int_equal(aws_creds_get(p, time(NULL) + 60, &c, &err), HK_OK);
  {
    char path[512];
    FILE *f;
    int lines = 0;
    int ch;
    snprintf(path, sizeof(path), "%s/count", tmpdir);
    f = fopen(path, "r");
    assert_non_null(f);
    while((ch = fgetc(f)) != EOF)
      lines += ch == '\n';
    fclose(f);
    assert_int_equal(lines, 1);
    /* within the 5 minute margin: refreshed (the process runs again) */
    assert_true(aws_creds_stale(p, exp - 200));
    assert_int_equal(aws_creds_get(p, exp - 200, &c, &err), HK_OK);
    f = fopen(path, "r");
    lines = 0;
    while((ch = fgetc(f)) != EOF)
      lines += ch == '\n';
    fclose(f);
    assert_int_equal(lines, 2);
  }
  aws_creds_provider_free(p);

  p = provider("fail", &err);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_AUTH);
  assert_non_null(strstr(err.message, "exit status 3"));
  assert_non_null(strstr(err.message, "sso session expired"));
  aws_creds_provider_free(p);

  p = provider("v2", &err);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_PARSE);
  assert_non_null(strstr(err.message, "Version"));
  aws_creds_provider_free(p);

  p = provider("junk", &err);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_PARSE);
  aws_creds_provider_free(p);
}

static void test_assume_role(void **state)
{
  struct responder r;
  struct hk_error err;
  const struct aws_creds *c;
  struct aws_creds_provider *p;
  char url[64];
  char *req;
  (void)state;

  assert_int_equal(resp_start(&r), 0);
  resp_add(&r, "Action=AssumeRole", 200, NULL,
           "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
           "<AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE</AccessKeyId>"
           "<SecretAccessKey>rolesecret</SecretAccessKey><SessionToken>roletoken</SessionToken>"
           "<Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult>"
           "</AssumeRoleResponse>",
           1);
  resp_add(&r, "Action=AssumeRole", 403, NULL,
           "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: "
           "arn:aws:iam::111122223333:user/base is not authorized to perform: sts:AssumeRole "
           "on resource: arn:aws:iam::111122223333:role/deny</Message></Error>"
           "<RequestId>req-1</RequestId></ErrorResponse>",
           0);
  snprintf(url, sizeof(url), "http://127.0.0.1:%d", r.port);
  setenv("AWS_ENDPOINT_URL_STS", url, 1);
  set_files("[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = basesecret\n",
            "[profile admin]\nrole_arn = arn:aws:iam::111122223333:role/Admin\n"
            "source_profile = base\nexternal_id = ext-42\nrole_session_name = hk test\n"
            "region = ap-northeast-1\nduration_seconds = 900\n"
            "[profile deny]\nrole_arn = arn:aws:iam::111122223333:role/deny\n"
            "source_profile = base\n"
            "[profile loop1]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = loop2\n"
            "[profile loop2]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = loop1\n"
            "[profile mfa]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = base\n"
            "mfa_serial = arn:aws:iam::1:mfa/me\n");

  p = provider("admin", &err);
  assert_non_null(p);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_OK);
  assert_string_equal(c->source, "assume-role");
  assert_string_equal(c->access_key, "ASIAROLE");
  assert_string_equal(c->session_token, "roletoken");
  assert_int_equal((long)c->expiration, (long)aws_parse_iso8601("2030-01-01T00:00:00Z"));
  req = resp_logged(&r, 0);
  assert_non_null(req);
  assert_non_null(strstr(req, "POST / HTTP/1.1"));
  assert_non_null(strstr(req, "RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2FAdmin"));
  assert_non_null(strstr(req, "RoleSessionName=hk%20test"));
  assert_non_null(strstr(req, "ExternalId=ext-42"));
  assert_non_null(strstr(req, "DurationSeconds=900"));
  assert_non_null(strstr(req, "Credential=AKIABASE/"));
  assert_non_null(strstr(req, "/ap-northeast-1/sts/aws4_request"));
  assert_null(strstr(req, "basesecret"));
  free(req);
  aws_creds_provider_free(p);

  p = provider("deny", &err);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_AUTH);
  assert_string_equal(err.code, "AccessDenied");
  assert_string_equal(err.request_id, "req-1");
  assert_non_null(strstr(err.message, "deny"));
  assert_non_null(strstr(err.message, "sts:AssumeRole"));
  aws_creds_provider_free(p);

  p = provider("loop1", &err);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_CONFIG);
  assert_non_null(strstr(err.message, "circular"));
  aws_creds_provider_free(p);

  p = provider("mfa", &err);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_CONFIG);
  assert_non_null(strstr(err.message, "MFA"));
  aws_creds_provider_free(p);
  resp_stop(&r);
}

static void test_imds(void **state)
{
  struct responder r;
  struct hk_error err;
  const struct aws_creds *c;
  struct aws_creds_provider *p;
  char url[64];
  char *req;
  long t0;
  (void)state;

  assert_int_equal(resp_start(&r), 0);
  resp_add(&r, "PUT /latest/api/token", 200, NULL, "imds-token-1", 0);
  resp_add(&r, "GET /latest/meta-data/iam/security-credentials/ HTTP", 200, NULL,
           "heiiki-node\n", 0);
  resp_add(&r, "GET /latest/meta-data/iam/security-credentials/heiiki-node", 200, NULL,
           "{\"Code\":\"Success\",\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\"ASIAIMDS\","
           "\"SecretAccessKey\":\"imdssecret\",\"Token\":\"imdstoken\","
           "\"Expiration\":\"2031-05-06T07:08:09Z\"}",
           0);
  snprintf(url, sizeof(url), "http://127.0.0.1:%d/", r.port);
  setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", url, 1);

  p = provider(NULL, &err);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_OK);
  assert_string_equal(c->source, "imds");
  assert_string_equal(c->access_key, "ASIAIMDS");
  assert_string_equal(c->session_token, "imdstoken");
  assert_int_equal((long)c->expiration, (long)aws_parse_iso8601("2031-05-06T07:08:09Z"));
  req = resp_logged(&r, 0);
  assert_non_null(strstr(req, "PUT /latest/api/token"));
  assert_non_null(strstr(req, "X-aws-ec2-metadata-token-ttl-seconds: 21600"));
  free(req);
  req = resp_logged(&r, 2);
  assert_non_null(strstr(req, "X-aws-ec2-metadata-token: imds-token-1"));
  free(req);
  aws_creds_provider_free(p);

  setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
  p = provider(NULL, &err);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_AUTH);
  assert_non_null(strstr(err.message, "disabled"));
  assert_true(err.hint[0] != '\0');
  aws_creds_provider_free(p);
  unsetenv("AWS_EC2_METADATA_DISABLED");
  resp_stop(&r);

  /* nothing listens: fails fast with a sentence */
  setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9", 1);
  p = provider(NULL, &err);
  t0 = hk_now_ms();
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_AUTH);
  assert_true(hk_now_ms() - t0 < 3000);
  assert_non_null(strstr(err.message, "No AWS credentials"));
  aws_creds_provider_free(p);
}

/* Credentials fetched by the provider never reach the trace. */
static void test_trace_has_no_secrets(void **state)
{
  struct responder r;
  struct hk_error err;
  const struct aws_creds *c;
  struct aws_creds_provider *p;
  struct aws_creds_opts o;
  struct hk_loop_opts lo;
  struct hk_loop *tl;
  char url[64];
  char path[300];
  FILE *tf;
  char *buf;
  long len;
  (void)state;

  assert_int_equal(resp_start(&r), 0);
  resp_add(&r, "Action=AssumeRole", 200, NULL,
           "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE"
           "</AccessKeyId><SecretAccessKey>role-SECRET-1</SecretAccessKey><SessionToken>"
           "role-TOKEN-1</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration>"
           "</Credentials></AssumeRoleResult></AssumeRoleResponse>",
           0);
  resp_add(&r, "PUT /latest/api/token", 200, NULL, "imds-token-1", 0);
  resp_add(&r, "security-credentials/ HTTP", 200, NULL, "node\n", 0);
  resp_add(&r, "security-credentials/node", 200, NULL,
           "{\"Code\":\"Success\",\"AccessKeyId\":\"ASIAIMDS\",\"SecretAccessKey\":"
           "\"imds-SECRET-2\",\"Token\":\"imds-TOKEN-2\",\"Expiration\":\"2031-01-01T00:00:00Z\"}",
           0);
  snprintf(url, sizeof(url), "http://127.0.0.1:%d", r.port);
  setenv("AWS_ENDPOINT_URL_STS", url, 1);
  setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", url, 1);
  set_files("[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = base-SECRET-0\n",
            "[profile admin]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = base\n"
            "[profile node]\nrole_arn = arn:aws:iam::1:role/b\n"
            "credential_source = Ec2InstanceMetadata\n");
  snprintf(path, sizeof(path), "%s/trace", tmpdir);
  tf = fopen(path, "w+");
  assert_non_null(tf);
  memset(&lo, 0, sizeof(lo));
  lo.trace = tf;
  tl = hk_loop_new(&lo);
  memset(&o, 0, sizeof(o));
  o.profile = "admin";
  p = aws_creds_provider_new(tl, &o, &err);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_OK);
  assert_string_equal(c->secret_key, "role-SECRET-1");
  aws_creds_provider_free(p);
  o.profile = "node"; /* IMDS as the source, then AssumeRole */
  p = aws_creds_provider_new(tl, &o, &err);
  assert_int_equal(aws_creds_get(p, time(NULL), &c, &err), HK_OK);
  assert_string_equal(c->source, "assume-role");
  assert_int_equal(resp_count(&r, "Credential=ASIAIMDS/"), 1);
  aws_creds_provider_free(p);
  hk_loop_free(tl);
  fflush(tf);
  fseek(tf, 0, SEEK_END);
  len = ftell(tf);
  buf = calloc(1, (size_t)len + 1);
  fseek(tf, 0, SEEK_SET);
  assert_int_equal(fread(buf, 1, (size_t)len, tf), (size_t)len);
  fclose(tf);
  assert_non_null(strstr(buf, "AssumeRole"));
  assert_null(strstr(buf, "SECRET"));
  assert_null(strstr(buf, "role-TOKEN-1"));
  assert_null(strstr(buf, "imds-TOKEN-2"));
  free(buf);
  resp_stop(&r);
}

static void never_cb(const struct aws_creds *c, const struct hk_error *err, void *ud)
{
  (void)c;
  (void)err;
  *(int *)ud = 1;
}

/* Freeing the provider while a refresh is on the wire is safe. */
static void test_free_during_refresh(void **state)
{
  struct responder r;
  struct hk_error err;
  struct aws_creds_provider *p;
  char url[64];
  int called = 0;
  (void)state;
  assert_int_equal(resp_start(&r), 0);
  resp_add(&r, "PUT /latest/api/token", 200, NULL, "tok", 0);
  snprintf(url, sizeof(url), "http://127.0.0.1:%d", r.port);
  setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", url, 1);
  p = provider(NULL, &err);
  assert_non_null(p);
  aws_creds_get_async(p, time(NULL), never_cb, &called);
  assert_int_equal(called, 0);
  aws_creds_provider_free(p);
  assert_int_equal(hk_loop_run_until_idle(loop), HK_OK);
  assert_int_equal(called, 0);
  assert_int_equal(resp_count(&r, "PUT /latest/api/token"), 1);
  resp_stop(&r);
}

static void test_iso8601(void **state)
{
  (void)state;
  assert_int_equal((long)aws_parse_iso8601("1970-01-01T00:00:10Z"), 10);
  assert_int_equal((long)aws_parse_iso8601("1970-01-01T01:00:10.123+01:00"), 10);
  assert_int_equal((long)aws_parse_iso8601("2015-08-30T12:36:00Z"), 1440938160L);
  assert_int_equal((long)aws_parse_iso8601("garbage"), 0);
  assert_int_equal((long)aws_parse_iso8601("2015-13-30T12:36:00Z"), 0);
  assert_int_equal((long)aws_parse_iso8601(NULL), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_env, setup, teardown),
      cmocka_unit_test_setup_teardown(test_profile_files, setup, teardown),
      cmocka_unit_test_setup_teardown(test_bad_files, setup, teardown),
      cmocka_unit_test_setup_teardown(test_credential_process, setup, teardown),
      cmocka_unit_test_setup_teardown(test_assume_role, setup, teardown),
      cmocka_unit_test_setup_teardown(test_imds, setup, teardown),
      cmocka_unit_test_setup_teardown(test_trace_has_no_secrets, setup, teardown),
      cmocka_unit_test_setup_teardown(test_free_during_refresh, setup, teardown),
      cmocka_unit_test(test_iso8601),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
