#!/usr/bin/python3
"""Pre-flight side by side: heiiki's full pre-flight (`heiiki check --answers FILE --json`)
versus tests/bench/bench_awscli_preflight.sh, the same read calls made one after another with
Debian's aws CLI (and curl for the Databricks account API), in one run against one sandbox with
a fixed latency injected on every request (admin API).

The script is given the calls heiiki made (service:Operation, in the order of the sandbox's
request log), so both sides make the same set.  When `heiiki check` does not run the live
pre-flight (its JSON has no "stats"), heiiki's side is reported as not measured and the script
makes its documented default list.

Usage: tests/bench/bench_awscli.py   (HEIIKI_BIN; HEIIKI_BENCH_LATENCY_MS, default 100)"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench_kit  # noqa: E402

SCRIPT = os.path.join(HERE, "bench_awscli_preflight.sh")


def _ini_value(text, key):
    m = re.search(r"^\s*%s\s*=\s*(.*?)\s*$" % re.escape(key), text, re.M)
    return m.group(1) if m else ""


def _script_env(sb, answers):
    with open(answers, encoding="utf-8") as f:
        text = f.read()
    refs = sb.state()["seed_refs"]
    subnets = [refs[k] for k in ("pub1", "priv1", "priv2", "priv3")]
    sgs = [refs[k] for k in ("sg1", "sg2", "sg3")]
    env = sb.full_env(BENCH_ENDPOINT=sb.url, BENCH_VPC=_ini_value(text, "vpc_id"),
                      BENCH_SUBNETS=" ".join(subnets), BENCH_SGS=" ".join(sgs),
                      BENCH_ROLE_NAME=_ini_value(text, "role_name") or "tokyo-closed-crossaccount",
                      BENCH_PRINCIPAL_ARN="arn:aws:iam::%s:user/heiiki-operator"
                      % sb.state()["config"].get("account_id", "123456789012"),
                      BENCH_BUCKET=_ini_value(text, "bucket"))
    # the aws CLI must see only the sandbox: no profile, no config file
    env["AWS_CONFIG_FILE"] = "/dev/null"
    env["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null"
    return env


def run_script(ops, env, cwd, limit_s=None):
    """Run the aws CLI script; stop it (its whole process group) after limit_s seconds."""
    import signal
    import subprocess
    import time
    t0 = time.monotonic()
    p = subprocess.Popen(["/bin/sh", SCRIPT] + ops, env=env, cwd=cwd, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, start_new_session=True,
                         stdin=subprocess.DEVNULL)
    stopped = False
    try:
        out, err = p.communicate(timeout=limit_s)
    except subprocess.TimeoutExpired:
        stopped = True
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
    wall = time.monotonic() - t0
    default_calls = 0
    with open(SCRIPT, encoding="utf-8") as f:
        m = re.search(r"set -- (.*?)\nfi", f.read(), re.S)
        if m:
            default_calls = len(m.group(1).replace("\\\n", " ").split())
    return {"rc": p.returncode, "wall_s": wall, "stopped": stopped, "default_calls": default_calls,
            "tail": out.strip().splitlines()[-1:] + err.strip().splitlines()[-3:]}


def measure(sb, latency_ms=100, script_limit_s=None):
    """Both runs against sb (a started tokyo-closed sandbox); returns a dict of figures."""
    answers = bench_kit.example_answers(sb)
    sb.admin("POST", "/_sandbox/latency", {"fixed_ms": latency_ms, "jitter_ms": 0})
    out = {"latency_ms": latency_ms, "answers": answers}
    try:
        sb.clear_log()
        h = bench_kit.run_timed([bench_kit.heiiki_bin(), "check", "--answers", answers, "--json"],
                                env=sb.full_env(), cwd=sb.dir)
        reqs = sb.log()["requests"]
        try:
            doc = json.loads(h.out)
        except ValueError:
            doc = {}
        out["heiiki"] = {"rc": h.rc, "wall_s": h.wall, "requests": len(reqs), "rss_kb": h.rss_kb,
                         "stats": doc.get("stats"), "findings": len(doc.get("findings", [])),
                         "blocks": doc.get("blocks", doc.get("blocking")), "counts": bench_kit.counts(reqs)}
        # the live pre-flight ran when check printed findings and the sandbox saw its reads
        live = "findings" in doc and len(reqs) > 0
        out["heiiki"]["live"] = live
        ops = ["%s:%s" % (r["service"], r["operation"]) for r in reqs] if live else []

        sb.clear_log()
        s = run_script(ops, _script_env(sb, answers), sb.dir, script_limit_s)
        sreqs = sb.log()["requests"]
        planned = len(ops) if ops else s["default_calls"]
        out["awscli"] = {"rc": s["rc"], "wall_s": s["wall_s"], "requests": len(sreqs), "planned": planned,
                         "complete": not s["stopped"], "counts": bench_kit.counts(sreqs), "same_set": live,
                         "tail": s["tail"]}
    finally:
        sb.admin("DELETE", "/_sandbox/latency")
    return out


def awscli_wall(a):
    """The script's wall time; when it was stopped, extrapolated from the calls it made."""
    if a["complete"]:
        return a["wall_s"]
    if not a["requests"]:
        return 0.0
    return a["wall_s"] / a["requests"] * a["planned"]


def print_tables(r):
    h, a = r["heiiki"], r["awscli"]
    rtt = r["latency_ms"] / 1000.0
    rows = []
    if h["live"]:
        rows.append(("heiiki check (concurrent)", h["requests"], "%.2f" % h["wall_s"],
                     "%.1f" % (h["wall_s"] / rtt), "1.0x"))
    else:
        rows.append(("heiiki check", h["requests"], "%.2f" % h["wall_s"], "-",
                     "n/a: no live pre-flight"))
    a_wall = awscli_wall(a)
    ratio = ("%.1fx" % (a_wall / h["wall_s"])) if h["live"] and h["wall_s"] > 0 and a_wall else "-"
    if a["complete"]:
        rows.append(("aws CLI script (one by one)", a["requests"], "%.2f" % a_wall, "%.1f" % (a_wall / rtt), ratio))
    else:
        rows.append(("aws CLI script (one by one)", "%d of %d" % (a["requests"], a["planned"]),
                     "%.2f" % a["wall_s"], "-", "-"))
        if a_wall:
            rows.append(("  extrapolated to all %d calls" % a["planned"], a["planned"], "%.2f" % a_wall,
                         "%.1f" % (a_wall / rtt), ratio))
    note = ["%d ms injected on every request; wall = whole process, start to exit." % r["latency_ms"],
            "ratio = aws CLI script wall time / heiiki wall time."]
    if h["live"]:
        st = h["stats"]
        if st:
            note.append("heiiki's own stats: %s requests, %s ms on the loop, %s in flight at most."
                        % (st.get("requests"), st.get("wall_ms"), st.get("max_in_flight")))
        note.append("heiiki: exit %d, %d findings, %s blocking." % (h["rc"], h["findings"], h["blocks"]))
        note.append("The script made the same %d calls, taken from the sandbox log of heiiki's run."
                    % h["requests"])
    else:
        note.append("`heiiki check --json` ran no live pre-flight (exit %d, no \"stats\" in its JSON, "
                    "%d requests):" % (h["rc"], h["requests"]))
        note.append("the script made its documented default list instead; no ratio is printed.")
    if not a["complete"]:
        note.append("The aws CLI script was stopped at the time limit after %d calls in %.1f s; the extrapolated"
                    % (a["requests"], a["wall_s"]))
        note.append("line is %d calls x (%.2f s per call so far)." % (a["planned"], a["wall_s"] / max(a["requests"], 1)))
    elif a["rc"] != 0:
        note.append("aws CLI script exit %d: %s" % (a["rc"], " | ".join(a["tail"])))
    bench_kit.table("Pre-flight side by side: tokyo-closed example answers, sandbox, %d ms latency"
                    % r["latency_ms"], ["run", "requests", "wall s", "wall/RTT", "ratio"], rows,
                    "\n".join(note))
    ops = sorted(set(h["counts"]) | set(a["counts"]))
    bench_kit.table("Pre-flight calls per operation (sandbox request log)",
                    ["operation", "heiiki", "aws CLI"],
                    [(op, h["counts"].get(op, 0), a["counts"].get(op, 0)) for op in ops])


def main():
    latency = int(os.environ.get("HEIIKI_BENCH_LATENCY_MS", "100"))
    sb = bench_kit.start_sandbox()
    try:
        r = measure(sb, latency)
    finally:
        sb.stop()
    print_tables(r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
