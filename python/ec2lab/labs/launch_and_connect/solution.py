"""The instructor's solution of the launch-and-connect lab (one right answer among several: the
default VPC's subnets are public too, and any small general purpose type will do)."""
from __future__ import annotations

OFFICE = "203.0.113.0/24"  # the lab's "my IP" network


def solve(cloud) -> None:
    key = cloud.create_key_pair("web-key", key_type="ed25519")
    vpc = cloud.create_vpc("10.0.0.0/16", name="lab")
    # public=True: an internet gateway, a route table with 0.0.0.0/0 -> igw, MapPublicIpOnLaunch
    public = vpc.create_subnet("10.0.1.0/24", "ap-northeast-2a", public=True, name="public-a")
    sg = vpc.create_security_group("web", "HTTP and HTTPS from anywhere, SSH from the office")
    sg.allow_inbound(80, "0.0.0.0/0").allow_inbound(443, "0.0.0.0/0").allow_inbound(22, OFFICE)
    web = cloud.run_instance("al2023", "t3.micro", tags={"Name": "web"}, KeyName=key.name, SubnetId=public.id, SecurityGroupIds=[sg.id])
    web.wait_until_running()
