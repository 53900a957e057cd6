"""IAM policy evaluation (identity policies and trust policies), as SimulatePrincipalPolicy reports it:
an explicit Deny wins, else a matching Allow, else implicit deny. Statements with a Condition apply
only when every condition key is given in the context (else the key is reported missing)."""
import json
import re


class PolicyError(ValueError):
    pass


def as_list(v):
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def glob(pattern, value, ci=True):
    if ci:
        pattern, value = pattern.lower(), value.lower()
    rx = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(rx, value, re.S) is not None


def parse(text):
    """JSON text -> policy dict, with IAM's structural checks."""
    try:
        doc = json.loads(text) if isinstance(text, str) else text
    except ValueError:
        raise PolicyError("Syntax errors in policy.")
    if not isinstance(doc, dict) or "Statement" not in doc:
        raise PolicyError("Syntax errors in policy.")
    if doc.get("Version") not in (None, "2012-10-17", "2008-10-17"):
        raise PolicyError("The policy must contain a valid version string")
    for st in as_list(doc["Statement"]):
        if not isinstance(st, dict) or st.get("Effect") not in ("Allow", "Deny"):
            raise PolicyError("Syntax errors in policy.")
        if ("Action" in st) == ("NotAction" in st):
            raise PolicyError("Policy statement must contain actions.")
    return doc


def _action(st, action):
    if "Action" in st:
        return any(glob(p, action) for p in as_list(st["Action"]))
    return not any(glob(p, action) for p in as_list(st.get("NotAction")))


def _resource(st, resource):
    if "Resource" in st:
        return any(glob(p, resource, ci=False) for p in as_list(st["Resource"]))
    if "NotResource" in st:
        return not any(glob(p, resource, ci=False) for p in as_list(st["NotResource"]))
    return True


def _condition(st, context, missing):
    for op, block in (st.get("Condition") or {}).items():
        base = op.replace("IfExists", "")
        for key, want in block.items():
            have = context.get(key.lower())
            if have is None:
                if op.endswith("IfExists"):
                    continue
                missing.add(key)
                return False
            want = [str(w) for w in as_list(want)]
            if base == "StringEquals" and not any(h in want for h in have):
                return False
            if base == "StringNotEquals" and any(h in want for h in have):
                return False
            if base == "StringLike" and not any(glob(w, h, ci=False) for w in want for h in have):
                return False
            if base == "StringEqualsIgnoreCase" and not any(h.lower() in [w.lower() for w in want] for h in have):
                return False
            if base == "ArnLike" and not any(glob(w, h, ci=False) for w in want for h in have):
                return False
            if base == "ArnEquals" and not any(h in want for h in have):
                return False
            if base == "Bool" and not any(h.lower() in [w.lower() for w in want] for h in have):
                return False
    return True


def evaluate(policies, action, resource="*", context=None):
    """policies: [(source_id, source_type, doc)]. -> (decision, matched[(id, type, idx)], missing keys)."""
    context = {k.lower(): as_list(v) for k, v in (context or {}).items()}
    allow, deny, missing = [], [], set()
    for sid, stype, doc in policies:
        for i, st in enumerate(as_list(doc.get("Statement"))):
            if not _action(st, action) or not _resource(st, resource):
                continue
            if not _condition(st, context, missing):
                continue
            (deny if st["Effect"] == "Deny" else allow).append((sid, stype, i))
    if deny:
        return "explicitDeny", deny, sorted(missing)
    if allow:
        return "allowed", allow, sorted(missing)
    return "implicitDeny", [], sorted(missing)


def principal_matches(st, caller_arn, account):
    p = st.get("Principal")
    if p == "*":
        return True
    if not isinstance(p, dict):
        return False
    for v in as_list(p.get("AWS")):
        if v == "*" or v == caller_arn or v in (account, "arn:aws:iam::%s:root" % account):
            return True
    return False


def trust_allows(doc, caller_arn, account, action="sts:AssumeRole", context=None):
    """Does the role's trust policy let caller_arn assume it? -> (bool, reason)."""
    context = {k.lower(): as_list(v) for k, v in (context or {}).items()}
    allowed = False
    for st in as_list(doc.get("Statement")):
        if not _action(st, action) or not principal_matches(st, caller_arn, account):
            continue
        if not _condition(st, context, set()):
            continue
        if st["Effect"] == "Deny":
            return False, "explicit deny"
        allowed = True
    return allowed, "" if allowed else "no statement allows it"
