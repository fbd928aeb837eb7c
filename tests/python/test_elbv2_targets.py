"""Target groups, targets and health checks through the client: every operation answers in
botocore's output shape; every refusal has AWS's code and message, hints in English and Korean,
and leaves the world as it was (nothing drawn from the seeded generator either); health checks
run in virtual time, so botocore's ``target_in_service`` / ``target_deregistered`` waiters work."""
from __future__ import annotations

from typing import Optional

import pytest

import ec2lab
from test_refusals import X86, Case, Lab, check_refusal, world

UNKNOWN_INSTANCE = "i-0123456789abcdef0"
UNKNOWN_TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nope/0123456789abcdef"


class ElbLab(Lab):
    """Two running web servers (us-east-1a, b) serving 8000, and a target group ``web-tg``."""

    def __init__(self, cloud: ec2lab.Cloud, region: Optional[str] = None):
        super().__init__(cloud, region)
        self.elbv2 = cloud.client("elbv2", region_name=self.region)
        self.tg = ""
        self.vpc = ""
        self.subnets: list[str] = []

    def target_health(self, **kw) -> list[dict]:
        return self.elbv2.describe_target_health(TargetGroupArn=self.tg, **kw)["TargetHealthDescriptions"]


def servers(cloud) -> ElbLab:
    lab = ElbLab(cloud)
    subnets = sorted(lab.ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"], key=lambda s: s["AvailabilityZone"])[:2]
    lab.subnets = [s["SubnetId"] for s in subnets]
    lab.vpc = subnets[0]["VpcId"]
    for s in lab.subnets:
        lab.launch(X86, SubnetId=s)
    lab.wait("instance_running")
    for i in lab.ids:
        cloud._core.call("ec2lab", lab.region, "Serve", {"InstanceId": i, "Port": 8000})
    lab.tg = lab.elbv2.create_target_group(Name="web-tg", Protocol="HTTP", Port=8000, VpcId=lab.vpc)["TargetGroups"][0]["TargetGroupArn"]
    return lab


def registered(cloud) -> ElbLab:
    lab = servers(cloud)
    lab.elbv2.register_targets(TargetGroupArn=lab.tg, Targets=[{"Id": i} for i in lab.ids])
    return lab


def behind_an_alb(cloud) -> ElbLab:
    """The notes' lab: the group behind an internet-facing ALB listening on 80 (the default
    security group lets the load balancer's nodes reach the servers)."""
    lab = registered(cloud)
    lb = lab.elbv2.create_load_balancer(Name="web-alb", Subnets=lab.subnets)["LoadBalancers"][0]["LoadBalancerArn"]
    lab.elbv2.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": lab.tg}])
    lab.elbv2.get_waiter("load_balancer_available").wait(LoadBalancerArns=[lb])
    return lab


def elb_world(lab: ElbLab) -> dict:
    """What a refused call must not change: every group, its attributes and targets' health, and
    the EC2 side (instances, time, the event queue)."""
    groups = lab.elbv2.describe_target_groups()["TargetGroups"]
    for g in groups:
        g["Attributes"] = lab.elbv2.describe_target_group_attributes(TargetGroupArn=g["TargetGroupArn"])["Attributes"]
        g["Health"] = lab.elbv2.describe_target_health(TargetGroupArn=g["TargetGroupArn"])["TargetHealthDescriptions"]
    state = world(lab)
    state["target_groups"] = groups
    return state


# --- shapes ---------------------------------------------------------------------------------


def test_every_operation_answers_in_the_botocore_shape(botocore_shape):
    lab = behind_an_alb(ec2lab.Cloud(seed=0))
    e = lab.elbv2
    shape = lambda op, response: botocore_shape("elbv2", op, response)  # noqa: E731
    shape("CreateTargetGroup", e.create_target_group(Name="api", Protocol="HTTP", Port=9000, VpcId=lab.vpc, HealthCheckPath="/health", Matcher={"HttpCode": "200-299"},
                                                     Tags=[{"Key": "env", "Value": "lab"}]))
    shape("CreateTargetGroup", e.create_target_group(Name="tcp", Protocol="TCP", Port=80, VpcId=lab.vpc))
    shape("CreateTargetGroup", e.create_target_group(Name="fn", TargetType="lambda"))
    shape("CreateTargetGroup", e.create_target_group(Name="grpc", Protocol="HTTP", ProtocolVersion="GRPC", Port=50051, VpcId=lab.vpc))
    shape("DescribeTargetGroups", e.describe_target_groups())
    shape("DescribeTargetGroups", e.describe_target_groups(PageSize=1))
    shape("ModifyTargetGroup", e.modify_target_group(TargetGroupArn=lab.tg, HealthCheckIntervalSeconds=10, HealthyThresholdCount=2))
    shape("DescribeTargetGroupAttributes", e.describe_target_group_attributes(TargetGroupArn=lab.tg))
    shape("ModifyTargetGroupAttributes", e.modify_target_group_attributes(TargetGroupArn=lab.tg, Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}]))
    lab.cloud.advance(60)
    shape("DescribeTargetHealth", e.describe_target_health(TargetGroupArn=lab.tg))
    shape("DescribeTargetHealth", e.describe_target_health(TargetGroupArn=lab.tg, Targets=[{"Id": lab.i}, {"Id": lab.i, "Port": 1234}], Include=["All"]))
    shape("DeregisterTargets", e.deregister_targets(TargetGroupArn=lab.tg, Targets=[{"Id": lab.i}]))
    shape("DescribeTargetHealth", e.describe_target_health(TargetGroupArn=lab.tg))
    ip = e.create_target_group(Name="ips", Protocol="HTTP", Port=80, VpcId=lab.vpc, TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
    shape("RegisterTargets", e.register_targets(TargetGroupArn=ip, Targets=[{"Id": "172.31.0.10"}, {"Id": "10.9.9.9", "AvailabilityZone": "all"}]))
    shape("DescribeTargetHealth", e.describe_target_health(TargetGroupArn=ip))
    shape("DeleteTargetGroup", e.delete_target_group(TargetGroupArn=ip))


# --- health in virtual time -------------------------------------------------------------------


def test_target_in_service_waiter_sees_the_first_pass():
    lab = behind_an_alb(ec2lab.Cloud(seed=0))
    lab.elbv2.get_waiter("target_in_service").wait(TargetGroupArn=lab.tg)
    assert [d["TargetHealth"] for d in lab.target_health()] == [{"State": "healthy"}, {"State": "healthy"}]


def test_a_broken_server_goes_unhealthy_with_the_codes_it_returned():
    lab = behind_an_alb(ec2lab.Cloud(seed=0))
    lab.elbv2.get_waiter("target_in_service").wait(TargetGroupArn=lab.tg)
    lab.cloud._core.call("ec2lab", lab.region, "Fail", {"InstanceId": lab.i, "Mode": "status", "Status": 503})
    lab.cloud.advance(60)
    health = {d["Target"]["Id"]: d["TargetHealth"] for d in lab.target_health()}
    assert health[lab.i] == {"State": "unhealthy", "Reason": "Target.ResponseCodeMismatch", "Description": "Health checks failed with these codes: [503]"}
    assert health[lab.ids[1]] == {"State": "healthy"}


def test_target_deregistered_waiter_waits_out_the_draining():
    lab = behind_an_alb(ec2lab.Cloud(seed=0))
    lab.elbv2.get_waiter("target_in_service").wait(TargetGroupArn=lab.tg)
    lab.elbv2.deregister_targets(TargetGroupArn=lab.tg, Targets=[{"Id": lab.i}])
    assert lab.target_health(Targets=[{"Id": lab.i}])[0]["TargetHealth"]["State"] == "draining"
    start = lab.cloud.now
    lab.elbv2.get_waiter("target_deregistered").wait(TargetGroupArn=lab.tg, Targets=[{"Id": lab.i}])
    assert lab.target_health(Targets=[{"Id": lab.i}])[0]["TargetHealth"]["Reason"] == "Target.NotRegistered"
    assert 300 <= (lab.cloud.now - start).total_seconds() <= 315, "the default deregistration delay is 300 s"


def test_a_group_no_load_balancer_uses_is_unused():
    lab = registered(ec2lab.Cloud(seed=0))
    lab.cloud.advance(120)
    assert {d["TargetHealth"]["Reason"] for d in lab.target_health()} == {"Target.NotInUse"}


# --- refusals -------------------------------------------------------------------------------


def _tg(**kw):
    return lambda lab: lab.elbv2.create_target_group(**{"Name": "t", "Protocol": "HTTP", "Port": 80, "VpcId": lab.vpc, **kw})


def _attr(key, value):
    return lambda lab: lab.elbv2.modify_target_group_attributes(TargetGroupArn=lab.tg, Attributes=[{"Key": key, "Value": value}])


def _register(*targets):
    return lambda lab: lab.elbv2.register_targets(TargetGroupArn=lab.tg, Targets=[t(lab) if callable(t) else t for t in targets])


CASES = [
    Case("tg-duplicate-name", servers, _tg(Name="web-tg"), "DuplicateTargetGroupName", message="A target group with the same name 'web-tg' exists, but with different settings"),
    Case("tg-name-hyphen", servers, _tg(Name="web-"), "ValidationError", message="Target group name 'web-' cannot begin or end with '-'"),
    Case("tg-name-long", servers, _tg(Name="t" * 33), "ValidationError", starts="Target group name 'ttt"),
    Case("tg-no-vpc", servers, lambda lab: lab.elbv2.create_target_group(Name="t", Protocol="HTTP", Port=80), "ValidationError", message="A VPC ID must be specified"),
    Case("tg-unknown-vpc", servers, _tg(VpcId="vpc-0123456789abcdef0"), "ValidationError", message="The VPC ID 'vpc-0123456789abcdef0' is not found"),
    Case("tg-interval-low", servers, _tg(HealthCheckIntervalSeconds=4), "ValidationError",
         message="1 validation error detected: Value '4' at 'healthCheckIntervalSeconds' failed to satisfy constraint: Member must have value greater than or equal to 5"),
    Case("tg-timeout-not-below-interval", servers, _tg(HealthCheckIntervalSeconds=5, HealthCheckTimeoutSeconds=5), "ValidationError",
         message="Health check timeout '5' must be smaller than the interval '5'"),
    Case("tg-tcp-check-on-http", servers, _tg(HealthCheckProtocol="TCP"), "ValidationError", message="Health check protocol 'TCP' is not supported for target groups with the HTTP protocol"),
    Case("tg-matcher-range", servers, _tg(Matcher={"HttpCode": "200-600"}), "ValidationError", message="Health check matcher HTTP code '200-600' must be within '200-499' inclusive"),
    Case("tg-lambda-port", servers, lambda lab: lab.elbv2.create_target_group(Name="fn", TargetType="lambda", Port=80), "ValidationError",
         message="Port cannot be specified for target groups with target type 'lambda'"),
    Case("describe-unknown-name", servers, lambda lab: lab.elbv2.describe_target_groups(Names=["nope"]), "TargetGroupNotFound", message="One or more target groups not found"),
    Case("describe-unknown-lb", servers, lambda lab: lab.elbv2.describe_target_groups(LoadBalancerArn=UNKNOWN_TG.replace("targetgroup/", "loadbalancer/app/")),
         "LoadBalancerNotFound", message="One or more load balancers not found"),
    Case("modify-unknown", servers, lambda lab: lab.elbv2.modify_target_group(TargetGroupArn=UNKNOWN_TG, HealthCheckPath="/x"), "TargetGroupNotFound"),
    Case("delete-in-use", behind_an_alb, lambda lab: lab.elbv2.delete_target_group(TargetGroupArn=lab.tg), "ResourceInUse",
         message=lambda lab: f"Target group '{lab.tg}' is currently in use by a listener or a rule"),
    Case("attr-delay-range", servers, _attr("deregistration_delay.timeout_seconds", "4000"), "ValidationError",
         message="'deregistration_delay.timeout_seconds' value '4000' must be between '0-3600' inclusive"),
    Case("attr-unknown-key", servers, _attr("proxy_protocol_v2.enabled", "true"), "ValidationError", message="Target group attribute key 'proxy_protocol_v2.enabled' is not recognized"),
    Case("attr-reserved-cookie", servers, _attr("stickiness.app_cookie.cookie_name", "AWSALBTG"), "ValidationError", starts="Application cookie name 'AWSALBTG' cannot start with"),
    Case("attr-source-ip-on-http", servers, _attr("stickiness.type", "source_ip"), "InvalidConfigurationRequest",
         message="Stickiness type 'source_ip' is not supported for target groups with the HTTP protocol"),
    Case("attr-lor-with-slow-start", servers,
         lambda lab: lab.elbv2.modify_target_group_attributes(TargetGroupArn=lab.tg, Attributes=[{"Key": "slow_start.duration_seconds", "Value": "60"},
                                                                                                  {"Key": "load_balancing.algorithm.type", "Value": "least_outstanding_requests"}]),
         "InvalidConfigurationRequest", message="Slow start mode cannot be enabled with the least outstanding requests load balancing algorithm"),
    Case("register-unknown-instance", servers, _register({"Id": UNKNOWN_INSTANCE}), "InvalidTarget",
         message="The specified target does not exist or is not in the same VPC as the target group."),
    Case("register-public-ip", lambda c: _ip_group(servers(c)), _register({"Id": "8.8.8.8", "AvailabilityZone": "all"}), "InvalidTarget",
         message="The IP address '8.8.8.8' is not within the VPC CIDR or a private address range"),
    Case("register-unknown-group", servers, lambda lab: lab.elbv2.register_targets(TargetGroupArn=UNKNOWN_TG, Targets=[{"Id": lab.i}]), "TargetGroupNotFound"),
    Case("health-unknown-instance", registered, lambda lab: lab.elbv2.describe_target_health(TargetGroupArn=lab.tg, Targets=[{"Id": UNKNOWN_INSTANCE}]), "InvalidTarget"),
]


def _ip_group(lab: ElbLab) -> ElbLab:
    lab.tg = lab.elbv2.create_target_group(Name="ips", Protocol="HTTP", Port=80, VpcId=lab.vpc, TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
    return lab


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_refusal(case: Case):
    assert check_refusal(case, elb_world).unchanged


def test_registering_a_stopped_instance_is_refused_and_changes_nothing():
    lab = servers(ec2lab.Cloud(seed=0))
    lab.ec2.stop_instances(InstanceIds=[lab.i])
    lab.wait("instance_stopped", [lab.i])
    before = elb_world(lab)
    with pytest.raises(ec2lab.ClientError) as info:
        lab.elbv2.register_targets(TargetGroupArn=lab.tg, Targets=[{"Id": lab.ids[1]}, {"Id": lab.i}])
    assert info.value.response["Error"]["Code"] == "InvalidTarget"
    assert info.value.response["Error"]["Message"] == f"The following targets are not in a running state and cannot be registered: '{lab.i}'"
    assert elb_world(lab) == before


def test_health_checks_op_explains_a_timeout():
    """ec2lab's HealthChecks shows each check behind DescribeTargetHealth: a closed security group
    is named in the failed check's detail (AWS says only "Request timed out")."""
    cloud = ec2lab.Cloud(seed=0)
    lab = servers(cloud)
    web_sg = lab.ec2.create_security_group(GroupName="web-sg", Description="web")["GroupId"]
    for i in lab.ids:
        lab.ec2.modify_instance_attribute(InstanceId=i, Groups=[web_sg])
    lab.elbv2.register_targets(TargetGroupArn=lab.tg, Targets=[{"Id": i} for i in lab.ids])
    lb = lab.elbv2.create_load_balancer(Name="web-alb", Subnets=lab.subnets)["LoadBalancers"][0]["LoadBalancerArn"]
    lab.elbv2.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": lab.tg}])
    lab.elbv2.get_waiter("load_balancer_available").wait(LoadBalancerArns=[lb])
    cloud.advance(90)
    assert lab.target_health()[0]["TargetHealth"] == {"State": "unhealthy", "Reason": "Target.Timeout", "Description": "Request timed out"}
    checks = cloud._core.call("ec2lab", lab.region, "HealthChecks", {"TargetGroupArn": lab.tg})
    last = checks["Targets"][0]["Checks"][-1]
    assert last["Passed"] is False and last["Reason"] == "Target.Timeout"
    assert web_sg in last["Detail"]


def test_through_boto3_the_answers_are_the_native_ones(botocore_shape):
    """The target group operations through real boto3 (``ec2lab.mock_aws``) answer exactly as the
    native client does on a twin Cloud, health rounds included, in botocore's shapes."""
    import boto3

    def scenario(cloud, ec2, elbv2):
        subnets = sorted(ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"], key=lambda s: s["AvailabilityZone"])[:2]
        image = ec2.describe_images(Filters=[{"Name": "name", "Values": [X86]}])["Images"][0]["ImageId"]
        ids = [ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=s["SubnetId"])["Instances"][0]["InstanceId"] for s in subnets]
        cloud.advance(60)
        for i in ids:
            cloud._core.call("ec2lab", cloud.region, "Serve", {"InstanceId": i, "Port": 8000})
        out = [("CreateTargetGroup", elbv2.create_target_group(Name="web-tg", Protocol="HTTP", Port=8000, VpcId=subnets[0]["VpcId"]))]
        tg = out[0][1]["TargetGroups"][0]["TargetGroupArn"]
        out.append(("RegisterTargets", elbv2.register_targets(TargetGroupArn=tg, Targets=[{"Id": i} for i in ids] + [{"Id": ids[0], "Port": 8001}])))
        out.append(("ModifyTargetGroupAttributes", elbv2.modify_target_group_attributes(TargetGroupArn=tg, Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": "20"}])))
        out.append(("ModifyTargetGroup", elbv2.modify_target_group(TargetGroupArn=tg, HealthCheckIntervalSeconds=10, Matcher={"HttpCode": "200-299"})))
        lb = elbv2.create_load_balancer(Name="web-alb", Subnets=[s["SubnetId"] for s in subnets])["LoadBalancers"][0]["LoadBalancerArn"]
        elbv2.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
        out.append(("DescribeTargetHealth", elbv2.describe_target_health(TargetGroupArn=tg)))
        cloud.advance(200)
        out.append(("DescribeTargetHealth", elbv2.describe_target_health(TargetGroupArn=tg)))
        out.append(("DescribeTargetGroups", elbv2.describe_target_groups(LoadBalancerArn=lb)))
        out.append(("DeregisterTargets", elbv2.deregister_targets(TargetGroupArn=tg, Targets=[{"Id": ids[1]}])))
        out.append(("DescribeTargetHealth", elbv2.describe_target_health(TargetGroupArn=tg, Targets=[{"Id": ids[1]}], Include=["All"])))
        cloud.advance(30)
        out.append(("DescribeTargetHealth", elbv2.describe_target_health(TargetGroupArn=tg)))
        out.append(("DescribeTargetGroupAttributes", elbv2.describe_target_group_attributes(TargetGroupArn=tg)))
        return out

    native_cloud = ec2lab.Cloud(seed=5)
    native = scenario(native_cloud, native_cloud.client("ec2"), native_cloud.client("elbv2"))
    with ec2lab.mock_aws(ec2lab.Cloud(seed=5)) as cloud:
        through = scenario(cloud, boto3.client("ec2", region_name=cloud.region), boto3.client("elbv2", region_name=cloud.region))
    strip = lambda v: {k: x for k, x in v.items() if k != "ResponseMetadata"}  # noqa: E731
    for (op, a), (_, b) in zip(through, native):
        botocore_shape("elbv2", op, a)
        assert strip(a) == strip(b), op
    states = {(d["Target"]["Port"], d["TargetHealth"]["State"], d["TargetHealth"].get("Reason")) for d in native[5][1]["TargetHealthDescriptions"]}
    assert states == {(8000, "healthy", None), (8001, "unhealthy", "Target.FailedHealthChecks")}, "nothing serves 8001"
    assert native[8][1]["TargetHealthDescriptions"][0]["TargetHealth"]["State"] == "draining"
    assert len(native[9][1]["TargetHealthDescriptions"]) == 2, "gone after the 20 s deregistration delay"
