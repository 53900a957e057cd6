"""The sandbox as an instrument: CLI, persistence, admin API, latency and fault injection, crash hook."""
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError, ConnectionClosedError, ReadTimeoutError
from botocore.parsers import ResponseParserError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import aws_kit  # noqa: E402

box, sb = aws_kit.module_sandbox()


def test_cli_start_env_stop_and_state_survives_restart(tmp_path):
    s = aws_kit.Sandbox("tokyo-closed", state_dir=str(tmp_path))
    try:
        assert s.start_s < 5, "start took %.2fs" % s.start_s
        assert os.path.exists(tmp_path / "sandbox.pid")
        env = s.sandbox_env()
        for k in ("AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_IAM", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_S3",
                  "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION", "AWS_EC2_METADATA_DISABLED",
                  "DATABRICKS_HOST", "DATABRICKS_ACCOUNT_ID", "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET"):
            assert env.get(k), k
        assert env["AWS_ENDPOINT_URL_EC2"] == s.url and env["AWS_REGION"] == "ap-northeast-1"
        ec2 = s.client("ec2", key=env["AWS_ACCESS_KEY_ID"], secret=env["AWS_SECRET_ACCESS_KEY"])
        vid = ec2.create_vpc(CidrBlock="192.168.0.0/16")["Vpc"]["VpcId"]
        sb_iam = s.client("iam")
        sb_iam.create_role(RoleName="kept", AssumeRolePolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                     "Principal": {"AWS": "arn:aws:iam::123456789012:root"}}]}))
        pid = s.info["pid"]
    finally:
        s.stop(keep_dir=True)
    assert not os.path.exists(tmp_path / "sandbox.pid")
    with pytest.raises(OSError):
        os.kill(pid, 0) if not os.path.exists("/proc/%d" % pid) else (_ for _ in ()).throw(OSError())
    s2 = aws_kit.Sandbox(None, state_dir=str(tmp_path))
    try:
        assert s2.client("ec2").describe_vpcs(VpcIds=[vid])["Vpcs"][0]["CidrBlock"] == "192.168.0.0/16"
        assert s2.client("iam").get_role(RoleName="kept")["Role"]["RoleName"] == "kept"
        assert len(s2.client("ec2").describe_subnets()["Subnets"]) == 4
    finally:
        s2.stop(keep_dir=True)
    subprocess.run([aws_kit.CLI, "seed", "empty"], env=s2.env, check=True, stdout=subprocess.DEVNULL)
    with open(tmp_path / "state.json") as f:
        state = json.load(f)
    assert state["seed"] == "empty" and state["ec2"]["vpcs"] == {}


def test_cli_reset_and_seed_while_running(sb):
    sb.client("ec2").create_vpc(CidrBlock="192.168.0.0/16")
    subprocess.run([aws_kit.CLI, "reset"], env=sb.env, check=True, stdout=subprocess.DEVNULL)
    assert sb.client("ec2").describe_vpcs()["Vpcs"] == []
    subprocess.run([aws_kit.CLI, "seed", "broken-one-az"], env=sb.env, check=True, stdout=subprocess.DEVNULL)
    assert sb.admin("GET", "/_sandbox/health")["seed"] == "broken-one-az"
    assert len(sb.client("ec2").describe_vpcs()["Vpcs"]) == 1
    with pytest.raises(urllib.error.HTTPError) as e:
        sb.admin("POST", "/_sandbox/seed", {"name": "no-such-seed"})
    assert e.value.code == 404


def test_latency_injection(sb):
    ec2 = sb.client("ec2")
    ec2.describe_vpcs()
    sb.admin("POST", "/_sandbox/latency", {"fixed_ms": 400, "jitter_ms": 50, "operation": "DescribeVpcs"})
    t0 = time.time()
    ec2.describe_vpcs()
    assert time.time() - t0 >= 0.4
    sb.admin("DELETE", "/_sandbox/latency")
    sb.admin("POST", "/_sandbox/latency", {"fixed_ms": 300, "service": "iam"})
    t0 = time.time()
    sb.client("iam").list_roles()
    assert time.time() - t0 >= 0.3


@pytest.mark.parametrize("service,call,code,status", [
    ("ec2", lambda c: c.describe_vpcs(), "RequestLimitExceeded", 503),
    ("iam", lambda c: c.list_roles(), "Throttling", 400),
    ("sts", lambda c: c.get_caller_identity(), "Throttling", 400),
    ("s3", lambda c: c.list_buckets(), "SlowDown", 503),
])
def test_throttling_in_each_services_format(sb, service, call, code, status):
    sb.admin("POST", "/_sandbox/faults", {"kind": "throttle", "service": service, "times": 1})
    with pytest.raises(ClientError) as e:
        call(sb.client(service))
    assert e.value.response["Error"]["Code"] == code
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    # botocore's own retry logic classifies it as retryable throttling and succeeds on the next attempt
    sb.admin("POST", "/_sandbox/faults", {"kind": "throttle", "service": service, "times": 1})
    out = call(sb.client(service, retries=3))
    assert out["ResponseMetadata"]["RetryAttempts"] == 1


def test_server_errors_and_nth_call(sb):
    ec2 = sb.client("ec2")
    sb.admin("POST", "/_sandbox/faults", {"kind": "http500", "operation": "CreateVpc", "nth": 3})
    ec2.create_vpc(CidrBlock="192.168.0.0/16")
    ec2.create_vpc(CidrBlock="192.168.0.0/16")
    with pytest.raises(ClientError) as e:
        ec2.create_vpc(CidrBlock="192.168.0.0/16")
    assert e.value.response["Error"]["Code"] == "InternalError"
    ec2.create_vpc(CidrBlock="192.168.0.0/16")
    assert len(ec2.describe_vpcs()["Vpcs"]) == 4      # the failed call created nothing
    sb.admin("POST", "/_sandbox/faults", {"kind": "http503", "service": "iam", "times": 1})
    with pytest.raises(ClientError) as e:
        sb.client("iam").list_roles()
    assert e.value.response["Error"]["Code"] == "ServiceUnavailable"


def test_fault_rate(sb):
    sb.admin("POST", "/_sandbox/faults", {"kind": "http503", "operation": "DescribeVpcs", "rate": 0.5, "seed": 7})
    ec2, fails = sb.client("ec2"), 0
    for _ in range(20):
        try:
            ec2.describe_vpcs()
        except ClientError:
            fails += 1
    assert 3 <= fails <= 17
    log = sb.admin("GET", "/_sandbox/log")
    assert log["counts"]["ec2:DescribeVpcs"] == 20
    assert sum(1 for r in log["requests"] if r["fault"] == "http503") == fails


def test_connection_faults(sb):
    ec2 = sb.client("ec2", read_timeout=0.5, connect_timeout=2)
    sb.admin("POST", "/_sandbox/faults", {"kind": "reset", "operation": "DescribeVpcs", "times": 1})
    with pytest.raises(ConnectionClosedError):
        ec2.describe_vpcs()
    sb.admin("POST", "/_sandbox/faults", {"kind": "timeout", "operation": "DescribeVpcs", "times": 1, "hold_s": 2})
    with pytest.raises(ReadTimeoutError):
        ec2.describe_vpcs()
    sb.admin("POST", "/_sandbox/faults", {"kind": "malformed", "operation": "DescribeVpcs", "times": 1})
    with pytest.raises(ResponseParserError):
        ec2.describe_vpcs()
    sb.admin("POST", "/_sandbox/faults", {"kind": "truncate", "operation": "DescribeVpcs", "times": 1})
    with pytest.raises(Exception) as e:
        ec2.describe_vpcs()
    assert not isinstance(e.value, ClientError)
    assert ec2.describe_vpcs()["Vpcs"]


def test_lost_response_processes_the_call_then_resets(sb):
    """lost_response: the create happens, the reply never arrives (TCP RST); a second create
    of the same name is then a conflict, as on real IAM."""
    iam = sb.client("iam")
    doc = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                             "Principal": {"AWS": "arn:aws:iam::123456789012:root"}}]})
    sb.admin("POST", "/_sandbox/faults", {"kind": "lost_response", "operation": "CreateRole", "times": 1})
    with pytest.raises(ConnectionClosedError):
        iam.create_role(RoleName="lost-reply", AssumeRolePolicyDocument=doc)
    assert iam.get_role(RoleName="lost-reply")["Role"]["RoleName"] == "lost-reply"
    with pytest.raises(ClientError) as e:
        iam.create_role(RoleName="lost-reply", AssumeRolePolicyDocument=doc)
    assert e.value.response["Error"]["Code"] == "EntityAlreadyExists"
    log = sb.admin("GET", "/_sandbox/log")["requests"]
    lost = [r for r in log if r["operation"] == "CreateRole" and r["fault"] == "lost_response"]
    assert len(lost) == 1 and lost[0]["status"] == 200
    iam.delete_role(RoleName="lost-reply")


def test_databricks_throttling_is_429_with_retry_after(sb):
    sb.admin("POST", "/_sandbox/faults", {"kind": "throttle", "service": "dbx", "times": 1, "retry_after": 2})
    req = urllib.request.Request(sb.url + "/api/2.0/accounts/x/workspaces",
                                 headers={"Authorization": "Bearer not-a-token"})
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(req, timeout=5)
    assert e.value.code == 429 and e.value.headers["Retry-After"] == "2"


def test_crash_hook_kills_the_client_after_the_nth_create(sb):
    victim = subprocess.Popen(["sleep", "60"])
    try:
        sb.admin("POST", "/_sandbox/crash", {"pid": victim.pid, "after_creates": 2})
        ec2 = sb.client("ec2")
        ec2.create_vpc(CidrBlock="192.168.0.0/16")
        ec2.describe_vpcs()
        assert victim.poll() is None
        vpc = ec2.create_vpc(CidrBlock="192.168.0.0/16")["Vpc"]     # the response still arrives
        assert vpc["VpcId"].startswith("vpc-")
        assert victim.wait(timeout=5) == -9
    finally:
        if victim.poll() is None:
            victim.kill()
            victim.wait()
    log = sb.admin("GET", "/_sandbox/log")
    assert [c["operation"] for c in log["creates"]] == ["CreateVpc", "CreateVpc"]
    assert log["counts"]["ec2:DescribeVpcs"] == 1


def test_admin_config_and_state(sb):
    cfg = sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.5, "vpce_delay_s": 0})
    assert cfg["workspace_delay_s"] == 0.5 and cfg["vpce_delay_s"] == 0
    state = sb.admin("GET", "/_sandbox/state")
    assert set(state) >= {"ec2", "iam", "sts", "s3", "dbx", "config", "seed_refs"}
    with pytest.raises(urllib.error.HTTPError) as e:
        sb.admin("POST", "/_sandbox/faults", {"kind": "meteor"})
    assert e.value.code == 400


def test_clearing_the_log_keeps_faults(sb):
    sb.client("ec2").describe_vpcs()
    sb.admin("POST", "/_sandbox/faults", {"kind": "http500", "operation": "DescribeSubnets", "times": 1})
    sb.admin("DELETE", "/_sandbox/log")
    assert sb.admin("GET", "/_sandbox/log")["requests"] == []
    with pytest.raises(ClientError):
        sb.client("ec2").describe_subnets()
    log = sb.admin("GET", "/_sandbox/log")
    assert [(r["operation"], r["status"], r["fault"]) for r in log["requests"]] == [
        ("DescribeSubnets", 500, "http500")]


def test_a_call_is_logged_before_its_response_is_sent(sb):
    # The log entry must exist as soon as the client can have the answer: a
    # client that reads the log right after its own call must find it. A held
    # ("timeout") response shows the order without a race: the entry appears
    # while the response is still being held back.
    import socket
    sb.admin("POST", "/_sandbox/faults", {"kind": "timeout", "operation": "DescribeRegions", "times": 1,
                                          "hold_s": 60})
    since = sb.admin("GET", "/_sandbox/log")["requests"]
    since = since[-1]["seq"] if since else 0
    body = b"Action=DescribeRegions&Version=2016-11-15"
    conn = socket.create_connection(("127.0.0.1", sb.port), timeout=30)
    try:
        conn.sendall(b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     b"Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/ap-northeast-1/ec2/aws4_request, "
                     b"SignedHeaders=host, Signature=00\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        found = []
        deadline = time.time() + 20
        while not found and time.time() < deadline:
            found = [r for r in sb.admin("GET", "/_sandbox/log?since=%d" % since)["requests"]
                     if r["operation"] == "DescribeRegions"]
            time.sleep(0.05)
        assert [(r["status"], r["fault"]) for r in found] == [(0, "timeout")]
    finally:
        conn.close()
        sb.admin("DELETE", "/_sandbox/faults")


def test_crash_hook_before_response(sb):
    victim = subprocess.Popen(["sleep", "60"])
    try:
        sb.admin("POST", "/_sandbox/crash", {"pid": victim.pid, "after_creates": 1, "when": "before_response",
                                             "service": "iam"})
        sb.client("ec2").create_vpc(CidrBlock="192.168.0.0/16")
        assert victim.poll() is None                     # EC2 creates do not count for an IAM hook
        sb.client("iam").create_policy(PolicyName="p1", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
        assert victim.wait(timeout=5) == -9
    finally:
        if victim.poll() is None:
            victim.kill()
            victim.wait()
