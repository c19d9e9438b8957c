#!/bin/sh
# build-tgw.sh - builds the resources of the moto-tgw fixture in a moto server with the
# real AWS CLI: two regions, a VPC and a transit gateway in each, the gateways peered
# (F1.14), static routes over the peering and a blackhole, and a few outputs of services
# vpcpath does not read (CloudTrail, ECS, ECR: lowerCamelCase keys).  Run by
# tests/import/moto/capture-tgw (never by CI: CI reads the committed JSON).
#   AWS_ENDPOINT_URL=http://127.0.0.1:5055 sh tests/import/moto/build-tgw.sh
set -eu
: "${AWS_ENDPOINT_URL:?set AWS_ENDPOINT_URL to the moto server (loopback only)}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-testing}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-testing}"
q() { aws "$@" --output text; }
E1="--region us-east-1"
W2="--region us-west-2"
tag() { aws $1 ec2 create-tags --resources "$2" --tags "Key=Name,Value=$3"; }

# us-east-1: vpc-east 10.0.0.0/16, an app instance, tgw-east
VPC1=$(q $E1 ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId)
tag "$E1" "$VPC1" east
SUB1=$(q $E1 ec2 create-subnet --vpc-id "$VPC1" --cidr-block 10.0.1.0/24 --availability-zone us-east-1a --query Subnet.SubnetId)
tag "$E1" "$SUB1" east-app
AMI1=$(q $E1 ec2 describe-images --owners amazon --query 'Images[0].ImageId')
I1=$(q $E1 ec2 run-instances --image-id "$AMI1" --instance-type t3.micro --subnet-id "$SUB1" --private-ip-address 10.0.1.10 --query 'Instances[0].InstanceId')
tag "$E1" "$I1" east-app-1
SG1=$(q $E1 ec2 describe-security-groups --filters Name=vpc-id,Values="$VPC1" Name=group-name,Values=default --query 'SecurityGroups[0].GroupId')
aws $E1 ec2 authorize-security-group-ingress --group-id "$SG1" --protocol tcp --port 443 --cidr 10.0.0.0/8 >/dev/null
TGW1=$(q $E1 ec2 create-transit-gateway --description east --options DefaultRouteTableAssociation=disable,DefaultRouteTablePropagation=disable --query TransitGateway.TransitGatewayId)
tag "$E1" "$TGW1" tgw-east
ATT1=$(q $E1 ec2 create-transit-gateway-vpc-attachment --transit-gateway-id "$TGW1" --vpc-id "$VPC1" --subnet-ids "$SUB1" --query TransitGatewayVpcAttachment.TransitGatewayAttachmentId)
RTB1=$(q $E1 ec2 create-transit-gateway-route-table --transit-gateway-id "$TGW1" --query TransitGatewayRouteTable.TransitGatewayRouteTableId)
tag "$E1" "$RTB1" east-main
aws $E1 ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id "$RTB1" --transit-gateway-attachment-id "$ATT1" >/dev/null
aws $E1 ec2 enable-transit-gateway-route-table-propagation --transit-gateway-route-table-id "$RTB1" --transit-gateway-attachment-id "$ATT1" >/dev/null
RT1=$(q $E1 ec2 describe-route-tables --filters Name=vpc-id,Values="$VPC1" --query 'RouteTables[0].RouteTableId')
aws $E1 ec2 create-route --route-table-id "$RT1" --destination-cidr-block 10.0.0.0/8 --transit-gateway-id "$TGW1" >/dev/null

# us-west-2: vpc-west 10.1.0.0/16, a db instance, tgw-west
VPC2=$(q $W2 ec2 create-vpc --cidr-block 10.1.0.0/16 --query Vpc.VpcId)
tag "$W2" "$VPC2" west
SUB2=$(q $W2 ec2 create-subnet --vpc-id "$VPC2" --cidr-block 10.1.1.0/24 --availability-zone us-west-2a --query Subnet.SubnetId)
tag "$W2" "$SUB2" west-db
AMI2=$(q $W2 ec2 describe-images --owners amazon --query 'Images[0].ImageId')
I2=$(q $W2 ec2 run-instances --image-id "$AMI2" --instance-type t3.micro --subnet-id "$SUB2" --private-ip-address 10.1.1.20 --query 'Instances[0].InstanceId')
tag "$W2" "$I2" west-db-1
SG2=$(q $W2 ec2 describe-security-groups --filters Name=vpc-id,Values="$VPC2" Name=group-name,Values=default --query 'SecurityGroups[0].GroupId')
aws $W2 ec2 authorize-security-group-ingress --group-id "$SG2" --protocol tcp --port 5432 --cidr 10.0.0.0/8 >/dev/null
TGW2=$(q $W2 ec2 create-transit-gateway --description west --options DefaultRouteTableAssociation=disable,DefaultRouteTablePropagation=disable --query TransitGateway.TransitGatewayId)
tag "$W2" "$TGW2" tgw-west
ATT2=$(q $W2 ec2 create-transit-gateway-vpc-attachment --transit-gateway-id "$TGW2" --vpc-id "$VPC2" --subnet-ids "$SUB2" --query TransitGatewayVpcAttachment.TransitGatewayAttachmentId)
RTB2=$(q $W2 ec2 create-transit-gateway-route-table --transit-gateway-id "$TGW2" --query TransitGatewayRouteTable.TransitGatewayRouteTableId)
tag "$W2" "$RTB2" west-main
aws $W2 ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id "$RTB2" --transit-gateway-attachment-id "$ATT2" >/dev/null
aws $W2 ec2 enable-transit-gateway-route-table-propagation --transit-gateway-route-table-id "$RTB2" --transit-gateway-attachment-id "$ATT2" >/dev/null
RT2=$(q $W2 ec2 describe-route-tables --filters Name=vpc-id,Values="$VPC2" --query 'RouteTables[0].RouteTableId')
aws $W2 ec2 create-route --route-table-id "$RT2" --destination-cidr-block 10.0.0.0/8 --transit-gateway-id "$TGW2" >/dev/null

# the peering (F1.14): requested from us-east-1, accepted in us-west-2; each side
# associates it with its own route table and routes the other region's CIDR over it
ACCT=$(q $E1 sts get-caller-identity --query Account)
PEER=$(q $E1 ec2 create-transit-gateway-peering-attachment --transit-gateway-id "$TGW1" --peer-transit-gateway-id "$TGW2" --peer-account-id "$ACCT" --peer-region us-west-2 --query TransitGatewayPeeringAttachment.TransitGatewayAttachmentId)
aws $W2 ec2 accept-transit-gateway-peering-attachment --transit-gateway-attachment-id "$PEER" >/dev/null || true
aws $E1 ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id "$RTB1" --transit-gateway-attachment-id "$PEER" >/dev/null || true
aws $W2 ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id "$RTB2" --transit-gateway-attachment-id "$PEER" >/dev/null || true
aws $E1 ec2 create-transit-gateway-route --transit-gateway-route-table-id "$RTB1" --destination-cidr-block 10.1.0.0/16 --transit-gateway-attachment-id "$PEER" >/dev/null
aws $W2 ec2 create-transit-gateway-route --transit-gateway-route-table-id "$RTB2" --destination-cidr-block 10.0.0.0/16 --transit-gateway-attachment-id "$PEER" >/dev/null || true
aws $E1 ec2 create-transit-gateway-route --transit-gateway-route-table-id "$RTB1" --destination-cidr-block 10.99.0.0/16 --blackhole >/dev/null

# outputs of services vpcpath does not read (lowerCamelCase keys): ignored with a warning
aws $E1 cloudtrail create-trail --name audit --s3-bucket-name audit-logs >/dev/null 2>&1 || true
aws $E1 ecs create-cluster --cluster-name web >/dev/null
aws $E1 ecr create-repository --repository-name app >/dev/null
