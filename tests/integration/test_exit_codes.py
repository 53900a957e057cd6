"""Exit codes match the man page (issue 17, item 8): a setup name with no state
file has its own code, 7, for every command that takes a name (it was 1 for
summary and resume, 6 - "the state file cannot be used" - for the others)."""
import pytest


@pytest.mark.parametrize("cmd", ["summary", "resume", "plan", "verify", "destroy"])
def test_an_unknown_setup_name_exits_7(sandbox, heiiki, cmd):
    r = heiiki(cmd, "nosuch")
    assert r.rc == 7, r
    assert 'no saved setup named "nosuch"' in r.err, r.err
