"""The alarms-and-scaling lab: the solution earns full marks; realistic wrong submissions earn
the partial marks and the feedback expected, after a save/load round trip; the load test runs in
a copy, so grading leaves the cloud as it was."""
from __future__ import annotations

import pytest

import ec2lab
import ec2lab.labs
import lab_steps

LAB = ec2lab.labs.get("alarms_and_scaling")
FULL = {"launch-template": 2, "group": 3, "email": 2, "alarm": 3, "policy": 2, "scales-out": 3}


def work(cloud, instance_type="t3.micro", monitoring=True, serve=True, health="ELB", azs=2, confirm=True, dimension="group", actions=True,
         policy=50.0, wait=True):
    """The lab done by a student who may get one thing wrong."""
    ec2, autoscaling, sns, cw = (cloud.client(s) for s in ("ec2", "autoscaling", "sns", "cloudwatch"))
    web_sg = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["web-sg"]}])["SecurityGroups"][0]["GroupId"]
    image = ec2.describe_images(Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])["Images"][0]["ImageId"]
    ec2.create_launch_template(LaunchTemplateName="web", LaunchTemplateData={
        "ImageId": image, "InstanceType": instance_type, "SecurityGroupIds": [web_sg], "Monitoring": {"Enabled": monitoring}})
    if serve:
        cloud.serve_on_launch("web", 8000, {"/health": "ok", "/*": "shop"})
    subnets = sorted(cloud.default_vpc().subnets, key=lambda s: s.az)[:azs]
    tg = cloud.client("elbv2").describe_target_groups(Names=["web"])["TargetGroups"][0]["TargetGroupArn"]
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="web-asg", LaunchTemplate={"LaunchTemplateName": "web"}, MinSize=2, MaxSize=4,
        VPCZoneIdentifier=",".join(s.id for s in subnets), TargetGroupARNs=[tg], HealthCheckType=health, HealthCheckGracePeriod=120)
    topic = sns.create_topic(Name="ops")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
    if confirm:
        cloud.inbox("ops@example.com").latest.confirm()
    dims = {"group": [{"Name": "AutoScalingGroupName", "Value": "web-asg"}]}.get(dimension, [])
    cw.put_metric_alarm(AlarmName="cpu-high", Namespace="AWS/EC2", MetricName="CPUUtilization", Dimensions=dims, Statistic="Average", Period=60,
                        EvaluationPeriods=2, Threshold=70.0, ComparisonOperator="GreaterThanThreshold", AlarmActions=[topic] if actions else [])
    if policy:
        autoscaling.put_scaling_policy(AutoScalingGroupName="web-asg", PolicyName="cpu", PolicyType="TargetTrackingScaling",
                                       TargetTrackingConfiguration={"PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"},
                                                                    "TargetValue": policy})
    if wait:
        cloud.advance(600)


def graded(tmp_path, **how):
    return lab_steps.graded(LAB, tmp_path, work, **how)


def test_the_lab_is_listed_with_its_files_and_starts_with_the_load_balancer():
    assert "alarms_and_scaling" in ec2lab.labs.names()
    assert (LAB.seed, LAB.region, LAB.max_score) == (2041, "ap-northeast-2", 15)
    assert "CPU" in LAB.title() and "serve_on_launch" in LAB.readme()
    lab_steps.starter_cells(LAB)
    cloud = LAB.start()
    assert cloud.load_balancer("web-alb").describe()["Scheme"] == "internet-facing"


def test_the_starter_notebook_runs_and_saves_a_submission(tmp_path, monkeypatch):
    scope = lab_steps.run_starter(LAB, tmp_path, monkeypatch)
    assert scope["lab"].check(scope["cloud"]).score == 0
    assert LAB.grade_file(tmp_path / "alarms_and_scaling.json").score == 0


def test_the_solution_earns_full_marks_and_grading_changes_nothing(tmp_path):
    cloud = LAB.start()
    LAB.solve(cloud)
    before = cloud.digest
    assert LAB.check(cloud).score == 15
    assert cloud.digest == before  # the load test ran in a copy
    cloud.save(tmp_path / "solution.json")
    report = LAB.grade_file(tmp_path / "solution.json")
    assert report.points() == FULL and report.score == report.max_score == 15
    assert all(r.feedback["en"] == "" for r in report.results)


def test_an_empty_submission_earns_nothing():
    report = LAB.grade(LAB.start(), lang="ko")
    assert report.score == 0
    assert report["group"].feedback["ko"] == "web-asg(이)라는 이름의 Auto Scaling 그룹이 없습니다."


CASES = [
    # (how the student went wrong, points that differ from full marks, the feedback it must show)
    (
        dict(monitoring=False),  # basic monitoring: no 1-minute datapoints for a 60 s alarm
        {"launch-template": 1.5, "scales-out": 1.5},  # no alarm, no e-mail; target tracking still scales (5-minute data)
        ("launch-template", "Instances from web get basic (5-minute) monitoring, not detailed (1-minute)."),
    ),
    (
        dict(serve=False),  # nothing answers the health checks: the group never gets healthy servers
        None,
        ("group", "0 of web-asg's servers pass the load balancer's health checks, not 2 (does each one serve on port 8000 when it boots?)."),
    ),
    (dict(health="EC2"), {"group": 2.5}, ("group", "web-asg replaces a server only when EC2 says it is broken, not when the load balancer's health checks fail.")),
    (dict(azs=1), {"group": 2.5}, ("group", "web-asg launches in 1 Availability Zone(s), not two or more.")),
    (
        dict(confirm=False),
        {"email": 1, "scales-out": 2.5},
        ("email", "The subscription of ops@example.com is still waiting for its confirmation: nothing is delivered yet."),
    ),
    (
        dict(dimension="none"),  # the alarm watches a metric nobody publishes
        None,
        ("alarm", "cpu-high does not watch the CPUUtilization of the whole group web-asg (AWS/EC2, by group)."),
    ),
    (dict(actions=False), None, ("alarm", "Going into ALARM, cpu-high does not notify topic ops.")),
    (dict(policy=None), None, ("policy", "web-asg has no target-tracking scaling policy.")),
    (dict(policy=80.0), None, ("policy", "web-asg keeps its average CPU at 80 %, not 50 %.")),
    (dict(instance_type="t3.small"), {"launch-template": 1.5}, ("launch-template", "The default version of web launches t3.small, not t3.micro.")),
    (
        dict(instance_type="t2.micro"),  # Seoul has no t2 in ap-northeast-2b: the group launches both servers in 2a instead
        {"launch-template": 1.5},
        ("launch-template", "The default version of web launches t2.micro, not t3.micro."),
    ),
]


@pytest.mark.parametrize("how, points, feedback", CASES, ids=[f"{i}-" + "-".join(f"{k}={v}" for k, v in c[0].items()) for i, c in enumerate(CASES)])
def test_a_wrong_submission_earns_the_expected_partial_marks(tmp_path, how, points, feedback):
    report = graded(tmp_path, **how)
    print(report.points())
    if points is not None:
        assert report.points() == {**FULL, **points}
    assert report.score < 15
    check_id, text = feedback
    assert report[check_id].feedback["en"] == text
    assert report[check_id].feedback["ko"] and report[check_id].feedback["ko"] != text
