#!/usr/bin/python3
"""Commit benchmark: a full headless apply of assets/examples/tokyo-closed.ini against the
sandbox's tokyo-closed seed (heiiki creates the role, the root bucket, the endpoints, the Glue
route and every Databricks object, and reuses the region's metastore).

Prints, per group of plan actions, the API calls the apply made (the sandbox's request log,
grouped by operation and mapped to the plan's actions) next to the minimum the plan needs, then
the apply's wall time and peak RSS, and a no-op re-apply's wall time and calls (creates must be
0).

The minimum, per group:
  - one create call for every action the plan creates (CreateRole, PutRolePolicy,
    CreateVpcEndpoint, POST credentials, ...; a metastore assignment is one call too);
  - one read for every action the plan adopts (the list that finds the object);
  - two for a created bucket (CreateBucket + PutPublicAccessBlock), Glue role (CreateRole +
    PutRolePolicy) and instance profile (CreateInstanceProfile + AddRoleToInstanceProfile);
  - one OAuth token for the Databricks account API, unless the pre-flight's token is reused;
  - one GetWorkspace for the provisioning wait (the workspace is seen RUNNING once), however
    long the sandbox takes;
  - one DescribeNetworkInterfaces for the front-end address (the private IP of the workspace
    endpoint's ENI).
  - one workspace OAuth token for the post-deploy actions (the Glue instance profile and
    cluster policy), which talk to the workspace, not the account.
The apply starts with the full pre-flight (the reads `heiiki check` makes, counted separately:
the first requests of the apply, as many as `heiiki check` makes on the same answers), and ends
with the post-deploy checks (`heiiki verify`: a test cluster, catalog, volume and file), also
counted separately: every request from the first check's probe of the workspace root on.
The lookups heiiki makes before each create (does the role / endpoint / configuration already
exist?) are what makes an apply idempotent and crash-safe; they show up as the difference.

Usage: tests/bench/bench_commit.py   (HEIIKI_BIN; HEIIKI_BENCH_WORKSPACE_DELAY_S, default 1.0)"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench_kit  # noqa: E402

# Plan action id -> group shown in the table; actions not listed are their own group.
GROUPS = [
    ("aws.role", "IAM roles and policies"), ("aws.glue", "IAM roles and policies"),
    ("aws.bucket", "S3 bucket and policy"),
    ("aws.vpce.", "VPC endpoints (AWS)"),
    ("dbx.credential", "credential configuration"), ("dbx.storage", "storage configuration"),
    ("dbx.vpce.", "endpoint registrations"), ("dbx.pas", "private access settings"),
    ("dbx.network", "network configuration"), ("dbx.metastore.assign", "metastore assignment"),
    ("dbx.metastore", "metastore"), ("dbx.workspace.wait", "workspace provisioning wait"),
    ("dbx.workspace", "workspace"), ("post.client_access", "front-end address"),
    ("post.glue.profile", "workspace: Glue instance profile"),
    ("post.glue.policy", "workspace: Glue cluster policy"),
]
AUTH = "Databricks OAuth token"
WS_AUTH = "Databricks OAuth token (workspace)"

# Created actions that need more than one call at the least.
MIN_CALLS = {
    "aws.bucket": 2,         # CreateBucket + PutPublicAccessBlock (public access blocked)
    "aws.glue.role": 2,      # CreateRole + PutRolePolicy (its Glue Data Catalog policy)
    "aws.glue.profile": 2,   # CreateInstanceProfile + AddRoleToInstanceProfile
}

# service:Operation -> group (the operations each group's actions use).
OPS = {
    "iam": "IAM roles and policies", "s3": "S3 bucket and policy", "sts": "caller identity",
    "dbx:OAuthToken": AUTH,
    "dbx:ListCredentials": "credential configuration", "dbx:CreateCredential": "credential configuration",
    "dbx:ListStorageConfigurations": "storage configuration",
    "dbx:CreateStorageConfiguration": "storage configuration",
    "dbx:ListVpcEndpoints": "endpoint registrations", "dbx:CreateVpcEndpoint": "endpoint registrations",
    "dbx:ListPrivateAccessSettings": "private access settings",
    "dbx:CreatePrivateAccessSettings": "private access settings",
    "dbx:ListNetworks": "network configuration", "dbx:CreateNetwork": "network configuration",
    "dbx:ListMetastores": "metastore", "dbx:CreateMetastore": "metastore",
    "dbx:GetWorkspaceMetastoreAssignment": "metastore assignment",
    "dbx:CreateMetastoreAssignment": "metastore assignment",
    "dbx:ListWorkspaces": "workspace", "dbx:CreateWorkspace": "workspace",
    "dbx:GetWorkspace": "workspace provisioning wait",
    "ec2:CreateVpcEndpoint": "VPC endpoints (AWS)",
    "ec2:DescribeNetworkInterfaces": "front-end address",
    "dbx:ListInstanceProfiles": "workspace: Glue instance profile",
    "dbx:AddInstanceProfile": "workspace: Glue instance profile",
    "dbx:ListClusterPolicies": "workspace: Glue cluster policy",
    "dbx:CreateClusterPolicy": "workspace: Glue cluster policy",
}
# The first request of the post-deploy checks: the front-end probe of the workspace root.
VERIFY_FIRST = "dbx:GET /"
VERIFY = "post-deploy checks (as `heiiki verify`)"


def group_of_action(action_id):
    for prefix, name in GROUPS:
        if action_id == prefix or action_id.startswith(prefix if prefix.endswith(".") else prefix + ".") \
                or (not prefix.endswith(".") and action_id.startswith(prefix)):
            return name
    return action_id


def group_of_request(r, after_wait):
    key = "%s:%s" % (r["service"], r["operation"])
    if key == "ec2:DescribeVpcEndpoints":
        # before the workspace exists: the endpoint lookups; after: the front-end address
        return "front-end address" if after_wait else "VPC endpoints (AWS)"
    if after_wait and key in ("dbx:OAuthToken", "dbx:OidcDiscovery"):
        return WS_AUTH
    return OPS.get(key) or OPS.get(r["service"]) or key


PREFLIGHT = "pre-flight reads (as `heiiki check`)"


def split_preflight(requests, preflight_counts):
    """The apply runs the pre-flight before any action: its first N requests (N = what `heiiki
    check` made on the same answers) are the pre-flight when their operations match."""
    n = sum(preflight_counts.values())
    head = sorted(requests, key=lambda r: r["seq"])
    exact = bench_kit.counts(head[:n]) == preflight_counts
    return head[:n], head[n:], exact


def split_verify(requests):
    """The post-deploy checks run after the last action: from the first check's probe on."""
    head = sorted(requests, key=lambda r: r["seq"])
    for i, r in enumerate(head):
        if "%s:%s" % (r["service"], r["operation"]) == VERIFY_FIRST:
            return head[:i], head[i:]
    return head, []


def per_group(actions, requests, preflight_counts=None):
    groups = {}
    if preflight_counts:
        pre, requests, exact = split_preflight(requests, preflight_counts)
        groups[PREFLIGHT + ("" if exact else " (approx.)")] = {
            "create": 0, "adopt": 0, "calls": len(pre), "creates": 0, "min": 0,
            "ops": bench_kit.counts(pre), "separate": True}
    requests, checks = split_verify(requests)

    def g(name):
        return groups.setdefault(name, {"create": 0, "adopt": 0, "calls": 0, "creates": 0, "min": 0,
                                        "ops": {}})

    for a in actions:
        row = g(group_of_action(a["id"]))
        if a["decision"] == "create":
            row["create"] += 1
            row["min"] += 1
        elif a["decision"] == "adopt":
            row["adopt"] += 1
            row["min"] += 1
    after_wait = False
    for r in requests:
        name = group_of_request(r, after_wait)
        if r["operation"] == "GetWorkspace":
            after_wait = True
        row = g(name)
        row["calls"] += 1
        if r.get("create") and r.get("status", 0) < 300:
            row["creates"] += 1
        key = "%s:%s" % (r["service"], r["operation"])
        row["ops"][key] = row["ops"].get(key, 0) + 1
    token_in_preflight = bool(preflight_counts and preflight_counts.get("dbx:OAuthToken"))
    if not token_in_preflight and any(a["id"].startswith("dbx.") for a in actions):
        g(AUTH)["min"] = 1
    if any(a["id"].startswith("post.glue.") and a["decision"] in ("create", "adopt") for a in actions):
        g(WS_AUTH)["min"] = 1
    if checks:
        groups[VERIFY] = {"create": 0, "adopt": 0, "calls": len(checks),
                          "creates": sum(1 for r in checks if r.get("create") and r.get("status", 0) < 300),
                          "min": 0, "ops": bench_kit.counts(checks), "separate": True}
    for a in actions:
        if a["decision"] == "create" and a["id"] in MIN_CALLS:
            g(group_of_action(a["id"]))["min"] += MIN_CALLS[a["id"]] - 1
    return groups


def measure(sb, workspace_delay_s=1.0):
    sb.admin("POST", "/_sandbox/config", {"workspace_delay_s": workspace_delay_s})
    answers = bench_kit.example_answers(sb)
    binary = bench_kit.heiiki_bin()
    env = sb.full_env()
    plan = bench_kit.run_timed([binary, "plan", "--answers", answers, "--json"], env=env, cwd=sb.dir)
    try:
        actions = json.loads(plan.out)["actions"]
    except (ValueError, KeyError):
        sys.exit("bench_commit: `heiiki plan --json` failed (exit %d): %s" % (plan.rc, plan.err[-400:]))

    sb.clear_log()
    check = bench_kit.run_timed([binary, "check", "--answers", answers], env=env, cwd=sb.dir)
    pre_counts = bench_kit.counts(sb.log()["requests"])
    sb.clear_log()
    first = bench_kit.run_timed([binary, "apply", "--answers", answers, "--yes", "--quiet"], env=env,
                                cwd=sb.dir)
    log1 = sb.log()
    sb.clear_log()
    again = bench_kit.run_timed([binary, "apply", "--answers", answers, "--yes", "--quiet"], env=env,
                                cwd=sb.dir)
    log2 = sb.log()
    return {"answers": answers, "actions": actions, "workspace_delay_s": workspace_delay_s,
            "check_rc": check.rc, "preflight_counts": pre_counts,
            "first": {"rc": first.rc, "wall_s": first.wall, "rss_kb": first.rss_kb,
                      "requests": log1["requests"], "creates": len(log1["creates"]),
                      "err": first.err[-600:]},
            "again": {"rc": again.rc, "wall_s": again.wall, "rss_kb": again.rss_kb,
                      "requests": log2["requests"], "creates": len(log2["creates"]),
                      "counts": bench_kit.counts(log2["requests"]), "err": again.err[-600:]}}


def print_tables(r):
    actions, first, again = r["actions"], r["first"], r["again"]
    groups = per_group(actions, first["requests"], r["preflight_counts"])
    rows = []
    oprows = []
    tot = {"create": 0, "adopt": 0, "calls": 0, "creates": 0, "min": 0}
    npre = 0
    nchk = 0
    for name, row in groups.items():
        if row.get("separate"):
            npre += row["calls"]
            nchk += row["creates"]
            rows.append((name, "-", row["calls"], row["creates"], "-", "-"))
        else:
            for k in tot:
                tot[k] += row[k]
            rows.append((name, "%d/%d" % (row["create"], row["adopt"]), row["calls"], row["creates"], row["min"],
                         "%.1f" % (row["calls"] / row["min"]) if row["min"] else "-"))
        if not row["calls"] and not row["min"]:
            rows.pop()
            continue
        oprows.append((name, ", ".join("%s x%d" % (k.split(":", 1)[1], v) for k, v in sorted(row["ops"].items()))))
    rows.append(("total (actions)", "%d/%d" % (tot["create"], tot["adopt"]), tot["calls"], tot["creates"],
                 tot["min"], "%.1f" % (tot["calls"] / tot["min"]) if tot["min"] else "-"))
    rows.append(("total (with pre-flight and checks)", "", tot["calls"] + npre, tot["creates"] + nchk, "", ""))
    nskip = sum(1 for a in actions if a["decision"] not in ("create", "adopt"))
    note = ("apply: exit %d, %.2f s wall (sandbox workspace_delay_s %.1f), peak RSS %.1f MiB; %d plan "
            "actions (%d skipped or kept).\nminimum = one call per created action (two for the bucket, the Glue "
            "role and its instance profile) + one read per\nadopted action + 1 OAuth token unless the pre-flight's is "
            "reused; the provisioning wait and the front-end\naddress count 1 read each (GetWorkspace RUNNING, "
            "DescribeNetworkInterfaces), the post-deploy actions 1 workspace\ntoken; the checks' creates are "
            "their test objects (cluster, catalog, schema, volume, file); see bench_commit.py." % (first["rc"], first["wall_s"], r["workspace_delay_s"],
                                                 first["rss_kb"] / 1024.0, len(actions), nskip))
    if first["rc"] != 0:
        note += "\napply failed: " + first["err"].strip().replace("\n", " | ")
    bench_kit.table("Commit: API calls per action group, full apply of assets/examples/tokyo-closed.ini (sandbox)",
                    ["group", "create/adopt", "calls", "creates", "minimum", "calls/min"],
                    rows, note)
    print("  operations per group:")
    for name, ops in oprows:
        print("    %-40s %s" % (name + ":", ops))
    ops = ", ".join("%s x%d" % (k, v) for k, v in sorted(again["counts"].items()))
    same = again["counts"] == r["preflight_counts"]
    bench_kit.table("Commit: no-op re-apply (same answers, everything exists)",
                    ["run", "exit", "wall s", "calls", "creates", "peak RSS MiB"],
                    [("first apply", first["rc"], "%.2f" % first["wall_s"], len(first["requests"]),
                      first["creates"], "%.1f" % (first["rss_kb"] / 1024.0)),
                     ("re-apply", again["rc"], "%.2f" % again["wall_s"], len(again["requests"]),
                      again["creates"], "%.1f" % (again["rss_kb"] / 1024.0))],
                    "re-apply calls: " + (ops or "none") +
                    ("\n(exactly the pre-flight's reads: nothing else is read or written)" if same else "") +
                    ("\nre-apply CREATED %d objects (must be 0)" % again["creates"] if again["creates"] else ""))


def main():
    delay = float(os.environ.get("HEIIKI_BENCH_WORKSPACE_DELAY_S", "1.0"))
    sb = bench_kit.start_sandbox()
    try:
        r = measure(sb, delay)
    finally:
        sb.stop()
    print_tables(r)
    return 0 if r["first"]["rc"] == 0 and r["again"]["rc"] == 0 and r["again"]["creates"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
