"""`heiiki summary` shows the states objects have now (issue 17, item 8), not
the ones recorded when heiiki made them: one describe/get per object.  When a
read fails, the recorded state is shown, marked as recorded, with when."""
import json
import re

import pytest


@pytest.fixture
def applied(sandbox, heiiki, tokyo_answers):
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
    r = heiiki("apply", "--answers", tokyo_answers, "--yes", "--quiet", "--no-post-checks")
    assert r.rc == 0, r
    return json.loads(heiiki("summary", "tokyo-closed", "--json").out)


def _res(summary):
    return {a["action"]: a for a in summary["resources"]}


def test_summary_reads_the_states_now(sandbox, heiiki, applied):
    res = _res(applied)
    assert applied["workspace"]["status"] == "RUNNING" and applied["workspace"]["status_current"]
    vpce = res["aws.vpce.workspace"]
    assert vpce["current"]["state"] == "available", vpce
    # the cloud changes on its own: the endpoint is rejected, the workspace fails
    sandbox.admin("POST", "/_sandbox/object", {"service": "ec2", "collection": "vpc_endpoints",
                                               "id": vpce["result"]["vpce_id"], "set": {"State": "rejected"}})
    sandbox.admin("POST", "/_sandbox/object", {"service": "dbx", "collection": "workspaces",
                                               "id": applied["workspace"]["workspace_id"],
                                               "set": {"workspace_status": "FAILED"}})
    sandbox.clear_log()
    now = json.loads(heiiki("summary", "tokyo-closed", "--json").out)
    assert now["workspace"]["status"] == "FAILED", now["workspace"]   # was: RUNNING (recorded)
    assert now["workspace"]["status_recorded"] == "RUNNING"
    assert _res(now)["aws.vpce.workspace"]["current"]["state"] == "rejected"
    text = heiiki("summary", "tokyo-closed").out
    assert re.search(r"Status\s+FAILED", text), text
    assert re.search(r"aws\.vpce\.workspace .*state=rejected", text), text
    assert "States read now" in text, text
    # cheap: one read per object (the workspace once, for its create and its wait rows)
    ops = [(r["service"], r["operation"]) for r in sandbox.requests()]
    reads = {}
    for o in ops:
        reads[o] = reads.get(o, 0) + 1
    n_vpces = len([a for a in res if a.startswith("aws.vpce.") and res[a]["state"] == "done"
                   and "state" in res[a]["result"]])
    assert reads.get(("ec2", "DescribeVpcEndpoints")) == 2 * n_vpces, reads   # json, then text
    n_regs = len([a for a in res if a.startswith("dbx.vpce.") and res[a]["state"] == "done"])
    assert reads.get(("dbx", "GetVpcEndpoint")) == 2 * n_regs, reads
    assert reads.get(("dbx", "GetWorkspace")) == 2, reads
    assert reads.get(("dbx", "GetNetwork")) == 2, reads


def test_a_state_that_cannot_be_read_is_shown_as_recorded(sandbox, heiiki, applied):
    vpce = _res(applied)["aws.vpce.workspace"]
    sandbox.admin("POST", "/_sandbox/faults", {"kind": "http500", "rate": 1})
    text = heiiki("summary", "tokyo-closed").out
    assert re.search(r"aws\.vpce\.workspace .*state=%s \(recorded %s\)"
                     % (vpce["result"]["state"], re.escape(vpce["done_at"])), text), text
    assert "could not be read now" in text, text
    offline = heiiki("summary", "tokyo-closed", "--recorded")
    assert offline.rc == 0 and "recorded" not in offline.out.split("\n")[1], offline.out
