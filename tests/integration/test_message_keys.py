"""Every answers-file key a message names exists (issue 17, item 6): a fix once
said "credential.choice = create" where the file's key is credential.mode.
Static: the keys of src/setup/setup_fields.def against every "section.key" in
the user-visible strings (_("...")) of src/."""
import glob
import os
import re

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def known_keys():
    model = open(os.path.join(ROOT, "src", "setup", "setup_model.h")).read()
    model = model[model.index("#define HK_STEP_TABLE"):model.index("enum hk_step {")]
    steps = dict(re.findall(r'X\((\w+), "(\w+)", "[^"]*"\)', model))
    fields = open(os.path.join(ROOT, "src", "setup", "setup_fields.def")).read()
    keys = set()
    for step, key in re.findall(r'HK_FIELD\((\w+), "([\w.]+)"', fields):
        keys.add("%s.%s" % (steps[step], key))
    return set(steps.values()), keys


def test_every_key_a_message_names_exists():
    sections, keys = known_keys()
    assert "credential.mode" in keys and "network.vpc_id" in keys
    pat = re.compile(r"\b(%s)\.([a-z_]+(?:\.[a-z_]+)?)\b" % "|".join(sorted(sections)))
    bad = []
    for path in glob.glob(os.path.join(ROOT, "src", "**", "*.c"), recursive=True):
        text = open(path, encoding="utf-8").read()
        for lit in re.findall(r'_\(\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\)', text):
            s = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', lit))
            for m in pat.finditer(s):
                name = "%s.%s" % (m.group(1), m.group(2))
                if name in keys or any(k.startswith(name + ".") for k in keys):
                    continue
                # "endpoints.relay.vpce_id" style: the longest key that is a prefix
                if not any(name.startswith(k) for k in keys):
                    bad.append((os.path.relpath(path, ROOT), name))
    assert not bad, bad
