"""The instructor's solution of the alarms-and-scaling lab: a launch template whose servers serve
the shop from boot, a group of 2–4 behind the load balancer with ELB health checks, an e-mail
topic, a CPU alarm that notifies it and a target-tracking policy at 50 % CPU."""
from __future__ import annotations


def solve(cloud) -> None:
    ec2, autoscaling, sns, cw = (cloud.client(s) for s in ("ec2", "autoscaling", "sns", "cloudwatch"))
    web_sg = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": ["web-sg"]}])["SecurityGroups"][0]["GroupId"]
    image = ec2.describe_images(Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])["Images"][0]["ImageId"]
    ec2.create_launch_template(LaunchTemplateName="web", LaunchTemplateData={
        "ImageId": image, "InstanceType": "t3.micro", "SecurityGroupIds": [web_sg], "Monitoring": {"Enabled": True}})
    cloud.serve_on_launch("web", 8000, {"/health": "ok", "/*": "Welcome to the shop"})  # what its user data would start

    subnets = sorted(cloud.default_vpc().subnets, key=lambda s: s.az)[:2]
    tg = cloud.client("elbv2").describe_target_groups(Names=["web"])["TargetGroups"][0]["TargetGroupArn"]
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName="web-asg", LaunchTemplate={"LaunchTemplateName": "web", "Version": "$Default"}, MinSize=2, MaxSize=4,
        VPCZoneIdentifier=",".join(s.id for s in subnets), TargetGroupARNs=[tg], HealthCheckType="ELB", HealthCheckGracePeriod=120)

    topic = sns.create_topic(Name="ops")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
    cloud.inbox("ops@example.com").latest.confirm()
    cw.put_metric_alarm(AlarmName="cpu-high", Namespace="AWS/EC2", MetricName="CPUUtilization",
                        Dimensions=[{"Name": "AutoScalingGroupName", "Value": "web-asg"}], Statistic="Average", Period=60,
                        EvaluationPeriods=2, DatapointsToAlarm=2, Threshold=70.0, ComparisonOperator="GreaterThanThreshold", AlarmActions=[topic])
    autoscaling.put_scaling_policy(AutoScalingGroupName="web-asg", PolicyName="cpu-50", PolicyType="TargetTrackingScaling",
                                   TargetTrackingConfiguration={"PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"},
                                                                "TargetValue": 50.0})
    cloud.autoscaling_group("web-asg").wait_until_in_service()
    cloud.advance(120)  # the load balancer's health checks pass
