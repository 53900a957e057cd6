"""In-memory sandbox state, persisted as JSON (atomic temp + rename) after each mutation."""
import hashlib
import json
import os
import secrets
import threading
import time

from sbx import identity

VERSION = 1
DEFAULT_CONFIG = {
    "region": identity.DEFAULT_REGION,
    "account_id": identity.DEFAULT_ACCOUNT_ID,
    "user_name": identity.AWS_USER_NAME,
    "vpce_delay_s": 0.3,        # interface/gateway endpoint pending -> available
    "workspace_delay_s": 2.0,   # Databricks workspace PROVISIONING -> RUNNING (sandbox-dbx)
    "page_size": 0,             # 0 = AWS default page sizes; >0 forces smaller pages (tests)
}


def empty_data():
    return {
        "version": VERSION,
        "seed": None,
        "config": dict(DEFAULT_CONFIG),
        "ec2": {k: {} for k in ("vpcs", "subnets", "route_tables", "internet_gateways",
                                "nat_gateways", "security_groups", "network_acls",
                                "vpc_endpoints", "network_interfaces", "addresses",
                                "client_tokens", "prefix_lists")},
        "iam": {k: {} for k in ("roles", "users", "instance_profiles", "policies")},
        "sts": {"sessions": {}},
        "s3": {"buckets": {}},
        "dbx": {},
    }


class State:
    def __init__(self, path=None):
        self.path = path
        self.lock = threading.RLock()
        self._dirty = False
        self.data = empty_data()
        if path and os.path.exists(path):
            self.load()

    # collections
    ec2 = property(lambda self: self.data["ec2"])
    iam = property(lambda self: self.data["iam"])
    sts = property(lambda self: self.data["sts"])
    s3 = property(lambda self: self.data["s3"])
    dbx = property(lambda self: self.data["dbx"])
    config = property(lambda self: self.data["config"])

    def load(self):
        with open(self.path, encoding="utf-8") as f:
            data = json.load(f)
        base = empty_data()
        for key, val in data.items():
            if isinstance(val, dict) and isinstance(base.get(key), dict):
                base[key].update(val)
            else:
                base[key] = val
        self.data = base

    def reset(self, save=True):
        with self.lock:
            self.data = empty_data()
            self._dirty = True
            if save:
                self.save()

    def dirty(self):
        self._dirty = True

    def save(self, force=False):
        with self.lock:
            if not self.path or not (self._dirty or force):
                return
            tmp = "%s.tmp.%d" % (self.path, os.getpid())
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(self.data, f, indent=1, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
            self._dirty = False

    @staticmethod
    def now():
        return time.time()

    @staticmethod
    def new_hex(n):
        return secrets.token_hex((n + 1) // 2)[:n]

    # While a seed is applied, IDs are derived from (root seed, prefix, count)
    # so a seed always yields the same IDs: the example answers file and the
    # tests can name them.  Variants that extend a seed keep its IDs.
    seed_ids = None

    def new_id(self, prefix):
        """Realistic long-format ID: prefix-0 + 16 hex (17 hex digits)."""
        if self.seed_ids is not None:
            n = self.seed_ids["counters"].get(prefix, 0)
            self.seed_ids["counters"][prefix] = n + 1
            digest = hashlib.sha256(("%s:%s:%d" % (self.seed_ids["root"], prefix, n)).encode()).hexdigest()
            return "%s-0%s" % (prefix, digest[:16])
        return "%s-0%s" % (prefix, self.new_hex(16))
