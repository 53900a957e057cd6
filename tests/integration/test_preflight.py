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
              **answers):
    sb.admin("POST", "/_sandbox/seed", {"name": seed})
    refs = sb.refs()
    if after_seed:
        after_seed(sb)
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as f:
        f.write(answers_for(refs, client_cidr, **answers))
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
    for rule in ("C3", "E4", "N9", "W2", "D1", "D2"):
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


def test_failed_read_is_could_not_check_not_pass(sandbox):
    def fault(sb):
        sb.admin("POST", "/_sandbox/faults", {"kind": "http500", "service": "ec2",
                                              "operation": "DescribeSecurityGroups", "times": 1000})
    try:
        r = run_check(sandbox, "tokyo-closed", ["--json"], after_seed=fault)
    finally:
        sandbox.admin("DELETE", "/_sandbox/faults")
    assert r.rc == 7, r.stdout + r.stderr     # could not check: not "blocking problems" (exit 3)
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
    (exit 7, as heiiki(1) says), never "N blocking problem(s)" (exit 3); the rerun passes."""
    r = run_check(sandbox, "tokyo-closed", ["--json"],
                  after_seed=lambda sb: sb.admin("POST", "/_sandbox/faults", fault))
    sandbox.admin("DELETE", "/_sandbox/faults")
    assert r.rc == 7, r.stdout + r.stderr
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
