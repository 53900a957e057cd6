"""The translation template tracks the sources: scripts/pot check passes on the
tree as committed and fails, naming the string, when a source gains one."""
import os
import shutil
import subprocess

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def _copy_tree(tmp_path):
    for d in ("src", "ui", "scripts", os.path.join("assets", "locale"), os.path.join("assets", "regions")):
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


# ---------------------------------------------------------------------------
# The Japanese catalog: built by `make`, found next to the binary or under the
# install prefix with no environment variable, and shown even where the
# machine lacks the ja_JP locale (src/core/hk_i18n.c).

import re  # noqa: E402

import pytest  # noqa: E402


def _bin():
    path = os.environ.get("HEIIKI_BIN") or os.path.join(ROOT, "build", "heiiki")
    if not os.access(path, os.X_OK):
        pytest.skip("heiiki binary not built (%s)" % path)
    return path


def _run(args, tmp_path, binary=None, **env):
    e = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path),
         "HEIIKI_STATE_DIR": str(tmp_path / "state"), "HEIIKI_ASSETS": os.path.join(ROOT, "assets")}
    e.update(env)
    return subprocess.run([binary or _bin()] + list(args), capture_output=True, text=True,
                          env=e, timeout=30, stdin=subprocess.DEVNULL, check=False)


def _ja_locale_installed():
    r = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False)
    return any(l.lower().replace("-", "") in ("ja_jp.utf8",) for l in r.stdout.split())


def test_make_builds_the_catalog_next_to_the_binary():
    mo = os.path.join(os.path.dirname(_bin()), "locale", "ja", "LC_MESSAGES", "heiiki.mo")
    assert os.path.isfile(mo), "make did not build %s" % mo


def test_cli_usage_is_japanese_from_the_build_tree(tmp_path):
    r = _run(["--help"], tmp_path, LANG="C.UTF-8", LANGUAGE="ja")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("使い方: heiiki [OPTIONS]")
    assert "コマンド:" in r.stdout and "終了ステータス:" in r.stdout
    assert "Usage:" not in r.stdout and "Commands:" not in r.stdout
    # commands and options stay as they are
    assert "apply --answers FILE [--yes]" in r.stdout and "--state-dir DIR" in r.stdout
    # and without LANGUAGE the same binary speaks English
    en = _run(["--help"], tmp_path, LANG="C.UTF-8")
    assert en.stdout.startswith("Usage: heiiki")


def test_cli_error_is_japanese(tmp_path):
    r = _run(["frobnicate"], tmp_path, LANG="C.UTF-8", LANGUAGE="ja")
    assert r.returncode == 2
    assert "heiiki: 不明なコマンド「frobnicate」です。" in r.stderr
    assert "`heiiki --help`" in r.stderr and "Run `heiiki --help`" not in r.stderr
    r = _run(["--color=pink"], tmp_path, LANG="C.UTF-8", LANGUAGE="ja")
    assert "--color には auto、always、never のいずれかを指定します (「pink」は指定できません)。" in r.stderr


def test_missing_ja_locale_still_shows_japanese_and_says_how_to_install_it(tmp_path):
    if _ja_locale_installed():
        pytest.skip("this machine has ja_JP.UTF-8: nothing to fall back from")
    r = _run(["frobnicate"], tmp_path, LANG="ja_JP.UTF-8")
    assert r.returncode == 2
    assert "不明なコマンド「frobnicate」です。" in r.stderr
    hints = [l for l in r.stderr.splitlines() if "locale-gen" in l]
    assert len(hints) == 1 and "LANGUAGE=ja" in hints[0] and "ja_JP.UTF-8" in hints[0], r.stderr
    # an explicit LANGUAGE wins over the fallback's
    r = _run(["frobnicate"], tmp_path, LANG="ja_JP.UTF-8", LANGUAGE="en")
    assert "unknown command \"frobnicate\"" in r.stderr and "locale-gen" not in r.stderr


def test_language_ja_with_a_missing_locale_falls_back_too(tmp_path):
    r = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False)
    if "en_US.utf8" in r.stdout.split():
        pytest.skip("this machine has en_US.UTF-8")
    r = _run(["frobnicate"], tmp_path, LANG="en_US.UTF-8", LANGUAGE="ja")
    assert "不明なコマンド「frobnicate」です。" in r.stderr
    assert "sudo locale-gen en_US.UTF-8" in r.stderr


def test_language_under_the_c_locale_gets_a_hint(tmp_path):
    r = _run(["frobnicate"], tmp_path, LANG="C", LANGUAGE="ja")
    assert "unknown command" in r.stderr            # glibc ignores LANGUAGE under C
    assert "LANG=C.UTF-8 LANGUAGE=ja" in r.stderr
    quiet = _run(["frobnicate"], tmp_path, LANG="C")
    assert "LANGUAGE" not in quiet.stderr


def test_make_install_puts_catalog_and_ja_man_page_under_prefix(tmp_path):
    build = os.environ.get("HEIIKI_BUILD") or os.path.dirname(_bin())
    dest = tmp_path / "dest"
    r = subprocess.run(["make", "--no-print-directory", "-C", ROOT, "BUILD=" + build, "PREFIX=/opt/hk",
                        "DESTDIR=" + str(dest), "install"],
                       capture_output=True, text=True, timeout=600, check=False)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    prefix = dest / "opt" / "hk"
    assert (prefix / "share" / "locale" / "ja" / "LC_MESSAGES" / "heiiki.mo").is_file()
    assert (prefix / "share" / "man" / "ja" / "man1" / "heiiki.1").is_file()
    assert (prefix / "share" / "man" / "man1" / "heiiki.1").is_file()
    # the installed binary, away from the build tree, finds its catalog
    r = _run(["frobnicate"], tmp_path, binary=str(prefix / "bin" / "heiiki"), LANG="C.UTF-8", LANGUAGE="ja",
             HEIIKI_ASSETS=str(prefix / "share" / "heiiki"))
    assert "不明なコマンド「frobnicate」です。" in r.stderr, r.stderr


def test_wizard_is_japanese(tmp_path):
    keys = tmp_path / "k.keys"
    dump = tmp_path / "d.txt"
    keys.write_text("<dump><Enter><dump>")
    r = _run([], tmp_path, LANG="C.UTF-8", LANGUAGE="ja", TERM="xterm-256color", COLUMNS="100", LINES="30",
             HEIIKI_UI_SCRIPT=str(keys), HEIIKI_UI_DUMP=str(dump))
    assert r.returncode == 0, r.stderr
    screens = dump.read_text().split("----\n")[:-1]
    assert len(screens) == 2
    start, account = (s.splitlines() for s in screens)
    assert "新しいセットアップ" in start[0] and "ステップ 1 / 15" in start[0]
    assert "F1 ヘルプ" in start[-1] and "q 終了" in start[-1]
    assert "アカウントと ID" in account[1]
    assert any("セットアップ名 *" in l for l in account)
    assert any("Databricks アカウント ID *" in l for l in account)
    # no English sentence left: no run of three lowercase English words
    for line in start + account:
        assert not re.search(r"\b[a-z]{2,}(?: [a-z]{2,}){2}\b", line), line


def test_preflight_findings_are_japanese(sandbox, heiiki, tokyo_answers):
    r = heiiki("check", "--answers", tokyo_answers, env={"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LANGUAGE": "ja"})
    out = r.out + r.err
    assert "事前チェック: 成功 " in out, out[-3000:]
    assert "Pre-flight:" not in out


def test_translation_with_other_placeholders_fails_the_check(tmp_path):
    root = _copy_tree(tmp_path)
    po = os.path.join(root, "assets", "locale", "ja.po")
    with open(po, encoding="utf-8") as f:
        text = f.read()
    good = 'msgstr "不明なコマンド「%s」です。"'
    assert good in text
    with open(po, "w", encoding="utf-8") as f:          # %s became %d: a crash at run time
        f.write(text.replace(good, 'msgstr "不明なコマンド「%d」です。"'))
    r = _check(root)
    assert r.returncode == 1
    assert "placeholders" in r.stdout and "ja.po" in r.stdout


def test_complete_check_fails_on_untranslated_and_fuzzy(tmp_path):
    root = _copy_tree(tmp_path)
    pot = os.path.join(root, "scripts", "pot")
    r = subprocess.run([pot, "check", "--complete"], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stdout + r.stderr          # ja.po is complete today
    with open(os.path.join(root, "src", "main.c"), "a", encoding="utf-8") as f:
        f.write('\nstatic const char *hk_pot_probe = N_("a sentence nobody translated yet.");\n')
    assert subprocess.run([pot, "update"], capture_output=True, check=False).returncode == 0
    assert _check(root).returncode == 0                    # the default check lets it pass ...
    r = subprocess.run([pot, "check", "--complete"], capture_output=True, text=True, check=False)
    assert r.returncode == 1                                # ... the complete one names it
    assert "a sentence nobody translated yet." in r.stdout
    assert "1 message(s) untranslated or fuzzy" in r.stdout


def _cells(s):
    """Display cells of s, as a terminal shows it (East Asian wide = 2)."""
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else
               0 if unicodedata.combining(c) else 1 for c in s)


JA_ENV = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LANGUAGE": "ja"}
ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z]+ [a-z]{2,} [a-z]{2,}\b")


def test_plan_apply_and_summary_are_japanese_and_line_up_in_cells(sandbox, heiiki, tokyo_answers):
    plan = heiiki("plan", "--answers", tokyo_answers, env=JA_ENV)
    assert plan.rc == 0, plan
    assert "セットアップ「tokyo-closed」(ap-northeast-1) の計画: 作成 " in plan.out
    for line in plan.out.splitlines():                    # no English sentence left
        assert not ENGLISH_RUN.search(line), line

    r = heiiki("apply", "--answers", tokyo_answers, "--yes", env=JA_ENV)
    assert r.rc == 0, r
    events = [l for l in r.out.splitlines() if re.match(r"^\d{4}-\d\d-\d\dT\S+Z  ", l)]
    assert any("  開始 " in l for l in events) and any("  完了 " in l for l in events)
    for line in events:                 # "開始" is 4 cells, padded to the 6-cell word column
        word, ident = line[22:].split()[:2]
        at = line.index(" " + ident, 22 + len(word)) + 1
        assert _cells(line[:at]) == 29, line
        if word == "開始":              # ... and the verb (作成, 再利用 ...) to its 7-cell column
            verb = line[at + len(ident):].split()[0]
            title_at = line.index(verb, at + len(ident)) + len(verb)
            title_at += len(line[title_at:]) - len(line[title_at:].lstrip())
            assert _cells(line[:title_at]) == 64, line
    checks = [l for l in r.out.splitlines() if re.match(r"^  (PASS|FAIL|SKIP|----)  ", l)]
    assert len(checks) == 4 and "フロントエンド (PrivateLink 経由)" in checks[0]
    for line in checks:                 # check titles padded to 42 cells: sentences at cell 51
        m = re.match(r"^  \S+  .+?  +(\S.*)$", line)
        assert m, repr(line)
        sentence = m.group(1)
        assert _cells(line) - _cells(sentence) == 51, line

    s = heiiki("summary", "tokyo-closed", env=JA_ENV)
    assert s.rc == 0, s
    rows = {}
    for line in s.out.splitlines():
        m = re.match(r"^  (ID|URL|ステータス|hosts の行) +(\S.*)$", line)
        if m:
            rows[m.group(1)] = _cells(line) - _cells(m.group(2))
    assert set(rows) == {"ID", "URL", "ステータス", "hosts の行"}, s.out
    assert set(rows.values()) == {15}, rows              # every value starts at cell 15
