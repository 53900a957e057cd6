"""Headless apply against the sandbox's tokyo-closed seed (issue 7): a full run
ends with a RUNNING workspace and a complete summary; a second run makes no
create call; plan changes nothing; destroy removes only what heiiki created;
the state file holds no secret."""
import json
import os
import stat

import pytest

# Every action the tokyo answers make heiiki create, and the result key that must be in the summary.
CREATED = {
    "aws.role": "role_arn",
    "aws.role.policy": "policy_name",
    "aws.bucket.policy": "bucket",
    "aws.vpce.s3": "vpce_id",
    "aws.vpce.sts": "vpce_id",
    "aws.vpce.kinesis": "vpce_id",
    "aws.vpce.workspace": "vpce_id",
    "aws.vpce.relay": "vpce_id",
    "dbx.credential": "credentials_id",
    "dbx.storage": "storage_configuration_id",
    "dbx.vpce.workspace": "vpc_endpoint_id",
    "dbx.vpce.relay": "vpc_endpoint_id",
    "dbx.pas": "private_access_settings_id",
    "dbx.network": "network_id",
    "dbx.workspace": "workspace_id",
    "dbx.metastore.assign": "metastore_id",
    "post.client_access": "hosts_line",
}


def summary_json(heiiki, name="tokyo-closed"):
    r = heiiki("summary", name, "--json")
    assert r.rc == 0, r
    return json.loads(r.out)


def check_complete(sandbox, summary):
    """The summary lists every ID, each matching what exists in the sandbox."""
    assert summary["phase"] == "complete"
    res = {a["action"]: a for a in summary["resources"]}
    for action, key in CREATED.items():
        assert action in res, "summary misses %s" % action
        assert res[action]["origin"] == "created", res[action]
        assert res[action]["result"].get(key), "%s has no %s" % (action, key)
    assert res["aws.bucket"]["origin"] == "kept"
    assert res["dbx.metastore"]["origin"] == "adopted"          # the region's, reused
    assert res["dbx.metastore"]["result"]["metastore_id"]
    ws = summary["workspace"]
    assert ws["status"] == "RUNNING"
    assert ws["url"].startswith("https://") and ws["host"] in ws["url"]
    assert ws["hosts_line"] == "%s %s" % (ws["frontend_address"], ws["host"])
    state = sandbox.state()
    dbx_ws = state["dbx"]["workspaces"]
    assert dbx_ws[ws["workspace_id"]]["workspace_status"] == "RUNNING"
    for action in ("aws.vpce.s3", "aws.vpce.sts", "aws.vpce.kinesis", "aws.vpce.workspace",
                   "aws.vpce.relay"):
        assert res[action]["result"]["vpce_id"] in state["ec2"]["vpc_endpoints"]
    return res


def test_full_apply_then_second_apply_creates_nothing(sandbox, heiiki, tokyo_answers):
    sandbox.clear_log()
    r = heiiki("apply", "--answers", tokyo_answers, "--yes")
    assert r.rc == 0, r
    # one token for the account API and one for the workspace: the post-deploy
    # checks reuse the workspace client (and token) of the post-deploy actions
    tokens = [q["path"] for q in sandbox.log()["requests"] if q["operation"] == "OAuthToken"]
    assert len(tokens) == 2, tokens
    assert "done   dbx.workspace.wait" in r.out and "RUNNING" in r.out
    res = check_complete(sandbox, summary_json(heiiki))
    # apply ends with the post-deploy checks, each a result in the summary
    for key in ("frontend", "catalog", "backend", "uc"):
        assert res["verify." + key]["result"]["outcome"] == "pass", res.get("verify." + key)

    sandbox.clear_log()
    r = heiiki("apply", "--answers", tokyo_answers, "--yes")
    assert r.rc == 0, r
    assert "post-deploy checks passed before" in r.out
    log = sandbox.log()
    assert log["creates"] == [], "second apply created: %s" % log["creates"]
    print("second apply: %d requests, 0 creates" % len(log["requests"]))
    check_complete(sandbox, summary_json(heiiki))


def test_heiiki_creates_the_bucket(sandbox, heiiki):
    from conftest import write_tokyo_answers
    answers = write_tokyo_answers(sandbox, storage="create")
    r = heiiki("apply", "--answers", answers, "--yes", "--quiet")
    assert r.rc == 0, r
    res = {a["action"]: a for a in summary_json(heiiki)["resources"]}
    assert res["aws.bucket"]["origin"] == "created"
    bucket = sandbox.state()["s3"]["buckets"]["tokyo-closed-root"]
    assert "Policy" in json.dumps(bucket) or "policy" in json.dumps(bucket).lower()
    r = heiiki("destroy", "tokyo-closed", "--yes")
    assert r.rc == 0, r
    assert "tokyo-closed-root" not in sandbox.state()["s3"]["buckets"]


def test_glue_route(sandbox, heiiki):
    """The Glue endpoint brings the instance role and profile; the cross-account role may pass it."""
    from conftest import write_tokyo_answers
    answers = write_tokyo_answers(sandbox, glue=True)
    r = heiiki("apply", "--answers", answers, "--yes", "--quiet")
    assert r.rc == 0, r
    res = {a["action"]: a for a in summary_json(heiiki)["resources"]}
    for action in ("aws.vpce.glue", "aws.glue.role", "aws.glue.profile"):
        assert res[action]["origin"] == "created", res.get(action)
    assert res["aws.glue.profile"]["result"]["instance_profile_arn"].endswith(":instance-profile/tokyo-closed-glue")
    iam = sandbox.state()["iam"]
    assert "tokyo-closed-glue" in iam["roles"] and "tokyo-closed-glue" in iam["instance_profiles"]
    assert "PassRole" in json.dumps(iam["roles"]["tokyo-closed-crossaccount"])
    sandbox.clear_log()
    assert heiiki("apply", "--answers", answers, "--yes", "--quiet").rc == 0
    assert sandbox.creates() == []
    assert heiiki("destroy", "tokyo-closed", "--yes").rc == 0
    iam = sandbox.state()["iam"]
    assert "tokyo-closed-glue" not in iam["roles"] and "tokyo-closed-glue" not in iam["instance_profiles"]


def test_summary_text_and_resume_list(sandbox, heiiki, tokyo_answers):
    assert heiiki("apply", "--answers", tokyo_answers, "--yes", "--quiet").rc == 0
    text = heiiki("summary", "tokyo-closed")
    assert text.rc == 0, text
    assert "Hosts line" in text.out and "vpce-" in text.out and "RUNNING" in text.out
    listing = heiiki("resume")
    assert listing.rc == 0, listing
    line = [l for l in listing.out.splitlines() if l.startswith("tokyo-closed")]
    assert line and "complete" in line[0], listing.out


def test_plan_changes_nothing(sandbox, heiiki, tokyo_answers):
    sandbox.clear_log()
    r = heiiki("plan", "--answers", tokyo_answers)
    assert r.rc == 0, r
    assert "create  dbx.workspace" in r.out and "Nothing has been changed" in r.out
    j = heiiki("plan", "--answers", tokyo_answers, "--json")
    ids = [a["id"] for a in json.loads(j.out)["actions"]]
    assert ids.index("dbx.network") < ids.index("dbx.workspace") < ids.index("dbx.workspace.wait")
    assert sandbox.log()["requests"] == []
    assert os.listdir(sandbox.state_dir) == []


def test_state_file_private_and_without_secrets(sandbox, heiiki, tokyo_answers):
    r = heiiki("apply", "--answers", tokyo_answers, "--yes", "--quiet", "--trace",
               os.path.join(sandbox.dir, "trace.log"))
    assert r.rc == 0, r
    path = os.path.join(sandbox.state_dir, "tokyo-closed.json")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    text = open(path, encoding="utf-8").read()
    for secret in (sandbox.env["AWS_SECRET_ACCESS_KEY"], sandbox.env["DATABRICKS_CLIENT_SECRET"]):
        assert secret not in text
        assert secret not in r.out and secret not in r.err
    assert json.loads(text)["heiiki_state"] == 1


def test_destroy_removes_only_what_heiiki_created(sandbox, heiiki, tokyo_answers):
    assert heiiki("apply", "--answers", tokyo_answers, "--yes", "--quiet").rc == 0
    summary = summary_json(heiiki)
    res = {a["action"]: a for a in summary["resources"]}
    r = heiiki("destroy", "tokyo-closed", "--yes")
    assert r.rc == 0, r
    state = sandbox.state()
    assert summary["workspace"]["workspace_id"] not in state["dbx"]["workspaces"] or \
        state["dbx"]["workspaces"][summary["workspace"]["workspace_id"]]["workspace_status"] != "RUNNING"
    for action in ("aws.vpce.s3", "aws.vpce.relay", "aws.vpce.workspace"):
        vid = res[action]["result"]["vpce_id"]
        ep = state["ec2"]["vpc_endpoints"].get(vid)
        assert ep is None or ep.get("State", ep.get("_pending_state")) in ("deleted", "deleting"), ep
    assert "tokyo-closed-crossaccount" not in state["iam"]["roles"]
    assert "tokyo-closed-root" in state["s3"]["buckets"]       # given, kept
    assert res["dbx.metastore"]["result"]["metastore_id"] in state["dbx"]["metastores"]  # adopted, kept
    after = summary_json(heiiki)
    assert after["phase"] == "destroyed"
    again = heiiki("destroy", "tokyo-closed", "--yes")
    assert again.rc == 0 and "Nothing to remove" in again.out, again


def test_usage_errors(sandbox, heiiki):
    assert heiiki("apply").rc == 2
    assert heiiki("frobnicate").rc == 2
    assert heiiki("--color=purple", "plan").rc == 2
    r = heiiki("summary", "no-such-setup")
    assert r.rc == 7 and "no saved setup" in r.err.lower()   # its own code (heiiki(1))
    h = heiiki("--help")
    assert h.rc == 0 and "Exit status" in h.out and "resume" in h.out


def test_damaged_state_file_refused_and_untouched(sandbox, heiiki, tokyo_answers):
    path = os.path.join(sandbox.state_dir, "tokyo-closed.json")
    with open(path, "w") as f:
        f.write('{"heiiki_state": 1, "name": "tokyo-closed", "actions": [')
    before = open(path).read()
    r = heiiki("apply", "--answers", tokyo_answers, "--yes")
    assert r.rc == 6, r
    assert "damaged" in r.err
    assert open(path).read() == before
    sandbox.clear_log()
    assert heiiki("summary", "tokyo-closed").rc == 6
    newer = '{"heiiki_state": 9, "name": "tokyo-closed"}'
    with open(path, "w") as f:
        f.write(newer)
    r = heiiki("resume", "tokyo-closed")
    assert r.rc == 6 and "newer heiiki" in r.err, r
    assert open(path).read() == newer


@pytest.mark.seed("broken-one-az")
def test_preflight_blocks_before_anything_is_created(sandbox, heiiki, tokyo_answers):
    sandbox.clear_log()
    r = heiiki("apply", "--answers", tokyo_answers, "--yes")
    assert r.rc == 3, r
    assert "BLOCK" in r.out and "nothing was changed" in r.err
    assert sandbox.creates() == []
    c = heiiki("check", "--answers", tokyo_answers, "--json")
    assert c.rc == 3, c
    found = json.loads(c.out)
    assert found["blocking"] >= 1 and any(f["blocks"] for f in found["findings"])


def test_check_passes_on_the_good_seed(sandbox, heiiki, tokyo_answers):
    sandbox.clear_log()
    r = heiiki("check", "--answers", tokyo_answers)
    assert r.rc == 0, r
    assert "Pre-flight:" in r.out and "0 blocking" in r.out
    assert sandbox.creates() == []


@pytest.mark.seed("broken-one-az")
def test_failed_workspace_is_kept_explained_and_retried(sandbox, heiiki, tokyo_answers):
    """Cluster subnets in one AZ: the workspace ends FAILED.  heiiki deletes nothing,
    keeps the workspace ID, shows the status message and the network's errors, exits 5;
    the next run updates the failed workspace (PATCH) and waits again."""
    r = heiiki("apply", "--answers", tokyo_answers, "--yes", "--quiet", "--no-preflight")
    assert r.rc == 5, r
    assert "FAILED" in r.err and "[subnet]" in r.err, r.err
    assert "is kept" in r.err
    summary = summary_json(heiiki)
    wid = summary["workspace"]["workspace_id"]
    assert wid and summary["phase"] == "failed"
    assert sandbox.state()["dbx"]["workspaces"][wid]["workspace_status"] == "FAILED"
    sandbox.clear_log()
    again = heiiki("resume", "tokyo-closed", "--quiet", "--no-preflight")
    assert again.rc == 5, again
    ops = [e["operation"] for e in sandbox.requests()]
    assert any("Workspace" in op and ("Update" in op or "Patch" in op) for op in ops), ops
    assert sandbox.creates() == [] or all("Workspace" not in c["operation"] or "Update" in
                                          c["operation"] for c in sandbox.creates())
    assert list(sandbox.state()["dbx"]["workspaces"]) == [wid]


def test_changed_answers_after_creation(sandbox, heiiki, tokyo_answers):
    """heiiki records the answers each created resource was made from.  A changed
    policy answer puts the policy again; a changed answer under anything else is
    refused with the answer, its old and new value, and nothing is touched."""
    assert heiiki("apply", "--answers", tokyo_answers, "--yes", "--quiet").rc == 0
    summary = summary_json(heiiki)
    assert all(not k.startswith("_") for a in summary["resources"] for k in a["result"])
    refs = sandbox.state()["seed_refs"]
    with open(tokyo_answers) as f:
        text = f.read()

    # restricted policy: the role's inline policy is put again, scoped to the VPC
    restricted = tokyo_answers + ".restricted.ini"
    with open(restricted, "w") as f:
        f.write(text.replace("restricted = false", "restricted = true"))
    r = heiiki("apply", "--answers", restricted, "--yes", "--no-post-checks")
    assert r.rc == 0, r
    assert "update" in r.out and "aws.role.policy" in r.out, r.out
    docs = [d for role in sandbox.state()["iam"]["roles"].values() for d in role["_inline"].values()]
    assert any("vpc/" + refs["vpc"] in d for d in docs), docs

    # the network's subnets: refused before anything is sent or saved
    moved = tokyo_answers + ".moved.ini"
    old_line = "subnet_ids = {priv1}, {priv2}".format(**refs)
    assert old_line in text
    with open(moved, "w") as f:
        f.write(text.replace("restricted = false", "restricted = true")
                .replace(old_line, "subnet_ids = {priv1}, {priv3}".format(**refs)))
    sandbox.clear_log()
    r = heiiki("apply", "--answers", moved, "--yes")
    assert r.rc == 2, r
    assert "network.subnet_ids" in r.err and "Network configuration" in r.err, r.err
    assert refs["priv2"] in r.err and refs["priv3"] in r.err
    assert "heiiki destroy tokyo-closed" in r.err
    assert sandbox.creates() == []
    p = heiiki("plan", "--answers", moved)
    assert p.rc == 2 and "network.subnet_ids" in p.err, p
    # the saved answers are still the ones the resources match: resume goes on
    again = heiiki("resume", "tokyo-closed", "--quiet", "--no-post-checks")
    assert again.rc == 0, again
