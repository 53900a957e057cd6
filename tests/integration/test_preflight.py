"""Pre-flight against the sandbox: the good tokyo-closed seed passes with no rule firing; each
broken seed is blocked by the right rule, with the right sentence and the copy-paste fix.

Runs `heiiki check --answers FILE --json` (HEIIKI_BIN, else build/heiiki) against one sandbox
daemon, re-seeded per case.  The answers file is written from the seed's AWS IDs."""
import json
import os
import subprocess
import sys
import tempfile

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "sandbox", "tests"))
import aws_kit  # noqa: E402  (the sandbox test kit: start/stop, admin API, env)

DBX_ACCOUNT = "0d26daa6-5e44-4c97-a497-ef015f91254a"
REGION = "ap-northeast-1"


def heiiki_bin():
    return os.environ.get("HEIIKI_BIN") or os.path.join(ROOT, "build", "heiiki")


ROOT_BUCKET = "tokyo-closed-root-0d26daa6"


METASTORE_EXISTING = "# the account's metastore for the region (the seed has one)\nmode = existing"
METASTORE_CREATE = """mode = create
name = tokyo-closed-metastore
bucket = tokyo-closed-uc-0d26daa6
role_arn = arn:aws:iam::123456789012:role/tokyo-closed-uc"""


def answers_for(refs, client_cidr="203.0.113.0/24", role_arn=None, existing_bucket=False,
                metastore=METASTORE_EXISTING):
    """The Tokyo closed-network answers (console order) with the seed's IDs: the VPC, subnets and
    SGs exist; endpoints, role, buckets and Databricks objects are to be created (or, with role_arn
    / existing_bucket, the role and root bucket are the operator's)."""
    credential = ("mode = existing\nrole_arn = %s" % role_arn) if role_arn else \
        "mode = create\nrole_name = tokyo-closed-crossaccount"
    storage = "mode = existing\napply_policy = false" if existing_bucket else "mode = create\napply_policy = true"
    return f"""[account]
name = tokyo-closed
region = {REGION}
account_id = {DBX_ACCOUNT}

[credential]
{credential}
config_name = tokyo-closed-credential

[storage]
{storage}
bucket = {ROOT_BUCKET}
config_name = tokyo-closed-storage

[endpoints]
backend_shared = true
workspace.mode = create
workspace.create_in_subnets = {refs['pub1']}
workspace.security_group = {refs['sg1']}
workspace.registration_name = tokyo-closed-workspace-vpce
relay.mode = create
relay.create_in_subnets = {refs['priv3']}
relay.security_group = {refs['sg3']}
relay.registration_name = tokyo-closed-relay-vpce
s3.enabled = true
s3.mode = create
s3.route_tables = {refs['privrt1']}
sts.enabled = true
sts.mode = create
sts.create_in_subnets = {refs['priv3']}
sts.security_group = {refs['sg3']}
kinesis.enabled = true
kinesis.mode = create
kinesis.create_in_subnets = {refs['priv3']}
kinesis.security_group = {refs['sg3']}
glue.enabled = true
glue.mode = create
glue.create_in_subnets = {refs['priv3']}
glue.security_group = {refs['sg3']}

[private_access]
name = tokyo-closed-pas
public_access = false
level = ENDPOINT

[network]
name = tokyo-closed-network
vpc_id = {refs['vpc']}
subnet_ids = {refs['priv1']}, {refs['priv2']}
security_group_ids = {refs['sg2']}

[metastore]
{metastore}

[workspace]
name = tokyo-closed-workspace
pricing_tier = ENTERPRISE

[client]
frontend = private_ip
client_cidrs = {client_cidr}
"""


class Run:
    def __init__(self, proc):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.doc = None
        try:
            self.doc = json.loads(proc.stdout)
        except ValueError:
            pass

    @property
    def blocks(self):
        return self.doc.get("blocking", self.doc.get("blocks"))

    @property
    def findings(self):
        return self.doc.get("findings", []) if self.doc else []

    def by_id(self, rule_id):
        hits = [f for f in self.findings if f["id"] == rule_id]
        assert len(hits) == 1, (rule_id, self.stdout)
        return hits[0]

    def blocking_ids(self):
        return sorted(f["id"] for f in self.findings if f["blocks"])

    def firing_ids(self):
        return sorted(f["id"] for f in self.findings if f["verdict"] in ("fail", "warn", "unknown"))


@pytest.fixture(scope="module")
def sandbox():
    sb = aws_kit.Sandbox(seed="tokyo-closed")
    try:
        sb.env_vars = sb.sandbox_env()
        yield sb
    finally:
        sb.stop()


def run_check(sb, seed, extra_args=(), extra_env=None, client_cidr="203.0.113.0/24", after_seed=None,
              edit=None, **answers):
    """edit(text, refs, made) -> text changes the answers; made is what after_seed returned."""
    sb.admin("POST", "/_sandbox/seed", {"name": seed})
    refs = sb.refs()
    made = after_seed(sb) if after_seed else None
    text = answers_for(refs, client_cidr, **answers)
    if edit:
        text = edit(text, refs, made)
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as f:
        f.write(text)
        path = f.name
    env = {k: v for k, v in os.environ.items() if k != "HEIIKI_SERIAL"}
    env.update(sb.env_vars)
    env.update(extra_env or {})
    try:
        proc = subprocess.run([heiiki_bin(), "check", "--answers", path] + list(extra_args), env=env,
                              capture_output=True, text=True, timeout=60)
    finally:
        os.unlink(path)
    run = Run(proc)
    run.refs = refs
    if "--json" in extra_args:
        assert run.doc is not None and "findings" in run.doc, proc.stdout[:500] + proc.stderr[:500]
    return run


def test_uc_role_of_another_account_is_blocked_before_apply(sandbox):
    """M2: heiiki creates the Unity Catalog role and puts its trust and permissions with the signed-in
    credentials, and IAM acts in the caller's own account only (CreateRole, UpdateAssumeRolePolicy): a
    metastore.role_arn of another account failed at apply (aws.uc.role); pre-flight now says so."""
    other = METASTORE_CREATE.replace("arn:aws:iam::123456789012:", "arn:aws:iam::210987654321:")
    r = run_check(sandbox, "tokyo-no-metastore", ["--json"], metastore=other)
    assert r.rc == 3, r.stdout + r.stderr
    assert r.blocking_ids() == ["M2"], r.stdout
    f = r.by_id("M2")
    assert "210987654321" in f["message"] and "123456789012" in f["message"], f
    assert "arn:aws:iam::123456789012:role/tokyo-closed-uc" in f["fix"], f
    r = run_check(sandbox, "tokyo-no-metastore", ["--json"], metastore=METASTORE_CREATE)
    assert r.by_id("M2")["verdict"] == "pass", r.by_id("M2")


def test_second_metastore_in_a_region_is_blocked(sandbox):
    """M1: one metastore per region; the seed's account already has one for ap-northeast-1."""
    r = run_check(sandbox, "tokyo-closed", ["--json"], metastore=METASTORE_CREATE)
    assert r.rc == 3, r.stdout + r.stderr
    assert r.blocking_ids() == ["M1"], r.stdout
    f = r.by_id("M1")
    assert "5c2a8e4f-3b1d-4a6e-9f07-1d2c3b4a5e6f" in f["message"] + f.get("fix", ""), f


def test_good_seed_passes_and_no_rule_fires(sandbox):
    r = run_check(sandbox, "tokyo-closed", ["--json"])
    assert r.rc == 0, r.stdout + r.stderr
    assert r.doc["ok"] is True
    assert r.blocks == 0
    assert r.firing_ids() == [], r.stdout
    ids = {f["id"] for f in r.findings}
    # every before-create rule reported exactly once, the post-create ones not at all
    for rule in ("A1", "A2", "A3", "A4", "N1", "N2", "N3", "N4", "N5", "G1", "G2", "G3", "G4", "G5",
                 "E1", "E3", "E7", "P1", "P4", "M1", "GL1"):
        assert rule in ids, rule
    for rule in ("E4", "N9", "W2", "D1", "D2"):
        assert rule not in ids, rule
    assert len(r.findings) == len(ids)
    assert "125 nodes ((2^8 \u2212 5) / 2)" in r.by_id("N3")["message"]


BROKEN = [
    # seed, blocking rules, (rule, phrase in message, phrase in fix -- {ref} filled from the seed)
    ("broken-one-az", ["N2"],
     [("N2", "are both in ap-northeast-1a", "in another availability zone")]),
    ("broken-small-subnet", ["N3"],
     [("N3", "is 10.0.1.0/27 \u2014 13 nodes ((2^5 \u2212 5) / 2); cluster subnets must be /17 to /26", "/17")]),
    ("broken-igw-route", ["N4"],
     [("N4", "sends 0.0.0.0/0 to the internet gateway {igw}",
       "aws ec2 delete-route --region ap-northeast-1 --route-table-id {privrt1} --destination-cidr-block 0.0.0.0/0")]),
    ("broken-sg-missing-6666", ["E3", "G4"],
     [("G4", "do not allow TCP egress on port 6666 (secure cluster connectivity relay",
       "aws ec2 authorize-security-group-egress --region ap-northeast-1 --group-id {sg2} --ip-permissions "
       "IpProtocol=tcp,FromPort=6666,ToPort=6666,IpRanges=[{{CidrIp=0.0.0.0/0}}]"),
      ("E3", "{sg3} of the Secure cluster connectivity relay endpoint does not accept from the workspace "
             "security group TCP 6666",
       "aws ec2 authorize-security-group-ingress --region ap-northeast-1 --group-id {sg3} --ip-permissions "
       "IpProtocol=tcp,FromPort=6666,ToPort=6666,UserIdGroupPairs=[{{GroupId={sg2}}}]")]),
    ("broken-dns-hostnames-off", ["N1"],
     [("N1", "VPC {vpc} has DNS hostnames off",
       "aws ec2 modify-vpc-attribute --region ap-northeast-1 --vpc-id {vpc} --enable-dns-hostnames "
       "\"{{\\\"Value\\\":true}}\"")]),
    # F7: 443 only to the VPC CIDR does not reach S3 through the gateway endpoint
    ("broken-sg-no-s3-egress", ["G4"],
     [("G4", "do not allow TCP egress on port 443 to S3 (prefix list pl-",
       "aws ec2 authorize-security-group-egress --region ap-northeast-1 --group-id {sg2} --ip-permissions "
       "IpProtocol=tcp,FromPort=443,ToPort=443,PrefixListIds=[{{PrefixListId=pl-")]),
    # F9: the relay service is not offered in the zone of the chosen endpoint subnet
    ("broken-relay-zones", ["E9"],
     [("E9", "Subnet {priv3}, chosen for the Secure cluster connectivity relay endpoint, is in ap-northeast-1d, "
             "but com.amazonaws.vpce.ap-northeast-1.vpce-svc-02aa633bda3edbec0 is offered only in "
             "ap-northeast-1a, ap-northeast-1c",
       "Set endpoints.relay.create_in_subnets to subnets in ap-northeast-1a, ap-northeast-1c.")]),
    ("broken-nacl", ["G5"],
     [("G5", "denies inbound TCP port 443 from 0.0.0.0/0 (rule 50); NACLs are stateless",
       "--ingress --rule-number 49 --protocol -1 --cidr-block 0.0.0.0/0 --rule-action allow")]),
]


@pytest.mark.parametrize("seed,blocking,expect", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_seed_is_blocked_by_the_right_rule(sandbox, seed, blocking, expect):
    r = run_check(sandbox, seed, ["--json"])
    assert r.rc == 3, r.stdout + r.stderr
    assert r.doc["ok"] is False
    assert r.blocking_ids() == blocking, r.stdout
    assert r.firing_ids() == blocking, r.stdout     # nothing else fires
    for rule, phrase, fix in expect:
        f = r.by_id(rule)
        assert f["blocks"] is True and f["verdict"] == "fail"
        assert phrase.format(**r.refs) in f["message"], f["message"]
        assert fix.format(**r.refs) in f["fix"], f["fix"]


def _revoke_2443(sb):
    ec2, refs = sb.client("ec2"), sb.refs()
    perm = [{"IpProtocol": "tcp", "FromPort": 2443, "ToPort": 2443}]
    ec2.revoke_security_group_egress(GroupId=refs["sg2"], IpPermissions=[dict(perm[0], IpRanges=[
        {"CidrIp": "10.0.0.0/16"}])])
    ec2.revoke_security_group_ingress(GroupId=refs["sg3"], IpPermissions=[dict(perm[0], UserIdGroupPairs=[
        {"GroupId": refs["sg2"]}])])


def test_2443_is_required_only_with_the_compliance_security_profile(sandbox):
    """F12: 2443 is for the compliance security profile only (TFP aws-private-link-workspace guide)."""
    r = run_check(sandbox, "tokyo-closed", ["--json"], after_seed=_revoke_2443)
    assert r.rc == 0, r.stdout + r.stderr
    assert r.firing_ids() == [], r.stdout
    r = run_check(sandbox, "tokyo-closed", ["--json"], after_seed=_revoke_2443,
                  edit=lambda text, refs, made: text.replace("pricing_tier = ENTERPRISE",
                                                             "pricing_tier = ENTERPRISE\n"
                                                             "compliance_security_profile = true"))
    assert r.rc == 3
    assert r.blocking_ids() == ["E3", "G4"], r.stdout
    assert "port 2443 (secure cluster connectivity with FIPS" in r.by_id("G4")["message"]
    assert "FromPort=2443,ToPort=2443" in r.by_id("E3")["fix"]


def test_sts_endpoint_security_group_must_take_443(sandbox):
    """F10: the STS endpoint's own security group must accept 443 from the workspace SG."""
    def sts_sg(sb):
        ec2, refs = sb.client("ec2"), sb.refs()
        gid = ec2.create_security_group(VpcId=refs["vpc"], GroupName="sts-endpoint",
                                        Description="STS endpoint")["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=[{
            "IpProtocol": "tcp", "FromPort": 8443, "ToPort": 8443, "UserIdGroupPairs": [{"GroupId": refs["sg2"]}]}])
        return gid
    r = run_check(sandbox, "tokyo-closed", ["--json"], after_seed=sts_sg,
                  edit=lambda text, refs, gid: text.replace("sts.security_group = " + refs["sg3"],
                                                            "sts.security_group = " + gid))
    assert r.rc == 3
    assert r.blocking_ids() == ["E3"], r.stdout
    e3 = r.by_id("E3")
    assert "of the STS endpoint does not accept TCP 443 from the workspace security group" in e3["message"]
    assert "IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=%s}]" % r.refs["sg2"] in e3["fix"]


def test_existing_back_end_endpoint_without_private_dns_is_blocked(sandbox):
    """F1: an existing relay endpoint with private DNS off blocks with the modify command."""
    def relay(sb):
        ec2, refs = sb.client("ec2"), sb.refs()
        return ec2.create_vpc_endpoint(VpcId=refs["vpc"], VpcEndpointType="Interface",
                                       ServiceName="com.amazonaws.vpce.ap-northeast-1.vpce-svc-02aa633bda3edbec0",
                                       SubnetIds=[refs["priv3"]], SecurityGroupIds=[refs["sg3"]],
                                       PrivateDnsEnabled=False)["VpcEndpoint"]["VpcEndpointId"]
    r = run_check(sandbox, "tokyo-closed", ["--json"], after_seed=relay,
                  edit=lambda text, refs, vid: text.replace("relay.mode = create\n",
                                                            "relay.mode = existing\nrelay.vpce_id = %s\n" % vid))
    assert r.rc == 3
    assert "E2" in r.blocking_ids(), r.stdout
    e2 = r.by_id("E2")
    assert "has private DNS off" in e2["message"] and "clusters would not start" in e2["message"]
    assert "aws ec2 modify-vpc-endpoint --region ap-northeast-1 --vpc-endpoint-id vpce-" in e2["fix"]
    assert "--private-dns-enabled" in e2["fix"]


def test_e2_says_heiiki_creates_the_back_end_endpoints_with_private_dns(sandbox):
    r = run_check(sandbox, "tokyo-closed", ["--json"])
    assert r.by_id("E2")["message"] == "heiiki creates the back-end endpoints with private DNS on."
    assert "without an endpoint policy" in r.by_id("S5")["message"]


def test_failed_read_is_could_not_check_not_pass(sandbox):
    def fault(sb):
        sb.admin("POST", "/_sandbox/faults", {"kind": "http500", "service": "ec2",
                                              "operation": "DescribeSecurityGroups", "times": 1000})
    try:
        r = run_check(sandbox, "tokyo-closed", ["--json"], after_seed=fault)
    finally:
        sandbox.admin("DELETE", "/_sandbox/faults")
    assert r.rc == 8, r.stdout + r.stderr     # could not check: not "blocking problems" (exit 3)
    unknown = sorted(f["id"] for f in r.findings if f["verdict"] == "unknown")
    assert unknown == ["E1", "E3", "E7", "G1", "G2", "G3", "G4"], r.stdout
    g4 = r.by_id("G4")
    assert g4["message"].startswith("Could not check: ec2:DescribeSecurityGroups")
    assert g4["blocks"] is False and g4["unchecked"] is True
    assert r.doc["blocking"] == 0 and r.doc["unchecked"] >= 1
    assert "run the same command again" in r.stderr, r.stderr
    assert r.by_id("N2")["verdict"] == "pass"     # other reads still landed


@pytest.mark.parametrize("fault", [
    {"kind": "malformed", "service": "ec2", "operation": "DescribeSecurityGroups", "nth": 1},
    {"kind": "http500", "service": "dbx", "operation": "OAuthToken", "times": 3},
], ids=["garbled-200", "token-500x3"])
def test_transient_read_errors_are_could_not_check_with_their_own_exit(sandbox, fault):
    """D18a: a garbled 200 or a token endpoint failing 3 times is "could not check, run again"
    (exit 8, as heiiki(1) says), never "N blocking problem(s)" (exit 3); the rerun passes."""
    r = run_check(sandbox, "tokyo-closed", ["--json"],
                  after_seed=lambda sb: sb.admin("POST", "/_sandbox/faults", fault))
    sandbox.admin("DELETE", "/_sandbox/faults")
    assert r.rc == 8, r.stdout + r.stderr
    assert r.doc["blocking"] == 0 and r.doc["unchecked"] >= 1, r.stdout
    assert r.blocking_ids() == [], r.stdout
    assert any(f["verdict"] == "unknown" and f["message"].startswith("Could not check")
               for f in r.findings), r.stdout
    assert "could not check" in r.stderr and "run the same command again" in r.stderr, r.stderr
    assert "blocking problem" not in r.stderr
    again = run_check(sandbox, "tokyo-closed", ["--json"])
    assert again.rc == 0, again.stdout + again.stderr


def test_text_output_names_rule_and_fix(sandbox):
    r = run_check(sandbox, "broken-dns-hostnames-off")
    assert r.rc == 3
    lines = r.stdout.splitlines()
    n1 = [i for i, l in enumerate(lines) if " N1 " in l and "DNS hostnames off" in l]
    assert n1, r.stdout
    assert "BLOCK" in lines[n1[0]] or "fail" in lines[n1[0]]
    assert "aws ec2 modify-vpc-attribute --region ap-northeast-1" in lines[n1[0] + 1]
    assert "1 blocking" in r.stdout


def asset_list(name):
    with open(os.path.join(ROOT, "assets", "policies", name + ".txt")) as f:
        return [l.strip() for l in f if l.strip() and not l.startswith("#")]


def make_role_and_bucket(sb, external_id=DBX_ACCOUNT, drop_action=None):
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::414351767826:root"},
        "Condition": {"StringEquals": {"sts:ExternalId": external_id}}}]}
    actions = [a for a in asset_list("crossaccount-base") + asset_list("crossaccount-customer") if a != drop_action]
    iam = sb.client("iam")
    iam.create_role(RoleName="tokyo-closed-crossaccount", AssumeRolePolicyDocument=json.dumps(trust))
    iam.put_role_policy(RoleName="tokyo-closed-crossaccount", PolicyName="databricks",
                        PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
                            {"Effect": "Allow", "Action": actions, "Resource": "*"}]}))
    s3 = sb.client("s3")
    s3.create_bucket(Bucket=ROOT_BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    s3.put_bucket_policy(Bucket=ROOT_BUCKET, Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::414351767826:root"},
        "Action": asset_list("bucket-root"),
        "Resource": ["arn:aws:s3:::%s/*" % ROOT_BUCKET, "arn:aws:s3:::%s" % ROOT_BUCKET],
        "Condition": {"StringEquals": {"aws:PrincipalTag/DatabricksAccountId": [DBX_ACCOUNT]}}}]}))
    s3.put_public_access_block(Bucket=ROOT_BUCKET, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})


ROLE_ARN = "arn:aws:iam::123456789012:role/tokyo-closed-crossaccount"


def test_existing_role_and_bucket_are_read_live(sandbox):
    r = run_check(sandbox, "tokyo-closed", ["--json"], after_seed=make_role_and_bucket, role_arn=ROLE_ARN,
                  existing_bucket=True)
    assert r.rc == 0, r.stdout + r.stderr
    assert r.firing_ids() == [], r.stdout
    for rule in ("C1", "C2", "S2", "S3", "S4"):
        assert r.by_id(rule)["verdict"] == "pass", r.by_id(rule)
    assert "allowed all 50 actions" in r.by_id("C2")["message"]


@pytest.mark.parametrize("effect", ["Deny", "none"])
def test_endpoint_policy_that_refuses_heiiki_is_named(sandbox, effect):
    """heiiki runs inside the VPC and its S3 calls pass a gateway endpoint whose policy refuses them: AWS
    says "... with an explicit deny in a VPC endpoint policy" or "... because no VPC endpoint policy allows
    the s3:... action" (IAM User Guide, troubleshoot access denied error messages).  heiiki names the endpoint
    policy instead of telling the operator to grant the action to their identity (which would not help)."""
    def gated(sb):
        make_role_and_bucket(sb)
        refs = sb.refs()
        doc = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}
        if effect == "Deny":
            doc["Statement"].append({"Effect": "Deny", "Principal": "*", "Action": "s3:*",
                                     "Resource": ["arn:aws:s3:::%s" % ROOT_BUCKET, "arn:aws:s3:::%s/*" % ROOT_BUCKET]})
        sb.client("ec2").create_vpc_endpoint(VpcEndpointType="Gateway", VpcId=refs["vpc"],
                                             ServiceName="com.amazonaws.%s.s3" % REGION,
                                             RouteTableIds=[refs["privrt1"]], PolicyDocument=json.dumps(doc))
        sb.admin("POST", "/_sandbox/config", {"operator_subnet": refs["priv1"]})
    try:
        r = run_check(sandbox, "tokyo-closed", ["--json"], after_seed=gated, role_arn=ROLE_ARN, existing_bucket=True)
    finally:
        sandbox.admin("POST", "/_sandbox/config", {"operator_subnet": ""})
    s2 = r.by_id("S2")
    assert s2["verdict"] == "unknown", s2
    text = s2["message"] + s2.get("fix", "")
    assert "VPC endpoint policy" in text and "Grant the permission" not in text, s2
    assert ("has an explicit Deny" if effect == "Deny" else "no VPC endpoint policy on this host's way") in text, s2


def test_role_without_external_id_or_an_action_is_blocked(sandbox):
    def broken(sb):
        make_role_and_bucket(sb, external_id="someone-else", drop_action="ec2:CreateFleet")
    r = run_check(sandbox, "tokyo-closed", ["--json"], after_seed=broken, role_arn=ROLE_ARN, existing_bucket=True)
    assert r.rc == 3
    assert r.blocking_ids() == ["C1", "C2"], r.stdout
    c1, c2 = r.by_id("C1"), r.by_id("C2")
    assert "does not require the external ID " + DBX_ACCOUNT in c1["message"]
    assert c1["fix"].startswith("aws iam update-assume-role-policy --role-name tokyo-closed-crossaccount")
    assert "ec2:CreateFleet (implicitDeny)" in c2["message"]


def _restricted_role(vpc, sg, drop_sid=None):
    """A role with the official *restricted* policy (terraform-provider-databricks
    aws/data_aws_crossaccount_policy.go, policy_type restricted; tests/sandbox/sbx/dbx_testkit.py mirrors it)."""
    sys.path.insert(0, os.path.join(ROOT, "tests", "sandbox"))
    from sbx.dbx_testkit import restricted_policy

    def make(sb):
        make_role_and_bucket(sb)
        pol = restricted_policy(REGION, "123456789012", vpc(sb), sg(sb))
        pol["Statement"] = [s for s in pol["Statement"] if drop_sid is None or s.get("Sid") != drop_sid]
        sb.client("iam").put_role_policy(RoleName="tokyo-closed-crossaccount", PolicyName="databricks",
                                         PolicyDocument=json.dumps(pol))
    return make


def test_official_restricted_role_passes_c2(sandbox):
    """F5: C2 simulates the restricted policy's scoped actions on its ARNs with its context keys
    (assets/rules/iam-simulation.tsv), so the official restricted role passes."""
    r = run_check(sandbox, "tokyo-closed", ["--json"], role_arn=ROLE_ARN, existing_bucket=True,
                  after_seed=_restricted_role(lambda sb: sb.refs()["vpc"], lambda sb: sb.refs()["sg2"]))
    c2 = r.by_id("C2")
    assert c2["verdict"] == "pass", c2
    assert "C2" not in r.blocking_ids(), r.stdout


def test_restricted_role_for_another_vpc_or_lacking_a_statement_fails_c2(sandbox):
    r = run_check(sandbox, "tokyo-closed", ["--json"], role_arn=ROLE_ARN, existing_bucket=True,
                  after_seed=_restricted_role(lambda sb: "vpc-0another", lambda sb: sb.refs()["sg2"]))
    c2 = r.by_id("C2")
    assert c2["verdict"] == "fail" and "ec2:RunInstances (implicitDeny on arn:aws:ec2:" in c2["message"], c2
    assert ":subnet/" in c2["message"] and "ec2:AuthorizeSecurityGroupIngress" in c2["message"], c2
    assert "ec2:TerminateInstances" not in c2["message"], c2
    r = run_check(sandbox, "tokyo-closed", ["--json"], role_arn=ROLE_ARN, existing_bucket=True,
                  after_seed=_restricted_role(lambda sb: sb.refs()["vpc"], lambda sb: sb.refs()["sg2"],
                                              drop_sid="EC2TerminateInstancesTag"))
    c2 = r.by_id("C2")
    assert c2["verdict"] == "fail" and "ec2:TerminateInstances (implicitDeny on" in c2["message"], c2
    assert "ec2:RunInstances" not in c2["message"], c2


def _dbx(sb, method, sub, body=None):
    """The sandbox's account API with an OAuth M2M token (client credentials)."""
    import base64
    import urllib.request
    env = sb.env_vars
    host, acct = env["DATABRICKS_HOST"], env["DATABRICKS_ACCOUNT_ID"]
    basic = base64.b64encode(("%s:%s" % (env["DATABRICKS_CLIENT_ID"], env["DATABRICKS_CLIENT_SECRET"])).encode())
    req = urllib.request.Request("%s/oidc/accounts/%s/v1/token" % (host, acct),
                                 data=b"grant_type=client_credentials&scope=all-apis", method="POST",
                                 headers={"Authorization": "Basic " + basic.decode(),
                                          "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=10) as r:
        token = json.loads(r.read())["access_token"]
    req = urllib.request.Request("%s/api/2.0/accounts/%s/%s" % (host, acct, sub),
                                 data=json.dumps(body).encode() if body is not None else None, method=method,
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def test_an_older_premium_workspace_does_not_block_a2(sandbox):
    """F16: pricing_tier is per workspace (databricks-sdk-go provisioning Workspace.PricingTier); an
    account with an older PREMIUM workspace can still create the ENTERPRISE one: A2 warns, never blocks."""
    def old_workspace(sb):
        make_role_and_bucket(sb)
        cred = _dbx(sb, "POST", "credentials", {"credentials_name": "older-cred",
                                                "aws_credentials": {"sts_role": {"role_arn": ROLE_ARN}}})
        stor = _dbx(sb, "POST", "storage-configurations", {"storage_configuration_name": "older-storage",
                                                           "root_bucket_info": {"bucket_name": ROOT_BUCKET}})
        _dbx(sb, "POST", "workspaces", {"workspace_name": "older-premium", "aws_region": REGION,
                                        "credentials_id": cred["credentials_id"], "pricing_tier": "PREMIUM",
                                        "storage_configuration_id": stor["storage_configuration_id"]})
    r = run_check(sandbox, "tokyo-closed", ["--json"], after_seed=old_workspace, role_arn=ROLE_ARN,
                  existing_bucket=True)
    a2 = r.by_id("A2")
    assert a2["verdict"] == "warn" and not a2["blocks"], a2
    assert "PREMIUM" in a2["message"] and "per workspace" in a2["message"], a2
    assert "A2" not in r.blocking_ids(), r.stdout
