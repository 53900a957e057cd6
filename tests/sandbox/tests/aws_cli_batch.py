"""Run several Debian aws CLI commands in one /usr/bin/python3 process (what /usr/bin/aws runs:
awscli.clidriver.main), so the CLI's ~1 s start-up is paid once. Reads a JSON list of argument lists
on stdin; prints a JSON list of {"rc", "stdout", "stderr"}."""
import contextlib
import io
import json
import sys

import awscli.clidriver


def run(args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = awscli.clidriver.create_clidriver().main(args)
        except SystemExit as e:
            rc = e.code if isinstance(e.code, int) else 1
    return {"rc": rc, "stdout": out.getvalue(), "stderr": err.getvalue()}


if __name__ == "__main__":
    print(json.dumps([run(a) for a in json.load(sys.stdin)]))
