/* test_aws_client.c - the AWS client against a scripted local responder:
 * signing on the wire, pagination, retries, error shapes, typed parsing,
 * S3 addressing and region redirect, hostile bodies, trace redaction. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aws/aws_client.h"
#include "aws/aws_ec2.h"
#include "aws/aws_iam.h"
#include "aws/aws_s3.h"
#include "aws/aws_sts.h"
#include "net/net_loop.h"
#include "aws_fixtures/responder.h"

struct fx {
  struct responder r;
  struct hk_loop *loop;
  struct aws_client *c;
  FILE *trace;
  char trace_path[64];
};

static struct fx F;

/* what the callbacks saw */
static struct {
  int calls;
  hk_status st;
  char code[96];
  char msg[1024];
  char hint[512];
  size_t n;
  char s1[4096];
  char s2[2048];
  int i1;
  int i2;
} got;

static void reset_got(void)
{
  memset(&got, 0, sizeof(got));
}

static void note_err(const struct hk_error *err)
{
  got.calls++;
  got.st = err->status;
  hk_strlcpy(got.code, err->code, sizeof(got.code));
  hk_strlcpy(got.msg, err->message, sizeof(got.msg));
  hk_strlcpy(got.hint, err->hint, sizeof(got.hint));
}

static void run(void)
{
  long t0 = hk_now_ms();
  while(!got.calls && hk_now_ms() - t0 < 20000)
    hk_loop_poll(F.loop, 100, -1, NULL);
  assert_int_equal(got.calls, 1);
}

static int setup(void **state)
{
  struct hk_loop_opts lo;
  struct aws_client_opts co;
  struct hk_error err;
  char url[64];
  (void)state;

  assert_int_equal(resp_start(&F.r), 0);
  snprintf(url, sizeof(url), "http://127.0.0.1:%d", F.r.port);
  unsetenv("AWS_PROFILE");
  unsetenv("AWS_ENDPOINT_URL_EC2");
  unsetenv("AWS_ENDPOINT_URL_IAM");
  unsetenv("AWS_ENDPOINT_URL_STS");
  unsetenv("AWS_ENDPOINT_URL_S3");
  unsetenv("AWS_MAX_ATTEMPTS");
  setenv("AWS_ENDPOINT_URL", url, 1);
  setenv("AWS_ACCESS_KEY_ID", "AKIATESTCLIENT", 1);
  setenv("AWS_SECRET_ACCESS_KEY", "client-secret-value", 1);
  setenv("AWS_SESSION_TOKEN", "session-token-SECRET-123", 1);
  setenv("AWS_REGION", "ap-northeast-1", 1);
  setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials", 1);
  setenv("AWS_CONFIG_FILE", "/nonexistent/config", 1);
  setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
  snprintf(F.trace_path, sizeof(F.trace_path), "/tmp/hk-aws-trace-%d", (int)getpid());
  F.trace = fopen(F.trace_path, "w+");
  memset(&lo, 0, sizeof(lo));
  lo.trace = F.trace;
  lo.timeout_ms = 5000;
  lo.connect_timeout_ms = 2000;
  F.loop = hk_loop_new(&lo);
  assert_non_null(F.loop);
  memset(&co, 0, sizeof(co));
  co.max_attempts = 3;
  co.backoff_base_ms = 1;
  co.backoff_cap_ms = 5;
  F.c = aws_client_new(F.loop, &co, &err);
  assert_non_null(F.c);
  reset_got();
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  aws_client_free(F.c);
  hk_loop_free(F.loop);
  fclose(F.trace);
  unlink(F.trace_path);
  resp_stop(&F.r);
  return 0;
}

/* ---- callbacks ---- */

static void on_subnets(struct aws_subnet *v, size_t n, const struct hk_error *err, void *ud)
{
  (void)ud;
  note_err(err);
  got.n = n;
  if(n >= 3) {
    snprintf(got.s1, sizeof(got.s1), "%s %s %s %d %s", v[0].subnet_id, v[0].az, v[0].cidr,
             v[0].available_ips, v[0].name);
    hk_strlcpy(got.s2, v[2].subnet_id, sizeof(got.s2));
  }
  aws_subnets_free(v, n);
}

static void on_vpcs(struct aws_vpc *v, size_t n, const struct hk_error *err, void *ud)
{
  (void)ud;
  note_err(err);
  got.n = n;
  if(n)
    hk_strlcpy(got.s1, v[0].vpc_id, sizeof(got.s1));
  aws_vpcs_free(v, n);
}

static void on_id(const char *id, const struct hk_error *err, void *ud)
{
  (void)ud;
  note_err(err);
  hk_strlcpy(got.s1, id, sizeof(got.s1));
}

static void on_done(const struct hk_error *err, void *ud)
{
  (void)ud;
  note_err(err);
}

static void on_role(const struct aws_role *r, const struct hk_error *err, void *ud)
{
  (void)ud;
  note_err(err);
  if(r) {
    hk_strlcpy(got.s1, r->arn, sizeof(got.s1));
    hk_strlcpy(got.s2, r->assume_role_policy ? r->assume_role_policy : "", sizeof(got.s2));
  }
}

static void on_names(char (*names)[AWS_NAME_MAX], size_t n, const struct hk_error *err,
                     void *ud)
{
  (void)ud;
  note_err(err);
  got.n = n;
  if(n >= 2)
    snprintf(got.s1, sizeof(got.s1), "%s,%s", names[0], names[n - 1]);
  free(names);
}

static void on_roles(struct aws_role *v, size_t n, const struct hk_error *err, void *ud)
{
  (void)ud;
  note_err(err);
  got.n = n;
  if(n >= 2) {
    snprintf(got.s1, sizeof(got.s1), "%s %s|%s %s", v[0].role_name, v[0].path, v[n - 1].role_name,
             v[n - 1].arn);
    snprintf(got.s2, sizeof(got.s2), "%s", v[0].assume_role_policy ? v[0].assume_role_policy : "");
  }
  aws_roles_free(v, n);
}

static void on_bucket_names(char (*names)[AWS_BUCKET_NAME_MAX], size_t n,
                            const struct hk_error *err, void *ud)
{
  size_t i;
  (void)ud;
  note_err(err);
  got.n = n;
  for(i = 0; i < n; i++)
    snprintf(got.s1 + strlen(got.s1), sizeof(got.s1) - strlen(got.s1), "%s%s", i ? "," : "",
             names[i]);
  free(names);
}

/* ---- tests ---- */

static const char subnets_p1[] =
    "<DescribeSubnetsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
    "<requestId>r1</requestId><subnetSet>"
    "<item><subnetId>subnet-a</subnetId><vpcId>vpc-1</vpcId><cidrBlock>10.0.1.0/24</cidrBlock>"
    "<availabilityZone>ap-northeast-1a</availabilityZone><availabilityZoneId>apne1-az4"
    "</availabilityZoneId><availableIpAddressCount>251</availableIpAddressCount>"
    "<mapPublicIpOnLaunch>false</mapPublicIpOnLaunch><tagSet><item><key>env</key>"
    "<value>x</value></item><item><key>Name</key><value>Private Subnet 01</value></item>"
    "</tagSet></item>"
    "<item><subnetId>subnet-b</subnetId></item></subnetSet><nextToken>tok%2F2</nextToken>"
    "</DescribeSubnetsResponse>";
static const char subnets_p2[] =
    "<DescribeSubnetsResponse><subnetSet><item><subnetId>subnet-c</subnetId></item>"
    "</subnetSet></DescribeSubnetsResponse>";

static void test_pagination_and_signing(void **state)
{
  char *req;
  const char *const ids[] = {"subnet-a", "subnet-b", "subnet-c"};
  const char *const vals[] = {"vpc-1"};
  struct aws_filter f = {"vpc-id", vals, 1};
  (void)state;

  resp_add(&F.r, "NextToken=tok%252F2", 200, NULL, subnets_p2, 0);
  resp_add(&F.r, "Action=DescribeSubnets", 200, NULL, subnets_p1, 0);
  assert_int_equal(aws_ec2_describe_subnets(F.c, ids, 3, &f, 1, on_subnets, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(got.n, 3);
  assert_string_equal(got.s1, "subnet-a ap-northeast-1a 10.0.1.0/24 251 Private Subnet 01");
  assert_string_equal(got.s2, "subnet-c");
  assert_int_equal(resp_count(&F.r, "Action=DescribeSubnets"), 2);

  req = resp_logged(&F.r, 0);
  assert_non_null(strstr(req, "POST / HTTP/1.1"));
  assert_non_null(strstr(req, "Content-Type: application/x-www-form-urlencoded; charset=utf-8"));
  assert_non_null(strstr(req, "Action=DescribeSubnets&Version=2016-11-15&SubnetId.1=subnet-a"));
  assert_non_null(strstr(req, "Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1"));
  assert_non_null(strstr(req, "Authorization: AWS4-HMAC-SHA256 Credential=AKIATESTCLIENT/"));
  assert_non_null(strstr(req, "/ap-northeast-1/ec2/aws4_request"));
  assert_non_null(strstr(req, "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token"));
  assert_non_null(strstr(req, "X-Amz-Security-Token: session-token-SECRET-123"));
  assert_null(strstr(req, "client-secret-value"));
  free(req);
  req = resp_logged(&F.r, 1);
  assert_non_null(strstr(req, "NextToken=tok%252F2"));
  free(req);
}

static void test_iam_marker_pagination(void **state)
{
  char *req;
  (void)state;
  resp_add(&F.r, "Marker=m2", 200, NULL,
           "<ListRolePoliciesResponse><ListRolePoliciesResult><PolicyNames>"
           "<member>p3</member></PolicyNames><IsTruncated>false</IsTruncated>"
           "</ListRolePoliciesResult></ListRolePoliciesResponse>",
           0);
  resp_add(&F.r, "Action=ListRolePolicies", 200, NULL,
           "<ListRolePoliciesResponse><ListRolePoliciesResult><PolicyNames>"
           "<member>p1</member><member>p2</member></PolicyNames><IsTruncated>true</IsTruncated>"
           "<Marker>m2</Marker></ListRolePoliciesResult></ListRolePoliciesResponse>",
           0);
  assert_int_equal(aws_iam_list_role_policies(F.c, "r", on_names, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(got.n, 3);
  assert_string_equal(got.s1, "p1,p3");
  req = resp_logged(&F.r, 0);
  /* IAM is signed for us-east-1 whatever the region */
  assert_non_null(strstr(req, "/us-east-1/iam/aws4_request"));
  assert_non_null(strstr(req, "Version=2010-05-08"));
  free(req);
}

static void test_iam_list_roles(void **state)
{
  char *req;
  (void)state;
  resp_add(&F.r, "Marker=m2", 200, NULL,
           "<ListRolesResponse><ListRolesResult><Roles><member><RoleName>zeta</RoleName>"
           "<Path>/</Path><Arn>arn:aws:iam::123456789012:role/zeta</Arn></member></Roles>"
           "<IsTruncated>false</IsTruncated></ListRolesResult></ListRolesResponse>", 0);
  resp_add(&F.r, "Action=ListRoles", 200, NULL,
           "<ListRolesResponse><ListRolesResult><Roles><member><RoleName>dbx-cross</RoleName>"
           "<Path>/svc/</Path><Arn>arn:aws:iam::123456789012:role/svc/dbx-cross</Arn>"
           "<AssumeRolePolicyDocument>%7B%22Statement%22%3A%5B%7B%22Principal%22%3A%7B%22AWS%22"
           "%3A%22arn%3Aaws%3Aiam%3A%3A414351767826%3Aroot%22%7D%7D%5D%7D"
           "</AssumeRolePolicyDocument></member></Roles><IsTruncated>true</IsTruncated>"
           "<Marker>m2</Marker></ListRolesResult></ListRolesResponse>", 0);
  assert_int_equal(aws_iam_list_roles(F.c, NULL, on_roles, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(got.n, 2);
  assert_string_equal(got.s1, "dbx-cross /svc/|zeta arn:aws:iam::123456789012:role/zeta");
  /* the trust policy arrives URL-decoded */
  assert_string_equal(got.s2, "{\"Statement\":[{\"Principal\":{\"AWS\":"
                              "\"arn:aws:iam::414351767826:root\"}}]}");
  req = resp_logged(&F.r, 0);
  assert_non_null(strstr(req, "Action=ListRoles&Version=2010-05-08"));
  assert_non_null(strstr(req, "/us-east-1/iam/aws4_request"));
  free(req);
}

static void test_s3_list_buckets(void **state)
{
  char *req;
  (void)state;
  resp_add(&F.r, "GET / ", 200, NULL,
           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
           "<ListAllMyBucketsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
           "<Owner><ID>abc</ID></Owner><Buckets>"
           "<Bucket><Name>tokyo-root</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate>"
           "</Bucket><Bucket><Name>tokyo-logs</Name></Bucket><Bucket><Name></Name></Bucket>"
           "</Buckets></ListAllMyBucketsResult>", 1);
  assert_int_equal(aws_s3_list_buckets(F.c, on_bucket_names, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(got.n, 2);                 /* a nameless entry is dropped */
  assert_string_equal(got.s1, "tokyo-root,tokyo-logs");
  req = resp_logged(&F.r, 0);
  assert_non_null(strstr(req, "GET / HTTP/1.1"));
  assert_non_null(strstr(req, "/s3/aws4_request"));
  free(req);
  /* an error reaches the callback with its sentence */
  reset_got();
  resp_add(&F.r, "GET / ", 403, NULL,
           "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>", 0);
  assert_int_equal(aws_s3_list_buckets(F.c, on_bucket_names, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_AUTH);
  assert_int_equal(got.n, 0);
}

static const char vpcs_ok[] =
    "<DescribeVpcsResponse><vpcSet><item><vpcId>vpc-9</vpcId></item></vpcSet>"
    "</DescribeVpcsResponse>";

static void test_retry_5xx_and_reset(void **state)
{
  struct hk_loop_stats s;
  (void)state;
  resp_add(&F.r, "Action=DescribeVpcs", 503, NULL, "<Response><Errors><Error><Code>Unavailable"
                                                  "</Code></Error></Errors></Response>", 1);
  resp_add(&F.r, "Action=DescribeVpcs", 0, NULL, "", 1); /* connection closed, no answer */
  resp_add(&F.r, "Action=DescribeVpcs", 200, NULL, vpcs_ok, 0);
  assert_int_equal(aws_ec2_describe_vpcs(F.c, NULL, 0, NULL, 0, on_vpcs, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_OK);
  assert_string_equal(got.s1, "vpc-9");
  assert_int_equal(resp_count(&F.r, "Action=DescribeVpcs"), 3);
  hk_loop_stats(F.loop, &s);
  assert_int_equal(s.retries, 2);
}

static void test_retry_gives_up(void **state)
{
  (void)state;
  resp_add(&F.r, "Action=DescribeVpcs", 500,
           NULL, "<Response><Errors><Error><Code>InternalError</Code><Message>boom</Message>"
                 "</Error></Errors><RequestID>rid-5</RequestID></Response>", 0);
  assert_int_equal(aws_ec2_describe_vpcs(F.c, NULL, 0, NULL, 0, on_vpcs, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_SERVER);
  assert_string_equal(got.code, "InternalError");
  assert_int_equal(resp_count(&F.r, "Action=DescribeVpcs"), 3); /* max_attempts */
}

static void test_create_not_retried_on_5xx(void **state)
{
  (void)state;
  resp_add(&F.r, "Action=CreateSecurityGroup", 500, NULL,
           "<Response><Errors><Error><Code>InternalError</Code></Error></Errors></Response>", 0);
  assert_int_equal(aws_ec2_create_security_group(F.c, "vpc-1", "sg", "d", "Name", on_id, NULL),
                   HK_OK);
  run();
  assert_int_equal(got.st, HK_SERVER);
  assert_int_equal(resp_count(&F.r, "Action=CreateSecurityGroup"), 1);
  assert_string_equal(got.s1, "");
}

static void on_vpce_created(const struct aws_vpc_endpoint *e, const struct hk_error *err, void *ud)
{
  (void)ud;
  note_err(err);
  if(e)
    snprintf(got.s1, sizeof(got.s1), "%s %s %zu %zu %s", e->vpce_id, e->type, e->n_subnet_ids,
             e->n_group_ids, e->n_eni_ids ? e->eni_ids[0] : "");
}

static void test_create_with_token_retried(void **state)
{
  const char *const subnets[] = {"subnet-a", "subnet-b"};
  const char *const sgs[] = {"sg-1"};
  struct aws_vpce_create spec;
  char *req;
  (void)state;
  resp_add(&F.r, "Action=CreateVpcEndpoint", 503, NULL, "", 1);
  resp_add(&F.r, "Action=CreateVpcEndpoint", 200, NULL,
           "<CreateVpcEndpointResponse><vpcEndpoint><vpcEndpointId>vpce-1</vpcEndpointId>"
           "<vpcEndpointType>Interface</vpcEndpointType><state>pending</state>"
           "<subnetIdSet><item>subnet-a</item><item>subnet-b</item></subnetIdSet>"
           "<groupSet><item><groupId>sg-1</groupId></item></groupSet>"
           "<networkInterfaceIdSet><item>eni-1</item></networkInterfaceIdSet>"
           "</vpcEndpoint></CreateVpcEndpointResponse>",
           0);
  memset(&spec, 0, sizeof(spec));
  spec.vpc_id = "vpc-1";
  spec.service_name = "com.amazonaws.vpce.ap-northeast-1.vpce-svc-0";
  spec.type = "Interface";
  spec.subnet_ids = subnets;
  spec.n_subnet_ids = 2;
  spec.security_group_ids = sgs;
  spec.n_security_group_ids = 1;
  spec.private_dns = 1;
  spec.client_token = "heiiki-setup1-ws";
  spec.name = "heiiki workspace";
  assert_int_equal(aws_ec2_create_vpc_endpoint(F.c, &spec, NULL, NULL), HK_INVALID);
  reset_got();
  assert_int_equal(aws_ec2_create_vpc_endpoint(F.c, &spec, on_vpce_created, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_OK);
  assert_string_equal(got.s1, "vpce-1 Interface 2 1 eni-1");
  assert_int_equal(resp_count(&F.r, "ClientToken=heiiki-setup1-ws"), 2);
  req = resp_logged(&F.r, 0);
  assert_non_null(strstr(req, "SubnetId.2=subnet-b"));
  assert_non_null(strstr(req, "SecurityGroupId.1=sg-1"));
  assert_non_null(strstr(req, "PrivateDnsEnabled=true"));
  assert_non_null(strstr(req, "TagSpecification.1.ResourceType=vpc-endpoint"));
  assert_non_null(strstr(req, "TagSpecification.1.Tag.1.Value=heiiki%20workspace"));
  free(req);
}

static void test_throttle_retried_even_for_create(void **state)
{
  (void)state;
  resp_add(&F.r, "Action=CreateRole", 400, NULL,
           "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message>"
           "</Error></ErrorResponse>",
           1);
  resp_add(&F.r, "Action=CreateRole", 200, NULL,
           "<CreateRoleResponse><CreateRoleResult><Role><RoleName>r</RoleName>"
           "<Arn>arn:aws:iam::111122223333:role/r</Arn><Path>/</Path>"
           "<AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%7D"
           "</AssumeRolePolicyDocument></Role></CreateRoleResult></CreateRoleResponse>",
           0);
  assert_int_equal(aws_iam_create_role(F.c, "r", NULL, "{\"Version\":\"2012-10-17\"}", NULL,
                                       on_role, NULL),
                   HK_OK);
  run();
  assert_int_equal(got.st, HK_OK);
  assert_string_equal(got.s1, "arn:aws:iam::111122223333:role/r");
  assert_string_equal(got.s2, "{\"Version\":\"2012-10-17\"}");
  assert_int_equal(resp_count(&F.r, "Action=CreateRole"), 2);
}

static void test_error_shapes(void **state)
{
  (void)state;
  resp_add(&F.r, "Action=DescribeVpcs", 403, NULL,
           "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not "
           "authorized to perform this operation.</Message></Error></Errors>"
           "<RequestID>rq</RequestID></Response>",
           0);
  resp_add(&F.r, "Action=GetRole", 404, NULL,
           "<ErrorResponse><Error><Code>NoSuchEntity</Code><Message>The role with name x "
           "cannot be found.</Message></Error><RequestId>rq2</RequestId></ErrorResponse>",
           0);
  assert_int_equal(aws_ec2_describe_vpcs(F.c, NULL, 0, NULL, 0, on_vpcs, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_AUTH);
  assert_string_equal(got.code, "UnauthorizedOperation");
  assert_non_null(strstr(got.msg, "ec2:DescribeVpcs"));
  assert_non_null(strstr(got.hint, "ec2:DescribeVpcs"));
  reset_got();
  assert_int_equal(aws_iam_get_role(F.c, "x", on_role, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_NOT_FOUND);
  assert_string_equal(got.code, "NoSuchEntity");
}

static void test_hostile_bodies(void **state)
{
  char *big = malloc(10u * 1024u * 1024u + 64);
  size_t i;
  (void)state;
  resp_add(&F.r, "Action=DescribeVpcs", 200, NULL, "<DescribeVpcsResponse><vpcSet><item>", 1);
  resp_add(&F.r, "Action=DescribeVpcs", 200, NULL, "\x01\x02 garbage", 1);
  assert_int_equal(aws_ec2_describe_vpcs(F.c, NULL, 0, NULL, 0, on_vpcs, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_PARSE);
  assert_non_null(strstr(got.msg, "ec2:DescribeVpcs"));
  reset_got();
  /* not XML at all */
  assert_int_equal(aws_ec2_describe_vpcs(F.c, NULL, 0, NULL, 0, on_vpcs, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_PARSE);
  assert_int_equal(got.n, 0);
  reset_got();

  assert_non_null(big);
  memcpy(big, "<DescribeVpcsResponse>", 22);
  for(i = 22; i < 10u * 1024u * 1024u; i++)
    big[i] = 'x';
  big[i] = '\0';
  resp_add_owned(&F.r, "Action=DescribeVpcs", 200, big, 0);
  assert_int_equal(aws_ec2_describe_vpcs(F.c, NULL, 0, NULL, 0, on_vpcs, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_TOO_BIG);
  assert_true(got.msg[0] != '\0');
}

static void on_sgs(struct aws_security_group *v, size_t n, const struct hk_error *err, void *ud)
{
  (void)ud;
  note_err(err);
  got.n = n;
  if(n) {
    got.i1 = (int)v[0].n_ingress;
    got.i2 = (int)v[0].n_egress;
    snprintf(got.s1, sizeof(got.s1), "%s/%d-%d/%s|%s|%s/%s", v[0].ingress[0].protocol,
             v[0].ingress[0].from_port, v[0].ingress[0].to_port, v[0].ingress[0].cidr,
             v[0].ingress[1].cidr, v[0].ingress[2].group_id, v[0].egress[0].protocol);
  }
  aws_security_groups_free(v, n);
}

static void on_rts(struct aws_route_table *v, size_t n, const struct hk_error *err, void *ud)
{
  (void)ud;
  note_err(err);
  got.n = n;
  if(n)
    snprintf(got.s1, sizeof(got.s1), "%d %zu %s %zu %s %s %s", v[0].is_main, v[0].n_subnet_ids,
             v[0].subnet_ids[0], v[0].n_routes, v[0].routes[1].gateway_id,
             v[0].routes[2].dest_prefix_list, v[0].routes[2].gateway_id);
  aws_route_tables_free(v, n);
}

static void on_nacls(struct aws_nacl *v, size_t n, const struct hk_error *err, void *ud)
{
  (void)ud;
  note_err(err);
  got.n = n;
  if(n)
    snprintf(got.s1, sizeof(got.s1), "%d %zu %d:%s:%d:%d-%d:%d", v[0].is_default,
             v[0].n_subnet_ids, v[0].entries[0].rule_number, v[0].entries[0].protocol,
             v[0].entries[0].allow, v[0].entries[0].from_port, v[0].entries[0].to_port,
             v[0].entries[1].egress);
  aws_nacls_free(v, n);
}

static void on_dns(int support, int hostnames, const struct hk_error *err, void *ud)
{
  (void)ud;
  note_err(err);
  got.i1 = support;
  got.i2 = hostnames;
}

static void on_identity(const struct aws_caller_identity *id, const struct hk_error *err,
                        void *ud)
{
  (void)ud;
  note_err(err);
  if(id)
    snprintf(got.s1, sizeof(got.s1), "%s %s", id->account, id->arn);
}

static void on_sim(struct aws_sim_result *v, size_t n, const struct hk_error *err, void *ud)
{
  (void)ud;
  note_err(err);
  got.n = n;
  if(n == 2)
    snprintf(got.s1, sizeof(got.s1), "%s=%s %s=%s", v[0].action, v[0].decision, v[1].action,
             v[1].decision);
  aws_sim_results_free(v, n);
}

static void test_typed_parsing(void **state)
{
  const char *const actions[] = {"ec2:CreateVpcEndpoint", "iam:PassRole"};
  char *req;
  (void)state;
  resp_add(&F.r, "Action=DescribeSecurityGroups", 200, NULL,
           "<DescribeSecurityGroupsResponse><securityGroupInfo><item><groupId>sg-1</groupId>"
           "<groupName>SG 01</groupName><vpcId>vpc-1</vpcId><ipPermissions><item>"
           "<ipProtocol>tcp</ipProtocol><fromPort>443</fromPort><toPort>443</toPort>"
           "<ipRanges><item><cidrIp>10.0.0.0/16</cidrIp></item><item><cidrIp>10.1.0.0/16"
           "</cidrIp></item></ipRanges><groups><item><groupId>sg-2</groupId></item></groups>"
           "</item></ipPermissions><ipPermissionsEgress><item><ipProtocol>-1</ipProtocol>"
           "<ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item>"
           "</ipPermissionsEgress></item></securityGroupInfo></DescribeSecurityGroupsResponse>",
           0);
  assert_int_equal(aws_ec2_describe_security_groups(F.c, NULL, 0, NULL, 0, on_sgs, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(got.i1, 3);
  assert_int_equal(got.i2, 1);
  assert_string_equal(got.s1, "tcp/443-443/10.0.0.0/16|10.1.0.0/16|sg-2/-1");

  reset_got();
  resp_add(&F.r, "Action=DescribeRouteTables", 200, NULL,
           "<DescribeRouteTablesResponse><routeTableSet><item><routeTableId>rtb-1"
           "</routeTableId><vpcId>vpc-1</vpcId><associationSet><item><main>true</main></item>"
           "<item><main>false</main><subnetId>subnet-a</subnetId></item></associationSet>"
           "<routeSet><item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock>"
           "<gatewayId>local</gatewayId></item><item><destinationCidrBlock>0.0.0.0/0"
           "</destinationCidrBlock><gatewayId>igw-1</gatewayId></item><item>"
           "<destinationPrefixListId>pl-61a54008</destinationPrefixListId><gatewayId>vpce-s3"
           "</gatewayId></item></routeSet></item></routeTableSet></DescribeRouteTablesResponse>",
           0);
  assert_int_equal(aws_ec2_describe_route_tables(F.c, NULL, 0, NULL, 0, on_rts, NULL), HK_OK);
  run();
  assert_string_equal(got.s1, "1 1 subnet-a 3 igw-1 pl-61a54008 vpce-s3");

  reset_got();
  resp_add(&F.r, "Action=DescribeNetworkAcls", 200, NULL,
           "<DescribeNetworkAclsResponse><networkAclSet><item><networkAclId>acl-1"
           "</networkAclId><default>true</default><entrySet><item><ruleNumber>100</ruleNumber>"
           "<protocol>6</protocol><ruleAction>allow</ruleAction><egress>false</egress>"
           "<cidrBlock>0.0.0.0/0</cidrBlock><portRange><from>443</from><to>443</to>"
           "</portRange></item><item><ruleNumber>32767</ruleNumber><protocol>-1</protocol>"
           "<ruleAction>deny</ruleAction><egress>true</egress><cidrBlock>0.0.0.0/0"
           "</cidrBlock></item></entrySet><associationSet><item><subnetId>subnet-a</subnetId>"
           "</item></associationSet></item></networkAclSet></DescribeNetworkAclsResponse>",
           0);
  assert_int_equal(aws_ec2_describe_network_acls(F.c, NULL, 0, NULL, 0, on_nacls, NULL), HK_OK);
  run();
  assert_string_equal(got.s1, "1 1 100:6:1:443-443:1");

  reset_got();
  resp_add(&F.r, "Attribute=enableDnsSupport", 200, NULL,
           "<DescribeVpcAttributeResponse><vpcId>vpc-1</vpcId><enableDnsSupport><value>true"
           "</value></enableDnsSupport></DescribeVpcAttributeResponse>",
           0);
  resp_add(&F.r, "Attribute=enableDnsHostnames", 200, NULL,
           "<DescribeVpcAttributeResponse><vpcId>vpc-1</vpcId><enableDnsHostnames><value>false"
           "</value></enableDnsHostnames></DescribeVpcAttributeResponse>",
           0);
  assert_int_equal(aws_ec2_describe_vpc_dns(F.c, "vpc-1", on_dns, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(got.i1, 1);
  assert_int_equal(got.i2, 0);

  reset_got();
  resp_add(&F.r, "Action=GetCallerIdentity", 200, NULL,
           "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
           "<GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/op</Arn>"
           "<UserId>AIDA</UserId><Account>111122223333</Account></GetCallerIdentityResult>"
           "</GetCallerIdentityResponse>",
           0);
  assert_int_equal(aws_sts_get_caller_identity(F.c, on_identity, NULL), HK_OK);
  run();
  assert_string_equal(got.s1, "111122223333 arn:aws:iam::111122223333:user/op");
  req = resp_logged(&F.r, F.r.n_log - 1);
  assert_non_null(strstr(req, "/ap-northeast-1/sts/aws4_request"));
  free(req);

  reset_got();
  resp_add(&F.r, "Action=SimulatePrincipalPolicy", 200, NULL,
           "<SimulatePrincipalPolicyResponse><SimulatePrincipalPolicyResult><EvaluationResults>"
           "<member><EvalActionName>ec2:CreateVpcEndpoint</EvalActionName><EvalDecision>allowed"
           "</EvalDecision></member><member><EvalActionName>iam:PassRole</EvalActionName>"
           "<EvalDecision>implicitDeny</EvalDecision></member></EvaluationResults>"
           "<IsTruncated>false</IsTruncated></SimulatePrincipalPolicyResult>"
           "</SimulatePrincipalPolicyResponse>",
           0);
  assert_int_equal(aws_iam_simulate_principal_policy(F.c, "arn:aws:iam::1:role/x", actions, 2,
                                                     NULL, 0, on_sim, NULL),
                   HK_OK);
  run();
  assert_string_equal(got.s1, "ec2:CreateVpcEndpoint=allowed iam:PassRole=implicitDeny");
  req = resp_logged(&F.r, F.r.n_log - 1);
  assert_non_null(strstr(req, "ActionNames.member.2=iam%3APassRole"));
  free(req);

  /* raw (not URL-encoded) policy JSON from an emulator */
  reset_got();
  resp_add(&F.r, "Action=GetRole", 200, NULL,
           "<GetRoleResponse><GetRoleResult><Role><RoleName>r</RoleName><Arn>arn:r</Arn>"
           "<AssumeRolePolicyDocument>{\"a\": \"100%\"}</AssumeRolePolicyDocument></Role>"
           "</GetRoleResult></GetRoleResponse>",
           0);
  assert_int_equal(aws_iam_get_role(F.c, "r", on_role, NULL), HK_OK);
  run();
  assert_string_equal(got.s2, "{\"a\": \"100%\"}");
}

static void on_bucket(const struct aws_bucket_info *b, const struct hk_error *err, void *ud)
{
  (void)ud;
  note_err(err);
  got.i1 = b->exists;
  got.i2 = b->owned;
  snprintf(got.s1, sizeof(got.s1), "%s|%s|%d%d%d%d|%s", b->region, b->policy ? b->policy : "-",
           b->block_public_acls, b->ignore_public_acls, b->block_public_policy,
           b->restrict_public_buckets, b->versioning);
}

static void test_s3(void **state)
{
  char *req;
  (void)state;
  resp_add(&F.r, "HEAD /root-bucket HTTP", 200, "x-amz-bucket-region: ap-northeast-1\r\n", "",
           0);
  assert_int_equal(aws_s3_head_bucket(F.c, "root-bucket", on_bucket, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(got.i1, 1);
  assert_int_equal(got.i2, 1);
  req = resp_logged(&F.r, 0);
  assert_non_null(strstr(req, "X-Amz-Content-Sha256: e3b0c442"));
  assert_non_null(strstr(req, "/ap-northeast-1/s3/aws4_request"));
  free(req);

  reset_got();
  resp_add(&F.r, "HEAD /other-bucket HTTP", 403, NULL, "", 0);
  assert_int_equal(aws_s3_head_bucket(F.c, "other-bucket", on_bucket, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(got.i1, 1);
  assert_int_equal(got.i2, 0);

  reset_got();
  resp_add(&F.r, "GET /root-bucket?policy", 404, NULL,
           "<Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist"
           "</Message></Error>",
           0);
  assert_int_equal(aws_s3_get_bucket_policy(F.c, "root-bucket", on_bucket, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_OK);
  assert_string_equal(got.s1, "|-|-1-1-1-1|");

  reset_got();
  resp_add(&F.r, "GET /root-bucket?publicAccessBlock", 200, NULL,
           "<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls>"
           "<IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>false"
           "</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets>"
           "</PublicAccessBlockConfiguration>",
           0);
  assert_int_equal(aws_s3_get_public_access_block(F.c, "root-bucket", on_bucket, NULL), HK_OK);
  run();
  assert_string_equal(got.s1, "|-|1101|");

  /* wrong region: resent once, signed for the bucket's region */
  reset_got();
  resp_add(&F.r, "eu-west-1/s3/aws4_request", 200, NULL, "", 0);
  resp_add(&F.r, "PUT /eu-bucket HTTP", 400, "x-amz-bucket-region: eu-west-1\r\n",
           "<Error><Code>AuthorizationHeaderMalformed</Code><Message>the region "
           "'ap-northeast-1' is wrong; expecting 'eu-west-1'</Message><Region>eu-west-1"
           "</Region></Error>",
           0);
  assert_int_equal(aws_s3_create_bucket(F.c, "eu-bucket", NULL, on_done, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_OK);
  assert_int_equal(resp_count(&F.r, "PUT /eu-bucket HTTP"), 2);
  req = resp_logged(&F.r, F.r.n_log - 2);
  assert_non_null(strstr(req, "<LocationConstraint>ap-northeast-1</LocationConstraint>"));
  assert_non_null(strstr(req, "Content-MD5: "));
  free(req);

  reset_got();
  resp_add(&F.r, "PUT /root-bucket/dir/a%20b.txt HTTP", 200, NULL, "", 0);
  assert_int_equal(aws_s3_put_object(F.c, "root-bucket", "dir/a b.txt", "hi", 2, NULL, on_done,
                                     NULL),
                   HK_OK);
  run();
  assert_int_equal(got.st, HK_OK);

  assert_int_equal(aws_s3_head_bucket(F.c, "Bad_Bucket", on_bucket, NULL), HK_INVALID);
}

static void test_retry_decide(void **state)
{
  struct hk_request *r = hk_request_new("POST", "http://127.0.0.1/");
  (void)state;
  r->http_status = 503;
  assert_int_equal(aws_retry_decide(r, true), 1);
  assert_int_equal(aws_retry_decide(r, false), 0);
  r->http_status = 429;
  assert_int_equal(aws_retry_decide(r, false), 1);
  r->http_status = 400;
  hk_request_body_set(r, "", 0);
  hk_buf_puts(&r->resp_body, "<Response><Errors><Error><Code>RequestLimitExceeded</Code>");
  assert_int_equal(aws_retry_decide(r, false), 1);
  hk_buf_reset(&r->resp_body);
  hk_buf_puts(&r->resp_body, "<Error><Code>SlowDown</Code></Error>");
  assert_int_equal(aws_retry_decide(r, false), 1);
  hk_buf_reset(&r->resp_body);
  hk_buf_puts(&r->resp_body, "<ErrorResponse><Error><Code>AccessDenied</Code>");
  assert_int_equal(aws_retry_decide(r, true), 0);
  r->http_status = 0;
  r->transport_error = CURLE_OPERATION_TIMEDOUT;
  assert_int_equal(aws_retry_decide(r, true), 1);
  assert_int_equal(aws_retry_decide(r, false), 0);
  r->transport_error = CURLE_RECV_ERROR;
  assert_int_equal(aws_retry_decide(r, true), 1);
  r->transport_error = CURLE_COULDNT_CONNECT;
  assert_int_equal(aws_retry_decide(r, false), 1);
  r->transport_error = CURLE_PEER_FAILED_VERIFICATION;
  assert_int_equal(aws_retry_decide(r, true), 0);
  hk_request_free(r);
}

static void test_trace_redacts_token(void **state)
{
  long len;
  char *buf;
  (void)state;
  resp_add(&F.r, "Action=DescribeVpcs", 200, NULL, vpcs_ok, 0);
  assert_int_equal(aws_ec2_describe_vpcs(F.c, NULL, 0, NULL, 0, on_vpcs, NULL), HK_OK);
  run();
  fflush(F.trace);
  fseek(F.trace, 0, SEEK_END);
  len = ftell(F.trace);
  assert_true(len > 0);
  buf = calloc(1, (size_t)len + 1);
  fseek(F.trace, 0, SEEK_SET);
  assert_int_equal(fread(buf, 1, (size_t)len, F.trace), (size_t)len);
  assert_non_null(strstr(buf, "DescribeVpcs"));
  assert_null(strstr(buf, "session-token-SECRET-123"));
  assert_null(strstr(buf, "client-secret-value"));
  free(buf);
}

static void test_no_region_no_creds(void **state)
{
  struct hk_error err;
  struct aws_client *c;
  (void)state;
  unsetenv("AWS_REGION");
  c = aws_client_new(F.loop, NULL, &err);
  assert_null(c);
  assert_int_equal(err.status, HK_CONFIG);
  assert_non_null(strstr(err.message, "AWS_REGION"));
  setenv("AWS_REGION", "ap-northeast-1", 1);

  unsetenv("AWS_ACCESS_KEY_ID");
  unsetenv("AWS_SECRET_ACCESS_KEY");
  c = aws_client_new(F.loop, NULL, &err);
  assert_non_null(c);
  assert_int_equal(aws_ec2_describe_vpcs(c, NULL, 0, NULL, 0, on_vpcs, NULL), HK_OK);
  assert_int_equal(got.calls, 0); /* reported from the loop, not from inside the call */
  run();
  assert_int_equal(got.st, HK_AUTH);
  assert_non_null(strstr(got.msg, "No AWS credentials"));
  aws_client_free(c);
}

static void on_address(const char *alloc, const char *ip, const struct hk_error *err, void *ud)
{
  (void)ud;
  note_err(err);
  snprintf(got.s1, sizeof(got.s1), "%s %s", alloc, ip);
}

static void test_elastic_ip(void **state)
{
  char *req;
  (void)state;
  resp_add(&F.r, "Action=AllocateAddress", 200, NULL,
           "<AllocateAddressResponse><publicIp>198.51.100.7</publicIp><domain>vpc</domain>"
           "<allocationId>eipalloc-1</allocationId></AllocateAddressResponse>",
           0);
  resp_add(&F.r, "Action=AssociateAddress", 200, NULL,
           "<AssociateAddressResponse><return>true</return><associationId>eipassoc-1"
           "</associationId></AssociateAddressResponse>",
           0);
  assert_int_equal(aws_ec2_allocate_address(F.c, "heiiki front end", on_address, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_OK);
  assert_string_equal(got.s1, "eipalloc-1 198.51.100.7");
  req = resp_logged(&F.r, 0);
  assert_non_null(strstr(req, "Domain=vpc"));
  assert_non_null(strstr(req, "TagSpecification.1.ResourceType=elastic-ip"));
  free(req);
  reset_got();
  assert_int_equal(aws_ec2_associate_address(F.c, "eipalloc-1", "eni-1", NULL, on_id, NULL),
                   HK_OK);
  run();
  assert_int_equal(got.st, HK_OK);
  assert_string_equal(got.s1, "eipassoc-1");
  req = resp_logged(&F.r, 1);
  assert_non_null(strstr(req, "AllocationId=eipalloc-1&NetworkInterfaceId=eni-1"));
  assert_null(strstr(req, "PrivateIpAddress"));
  free(req);
}

/* ExpiredToken: temporary credentials are refreshed once and the call resent. */
static void test_expired_token_refresh(void **state)
{
  char dir[] = "/tmp/hk-aws-exp-XXXXXX";
  char path[256];
  char cmd[600];
  FILE *f;
  struct aws_client *c;
  struct hk_error err;
  int lines = 0;
  int ch;
  (void)state;
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof(path), "%s/proc.sh", dir);
  f = fopen(path, "w");
  assert_non_null(f);
  fprintf(f, "#!/bin/sh\necho x >> '%s/count'\n"
             "echo '{\"Version\":1,\"AccessKeyId\":\"ASIAPROC\",\"SecretAccessKey\":\"s\","
             "\"SessionToken\":\"t\",\"Expiration\":\"2099-01-01T00:00:00Z\"}'\n",
          dir);
  fclose(f);
  chmod(path, 0700);
  snprintf(path, sizeof(path), "%s/config", dir);
  f = fopen(path, "w");
  assert_non_null(f);
  fprintf(f, "[profile tmp]\ncredential_process = %s/proc.sh\n", dir);
  fclose(f);
  setenv("AWS_CONFIG_FILE", path, 1);
  setenv("AWS_PROFILE", "tmp", 1);
  unsetenv("AWS_ACCESS_KEY_ID");
  unsetenv("AWS_SECRET_ACCESS_KEY");
  unsetenv("AWS_SESSION_TOKEN");
  c = aws_client_new(F.loop, NULL, &err);
  assert_non_null(c);
  resp_add(&F.r, "Action=DescribeVpcs", 400, NULL,
           "<Response><Errors><Error><Code>RequestExpired</Code></Error></Errors></Response>", 1);
  resp_add(&F.r, "Action=DescribeVpcs", 400, NULL,
           "<ErrorResponse><Error><Code>ExpiredToken</Code><Message>The security token "
           "included in the request is expired</Message></Error></ErrorResponse>",
           1);
  resp_add(&F.r, "Action=DescribeVpcs", 200, NULL, vpcs_ok, 0);
  /* a clock error is not retried */
  assert_int_equal(aws_ec2_describe_vpcs(c, NULL, 0, NULL, 0, on_vpcs, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_AUTH);
  assert_non_null(strstr(got.hint, "clock"));
  reset_got();
  assert_int_equal(aws_ec2_describe_vpcs(c, NULL, 0, NULL, 0, on_vpcs, NULL), HK_OK);
  run();
  assert_int_equal(got.st, HK_OK);
  assert_string_equal(got.s1, "vpc-9");
  snprintf(path, sizeof(path), "%s/count", dir);
  f = fopen(path, "r");
  assert_non_null(f);
  while((ch = fgetc(f)) != EOF)
    lines += ch == '\n';
  fclose(f);
  assert_int_equal(lines, 2);
  aws_client_free(c);
  unsetenv("AWS_PROFILE");
  snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_pagination_and_signing, setup, teardown),
      cmocka_unit_test_setup_teardown(test_iam_list_roles, setup, teardown),
    cmocka_unit_test_setup_teardown(test_s3_list_buckets, setup, teardown),
    cmocka_unit_test_setup_teardown(test_iam_marker_pagination, setup, teardown),
      cmocka_unit_test_setup_teardown(test_retry_5xx_and_reset, setup, teardown),
      cmocka_unit_test_setup_teardown(test_retry_gives_up, setup, teardown),
      cmocka_unit_test_setup_teardown(test_create_not_retried_on_5xx, setup, teardown),
      cmocka_unit_test_setup_teardown(test_create_with_token_retried, setup, teardown),
      cmocka_unit_test_setup_teardown(test_throttle_retried_even_for_create, setup, teardown),
      cmocka_unit_test_setup_teardown(test_error_shapes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_hostile_bodies, setup, teardown),
      cmocka_unit_test_setup_teardown(test_typed_parsing, setup, teardown),
      cmocka_unit_test_setup_teardown(test_s3, setup, teardown),
      cmocka_unit_test(test_retry_decide),
      cmocka_unit_test_setup_teardown(test_trace_redacts_token, setup, teardown),
      cmocka_unit_test_setup_teardown(test_no_region_no_creds, setup, teardown),
      cmocka_unit_test_setup_teardown(test_expired_token_refresh, setup, teardown),
      cmocka_unit_test_setup_teardown(test_elastic_ip, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
