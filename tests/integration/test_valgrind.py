"""valgrind (memcheck) over the headless commands against the sandbox (issue 10): a full apply
of assets/examples/tokyo-closed.ini (role, bucket, endpoints, Glue route, every Databricks
object, the workspace reusing the region's metastore), a no-op re-apply, the pre-flight
alone with a Databricks TLS failure (error paths), and destroy report no leak (definite or
indirect) and no invalid access.

Kept short for `make test` (about 30-60 s): the sandbox's workspace and endpoint delays are
cut through the admin API; each run has its own time limit.  The valgrind summary of every run
is printed (pytest -s, or in the failure report)."""
import os
import re
import shutil
import subprocess
import time

import pytest

from sbx_util import example_answers, heiiki_bin

VALGRIND = shutil.which("valgrind")
pytestmark = pytest.mark.skipif(VALGRIND is None, reason="valgrind is not installed "
                                "(scripts/debian-packages.txt lists it; run `make deps`)")
ERROR_EXIT = 99


def memcheck(sandbox, args, env=None, limit=80):
    log = os.path.join(sandbox.dir, "valgrind-%d.log" % time.monotonic_ns())
    argv = [VALGRIND, "--tool=memcheck", "--leak-check=full", "--errors-for-leak-kinds=definite,indirect",
            "--show-leak-kinds=definite,indirect", "--error-exitcode=%d" % ERROR_EXIT,
            "--track-origins=no", "--num-callers=30", "--log-file=" + log,
            heiiki_bin()] + list(args)
    t0 = time.monotonic()
    p = subprocess.run(argv, env=sandbox.full_env(**(env or {})), capture_output=True, text=True,
                       timeout=limit, cwd=sandbox.dir, stdin=subprocess.DEVNULL)
    with open(log, encoding="utf-8", errors="replace") as f:
        report = f.read()
    summary = "\n".join(l for l in report.splitlines()
                        if re.search(r"ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|"
                                     r"in use at exit|total heap usage|Invalid|uninitialised", l))
    print("valgrind heiiki %s  (%.1f s, exit %d)\n%s" % (" ".join(args[:1]), time.monotonic() - t0,
                                                         p.returncode, summary))
    return p, report, summary


def clean(p, report, summary, expect_rc=0):
    assert p.returncode != ERROR_EXIT, "valgrind found errors:\n%s\n%s" % (summary, report[-6000:])
    assert p.returncode == expect_rc, "exit %d (want %d): %s\n%s" % (p.returncode, expect_rc,
                                                                    p.stderr[-1500:], summary)
    assert re.search(r"ERROR SUMMARY: 0 errors from 0 contexts", report), summary
    for kind in ("definitely lost", "indirectly lost"):
        m = re.search(r"%s: ([\d,]+) bytes" % kind, report)
        assert m is None or m.group(1) == "0", summary
    assert "Invalid read" not in report and "Invalid write" not in report and "Invalid free" not in report


def test_headless_apply_reapply_check_destroy_under_memcheck(sandbox):
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2, "vpce_delay_s": 0.1})
    answers = example_answers(sandbox)

    clean(*memcheck(sandbox, ["apply", "--answers", answers, "--yes"]))
    assert sandbox.creates(), "the apply created nothing: valgrind saw no commit"

    sandbox.clear_log()
    clean(*memcheck(sandbox, ["apply", "--answers", answers, "--yes", "--quiet"]))
    assert sandbox.creates() == []

    tls = {"DATABRICKS_HOST": "https://%s" % sandbox.env.get("HEIIKI_SANDBOX_FRONTEND", "127.0.0.1:9"),
           "HEIIKI_CA_BUNDLE": ""}
    p, report, summary = memcheck(sandbox, ["check", "--answers", answers], env=tls)
    assert p.returncode not in (0, ERROR_EXIT), "the pre-flight through an untrusted CA passed: %s" % p.stdout[-800:]
    clean(p, report, summary, expect_rc=p.returncode)

    clean(*memcheck(sandbox, ["destroy", "tokyo-closed", "--yes"], limit=80))


@pytest.mark.seed("tokyo-no-metastore")
def test_metastore_create_apply_and_destroy_under_memcheck(sandbox):
    """metastore.mode = create (issue 16 F2): the UC bucket, role, policies, storage credential,
    external location (with an IAM-propagation wait) and the catalog check, then destroy."""
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2, "vpce_delay_s": 0.1,
                                               "dbx_iam_propagation_s": 1})
    answers = example_answers(sandbox)
    with open(answers, encoding="utf-8") as f:
        text = f.read()
    text, n = re.subn(r"(?s)\[metastore\].*?\n\[workspace\]",
                      "[metastore]\nmode = create\nname = tokyo-closed-metastore\nbucket = tokyo-closed-uc-0d26daa6\n"
                      "role_arn = arn:aws:iam::%s:role/tokyo-closed-uc\n\n[workspace]"
                      % sandbox.state()["config"]["account_id"], text, count=1)
    assert n == 1
    with open(answers, "w", encoding="utf-8") as f:
        f.write(text)
    clean(*memcheck(sandbox, ["apply", "--answers", answers, "--yes", "--skip-post-checks", "backend"],
                    limit=150))
    assert "tokyo-closed-uc" in sandbox.state()["iam"]["roles"]
    clean(*memcheck(sandbox, ["destroy", "tokyo-closed", "--yes"], limit=80))


@pytest.mark.seed("tokyo-empty-vpc")
def test_network_create_plan_apply_destroy_under_memcheck(sandbox):
    """Network mode create (issue 18): the layout, the subnets, route tables, groups and the DNS
    fix, and their removal, with no leak and no invalid access."""
    from test_network_create import answers
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2, "vpce_delay_s": 0.1})
    path = answers(sandbox)
    clean(*memcheck(sandbox, ["plan", "--answers", path]))
    clean(*memcheck(sandbox, ["apply", "--answers", path, "--yes", "--no-post-checks"], limit=120))
    assert sandbox.creates()
    clean(*memcheck(sandbox, ["destroy", "empty", "--yes"], limit=120))
