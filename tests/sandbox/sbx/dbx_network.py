"""Network-configuration health and cluster-start reachability, computed from the sandbox's EC2 state.

Input is a view (sbx.dbx_awsview.View) that returns normalized records; output uses the Account API
shapes: vpc_status VALID | WARNED | BROKEN, error_messages[{error_type, error_message}],
warning_messages[{warning_type, warning_message}].

Errors (BROKEN): missing VPC/subnet/SG, subnet or SG outside the VPC, fewer than two AZs, subnet size
outside /17-/26, VPC DNS support or DNS hostnames off, a custom NACL on a cluster subnet that drops
required traffic. Warnings (WARNED): missing SG rules (self ingress/egress TCP+UDP, egress TCP 443,
6666, 8443-8451), a cluster subnet with a route to an internet gateway or auto-assigned public IPs.
"""
import ipaddress

REQUIRED_EGRESS_PORTS = [443, 6666] + list(range(8443, 8452))
PUBLIC_PROBE = "52.219.0.10"       # an S3 public address (gateway-endpoint traffic keeps it)


def _net(cidr):
    try:
        return ipaddress.ip_network(cidr, strict=False)
    except ValueError:
        return None


def _probe_addr(cidr):
    net = _net(cidr)
    if net is None:
        return None
    return str(net.network_address + min(10, net.num_addresses - 1))


def rule_covers(rule, proto, port):
    rp = str(rule.get("proto", "-1")).lower()
    if rp not in ("-1", "all") and rp != proto:
        return False
    if rp in ("-1", "all"):
        return True
    lo, hi = rule.get("from"), rule.get("to")
    if lo is None or hi is None:
        return True
    return int(lo) <= port <= int(hi)


def _peer_match(rule, peer_cidr=None, peer_groups=(), peer_any=False):
    """Does the rule's peer list admit the traffic (by CIDR overlap or group reference)?"""
    if peer_any and (rule.get("cidrs") or rule.get("groups") or rule.get("prefix_lists")):
        return True
    if peer_groups and set(rule.get("groups") or []) & set(peer_groups):
        return True
    if peer_cidr:
        want = _net(peer_cidr)
        for c in rule.get("cidrs") or []:
            n = _net(c)
            if n is not None and want is not None and n.version == want.version and n.overlaps(want):
                return True
    return False


def sg_allows(rules, proto, port, **peer):
    return any(rule_covers(r, proto, port) and _peer_match(r, **peer) for r in rules)


def _nacl_verdict(entries, egress, proto, port, addr):
    proto_num = {"tcp": "6", "udp": "17"}[proto]
    for e in sorted((e for e in entries if bool(e.get("egress")) == egress), key=lambda e: int(e["rule"])):
        if int(e["rule"]) == 32767:
            continue
        p = str(e.get("proto", "-1")).lower()
        if p not in ("-1", "all", proto, proto_num):
            continue
        if p not in ("-1", "all"):
            lo, hi = e.get("from"), e.get("to")
            if lo is not None and hi is not None and not int(lo) <= port <= int(hi):
                continue
        n = _net(e.get("cidr", ""))
        if n is None or ipaddress.ip_address(addr) not in n:
            continue
        return str(e.get("action", "deny")).lower() == "allow"
    return False


def _nacl_problems(view, subnet, vpc):
    acl = view.nacl_for_subnet(subnet["id"])
    if not acl:
        return []
    inside = _probe_addr(vpc["cidr"])
    probes = [(False, "tcp", 443, inside), (False, "tcp", 6666, inside), (False, "tcp", 40000, inside),
              (False, "tcp", 40000, PUBLIC_PROBE), (True, "tcp", 40000, inside),
              (True, "tcp", 443, PUBLIC_PROBE)]
    probes += [(True, "tcp", p, inside) for p in REQUIRED_EGRESS_PORTS]
    out = []
    for egress, proto, port, addr in probes:
        if not _nacl_verdict(acl.get("entries") or [], egress, proto, port, addr):
            out.append("Network ACL %s on subnet %s denies %s %s port %d %s %s" % (
                acl["id"], subnet["id"], "outbound" if egress else "inbound", proto.upper(), port,
                "to" if egress else "from", addr))
    return out[:3]


def health(view, net, credentials_ok=True):
    """Return (errors, warnings) for a stored network configuration."""
    errors, warnings = [], []

    def err(kind, msg):
        errors.append({"error_type": kind, "error_message": msg})

    def warn(kind, msg):
        warnings.append({"warning_type": kind, "warning_message": msg})

    if not credentials_ok:
        err("credentials", "The workspace's credential configuration fails validation; Databricks cannot "
            "describe the VPC with it.")
    vpc = view.vpc(net.get("vpc_id", ""))
    if vpc is None:
        err("vpc", "VPC %s does not exist in the sandbox's AWS account." % net.get("vpc_id"))
        return errors, warnings
    if not vpc.get("dns_support"):
        err("vpc", "VPC %s has DNS support (enableDnsSupport) disabled; enable it." % vpc["id"])
    if not vpc.get("dns_hostnames"):
        err("vpc", "VPC %s has DNS hostnames (enableDnsHostnames) disabled; enable it." % vpc["id"])
    subnets = []
    for sid in net.get("subnet_ids") or []:
        s = view.subnet(sid)
        if s is None:
            err("subnet", "Subnet %s does not exist." % sid)
            continue
        if s.get("vpc_id") != vpc["id"]:
            err("subnet", "Subnet %s is not in VPC %s." % (sid, vpc["id"]))
            continue
        subnets.append(s)
        n = _net(s.get("cidr", ""))
        if n is not None and not 17 <= n.prefixlen <= 26:
            err("subnet", "Subnet %s has netmask /%d; subnets must be between /17 and /26." % (sid, n.prefixlen))
        if any(str(r.get("target", "")).startswith("igw-") and r.get("dest") in ("0.0.0.0/0", "::/0")
               for r in view.routes_for_subnet(sid)):
            warn("subnet", "Subnet %s has a route to an internet gateway; cluster subnets must be private." % sid)
        if s.get("map_public_ip"):
            warn("subnet", "Subnet %s assigns public IP addresses on launch." % sid)
    if subnets and len({s.get("az") for s in subnets}) < 2:
        err("subnet", "Subnets %s are all in availability zone %s; use subnets in at least two "
            "availability zones." % (", ".join(s["id"] for s in subnets), subnets[0].get("az")))
    groups = []
    for gid in net.get("security_group_ids") or []:
        g = view.security_group(gid)
        if g is None:
            err("securityGroup", "Security group %s does not exist." % gid)
        elif g.get("vpc_id") != vpc["id"]:
            err("securityGroup", "Security group %s is not in VPC %s." % (gid, vpc["id"]))
        else:
            groups.append(g)
    if groups:
        ids = [g["id"] for g in groups]
        ingress = [r for g in groups for r in g.get("ingress") or []]
        egress = [r for g in groups for r in g.get("egress") or []]
        for proto in ("tcp", "udp"):
            if not all(sg_allows(ingress, proto, p, peer_groups=ids) for p in (0, 65535)):
                warn("securityGroup", "Security group %s does not allow all %s ingress from itself."
                     % (ids[0], proto.upper()))
            if not all(sg_allows(egress, proto, p, peer_groups=ids) for p in (0, 65535)):
                warn("securityGroup", "Security group %s does not allow all %s egress to itself."
                     % (ids[0], proto.upper()))
        others = [r for r in egress if set(r.get("groups") or []) - set(ids)]   # e.g. the endpoints' SG
        missing = [p for p in REQUIRED_EGRESS_PORTS
                   if not sg_allows(egress, "tcp", p, peer_cidr=vpc["cidr"])
                   and not any(rule_covers(r, "tcp", p) for r in others)]
        if missing:
            warn("securityGroup", "Security group %s does not allow egress on TCP port(s) %s." % (
                ids[0], ", ".join(str(p) for p in missing)))
    for s in subnets:
        for msg in _nacl_problems(view, s, vpc):
            err("networkAcl", msg)
    return errors, warnings


def status_of(errors, warnings):
    if errors:
        return "BROKEN"
    return "WARNED" if warnings else "VALID"


def _internet_path(view, subnet_ids):
    """Every cluster subnet has a default route to a NAT or internet gateway (a non-closed design)."""
    def out(sid):
        return any(r.get("dest") == "0.0.0.0/0" and str(r.get("target", "")).startswith(("nat-", "igw-"))
                   for r in view.routes_for_subnet(sid))
    return bool(subnet_ids) and all(out(s) for s in subnet_ids)


def _s3_fault(view, vpc, ids, egress, subnet_ids):
    """Cluster nodes reach S3 (root bucket, artifacts, logs) through the S3 gateway endpoint on their
    route tables, or a NAT route; either way the packets go to S3's public ranges, so the cluster SG
    needs egress 443 to the S3 prefix list or to 0.0.0.0/0 (AWS "Gateway endpoints for Amazon S3":
    security groups must allow outbound traffic to the prefix list; SRA aws/tf/network.tf adds the
    egress 443 rule to com.amazonaws.<region>.s3 beside the VPC-CIDR rules)."""
    pl = view.prefix_list_id(vpc["region"], "com.amazonaws.%s.s3" % vpc["region"])
    gateways = {e["id"] for e in view.vpc_endpoints_in(vpc["id"])
                if e.get("type") == "Gateway" and e.get("service", "").endswith(".s3")
                and str(e.get("state", "")).lower() == "available"}
    nat = _internet_path(view, subnet_ids)
    for sid in subnet_ids:
        routed = any(r.get("dest") == pl and r.get("target") in gateways for r in view.routes_for_subnet(sid))
        if not routed and not nat:
            return ("Connection timeout: cluster nodes in subnet %s have no route to S3 (no S3 gateway "
                    "endpoint on the subnet's route table and no NAT route), so they cannot download the "
                    "Databricks runtime or reach the root bucket." % sid)
    if not (any(rule_covers(r, "tcp", 443) and pl in (r.get("prefix_lists") or []) for r in egress) or
            sg_allows(egress, "tcp", 443, peer_cidr=PUBLIC_PROBE + "/32")):
        return ("Connection timeout: the cluster security group %s does not allow egress on TCP port 443 to "
                "S3 (prefix list %s or 0.0.0.0/0)." % (",".join(ids), pl))
    return None


def _aws_service_fault(view, vpc, ids, egress, subnet_cidrs, subnet_ids, short, label):
    """STS and Kinesis: an interface endpoint with private DNS whose SG admits 443 from the cluster
    SG (SRA aws/tf/privatelink.tf: sts and kinesis-streams endpoints, private_dns_enabled = true,
    on the privatelink SG with ingress 443 from the workspace SG; Databricks "Configure regional
    endpoints" for back-end PrivateLink without NAT), or a NAT route with egress 443 open."""
    name = "com.amazonaws.%s.%s" % (vpc["region"], short)
    eps = [e for e in view.vpc_endpoints_in(vpc["id"]) if e.get("service") == name and e.get("type") == "Interface"]
    if not eps:
        if _internet_path(view, subnet_ids) and sg_allows(egress, "tcp", 443, peer_cidr=PUBLIC_PROBE + "/32"):
            return None
        return ("Connection timeout: cluster nodes cannot reach %s: VPC %s has no %s interface endpoint and "
                "no NAT route." % (label, vpc["id"], name))
    ep = eps[0]
    if str(ep.get("state", "")).lower() != "available":
        return "Connection timeout: the %s endpoint %s is %s." % (label, ep["id"], ep.get("state"))
    if not ep.get("private_dns"):
        return ("Connection timeout: the %s endpoint %s has private DNS disabled, so cluster nodes resolve the "
                "public %s address, which the closed network cannot reach." % (label, ep["id"], label))
    groups = ep.get("group_ids") or []
    ingress = [r for g in (view.security_group(i) for i in groups) if g for r in g.get("ingress") or []]
    dest = (ep["ips"][0] + "/32") if ep.get("ips") else vpc["cidr"]
    if not (sg_allows(egress, "tcp", 443, peer_cidr=dest) or sg_allows(egress, "tcp", 443, peer_groups=groups)):
        return ("Connection timeout: the cluster security group %s does not allow egress on TCP port 443 to the "
                "%s endpoint %s." % (",".join(ids), label, ep["id"]))
    if not (sg_allows(ingress, "tcp", 443, peer_groups=ids) or
            any(sg_allows(ingress, "tcp", 443, peer_cidr=c) for c in subnet_cidrs)):
        return ("Connection timeout: the security group of the %s endpoint %s does not allow ingress on TCP "
                "port 443 from the cluster subnets or security group." % (label, ep["id"]))
    return None


def cluster_start_fault(view, net, endpoint_aws_id):
    """Why a cluster in this network cannot reach the control plane, or None.

    endpoint_aws_id(kind) -> AWS vpce id of the network's registered rest_api / dataplane_relay
    endpoint (None when the network has no back-end PrivateLink).
    """
    vpc = view.vpc(net.get("vpc_id", ""))
    if vpc is None:
        return "Cluster nodes could not be launched: VPC %s no longer exists." % net.get("vpc_id")
    ids = list(net.get("security_group_ids") or [])
    groups = [g for g in (view.security_group(i) for i in ids) if g]
    egress = [r for g in groups for r in g.get("egress") or []]
    subnet_ids = [s["id"] for s in (view.subnet(i) for i in net.get("subnet_ids") or []) if s]
    subnet_cidrs = [s["cidr"] for s in (view.subnet(i) for i in subnet_ids) if s]
    for kind, ports in (("dataplane_relay", [6666]), ("rest_api", [443])):
        vid = endpoint_aws_id(kind)
        if vid is None:
            continue
        ep = view.vpc_endpoint(vid)
        if ep is None or str(ep.get("state", "")).lower() != "available":
            return ("Connection timeout: cluster nodes could not reach the control plane through VPC "
                    "endpoint %s (%s): the endpoint is %s." % (vid, kind, ep.get("state") if ep else "missing"))
        if not ep.get("private_dns"):
            # Nodes find the control plane and relay by name; only the endpoint's private hosted zone
            # maps those names to the endpoint's IPs (SRA aws/tf/privatelink.tf: general_access and
            # scc_relay endpoints have private_dns_enabled = true).  Without it they resolve the public
            # addresses, which a closed VPC cannot reach.
            return ("Connection timeout: cluster nodes resolved the public %s address because VPC endpoint "
                    "%s (%s) has private DNS disabled; enable private DNS on it." % (
                        "relay" if kind == "dataplane_relay" else "control plane", vid, kind))
        ep_ips = ep.get("ips") or []
        ep_groups = ep.get("group_ids") or []
        ep_ingress = [r for g in (view.security_group(i) for i in ep_groups) if g for r in g.get("ingress") or []]
        for port in ports:
            dest = (ep_ips[0] + "/32") if ep_ips else vpc["cidr"]
            if not (sg_allows(egress, "tcp", port, peer_cidr=dest) or
                    sg_allows(egress, "tcp", port, peer_groups=ep_groups)):
                return ("Connection timeout: the cluster security group %s does not allow egress on TCP "
                        "port %d to VPC endpoint %s (%s)." % (",".join(ids), port, vid, kind))
            if not (sg_allows(ep_ingress, "tcp", port, peer_groups=ids) or
                    any(sg_allows(ep_ingress, "tcp", port, peer_cidr=c) for c in subnet_cidrs)):
                return ("Connection timeout: the security group of VPC endpoint %s (%s) does not allow "
                        "ingress on TCP port %d from the cluster subnets or security group." % (vid, kind, port))
    fault = _s3_fault(view, vpc, ids, egress, subnet_ids)
    for short, label in (("sts", "STS"), ("kinesis-streams", "Kinesis")):
        fault = fault or _aws_service_fault(view, vpc, ids, egress, subnet_cidrs, subnet_ids, short, label)
    return fault
