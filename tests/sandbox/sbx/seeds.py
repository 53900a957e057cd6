"""Seeds: JSON data files in ../seeds/ that describe a starting world (see ../README.md)."""
import json
import os

SEED_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "seeds")


def names():
    return sorted(f[:-5] for f in os.listdir(SEED_DIR) if f.endswith(".json"))


def load(name, _depth=0):
    path = os.path.join(SEED_DIR, name + ".json")
    if not os.path.exists(path):
        raise FileNotFoundError("no seed %r (have: %s)" % (name, ", ".join(names())))
    with open(path, encoding="utf-8") as f:
        seed = json.load(f)
    parent = seed.pop("extends", None)
    if parent:
        if _depth > 8:
            raise ValueError("seed %r: extends chain too deep" % name)
        seed = merge(load(parent, _depth + 1), seed)
    return seed


def _matches(item, pattern):
    return isinstance(item, dict) and all(item.get(k) == v for k, v in pattern.items())


def merge(base, patch):
    """Dicts merge recursively; lists of {"ref":..} merge by ref ("remove": true drops one);
    "key+" appends to a list, "key-" drops list items matching each given partial dict."""
    if not isinstance(base, dict) or not isinstance(patch, dict):
        return patch
    out = dict(base)
    for key, val in patch.items():
        if key.endswith("+"):
            out[key[:-1]] = list(out.get(key[:-1], [])) + list(val)
        elif key.endswith("-"):
            out[key[:-1]] = [x for x in out.get(key[:-1], []) if not any(_matches(x, p) for p in val)]
        elif isinstance(val, list) and val and all(isinstance(x, dict) and "ref" in x for x in val) \
                and isinstance(out.get(key), list):
            items = list(out[key])
            for pv in val:
                idx = next((i for i, x in enumerate(items) if isinstance(x, dict) and x.get("ref") == pv["ref"]), None)
                if pv.get("remove"):
                    if idx is not None:
                        items.pop(idx)
                elif idx is None:
                    items.append(pv)
                else:
                    items[idx] = merge(items[idx], pv)
            out[key] = items
        elif isinstance(val, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], val)
        else:
            out[key] = val
    return out


def root_of(name, _depth=0):
    """The seed at the start of an extends chain (variants share its IDs)."""
    with open(os.path.join(SEED_DIR, name + ".json"), encoding="utf-8") as f:
        parent = json.load(f).get("extends")
    if parent and _depth < 8:
        return root_of(parent, _depth + 1)
    return name


def apply(state, name):
    """Replace the state with the named seed."""
    seed = load(name)
    with state.lock:
        state.reset(save=False)
        state.data["seed"] = name
        state.config.update(seed.get("config", {}))
        from sbx import aws_seed
        state.seed_ids = {"root": root_of(name), "counters": {}}
        try:
            aws_seed.build(state, seed)
        finally:
            state.seed_ids = None
        from sbx import registry
        registry.load_dbx()
        for fn in registry.DBX["seed"]:
            fn(state, seed)
        state.dirty()
        state.save()
