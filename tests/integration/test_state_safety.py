"""Nothing lost, nothing leaked - the state file's side (issue 20: D1-D3, D7, D12, D17, D19, D20).

One lock discipline for every command that writes a setup's state: lock, THEN read, then
write; a command that cannot get the lock names who holds it.  The state directory and file
are trusted only as ssh's StrictModes trusts ~/.ssh.  Nothing at the state path can make
heiiki hang (a FIFO) or follow a link.  Exit codes are the man page's, the same for every
command."""
import json
import os
import re
import signal
import stat
import subprocess
import time

import pytest

from conftest import ROOT, heiiki_bin, write_tokyo_answers
from test_apply import check_complete
from test_crash import start_stopped

NAME = "tokyo-closed"


def state_path(sandbox, name=NAME):
    return os.path.join(sandbox.state_dir, name + ".json")


def load_state(sandbox, name=NAME):
    with open(state_path(sandbox, name), encoding="utf-8") as f:
        return json.load(f)


def applied(sandbox, heiiki, answers=None):
    """A complete setup (no post-deploy checks), quickly."""
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2, "dbx_cluster_start_s": 0.3})
    answers = answers or write_tokyo_answers(sandbox)
    r = heiiki("apply", "--answers", answers, "--yes", "--quiet", "--no-post-checks", timeout=180)
    assert r.rc == 0, r
    return answers


def workspaces(sandbox):
    return dict(sandbox.state()["dbx"].get("workspaces") or {})


def popen(sandbox, *args):
    return subprocess.Popen([heiiki_bin()] + list(args), env=sandbox.full_env(), cwd=sandbox.dir,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(what, pred, timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if pred():
            return
        time.sleep(0.05)
    pytest.fail("timed out waiting for " + what)


# --- D1: verify holds the lock; a destroy meanwhile is refused, not undone -----------------

def test_verify_racing_destroy_never_leaves_a_stale_state(sandbox, heiiki):
    applied(sandbox, heiiki)
    sandbox.admin("POST", "/_sandbox/config", {"dbx_cluster_start_s": 4})
    v = popen(sandbox, "verify", NAME)

    def pending_cluster():
        wsds = list(sandbox.state()["dbx"].get("ws", {}).values())
        return wsds and any(c["state"] == "PENDING" for c in wsds[0].get("clusters", {}).values())

    wait_for("the back-end check's cluster", pending_cluster)
    d = heiiki("destroy", NAME, "--yes")
    out, err = v.communicate(timeout=120)
    # the state file agrees with the cloud: it says destroyed exactly when nothing is left
    phase = load_state(sandbox)["phase"]
    assert (phase == "destroyed") == (not workspaces(sandbox)), (phase, d, out, err)
    # the destroy was refused, naming the verify that held the setup
    assert d.rc == 6, d
    assert "heiiki verify, process %d on " % v.pid in d.err, d.err
    assert "Wait for it to finish" in d.err
    assert v.returncode == 0, (out, err)
    # afterwards the destroy runs, and its record stays
    d2 = heiiki("destroy", NAME, "--yes")
    assert d2.rc == 0, d2
    assert load_state(sandbox)["phase"] == "destroyed"
    assert not workspaces(sandbox)


# --- D2: the wizard retries its commit after a lock failure with what is there NOW ---------

def test_wizard_commit_retry_rereads_the_state(sandbox, tmp_path):
    """The probe's wiztest: the wizard's commit finds the setup locked (here by the test, as a
    headless apply would hold it); while it waits, a headless apply creates everything; then
    F10 retries.  The retry must work from the state the headless run left - every resource
    stays "created" (destroy removes it) - not from what the wizard read before, which made
    them all "adopted" and left them behind on destroy."""
    import fcntl
    from sbx_util import example_answers
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
    state = tmp_path / "state"
    state.mkdir(mode=0o700)
    ini = example_answers(sandbox)
    # the wizard's saved-setup reader takes one line per answer (see test_security.py)
    answers = re.sub(r",\n[ \t]+", ", ", open(ini, encoding="utf-8").read())
    saved = state / (NAME + ".answers")
    saved.write_text("# heiiki-ui: step=account done=start,\n" + answers)
    os.chmod(saved, 0o600)
    lock_fd = os.open(str(state / (NAME + ".json.lock")), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(lock_fd, fcntl.LOCK_EX)
    # resume the saved setup; Continue through every step, the review and its confirmation
    # (the commit, refused); after the wait, F10 retries it
    keys = ("<Down><Enter>" + "<F10>" * 11 + "<until:Another heiiki><dump><sleep:2000><F10>"
            "<until:Done:><dump>")
    (tmp_path / "keys").write_text(keys)
    dump = tmp_path / "screens.txt"
    env = sandbox.full_env(HEIIKI_STATE_DIR=str(state), HEIIKI_UI_SCRIPT=str(tmp_path / "keys"),
                           HEIIKI_UI_DUMP=str(dump), HEIIKI_ASSETS=os.path.join(ROOT, "assets"),
                           LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="xterm-256color")
    wiz = subprocess.Popen([heiiki_bin()], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           stdin=subprocess.DEVNULL, cwd=str(tmp_path))
    try:
        wait_for("the wizard's refused commit",
                 lambda: dump.exists() and "Another heiiki" in dump.read_text(errors="replace"),
                 timeout=180)
        os.kill(wiz.pid, signal.SIGSTOP)     # it waits (its <sleep> ends when it goes on)
        os.close(lock_fd)
        lock_fd = -1
        r = subprocess.run([heiiki_bin(), "apply", "--answers", ini, "--yes", "--quiet",
                            "--no-post-checks"], env=sandbox.full_env(HEIIKI_STATE_DIR=str(state)),
                           capture_output=True, text=True, cwd=str(tmp_path), timeout=180)
        assert r.returncode == 0, r.stderr[-2000:]
        headless = {a["id"]: a.get("origin") for a in
                    json.load(open(str(state / (NAME + ".json"))))["actions"]}
        os.kill(wiz.pid, signal.SIGCONT)
        wiz.communicate(timeout=180)
    finally:
        if lock_fd >= 0:
            os.close(lock_fd)
        if wiz.poll() is None:
            os.kill(wiz.pid, signal.SIGCONT)
            wiz.kill()
            wiz.wait()
    screens = dump.read_text(errors="replace")
    assert "Done:" in screens, screens[-3000:]
    after = {a["id"]: a.get("origin") for a in
             json.load(open(str(state / (NAME + ".json"))))["actions"]}
    assert headless["dbx.workspace"] == "created"
    changed = {k: (headless.get(k), v) for k, v in after.items() if headless.get(k) != v}
    assert changed == {}, "the wizard's retry relabelled what the headless run made: %s" % changed
    assert "Done: 0 created, 0 adopted" in screens, screens[-3000:]


# --- D3: two commands at once: the second names the first and reads nothing stale ----------

def test_second_apply_names_the_holder(sandbox, heiiki):
    answers = write_tokyo_answers(sandbox)
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 3})
    a = popen(sandbox, "apply", "--answers", answers, "--yes", "--quiet", "--no-post-checks")
    wait_for("the first apply's workspace", lambda: workspaces(sandbox))
    b = heiiki("apply", "--answers", answers, "--yes", "--quiet", "--no-post-checks")
    out, err = a.communicate(timeout=180)
    assert a.returncode == 0, (out, err)
    assert b.rc == 6, b
    assert re.search(r'Another heiiki is working on setup "tokyo-closed" right now: heiiki apply, '
                     r'process %d on \S+, since 20\d\d-' % a.pid, b.err), b.err
    check_complete(sandbox, json.loads(heiiki("summary", NAME, "--json").out))


def test_a_run_held_before_its_lock_cannot_overwrite_the_state(sandbox, heiiki):
    """The probe's conc3: run B is held (its --trace is a FIFO no one reads) right after it
    started; run A completes meanwhile; then B goes on.  B must not save what it read before A
    finished - it locks before it reads, and refuses a FIFO as its trace."""
    answers = write_tokyo_answers(sandbox)
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
    fifo = os.path.join(sandbox.dir, "trace.fifo")
    os.mkfifo(fifo, 0o600)
    b = popen(sandbox, "--trace", fifo, "apply", "--answers", answers, "--yes", "--quiet",
              "--no-post-checks")

    def held_or_gone():
        if b.poll() is not None:
            return True
        try:
            with open("/proc/%d/wchan" % b.pid) as f:
                wchan = f.read()
            return "fifo" in wchan or "partner" in wchan
        except OSError:
            return True

    wait_for("run B to block on its trace", held_or_gone, timeout=20)
    a = heiiki("apply", "--answers", answers, "--yes", "--quiet", "--no-post-checks", timeout=180)
    assert a.rc == 0, a
    # let B go on (old heiiki blocked in open(); a reader unblocks it)
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        out, err = b.communicate(timeout=120)
    finally:
        os.close(fd)
    check_complete(sandbox, json.loads(heiiki("summary", NAME, "--json").out))
    assert b.returncode != 0 and "not a regular file" in err, (b.returncode, out, err)


# --- D7: StrictModes for the state directory and file --------------------------------------

COMMANDS = [("summary", NAME), ("resume", NAME), ("plan", NAME), ("destroy", NAME, "--yes"),
            ("verify", NAME)]


def test_world_writable_state_dir_is_refused_by_every_command(sandbox, heiiki):
    answers = applied(sandbox, heiiki)
    before = open(state_path(sandbox), "rb").read()
    os.chmod(sandbox.state_dir, 0o777)
    try:
        for args in COMMANDS + [("apply", "--answers", answers, "--yes"), ("resume",),
                                ("plan", "--answers", answers)]:
            r = heiiki(*args, timeout=30)
            assert r.rc == 6, (args, r)
            assert "can be written by other users (mode 0777)" in r.err, (args, r.err)
            assert "chmod 700 %s" % sandbox.state_dir in r.err, (args, r.err)
    finally:
        os.chmod(sandbox.state_dir, 0o700)
    assert open(state_path(sandbox), "rb").read() == before
    assert len(workspaces(sandbox)) == 1


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_state_file_of_another_user_is_not_trusted_by_destroy(sandbox, heiiki):
    """The probe's D7 demonstration: another user's state file names a VPC endpoint heiiki never
    made; destroy must refuse it, not delete the endpoint."""
    applied(sandbox, heiiki)
    path = state_path(sandbox)
    os.chown(path, 65534, 65534)
    vpces = set(sandbox.state()["ec2"]["vpc_endpoints"])
    r = heiiki("destroy", NAME, "--yes")
    assert r.rc == 6, r
    assert "belongs to user 65534" in r.err and "chown" in r.err, r.err
    assert set(sandbox.state()["ec2"]["vpc_endpoints"]) == vpces
    assert len(workspaces(sandbox)) == 1


# --- D12: a FIFO (or a directory) at the state path never hangs, and exits 6 ---------------

def test_fifo_in_the_state_dir_does_not_hang(sandbox, heiiki):
    os.mkfifo(state_path(sandbox, "piped"), 0o600)
    for args in [("summary", "piped"), ("resume", "piped"), ("plan", "piped"),
                 ("destroy", "piped", "--yes"), ("verify", "piped")]:
        r = heiiki(*args, timeout=20)          # old heiiki: TimeoutExpired
        assert r.rc == 6, (args, r)
        assert "not a regular file but a named pipe (FIFO)" in r.err, (args, r.err)
    r = heiiki("resume", timeout=20)           # the listing names it and goes on
    assert r.rc == 0, r
    assert re.search(r"piped\s+unreadable\s+.*not a regular file", r.out), r.out


def test_unusable_or_missing_state_exits_the_same_for_every_command(sandbox, heiiki):
    """D20b: a directory at the state path is 6 for every command; a name with no saved setup
    is 7 for every command (issue 17: it has its own code)."""
    os.mkdir(state_path(sandbox, "adir"), 0o700)
    answers = write_tokyo_answers(sandbox, name="adir")
    for args in [("summary", "adir"), ("resume", "adir"), ("plan", "adir"),
                 ("destroy", "adir", "--yes"), ("verify", "adir"),
                 ("apply", "--answers", answers, "--yes"), ("plan", "--answers", answers)]:
        r = heiiki(*args, timeout=30)
        assert r.rc == 6, (args, r)
        assert "not a regular file but a directory" in r.err, (args, r.err)
    for args in [("summary", "nosuch"), ("resume", "nosuch"), ("plan", "nosuch"),
                 ("destroy", "nosuch", "--yes"), ("verify", "nosuch")]:
        r = heiiki(*args, timeout=30)
        assert r.rc == 7, (args, r)
        assert 'There is no saved setup named "nosuch"' in r.err, (args, r.err)
    assert not os.path.exists(state_path(sandbox, "nosuch") + ".lock")


# --- D17: --trace FILE is heiiki's own, mode 0600 ------------------------------------------

def test_trace_file_is_0600_and_never_someone_elses(sandbox, heiiki):
    answers = write_tokyo_answers(sandbox)
    trace = os.path.join(sandbox.dir, "t.trace")
    with open(trace, "w") as f:
        f.write("old content\n")
    os.chmod(trace, 0o666)
    r = heiiki("--trace", trace, "check", "--answers", answers)
    assert stat.S_IMODE(os.lstat(trace).st_mode) == 0o600, oct(os.lstat(trace).st_mode)
    assert "old content" not in open(trace).read()
    assert "> POST" in open(trace).read() or "> GET" in open(trace).read(), r
    # a new one is made 0600 whatever the umask
    fresh = os.path.join(sandbox.dir, "new.trace")
    r = heiiki("--trace", fresh, "check", "--answers", answers)
    assert stat.S_IMODE(os.lstat(fresh).st_mode) == 0o600
    # a link is not followed, and its target keeps its bytes and mode
    target = os.path.join(sandbox.dir, "victim")
    with open(target, "w") as f:
        f.write("keep me\n")
    os.chmod(target, 0o644)
    link = os.path.join(sandbox.dir, "link.trace")
    os.symlink(target, link)
    r = heiiki("--trace", link, "check", "--answers", answers)
    assert r.rc != 0 and "symbolic link" in r.err, r
    assert open(target).read() == "keep me\n" and stat.S_IMODE(os.stat(target).st_mode) == 0o644
    if os.geteuid() == 0:
        other = os.path.join(sandbox.dir, "other.trace")
        with open(other, "w") as f:
            f.write("theirs\n")
        os.chown(other, 65534, 65534)
        r = heiiki("--trace", other, "check", "--answers", answers)
        assert r.rc != 0 and "belongs to user 65534" in r.err, r
        assert open(other).read() == "theirs\n"


# --- D19: damaged saved answers; verify's own results unsaved ------------------------------

def test_damaged_saved_answers_message_is_clean(sandbox, heiiki):
    applied(sandbox, heiiki)
    doc = load_state(sandbox)
    doc["answers"]["account"]["region"] = "tokyo"
    with open(state_path(sandbox), "w", encoding="utf-8") as f:
        json.dump(doc, f)
    os.chmod(state_path(sandbox), 0o600)
    for args in [("resume", NAME), ("verify", NAME), ("destroy", NAME, "--yes")]:
        r = heiiki(*args, timeout=30)
        assert r.rc == 6, (args, r)
        assert r.err.count('The answers saved for setup "tokyo-closed" cannot be read:') == 1, r.err
        assert "cannot be read: The answers" not in r.err and "cannot be read:  " not in r.err, r.err
        assert "Success." not in r.err, (args, r.err)


def test_verify_exits_non_zero_when_its_results_cannot_be_saved(sandbox, heiiki):
    applied(sandbox, heiiki)
    proc = start_stopped(sandbox, ["verify", NAME, "--skip", "frontend,catalog,backend,uc"])
    # the save's temp file name is taken (a directory): the save fails, the old file stays
    os.mkdir(state_path(sandbox) + ".tmp.%d" % proc.pid)
    before = open(state_path(sandbox), "rb").read()
    os.kill(proc.pid, signal.SIGCONT)
    out, err = proc.communicate(timeout=120)
    out, err = out.decode(), err.decode()
    assert proc.returncode == 6, (proc.returncode, out, err)
    assert "the check results could not be saved" in err, err
    assert "Success." not in err
    assert open(state_path(sandbox), "rb").read() == before


# --- D20c: a closed pipe on stdout does not kill the run ------------------------------------

def test_closed_stdout_pipe_does_not_kill_apply(sandbox):
    answers = write_tokyo_answers(sandbox)
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
    rfd, wfd = os.pipe()
    os.close(rfd)                                   # `| tee log` with tee gone
    try:
        p = subprocess.run([heiiki_bin(), "apply", "--answers", answers, "--yes",
                            "--no-post-checks"], env=sandbox.full_env(), cwd=sandbox.dir,
                           stdout=wfd, stderr=subprocess.PIPE, text=True, timeout=180)
    finally:
        os.close(wfd)
    assert p.returncode == 0, (p.returncode, p.stderr[-2000:])      # old heiiki: -SIGPIPE (141)
    assert "the output could not be written" in p.stderr, p.stderr
    doc = load_state(sandbox)
    assert doc["phase"] == "complete"
    assert {a["id"]: a for a in doc["actions"]}["dbx.workspace"]["origin"] == "created"


# --- exit codes: one table, the man page's ---------------------------------------------------

def test_exit_codes_in_help_match_the_man_page():
    helptext = subprocess.run([heiiki_bin(), "--help"], capture_output=True, text=True).stdout
    codes = dict(re.findall(r"^  (\d)  (.+)$", helptext.split("Exit status:")[1], re.M))
    man = open(os.path.join(ROOT, "assets", "heiiki.1"), encoding="utf-8").read()
    section = man.split('.SH "EXIT STATUS"')[1].split(".SH ")[0]
    man_codes = re.findall(r"^\.B (\d+)$", section, re.M)
    assert sorted(codes) == sorted(man_codes), (codes, man_codes)
    assert {"4", "6", "7"} <= set(codes)
    assert "no saved setup" in codes["7"]
