"""The storage objects for notebooks: Volume, Snapshot, and the guest view on Instance
(mount, write_file, read_file, list_dir, io_test). They convert and display; the rules are the
core's (each refusal here is the core's code and hint)."""
from __future__ import annotations

import pytest

import ec2lab
from ec2lab.guest import parse_size

MIB = 1024 * 1024


@pytest.fixture
def web(cloud):
    """A running m5d.large (one NVMe instance-store disk) in us-east-1a."""
    return cloud.run_instance("al2023", "m5d.large", Placement={"AvailabilityZone": "us-east-1a"}).wait_until_running()


def attached_volume(cloud, instance, device="/dev/sdf", path="/data", size=8, volume_type="gp3"):
    vol = cloud.create_volume(size, volume_type, az=instance.az).wait_until_available()
    vol.attach(instance, device).wait_until_attached()
    instance.mount(device, path)
    return vol


def test_volume_lifecycle_through_the_object(cloud, web):
    vol = cloud.create_volume(10, "gp3", az="us-east-1a", tags={"Name": "data"})
    assert isinstance(vol, ec2lab.Volume)
    assert vol.state == "creating"
    vol.wait_until_available()
    assert (vol.state, vol.size, vol.volume_type, vol.iops, vol.throughput, vol.az) == ("available", 10, "gp3", 3000, 125, "us-east-1a")
    assert vol.name == "data" and vol.instance_id is None and vol.encrypted is False
    vol.attach(web, "/dev/sdf").wait_until_attached()
    assert (vol.state, vol.instance_id, vol.device) == ("in-use", web.id, "/dev/sdf")
    assert vol in web.volumes and web.volumes[0].device == "/dev/xvda", "root first"
    vol.detach()
    cloud.run_until(lambda: vol.state == "available")
    vol.delete().wait_until_deleted()
    with pytest.raises(ec2lab.ClientError) as e:
        cloud.volume(vol.id)
    assert e.value.response["Error"]["Code"] == "InvalidVolume.NotFound"
    assert cloud.volume(web.volumes[0].id).device == "/dev/xvda"
    assert [v.id for v in cloud.volumes(status="in-use")] == [web.volumes[0].id]


def test_modify_grows_a_volume_and_reports_the_modification(cloud, web):
    vol = cloud.create_volume(10, "gp2", az=web.az).wait_until_available()
    vol.modify(size=20, volume_type="gp3")
    m = vol.modification()
    assert m["ModificationState"] in ("modifying", "optimizing") and m["TargetSize"] == 20
    cloud.run_until(lambda: vol.modification()["ModificationState"] == "completed", timeout=24 * 3600)
    assert (vol.size, vol.volume_type) == (20, "gp3")
    with pytest.raises(ec2lab.ClientError):
        vol.modify(size=5)


def test_the_guest_view_reads_back_what_it_wrote(cloud, web):
    assert web.read_file("/etc/os-release").startswith(b"NAME=")
    web.write_file("/home/ec2-user/notes.txt", "안녕 EBS")
    assert web.read_file("/home/ec2-user/notes.txt") == "안녕 EBS".encode()
    names = {e["Name"]: e["Type"] for e in web.list_dir("/home/ec2-user")}
    assert names == {"notes.txt": "file"}
    kinds = {d["DeviceName"]: d["Kind"] for d in web.devices()}
    assert kinds == {"/dev/xvda": "ebs", "/dev/nvme1n1": "instance-store"}
    with pytest.raises(TypeError):
        web.write_file("/x", 42)


def test_refusals_come_from_the_core_with_hints(cloud, web):
    with pytest.raises(ec2lab.ClientError) as e:
        web.mount("ephemeral3", "/nope")
    assert e.value.hint
    t3 = cloud.run_instance("al2023", "t3.micro").wait_until_running()
    with pytest.raises(ec2lab.ClientError) as e:
        t3.mount("ephemeral0", "/scratch")
    assert "instance store" in e.value.hint
    t3.stop().wait_until_stopped()
    with pytest.raises(ec2lab.ClientError) as e:
        t3.write_file("/tmp/x", b"x")
    assert e.value.response["Error"]["Code"] == "IncorrectInstanceState"


def test_cross_az_attach_is_refused(cloud, web):
    other = cloud.create_volume(8, az="us-east-1b").wait_until_available()
    with pytest.raises(ec2lab.ClientError) as e:
        other.attach(web, "/dev/sdg")
    error = e.value.response["Error"]
    assert error["Code"] == "InvalidVolume.ZoneMismatch"
    assert error["Message"] == f"The volume '{other.id}' is not in the same availability zone as instance '{web.id}'"
    assert other.state == "available"


def test_snapshots_are_incremental_and_restore_byte_for_byte(cloud, web):
    vol = attached_volume(cloud, web)
    for n in range(4):
        web.write_file(f"/data/part{n}", bytes([n + 1]) * (2 * MIB))
    first = vol.snapshot("first")
    assert isinstance(first, ec2lab.Snapshot) and first.state == "pending" and first.progress.endswith("%")
    web.write_file("/data/part2", b"\xee" * (2 * MIB))
    second = vol.snapshot("second")
    second.wait_until_completed()
    first.wait_until_completed()
    assert (first.state, first.progress) == ("completed", "100%")
    assert second.stored_bytes < first.stored_bytes
    assert first.stored_bytes == first.stored_blocks * 512 * 1024
    assert [s.id for s in vol.snapshots()] == [first.id, second.id]

    restored = first.create_volume(az=web.az).wait_until_available()
    assert restored.snapshot_id == first.id and restored.size == 8
    restored.attach(web, "/dev/sdg").wait_until_attached()
    web.mount("/dev/sdg", "/restored")
    assert web.read_file("/restored/part2") == bytes([3]) * (2 * MIB), "the point-in-time content"
    assert web.read_file("/data/part2") == b"\xee" * (2 * MIB)


def test_snapshot_chain_picture_and_cards(cloud, web):
    vol = attached_volume(cloud, web)
    web.write_file("/data/a", b"a" * MIB)
    snap = vol.snapshot().wait_until_completed()
    svg = snap.chain_svg()
    assert svg.startswith("<svg") and snap.id in svg
    web.write_file("/data/b", b"b" * MIB)
    now = vol.chain_svg()
    assert vol.id in now and "next snapshot: 1.5 MiB" in now, "the file table and two new blocks"
    html = snap._repr_html_()
    assert "ec2lab-snapshot" in html and "MiB" in html and "<svg" in html, "the card shows the chain"
    assert "ec2lab-volume" in vol._repr_html_() and web.id in vol._repr_html_()
    assert web.devices_svg().startswith("<svg") and "/data" in web.devices_svg()
    ec2lab.set_language("ko")
    assert "스냅샷" in snap._repr_html_() and "볼륨" in vol._repr_html_()
    assert "인스턴스 스토어" in web.devices_svg()


def test_a_deleted_volume_shows_a_gone_card(cloud, web):
    vol = cloud.create_volume(1, az=web.az).wait_until_available()
    vol.delete().wait_until_deleted()
    html = vol._repr_html_()
    assert "gone" in html and "InvalidVolume.NotFound" in html


def test_io_test_shows_instance_store_faster_than_ebs(cloud, web):
    attached_volume(cloud, web)
    web.mount("ephemeral0", "/scratch")
    before = cloud.now
    ebs = web.io_test("/data", size="64MiB", pattern="randread")
    local = web.io_test("/scratch", size="64MiB", pattern="randread")
    assert local["Storage"] == "instance-store" and ebs["Storage"] == "gp3"
    assert local["Iops"] > 10 * ebs["Iops"] and local["LatencyMs"] < ebs["LatencyMs"]
    assert (cloud.now - before).total_seconds() == pytest.approx(ebs["Seconds"] + local["Seconds"], abs=0.01)
    seq = web.io_test("/dev/sdf", size="256MiB", pattern="seqread", block_size="1MiB")
    assert seq["BlockSizeBytes"] == MIB and seq["ThroughputMiBps"] > ebs["ThroughputMiBps"]


def test_snapshot_copy_to_another_region(cloud, web):
    vol = attached_volume(cloud, web)
    web.write_file("/data/a", b"hello")
    snap = vol.snapshot().wait_until_completed()
    copy = snap.copy("ap-northeast-2")
    assert copy.region == "ap-northeast-2" and copy.id != snap.id
    copy.wait_until_completed()
    assert copy.stored_bytes >= snap.stored_bytes, "a cross-region copy is full"
    assert cloud.snapshot(copy.id, region_name="ap-northeast-2").state == "completed"
    assert copy in cloud.snapshots(region_name="ap-northeast-2")


def test_parse_size_speaks_fio():
    assert parse_size(4096) == 4096
    assert parse_size("64MiB") == parse_size("64M") == 64 * MIB
    assert parse_size("1GB") == 10**9
    with pytest.raises(ValueError):
        parse_size("lots")


def test_snapshot_blocks_through_the_ebs_direct_apis(cloud, web):
    vol = attached_volume(cloud, web)
    web.write_file("/data/a", b"a" * 1000)
    first = vol.snapshot().wait_until_completed()
    web.write_file("/data/b", b"b" * 1000)
    second = vol.snapshot().wait_until_completed()
    assert [b["BlockIndex"] for b in first.blocks()] == [0, 1]
    changed = second.changed_blocks(first)
    assert [c["BlockIndex"] for c in changed] == [0, 2], "the file table and the new file"
    assert second.stored_blocks == len(changed)
    assert first.read_block(1)[:1000] == b"a" * 1000 and len(first.read_block(1)) == 512 * 1024
    with pytest.raises(KeyError):
        first.read_block(9)
