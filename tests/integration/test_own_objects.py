"""What a setup made is its own, not a conflict; a real problem still blocks
(issue 17, item 3).  The pre-flight used to go on past every blocking finding
once a setup had created anything ("this setup already created resources");
now the rules recognise the setup's own registration, PAS and network from its
journal, and a blocking finding stops apply and resume alike."""
import json
import os
import signal

from conftest import write_tokyo_answers
from test_crash import assert_no_duplicates, start_stopped


def _ec2(sandbox):
    import botocore.config
    import botocore.session
    return botocore.session.get_session().create_client(
        "ec2", region_name="ap-northeast-1", endpoint_url=sandbox.url,
        aws_access_key_id=sandbox.env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=sandbox.env["AWS_SECRET_ACCESS_KEY"],
        config=botocore.config.Config(retries={"max_attempts": 0}))


def test_a_finished_setup_checks_clean_against_its_own_objects(sandbox, heiiki, tokyo_answers):
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
    assert heiiki("apply", "--answers", tokyo_answers, "--yes", "--quiet", "--no-post-checks").rc == 0
    r = heiiki("check", "--answers", tokyo_answers)
    assert r.rc == 0, r            # was 3: BLOCK E8 on its own registration
    assert "BLOCK" not in r.out, r.out
    again = heiiki("apply", "--answers", tokyo_answers, "--yes", "--no-post-checks")
    assert again.rc == 0 and "BLOCK" not in again.out, again
    # another setup asking for the registration name the workspace uses: a real clash
    other = write_tokyo_answers(sandbox, name="other", extra="\n[endpoints]\n"
                                "workspace.registration_name = tokyo-closed-workspace-vpce\n")
    r = heiiki("check", "--answers", other)
    assert r.rc == 3 and "E8" in r.out, r


def test_resume_stops_on_a_real_problem_and_goes_on_once_fixed(sandbox, heiiki, tokyo_answers):
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
    proc = start_stopped(sandbox, ["apply", "--answers", tokyo_answers, "--yes", "--quiet",
                                   "--no-post-checks"])
    sandbox.admin("POST", "/_sandbox/crash", {"pid": proc.pid, "after_creates": 3,
                                              "when": "after_response"})
    os.kill(proc.pid, signal.SIGCONT)
    proc.communicate(timeout=180)
    assert proc.returncode == -signal.SIGKILL
    vpc = sandbox.state()["seed_refs"]["vpc"]
    ec2 = _ec2(sandbox)
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": False})
    r = heiiki("resume", "tokyo-closed", "--no-post-checks")
    assert r.rc == 3, r            # was: "Going on: this setup already created resources"
    assert "N1" in r.out and "Going on" not in r.out, r.out
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    r = heiiki("resume", "tokyo-closed", "--quiet", "--no-post-checks")
    assert r.rc == 0, r
    assert_no_duplicates(sandbox)
    summary = json.loads(heiiki("summary", "tokyo-closed", "--json").out)
    assert summary["phase"] == "complete", summary
