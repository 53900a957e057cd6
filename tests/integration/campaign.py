"""The fault campaign (issue 20, item 2): what the reliability probe of 2026-12-07 did by hand,
as a repeatable run over the sandbox.

  kill points   SIGKILL right after each create call (the crash hook), with its reply delivered
                ("after_response") and lost ("before_response"), the post-deploy checks' creates
                included (the test cluster, catalog, schema, volume, file), and as each check
                starts; then `resume` until done
  lost replies  every create processed but its reply lost (fault lost_response)
  faults        http500 / http503 / throttle / reset / truncate / malformed / lost_response at
                10-30 %, seeded; a run that fails must end with a sentence and complete on rerun
  concurrency   two commands at once on the same setup: two applies, verify racing destroy,
                apply racing destroy, resume racing verify, the wizard's commit racing a headless
                apply; the loser is refused naming the holder, the state is not overwritten
  profiles      the closed setup (tokyo-closed, the Glue route in the long run), the network
                heiiki creates (aws.net.*: tokyo-empty-vpc, network.mode = create_in_vpc) and the
                metastore it creates (aws.uc.*, post.uc.*: tokyo-no-metastore, metastore.mode = create)

After each scenario the oracle reads the sandbox: duplicates (two live objects of a kind heiiki
makes once), leaks (a test cluster left in the workspace), lost records (a live object heiiki made
that the summary does not name, or a summary ID that does not exist).  The test
(test_fault_campaign.py) runs a seeded subset; `make bench` (tests/bench/bench_faults.py) runs all.

Reuses test_crash.py's machinery (start_stopped, live_counts, fresh_setup)."""
import json
import os
import random
import re
import signal
import subprocess
import time

from conftest import ROOT, heiiki_bin, write_tokyo_answers
from test_crash import live_counts, start_stopped

RERUNS = 3
DBX_KINDS = ("credentials", "storage", "networks", "vpc_endpoints", "pas", "workspaces")
EC2_NET = (("subnets", "SubnetId"), ("route_tables", "RouteTableId"), ("security_groups", "GroupId"))
# calls only the network heiiki creates (aws.net.*) and the metastore chain (aws.uc.*, post.uc.*)
# make: the short run kills a seeded one of each (the long run kills at every create)
NET_OPS = ("CreateSubnet", "CreateRouteTable", "CreateSecurityGroup")
UC_OPS = ("CreateMetastore", "CreateStorageCredential", "CreateExternalLocation")


def _network_answers(sandbox):
    from test_network_create import answers
    return answers(sandbox)


def _metastore_answers(sandbox):
    from test_metastore_create import create_mode_answers
    return create_mode_answers(sandbox)


# profile: (seed, setup name, answers writer(sandbox, glue))
PROFILES = {
    "closed": ("tokyo-closed", "tokyo-closed", lambda sb, glue: write_tokyo_answers(sb, glue=glue)),
    "network": ("tokyo-empty-vpc", "empty", lambda sb, glue: _network_answers(sb)),
    "metastore": ("tokyo-no-metastore", "tokyo-closed", lambda sb, glue: _metastore_answers(sb)),
}


class Campaign:
    def __init__(self, sandbox, log=print, glue=False, profile="closed"):
        self.sb = sandbox
        self.log = log
        self.glue = glue           # the Glue route too: its role, instance profile and policy
        self.fig = {"kill points tried": 0, "kill points clean": 0, "runs": 0,
                    "completed at once": 0, "recovered on rerun": 0, "never recovered": 0,
                    "races": 0, "races clean": 0,
                    "duplicates": 0, "leaks": 0, "lost records": 0}
        self.problems = []
        self.use(profile)

    def use(self, profile):
        """Switch to another setup profile (the figures add up)."""
        self.profile = profile
        self.seed, self.setup, self._answers = PROFILES[profile]

    # ---- running heiiki ----------------------------------------------------------------------
    def run(self, *args, timeout=240):
        p = subprocess.run([heiiki_bin()] + list(args), env=self.sb.full_env(), cwd=self.sb.dir,
                           capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr

    def fresh(self):
        """Re-seed the sandbox and forget heiiki's state: a clean start."""
        self.sb.admin("POST", "/_sandbox/seed", {"name": self.seed})
        self.sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2, "dbx_cluster_start_s": 0.3})
        for name in os.listdir(self.sb.state_dir):
            os.unlink(os.path.join(self.sb.state_dir, name))
        return self._answers(self.sb, self.glue)

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
            rc, out, err = self.run("resume", self.setup, "--quiet")
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
        for name, n in self.net_names(state).items():
            if n > 1:
                dup.append("%d network objects named %s" % (n, name))
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

    def ours(self, state):
        """(collection, id, name) of the live subnets, route tables and security groups named
        after the setup (what aws.net.* makes; the seeds name none so)."""
        out = []
        for coll, _ in EC2_NET:
            for oid, o in state["ec2"].get(coll, {}).items():
                tags = {t["Key"]: t["Value"] for t in o.get("Tags", [])}
                name = o.get("GroupName") if coll == "security_groups" else tags.get("Name")
                if name and name.startswith(self.setup + "-"):
                    out.append((coll, oid, name))
        return out

    def net_names(self, state):
        if self.profile != "network":
            return {}
        names = {}
        for coll, _, name in self.ours(state):
            names[(coll, name)] = names.get((coll, name), 0) + 1
        return {"%s %s" % k: n for k, n in names.items()}

    def lost_records(self, state):
        rc, out, err = self.run("summary", self.setup, "--json")
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
        if self.profile == "network":
            for coll, oid, name in self.ours(state):
                if oid not in named:
                    out.append("%s %s (%s) not in the summary" % (coll, oid, name))
        if self.profile == "metastore":
            for mid in dbx.get("metastores", {}):
                if str(mid) not in named:
                    out.append("metastore %s not in the summary" % mid)
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
        if rc not in (0, 1, 3, 4, 5, 8):      # 8: the pre-flight could not check (man page)
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

    # ---- two commands at once ----------------------------------------------------------------
    def popen(self, *args, env=None):
        return subprocess.Popen([heiiki_bin()] + list(args), env=env or self.sb.full_env(),
                                cwd=self.sb.dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)

    def wait_for(self, pred, proc, timeout=90):
        """True once pred() holds while proc still runs."""
        deadline = time.time() + timeout
        while time.time() < deadline and proc.poll() is None:
            if pred():
                return proc.poll() is None
            time.sleep(0.05)
        return False

    def cluster_pending(self):
        return any(c.get("state") == "PENDING" for w in self.sb.state()["dbx"].get("ws", {}).values()
                   for c in w.get("clusters", {}).values())

    def workspace_made(self):
        return bool(self.sb.state()["dbx"].get("workspaces"))

    def holder_named(self, text, command, pid):
        return re.search(r'Another heiiki is working on setup "%s" right now: heiiki %s, process %d '
                         r'on \S+, since ' % (re.escape(self.setup), command, pid), text)

    def state_agrees(self, label):
        """The state file says destroyed exactly when the workspace is gone (nothing overwritten
        with a stale picture)."""
        with open(os.path.join(self.sb.state_dir, self.setup + ".json"), encoding="utf-8") as f:
            phase = json.load(f)["phase"]
        if (phase == "destroyed") != (not self.workspace_made()):
            self.problems.append("%s: the state says %s but workspaces are %s" %
                                 (label, phase, sorted(self.sb.state()["dbx"]["workspaces"])))
            return False
        return True

    def applied(self):
        """A complete setup, no post-deploy checks."""
        answers = self.fresh()
        rc, out, err = self.run("apply", "--answers", answers, "--yes", "--quiet", "--no-post-checks")
        if rc != 0:
            self.problems.append("setup for a race: apply exit %d: %s" % (rc, (out + err)[-600:]))
        return answers

    def race(self, label, first, first_cmd, pred, second, wait_s=90):
        """first holds the setup (pred says when it is inside); second must be refused with the
        holder named (exit 6); first completes; the state is not overwritten; the oracle."""
        self.fig["races"] += 1
        a = self.popen(*first)
        inside = self.wait_for(pred, a, wait_s)
        rc_b, out_b, err_b = self.run(*second)
        out_a, err_a = a.communicate(timeout=300)
        ok = True
        if not inside:
            ok = False
            self.problems.append("%s: the first command was never seen inside its run (exit %s): %s" %
                                 (label, a.returncode, (out_a + err_a)[-400:]))
        elif rc_b != 6 or not self.holder_named(err_b, first_cmd, a.pid):
            ok = False
            self.problems.append("%s: the second command was not refused naming the holder "
                                 "(exit %d): %s" % (label, rc_b, (out_b + err_b)[-400:]))
        if a.returncode != 0:
            ok = False
            self.problems.append("%s: the holder failed (exit %d): %s" %
                                 (label, a.returncode, (out_a + err_a)[-600:]))
        ok = self.state_agrees(label) and ok
        return ok

    def verify_vs_destroy(self):
        self.applied()
        label = "verify racing destroy"
        self.sb.admin("POST", "/_sandbox/config", {"dbx_cluster_start_s": 3})
        ok = self.race(label, ["verify", self.setup], "verify", self.cluster_pending,
                       ["destroy", self.setup, "--yes"])
        self.sb.admin("POST", "/_sandbox/config", {"dbx_cluster_start_s": 0.3})
        self.end_race(label, ok)

    def resume_vs_verify(self, resume_first):
        if resume_first:
            # a run killed after its first create: resume has the rest to do
            answers = self.fresh()
            proc = start_stopped(self.sb, ["apply", "--answers", answers, "--yes", "--quiet",
                                           "--no-post-checks"])
            self.sb.admin("POST", "/_sandbox/crash", {"pid": proc.pid, "after_creates": 1,
                                                      "when": "after_response"})
            os.kill(proc.pid, signal.SIGCONT)
            proc.communicate(timeout=240)
            self.sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": 3})
            label = "resume racing verify"
            ok = self.race(label, ["resume", self.setup, "--quiet", "--no-post-checks"], "resume",
                           self.workspace_made, ["verify", self.setup])
        else:
            self.applied()
            self.sb.admin("POST", "/_sandbox/config", {"dbx_cluster_start_s": 3})
            label = "verify racing resume"
            ok = self.race(label, ["verify", self.setup], "verify", self.cluster_pending,
                           ["resume", self.setup, "--quiet"])
        self.sb.admin("POST", "/_sandbox/config", {"dbx_cluster_start_s": 0.3, "workspace_delay_s": 0.2})
        self.end_race(label, ok)

    def apply_vs_destroy(self):
        answers = self.fresh()
        label = "apply racing destroy"
        self.sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": 3})
        ok = self.race(label, ["apply", "--answers", answers, "--yes", "--quiet", "--no-post-checks"],
                       "apply", self.workspace_made, ["destroy", self.setup, "--yes"])
        self.sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
        self.end_race(label, ok)

    def wizard_vs_apply(self):
        """The wizard's commit while a headless apply of the same setup runs: refused naming the
        apply; once it is done, F10 retries from what the apply left (nothing relabelled)."""
        from sbx_util import example_answers
        label = "wizard commit racing a headless apply"
        self.fresh()
        ini = example_answers(self.sb)
        text = re.sub(r",\n[ \t]+", ", ", open(ini, encoding="utf-8").read())
        saved = os.path.join(self.sb.state_dir, self.setup + ".answers")
        with open(saved, "w", encoding="utf-8") as f:
            f.write("# heiiki-ui: step=account done=start,\n" + text)
        os.chmod(saved, 0o600)
        self.sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": 12})
        self.fig["races"] += 1
        a = self.popen("apply", "--answers", ini, "--yes", "--quiet", "--no-post-checks")
        ok = self.wait_for(self.workspace_made, a)
        keys = os.path.join(self.sb.dir, "wizard.keys")
        dump = os.path.join(self.sb.dir, "wizard.screens")
        with open(keys, "w") as f:
            f.write("<Down><Enter>" + "<F10>" * 11 + "<until:Another heiiki><dump><sleep:1500><F10>"
                    "<until:Done:><dump>")
        if os.path.exists(dump):
            os.unlink(dump)
        env = self.sb.full_env(HEIIKI_UI_SCRIPT=keys, HEIIKI_UI_DUMP=dump,
                               HEIIKI_ASSETS=os.path.join(ROOT, "assets"), LANG="C.UTF-8",
                               LC_ALL="C.UTF-8", TERM="xterm-256color")
        wiz = subprocess.Popen([heiiki_bin()], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, cwd=self.sb.dir)

        def screens():
            return open(dump, errors="replace").read() if os.path.exists(dump) else ""
        try:
            refused = self.wait_for(lambda: "Another heiiki" in screens(), wiz, 180)
            if refused:
                os.kill(wiz.pid, signal.SIGSTOP)      # it waits; the apply finishes
            out_a, err_a = a.communicate(timeout=300)
            with open(os.path.join(self.sb.state_dir, self.setup + ".json")) as f:
                headless = {x["id"]: x.get("origin") for x in json.load(f)["actions"]}
            if refused:
                os.kill(wiz.pid, signal.SIGCONT)
            wiz.communicate(timeout=300)
        finally:
            if wiz.poll() is None:
                os.kill(wiz.pid, signal.SIGCONT)
                wiz.kill()
                wiz.wait()
        self.sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
        text = screens()
        one_line = re.sub(r"\s+", " ", text)
        if not ok or not refused:
            ok = False
            self.problems.append("%s: the wizard's commit was not refused while the apply ran: %s" %
                                 (label, text[-600:]))
        elif not re.search(r"heiiki apply, process %d" % a.pid, one_line):
            ok = False
            self.problems.append("%s: the refusal does not name the apply (pid %d): %s" %
                                 (label, a.pid, text[-600:]))
        if a.returncode != 0:
            ok = False
            self.problems.append("%s: the apply failed (exit %d): %s" % (label, a.returncode,
                                                                         (out_a + err_a)[-600:]))
        with open(os.path.join(self.sb.state_dir, self.setup + ".json")) as f:
            after = {x["id"]: x.get("origin") for x in json.load(f)["actions"]}
        changed = {k: (headless.get(k), v) for k, v in after.items()
                   if k in headless and headless[k] != v}
        if changed:
            ok = False
            self.problems.append("%s: the wizard's retry relabelled %s" % (label, changed))
        if "Done:" not in text:
            ok = False
            self.problems.append("%s: the wizard's retry did not finish: %s" % (label, text[-600:]))
        ok = self.state_agrees(label) and ok
        self.end_race(label, ok)

    def end_race(self, label, ok):
        done = self.to_end(label, 0 if ok else 1)
        if self.check(label, complete=done) and done and ok:
            self.fig["races clean"] += 1

    # ---- report --------------------------------------------------------------------------------
    def report(self):
        f = self.fig
        self.log("fault campaign: kill points tried %d / clean %d; runs %d: completed at once %d, "
                 "recovered on rerun %d, never recovered %d; races %d / clean %d; duplicates %d, "
                 "leaked clusters %d, lost records %d"
                 % (f["kill points tried"], f["kill points clean"], f["runs"],
                    f["completed at once"], f["recovered on rerun"], f["never recovered"],
                    f["races"], f["races clean"], f["duplicates"], f["leaks"], f["lost records"]))
        for p in self.problems[:40]:
            self.log("  " + p)
        return not self.problems


def seeded_subset(items, k, seed):
    """A deterministic sample (the same on every run)."""
    rng = random.Random(seed)
    items = list(items)
    return sorted(rng.sample(items, min(k, len(items))), key=items.index)
