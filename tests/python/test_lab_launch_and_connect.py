"""The launch-and-connect lab: the solution (and another right answer) earns full marks, and
realistic wrong submissions earn the partial marks and the feedback expected, after a save/load
round trip (what the grader sees)."""
from __future__ import annotations

import json

import pytest

import ec2lab
import ec2lab.labs

LAB = ec2lab.labs.get("launch-and-connect")
FULL = {"web-type": 2, "key-pair": 2, "public-subnet": 3, "web-open": 3, "ssh-restricted": 3}


def work(cloud, itype="t3.micro", key=True, delete_key=False, subnet="public", http=True, ssh="203.0.113.0/24"):
    """The lab done by a student who may get one thing wrong. ``subnet``: ``public``, ``private``
    (no route to the internet gateway, no public address), ``no-public-ip`` (the route but no
    address) or ``default`` (the default VPC's subnet: public too)."""
    ec2 = cloud.client("ec2")
    launch = {}
    if key:
        launch["KeyName"] = cloud.create_key_pair("web-key").name
    if subnet == "default":
        vpc = cloud.default_vpc()
        sn = vpc.subnets[0]
    else:
        vpc = cloud.create_vpc("10.0.0.0/16", name="lab")
        if subnet == "public":
            sn = vpc.create_subnet("10.0.1.0/24", "ap-northeast-2a", public=True)
        else:
            sn = vpc.create_subnet("10.0.1.0/24", "ap-northeast-2a")
            if subnet == "no-public-ip":  # the route, but MapPublicIpOnLaunch left off
                igw = vpc.attach_internet_gateway()
                table = vpc.create_route_table()
                ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
                ec2.associate_route_table(RouteTableId=table, SubnetId=sn.id)
    sg = vpc.create_security_group("web", "web server")
    if http:
        sg.allow_inbound(80, "0.0.0.0/0")
    sg.allow_inbound(443, "0.0.0.0/0").allow_inbound(22, ssh)
    web = cloud.run_instance("al2023", itype, tags={"Name": "web"}, SubnetId=sn.id, SecurityGroupIds=[sg.id], **launch)
    web.wait_until_running()
    if delete_key:
        ec2.delete_key_pair(KeyName="web-key")


def graded(tmp_path, **how):
    cloud = LAB.start()
    work(cloud, **how)
    path = tmp_path / "student.json"
    cloud.save(path)
    return LAB.grade_file(path, lang="en")


def test_the_lab_is_listed_with_its_files():
    assert "launch_and_connect" in ec2lab.labs.names()
    assert (LAB.seed, LAB.region, LAB.max_score) == (2028, "ap-northeast-2", 13)
    assert "203.0.113.0/24" in LAB.readme() and "보안 그룹" in LAB.readme()
    with open(LAB.starter_path, encoding="utf-8") as f:
        nb = json.load(f)
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")


def test_the_solution_earns_full_marks(tmp_path):
    cloud = LAB.start()
    LAB.solve(cloud)
    cloud.save(tmp_path / "solution.json")
    report = LAB.grade_file(tmp_path / "solution.json")
    assert report.points() == FULL and report.score == report.max_score == 13
    assert all(r.feedback["en"] == "" for r in report.results)


@pytest.mark.parametrize("how", [dict(subnet="default"), dict(ssh="203.0.113.10/32"), dict(itype="t4g.small")], ids=["default-vpc", "ssh-from-my-ip-only", "graviton"])
def test_other_right_answers_earn_full_marks(tmp_path, how):
    if how.get("itype") == "t4g.small":  # an Arm type needs an Arm AMI: a student would pick one
        cloud = LAB.start()
        key = cloud.create_key_pair("k")
        vpc = cloud.create_vpc("10.0.0.0/16")
        sn = vpc.create_subnet("10.0.1.0/24", "ap-northeast-2a", public=True)
        sg = vpc.create_security_group("web", "web").allow_inbound(80, "0.0.0.0/0").allow_inbound(443, "0.0.0.0/0").allow_inbound(22, "203.0.113.0/24")
        cloud.run_instance("al2023-arm", "t4g.small", tags={"Name": "web"}, KeyName=key.name, SubnetId=sn.id, SecurityGroupIds=[sg.id]).wait_until_running()
        report = LAB.grade(cloud)
    else:
        report = graded(tmp_path, **how)
    assert report.points() == FULL


def test_an_empty_submission_earns_nothing_and_is_told_what_is_missing():
    report = LAB.grade(LAB.start(), lang="ko")
    assert report.score == 0
    assert report["web-open"].feedback["ko"] == "Name=web 태그가 붙은 인스턴스가 없습니다(또는 종료되었습니다)."


CASES = [
    # (how the student went wrong, points that differ from full marks, the feedback it must show)
    (dict(ssh="0.0.0.0/0"), {"ssh-restricted": 1}, ("ssh-restricted", "Port 22 (SSH) of web is also allowed from addresses outside 203.0.113.0/24.")),
    (dict(ssh="198.51.100.0/24"), {"ssh-restricted": 0}, ("ssh-restricted", "Port 22 (SSH) of web is not allowed from your address 203.0.113.10. Port 22 (SSH) of web is also allowed from addresses outside 203.0.113.0/24.")),
    (
        dict(subnet="private"),
        {"public-subnet": 0},
        ("public-subnet", "web's subnet has no route to the internet (it is a private subnet). web has no public IPv4 address: the internet cannot address it."),
    ),
    (dict(subnet="no-public-ip"), {"public-subnet": 1.5}, ("public-subnet", "web has no public IPv4 address: the internet cannot address it.")),
    (dict(key=False), {"key-pair": 0}, ("key-pair", "web was launched without a key pair: nobody can log in with SSH.")),
    (dict(delete_key=True), {"key-pair": 1}, ("key-pair", "web's key pair no longer exists in the region.")),
    (dict(http=False), {"web-open": 1}, ("web-open", "Port 80 (HTTP) of web is not allowed from everywhere on the internet.")),
    (dict(http=False, subnet="private"), {"web-open": 1, "public-subnet": 0}, ("web-open", "Port 80 (HTTP) of web is not allowed from everywhere on the internet.")),
    (dict(itype="t3.micro", ssh="0.0.0.0/0", key=False), {"ssh-restricted": 1, "key-pair": 0}, ("key-pair", "web was launched without a key pair: nobody can log in with SSH.")),
    (dict(itype="c7i.2xlarge"), {"web-type": 1}, ("web-type", "web's type is not general purpose: a small web server needs nothing special. web's type has 8 vCPUs: more than a small web server needs.")),
    (dict(itype="m7i.xlarge"), {"web-type": 1.5}, ("web-type", "web's type has 4 vCPUs: more than a small web server needs.")),
]


@pytest.mark.parametrize("how, points, feedback", CASES, ids=["-".join(f"{k}={v}" for k, v in c[0].items()) for c in CASES])
def test_a_wrong_submission_earns_the_expected_partial_marks(tmp_path, how, points, feedback):
    report = graded(tmp_path, **how)
    assert report.points() == {**FULL, **points}
    check_id, text = feedback
    assert report[check_id].feedback["en"] == text
    assert report[check_id].feedback["ko"] != text  # and a Korean one


def test_the_feedback_does_not_give_the_answer(tmp_path):
    report = graded(tmp_path, ssh="0.0.0.0/0", http=False, subnet="no-public-ip")
    text = " ".join(r.feedback["en"] for r in report.results)
    for answer in ("0.0.0.0/0", "MapPublicIpOnLaunch", "authorize", "allow_inbound", "203.0.113.0/24 to port 22"):
        assert answer not in text


def test_a_stopped_web_loses_only_running(tmp_path):
    cloud = LAB.start()
    LAB.solve(cloud)
    cloud.instances(tags={"Name": "web"})[0].stop().wait_until_stopped()
    report = LAB.grade(cloud)
    # a stopped instance has no public address and nothing answers; the port checks read the rules
    assert report.points() == {**FULL, "web-type": 1, "public-subnet": 1.5}
    assert report["web-type"].feedback["en"] == "web is stopped, not running."
