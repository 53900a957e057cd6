"""The fault campaign, short (issue 20, item 2): a seeded, deterministic subset of what
`make bench` runs in full (tests/bench/bench_faults.py; machinery in campaign.py).

It kills heiiki at a sample of create calls (the post-deploy checks' among them) with the reply
delivered and lost, loses the reply of a sample of creates, injects faults at 10-30 %, and runs
two commands at once (two applies; verify racing destroy; apply racing destroy; resume and verify;
the wizard's commit racing a headless apply), kills a seeded create of the network heiiki creates
and of the metastore chain; it prints the figures and fails on any duplicate, leaked
test cluster or lost record, and on any run that does not complete at once or on its rerun."""
from campaign import NET_OPS, UC_OPS, Campaign, seeded_subset

SEED = 20


def test_fault_campaign_short(sandbox):
    c = Campaign(sandbox)
    creates = c.count_creates()
    n = len(creates)
    # the first create and a seeded sample of the others, the reply delivered and lost in turn,
    # and the test cluster's create (the back-end check) both ways
    cluster = creates.index("CreateCluster") + 1
    points = [1] + seeded_subset([k for k in range(2, n + 1) if k != cluster], 2, SEED)
    for i, k in enumerate(points):
        c.kill_point(k, "after_response" if i % 2 == 0 else "before_response")
    c.kill_point(1, "after_response", "CreateCluster")
    c.kill_point(1, "before_response", "CreateCluster")
    c.kill_during_check("backend")
    for op in ("CreateCredential", "CreateRole", "CreateCluster"):
        c.lost_reply(op)
    c.faults("http503", 0.1, SEED)
    c.faults("lost_response", 0.2, SEED)
    c.two_applies(0.05)
    c.verify_vs_destroy()
    c.apply_vs_destroy()
    c.resume_vs_verify(SEED % 2 == 0)
    c.wizard_vs_apply()
    # a seeded create of the network heiiki creates (aws.net.*) and of the metastore chain
    # (aws.uc.*, post.uc.*), the reply lost (the first runs found a resume blocked by rule M1
    # on the setup's own metastore: test_campaign_finds.py)
    for profile, ops in (("network", NET_OPS), ("metastore", UC_OPS)):
        c.use(profile)
        c.kill_point(1, "before_response", seeded_subset(ops, 1, SEED)[0])
    c.use("closed")
    ok = c.report()
    assert c.fig["kill points tried"] == len(points) + 5
    assert c.fig["races"] == 4
    assert ok, "\n".join(c.problems)
