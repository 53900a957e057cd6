"""make demo (scripts/demo): the sandbox keeps its cloud when the demo is run
again, --reseed starts from the seed, and the sandbox stops when the terminal
goes away (SIGHUP), with the terminal's settings restored (issue 17, item 9)."""
import json
import os
import subprocess
import time

from conftest import ROOT, heiiki_bin

DEMO = os.path.join(ROOT, "scripts", "demo")
SANDBOX = os.path.join(ROOT, "tests", "sandbox", "sandbox")


def _env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HEIIKI_", "AWS_", "DATABRICKS_"))}
    env["HEIIKI_SANDBOX_DIR"] = str(tmp_path / "demo")
    env["HEIIKI_ASSETS"] = os.path.join(ROOT, "assets")
    env["LANG"] = env["LC_ALL"] = "C.UTF-8"
    return env


def _running(env):
    out = subprocess.run([SANDBOX, "status"], env=env, capture_output=True, text=True,
                         timeout=30).stdout
    return '"ok": true' in out


def _roles(tmp_path):
    with open(str(tmp_path / "demo" / "sandbox.json")) as f:
        return sorted(json.load(f)["iam"]["roles"])


def test_demo_keeps_the_cloud_and_reseed_starts_again(tmp_path):
    env = _env(tmp_path)
    run = lambda *a: subprocess.run([DEMO, heiiki_bin()] + list(a), env=env, capture_output=True,
                                    text=True, timeout=300, stdin=subprocess.DEVNULL)
    first = run()
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]
    assert "freshly seeded" in first.stdout
    roles = _roles(tmp_path)
    assert any(r.endswith("-crossaccount") for r in roles), roles
    again = run()
    assert again.returncode == 0, again.stdout[-2000:] + again.stderr[-2000:]
    assert "the cloud of the last run, kept" in again.stdout
    assert _roles(tmp_path) == roles                      # nothing made twice, nothing lost
    fresh = run("--reseed")
    assert "freshly seeded" in fresh.stdout and "previous saved setups" in fresh.stdout, fresh.stdout
    assert not _running(env)


def test_demo_stops_the_sandbox_when_the_terminal_goes_away(tmp_path):
    env = _env(tmp_path)
    sock = str(tmp_path / "tmux.sock")
    cmd = "env %s %s %s" % (" ".join("%s='%s'" % (k, env[k]) for k in
                                     ("HEIIKI_SANDBOX_DIR", "HEIIKI_ASSETS", "LANG", "LC_ALL")),
                            DEMO, heiiki_bin())
    tmux = ["tmux", "-S", sock, "-f", "/dev/null"]
    subprocess.run(tmux + ["new-session", "-d", "-s", "demo", "-x", "100", "-y", "30", cmd],
                   check=True, timeout=10)
    end = time.time() + 60
    screen = ""
    while time.time() < end and "Start a new setup" not in screen:
        screen = subprocess.run(tmux + ["capture-pane", "-p", "-t", "demo"], capture_output=True,
                                text=True, timeout=10).stdout
        time.sleep(0.2)
    assert "Start a new setup" in screen, screen
    assert _running(env)
    subprocess.run(tmux + ["kill-server"], timeout=10)     # the terminal goes away: SIGHUP
    end = time.time() + 20
    while time.time() < end and _running(env):
        time.sleep(0.2)
    assert not _running(env)
