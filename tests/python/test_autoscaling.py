"""Auto Scaling through the Python client and the notebook object: a group converges, scales
out and in, replaces a stopped instance, and draws its activity timeline."""
from __future__ import annotations

import ec2lab


def _group(cloud, desired=2, **extra):
    ec2 = cloud.client("ec2")
    image = ec2.describe_images(Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])["Images"][0]["ImageId"]
    ec2.create_launch_template(LaunchTemplateName="web", LaunchTemplateData={"ImageId": image, "InstanceType": "t3.micro"})
    subnets = sorted((s["AvailabilityZone"], s["SubnetId"]) for s in ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"])[:2]
    cloud.client("autoscaling").create_auto_scaling_group(
        AutoScalingGroupName="web-asg", LaunchTemplate={"LaunchTemplateName": "web", "Version": "$Latest"}, MinSize=1, MaxSize=6,
        DesiredCapacity=desired, VPCZoneIdentifier=",".join(s for _, s in subnets), **extra)
    return cloud.autoscaling_group("web-asg")


def test_group_object_scales_out_and_in_and_draws_its_activities():
    cloud = ec2lab.Cloud(seed=1)
    g = _group(cloud)
    assert repr(g) == "AutoScalingGroup('web-asg', region='us-east-1')"
    g.wait_until_in_service()
    assert len(g.instance_ids()) == 2
    g.set_desired_capacity(4).wait_until_in_service()
    assert len(g.instance_ids()) == 4
    assert sorted({i["AvailabilityZone"] for i in g.instances}) == ["us-east-1a", "us-east-1b"]
    g.set_desired_capacity(1).wait_until_in_service()
    assert g.desired_capacity == 1 and len(g.instances) == 1
    acts = g.activities
    assert acts[0]["Description"].startswith("Terminating EC2 instance: i-")
    assert sum(a["Description"].startswith("Launching") for a in acts) == 4
    steps = g.timeline()
    assert [d for _, d, _ in steps][-1] == 1 and max(s for _, _, s in steps) == 4
    svg = g.activity_svg()
    assert svg.startswith("<svg") and "desired capacity" in svg
    html = g._repr_html_()
    assert "web-asg" in html and "InService" in html and "<svg" in html


def test_a_stopped_instance_is_replaced():
    cloud = ec2lab.Cloud(seed=2)
    g = _group(cloud, HealthCheckGracePeriod=300)
    g.wait_until_in_service()
    victim = g.instance_ids()[0]
    cloud.client("ec2").stop_instances(InstanceIds=[victim])
    cloud.advance(240)
    g.wait_until_in_service()
    assert victim not in g.instance_ids()
    causes = [a["Cause"] for a in g.activities]
    assert any("EC2 health check indicating it has been terminated or stopped" in c for c in causes)


def test_a_deleted_group_still_shows_its_history():
    cloud = ec2lab.Cloud(seed=3)
    g = _group(cloud, desired=1)
    g.wait_until_in_service()
    g.delete(force=True)
    cloud.advance(300)
    assert "no Auto Scaling group" in g._repr_html_()
    assert len(g.activities) == 2


def test_the_activity_chart_runs_on_to_now_through_a_quiet_stretch():
    cloud = ec2lab.Cloud(seed=4)
    g = _group(cloud, desired=1)
    g.wait_until_in_service()
    short = g.activity_svg()
    cloud.advance(3600)  # an hour with no activity
    long = g.activity_svg()
    import re

    def axis_end(svg):
        return max(int(m) for m in re.findall(r">(\d+) min</text>", svg))

    assert axis_end(short) <= 5
    assert axis_end(long) >= 60  # the axis ends at now, an hour later
