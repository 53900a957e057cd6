/* test_plan_graph.c - the plan from a setup: order, dependencies, decisions, printing. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "core/hk_buf.h"
#include "plan/actions/actions.h"
#include "plan/plan.h"
#include "setup/setup_model.h"

static void tokyo(struct hk_setup *s)
{
  hk_setup_init(s);
  hk_strlcpy(s->name, "tokyo", sizeof(s->name));
  hk_strlcpy(s->region, "ap-northeast-1", sizeof(s->region));
  hk_strlcpy(s->account_id, "11111111-2222-3333-4444-555555555555", sizeof(s->account_id));
  s->credential.choice = HK_EXISTING;
  hk_strlcpy(s->credential.role_arn, "arn:aws:iam::123456789012:role/dbx-cross",
             sizeof(s->credential.role_arn));
  s->storage.choice = HK_EXISTING;
  hk_strlcpy(s->storage.bucket, "tokyo-root", sizeof(s->storage.bucket));
  s->storage.apply_policy = true;
  s->endpoints[HK_EP_WORKSPACE].choice = HK_CREATE;
  s->endpoints[HK_EP_RELAY].choice = HK_CREATE;
  s->endpoints[HK_EP_STS].choice = HK_CREATE;
  s->endpoints[HK_EP_KINESIS].choice = HK_CREATE;
  s->endpoints[HK_EP_S3].choice = HK_EXISTING;
  hk_strlcpy(s->endpoints[HK_EP_S3].vpce_id, "vpce-0s3", HK_ID_MAX);
  hk_strlcpy(s->network.vpc_id, "vpc-0abc", sizeof(s->network.vpc_id));
  s->network.n_subnets = 2;
  hk_strlcpy(s->network.subnet_ids[0], "subnet-01", HK_ID_MAX);
  hk_strlcpy(s->network.subnet_ids[1], "subnet-02", HK_ID_MAX);
  s->network.n_sgs = 1;
  hk_strlcpy(s->network.sg_ids[0], "sg-02", HK_ID_MAX);
}

static void test_order_and_ids(void **state)
{
  struct hk_setup s;
  struct hk_plan p;
  struct hk_error e;
  size_t i, k, d;
  (void)state;

  tokyo(&s);
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  assert_true(p.n >= 20);
  for(i = 0; i < p.n; i++) {
    for(k = i + 1; k < p.n; k++)
      assert_string_not_equal(p.actions[i].id, p.actions[k].id);
    for(d = 0; d < p.actions[i].n_deps; d++) {
      const struct hk_action *dep = hk_plan_find(&p, p.actions[i].deps[d]);
      if(!dep)
        fail_msg("%s depends on unknown %s", p.actions[i].id, p.actions[i].deps[d]);
      assert_true(dep < &p.actions[i]); /* table order is a valid sequential order */
    }
  }
  hk_plan_free(&p);
}

static void test_tokyo_decisions(void **state)
{
  struct hk_setup s;
  struct hk_plan p;
  struct hk_error e;
  (void)state;

  tokyo(&s);
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  assert_int_equal(hk_plan_find(&p, "aws.role")->decision, HK_DEC_KEEP);
  assert_string_equal(hk_kvmap_str(&hk_plan_find(&p, "aws.role")->given, "role_arn"),
                      "arn:aws:iam::123456789012:role/dbx-cross");
  assert_int_equal(hk_plan_find(&p, "aws.role.policy")->decision, HK_DEC_SKIP);
  assert_int_equal(hk_plan_find(&p, "aws.bucket")->decision, HK_DEC_KEEP);
  assert_int_equal(hk_plan_find(&p, "aws.bucket.policy")->decision, HK_DEC_CREATE);
  assert_int_equal(hk_plan_find(&p, "aws.vpce.s3")->decision, HK_DEC_KEEP);
  assert_int_equal(hk_plan_find(&p, "aws.vpce.workspace")->decision, HK_DEC_CREATE);
  assert_int_equal(hk_plan_find(&p, "aws.vpce.backend_rest")->decision, HK_DEC_SKIP);
  assert_int_equal(hk_plan_find(&p, "dbx.vpce.backend_rest")->decision, HK_DEC_SKIP);
  assert_int_equal(hk_plan_find(&p, "aws.vpce.glue")->decision, HK_DEC_SKIP);
  assert_int_equal(hk_plan_find(&p, "aws.glue.role")->decision, HK_DEC_SKIP);
  assert_int_equal(hk_plan_find(&p, "dbx.network")->decision, HK_DEC_CREATE);
  assert_int_equal(hk_plan_find(&p, "dbx.metastore")->decision, HK_DEC_ADOPT);
  assert_non_null(strstr(hk_plan_find(&p, "dbx.network")->note, "subnet-01,subnet-02"));
  hk_plan_free(&p);
}

static void test_create_everything(void **state)
{
  struct hk_setup s;
  struct hk_plan p;
  struct hk_error e;
  int k;
  (void)state;

  tokyo(&s);
  s.credential.choice = HK_CREATE;
  hk_strlcpy(s.credential.role_name, "tokyo-cross", sizeof(s.credential.role_name));
  s.storage.choice = HK_CREATE;
  s.backend_shared = false;
  s.client.glue = true;
  for(k = 0; k < HK_EP__COUNT; k++) {
    s.endpoints[k].enabled = true;
    s.endpoints[k].choice = HK_CREATE;
  }
  s.metastore.choice = HK_CREATE;
  s.network.mode = HK_NET_CREATE_VPC;            /* the network too (issue 18) */
  hk_strlcpy(s.network.vpc_cidr, "10.0.0.0/16", sizeof(s.network.vpc_cidr));
  s.client.frontend = HK_FE_ELASTIC_IP;          /* with the public subnet */
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  /* only the fixes of an operator's own resources: the new VPC is made with DNS on */
  assert_int_equal(hk_plan_count(&p, HK_DEC_SKIP), 3);
  assert_int_equal(hk_plan_find(&p, "aws.net.vpc_dns")->decision, HK_DEC_SKIP);
  assert_int_equal(hk_plan_find(&p, "aws.fix.s3_route")->decision, HK_DEC_SKIP);
  assert_int_equal(hk_plan_find(&p, "aws.fix.sg_rules")->decision, HK_DEC_SKIP);
  assert_int_equal(hk_plan_count(&p, HK_DEC_KEEP), 0);
  assert_int_equal(hk_plan_count(&p, HK_DEC_CREATE), p.n - 3);
  hk_plan_free(&p);

  s.metastore.choice = HK_EXISTING;
  hk_strlcpy(s.metastore.metastore_id, "ms-1", sizeof(s.metastore.metastore_id));
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  assert_int_equal(hk_plan_find(&p, "dbx.metastore")->decision, HK_DEC_KEEP);
  hk_plan_free(&p);
}

/* network.mode: existing skips every aws.net.* row; create_in_vpc keeping the
 * operator's subnets creates only the security groups */
static void test_network_modes(void **state)
{
  struct hk_setup s;
  struct hk_plan p;
  struct hk_error e;
  size_t i, n_net = 0;
  (void)state;

  tokyo(&s);
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  for(i = 0; i < p.n; i++)
    if(strncmp(p.actions[i].id, "aws.net.", 8) == 0) {
      n_net++;
      assert_int_equal(p.actions[i].decision, HK_DEC_SKIP);
    }
  assert_int_equal(n_net, 14);
  hk_plan_free(&p);

  s.network.mode = HK_NET_CREATE_IN_VPC;
  s.network.create_subnets = false;
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  assert_int_equal(hk_plan_find(&p, "aws.net.vpc")->decision, HK_DEC_SKIP);
  assert_int_equal(hk_plan_find(&p, "aws.net.layout")->decision, HK_DEC_SKIP);
  assert_int_equal(hk_plan_find(&p, "aws.net.subnet.cluster1")->decision, HK_DEC_SKIP);
  assert_int_equal(hk_plan_find(&p, "aws.net.rt.cluster")->decision, HK_DEC_SKIP);
  assert_int_equal(hk_plan_find(&p, "aws.net.sg.cluster")->decision, HK_DEC_CREATE);
  assert_int_equal(hk_plan_find(&p, "aws.net.sg.endpoints")->decision, HK_DEC_CREATE);
  assert_int_equal(hk_plan_find(&p, "aws.net.sg.frontend")->decision, HK_DEC_CREATE);
  assert_int_equal(hk_plan_find(&p, "aws.net.vpc_dns")->decision, HK_DEC_CREATE);
  hk_plan_free(&p);

  s.network.create_subnets = true;
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  assert_int_equal(hk_plan_find(&p, "aws.net.subnet.cluster2")->decision, HK_DEC_CREATE);
  assert_int_equal(hk_plan_find(&p, "aws.net.subnet.endpoints")->decision, HK_DEC_CREATE);
  assert_int_equal(hk_plan_find(&p, "aws.net.subnet.public")->decision, HK_DEC_SKIP);
  assert_int_equal(hk_plan_find(&p, "aws.net.rt.public")->decision, HK_DEC_SKIP);
  hk_plan_free(&p);

  /* a public front end: in the operator's VPC its own internet gateway routes the public
   * subnet; a new VPC has none, so heiiki creates it */
  s.client.frontend = HK_FE_ELASTIC_IP;
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  assert_int_equal(hk_plan_find(&p, "aws.net.rt.public")->decision, HK_DEC_CREATE);
  assert_int_equal(hk_plan_find(&p, "aws.net.igw")->decision, HK_DEC_SKIP);
  hk_plan_free(&p);
  s.network.mode = HK_NET_CREATE_VPC;
  hk_strlcpy(s.network.vpc_cidr, "10.20.0.0/16", sizeof(s.network.vpc_cidr));
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  assert_int_equal(hk_plan_find(&p, "aws.net.igw")->decision, HK_DEC_CREATE);
  assert_int_equal(hk_plan_find(&p, "aws.net.rt.public")->decision, HK_DEC_CREATE);
  hk_plan_free(&p);
}

static char *print_to_string(const struct hk_plan *p, const struct hk_setup *s, bool json)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);

  assert_non_null(f);
  assert_int_equal(hk_plan_print(p, s, NULL, f, json, false), HK_OK);
  fclose(f);
  return buf;
}

static void test_print(void **state)
{
  struct hk_setup s;
  struct hk_plan p;
  struct hk_error e;
  char *text;
  (void)state;

  tokyo(&s);
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  text = print_to_string(&p, &s, false);
  assert_non_null(strstr(text, "Plan for setup \"tokyo\" in ap-northeast-1"));
  assert_non_null(strstr(text, "dbx.workspace.wait"));
  assert_non_null(strstr(text, "Nothing has been changed"));
  free(text);
  text = print_to_string(&p, &s, true);
  assert_non_null(strstr(text, "\"id\":\t\"aws.vpce.relay\""));
  assert_non_null(strstr(text, "\"depends_on\""));
  free(text);
  hk_plan_free(&p);
}

static size_t index_of(const struct hk_plan *p, const char *id)
{
  const struct hk_action *a = hk_plan_find(p, id);

  if(!a)
    fail_msg("no action %s", id);
  return (size_t)(a - p->actions);
}

/* metastore.mode = create (issue 16 F2): a root-less metastore plus the UC
 * bucket, credential, role, its policies and the external location, in the
 * order the external ID needs; the plan prints both role policies. */
static void test_metastore_create(void **state)
{
  static const char *const uc[] = { "aws.uc.bucket", "post.uc.credential", "aws.uc.role",
                                    "aws.uc.role.policy", "post.uc.location" };
  struct hk_setup s;
  struct hk_plan p;
  struct hk_error e;
  struct hk_uc_role r;
  char *text;
  size_t k;
  (void)state;

  tokyo(&s);
  s.metastore.choice = HK_CREATE;
  hk_strlcpy(s.metastore.bucket, "tokyo-uc", sizeof(s.metastore.bucket));
  hk_strlcpy(s.metastore.role_arn, "arn:aws:iam::123456789012:role/team/tokyo-uc",
             sizeof(s.metastore.role_arn));
  hk_act_uc_role(&s, &r);
  assert_string_equal(r.account, "123456789012");
  assert_string_equal(r.name, "tokyo-uc");
  assert_string_equal(r.path, "/team/");
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  for(k = 0; k < sizeof(uc) / sizeof(uc[0]); k++)
    assert_int_equal(hk_plan_find(&p, uc[k])->decision, HK_DEC_CREATE);
  /* the credential's external ID goes into the role's trust: credential first */
  assert_true(index_of(&p, "post.uc.credential") < index_of(&p, "aws.uc.role"));
  assert_true(index_of(&p, "aws.uc.role") < index_of(&p, "aws.uc.role.policy"));
  assert_true(index_of(&p, "aws.uc.role.policy") < index_of(&p, "post.uc.location"));
  assert_true(index_of(&p, "dbx.metastore.assign") < index_of(&p, "post.uc.credential"));
  assert_non_null(strstr(hk_plan_find(&p, "dbx.metastore")->note, "without a storage root"));
  text = print_to_string(&p, &s, false);
  assert_non_null(strstr(text, "Policies heiiki puts"));
  assert_non_null(strstr(text, "UnityCatalogAssumeRole"));
  assert_non_null(strstr(text, "ExplicitSelfRoleAssumption"));
  assert_non_null(strstr(text, "unity-catalog-prod-UCMasterRole"));
  assert_non_null(strstr(text, "arn:aws:iam::123456789012:role/tokyo-uc"));
  assert_non_null(strstr(text, "<external ID of storage credential tokyo-uc-credential>"));
  assert_non_null(strstr(text, "arn:aws:s3:::tokyo-uc/*"));
  free(text);
  text = print_to_string(&p, &s, true);
  assert_non_null(strstr(text, "\"policies\""));
  assert_non_null(strstr(text, "\"Sid\":\t\"ExplicitSelfRoleAssumption\""));
  free(text);
  hk_plan_free(&p);

  s.metastore.choice = HK_EXISTING;
  assert_int_equal(hk_plan_build(&p, &s, &e), HK_OK);
  for(k = 0; k < sizeof(uc) / sizeof(uc[0]); k++)
    assert_int_equal(hk_plan_find(&p, uc[k])->decision, HK_DEC_SKIP);
  text = print_to_string(&p, &s, false);
  assert_null(strstr(text, "Policies heiiki puts"));
  free(text);
  hk_plan_free(&p);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_order_and_ids),
    cmocka_unit_test(test_tokyo_decisions),
    cmocka_unit_test(test_create_everything),
    cmocka_unit_test(test_network_modes),
    cmocka_unit_test(test_print),
    cmocka_unit_test(test_metastore_create),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
