"""Defects the fault campaign (issue 20, item 2) found in its network and metastore profiles,
each as a test of its own."""
import os
import signal

import pytest

from test_crash import start_stopped
from test_metastore_create import create_mode_answers

APPLY = ("--yes", "--quiet", "--no-post-checks")


@pytest.mark.seed("tokyo-no-metastore")
@pytest.mark.parametrize("operation,when", [("CreateExternalLocation", "before_response"),
                                            ("CreateMetastore", "after_response")])
def test_resume_after_a_kill_in_the_metastore_chain_is_not_blocked_by_its_own_metastore(
        sandbox, heiiki, operation, when):
    """Killed in the metastore chain (metastore.mode = create): the rerun's pre-flight found the
    metastore this setup had just made and blocked on rule M1 (one metastore per region, exit 3).
    It is the setup's own: recorded in its journal, or - killed right after its create, before
    the ID was saved - the one of the name the setup creates, which the apply finds by name."""
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
    answers = create_mode_answers(sandbox)
    proc = start_stopped(sandbox, ["apply", "--answers", answers] + list(APPLY))
    sandbox.admin("POST", "/_sandbox/crash", {"pid": proc.pid, "after_creates": 1,
                                              "when": when, "operation": operation})
    os.kill(proc.pid, signal.SIGCONT)
    proc.communicate(timeout=240)
    assert proc.returncode == -signal.SIGKILL
    assert len(sandbox.state()["dbx"]["metastores"]) == 1
    r = heiiki("resume", "tokyo-closed", "--quiet", "--no-post-checks", timeout=240)
    assert r.rc == 0, r
    assert len(sandbox.state()["dbx"]["metastores"]) == 1


def _account_post(sandbox, path, body):
    """POST on the account API with the sandbox's service principal (an operator's own call)."""
    import base64
    import json
    import urllib.request
    env = sandbox.env
    base, acct = env["DATABRICKS_HOST"], env["DATABRICKS_ACCOUNT_ID"]
    basic = base64.b64encode(("%s:%s" % (env["DATABRICKS_CLIENT_ID"], env["DATABRICKS_CLIENT_SECRET"])).encode())
    req = urllib.request.Request("%s/oidc/accounts/%s/v1/token" % (base, acct),
                                 data=b"grant_type=client_credentials&scope=all-apis", method="POST",
                                 headers={"Authorization": "Basic " + basic.decode(),
                                          "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=10) as r:
        token = json.loads(r.read())["access_token"]
    req = urllib.request.Request("%s/api/2.0/accounts/%s%s" % (base, acct, path),
                                 data=json.dumps(body).encode(), method="POST",
                                 headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def test_a_conflict_with_someone_elses_object_exits_1_not_6(sandbox, heiiki, tokyo_answers):
    """D20a: an API conflict (an object of heiiki's name that is not this setup's) is a failed
    action, exit 1 as the man page says - not 6, which means the state file cannot be used."""
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
    _account_post(sandbox, "/networks", {"network_name": "tokyo-closed-network",
                                         "vpc_id": "vpc-0aaaaaaaaaaaaaaaa",
                                         "subnet_ids": ["subnet-0aaaaaaaaaaaaaaaa", "subnet-0bbbbbbbbbbbbbbbb"],
                                         "security_group_ids": ["sg-0aaaaaaaaaaaaaaaa"]})
    r = heiiki("apply", "--answers", tokyo_answers, *APPLY, timeout=240)
    assert r.rc == 1, r
    assert "already exists but differs" in r.out + r.err, r
