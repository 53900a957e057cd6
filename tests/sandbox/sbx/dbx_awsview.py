"""Read-only view of the sandbox's AWS state for the Databricks side, in normalized records.

This is the only dbx module that knows the AWS side's storage layout (sbx/aws_*_store.py); the
network checks, credential checks and endpoint registration work on the records returned here.
"""
import json
from urllib.parse import unquote

from sbx import aws_ec2_store as ec2s


def _doc(raw):
    if raw is None:
        return None
    if isinstance(raw, dict):
        return raw
    text = raw
    if "%7B" in text[:5] or "%22" in text:
        text = unquote(text)
    try:
        return json.loads(text)
    except ValueError:
        return None


class View:
    def __init__(self, state):
        self.state = state

    # --- EC2 -----------------------------------------------------------------------------------
    def _ec2(self, coll, rid):
        return self.state.ec2[coll].get(rid) if isinstance(rid, str) else None

    def vpc(self, vid):
        v = self._ec2("vpcs", vid)
        if v is None:
            return None
        return {"id": v["VpcId"], "cidr": v["CidrBlock"], "region": v.get("_region"),
                "dns_support": bool(v.get("_dns_support")), "dns_hostnames": bool(v.get("_dns_hostnames"))}

    def subnet(self, sid):
        s = self._ec2("subnets", sid)
        if s is None:
            return None
        return {"id": s["SubnetId"], "vpc_id": s["VpcId"], "cidr": s["CidrBlock"], "az": s["AvailabilityZone"],
                "az_id": s.get("AvailabilityZoneId"), "map_public_ip": bool(s.get("MapPublicIpOnLaunch"))}

    @staticmethod
    def _rule(r):
        out = {"proto": r.get("IpProtocol", "-1"), "from": r.get("FromPort"), "to": r.get("ToPort"),
               "cidrs": [], "groups": [], "prefix_lists": []}
        if r.get("cidr"):
            out["cidrs"].append(r["cidr"])
        if r.get("group"):
            out["groups"].append(r["group"])
        if r.get("prefix_list"):
            out["prefix_lists"].append(r["prefix_list"])
        return out

    def security_group(self, gid):
        g = self._ec2("security_groups", gid)
        if g is None:
            return None
        rules = g.get("_rules") or []
        return {"id": g["GroupId"], "vpc_id": g["VpcId"],
                "ingress": [self._rule(r) for r in rules if r.get("dir") == "ingress"],
                "egress": [self._rule(r) for r in rules if r.get("dir") == "egress"]}

    def nacl_for_subnet(self, sid):
        for acl in self.state.ec2["network_acls"].values():
            if any(a.get("SubnetId") == sid for a in acl.get("Associations") or []):
                entries = []
                for e in acl.get("Entries") or []:
                    pr = e.get("PortRange") or {}
                    entries.append({"rule": e["RuleNumber"], "egress": bool(e["Egress"]),
                                    "proto": str(e.get("Protocol", "-1")), "from": pr.get("From"),
                                    "to": pr.get("To"), "cidr": e.get("CidrBlock", "0.0.0.0/0"),
                                    "action": e.get("RuleAction", "deny")})
                return {"id": acl["NetworkAclId"], "default": bool(acl.get("IsDefault")), "entries": entries}
        return None

    def routes_for_subnet(self, sid):
        s = self._ec2("subnets", sid)
        if s is None:
            return []
        try:
            rt, _ = ec2s.route_table_for_subnet(self.state, s.get("_region"), sid)
        except Exception:   # the AWS side raises its own error type for unknown ids
            return []
        out = []
        for r in (rt or {}).get("Routes") or []:
            target = r.get("GatewayId") or r.get("NatGatewayId") or r.get("VpcEndpointId") or \
                r.get("NetworkInterfaceId") or ""
            out.append({"dest": r.get("DestinationCidrBlock") or r.get("DestinationPrefixListId"),
                        "target": target})
        return out

    def vpc_endpoint(self, eid):
        e = self._ec2("vpc_endpoints", eid)
        if e is None:
            return None
        e = ec2s.endpoint_view(self.state, e)
        ips = []
        for nid in e.get("NetworkInterfaceIds") or []:
            eni = self.state.ec2["network_interfaces"].get(nid)
            if eni:
                # the address inside the subnet, as the network sees it; the API shows its
                # loopback image (aws_ec2_store.loopback_image)
                ips.append(eni.get("_subnet_ip", eni["PrivateIpAddress"]))
        return {"id": e["VpcEndpointId"], "vpc_id": e["VpcId"], "type": e.get("VpcEndpointType"),
                "service": e.get("ServiceName"), "state": e.get("State"), "owner": e.get("OwnerId"),
                "region": e.get("_region"), "subnet_ids": list(e.get("SubnetIds") or []),
                "group_ids": [g["GroupId"] for g in e.get("Groups") or []],
                "private_dns": bool(e.get("PrivateDnsEnabled")), "ips": ips}

    def vpc_endpoints_in(self, vpc_id):
        """Every endpoint of a VPC that is not deleted, as vpc_endpoint() records."""
        out = []
        for eid, e in list(self.state.ec2["vpc_endpoints"].items()):
            if e.get("VpcId") == vpc_id and e.get("State") not in ("deleted", "deleting"):
                out.append(self.vpc_endpoint(eid))
        return out

    @staticmethod
    def prefix_list_id(region, service_name):
        return ec2s.prefix_list_id(region, service_name)

    def accept_endpoint(self, eid):
        e = self._ec2("vpc_endpoints", eid)
        if e is not None and e.get("State") == "pendingAcceptance":
            e["State"] = "available"
            self.state.dirty()

    # --- IAM -----------------------------------------------------------------------------------
    def _role_by_arn(self, arn):
        name = arn.rsplit("/", 1)[-1]
        acct = arn.split(":")[4] if arn.count(":") >= 5 else ""
        if acct != self.state.config.get("account_id"):
            return None
        roles = self.state.iam.get("roles") or {}
        r = roles.get(name)
        if r is None:
            r = next((x for x in roles.values() if x.get("Arn") == arn or x.get("RoleName") == name), None)
        return r

    def _managed_doc(self, parn):
        pol = (self.state.iam.get("policies") or {}).get(parn)
        if pol is None:
            pol = next((p for p in (self.state.iam.get("policies") or {}).values() if p.get("Arn") == parn), None)
        if pol is None:
            return None, 0
        versions = pol.get("_versions") or pol.get("Versions") or {}
        default = pol.get("DefaultVersionId", "v1")
        doc = None
        if isinstance(versions, dict):
            v = versions.get(default)
            doc = v.get("Document") if isinstance(v, dict) else v
        elif isinstance(versions, list):
            for v in versions:
                if v.get("VersionId") == default:
                    doc = v.get("Document")
        if doc is None:
            doc = pol.get("_document") or pol.get("PolicyDocument")
        return _doc(doc), float(pol.get("_changed") or pol.get("_updated") or 0)

    def role(self, arn):
        r = self._role_by_arn(arn)
        if r is None:
            return None
        created = float(r.get("_created") or 0)
        changed = max(created, float(r.get("_changed") or 0))
        docs = []
        inline = r.get("_inline") or r.get("_policies") or {}
        for doc in (inline.values() if isinstance(inline, dict) else inline):
            d = _doc(doc.get("PolicyDocument") if isinstance(doc, dict) and "PolicyDocument" in doc else doc)
            if d:
                docs.append(d)
        for att in r.get("AttachedManagedPolicies") or r.get("_attached") or []:
            parn = att.get("PolicyArn") if isinstance(att, dict) else att
            d, t = self._managed_doc(parn)
            if d:
                docs.append(d)
            changed = max(changed, t)
        return {"arn": r.get("Arn", arn), "name": r.get("RoleName"), "created": created, "changed": changed,
                "trust": _doc(r.get("AssumeRolePolicyDocument")), "policies": docs}

    def instance_profile(self, arn):
        name = arn.rsplit("/", 1)[-1]
        ips = self.state.iam.get("instance_profiles") or {}
        ip = ips.get(name) or next((x for x in ips.values() if x.get("Arn") == arn), None)
        if ip is None:
            return None
        return {"arn": ip.get("Arn", arn), "roles": [r if isinstance(r, str) else r.get("RoleName")
                                                     for r in ip.get("Roles") or ip.get("_roles") or []]}

    # --- S3 ------------------------------------------------------------------------------------
    def bucket(self, name):
        b = (self.state.s3.get("buckets") or {}).get(name)
        if b is None:
            return None
        region = b.get("_region") or b.get("region") or b.get("Region") or "us-east-1"
        return {"name": name, "region": region}
