"""The notes' load-balancer lab written as a moto user would write it: real boto3 (ec2 and
elbv2 clients, botocore's waiters and paginators) inside ``ec2lab.mock_aws``. Unlike a mock, the
health checks run, the waiters wait in virtual time and a request is really routed by the
rules; refusals arrive as botocore's modelled exception classes with AWS's code and message."""
from __future__ import annotations

import socket

import boto3
import botocore.exceptions
import pytest

import ec2lab
from ec2lab import bridge

REGION = "ap-northeast-2"
X86 = "al2023-ami-2023*-x86_64"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any socket connection here is a bug in the bridge (every call is answered in-process)."""

    def refuse(*args, **kwargs):
        raise AssertionError("the bridge let a request reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    yield
    assert not bridge._stack, "a test left a mock_aws active"


def build(cloud, open_8000_to_lb=True, serve_with="client"):
    """Two web servers on 8000 (AZ a and b) and a books server, two target groups, an ALB on 80
    with a /books/* rule, all through boto3 except what instances serve (not an AWS API: ec2lab's
    ``Serve`` operation through its client, or the object API). Returns what the tests need."""
    ec2 = boto3.client("ec2", region_name=REGION)
    elbv2 = boto3.client("elbv2", region_name=REGION)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnets = sorted(ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"], key=lambda s: s["AvailabilityZone"])[:2]
    lb_sg = ec2.create_security_group(GroupName="lb", Description="HTTP from anywhere", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=lb_sg, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    web_sg = ec2.create_security_group(GroupName="web", Description="8000 from the load balancer", VpcId=vpc)["GroupId"]
    if open_8000_to_lb:
        ec2.authorize_security_group_ingress(GroupId=web_sg, IpPermissions=[{"IpProtocol": "tcp", "FromPort": 8000, "ToPort": 8000, "UserIdGroupPairs": [{"GroupId": lb_sg}]}])
    image = ec2.describe_images(Filters=[{"Name": "name", "Values": [X86]}])["Images"][0]["ImageId"]
    ids = []
    for subnet in subnets + subnets[:1]:
        r = ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=subnet["SubnetId"], SecurityGroupIds=[web_sg])
        ids.append(r["Instances"][0]["InstanceId"])
    ec2.get_waiter("instance_running").wait(InstanceIds=ids)
    if serve_with == "client":
        lab = cloud.client("ec2lab", region_name=REGION)
        for iid in ids[:2]:
            lab.serve(InstanceId=iid, Port=8000)
        lab.serve(InstanceId=ids[2], Port=8000, Routes=[{"Path": "/books/*", "Body": "books"}, {"Path": "/", "Body": "ok"}])
    else:
        for iid in ids[:2]:
            cloud.instance(iid).serve(8000)
        cloud.instance(ids[2]).serve(8000, {"/books/*": "books", "/": "ok"})
    web_tg = elbv2.create_target_group(Name="web", Protocol="HTTP", Port=8000, VpcId=vpc, TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
    books_tg = elbv2.create_target_group(Name="books", Protocol="HTTP", Port=8000, VpcId=vpc)["TargetGroups"][0]["TargetGroupArn"]
    elbv2.register_targets(TargetGroupArn=web_tg, Targets=[{"Id": i} for i in ids[:2]])
    elbv2.register_targets(TargetGroupArn=books_tg, Targets=[{"Id": ids[2]}])
    lb = elbv2.create_load_balancer(Name="web-alb", Subnets=[s["SubnetId"] for s in subnets], SecurityGroups=[lb_sg], Scheme="internet-facing", Type="application")["LoadBalancers"][0]
    listener = elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80,
                                     DefaultActions=[{"Type": "forward", "TargetGroupArn": web_tg}])["Listeners"][0]["ListenerArn"]
    elbv2.create_rule(ListenerArn=listener, Priority=10, Conditions=[{"Field": "path-pattern", "Values": ["/books/*"]}],
                      Actions=[{"Type": "forward", "TargetGroupArn": books_tg}])
    return ec2, elbv2, lb, web_tg, books_tg, ids


@pytest.mark.parametrize("serve_with", ["client", "objects"])
def test_the_notes_lab_through_boto3_health_checks_run_and_waiters_wait_in_virtual_time(serve_with):
    with ec2lab.mock_aws(ec2lab.Cloud(seed=5, region=REGION)) as cloud:
        ec2, elbv2, lb, web_tg, books_tg, ids = build(cloud, serve_with=serve_with)
        assert lb["State"]["Code"] == "provisioning"
        assert lb["DNSName"].startswith("web-alb-") and lb["DNSName"].endswith(f".{REGION}.elb.amazonaws.com")
        assert len(lb["AvailabilityZones"]) == 2
        start = cloud.now
        elbv2.get_waiter("load_balancer_available").wait(LoadBalancerArns=[lb["LoadBalancerArn"]])
        assert elbv2.describe_load_balancers(Names=["web-alb"])["LoadBalancers"][0]["State"]["Code"] == "active"
        elbv2.get_waiter("target_in_service").wait(TargetGroupArn=web_tg)
        assert cloud.now > start  # the waiters slept in virtual time
        health = elbv2.describe_target_health(TargetGroupArn=web_tg)["TargetHealthDescriptions"]
        assert sorted(h["Target"]["Id"] for h in health) == sorted(ids[:2])
        assert {h["Target"]["Port"] for h in health} == {8000}
        assert {h["TargetHealth"]["State"] for h in health} == {"healthy"}
        rules = elbv2.describe_rules(ListenerArn=elbv2.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"][0]["ListenerArn"])["Rules"]
        assert [(r["Priority"], r["Conditions"][0]["Values"] if r["Conditions"] else None) for r in rules] == [("10", ["/books/*"]), ("default", None)]
        lbobj = cloud.load_balancer("web-alb")
        books = lbobj.request("/books/x")
        assert (books.status, books.text, books.target_id, books.target_group_arn) == (200, "books", ids[2], books_tg)
        assert lbobj.request("/").target_id in ids[:2]
        assert lbobj.request("/books").target_group_arn == web_tg  # /books/* needs the slash


def test_breaking_a_server_makes_it_unhealthy_after_the_threshold_and_traffic_moves():
    with ec2lab.mock_aws(ec2lab.Cloud(seed=5, region=REGION)) as cloud:
        _, elbv2, lb, web_tg, _, ids = build(cloud)
        elbv2.get_waiter("target_in_service").wait(TargetGroupArn=web_tg)
        cloud.instance(ids[0]).fail("refuse")
        cloud.run_until(lambda: {h["Target"]["Id"]: h["TargetHealth"]["State"] for h in elbv2.describe_target_health(TargetGroupArn=web_tg)["TargetHealthDescriptions"]}[ids[0]] == "unhealthy",
                        timeout=600)
        health = {h["Target"]["Id"]: h["TargetHealth"] for h in elbv2.describe_target_health(TargetGroupArn=web_tg)["TargetHealthDescriptions"]}
        assert health[ids[0]]["Reason"] == "Target.FailedHealthChecks" and health[ids[1]]["State"] == "healthy"
        traffic = cloud.load_balancer("web-alb").send_traffic(10, 5, paths=["/"])
        assert set(traffic["ByTarget"]) == {f"{ids[1]}:8000"} and traffic["ByStatus"] == {"200": 50}


def test_a_port_not_opened_to_the_load_balancer_times_out_the_health_checks():
    with ec2lab.mock_aws(ec2lab.Cloud(seed=5, region=REGION)) as cloud:
        _, elbv2, lb, web_tg, _, _ = build(cloud, open_8000_to_lb=False)
        cloud.advance(600)
        health = elbv2.describe_target_health(TargetGroupArn=web_tg)["TargetHealthDescriptions"]
        assert {h["TargetHealth"]["State"] for h in health} == {"unhealthy"}
        assert {h["TargetHealth"]["Reason"] for h in health} == {"Target.Timeout"}
        assert {h["TargetHealth"]["Description"] for h in health} == {"Request timed out"}
        with pytest.raises(botocore.exceptions.WaiterError):
            elbv2.get_waiter("target_in_service").wait(TargetGroupArn=web_tg, WaiterConfig={"Delay": 15, "MaxAttempts": 4})


def test_elbv2_refusals_raise_their_modelled_exception_classes_with_aws_code_and_message():
    with ec2lab.mock_aws(ec2lab.Cloud(seed=5, region=REGION)) as cloud:
        _, elbv2, lb, web_tg, _, ids = build(cloud)
        subnets = [z["SubnetId"] for z in lb["AvailabilityZones"]]
        listener = elbv2.describe_listeners(LoadBalancerArn=lb["LoadBalancerArn"])["Listeners"][0]["ListenerArn"]
        cases = [
            (lambda: elbv2.describe_load_balancers(Names=["nope"]), elbv2.exceptions.LoadBalancerNotFoundException, "LoadBalancerNotFound", None),
            (lambda: elbv2.describe_target_groups(Names=["nope"]), elbv2.exceptions.TargetGroupNotFoundException, "TargetGroupNotFound", "One or more target groups not found"),
            (lambda: elbv2.create_load_balancer(Name="web-alb", Subnets=subnets), elbv2.exceptions.DuplicateLoadBalancerNameException, "DuplicateLoadBalancerName",
             "A load balancer with the same name 'web-alb' exists, but with different settings"),
            (lambda: elbv2.create_target_group(Name="web", Protocol="HTTP", Port=9000, VpcId=lb["VpcId"]), elbv2.exceptions.DuplicateTargetGroupNameException,
             "DuplicateTargetGroupName", "A target group with the same name 'web' exists, but with different settings"),
            (lambda: elbv2.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": web_tg}]),
             elbv2.exceptions.DuplicateListenerException, "DuplicateListener", None),
            (lambda: elbv2.delete_target_group(TargetGroupArn=web_tg), elbv2.exceptions.ResourceInUseException, "ResourceInUse", None),
            (lambda: elbv2.create_rule(ListenerArn=listener, Priority=10, Conditions=[{"Field": "path-pattern", "Values": ["/x/*"]}],
                                       Actions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}]), elbv2.exceptions.PriorityInUseException, "PriorityInUse", None),
            (lambda: elbv2.register_targets(TargetGroupArn=web_tg, Targets=[{"Id": "i-0123456789abcdef0"}]), elbv2.exceptions.InvalidTargetException, "InvalidTarget",
             "The specified target does not exist or is not in the same VPC as the target group."),
            (lambda: elbv2.describe_target_health(TargetGroupArn=web_tg.replace("/web/", "/gone/")), elbv2.exceptions.TargetGroupNotFoundException, "TargetGroupNotFound", None),
        ]
        for call, cls, code, message in cases:
            before = cloud.digest
            with pytest.raises(cls) as e:
                call()
            assert e.value.response["Error"]["Code"] == code
            assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
            if message is not None:
                assert e.value.response["Error"]["Message"] == message
            assert isinstance(e.value, botocore.exceptions.ClientError)
            assert cloud.digest == before, code  # a refused call leaves the world as it was


def test_a_validation_error_has_no_modelled_class_and_arrives_as_a_plain_client_error():
    """elbv2 does not model ValidationError: botocore raises ClientError itself (as against AWS)."""
    with ec2lab.mock_aws(ec2lab.Cloud(seed=5, region=REGION)):
        ec2 = boto3.client("ec2", region_name=REGION)
        elbv2 = boto3.client("elbv2", region_name=REGION)
        subnet = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"][0]["SubnetId"]
        with pytest.raises(botocore.exceptions.ClientError) as e:
            elbv2.create_load_balancer(Name="one-az", Subnets=[subnet])
        assert type(e.value) is botocore.exceptions.ClientError
        assert e.value.response["Error"] == {"Code": "ValidationError", "Message": "At least two subnets in two different Availability Zones must be specified"}
        assert "CreateLoadBalancer" in str(e.value) and "ValidationError" in str(e.value)


def test_paginators_walk_load_balancers_and_target_groups_page_by_page():
    with ec2lab.mock_aws(ec2lab.Cloud(seed=5, region=REGION)):
        ec2 = boto3.client("ec2", region_name=REGION)
        elbv2 = boto3.client("elbv2", region_name=REGION)
        vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
        subnets = [s["SubnetId"] for s in sorted(ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"],
                                                 key=lambda s: s["AvailabilityZone"])[:2]]
        for n in range(5):
            elbv2.create_load_balancer(Name=f"lb-{n}", Subnets=subnets)
            elbv2.create_target_group(Name=f"tg-{n}", Protocol="HTTP", Port=8000 + n, VpcId=vpc)
        pages = list(elbv2.get_paginator("describe_load_balancers").paginate(PaginationConfig={"PageSize": 2}))
        assert [len(p["LoadBalancers"]) for p in pages] == [2, 2, 1]
        assert all("NextMarker" in p for p in pages[:-1]) and "NextMarker" not in pages[-1]
        assert sorted(lb["LoadBalancerName"] for p in pages for lb in p["LoadBalancers"]) == [f"lb-{n}" for n in range(5)]
        groups = elbv2.get_paginator("describe_target_groups").paginate(PaginationConfig={"PageSize": 3}).build_full_result()["TargetGroups"]
        assert sorted((g["TargetGroupName"], g["Port"]) for g in groups) == [(f"tg-{n}", 8000 + n) for n in range(5)]
        limited = elbv2.get_paginator("describe_target_groups").paginate(PaginationConfig={"PageSize": 2, "MaxItems": 3}).build_full_result()
        assert len(limited["TargetGroups"]) == 3 and "NextToken" in limited


def test_every_control_plane_operation_through_boto3_answers_as_the_native_client(botocore_shape):
    """The load balancer, listener, rule, tag and limit operations (test_elbv2_targets.py does the
    target-group ones) through real boto3 answer exactly what the native client answers on a twin
    Cloud, in botocore's shapes: one door, no second implementation."""

    def scenario(cloud, ec2, elbv2):
        subnets = [s["SubnetId"] for s in sorted(ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"],
                                                 key=lambda s: s["AvailabilityZone"])]
        vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
        group = ec2.create_security_group(GroupName="lb", Description="lb", VpcId=vpc)["GroupId"]
        out = []

        def call(op, **params):
            out.append((op, getattr(elbv2, method_name(op))(**params)))
            return out[-1][1]

        lb = call("CreateLoadBalancer", Name="web", Subnets=subnets[:2], Tags=[{"Key": "k", "Value": "v"}])["LoadBalancers"][0]["LoadBalancerArn"]
        tg = call("CreateTargetGroup", Name="web-tg", Protocol="HTTP", Port=8000, VpcId=vpc)["TargetGroups"][0]["TargetGroupArn"]
        spare = call("CreateTargetGroup", Name="spare", Protocol="HTTP", Port=8001, VpcId=vpc)["TargetGroups"][0]["TargetGroupArn"]
        forward = [{"Type": "forward", "TargetGroupArn": tg}]
        listener = call("CreateListener", LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=forward)["Listeners"][0]["ListenerArn"]
        books = call("CreateRule", ListenerArn=listener, Priority=10, Conditions=[{"Field": "path-pattern", "Values": ["/books/*"]}], Actions=forward)["Rules"][0]["RuleArn"]
        api = call("CreateRule", ListenerArn=listener, Priority=20, Conditions=[{"Field": "host-header", "HostHeaderConfig": {"Values": ["*.example.com"]}}],
                   Actions=[{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}])["Rules"][0]["RuleArn"]
        call("ModifyRule", RuleArn=books, Conditions=[{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/books/*", "/b/*"]}}])
        call("SetRulePriorities", RulePriorities=[{"RuleArn": books, "Priority": 30}, {"RuleArn": api, "Priority": 5}])
        call("DescribeRules", ListenerArn=listener)
        call("ModifyListener", ListenerArn=listener, Port=8080)
        call("DescribeListeners", LoadBalancerArn=lb)
        call("SetSecurityGroups", LoadBalancerArn=lb, SecurityGroups=[group])
        call("SetSubnets", LoadBalancerArn=lb, Subnets=subnets[:3])
        call("ModifyLoadBalancerAttributes", LoadBalancerArn=lb, Attributes=[{"Key": "idle_timeout.timeout_seconds", "Value": "90"}])
        call("DescribeLoadBalancerAttributes", LoadBalancerArn=lb)
        call("AddTags", ResourceArns=[lb, listener, books, tg], Tags=[{"Key": "env", "Value": "dev"}])
        call("RemoveTags", ResourceArns=[lb], TagKeys=["k"])
        call("DescribeTags", ResourceArns=[lb, listener, books, tg])
        call("DescribeAccountLimits")
        cloud.advance(300)
        call("DescribeLoadBalancers", Names=["web"])
        call("DeleteRule", RuleArn=api)
        call("DeleteListener", ListenerArn=listener)
        call("DeleteTargetGroup", TargetGroupArn=spare)
        call("DeleteLoadBalancer", LoadBalancerArn=lb)
        call("DescribeTargetGroups")
        return out

    native_cloud = ec2lab.Cloud(seed=5, region=REGION)
    native = scenario(native_cloud, native_cloud.client("ec2"), native_cloud.client("elbv2"))
    with ec2lab.mock_aws(ec2lab.Cloud(seed=5, region=REGION)) as cloud:
        through = scenario(cloud, boto3.client("ec2", region_name=REGION), boto3.client("elbv2", region_name=REGION))
    strip = lambda v: {k: x for k, x in v.items() if k != "ResponseMetadata"}  # noqa: E731
    assert [op for op, _ in through] == [op for op, _ in native]
    for (op, a), (_, b) in zip(through, native):
        assert a["ResponseMetadata"]["HTTPStatusCode"] == 200
        botocore_shape("elbv2", op, a)
        assert strip(a) == strip(b), op
    control = set(ec2lab._core.Core.implemented_operations("elbv2")) - {"RegisterTargets", "DeregisterTargets", "DescribeTargetHealth", "ModifyTargetGroup",
                                                                         "ModifyTargetGroupAttributes", "DescribeTargetGroupAttributes"}
    assert control == {op for op, _ in through}  # with test_elbv2_targets.py: every elbv2 operation through boto3


def method_name(op: str) -> str:
    """botocore's method name for an operation (``DescribeLoadBalancers`` -> ``describe_load_balancers``)."""
    from botocore import xform_name

    return xform_name(op)
