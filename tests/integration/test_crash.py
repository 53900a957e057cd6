"""Crash safety (issue 7): kill heiiki with SIGKILL right after every create call
in turn, resume each time, and assert the setup completes with no resource
twice in the sandbox and a complete summary.

The sandbox's crash hook kills the client after its Nth successful create.
Two chains run: "before_response" (the create happened, heiiki never saw the
reply: an intent without a result in the journal) and "after_response" (the
reply was sent, heiiki may or may not have journaled it).  Each run of a
chain dies right after the next create; the chain ends when a run completes.
The crash points are the plan's creates: the post-deploy checks (which make and
remove a test cluster and file) are left out here (--no-post-checks) and tested
in test_verify.py and test_post_deploy.py."""
import json
import os
import signal
import subprocess
import time

import pytest

from conftest import heiiki_bin
from test_apply import CREATED, check_complete

MAX_RUNS = 60


def start_stopped(sandbox, args):
    """Start heiiki stopped (SIGSTOP before exec) so the crash hook can name its pid first."""
    cmd = ["/bin/sh", "-c", 'kill -STOP $$; exec "$0" "$@"', heiiki_bin()] + list(args)
    proc = subprocess.Popen(cmd, env=sandbox.full_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=sandbox.dir)
    for _ in range(200):                      # wait until the shell has stopped itself
        with open("/proc/%d/stat" % proc.pid) as f:
            if f.read().split(") ")[1].startswith("T"):
                break
        time.sleep(0.01)
    return proc


def run_with_crash(sandbox, args, when):
    proc = start_stopped(sandbox, args)
    sandbox.admin("POST", "/_sandbox/crash", {"pid": proc.pid, "after_creates": 1, "when": when})
    os.kill(proc.pid, signal.SIGCONT)
    out, err = proc.communicate(timeout=180)
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def live_counts(state):
    """How many of each resource kind exist (not deleted) in the sandbox."""
    dbx = state["dbx"]
    eps = [e for e in state["ec2"]["vpc_endpoints"].values()
           if e.get("State", e.get("_pending_state")) not in ("deleted", "deleting")]
    by_service = {}
    for e in eps:
        by_service[e["ServiceName"]] = by_service.get(e["ServiceName"], 0) + 1
    return {
        "vpc_endpoints_per_service": by_service,
        "roles": len([r for r in state["iam"]["roles"] if r.endswith("-crossaccount")]),
        "credentials": len(dbx["credentials"]),
        "storage": len(dbx["storage"]),
        "vpce_registrations": len(dbx["vpc_endpoints"]),
        "pas": len(dbx["pas"]),
        "networks": len(dbx["networks"]),
        "workspaces": len(dbx["workspaces"]),
        "metastores": len(dbx["metastores"]),
        "assignments": len(dbx["assignments"]),
    }


def assert_no_duplicates(sandbox, services=5):
    """One of each resource (services: how many endpoint services the answers use)."""
    c = live_counts(sandbox.state())
    assert all(n == 1 for n in c["vpc_endpoints_per_service"].values()), c
    assert len(c["vpc_endpoints_per_service"]) == services, c
    for k in ("roles", "credentials", "storage", "pas", "networks", "workspaces", "metastores",
              "assignments"):
        assert c[k] == 1, (k, c)
    assert c["vpce_registrations"] == 2, c


def fresh_setup(sandbox, **answers):
    """Re-seed the sandbox and forget heiiki's state: a clean start for one crash point
    (answers: write_tokyo_answers' options, e.g. glue=True)."""
    sandbox.admin("POST", "/_sandbox/seed", {"name": "tokyo-closed"})
    # provisioning takes 0.2 s here (2 s by default): the crash points are what is tested
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
    for name in os.listdir(sandbox.state_dir):
        os.unlink(os.path.join(sandbox.state_dir, name))
    from conftest import write_tokyo_answers
    return write_tokyo_answers(sandbox, **answers)


def resume_to_end(sandbox, heiiki):
    r = heiiki("resume", "tokyo-closed", "--quiet", "--no-post-checks")
    assert r.rc == 0, r
    assert_no_duplicates(sandbox)
    check_complete(sandbox, json.loads(heiiki("summary", "tokyo-closed", "--json").out))


def test_kill_after_every_create_then_resume(sandbox, heiiki):
    """Crash point N = killed right after the Nth create call (before its reply arrives)."""
    answers = fresh_setup(sandbox)
    sandbox.clear_log()
    assert heiiki("apply", "--answers", answers, "--yes", "--quiet", "--no-post-checks").rc == 0
    total = len(sandbox.creates())
    assert total >= len(CREATED) - 1, sandbox.creates()
    tried = 0
    for n in range(1, total + 1):
        answers = fresh_setup(sandbox)
        proc = start_stopped(sandbox, ["apply", "--answers", answers, "--yes", "--quiet", "--no-post-checks"])
        sandbox.admin("POST", "/_sandbox/crash", {"pid": proc.pid, "after_creates": n,
                                                  "when": "before_response"})
        os.kill(proc.pid, signal.SIGCONT)
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == -signal.SIGKILL, (n, out[-2000:], err[-2000:])
        tried += 1
        resume_to_end(sandbox, heiiki)
    print("crash test: %d crash points tried (every create call of a full apply), "
          "each resumed to completion" % tried)
    assert tried == total


def test_crash_chain_after_response(sandbox, heiiki, tokyo_answers):
    """Every run dies right after its first create (reply sent); resume again until done."""
    args = ["apply", "--answers", tokyo_answers, "--yes", "--quiet", "--no-post-checks"]
    kills = 0
    for _ in range(MAX_RUNS):
        rc, out, err = run_with_crash(sandbox, args, "after_response")
        if rc != -signal.SIGKILL:
            assert rc == 0, "run %d ended with %d\n%s\n%s" % (kills + 1, rc, out[-3000:], err[-2000:])
            break
        kills += 1
        args = ["resume", "tokyo-closed", "--quiet", "--no-post-checks"]
    else:
        pytest.fail("never completed after %d kills" % kills)
    print("crash chain (after_response): %d kills, then completed" % kills)
    assert kills >= 1
    assert_no_duplicates(sandbox)
    check_complete(sandbox, json.loads(heiiki("summary", "tokyo-closed", "--json").out))
    for name in os.listdir(sandbox.state_dir):
        if name.endswith(".json"):
            json.load(open(os.path.join(sandbox.state_dir, name)))


def test_fault_injection_completes_without_duplicates(sandbox, heiiki, tokyo_answers):
    for kind in ("http500", "http503", "throttle", "reset"):
        sandbox.admin("POST", "/_sandbox/faults", {"kind": kind, "rate": 0.06})
    r = heiiki("apply", "--answers", tokyo_answers, "--yes", "--quiet", "--no-post-checks", timeout=300)
    faults = sum(1 for e in sandbox.requests() if e.get("fault"))
    sandbox.admin("DELETE", "/_sandbox/faults")
    total = len(sandbox.requests())
    print("fault test: %d of %d requests faulted" % (faults, total))
    assert r.rc == 0, r
    assert_no_duplicates(sandbox)
    check_complete(sandbox, json.loads(heiiki("summary", "tokyo-closed", "--json").out))


def test_sigint_leaves_a_resumable_state(sandbox, heiiki, tokyo_answers):
    """Ctrl-C while the workspace provisions: running actions finish and are journaled,
    nothing new starts, exit 4; `resume` completes without creating anything twice."""
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 4})
    proc = subprocess.Popen([heiiki_bin(), "apply", "--answers", tokyo_answers, "--yes",
                             "--no-post-checks"],
                            env=sandbox.full_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=sandbox.dir, text=True)
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if "dbx.workspace.wait" in line and line.split()[1] == "wait":
            break
    t0 = time.time()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 4, "".join(seen) + out + err
    assert time.time() - t0 < 10
    assert "resume tokyo-closed" in out + err
    state = json.load(open(os.path.join(sandbox.state_dir, "tokyo-closed.json")))
    assert state["phase"] == "applying"
    acts = {a["id"]: a for a in state["actions"]}
    assert acts["dbx.workspace"]["state"] == "done"
    assert acts["dbx.workspace.wait"]["state"] == "intent"
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
    sandbox.clear_log()
    r = heiiki("resume", "tokyo-closed", "--quiet", "--no-post-checks")
    assert r.rc == 0, r
    assert sandbox.creates() and all(c["operation"] == "CreateMetastoreAssignment"
                                     for c in sandbox.creates()), sandbox.creates()
    assert_no_duplicates(sandbox)
