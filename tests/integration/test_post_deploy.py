"""Apply's closing steps against the sandbox: the credential configuration waits out
IAM propagation (and stops at once when the role's policy really lacks an action),
the AWS account ID comes from STS before any policy is written, and the post-deploy
actions (Glue instance profile, Glue cluster policy, verification) run at the end of
`heiiki apply`."""
import json
import os

import botocore.config
import botocore.session

from conftest import write_tokyo_answers

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "assets", "examples", "tokyo-closed.ini")
DATABRICKS_PRINCIPAL = "arn:aws:iam::414351767826:root"


def iam(sandbox):
    return botocore.session.get_session().create_client(
        "iam", region_name="us-east-1", endpoint_url=sandbox.url,
        aws_access_key_id=sandbox.env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=sandbox.env["AWS_SECRET_ACCESS_KEY"],
        config=botocore.config.Config(retries={"max_attempts": 0}))


def credential_posts(sandbox):
    return [q for q in sandbox.requests()
            if q.get("method") == "POST" and q.get("path", "").endswith("/credentials")]


def journal(sandbox, name="tokyo-closed"):
    with open(os.path.join(sandbox.env["HEIIKI_STATE_DIR"], name + ".json"), encoding="utf-8") as f:
        return json.load(f)


def test_credential_waits_for_iam_propagation(sandbox, heiiki, tokyo_answers):
    sandbox.admin("POST", "/_sandbox/config", {"dbx_iam_propagation_s": 3, "workspace_delay_s": 0.3})
    r = heiiki("apply", "--answers", tokyo_answers, "--yes", "--no-post-checks", timeout=180)
    assert r.rc == 0, r
    posts = credential_posts(sandbox)
    assert len(posts) > 1, "expected retried CreateCredentials, got %s" % posts
    assert [p["status"] for p in posts][-1] == 200 and posts[0]["status"] == 400
    assert "waiting for IAM to propagate" in r.out
    cred = {a["id"]: a for a in journal(sandbox)["actions"]}["dbx.credential"]
    assert cred["state"] == "done" and cred["result"]["credentials_id"]
    assert int(cred["result"]["create_attempts"]) == len(posts)
    print("CreateCredentials attempts: %d" % len(posts))


def test_workspace_create_waits_for_iam_propagation(sandbox, heiiki, tokyo_answers):
    """POST /workspaces validates the role again and may answer the plural "Failed credentials
    validation checks: ..." after the credential went through (terraform-provider-databricks
    docs/guides/aws-workspace.md, "400 on /api/2.0/accounts/{UUID}/workspaces"): the workspace create
    waits it out like the credential does (fails on dc450ab: apply stops at the first 400)."""
    sandbox.admin("POST", "/_sandbox/config", {"dbx_ws_iam_propagation_s": 6, "workspace_delay_s": 0.3})
    r = heiiki("apply", "--answers", tokyo_answers, "--yes", "--no-post-checks", timeout=180)
    assert r.rc == 0, r
    posts = [q for q in sandbox.requests()
             if q.get("method") == "POST" and q.get("path", "").endswith("/workspaces")]
    assert len(posts) > 1 and posts[0]["status"] == 400 and posts[-1]["status"] == 200, posts
    assert len(credential_posts(sandbox)) == 1
    assert "waiting for IAM to propagate" in r.out
    ws = {a["id"]: a for a in journal(sandbox)["actions"]}["dbx.workspace"]
    assert ws["state"] == "done" and ws["result"]["workspace_id"]
    assert int(ws["result"]["create_attempts"]) == len(posts)


def test_credential_stops_at_once_when_the_policy_lacks_an_action(sandbox, heiiki):
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": DATABRICKS_PRINCIPAL}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": sandbox.env["DATABRICKS_ACCOUNT_ID"]}}}]}
    small = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": ["ec2:Describe*", "ec2:CreateTags"], "Resource": "*"}]}
    c = iam(sandbox)
    arn = c.create_role(RoleName="too-small", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    c.put_role_policy(RoleName="too-small", PolicyName="p", PolicyDocument=json.dumps(small))
    path = write_tokyo_answers(sandbox)
    text = open(path).read().replace("mode = create\nrole_name = tokyo-closed-crossaccount",
                                     "mode = existing\nrole_arn = %s" % arn)
    assert "role_arn = " + arn in text
    with open(path, "w") as f:
        f.write(text)
    r = heiiki("apply", "--answers", path, "--yes", "--no-preflight", "--no-post-checks", timeout=120,
               env={"HEIIKI_CRED_WAIT_S": "120"})
    assert r.rc == 1, r
    assert r.elapsed < 60, "waited %.1f s for a policy that will never grant" % r.elapsed
    assert "ec2:RunInstances" in r.err and "does not allow" in r.err, r
    assert "waiting for IAM to propagate" not in r.out
    assert len(credential_posts(sandbox)) == 1


def test_unknown_check_name_means_keep_waiting(sandbox, heiiki):
    """F4: a check name assets/rules/credential-checks.tsv does not map ("Describe Fleet History") is
    never turned into a made-up IAM action and called missing: heiiki keeps waiting until the cap and
    then says it cannot tell which action the check tests."""
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": DATABRICKS_PRINCIPAL}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": sandbox.env["DATABRICKS_ACCOUNT_ID"]}}}]}
    acts = [a for a in open(os.path.join(ROOT, "assets", "policies", "crossaccount-base.txt")).read().split()
            + open(os.path.join(ROOT, "assets", "policies", "crossaccount-customer.txt")).read().split()
            if a.startswith("ec2:") and a != "ec2:DescribeFleetHistory"]
    c = iam(sandbox)
    arn = c.create_role(RoleName="no-fleet-history", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    c.put_role_policy(RoleName="no-fleet-history", PolicyName="p", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": acts, "Resource": "*"}]}))
    path = write_tokyo_answers(sandbox)
    text = open(path).read().replace("mode = create\nrole_name = tokyo-closed-crossaccount",
                                     "mode = existing\nrole_arn = %s" % arn)
    with open(path, "w") as f:
        f.write(text)
    r = heiiki("apply", "--answers", path, "--yes", "--no-preflight", "--no-post-checks", timeout=120,
               env={"HEIIKI_CRED_WAIT_S": "3"})
    assert r.rc == 1, r
    assert "Describe Fleet History" in r.err and "does not know which IAM action" in r.err, r
    assert "ec2:DescribeFleetHistory" not in r.err, r
    assert len(credential_posts(sandbox)) >= 2


def test_restricted_policy_gets_the_account_id_from_sts(sandbox, heiiki):
    path = write_tokyo_answers(sandbox)
    text = open(path).read().replace("restricted = false", "restricted = true")
    with open(path, "w") as f:
        f.write(text)
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.3})
    r = heiiki("apply", "--answers", path, "--yes", "--no-post-checks", timeout=180)
    assert r.rc == 0, r
    j = journal(sandbox)
    acct = j["answers"]["account"]["aws_account_id"]
    assert len(acct) == 12 and acct.isdigit(), j["answers"]["account"]
    state = sandbox.state()
    roles = state["iam"]["roles"]
    role = [v for k, v in roles.items() if "tokyo-closed-crossaccount" in k][0]
    text = json.dumps(role["_inline"])
    assert ":%s:" % acct in text, text[:2000]
    assert "arn:aws:ec2:ap-northeast-1::" not in text


GLUE_KEY = "spark_conf.spark.databricks.hive.metastore.glueCatalog.enabled"


def summary(heiiki):
    r = heiiki("summary", "tokyo-closed", "--json")
    assert r.rc == 0, r
    return {a["action"]: a for a in json.loads(r.out)["resources"]}


def test_full_apply_with_glue_registers_profile_policy_catalog_and_verifies(sandbox, heiiki):
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.3, "dbx_cluster_start_s": 0.3})
    r = heiiki("apply", "--answers", EXAMPLE, "--yes", timeout=240)
    assert r.rc == 0, r
    assert "PASS  Front end" in r.out and "PASS  Default catalog" in r.out, r
    res = summary(heiiki)
    profile = res["aws.glue.profile"]["result"]["instance_profile_arn"]
    assert res["post.glue.profile"]["origin"] == "created"
    assert res["post.glue.profile"]["result"]["instance_profile_arn"] == profile
    assert res["post.glue.policy"]["origin"] == "created"
    policy_id = res["post.glue.policy"]["result"]["policy_id"]
    for key in ("frontend", "catalog", "backend", "uc"):
        assert res["verify." + key]["state"] == "done", res.get("verify." + key)
        assert res["verify." + key]["result"]["outcome"] == "pass"
    wsd = list(sandbox.state()["dbx"]["ws"].values())
    assert len(wsd) == 1
    wsd = wsd[0]
    assert profile in wsd["instance_profiles"]
    pol = [p for p in wsd["policies"].values() if p["policy_id"] == policy_id][0]
    definition = json.loads(pol["definition"])
    assert definition[GLUE_KEY] == {"type": "fixed", "value": "true"}
    assert definition["aws_attributes.instance_profile_arn"] == {"type": "fixed", "value": profile}
    assert wsd["settings"]["default_namespace_ws"]["value"] not in ("", "hive_metastore")

    sandbox.clear_log()
    r = heiiki("apply", "--answers", EXAMPLE, "--yes", timeout=240)
    assert r.rc == 0, r
    creates = sandbox.log()["creates"]
    assert creates == [], "second apply created: %s" % creates
    assert "post-deploy checks passed before" in r.out
    assert "(done earlier)" in r.out


def test_no_verify_and_skip_verify(sandbox, heiiki, tokyo_answers):
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.3, "dbx_cluster_start_s": 0.3})
    r = heiiki("apply", "--answers", tokyo_answers, "--yes", "--no-post-checks", timeout=180)
    assert r.rc == 0, r
    assert "Post-deploy checks" not in r.out
    r = heiiki("resume", "tokyo-closed", "--skip-post-checks", "backend,uc", timeout=180)
    assert r.rc == 0, r
    assert "SKIP  Back end" in r.out and "SKIP  Unity Catalog" in r.out and "PASS  Front end" in r.out
    r = heiiki("apply", "--answers", tokyo_answers, "--yes", "--skip-post-checks", "nope")
    assert r.rc == 2 and "Unknown check" in r.err, r


def test_front_end_unreachable_fails_apply_but_keeps_everything(sandbox, heiiki, tokyo_answers):
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.3})
    r = heiiki("apply", "--answers", tokyo_answers, "--yes", "--frontend-addr",
               sandbox.env["HEIIKI_SANDBOX_PUBLIC"], timeout=180)
    assert r.rc == 1, r
    assert "FAIL  Front end" in r.out, r
    assert "Nothing was deleted" in r.err, r
    j = journal(sandbox)
    assert j["phase"] == "complete"
    acts = {a["id"]: a for a in j["actions"]}
    assert acts["verify.frontend"]["state"] == "failed"
    assert acts["dbx.workspace"]["state"] == "done"
