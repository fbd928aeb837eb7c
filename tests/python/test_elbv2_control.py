"""The ELB control plane through the client: every load balancer, listener, rule, tag and limit
operation answers in botocore's output shape, and each refusal carries AWS's code and message,
hints in English and Korean, and leaves the world (ELB and EC2 sides) exactly as it was."""
from __future__ import annotations

import pytest

import ec2lab
from botocore_shapes import assert_botocore_shape
from test_refusals import Case, Lab, _params, check_refusal, world

CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c"
UNKNOWN_TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nope/0123456789abcdef"


class ElbLab(Lab):
    """The notes' lab without instances: an ALB in two default subnets, a target group, an HTTP
    listener on 80 forwarding to it, and a `/books/*` rule at priority 10."""

    def __init__(self, cloud: ec2lab.Cloud):
        super().__init__(cloud)
        self.elb = cloud.client("elbv2")
        subnets = self.ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]
        self.subnets = [s["SubnetId"] for s in sorted(subnets, key=lambda s: s["AvailabilityZone"])]
        self.vpc = subnets[0]["VpcId"]
        self.lb = self.elb.create_load_balancer(Name="web", Subnets=self.subnets[:2])["LoadBalancers"][0]["LoadBalancerArn"]
        self.tg = self.target_group("web-tg")
        self.listener = self.elb.create_listener(LoadBalancerArn=self.lb, Protocol="HTTP", Port=80, DefaultActions=forward(self.tg))["Listeners"][0]["ListenerArn"]
        self.rule = self.path_rule(10, "/books/*")["Rules"][0]["RuleArn"]
        self.default_rule = [r for r in self.elb.describe_rules(ListenerArn=self.listener)["Rules"] if r["IsDefault"]][0]["RuleArn"]

    def target_group(self, name: str, protocol: str = "HTTP", vpc: str = None) -> str:
        return self.elb.create_target_group(Name=name, Protocol=protocol, Port=8000, VpcId=vpc or self.vpc)["TargetGroups"][0]["TargetGroupArn"]

    def path_rule(self, priority: int, path: str, tg: str = None):
        return self.elb.create_rule(ListenerArn=self.listener, Priority=priority, Conditions=[{"Field": "path-pattern", "Values": [path]}], Actions=forward(tg or self.tg))


def forward(tg: str) -> list:
    return [{"Type": "forward", "TargetGroupArn": tg}]


def _strip(d):
    return {k: v for k, v in d.items() if k != "ResponseMetadata"}


def elb_world(lab: ElbLab) -> dict:
    """Everything a refused ELB call could have changed, as the clients see it (plus EC2's side:
    the nodes are ENIs)."""
    elb = lab.elb
    lbs = elb.describe_load_balancers()["LoadBalancers"]
    out = {"ec2": world(lab), "enis": _strip(lab.ec2.describe_network_interfaces()), "lbs": lbs, "tgs": elb.describe_target_groups()["TargetGroups"]}
    arns = [lab.tg]
    for lb in lbs:
        arn = lb["LoadBalancerArn"]
        arns.append(arn)
        out[arn] = elb.describe_load_balancer_attributes(LoadBalancerArn=arn)["Attributes"]
        for li in elb.describe_listeners(LoadBalancerArn=arn)["Listeners"]:
            out[li["ListenerArn"]] = (li, elb.describe_rules(ListenerArn=li["ListenerArn"])["Rules"])
            arns.append(li["ListenerArn"])
    out["tags"] = elb.describe_tags(ResourceArns=arns[:20])["TagDescriptions"]
    return out


# --- every operation answers in botocore's shape ----------------------------------------------


def test_every_control_operation_answers_in_botocore_shape():
    lab = ElbLab(ec2lab.Cloud(seed=0))
    elb = lab.elb
    second = lab.path_rule(20, "/api/*")["Rules"][0]["RuleArn"]
    group = lab.ec2.create_security_group(GroupName="lb", Description="lb", VpcId=lab.vpc)["GroupId"]
    calls = {
        "CreateLoadBalancer": lambda: elb.create_load_balancer(Name="nlb", Subnets=lab.subnets[:1], Type="network", Tags=[{"Key": "k", "Value": "v"}]),
        "DescribeLoadBalancers": lambda: elb.describe_load_balancers(PageSize=1),
        "DescribeLoadBalancerAttributes": lambda: elb.describe_load_balancer_attributes(LoadBalancerArn=lab.lb),
        "ModifyLoadBalancerAttributes": lambda: elb.modify_load_balancer_attributes(LoadBalancerArn=lab.lb, Attributes=[{"Key": "idle_timeout.timeout_seconds", "Value": "90"}]),
        "SetSecurityGroups": lambda: elb.set_security_groups(LoadBalancerArn=lab.lb, SecurityGroups=[group]),
        "SetSubnets": lambda: elb.set_subnets(LoadBalancerArn=lab.lb, Subnets=lab.subnets[:3]),
        "CreateListener": lambda: elb.create_listener(LoadBalancerArn=lab.lb, Protocol="HTTPS", Port=443, Certificates=[{"CertificateArn": CERT}],
                                                      DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404", "ContentType": "text/plain", "MessageBody": "no"}}]),
        "ModifyListener": lambda: elb.modify_listener(ListenerArn=lab.listener, Port=8080),
        "DescribeListeners": lambda: elb.describe_listeners(LoadBalancerArn=lab.lb),
        "CreateRule": lambda: elb.create_rule(ListenerArn=lab.listener, Priority=30, Conditions=[{"Field": "host-header", "HostHeaderConfig": {"Values": ["*.example.com"]}}],
                                              Actions=[{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}]),
        "ModifyRule": lambda: elb.modify_rule(RuleArn=lab.rule, Conditions=[{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/books", "/books/*"]}}]),
        "SetRulePriorities": lambda: elb.set_rule_priorities(RulePriorities=[{"RuleArn": lab.rule, "Priority": 20}, {"RuleArn": second, "Priority": 10}]),
        "DescribeRules": lambda: elb.describe_rules(ListenerArn=lab.listener),
        "DeleteRule": lambda: elb.delete_rule(RuleArn=second),
        "AddTags": lambda: elb.add_tags(ResourceArns=[lab.lb, lab.listener, lab.rule, lab.tg], Tags=[{"Key": "env", "Value": "dev"}]),
        "DescribeTags": lambda: elb.describe_tags(ResourceArns=[lab.lb, lab.listener, lab.rule, lab.tg]),
        "RemoveTags": lambda: elb.remove_tags(ResourceArns=[lab.lb], TagKeys=["env"]),
        "DescribeAccountLimits": lambda: elb.describe_account_limits(),
        "DeleteListener": lambda: elb.delete_listener(ListenerArn=lab.listener),
        "DeleteLoadBalancer": lambda: elb.delete_load_balancer(LoadBalancerArn=lab.lb),
    }
    mine = {"CreateLoadBalancer", "DescribeLoadBalancers", "DeleteLoadBalancer", "DescribeLoadBalancerAttributes", "ModifyLoadBalancerAttributes",
            "SetSecurityGroups", "SetSubnets", "CreateListener", "ModifyListener", "DeleteListener", "DescribeListeners", "CreateRule", "ModifyRule",
            "SetRulePriorities", "DeleteRule", "DescribeRules", "AddTags", "RemoveTags", "DescribeTags", "DescribeAccountLimits"}
    assert set(calls) == mine
    assert mine <= set(ec2lab._core.Core.implemented_operations("elbv2"))
    for op, call in calls.items():
        assert_botocore_shape("elbv2", op, call())


def test_load_balancer_available_waiter_and_describe_by_name():
    lab = ElbLab(ec2lab.Cloud(seed=0))
    lb = lab.elb.describe_load_balancers(Names=["web"])["LoadBalancers"][0]
    assert lb["State"] == {"Code": "provisioning"}
    assert lb["DNSName"].startswith("web-") and lb["DNSName"].endswith(".us-east-1.elb.amazonaws.com")
    start = lab.cloud.now
    lab.elb.get_waiter("load_balancer_available").wait(Names=["web"])
    assert lab.elb.describe_load_balancers(Names=["web"])["LoadBalancers"][0]["State"] == {"Code": "active"}
    assert 120 <= (lab.cloud.now - start).total_seconds() <= 195  # seeded 2-3 minutes, polled every 15 s


def test_rules_describe_in_order_with_string_priorities():
    lab = ElbLab(ec2lab.Cloud(seed=0))
    lab.path_rule(5, "/api/*")
    rules = lab.elb.describe_rules(ListenerArn=lab.listener)["Rules"]
    assert [r["Priority"] for r in rules] == ["5", "10", "default"]
    assert [r["IsDefault"] for r in rules] == [False, False, True]
    assert rules[1]["Conditions"][0]["PathPatternConfig"] == {"Values": ["/books/*"]}


# --- refusals -----------------------------------------------------------------------------------


def elb_lab(cloud):
    return ElbLab(cloud)


def other_lb(cloud):
    lab = ElbLab(cloud)
    lab.other = lab.elb.create_load_balancer(Name="other", Subnets=lab.subnets[:2])["LoadBalancers"][0]["LoadBalancerArn"]
    return lab


def protected(cloud):
    lab = ElbLab(cloud)
    lab.elb.modify_load_balancer_attributes(LoadBalancerArn=lab.lb, Attributes=[{"Key": "deletion_protection.enabled", "Value": "true"}])
    return lab


def tcp_group(cloud):
    lab = ElbLab(cloud)
    lab.tcp = lab.target_group("tcp-tg", "TCP")
    return lab


def no_igw_vpc(cloud):
    lab = ElbLab(cloud)
    vpc = lab.ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    lab.bare = [lab.ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{i}.0/24", AvailabilityZone=az)["Subnet"]["SubnetId"] for i, az in ((1, "us-east-1a"), (2, "us-east-1b"))]
    lab.bare_vpc = vpc
    return lab


def _lb(lab, **kw):
    return lab.elb.create_load_balancer(**{"Name": "x", "Subnets": lab.subnets[:2], **kw})


CASES = [
    Case("create-one-subnet", elb_lab, lambda lab: _lb(lab, Subnets=lab.subnets[:1]), "ValidationError",
         message="At least two subnets in two different Availability Zones must be specified"),
    Case("create-same-name-other-settings", elb_lab, lambda lab: _lb(lab, Name="web", Scheme="internal"), "DuplicateLoadBalancerName",
         message="A load balancer with the same name 'web' exists, but with different settings"),
    Case("create-name-too-long", elb_lab, lambda lab: _lb(lab, Name="a" * 33), "ValidationError", mentions=lambda lab: ("32",)),
    Case("create-name-hyphen", elb_lab, lambda lab: _lb(lab, Name="web-"), "ValidationError", mentions=lambda lab: ("web-",)),
    Case("create-name-internal", elb_lab, lambda lab: _lb(lab, Name="internal-web"), "ValidationError", mentions=lambda lab: ("internal-",)),
    Case("create-unknown-subnet", elb_lab, lambda lab: _lb(lab, Subnets=[lab.subnets[0], "subnet-0123456789abcdef0"]), "SubnetNotFound",
         mentions=lambda lab: ("subnet-0123456789abcdef0",)),
    Case("create-unknown-group", elb_lab, lambda lab: _lb(lab, SecurityGroups=["sg-0123456789abcdef0"]), "InvalidSecurityGroup",
         mentions=lambda lab: ("sg-0123456789abcdef0",)),
    Case("create-gateway-with-groups", elb_lab, lambda lab: _lb(lab, Type="gateway", SecurityGroups=["sg-0123456789abcdef0"]), "ValidationError"),
    Case("create-internet-facing-without-igw", no_igw_vpc, lambda lab: _lb(lab, Subnets=lab.bare), "InvalidSubnet",
         message=lambda lab: f"VPC {lab.bare_vpc} has no internet gateway"),
    Case("create-subnets-of-two-vpcs", no_igw_vpc, lambda lab: _lb(lab, Subnets=[lab.subnets[0], lab.bare[1]], Scheme="internal"), "InvalidConfigurationRequest"),
    Case("create-duplicate-tag-keys", elb_lab, lambda lab: _lb(lab, Tags=[{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}]), "DuplicateTagKeys"),
    Case("describe-unknown-name", elb_lab, lambda lab: lab.elb.describe_load_balancers(Names=["nope"]), "LoadBalancerNotFound",
         message="Load balancers '[nope]' not found"),
    Case("delete-protected", protected, lambda lab: lab.elb.delete_load_balancer(LoadBalancerArn=lab.lb), "OperationNotPermitted",
         message=lambda lab: f"Load balancer '{lab.lb}' cannot be deleted because deletion protection is enabled"),
    Case("attribute-out-of-range", elb_lab,
         lambda lab: lab.elb.modify_load_balancer_attributes(LoadBalancerArn=lab.lb, Attributes=[{"Key": "idle_timeout.timeout_seconds", "Value": "4001"}]),
         "ValidationError", mentions=lambda lab: ("4001", "idle_timeout.timeout_seconds")),
    Case("attribute-unknown", elb_lab,
         lambda lab: lab.elb.modify_load_balancer_attributes(LoadBalancerArn=lab.lb, Attributes=[{"Key": "nope", "Value": "1"}]),
         "ValidationError", message="Load balancer attribute key 'nope' is not recognized"),
    Case("listener-duplicate-port", elb_lab,
         lambda lab: lab.elb.create_listener(LoadBalancerArn=lab.lb, Protocol="HTTP", Port=80, DefaultActions=forward(lab.tg)), "DuplicateListener",
         message="A listener already exists on this port for this load balancer"),
    Case("listener-tcp-on-alb", elb_lab,
         lambda lab: lab.elb.create_listener(LoadBalancerArn=lab.lb, Protocol="TCP", Port=81, DefaultActions=forward(lab.tg)), "UnsupportedProtocol",
         mentions=lambda lab: ("TCP", "application")),
    Case("listener-https-without-certificate", elb_lab,
         lambda lab: lab.elb.create_listener(LoadBalancerArn=lab.lb, Protocol="HTTPS", Port=443, DefaultActions=forward(lab.tg)), "ValidationError",
         message="A certificate must be specified for HTTPS listeners"),
    Case("listener-unknown-group", elb_lab,
         lambda lab: lab.elb.create_listener(LoadBalancerArn=lab.lb, Protocol="HTTP", Port=81, DefaultActions=forward(UNKNOWN_TG)), "TargetGroupNotFound"),
    Case("listener-incompatible-group", tcp_group,
         lambda lab: lab.elb.create_listener(LoadBalancerArn=lab.lb, Protocol="HTTP", Port=81, DefaultActions=forward(lab.tcp)), "IncompatibleProtocols"),
    Case("listener-group-of-another-lb", other_lb,
         lambda lab: lab.elb.create_listener(LoadBalancerArn=lab.other, Protocol="HTTP", Port=80, DefaultActions=forward(lab.tg)), "TargetGroupAssociationLimit",
         message=lambda lab: f"The following target groups cannot be associated with more than one load balancer: {lab.tg}"),
    Case("listener-not-found", elb_lab, lambda lab: lab.elb.delete_listener(ListenerArn=lab.listener + "0"), "ListenerNotFound"),
    Case("rule-priority-in-use", elb_lab, lambda lab: lab.path_rule(10, "/x"), "PriorityInUse", message="Priority '10' is currently in use"),
    Case("rule-priority-too-high", elb_lab, lambda lab: lab.path_rule(50001, "/x"), "ValidationError", mentions=lambda lab: ("50001",)),
    Case("rule-without-conditions", elb_lab,
         lambda lab: lab.elb.create_rule(ListenerArn=lab.listener, Priority=11, Conditions=[], Actions=forward(lab.tg)), "ValidationError"),
    Case("delete-default-rule", elb_lab, lambda lab: lab.elb.delete_rule(RuleArn=lab.default_rule), "OperationNotPermitted",
         message=lambda lab: f"Default rule '{lab.default_rule}' cannot be deleted"),
    Case("modify-default-rule", elb_lab, lambda lab: lab.elb.modify_rule(RuleArn=lab.default_rule, Actions=forward(lab.tg)), "OperationNotPermitted"),
    Case("reprioritize-default-rule", elb_lab,
         lambda lab: lab.elb.set_rule_priorities(RulePriorities=[{"RuleArn": lab.default_rule, "Priority": 1}]), "OperationNotPermitted"),
    Case("rule-not-found", elb_lab, lambda lab: lab.elb.delete_rule(RuleArn=lab.rule + "0"), "RuleNotFound"),
    Case("tags-too-many", elb_lab,
         lambda lab: lab.elb.add_tags(ResourceArns=[lab.lb], Tags=[{"Key": f"k{i}", "Value": ""} for i in range(51)]), "TooManyTags"),
    Case("tags-unknown-target-group", elb_lab,
         lambda lab: lab.elb.add_tags(ResourceArns=[lab.lb, UNKNOWN_TG], Tags=[{"Key": "a", "Value": "b"}]), "TargetGroupNotFound"),
    Case("tags-reserved-prefix", elb_lab, lambda lab: lab.elb.add_tags(ResourceArns=[lab.lb], Tags=[{"Key": "aws:x", "Value": "b"}]), "ValidationError"),
]


@pytest.mark.parametrize("case", _params(CASES))
def test_elbv2_refusal(case: Case):
    assert check_refusal(case, elb_world).unchanged


def test_real_boto3_through_the_bridge():
    """boto3 (via ec2lab.mock_aws) builds the same lab and gets botocore's exception classes."""
    boto3 = pytest.importorskip("boto3")
    with ec2lab.mock_aws():
        ec2 = boto3.client("ec2", region_name="us-east-1")
        elb = boto3.client("elbv2", region_name="us-east-1")
        subnets = sorted(ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"], key=lambda s: s["AvailabilityZone"])
        vpc = subnets[0]["VpcId"]
        lb = elb.create_load_balancer(Name="web", Subnets=[s["SubnetId"] for s in subnets[:2]])["LoadBalancers"][0]
        assert isinstance(lb["CreatedTime"], __import__("datetime").datetime)
        tg = elb.create_target_group(Name="tg", Protocol="HTTP", Port=8000, VpcId=vpc)["TargetGroups"][0]["TargetGroupArn"]
        listener = elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80, DefaultActions=forward(tg))["Listeners"][0]["ListenerArn"]
        rule = dict(ListenerArn=listener, Priority=10, Conditions=[{"Field": "path-pattern", "Values": ["/books/*"]}], Actions=forward(tg))
        elb.create_rule(**rule)
        with pytest.raises(elb.exceptions.PriorityInUseException):
            elb.create_rule(**rule)
        with pytest.raises(elb.exceptions.DuplicateListenerException):
            elb.create_listener(LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTP", Port=80, DefaultActions=forward(tg))
        elb.get_waiter("load_balancer_available").wait(Names=["web"])
