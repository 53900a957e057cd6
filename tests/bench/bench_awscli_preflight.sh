#!/bin/sh
# The pre-flight an operator does by hand today: the same read calls as heiiki's
# pre-flight, made one after another with Debian's aws CLI (and curl for the
# Databricks account API, which the aws CLI does not speak).
#
# Usage: bench_awscli_preflight.sh [service:Operation ...]
#   With arguments, makes exactly those calls in that order (tests/bench/bench_awscli.py
#   derives them from the sandbox's request log of heiiki's own run, so both sides make the
#   same set); without, the list below (the documented pre-flight reads).
# Environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, BENCH_ENDPOINT (the
#   sandbox URL; aws CLI 2.9 needs --endpoint-url), BENCH_VPC, BENCH_SUBNETS, BENCH_SGS
#   (space-separated), BENCH_ROLE_NAME, BENCH_PRINCIPAL_ARN, BENCH_BUCKET,
#   DATABRICKS_HOST, DATABRICKS_ACCOUNT_ID, DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET.
# Prints one line per call (operation, exit status) and a total; exits 0 unless a call could
# not be made at all (a 4xx answer, e.g. a role that does not exist yet, still counts as made).
set -u

AWS=${BENCH_AWS:-/usr/bin/aws}
: "${BENCH_ENDPOINT:?}" "${AWS_REGION:?}"
export AWS_PAGER="" AWS_MAX_ATTEMPTS=1 AWS_EC2_METADATA_DISABLED=true
calls=0
failed=0
attr_n=0
token=""

aws_() {
	"$AWS" --endpoint-url "$BENCH_ENDPOINT" --region "$AWS_REGION" --output json "$@" >/dev/null 2>&1
}

dbx_token() {
	token=$(curl -s -S --max-time 30 -u "$DATABRICKS_CLIENT_ID:$DATABRICKS_CLIENT_SECRET" \
		-d grant_type=client_credentials -d scope=all-apis \
		"$DATABRICKS_HOST/oidc/accounts/$DATABRICKS_ACCOUNT_ID/v1/token" |
		sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p')
	[ -n "$token" ]
}

dbx_get() {
	[ -n "$token" ] || dbx_token || return 1
	curl -s -S --max-time 30 -o /dev/null -H "Authorization: Bearer $token" \
		"$DATABRICKS_HOST/api/2.0/accounts/$DATABRICKS_ACCOUNT_ID/$1"
}

# BENCH_SUBNETS and BENCH_SGS are lists: split on purpose
# shellcheck disable=SC2086
call() {
	case "$1" in
	sts:GetCallerIdentity) aws_ sts get-caller-identity ;;
	ec2:DescribeVpcs) aws_ ec2 describe-vpcs --vpc-ids "$BENCH_VPC" ;;
	ec2:DescribeVpcAttribute)
		attr_n=$((attr_n + 1))
		if [ $((attr_n % 2)) -eq 1 ]; then a=enableDnsSupport; else a=enableDnsHostnames; fi
		aws_ ec2 describe-vpc-attribute --vpc-id "$BENCH_VPC" --attribute "$a" ;;
	ec2:DescribeAvailabilityZones) aws_ ec2 describe-availability-zones ;;
	ec2:DescribeSubnets) aws_ ec2 describe-subnets --subnet-ids $BENCH_SUBNETS ;;
	ec2:DescribeRouteTables) aws_ ec2 describe-route-tables --filters "Name=vpc-id,Values=$BENCH_VPC" ;;
	ec2:DescribeSecurityGroups) aws_ ec2 describe-security-groups --group-ids $BENCH_SGS ;;
	ec2:DescribeNetworkAcls) aws_ ec2 describe-network-acls --filters "Name=vpc-id,Values=$BENCH_VPC" ;;
	ec2:DescribeVpcEndpoints) aws_ ec2 describe-vpc-endpoints --filters "Name=vpc-id,Values=$BENCH_VPC" ;;
	ec2:DescribeVpcEndpointServices) aws_ ec2 describe-vpc-endpoint-services ;;
	ec2:DescribeInternetGateways)
		aws_ ec2 describe-internet-gateways --filters "Name=attachment.vpc-id,Values=$BENCH_VPC" ;;
	ec2:DescribeNetworkInterfaces)
		aws_ ec2 describe-network-interfaces --filters "Name=vpc-id,Values=$BENCH_VPC" ;;
	iam:GetRole) aws_ iam get-role --role-name "$BENCH_ROLE_NAME" ;;
	iam:GetRolePolicy) aws_ iam get-role-policy --role-name "$BENCH_ROLE_NAME" --policy-name databricks ;;
	iam:ListRolePolicies) aws_ iam list-role-policies --role-name "$BENCH_ROLE_NAME" ;;
	iam:ListAttachedRolePolicies) aws_ iam list-attached-role-policies --role-name "$BENCH_ROLE_NAME" ;;
	iam:GetInstanceProfile) aws_ iam get-instance-profile --instance-profile-name "$BENCH_ROLE_NAME" ;;
	iam:SimulatePrincipalPolicy)
		aws_ iam simulate-principal-policy --policy-source-arn "$BENCH_PRINCIPAL_ARN" \
			--action-names ec2:CreateVpcEndpoint ec2:DescribeVpcs iam:CreateRole iam:PutRolePolicy \
			s3:CreateBucket s3:PutBucketPolicy ;;
	s3:HeadBucket) aws_ s3api head-bucket --bucket "$BENCH_BUCKET" ;;
	s3:GetBucketLocation) aws_ s3api get-bucket-location --bucket "$BENCH_BUCKET" ;;
	s3:GetBucketPolicy) aws_ s3api get-bucket-policy --bucket "$BENCH_BUCKET" ;;
	s3:GetPublicAccessBlock) aws_ s3api get-public-access-block --bucket "$BENCH_BUCKET" ;;
	s3:GetBucketVersioning) aws_ s3api get-bucket-versioning --bucket "$BENCH_BUCKET" ;;
	dbx:OAuthToken) dbx_token ;;
	dbx:ListWorkspaces) dbx_get workspaces ;;
	dbx:ListCredentials) dbx_get credentials ;;
	dbx:ListStorageConfigurations) dbx_get storage-configurations ;;
	dbx:ListNetworks) dbx_get networks ;;
	dbx:ListVpcEndpoints) dbx_get vpc-endpoints ;;
	dbx:ListPrivateAccessSettings | dbx:ListPrivateAccessSettingss) dbx_get private-access-settings ;;
	dbx:ListMetastores) dbx_get metastores ;;
	*) echo "bench_awscli_preflight: no command for $1" >&2; return 2 ;;
	esac
}

if [ $# -eq 0 ]; then
	set -- sts:GetCallerIdentity ec2:DescribeVpcs ec2:DescribeVpcAttribute ec2:DescribeVpcAttribute \
		ec2:DescribeAvailabilityZones ec2:DescribeSubnets ec2:DescribeRouteTables \
		ec2:DescribeSecurityGroups ec2:DescribeNetworkAcls ec2:DescribeVpcEndpoints \
		ec2:DescribeVpcEndpointServices ec2:DescribeInternetGateways iam:GetRole \
		iam:SimulatePrincipalPolicy s3:GetBucketLocation s3:GetBucketPolicy s3:GetPublicAccessBlock \
		dbx:OAuthToken dbx:ListWorkspaces dbx:ListCredentials dbx:ListStorageConfigurations \
		dbx:ListNetworks dbx:ListVpcEndpoints dbx:ListPrivateAccessSettings dbx:ListMetastores
fi

for op in "$@"; do
	call "$op"
	rc=$?
	calls=$((calls + 1))
	echo "$op $rc"
	# 254/255: the CLI got an error answer (a missing role or bucket policy is an answer too)
	case $rc in 0 | 254 | 255) ;; *) failed=$((failed + 1)) ;; esac
done
echo "total $calls calls, $failed not made"
[ "$failed" -eq 0 ]
