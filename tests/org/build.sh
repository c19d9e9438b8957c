#!/bin/sh
# build.sh ACCOUNT - builds one account's network of the tests/org fixture in a moto
# server with the real AWS CLI.  Run by tests/org/capture (never by CI: CI reads the
# committed JSON).  Every command is an ordinary AWS CLI call; the ids moto hands out are
# read back with --query, so the script reads like a runbook.
#   111111111111  us-east-1: the app reads its bucket through a gateway endpoint (passes)
#                 eu-west-1: the same app, its subnet routed to a NAT gateway only: S3
#                            traffic leaves through NAT (private-path fails)
#   222222222222  us-east-1: two VPCs, one with the endpoint and one without (fails for
#                            the second); ap-southeast-2: nothing but AWS's default VPC
#                            (no instance: a check of nothing is an error)
#   333333333333  eu-central-1: one VPC with the endpoint and its bucket (passes)
set -eu
: "${AWS_ENDPOINT_URL:?set AWS_ENDPOINT_URL to the moto server (loopback only)}"
account=${1:?usage: build.sh ACCOUNT}
q() { aws "$@" --output text; }
tag() { aws --region "$1" ec2 create-tags --resources "$2" --tags "Key=Name,Value=$3"; }

# app_vpc REGION CIDR16 ENDPOINT(yes|no) NAME: a VPC with a public subnet (internet and
# NAT gateways), an app subnet and one instance app-1 reading S3; prints the app route
# table's id
app_vpc() {
	r=$1 net=$2 endpoint=$3 name=$4
	vpc=$(q --region "$r" ec2 create-vpc --cidr-block "$net.0.0/16" --query Vpc.VpcId)
	tag "$r" "$vpc" "$name" >&2
	pub=$(q --region "$r" ec2 create-subnet --vpc-id "$vpc" --cidr-block "$net.0.0/24" \
		--availability-zone "${r}a" --query Subnet.SubnetId)
	app=$(q --region "$r" ec2 create-subnet --vpc-id "$vpc" --cidr-block "$net.10.0/24" \
		--availability-zone "${r}a" --query Subnet.SubnetId)
	tag "$r" "$app" "$name-app" >&2
	igw=$(q --region "$r" ec2 create-internet-gateway --query InternetGateway.InternetGatewayId)
	aws --region "$r" ec2 attach-internet-gateway --internet-gateway-id "$igw" --vpc-id "$vpc"
	alloc=$(q --region "$r" ec2 allocate-address --domain vpc --query AllocationId)
	nat=$(q --region "$r" ec2 create-nat-gateway --subnet-id "$pub" --allocation-id "$alloc" \
		--query NatGateway.NatGatewayId)
	rtpub=$(q --region "$r" ec2 create-route-table --vpc-id "$vpc" --query RouteTable.RouteTableId)
	aws --region "$r" ec2 create-route --route-table-id "$rtpub" --destination-cidr-block 0.0.0.0/0 \
		--gateway-id "$igw" >/dev/null
	aws --region "$r" ec2 associate-route-table --route-table-id "$rtpub" --subnet-id "$pub" >/dev/null
	rtapp=$(q --region "$r" ec2 create-route-table --vpc-id "$vpc" --query RouteTable.RouteTableId)
	aws --region "$r" ec2 create-route --route-table-id "$rtapp" --destination-cidr-block 0.0.0.0/0 \
		--nat-gateway-id "$nat" >/dev/null
	aws --region "$r" ec2 associate-route-table --route-table-id "$rtapp" --subnet-id "$app" >/dev/null
	if [ "$endpoint" = yes ]; then
		ep=$(q --region "$r" ec2 create-vpc-endpoint --vpc-id "$vpc" --vpc-endpoint-type Gateway \
			--service-name "com.amazonaws.$r.s3" --route-table-ids "$rtapp" --query VpcEndpoint.VpcEndpointId)
		tag "$r" "$ep" "$name-s3" >&2
	fi
	sg=$(q --region "$r" ec2 create-security-group --vpc-id "$vpc" --group-name "$name-app" \
		--description "app servers" --query GroupId)
	ami=$(q --region "$r" ec2 describe-images --owners amazon --query 'Images[0].ImageId')
	aws --region "$r" ec2 run-instances --image-id "$ami" --instance-type t3.micro --subnet-id "$app" \
		--private-ip-address "$net.10.10" --security-group-ids "$sg" \
		--tag-specifications "ResourceType=instance,Tags=[{Key=Name,Value=$name-1}]" >/dev/null
	echo "$rtapp"
}

case $account in
111111111111)
	app_vpc us-east-1 10.1 yes shop >/dev/null
	app_vpc eu-west-1 10.2 no shop-eu >/dev/null
	aws --region us-east-1 s3api create-bucket --bucket shop-orders-111111111111 >/dev/null
	aws --region eu-west-1 s3api create-bucket --bucket shop-orders-eu-111111111111 \
		--create-bucket-configuration LocationConstraint=eu-west-1 >/dev/null
	;;
222222222222)
	app_vpc us-east-1 10.3 yes data >/dev/null
	# a second VPC without the endpoint: its app reads the bucket through NAT
	app_vpc us-east-1 10.4 no batch >/dev/null
	aws --region us-east-1 s3api create-bucket --bucket data-lake-222222222222 >/dev/null
	;;
333333333333)
	app_vpc eu-central-1 10.5 yes media >/dev/null
	aws --region eu-central-1 s3api create-bucket --bucket media-assets-333333333333 \
		--create-bucket-configuration LocationConstraint=eu-central-1 >/dev/null
	;;
*) echo "build.sh: no network for account $account" >&2; exit 2 ;;
esac
echo "built account $account" >&2
