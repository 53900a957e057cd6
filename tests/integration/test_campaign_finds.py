"""Defects the fault campaign (issue 20, item 2) found in its network and metastore profiles,
each as a test of its own."""
import os
import signal

import pytest

from test_crash import start_stopped
from test_metastore_create import create_mode_answers

APPLY = ("--yes", "--quiet", "--no-post-checks")


@pytest.mark.seed("tokyo-no-metastore")
def test_resume_after_a_kill_in_the_metastore_chain_is_not_blocked_by_its_own_metastore(sandbox, heiiki):
    """Killed after the external location's create (metastore.mode = create): the rerun's
    pre-flight found the metastore this setup had just made and blocked on rule M1 (one
    metastore per region, exit 3) - it is the setup's own, recorded in its journal."""
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
    answers = create_mode_answers(sandbox)
    proc = start_stopped(sandbox, ["apply", "--answers", answers] + list(APPLY))
    sandbox.admin("POST", "/_sandbox/crash", {"pid": proc.pid, "after_creates": 1,
                                              "when": "before_response",
                                              "operation": "CreateExternalLocation"})
    os.kill(proc.pid, signal.SIGCONT)
    proc.communicate(timeout=240)
    assert proc.returncode == -signal.SIGKILL
    assert len(sandbox.state()["dbx"]["metastores"]) == 1
    r = heiiki("resume", "tokyo-closed", "--quiet", "--no-post-checks", timeout=240)
    assert r.rc == 0, r
    assert len(sandbox.state()["dbx"]["metastores"]) == 1
