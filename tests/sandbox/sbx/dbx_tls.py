"""A throwaway test CA and a server certificate for *.cloud.databricks.com, made with the openssl CLI.

Files, in <base>/tls/: ca.pem (the CA clients trust), server.pem + server.key (the listeners'
certificate). Made once per checkout (base = tests/sandbox/certs, git-ignored) and reused; the CA's own
key is deleted right after signing, so nothing else can ever be signed by it.
"""
import os
import secrets
import shutil
import ssl
import subprocess
import tempfile

SANS = "DNS:*.cloud.databricks.com,DNS:accounts.cloud.databricks.com,DNS:cloud.databricks.com,DNS:localhost," \
       "IP:127.0.0.1"


def _run(args, cwd):
    subprocess.run(["openssl"] + args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _generate(directory):
    curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    _run(["req", "-x509"] + curve + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "3650",
                                     "-subj", "/O=heiiki sandbox/CN=heiiki sandbox test CA (not trusted anywhere)",
                                     "-addext", "basicConstraints=critical,CA:TRUE",
                                     "-addext", "keyUsage=critical,keyCertSign,cRLSign"], directory)
    _run(["req", "-new"] + curve + ["-keyout", "server.key", "-out", "server.csr",
                                    "-subj", "/O=heiiki sandbox/CN=*.cloud.databricks.com"], directory)
    with open(os.path.join(directory, "server.ext"), "w", encoding="ascii") as f:
        f.write("subjectAltName=%s\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
                "extendedKeyUsage=serverAuth\n" % SANS)
    _run(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
          "-set_serial", "0x" + secrets.token_hex(8), "-days", "825", "-extfile", "server.ext",
          "-out", "server.pem"], directory)
    for n in ("server.csr", "server.ext", "ca.key"):      # the CA key is not needed after signing
        os.unlink(os.path.join(directory, n))


def ensure_certs(base):
    """Return (ca.pem, server.pem, server.key) under base/tls, generating them once (race-safe)."""
    final = os.path.join(base, "tls")
    names = ("ca.pem", "server.pem", "server.key")
    if not all(os.path.exists(os.path.join(final, n)) for n in names):
        os.makedirs(base, exist_ok=True)
        work = tempfile.mkdtemp(prefix="tls-", dir=base)
        try:
            _generate(work)
            os.rename(work, final)
        except OSError:
            if not os.path.isdir(final):
                raise
        finally:
            if os.path.isdir(work):
                shutil.rmtree(work, ignore_errors=True)
    return tuple(os.path.join(final, n) for n in names)


def server_context(crt, key):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(crt, key)
    return ctx
