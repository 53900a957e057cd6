"""Issue 17's done-when, in a real terminal (tmux), each from an EMPTY state
directory and no answers file:

- `kill -9` during the commit, then the wizard, started again, resumes the
  setup from its start screen and finishes with no duplicates in the cloud;
- a new setup given an existing setup's name asks, and both setups keep their
  answers byte for byte.

The scripted-mode twins (HEIIKI_UI_SCRIPT) are in test_ui_new_operator.py;
these drive the real binary with keys in a terminal, as an operator does."""
import json
import os
import signal
import subprocess
import time

from conftest import base_env
from sandbox_kit import WALK_TEXT, settled_screen, tmux_finish_commit, tmux_tokyo_walk
from test_ui_new_operator import _journal_state, sandbox_env  # noqa: F401 (fixture)

BUSY = WALK_TEXT["en"]["busy"]


def _wizard_pid(t, binary):
    """The wizard's process in the pane: the pane runs `sh -c "env ... heiiki;
    echo EXIT=$?"`, and env execs the binary, so it is a child of the pane's
    process whose executable is the binary."""
    pane = int(t._tmux("display-message", "-p", "-t", t.name, "#{pane_pid}").stdout.strip())
    kids = subprocess.run(["pgrep", "-P", str(pane)], capture_output=True, text=True).stdout.split()
    real = os.path.realpath(binary)
    for pid in kids:
        try:
            if os.path.realpath("/proc/%s/exe" % pid) == real:
                return int(pid)
        except OSError:
            continue
    raise AssertionError("no %s under the tmux pane (pid %d): %r" % (binary, pane, kids))


def _done(journal):
    return sorted(k for k, v in _journal_state(journal).items() if v == "done")


def _no_two_of_a_name(state):
    """Databricks: no two objects of a kind share a name (credential, storage,
    registrations, PAS, network, workspace).  Returns the kinds looked at."""
    seen = []
    for kind, objs in state["dbx"].items():
        if not isinstance(objs, dict):
            continue
        for key in {k for o in objs.values() if isinstance(o, dict) for k in o if k.endswith("_name")}:
            names = [o[key] for o in objs.values() if isinstance(o, dict) and isinstance(o.get(key), str)
                     and o[key]]
            assert len(names) == len(set(names)), (kind, key, names)
            seen.append((kind, key, len(names)))
    return seen


def test_tmux_kill_9_during_the_commit_then_the_wizard_resumes_without_duplicates(
        tmux, sandbox_env, tmp_path, wizard_bin):
    sb, env = sandbox_env
    state_dir = tmp_path / "state"
    assert not state_dir.exists() or not os.listdir(str(state_dir))   # empty, no answers file
    before = sb.admin("GET", "/_sandbox/state")
    # the workspace provisions long enough for the kill to land inside the commit
    sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": 8})
    t = tmux(env=env, width=110, height=40)
    tmux_tokyo_walk(t, sb.refs(), "en", page=False, commit_only=True)
    pid = _wizard_pid(t, wizard_bin)
    journal = state_dir / "tokyo-closed.json"
    # killed once the AWS side, the endpoint registrations, the PAS and the
    # network are done, while the workspace provisions: on resume they are the
    # setup's own objects (not E8 conflicts) and must not be made again
    end = time.time() + 90
    while time.time() < end and _journal_state(journal).get("dbx.network") != "done":
        time.sleep(0.05)
    done = _done(journal)
    assert len(done) >= 3 and "dbx.network" in done, (done, t.screen())
    assert "dbx.workspace.wait" not in done, done
    assert "The workspace is ready" not in t.screen()
    os.kill(pid, signal.SIGKILL)
    t.wait_for("EXIT=137", timeout=10)
    partial = sb.admin("GET", "/_sandbox/state")
    sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": 1})

    # started again: the start screen lists the setup; resume it at the review
    t2 = tmux(env=env, width=110, height=40)
    s = t2.wait_for("Resume tokyo-closed", timeout=30)
    rows = s.splitlines()
    at = [i for i, l in enumerate(rows) if "Resume tokyo-closed" in l][0]
    new = [i for i, l in enumerate(rows) if "Start a new setup" in l][0]
    for _ in range(at - new):
        t2.send("Down")
    t2.send("Enter")
    s = settled_screen(t2, BUSY, timeout=60, want=["Review"])
    assert "Review" in s.splitlines()[1], s
    assert "0 blocking" in s and "E8" not in s, s
    t2.send("F10")
    t2.wait_for("Create the resources?", timeout=30)
    t2.send("Enter")
    summary = tmux_finish_commit(t2, "en", page=False, timeout=120)
    assert "RUNNING" in summary, summary

    state = sb.admin("GET", "/_sandbox/state")
    # AWS: the workspace, relay, S3, STS, Kinesis, Glue endpoints; the
    # cross-account and Glue roles; the root bucket -- one of each, none twice
    new_vpce = set(state["ec2"]["vpc_endpoints"]) - set(before["ec2"]["vpc_endpoints"])
    assert len(new_vpce) == 6, sorted(new_vpce)
    # one endpoint per service (workspace and relay are different services here)
    services = [state["ec2"]["vpc_endpoints"][k]["ServiceName"] for k in new_vpce]
    assert len(set(services)) == 6, services
    assert len(set(state["iam"]["roles"]) - set(before["iam"]["roles"])) == 2, list(state["iam"]["roles"])
    assert len(set(state["s3"]["buckets"]) - set(before["s3"]["buckets"])) == 1, list(state["s3"]["buckets"])
    kinds = _no_two_of_a_name(state)
    print("done before the kill: %s; names checked: %s" % (done, kinds))
    assert len(kinds) >= 6, kinds                              # the check looked at them
    # what was made before the kill is what the setup has now (nothing remade)
    assert len(set(partial["ec2"]["vpc_endpoints"]) - set(before["ec2"]["vpc_endpoints"])) == 6
    for kind, objs in partial["dbx"].items():
        if isinstance(objs, dict):
            assert set(objs) <= set(state["dbx"].get(kind, {})), kind

    # `heiiki summary NAME --json` lists every resource the setup made
    r = subprocess.run([wizard_bin, "summary", "tokyo-closed", "--json"], capture_output=True,
                       text=True, timeout=60, env=base_env(state_dir, **env))
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["phase"] == "complete", doc
    for vid in new_vpce:
        assert vid in r.stdout, (vid, r.stdout[-3000:])
    for role in set(state["iam"]["roles"]) - set(before["iam"]["roles"]):
        assert role in r.stdout, (role, r.stdout[-3000:])
    for bucket in set(state["s3"]["buckets"]) - set(before["s3"]["buckets"]):
        assert bucket in r.stdout, (bucket, r.stdout[-3000:])


def _quit(t):
    """^C: the wizard saves the setup and ends (it asks first when a field has
    unsaved text)."""
    t.send("C-c")
    end = time.time() + 20
    while time.time() < end:
        s = t.screen()
        if "Quit heiiki?" in s:
            t.send("Enter")
        elif "EXIT=" in s:
            break
        time.sleep(0.1)
    assert "EXIT=0" in t.screen(), t.screen()


def test_tmux_a_taken_name_asks_and_both_setups_keep_their_answers(tmux, sandbox_env, tmp_path):
    sb, env = sandbox_env
    state_dir = tmp_path / "state"
    assert not state_dir.exists() or not os.listdir(str(state_dir))   # empty, no answers file
    step = WALK_TEXT["en"]["step"]
    # the first setup: its account and network answered, then quit (saved)
    t = tmux(env=env, width=110, height=40)
    settled_screen(t, BUSY, want=["Start a new setup"])
    t.send("Enter")
    settled_screen(t, BUSY, want=[step % 2, "Setup name"])
    t.type("tokyo-closed")
    t.send("F10")
    settled_screen(t, BUSY, timeout=60, want=[step % 3, sb.refs()["vpc"][:16]])
    t.send("F10")
    settled_screen(t, BUSY, timeout=60, want=[step % 4])
    _quit(t)
    first = state_dir / "tokyo-closed.answers"
    before = first.read_bytes()
    assert b"name = tokyo-closed" in before
    assert b"vpc_id = " + sb.refs()["vpc"].encode() in before

    # a new setup given the same name: the wizard asks (open it, or another name)
    t2 = tmux(env=env, width=110, height=40)
    settled_screen(t2, BUSY, want=["Start a new setup", "tokyo-closed"])
    t2.send("Enter")
    settled_screen(t2, BUSY, want=[step % 2, "Setup name"])
    t2.type("tokyo-closed")
    t2.send("F10")
    asked = settled_screen(t2, BUSY, want=["already exists"])
    assert "Open it" in asked, asked
    assert first.read_bytes() == before
    t2.send("Tab")                                             # "Choose another name"
    t2.send("Enter")
    settled_screen(t2, BUSY, want=[step % 2, "Setup name"])
    t2.send("C-u")
    t2.type("tokyo-two")
    t2.send("F10")
    settled_screen(t2, BUSY, timeout=60, want=[step % 3, sb.refs()["vpc"][:16]])
    t2.send("F10")                                             # a step answered
    settled_screen(t2, BUSY, timeout=60, want=[step % 4])
    _quit(t2)

    assert first.read_bytes() == before                       # the first: byte for byte
    second = (state_dir / "tokyo-two.answers").read_bytes()
    assert b"\nname = tokyo-two\n" in second and b"\nname = tokyo-closed\n" not in second, second
    assert b"vpc_id = " + sb.refs()["vpc"].encode() in second, second
    # its derived names follow its own name: not the first setup's role, bucket,
    # network or registrations (they would collide in the cloud)
    assert b"tokyo-closed" not in second, second
    assert b"bucket = tokyo-two-root" in second, second
    assert sorted(p for p in os.listdir(str(state_dir)) if p.endswith(".answers")) == [
        "tokyo-closed.answers", "tokyo-two.answers"]
