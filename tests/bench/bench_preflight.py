#!/usr/bin/python3
"""Pre-flight benchmark: the full pre-flight of the Tokyo closed-network answers against the
sandbox with a fixed latency injected on every request (admin API), run the normal way (every
read at once on the loop) and with HEIIKI_SERIAL=1 (the same requests one at a time).

Prints, for each mode: requests, wall time, wall time / RTT and the highest number of requests
in flight (all from the sandbox's request log), and the whole command's time.  Figures, not
pass/fail.

Usage: tests/bench/bench_preflight.py [RUNS]   (HEIIKI_BIN, default build/heiiki;
       HEIIKI_BENCH_LATENCY_MS, default 100)"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "sandbox", "tests"))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))

import aws_kit  # noqa: E402
from test_preflight import answers_for, heiiki_bin  # noqa: E402


def run_once(sb, path, serial):
    env = {k: v for k, v in os.environ.items() if k != "HEIIKI_SERIAL"}
    env.update(sb.env_vars)
    if serial:
        env["HEIIKI_SERIAL"] = "1"
    sb.admin("DELETE", "/_sandbox/log")
    t0 = time.monotonic()
    proc = subprocess.run([heiiki_bin(), "check", "--answers", path, "--json"], env=env,
                          capture_output=True, text=True, timeout=300)
    process_ms = (time.monotonic() - t0) * 1000.0
    try:
        doc = json.loads(proc.stdout)
    except ValueError:
        sys.exit("bench_preflight: `heiiki check --json` printed no JSON: " + proc.stdout[:200] + proc.stderr[:200])
    if not doc.get("findings"):
        sys.exit("bench_preflight: `heiiki check --json` reported no findings: " + proc.stdout[:200])
    # The sandbox logs each request's start time and duration (injected latency included):
    # the network phase is from the first start to the last end, measured on the server.
    log = sb.admin("GET", "/_sandbox/log").get("requests", [])
    first = min(r["t"] for r in log)
    last = max(r["t"] + r["ms"] / 1000.0 for r in log)
    # requests in flight at once, from the same log
    edges = sorted([(r["t"], 1) for r in log] + [(r["t"] + r["ms"] / 1000.0, -1) for r in log])
    cur = peak = 0
    for _, d in edges:
        cur += d
        peak = max(peak, cur)
    return {"rc": proc.returncode, "requests": len(log), "wall_ms": (last - first) * 1000.0,
            "in_flight": peak, "process_ms": process_ms,
            "by_service": sorted(set(r["service"] for r in log))}


def listen_backlog(port):
    """The sandbox listener's accept backlog (ss Send-Q), or None."""
    try:
        out = subprocess.run(["ss", "-ltnH", "sport = :%d" % port], capture_output=True, text=True,
                             timeout=5).stdout.split()
        return int(out[2]) if len(out) > 2 else None
    except (OSError, ValueError, subprocess.SubprocessError):
        return None


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    rtt = float(os.environ.get("HEIIKI_BENCH_LATENCY_MS", "100"))
    sb = aws_kit.Sandbox(seed="tokyo-closed")
    try:
        sb.env_vars = sb.sandbox_env()
        backlog = listen_backlog(sb.port)
        with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as f:
            f.write(answers_for(sb.refs()))
            path = f.name
        sb.admin("POST", "/_sandbox/latency", {"fixed_ms": rtt, "jitter_ms": 0})
        results = {}
        for mode, serial in (("concurrent", False), ("serial", True)):
            results[mode] = [run_once(sb, path, serial) for _ in range(runs)]
        os.unlink(path)
    finally:
        sb.stop()

    print("pre-flight benchmark: tokyo-closed answers, %.0f ms injected per request, %d runs per mode" % (rtt, runs))
    print("(requests, wall time and concurrency from the sandbox's request log; process = the whole command)")
    print("%-11s %8s %9s %9s %10s %12s %6s" % ("mode", "requests", "wall ms", "wall/RTT", "in flight",
                                                "process ms", "exit"))
    med = {}
    for mode, rs in results.items():
        wall = statistics.median(r["wall_ms"] for r in rs)
        med[mode] = wall
        r0 = rs[0]
        print("%-11s %8d %9.0f %9.1f %10d %12.0f %6d" % (
            mode, r0["requests"], wall, wall / rtt, max(r["in_flight"] for r in rs),
            statistics.median(r["process_ms"] for r in rs), r0["rc"]))
    if med.get("concurrent"):
        print("serial / concurrent wall time: %.1fx" % (med["serial"] / med["concurrent"]))
    print("target: the whole pre-flight in <= 5 round trips of wall time (wall/RTT <= 5)")
    if backlog is not None and backlog < 32:
        print("note: the sandbox listens with a backlog of %d; connections beyond it wait for the kernel's "
              "1 s SYN retry, which this benchmark then measures as wall time" % backlog)


if __name__ == "__main__":
    main()
