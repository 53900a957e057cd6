"""EC2 query API handlers: parameters arrive parsed by the botocore model, results are
serialized by the output shape (sbx/aws_model.py)."""
import base64
import fnmatch
import json

from sbx import aws_regions
from sbx import aws_ec2_store as st
from sbx.aws_common import AwsError, ok_query


def _tags_of(x):
    return x.get("Tags") or x.get("TagSet") or []


def _tag_filters(name, x):
    if name.startswith("tag:"):
        return [t["Value"] for t in _tags_of(x) if t["Key"] == name[4:]]
    if name == "tag-key":
        return [t["Key"] for t in _tags_of(x)]
    if name == "tag-value":
        return [t["Value"] for t in _tags_of(x)]
    return None


def _s(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def apply_filters(rows, filters, table):
    for f in filters or []:
        name = f.get("Name")
        want = f.get("Values", [])
        if not name.startswith("tag:") and name not in ("tag-key", "tag-value") and name not in table:
            raise AwsError("InvalidParameterValue", "The filter '%s' is invalid" % name)

        def values(x, name=name):
            tv = _tag_filters(name, x)
            if tv is not None:
                return tv
            v = table[name](x)
            return [_s(i) for i in (v if isinstance(v, list) else [v]) if i is not None]
        rows = [x for x in rows if any(fnmatch.fnmatchcase(v, w) for v in values(x) for w in want)]
    return rows


def paginate(state, rows, p, ids_key=None, default=None):
    mr = p.get("MaxResults")
    if mr is not None and ids_key and p.get(ids_key):
        raise AwsError("InvalidParameterCombination", "The parameter %s cannot be used with the parameter "
                       "maxResults" % ids_key[0].lower() + ids_key[1:])
    start = 0
    if p.get("NextToken"):
        try:
            start = int(json.loads(base64.b64decode(p["NextToken"]))["o"])
        except (ValueError, KeyError, TypeError):
            raise AwsError("InvalidPaginationToken", "Invalid pagination token")
    size = mr or state.config.get("page_size") or default
    if not size:
        return rows[start:], None
    page = rows[start:start + size]
    token = None
    if start + size < len(rows):
        token = base64.b64encode(json.dumps({"o": start + size, "v": 1}).encode()).decode()
    return page, token


def _by_ids(state, coll, region, ids):
    return [st.get(state, coll, i, region) for i in ids]


def _describe(ctx, p, coll, ids_key, filters, out_key, view=None, default_page=None):
    state, region = ctx.state, ctx.region
    rows = _by_ids(state, coll, region, p[ids_key]) if p.get(ids_key) else st.items(state, coll, region)
    rows = [view(state, x) if view else x for x in rows]
    rows = apply_filters(rows, p.get("Filters") or p.get("Filter"), filters)
    page, token = paginate(state, rows, p, ids_key, default_page)
    return {out_key: page, "NextToken": token}


def _tag_specs(p, rtype):
    out = []
    for spec in p.get("TagSpecifications", []):
        if spec.get("ResourceType") != rtype:
            raise AwsError("InvalidParameterValue", "'%s' is not a valid taggable resource type for this "
                           "operation." % spec.get("ResourceType"))
        out += spec.get("Tags", [])
    return out


def _assoc_subnets(x):
    return [a.get("SubnetId") for a in x["Associations"] if a.get("SubnetId")]


F_VPC = {"vpc-id": lambda x: x["VpcId"], "cidr": lambda x: x["CidrBlock"], "cidr-block": lambda x: x["CidrBlock"],
         "cidr-block-association.cidr-block": lambda x: [a["CidrBlock"] for a in x["CidrBlockAssociationSet"]],
         "state": lambda x: x["State"], "is-default": lambda x: x["IsDefault"], "owner-id": lambda x: x["OwnerId"],
         "dhcp-options-id": lambda x: x["DhcpOptionsId"]}
F_SUBNET = {"subnet-id": lambda x: x["SubnetId"], "vpc-id": lambda x: x["VpcId"],
            "availability-zone": lambda x: x["AvailabilityZone"], "availability-zone-id": lambda x: x["AvailabilityZoneId"],
            "cidr-block": lambda x: x["CidrBlock"], "cidr": lambda x: x["CidrBlock"], "state": lambda x: x["State"],
            "default-for-az": lambda x: x["DefaultForAz"], "owner-id": lambda x: x["OwnerId"],
            "subnet-arn": lambda x: x["SubnetArn"], "available-ip-address-count": lambda x: x["AvailableIpAddressCount"],
            "map-public-ip-on-launch": lambda x: x["MapPublicIpOnLaunch"]}
F_RT = {"route-table-id": lambda x: x["RouteTableId"], "vpc-id": lambda x: x["VpcId"],
        "association.subnet-id": _assoc_subnets,
        "association.main": lambda x: any(a.get("Main") for a in x["Associations"]),
        "association.route-table-association-id": lambda x: [a["RouteTableAssociationId"] for a in x["Associations"]],
        "association.route-table-id": lambda x: [a["RouteTableId"] for a in x["Associations"]],
        "route.destination-cidr-block": lambda x: [r.get("DestinationCidrBlock") for r in x["Routes"]],
        "route.gateway-id": lambda x: [r.get("GatewayId") for r in x["Routes"]],
        "route.nat-gateway-id": lambda x: [r.get("NatGatewayId") for r in x["Routes"]],
        "route.destination-prefix-list-id": lambda x: [r.get("DestinationPrefixListId") for r in x["Routes"]],
        "owner-id": lambda x: x["OwnerId"]}
F_IGW = {"internet-gateway-id": lambda x: x["InternetGatewayId"], "owner-id": lambda x: x["OwnerId"],
         "attachment.vpc-id": lambda x: [a["VpcId"] for a in x["Attachments"]],
         "attachment.state": lambda x: [a["State"] for a in x["Attachments"]]}
F_NAT = {"nat-gateway-id": lambda x: x["NatGatewayId"], "vpc-id": lambda x: x["VpcId"],
         "subnet-id": lambda x: x["SubnetId"], "state": lambda x: x["State"]}
F_SG = {"group-id": lambda x: x["GroupId"], "group-name": lambda x: x["GroupName"], "vpc-id": lambda x: x["VpcId"],
        "description": lambda x: x["Description"], "owner-id": lambda x: x["OwnerId"],
        "ip-permission.from-port": lambda x: [p.get("FromPort") for p in x["IpPermissions"]],
        "ip-permission.to-port": lambda x: [p.get("ToPort") for p in x["IpPermissions"]],
        "ip-permission.protocol": lambda x: [p["IpProtocol"] for p in x["IpPermissions"]],
        "ip-permission.group-id": lambda x: [g["GroupId"] for p in x["IpPermissions"] for g in p["UserIdGroupPairs"]],
        "ip-permission.cidr": lambda x: [r["CidrIp"] for p in x["IpPermissions"] for r in p["IpRanges"]],
        "egress.ip-permission.from-port": lambda x: [p.get("FromPort") for p in x["IpPermissionsEgress"]],
        "egress.ip-permission.to-port": lambda x: [p.get("ToPort") for p in x["IpPermissionsEgress"]],
        "egress.ip-permission.cidr": lambda x: [r["CidrIp"] for p in x["IpPermissionsEgress"] for r in p["IpRanges"]]}
F_ACL = {"network-acl-id": lambda x: x["NetworkAclId"], "vpc-id": lambda x: x["VpcId"],
         "default": lambda x: x["IsDefault"], "association.subnet-id": _assoc_subnets,
         "association.network-acl-id": lambda x: [a["NetworkAclId"] for a in x["Associations"]],
         "association.association-id": lambda x: [a["NetworkAclAssociationId"] for a in x["Associations"]],
         "owner-id": lambda x: x["OwnerId"]}
F_VPCE = {"vpc-endpoint-id": lambda x: x["VpcEndpointId"], "vpc-id": lambda x: x["VpcId"],
          "service-name": lambda x: x["ServiceName"], "vpc-endpoint-type": lambda x: x["VpcEndpointType"],
          "vpc-endpoint-state": lambda x: x["State"], "ip-address-type": lambda x: x["IpAddressType"]}
F_ENI = {"network-interface-id": lambda x: x["NetworkInterfaceId"], "vpc-id": lambda x: x["VpcId"],
         "subnet-id": lambda x: x["SubnetId"], "group-id": lambda x: [g["GroupId"] for g in x["Groups"]],
         "availability-zone": lambda x: x["AvailabilityZone"], "description": lambda x: x["Description"],
         "interface-type": lambda x: x["InterfaceType"], "status": lambda x: x["Status"],
         "private-ip-address": lambda x: x["PrivateIpAddress"], "requester-managed": lambda x: x["RequesterManaged"],
         "requester-id": lambda x: x.get("RequesterId"), "owner-id": lambda x: x["OwnerId"],
         "addresses.private-ip-address": lambda x: [a["PrivateIpAddress"] for a in x["PrivateIpAddresses"]]}
F_ADDR = {"allocation-id": lambda x: x["AllocationId"], "public-ip": lambda x: x["PublicIp"],
          "domain": lambda x: x["Domain"], "association-id": lambda x: x.get("AssociationId"),
          "network-interface-id": lambda x: x.get("NetworkInterfaceId"),
          "private-ip-address": lambda x: x.get("PrivateIpAddress")}
F_AZ = {"zone-name": lambda x: x["ZoneName"], "zone-id": lambda x: x["ZoneId"], "state": lambda x: x["State"],
        "region-name": lambda x: x["RegionName"], "zone-type": lambda x: x["ZoneType"],
        "group-name": lambda x: x["GroupName"], "opt-in-status": lambda x: x["OptInStatus"]}
F_SVC = {"service-name": lambda x: x["ServiceName"], "service-type": lambda x: x["ServiceType"][0]["ServiceType"],
         "owner": lambda x: x["Owner"]}


def _subnet_view(state, x):
    x["AvailableIpAddressCount"] = st.subnet_free(state, x)
    return x


def _sg_view(state, x):
    x["IpPermissions"] = st.rules_to_permissions(state, x, "ingress")
    x["IpPermissionsEgress"] = st.rules_to_permissions(state, x, "egress")
    return x


def _vpce_view(state, x):
    return st.endpoint_view(state, x)


def _nat_view(state, x):
    if x["State"] == "pending" and state.now() >= x["_ready_at"]:
        x["State"] = "available"
        state.dirty()
    return x


# ------------------------------------------------------------------ operations
def describe_vpcs(ctx, p):
    return _describe(ctx, p, "vpcs", "VpcIds", F_VPC, "Vpcs")


def create_vpc(ctx, p):
    if not p.get("CidrBlock"):
        raise AwsError("MissingParameter", "Either 'cidrBlock' or 'ipv4IpamPoolId' should be provided.")
    return {"Vpc": st.create_vpc(ctx.state, ctx.region, p["CidrBlock"], _tag_specs(p, "vpc"))}


def delete_vpc(ctx, p):
    st.delete_vpc(ctx.state, ctx.region, p["VpcId"])


def describe_vpc_attribute(ctx, p):
    vpc = st.get(ctx.state, "vpcs", p["VpcId"], ctx.region)
    attr = p["Attribute"]
    if attr not in ("enableDnsSupport", "enableDnsHostnames", "enableNetworkAddressUsageMetrics"):
        raise AwsError("InvalidParameterValue", "Value (%s) for parameter attribute is invalid. Unknown attribute."
                       % attr)
    key = attr[0].upper() + attr[1:]
    return {"VpcId": vpc["VpcId"], key: {"Value": st.vpc_attr(vpc, attr)}}


def modify_vpc_attribute(ctx, p):
    vpc = st.get(ctx.state, "vpcs", p["VpcId"], ctx.region)
    given = [k for k in ("EnableDnsSupport", "EnableDnsHostnames", "EnableNetworkAddressUsageMetrics") if k in p]
    if len(given) != 1:
        raise AwsError("InvalidParameterCombination", "Fields for multiple attribute types specified: %s"
                       % ", ".join(given) if given else "No attributes specified.")
    val = p[given[0]].get("Value")
    if given[0] == "EnableDnsSupport":
        vpc["_dns_support"] = bool(val)
    elif given[0] == "EnableDnsHostnames":
        if val and not vpc["_dns_support"]:
            raise AwsError("InvalidParameterValue", "To enable DNS hostnames, you must enable DNS support first.")
        vpc["_dns_hostnames"] = bool(val)
    else:
        vpc["_nau"] = bool(val)
    ctx.state.dirty()


def describe_subnets(ctx, p):
    return _describe(ctx, p, "subnets", "SubnetIds", F_SUBNET, "Subnets", _subnet_view)


def create_subnet(ctx, p):
    if not p.get("CidrBlock"):
        raise AwsError("MissingParameter", "The request must contain the parameter cidrBlock")
    sub = st.create_subnet(ctx.state, ctx.region, p["VpcId"], p["CidrBlock"], p.get("AvailabilityZone"),
                           p.get("AvailabilityZoneId"), _tag_specs(p, "subnet"))
    return {"Subnet": _subnet_view(ctx.state, sub)}


def delete_subnet(ctx, p):
    st.delete_subnet(ctx.state, ctx.region, p["SubnetId"])


def describe_availability_zones(ctx, p):
    zones = aws_regions.zones(ctx.region)
    if p.get("ZoneNames"):
        zones = [z for z in zones if z["ZoneName"] in p["ZoneNames"]]
        missing = set(p["ZoneNames"]) - {z["ZoneName"] for z in zones}
        if missing:
            raise AwsError("InvalidParameterValue", "The zone '%s' does not exist." % sorted(missing)[0])
    if p.get("ZoneIds"):
        zones = [z for z in zones if z["ZoneId"] in p["ZoneIds"]]
    return {"AvailabilityZones": apply_filters(zones, p.get("Filters"), F_AZ)}


def describe_route_tables(ctx, p):
    return _describe(ctx, p, "route_tables", "RouteTableIds", F_RT, "RouteTables")


def create_route_table(ctx, p):
    """With a ClientToken, a repeat returns the same table (AWS: idempotent for the token; other
    parameters under the same token are IdempotentParameterMismatch)."""
    state, token = ctx.state, p.get("ClientToken")
    if token:
        seen = state.ec2["client_tokens"].get("CreateRouteTable/" + token)
        if seen:
            if seen["hash"] != st.params_hash(p):
                raise AwsError("IdempotentParameterMismatch", "The client token you have provided is associated "
                               "with a resource that is already deleted or has different parameters. Please use a "
                               "different client token.")
            rt = state.ec2["route_tables"].get(seen["id"])
            if rt:
                return {"RouteTable": rt, "ClientToken": token}
    rt = st.create_route_table(state, ctx.region, p["VpcId"], _tag_specs(p, "route-table"))
    if token:
        state.ec2["client_tokens"]["CreateRouteTable/" + token] = {"hash": st.params_hash(p),
                                                                    "id": rt["RouteTableId"], "at": state.now()}
    return {"RouteTable": rt, "ClientToken": token}


def delete_route_table(ctx, p):
    rt = st.get(ctx.state, "route_tables", p["RouteTableId"], ctx.region)
    if rt["Associations"]:
        raise AwsError("DependencyViolation", "The routeTable '%s' has dependencies and cannot be deleted."
                       % rt["RouteTableId"])
    del ctx.state.ec2["route_tables"][rt["RouteTableId"]]
    ctx.state.dirty()


def associate_route_table(ctx, p):
    if not p.get("SubnetId"):
        raise AwsError("MissingParameter", "The request must contain the parameter subnetId")
    aid = st.associate_route_table(ctx.state, ctx.region, p["RouteTableId"], p["SubnetId"])
    return {"AssociationId": aid, "AssociationState": {"State": "associated"}}


def disassociate_route_table(ctx, p):
    rt, a = st.find_association(ctx.state, ctx.region, p["AssociationId"])
    if a.get("Main"):
        raise AwsError("InvalidParameterValue", "cannot disassociate the main route table association %s"
                       % p["AssociationId"])
    rt["Associations"].remove(a)
    ctx.state.dirty()


def replace_route_table_association(ctx, p):
    rt, a = st.find_association(ctx.state, ctx.region, p["AssociationId"])
    new = st.get(ctx.state, "route_tables", p["RouteTableId"], ctx.region)
    rt["Associations"].remove(a)
    a = dict(a, RouteTableAssociationId="rtbassoc-0" + ctx.state.new_hex(16), RouteTableId=new["RouteTableId"])
    new["Associations"].append(a)
    ctx.state.dirty()
    return {"NewAssociationId": a["RouteTableAssociationId"], "AssociationState": {"State": "associated"}}


def create_route(ctx, p):
    dest = {k: p[k] for k in ("DestinationCidrBlock", "DestinationPrefixListId") if p.get(k)}
    if not dest:
        raise AwsError("MissingParameter", "The request must contain the parameter destinationCidrBlock or "
                       "destinationPrefixListId")
    target = {k: p[k] for k in ("GatewayId", "NatGatewayId", "VpcEndpointId", "NetworkInterfaceId") if p.get(k)}
    st.create_route(ctx.state, ctx.region, p["RouteTableId"], dest, target)
    return {"Return": True}


def delete_route(ctx, p):
    rt = st.get(ctx.state, "route_tables", p["RouteTableId"], ctx.region)
    for r in rt["Routes"]:
        if (p.get("DestinationCidrBlock") and r.get("DestinationCidrBlock") == p["DestinationCidrBlock"]) or (
                p.get("DestinationPrefixListId") and r.get("DestinationPrefixListId") == p["DestinationPrefixListId"]):
            if r.get("GatewayId") == "local":
                raise AwsError("InvalidParameterValue", "cannot remove local route %s in route table %s"
                               % (r["DestinationCidrBlock"], rt["RouteTableId"]))
            rt["Routes"].remove(r)
            ctx.state.dirty()
            return
    raise AwsError("InvalidRoute.NotFound", "no route with destination-cidr-block %s in route table %s"
                   % (p.get("DestinationCidrBlock"), rt["RouteTableId"]))


def describe_internet_gateways(ctx, p):
    return _describe(ctx, p, "internet_gateways", "InternetGatewayIds", F_IGW, "InternetGateways")


def create_internet_gateway(ctx, p):
    return {"InternetGateway": st.create_igw(ctx.state, ctx.region, _tag_specs(p, "internet-gateway"))}


def attach_internet_gateway(ctx, p):
    st.attach_igw(ctx.state, ctx.region, p["InternetGatewayId"], p["VpcId"])


def detach_internet_gateway(ctx, p):
    igw = st.get(ctx.state, "internet_gateways", p["InternetGatewayId"], ctx.region)
    if not any(a["VpcId"] == p["VpcId"] for a in igw["Attachments"]):
        raise AwsError("Gateway.NotAttached", "resource %s is not attached to network %s"
                       % (p["InternetGatewayId"], p["VpcId"]))
    igw["Attachments"] = []
    ctx.state.dirty()


def delete_internet_gateway(ctx, p):
    igw = st.get(ctx.state, "internet_gateways", p["InternetGatewayId"], ctx.region)
    if igw["Attachments"]:
        raise AwsError("DependencyViolation", "The internetGateway '%s' has dependencies and cannot be deleted."
                       % igw["InternetGatewayId"])
    del ctx.state.ec2["internet_gateways"][igw["InternetGatewayId"]]
    ctx.state.dirty()


def describe_nat_gateways(ctx, p):
    return _describe(ctx, p, "nat_gateways", "NatGatewayIds", F_NAT, "NatGateways", _nat_view)


def create_nat_gateway(ctx, p):
    state, region = ctx.state, ctx.region
    sub = st.get(state, "subnets", p["SubnetId"], region)
    ctype = p.get("ConnectivityType", "public")
    addrs = []
    if ctype == "public":
        if not p.get("AllocationId"):
            raise AwsError("MissingParameter", "The request must contain the parameter AllocationId")
        eip = st.get(state, "addresses", p["AllocationId"], region)
        addrs.append({"AllocationId": eip["AllocationId"], "PublicIp": eip["PublicIp"]})
    eni = st.create_eni(state, region, sub["SubnetId"], [], "Interface for NAT Gateway", "nat_gateway",
                        requester="amazon")
    if addrs:
        addrs[0].update(NetworkInterfaceId=eni["NetworkInterfaceId"], PrivateIp=eni["PrivateIpAddress"])
    nat = st._new(state, "nat_gateways", region, {
        "CreateTime": state.now(), "NatGatewayAddresses": addrs, "State": "pending", "SubnetId": sub["SubnetId"],
        "VpcId": sub["VpcId"], "ConnectivityType": ctype,
        "_ready_at": state.now() + float(state.config.get("vpce_delay_s", 0))})
    st.set_tags(nat, _tag_specs(p, "natgateway"))
    return {"NatGateway": nat, "ClientToken": p.get("ClientToken")}


def delete_nat_gateway(ctx, p):
    nat = st.get(ctx.state, "nat_gateways", p["NatGatewayId"], ctx.region)
    nat["State"] = "deleted"
    ctx.state.dirty()
    return {"NatGatewayId": nat["NatGatewayId"]}


def describe_security_groups(ctx, p):
    state, region = ctx.state, ctx.region
    if p.get("GroupNames"):
        rows = [g for g in st.items(state, "security_groups", region) if g["GroupName"] in p["GroupNames"]]
        if len(rows) < len(p["GroupNames"]):
            missing = sorted(set(p["GroupNames"]) - {g["GroupName"] for g in rows})[0]
            raise AwsError("InvalidGroup.NotFound", "The security group '%s' does not exist in default VPC '%s'"
                           % (missing, "none"))
        p = dict(p, GroupIds=[g["GroupId"] for g in rows])
    return _describe(ctx, p, "security_groups", "GroupIds", F_SG, "SecurityGroups", _sg_view)


def create_security_group(ctx, p):
    if not p.get("VpcId"):
        raise AwsError("VPCIdNotSpecified", "No default VPC for this user")
    if p["GroupName"].lower().startswith("sg-") or p["GroupName"] == "default":
        raise AwsError("InvalidParameterValue", "Invalid value '%s' for groupName. " % p["GroupName"])
    sg = st.create_security_group(ctx.state, ctx.region, p["VpcId"], p["GroupName"], p["Description"],
                                  _tag_specs(p, "security-group"))
    return {"GroupId": sg["GroupId"], "Tags": sg["Tags"] or None}


def delete_security_group(ctx, p):
    if not p.get("GroupId"):
        raise AwsError("MissingParameter", "The request must contain the parameter groupId")
    st.delete_security_group(ctx.state, ctx.region, p["GroupId"])
    return {"Return": True, "GroupId": p["GroupId"]}


def _sg_rules_from(ctx, p):
    sg = st.get(ctx.state, "security_groups", p.get("GroupId") or "", ctx.region)
    if p.get("IpPermissions"):
        rules = st.permissions_to_rules(p["IpPermissions"])
    elif p.get("CidrIp"):
        rules = [{"IpProtocol": p.get("IpProtocol", "-1"), "FromPort": p.get("FromPort"), "ToPort": p.get("ToPort"),
                  "cidr": p["CidrIp"]}]
    else:
        raise AwsError("MissingParameter", "The request must contain the parameter ipPermissions")
    for r in rules:
        if r.get("group"):
            st.get(ctx.state, "security_groups", r["group"], ctx.region)
        for k in ("FromPort", "ToPort"):
            if r.get(k) is None:
                r.pop(k, None)
    return sg, rules


def _authorize(ctx, p, direction):
    sg, rules = _sg_rules_from(ctx, p)
    out = []
    for r in rules:
        added = st.add_rule(ctx.state, sg, direction, r)
        out.append({"SecurityGroupRuleId": added["SecurityGroupRuleId"], "GroupId": sg["GroupId"],
                    "GroupOwnerId": sg["OwnerId"], "IsEgress": direction == "egress",
                    "IpProtocol": added["IpProtocol"], "FromPort": added.get("FromPort", -1),
                    "ToPort": added.get("ToPort", -1), "CidrIpv4": added.get("cidr"),
                    "ReferencedGroupInfo": {"GroupId": added["group"], "UserId": sg["OwnerId"]}
                    if added.get("group") else None, "PrefixListId": added.get("prefix_list"),
                    "Description": added.get("description")})
    return {"Return": True, "SecurityGroupRules": out}


def _revoke(ctx, p, direction):
    sg, rules = _sg_rules_from(ctx, p)
    for r in rules:
        st.remove_rule(ctx.state, sg, direction, r)
    return {"Return": True}


def describe_network_acls(ctx, p):
    return _describe(ctx, p, "network_acls", "NetworkAclIds", F_ACL, "NetworkAcls")


def create_network_acl(ctx, p):
    return {"NetworkAcl": st.create_network_acl(ctx.state, ctx.region, p["VpcId"], _tag_specs(p, "network-acl"))}


def delete_network_acl(ctx, p):
    acl = st.get(ctx.state, "network_acls", p["NetworkAclId"], ctx.region)
    if acl["IsDefault"]:
        raise AwsError("InvalidParameterValue", "cannot delete default network ACL %s" % acl["NetworkAclId"])
    if acl["Associations"]:
        raise AwsError("DependencyViolation", "The networkAcl '%s' has dependencies and cannot be deleted."
                       % acl["NetworkAclId"])
    del ctx.state.ec2["network_acls"][acl["NetworkAclId"]]
    ctx.state.dirty()


def create_network_acl_entry(ctx, p):
    acl = st.get(ctx.state, "network_acls", p["NetworkAclId"], ctx.region)
    entry = {"RuleNumber": p["RuleNumber"], "Protocol": str(p["Protocol"]), "RuleAction": p["RuleAction"],
             "Egress": p["Egress"], "CidrBlock": p.get("CidrBlock", "0.0.0.0/0")}
    if p.get("PortRange"):
        entry["PortRange"] = p["PortRange"]
    st.add_acl_entry(ctx.state, acl, entry)


def delete_network_acl_entry(ctx, p):
    acl = st.get(ctx.state, "network_acls", p["NetworkAclId"], ctx.region)
    for e in acl["Entries"]:
        if e["RuleNumber"] == p["RuleNumber"] and e["Egress"] == p["Egress"]:
            acl["Entries"].remove(e)
            ctx.state.dirty()
            return
    raise AwsError("InvalidNetworkAclEntry.NotFound", "The network acl entry identified by %d does not exist."
                   % p["RuleNumber"])


def replace_network_acl_association(ctx, p):
    acl = st.get(ctx.state, "network_acls", p["NetworkAclId"], ctx.region)
    for other in st.items(ctx.state, "network_acls", ctx.region):
        for a in other["Associations"]:
            if a["NetworkAclAssociationId"] == p["AssociationId"]:
                return {"NewAssociationId": st.associate_acl(ctx.state, ctx.region, acl, a["SubnetId"])}
    raise AwsError("InvalidAssociationID.NotFound", "The association ID '%s' does not exist" % p["AssociationId"])


def describe_vpc_endpoints(ctx, p):
    return _describe(ctx, p, "vpc_endpoints", "VpcEndpointIds", F_VPCE, "VpcEndpoints", _vpce_view)


def create_vpc_endpoint(ctx, p):
    state = ctx.state
    token = p.get("ClientToken")
    if token:
        seen = state.ec2["client_tokens"].get("CreateVpcEndpoint/" + token)
        if seen:
            if seen["hash"] != st.params_hash(p):
                raise AwsError("IdempotentParameterMismatch", "The client token you have provided is associated "
                               "with a resource that is already deleted or has different parameters. Please use a "
                               "different client token.")
            vpce = state.ec2["vpc_endpoints"].get(seen["id"])
            if vpce:
                return {"VpcEndpoint": st.endpoint_view(state, vpce), "ClientToken": token}
    vpce = st.create_vpc_endpoint(state, ctx.region, p)
    st.set_tags(vpce, _tag_specs(p, "vpc-endpoint"))
    if token:
        state.ec2["client_tokens"]["CreateVpcEndpoint/" + token] = {"hash": st.params_hash(p),
                                                                     "id": vpce["VpcEndpointId"], "at": state.now()}
    return {"VpcEndpoint": st.endpoint_view(state, vpce), "ClientToken": token}


def modify_vpc_endpoint(ctx, p):
    state, region = ctx.state, ctx.region
    vpce = st.get(state, "vpc_endpoints", p["VpcEndpointId"], region)
    for g in p.get("AddSecurityGroupIds", []):
        sg = st.get(state, "security_groups", g, region)
        vpce["Groups"].append({"GroupId": g, "GroupName": sg["GroupName"]})
    drop = set(p.get("RemoveSecurityGroupIds", []))
    vpce["Groups"] = [g for g in vpce["Groups"] if g["GroupId"] not in drop]
    for r in p.get("AddRouteTableIds", []):
        rt = st.get(state, "route_tables", r, region)
        rt["Routes"].append({"DestinationPrefixListId": st.prefix_list_id(region, vpce["ServiceName"]),
                             "GatewayId": vpce["VpcEndpointId"], "Origin": "CreateRoute", "State": "active"})
        vpce["RouteTableIds"].append(r)
    for r in p.get("RemoveRouteTableIds", []):
        rt = st.get(state, "route_tables", r, region)
        rt["Routes"] = [x for x in rt["Routes"] if x.get("GatewayId") != vpce["VpcEndpointId"]]
        vpce["RouteTableIds"] = [x for x in vpce["RouteTableIds"] if x != r]
    if "PrivateDnsEnabled" in p:
        vpc = state.ec2["vpcs"][vpce["VpcId"]]
        if p["PrivateDnsEnabled"] and not (vpc["_dns_support"] and vpc["_dns_hostnames"]):
            raise AwsError("InvalidParameter", "Enabling private DNS requires both enableDnsSupport and "
                           "enableDnsHostnames VPC attributes set to true for %s" % vpc["VpcId"])
        vpce["PrivateDnsEnabled"] = p["PrivateDnsEnabled"]
    if p.get("PolicyDocument"):
        vpce["PolicyDocument"] = p["PolicyDocument"]
    state.dirty()
    return {"Return": True}


def delete_vpc_endpoints(ctx, p):
    bad = []
    for eid in p["VpcEndpointIds"]:
        try:
            st.delete_vpc_endpoint(ctx.state, ctx.region, eid)
        except AwsError as e:
            bad.append({"Error": {"Code": e.code, "Message": e.message}, "ResourceId": eid})
    return {"Unsuccessful": bad}


def describe_vpc_endpoint_services(ctx, p):
    svcs = aws_regions.endpoint_services(ctx.region, ctx.state.config.get("endpoint_service_zones"))
    if p.get("ServiceNames"):
        known = {s["ServiceName"] for s in svcs}
        for n in p["ServiceNames"]:
            if n not in known:
                raise AwsError("InvalidServiceName", "The Vpc Endpoint Service '%s' does not exist" % n)
        svcs = [s for s in svcs if s["ServiceName"] in p["ServiceNames"]]
    svcs = apply_filters(svcs, p.get("Filters"), F_SVC)
    page, token = paginate(ctx.state, svcs, p)
    return {"ServiceDetails": page, "ServiceNames": sorted({s["ServiceName"] for s in page}), "NextToken": token}


def describe_prefix_lists(ctx, p):
    lists = [{"PrefixListId": st.prefix_list_id(ctx.region, "com.amazonaws.%s.%s" % (ctx.region, s)),
              "PrefixListName": "com.amazonaws.%s.%s" % (ctx.region, s),
              "Cidrs": ["52.219.0.0/20", "3.5.152.0/21"] if s == "s3" else ["52.119.0.0/20"]}
             for s in aws_regions.AWS_GATEWAY_SERVICES]
    if p.get("PrefixListIds"):
        lists = [x for x in lists if x["PrefixListId"] in p["PrefixListIds"]]
    lists = apply_filters(lists, p.get("Filters"), {"prefix-list-id": lambda x: x["PrefixListId"],
                                                    "prefix-list-name": lambda x: x["PrefixListName"]})
    return {"PrefixLists": lists}


def describe_network_interfaces(ctx, p):
    return _describe(ctx, p, "network_interfaces", "NetworkInterfaceIds", F_ENI, "NetworkInterfaces")


def describe_addresses(ctx, p):
    state, region = ctx.state, ctx.region
    rows = st.items(state, "addresses", region)
    if p.get("AllocationIds"):
        rows = _by_ids(state, "addresses", region, p["AllocationIds"])
    if p.get("PublicIps"):
        rows = [a for a in rows if a["PublicIp"] in p["PublicIps"]]
        if len(rows) < len(p["PublicIps"]):
            raise AwsError("InvalidAddress.NotFound", "Address '%s' not found."
                           % sorted(set(p["PublicIps"]) - {a["PublicIp"] for a in rows})[0])
    return {"Addresses": apply_filters(rows, p.get("Filters"), F_ADDR)}


def allocate_address(ctx, p):
    if p.get("Domain", "vpc") != "vpc":
        raise AwsError("InvalidParameterValue", "Value (%s) for parameter domain is invalid." % p["Domain"])
    a = st.allocate_address(ctx.state, ctx.region, _tag_specs(p, "elastic-ip"))
    return {k: a[k] for k in ("PublicIp", "AllocationId", "PublicIpv4Pool", "NetworkBorderGroup", "Domain")}


def associate_address(ctx, p):
    state, region = ctx.state, ctx.region
    if not p.get("AllocationId"):
        raise AwsError("MissingParameter", "The request must contain the parameter AllocationId")
    addr = st.get(state, "addresses", p["AllocationId"], region)
    if not p.get("NetworkInterfaceId"):
        raise AwsError("MissingParameter", "The sandbox associates Elastic IPs with network interfaces only; "
                       "give NetworkInterfaceId.")
    eni = st.get(state, "network_interfaces", p["NetworkInterfaceId"], region)
    if eni.get("RequesterManaged"):
        # AWS-managed interfaces (endpoint, NAT, load balancer ENIs) refuse EIPs with AuthFailure
        # (terraform-provider-aws PR #4675 documents the symptom).
        raise AwsError("AuthFailure", "You do not have permission to access the specified resource.")
    if addr.get("AssociationId") and p.get("AllowReassociation") is False:
        raise AwsError("Resource.AlreadyAssociated", "resource %s is already associated with associate-id %s"
                       % (addr["AllocationId"], addr["AssociationId"]))
    addr.update(AssociationId="eipassoc-0" + state.new_hex(16), NetworkInterfaceId=eni["NetworkInterfaceId"],
                NetworkInterfaceOwnerId=eni["OwnerId"], PrivateIpAddress=eni["PrivateIpAddress"])
    eni["Association"] = {"AllocationId": addr["AllocationId"], "AssociationId": addr["AssociationId"],
                          "IpOwnerId": eni["OwnerId"], "PublicIp": addr["PublicIp"],
                          "PublicDnsName": "ec2-%s.%s.compute.amazonaws.com" % (addr["PublicIp"].replace(".", "-"),
                                                                               region)}
    state.dirty()
    return {"AssociationId": addr["AssociationId"]}


def disassociate_address(ctx, p):
    for a in st.items(ctx.state, "addresses", ctx.region):
        if a.get("AssociationId") == p.get("AssociationId"):
            eni = ctx.state.ec2["network_interfaces"].get(a.get("NetworkInterfaceId"))
            if eni:
                eni.pop("Association", None)
            for k in ("AssociationId", "NetworkInterfaceId", "NetworkInterfaceOwnerId", "PrivateIpAddress"):
                a.pop(k, None)
            ctx.state.dirty()
            return
    raise AwsError("InvalidAssociationID.NotFound", "The association ID '%s' does not exist"
                   % p.get("AssociationId"))


def release_address(ctx, p):
    a = st.get(ctx.state, "addresses", p.get("AllocationId") or "", ctx.region)
    if a.get("AssociationId"):
        raise AwsError("InvalidIPAddress.InUse", "Address %s is in use." % a["PublicIp"])
    del ctx.state.ec2["addresses"][a["AllocationId"]]
    ctx.state.dirty()


def _find_any(state, region, rid):
    for coll in st.ID_PREFIX:
        x = state.ec2[coll].get(rid)
        if x is not None and x.get("_region") == region:
            return x
    raise AwsError("InvalidID", "The ID '%s' is not valid" % rid)


def create_tags(ctx, p):
    items = [_find_any(ctx.state, ctx.region, r) for r in p["Resources"]]
    for x in items:
        st.set_tags(x, p["Tags"])
    ctx.state.dirty()


def delete_tags(ctx, p):
    for r in p["Resources"]:
        x = _find_any(ctx.state, ctx.region, r)
        key = "TagSet" if "TagSet" in x else "Tags"
        drop = {t["Key"]: t.get("Value") for t in p.get("Tags", [])}
        x[key] = [t for t in x[key] if not (t["Key"] in drop and drop[t["Key"]] in (None, t["Value"]))] \
            if drop else []
    ctx.state.dirty()


OPS = {
    "DescribeVpcs": describe_vpcs, "CreateVpc": create_vpc, "DeleteVpc": delete_vpc,
    "DescribeVpcAttribute": describe_vpc_attribute, "ModifyVpcAttribute": modify_vpc_attribute,
    "DescribeSubnets": describe_subnets, "CreateSubnet": create_subnet, "DeleteSubnet": delete_subnet,
    "DescribeAvailabilityZones": describe_availability_zones,
    "DescribeRouteTables": describe_route_tables, "CreateRouteTable": create_route_table,
    "DeleteRouteTable": delete_route_table, "AssociateRouteTable": associate_route_table,
    "DisassociateRouteTable": disassociate_route_table,
    "ReplaceRouteTableAssociation": replace_route_table_association,
    "CreateRoute": create_route, "DeleteRoute": delete_route,
    "DescribeInternetGateways": describe_internet_gateways, "CreateInternetGateway": create_internet_gateway,
    "AttachInternetGateway": attach_internet_gateway, "DetachInternetGateway": detach_internet_gateway,
    "DeleteInternetGateway": delete_internet_gateway,
    "DescribeNatGateways": describe_nat_gateways, "CreateNatGateway": create_nat_gateway,
    "DeleteNatGateway": delete_nat_gateway,
    "DescribeSecurityGroups": describe_security_groups, "CreateSecurityGroup": create_security_group,
    "DeleteSecurityGroup": delete_security_group,
    "AuthorizeSecurityGroupIngress": lambda c, p: _authorize(c, p, "ingress"),
    "AuthorizeSecurityGroupEgress": lambda c, p: _authorize(c, p, "egress"),
    "RevokeSecurityGroupIngress": lambda c, p: _revoke(c, p, "ingress"),
    "RevokeSecurityGroupEgress": lambda c, p: _revoke(c, p, "egress"),
    "DescribeNetworkAcls": describe_network_acls, "CreateNetworkAcl": create_network_acl,
    "DeleteNetworkAcl": delete_network_acl, "CreateNetworkAclEntry": create_network_acl_entry,
    "DeleteNetworkAclEntry": delete_network_acl_entry,
    "ReplaceNetworkAclAssociation": replace_network_acl_association,
    "DescribeVpcEndpoints": describe_vpc_endpoints, "CreateVpcEndpoint": create_vpc_endpoint,
    "ModifyVpcEndpoint": modify_vpc_endpoint, "DeleteVpcEndpoints": delete_vpc_endpoints,
    "DescribeVpcEndpointServices": describe_vpc_endpoint_services, "DescribePrefixLists": describe_prefix_lists,
    "DescribeNetworkInterfaces": describe_network_interfaces,
    "DescribeAddresses": describe_addresses, "AllocateAddress": allocate_address,
    "AssociateAddress": associate_address, "DisassociateAddress": disassociate_address,
    "ReleaseAddress": release_address,
    "CreateTags": create_tags, "DeleteTags": delete_tags,
}


def handle(ctx, op, params):
    fn = OPS.get(op)
    if fn is None:
        raise AwsError("UnsupportedOperation", "The sandbox does not emulate EC2 %s." % op)
    result = fn(ctx, params)
    resp = ok_query(ctx, op, result if result is not None else {})
    if result is None:
        resp.body = resp.body.replace(b"</requestId>", b"</requestId><return>true</return>", 1)
    return resp
