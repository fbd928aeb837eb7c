"""Checks of the launch-and-connect lab. They read the state through DescribeInstances,
DescribeKeyPairs, DescribeRouteTables, DescribeSecurityGroupRules and ask ec2lab's CanConnect
whether traffic passes, as a student would test it with a browser and ssh. The feedback says
what is missing, never which rule or setting would fix it."""
from __future__ import annotations

import ipaddress

from ec2lab.grading import check, criteria, failed
from ec2lab.grading import queries as q

TITLE = {"en": "Launch a web server and connect to it", "ko": "웹 서버 시작하고 접속하기"}
SEED = 2028
REGION = "ap-northeast-2"
DOMAIN = "networking"

MY_IP = "203.0.113.10"  # the student's address, in the office network 203.0.113.0/24
OFFICE = "203.0.113.0/24"
ELSEWHERE = ["198.51.100.23", "192.0.2.44"]  # hosts on the internet outside the office
LIVE = ["pending", "running", "stopping", "stopped"]
# where CanConnect stops when a firewall (security group, network ACL) says no; anywhere else
# means the packet never got that far (no route, no public address, instance not running)
FILTERS = {"security-group-ingress", "security-group-egress", "network-acl-inbound", "network-acl-outbound"}


def _web(cloud):
    found = q.instances(cloud, name="web", state=LIVE)
    return found[-1] if found else None


def _no_web():
    return failed("No instance tagged Name=web exists (or it was terminated).", "Name=web 태그가 붙은 인스턴스가 없습니다(또는 종료되었습니다).")


def _reaches(cloud, web, source: str, port: int) -> bool:
    """Does tcp ``port`` of web answer ``source`` (an internet address)? CanConnect when the
    path reaches web's firewalls; when it does not (no route to an internet gateway, no public
    address), web's security group rules decide, so a subnet mistake is not also counted as a
    security group mistake."""
    answer = cloud.client("ec2lab").can_connect(Source=source, Destination=web["InstanceId"], Port=port, Protocol="tcp")
    blocked = answer.get("BlockedAt")
    if blocked is None or blocked["Kind"] in FILTERS:
        return answer["Allowed"]
    return _rules_allow(cloud, web, source, port)


def _rules_allow(cloud, web, source: str, port: int) -> bool:
    groups = [g["GroupId"] for g in web.get("SecurityGroups", [])]
    if not groups:
        return False
    rules = q.describe(cloud, "describe_security_group_rules", "SecurityGroupRules", Filters=[{"Name": "group-id", "Values": groups}])
    ip = ipaddress.ip_address(source)
    for r in rules:
        if r.get("IsEgress") or not r.get("CidrIpv4"):
            continue
        ports = r.get("IpProtocol") == "-1" or (r.get("IpProtocol") in ("tcp", "6") and r["FromPort"] <= port <= r["ToPort"])
        if ports and ip in ipaddress.ip_network(r["CidrIpv4"]):
            return True
    return False


@check("web-type", 2, en="web: a running instance of a small general purpose type", ko="web: 실행 중인 소형 범용 인스턴스")
def web_type(cloud):
    web = _web(cloud)
    if web is None:
        return _no_web()
    t = web["InstanceType"]
    vcpus = q.instance_type(cloud, t)["VCpuInfo"]["DefaultVCpus"]
    return criteria(
        (q.state(web) == "running", 1, f"web is {q.state(web)}, not running.", f"web이 실행 중(running)이 아니라 {q.state(web)} 상태입니다."),
        (q.type_category(cloud, t) == "general-purpose", 0.5, "web's type is not general purpose: a small web server needs nothing special.", "web의 유형이 범용이 아닙니다. 작은 웹 서버에는 특별한 자원이 필요 없습니다."),
        (vcpus <= 2, 0.5, f"web's type has {vcpus} vCPUs: more than a small web server needs.", f"web의 유형은 vCPU가 {vcpus}개로, 작은 웹 서버에는 필요 이상입니다."),
    )


@check("key-pair", 2, en="web: launched with a key pair that exists", ko="web: 존재하는 키 페어로 시작됨")
def key_pair(cloud):
    web = _web(cloud)
    if web is None:
        return _no_web()
    name = web.get("KeyName")
    if not name:
        return failed("web was launched without a key pair: nobody can log in with SSH.", "web이 키 페어 없이 시작되어 SSH로 로그인할 수 없습니다.")
    known = {k["KeyName"] for k in q.describe(cloud, "describe_key_pairs", "KeyPairs")}
    return criteria(
        (True, 1, "", ""),
        (name in known, 1, "web's key pair no longer exists in the region.", "web의 키 페어가 이 리전에 더 이상 없습니다."),
    )


@check("public-subnet", 3, en="web: in a public subnet, with a public IPv4 address", ko="web: 퍼블릭 서브넷에 있고 퍼블릭 IPv4 주소가 있음")
def public_subnet(cloud):
    web = _web(cloud)
    if web is None:
        return _no_web()
    subnet = web.get("SubnetId")
    tables = q.describe(cloud, "describe_route_tables", "RouteTables", Filters=[{"Name": "association.subnet-id", "Values": [subnet]}])
    if not tables:  # no explicit association: the VPC's main route table applies
        tables = q.describe(cloud, "describe_route_tables", "RouteTables", Filters=[{"Name": "vpc-id", "Values": [web["VpcId"]]}, {"Name": "association.main", "Values": ["true"]}])
    routes = [r for t in tables for r in t.get("Routes", [])]
    to_igw = any(r.get("DestinationCidrBlock") == "0.0.0.0/0" and (r.get("GatewayId") or "").startswith("igw-") and r.get("State") == "active" for r in routes)
    return criteria(
        (to_igw, 1, "web's subnet has no route to the internet (it is a private subnet).", "web의 서브넷에 인터넷으로 가는 경로가 없습니다(프라이빗 서브넷입니다)."),
        (bool(web.get("PublicIpAddress")), 1, "web has no public IPv4 address: the internet cannot address it.", "web에 퍼블릭 IPv4 주소가 없어 인터넷에서 접근할 수 없습니다."),
    )


@check("web-open", 3, en="web: HTTP (80) and HTTPS (443) are allowed from anywhere", ko="web: HTTP(80)와 HTTPS(443)가 어디서나 허용됨")
def web_open(cloud):
    web = _web(cloud)
    if web is None:
        return _no_web()
    return criteria(
        (all(_reaches(cloud, web, ip, 80) for ip in ELSEWHERE + [MY_IP]), 2, "Port 80 (HTTP) of web is not allowed from everywhere on the internet.", "web의 80번 포트(HTTP)가 인터넷 전체에서 허용되지 않습니다."),
        (all(_reaches(cloud, web, ip, 443) for ip in ELSEWHERE + [MY_IP]), 1, "Port 443 (HTTPS) of web is not allowed from everywhere on the internet.", "web의 443번 포트(HTTPS)가 인터넷 전체에서 허용되지 않습니다."),
    )


@check("ssh-restricted", 3, en=f"web: port 22 (SSH) is allowed only from {OFFICE}", ko=f"web: 22번 포트(SSH)는 {OFFICE}에서만 허용됨")
def ssh_restricted(cloud):
    web = _web(cloud)
    if web is None:
        return _no_web()
    return criteria(
        (_reaches(cloud, web, MY_IP, 22), 1, f"Port 22 (SSH) of web is not allowed from your address {MY_IP}.", f"web의 22번 포트(SSH)가 내 주소 {MY_IP}에서 허용되지 않습니다."),
        (not any(_reaches(cloud, web, ip, 22) for ip in ELSEWHERE), 2, f"Port 22 (SSH) of web is also allowed from addresses outside {OFFICE}.", f"web의 22번 포트(SSH)가 {OFFICE} 밖의 주소에서도 허용됩니다."),
    )


CHECKS = [web_type, key_pair, public_subnet, web_open, ssh_restricted]
