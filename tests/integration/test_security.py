"""Security checks against the sandbox (issue 10): a full apply with the sandbox's known secrets
leaves none of them in the state files, the trace, stdout or stderr, nor in the wizard's screen
dumps; state files, the trace and a written policy file are mode 0600; the hosts-file writer,
reached through `heiiki apply` (answers field client.hosts_file), never follows a symlink.
(TLS verification: test_tls.py.)

Answers: assets/examples/tokyo-closed.ini (it names the tokyo-closed seed's resources).
The secrets: the AWS secret access key and the Databricks client secret the sandbox accepts, and
every OAuth access token it issued during the test (the sandbox keeps only their SHA-256, so each
token-shaped string in the output is hashed and looked up)."""
import base64
import hashlib
import json
import os
import re
import stat
import subprocess
import urllib.request

from sbx_util import ROOT, example_answers, heiiki_bin

# secrets.token_urlsafe(48) -> 64 characters of the URL-safe base64 alphabet
TOKEN_LEN = 64
TOKEN_RUN = re.compile(rb"[A-Za-z0-9_\-]{%d,}" % TOKEN_LEN)


def token_digests(sandbox):
    """SHA-256 (hex) of every access token the sandbox has issued and not yet expired."""
    return set(sandbox.state().get("dbx", {}).get("tokens", {}).keys())


def find_leaks(blob, secrets, digests):
    """Names of the secrets found in blob (bytes): fixed secrets by value, tokens by digest."""
    found = [name for name, value in secrets.items() if value and value.encode() in blob]
    for m in TOKEN_RUN.finditer(blob):
        run = m.group(0)
        for i in range(len(run) - TOKEN_LEN + 1):
            if hashlib.sha256(run[i:i + TOKEN_LEN]).hexdigest() in digests:
                found.append("an issued access token")
                return found
    return found


def known_secrets(sandbox):
    s = {"AWS_SECRET_ACCESS_KEY": sandbox.env["AWS_SECRET_ACCESS_KEY"],
         "DATABRICKS_CLIENT_SECRET": sandbox.env["DATABRICKS_CLIENT_SECRET"]}
    assert all(s.values()), "the sandbox env names no secret: %s" % sorted(sandbox.env)
    return s


def files_under(path):
    for dirpath, _, names in os.walk(path):
        for n in names:
            yield os.path.join(dirpath, n)


def issue_token(sandbox):
    """An access token obtained directly from the sandbox (to prove the detector finds one)."""
    basic = base64.b64encode(("%s:%s" % (sandbox.env["DATABRICKS_CLIENT_ID"],
                                         sandbox.env["DATABRICKS_CLIENT_SECRET"])).encode()).decode()
    req = urllib.request.Request(
        "%s/oidc/accounts/%s/v1/token" % (sandbox.env["DATABRICKS_HOST"], sandbox.env["DATABRICKS_ACCOUNT_ID"]),
        data=b"grant_type=client_credentials&scope=all-apis", method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Authorization": "Basic " + basic})
    with urllib.request.urlopen(req, timeout=15) as r:
        return json.loads(r.read())["access_token"]


def test_leak_detector_finds_each_kind_of_secret(sandbox):
    secrets = known_secrets(sandbox)
    token = issue_token(sandbox)
    digests = token_digests(sandbox)
    assert len(token) == TOKEN_LEN
    assert find_leaks(b"Authorization: Bearer " + token.encode() + b"\r\n", {}, digests) == \
        ["an issued access token"]
    assert find_leaks(b'{"t":"x' + token.encode() + b'"}', {}, digests)     # inside a longer run
    assert find_leaks(b"key=" + secrets["AWS_SECRET_ACCESS_KEY"].encode(), secrets, digests) == \
        ["AWS_SECRET_ACCESS_KEY"]
    assert find_leaks(b"Authorization: Bearer ***", secrets, digests) == []


def test_full_apply_leaks_no_secret_and_files_are_private(sandbox, heiiki):
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.5})
    answers = example_answers(sandbox)
    trace = os.path.join(sandbox.dir, "apply.trace")
    r = heiiki("apply", "--answers", answers, "--yes", "--trace", trace)
    assert r.rc == 0, r
    s = heiiki("summary", "tokyo-closed", "--json")
    assert s.rc == 0, s
    v = heiiki("plan", "tokyo-closed")
    d = heiiki("destroy", "tokyo-closed", "--yes", "--trace", trace + ".destroy")
    assert d.rc == 0, d

    secrets = known_secrets(sandbox)
    digests = token_digests(sandbox)
    assert digests, "the apply obtained no Databricks token (nothing to look for)"

    blobs = {"apply stdout": r.out, "apply stderr": r.err, "summary --json": s.out + s.err,
             "plan stdout/stderr": v.out + v.err, "destroy stdout/stderr": d.out + d.err}
    with open(trace + ".destroy", "rb") as f:
        blobs["destroy trace"] = f.read()
    with open(trace, "rb") as f:
        blobs["trace"] = f.read()
    assert len(blobs["trace"]) > 1000, "the trace is (nearly) empty"
    assert b"***" in blobs["trace"], "the trace shows no redaction at all"
    state_files = list(files_under(sandbox.state_dir))
    assert any(p.endswith("tokyo-closed.json") for p in state_files), state_files
    for p in state_files:
        with open(p, "rb") as f:
            blobs["state file " + os.path.basename(p)] = f.read()

    leaks = {}
    for name, blob in blobs.items():
        got = find_leaks(blob if isinstance(blob, bytes) else blob.encode(), secrets, digests)
        if got:
            leaks[name] = got
    assert leaks == {}, "secrets found: %s" % leaks

    modes = {p: stat.S_IMODE(os.lstat(p).st_mode) for p in state_files + [trace, trace + ".destroy"]
             if stat.S_ISREG(os.lstat(p).st_mode)}
    assert all(m == 0o600 for m in modes.values()), {p: oct(m) for p, m in modes.items()}


def test_wizard_screens_leak_no_secret_and_policy_file_is_0600(sandbox, tmp_path):
    """The wizard in scripted mode (HEIIKI_UI_SCRIPT/HEIIKI_UI_DUMP), resumed on a saved setup
    for the sandbox: the bucket policy is saved on the storage step (F6), then Continue through
    every step, the commit (which creates everything) and the hosts step; every screen is dumped."""
    binary = heiiki_bin()
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.5})
    state_dir = tmp_path / "state"
    state_dir.mkdir(mode=0o700)
    answers = open(example_answers(sandbox), encoding="utf-8").read()
    # The wizard's saved-setup reader (ui/ui_store.c) takes one line per answer: it does not
    # read a list that goes on over indented lines, as the example's subnet_ids does.
    answers = re.sub(r",\n[ \t]+", ", ", answers)
    (state_dir / "tokyo-closed.answers").write_text("# heiiki-ui: step=account done=start,\n" + answers)
    os.chmod(state_dir / "tokyo-closed.answers", 0o600)
    policy = tmp_path / "bucket-policy.json"
    # account, network, credential; storage: F6 save; then endpoints, PAS, metastore,
    # workspace, client access, review (twice: the confirmation), commit, hosts and DNS
    keys = ("<Down><Enter><dump><F10><dump><F10><dump><F10><dump><F6><C-u>%s<Enter><dump>" % policy
            + "<F10><dump>" * 9)
    script = tmp_path / "walk.keys"
    script.write_text(keys)
    dump = tmp_path / "screens.txt"
    env = sandbox.full_env(HEIIKI_STATE_DIR=str(state_dir), HEIIKI_UI_SCRIPT=str(script),
                           HEIIKI_UI_DUMP=str(dump), HEIIKI_ASSETS=os.path.join(ROOT, "assets"),
                           LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="xterm-256color")
    p = subprocess.run([binary], env=env, capture_output=True, timeout=150, stdin=subprocess.DEVNULL,
                       cwd=str(tmp_path))
    assert dump.exists(), "the wizard wrote no screen dump (exit %d): %s" % (p.returncode, p.stderr[-800:])
    screens = dump.read_bytes()
    text = screens.decode("utf-8", "replace")
    assert screens.count(b"----\n") >= 14, text[-3000:]
    assert policy.exists(), "F6 on the storage step saved no policy:\n%s" % text[-3000:]
    assert stat.S_IMODE(policy.stat().st_mode) == 0o600
    assert "tokyo-closed-root" in policy.read_text()
    assert "Hosts and DNS" in text and sandbox.creates(), "the walk did not get through the commit:\n" + \
        text[-3000:]

    secrets = known_secrets(sandbox)
    digests = token_digests(sandbox)
    blobs = {"screen dumps": screens, "stdout": p.stdout, "stderr": p.stderr,
             "policy file": policy.read_bytes()}
    for f in files_under(str(state_dir)):
        blobs["wizard state " + os.path.basename(f)] = open(f, "rb").read()
        assert stat.S_IMODE(os.lstat(f).st_mode) == 0o600, f
    leaks = {n: l for n, l in ((n, find_leaks(b, secrets, digests)) for n, b in blobs.items()) if l}
    assert leaks == {}, "secrets found: %s" % leaks


def test_hosts_file_symlink_is_not_followed_through_apply(sandbox, heiiki):
    """client.hosts_file pointing at a symlink: the apply refuses to write it (a clear sentence,
    non-zero exit), the link's target keeps its bytes; with a regular file, resume writes it."""
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.5})
    victim = os.path.join(sandbox.dir, "victim.conf")
    with open(victim, "w") as f:
        f.write("precious = 1\n")
    hosts = os.path.join(sandbox.dir, "hosts")
    os.symlink(victim, hosts)
    answers = example_answers(sandbox, hosts_file=hosts)

    r = heiiki("apply", "--answers", answers, "--yes")
    assert r.rc == 1, r
    assert "symbolic link" in (r.out + r.err), r
    assert open(victim).read() == "precious = 1\n"
    assert os.path.islink(hosts) and os.readlink(hosts) == victim
    assert sorted(os.listdir(sandbox.dir)).count("victim.conf") == 1

    os.unlink(hosts)
    with open(hosts, "w") as f:
        f.write("127.0.0.1 localhost\n")
    r = heiiki("resume", "tokyo-closed")
    assert r.rc == 0, r
    text = open(hosts).read()
    line = json.loads(heiiki("summary", "tokyo-closed", "--json").out)["workspace"]["hosts_line"]
    assert text.startswith("127.0.0.1 localhost\n") and line in text, text
    assert open(victim).read() == "precious = 1\n"


def _proc_core_limit(pid):
    """The 'Max core file size' soft and hard limits of a running process (strings)."""
    with open("/proc/%d/limits" % pid) as f:
        for line in f:
            if line.startswith("Max core file size"):
                return line.split()[4:6]
    return None


def test_core_dumps_are_off_while_secrets_are_in_memory(sandbox):
    """D16: started with `ulimit -c unlimited`, a running heiiki (its token request held 3 s by
    the sandbox, so the client secret is in memory) has a core size limit of 0, soft and hard."""
    import resource
    import time
    sandbox.admin("POST", "/_sandbox/latency", {"fixed_ms": 3000, "service": "dbx"})

    def unlimited():
        resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))

    proc = subprocess.Popen([heiiki_bin(), "check", "--answers", example_answers(sandbox)],
                            env=sandbox.full_env(), cwd=sandbox.dir, preexec_fn=unlimited,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        limits = None
        deadline = time.time() + 2.5          # within the first held request
        while time.time() < deadline and proc.poll() is None:
            limits = _proc_core_limit(proc.pid)
            if limits == ["0", "0"]:
                break
            time.sleep(0.05)
        assert limits == ["0", "0"], "core size limit (soft, hard) of the running heiiki: %s" % limits
        assert proc.poll() is None, "heiiki ended before its limits could be read"
    finally:
        proc.kill()
        proc.wait()
        sandbox.admin("DELETE", "/_sandbox/latency")


def _apply_with_hostile_answer(sandbox, heiiki, kind):
    """apply, with the sandbox answering the credential create with a hostile 400 (kind)."""
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.5})
    sandbox.admin("POST", "/_sandbox/faults", {"kind": kind, "service": "dbx",
                                               "operation": "CreateCredential", "nth": 1})
    r = heiiki("apply", "--answers", example_answers(sandbox), "--yes")
    with open(os.path.join(sandbox.state_dir, "tokyo-closed.json"), "rb") as f:
        return r, f.read()


def test_echoed_authorization_never_shows_the_live_token(sandbox, heiiki):
    """D10: a server that echoes the Authorization header in its error: the live OAuth token is
    masked on screen and in the state file (the echo itself is still shown)."""
    r, state = _apply_with_hostile_answer(sandbox, heiiki, "echo_auth")
    assert r.rc != 0, r
    out = (r.out + r.err).encode()
    assert b"Invalid request header Authorization: Bearer ***" in out, r
    assert b"Authorization: Bearer ***" in state, state[-2000:]
    digests = token_digests(sandbox)
    assert digests, "the apply obtained no Databricks token (nothing to look for)"
    secrets = known_secrets(sandbox)
    leaks = {name: find_leaks(blob, secrets, digests)
             for name, blob in (("stdout/stderr", out), ("state", state))}
    assert leaks == {"stdout/stderr": [], "state": []}, leaks


def test_server_text_reaches_no_terminal_control(sandbox, heiiki):
    """D11: an error message full of escape sequences (title, OSC 52 clipboard, clear screen, C1
    CSI) reaches stdout, stderr and the state file without a control character."""
    r, state = _apply_with_hostile_answer(sandbox, heiiki, "ansi")
    assert r.rc != 0, r
    out = r.out + r.err
    assert "Bad request" in out and "red" in out and "tail" in out, r
    bad = [c for c in out if (ord(c) < 0x20 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f]
    assert bad == [], [hex(ord(c)) for c in bad]
    text = state.decode()
    assert "Bad request" in json.dumps(json.loads(text)), text[-2000:]
    for seq in ("\\u001b", "\\u0007", "\\u009b", "\x1b", "\x07", "\u009b"):
        assert seq not in text, seq


def test_without_the_front_end_override_nothing_leaves_loopback(sandbox, heiiki):
    """D21: `verify` with no --frontend-addr / HEIIKI_FRONTEND_ADDR (as with a copied state file or
    a forgotten variable) pins the workspace to the endpoint address the sandbox gave, and that
    address is on loopback: every connection of the run (its trace's "* connect" lines) stays on
    127.0.0.0/8, and the front-end check fails there at once instead of reaching the host's
    network (the probe's run went to 10.0.0.4:443)."""
    from conftest import non_loopback, trace_peers
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.3})
    r = heiiki("apply", "--answers", example_answers(sandbox), "--yes", "--no-post-checks", timeout=180)
    assert r.rc == 0, r
    addr = json.loads(heiiki("summary", "tokyo-closed", "--json").out)["workspace"]["frontend_address"]
    assert addr.startswith("127."), addr
    trace = os.path.join(sandbox.dir, "no-override.trace")
    v = heiiki("--trace", trace, "verify", "tokyo-closed", env={"HEIIKI_FRONTEND_ADDR": ""})
    peers = trace_peers(trace)
    assert peers, "the trace names no connection (heiiki writes `* connect IP:PORT` for each)"
    assert non_loopback(peers) == [], sorted(set(non_loopback(peers)))
    assert "%s:443" % addr in peers, sorted(set(peers))
    assert v.rc == 1 and "FAIL  Front end" in v.out and addr in v.out, v
