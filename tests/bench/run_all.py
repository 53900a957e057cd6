#!/usr/bin/python3
"""`make bench`: every heiiki benchmark against the local sandbox, one table each, figures and
ratios (not pass/fail), and the machine they were taken on.

  1. commit (bench_commit.py): calls per action vs the minimum, no-op re-apply, the headless
     apply's peak RSS;
  2. wizard (bench_ui.py): startup to the first screen, keypress latency, peak RSS; and a
     scripted full run through the commit (peak RSS, creates);
  3. pre-flight concurrent vs HEIIKI_SERIAL=1 (bench_preflight.py, the checks' own bench);
  4. pre-flight side by side (bench_awscli.py + bench_awscli_preflight.sh), 100 ms latency:
     last, because the aws CLI is slow to start; on a busy machine it is stopped at the budget
     and its total extrapolated from the calls it made (the table says so);
  5. the fault campaign (bench_faults.py): kills at every create, lost replies, faults at
     10-30 %, two applies at once; its own budget (HEIIKI_BENCH_FAULTS_S, default 1200 s), outside
     the one above; any duplicate, leaked cluster or lost record fails `make bench`.

Offline, loopback only, bounded: each part has a time limit and the whole stays under
HEIIKI_BENCH_BUDGET_S (default 170 s); a part that would start after the budget is skipped and
says so.  Exit status 0 when every part ran; 1 when one failed or was skipped (its reason printed).

Usage: HEIIKI_BIN=build/heiiki /usr/bin/python3 tests/bench/run_all.py"""
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench_kit  # noqa: E402

PY = "/usr/bin/python3"
T0 = time.monotonic()
BUDGET = float(os.environ.get("HEIIKI_BENCH_BUDGET_S", "170"))
summary = []          # (figure, value)
problems = []


def left():
    return BUDGET - (time.monotonic() - T0)


def header(title):
    print()
    print("=" * 78)
    print("%s   [t+%.0f s]" % (title, time.monotonic() - T0))
    print("=" * 78)
    sys.stdout.flush()


def sub(script, args=(), limit=60, env=None):
    """Run another bench script; print its output; return (rc, stdout) or (None, reason)."""
    path = os.path.join(HERE, script)
    if not os.path.exists(path):
        return None, "%s is not in the tree" % script
    limit = min(limit, left())
    if limit < 10:
        return None, "skipped: the %.0f s budget of `make bench` is used up" % BUDGET
    try:
        p = subprocess.run([PY, path] + list(args), capture_output=True, text=True, timeout=limit,
                           env=dict(os.environ, **(env or {})), stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        print(out)
        return None, "%s stopped after its %.0f s limit" % (script, limit)
    print(p.stdout.rstrip())
    if p.returncode != 0 and p.stderr.strip():
        print("  (%s exit %d) %s" % (script, p.returncode, p.stderr.strip()[-800:]))
    return p.returncode, p.stdout + p.stderr


def part_preflight():
    header("4. Pre-flight: heiiki vs the aws CLI one call at a time (100 ms latency)")
    import bench_awscli
    latency = int(os.environ.get("HEIIKI_BENCH_LATENCY_MS", "100"))
    sb = bench_kit.start_sandbox()
    try:
        # the aws CLI starts a Python interpreter per call: on a busy machine it is cut at the
        # budget and its total extrapolated from the calls it made (the table says so)
        r = bench_awscli.measure(sb, latency, script_limit_s=max(20.0, left() - 8))
    finally:
        sb.stop()
    bench_awscli.print_tables(r)
    h, a = r["heiiki"], r["awscli"]
    a_wall = bench_awscli.awscli_wall(a)
    extra = "" if a["complete"] else " (extrapolated from %d calls)" % a["requests"]
    if h["live"]:
        summary.append(("pre-flight: heiiki wall / requests", "%.2f s / %d" % (h["wall_s"], h["requests"])))
        summary.append(("pre-flight: aws CLI script wall / requests",
                        "%.2f s / %d%s" % (a_wall, a["planned"], extra)))
        if a_wall:
            summary.append(("pre-flight: aws CLI / heiiki", "%.1fx" % (a_wall / h["wall_s"])))
    else:
        summary.append(("pre-flight: heiiki", "not measured (`heiiki check` ran no live pre-flight)"))
        summary.append(("pre-flight: aws CLI script wall / requests (default list)",
                        "%.2f s / %d%s" % (a_wall, a["planned"], extra)))
        problems.append("pre-flight: `heiiki check --json` ran no live pre-flight, so there is no ratio")


def part_preflight_serial():
    header("3. Pre-flight: concurrent vs serial (bench_preflight.py)")
    rc, out = sub("bench_preflight.py", ["1"], limit=60)
    if rc != 0:
        problems.append("bench_preflight.py: " + (out.strip().splitlines() or ["exit %s" % rc])[0][:160])
    else:
        m = re.search(r"serial / concurrent wall time: ([\d.]+x)", out)
        if m:
            summary.append(("pre-flight: serial / concurrent (bench_preflight)", m.group(1)))


def part_commit():
    header("1. Commit: API calls per action, no-op re-apply")
    import bench_commit
    delay = float(os.environ.get("HEIIKI_BENCH_WORKSPACE_DELAY_S", "1.0"))
    sb = bench_kit.start_sandbox()
    try:
        r = bench_commit.measure(sb, delay)
    finally:
        sb.stop()
    bench_commit.print_tables(r)
    first, again = r["first"], r["again"]
    groups = bench_commit.per_group(r["actions"], first["requests"], r["preflight_counts"])
    mins = sum(g["min"] for g in groups.values() if not g.get("separate"))
    calls = sum(g["calls"] for g in groups.values() if not g.get("separate"))
    pre = sum(g["calls"] for n, g in groups.items() if g.get("separate") and n.startswith("pre-flight"))
    chk = sum(g["calls"] for n, g in groups.items() if g.get("separate") and not n.startswith("pre-flight"))
    summary.append(("apply: action calls / minimum (+ pre-flight, + checks)",
                    "%d / %d (%.1fx) (+ %d, + %d)" % (calls, mins, calls / mins if mins else 0, pre, chk)))
    summary.append(("apply: wall (workspace delay %.1f s)" % delay, "%.2f s" % first["wall_s"]))
    summary.append(("apply: peak RSS (headless)", "%.1f MiB" % (first["rss_kb"] / 1024.0)))
    summary.append(("no-op re-apply: wall / calls / creates",
                    "%.2f s / %d / %d" % (again["wall_s"], len(again["requests"]), again["creates"])))
    if first["rc"] != 0:
        problems.append("commit: the apply failed (exit %d)" % first["rc"])
    if again["creates"]:
        problems.append("commit: the no-op re-apply created %d objects" % again["creates"])


def part_ui():
    header("2. Wizard: startup to the first screen, keypress latency, peak RSS (bench_ui.py)")
    rc, out = sub("bench_ui.py", limit=90)
    if rc is None:
        problems.append("bench_ui.py: " + out)
        return
    for label, pat in (("wizard: startup to first screen (median)", r"first screen.*median ([\d.]+ ms)"),
                       ("wizard: keypress with checks pending (median)", r"keypress.*median ([\d.]+ ms)"),
                       ("wizard: peak RSS (scripted walk)", r"peak RSS.*: ([\d.]+ MiB)")):
        m = re.search(pat, out)
        if m:
            summary.append((label, m.group(1)))
    if rc != 0:
        problems.append("bench_ui.py exit %d (its target line says why)" % rc)

    # the wizard through the commit: answer steps, review, commit (creates everything), hosts
    import tempfile
    tmp = tempfile.mkdtemp(prefix="hkbench-wiz-")
    sb = bench_kit.start_sandbox()
    try:
        sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": 1.0})
        t, screens, creates = bench_kit.wizard_full_run(sb, tmp)
    finally:
        sb.stop()
        import shutil
        shutil.rmtree(tmp, ignore_errors=True)
    bench_kit.table("Wizard: a full scripted run (answers, review, commit, hosts) against the sandbox",
                    ["run", "exit", "wall s", "screens", "creates", "peak RSS MiB"],
                    [("heiiki (HEIIKI_UI_SCRIPT)", t.rc, "%.2f" % t.wall, screens, creates,
                      "%.1f" % (t.rss_kb / 1024.0))],
                    "workspace_delay_s 1.0; peak RSS from /usr/bin/time -v over the whole run.")
    summary.append(("wizard: peak RSS (full run through the commit)", "%.1f MiB" % (t.rss_kb / 1024.0)))
    if t.rc != 0 or not creates:
        problems.append("wizard full run: exit %d, %d creates: %s" % (t.rc, creates, t.err.strip()[-200:]))


def part_faults():
    header("5. Fault campaign: kills, lost replies, faults, races (bench_faults.py)")
    limit = float(os.environ.get("HEIIKI_BENCH_FAULTS_S", "1200")) + 300
    try:
        p = subprocess.run([PY, os.path.join(HERE, "bench_faults.py")], capture_output=True,
                           text=True, timeout=limit, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        problems.append("bench_faults.py stopped after %.0f s" % limit)
        return
    print(p.stdout.rstrip())
    m = re.search(r"fault campaign: (.*)", p.stdout)
    summary.append(("fault campaign", m.group(1) if m else "no figures"))
    if p.returncode != 0:
        problems.append("fault campaign: duplicates, leaks, lost records or a run that never "
                        "completed (above) %s" % p.stderr.strip()[-300:])


def main():
    bench_kit.heiiki_bin()
    bench_kit.table("Machine", ["", "value"], bench_kit.machine())
    # the aws CLI side comes last: it is the slow one and gets what is left of the budget
    for part in (part_commit, part_ui, part_preflight_serial, part_preflight):
        if left() < 15:
            problems.append("%s skipped: the %.0f s budget is used up" % (part.__name__, BUDGET))
            continue
        try:
            part()
        except (SystemExit, Exception) as e:   # one part failing must not hide the others
            problems.append("%s: %s" % (part.__name__, e))
            print("  %s failed: %s" % (part.__name__, e))
    if os.environ.get("HEIIKI_BENCH_FAULTS_S", "1200") != "0":
        part_faults()          # its own budget, outside the one above
    summary.append(("make bench total", "%.0f s" % (time.monotonic() - T0)))
    bench_kit.table("Summary (HEIIKI_BIN=%s)" % bench_kit.heiiki_bin(), ["figure", "value"], summary,
                    "\n".join("NOTE: " + p for p in problems) or None)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
