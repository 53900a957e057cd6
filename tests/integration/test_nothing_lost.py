"""Issue 20, "nothing lost, nothing leaked": lost create responses (D4), the post-deploy test
cluster (D6), a kill inside the instance-profile create (D9) and done objects deleted since (D15).

Each test makes the sandbox do what real networks and services do (a reply lost after the call
took effect; a kill or an SSH drop at a bad moment; an object deleted behind heiiki's back) and
then asserts that nothing is created twice, nothing is left behind and every run ends on its own
or on the rerun."""
import json
import os
import signal
import subprocess
import time

import pytest

from conftest import heiiki_bin, write_tokyo_answers
from test_apply import check_complete
from test_crash import assert_no_duplicates, start_stopped

APPLY = ("--yes", "--quiet", "--no-post-checks")


def journal(sandbox, name="tokyo-closed"):
    with open(os.path.join(sandbox.state_dir, name + ".json")) as f:
        return {a["id"]: a for a in json.load(f)["actions"]}


def sent(sandbox, operation):
    """How many times a call reached the sandbox (lost replies included)."""
    return sum(1 for r in sandbox.requests() if r["operation"] == operation)


def clusters_left(sandbox):
    out = []
    for wsd in sandbox.state()["dbx"].get("ws", {}).values():
        out += [(c["cluster_id"], c.get("cluster_name"), c.get("state"))
                for c in wsd.get("clusters", {}).values()]
    return out


# ---- D4: a create whose reply is lost is never re-sent blindly --------------------------------

LOST = [
    # (sandbox operation, heiiki action, glue route)
    ("CreateCredential", "dbx.credential", False),
    ("CreateNetwork", "dbx.network", False),
    ("CreatePrivateAccessSettings", "dbx.pas", False),
    ("CreateWorkspace", "dbx.workspace", False),
    ("CreateRole", "aws.role", False),
    ("CreateInstanceProfile", "aws.glue.profile", True),
    ("AddInstanceProfile", "post.glue.profile", True),       # found by the fault campaign
]


@pytest.mark.parametrize("operation,action,glue", LOST, ids=[x[0] for x in LOST])
def test_lost_create_reply_is_found_not_resent(sandbox, heiiki, operation, action, glue):
    """The create takes effect but its reply is lost (TCP reset).  libcurl used to re-send the
    POST on a new connection (a second create: 409 / EntityAlreadyExists, exit 6).  Now the
    create is sent once, and heiiki looks the object up and records it as created by it."""
    answers = write_tokyo_answers(sandbox, glue=glue)
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
    sandbox.admin("POST", "/_sandbox/faults", {"kind": "lost_response", "operation": operation,
                                               "times": 1})
    r = heiiki("apply", "--answers", answers, *APPLY)
    assert r.rc == 0, r
    assert sent(sandbox, operation) == 1, [q for q in sandbox.requests() if q["operation"] == operation]
    assert_no_duplicates(sandbox, services=6 if glue else 5)
    res = check_complete(sandbox, json.loads(heiiki("summary", "tokyo-closed", "--json").out))
    assert res[action]["origin"] == "created", res[action]


def test_conflict_after_own_create_is_adopted_as_created(sandbox, heiiki, tokyo_answers):
    """The journal says our create was sent (intent) but the look-up cannot see the object yet
    (IAM is eventually consistent), so the second create gets EntityAlreadyExists: heiiki looks
    again and records the role as created by it, so `destroy` removes it."""
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
    sandbox.admin("POST", "/_sandbox/faults", {"kind": "lost_response", "operation": "CreateRole",
                                               "times": 1})
    # the look-ups right after the lost reply do not see the new role yet (eventual consistency)
    sandbox.admin("POST", "/_sandbox/config", {"iam_read_lag_s": 1.2})
    r = heiiki("apply", "--answers", tokyo_answers, *APPLY)
    assert r.rc == 0, r
    assert_no_duplicates(sandbox)
    res = check_complete(sandbox, json.loads(heiiki("summary", "tokyo-closed", "--json").out))
    assert res["aws.role"]["origin"] == "created"
    assert any(q["operation"] == "CreateRole" and q["status"] == 409 for q in sandbox.requests())


# ---- D9: killed between CreateInstanceProfile and AddRoleToInstanceProfile ---------------------

def test_kill_between_profile_create_and_add_role(sandbox, heiiki):
    answers = write_tokyo_answers(sandbox, glue=True)
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
    proc = start_stopped(sandbox, ["apply", "--answers", answers] + list(APPLY))
    sandbox.admin("POST", "/_sandbox/crash", {"pid": proc.pid, "after_creates": 1,
                                              "when": "after_response",
                                              "operation": "CreateInstanceProfile"})
    os.kill(proc.pid, signal.SIGCONT)
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == -signal.SIGKILL, (out[-2000:], err[-2000:])
    r = heiiki("resume", "tokyo-closed", "--quiet", "--no-post-checks")
    assert r.rc == 0, r               # was: iam:CreateInstanceProfile EntityAlreadyExists, exit 6
    prof = sandbox.state()["iam"]["instance_profiles"]
    ours = [p for n, p in prof.items() if n.startswith("tokyo-closed")]
    assert len(ours) == 1 and ours[0]["_roles"] == ["tokyo-closed-glue"], ours
    assert journal(sandbox)["aws.glue.profile"]["origin"] == "created"


# ---- D6: the post-deploy test cluster is journaled, removed after a kill or a hang-up ----------

def applied(sandbox, heiiki, cluster_start_s=0.3):
    answers = write_tokyo_answers(sandbox)
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2,
                                               "dbx_cluster_start_s": cluster_start_s})
    r = heiiki("apply", "--answers", answers, *APPLY)
    assert r.rc == 0, r


def verify_args(sandbox):
    return ["--ca-bundle", sandbox.env["HEIIKI_SANDBOX_CA"], "verify", "tokyo-closed",
            "--frontend-addr", sandbox.env["HEIIKI_SANDBOX_FRONTEND"]]


def test_kill_after_cluster_create_then_rerun_removes_it(sandbox, heiiki):
    """Killed right after the test cluster's create call (the reply never read): the journal
    already names the cluster, and the next check removes it before starting its own."""
    applied(sandbox, heiiki, cluster_start_s=600)
    proc = start_stopped(sandbox, verify_args(sandbox))
    sandbox.admin("POST", "/_sandbox/crash", {"pid": proc.pid, "after_creates": 1,
                                              "when": "after_response", "operation": "CreateCluster"})
    os.kill(proc.pid, signal.SIGCONT)
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert len(clusters_left(sandbox)) == 1
    rec = journal(sandbox).get("verify.cluster")
    assert rec and rec["state"] == "intent", rec
    assert rec["result"]["cluster_name"] == "heiiki-verify-tokyo-closed", rec
    sandbox.admin("POST", "/_sandbox/config", {"dbx_cluster_start_s": 0.3})
    r = heiiki(*verify_args(sandbox), timeout=120)
    assert r.rc == 0, r
    assert clusters_left(sandbox) == [], clusters_left(sandbox)
    assert journal(sandbox)["verify.cluster"]["state"] == "skipped"


def test_sighup_during_backend_check_removes_the_cluster(sandbox, heiiki):
    """An SSH drop (SIGHUP) while the check waits for its cluster is handled like Ctrl-C: the
    cluster is removed and the run exits 4 (it used to die on the spot and leave it)."""
    applied(sandbox, heiiki, cluster_start_s=600)
    p = subprocess.Popen([heiiki_bin()] + verify_args(sandbox), env=sandbox.full_env(),
                         cwd=sandbox.dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline and not any(c[2] == "PENDING" for c in clusters_left(sandbox)):
        time.sleep(0.1)
    assert clusters_left(sandbox), "no test cluster started"
    p.send_signal(signal.SIGHUP)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 4, (p.returncode, out[-2000:], err[-2000:])
    assert all(c[2] in ("TERMINATING", "TERMINATED") for c in clusters_left(sandbox)), \
        clusters_left(sandbox)
    assert journal(sandbox)["verify.cluster"]["state"] == "skipped"


def test_lost_cluster_create_reply_makes_one_cluster(sandbox, heiiki):
    """The cluster create's reply is lost: it is not re-sent (a second cluster used to leak);
    the check finds the cluster by its name, waits for it and removes it."""
    applied(sandbox, heiiki)
    sandbox.admin("POST", "/_sandbox/faults", {"kind": "lost_response", "operation": "CreateCluster",
                                               "times": 1})
    r = heiiki(*verify_args(sandbox), timeout=120)
    assert r.rc == 0, r
    assert sent(sandbox, "CreateCluster") == 1
    assert clusters_left(sandbox) == [], clusters_left(sandbox)


# ---- D15: a "done" object is read again before it is relied on ---------------------------------

def test_bucket_deleted_since_is_said_and_made_again(sandbox, heiiki):
    """The root bucket heiiki made is deleted behind its back.  The re-apply used to say
    "(done earlier)" and rely on it (every later run failing on NoSuchBucket, or a workspace
    with no storage); now the bucket is read again, the operator is told, and it is made again."""
    from conftest import make_bucket  # noqa: F401  (the same client settings as the fixtures)
    import botocore.config
    import botocore.session
    answers = write_tokyo_answers(sandbox, storage="create")
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
    r = heiiki("apply", "--answers", answers, *APPLY)
    assert r.rc == 0, r
    s3 = botocore.session.get_session().create_client(
        "s3", region_name="ap-northeast-1", endpoint_url=sandbox.url,
        aws_access_key_id=sandbox.env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=sandbox.env["AWS_SECRET_ACCESS_KEY"],
        config=botocore.config.Config(s3={"addressing_style": "path"}, retries={"max_attempts": 0}))
    s3.delete_bucket_policy(Bucket="tokyo-closed-root")
    s3.delete_bucket(Bucket="tokyo-closed-root")
    r = heiiki("apply", "--answers", answers, "--yes", "--no-post-checks")
    assert r.rc == 0, r
    assert "no longer there" in r.out + r.err, r
    assert "tokyo-closed-root" in sandbox.state()["s3"]["buckets"]
    res = {a["action"]: a for a in json.loads(heiiki("summary", "tokyo-closed", "--json").out)["resources"]}
    assert res["aws.bucket"]["origin"] == "created"
    assert res["aws.bucket.policy"]["state"] == "done"


def test_destroy_removes_a_test_cluster_left_by_a_kill(sandbox, heiiki):
    """A kill during the back-end check leaves the test cluster; `destroy` removes it before the
    workspace (deleting a workspace does not clean up its compute, which runs in the customer's
    AWS account: the sandbox keeps such clusters as orphan_compute)."""
    applied(sandbox, heiiki, cluster_start_s=600)
    proc = start_stopped(sandbox, verify_args(sandbox))
    sandbox.admin("POST", "/_sandbox/crash", {"pid": proc.pid, "after_creates": 1,
                                              "when": "before_response", "operation": "CreateCluster"})
    os.kill(proc.pid, signal.SIGCONT)
    proc.communicate(timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert len(clusters_left(sandbox)) == 1
    r = heiiki("destroy", "tokyo-closed", "--yes", timeout=300)
    assert r.rc == 0, r
    assert sandbox.state()["dbx"].get("orphan_compute", []) == []
    assert not sandbox.state()["dbx"]["workspaces"]


def delete_workspace(sandbox, workspace_id):
    """DELETE the workspace through the account API, as an operator would in the console."""
    import base64
    import urllib.request
    env = sandbox.env
    host, acct = env["DATABRICKS_HOST"].rstrip("/"), env["DATABRICKS_ACCOUNT_ID"]
    basic = base64.b64encode(("%s:%s" % (env["DATABRICKS_CLIENT_ID"],
                                         env["DATABRICKS_CLIENT_SECRET"])).encode()).decode()
    req = urllib.request.Request("%s/oidc/accounts/%s/v1/token" % (host, acct), method="POST",
                                 data=b"grant_type=client_credentials&scope=all-apis",
                                 headers={"Authorization": "Basic " + basic,
                                          "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=10) as r:
        token = json.loads(r.read())["access_token"]
    req = urllib.request.Request("%s/api/2.0/accounts/%s/workspaces/%s" % (host, acct, workspace_id),
                                 method="DELETE", headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req, timeout=10) as r:
        r.read()


def test_workspace_deleted_since_is_made_again_with_what_depends_on_it(sandbox, heiiki):
    """The workspace is deleted behind heiiki's back: the re-apply says so, makes a new one and
    redoes what stands on it (the wait for RUNNING, the metastore assignment, the front-end
    address) instead of reporting the whole setup "(done earlier)"."""
    applied(sandbox, heiiki)
    old = json.loads(heiiki("summary", "tokyo-closed", "--json").out)["workspace"]["workspace_id"]
    delete_workspace(sandbox, old)
    assert not sandbox.state()["dbx"]["workspaces"]
    r = heiiki("apply", "--answers", os.path.join(sandbox.dir, "tokyo-closed.ini"), "--yes",
               "--no-post-checks")
    assert r.rc == 0, r
    assert "no longer there" in r.out + r.err, r
    summary = json.loads(heiiki("summary", "tokyo-closed", "--json").out)
    res = check_complete(sandbox, summary)
    new = summary["workspace"]["workspace_id"]
    assert new != old and list(sandbox.state()["dbx"]["workspaces"]) == [new]
    assert res["dbx.metastore.assign"]["result"]["workspace_id"] == new
    assert_no_duplicates(sandbox)
