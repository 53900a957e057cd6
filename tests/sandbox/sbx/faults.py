"""Injected latency, faults and the crash hook; the request log (all in memory, not persisted)."""
import random
import re
import threading
import time

# "lost_response": the request IS processed (the create happens), then the connection is reset
# before any byte of the reply is sent.  Real networks do this: a load balancer or NAT idle
# timeout, a proxy restart or a dropped link between the service and the client loses the reply
# of a call that already took effect (AWS: "a request that fails with a network error may have
# succeeded" - https://docs.aws.amazon.com/AWSEC2/latest/APIReference/Run_Instance_Idempotency.html;
# Databricks SDKs retry only idempotent calls for the same reason).  Every other kind changes no state.
FAULT_KINDS = ("http500", "http503", "throttle", "reset", "timeout", "truncate", "malformed",
               "echo_auth", "ansi", "lost_response")
CREATE_RE = re.compile(r"^(Create|Allocate|Put|Run|Register)")
# Hostile answers (probe 7 of the 2026-12-07 reliability probe): real servers and proxies do echo
# request headers in error text (e.g. a gateway's "invalid header Authorization: ..." or a WAF
# page), and any text a server sends may carry terminal escape sequences.  "echo_auth" answers 400
# with the request's Authorization header in the message; "ansi" answers 400 with a message full of
# ESC/OSC/CSI sequences (title, OSC 52 clipboard, clear screen, C1 CSI).
ANSI_MESSAGE = ("Bad request \x1b]0;pwned-title\x07\x1b]52;c;ZWNobyBwd25lZA==\x1b\\\x1b[2J\x1b[31m"
                "red\x1b[0m\u009b2J tail")


def hostile_message(kind, headers):
    """The message text of an echo_auth or ansi fault."""
    if kind == "echo_auth":
        return "Invalid request header Authorization: %s" % (headers.get("Authorization") or "")
    return ANSI_MESSAGE
# With "mutations": true the crash hook also counts the calls that change a resource after it
# exists (rules, associations, attributes): a kill between a create and its follow-ups.
MUTATION_RE = re.compile(r"^(Associate|Authorize|Revoke|Modify|Attach|Disassociate)")


class Injector:
    def __init__(self):
        self.lock = threading.Lock()
        self.rng = random.Random(0)
        self.clear()

    def clear(self, log=True):
        with self.lock:
            self.latency = []
            self.faults = []
            self.crash = None
            if log:
                self.log = []
                self.counts = {}
                self.seq = 0

    def clear_log(self):
        with self.lock:
            self.log = []
            self.counts = {}

    # configuration -------------------------------------------------------
    def add_latency(self, spec):
        rule = {"fixed_ms": float(spec.get("fixed_ms", 0)), "jitter_ms": float(spec.get("jitter_ms", 0)),
                "service": spec.get("service"), "operation": spec.get("operation")}
        if rule["fixed_ms"] < 0 or rule["jitter_ms"] < 0:
            raise ValueError("fixed_ms and jitter_ms must be >= 0")
        with self.lock:
            self.latency.append(rule)
        return rule

    def add_fault(self, spec):
        kind = spec.get("kind")
        if kind not in FAULT_KINDS:
            raise ValueError("kind must be one of " + ", ".join(FAULT_KINDS))
        rule = {"kind": kind, "service": spec.get("service"), "operation": spec.get("operation"),
                "rate": spec.get("rate"), "nth": spec.get("nth"), "seen": 0, "fired": 0,
                "hold_s": float(spec.get("hold_s", 30)), "retry_after": int(spec.get("retry_after", 1))}
        if rule["nth"] is not None:
            rule["nth"] = int(rule["nth"])
            if rule["nth"] < 1:
                raise ValueError("nth counts from 1")
        if rule["rate"] is not None:
            rule["rate"] = float(rule["rate"])
            if not 0 <= rule["rate"] <= 1:
                raise ValueError("rate must be within 0..1")
        default_times = 1 if rule["nth"] is not None else None
        rule["times"] = spec.get("times", default_times)
        if "seed" in spec:
            self.rng.seed(spec["seed"])
        with self.lock:
            self.faults.append(rule)
        return rule

    def set_crash(self, spec):
        rule = {"pid": int(spec["pid"]), "after_creates": int(spec.get("after_creates", 1)),
                "when": spec.get("when", "after_response"), "service": spec.get("service"),
                "operation": spec.get("operation"), "mutations": bool(spec.get("mutations")),
                "seen": 0, "fired": False}
        if rule["when"] not in ("after_response", "before_response"):
            raise ValueError("when must be after_response or before_response")
        with self.lock:
            self.crash = rule
        return rule

    # evaluation ----------------------------------------------------------
    @staticmethod
    def _match(rule, service, operation):
        if rule.get("service") and rule["service"] != service:
            return False
        if rule.get("operation") and rule["operation"] != operation:
            return False
        return True

    def delay_for(self, service, operation):
        with self.lock:
            total = 0.0
            for r in self.latency:
                if self._match(r, service, operation):
                    total += r["fixed_ms"] + (self.rng.uniform(0, r["jitter_ms"]) if r["jitter_ms"] else 0)
        return total / 1000.0

    def fault_for(self, service, operation):
        with self.lock:
            for r in self.faults:
                if not self._match(r, service, operation):
                    continue
                if r["times"] is not None and r["fired"] >= r["times"]:
                    continue
                r["seen"] += 1
                hit = True
                if r["nth"] is not None and r["seen"] != r["nth"]:
                    hit = False
                if hit and r["rate"] is not None and self.rng.random() >= r["rate"]:
                    hit = False
                if hit:
                    r["fired"] += 1
                    return dict(r)
        return None

    def crash_check(self, ctx, status):
        """Count a successful create; return the crash rule when it is due."""
        with self.lock:
            r = self.crash
            counted = ctx.create or (r and r["mutations"] and MUTATION_RE.match(ctx.operation or ""))
            if not r or r["fired"] or not counted or status >= 400:
                return None
            if not self._match(r, ctx.service, ctx.operation):
                return None
            r["seen"] += 1
            if r["seen"] < r["after_creates"]:
                return None
            r["fired"] = True
            return dict(r)

    def record(self, entry):
        with self.lock:
            self.seq += 1
            entry["seq"] = self.seq
            self.log.append(entry)
            if len(self.log) > 20000:
                del self.log[:5000]
            key = "%s:%s" % (entry["service"], entry["operation"])
            self.counts[key] = self.counts.get(key, 0) + 1

    def snapshot(self, since=0):
        with self.lock:
            entries = [dict(e) for e in self.log if e["seq"] > since]
            return {"requests": entries, "counts": dict(self.counts),
                    "creates": [e for e in entries if e.get("create") and e["status"] < 400]}


def sleep(seconds):
    if seconds > 0:
        time.sleep(seconds)
