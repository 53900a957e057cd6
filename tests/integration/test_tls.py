"""TLS against the sandbox (issue 10): the sandbox's Databricks side serves HTTPS with a throwaway
CA (HEIIKI_SANDBOX_CA; listener HEIIKI_SANDBOX_FRONTEND, certificate SAN 127.0.0.1).  heiiki
refuses the connection when it does not trust that CA (a clear TLS sentence, non-zero exit, no
request reaches the server) and succeeds with `--ca-bundle` / HEIIKI_CA_BUNDLE; no option or
code path turns verification off.  Answers: assets/examples/tokyo-closed.ini."""
import os
import re

import pytest

from sbx_util import ROOT, example_answers

TLS_SENTENCE = re.compile(r"TLS certificate of 127\.0\.0\.1:\d+ could not be verified")


def tls_env(sandbox):
    for key in ("HEIIKI_SANDBOX_CA", "HEIIKI_SANDBOX_FRONTEND"):
        if not sandbox.env.get(key):
            pytest.fail("the sandbox serves no TLS (`sandbox env` has no %s)" % key)
    assert os.path.exists(sandbox.env["HEIIKI_SANDBOX_CA"])
    # the account API through the front-end TLS listener, by IP (the certificate's SAN has it)
    return {"DATABRICKS_HOST": "https://%s" % sandbox.env["HEIIKI_SANDBOX_FRONTEND"],
            "HEIIKI_CA_BUNDLE": "", "CURL_CA_BUNDLE": "", "SSL_CERT_FILE": "", "AWS_CA_BUNDLE": ""}


def dbx_calls(sandbox):
    return [r for r in sandbox.requests() if r["service"] == "dbx"]


def test_untrusted_ca_refused_with_a_tls_sentence(sandbox, heiiki):
    answers = example_answers(sandbox)
    sandbox.clear_log()
    r = heiiki("check", "--answers", answers, env=tls_env(sandbox))
    assert r.rc != 0, r
    text = r.out + r.err
    assert TLS_SENTENCE.search(text), r
    assert dbx_calls(sandbox) == [], "a Databricks request got through an unverified TLS connection"
    # the AWS side (plain http on loopback) was read: the refusal is the TLS one, not a dead sandbox
    assert any(q["service"] == "ec2" for q in sandbox.requests())


def test_ca_bundle_option_trusts_the_sandbox_ca(sandbox, heiiki):
    answers = example_answers(sandbox)
    sandbox.clear_log()
    r = heiiki("--ca-bundle", sandbox.env["HEIIKI_SANDBOX_CA"], "check", "--answers", answers,
               env=tls_env(sandbox))
    assert r.rc == 0, r
    assert not TLS_SENTENCE.search(r.out + r.err), r
    ops = {q["operation"] for q in dbx_calls(sandbox)}
    assert "OAuthToken" in ops and "ListWorkspaces" in ops, ops


def test_ca_bundle_from_the_environment(sandbox, heiiki):
    answers = example_answers(sandbox)
    env = dict(tls_env(sandbox), HEIIKI_CA_BUNDLE=sandbox.env["HEIIKI_SANDBOX_CA"])
    r = heiiki("check", "--answers", answers, env=env)
    assert r.rc == 0, r
    assert dbx_calls(sandbox), "no Databricks request was made over TLS"


def test_aws_ca_bundle_is_honoured(sandbox, heiiki):
    """D18b: AWS_CA_BUNDLE (README: "Corporate CA: --ca-bundle FILE or AWS_CA_BUNDLE") trusts the
    CA for the headless commands; HEIIKI_CA_BUNDLE still wins over it."""
    answers = example_answers(sandbox)
    sandbox.clear_log()
    env = dict(tls_env(sandbox), AWS_CA_BUNDLE=sandbox.env["HEIIKI_SANDBOX_CA"])
    r = heiiki("check", "--answers", answers, env=env)
    assert r.rc == 0, r
    assert not TLS_SENTENCE.search(r.out + r.err), r
    assert dbx_calls(sandbox), "no Databricks request was made over TLS"
    wrong = os.path.join(sandbox.dir, "empty-ca.pem")     # trusts nothing
    open(wrong, "w").close()
    r = heiiki("check", "--answers", answers, env=dict(env, HEIIKI_CA_BUNDLE=wrong))
    assert r.rc != 0, r


def test_a_wrong_ca_bundle_is_refused(sandbox, heiiki, tmp_path):
    """A bundle that does not hold the sandbox's CA (the server certificate itself is no CA)."""
    answers = example_answers(sandbox)
    other = tmp_path / "other-ca.pem"
    other.write_text(open("/etc/ssl/certs/ca-certificates.crt").read()
                     if os.path.exists("/etc/ssl/certs/ca-certificates.crt") else "")
    if not other.read_text():
        pytest.skip("no system CA bundle to use as the wrong one")
    sandbox.clear_log()
    r = heiiki("--ca-bundle", str(other), "check", "--answers", answers, env=tls_env(sandbox))
    assert r.rc != 0, r
    assert TLS_SENTENCE.search(r.out + r.err), r
    assert dbx_calls(sandbox) == []


def test_no_option_disables_verification(heiiki):
    """The command line has no --insecure/-k, and nothing in src/ or ui/ sets the verification
    options to anything but on."""
    h = heiiki("--help")
    assert h.rc == 0
    assert not re.search(r"insecure|--no-verify|--verify=|skip-verif|no-check-cert|(^|\s)-k\b", h.out, re.I), h.out
    assert heiiki("--insecure", "plan", "x").rc == 2
    assert heiiki("-k", "plan", "x").rc == 2

    offending = []
    seen = {"CURLOPT_SSL_VERIFYPEER": 0, "CURLOPT_SSL_VERIFYHOST": 0}
    for top in ("src", "ui"):
        for dirpath, _, names in os.walk(os.path.join(ROOT, top)):
            for n in names:
                if not n.endswith((".c", ".h", ".def")):
                    continue
                path = os.path.join(dirpath, n)
                for lineno, line in enumerate(open(path, encoding="utf-8", errors="replace"), 1):
                    for opt in seen:
                        if opt in line:
                            seen[opt] += 1
                            want = "1L" if opt.endswith("PEER") else "2L"
                            if not re.search(r"%s\s*,\s*%s\s*\)" % (opt, want), line):
                                offending.append("%s:%d: %s" % (path, lineno, line.strip()))
                    if re.search(r"CURLOPT_(PROXY_)?SSL_VERIFY\w*\s*,\s*0|CURLSSLOPT_NO_REVOKE|"
                                 r"CURLOPT_PROXY_SSL_VERIFY(PEER|HOST)\s*,\s*0|insecure", line, re.I):
                        offending.append("%s:%d: %s" % (path, lineno, line.strip()))
    assert seen["CURLOPT_SSL_VERIFYPEER"] >= 1 and seen["CURLOPT_SSL_VERIFYHOST"] >= 1, seen
    assert offending == [], offending
