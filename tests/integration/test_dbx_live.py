"""The C Databricks client (src/dbx) against the sandbox.

Starts the sandbox CLI on an ephemeral port, builds the AWS side with botocore (two closed-network
VPCs - one with both cluster subnets in one AZ, so its network is BROKEN -, cross-account roles, root
buckets, REST and relay endpoints), then runs the cmocka binary build/tests/test_dbx_live with the
sandbox's environment.  The binary creates, adopts, polls and deletes every account object, drives
the workspace-level APIs through the front-end TLS listener, and checks the failure paths (a third
VPC fixes the FAILED workspace through a network update).
HEIIKI_BUILD names the build directory (default: build).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SANDBOX_DIR = os.path.join(ROOT, "tests", "sandbox")
SANDBOX = os.path.join(SANDBOX_DIR, "sandbox")
BUILD = os.environ.get("HEIIKI_BUILD", "build")
BIN_REL = os.path.join(BUILD, "tests", "test_dbx_live")
BIN = BIN_REL if os.path.isabs(BIN_REL) else os.path.join(ROOT, BIN_REL)

sys.path.insert(0, SANDBOX_DIR)
from sbx import dbx_testkit as kit  # noqa: E402

DROPPED = "RunInstances"


class SandboxProcess:
    """The sandbox started through its CLI, with botocore clients for building the AWS side."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="heiiki-dbx-live-")
        self.state = os.path.join(self.dir, "state.json")
        self._cli("start", "--port", "0", "--seed", "tokyo-closed")
        out = self._cli("env")
        self.env = dict(re.findall(r"^export (\w+)=(.*)$", out, re.M))
        self.base = self.env["HEIIKI_SANDBOX_URL"]
        self._clients = {}

    def _cli(self, *args):
        r = subprocess.run(["/usr/bin/python3", SANDBOX, "--state",
                            self.state] + list(args), capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stdout + r.stderr
        return r.stdout

    def stop(self):
        self._cli("stop")

    def client(self, service, region=kit.REGION):
        key = (service, region)
        if key not in self._clients:
            import botocore.session
            self._clients[key] = botocore.session.get_session().create_client(
                service, region_name=region, endpoint_url=self.base,
                aws_access_key_id=self.env["AWS_ACCESS_KEY_ID"],
                aws_secret_access_key=self.env["AWS_SECRET_ACCESS_KEY"])
        return self._clients[key]

    def config(self, **kw):
        import urllib.request
        req = urllib.request.Request(self.base + "/_sandbox/config", data=json.dumps(kw).encode(),
                                     method="POST", headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            assert r.status == 200

    def instance_profile(self, name):
        iam = self.client("iam", "us-east-1")
        self.role(name + "-role", {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "glue:GetDatabase", "Resource": "*"}]})
        arn = iam.create_instance_profile(InstanceProfileName=name)["InstanceProfile"]["Arn"]
        iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=name + "-role")
        return arn

    def role(self, name, policy):
        iam = self.client("iam", "us-east-1")
        arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(kit.TRUST))["Role"]["Arn"]
        iam.put_role_policy(RoleName=name, PolicyName="databricks", PolicyDocument=json.dumps(policy))
        return arn


def world_env(prefix, w):
    return {prefix + "TAG": w["tag"], prefix + "REGION": w["region"], prefix + "VPC": w["vpc_id"],
            prefix + "SUBNETS": ",".join(w["subnet_ids"]), prefix + "SGS": ",".join(w["security_group_ids"]),
            prefix + "REST_VPCE": w["rest_vpce"], prefix + "RELAY_VPCE": w["relay_vpce"],
            prefix + "ROLE_ARN": w["role_arn"], prefix + "BUCKET": w["bucket"]}


@pytest.fixture(scope="module")
def live():
    if not os.path.exists(BIN):
        r = subprocess.run(["make", "--no-print-directory", "BUILD=" + BUILD, BIN_REL], cwd=ROOT,
                           capture_output=True, text=True, timeout=600)
        assert r.returncode == 0, r.stdout + r.stderr
    sb = SandboxProcess()
    try:
        sb.config(workspace_delay_s=0.3, dbx_iam_propagation_s=0.0)
        good = kit.build_world(sb, tag="live")
        bad = kit.build_world(sb, tag="livebad", same_az=True)
        fix = kit.build_world(sb, tag="livefix")
        env = dict(os.environ)
        env.update(sb.env)
        env.update(world_env("HK_LIVE_", good))
        env.update(world_env("HK_LIVE_BAD_", bad))
        env.update(world_env("HK_LIVE_FIX_", fix))
        env.update(HEIIKI_SANDBOX_ENV="1", HOME=sb.dir,
                   DATABRICKS_CONFIG_FILE=os.path.join(sb.dir, "no-databrickscfg"),
                   HK_LIVE_DROP_ROLE_ARN=sb.role("live-dropped", kit.customer_policy(drop=(DROPPED,))),
                   HK_LIVE_DROPPED="ec2:" + DROPPED,
                   HK_LIVE_INSTANCE_PROFILE_ARN=sb.instance_profile("live-glue"))
        yield sb, env
    finally:
        sb.stop()


def run_bin(env, phase):
    e = dict(env, HK_LIVE_PHASE=phase)
    r = subprocess.run([BIN], env=e, capture_output=True, text=True, timeout=300)
    out = r.stdout + r.stderr
    passed = re.search(r"\[  PASSED  \] (\d+) test", out)
    return r.returncode, int(passed.group(1)) if passed else 0, out


def test_dbx_client_objects_lifecycle_against_sandbox(live):
    sb, env = live
    rc, passed, out = run_bin(env, "main")
    assert rc == 0, out
    assert passed == 12, out
    # the client's secret and tokens never show up in its output
    assert sb.env["DATABRICKS_CLIENT_SECRET"] not in out


def test_dbx_credential_propagation_wait_against_sandbox(live):
    sb, env = live
    sb.config(dbx_iam_propagation_s=1.5)
    try:
        arn = sb.role("live-propagating", kit.customer_policy())
        rc, passed, out = run_bin(dict(env, HK_LIVE_PROP_ROLE_ARN=arn), "propagation")
    finally:
        sb.config(dbx_iam_propagation_s=0.0)
    assert rc == 0, out
    assert passed == 1, out
    m = re.search(r"propagation: (\d+) retries, (\d+) ms", out)
    assert m and int(m.group(1)) >= 1, out
    assert int(m.group(2)) >= 1000, out
