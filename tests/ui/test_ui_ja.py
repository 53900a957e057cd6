"""The wizard in Japanese in a real terminal (tmux) at 80x24 and 120x35 (issue 19):
every screen reachable from an empty state directory -- the start screen, a new
setup's first step, the help overlay (F1), the region picker (F4) -- and, with
the bundled sandbox, every answer step.  Each screen is checked in display
cells (a wide character takes two): every line fits the width, an overlay's
frame is whole on every row and leaves the screen around it as it was, and no
English sentence is left (IDs, commands, keys and product names stay)."""
import re
import time
import unicodedata

import pytest

from sandbox_kit import Sandbox, save_setup, tmux_tokyo_walk, tokyo_answers

JA = {"LANG": "C.UTF-8", "LANGUAGE": "ja"}
SIZES = [(80, 24), (120, 35)]

# Line-drawing cells: the terminal's alternate character set ('x' for a
# vertical line) or the Unicode box characters.
VLINE = ("\u2502", "x")
CORNERS_TOP = ("\u250c", "l")
CORNERS_TOP_RIGHT = ("\u2510", "k")
HLINE = ("\u2500", "q")

# Words that stay as they are in Japanese: products, services, keys, IDs and
# values the operator types or reads in the AWS and Databricks consoles.
KEEP = set("""
AWS Databricks PrivateLink Unity Catalog GovCloud DoD IAM VPC VPCs ID IDs REST STS S KMS
Kinesis Glue ARN ARNs DNS TCP UDP CIDR UC SCC JSON API OAuth URL URLs HTTPS TLS SG EC NAT
heiiki aws hosts Enter Tab Esc Space Shift PgUp PgDn Ctrl Home End Backspace Delete Up Down
Left Right F Alt Help Setup tokyo ja ap northeast us gov west east eu sa ca me af il mx
PrivateLink Compliance Security Profile Enhanced Monitoring SRA RUNNING NONE OK vpce
existing create GET POST PUT DELETE PATCH region north ENDPOINT ACCOUNT Hive VPN Direct Connect Elastic IP Data Catalog
""".split())


def settled(t, text, timeout=10.0):
    """The screen once text shows and the terminal has drawn all of it (two
    captures in a row alike)."""
    s = t.wait_for(text, timeout)
    while True:
        time.sleep(0.15)
        again = t.screen()
        if again == s and text in s:
            return s
        s = again


# The sandbox's Name tags and descriptions: data the pickers show as the
# account holds it, not heiiki's text.
SEED_WORDS = set("""
Closed Private Public Subnet Route Table Main Internet Gateway Security Group
workspace cluster nodes interface endpoints user access endpoint client machines
""".split())


def cell_width(ch):
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cells(line):
    """The line as one entry per display cell: a wide character, then None."""
    out = []
    for ch in line:
        w = cell_width(ch)
        if w == 0 and out:
            continue
        out.append(ch)
        if w == 2:
            out.append(None)
    return out


def width(line):
    return sum(cell_width(c) for c in line)


def check_fits(screen, cols, rows, where):
    lines = screen.rstrip("\n").split("\n")
    assert len(lines) <= rows, where
    for i, line in enumerate(lines):
        assert width(line) <= cols, "%s: row %d is %d cells wide (%d): %r" % (
            where, i, width(line), cols, line)


def find_box(screen):
    """(top, bottom, left, right) in cells of the overlay's frame, or None."""
    grid = [cells(line) for line in screen.split("\n")]
    for top, row in enumerate(grid):
        for left, c in enumerate(row):
            if c in CORNERS_TOP and left + 1 < len(row) and row[left + 1] in HLINE:
                right = next((x for x in range(left + 2, len(row))
                              if row[x] in CORNERS_TOP_RIGHT and row[x - 1] in HLINE), None)
                if right is None:
                    continue
                bottom = top + 1
                while bottom < len(grid) and left < len(grid[bottom]) and \
                        grid[bottom][left] in VLINE:
                    bottom += 1
                return top, bottom, left, right
    return None


def check_overlay(screen, base, where):
    """The frame is whole: both border columns on every row between its
    corners; left and right of it the screen shows what it showed before, or a
    blank where the frame covers half of a wide character."""
    box = find_box(screen)
    assert box, "%s: no overlay frame:\n%s" % (where, screen)
    top, bottom, left, right = box
    grid = [cells(line) for line in screen.split("\n")]
    under = [cells(line) for line in base.split("\n")]
    assert bottom - top >= 5, "%s: the frame's left border stops at row %d:\n%s" % (where, bottom,
                                                                                     screen)
    for y in range(top + 1, bottom):
        row = grid[y]
        assert len(row) > right and row[right] in VLINE, \
            "%s: the frame's right border is broken on row %d: %r" % (where, y, screen.split("\n")[y])
        was = under[y] if y < len(under) else []
        outside = [x for x in range(len(row)) if x < left or x > right]
        for x in outside:
            before = was[x] if x < len(was) else " "
            now = row[x]
            if now == before or (now in (" ", None) and before in (" ", None)):
                continue
            # a wide character the frame half covers is blanked, never half-drawn
            if now == " " and (x in (left - 1, right + 1)):
                continue
            raise AssertionError("%s: row %d, cell %d shows %r where %r was (stray cell next to "
                                 "the frame): %r" % (where, y, x, now, before,
                                                     screen.split("\n")[y]))


def check_japanese(screen, where, keep=KEEP):
    rows = screen.split("\n")
    for i, line in enumerate(rows):
        line = re.sub("\u2039[^\u203a]*\u203a", "", line)     # a choice's value: \u2039 aws \u203a
        line = re.sub("`[^`]*`", "", line)                     # a command stays as it is: `heiiki apply`
        prev = rows[i - 1].rstrip() if i else ""
        if re.search(r"[\w-]$", prev) and width(prev) > 40:
            # an ID longer than the row, broken hard: its tail starts this row
            line = re.sub(r"^(\s*)[^\s]+", r"\1", line)
        for word in re.findall(r"(?<![\w./:@<'=-])[A-Za-z]{2,}(?![\w./:@>'=-])", line):
            assert word in keep, "%s: English %r on row %d: %r" % (where, word, i, line)


def inside_box(screen):
    """The screen with the cells around an overlay blanked (they show the
    screen under it, checked on its own: words there are cut by the frame)."""
    box = find_box(screen)
    if not box:
        return screen
    top, bottom, left, right = box
    out = []
    for y, line in enumerate(screen.split("\n")):
        row = cells(line)
        if top <= y <= bottom:
            row = [c if left < x < right else " " for x, c in enumerate(row)]
        out.append("".join(c for c in row if c is not None))
    return "\n".join(out)


def check(screen, size, where, base=None, keep=KEEP):
    cols, rows = size
    check_fits(screen, cols, rows, where)
    if base is not None:
        check_overlay(screen, base, where)
        check_japanese(inside_box(screen), where, keep)
    else:
        check_japanese(screen, where, keep)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x35"])
def test_japanese_screens_from_an_empty_state(tmux, size):
    cols, rows = size
    t = tmux(width=cols, height=rows, env=JA)
    start = settled(t, "新しいセットアップを始める")
    check(start, size, "start")
    # the whole intro, not its first three rows
    assert "再開してください。" in "".join(line.strip() for line in start.split("\n"))
    t.send("F1")
    s = settled(t, "キー:")
    check(s, size, "start help", base=start)
    t.send("Escape")
    t.wait_gone("キー:")
    t.send("Enter")
    account = settled(t, "セットアップ名")
    check(account, size, "account")
    t.send("F1")
    s = settled(t, "キー:")
    check(s, size, "account help", base=account)
    t.send("PageDown")
    s = settled(t, "フィールド:")
    check(s, size, "account help, page 2", base=account)
    t.send("Escape")
    t.wait_gone("キー:")
    t.type("tokyo-ja")
    t.send("Tab")
    region = settled(t, "heiiki \u2502 tokyo-ja")
    check(region, size, "account, region focused")
    t.send("F4")
    s = settled(t, "ap-northeast-1")
    check(s, size, "region picker", base=region)
    assert "件: 入力して絞り込み" in s          # the count, right-aligned in the frame's top row
    t.type("north")
    s = settled(t, "絞り込み「north」")
    check(s, size, "region picker, filtered", base=region)
    t.send("Escape")
    s = t.wait_gone("絞り込み「north」")
    t.send("Tab")
    t.send("F4")
    nolist = settled(t, "一覧がありません")
    check(nolist, size, "no list")
    t.send("C-c")
    s = settled(t, "保存して終了")
    check(s, size, "quit dialog", base=nolist)
    t.send("Enter")
    t.wait_for("EXIT=0")


@pytest.fixture
def sandbox(tmp_path):
    made = []

    def start(seed):
        sb = Sandbox(tmp_path, seed)
        made.append(sb)
        return sb

    yield start
    for sb in made:
        sb.stop()


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x35"])
def test_japanese_answer_steps(tmux, sandbox, tmp_path, size):
    """A saved Tokyo setup against the sandbox, resumed: each answer step (the
    endpoint labels reach 54 cells) after its live checks, and its help."""
    cols, rows = size
    sb = sandbox("tokyo-closed")
    save_setup(tmp_path / "state", tokyo_answers(sb.refs(), sb.env["DATABRICKS_ACCOUNT_ID"],
                                                 name="tokyo-ja"), name="tokyo-ja")
    env = dict(JA)
    env.update(sb.env)
    env["HEIIKI_SANDBOX_DIR"] = sb.dir
    env["HEIIKI_CA_BUNDLE"] = sb.env["HEIIKI_SANDBOX_CA"]
    t = tmux(width=cols, height=rows, env=env)
    s = settled(t, "tokyo-ja")
    check(s, size, "start with a saved setup")
    t.send("Down")
    t.send("Enter")
    seen, pickers = [], []
    for step in range(2, 11):
        t.wait_for("\u30b9\u30c6\u30c3\u30d7 %d / " % step, timeout=60)
        t.wait_gone("\u2026", timeout=60)          # the live checks are done
        s = t.screen()
        check(s, size, "step %d" % step)
        seen.append(s)
        t.send("F1")
        h = settled(t, "キー:")
        check(h, size, "step %d help" % step, base=s)
        t.send("Escape")
        t.wait_gone("キー:")
        if step == 3:     # the network step (before the endpoints): the VPC list, then the subnets'
            for _ in range(2):
                t.send("Tab")
                base = settled(t, "")
                t.send("F4")
                p = settled(t, "件: 入力して絞り込み", timeout=30)
                check(p, size, "step 3 picker", base=base, keep=KEEP | SEED_WORDS)
                pickers.append(p)
                t.send("Escape")
                t.wait_gone("件: 入力して絞り込み")
        if step < 10:
            t.send("F10")
    # the longest labels are whole, wrapped in the label column if need be
    label_w = min(max((cols - 2) // 3, 24), 36)
    column = "".join("".join(c for c in cells(line)[1:label_w] if c) for s in seen
                     for line in s.split("\n")).replace(" ", "")
    for label in ("ワークスペースエンドポイントのサブネット", "クラスターのセキュリティグループ",
                  "フロントエンドとバックエンドRESTで1つのエンドポイントを共有"):
        assert label in column, (label, column)
    # the subnets' columns line up in cells: the zone starts at one column on every row
    rows = [line for line in pickers[1].split("\n") if "ap-northeast-1" in line and "subnet-" in line]
    assert len(rows) >= 2 and any("プライベー" in r for r in rows), pickers[1]
    assert len({width(r[:r.index("ap-northeast-1")]) for r in rows}) == 1, pickers[1]


def test_japanese_screen_dump_has_no_stale_cells(scripted):
    """The scripted runs' screen dump (HEIIKI_UI_DUMP) of the help overlay over
    Japanese text: one cell per column, nothing past the row's end (it once
    read past it and showed stray frame pieces right of the overlay)."""
    for size in SIZES:
        p, screens = scripted.run("<dump><F1><dump><Esc><Enter><dump><F1><dump>", size=size, **JA)
        assert p.returncode == 0, p.stderr
        assert len(screens) == 4
        for i, s in enumerate(screens):
            check(s, size, "dump %d at %dx%d" % (i, size[0], size[1]),
                  base=screens[i - 1] if i % 2 else None)


# Values from the account and the answers that the whole walk shows as they
# are: the seed's Name tags, answer values (true/false), runtime and node
# names, hosts-file paths and OS names.
WALK_WORDS = SEED_WORDS | set("""
true false Linux macOS Windows System32 drivers etc root NAME summary public ENTERPRISE verify
""".split())


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x35"])
def test_japanese_tokyo_walk_to_a_verified_workspace(tmux, sandbox, tmp_path, size):
    """The new operator's Tokyo walk (sandbox_kit.TOKYO_WALK, the one the
    English tests drive) in Japanese, from an empty state directory to the
    summary of a RUNNING, verified workspace: every screen along the way --
    each step, each key's result (the picker, the confirmation), every page of
    the review, every change of the progress and post-deploy checks, the
    client's hosts/DNS lines, every page of the summary -- fits the width in
    display cells, keeps an overlay's frame whole, and has no English
    sentence."""
    cols, rows = size
    sb = sandbox("tokyo-closed")
    sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": 1, "vpce_delay_s": 1,
                                          "dbx_cluster_start_s": 0.3})
    env = dict(JA)
    env.update(sb.env)
    env["HEIIKI_SANDBOX_DIR"] = sb.dir
    env["HEIIKI_CA_BUNDLE"] = sb.env["HEIIKI_SANDBOX_CA"]
    env["HEIIKI_FRONTEND_ADDR"] = sb.env["HEIIKI_SANDBOX_FRONTEND"]
    assert not (tmp_path / "state").exists()
    t = tmux(width=cols, height=rows, env=env)
    seen, last, problems = [], [None], []

    def see(screen, where):
        box = find_box(screen)
        base = last[0] if box and last[0] is not None and not find_box(last[0]) else None
        try:
            check(screen, size, where, base=base, keep=KEEP | WALK_WORDS)
        except AssertionError as e:          # every screen is checked: all problems at once
            problems.append(str(e).split("\n")[0])
        if not box:
            last[0] = screen
        seen.append((where, screen))

    tmux_tokyo_walk(t, sb.refs(), "ja", see=see)
    assert not problems, "%d screens with problems:\n%s" % (len(problems), "\n".join(problems))
    wheres = [w for w, _ in seen]
    for must in ("step 11", "review, page 2", "commit", "commit done", "hosts and DNS",
                 "post-deploy checks", "summary", "summary, page 2"):
        assert must in wheres, (must, wheres)
    # a scrolled form says so on a row of its own, whole (the first field's box
    # once covered all of "(more above)" but its last cells)
    for w, s in seen:
        if find_box(s):
            continue
        for line in s.split("\n"):
            if "\u2039" in line:        # a choice's box: nothing after it but the check column
                tail = line[line.index("\u203a") + 1:].strip() if "\u203a" in line else ""
                assert len(tail) <= 1, (w, line)      # a check glyph at most
    confirm = [s for w, s in seen if "\u30ea\u30bd\u30fc\u30b9\u3092\u4f5c\u6210" in s]
    assert confirm and find_box(confirm[0]), wheres
    summary = dict(seen)["summary"]
    assert "RUNNING" in summary and "\u2717" not in dict(seen)["commit done"]
