"""Issue 20: a lost reply on the post-deploy checks' own Unity Catalog creates (the catalog check's
catalog, the UC check's schema and volume).  The create takes effect, then the reply is lost (the
sandbox's lost_response fault: the call is processed, the connection reset before any byte of the
reply).  The check used to fail (exit 1) and only its rerun passed, because the rerun took "already
exists" as fine.  Now the check looks the object up by its name and goes on with it, and the create
is sent once."""
import pytest

from test_verify import apply, lines, verify

LOST = [
    # (sandbox operation, the check's row)
    ("CreateCatalog", "Default"),
    ("CreateSchema", "Unity"),
    ("CreateVolume", "Unity"),
]


def sent(sandbox, operation):
    return sum(1 for r in sandbox.requests() if r["operation"] == operation)


@pytest.mark.parametrize("operation,row", LOST, ids=[x[0] for x in LOST])
def test_lost_reply_on_a_check_create_is_looked_up(sandbox, heiiki, operation, row):
    apply(sandbox, heiiki)
    sandbox.clear_log()
    sandbox.admin("POST", "/_sandbox/faults", {"kind": "lost_response", "operation": operation,
                                               "times": 1})
    r = verify(sandbox, heiiki, "HEIIKI_SANDBOX_FRONTEND", "--skip", "backend")
    assert r.rc == 0, r
    assert lines(r).get(row, "").startswith("  PASS"), r.out[-3000:]
    assert sent(sandbox, operation) == 1, [q for q in sandbox.requests() if q["operation"] == operation]
    wsd = list(sandbox.state()["dbx"]["ws"].values())[0]
    assert "heiiki" in wsd["catalogs"]
