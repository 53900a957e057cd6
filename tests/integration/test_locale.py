"""The translation template tracks the sources: scripts/pot check passes on the
tree as committed and fails, naming the string, when a source gains one."""
import os
import shutil
import subprocess

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def _copy_tree(tmp_path):
    for d in ("src", "ui", "scripts", os.path.join("assets", "locale")):
        shutil.copytree(os.path.join(ROOT, d), os.path.join(tmp_path, d))
    return str(tmp_path)


def _check(root):
    return subprocess.run([os.path.join(root, "scripts", "pot"), "check"],
                          capture_output=True, text=True, check=False)


def test_pot_is_current():
    r = subprocess.run([os.path.join(ROOT, "scripts", "pot"), "check"],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stdout + r.stderr


def test_stale_pot_is_caught_and_update_fixes_it(tmp_path):
    root = _copy_tree(tmp_path)
    with open(os.path.join(root, "src", "main.c"), "a", encoding="utf-8") as f:
        f.write('\nstatic const char *hk_pot_probe = N_("a brand-new sentence for the pot test.");\n')
    r = _check(root)
    assert r.returncode == 1
    assert "out of date" in r.stdout
    assert "a brand-new sentence for the pot test." in r.stdout
    u = subprocess.run([os.path.join(root, "scripts", "pot"), "update"],
                       capture_output=True, text=True, check=False)
    assert u.returncode == 0, u.stdout + u.stderr
    assert _check(root).returncode == 0
    with open(os.path.join(root, "assets", "locale", "ja.po"), encoding="utf-8") as f:
        assert "a brand-new sentence for the pot test." in f.read()
