#!/usr/bin/python3
"""Wizard benchmark: keypress-to-screen time while a live check is pending,
startup time to the first screen, and peak RSS.  Prints figures.

Keypress latency: the real binary on a pseudo-terminal, on the account step,
Continue pressed so the live checks run against the sandbox with
HEIIKI_BENCH_LATENCY_MS (default 3000) injected on every call; then
characters are typed into the focused field one at a time, each timed from
the write of the key to the wizard's screen update that shows it.

Usage: tests/bench/bench_ui.py  (HEIIKI_BIN, default build/heiiki)"""
import fcntl
import os
import pathlib
import pty
import resource
import select
import shutil
import signal
import struct
import termios
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "ui"))

from sandbox_kit import TOKYO_TO_COMMIT, Sandbox, count_keys, save_setup, tokyo_answers  # noqa: E402


class Pty:
    """The binary on a pseudo-terminal of 100x30: keys in, screen bytes out.
    Timing reads the bytes the wizard writes, with no terminal emulator in
    between (tmux's capture-pane alone costs tens of ms per call here)."""

    def __init__(self, binary, env, w=100, h=30):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", h, w, 0, 0))
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen([binary], stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.buf = b""

    def read_until(self, needle, timeout=20.0):
        """Read until needle (bytes) appears in what arrived since the last call."""
        end = time.monotonic() + timeout
        seen = b""
        while time.monotonic() < end:
            r, _, _ = select.select([self.master], [], [], 0.05)
            if r:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    break
                seen += chunk
                if needle in seen:
                    return time.monotonic()
        raise SystemExit("bench: %r did not appear; got %r" % (needle, seen[-400:]))

    def drain(self, quiet=0.2):
        while True:
            r, _, _ = select.select([self.master], [], [], quiet)
            if not r:
                return
            try:
                os.read(self.master, 65536)
            except OSError:
                return

    def send(self, data):
        os.write(self.master, data)

    def close(self):
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except OSError:
            pass
        self.proc.wait(timeout=10)
        os.close(self.master)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100.0 * (len(xs) - 1))))]


def main():
    binary = os.environ.get("HEIIKI_BIN") or os.path.join(ROOT, "build", "heiiki")
    latency = int(os.environ.get("HEIIKI_BENCH_LATENCY_MS", "3000"))
    tmp = tempfile.mkdtemp(prefix="hkbench-")
    sb = Sandbox(pathlib.Path(tmp), "tokyo-closed")
    try:
        state = os.path.join(tmp, "state")
        save_setup(state, tokyo_answers(sb.refs(), sb.env["DATABRICKS_ACCOUNT_ID"], name="bench"),
                   name="bench")
        env = dict(sb.env, HEIIKI_STATE_DIR=state, HEIIKI_ASSETS=os.path.join(ROOT, "assets"),
                   LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="xterm-256color")

        # 1. startup to the first screen (5 runs)
        starts = []
        for i in range(5):
            t = Pty(binary, env)
            starts.append((t.read_until(b"Start a new setup") - t.t0) * 1000)
            t.close()

        # 2. keypress -> screen while the account checks are pending
        sb.admin("POST", "/_sandbox/latency", {"fixed_ms": latency, "jitter_ms": 0})
        t = Pty(binary, env)
        t.read_until(b"Resume")
        t.drain()
        t.send(b"\x1bOB")          # Down (keypad transmit mode)
        t.drain()
        t.send(b"\r")              # Enter: resume at the account step
        t.read_until(b"Setup name")
        t.drain()
        t.send(b"\x1b[21~")        # F10: the live checks start
        t.read_until(b"checking")
        t0_checks = time.monotonic()
        lat = []
        for ch in "abcdefghijklmnopqrst":
            t.drain(0.05)
            t0 = time.monotonic()
            t.send(ch.encode())
            lat.append((t.read_until(ch.encode(), timeout=5) - t0) * 1000)
        still = (time.monotonic() - t0_checks) * 1000 < latency
        t.close()
        sb.admin("DELETE", "/_sandbox/latency")

        # 3. peak RSS of a scripted walk through the answer steps
        keys = os.path.join(tmp, "walk.keys")
        with open(keys, "w") as f:
            f.write("<Down><Enter>" + "<F10>" * 9 + "<dump>")
        p = subprocess.run(["/usr/bin/time", "-v", binary],
                           env=dict(env, HEIIKI_UI_SCRIPT=keys, HEIIKI_UI_DUMP=os.path.join(tmp, "walk.txt")),
                           capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
        rss_kb = 0
        for line in p.stderr.splitlines():
            if "Maximum resident set size" in line:
                rss_kb = int(line.split(":")[1])
        if not rss_kb:
            rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss

        # 4. the report's Tokyo setup from an EMPTY state directory: keys from
        # launch to the commit (the walk of tests/ui/test_ui_new_operator.py)
        empty = os.path.join(tmp, "state-empty")
        os.makedirs(empty)
        walk = os.path.join(tmp, "tokyo.keys")
        with open(walk, "w") as f:
            f.write(TOKYO_TO_COMMIT + "<until:The workspace is ready><dump>")
        wenv = dict(env, HEIIKI_STATE_DIR=empty, HEIIKI_UI_SCRIPT=walk,
                    HEIIKI_UI_DUMP=os.path.join(tmp, "tokyo.txt"),
                    HEIIKI_CA_BUNDLE=sb.env["HEIIKI_SANDBOX_CA"],
                    HEIIKI_FRONTEND_ADDR=sb.env["HEIIKI_SANDBOX_FRONTEND"])
        subprocess.run([binary], env=wenv, capture_output=True, text=True, timeout=300,
                       stdin=subprocess.DEVNULL)
        committed = os.path.exists(wenv["HEIIKI_UI_DUMP"]) and \
            "The workspace is ready" in open(wenv["HEIIKI_UI_DUMP"]).read()
        n_keys = count_keys(TOKYO_TO_COMMIT)

        print("bench_ui: startup to first screen (5 runs): median %.1f ms, max %.1f ms"
              % (statistics.median(starts), max(starts)))
        print("bench_ui: keypress to updated screen with live checks pending (%d ms injected latency, "
              "20 keys): median %.1f ms, p95 %.1f ms, max %.1f ms; checks still pending throughout: %s"
              % (latency, statistics.median(lat), pct(lat, 95), max(lat), "yes" if still else "no"))
        print("bench_ui: peak RSS of a scripted walk through the nine answer steps with live checks: %.1f MiB"
              % (rss_kb / 1024.0))
        print("wizard: keys from launch to the commit: %d%s" % (n_keys, "" if committed else
              " (the walk did NOT reach a ready workspace)"))
        print("bench_ui: target (the Tokyo setup in at most 60 keys from an empty state): %s"
              % ("met" if committed and n_keys <= 60 else "NOT met"))
        ok = statistics.median(lat) < 50 and still and committed and n_keys <= 60
        print("bench_ui: target (keypress under 50 ms while checks run): %s" % ("met" if ok else "NOT met"))
        return 0 if ok else 1
    finally:
        sb.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
