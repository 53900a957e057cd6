"""The real binary in a real terminal (tmux): keys, redraw, resize, colours off."""


def test_walk_keys_in_a_real_terminal(tmux):
    t = tmux()
    t.wait_for("Start a new setup")
    t.send("Enter")
    t.wait_for("Setup name")
    t.type("tmux-one")
    t.send("Tab")
    t.type("ap-northeast-1")
    t.send("Tab")
    s = t.wait_for("heiiki \u2502 tmux-one")
    assert "AWS partition" in s
    t.send("F1")
    t.wait_for("Keys:")
    t.send("Escape")
    s = t.wait_gone("Keys:")
    assert "Account and identity" in s
    t.send("C-c")
    t.wait_for("Quit heiiki?")
    t.send("Enter")
    s = t.wait_for("EXIT=0")
    assert "saved" in s


def test_resize_mid_step(tmux):
    t = tmux()
    t.wait_for("Start a new setup")
    t.send("Enter")
    t.wait_for("Setup name")
    t.type("resized")
    t.resize(60, 18)
    t.wait_for("Terminal too small: 60x18")
    t.resize(100, 30)
    s = t.wait_for("Setup name")
    assert "resized" in s
    t.send("C-l")
    s = t.wait_for("resized")


def test_no_color_ascii(tmux):
    t = tmux(env={"NO_COLOR": "1", "LANG": "C"})
    t.wait_for("Start a new setup")
    t.send("Enter")
    s = t.wait_for(">2 Account and identity")
    assert "+1" in s
    assert all(ord(c) < 128 for c in s)


def test_color_never_flag(tmux):
    t = tmux(args=("--color=never",))
    s = t.wait_for("Start a new setup")
    assert "F1 Help" in s
