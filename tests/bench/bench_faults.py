#!/usr/bin/python3
"""The fault campaign, long (issue 20, item 2; `make bench` runs it last): what the reliability
probe of 2026-12-07 did by hand, over the sandbox, with the machinery of
tests/integration/campaign.py (the short, seeded subset is tests/integration/test_fault_campaign.py).

  - a kill right after EVERY create call of a full apply with its post-deploy checks, once with the
    reply delivered and once with it lost, and as each post-deploy check starts; then `resume`
    until done;
  - the reply of each kind of create lost (processed, then the connection reset);
  - each fault kind at 10, 20 and 30 % (seeded);
  - two applies of the same setup at once, 0 / 0.05 / 0.3 / 1 s apart; verify racing destroy,
    apply racing destroy, resume racing verify (both orders), the wizard's commit racing a
    headless apply: the loser refused naming the holder, nothing overwritten;
  - the same kill points over the network heiiki creates (aws.net.*, seed tokyo-empty-vpc,
    network.mode = create_in_vpc) and the metastore chain (aws.uc.*, post.uc.*, seed
    tokyo-no-metastore, metastore.mode = create).

Prints the figures (kill points tried / clean, runs completed / recovered, duplicates, leaks, lost
records) and exits 1 on any duplicate, leaked test cluster, lost record or run that never
completed.  Bounded: HEIIKI_BENCH_FAULTS_S (default 1200 s); scenarios that would start after it
are counted as not run, and the table says so.  HEIIKI_BENCH_FAULTS_PROFILES (default
"closed,network,metastore") picks the setups to run.

Usage: HEIIKI_BIN=build/heiiki /usr/bin/python3 tests/bench/bench_faults.py"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "integration"))

from campaign import Campaign  # noqa: E402
from conftest import Sandbox  # noqa: E402

KINDS = ("http500", "http503", "throttle", "reset", "truncate", "malformed", "lost_response")
RATES = (0.1, 0.2, 0.3)
SEED = 7


def kills(c, creates):
    for k in range(1, len(creates) + 1):
        yield "kill", (lambda k=k: c.kill_point(k, "after_response"))
        yield "kill", (lambda k=k: c.kill_point(k, "before_response"))


def scenarios(c, creates):
    yield "race", c.verify_vs_destroy
    yield "race", c.apply_vs_destroy
    yield "race", (lambda: c.resume_vs_verify(True))
    yield "race", (lambda: c.resume_vs_verify(False))
    yield "race", c.wizard_vs_apply
    for item in kills(c, creates):
        yield item
    for check in ("frontend", "catalog", "backend", "uc"):
        yield "kill", (lambda check=check: c.kill_during_check(check))
    for op in sorted(set(creates)):
        yield "lost", (lambda op=op: c.lost_reply(op))
    for kind in KINDS:
        for rate in RATES:
            yield "fault", (lambda kind=kind, rate=rate: c.faults(kind, rate, SEED))
    for gap in (0.0, 0.05, 0.3, 1.0):
        yield "race", (lambda gap=gap: c.two_applies(gap))


def main():
    budget = float(os.environ.get("HEIIKI_BENCH_FAULTS_S", "1200"))
    t0 = time.monotonic()
    profiles = os.environ.get("HEIIKI_BENCH_FAULTS_PROFILES", "closed,network,metastore").split(",")
    sb = Sandbox()
    skipped = 0
    try:
        # the Glue route on: every kind of create heiiki makes (the instance profile too)
        c = Campaign(sb, log=lambda s: (print(s), sys.stdout.flush()), glue=True)
        creates = c.count_creates() if "closed" in profiles else []
        if creates:
            print("a full apply with its checks makes %d create calls: %s" % (len(creates), ", ".join(creates)))
        for _, run in (scenarios(c, creates) if creates else ()):
            if time.monotonic() - t0 > budget:
                skipped += 1
                continue
            run()
        # the network heiiki creates and the metastore chain: every create, both ways
        for profile in [p for p in ("network", "metastore") if p in profiles]:
            if time.monotonic() - t0 > budget:
                skipped += 1
                continue
            c.use(profile)
            creates = c.count_creates()
            print("%s: a full apply makes %d create calls: %s" % (profile, len(creates), ", ".join(creates)))
            for _, run in kills(c, creates):
                if time.monotonic() - t0 > budget:
                    skipped += 1
                    continue
                run()
            c.use("closed")
    finally:
        sb.stop()
    ok = c.report()
    print("wall %.0f s%s" % (time.monotonic() - t0,
                             "; %d scenarios not run (HEIIKI_BENCH_FAULTS_S=%.0f)" % (skipped, budget)
                             if skipped else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
