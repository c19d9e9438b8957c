#!/bin/sh
# build.sh - builds the resources of the moto-* fixtures in a moto server with the real
# AWS CLI.  Run by tests/import/moto/capture (never by CI: CI reads the committed JSON).
#   AWS_ENDPOINT_URL=http://127.0.0.1:5055 sh tests/import/moto/build.sh
# Every command below is an ordinary AWS CLI call; the ids moto hands out are read back
# with --query so that the script reads like a runbook.
set -eu
: "${AWS_ENDPOINT_URL:?set AWS_ENDPOINT_URL to the moto server (loopback only)}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-testing}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-testing}"
export AWS_DEFAULT_REGION=us-east-1
ec2() { aws ec2 "$@"; }
q() { aws "$@" --output text; }

tag() { ec2 create-tags --resources "$1" --tags "Key=Name,Value=$2"; }

VPC=$(q ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId)
tag "$VPC" prod
PUB=$(q ec2 create-subnet --vpc-id "$VPC" --cidr-block 10.0.0.0/24 --availability-zone us-east-1a --query Subnet.SubnetId)
tag "$PUB" public-a
APP1=$(q ec2 create-subnet --vpc-id "$VPC" --cidr-block 10.0.10.0/24 --availability-zone us-east-1a --query Subnet.SubnetId)
tag "$APP1" app-a
APP2=$(q ec2 create-subnet --vpc-id "$VPC" --cidr-block 10.0.11.0/24 --availability-zone us-east-1b --query Subnet.SubnetId)
tag "$APP2" app-b
EPS=$(q ec2 create-subnet --vpc-id "$VPC" --cidr-block 10.0.20.0/24 --availability-zone us-east-1a --query Subnet.SubnetId)
tag "$EPS" endpoints-a

IGW=$(q ec2 create-internet-gateway --query InternetGateway.InternetGatewayId)
tag "$IGW" prod-igw
ec2 attach-internet-gateway --internet-gateway-id "$IGW" --vpc-id "$VPC"

ALLOC=$(q ec2 allocate-address --domain vpc --query AllocationId)
NAT=$(q ec2 create-nat-gateway --subnet-id "$PUB" --allocation-id "$ALLOC" --query NatGateway.NatGatewayId)
tag "$NAT" nat-a

# customer-managed prefix list: the corporate ranges
CORP=$(q ec2 create-managed-prefix-list --prefix-list-name corp-ranges --address-family IPv4 --max-entries 5 \
	--entries Cidr=192.168.0.0/16,Description=hq Cidr=172.16.0.0/12,Description=branches --query PrefixList.PrefixListId)

RTPUB=$(q ec2 create-route-table --vpc-id "$VPC" --query RouteTable.RouteTableId)
tag "$RTPUB" public
ec2 create-route --route-table-id "$RTPUB" --destination-cidr-block 0.0.0.0/0 --gateway-id "$IGW" >/dev/null
ec2 associate-route-table --route-table-id "$RTPUB" --subnet-id "$PUB" >/dev/null

RTAPP=$(q ec2 create-route-table --vpc-id "$VPC" --query RouteTable.RouteTableId)
tag "$RTAPP" app
ec2 create-route --route-table-id "$RTAPP" --destination-cidr-block 0.0.0.0/0 --nat-gateway-id "$NAT" >/dev/null
ec2 create-route --route-table-id "$RTAPP" --destination-prefix-list-id "$CORP" --nat-gateway-id "$NAT" >/dev/null
ec2 associate-route-table --route-table-id "$RTAPP" --subnet-id "$APP1" >/dev/null
ec2 associate-route-table --route-table-id "$RTAPP" --subnet-id "$APP2" >/dev/null

# security groups
SGAPP=$(q ec2 create-security-group --vpc-id "$VPC" --group-name app --description "app servers" --query GroupId)
SGEP=$(q ec2 create-security-group --vpc-id "$VPC" --group-name endpoints --description "interface endpoints" --query GroupId)
SGWEB=$(q ec2 create-security-group --vpc-id "$VPC" --group-name web --description "web servers" --query GroupId)
ec2 revoke-security-group-egress --group-id "$SGAPP" --protocol -1 --port -1 --cidr 0.0.0.0/0 >/dev/null
S3PL=$(q ec2 describe-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.us-east-1.s3 --query 'PrefixLists[0].PrefixListId')
DDBPL=$(q ec2 describe-prefix-lists --filters Name=prefix-list-name,Values=com.amazonaws.us-east-1.dynamodb --query 'PrefixLists[0].PrefixListId')
ec2 authorize-security-group-egress --group-id "$SGAPP" --ip-permissions \
	"IpProtocol=tcp,FromPort=443,ToPort=443,PrefixListIds=[{PrefixListId=$S3PL,Description=s3}]" \
	"IpProtocol=tcp,FromPort=443,ToPort=443,PrefixListIds=[{PrefixListId=$DDBPL}]" \
	"IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=$SGEP}]" \
	"IpProtocol=tcp,FromPort=80,ToPort=80,IpRanges=[{CidrIp=0.0.0.0/0,Description=updates}]" >/dev/null
ec2 authorize-security-group-ingress --group-id "$SGAPP" --ip-permissions \
	"IpProtocol=tcp,FromPort=8080,ToPort=8080,UserIdGroupPairs=[{GroupId=$SGWEB,Description=from web}]" \
	"IpProtocol=tcp,FromPort=22,ToPort=22,PrefixListIds=[{PrefixListId=$CORP}]" >/dev/null
ec2 authorize-security-group-ingress --group-id "$SGEP" --ip-permissions \
	"IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=10.0.0.0/16}]" >/dev/null
ec2 authorize-security-group-ingress --group-id "$SGWEB" --ip-permissions \
	"IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[{CidrIp=0.0.0.0/0}],Ipv6Ranges=[{CidrIpv6=::/0}]" >/dev/null

# network ACL for the app subnets: HTTPS out, return traffic in, nothing else
ACL=$(q ec2 create-network-acl --vpc-id "$VPC" --query NetworkAcl.NetworkAclId)
tag "$ACL" app-acl
ec2 create-network-acl-entry --network-acl-id "$ACL" --egress --rule-number 100 --protocol tcp --port-range From=443,To=443 --cidr-block 0.0.0.0/0 --rule-action allow
ec2 create-network-acl-entry --network-acl-id "$ACL" --egress --rule-number 110 --protocol tcp --port-range From=80,To=80 --cidr-block 0.0.0.0/0 --rule-action allow
ec2 create-network-acl-entry --network-acl-id "$ACL" --egress --rule-number 120 --protocol -1 --cidr-block 10.0.0.0/16 --rule-action allow
ec2 create-network-acl-entry --network-acl-id "$ACL" --ingress --rule-number 90 --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny
ec2 create-network-acl-entry --network-acl-id "$ACL" --ingress --rule-number 100 --protocol tcp --port-range From=1024,To=65535 --cidr-block 0.0.0.0/0 --rule-action allow
ec2 create-network-acl-entry --network-acl-id "$ACL" --ingress --rule-number 110 --protocol -1 --cidr-block 10.0.0.0/16 --rule-action allow
for s in "$APP1" "$APP2"; do
	ASSOC=$(q ec2 describe-network-acls --filters "Name=association.subnet-id,Values=$s" \
		--query "NetworkAcls[0].Associations[?SubnetId=='$s'].NetworkAclAssociationId | [0]")
	ec2 replace-network-acl-association --association-id "$ASSOC" --network-acl-id "$ACL" >/dev/null
done

# gateway endpoints: S3 with a policy that only allows the data bucket, DynamoDB with the default
POLICY='{"Version":"2012-10-17","Statement":[{"Sid":"OnlyDataBucket","Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:PutObject","s3:ListBucket"],"Resource":["arn:aws:s3:::prod-data-bucket","arn:aws:s3:::prod-data-bucket/*"]}]}'
GWS3=$(q ec2 create-vpc-endpoint --vpc-id "$VPC" --vpc-endpoint-type Gateway --service-name com.amazonaws.us-east-1.s3 \
	--route-table-ids "$RTAPP" --policy-document "$POLICY" --query VpcEndpoint.VpcEndpointId)
tag "$GWS3" s3-gateway
GWDDB=$(q ec2 create-vpc-endpoint --vpc-id "$VPC" --vpc-endpoint-type Gateway --service-name com.amazonaws.us-east-1.dynamodb \
	--route-table-ids "$RTAPP" --query VpcEndpoint.VpcEndpointId)
tag "$GWDDB" ddb-gateway
# S3 interface endpoint (private DNS off: in-VPC clients keep using the gateway endpoint)
IFS3=$(q ec2 create-vpc-endpoint --vpc-id "$VPC" --vpc-endpoint-type Interface --service-name com.amazonaws.us-east-1.s3 \
	--subnet-ids "$EPS" --security-group-ids "$SGEP" --no-private-dns-enabled --query VpcEndpoint.VpcEndpointId)
tag "$IFS3" s3-interface

# instances: app-1 (private, with an instance profile), web-1 (public), and one terminated
aws iam create-role --role-name app --assume-role-policy-document \
	'{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}' >/dev/null
aws iam create-instance-profile --instance-profile-name app >/dev/null
aws iam add-role-to-instance-profile --instance-profile-name app --role-name app
AMI=$(q ec2 describe-images --owners amazon --query 'Images[0].ImageId')
ec2 run-instances --image-id "$AMI" --instance-type t3.micro --subnet-id "$APP1" --private-ip-address 10.0.10.10 \
	--security-group-ids "$SGAPP" --iam-instance-profile Name=app \
	--tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=app-1}]' >/dev/null
ec2 run-instances --image-id "$AMI" --instance-type t3.micro --subnet-id "$PUB" --private-ip-address 10.0.0.10 \
	--security-group-ids "$SGWEB" --associate-public-ip-address \
	--tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=web-1}]' >/dev/null
OLDI=$(q ec2 run-instances --image-id "$AMI" --instance-type t3.micro --subnet-id "$APP2" --private-ip-address 10.0.11.10 \
	--tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=old-batch}]' --query 'Instances[0].InstanceId')
# a route to an instance that is then terminated: AWS shows it as a blackhole (F1.8)
ec2 create-route --route-table-id "$RTAPP" --destination-cidr-block 10.9.0.0/16 --instance-id "$OLDI" >/dev/null
ec2 terminate-instances --instance-ids "$OLDI" >/dev/null

# the data bucket, pinned to the gateway endpoint (F2.12)
aws s3api create-bucket --bucket prod-data-bucket >/dev/null
aws s3api put-bucket-policy --bucket prod-data-bucket --policy \
	"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"OnlyViaEndpoint\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::prod-data-bucket\",\"arn:aws:s3:::prod-data-bucket/*\"],\"Condition\":{\"StringNotEquals\":{\"aws:SourceVpce\":[\"$GWS3\",\"$IFS3\"]}}}]}"
aws s3api create-bucket --bucket prod-logs >/dev/null
aws dynamodb create-table --table-name orders --attribute-definitions AttributeName=id,AttributeType=S \
	--key-schema AttributeName=id,KeyType=HASH --billing-mode PAY_PER_REQUEST >/dev/null

# a second VPC, peered: the database
VPC2=$(q ec2 create-vpc --cidr-block 10.1.0.0/16 --query Vpc.VpcId)
tag "$VPC2" shared
DBS=$(q ec2 create-subnet --vpc-id "$VPC2" --cidr-block 10.1.0.0/24 --availability-zone us-east-1a --query Subnet.SubnetId)
tag "$DBS" db-a
PCX=$(q ec2 create-vpc-peering-connection --vpc-id "$VPC" --peer-vpc-id "$VPC2" --query VpcPeeringConnection.VpcPeeringConnectionId)
tag "$PCX" prod-shared
ec2 accept-vpc-peering-connection --vpc-peering-connection-id "$PCX" >/dev/null
ec2 create-route --route-table-id "$RTPUB" --destination-cidr-block 10.1.0.0/16 --vpc-peering-connection-id "$PCX" >/dev/null
RT2=$(q ec2 describe-route-tables --filters "Name=vpc-id,Values=$VPC2" "Name=association.main,Values=true" --query 'RouteTables[0].RouteTableId')
ec2 create-route --route-table-id "$RT2" --destination-cidr-block 10.0.0.0/16 --vpc-peering-connection-id "$PCX" >/dev/null
# an old peering, deleted: the route that used it stays behind (a blackhole in AWS, F1.8)
OLDPCX=$(q ec2 create-vpc-peering-connection --vpc-id "$VPC" --peer-vpc-id "$VPC2" --query VpcPeeringConnection.VpcPeeringConnectionId)
ec2 create-route --route-table-id "$RTPUB" --destination-cidr-block 10.1.200.0/24 --vpc-peering-connection-id "$OLDPCX" >/dev/null
ec2 delete-vpc-peering-connection --vpc-peering-connection-id "$OLDPCX" >/dev/null
SGDB=$(q ec2 create-security-group --vpc-id "$VPC2" --group-name db --description "database" --query GroupId)
ec2 authorize-security-group-ingress --group-id "$SGDB" --ip-permissions \
	"IpProtocol=tcp,FromPort=5432,ToPort=5432,IpRanges=[{CidrIp=10.0.0.0/24,Description=web}]" >/dev/null
ec2 run-instances --image-id "$AMI" --instance-type t3.micro --subnet-id "$DBS" --private-ip-address 10.1.0.10 \
	--security-group-ids "$SGDB" --tag-specifications 'ResourceType=instance,Tags=[{Key=Name,Value=db-1}]' >/dev/null

# a VPN to the data centre, through a virtual private gateway ("app" routes the data
# centre to it; moto has no enable-vgw-route-propagation, so the route is static)
VGW=$(q ec2 create-vpn-gateway --type ipsec.1 --query VpnGateway.VpnGatewayId)
tag "$VGW" corp-vgw
ec2 attach-vpn-gateway --vpn-gateway-id "$VGW" --vpc-id "$VPC" >/dev/null
ec2 create-route --route-table-id "$RTAPP" --destination-cidr-block 192.168.0.0/16 --gateway-id "$VGW" >/dev/null
CGW=$(q ec2 create-customer-gateway --type ipsec.1 --public-ip 203.0.113.10 --bgp-asn 65000 --query CustomerGateway.CustomerGatewayId)
VPN=$(q ec2 create-vpn-connection --type ipsec.1 --customer-gateway-id "$CGW" --vpn-gateway-id "$VGW" \
	--options StaticRoutesOnly=true --query VpnConnection.VpnConnectionId)
tag "$VPN" corp-vpn

# a transit gateway with the prod VPC attached, a static route and a blackhole
TGW=$(q ec2 create-transit-gateway --description hub --query TransitGateway.TransitGatewayId)
tag "$TGW" hub
TATT=$(q ec2 create-transit-gateway-vpc-attachment --transit-gateway-id "$TGW" --vpc-id "$VPC" --subnet-ids "$APP1" \
	--query TransitGatewayVpcAttachment.TransitGatewayAttachmentId)
TRT=$(q ec2 describe-transit-gateway-route-tables --filters "Name=transit-gateway-id,Values=$TGW" \
	--query 'TransitGatewayRouteTables[0].TransitGatewayRouteTableId')
ec2 create-transit-gateway-route --transit-gateway-route-table-id "$TRT" --destination-cidr-block 10.0.0.0/16 \
	--transit-gateway-attachment-id "$TATT" >/dev/null
ec2 create-transit-gateway-route --transit-gateway-route-table-id "$TRT" --destination-cidr-block 10.66.0.0/16 --blackhole >/dev/null
ec2 create-route --route-table-id "$RTAPP" --destination-cidr-block 10.64.0.0/12 --transit-gateway-id "$TGW" >/dev/null
echo "built $VPC $VPC2"
