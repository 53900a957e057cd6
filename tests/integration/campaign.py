"""The fault campaign (issue 20, item 2): what the reliability probe of 2026-12-07 did by hand,
as a repeatable run over the sandbox.

  kill points   SIGKILL right after each create call (the crash hook), with its reply delivered
                ("after_response") and lost ("before_response"), the post-deploy checks' creates
                included (the test cluster, catalog, schema, volume, file), and as each check
                starts; then `resume` until done
  lost replies  every create processed but its reply lost (fault lost_response)
  faults        http500 / http503 / throttle / reset / truncate / malformed / lost_response at
                10-30 %, seeded; a run that fails must end with a sentence and complete on rerun
  concurrency   two applies of the same setup at once

After each scenario the oracle reads the sandbox: duplicates (two live objects of a kind heiiki
makes once), leaks (a test cluster left in the workspace), lost records (a live object heiiki made
that the summary does not name, or a summary ID that does not exist).  The test
(test_fault_campaign.py) runs a seeded subset; `make bench` (tests/bench/bench_faults.py) runs all.

Reuses test_crash.py's machinery (start_stopped, live_counts, fresh_setup)."""
import json
import os
import random
import signal
import subprocess
import time

from conftest import heiiki_bin
from test_crash import fresh_setup, live_counts, start_stopped

RERUNS = 3
SETUP = "tokyo-closed"
DBX_KINDS = ("credentials", "storage", "networks", "vpc_endpoints", "pas", "workspaces")


class Campaign:
    def __init__(self, sandbox, log=print, glue=False):
        self.sb = sandbox
        self.log = log
        self.glue = glue           # the Glue route too: its role, instance profile and policy
        self.fig = {"kill points tried": 0, "kill points clean": 0, "runs": 0,
                    "completed at once": 0, "recovered on rerun": 0, "never recovered": 0,
                    "duplicates": 0, "leaks": 0, "lost records": 0}
        self.problems = []

    # ---- running heiiki ----------------------------------------------------------------------
    def run(self, *args, timeout=240):
        p = subprocess.run([heiiki_bin()] + list(args), env=self.sb.full_env(), cwd=self.sb.dir,
                           capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr

    def fresh(self):
        answers = fresh_setup(self.sb, glue=self.glue)
        self.sb.admin("POST", "/_sandbox/config", {"dbx_cluster_start_s": 0.3})
        return answers

    def apply_args(self, answers):
        return ["apply", "--answers", answers, "--yes", "--quiet"]

    def to_end(self, label, first_rc, first_out=""):
        """Rerun `resume` (no faults) until exit 0; count completed / recovered / never."""
        self.fig["runs"] += 1
        if first_rc == 0:
            self.fig["completed at once"] += 1
            self.log("  %-44s completed" % label)
            return True
        self.sb.admin("DELETE", "/_sandbox/faults")
        for i in range(RERUNS):
            rc, out, err = self.run("resume", SETUP, "--quiet")
            if rc == 0:
                self.fig["recovered on rerun"] += 1
                self.log("  %-44s exit %d, completed on rerun %d" % (label, first_rc, i + 1))
                return True
        self.fig["never recovered"] += 1
        self.problems.append("%s: never completed (last exit %d): %s" % (label, rc, (out + err)[-600:]))
        return False

    # ---- the oracle ----------------------------------------------------------------------------
    def check(self, label, complete=True):
        """Duplicates, leaks and lost records now; True when clean."""
        state = self.sb.state()
        bad = []
        c = live_counts(state)
        dup = [k for k in ("roles", "credentials", "storage", "pas", "networks", "workspaces",
                           "metastores", "assignments") if c[k] > 1]
        dup += ["vpce %s" % s for s, n in c["vpc_endpoints_per_service"].items() if n > 1]
        if c["vpce_registrations"] > 2:
            dup.append("endpoint registrations")
        clusters = [(cid, cl.get("cluster_name"), cl.get("state"))
                    for wsd in state["dbx"].get("ws", {}).values()
                    for cid, cl in wsd.get("clusters", {}).items()]
        clusters += [(o["cluster_id"], o["cluster_name"], "left when its workspace was deleted")
                     for o in state["dbx"].get("orphan_compute", [])]
        lost = self.lost_records(state) if complete else []
        self.fig["duplicates"] += len(dup)
        self.fig["leaks"] += len(clusters)
        self.fig["lost records"] += len(lost)
        for what, items in (("duplicate", dup), ("leaked cluster", clusters), ("lost record", lost)):
            bad += ["%s: %s %s" % (label, what, i) for i in items]
        self.problems += bad
        return not bad

    def lost_records(self, state):
        rc, out, err = self.run("summary", SETUP, "--json")
        if rc != 0:
            return ["summary exit %d: %s" % (rc, err[-300:])]
        summ = json.loads(out)
        named = set()
        for r in summ["resources"]:
            named.update(str(v) for v in r["result"].values())
        out = []
        dbx = state["dbx"]
        for kind in DBX_KINDS:
            for oid in dbx[kind]:
                if str(oid) not in named:
                    out.append("%s %s not in the summary" % (kind, oid))
        for vid, e in state["ec2"]["vpc_endpoints"].items():
            if e.get("State", e.get("_pending_state")) in ("deleted", "deleting"):
                continue
            if vid not in named:
                out.append("vpc endpoint %s not in the summary" % vid)
        for r in summ["resources"]:
            if r["origin"] != "created":
                continue
            for key in ("vpce_id",):
                v = r["result"].get(key)
                if v and v not in state["ec2"]["vpc_endpoints"]:
                    out.append("%s %s=%s does not exist" % (r["action"], key, v))
        return out

    # ---- scenarios -----------------------------------------------------------------------------
    def count_creates(self):
        """A clean apply with the post-deploy checks: its create calls, in order."""
        answers = self.fresh()
        self.sb.clear_log()
        rc, out, err = self.run(*self.apply_args(answers))
        assert rc == 0, (out + err)[-2000:]
        return [c["operation"] for c in self.sb.creates()]

    def kill_point(self, n, when, operation=None):
        """Killed right after the Nth create (of that operation, when one is named)."""
        answers = self.fresh()
        label = "kill at %s %d (%s)" % (operation or "create", n, when)
        proc = start_stopped(self.sb, self.apply_args(answers))
        spec = {"pid": proc.pid, "after_creates": n, "when": when}
        if operation:
            spec["operation"] = operation
        self.sb.admin("POST", "/_sandbox/crash", spec)
        os.kill(proc.pid, signal.SIGCONT)
        proc.communicate(timeout=240)
        self.fig["kill points tried"] += 1
        rc = 0 if proc.returncode == 0 else 137
        done = self.to_end(label, rc)
        if self.check(label, complete=done) and done:
            self.fig["kill points clean"] += 1

    def kill_during_check(self, check):
        """SIGKILL as soon as a post-deploy check starts (the test cluster takes 2 s to start)."""
        answers = self.fresh()
        self.sb.admin("POST", "/_sandbox/config", {"dbx_cluster_start_s": 2})
        label = "kill during the %s check" % check
        p = subprocess.Popen([heiiki_bin(), "apply", "--answers", answers, "--yes"],
                             env=self.sb.full_env(), cwd=self.sb.dir, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True)
        for line in p.stdout:
            if "verify.%s" % check in line:
                p.kill()
                break
        p.communicate(timeout=240)
        self.sb.admin("POST", "/_sandbox/config", {"dbx_cluster_start_s": 0.3})
        self.fig["kill points tried"] += 1
        done = self.to_end(label, 0 if p.returncode == 0 else 137)
        if self.check(label, complete=done) and done:
            self.fig["kill points clean"] += 1

    def lost_reply(self, operation):
        answers = self.fresh()
        label = "lost reply of %s" % operation
        self.sb.admin("POST", "/_sandbox/faults", {"kind": "lost_response", "operation": operation,
                                                   "times": 1})
        rc, out, err = self.run(*self.apply_args(answers))
        self.sb.admin("DELETE", "/_sandbox/faults")
        done = self.to_end(label, rc, out + err)
        self.check(label, complete=done)

    def faults(self, kind, rate, seed):
        answers = self.fresh()
        label = "%s at %d %%" % (kind, rate * 100)
        spec = {"kind": kind, "rate": rate, "seed": seed}
        if kind == "timeout":
            spec["hold_s"] = 2
        self.sb.admin("POST", "/_sandbox/faults", spec)
        rc, out, err = self.run(*self.apply_args(answers), timeout=600)
        self.sb.admin("DELETE", "/_sandbox/faults")
        if rc not in (0, 1, 3, 4, 5):
            self.problems.append("%s: exit %d: %s" % (label, rc, (out + err)[-600:]))
        elif rc != 0 and "heiiki:" not in err and "failed" not in out + err:
            self.problems.append("%s: exit %d without a sentence" % (label, rc))
        done = self.to_end(label, rc, out + err)
        self.check(label, complete=done)

    def two_applies(self, gap_s):
        answers = self.fresh()
        label = "two applies %.2f s apart" % gap_s
        env = self.sb.full_env()
        a = subprocess.Popen([heiiki_bin()] + self.apply_args(answers), env=env, cwd=self.sb.dir,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(gap_s)
        b = subprocess.Popen([heiiki_bin()] + self.apply_args(answers), env=env, cwd=self.sb.dir,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        outs = [p.communicate(timeout=300) for p in (a, b)]
        rcs = [a.returncode, b.returncode]
        if 0 not in rcs:
            self.problems.append("%s: neither completed %s %s" % (label, rcs, outs))
        done = self.to_end(label, 0 if 0 in rcs else 1)
        self.check(label, complete=done)

    # ---- report --------------------------------------------------------------------------------
    def report(self):
        f = self.fig
        self.log("fault campaign: kill points tried %d / clean %d; runs %d: completed at once %d, "
                 "recovered on rerun %d, never recovered %d; duplicates %d, leaked clusters %d, "
                 "lost records %d" % (f["kill points tried"], f["kill points clean"], f["runs"],
                                      f["completed at once"], f["recovered on rerun"],
                                      f["never recovered"], f["duplicates"], f["leaks"],
                                      f["lost records"]))
        for p in self.problems[:40]:
            self.log("  " + p)
        return not self.problems


def seeded_subset(items, k, seed):
    """A deterministic sample (the same on every run)."""
    rng = random.Random(seed)
    items = list(items)
    return sorted(rng.sample(items, min(k, len(items))), key=items.index)
