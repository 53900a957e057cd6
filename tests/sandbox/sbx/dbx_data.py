"""Static Databricks-side data the sandbox plays back (copied from the project reference files)."""

# region -> (workspace/REST service, SCC relay service, front-end "service direct" service)
# Source: shared/reference/databricks-privatelink-services.tsv (Databricks SRA variables.tf @ 72a96ea).
PRIVATELINK_SERVICES = {
    "ap-northeast-1": ("com.amazonaws.vpce.ap-northeast-1.vpce-svc-02691fd610d24fd64",
                      "com.amazonaws.vpce.ap-northeast-1.vpce-svc-02aa633bda3edbec0",
                      "com.amazonaws.vpce.ap-northeast-1.vpce-svc-00645ba5aa920181a"),
    "ap-northeast-2": ("com.amazonaws.vpce.ap-northeast-2.vpce-svc-0babb9bde64f34d7e",
                      "com.amazonaws.vpce.ap-northeast-2.vpce-svc-0dc0e98a5800db5c4",
                      "com.amazonaws.vpce.ap-northeast-2.vpce-svc-0eda2860bd3ffdc62"),
    "ap-south-1": ("com.amazonaws.vpce.ap-south-1.vpce-svc-0dbfe5d9ee18d6411",
                  "com.amazonaws.vpce.ap-south-1.vpce-svc-03fd4d9b61414f3de",
                  "com.amazonaws.vpce.ap-south-1.vpce-svc-0f8cf0950ddb2df95"),
    "ap-southeast-1": ("com.amazonaws.vpce.ap-southeast-1.vpce-svc-02535b257fc253ff4",
                      "com.amazonaws.vpce.ap-southeast-1.vpce-svc-0557367c6fc1a0c5c",
                      "com.amazonaws.vpce.ap-southeast-1.vpce-svc-095bb0c17301d018c"),
    "ap-southeast-2": ("com.amazonaws.vpce.ap-southeast-2.vpce-svc-0b87155ddd6954974",
                      "com.amazonaws.vpce.ap-southeast-2.vpce-svc-0b4a72e8f825495f6",
                      "com.amazonaws.vpce.ap-southeast-2.vpce-svc-0bad186019cff33de"),
    "ap-southeast-3": ("com.amazonaws.vpce.ap-southeast-3.vpce-svc-07a698e7e9ccfd04a",
                      "com.amazonaws.vpce.ap-southeast-3.vpce-svc-025ca447c232c6a1b",
                      "com.amazonaws.vpce.ap-southeast-3.vpce-svc-028527b0920c3e620"),
    "ca-central-1": ("com.amazonaws.vpce.ca-central-1.vpce-svc-0205f197ec0e28d65",
                    "com.amazonaws.vpce.ca-central-1.vpce-svc-0c4e25bdbcbfbb684",
                    "com.amazonaws.vpce.ca-central-1.vpce-svc-0a677b49b6d71cf54"),
    "eu-central-1": ("com.amazonaws.vpce.eu-central-1.vpce-svc-081f78503812597f7",
                    "com.amazonaws.vpce.eu-central-1.vpce-svc-08e5dfca9572c85c4",
                    "com.amazonaws.vpce.eu-central-1.vpce-svc-040453426d7a48946"),
    "eu-west-1": ("com.amazonaws.vpce.eu-west-1.vpce-svc-0da6ebf1461278016",
                 "com.amazonaws.vpce.eu-west-1.vpce-svc-09b4eb2bc775f4e8c",
                 "com.amazonaws.vpce.eu-west-1.vpce-svc-0a5d3be4f026f5bd7"),
    "eu-west-2": ("com.amazonaws.vpce.eu-west-2.vpce-svc-01148c7cdc1d1326c",
                 "com.amazonaws.vpce.eu-west-2.vpce-svc-05279412bf5353a45",
                 "com.amazonaws.vpce.eu-west-2.vpce-svc-000fc680ee188fcf6"),
    "eu-west-3": ("com.amazonaws.vpce.eu-west-3.vpce-svc-008b9368d1d011f37",
                 "com.amazonaws.vpce.eu-west-3.vpce-svc-005b039dd0b5f857d",
                 "com.amazonaws.vpce.eu-west-3.vpce-svc-041f8eb165985a7eb"),
    "sa-east-1": ("com.amazonaws.vpce.sa-east-1.vpce-svc-0bafcea8cdfe11b66",
                 "com.amazonaws.vpce.sa-east-1.vpce-svc-0e61564963be1b43f",
                 "com.amazonaws.vpce.sa-east-1.vpce-svc-09d56640b3fed29b8"),
    "us-east-1": ("com.amazonaws.vpce.us-east-1.vpce-svc-09143d1e626de2f04",
                 "com.amazonaws.vpce.us-east-1.vpce-svc-00018a8c3ff62ffdf",
                 "com.amazonaws.vpce.us-east-1.vpce-svc-0a1a39ada4ec3bcdc"),
    "us-east-2": ("com.amazonaws.vpce.us-east-2.vpce-svc-041dc2b4d7796b8d3",
                 "com.amazonaws.vpce.us-east-2.vpce-svc-090a8fab0d73e39a6",
                 "com.amazonaws.vpce.us-east-2.vpce-svc-052fbd90ec8e1af31"),
    "us-west-1": ("com.amazonaws.vpce.us-west-1.vpce-svc-09bb6ca26208063f2",
                 "com.amazonaws.vpce.us-west-1.vpce-svc-04cb91f9372b792fe",
                 "com.amazonaws.vpce.us-west-1.vpce-svc-070673a01d3f28066"),
    "us-west-2": ("com.amazonaws.vpce.us-west-2.vpce-svc-0129f463fcfbc46c5",
                 "com.amazonaws.vpce.us-west-2.vpce-svc-0158114c0c730c3bb",
                 "com.amazonaws.vpce.us-west-2.vpce-svc-0d7fe235ba1abe9d2"),
}

# Cross-account role actions Databricks validates for a customer-managed VPC: aws-policies.md section 2,
# list A (37, every policy type) + list B (13, customer/managed types).
REQUIRED_EC2_ACTIONS = """
AssignPrivateIpAddresses CancelSpotInstanceRequests DescribeAvailabilityZones
DescribeIamInstanceProfileAssociations DescribeInstanceStatus DescribeInstances DescribeInternetGateways
DescribeNatGateways DescribeNetworkAcls DescribePrefixLists DescribeReservedInstancesOfferings
DescribeRouteTables DescribeSecurityGroups DescribeSpotInstanceRequests DescribeSpotPriceHistory
DescribeSubnets DescribeVolumes DescribeVpcAttribute DescribeVpcs CreateTags DeleteTags
GetSpotPlacementScores RequestSpotInstances DescribeFleetHistory ModifyFleet DeleteFleets
DescribeFleetInstances DescribeFleets CreateFleet DeleteLaunchTemplate GetLaunchTemplateData
CreateLaunchTemplate DescribeLaunchTemplates DescribeLaunchTemplateVersions ModifyLaunchTemplate
DeleteLaunchTemplateVersions CreateLaunchTemplateVersion
AssociateIamInstanceProfile AttachVolume AuthorizeSecurityGroupEgress AuthorizeSecurityGroupIngress
CreateVolume DeleteVolume DetachVolume DisassociateIamInstanceProfile ReplaceIamInstanceProfileAssociation
RevokeSecurityGroupEgress RevokeSecurityGroupIngress RunInstances TerminateInstances
""".split()

# The console names Databricks gives its credential validation checks (not IAM action names).
# Verbatim in terraform-provider-databricks issue #951 and docs/guides/aws-workspace.md
# ("Credentials validation checks errors"): "Spot Cancellation", "Describe instances" (lower case),
# "Describe Spot Instances"; the other names there are the action's words ("Delete Tags",
# "Describe Availability Zones", ...), which _check_name() produces for actions not listed here.
CHECK_NAMES = {
    "CancelSpotInstanceRequests": "Spot Cancellation",
    "DescribeInstances": "Describe instances",
    "DescribeSpotInstanceRequests": "Describe Spot Instances",
}

# What a role still propagating through IAM fails: the list of terraform-provider-databricks issue #951
# ("Failed credentials validation checks: ...", "after a retry it works").
PROPAGATION_CHECKS = ("Spot Cancellation", "Delete Tags", "Describe Availability Zones", "Describe instances",
                      "Describe Instance Status", "Describe Route Tables", "Describe Security Groups",
                      "Describe Spot Instances", "Describe Spot Price History", "Describe Subnets",
                      "Describe Volumes", "Describe Vpcs", "Request Spot Instances")

SPARK_VERSIONS = [
    ("16.4.x-scala2.12", "16.4 LTS (includes Apache Spark 3.5.2, Scala 2.12)"),
    ("15.4.x-scala2.12", "15.4 LTS (includes Apache Spark 3.5.0, Scala 2.12)"),
    ("14.3.x-scala2.12", "14.3 LTS (includes Apache Spark 3.5.0, Scala 2.12)"),
    ("15.4.x-photon-scala2.12", "15.4 LTS Photon (includes Apache Spark 3.5.0, Scala 2.12)"),
    ("13.3.x-scala2.12", "13.3 LTS (includes Apache Spark 3.4.1, Scala 2.12)"),
]

# node_type_id, memory_mb, cores, category
NODE_TYPES = [
    ("m5d.large", 8192, 2, "General Purpose"),
    ("m5d.xlarge", 16384, 4, "General Purpose"),
    ("m5d.2xlarge", 32768, 8, "General Purpose"),
    ("i3.xlarge", 31232, 4, "Storage Optimized"),
    ("r5d.xlarge", 32768, 4, "Memory Optimized"),
    ("c5d.xlarge", 8192, 4, "Compute Optimized"),
]

DATABRICKS_REGIONS = sorted(PRIVATELINK_SERVICES)
