"""Shared fixtures for heiiki's integration tests against the local sandbox.

    def test_x(sandbox, heiiki):
        r = heiiki("plan", "--answers", answers_file)       # runs build/heiiki with sandbox.env
        sandbox.admin("POST", "/_sandbox/faults", {...})    # admin API (unsigned JSON)

`sandbox` starts tests/sandbox/sandbox on an ephemeral port with a private
temp dir (state file, pid file, log) and the `tokyo-closed` seed; it yields a
Sandbox with .env (every variable a client needs, incl. a private
HEIIKI_STATE_DIR for heiiki's own state), .url, .port, .admin(method, path,
json=None) / .admin(path, json) helpers, .log() / .requests() / .creates() /
.clear_log() for the request log, .state() and .stop().  Choose another seed with
`@pytest.mark.seed("broken-one-az")`.  `sandbox_factory(seed=...)` starts
more than one.  Everything is torn down after the test.
"""
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SANDBOX = os.path.join(ROOT, "tests", "sandbox", "sandbox")
PYTHON = "/usr/bin/python3"


def heiiki_bin():
    """The binary under test: $HEIIKI_BIN (make pytest sets it) or build/heiiki."""
    path = os.environ.get("HEIIKI_BIN") or os.path.join(ROOT, "build", "heiiki")
    if not os.access(path, os.X_OK):
        pytest.skip("heiiki binary not built (%s); run `make all` or set HEIIKI_BIN" % path)
    return path


class Sandbox:
    """One running sandbox process with its own temp directory."""

    def __init__(self, seed="tokyo-closed", extra_args=()):
        self.dir = tempfile.mkdtemp(prefix="heiiki-it-")
        self.seed = seed
        self._ctl_env = dict(os.environ, HEIIKI_SANDBOX_DIR=self.dir)
        args = [PYTHON, SANDBOX, "start", "--port", "0"]
        if seed:
            args += ["--seed", seed]
        args += list(extra_args)
        subprocess.run(args, env=self._ctl_env, check=True, stdout=subprocess.DEVNULL, timeout=20)
        with open(os.path.join(self.dir, "sandbox.run.json")) as f:
            self.info = json.load(f)
        self.port = self.info["port"]
        self.pid = self.info["pid"]
        self.url = "http://127.0.0.1:%d" % self.port
        self.state_dir = os.path.join(self.dir, "heiiki-state")
        os.makedirs(self.state_dir, mode=0o700)
        self.env = self._client_env()
        self._stopped = False

    def _client_env(self):
        out = subprocess.run([PYTHON, SANDBOX, "env"], env=self._ctl_env, capture_output=True,
                             text=True, check=True, timeout=10)
        env = {}
        for line in out.stdout.splitlines():
            if not line.startswith("export "):
                continue
            key, _, value = line[len("export "):].partition("=")
            if len(value) >= 2 and value[0] == "'" and value[-1] == "'":
                value = value[1:-1].replace("'\\''", "'")
            env[key] = value
        # heiiki's own state, and nothing from the developer's real config
        env["HEIIKI_STATE_DIR"] = self.state_dir
        env["HOME"] = self.dir
        env["AWS_CONFIG_FILE"] = os.path.join(self.dir, "no-aws-config")
        env["AWS_SHARED_CREDENTIALS_FILE"] = os.path.join(self.dir, "no-aws-credentials")
        env["DATABRICKS_CONFIG_FILE"] = os.path.join(self.dir, "no-databrickscfg")
        env["NO_COLOR"] = "1"
        # apply's post-deploy steps reach the workspace through the sandbox's front end (as
        # `--frontend-addr` and `--ca-bundle` would), trusting the sandbox's CA
        if env.get("HEIIKI_SANDBOX_FRONTEND"):
            env.setdefault("HEIIKI_FRONTEND_ADDR", env["HEIIKI_SANDBOX_FRONTEND"])
        if env.get("HEIIKI_SANDBOX_CA"):
            env.setdefault("HEIIKI_CA_BUNDLE", env["HEIIKI_SANDBOX_CA"])
        return env

    def full_env(self, **extra):
        """os.environ overlaid with the sandbox's client variables (for subprocesses)."""
        env = dict(os.environ)
        for k in list(env):
            if k.startswith(("AWS_", "DATABRICKS_")):
                del env[k]
        env.update(self.env)
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def admin(self, method_or_path, path=None, json_body=None, **kw):
        """admin("GET", "/_sandbox/log") or admin("/_sandbox/seed", {"name": "empty"}) (POST)."""
        if "json" in kw:
            json_body = kw.pop("json")
        if path is None or not isinstance(path, str):
            method, path, json_body = ("POST" if path is not None or json_body is not None else "GET"), \
                method_or_path, (path if path is not None else json_body)
        else:
            method = method_or_path
        data = json.dumps(json_body).encode() if json_body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=15) as r:
                body = r.read()
        except urllib.error.HTTPError as e:
            raise AssertionError("sandbox admin %s %s -> %d: %s" % (method, path, e.code,
                                                                    e.read()[:500])) from None
        return json.loads(body) if body else {}

    def log(self, since=0):
        """The request log: {"requests": [...], "counts": {"ec2:CreateVpcEndpoint": n},
        "creates": [successful creates]}; entries have seq, service, operation, status."""
        return self.admin("GET", "/_sandbox/log" + ("?since=%d" % since if since else ""))

    def requests(self):
        return self.log()["requests"]

    def creates(self):
        """Successful create calls (what the crash hook counts), oldest first."""
        return self.log()["creates"]

    def clear_log(self):
        self.admin("DELETE", "/_sandbox/log")

    def state(self):
        return self.admin("GET", "/_sandbox/state")

    def alive(self):
        try:
            os.kill(self.pid, 0)
            return True
        except OSError:
            return False

    def stop(self):
        if self._stopped:
            return
        self._stopped = True
        subprocess.run([PYTHON, SANDBOX, "stop"], env=self._ctl_env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=20)
        if os.environ.get("HEIIKI_KEEP_SANDBOX"):
            print("sandbox dir kept: %s" % self.dir)
        else:
            shutil.rmtree(self.dir, ignore_errors=True)


def pytest_configure(config):
    config.addinivalue_line("markers", "seed(name): sandbox seed for the `sandbox` fixture")


@pytest.fixture
def sandbox_factory():
    started = []

    def start(seed="tokyo-closed", extra_args=()):
        sb = Sandbox(seed=seed, extra_args=extra_args)
        started.append(sb)
        return sb

    yield start
    for sb in started:
        sb.stop()


@pytest.fixture
def sandbox(request, sandbox_factory):
    marker = request.node.get_closest_marker("seed")
    seed = marker.args[0] if marker else "tokyo-closed"
    return sandbox_factory(seed=seed)


class Result:
    def __init__(self, proc, elapsed):
        self.rc = proc.returncode
        self.returncode = proc.returncode
        self.out = proc.stdout
        self.stdout = proc.stdout
        self.err = proc.stderr
        self.stderr = proc.stderr
        self.elapsed = elapsed

    def __repr__(self):
        return "<heiiki rc=%d>\n--- stdout\n%s\n--- stderr\n%s" % (self.rc, self.out[-4000:],
                                                                   self.err[-4000:])


def trace_peers(path):
    """Every "* connect IP:PORT" line of a heiiki trace: each connection it tried, made or not."""
    peers = []
    try:
        with open(path, "rb") as f:
            for line in f:
                if line.startswith(b"* connect "):
                    peers.append(line[10:].strip().decode("ascii", "replace"))
    except FileNotFoundError:
        pass
    return peers


def non_loopback(peers):
    """The peers outside 127.0.0.0/8 and ::1."""
    import ipaddress
    out = []
    for p in peers:
        host = p.rsplit(":", 1)[0].strip("[]")
        try:
            if ipaddress.ip_address(host).is_loopback:
                continue
        except ValueError:
            pass
        out.append(p)
    return out


@pytest.fixture
def heiiki(sandbox):
    """heiiki(*args, timeout=120, env=None) -> Result, run with the sandbox's environment.

    Harness guard (issue 20, D21): unless the test gives its own --trace, every run is traced
    to a private file, and a run whose exchanges went to an address outside loopback fails the
    test, so no test can quietly reach another machine."""
    binary = heiiki_bin()
    traces = tempfile.mkdtemp(prefix="heiiki-peers-")
    count = [0]

    def run(*args, timeout=120, env=None, input=None):
        args = [str(a) for a in args]
        trace = None
        if args and "--trace" not in args and not any(a.startswith("--trace=") for a in args):
            count[0] += 1
            trace = os.path.join(traces, "run-%d.trace" % count[0])
            args = ["--trace", trace] + args
        t0 = time.time()
        proc = subprocess.run([binary] + args, env=sandbox.full_env(**(env or {})),
                              capture_output=True, text=True, timeout=timeout, input=input,
                              cwd=sandbox.dir)
        result = Result(proc, time.time() - t0)
        if trace:
            away = non_loopback(trace_peers(trace))
            assert not away, "heiiki %s connected outside loopback: %s" % (" ".join(args[2:4]), away)
        return result

    yield run
    shutil.rmtree(traces, ignore_errors=True)


# ---------------------------------------------------------------------------
# Answers for the tokyo-closed seed (the field report's VPC, real sandbox IDs)

TOKYO_INI = """\
[account]
name = {name}
region = ap-northeast-1
account_id = {account_id}

[credential]
mode = create
role_name = {name}-crossaccount
restricted = false

[storage]
mode = {storage_mode}
bucket = {bucket}
apply_policy = true

[endpoints]
backend_shared = true
workspace.mode = create
workspace.create_in_subnets = {pub1}
workspace.security_group = {sg1}
relay.mode = create
relay.create_in_subnets = {priv3}
relay.security_group = {sg3}
s3.enabled = true
s3.mode = create
s3.route_tables = {privrt1}
sts.enabled = true
sts.mode = create
sts.create_in_subnets = {priv3}
sts.security_group = {sg3}
kinesis.enabled = true
kinesis.mode = create
kinesis.create_in_subnets = {priv3}
kinesis.security_group = {sg3}
{glue}
[private_access]
public_access = false
level = ENDPOINT

[network]
vpc_id = {vpc}
subnet_ids = {priv1}, {priv2}
security_group_ids = {sg2}

[metastore]
# the account's metastore for the region (the seed has one, as real accounts do)
mode = existing

[workspace]
name = {name}-workspace
pricing_tier = ENTERPRISE

[client]
frontend = private_ip
client_cidrs = 203.0.113.0/24
"""


def make_bucket(sandbox, bucket):
    """Create an S3 bucket in the sandbox (the operator's existing root bucket)."""
    import botocore.config
    import botocore.session
    s3 = botocore.session.get_session().create_client(
        "s3", region_name="ap-northeast-1", endpoint_url=sandbox.url,
        aws_access_key_id=sandbox.env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=sandbox.env["AWS_SECRET_ACCESS_KEY"],
        config=botocore.config.Config(s3={"addressing_style": "path"}, retries={"max_attempts": 0}))
    s3.create_bucket(Bucket=bucket,
                     CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"})


GLUE_LINES = """glue.enabled = true
glue.mode = create
glue.create_in_subnets = {priv3}
glue.security_group = {sg3}
"""


def write_tokyo_answers(sandbox, name="tokyo-closed", extra="", bucket=None, storage="existing",
                        glue=False):
    """Write an answers file for the tokyo-closed seed; returns its path.  storage="existing"
    makes the root bucket first (the operator's own); "create" lets heiiki make it."""
    refs = sandbox.state()["seed_refs"]
    bucket = bucket or "%s-root" % name
    if storage == "existing":
        make_bucket(sandbox, bucket)
    text = TOKYO_INI.format(name=name, bucket=bucket, account_id=sandbox.env["DATABRICKS_ACCOUNT_ID"],
                            storage_mode=storage, glue=GLUE_LINES.format(**refs) if glue else "",
                            **refs) + extra
    path = os.path.join(sandbox.dir, "%s.ini" % name)
    with open(path, "w") as f:
        f.write(text)
    return path


@pytest.fixture
def tokyo_answers(sandbox):
    """Path of an answers file for the sandbox's tokyo-closed seed."""
    return write_tokyo_answers(sandbox)
