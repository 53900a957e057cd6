"""Helpers for the AWS-side sandbox tests: start the real daemon through the CLI on an ephemeral port
with a temporary state dir, botocore clients and raw signed requests, the Debian aws CLI."""
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import botocore.config
import botocore.session
from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest, prepare_request_dict
from botocore.credentials import Credentials
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CLI = os.path.join(ROOT, "sandbox")
AWS_CLI = "/usr/bin/aws"
KEY = "AKIAHEIIKISANDBOX000"
SECRET = "heiiki-sandbox-secret-key-0000000000000000"
REGION = "ap-northeast-1"
_SESSION = botocore.session.get_session()
# Clients customise the models they load (the S3 client drops {Bucket} from request URIs), so raw
# requests serialize with models from a session that never creates a client.
_RAW_SESSION = botocore.session.get_session()


class Sandbox:
    def __init__(self, seed="tokyo-closed", state_dir=None, extra=()):
        self.dir = state_dir or tempfile.mkdtemp(prefix="sbx-aws-")
        self.owns_dir = state_dir is None
        self.env = dict(os.environ, HEIIKI_SANDBOX_DIR=self.dir)
        args = [CLI, "start"] + (["--seed", seed] if seed else []) + list(extra)
        t0 = time.time()
        subprocess.run(args, env=self.env, check=True, stdout=subprocess.DEVNULL, timeout=10)
        self.start_s = time.time() - t0
        with open(os.path.join(self.dir, "sandbox.run.json")) as f:
            self.info = json.load(f)
        self.port = self.info["port"]
        self.url = "http://127.0.0.1:%d" % self.port
        self._clients = {}

    def reseed(self, seed="tokyo-closed"):
        """Fresh seeded state, faults/latency/log cleared (what a new sandbox would give, but in ~10 ms)."""
        self.admin("POST", "/_sandbox/seed", {"name": seed})
        return self

    def stop(self, keep_dir=False):
        subprocess.run([CLI, "stop"], env=self.env, stdout=subprocess.DEVNULL, timeout=10)
        if self.owns_dir and not keep_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def sandbox_env(self):
        out = subprocess.run([CLI, "env"], env=self.env, capture_output=True, text=True, check=True, timeout=10)
        pairs = {}
        for line in out.stdout.splitlines():
            assert line.startswith("export ")
            k, _, v = line[7:].partition("=")
            pairs[k] = v.strip("'")
        return pairs

    # admin API
    def admin(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read() or b"{}")

    def refs(self):
        return self.admin("GET", "/_sandbox/state")["seed_refs"]

    # clients
    def client(self, service, region=None, key=KEY, secret=SECRET, token=None, retries=0, **cfg):
        if region is None:
            region = "us-east-1" if service == "iam" else REGION
        cache_key = (service, region, key, secret, token, retries, tuple(sorted(cfg.items())))
        if cache_key in self._clients:
            return self._clients[cache_key]
        conf = botocore.config.Config(retries={"max_attempts": retries, "mode": "standard"} if retries
                                      else {"max_attempts": 0}, s3={"addressing_style": "path"}, **cfg)
        client = _SESSION.create_client(service, region_name=region, endpoint_url=self.url, aws_access_key_id=key,
                                        aws_secret_access_key=secret, aws_session_token=token, config=conf)
        self._clients[cache_key] = client
        return client

    def raw(self, service, operation, params, region=None, secret=SECRET, key=KEY, token=None, mutate=None):
        """Serialize with botocore, sign with botocore, send with urllib; return (status, headers, body)."""
        if region is None:
            region = "us-east-1" if service == "iam" else REGION
        model = _RAW_SESSION.get_service_model(service)
        op = model.operation_model(operation)
        req_dict = create_serializer(model.protocol).serialize_to_request(params, op)
        prepare_request_dict(req_dict, self.url)
        req = AWSRequest(method=req_dict["method"], url=req_dict["url"], data=req_dict["body"],
                         headers=req_dict["headers"])
        if mutate:
            mutate("before", req)
        signer = (S3SigV4Auth if service == "s3" else SigV4Auth)(Credentials(key, secret, token), service, region)
        signer.add_auth(req)
        if mutate:
            mutate("after", req)
        prepared = req.prepare()
        data = prepared.body.encode() if isinstance(prepared.body, str) else prepared.body
        hreq = urllib.request.Request(prepared.url, data=data or None, method=prepared.method,
                                      headers=dict(prepared.headers.items()))
        try:
            with urllib.request.urlopen(hreq, timeout=10) as r:
                return r.status, dict(r.headers.items()), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers.items()), e.read()

    def parse(self, service, operation, status, headers, body):
        model = _RAW_SESSION.get_service_model(service)
        op = model.operation_model(operation)
        parser = create_parser(model.protocol)
        return parser.parse({"status_code": status, "headers": headers, "body": body}, op.output_shape)

    def _cli_env(self, region):
        return dict(self.env, AWS_ACCESS_KEY_ID=KEY, AWS_SECRET_ACCESS_KEY=SECRET, AWS_DEFAULT_REGION=region,
                    AWS_REGION=region, AWS_EC2_METADATA_DISABLED="true", AWS_PAGER="",
                    AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null", AWS_MAX_ATTEMPTS="1")

    def aws_batch(self, commands, region=REGION):
        """Several aws CLI commands through awscli.clidriver in one process -> [(rc, json, stderr)]."""
        args = [["--endpoint-url", self.url, "--output", "json"] + list(c) for c in commands]
        out = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "aws_cli_batch.py")],
                             input=json.dumps(args), env=self._cli_env(region), capture_output=True, text=True,
                             timeout=120, check=True)
        return [(r["rc"], json.loads(r["stdout"]) if r["stdout"].strip() else {}, r["stderr"])
                for r in json.loads(out.stdout)]

    def aws(self, *args, region=REGION, check=True):
        """Debian's aws CLI (v2.9 has no AWS_ENDPOINT_URL_*: pass --endpoint-url)."""
        env = self._cli_env(region)
        out = subprocess.run([AWS_CLI, "--endpoint-url", self.url, "--output", "json"] + list(args), env=env,
                             capture_output=True, text=True, timeout=60)
        if check and out.returncode != 0:
            raise AssertionError("aws %s failed: %s" % (" ".join(args), out.stderr))
        return out.returncode, (json.loads(out.stdout) if out.stdout.strip() else {}), out.stderr


def module_sandbox():
    """Fixture pair: one daemon per test module, a freshly seeded state for every test."""
    import pytest

    @pytest.fixture(scope="module")
    def box():
        s = Sandbox(None)
        yield s
        s.stop()

    @pytest.fixture
    def sb(box):
        return box.reseed("tokyo-closed")
    return box, sb


def name_of(item):
    for t in item.get("Tags", []) or item.get("TagSet", []):
        if t["Key"] == "Name":
            return t["Value"]
    return None
