"""The bundled sandbox for the wizard's flow tests: start it on a seed, read
the IDs it made, and write a saved setup (answers + the wizard's place)."""
import json
import os
import re
import subprocess
import time
import urllib.request

from conftest import ROOT

SANDBOX = os.path.join(ROOT, "tests", "sandbox", "sandbox")


class Sandbox:
    def __init__(self, tmp_path, seed):
        self.state = str(tmp_path / "sandbox" / "state.json")
        self.dir = os.path.dirname(self.state)
        self.env = {}
        p = subprocess.run([SANDBOX, "start", "--seed", seed, "--state", self.state],
                           capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, HEIIKI_SANDBOX_DIR=self.dir))
        if p.returncode != 0:
            raise RuntimeError("sandbox did not start: %s %s" % (p.stdout, p.stderr))
        out = subprocess.run([SANDBOX, "env", "--state", self.state], capture_output=True,
                             text=True, timeout=30, env=dict(os.environ, HEIIKI_SANDBOX_DIR=self.dir)).stdout
        for line in out.splitlines():
            if line.startswith("export ") and "=" in line:
                k, v = line[7:].split("=", 1)
                self.env[k] = v.strip("'\"")
        self.url = self.env["HEIIKI_SANDBOX_URL"]

    def admin(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read() or b"{}")

    def refs(self):
        return self.admin("GET", "/_sandbox/state")["seed_refs"]

    def stop(self):
        subprocess.run([SANDBOX, "stop", "--state", self.state], capture_output=True, timeout=30,
                       env=dict(os.environ, HEIIKI_SANDBOX_DIR=self.dir))


def tokyo_answers(refs, account_id, name="tokyo-ui"):
    """The field report's setup, with the sandbox's IDs (closed-network-setup.md)."""
    return """[account]
name = {name}
region = ap-northeast-1
account_id = {acct}

[credential]
mode = create

[storage]
mode = create
bucket = {name}-root
apply_policy = true

[endpoints]
backend_shared = true
workspace.mode = create
workspace.create_in_subnets = {pub1}
workspace.security_group = {sg1}
relay.mode = create
relay.create_in_subnets = {priv3}
relay.security_group = {sg3}
s3.enabled = true
s3.mode = create
s3.route_tables = {privrt1}
sts.enabled = true
sts.mode = create
sts.create_in_subnets = {priv3}
sts.security_group = {sg3}
kinesis.enabled = true
kinesis.mode = create
kinesis.create_in_subnets = {priv3}
kinesis.security_group = {sg3}
glue.enabled = false

[private_access]
public_access = false
level = ENDPOINT

[network]
vpc_id = {vpc}
subnet_ids = {priv1},{priv2}
security_group_ids = {sg2}

[metastore]
# the region's metastore (the sandbox account has one in ap-northeast-1)
mode = existing

[workspace]
pricing_tier = ENTERPRISE

[client]
frontend = private_ip
client_cidrs = 203.0.113.0/24
""".format(name=name, acct=account_id, **refs)


def save_setup(state_dir, answers, name="tokyo-ui", step="account", done="start,"):
    os.makedirs(str(state_dir), exist_ok=True)
    path = os.path.join(str(state_dir), name + ".answers")
    with open(path, "w") as f:
        f.write("# heiiki-ui: step=%s done=%s\n" % (step, done))
        f.write(answers)
    return path


# The report's layout on the tokyo-closed seed: the only thing the account
# cannot tell is the setup name, and that the REST API and user access
# endpoint sits in Public Subnet 01 (the report's choice; heiiki proposes the
# endpoint subnet, Private Subnet 03, like the relay's).
#
# The walk, in ONE place for every test that drives it (scripted or tmux, any
# language): (step number, keys pressed on it, what the screen shows first --
# a seed ref's name or a literal).  A step's keys may be split over rows.
TOKYO_WALK = (
    (1, "<Enter>", ()),                                  # start: a new setup
    (2, "tokyo-closed<F10>", ()),                        # account: region, account ID from env
    (3, "<F10>", ("vpc", "priv2", "sg2")),               # network: VPC, subnets, SG 02 proposed
    (4, "<F10>", ()),                                    # credential: create the role
    (5, "<F10>", ("tokyo-closed-root",)),                # storage: create tokyo-closed-root
    (6, "<Tab><Tab><C-u><F4>public<Enter>", ("priv3",)),  # endpoints: workspace in Public Subnet 01
    (6, "<F10>", ("pub1",)),                             # endpoints: the rest proposed
    (7, "<F10>", ()),                                    # private access
    (8, "<F10>", ()),                                    # metastore
    (9, "<F10>", ()),                                    # workspace
    (10, "<F10>", ("203.0.113.0/24",)),                  # client access: ranges from SG 01
    (11, "<F10><Enter>", ()),                            # review: Create
)
TOKYO_TO_COMMIT = "".join(keys for _, keys, _ in TOKYO_WALK)

# What the tmux walk looks for, per language (the wizard's own words).
WALK_TEXT = {
    "en": {"step": "step %d of ", "busy": "checking\u2026", "confirm": "Create the resources?",
           "ready": "The workspace is ready", "hosts": "Hosts and DNS",
           "verified": "Every post-deploy check passed", "summary": "Summary"},
    "ja": {"step": "\u30b9\u30c6\u30c3\u30d7 %d / ", "busy": "\u78ba\u8a8d\u4e2d\u2026",
           "confirm": "\u30ea\u30bd\u30fc\u30b9\u3092\u4f5c\u6210\u3057\u307e\u3059\u304b?",
           "ready": "\u30ef\u30fc\u30af\u30b9\u30da\u30fc\u30b9\u306e\u6e96\u5099\u304c"
                    "\u3067\u304d\u307e\u3057\u305f",
           "hosts": "hosts \u3068 DNS",
           "verified": "\u4f5c\u6210\u5f8c\u306e\u78ba\u8a8d\u306f\u3059\u3079\u3066"
                       "\u6210\u529f\u3057\u307e\u3057\u305f",
           "summary": "\u307e\u3068\u3081"},
}

# scripted key names -> tmux send-keys names
TMUX_KEYS = {"PgDn": "PageDown", "PgUp": "PageUp", "Esc": "Escape"}


def script_tokens(keys):
    """("key", tmux name) for <Name>, ("text", run) for typed characters."""
    out = []
    for name, text in re.findall(r"<([^<>]+)>|([^<]+)", keys):
        out.append(("key", TMUX_KEYS.get(name, name)) if name else ("text", text))
    return out


def settled_screen(t, busy, timeout=30.0, want=()):
    """The screen once the terminal stops changing (two captures alike), no
    live check is running and every text of want shows."""
    end = time.time() + timeout
    s = t.screen()
    while time.time() < end:
        time.sleep(0.12)
        again = t.screen()
        if again == s and busy not in again and all(w in again for w in want):
            return again
        s = again
    raise AssertionError("the screen did not settle (waiting for %r):\n%s" % (want, s))


def _scroll_span(screen):
    m = re.search(r" (\d+)-(\d+)/(\d+) *$", screen, re.M)
    return (int(m.group(2)), int(m.group(3))) if m else None


def page_through(t, busy, see, where):
    """PgDn to the end of a scrolled view, each page seen, then back to the top."""
    s = settled_screen(t, busy)
    pages = 0
    while True:
        span = _scroll_span(s)
        if not span or span[0] >= span[1] or pages > 60:
            break
        t.send("PageDown")
        pages += 1
        s = settled_screen(t, busy)
        see(s, "%s, page %d" % (where, pages + 1))
    for _ in range(pages):
        t.send("PageUp")
    if pages:
        settled_screen(t, busy, want=[" 1-"])
    return pages


def tmux_tokyo_walk(t, refs, lang="en", see=None, page=True, timeout=120.0, commit_only=False):
    """Drive the Tokyo walk in a real terminal, a key at a time, looking at the
    screen before each key as a person does, from an empty state to the
    summary of a RUNNING, verified workspace.  see(screen, where) is called on
    every settled screen (each step, after each key, every change of the
    progress and post-deploy screens); page: the review and the summary are
    paged through to their ends; commit_only: return as soon as the commit is
    confirmed (the caller watches it).  Returns the keys sent up to the commit."""
    words = WALK_TEXT[lang]
    busy = words["busy"]
    see = see or (lambda s, where: None)
    sent = 0
    t.wait_for(words["step"] % 1, timeout=30)
    for step, keys, also in TOKYO_WALK:
        marker = words["step"] % step
        # (an ID's first 16 characters: a narrow field ends it with ">")
        want = [refs.get(a, a)[:16] for a in also]
        s = settled_screen(t, busy, timeout=60, want=[marker] + want)
        assert marker in s.splitlines()[0], s
        see(s, "step %d" % step)
        if page and step == 11 and keys.startswith("<F10>"):
            if page_through(t, busy, see, "review"):
                see(settled_screen(t, busy), "review, back at the top")
        toks = script_tokens(keys)
        for i, (kind, val) in enumerate(toks):
            if kind == "key":
                t.send(val)
                sent += 1
            else:
                t.type(val)
                sent += len(val)
            if step == 11 and i == len(toks) - 1:
                break                                  # the commit runs: watched below
            s = settled_screen(t, busy)
            see(s, "step %d after %s" % (step, val))
    if not commit_only:
        tmux_finish_commit(t, lang, see, page, timeout)
    return sent


def tmux_finish_commit(t, lang="en", see=None, page=True, timeout=120.0):
    """From a running commit to the summary of a RUNNING, verified workspace:
    the progress rows until the workspace is ready, hosts and DNS, the
    post-deploy checks, the summary (paged through when page)."""
    words = WALK_TEXT[lang]
    busy = words["busy"]
    see = see or (lambda s, where: None)
    # the commit: every change of the progress rows until the workspace is ready
    end, last = time.time() + timeout, None
    while True:
        s = t.screen()
        if s != last:
            see(s, "commit")
            last = s
        if words["ready"] in s:
            break
        assert time.time() < end, "%r did not appear:\n%s" % (words["ready"], s)
        time.sleep(0.1)
    see(settled_screen(t, busy), "commit done")
    t.send("F10")
    see(settled_screen(t, busy, want=[words["hosts"]]), "hosts and DNS")
    t.send("F10")
    end, last = time.time() + timeout, None
    while True:
        s = t.screen()
        if s != last:
            see(s, "post-deploy checks")
            last = s
        if words["verified"] in s:
            break
        assert time.time() < end, "%r did not appear:\n%s" % (words["verified"], s)
        time.sleep(0.1)
    t.send("F10")
    s = settled_screen(t, busy, want=["RUNNING"])
    assert words["summary"] in s.splitlines()[1], s
    see(s, "summary")
    if page:
        page_through(t, busy, see, "summary")
    return s

MARKERS = re.compile(r"<(dump|until:[^>]*|sleep:\d+|wait|resize:[^>]*)>")


def count_keys(script):
    """Keys a person presses: <Name> is one key, any other character one key;
    <dump>, <until:...>, <sleep:...> are the test's, not the operator's."""
    script = MARKERS.sub("", script)
    return len(re.findall(r"<[^<>]+>|.", script))
