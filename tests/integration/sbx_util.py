"""Helpers shared by the security, TLS and valgrind tests and the benchmarks: the integration
conftest's functions loaded by path (`import conftest` may name another directory's conftest
when pytest collects several test directories in one run), and the example answers file
assets/examples/tokyo-closed.ini made ready for a sandbox."""
import importlib.util
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EXAMPLE = os.path.join(ROOT, "assets", "examples", "tokyo-closed.ini")

_spec = importlib.util.spec_from_file_location("heiiki_it_conftest_util", os.path.join(HERE, "conftest.py"))
it = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(it)
heiiki_bin = it.heiiki_bin


def _set(text, key, value):
    """Set `key = value` in the answers text (the first such line)."""
    new, n = re.subn(r"(?m)^(\s*%s\s*=).*$" % re.escape(key), lambda m: "%s %s" % (m.group(1), value), text,
                     count=1)
    assert n == 1, "the example answers file has no %s line" % key
    return new


def example_answers(sandbox, path=None, **fields):
    """Copy the example answers file for this sandbox: it names the tokyo-closed seed's
    resources (the seed's IDs are deterministic); the Databricks account is the sandbox's;
    fields (e.g. hosts_file="/tmp/h") replace lines.  Returns the path."""
    with open(EXAMPLE, encoding="utf-8") as f:
        text = f.read()
    refs = sandbox.state()["seed_refs"]
    vpc = re.search(r"(?m)^\s*vpc_id\s*=\s*(\S+)", text).group(1)
    assert vpc == refs["vpc"], ("assets/examples/tokyo-closed.ini names VPC %s but the sandbox's tokyo-closed "
                                "seed made %s" % (vpc, refs["vpc"]))
    text = _set(text, "account_id", sandbox.env["DATABRICKS_ACCOUNT_ID"])
    for key, value in fields.items():
        text = _set(text, key, value)
    path = path or os.path.join(sandbox.dir, "tokyo-closed.ini")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path
