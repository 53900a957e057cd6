"""Fixtures for the wizard's tests: scripted runs (screen dumps, no terminal
needed) and a tmux-driven real terminal.  The binary is HEIIKI_BIN (default
build/heiiki); the wizard is what it runs without a subcommand."""
import os
import shutil
import subprocess
import time
import uuid

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def heiiki_bin():
    return os.environ.get("HEIIKI_BIN") or os.path.join(ROOT, "build", "heiiki")


def base_env(state_dir, **extra):
    env = dict(os.environ)
    for k in ("HEIIKI_UI_SCRIPT", "HEIIKI_UI_DUMP", "NO_COLOR", "COLUMNS", "LINES", "AWS_REGION",
              "AWS_DEFAULT_REGION", "DATABRICKS_ACCOUNT_ID"):
        env.pop(k, None)
    env["HEIIKI_STATE_DIR"] = str(state_dir)
    env["HEIIKI_ASSETS"] = os.path.join(ROOT, "assets")
    env["LANG"] = "C.UTF-8"
    env["TERM"] = "xterm-256color"
    env.update(extra)
    env["LC_ALL"] = env["LANG"]
    return env


@pytest.fixture(scope="session")
def wizard_bin():
    path = heiiki_bin()
    if not os.path.exists(path):
        pytest.skip("no heiiki binary at %s (build it, or set HEIIKI_BIN)" % path)
    probe = subprocess.run([path], capture_output=True, text=True, timeout=10,
                           env=base_env("/tmp", HEIIKI_UI_SCRIPT="/dev/null"), stdin=subprocess.DEVNULL)
    if probe.returncode != 0:
        pytest.skip("%s does not start the wizard without a subcommand yet (src/main.c must call "
                    "hk_ui_main)" % path)
    return path


class Scripted:
    """Run the wizard with scripted keys; return the screens dumped by <dump>."""

    def __init__(self, binary, tmp_path):
        self.binary = binary
        self.tmp = tmp_path
        self.state_dir = tmp_path / "state"
        self.state_dir.mkdir(exist_ok=True)

    def run(self, keys, size=(100, 30), args=(), timeout=60, **env):
        script = self.tmp / ("s-%s.keys" % uuid.uuid4().hex[:8])
        dump = self.tmp / ("d-%s.txt" % uuid.uuid4().hex[:8])
        script.write_text(keys)
        e = base_env(self.state_dir, COLUMNS=str(size[0]), LINES=str(size[1]), **env)
        e["HEIIKI_UI_SCRIPT"] = str(script)
        e["HEIIKI_UI_DUMP"] = str(dump)
        p = subprocess.run([self.binary] + list(args), capture_output=True, text=True,
                           timeout=timeout, env=e, stdin=subprocess.DEVNULL)
        screens = dump.read_text().split("----\n")[:-1] if dump.exists() else []
        return p, screens


@pytest.fixture
def scripted(wizard_bin, tmp_path):
    return Scripted(wizard_bin, tmp_path)


class Tmux:
    """A real terminal: tmux new-session -d -x W -y H, send-keys, capture-pane."""

    def __init__(self, binary, tmp_path, width=100, height=30, env=None, args=()):
        self.name = "hkui-%s" % uuid.uuid4().hex[:8]
        self.sock = str(tmp_path / "tmux.sock")
        e = base_env(tmp_path / "state", **(env or {}))
        keep = set(env or {})
        exports = " ".join("%s=%s" % (k, _q(v)) for k, v in e.items()
                           if k in keep or k.startswith(("HEIIKI_", "LANG", "LC_", "NO_COLOR")))
        cmd = "env %s %s %s; echo EXIT=$?; sleep 30" % (exports, _q(binary), " ".join(_q(a) for a in args))
        self._tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), cmd)

    def _tmux(self, *args):
        return subprocess.run(["tmux", "-S", self.sock, "-f", "/dev/null"] + list(args),
                              capture_output=True, text=True, timeout=10)

    def send(self, *keys):
        self._tmux("send-keys", "-t", self.name, *keys)

    def type(self, text):
        self._tmux("send-keys", "-t", self.name, "-l", text)

    def screen(self):
        return self._tmux("capture-pane", "-p", "-t", self.name).stdout

    def wait_for(self, text, timeout=10.0):
        end = time.time() + timeout
        last = ""
        while time.time() < end:
            last = self.screen()
            if text in last:
                return last
            time.sleep(0.05)
        raise AssertionError("%r did not appear; the screen was:\n%s" % (text, last))

    def wait_gone(self, text, timeout=10.0):
        end = time.time() + timeout
        last = ""
        while time.time() < end:
            last = self.screen()
            if text not in last:
                return last
            time.sleep(0.05)
        raise AssertionError("%r did not go away; the screen was:\n%s" % (text, last))

    def resize(self, width, height):
        self._tmux("resize-window", "-t", self.name, "-x", str(width), "-y", str(height))

    def close(self):
        self._tmux("kill-server")


def _q(s):
    return "'" + str(s).replace("'", "'\\''") + "'"


@pytest.fixture
def tmux(wizard_bin, tmp_path):
    if not shutil.which("tmux"):
        pytest.skip("tmux is not installed")
    made = []

    def start(**kw):
        t = Tmux(wizard_bin, tmp_path, **kw)
        made.append(t)
        return t

    yield start
    for t in made:
        t.close()
