"""Shared pieces of heiiki's benchmarks (tests/bench/): the sandbox (the integration tests'
Sandbox class from tests/integration/conftest.py, imported under its own name), answers files
for the tokyo-closed seed, a timed run with peak RSS, the machine description and tables.

Offline and loopback only: the sandbox listens on 127.0.0.1, every client goes there."""
import json
import os
import platform
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "integration"))
import sbx_util  # noqa: E402  (the integration conftest by path, the example answers file)

EXAMPLE = sbx_util.EXAMPLE
it = sbx_util.it                 # it.Sandbox, it.write_tokyo_answers


def heiiki_bin():
    path = os.environ.get("HEIIKI_BIN") or os.path.join(ROOT, "build", "heiiki")
    if not os.access(path, os.X_OK):
        sys.exit("bench: heiiki binary not found at %s (run `make all` or set HEIIKI_BIN)" % path)
    return path


def start_sandbox(seed="tokyo-closed"):
    return it.Sandbox(seed=seed)


def example_answers(sb, path=None, **fields):
    """assets/examples/tokyo-closed.ini for this sandbox (it names the seed's resources)."""
    return sbx_util.example_answers(sb, path or os.path.join(sb.dir, "tokyo-closed-example.ini"), **fields)


class Timed:
    """A finished process: rc, out, err, wall seconds, peak RSS in KiB (from /usr/bin/time -v)."""

    def __init__(self, rc, out, err, wall, rss_kb):
        self.rc, self.out, self.err, self.wall, self.rss_kb = rc, out, err, wall, rss_kb


def run_timed(argv, env, cwd=None, timeout=300, input=None):
    """Run argv under /usr/bin/time -v (peak RSS of the process); the time report is removed
    from stderr.  Falls back to the rusage of children when /usr/bin/time is missing."""
    use_time = os.access("/usr/bin/time", os.X_OK)
    full = (["/usr/bin/time", "-v"] if use_time else []) + list(argv)
    t0 = time.monotonic()
    p = subprocess.run(full, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                       input=input, stdin=None if input is not None else subprocess.DEVNULL)
    wall = time.monotonic() - t0
    rss = 0
    err = p.stderr
    if use_time:
        cut = err.rfind("\tCommand being timed:")
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err[cut:] if cut >= 0 else "")
        if m:
            rss = int(m.group(1))
        if cut >= 0:
            err = err[:cut]
            err = re.sub(r"Command exited with non-zero status \d+\n$", "", err)
    else:
        import resource
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return Timed(p.returncode, p.stdout, err, wall, rss)


def machine():
    """nproc, CPU model, memory, kernel, date (UTC) as (label, value) rows."""
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = "%.1f GiB" % (int(line.split()[1]) / 1048576.0)
                    break
    except OSError:
        pass
    curl = ""
    try:
        curl = subprocess.run(["curl-config", "--version"], capture_output=True, text=True,
                              timeout=5).stdout.strip()
    except OSError:
        pass
    return [("date (UTC)", time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())),
            ("nproc", str(os.cpu_count())),
            ("CPU", cpu),
            ("memory", mem),
            ("kernel", "%s %s" % (platform.system(), platform.release())),
            ("python", platform.python_version()),
            ("libcurl", curl or "?")]


def table(title, header, rows, note=None):
    """Print one plain-text table (columns sized to fit)."""
    cells = [list(map(str, header))] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    print()
    print(title)
    print("-" * len(title))
    for n, r in enumerate(cells):
        print("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)))
        if n == 0:
            print("  ".join("-" * w for w in widths))
    if note:
        for line in note.splitlines():
            print("  " + line)
    sys.stdout.flush()


def counts(requests):
    """{"service:Operation": n} from request-log entries."""
    out = {}
    for r in requests:
        key = "%s:%s" % (r["service"], r["operation"])
        out[key] = out.get(key, 0) + 1
    return out


def dump_json(obj):
    return json.dumps(obj, indent=1, sort_keys=True)


def wizard_full_run(sb, tmp):
    """The wizard in scripted mode through every answer step, the commit (creating everything in
    the sandbox) and the hosts step, under /usr/bin/time -v: (Timed, screens dumped, creates)."""
    state = os.path.join(tmp, "wizard-state")
    os.makedirs(state, mode=0o700, exist_ok=True)
    with open(example_answers(sb), encoding="utf-8") as f:
        # one line per answer: the wizard's saved-setup reader does not join indented lines
        answers = re.sub(r",\n[ \t]+", ", ", f.read())
    with open(os.path.join(state, "tokyo-closed.answers"), "w", encoding="utf-8") as f:
        f.write("# heiiki-ui: step=account done=start,\n" + answers)
    keys = os.path.join(tmp, "walk.keys")
    with open(keys, "w", encoding="utf-8") as f:
        f.write("<Down><Enter><dump>" + "<F10><dump>" * 12)
    dump = os.path.join(tmp, "walk.screens")
    env = sb.full_env(HEIIKI_STATE_DIR=state, HEIIKI_UI_SCRIPT=keys, HEIIKI_UI_DUMP=dump,
                      HEIIKI_ASSETS=os.path.join(ROOT, "assets"), LANG="C.UTF-8", LC_ALL="C.UTF-8",
                      TERM="xterm-256color")
    sb.clear_log()
    t = run_timed([heiiki_bin()], env=env, cwd=tmp, timeout=120)
    screens = 0
    if os.path.exists(dump):
        with open(dump, encoding="utf-8", errors="replace") as f:
            screens = f.read().count("----\n")
    return t, screens, len(sb.log()["creates"])
