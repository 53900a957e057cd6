"""Network mode create (issue 18): from a seed with only an empty VPC (tokyo-empty-vpc), heiiki
plans the subnets, route tables and security groups of the field report, shows the layout,
creates them, reaches a verified workspace, and destroy leaves the VPC as it was."""
import json
import os

import pytest

from conftest import make_bucket

EMPTY_VPC_INI = """\
[account]
name = {name}
region = ap-northeast-1
account_id = {account_id}

[credential]
mode = create
role_name = {name}-crossaccount

[storage]
mode = existing
bucket = {bucket}
apply_policy = true

[endpoints]
backend_shared = true
workspace.mode = create
relay.mode = create
s3.enabled = true
s3.mode = create
sts.enabled = true
sts.mode = create
kinesis.enabled = true
kinesis.mode = create

[private_access]
public_access = false
level = ENDPOINT

[network]
mode = create_in_vpc
vpc_id = {vpc}
nodes = {nodes}

[metastore]
mode = existing

[workspace]
name = {name}-workspace
pricing_tier = ENTERPRISE

[client]
frontend = private_ip
client_cidrs = 203.0.113.0/24
"""


def answers(sandbox, name="empty", nodes=100, extra="", make=True):
    refs = sandbox.state()["seed_refs"]
    bucket = "%s-root" % name
    if make:
        make_bucket(sandbox, bucket)
    path = os.path.join(sandbox.dir, "%s.ini" % name)
    with open(path, "w") as f:
        f.write(EMPTY_VPC_INI.format(name=name, account_id=sandbox.env["DATABRICKS_ACCOUNT_ID"],
                                     bucket=bucket, vpc=refs["vpc"], nodes=nodes) + extra)
    return path


def ec2_of(state, vpc):
    """What the VPC holds: subnets, route tables, security groups (names and ids)."""
    ec2 = state["ec2"]
    return {coll: sorted(k for k, v in ec2[coll].items() if v.get("VpcId") == vpc)
            for coll in ("subnets", "route_tables", "security_groups", "vpc_endpoints", "network_interfaces")}


@pytest.mark.seed("tokyo-empty-vpc")
def test_plan_lists_the_network_actions(sandbox, heiiki):
    r = heiiki("plan", "--answers", answers(sandbox), "--json")
    assert r.rc == 0, r
    acts = {a["id"]: a for a in json.loads(r.out)["actions"]}
    for a in ("aws.net.layout", "aws.net.subnet.cluster1", "aws.net.subnet.cluster2",
              "aws.net.subnet.endpoints", "aws.net.rt.cluster", "aws.net.rt.endpoints",
              "aws.net.sg.cluster", "aws.net.sg.endpoints", "aws.net.sg.frontend"):
        assert acts[a]["decision"] == "create", acts[a]
    for a in ("aws.net.vpc", "aws.net.subnet.public", "aws.net.rt.public"):
        assert acts[a]["decision"] == "skip", acts[a]
    assert "aws.net.rt.cluster" in acts["aws.vpce.s3"]["depends_on"]


@pytest.mark.seed("tokyo-empty-vpc")
def test_plan_shows_the_layout_before_anything_is_created(sandbox, heiiki):
    path = answers(sandbox, nodes=200)
    sandbox.clear_log()
    r = heiiki("plan", "--answers", path)
    assert r.rc == 0, r
    assert "Network layout" in r.out
    table = r.out.split("Network layout (what heiiki will create)", 1)[1]
    lines = [l.split() for l in table.splitlines()]
    rows = {l[0]: l[1:] for l in lines if l and l[0] in ("cluster-1", "cluster-2", "endpoints", "public")}
    # 200 nodes need a /23 ((512 - 5) / 2 = 253); the zones are the endpoint services' (a, c, d)
    assert rows["cluster-1"][:3] == ["ap-northeast-1a", "10.0.0.0/23", "253"], rows
    assert rows["cluster-2"][:3] == ["ap-northeast-1c", "10.0.2.0/23", "253"], rows
    assert rows["endpoints"][:2] == ["ap-northeast-1d", "10.0.4.0/26"], rows
    assert "public" not in rows
    assert sandbox.creates() == []                                  # plan only reads
    # what cannot fit is said before anything is created
    big = answers(sandbox, name="big", nodes=16381)
    sandbox.clear_log()
    r = heiiki("plan", "--answers", big)
    assert r.rc == 1 and "no free /28 for the endpoint subnet" in r.err, r
    assert "after the 2 subnet(s) planned before it: none" in r.err, r
    r = heiiki("apply", "--answers", big, "--yes")
    assert r.rc == 3 and "no free" in r.err, r
    assert sandbox.creates() == []


@pytest.mark.seed("tokyo-empty-vpc")
def test_apply_builds_the_network_and_destroy_leaves_the_vpc(sandbox, heiiki):
    vpc = sandbox.state()["seed_refs"]["vpc"]
    before = ec2_of(sandbox.state(), vpc)
    r = heiiki("apply", "--answers", answers(sandbox), "--yes", timeout=300)
    assert r.rc == 0, r
    state = sandbox.state()
    subnets = {s["Tags"][0]["Value"]: s for s in state["ec2"]["subnets"].values() if s["VpcId"] == vpc}
    assert sorted(subnets) == ["empty-cluster-1", "empty-cluster-2", "empty-endpoints"]
    c1, c2 = subnets["empty-cluster-1"], subnets["empty-cluster-2"]
    assert c1["CidrBlock"] == "10.0.0.0/24" and c2["CidrBlock"] == "10.0.1.0/24"   # 100 nodes: /24 each
    assert c1["AvailabilityZone"] != c2["AvailabilityZone"]
    summary = json.loads(heiiki("summary", "empty", "--json").out)
    res = {a["action"]: a for a in summary["resources"]}
    assert res["aws.net.sg.cluster"]["origin"] == "created"
    assert res["dbx.network"]["origin"] == "created"
    for key in ("frontend", "catalog", "backend", "uc"):
        assert res["verify." + key]["result"]["outcome"] == "pass", res.get("verify." + key)
    vpc_item = state["ec2"]["vpcs"][vpc]
    assert vpc_item["_dns_support"] and vpc_item["_dns_hostnames"]          # the confirmed fix
    # the cluster route table: both cluster subnets, the S3 gateway route, nothing to the internet
    rt = state["ec2"]["route_tables"][res["aws.net.rt.cluster"]["result"]["route_table_id"]]
    assert sorted(a["SubnetId"] for a in rt["Associations"]) == sorted([c1["SubnetId"], c2["SubnetId"]])
    assert any(r.get("DestinationPrefixListId") for r in rt["Routes"])
    assert not any(r.get("DestinationCidrBlock") == "0.0.0.0/0" for r in rt["Routes"])
    # SG 02: no allow-all egress left; the network configuration uses it and the created subnets
    sg2 = state["ec2"]["security_groups"][res["aws.net.sg.cluster"]["result"]["group_id"]]
    assert not any(r["dir"] == "egress" and r.get("cidr") == "0.0.0.0/0" for r in sg2["_rules"])
    net = state["dbx"]["networks"][res["dbx.network"]["result"]["network_id"]]
    assert net["security_group_ids"] == [sg2["GroupId"]]
    assert sorted(net["subnet_ids"]) == sorted([c1["SubnetId"], c2["SubnetId"]])

    # a second apply changes nothing
    sandbox.clear_log()
    r = heiiki("apply", "--answers", answers(sandbox, make=False), "--yes", timeout=300)
    assert r.rc == 0, r
    assert sandbox.creates() == [], sandbox.creates()

    r = heiiki("destroy", "empty", "--yes", timeout=300)
    assert r.rc == 0, r
    assert ec2_of(sandbox.state(), vpc) == before
    vpc_item = sandbox.state()["ec2"]["vpcs"][vpc]
    assert vpc_item["_dns_support"] and not vpc_item["_dns_hostnames"]     # as the network team left it


def ec2_client(sandbox):
    import botocore.config
    import botocore.session
    return botocore.session.get_session().create_client(
        "ec2", region_name="ap-northeast-1", endpoint_url=sandbox.url,
        aws_access_key_id=sandbox.env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=sandbox.env["AWS_SECRET_ACCESS_KEY"],
        config=botocore.config.Config(retries={"max_attempts": 0}))


@pytest.mark.seed("tokyo-empty-vpc")
def test_destroy_leaves_a_subnet_that_holds_someone_elses_interface(sandbox, heiiki):
    vpc = sandbox.state()["seed_refs"]["vpc"]
    before = ec2_of(sandbox.state(), vpc)
    r = heiiki("apply", "--answers", answers(sandbox), "--yes", "--no-post-checks", timeout=300)
    assert r.rc == 0, r
    res = {a["action"]: a for a in json.loads(heiiki("summary", "empty", "--json").out)["resources"]}
    subnet = res["aws.net.subnet.endpoints"]["result"]["subnet_id"]
    # the operator puts an endpoint of their own into heiiki's endpoint subnet
    ec2 = ec2_client(sandbox)
    theirs = ec2.create_vpc_endpoint(VpcId=vpc, VpcEndpointType="Interface", PrivateDnsEnabled=False,
                                     ServiceName="com.amazonaws.ap-northeast-1.ec2",
                                     SubnetIds=[subnet])["VpcEndpoint"]
    eni = theirs["NetworkInterfaceIds"][0]
    r = heiiki("destroy", "empty", "--yes", timeout=300)
    assert r.rc != 0, r
    assert subnet in r.err and eni in r.err and "did not make" in r.err, r
    assert subnet in sandbox.state()["ec2"]["subnets"]
    # once they remove it, destroy goes on and leaves the VPC as it was
    ec2.delete_vpc_endpoints(VpcEndpointIds=[theirs["VpcEndpointId"]])
    r = heiiki("destroy", "empty", "--yes", timeout=300)
    assert r.rc == 0, r
    assert ec2_of(sandbox.state(), vpc) == before


@pytest.mark.seed("tokyo-empty-vpc")
def test_create_vpc_from_a_cidr_then_destroy_removes_it(sandbox, heiiki):
    """network.mode = create_vpc: the VPC too (DNS support and hostnames on), then everything
    inside it; destroy removes the VPC heiiki made and leaves the operator's."""
    vpcs_before = sorted(sandbox.state()["ec2"]["vpcs"])
    path = answers(sandbox, name="fresh")
    with open(path) as f:
        text = f.read().replace("mode = create_in_vpc\n", "mode = create_vpc\nvpc_cidr = 10.20.0.0/16\n")
    with open(path, "w") as f:
        f.write(text)
    r = heiiki("plan", "--answers", path)
    assert r.rc == 0 and "10.20.0.0/24" in r.out.split("what heiiki will create")[1], r
    r = heiiki("apply", "--answers", path, "--yes", timeout=300)
    assert r.rc == 0, r
    res = {a["action"]: a for a in json.loads(heiiki("summary", "fresh", "--json").out)["resources"]}
    vpc = res["aws.net.vpc"]["result"]["vpc_id"]
    item = sandbox.state()["ec2"]["vpcs"][vpc]
    assert item["CidrBlock"] == "10.20.0.0/16" and item["_dns_support"] and item["_dns_hostnames"]
    assert "aws.net.vpc_dns" not in res                 # skipped: the new VPC has DNS on
    for key in ("frontend", "catalog", "backend", "uc"):
        assert res["verify." + key]["result"]["outcome"] == "pass", res.get("verify." + key)
    r = heiiki("destroy", "fresh", "--yes", timeout=300)
    assert r.rc == 0, r
    assert sorted(sandbox.state()["ec2"]["vpcs"]) == vpcs_before


def _public_vpc(sandbox, name):
    """create_vpc with the front end through a public subnet (client.frontend = elastic_ip)."""
    path = answers(sandbox, name=name)
    with open(path) as f:
        text = f.read().replace("mode = create_in_vpc\n", "mode = create_vpc\nvpc_cidr = 10.30.0.0/16\n")
        text = text.replace("frontend = private_ip", "frontend = elastic_ip")
    with open(path, "w") as f:
        f.write(text)
    return path


@pytest.mark.seed("tokyo-empty-vpc")
def test_create_vpc_with_a_public_front_end_makes_and_removes_its_internet_gateway(sandbox, heiiki):
    """A new VPC has no internet gateway (CreateVpc makes none); the public subnet's route needs
    one: heiiki creates it with a Name tag, attaches it, routes through it, and destroy detaches
    and deletes it before the VPC (AWS refuses DeleteVpc while one is attached)."""
    igws_before = sorted(sandbox.state()["ec2"].get("internet_gateways", {}))
    path = _public_vpc(sandbox, "pub")
    r = heiiki("plan", "--answers", path, "--json")
    assert r.rc == 0, r
    assert "aws.net.igw" in r.out, r.out[:3000]
    # the network and the workspace are built; the client access step then says what AWS
    # refuses (no Elastic IP on an endpoint's requester-managed interfaces) and what to do
    r = heiiki("apply", "--answers", path, "--yes", "--no-post-checks", timeout=300)
    assert r.rc in (0, 6), r
    assert r.rc == 0 or "refuses Elastic IPs" in r.err + r.out, r
    res = {a["action"]: a for a in json.loads(heiiki("summary", "pub", "--json").out)["resources"]}
    vpc = res["aws.net.vpc"]["result"]["vpc_id"]
    igw_id = res["aws.net.igw"]["result"]["igw_id"]
    assert res["aws.net.igw"]["origin"] == "created"
    state = sandbox.state()["ec2"]
    igw = state["internet_gateways"][igw_id]
    assert [a["VpcId"] for a in igw["Attachments"]] == [vpc]
    assert {t["Key"]: t["Value"] for t in igw.get("Tags", [])}.get("Name") == "pub-igw"
    rt = state["route_tables"][res["aws.net.rt.public"]["result"]["route_table_id"]]
    assert any(r.get("DestinationCidrBlock") == "0.0.0.0/0" and r.get("GatewayId") == igw_id
               for r in rt["Routes"]), rt["Routes"]
    # a second run keeps it (one gateway, found by its Name tag)
    r = heiiki("apply", "--answers", path, "--yes", "--no-post-checks", timeout=300)
    assert r.rc in (0, 6), r
    assert len(sandbox.state()["ec2"]["internet_gateways"]) == len(igws_before) + 1
    r = heiiki("destroy", "pub", "--yes", timeout=300)
    assert r.rc == 0, r
    after = sandbox.state()["ec2"]
    assert sorted(after.get("internet_gateways", {})) == igws_before
    assert vpc not in after["vpcs"]


@pytest.mark.seed("tokyo-empty-vpc")
def test_lost_state_adopts_the_network_by_name(sandbox, heiiki):
    """The state file is gone: a re-run finds the subnets, route tables and groups by their Name
    tags / group names and adopts them instead of making a second set."""
    path = answers(sandbox)
    r = heiiki("apply", "--answers", path, "--yes", "--no-post-checks", timeout=300)
    assert r.rc == 0, r
    for name in os.listdir(sandbox.state_dir):
        os.unlink(os.path.join(sandbox.state_dir, name))
    sandbox.clear_log()
    # (pre-flight E8 rightly blocks re-registering endpoints a live workspace uses: past it)
    r = heiiki("apply", "--answers", path, "--yes", "--no-post-checks", "--no-preflight", timeout=300)
    assert r.rc == 0, r
    made = [c["operation"] for c in sandbox.creates()]
    assert not [op for op in made if op in ("CreateSubnet", "CreateRouteTable", "CreateSecurityGroup",
                                            "CreateVpcEndpoint")], made
    res = {a["action"]: a for a in json.loads(heiiki("summary", "empty", "--json").out)["resources"]}
    for a in ("aws.net.subnet.cluster1", "aws.net.rt.cluster", "aws.net.sg.cluster", "aws.net.vpc_dns"):
        assert res[a]["origin"] == "adopted", (a, res[a])


@pytest.mark.seed("tokyo-empty-vpc")
def test_changed_node_count_after_the_layout_is_refused(sandbox, heiiki):
    path = answers(sandbox)
    r = heiiki("apply", "--answers", path, "--yes", "--no-post-checks", timeout=300)
    assert r.rc == 0, r
    with open(path) as f:
        text = f.read().replace("nodes = 100", "nodes = 400")
    with open(path, "w") as f:
        f.write(text)
    sandbox.clear_log()
    r = heiiki("apply", "--answers", path, "--yes", "--no-post-checks")
    assert r.rc == 2 and "network.nodes" in r.err, r
    assert sandbox.creates() == []


def _cells(s):
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


@pytest.mark.seed("tokyo-empty-vpc")
def test_the_layout_table_lines_up_in_japanese(sandbox, heiiki):
    """The layout's columns are padded in display cells (hk_text_pad), not bytes:
    under LANGUAGE=ja the header サブネット / ゾーン starts each column where the rows do."""
    r = heiiki("plan", "--answers", answers(sandbox, nodes=200),
               env={"LANG": "C.UTF-8", "LANGUAGE": "ja"})
    assert r.rc == 0, r
    lines = r.out.splitlines()
    head = [i for i, l in enumerate(lines) if "\u30b5\u30d6\u30cd\u30c3\u30c8" in l and "CIDR" in l]
    assert head, r.out
    header = lines[head[0]]
    row = next(l for l in lines[head[0] + 1:] if l.strip().startswith("cluster-1"))
    # the cell where each column starts: the zone, the CIDR and the node count
    def starts(line, words):
        return [_cells(line[:line.index(w)]) for w in words]
    zone_h, cidr_h = "\u30be\u30fc\u30f3", "CIDR"
    assert starts(header, [zone_h, cidr_h]) == starts(row, ["ap-northeast-1a", "10.0.0.0/23"]), \
        (header, row)
