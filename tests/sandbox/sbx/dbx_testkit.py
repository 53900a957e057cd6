"""Helpers for the Databricks-side tests: an in-process sandbox, stdlib HTTP clients for the account
host and for workspace hosts over the TLS listeners, and an AWS world built through botocore.
"""
import base64
import http.client
import json
import os
import socket
import ssl
import tempfile
import threading
import time
import urllib.error
import urllib.request

from sbx import identity, registry, server

ACCOUNT = identity.DBX_ACCOUNT_ID
REGION = "ap-northeast-1"
TRUST = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "arn:aws:iam::414351767826:root"},
    "Condition": {"StringEquals": {"sts:ExternalId": ACCOUNT}}}]}


def customer_policy(drop=()):
    from sbx.dbx_data import REQUIRED_EC2_ACTIONS
    acts = ["ec2:" + a for a in REQUIRED_EC2_ACTIONS if a not in drop]
    return {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": acts, "Resource": "*"},
        {"Effect": "Allow", "Action": ["iam:CreateServiceLinkedRole", "iam:PutRolePolicy"],
         "Resource": "arn:aws:iam::*:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot",
         "Condition": {"StringLike": {"iam:AWSServiceName": "spot.amazonaws.com"}}}]}


def restricted_policy(region, account, vpc, sg, partition="aws"):
    """The "restricted" cross-account policy of terraform-provider-databricks
    aws/data_aws_crossaccount_policy.go (policy_type = "restricted"), statement for statement."""
    from sbx.dbx_data import REQUIRED_EC2_ACTIONS
    scoped = ("AssociateIamInstanceProfile AttachVolume AuthorizeSecurityGroupEgress AuthorizeSecurityGroupIngress "
              "CreateVolume DeleteVolume DetachVolume DisassociateIamInstanceProfile "
              "ReplaceIamInstanceProfileAssociation RevokeSecurityGroupEgress RevokeSecurityGroupIngress "
              "RunInstances TerminateInstances").split()
    r = "arn:%s:ec2:%s:%s" % (partition, region, account)
    tag_res = {"StringEquals": {"ec2:ResourceTag/Vendor": "Databricks"}}
    tag_req = {"StringEquals": {"aws:RequestTag/Vendor": "Databricks"}}
    in_vpc = {"StringEquals": {"ec2:vpc": "%s:vpc/%s" % (r, vpc)}}
    return {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["ec2:" + a for a in REQUIRED_EC2_ACTIONS if a not in scoped], "Resource": "*"},
        {"Effect": "Allow", "Action": ["iam:CreateServiceLinkedRole", "iam:PutRolePolicy"],
         "Resource": "arn:%s:iam::*:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot" % partition,
         "Condition": {"StringLike": {"iam:AWSServiceName": "spot.amazonaws.com"}}},
        {"Sid": "InstancePoolsSupport", "Effect": "Allow",
         "Action": ["ec2:AssociateIamInstanceProfile", "ec2:DisassociateIamInstanceProfile",
                    "ec2:ReplaceIamInstanceProfileAssociation"],
         "Resource": r + ":instance/*", "Condition": tag_res},
        {"Sid": "AllowEc2RunInstancePerTag", "Effect": "Allow", "Action": "ec2:RunInstances",
         "Resource": [r + ":volume/*", r + ":instance/*"], "Condition": tag_req},
        {"Sid": "AllowEc2RunInstanceImagePerTag", "Effect": "Allow", "Action": "ec2:RunInstances",
         "Resource": r + ":image/*", "Condition": {"StringEquals": {"aws:ResourceTag/Vendor": "Databricks"}}},
        {"Sid": "AllowEc2RunInstancePerVPCid", "Effect": "Allow", "Action": "ec2:RunInstances",
         "Resource": [r + ":network-interface/*", r + ":subnet/*", r + ":security-group/*"], "Condition": in_vpc},
        {"Sid": "AllowEc2RunInstanceOtherResources", "Effect": "Allow", "Action": "ec2:RunInstances",
         "NotResource": [r + ":image/*", r + ":network-interface/*", r + ":subnet/*", r + ":security-group/*",
                         r + ":volume/*", r + ":instance/*"]},
        {"Sid": "EC2TerminateInstancesTag", "Effect": "Allow", "Action": "ec2:TerminateInstances",
         "Resource": r + ":instance/*", "Condition": tag_res},
        {"Sid": "EC2AttachDetachVolumeTag", "Effect": "Allow", "Action": ["ec2:AttachVolume", "ec2:DetachVolume"],
         "Resource": [r + ":instance/*", r + ":volume/*"], "Condition": tag_res},
        {"Sid": "EC2CreateVolumeByTag", "Effect": "Allow", "Action": "ec2:CreateVolume",
         "Resource": r + ":volume/*", "Condition": tag_req},
        {"Sid": "EC2DeleteVolumeByTag", "Effect": "Allow", "Action": "ec2:DeleteVolume",
         "Resource": [r + ":volume/*"], "Condition": tag_res},
        {"Sid": "VpcNonresourceSpecificActions", "Effect": "Allow",
         "Action": ["ec2:AuthorizeSecurityGroupEgress", "ec2:AuthorizeSecurityGroupIngress",
                    "ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress"],
         "Resource": r + ":security-group/" + sg, "Condition": in_vpc}]}


_SESSION = None


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to a real-looking name, connected to a loopback address (like a hosts-file line)."""

    def __init__(self, name, addr, context, timeout=10):
        super().__init__(name, addr[1], context=context, timeout=timeout)
        self._addr = addr

    def connect(self):
        sock = socket.create_connection(self._addr, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class Sandbox:
    """An in-process sandbox. persist=False (default) keeps the state in memory only, which keeps
    the tests fast (the state file is rewritten after every mutating call otherwise)."""

    def __init__(self, persist=False):
        self.dir = tempfile.mkdtemp(prefix="sbx-dbx-")
        self.state_path = os.path.join(self.dir, "state.json")
        self.app = server.App(self.state_path, port=0)
        self.srv = self.app.start()
        if not persist:
            self.app.state.path = None
        self._clients = {}
        self.thread = threading.Thread(target=self.srv.serve_forever, daemon=True)
        self.thread.start()
        self.env = {}
        for fn in registry.DBX["env"]:
            self.env.update(fn(self.app))
        self.base = "http://127.0.0.1:%d" % self.app.port
        self.frontend = tuple(self.app.dbx["frontend"])
        self.public = tuple(self.app.dbx["public"])
        self.tls = ssl.create_default_context(cafile=self.env["HEIIKI_SANDBOX_CA"])
        self._token = None

    def close(self):
        self.app.stopping.set()
        threads = [threading.Thread(target=srv.shutdown) for srv in self.app.servers]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for srv in self.app.servers:
            srv.server_close()

    # raw HTTP ----------------------------------------------------------------------------------
    def http(self, method, path, body=None, headers=None, raw=None):
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=h)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.read(), dict(r.headers)
        except urllib.error.HTTPError as e:
            return e.code, e.read(), dict(e.headers)

    def admin(self, path, body=None, method="POST"):
        s, b, _ = self.http(method, "/_sandbox/" + path, body)
        assert s == 200, (s, b)
        return json.loads(b or b"{}")

    def config(self, **kw):
        return self.admin("config", kw)

    # OAuth -------------------------------------------------------------------------------------
    def token_request(self, path, client_id=identity.DBX_CLIENT_ID, secret=identity.DBX_CLIENT_SECRET,
                      basic=True, form="grant_type=client_credentials&scope=all-apis", via=None, host=None):
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if basic:
            headers["Authorization"] = "Basic " + base64.b64encode(
                ("%s:%s" % (client_id, secret)).encode()).decode()
        else:
            form += "&client_id=%s&client_secret=%s" % (client_id, secret)
        if via:
            return self.https(via, host, "POST", path, raw=form.encode(), headers=headers)
        return self.http("POST", path, raw=form.encode(), headers=headers)

    def token(self, fresh=False):
        if self._token is None or fresh:
            s, b, _ = self.token_request("/oidc/accounts/%s/v1/token" % ACCOUNT)
            assert s == 200, b
            self._token = json.loads(b)["access_token"]
        return self._token

    # account API -------------------------------------------------------------------------------
    def acct(self, method, sub, body=None, token=None, query=""):
        path = "/api/2.0/accounts/%s/%s%s" % (ACCOUNT, sub, query)
        s, b, _ = self.http(method, path, body, {"Authorization": "Bearer " + (token or self.token())})
        try:
            return s, json.loads(b) if b else None
        except ValueError:
            return s, b

    def ok(self, method, sub, body=None, query=""):
        s, b = self.acct(method, sub, body, query=query)
        assert s == 200, (s, b)
        return b

    # workspace hosts over TLS ------------------------------------------------------------------
    def https(self, listener, host, method, path, body=None, headers=None, raw=None):
        addr = self.frontend if listener == "frontend" else self.public
        conn = _PinnedHTTPS(host, addr, self.tls)
        h = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            return r.status, r.read(), dict(r.getheaders())
        finally:
            conn.close()

    def ws(self, host, method, path, body=None, token=None, listener="frontend", raw=None, headers=None):
        h = {"Authorization": "Bearer " + (token or self.token())}
        h.update(headers or {})
        s, b, hd = self.https(listener, host, method, path, body, h, raw)
        if hd.get("Content-Type", "").startswith("application/json"):
            return s, json.loads(b) if b else None
        return s, b

    # AWS through botocore ----------------------------------------------------------------------
    def client(self, service, region=REGION):
        key = (service, region)
        if key not in self._clients:
            self._clients[key] = self._new_client(service, region)
        return self._clients[key]

    def _new_client(self, service, region):
        global _SESSION
        if _SESSION is None:                 # one session: its loader keeps the parsed service models
            import botocore.session
            _SESSION = botocore.session.get_session()
        return _SESSION.create_client(service, region_name=region, endpoint_url=self.base,
                                  aws_access_key_id=identity.AWS_ACCESS_KEY_ID,
                                  aws_secret_access_key=identity.AWS_SECRET_ACCESS_KEY)

    def wait_workspace(self, wid, want=("RUNNING", "FAILED"), limit=10.0):
        end = time.time() + limit
        while True:
            ws = self.ok("GET", "workspaces/%s" % wid)
            if ws["workspace_status"] in want or time.time() > end:
                return ws
            time.sleep(0.05)


def build_world(sb, region=REGION, tag="w", policy=None, trust=None, bucket_region=None,
                cluster_egress=True, relay_6666=True, same_az=False, small_subnet=False,
                backend_private_dns=True, s3_gateway=True, s3_egress=True, sts=True, kinesis=True,
                aws_endpoint_443=True):
    """A closed-network VPC (two cluster subnets, an endpoint subnet, SGs, REST + relay interface
    endpoints, the S3 gateway and the STS and Kinesis interface endpoints), a cross-account role
    and a root bucket. Returns the ids.  The keyword flags break one part each."""
    from sbx.dbx_data import PRIVATELINK_SERVICES
    ec2, iam = sb.client("ec2", region), sb.client("iam", "us-east-1")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsSupport={"Value": True})
    ec2.modify_vpc_attribute(VpcId=vpc, EnableDnsHostnames={"Value": True})
    azs = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]]
    s1 = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.1.0/24" if not small_subnet else "10.20.1.0/27",
                           AvailabilityZone=azs[0])["Subnet"]["SubnetId"]
    s2 = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.2.0/24",
                           AvailabilityZone=azs[0] if same_az else azs[1])["Subnet"]["SubnetId"]
    se = ec2.create_subnet(VpcId=vpc, CidrBlock="10.20.3.0/26", AvailabilityZone=azs[0])["Subnet"]["SubnetId"]
    sg = ec2.create_security_group(VpcId=vpc, GroupName=tag + "-cluster", Description="cluster")["GroupId"]
    sge = ec2.create_security_group(VpcId=vpc, GroupName=tag + "-endpoints", Description="endpoints")["GroupId"]
    me = [{"GroupId": sg}]
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "UserIdGroupPairs": me},
        {"IpProtocol": "udp", "FromPort": 0, "ToPort": 65535, "UserIdGroupPairs": me}])
    ec2.revoke_security_group_egress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    egress = [{"IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "UserIdGroupPairs": me},
              {"IpProtocol": "udp", "FromPort": 0, "ToPort": 65535, "UserIdGroupPairs": me}]
    if cluster_egress:
        egress += [{"IpProtocol": "tcp", "FromPort": p, "ToPort": p, "IpRanges": [{"CidrIp": "10.20.0.0/16"}]}
                   for p in (443, 6666)]
        egress.append({"IpProtocol": "tcp", "FromPort": 8443, "ToPort": 8451,
                       "IpRanges": [{"CidrIp": "10.20.0.0/16"}]})
    s3_name = "com.amazonaws.%s.s3" % region
    if s3_egress:
        pl = ec2.describe_prefix_lists(Filters=[{"Name": "prefix-list-name", "Values": [s3_name]}])
        egress.append({"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                       "PrefixListIds": [{"PrefixListId": pl["PrefixLists"][0]["PrefixListId"]}]})
    ec2.authorize_security_group_egress(GroupId=sg, IpPermissions=egress)
    ports = [(8443, 8451)] + ([(6666, 6666)] if relay_6666 else [])
    ports += [(443, 443)] if aws_endpoint_443 else []
    ec2.authorize_security_group_ingress(GroupId=sge, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": a, "ToPort": b, "UserIdGroupPairs": me} for a, b in ports])
    if not aws_endpoint_443:   # the Databricks endpoints keep 443 on a group of their own
        sgd = ec2.create_security_group(VpcId=vpc, GroupName=tag + "-dbx-endpoints", Description="dbx")["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=sgd, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": a, "ToPort": b, "UserIdGroupPairs": me}
            for a, b in ports + [(443, 443)]])
    svc = PRIVATELINK_SERVICES[region]
    dbx_sg = sge if aws_endpoint_443 else sgd
    rest = ec2.create_vpc_endpoint(VpcId=vpc, VpcEndpointType="Interface", ServiceName=svc[0],
                                   SubnetIds=[se], SecurityGroupIds=[dbx_sg],
                                   PrivateDnsEnabled=backend_private_dns)["VpcEndpoint"]["VpcEndpointId"]
    relay = ec2.create_vpc_endpoint(VpcId=vpc, VpcEndpointType="Interface", ServiceName=svc[1],
                                    SubnetIds=[se], SecurityGroupIds=[dbx_sg],
                                    PrivateDnsEnabled=backend_private_dns)["VpcEndpoint"]["VpcEndpointId"]
    rt = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    for s in (s1, s2):
        ec2.associate_route_table(RouteTableId=rt, SubnetId=s)
    if s3_gateway:
        ec2.create_vpc_endpoint(VpcId=vpc, VpcEndpointType="Gateway", ServiceName=s3_name, RouteTableIds=[rt])
    for short, want in (("sts", sts), ("kinesis-streams", kinesis)):
        if want:
            ec2.create_vpc_endpoint(VpcId=vpc, VpcEndpointType="Interface",
                                    ServiceName="com.amazonaws.%s.%s" % (region, short), SubnetIds=[se],
                                    SecurityGroupIds=[sge], PrivateDnsEnabled=True)
    role = iam.create_role(RoleName=tag + "-crossaccount",
                           AssumeRolePolicyDocument=json.dumps(trust or TRUST))["Role"]["Arn"]
    iam.put_role_policy(RoleName=tag + "-crossaccount", PolicyName="databricks",
                        PolicyDocument=json.dumps(policy or customer_policy()))
    bucket = "%s-root-%s" % (tag, os.urandom(3).hex())
    breg = bucket_region or region
    kw = {} if breg == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": breg}}
    sb.client("s3", breg).create_bucket(Bucket=bucket, **kw)
    return {"region": region, "vpc_id": vpc, "subnet_ids": [s1, s2], "endpoint_subnet": se,
            "security_group_ids": [sg], "endpoint_sg": sge, "rest_vpce": rest, "relay_vpce": relay,
            "role_arn": role, "bucket": bucket, "tag": tag, "route_table": rt}


def register_all(sb, w, public_access=False):
    """Databricks objects for a world; returns their ids (workspace not created)."""
    t = w["tag"]
    cred = sb.ok("POST", "credentials", {"credentials_name": t + "-cred",
                                          "aws_credentials": {"sts_role": {"role_arn": w["role_arn"]}}})
    st = sb.ok("POST", "storage-configurations", {"storage_configuration_name": t + "-storage",
                                                   "root_bucket_info": {"bucket_name": w["bucket"]}})
    rest = sb.ok("POST", "vpc-endpoints", {"vpc_endpoint_name": t + "-rest", "aws_vpc_endpoint_id": w["rest_vpce"],
                                           "region": w["region"]})
    relay = sb.ok("POST", "vpc-endpoints", {"vpc_endpoint_name": t + "-relay",
                                            "aws_vpc_endpoint_id": w["relay_vpce"], "region": w["region"]})
    pas = sb.ok("POST", "private-access-settings", {
        "private_access_settings_name": t + "-pas", "region": w["region"], "public_access_enabled": public_access,
        "private_access_level": "ENDPOINT", "allowed_vpc_endpoint_ids": [rest["vpc_endpoint_id"]]})
    net = sb.ok("POST", "networks", {
        "network_name": t + "-network", "vpc_id": w["vpc_id"], "subnet_ids": w["subnet_ids"],
        "security_group_ids": w["security_group_ids"],
        "vpc_endpoints": {"rest_api": [rest["vpc_endpoint_id"]], "dataplane_relay": [relay["vpc_endpoint_id"]]}})
    return {"credentials_id": cred["credentials_id"], "storage_configuration_id": st["storage_configuration_id"],
            "rest": rest["vpc_endpoint_id"], "relay": relay["vpc_endpoint_id"],
            "private_access_settings_id": pas["private_access_settings_id"], "network_id": net["network_id"]}


def create_workspace(sb, w, ids, name=None):
    return sb.acct("POST", "workspaces", {
        "workspace_name": name or w["tag"] + "-ws", "aws_region": w["region"],
        "credentials_id": ids["credentials_id"], "storage_configuration_id": ids["storage_configuration_id"],
        "network_id": ids["network_id"], "private_access_settings_id": ids["private_access_settings_id"],
        "pricing_tier": "ENTERPRISE"})
