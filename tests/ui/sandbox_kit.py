"""The bundled sandbox for the wizard's flow tests: start it on a seed, read
the IDs it made, and write a saved setup (answers + the wizard's place)."""
import json
import os
import re
import subprocess
import urllib.request

from conftest import ROOT

SANDBOX = os.path.join(ROOT, "tests", "sandbox", "sandbox")


class Sandbox:
    def __init__(self, tmp_path, seed):
        self.state = str(tmp_path / "sandbox" / "state.json")
        self.dir = os.path.dirname(self.state)
        self.env = {}
        p = subprocess.run([SANDBOX, "start", "--seed", seed, "--state", self.state],
                           capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, HEIIKI_SANDBOX_DIR=self.dir))
        if p.returncode != 0:
            raise RuntimeError("sandbox did not start: %s %s" % (p.stdout, p.stderr))
        out = subprocess.run([SANDBOX, "env", "--state", self.state], capture_output=True,
                             text=True, timeout=30, env=dict(os.environ, HEIIKI_SANDBOX_DIR=self.dir)).stdout
        for line in out.splitlines():
            if line.startswith("export ") and "=" in line:
                k, v = line[7:].split("=", 1)
                self.env[k] = v.strip("'\"")
        self.url = self.env["HEIIKI_SANDBOX_URL"]

    def admin(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read() or b"{}")

    def refs(self):
        return self.admin("GET", "/_sandbox/state")["seed_refs"]

    def stop(self):
        subprocess.run([SANDBOX, "stop", "--state", self.state], capture_output=True, timeout=30,
                       env=dict(os.environ, HEIIKI_SANDBOX_DIR=self.dir))


def tokyo_answers(refs, account_id, name="tokyo-ui"):
    """The field report's setup, with the sandbox's IDs (closed-network-setup.md)."""
    return """[account]
name = {name}
region = ap-northeast-1
account_id = {acct}

[credential]
mode = create

[storage]
mode = create
bucket = {name}-root
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
glue.enabled = false

[private_access]
public_access = false
level = ENDPOINT

[network]
vpc_id = {vpc}
subnet_ids = {priv1},{priv2}
security_group_ids = {sg2}

[metastore]
# the region's metastore (the sandbox account has one in ap-northeast-1)
mode = existing

[workspace]
pricing_tier = ENTERPRISE

[client]
frontend = private_ip
client_cidrs = 203.0.113.0/24
""".format(name=name, acct=account_id, **refs)


def save_setup(state_dir, answers, name="tokyo-ui", step="account", done="start,"):
    os.makedirs(str(state_dir), exist_ok=True)
    path = os.path.join(str(state_dir), name + ".answers")
    with open(path, "w") as f:
        f.write("# heiiki-ui: step=%s done=%s\n" % (step, done))
        f.write(answers)
    return path


# The report's layout on the tokyo-closed seed: the only thing the account
# cannot tell is the setup name, and that the REST API and user access
# endpoint sits in Public Subnet 01 (the report's choice; heiiki proposes the
# endpoint subnet, Private Subnet 03, like the relay's).
TOKYO_TO_COMMIT = ("<Enter>"                        # Start a new setup
                   "tokyo-closed<F10>"              # account: region and account ID from the env
                   "<F10>"                          # network: VPC, subnets, SG 02 proposed
                   "<F10>"                          # credential: create the role
                   "<F10>"                          # storage: create tokyo-closed-root
                   "<Tab><Tab><C-u><F4>public<Enter>"   # endpoints: workspace in Public Subnet 01
                   "<F10>"                          # endpoints: the rest proposed
                   "<F10><F10><F10>"                # private access, metastore, workspace
                   "<F10>"                          # client access: ranges from SG 01
                   "<F10><Enter>")                  # review: Create

MARKERS = re.compile(r"<(dump|until:[^>]*|sleep:\d+|wait|resize:[^>]*)>")


def count_keys(script):
    """Keys a person presses: <Name> is one key, any other character one key;
    <dump>, <until:...>, <sleep:...> are the test's, not the operator's."""
    script = MARKERS.sub("", script)
    return len(re.findall(r"<[^<>]+>|.", script))
