"""Every implemented EC2 operation, called on a small world with an instance in it, answers in
botocore's output shape. A new operation must add an example call here (the last test checks)."""
from __future__ import annotations

import pytest

import ec2lab
from ec2lab import _core
from network_calls import NETWORK_CALLS
from security_calls import SECURITY_CALLS


def world():
    cloud = ec2lab.Cloud(seed=0)
    ec2 = cloud.client("ec2")
    ec2.create_key_pair(KeyName="lab", KeyType="ed25519")
    image = ec2.describe_images(Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])["Images"][0]["ImageId"]
    ids = [i["InstanceId"] for i in ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=2, MaxCount=2,
                                                     TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]}])["Instances"]]
    cloud.advance(300)
    return cloud, ec2, image, ids


def _cloud(ec2):
    """The Cloud behind a client: ec2lab's own client knows it; a boto3 client (the bridge's
    tests reuse these calls) is answered by the active mock's cloud."""
    cloud = getattr(ec2, "_cloud", None)
    if cloud is None:
        from ec2lab.bridge import active_cloud

        cloud = active_cloud()
    return cloud


def _root_snapshot(ec2, image):
    """The public snapshot behind an AMI's root device (completed, so RegisterImage can use it)."""
    return ec2.describe_images(ImageIds=[image])["Images"][0]["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"]


def _volume(ec2, **kw):
    """An available volume in the instances' AZ."""
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", **{"Size": 1, **kw})["VolumeId"]
    _cloud(ec2).advance(10)
    return volume


def _attached(ec2, ids):
    volume = _volume(ec2)
    ec2.attach_volume(VolumeId=volume, InstanceId=ids[0], Device="/dev/sdf")
    _cloud(ec2).advance(10)
    return volume


def _snapshot(ec2):
    snapshot = ec2.create_snapshot(VolumeId=_volume(ec2), Description="data")["SnapshotId"]
    _cloud(ec2).advance(600)
    return snapshot


def _template(ec2, image):
    """A launch template with version 1 (ImageId, t3.micro, an instance tag)."""
    return ec2.create_launch_template(LaunchTemplateName="web-tpl", LaunchTemplateData={
        "ImageId": image, "InstanceType": "t3.micro", "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "app", "Value": "web"}]}]})["LaunchTemplate"]["LaunchTemplateId"]


# operation -> a call on (ec2, image, ids); every implemented operation has one.
CALLS = {
    "DescribeRegions": lambda ec2, image, ids: ec2.describe_regions(),
    "DescribeAvailabilityZones": lambda ec2, image, ids: ec2.describe_availability_zones(),
    "DescribeInstanceTypes": lambda ec2, image, ids: ec2.describe_instance_types(InstanceTypes=["t2.micro", "m5d.large", "c6gn.16xlarge"]),
    "DescribeInstanceTypeOfferings": lambda ec2, image, ids: ec2.describe_instance_type_offerings(LocationType="availability-zone", Filters=[{"Name": "instance-type", "Values": ["t3.*"]}]),
    "DescribeImages": lambda ec2, image, ids: ec2.describe_images(),
    "CreateImage": lambda ec2, image, ids: ec2.create_image(InstanceId=ids[0], Name="web-v1", NoReboot=True),
    "RegisterImage": lambda ec2, image, ids: ec2.register_image(Name="from-snapshot", RootDeviceName="/dev/xvda", Architecture="x86_64", VirtualizationType="hvm",
                                                               BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": _root_snapshot(ec2, image)}}]),
    "CopyImage": lambda ec2, image, ids: ec2.copy_image(SourceRegion="us-east-1", SourceImageId=image, Name="al2023-copy"),
    "DeregisterImage": lambda ec2, image, ids: ec2.deregister_image(ImageId=ec2.create_image(InstanceId=ids[0], Name="gone-soon")["ImageId"], DeleteAssociatedSnapshots=True),
    "ModifyImageAttribute": lambda ec2, image, ids: ec2.modify_image_attribute(ImageId=ec2.create_image(InstanceId=ids[0], Name="shared")["ImageId"],
                                                                               LaunchPermission={"Add": [{"UserId": "111122223333"}]}),
    "DescribeImageAttribute": lambda ec2, image, ids: ec2.describe_image_attribute(ImageId=image, Attribute="blockDeviceMapping"),
    "CreateKeyPair": lambda ec2, image, ids: ec2.create_key_pair(KeyName="new", KeyType="ed25519", TagSpecifications=[{"ResourceType": "key-pair", "Tags": [{"Key": "env", "Value": "lab"}]}]),
    "ImportKeyPair": lambda ec2, image, ids: ec2.import_key_pair(KeyName="mine", PublicKeyMaterial=b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA79YVPnHhDUk4ukn7K/KQyTi/RsvXNAV5KYUEKUDMuj me@laptop"),
    "DeleteKeyPair": lambda ec2, image, ids: ec2.delete_key_pair(KeyName="lab"),
    "DescribeKeyPairs": lambda ec2, image, ids: ec2.describe_key_pairs(IncludePublicKey=True),
    "CreateLaunchTemplate": lambda ec2, image, ids: ec2.create_launch_template(LaunchTemplateName="web", LaunchTemplateData={"ImageId": image, "InstanceType": "t3.micro"},
                                                                               TagSpecifications=[{"ResourceType": "launch-template", "Tags": [{"Key": "env", "Value": "lab"}]}]),
    "CreateLaunchTemplateVersion": lambda ec2, image, ids: ec2.create_launch_template_version(LaunchTemplateId=_template(ec2, image), SourceVersion="1",
                                                                                              LaunchTemplateData={"InstanceType": "t3.small"}),
    "DescribeLaunchTemplates": lambda ec2, image, ids: (_template(ec2, image), ec2.describe_launch_templates())[1],
    "DescribeLaunchTemplateVersions": lambda ec2, image, ids: ec2.describe_launch_template_versions(LaunchTemplateId=_template(ec2, image), Versions=["$Latest"]),
    "ModifyLaunchTemplate": lambda ec2, image, ids: ec2.modify_launch_template(LaunchTemplateId=_template(ec2, image), DefaultVersion="1"),
    "DeleteLaunchTemplate": lambda ec2, image, ids: ec2.delete_launch_template(LaunchTemplateId=_template(ec2, image)),
    "RunInstances": lambda ec2, image, ids: ec2.run_instances(ImageId=image, InstanceType="t2.micro", MinCount=1, MaxCount=1, KeyName="lab"),
    "DescribeInstances": lambda ec2, image, ids: ec2.describe_instances(),
    "StartInstances": lambda ec2, image, ids: ec2.start_instances(InstanceIds=ids),
    "StopInstances": lambda ec2, image, ids: ec2.stop_instances(InstanceIds=ids[:1]),
    "RebootInstances": lambda ec2, image, ids: ec2.reboot_instances(InstanceIds=ids),
    "TerminateInstances": lambda ec2, image, ids: ec2.terminate_instances(InstanceIds=ids[1:]),
    "ModifyInstanceAttribute": lambda ec2, image, ids: ec2.modify_instance_attribute(InstanceId=ids[0], DisableApiTermination={"Value": True}),
    "DescribeInstanceAttribute": lambda ec2, image, ids: ec2.describe_instance_attribute(InstanceId=ids[0], Attribute="blockDeviceMapping"),
    "DescribeInstanceStatus": lambda ec2, image, ids: ec2.describe_instance_status(IncludeAllInstances=True),
    "CreateVolume": lambda ec2, image, ids: ec2.create_volume(AvailabilityZone="us-east-1a", Size=8, VolumeType="gp3",
                                                           TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": "data"}]}]),
    "AttachVolume": lambda ec2, image, ids: ec2.attach_volume(VolumeId=_volume(ec2), InstanceId=ids[0], Device="/dev/sdf"),
    "DetachVolume": lambda ec2, image, ids: ec2.detach_volume(VolumeId=_attached(ec2, ids)),
    "DeleteVolume": lambda ec2, image, ids: ec2.delete_volume(VolumeId=_volume(ec2)),
    "ModifyVolume": lambda ec2, image, ids: ec2.modify_volume(VolumeId=_volume(ec2), Size=20, VolumeType="gp3", Iops=4000),
    "DescribeVolumesModifications": lambda ec2, image, ids: (ec2.modify_volume(VolumeId=_volume(ec2), Size=2), _cloud(ec2).advance(3600),
                                                             ec2.describe_volumes_modifications())[-1],
    "DescribeVolumes": lambda ec2, image, ids: (_attached(ec2, ids), ec2.describe_volumes())[-1],
    "DescribeVolumeStatus": lambda ec2, image, ids: ec2.describe_volume_status(VolumeIds=[_volume(ec2)]),
    "DescribeVolumeAttribute": lambda ec2, image, ids: ec2.describe_volume_attribute(VolumeId=_volume(ec2), Attribute="autoEnableIO"),
    "CreateSnapshot": lambda ec2, image, ids: ec2.create_snapshot(VolumeId=_volume(ec2), Description="first",
                                                               TagSpecifications=[{"ResourceType": "snapshot", "Tags": [{"Key": "k", "Value": "v"}]}]),
    "CreateSnapshots": lambda ec2, image, ids: ec2.create_snapshots(InstanceSpecification={"InstanceId": ids[0]}, CopyTagsFromSource="volume"),
    "DescribeSnapshots": lambda ec2, image, ids: (_snapshot(ec2), ec2.create_snapshot(VolumeId=_volume(ec2)), ec2.describe_snapshots())[-1],
    "DeleteSnapshot": lambda ec2, image, ids: ec2.delete_snapshot(SnapshotId=_snapshot(ec2)),
    "CopySnapshot": lambda ec2, image, ids: _cloud(ec2).client("ec2", "ap-northeast-2").copy_snapshot(SourceRegion="us-east-1", SourceSnapshotId=_snapshot(ec2)),
    "DescribeSnapshotAttribute": lambda ec2, image, ids: ec2.describe_snapshot_attribute(SnapshotId=_snapshot(ec2), Attribute="createVolumePermission"),
    "CreateTags": lambda ec2, image, ids: ec2.create_tags(Resources=ids, Tags=[{"Key": "env", "Value": "lab"}]),
    "DeleteTags": lambda ec2, image, ids: ec2.delete_tags(Resources=ids, Tags=[{"Key": "Name"}]),
    "DescribeTags": lambda ec2, image, ids: ec2.describe_tags(),
}

CALLS.update(NETWORK_CALLS)
CALLS.update(SECURITY_CALLS)


def _spot_requested(ec2, image):
    """A one-time Spot request for an m5.large, fulfilled a few virtual seconds later."""
    rid = ec2.request_spot_instances(LaunchSpecification={"ImageId": image, "InstanceType": "m5.large"})["SpotInstanceRequests"][0]["SpotInstanceRequestId"]
    _cloud(ec2).advance(10)
    return rid


def _ri_offering(ec2):
    return ec2.describe_reserved_instances_offerings(InstanceType="m5.large", OfferingType="Partial Upfront", MaxResults=5)["ReservedInstancesOfferings"][0]


# Purchase options (src/api/ec2/spot.rs, reserved.rs).
PURCHASE_CALLS = {
    "RequestSpotInstances": lambda ec2, image, ids: ec2.request_spot_instances(
        SpotPrice="0.09", InstanceCount=1, Type="persistent", InstanceInterruptionBehavior="stop",
        LaunchSpecification={"ImageId": image, "InstanceType": "m5.large", "Placement": {"AvailabilityZone": "us-east-1b"}},
        TagSpecifications=[{"ResourceType": "spot-instances-request", "Tags": [{"Key": "k", "Value": "v"}]}]),
    "DescribeSpotInstanceRequests": lambda ec2, image, ids: (_spot_requested(ec2, image), ec2.describe_spot_instance_requests())[1],
    "CancelSpotInstanceRequests": lambda ec2, image, ids: ec2.cancel_spot_instance_requests(SpotInstanceRequestIds=[_spot_requested(ec2, image)]),
    "DescribeSpotPriceHistory": lambda ec2, image, ids: ec2.describe_spot_price_history(InstanceTypes=["m5.large", "t3.micro"], ProductDescriptions=["Linux/UNIX"]),
    "DescribeReservedInstancesOfferings": lambda ec2, image, ids: ec2.describe_reserved_instances_offerings(InstanceType="m5.large", MaxResults=10),
    "PurchaseReservedInstancesOffering": lambda ec2, image, ids: ec2.purchase_reserved_instances_offering(
        ReservedInstancesOfferingId=_ri_offering(ec2)["ReservedInstancesOfferingId"], InstanceCount=1),
    "DescribeReservedInstances": lambda ec2, image, ids: (ec2.purchase_reserved_instances_offering(
        ReservedInstancesOfferingId=_ri_offering(ec2)["ReservedInstancesOfferingId"], InstanceCount=2), ec2.describe_reserved_instances())[1],
}
CALLS.update(PURCHASE_CALLS)

# CloudWatch monitoring and CPU credits (src/api/ec2/monitoring.rs).
MONITORING_EC2_CALLS = {
    "MonitorInstances": lambda ec2, image, ids: ec2.monitor_instances(InstanceIds=ids),
    "UnmonitorInstances": lambda ec2, image, ids: ec2.unmonitor_instances(InstanceIds=ids[:1]),
    "ModifyInstanceCreditSpecification": lambda ec2, image, ids: ec2.modify_instance_credit_specification(
        InstanceCreditSpecifications=[{"InstanceId": ids[0], "CpuCredits": "standard"}, {"InstanceId": "i-0123456789abcdef0", "CpuCredits": "standard"}]),
    "DescribeInstanceCreditSpecifications": lambda ec2, image, ids: ec2.describe_instance_credit_specifications(),
}
CALLS.update(MONITORING_EC2_CALLS)

ATTRIBUTES = ["instanceType", "kernel", "ramdisk", "userData", "disableApiTermination", "instanceInitiatedShutdownBehavior", "rootDeviceName",
              "blockDeviceMapping", "productCodes", "sourceDestCheck", "groupSet", "ebsOptimized", "sriovNetSupport", "enaSupport", "enclaveOptions",
              "disableApiStop"]


@pytest.mark.parametrize("operation", sorted(CALLS))
def test_response_has_the_botocore_shape(operation, botocore_shape):
    cloud, ec2, image, ids = world()
    response = CALLS[operation](ec2, image, ids)
    botocore_shape("ec2", operation, response)


IMAGE_ATTRIBUTES = ["description", "kernel", "ramdisk", "launchPermission", "productCodes", "blockDeviceMapping", "sriovNetSupport", "bootMode",
                    "tpmSupport", "uefiData", "lastLaunchedTime", "imdsSupport", "deregistrationProtection"]


@pytest.mark.parametrize("attribute", IMAGE_ATTRIBUTES)
def test_every_image_attribute_has_the_botocore_shape(attribute, botocore_shape):
    cloud, ec2, image, ids = world()
    mine = ec2.create_image(InstanceId=ids[0], Name="web-v1")["ImageId"]
    response = ec2.describe_image_attribute(ImageId=mine, Attribute=attribute)
    botocore_shape("ec2", "DescribeImageAttribute", response)
    assert len([k for k in response if k not in ("ImageId", "ResponseMetadata")]) == 1, response


def test_a_custom_image_at_every_stage_has_the_botocore_shape(botocore_shape):
    cloud, ec2, image, ids = world()
    mine = ec2.create_image(InstanceId=ids[0], Name="web-v1", TagSpecifications=[{"ResourceType": "image", "Tags": [{"Key": "app", "Value": "web"}]}])["ImageId"]
    botocore_shape("ec2", "DescribeImages", ec2.describe_images(Owners=["self"]))
    cloud.advance(3600)
    botocore_shape("ec2", "DescribeImages", ec2.describe_images(ImageIds=[mine]))
    seoul = cloud.client("ec2", "ap-northeast-2")
    copy = seoul.copy_image(SourceRegion="us-east-1", SourceImageId=mine, Name="web-v1", CopyImageTags=True)["ImageId"]
    botocore_shape("ec2", "DescribeImages", seoul.describe_images(ImageIds=[copy]))
    botocore_shape("ec2", "DeregisterImage", ec2.deregister_image(ImageId=mine, DeleteAssociatedSnapshots=True))


@pytest.mark.parametrize("attribute", ATTRIBUTES)
def test_every_instance_attribute_has_the_botocore_shape(attribute, botocore_shape):
    cloud, ec2, image, ids = world()
    response = ec2.describe_instance_attribute(InstanceId=ids[0], Attribute=attribute)
    botocore_shape("ec2", "DescribeInstanceAttribute", response)
    assert len([k for k in response if k not in ("InstanceId", "ResponseMetadata")]) == 1, response


def test_every_stage_of_the_lifecycle_has_the_botocore_shape(botocore_shape):
    cloud, ec2, image, ids = world()
    ec2.stop_instances(InstanceIds=ids[:1])
    ec2.terminate_instances(InstanceIds=ids[1:])
    for _ in range(4):
        botocore_shape("ec2", "DescribeInstances", ec2.describe_instances())
        botocore_shape("ec2", "DescribeInstanceStatus", ec2.describe_instance_status(IncludeAllInstances=True))
        cloud.advance(30)


def test_every_implemented_operation_has_an_example():
    assert sorted(CALLS) == sorted(_core.Core.implemented_operations("ec2"))


def _changed(ebs, ec2, ids):
    """Two snapshots of one volume, the second after a write (through the guest view)."""
    volume = _attached(ec2, ids)
    first = ec2.create_snapshot(VolumeId=volume)["SnapshotId"]
    lab = _cloud(ec2).client("ec2lab")
    lab.mount(InstanceId=ids[0], DeviceName="/dev/sdf", Path="/data")
    lab.write_file(InstanceId=ids[0], Path="/data/a.txt", Data="aGVsbG8=")
    second = ec2.create_snapshot(VolumeId=volume)["SnapshotId"]
    _cloud(ec2).advance(600)
    return first, second


def _block(ebs, ec2, ids):
    first, second = _changed(ebs, ec2, ids)
    block = ebs.list_snapshot_blocks(SnapshotId=second)["Blocks"][0]
    return ebs.get_snapshot_block(SnapshotId=second, BlockIndex=block["BlockIndex"], BlockToken=block["BlockToken"])


# The EBS direct APIs (service "ebs"): operation -> a call on (ebs, ec2, ids).
EBS_CALLS = {
    "ListSnapshotBlocks": lambda ebs, ec2, ids: ebs.list_snapshot_blocks(SnapshotId=_changed(ebs, ec2, ids)[1], MaxResults=100),
    "ListChangedBlocks": lambda ebs, ec2, ids: (lambda f_s: ebs.list_changed_blocks(FirstSnapshotId=f_s[0], SecondSnapshotId=f_s[1]))(_changed(ebs, ec2, ids)),
    "GetSnapshotBlock": lambda ebs, ec2, ids: _block(ebs, ec2, ids),
}


@pytest.mark.parametrize("operation", sorted(EBS_CALLS))
def test_ebs_response_has_the_botocore_shape(operation, botocore_shape):
    cloud, ec2, image, ids = world()
    response = EBS_CALLS[operation](cloud.client("ebs"), ec2, ids)
    botocore_shape("ebs", operation, response)


def test_get_snapshot_block_gives_bytes_with_their_sha256():
    import base64
    import hashlib

    cloud, ec2, image, ids = world()
    response = _block(cloud.client("ebs"), ec2, ids)
    assert isinstance(response["BlockData"], bytes) and len(response["BlockData"]) == response["DataLength"] == 524288
    assert base64.b64encode(hashlib.sha256(response["BlockData"]).digest()).decode() == response["Checksum"]


def test_every_implemented_ebs_operation_has_an_example():
    assert sorted(EBS_CALLS) == sorted(_core.Core.implemented_operations("ebs"))


# Amazon EC2 Auto Scaling (service "autoscaling"): a group "web-asg" of 2 over two AZs, with an
# ALB target group attached; operation -> a call on (asg, cloud, group instance ids, target group ARN).
def _asg_world():
    cloud, ec2, image, ids = world()
    subnets = sorted((s["AvailabilityZone"], s["SubnetId"], s["VpcId"]) for s in ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"])[:2]
    tg = cloud.client("elbv2").create_target_group(Name="web-tg", Protocol="HTTP", Port=80, VpcId=subnets[0][2])["TargetGroups"][0]["TargetGroupArn"]
    _template(ec2, image)
    asg = cloud.client("autoscaling")
    asg.create_auto_scaling_group(AutoScalingGroupName="web-asg", LaunchTemplate={"LaunchTemplateName": "web-tpl", "Version": "$Latest"}, MinSize=1, MaxSize=4,
                                  DesiredCapacity=2, VPCZoneIdentifier=",".join(s[1] for s in subnets), TargetGroupARNs=[tg],
                                  Tags=[{"Key": "team", "Value": "web", "PropagateAtLaunch": True}])
    cloud.advance(120)
    members = [i["InstanceId"] for i in asg.describe_auto_scaling_groups(AutoScalingGroupNames=["web-asg"])["AutoScalingGroups"][0]["Instances"]]
    return cloud, asg, members, tg


def _simple_policy(asg):
    return asg.put_scaling_policy(AutoScalingGroupName="web-asg", PolicyName="out", AdjustmentType="ChangeInCapacity", ScalingAdjustment=1, Cooldown=60)


AUTOSCALING_CALLS = {
    "CreateAutoScalingGroup": lambda asg, cloud, ids, tg: asg.create_auto_scaling_group(AutoScalingGroupName="g2", LaunchTemplate={"LaunchTemplateName": "web-tpl"},
                                                                                        MinSize=0, MaxSize=2, AvailabilityZones=["us-east-1a"]),
    "UpdateAutoScalingGroup": lambda asg, cloud, ids, tg: asg.update_auto_scaling_group(AutoScalingGroupName="web-asg", MaxSize=5, HealthCheckType="ELB", HealthCheckGracePeriod=60),
    "DeleteAutoScalingGroup": lambda asg, cloud, ids, tg: asg.delete_auto_scaling_group(AutoScalingGroupName="web-asg", ForceDelete=True),
    "DescribeAutoScalingGroups": lambda asg, cloud, ids, tg: asg.describe_auto_scaling_groups(),
    "DescribeAutoScalingInstances": lambda asg, cloud, ids, tg: asg.describe_auto_scaling_instances(),
    "SetDesiredCapacity": lambda asg, cloud, ids, tg: asg.set_desired_capacity(AutoScalingGroupName="web-asg", DesiredCapacity=3),
    "TerminateInstanceInAutoScalingGroup": lambda asg, cloud, ids, tg: asg.terminate_instance_in_auto_scaling_group(InstanceId=ids[0], ShouldDecrementDesiredCapacity=True),
    "SetInstanceHealth": lambda asg, cloud, ids, tg: asg.set_instance_health(InstanceId=ids[0], HealthStatus="Unhealthy", ShouldRespectGracePeriod=False),
    "AttachLoadBalancerTargetGroups": lambda asg, cloud, ids, tg: asg.attach_load_balancer_target_groups(AutoScalingGroupName="web-asg", TargetGroupARNs=[tg]),
    "DetachLoadBalancerTargetGroups": lambda asg, cloud, ids, tg: asg.detach_load_balancer_target_groups(AutoScalingGroupName="web-asg", TargetGroupARNs=[tg]),
    "DescribeLoadBalancerTargetGroups": lambda asg, cloud, ids, tg: asg.describe_load_balancer_target_groups(AutoScalingGroupName="web-asg"),
    "DescribeScalingActivities": lambda asg, cloud, ids, tg: asg.describe_scaling_activities(AutoScalingGroupName="web-asg"),
    "PutScalingPolicy": lambda asg, cloud, ids, tg: asg.put_scaling_policy(AutoScalingGroupName="web-asg", PolicyName="cpu50", PolicyType="TargetTrackingScaling",
                                                                          TargetTrackingConfiguration={"PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"},
                                                                                                       "TargetValue": 50.0}),
    "DescribePolicies": lambda asg, cloud, ids, tg: (_simple_policy(asg), asg.put_scaling_policy(
        AutoScalingGroupName="web-asg", PolicyName="steps", PolicyType="StepScaling",
        StepAdjustments=[{"MetricIntervalLowerBound": 0, "ScalingAdjustment": 1}]), asg.describe_policies(AutoScalingGroupName="web-asg"))[2],
    "DeletePolicy": lambda asg, cloud, ids, tg: (_simple_policy(asg), asg.delete_policy(AutoScalingGroupName="web-asg", PolicyName="out"))[1],
    "ExecutePolicy": lambda asg, cloud, ids, tg: (_simple_policy(asg), asg.execute_policy(AutoScalingGroupName="web-asg", PolicyName="out"))[1],
}


@pytest.mark.parametrize("operation", sorted(AUTOSCALING_CALLS))
def test_autoscaling_response_has_the_botocore_shape(operation, botocore_shape):
    cloud, asg, ids, tg = _asg_world()
    response = AUTOSCALING_CALLS[operation](asg, cloud, ids, tg)
    botocore_shape("autoscaling", operation, response)


def test_every_implemented_autoscaling_operation_has_an_example():
    assert sorted(AUTOSCALING_CALLS) == sorted(_core.Core.implemented_operations("autoscaling"))


# --- CloudWatch alarms and SNS (alarms work) --------------------------------------------------
def _alarm_world():
    """A cloud with a topic (one confirmed email subscription) and an alarm on a custom metric
    that has been evaluated into OK and then ALARM, so history has every item type."""
    cloud = ec2lab.Cloud(seed=0)
    sns, cw = cloud.client("sns"), cloud.client("cloudwatch")
    topic = sns.create_topic(Name="ops")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
    cloud.inbox("ops@example.com")[0].confirm()
    cw.put_metric_alarm(AlarmName="load-high", Namespace="Lab", MetricName="Load", Statistic="Average", Period=60, EvaluationPeriods=1,
                        Threshold=50.0, ComparisonOperator="GreaterThanThreshold", AlarmActions=[topic], OKActions=[topic],
                        Dimensions=[{"Name": "Host", "Value": "a"}])
    for value in (10.0, 90.0):
        cw.put_metric_data(Namespace="Lab", MetricData=[{"MetricName": "Load", "Value": value, "Dimensions": [{"Name": "Host", "Value": "a"}]}])
        cloud.advance(60)
    return cloud, cw, sns, topic


ALARM_CALLS = {
    "PutMetricAlarm": lambda cw, sns, topic: cw.put_metric_alarm(AlarmName="other", Namespace="Lab", MetricName="Load", ExtendedStatistic="p90", Period=300,
                                                                 EvaluationPeriods=3, DatapointsToAlarm=2, Threshold=1.0,
                                                                 ComparisonOperator="LessThanThreshold", TreatMissingData="notBreaching"),
    "DescribeAlarms": lambda cw, sns, topic: cw.describe_alarms(),
    "DescribeAlarmsForMetric": lambda cw, sns, topic: cw.describe_alarms_for_metric(Namespace="Lab", MetricName="Load"),
    "DescribeAlarmHistory": lambda cw, sns, topic: cw.describe_alarm_history(AlarmName="load-high"),
    "SetAlarmState": lambda cw, sns, topic: cw.set_alarm_state(AlarmName="load-high", StateValue="OK", StateReason="drill"),
    "DeleteAlarms": lambda cw, sns, topic: cw.delete_alarms(AlarmNames=["load-high"]),
    "EnableAlarmActions": lambda cw, sns, topic: cw.enable_alarm_actions(AlarmNames=["load-high"]),
    "DisableAlarmActions": lambda cw, sns, topic: cw.disable_alarm_actions(AlarmNames=["load-high"]),
    "TagResource": lambda cw, sns, topic: cw.tag_resource(ResourceARN=_alarm_arn(cw), Tags=[{"Key": "env", "Value": "lab"}]),
    "UntagResource": lambda cw, sns, topic: cw.untag_resource(ResourceARN=_alarm_arn(cw), TagKeys=["env"]),
    "ListTagsForResource": lambda cw, sns, topic: (cw.tag_resource(ResourceARN=_alarm_arn(cw), Tags=[{"Key": "env", "Value": "lab"}]),
                                                   cw.list_tags_for_resource(ResourceARN=_alarm_arn(cw)))[-1],
}


def _alarm_arn(cw):
    return cw.describe_alarms(AlarmNames=["load-high"])["MetricAlarms"][0]["AlarmArn"]

SNS_CALLS = {
    "CreateTopic": lambda cw, sns, topic: sns.create_topic(Name="more", Tags=[{"Key": "team", "Value": "ops"}]),
    "DeleteTopic": lambda cw, sns, topic: sns.delete_topic(TopicArn=topic),
    "ListTopics": lambda cw, sns, topic: sns.list_topics(),
    "GetTopicAttributes": lambda cw, sns, topic: sns.get_topic_attributes(TopicArn=topic),
    "SetTopicAttributes": lambda cw, sns, topic: sns.set_topic_attributes(TopicArn=topic, AttributeName="DisplayName", AttributeValue="Ops"),
    "Subscribe": lambda cw, sns, topic: sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="second@example.com"),
    "ConfirmSubscription": lambda cw, sns, topic: (sns.subscribe(TopicArn=topic, Protocol="email-json", Endpoint="bot@example.com"),
                                                   _cloud(sns).inbox("bot@example.com")[0].confirm(),
                                                   sns.confirm_subscription(TopicArn=topic, Token=_token(_cloud(sns), "bot@example.com")))[-1],
    "Unsubscribe": lambda cw, sns, topic: sns.unsubscribe(SubscriptionArn=sns.list_subscriptions()["Subscriptions"][0]["SubscriptionArn"]),
    "ListSubscriptions": lambda cw, sns, topic: sns.list_subscriptions(),
    "ListSubscriptionsByTopic": lambda cw, sns, topic: sns.list_subscriptions_by_topic(TopicArn=topic),
    "GetSubscriptionAttributes": lambda cw, sns, topic: sns.get_subscription_attributes(SubscriptionArn=sns.list_subscriptions()["Subscriptions"][0]["SubscriptionArn"]),
    "Publish": lambda cw, sns, topic: sns.publish(TopicArn=topic, Subject="hello", Message="world"),
}


def _token(cloud, address):
    link = cloud.inbox(address)[0].confirmation_link
    return link.split("Token=")[1].split("&")[0]


@pytest.mark.parametrize("operation", sorted(ALARM_CALLS))
def test_alarm_response_has_the_botocore_shape(operation, botocore_shape):
    cloud, cw, sns, topic = _alarm_world()
    botocore_shape("cloudwatch", operation, ALARM_CALLS[operation](cw, sns, topic))


@pytest.mark.parametrize("operation", sorted(SNS_CALLS))
def test_sns_response_has_the_botocore_shape(operation, botocore_shape):
    cloud, cw, sns, topic = _alarm_world()
    botocore_shape("sns", operation, SNS_CALLS[operation](cw, sns, topic))


def test_every_implemented_alarm_and_sns_operation_has_an_example():
    assert sorted(SNS_CALLS) == sorted(_core.Core.implemented_operations("sns"))
    alarm_ops = {op for op in _core.Core.implemented_operations("cloudwatch") if "Alarm" in op or op.endswith("Resource")}
    assert sorted(ALARM_CALLS) == sorted(alarm_ops)


# --- CloudWatch metrics (monitoring work) ------------------------------------------------------
def _metric_world():
    """A custom metric with values, and two instances under load for ten minutes."""
    cloud, ec2, image, ids = world()
    cw = cloud.client("cloudwatch")
    for i in ids:
        cloud.client("ec2lab").set_load(InstanceId=i, Cpu=30.0, NetworkIn=1000.0)
    for v in (1.0, 2.0, 3.0):
        cw.put_metric_data(Namespace="Lab", MetricData=[{"MetricName": "Queue", "Value": v, "Unit": "Count", "Dimensions": [{"Name": "Q", "Value": "jobs"}]}])
        cloud.advance(60)
    cloud.advance(600)
    return cloud, cw, ids


def _ago(cloud, seconds):
    import datetime as _dt

    return cloud.now - _dt.timedelta(seconds=seconds)


METRIC_CALLS = {
    "PutMetricData": lambda cloud, cw, ids: cw.put_metric_data(Namespace="Lab", MetricData=[
        {"MetricName": "Latency", "Values": [1.0, 2.0], "Counts": [3.0, 1.0], "Unit": "Milliseconds", "StorageResolution": 1},
        {"MetricName": "Queue", "StatisticValues": {"SampleCount": 2, "Sum": 4, "Minimum": 1, "Maximum": 3}}]),
    "GetMetricStatistics": lambda cloud, cw, ids: cw.get_metric_statistics(
        Namespace="AWS/EC2", MetricName="CPUUtilization", Dimensions=[{"Name": "InstanceId", "Value": ids[0]}], StartTime=_ago(cloud, 3600),
        EndTime=cloud.now, Period=300, Statistics=["Average", "Maximum", "SampleCount"], ExtendedStatistics=["p90"]),
    "GetMetricData": lambda cloud, cw, ids: cw.get_metric_data(MetricDataQueries=[
        {"Id": "cpu", "MetricStat": {"Metric": {"Namespace": "AWS/EC2", "MetricName": "CPUUtilization", "Dimensions": [{"Name": "InstanceId", "Value": ids[0]}]},
                                     "Period": 300, "Stat": "Average"}, "Label": "CPU"},
        {"Id": "queue", "MetricStat": {"Metric": {"Namespace": "Lab", "MetricName": "Queue", "Dimensions": [{"Name": "Q", "Value": "jobs"}]}, "Period": 60, "Stat": "Sum"}}],
        StartTime=_ago(cloud, 3600), EndTime=cloud.now),
    "ListMetrics": lambda cloud, cw, ids: cw.list_metrics(Namespace="AWS/EC2", Dimensions=[{"Name": "InstanceId", "Value": ids[0]}]),
}


@pytest.mark.parametrize("operation", sorted(METRIC_CALLS))
def test_metric_response_has_the_botocore_shape(operation, botocore_shape):
    cloud, cw, ids = _metric_world()
    botocore_shape("cloudwatch", operation, METRIC_CALLS[operation](cloud, cw, ids))


def test_every_implemented_metric_operation_has_an_example():
    metric_ops = {op for op in _core.Core.implemented_operations("cloudwatch") if "Alarm" not in op and not op.endswith("Resource")}  # tags: alarms
    assert sorted(METRIC_CALLS) == sorted(metric_ops)
