"""The wizard and the CLI record the same post-deploy checks (issue 17, item 3):
both run them through the engine's hk_verify_setup_run, which reads the
workspace URL and front-end address from the journal, journals the test
cluster and records every outcome under the journal lock.  The wizard's
records, then `heiiki verify NAME`'s on the same setup, are compared."""
import json
import subprocess

import pytest

from conftest import base_env
from sandbox_kit import TOKYO_TO_COMMIT, Sandbox


@pytest.fixture
def sandbox_env(tmp_path):
    sb = Sandbox(tmp_path, "tokyo-closed")
    sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": 1, "vpce_delay_s": 1,
                                          "dbx_cluster_start_s": 0.3})
    env = dict(sb.env)
    env["HEIIKI_SANDBOX_DIR"] = sb.dir
    env["HEIIKI_CA_BUNDLE"] = sb.env["HEIIKI_SANDBOX_CA"]
    env["HEIIKI_FRONTEND_ADDR"] = sb.env["HEIIKI_SANDBOX_FRONTEND"]
    yield sb, env
    sb.stop()


def _verify_records(state_dir):
    doc = json.loads((state_dir / "tokyo-closed.json").read_text())
    out = {}
    for a in doc["actions"]:
        if a["id"].startswith("verify.") and a["id"] != "verify.cluster":
            r = a.get("result", {})
            # the sentences say what changed (the first run sets the default catalog, the
            # second finds it set); what is recorded about each check is the same
            out[a["id"]] = (a["state"], r.get("outcome"), bool(r.get("sentence")), "fix" in r)
    return out


def test_wizard_and_cli_record_the_same_checks(scripted, sandbox_env):
    sb, env = sandbox_env
    p, screens = scripted.run(TOKYO_TO_COMMIT + "<F10><F10><dump><F10>", timeout=300,
                              size=(100, 40), **env)
    assert p.returncode == 0, p.stderr
    assert "Every post-deploy check passed" in screens[-1], screens[-1]
    wizard = _verify_records(scripted.state_dir)
    assert wizard and all(v[1] in ("pass", "skipped") for v in wizard.values()), wizard
    assert any(v[1] == "pass" for v in wizard.values()), wizard
    r = subprocess.run([scripted.binary, "verify", "tokyo-closed"], capture_output=True, text=True,
                       timeout=180, env=base_env(scripted.state_dir, **env))
    assert r.returncode == 0, r.stdout + r.stderr
    cli = _verify_records(scripted.state_dir)
    assert cli == wizard
