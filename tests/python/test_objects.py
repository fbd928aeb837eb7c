"""The object API for notebooks: Cloud.run_instance / run_instances / instance / instances,
Instance, InstanceList and their HTML displays."""
import datetime as dt

import pytest

import ec2lab
from ec2lab.instance import IMAGE_ALIASES, find_image, resolve_image

UTC = dt.timezone.utc


def _count_calls(client, monkeypatch):
    """Records the operation names a client sends to the core."""
    calls = []
    original = client._make_api_call

    def recording(operation, params):
        calls.append(operation)
        return original(operation, params)

    monkeypatch.setattr(client, "_make_api_call", recording)
    return calls


@pytest.fixture
def web(cloud):
    return cloud.run_instance("al2023", "t2.micro", tags={"Name": "web"})


# --- launching -------------------------------------------------------------------------------


def test_run_instance_returns_a_pending_instance(cloud, web):
    assert isinstance(web, ec2lab.Instance)
    assert web.id.startswith("i-") and len(web.id) == 19
    assert web.region == "us-east-1"
    assert web.state == "pending" and web.state_code == 0
    assert web.instance_type == "t2.micro"
    assert web.tags == {"Name": "web"} and web.name == "web"
    assert web.launch_time == dt.datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    assert web.private_ip.startswith("172.31.")
    assert web.public_ip is not None
    assert web.public_dns is None  # no public DNS name until it runs
    assert web.private_dns.startswith("ip-172-31-")
    assert web.az.startswith("us-east-1")
    image = find_image(cloud, "al2023")
    assert web.image_id == image["ImageId"]


def test_describe_is_the_boto3_dict(cloud, web):
    d = web.describe()
    assert d["InstanceId"] == web.id
    assert d == cloud.client("ec2").describe_instances(InstanceIds=[web.id])["Reservations"][0]["Instances"][0]


def test_defaults_are_al2023_on_t2_micro(cloud):
    instance = cloud.run_instance()
    assert instance.instance_type == "t2.micro"
    assert instance.image_id == resolve_image(cloud, "al2023")


@pytest.mark.parametrize(
    "alias, arch, name_start",
    [
        ("al2023", "x86_64", "al2023-ami-2023"),
        ("al2023-arm", "arm64", "al2023-ami-2023"),
        ("al2", "x86_64", "amzn2-ami-"),
        ("al2-arm", "arm64", "amzn2-ami-"),
        ("ubuntu-24.04", "x86_64", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64"),
        ("ubuntu-24.04-arm", "arm64", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64"),
        ("ubuntu-22.04", "x86_64", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64"),
        ("ubuntu-22.04-arm", "arm64", "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-arm64"),
        ("windows-2022", "x86_64", "Windows_Server-2022-English-Full-Base"),
        ("rhel-9", "x86_64", "RHEL-9"),
    ],
)
def test_image_aliases_resolve_through_describe_images(cloud, alias, arch, name_start):
    assert alias in IMAGE_ALIASES
    image = find_image(cloud, alias)
    assert image["Architecture"] == arch and image["Name"].startswith(name_start)
    assert resolve_image(cloud, alias) == image["ImageId"]


def test_an_alias_is_resolved_in_the_instance_region(cloud):
    here = resolve_image(cloud, "al2023")
    there = resolve_image(cloud, "al2023", "eu-west-1")
    instance = cloud.run_instance("al2023", region_name="eu-west-1")
    assert instance.region == "eu-west-1" and instance.az.startswith("eu-west-1")
    assert instance.image_id == there
    assert cloud.client("ec2", "eu-west-1").describe_images(ImageIds=[there])["Images"][0]["Name"] == find_image(cloud, "al2023")["Name"]
    assert here.startswith("ami-") and there.startswith("ami-")


def test_an_arm_alias_runs_on_graviton(cloud):
    instance = cloud.run_instance("al2023-arm", "t4g.micro")
    assert instance.describe()["Architecture"] == "arm64"


def test_an_ami_id_is_passed_through_unchanged(cloud):
    image_id = resolve_image(cloud, "ubuntu-24.04")
    assert resolve_image(cloud, image_id) == image_id
    assert cloud.run_instance(image_id).image_id == image_id
    with pytest.raises(ec2lab.ClientError) as e:
        cloud.run_instance("ami-0123456789abcdef0")
    assert e.value.response["Error"]["Code"] == "InvalidAMIID.NotFound"
    assert e.value.hint


def test_an_unknown_alias_names_the_known_ones(cloud):
    with pytest.raises(ValueError, match="al2023.*ubuntu-24.04"):
        cloud.run_instance("debian-12")


def test_boto3_kwargs_are_passed_through(cloud):
    zone = "us-east-1c"
    instance = cloud.run_instance(
        "al2023",
        "t3.micro",
        Placement={"AvailabilityZone": zone},
        InstanceInitiatedShutdownBehavior="terminate",
        DisableApiTermination=True,
        TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "env", "Value": "lab"}]}],
        tags={"Name": "api"},
    )
    assert instance.az == zone and instance.instance_type == "t3.micro"
    assert instance.tags == {"env": "lab", "Name": "api"}
    ec2 = cloud.client("ec2")
    attr = ec2.describe_instance_attribute(InstanceId=instance.id, Attribute="instanceInitiatedShutdownBehavior")
    assert attr["InstanceInitiatedShutdownBehavior"]["Value"] == "terminate"
    attr = ec2.describe_instance_attribute(InstanceId=instance.id, Attribute="disableApiTermination")
    assert attr["DisableApiTermination"]["Value"] is True


def test_a_refused_launch_raises_client_error_with_a_hint(cloud):
    with pytest.raises(ec2lab.ClientError) as e:
        cloud.run_instance("al2023", "t4g.micro")  # arm64 type, x86_64 image
    assert e.value.response["Error"]["Code"] == "InvalidParameterValue"
    assert e.value.hint_en and e.value.hint_ko
    assert cloud.instances() == []


def test_run_instances_launches_count_in_one_call(cloud, monkeypatch):
    ec2 = cloud.client("ec2")
    group = cloud.run_instances(3, "al2023", "t3.micro", tags={"role": "worker"})
    assert isinstance(group, ec2lab.InstanceList) and len(group) == 3
    assert all(isinstance(i, ec2lab.Instance) for i in group)
    assert group.ids == [i.id for i in group] and len(set(group.ids)) == 3
    assert group.states() == ["pending"] * 3
    assert all(i.tags == {"role": "worker"} for i in group)
    reservation = ec2.describe_instances(InstanceIds=group.ids)["Reservations"]
    assert len(reservation) == 1  # one RunInstances call, one reservation


# --- state in virtual time ----------------------------------------------------------------


def test_state_is_fresh_on_every_access(cloud, web):
    assert web.state == "pending"
    cloud.advance(60)
    assert web.state == "running" and web.state_code == 16
    assert web.public_dns.endswith(".compute-1.amazonaws.com")


def test_wait_until_running_takes_virtual_time_only(cloud, web):
    start = cloud.now
    assert web.wait_until_running() is web
    assert web.state == "running"
    waited = (cloud.now - start).total_seconds()
    assert waited > 0 and waited % 15 == 0  # botocore's 15 s polling delay


def test_stop_and_start_change_the_public_ip_and_keep_the_private_ip(cloud, web):
    web.wait_until_running()
    public, private, launched = web.public_ip, web.private_ip, web.launch_time
    assert web.stop() is web
    assert web.state == "stopping"
    web.wait_until_stopped()
    assert web.state == "stopped" and web.state_code == 80
    assert web.public_ip is None and web.public_dns is None
    assert web.private_ip == private
    assert web.start() is web
    assert web.state == "pending"
    web.wait_until_running()
    assert web.public_ip is not None and web.public_ip != public
    assert web.private_ip == private
    assert web.launch_time > launched


def test_stop_force_and_hibernate_reach_the_core(cloud, web):
    web.wait_until_running()
    with pytest.raises(ec2lab.ClientError) as e:
        web.stop(hibernate=True)
    assert e.value.response["Error"]["Code"] == "UnsupportedHibernationConfiguration"
    assert "HibernationOptions" in e.value.hint
    start = cloud.now
    web.stop(force=True).wait_until_stopped()
    assert web.state == "stopped"
    assert (cloud.now - start).total_seconds() <= 15  # a forced stop skips the OS shutdown


def test_reboot_keeps_it_running(cloud, web):
    web.wait_until_running()
    assert web.reboot() is web
    assert web.state == "running"
    cloud.advance(300)
    assert web.state == "running"


def test_terminate_then_gone_after_an_hour(cloud, web):
    web.wait_until_running()
    assert web.terminate() is web
    assert web.state == "shutting-down" and web.state_code == 32
    web.wait_until_terminated()
    assert web.state == "terminated" and web.state_code == 48
    cloud.advance(3700)
    with pytest.raises(ec2lab.ClientError) as e:
        web.state
    assert e.value.response["Error"]["Code"] == "InvalidInstanceID.NotFound"


def test_starting_a_terminated_instance_is_refused_with_code_and_hint(cloud, web):
    web.terminate().wait_until_terminated()
    with pytest.raises(ec2lab.ClientError) as e:
        web.start()
    err = e.value
    assert err.response["Error"]["Code"] == "IncorrectInstanceState"
    assert err.response["Error"]["Message"] == f"The instance '{web.id}' is not in a state from which it can be started."
    assert err.operation_name == "StartInstances"
    assert err.hint_en and err.hint_ko
    assert err.hint == err.hint_en
    ec2lab.set_language("ko")
    assert err.hint == err.hint_ko


def test_modify_wraps_values_and_termination_protection_refuses(cloud, web):
    web.wait_until_running()
    assert web.modify(DisableApiTermination=True) is web
    ec2 = cloud.client("ec2")
    assert ec2.describe_instance_attribute(InstanceId=web.id, Attribute="disableApiTermination")["DisableApiTermination"] == {"Value": True}
    with pytest.raises(ec2lab.ClientError) as e:
        web.terminate()
    assert e.value.response["Error"]["Code"] == "OperationNotPermitted"
    assert "disableApiTermination" in e.value.response["Error"]["Message"]
    assert e.value.hint
    assert web.state == "running"
    web.modify(DisableApiTermination=False).terminate()
    assert web.state == "shutting-down"


def test_modify_instance_type_only_while_stopped(cloud, web):
    web.wait_until_running()
    with pytest.raises(ec2lab.ClientError) as e:
        web.modify(InstanceType="t3.small")
    assert e.value.response["Error"]["Code"] == "IncorrectInstanceState"
    web.stop().wait_until_stopped()
    web.modify(InstanceType="t3.small")
    assert web.instance_type == "t3.small"
    # the explicit boto3 forms pass through unchanged
    web.modify(InstanceType={"Value": "t3.medium"})
    assert web.instance_type == "t3.medium"
    web.modify(Attribute="instanceType", Value="t3.micro")
    assert web.instance_type == "t3.micro"


def test_modify_one_attribute_per_call_is_the_cores_rule(web):
    with pytest.raises(ec2lab.ClientError) as e:
        web.modify(DisableApiTermination=True, DisableApiStop=True)
    assert e.value.response["Error"]["Code"] == "InvalidParameterCombination"


def test_shutdown_from_os_follows_the_shutdown_behaviour(cloud):
    keeper = cloud.run_instance()
    worker = cloud.run_instance(InstanceInitiatedShutdownBehavior="terminate")
    ec2lab.InstanceList([keeper, worker]).wait_until_running()
    assert keeper.shutdown_from_os() is keeper
    worker.shutdown_from_os()
    assert keeper.state == "stopping"
    assert worker.state == "shutting-down"
    assert worker.describe()["StateReason"]["Code"] == "Client.InstanceInitiatedShutdown"
    keeper.wait_until_stopped()
    worker.wait_until_terminated()


def test_shutdown_from_os_needs_a_running_instance(web):
    with pytest.raises(ec2lab.ClientError) as e:
        web.shutdown_from_os()
    assert e.value.operation_name == "ShutdownFromOs"
    assert e.value.hint


def test_status_summarises_describe_instance_status(cloud, web):
    pending = web.status()
    assert pending["state"] == "pending"
    assert pending["instance_status"] == "not-applicable"
    web.wait_until_running()
    assert web.status()["system_status"] == "initializing"
    cloud.advance(360)
    status = web.status()
    assert status == {"state": "running", "system_status": "ok", "instance_status": "ok", "ebs_status": status["ebs_status"]}


def test_add_tags(web):
    web.add_tags(Name="web-1", team="blue")
    assert web.tags == {"Name": "web-1", "team": "blue"}


# --- finding instances ----------------------------------------------------------------------


def test_cloud_instance_checks_the_id(cloud, web):
    again = cloud.instance(web.id)
    assert again == web and hash(again) == hash(web)
    assert again.state == "pending"
    with pytest.raises(ec2lab.ClientError) as e:
        cloud.instance("i-0123456789abcdef0")
    assert e.value.response["Error"]["Code"] == "InvalidInstanceID.NotFound"
    with pytest.raises(ec2lab.ClientError) as e:
        cloud.instance("i-nope")
    assert e.value.response["Error"]["Code"] == "InvalidInstanceID.Malformed"
    assert e.value.hint


def test_cloud_instances_filters(cloud, web):
    workers = cloud.run_instances(2, "al2023", "t3.micro", tags={"role": "worker"})
    cloud.advance(60)
    workers[0].stop()
    assert cloud.instances().ids == [web.id, *workers.ids]
    assert cloud.instances(instance_state_name="running").ids == [web.id, workers[1].id]
    assert cloud.instances(instance_type="t3.*").ids == workers.ids
    assert cloud.instances(tags={"Name": "web"}).ids == [web.id]
    assert cloud.instances(filters={"tag:role": ["worker"], "instance-state-name": "stopping"}).ids == [workers[0].id]
    assert cloud.instances(Filters=[{"Name": "tag:role", "Values": ["worker"]}]).ids == workers.ids
    assert cloud.instances(InstanceIds=[workers[1].id]).ids == [workers[1].id]
    assert cloud.instances(region_name="eu-west-1") == []


def test_cloud_instances_reads_every_page(cloud):
    launched = cloud.run_instances(7)
    assert cloud.instances(MaxResults=5).ids == launched.ids


def test_cloud_instances_refusals_propagate(cloud, web):
    with pytest.raises(ec2lab.ClientError) as e:
        cloud.instances(colour="red")
    assert e.value.response["Error"]["Code"] == "InvalidParameterValue"


# --- InstanceList ----------------------------------------------------------------------------


def test_instance_list_batch_calls_are_one_api_call_each(cloud, monkeypatch):
    group = cloud.run_instances(3)
    calls = _count_calls(group[0]._ec2, monkeypatch)
    group.wait_until_running()
    assert group.states() == ["running"] * 3
    calls.clear()
    assert group.stop() is group
    assert calls == ["StopInstances"]
    assert group.states() == ["stopping"] * 3
    group.wait_until_stopped()
    calls.clear()
    group.start()
    assert calls == ["StartInstances"]
    group.wait_until_running()
    calls.clear()
    group.reboot()
    assert calls == ["RebootInstances"]
    calls.clear()
    group.terminate()
    assert calls == ["TerminateInstances"]
    assert group.states() == ["shutting-down"] * 3
    group.wait_until_terminated()
    assert group.states() == ["terminated"] * 3


def test_instance_list_stop_options_and_refusals(cloud):
    group = cloud.run_instances(2)
    group.wait_until_running()
    with pytest.raises(ec2lab.ClientError) as e:
        group.stop(hibernate=True)
    assert e.value.response["Error"]["Code"] == "UnsupportedHibernationConfiguration"
    group.stop(force=True)
    assert group.states() == ["stopping"] * 2
    group[0].terminate()
    with pytest.raises(ec2lab.ClientError) as e:
        group.start()
    assert e.value.response["Error"]["Code"] == "IncorrectInstanceState"


def test_instance_list_is_a_list(cloud):
    group = cloud.run_instances(3)
    assert isinstance(group, list)
    assert isinstance(group[1:], ec2lab.InstanceList) and group[1:].ids == group.ids[1:]
    assert [d["InstanceId"] for d in group.describe()] == group.ids
    assert repr(group).startswith("InstanceList([Instance('i-")


def test_an_empty_instance_list_calls_nothing():
    empty = ec2lab.InstanceList()
    assert empty.ids == [] and empty.states() == [] and empty.describe() == []
    assert empty.start() is empty and empty.stop() is empty and empty.terminate() is empty
    assert "No instances" in empty._repr_html_()


# --- displays ----------------------------------------------------------------------------


def test_lifecycle_svg_highlights_the_current_state(cloud, web):
    svg = web.lifecycle_svg()
    assert svg.startswith("<svg") and 'class="state current" data-state="pending"' in svg
    cloud.advance(60)
    assert 'class="state current" data-state="running"' in web.lifecycle_svg()


def test_repr_html_is_a_card_with_the_highlighted_svg(cloud, web):
    web.wait_until_running()
    html = web._repr_html_()
    assert web.id in html and "web" in html
    assert "t2.micro" in html and web.public_ip in html and web.private_ip in html and web.az in html
    assert "<svg" in html and 'class="state current" data-state="running"' in html
    assert "Instance type" in html and ">running<" in html


def test_repr_html_in_korean(cloud, web):
    ec2lab.set_language("ko")
    web.wait_until_running()
    html = web._repr_html_()
    assert "실행 중 (running)" in html
    assert "인스턴스 유형" in html and "퍼블릭 IP" in html and "프라이빗 IP" in html and "가용 영역" in html
    assert web.state_label == "실행 중 (running)"
    web.stop()
    assert web.state_label == "중지 중 (stopping)"
    table = ec2lab.InstanceList([web])._repr_html_()
    assert "중지 중 (stopping)" in table and "인스턴스 ID" in table
    ec2lab.set_language("en")
    assert web.state_label == "stopping"
    assert "중지 중" not in web._repr_html_()


@pytest.mark.parametrize(
    "state, ko",
    [("pending", "대기 중"), ("running", "실행 중"), ("stopping", "중지 중"), ("stopped", "중지됨"), ("shutting-down", "종료 중"), ("terminated", "종료됨")],
)
def test_korean_state_labels_follow_the_glossary(state, ko):
    from ec2lab import display

    assert display.state_label(state, "ko") == f"{ko} ({state})"
    assert display.state_label(state, "en") == state


def test_repr_html_of_a_vanished_instance_says_so(cloud, web):
    web.terminate()
    cloud.advance(3700)
    html = web._repr_html_()
    assert web.id in html and "InvalidInstanceID.NotFound" in html and "no longer visible" in html


def test_instance_list_repr_html_is_a_table(cloud):
    group = cloud.run_instances(2, tags={"Name": "app"})
    gone = cloud.run_instance()
    gone.terminate()
    cloud.advance(3700)
    html = ec2lab.InstanceList([*group, gone])._repr_html_()
    assert html.count("<tr data-instance-id=") == 3
    for i in group:
        assert i.id in html and i.private_ip in html
    assert "app" in html and "running" in html and "3 instances" in html
    assert gone.id in html and "no longer visible" in html


def test_display_escapes_tag_values(cloud):
    instance = cloud.run_instance(tags={"Name": "<b>x</b>"})
    html = instance._repr_html_()
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_repr_is_plain(web):
    assert repr(web) == f"Instance('{web.id}', region='us-east-1')"
