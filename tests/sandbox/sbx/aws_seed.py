"""Builds a seed's AWS resources through the same store functions the API uses, so seeded
resources look exactly like API-created ones (default SG, main route table, default NACL ...)."""
import json

from sbx import aws_ec2_store as st
from sbx import aws_iam, aws_s3

PROTO = {"tcp": "tcp", "udp": "udp", "all": "-1", "-1": "-1", "icmp": "icmp"}


def _tags(spec):
    tags = [{"Key": k, "Value": v} for k, v in sorted((spec.get("tags") or {}).items())]
    if spec.get("name"):
        tags.insert(0, {"Key": "Name", "Value": spec["name"]})
    return tags


def _rule(spec, refs, region, self_id):
    proto = PROTO[str(spec.get("proto", "all")).lower()]
    r = {"IpProtocol": proto}
    if proto in ("tcp", "udp"):
        r["FromPort"] = int(spec.get("from", 0))
        r["ToPort"] = int(spec.get("to", spec.get("from", 65535) if "from" in spec else 65535))
    if spec.get("cidr"):
        r["cidr"] = spec["cidr"]
    elif spec.get("group"):
        r["group"] = self_id if spec["group"] == "self" else refs[spec["group"]]
    elif spec.get("prefix_list"):
        r["prefix_list"] = st.prefix_list_id(region, "com.amazonaws.%s.%s" % (region, spec["prefix_list"]))
    if spec.get("description"):
        r["description"] = spec["description"]
    return r


def build(state, seed):
    region = state.config["region"]
    refs = {}
    for v in seed.get("vpcs", []):
        vpc = st.create_vpc(state, v.get("region", region), v["cidr"], _tags(v))
        vpc["_dns_support"] = v.get("dns_support", True)
        vpc["_dns_hostnames"] = v.get("dns_hostnames", False)
        refs[v["ref"]] = vpc["VpcId"]
        vpc["_region"] = v.get("region", region)
    for g in seed.get("internet_gateways", []):
        igw = st.create_igw(state, region, _tags(g))
        refs[g["ref"]] = igw["InternetGatewayId"]
        if g.get("vpc"):
            st.attach_igw(state, region, igw["InternetGatewayId"], refs[g["vpc"]])
    for s in seed.get("subnets", []):
        sub = st.create_subnet(state, region, refs[s["vpc"]], s["cidr"], s.get("az"), s.get("az_id"), _tags(s))
        sub["MapPublicIpOnLaunch"] = bool(s.get("map_public_ip", False))
        refs[s["ref"]] = sub["SubnetId"]
    for r in seed.get("route_tables", []):
        if r.get("main"):
            rt = st.main_route_table(state, region, refs[r["vpc"]])
            st.set_tags(rt, _tags(r))
        else:
            rt = st.create_route_table(state, region, refs[r["vpc"]], _tags(r))
        refs[r["ref"]] = rt["RouteTableId"]
        for sref in r.get("subnets", []):
            st.associate_route_table(state, region, rt["RouteTableId"], refs[sref])
        for route in r.get("routes", []):
            target = {"GatewayId": refs[route["gateway"]]} if route.get("gateway") else {
                "NatGatewayId": refs[route["nat"]]}
            st.create_route(state, region, rt["RouteTableId"], {"DestinationCidrBlock": route["cidr"]}, target)
    groups = seed.get("security_groups", [])
    for g in groups:
        sg = st.create_security_group(state, region, refs[g["vpc"]], g.get("group_name") or g["name"],
                                      g.get("description", g.get("name", "")), _tags(g))
        refs[g["ref"]] = sg["GroupId"]
        if not g.get("keep_default_egress", False):
            sg["_rules"] = []
    for g in groups:
        sg = state.ec2["security_groups"][refs[g["ref"]]]
        for direction in ("ingress", "egress"):
            for spec in g.get(direction, []):
                st.add_rule(state, sg, direction, _rule(spec, refs, region, sg["GroupId"]))
    for a in seed.get("network_acls", []):
        acl = st.create_network_acl(state, region, refs[a["vpc"]], _tags(a))
        refs[a["ref"]] = acl["NetworkAclId"]
        for e in a.get("entries", []):
            entry = {"RuleNumber": e["rule"], "Protocol": {"tcp": "6", "udp": "17", "all": "-1"}.get(
                str(e.get("proto", "all")), str(e.get("proto"))), "RuleAction": e["action"],
                "Egress": bool(e.get("egress")), "CidrBlock": e.get("cidr", "0.0.0.0/0")}
            if "from" in e:
                entry["PortRange"] = {"From": e["from"], "To": e.get("to", e["from"])}
            st.add_acl_entry(state, acl, entry)
        for sref in a.get("subnets", []):
            st.associate_acl(state, region, acl, refs[sref])
    iam = seed.get("iam", {})
    aws_iam.caller_user(state)
    for u in iam.get("users", []):
        user = state.iam["users"].get(u["name"]) or dict(aws_iam.caller_user(state), UserName=u["name"])
        user["_inline"] = {k: json.dumps(v) for k, v in (u.get("inline") or {}).items()}
        state.iam["users"][u["name"]] = user
    for p in iam.get("policies", []):
        aws_iam.create_policy(state, p["name"], p["document"], p.get("path", "/"))
    for r in iam.get("roles", []):
        aws_iam.create_role(state, r["name"], r["trust"], r.get("path", "/"), r.get("description"))
        for pname, doc in (r.get("inline") or {}).items():
            aws_iam.put_role_policy(state, r["name"], pname, doc)
        role = state.iam["roles"][r["name"]]
        for parn in r.get("attached", []):
            role["_attached"].append(parn.replace("${account}", state.config["account_id"]))
    for ip in iam.get("instance_profiles", []):
        prof = aws_iam.create_instance_profile(state, ip["name"])
        prof["_roles"] = list(ip.get("roles", []))
    for b in seed.get("s3", {}).get("buckets", []):
        bucket = aws_s3.create_bucket(state, b["name"], b.get("region", region))
        if b.get("policy"):
            bucket["_policy"] = json.dumps(b["policy"])
    state.data.setdefault("seed_refs", {}).update(refs)
