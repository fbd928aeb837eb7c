"""Network benchmark: the cost of one `cloud.can_connect` query from Python over a large VPC,
and the network phase of the fixed workload, ec2lab's native client vs boto3 + moto.

- can_connect: a VPC with a public /20 subnet (t2.nano: 1,000 vCPUs fit the default quota), 50 security groups (each allowing its port from
  the internet and 3306 from the group before it) and 1,000 instances spread over them; then
  queries internet -> instance and instance -> instance, allowed and blocked, round-robin.
- network phase (same calls on both): a VPC, 2 subnets, an internet gateway attached, a route
  table with 0.0.0.0/0 -> igw associated with one subnet, a security group with 3 rules.

Run: `make bench` or `.venv/bin/python bench/network.py [--repeat N] [--queries N]`.
"""
from __future__ import annotations

import argparse
import time

GROUPS, INSTANCES = 50, 1000


def network_phase(ec2):
    """The network phase of the fixed workload; returns seconds."""
    t = time.perf_counter()
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    public = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
    ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.2.0/24", AvailabilityZone="us-east-1b")
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=rtb, SubnetId=public)
    sg = ec2.create_security_group(GroupName="web", Description="web", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=sg, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]},
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "203.0.113.10/32"}]},
    ])
    return time.perf_counter() - t


def big_vpc():
    """A cloud with 1,000 instances in 50 security groups; returns (cloud, instance ids, group of each)."""
    import ec2lab

    cloud = ec2lab.Cloud(seed=0)
    ec2 = cloud.client("ec2")
    vpc = cloud.create_vpc("10.0.0.0/16")
    subnet = vpc.create_subnet("10.0.0.0/20", "us-east-1a", public=True)
    groups = []
    for g in range(GROUPS):
        sg = vpc.create_security_group(f"tier-{g}", "bench").allow_inbound(8000 + g, "0.0.0.0/0")
        if groups:
            sg.allow_inbound(3306, groups[-1])
        groups.append(sg)
    image = ec2.describe_images(Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])["Images"][0]["ImageId"]
    ids, group_of = [], []
    per = INSTANCES // GROUPS
    for g, sg in enumerate(groups):
        r = ec2.run_instances(ImageId=image, InstanceType="t2.nano", MinCount=per, MaxCount=per, SubnetId=subnet.id, SecurityGroupIds=[sg.id])
        for i in r["Instances"]:
            ids.append(i["InstanceId"])
            group_of.append(g)
    cloud.advance(300)
    return cloud, ids, group_of


def bench_can_connect(queries):
    cloud, ids, group_of = big_vpc()
    n = len(ids)
    # A mix: internet -> instance on its group's port (allowed) and on 22 (blocked),
    # instance -> instance on 3306 (allowed from the previous tier, blocked otherwise).
    asks = []
    for q in range(queries):
        i = (q * 37) % n
        j = (q * 101 + 7) % n
        kind = q % 4
        if kind == 0:
            asks.append(("internet", ids[i], 8000 + group_of[i]))
        elif kind == 1:
            asks.append(("internet", ids[i], 22))
        else:
            asks.append((ids[j], ids[i], 3306))
    allowed = sum(cloud.can_connect(*asks[q]).allowed for q in range(min(200, queries)))
    lab = cloud.client("ec2lab")
    t = time.perf_counter()
    for s, d, p in asks:
        lab.can_connect(Source=s, Destination=d, Port=p)
    raw = (time.perf_counter() - t) / queries
    t = time.perf_counter()
    for s, d, p in asks:
        cloud.can_connect(s, d, p)
    obj = (time.perf_counter() - t) / queries
    return raw, obj, allowed


def run_ec2lab():
    import ec2lab

    ec2 = ec2lab.Cloud(seed=0).client("ec2")
    ec2.describe_availability_zones()  # warm-up, as for moto
    return network_phase(ec2)


def run_moto():
    import boto3
    from moto import mock_aws

    with mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
        ec2.describe_availability_zones()  # moto builds its backend on the first call: not part of the phase
        return network_phase(ec2)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--queries", type=int, default=5000)
    args = ap.parse_args()
    raw, obj, allowed = bench_can_connect(args.queries)
    print(f"can_connect over {INSTANCES} instances / {GROUPS} security groups ({args.queries} queries; {allowed} of the first 200 allowed):")
    print(f"  client.can_connect (dict answer)   {raw * 1e6:>9.1f} us/query")
    print(f"  cloud.can_connect (Reachability)   {obj * 1e6:>9.1f} us/query")
    ours = min(run_ec2lab() for _ in range(args.repeat))
    try:
        import moto  # noqa: F401
        theirs = min(run_moto() for _ in range(max(1, args.repeat // 2)))
    except ImportError:
        theirs = None
    line = f"network phase (VPC, 2 subnets, IGW, route table, SG + 3 rules): ec2lab {ours * 1000:.2f} ms"
    if theirs:
        line += f", boto3+moto {theirs * 1000:.1f} ms ({theirs / ours:.0f}x)"
    print(line)


if __name__ == "__main__":
    main()
