"""The wizard driven by scripted keys (deterministic, no terminal needed)."""
import subprocess

from conftest import base_env

ACCOUNT = "<Enter>tokyo-ui<Tab>ap-northeast-1<Tab><Tab>"


def test_no_tty_points_to_headless(wizard_bin, tmp_path):
    p = subprocess.run([wizard_bin], capture_output=True, text=True, timeout=10,
                       stdin=subprocess.DEVNULL, env=base_env(tmp_path))
    assert p.returncode == 2
    assert "heiiki apply --answers" in p.stderr


def test_start_screen_frame(scripted):
    p, screens = scripted.run("<dump>")
    assert p.returncode == 0, p.stderr
    s = screens[0].splitlines()
    assert "heiiki" in s[0] and "step 1 of" in s[0]
    assert "\u25b61 Start" in s[1]                     # breadcrumb, current step
    assert "Start a new setup" in screens[0]
    assert "F1 Help" in s[-1] and "F10 Continue" in s[-1] and "q Quit" in s[-1]


def test_help_overlay_from_keymap(scripted):
    p, screens = scripted.run("<F1><dump><Esc>?<dump><Esc><dump>")
    assert "F10: continue to the next step" in screens[0]
    assert "Ctrl-L: redraw the screen" in screens[0]
    assert "F10: continue to the next step" in screens[1]   # '?' outside a text field
    assert "Keys:" not in screens[2]


def test_syntax_error_inline_and_continue_blocked(scripted):
    p, screens = scripted.run("<Enter>bad name!<Tab><dump><F10><dump>")
    s = screens[0]
    assert "Setup name" in s
    assert "\u2717" in s                                    # the inline mark
    assert "blocked" in s
    # Continue refused, with the sentence on the status line; still on the same step
    assert "Account and identity" in screens[1].splitlines()[1]
    assert "Setup name:" in screens[1]


def test_question_mark_is_typed_in_a_text_field(scripted):
    p, screens = scripted.run("<Enter>ab?q<dump>")
    assert "Keys:" not in screens[0]
    assert "ab?q" in screens[0]


def test_quit_mid_flow_and_resume(scripted):
    p, screens = scripted.run(ACCOUNT + "<dump><C-c><dump><Enter>")
    assert p.returncode == 0, p.stderr
    assert "Quit heiiki?" in screens[1]                     # unsaved answers: asks
    assert (scripted.state_dir / "tokyo-ui.answers").exists()
    text = (scripted.state_dir / "tokyo-ui.answers").read_text()
    assert "region = ap-northeast-1" in text
    p, screens = scripted.run("<dump><Down><Enter><dump>")
    assert "Resume" in screens[0] and "tokyo-ui" in screens[0]
    assert "Account and identity" in screens[1].splitlines()[1]
    assert "tokyo-ui" in screens[1].splitlines()[0]
    assert "ap-northeast-1" in screens[1]


def test_quit_without_unsaved_work_does_not_ask(scripted):
    p, screens = scripted.run("q<dump>")
    # it quit at once: the dump after q never ran (unconsumed script keys: exit 1)
    assert p.returncode == 1
    assert screens == []


def test_resize_too_small_and_back(scripted):
    p, screens = scripted.run("<Enter>abc<resize:70x20><dump><resize:100x30><dump>")
    assert "Terminal too small: 70x20" in screens[0]
    assert "80x24" in screens[0]
    assert "Setup name" in screens[1]
    assert "abc" in screens[1]                              # the answer survived


def test_ascii_locale_and_no_color(scripted):
    p, screens = scripted.run("<Enter><dump>", LANG="C", NO_COLOR="1")
    s = screens[0].splitlines()
    assert "+1" in s[1] and ">2 Account and identity" in s[1]
    assert all(ord(c) < 128 for c in screens[0])


def test_bad_script_is_a_clear_error(wizard_bin, tmp_path):
    keys = tmp_path / "k"
    keys.write_text("<Bogus>")
    p = subprocess.run([wizard_bin], capture_output=True, text=True, timeout=10,
                       env=base_env(tmp_path, HEIIKI_UI_SCRIPT=str(keys)), stdin=subprocess.DEVNULL)
    assert p.returncode == 2
    assert "<Bogus>" in p.stderr


def test_japanese_frame(scripted, tmp_path):
    import shutil
    if not shutil.which("msgfmt"):
        import pytest
        pytest.skip("msgfmt is not installed")
    from conftest import ROOT
    import os
    mo = tmp_path / "loc" / "ja" / "LC_MESSAGES"
    mo.mkdir(parents=True)
    subprocess.run(["msgfmt", "-o", str(mo / "heiiki.mo"), os.path.join(ROOT, "assets", "locale", "ja.po")],
                   check=True)
    p, screens = scripted.run("<Enter><dump>", LANGUAGE="ja", HEIIKI_LOCALEDIR=str(tmp_path / "loc"))
    s = screens[0].splitlines()
    assert "\u30a2\u30ab\u30a6\u30f3\u30c8\u3068 ID" in s[1]          # アカウントと ID
    assert "F1 \u30d8\u30eb\u30d7" in s[-1]                           # F1 ヘルプ


def test_new_setup_prefills_from_the_environment(scripted):
    p, screens = scripted.run("<Enter><dump>", AWS_REGION="ap-northeast-1",
                              DATABRICKS_ACCOUNT_ID="0d26daa6-5e44-4c97-a497-ef015f91254a")
    assert "ap-northeast-1" in screens[0]
    assert "0d26daa6-5e44-4c97-a497-ef015f91254a" in screens[0]
