"""The networking objects: Vpc, Subnet, SecurityGroup, ElasticIp and cloud.can_connect, on the
network of the notes (a VPC, a public and a private subnet in two AZs, a web server and a database)."""
from __future__ import annotations

import pytest

import ec2lab


@pytest.fixture()
def notes():
    """cloud, vpc, public subnet, private subnet, web SG, db SG, web instance, db instance."""
    cloud = ec2lab.Cloud(seed=0)
    vpc = cloud.create_vpc("10.0.0.0/16", name="lab")
    public = vpc.create_subnet("10.0.1.0/24", "us-east-1a", public=True, name="public")
    private = vpc.create_subnet("10.0.2.0/24", "us-east-1b")
    web_sg = vpc.create_security_group("web", "web servers").allow_inbound(80, "0.0.0.0/0").allow_inbound(443, "0.0.0.0/0")
    db_sg = vpc.create_security_group("db", "databases").allow_inbound(3306, web_sg)
    web = cloud.run_instance("al2023", SubnetId=public.id, SecurityGroupIds=[web_sg.id], tags={"Name": "web"})
    db = cloud.run_instance("al2023", SubnetId=private.id, SecurityGroupIds=[db_sg.id], tags={"Name": "db"})
    cloud.advance(120)
    return cloud, vpc, public, private, web_sg, db_sg, web, db


def test_vpc_and_subnets(notes):
    cloud, vpc, public, private, *_ = notes
    assert vpc.cidr == "10.0.0.0/16" and vpc.name == "lab" and not vpc.is_default
    assert vpc.subnets == [public, private]
    assert public.public and not private.public
    assert public.map_public_ip_on_launch and not private.map_public_ip_on_launch
    assert vpc.internet_gateway and vpc.internet_gateway.startswith("igw-")
    assert public.available_ips == 256 - 5 - 1  # the web server holds one address
    assert public.az == "us-east-1a" and private.vpc == vpc
    # A second public subnet reuses the gateway and the public route table.
    tables = len(vpc.route_tables)
    vpc.create_subnet("10.0.3.0/24", "us-east-1b", public=True)
    assert len(vpc.route_tables) == tables
    html = vpc._repr_html_()
    assert "<svg" in html and "10.0.0.0/16" in html
    assert "route" in public._repr_html_().lower()


def test_default_vpc():
    cloud = ec2lab.Cloud(seed=0)
    vpc = cloud.default_vpc()
    assert vpc.is_default and vpc.cidr == "172.31.0.0/16"
    assert all(s.public for s in vpc.subnets)
    assert len(vpc.subnets) == 6


def test_security_group_rules(notes):
    cloud, vpc, public, private, web_sg, db_sg, web, db = notes
    rules = web_sg.rules
    assert [(r["direction"], r["protocol"], r["ports"], r["peer"]) for r in rules] == [
        ("inbound", "tcp", "80", "0.0.0.0/0"),
        ("inbound", "tcp", "443", "0.0.0.0/0"),
        ("outbound", "all", "all", "0.0.0.0/0"),
    ]
    assert [r["peer"] for r in db_sg.rules if r["direction"] == "inbound"] == [web_sg.id]
    web_sg.revoke_inbound(443, "0.0.0.0/0")
    assert len(web_sg.rules) == 2
    html = web_sg._repr_html_()
    assert "<table" in html and "0.0.0.0/0" in html
    with pytest.raises(ec2lab.ClientError) as e:
        web_sg.allow_inbound(80, "0.0.0.0/0")
    assert e.value.response["Error"]["Code"] == "InvalidPermission.Duplicate"


def test_can_connect_answers_the_notes_questions(notes):
    cloud, vpc, public, private, web_sg, db_sg, web, db = notes
    http = cloud.can_connect("internet", web, 80)
    assert http.allowed and http.blocked_by is None and bool(http)
    assert [h["Kind"] for h in http.hops][0] == "internet"
    ssh = cloud.can_connect("internet", web, 22)
    assert not ssh.allowed
    assert ssh.blocked_by["Kind"] == "security-group-ingress" and ssh.blocked_by["ComponentId"] == web_sg.id
    assert ssh.hint
    assert cloud.can_connect(web, db, 3306).allowed
    to_db = cloud.can_connect("internet", db, 3306)
    assert not to_db.allowed
    html = ssh._repr_html_()
    assert "<svg" in html and "hop blocked" in html
    assert "blocked" in repr(ssh)
    ec2lab.set_language("ko")
    try:
        assert ssh.hint != cloud.can_connect("internet", web, 22).answer["HintEn"] or not ssh.answer["HintKo"]
    finally:
        ec2lab.set_language("en")


def test_elastic_ip_survives_stop_start(notes):
    cloud, vpc, public, private, web_sg, db_sg, web, db = notes
    eip = cloud.allocate_elastic_ip().associate(web)
    assert web.public_ip == eip.public_ip and eip.instance_id == web.id and eip.id == eip.allocation_id and eip.id.startswith("eipalloc-")
    web.stop().wait_until_stopped()
    web.start().wait_until_running()
    assert web.public_ip == eip.public_ip
    eip.disassociate().release()
