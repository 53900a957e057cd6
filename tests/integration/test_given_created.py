"""Issue 20, found by the fault campaign (the wizard's commit racing a headless apply): answers
that now give, as existing, the very object this setup's journal says heiiki created (the wizard's
credential step proposes "the existing role that trusts Databricks" - the one a concurrent apply
just made) must not turn it into "kept": it stays heiiki's, and `destroy` still removes it."""
import json
import os
import re

from conftest import write_tokyo_answers

APPLY = ("--yes", "--quiet", "--no-post-checks")


def journal(sandbox, name="tokyo-closed"):
    with open(os.path.join(sandbox.state_dir, name + ".json")) as f:
        return {a["id"]: a for a in json.load(f)["actions"]}


def test_a_created_role_given_back_as_existing_stays_created(sandbox, heiiki):
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.2})
    answers = write_tokyo_answers(sandbox)
    assert heiiki("apply", "--answers", answers, *APPLY).rc == 0
    role = journal(sandbox)["aws.role"]
    assert role["origin"] == "created", role
    arn = role["result"]["role_arn"]
    text = open(answers, encoding="utf-8").read()
    text, n = re.subn(r"(?ms)^\[credential\]\n.*?(?=^\[)", "[credential]\nmode = existing\nrole_arn = %s\nrole_name = tokyo-closed-crossaccount\n"
                      "config_name = tokyo-closed-credential\n\n" % arn, text, count=1)
    assert n == 1
    with open(answers, "w", encoding="utf-8") as f:
        f.write(text)
    r = heiiki("apply", "--answers", answers, *APPLY)
    assert r.rc == 0, r
    assert journal(sandbox)["aws.role"]["origin"] == "created"      # was: "kept"
    assert heiiki("destroy", "tokyo-closed", "--yes").rc == 0
    assert "tokyo-closed-crossaccount" not in sandbox.state()["iam"]["roles"]
