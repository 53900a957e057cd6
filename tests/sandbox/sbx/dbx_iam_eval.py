"""Lenient IAM policy evaluation: the fallback of the Databricks credential check.

The check first asks the AWS side's evaluator (sbx/aws_policy.py, the one SimulatePrincipalPolicy uses)
about each required action on resource "*". Only when that says implicitDeny does it ask this module,
evaluate(docs, action, resource, context, lenient=True), which answers "allowed" | "explicitDeny" |
"implicitDeny" for the question "can this action be allowed for some request?": a statement scoped to specific
resources counts when the asked resource is "*", and a condition whose key is absent from the context
is taken as satisfiable for Allow statements (and as not applying for Deny statements). This is how
the Databricks check accepts the resource-scoped "restricted" cross-account policy.
"""
import fnmatch
import re


def _as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def _glob(pattern, value, ci=True):
    if ci:
        pattern, value = pattern.lower(), value.lower()
    rx = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(rx, value, re.S) is not None


def _action_match(stmt, action):
    if "Action" in stmt:
        return any(_glob(p, action) for p in _as_list(stmt["Action"]))
    if "NotAction" in stmt:
        return not any(_glob(p, action) for p in _as_list(stmt["NotAction"]))
    return False


def _resource_match(stmt, resource, lenient):
    if "Resource" in stmt:
        pats = _as_list(stmt["Resource"])
        if resource == "*" and lenient:
            return bool(pats)
        return any(_glob(p, resource, ci=False) for p in pats)
    if "NotResource" in stmt:
        pats = _as_list(stmt["NotResource"])
        if resource == "*" and lenient:
            return "*" not in pats
        return not any(_glob(p, resource, ci=False) for p in pats)
    return True


def _cmp(op, want, have):
    base = op
    if base.endswith("IgnoreCase"):
        want, have = want.lower(), have.lower()
        base = base[: -len("IgnoreCase")]
    if base in ("StringEquals", "ArnEquals"):
        return want == have
    if base in ("StringLike", "ArnLike"):
        return fnmatch.fnmatchcase(have, want)
    if base == "Bool":
        return want.lower() == have.lower()
    if base.startswith("Numeric"):
        try:
            w, h = float(want), float(have)
        except ValueError:
            return False
        return {"NumericEquals": h == w, "NumericLessThan": h < w, "NumericLessThanEquals": h <= w,
                "NumericGreaterThan": h > w, "NumericGreaterThanEquals": h >= w}.get(base, False)
    return False


def _condition_ok(cond, context, lenient_missing):
    for raw_op, pairs in (cond or {}).items():
        op = raw_op.split(":", 1)[-1]
        if_exists = op.endswith("IfExists")
        if if_exists:
            op = op[: -len("IfExists")]
        negate = "Not" in op and op not in ("NotIpAddress",)
        positive = op.replace("Not", "", 1) if negate else op
        for key, wants in pairs.items():
            have = None
            for k, v in (context or {}).items():
                if k.lower() == key.lower():
                    have = v
            if have is None:
                if if_exists or lenient_missing:
                    continue
                if op == "Null":
                    ok = str(_as_list(wants)[0]).lower() == "true"
                    if not ok:
                        return False
                    continue
                return False
            haves = [str(h) for h in _as_list(have)]
            matched = any(_cmp(positive, str(w), h) for w in _as_list(wants) for h in haves)
            if matched == negate:
                return False
    return True


def evaluate(docs, action, resource="*", context=None, lenient=False):
    allowed = False
    for doc in docs:
        for stmt in _as_list((doc or {}).get("Statement")):
            if not _action_match(stmt, action) or not _resource_match(stmt, resource, lenient):
                continue
            effect = stmt.get("Effect")
            if effect == "Deny":
                if _condition_ok(stmt.get("Condition"), context, False):
                    return "explicitDeny"
            elif effect == "Allow":
                if _condition_ok(stmt.get("Condition"), context, lenient):
                    allowed = True
    return "allowed" if allowed else "implicitDeny"

