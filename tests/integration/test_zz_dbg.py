import pytest
from test_metastore_create import create_mode_answers
@pytest.mark.seed("tokyo-no-metastore")
def test_dbg(sandbox, heiiki):
    answers = create_mode_answers(sandbox)
    r = heiiki("plan", "--answers", answers)
    r = heiiki("plan", "--answers", answers, "--json")
    sandbox.admin("POST", "/_sandbox/config", {"workspace_delay_s": 0.3, "dbx_cluster_start_s": 0.3,
                                               "dbx_iam_propagation_s": 2})
    r = heiiki("apply", "--answers", answers, "--yes", "--no-post-checks", timeout=240)
    if r.rc != 0:
        print("RC", r.rc); print(r.out[:8000]); print(r.err[-3000:])
    assert r.rc == 0
