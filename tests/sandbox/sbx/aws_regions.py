"""Region facts: availability zones (with zone IDs) and VPC endpoint services."""
import hashlib
import os

DATA = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data")
DATABRICKS_SERVICE_OWNER = "565502421330"   # sandbox value; real owner IDs are Databricks'
AWS_INTERFACE_SERVICES = ("sts", "kinesis-streams", "glue", "ec2", "logs", "secretsmanager", "s3")
AWS_GATEWAY_SERVICES = ("s3", "dynamodb")

# ZoneName suffix -> ZoneId suffix; ap-northeast-1 has no "b" for new accounts.
ZONES = {
    "ap-northeast-1": (("a", "az1"), ("c", "az2"), ("d", "az4")),
    "us-east-1": (("a", "az1"), ("b", "az2"), ("c", "az4"), ("d", "az6"), ("e", "az3"), ("f", "az5")),
}


def zone_prefix(region):
    words = {"northeast": "ne", "southeast": "se", "northwest": "nw", "southwest": "sw", "north": "n",
             "south": "s", "east": "e", "west": "w", "central": "c", "gov": "g"}
    parts = region.split("-")
    return parts[0] + "".join(words.get(p, p[0]) for p in parts[1:-1]) + parts[-1]


def zones(region):
    pairs = ZONES.get(region, (("a", "az1"), ("b", "az2"), ("c", "az3")))
    return [{"ZoneName": region + letter, "ZoneId": "%s-%s" % (zone_prefix(region), az), "State": "available",
             "OptInStatus": "opt-in-not-required", "Messages": [], "RegionName": region,
             "GroupName": region, "NetworkBorderGroup": region, "ZoneType": "availability-zone"}
            for letter, az in pairs]


def zone_id(region, zone_name):
    for z in zones(region):
        if z["ZoneName"] == zone_name:
            return z["ZoneId"]
    return None


def databricks_services():
    """[(region, kind, service_name, notes)] from data/databricks-privatelink-services.tsv."""
    out = []
    with open(os.path.join(DATA, "databricks-privatelink-services.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("region\t") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            out.append((cols[0], "workspace", cols[1], cols[3] if len(cols) > 3 else ""))
            out.append((cols[0], "relay", cols[2], cols[3] if len(cols) > 3 else ""))
    return out


def _limit_zones(out, region, limits):
    """Offer a service only in some zones: limits maps a service name (or its last dotted part,
    e.g. "vpce-svc-02691fd610d24fd64") to zone IDs.  Real endpoint services are offered per zone:
    DescribeVpcEndpointServices lists them in ServiceDetails[].AvailabilityZones, and
    CreateVpcEndpoint refuses a subnet in another zone (AWS EC2 API reference, ServiceDetail
    AvailabilityZones; SRA aws/tf/variables.tf service_direct_limited_az_regions lists
    Databricks services that exist only in some zones)."""
    if not limits:
        return out
    by_id = {z["ZoneId"]: z["ZoneName"] for z in zones(region)}
    for d in out:
        ids = limits.get(d["ServiceName"]) or limits.get(d["ServiceName"].rsplit(".", 1)[-1])
        if ids:
            d["AvailabilityZones"] = [by_id[i] for i in ids if i in by_id]
    return out


def endpoint_services(region, limits=None):
    """ServiceDetail dicts (EC2 model names) for a region; limits: see _limit_zones (the sandbox's
    config key endpoint_service_zones)."""
    names = [z["ZoneName"] for z in zones(region)]
    out = []
    for svc in sorted(set(AWS_INTERFACE_SERVICES + AWS_GATEWAY_SERVICES)):
        name = "com.amazonaws.%s.%s" % (region, svc)
        types = []
        if svc in AWS_INTERFACE_SERVICES:
            types.append("Interface")
        if svc in AWS_GATEWAY_SERVICES:
            types.append("Gateway")
        for t in types:
            host = "%s.%s.amazonaws.com" % (svc if svc != "kinesis-streams" else "kinesis", region)
            d = {"ServiceName": name, "ServiceId": "vpce-svc-0" + hashlib.sha256(
                 ("%s/%s/%s" % (region, svc, t)).encode()).hexdigest()[:16],
                 "ServiceType": [{"ServiceType": t}], "AvailabilityZones": names, "Owner": "amazon",
                 "BaseEndpointDnsNames": ["%s.%s.vpce.amazonaws.com" % (svc, region)],
                 "VpcEndpointPolicySupported": True, "AcceptanceRequired": False, "ManagesVpcEndpoints": False,
                 "SupportedIpAddressTypes": ["ipv4"], "Tags": [], "_dns": host if t == "Interface" else None}
            if t == "Interface" and svc != "s3":
                d["PrivateDnsName"] = host
                d["PrivateDnsNames"] = [{"PrivateDnsName": host}]
                d["PrivateDnsNameVerificationState"] = "verified"
            out.append(d)
    seen = set()
    for reg, kind, name, notes in databricks_services():
        if reg != region or name in seen:
            continue
        seen.add(name)
        svc_id = name.rsplit(".", 1)[1]
        dns = ("%s.privatelink.cloud.databricks.com" % region if kind == "workspace"
               else "tunnel.privatelink.%s.cloud.databricks.com" % region)
        out.append({"ServiceName": name, "ServiceId": svc_id, "ServiceType": [{"ServiceType": "Interface"}],
                    "AvailabilityZones": names, "Owner": DATABRICKS_SERVICE_OWNER,
                    "BaseEndpointDnsNames": ["%s.%s.vpce.amazonaws.com" % (svc_id, region)],
                    "PrivateDnsName": dns, "PrivateDnsNames": [{"PrivateDnsName": dns}],
                    "PrivateDnsNameVerificationState": "verified", "VpcEndpointPolicySupported": False,
                    "AcceptanceRequired": True, "ManagesVpcEndpoints": False, "SupportedIpAddressTypes": ["ipv4"],
                    "Tags": [], "_dns": dns, "_databricks": kind})
    return _limit_zones(out, region, limits)
