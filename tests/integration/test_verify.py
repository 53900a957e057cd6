"""Post-deploy verification against the sandbox (issue 9): after a full apply,
`heiiki verify` checks the front end through the endpoint, moves the default
catalog off hive_metastore, starts a cluster through the back end and makes a
Unity Catalog file round trip; broken variants fail the right check with the
right explanation, and each result is recorded in the journal."""
import json
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "assets", "examples", "tokyo-closed.ini")


def apply(sandbox, heiiki, *extra):
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.3, "dbx_cluster_start_s": 0.3})
    # the checks run here alone (apply would run them too at its end)
    r = heiiki("apply", "--answers", EXAMPLE, "--yes", "--no-post-checks", *extra, timeout=180)
    assert r.rc == 0, r
    return r


def verify(sandbox, heiiki, via="HEIIKI_SANDBOX_FRONTEND", *extra):
    return heiiki("--ca-bundle", sandbox.env["HEIIKI_SANDBOX_CA"], "verify", "tokyo-closed",
                  "--frontend-addr", sandbox.env[via], *extra, timeout=180)


def lines(r):
    return {ln.split()[1]: ln for ln in r.out.splitlines() if ln.startswith("  ") and ln.split()[0] in ("PASS", "FAIL", "SKIP", "----")}


def journal(sandbox):
    path = os.path.join(sandbox.env["HEIIKI_STATE_DIR"], "tokyo-closed.json")
    with open(path, encoding="utf-8") as f:
        return {a["id"]: a for a in json.load(f)["actions"]}


def test_back_end_endpoints_get_private_dns_and_clusters_start(sandbox, heiiki):
    """F1: the shared workspace (REST) and relay endpoints are created with private DNS, so the
    sandbox's cluster nodes resolve the control plane and relay to them and the test cluster starts
    (with PrivateDnsEnabled=false, as before, it ends TERMINATED with a private-DNS message)."""
    apply(sandbox, heiiki)
    eps = sandbox.state()["ec2"]["vpc_endpoints"].values()
    by_svc = {e["ServiceName"].rsplit(".", 1)[1]: e for e in eps}
    for svc in ("vpce-svc-02691fd610d24fd64", "vpce-svc-02aa633bda3edbec0", "sts", "kinesis-streams", "glue"):
        assert by_svc[svc]["PrivateDnsEnabled"] is True, (svc, by_svc[svc])
    r = verify(sandbox, heiiki)
    backend = lines(r).get("Back", "")
    assert backend.startswith("  PASS"), r.out[-3000:]


def test_all_checks_pass_on_the_good_seed(sandbox, heiiki):
    apply(sandbox, heiiki)
    r = verify(sandbox, heiiki)
    assert r.rc == 0, r
    out = r.out
    assert "PASS  Front end" in out and "answers through the front-end endpoint" in out
    assert "PASS  Default catalog" in out
    assert "PASS  Back end" in out and "reached RUNNING through the back end" in out
    assert "PASS  Unity Catalog" in out and "read back and deleted" in out
    # the workspace default catalog really moved off hive_metastore
    wsds = list(sandbox.state()["dbx"]["ws"].values())
    assert len(wsds) == 1
    assert wsds[0]["settings"]["default_namespace_ws"]["value"] == "heiiki"
    assert "heiiki" in wsds[0]["catalogs"]
    assert not [c for c in wsds[0].get("clusters", {}).values() if c.get("state") == "RUNNING"]
    # the test cluster was removed, and every result is in the journal
    acts = journal(sandbox)
    for key in ("frontend", "catalog", "backend", "uc"):
        a = acts["verify." + key]
        assert a["state"] == "done", a
        assert a["result"]["outcome"] == "pass"
    # run alone again: still green (idempotent), with a check skipped on request
    r2 = verify(sandbox, heiiki, "HEIIKI_SANDBOX_FRONTEND", "--skip", "backend")
    assert r2.rc == 0, r2
    assert "SKIP  Back end" in r2.out


def test_back_end_cluster_is_a_proper_single_node_cluster(sandbox, heiiki):
    """F13: the test cluster carries the single-node recipe (custom_tags ResourceClass=SingleNode) and a
    data_security_mode, so a workspace with legacy features disabled (no No-isolation clusters;
    terraform-provider-databricks docs/resources/disable_legacy_features_setting.md) still starts it."""
    sandbox.admin("POST", "/_sandbox/config", {"dbx_disable_legacy_features": True})
    try:
        apply(sandbox, heiiki)
        r = verify(sandbox, heiiki)
    finally:
        sandbox.admin("POST", "/_sandbox/config", {"dbx_disable_legacy_features": False})
    assert "PASS  Back end" in r.out, r
    clusters = [c for w in sandbox.state()["dbx"]["ws"].values()
                for c in list((w.get("clusters") or {}).values()) + (w.get("_deleted_clusters") or [])]
    assert clusters, "the test cluster was created"
    c = clusters[-1]
    assert c.get("custom_tags") == {"ResourceClass": "SingleNode"}, c
    assert c.get("data_security_mode") == "USER_ISOLATION", c
    assert c.get("num_workers") == 0 and c["spark_conf"]["spark.databricks.cluster.profile"] == "singleNode", c


def test_public_path_fails_the_front_end(sandbox, heiiki):
    """No hosts line: the deploying host reaches the public ingress."""
    apply(sandbox, heiiki)
    r = verify(sandbox, heiiki, "HEIIKI_SANDBOX_PUBLIC")
    assert r.rc == 1, r
    assert "FAIL  Front end" in r.out
    assert "private-link validation error" in r.out
    assert "hosts-file line or private DNS" in r.out
    assert "Not run: the workspace is not reachable through the front end." in r.out
    assert journal(sandbox)["verify.frontend"]["state"] == "failed"


def test_front_end_server_error_is_not_a_private_link_error(sandbox, heiiki):
    """D14: a 503 on the front-end probe is a server error with a retry sentence, not the
    private-link validation error with DNS advice."""
    apply(sandbox, heiiki)
    sandbox.admin("POST", "/_sandbox/faults", {"kind": "http503", "operation": "GET /", "nth": 1})
    r = verify(sandbox, heiiki, "HEIIKI_SANDBOX_FRONTEND", "--skip", "backend,uc,catalog")
    assert r.rc == 1, r
    assert "FAIL  Front end" in r.out, r
    assert "HTTP 503" in r.out and "Run the check again" in r.out, r
    assert "private-link validation error" not in r.out and "hosts-file line" not in r.out, r
    sandbox.admin("DELETE", "/_sandbox/faults")
    r = verify(sandbox, heiiki, "HEIIKI_SANDBOX_FRONTEND", "--skip", "backend,uc,catalog")
    assert r.rc == 0, r


def test_untrusted_certificate_is_explained(sandbox, heiiki):
    apply(sandbox, heiiki)
    r = heiiki("verify", "tokyo-closed", "--frontend-addr", sandbox.env["HEIIKI_SANDBOX_FRONTEND"],
               env={"HEIIKI_CA_BUNDLE": ""})
    assert r.rc == 1, r
    assert "could not be verified" in r.out and "--ca-bundle" in r.out


@pytest.mark.seed("broken-sg-missing-6666")
def test_relay_sg_without_6666_fails_the_back_end(sandbox, heiiki):
    """Created anyway (pre-flight skipped): the cluster cannot reach the relay."""
    apply(sandbox, heiiki, "--no-preflight")
    r = verify(sandbox, heiiki)
    assert r.rc == 1, r
    assert "PASS  Front end" in r.out
    assert "FAIL  Back end" in r.out
    assert "could not reach the control plane through the back end" in r.out
    assert "6666" in r.out
    assert "PASS  Unity Catalog" in r.out


def test_verify_before_a_workspace_exists(sandbox, heiiki):
    r = heiiki("verify", "nosuchsetup")
    assert r.rc != 0
    assert "nosuchsetup" in (r.err + r.out)


def test_unknown_check_name_is_refused(sandbox, heiiki):
    apply(sandbox, heiiki)
    r = verify(sandbox, heiiki, "HEIIKI_SANDBOX_FRONTEND", "--skip", "backend,frontdoor")
    assert r.rc == 2, r
    assert "frontdoor" in r.err


def test_ctrl_c_removes_the_test_cluster(sandbox, heiiki):
    """Ctrl-C while the back-end check waits for its cluster: heiiki removes the
    cluster it started, marks the check not run (not recorded) and exits 4 -
    it never leaves a cluster running in the operator's workspace."""
    import signal
    import subprocess
    import time
    from conftest import heiiki_bin

    apply(sandbox, heiiki)
    sandbox.admin("POST", "/_sandbox/config", {"dbx_cluster_start_s": 600})
    args = [heiiki_bin(), "--ca-bundle", sandbox.env["HEIIKI_SANDBOX_CA"], "verify", "tokyo-closed",
            "--frontend-addr", sandbox.env["HEIIKI_SANDBOX_FRONTEND"]]
    p = subprocess.Popen(args, env=sandbox.full_env(), cwd=sandbox.dir, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)

    def clusters():
        wsds = list(sandbox.state()["dbx"].get("ws", {}).values())
        return dict(wsds[0].get("clusters", {})) if wsds else {}

    deadline = time.time() + 60
    while time.time() < deadline and not any(c["state"] == "PENDING" for c in clusters().values()):
        time.sleep(0.2)
    assert any(c["state"] == "PENDING" for c in clusters().values()), clusters()
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=30)
    assert p.returncode == 4, (out, err)
    assert "test cluster" in out + err and "was removed" in out + err, out + err
    assert "heiiki verify tokyo-closed" in err, err
    assert clusters() == {} or all(c["state"] in ("TERMINATING", "TERMINATED")
                                   for c in clusters().values()), clusters()
    backend = journal(sandbox).get("verify.backend")
    assert backend is None or backend["state"] != "done", backend
