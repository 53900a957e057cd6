"""On a resume, the plan line counts what is left to create (issue 17): the
actions an earlier run created or adopted are done, not "to create"."""
import json
import os
import re
import signal

from test_crash import start_stopped


def _to_create(text):
    m = re.search(r"Plan for setup \"tokyo-closed\" in [a-z0-9-]+: (\d+) to create", text)
    assert m, text
    return int(m.group(1))


def test_the_plan_line_counts_what_is_left_on_a_resume(sandbox, heiiki, tokyo_answers):
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
    total = _to_create(heiiki("plan", "--answers", tokyo_answers).out)
    proc = start_stopped(sandbox, ["apply", "--answers", tokyo_answers, "--yes", "--no-post-checks"])
    sandbox.admin("POST", "/_sandbox/crash", {"pid": proc.pid, "after_creates": 3, "when": "after_response"})
    os.kill(proc.pid, signal.SIGCONT)
    out, _ = proc.communicate(timeout=180)
    assert proc.returncode == -signal.SIGKILL
    assert _to_create(out.decode()) == total          # the first run: every create is left
    with open(os.path.join(sandbox.state_dir, "tokyo-closed.json")) as f:
        journal = json.load(f)
    plan = json.loads(heiiki("plan", "--answers", tokyo_answers, "--json").out)
    creates = {a["id"] for a in plan["actions"] if a["decision"] == "create"}
    done = [a["id"] for a in journal["actions"] if a["state"] == "done" and a["id"] in creates]
    assert done, journal["actions"]
    r = heiiki("resume", "tokyo-closed", "--yes", "--no-post-checks")
    assert r.rc == 0, r
    assert _to_create(r.out) == total - len(done), r.out[:600]     # was: total
    assert "%d of the plan's %d creates are done already" % (len(done), total) in r.out
