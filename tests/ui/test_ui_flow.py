"""The whole wizard against the bundled sandbox: the Tokyo closed network to
a RUNNING workspace and its summary; a broken seed blocks on the right step;
pickers list the sandbox's VPC and subnets."""
import os

import pytest

from sandbox_kit import Sandbox, save_setup, tokyo_answers

# Resume the saved setup, Continue through the nine answer steps (each runs
# its live checks first), dump the review, confirm, then on to the summary.
THROUGH_ANSWERS = "<Down><Enter>" + "<F10>" * 9


@pytest.fixture
def sandbox_for(tmp_path):
    made = []

    def start(seed):
        sb = Sandbox(tmp_path, seed)
        made.append(sb)
        sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": 1, "vpce_delay_s": 1,
                                              "dbx_cluster_start_s": 0.3})
        return sb

    yield start
    for sb in made:
        sb.stop()


def prepared(scripted, sb, name="tokyo-ui"):
    answers = tokyo_answers(sb.refs(), sb.env["DATABRICKS_ACCOUNT_ID"], name=name)
    save_setup(scripted.state_dir, answers, name=name)
    env = dict(sb.env)
    env["HEIIKI_SANDBOX_DIR"] = sb.dir
    # the post-deploy checks reach the workspace through the sandbox's
    # front-end listener, over TLS with the sandbox's CA
    env["HEIIKI_CA_BUNDLE"] = sb.env["HEIIKI_SANDBOX_CA"]
    env["HEIIKI_FRONTEND_ADDR"] = sb.env["HEIIKI_SANDBOX_FRONTEND"]
    return env


def test_tokyo_closed_to_running_and_summary(scripted, sandbox_for):
    sb = sandbox_for("tokyo-closed")
    env = prepared(scripted, sb)
    keys = THROUGH_ANSWERS + "<dump><F10><Enter><dump><F10><dump><F10><dump><F10><dump><F10>"
    p, screens = scripted.run(keys, timeout=240, **env)
    assert p.returncode == 0, p.stderr
    review, commit, access, verify, summary = screens[:5]
    assert "Review" in review.splitlines()[1]
    assert "0 blocking" in review
    assert "to create" in review
    # every action row ended well, the workspace's status shows, Continue worked
    assert "Commit" in commit.splitlines()[1]
    assert "\u2717" not in commit, commit
    assert "RUNNING" in commit                              # the workspace's status message
    assert "The workspace is ready" in commit
    assert "Hosts and DNS" in access.splitlines()[1]
    assert ".cloud.databricks.com" in access and "/etc/hosts" in access
    assert "Post-deploy checks" in verify.splitlines()[1]
    assert "Every post-deploy check passed" in verify, verify
    assert "Summary" in summary.splitlines()[1]
    assert "RUNNING" in summary and "vpce-" in summary
    assert "is complete" in p.stdout


def test_q_during_post_deploy_checks_removes_the_test_cluster(scripted, sandbox_for):
    """q while the back-end check waits for its cluster: the wizard removes the
    cluster it started before it leaves, and the setup stays resumable."""
    sb = sandbox_for("tokyo-closed")
    sb.admin("POST", "/_sandbox/config", {"dbx_cluster_start_s": 600})
    env = prepared(scripted, sb)
    keys = THROUGH_ANSWERS + "<F10><Enter><F10><F10><until:waiting for RUNNING>q"
    p, screens = scripted.run(keys, timeout=180, **env)
    state = sb.admin("GET", "/_sandbox/state")
    wsds = list(state["dbx"].get("ws", {}).values())
    assert wsds, "no workspace was made"
    clusters = wsds[0].get("clusters", {})
    assert all(c["state"] in ("TERMINATING", "TERMINATED") for c in clusters.values()), clusters
    ops = [r.get("operation", "") for r in sb.admin("GET", "/_sandbox/log").get("requests", [])]
    assert ops.count("CreateCluster") == 1 and "PermanentDeleteCluster" in ops, ops
    assert "resume" in (p.stdout + p.stderr).lower(), (p.stdout, p.stderr)
    assert p.returncode == 4, p.returncode       # interrupted, as the man page says


def test_restricted_policy_names_the_callers_account(scripted, sandbox_for):
    """The restricted cross-account policy scopes EC2 to this account: the wizard's
    commit asks STS for it, as the headless apply does, before creating the role."""
    sb = sandbox_for("tokyo-closed")
    env = prepared(scripted, sb)
    answers = tokyo_answers(sb.refs(), sb.env["DATABRICKS_ACCOUNT_ID"])
    save_setup(scripted.state_dir, answers.replace("[credential]\nmode = create\n",
                                                   "[credential]\nmode = create\nrestricted = true\n"))
    p, screens = scripted.run(THROUGH_ANSWERS + "<F10><Enter><dump>", timeout=240, **env)
    commit = screens[0]
    assert "Commit" in commit.splitlines()[1]
    assert "\u2717" not in commit, commit
    assert "The workspace is ready" in commit, commit
    state = sb.admin("GET", "/_sandbox/state")
    docs = [doc for role in state["iam"]["roles"].values() for doc in role["_inline"].values()]
    # the sandbox's credentials belong to its default account (sbx/identity.py)
    assert any(":ec2:ap-northeast-1:123456789012:vpc/" + sb.refs()["vpc"] in d for d in docs), docs


def test_broken_seed_blocks_on_the_network_step(scripted, sandbox_for):
    sb = sandbox_for("broken-one-az")
    env = prepared(scripted, sb, name="one-az")
    # account continues; network (the step after it) must stop with the AZ rule
    keys = "<Down><Enter>" + "<F10>" + "<dump><F10><dump>"
    p, screens = scripted.run(keys, timeout=120, **env)
    net, again = screens[:2]
    assert "Network configuration" in net.splitlines()[1]
    assert "Network configuration" in again.splitlines()[1]   # did not move on
    assert "\u2717" in again
    assert "availability zone" in again.lower() or "same az" in again.lower()
    assert "blocked" in again
    # the finding (rule N2) sits under the answer it is about, marked there
    lines = again.splitlines()
    at = [i for i, l in enumerate(lines) if l.strip().startswith("Cluster subnets")][0]
    assert lines[at].rstrip().endswith("\u2717"), lines[at]
    assert "\u2717" in lines[at + 1] and "availability zone" in lines[at + 1] + lines[at + 2]


def test_pickers_list_the_sandbox(scripted, sandbox_for):
    sb = sandbox_for("tokyo-closed")
    env = prepared(scripted, sb)
    refs = sb.refs()
    # to the network step, focus the VPC field, open the list; then the subnets
    keys = "<Down><Enter>" + "<F10>" + "<Tab><F4><dump><Esc><Tab><F4><dump><Esc>"
    p, screens = scripted.run(keys, timeout=120, **env)
    vpcs, subnets = screens[:2]
    assert refs["vpc"] in vpcs and "Closed VPC" in vpcs
    assert refs["priv1"] in subnets and refs["pub1"] in subnets
    line = [l for l in subnets.splitlines() if refs["priv1"] in l][0]
    assert "ap-northeast-1a" in line and "125 nodes" in line and "private" in line
    line = [l for l in subnets.splitlines() if refs["pub1"] in l][0]
    assert "public" in line


def _aws(sb, service):
    import botocore.config
    import botocore.session
    return botocore.session.get_session().create_client(
        service, region_name="us-east-1" if service == "iam" else "ap-northeast-1",
        endpoint_url=sb.url,
        aws_access_key_id=sb.env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=sb.env["AWS_SECRET_ACCESS_KEY"],
        config=botocore.config.Config(s3={"addressing_style": "path"}, retries={"max_attempts": 0}))


def test_role_and_bucket_pickers(scripted, sandbox_for):
    """F4 on the role field lists the account's roles, those trusting Databricks
    first; on the bucket field, the account's buckets."""
    import json
    sb = sandbox_for("tokyo-closed")
    iam = _aws(sb, "iam")
    trust_dbx = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::414351767826:root"},
        "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": sb.env["DATABRICKS_ACCOUNT_ID"]}}}]}
    trust_ec2 = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName="aaa-ops-readonly", AssumeRolePolicyDocument=json.dumps(trust_ec2))
    iam.create_role(RoleName="zzz-databricks-cross", AssumeRolePolicyDocument=json.dumps(trust_dbx))
    s3 = _aws(sb, "s3")
    for b in ("tokyo-existing-root", "tokyo-logs"):
        s3.create_bucket(Bucket=b, CreateBucketConfiguration={"LocationConstraint": "ap-northeast-1"})
    env = prepared(scripted, sb)
    answers = tokyo_answers(sb.refs(), sb.env["DATABRICKS_ACCOUNT_ID"])
    answers = answers.replace("[credential]\nmode = create\n", "[credential]\nmode = existing\n"
                              "role_arn = arn:aws:iam::123456789012:role/zzz-databricks-cross\n")
    answers = answers.replace("[storage]\nmode = create\n", "[storage]\nmode = existing\n")
    # resume on the credential step: the role field is the second; then on the storage step
    save_setup(scripted.state_dir, answers, step="credential", done="start,account,")
    p, screens = scripted.run("<Down><Enter><Tab><F4><dump><Esc>", timeout=120, **env)
    save_setup(scripted.state_dir, answers, step="storage", done="start,account,credential,")
    p2, screens2 = scripted.run("<Down><Enter><Tab><F4><dump><Esc>", timeout=120, **env)
    screens = screens[:1] + screens2[:1]
    roles, buckets = screens[:2]
    lines = roles.splitlines()
    dbx = [i for i, l in enumerate(lines) if "zzz-databricks-cross" in l]
    other = [i for i, l in enumerate(lines) if "aaa-ops-readonly" in l]
    assert dbx and other, roles
    assert "trusts Databricks" in lines[dbx[0]]
    assert dbx[0] < other[0]                     # trusting Databricks first
    assert "tokyo-existing-root" in buckets and "tokyo-logs" in buckets, buckets


def test_picker_filters_a_long_list(scripted, sandbox_for):
    """An account with more roles than fit on the screen (the list once stopped
    at 64): every role is listed, typing narrows the list, Backspace widens it,
    Enter puts the one left into the field."""
    import json
    sb = sandbox_for("tokyo-closed")
    iam = _aws(sb, "iam")
    trust = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    for i in range(90):
        iam.create_role(RoleName="team-%03d" % i, AssumeRolePolicyDocument=json.dumps(trust))
    env = prepared(scripted, sb)
    answers = tokyo_answers(sb.refs(), sb.env["DATABRICKS_ACCOUNT_ID"])
    answers = answers.replace("[credential]\nmode = create\n", "[credential]\nmode = existing\n"
                              "role_arn = arn:aws:iam::123456789012:role/team-000\n")
    save_setup(scripted.state_dir, answers, step="credential", done="start,account,")
    p, screens = scripted.run("<Down><Enter><Tab><F4><dump>team-08<dump><BS>88<dump><Enter><dump>",
                              timeout=120, **env)
    full, narrowed, one, field = screens[:4]
    assert "type to filter" in full and "team-000" in full, full
    assert "90: type to filter" in full, full                   # all 90, not the first 64
    assert 'filter "team-08": 10 of 90' in narrowed, narrowed
    assert "team-080" in narrowed and "team-089" in narrowed and "team-000" not in narrowed, narrowed
    assert 'filter "team-088": 1 of 90' in one and "team-088" in one and "team-080" not in one, one
    assert "role/team-088" in field and "type to filter" not in field, field


def test_live_check_does_not_freeze_the_screen(scripted, sandbox_for, tmux):
    """With 700 ms of latency on every call, Continue shows "checking…" and
    F1 opens the help while the checks are still running."""
    sb = sandbox_for("tokyo-closed")
    env = prepared(scripted, sb)
    sb.admin("POST", "/_sandbox/latency", {"fixed_ms": 700, "jitter_ms": 0})
    t = tmux(env=env)
    t.wait_for("Resume")
    t.send("Down")
    t.send("Enter")
    t.wait_for("Setup name")
    t.send("F10")
    t.wait_for("checking")
    t.send("F1")
    s = t.wait_for("Keys:", timeout=0.6)       # well before the checks can finish
    assert "Account and identity" in s
    t.send("Escape")
    t.wait_for("Network configuration", timeout=30)   # then Continue goes on by itself


def test_bucket_policy_preview_and_save(scripted, sandbox_for, tmp_path):
    sb = sandbox_for("tokyo-closed")
    env = prepared(scripted, sb)
    out = tmp_path / "policy.json"
    # account, network, credential continue; on storage: F3 preview, scroll, close, F6 save
    keys = ("<Down><Enter><F10><F10><F10><F3><dump><PgDn><Esc><F6><C-u>%s<Enter><dump><F1><Esc><dump>"
            % out)
    p, screens = scripted.run(keys, timeout=120, **env)
    preview, saved, after_help = screens[:3]
    assert "Bucket policy" in preview
    assert "arn:aws:s3:::tokyo-ui-root" in preview
    assert "DatabricksAccountId" in preview
    assert "The bucket policy was saved to /tmp" in saved
    text = out.read_text()
    assert "tokyo-ui-root" in text and sb.env["DATABRICKS_ACCOUNT_ID"] in text
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    assert "Storage configuration" in after_help.splitlines()[1]


def test_review_text_survives_help(scripted, sandbox_for):
    sb = sandbox_for("tokyo-closed")
    env = prepared(scripted, sb)
    keys = THROUGH_ANSWERS + "<dump><F1><Esc><dump>"
    p, screens = scripted.run(keys, timeout=120, **env)
    assert "to create" in screens[0]
    assert "to create" in screens[1] and "Keys:" not in screens[1]


def test_review_shows_the_unity_catalog_role_policies(scripted, sandbox_for):
    """metastore.mode = create (issue 16 F2): the review prints the Unity Catalog role's trust and
    permission policies in full before the commit (paged with PgDn)."""
    sb = sandbox_for("tokyo-no-metastore")
    env = prepared(scripted, sb)
    path = os.path.join(str(scripted.state_dir), "tokyo-ui.answers")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = text.replace("mode = existing\n\n[workspace]",
                        "mode = create\nname = tokyo-ui-metastore\nbucket = tokyo-ui-uc\n"
                        "role_arn = arn:aws:iam::123456789012:role/tokyo-ui-uc\n\n[workspace]")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    keys = THROUGH_ANSWERS + "<dump>" + "<PgDn><dump>" * 12
    p, screens = scripted.run(keys, timeout=120, **env)
    seen = "\n".join(screens)
    assert "to create" in screens[0]
    assert "UnityCatalogAssumeRole" in seen and "ExplicitSelfRoleAssumption" in seen, seen[-3000:]
    assert "arn:aws:s3:::tokyo-ui-uc/*" in seen
    assert "<external ID of storage credential tokyo-ui-uc-credential>" in seen


@pytest.mark.parametrize("how", ["--ca-bundle", "HEIIKI_CA_BUNDLE", "AWS_CA_BUNDLE"])
def test_live_checks_trust_the_ca_bundle(scripted, sandbox_for, how):
    """D18b: the wizard's live checks reach a Databricks host over TLS with the CA given by
    --ca-bundle, HEIIKI_CA_BUNDLE or AWS_CA_BUNDLE (as its commit and the headless commands do)."""
    sb = sandbox_for("tokyo-closed")
    env = prepared(scripted, sb)
    env["DATABRICKS_HOST"] = "https://%s" % sb.env["HEIIKI_SANDBOX_FRONTEND"]
    env["HEIIKI_CA_BUNDLE"] = env["AWS_CA_BUNDLE"] = ""
    args = ()
    if how == "--ca-bundle":
        args = ("--ca-bundle", sb.env["HEIIKI_SANDBOX_CA"])
    else:
        env[how] = sb.env["HEIIKI_SANDBOX_CA"]
    sb.admin("DELETE", "/_sandbox/log")
    p, screens = scripted.run("<Down><Enter><F10><dump>", args=args, timeout=120, **env)
    text = "".join(screens) + p.stdout + p.stderr
    assert "could not be verified" not in text, text
    ops = [r.get("operation", "") for r in sb.admin("GET", "/_sandbox/log").get("requests", [])]
    assert "OAuthToken" in ops, (ops, text)
