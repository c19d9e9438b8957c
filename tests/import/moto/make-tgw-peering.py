#!/usr/bin/env python3
"""make-tgw-peering.py - derive the tgw-peering fixture from moto-tgw (run after
capture-tgw; not run by CI).

moto's transit gateway peering is not what AWS prints in two places, so the fixture is
moto's output (the CLI's own shapes) with those places written as the CLI reference
shows them (F1.14):
  - a static route lists its attachment (TransitGatewayAttachments), moto lists none;
  - the accepter's region sees the peering on its own gateway (TransitGatewayId, the
    peer as ResourceId, its own Association); moto repeats the requester's view, and
    lists the peering again as a VPC attachment and a VPC attachment as a peering;
  - an attachment is associated with one route table: moto's default tables (which
    the build disabled) are dropped.
The accepter's routes and propagations are then written in the per-table wrapper shape
(TransitGatewayStaticRoutes.json, TransitGatewayPropagations.json), so that one
snapshot holds both shapes.
"""
import json, os, shutil, sys

here = os.path.dirname(os.path.abspath(__file__))
fx = os.path.join(here, "..", "fixtures")
src, dst = os.path.join(fx, "moto-tgw"), os.path.join(fx, "tgw-peering")
shutil.rmtree(dst, ignore_errors=True)
shutil.copytree(src, dst)
shutil.rmtree(os.path.join(dst, "us-east-1", "other-services"))

def load(*p):
    with open(os.path.join(dst, *p)) as f:
        return json.load(f)

def save(obj, *p):
    with open(os.path.join(dst, *p), "w") as f:
        json.dump(obj, f, indent=4)
        f.write("\n")

regions = ["us-east-1", "us-west-2"]
tgw, named_rtb, vpc_att, vpc = {}, {}, {}, {}
for r in regions:
    tgw[r] = load(r, "transit-gateways.json")["TransitGateways"][0]["TransitGatewayId"]
    for t in load(r, "transit-gateway-route-tables.json")["TransitGatewayRouteTables"]:
        if t.get("Tags"):
            named_rtb[r] = t["TransitGatewayRouteTableId"]
    for a in load(r, "transit-gateway-vpc-attachments.json")["TransitGatewayVpcAttachments"]:
        if a.get("VpcId"):
            vpc_att[r], vpc[r] = a["TransitGatewayAttachmentId"], a["VpcId"]
peering = [p for p in load("us-east-1", "transit-gateway-peering-attachments.json")
           ["TransitGatewayPeeringAttachments"] if "RequesterTgwInfo" in p][0]
peer_id = peering["TransitGatewayAttachmentId"]
other = {"us-east-1": "us-west-2", "us-west-2": "us-east-1"}

for r in regions:
    d = os.path.join(dst, r)
    # the route tables: the named one only
    rt = load(r, "transit-gateway-route-tables.json")
    rt["TransitGatewayRouteTables"] = [t for t in rt["TransitGatewayRouteTables"]
                                       if t["TransitGatewayRouteTableId"] == named_rtb[r]]
    save(rt, r, "transit-gateway-route-tables.json")
    for sub in ("tgw-routes", "tgw-propagations", "tgw-associations"):
        for name in os.listdir(os.path.join(d, sub)):
            if name != named_rtb[r] + ".json":
                os.remove(os.path.join(d, sub, name))
    tg = load(r, "transit-gateways.json")
    for t in tg["TransitGateways"]:
        t["Options"]["AssociationDefaultRouteTableId"] = named_rtb[r]
        t["Options"]["PropagationDefaultRouteTableId"] = named_rtb[r]
    save(tg, r, "transit-gateways.json")
    assoc = {"TransitGatewayRouteTableId": named_rtb[r], "State": "associated"}
    # describe-transit-gateway-attachments: this region's own view
    att = load(r, "transit-gateway-attachments.json")
    items = []
    for a in att["TransitGatewayAttachments"]:
        if a["ResourceType"] == "vpc":
            a["Association"] = dict(assoc)
            items.append(a)
    p = dict([a for a in att["TransitGatewayAttachments"] if a["ResourceType"] == "peering"][0])
    p["TransitGatewayId"], p["ResourceId"] = tgw[r], tgw[other[r]]
    p["Association"] = dict(assoc)
    items.append(p)
    att["TransitGatewayAttachments"] = items
    save(att, r, "transit-gateway-attachments.json")
    va = load(r, "transit-gateway-vpc-attachments.json")
    va["TransitGatewayVpcAttachments"] = [a for a in va["TransitGatewayVpcAttachments"] if a.get("VpcId")]
    save(va, r, "transit-gateway-vpc-attachments.json")
    save({"TransitGatewayPeeringAttachments": [peering]}, r, "transit-gateway-peering-attachments.json")
    save({"Associations": [
        {"TransitGatewayAttachmentId": vpc_att[r], "ResourceId": vpc[r], "ResourceType": "vpc", "State": "associated"},
        {"TransitGatewayAttachmentId": peer_id, "ResourceId": tgw[other[r]], "ResourceType": "peering", "State": "associated"},
    ]}, r, "tgw-associations", named_rtb[r] + ".json")
    routes = load(r, "tgw-routes", named_rtb[r] + ".json")
    for x in routes["Routes"]:
        if x["State"] == "active":
            x["TransitGatewayAttachments"] = [{"ResourceId": tgw[other[r]], "TransitGatewayAttachmentId": peer_id,
                                              "ResourceType": "peering"}]
    routes["AdditionalRoutesAvailable"] = False
    save(routes, r, "tgw-routes", named_rtb[r] + ".json")

# the accepter's routes and propagations in the wrapper shape
d = os.path.join(dst, "us-west-2")
for sub, out in (("tgw-routes", "TransitGatewayStaticRoutes"), ("tgw-propagations", "TransitGatewayPropagations")):
    items = []
    for name in sorted(os.listdir(os.path.join(d, sub))):
        body = load("us-west-2", sub, name)
        body["TransitGatewayRouteTableId"] = name[:-len(".json")]
        items.append(body)
    shutil.rmtree(os.path.join(d, sub))
    save({out: items}, "us-west-2", out + ".json")
