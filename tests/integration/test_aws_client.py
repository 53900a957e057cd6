"""The C AWS client (src/aws/) against the sandbox.

The calls are driven by the unit-test binary test_aws_live (built by `make
unit` next to the heiiki binary), which skips itself unless HEIIKI_SANDBOX_ENV
names a file of `sandbox env` exports.  Here it runs for real: every typed
operation against the tokyo-closed seed, then again under injected throttling,
5xx and connection resets, which the client must absorb by retrying.
"""
import os
import subprocess

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def live_binary():
    heiiki = os.environ.get("HEIIKI_BIN") or os.path.join(ROOT, "build", "heiiki")
    path = os.path.join(os.path.dirname(heiiki), "tests", "test_aws_live")
    if not os.access(path, os.X_OK):
        pytest.skip("test_aws_live not built (%s); run `make unit`" % path)
    return path


def run_live(sandbox):
    env_file = os.path.join(sandbox.dir, "aws-env.sh")
    with open(env_file, "w") as f:
        for k, v in sandbox.env.items():
            f.write("export %s=%s\n" % (k, v))
    env = sandbox.full_env(HEIIKI_SANDBOX_ENV=env_file)
    proc = subprocess.run([live_binary()], env=env, capture_output=True, text=True, timeout=180,
                          cwd=sandbox.dir)
    out = proc.stdout + proc.stderr
    return proc.returncode, out


def counts(sandbox):
    return sandbox.log()["counts"]


def test_every_operation_against_the_sandbox(sandbox):
    rc, out = run_live(sandbox)
    assert rc == 0, out
    assert "[  PASSED  ] 5 test(s)." in out, out
    assert "SKIPPED" not in out, out
    c = counts(sandbox)
    for op in ("sts:GetCallerIdentity", "ec2:DescribeVpcs", "ec2:DescribeSubnets",
               "ec2:DescribeVpcAttribute", "ec2:CreateVpcEndpoint", "ec2:DeleteVpcEndpoints",
               "iam:CreateRole", "iam:DeleteRole", "s3:CreateBucket", "s3:DeleteBucket"):
        assert c.get(op, 0) >= 1, (op, c)
    # created twice with one ClientToken (the C test checks both calls return one id)
    assert c["ec2:CreateVpcEndpoint"] == 2, c
    assert len([r for r in sandbox.creates() if r.get("operation") == "CreateVpcEndpoint"]) >= 1


@pytest.mark.parametrize("kind", ["throttle", "http503", "reset"])
def test_reads_survive_faults(sandbox, kind):
    # every other DescribeSubnets / DescribeVpcs / GetCallerIdentity fails once
    for op in ("DescribeVpcs", "DescribeSubnets"):
        sandbox.admin("POST", "/_sandbox/faults",
                      {"kind": kind, "service": "ec2", "operation": op, "nth": 1, "times": 1})
    sandbox.admin("POST", "/_sandbox/faults",
                  {"kind": kind, "service": "sts", "operation": "GetCallerIdentity", "nth": 1,
                   "times": 1})
    rc, out = run_live(sandbox)
    assert rc == 0, out
    c = counts(sandbox)
    assert c.get("ec2:DescribeVpcs", 0) >= 2, c
    assert c.get("sts:GetCallerIdentity", 0) >= 2, c
