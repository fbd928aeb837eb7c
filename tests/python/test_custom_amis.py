"""The student story of issue 3, end to end through the objects: files on instance store and
EBS across a stop/start, moving a volume, the cross-AZ refusal, two snapshots (the second
smaller), a restore, then baking an AMI, copying it to Seoul and launching there with the files."""
from __future__ import annotations

import pytest

import ec2lab

MIB = 1024 * 1024


def test_the_storage_story(cloud):
    web = cloud.run_instance("al2023", "m5d.large", Placement={"AvailabilityZone": "us-east-1a"}, tags={"Name": "web"}).wait_until_running()
    web.mount("ephemeral0", "/scratch")
    web.write_file("/scratch/cache.txt", b"temporary")
    data = cloud.create_volume(8, "gp3", az=web.az, tags={"Name": "data"}).wait_until_available()
    data.attach(web, "/dev/sdf").wait_until_attached()
    web.mount("/dev/sdf", "/data")
    web.write_file("/data/orders.csv", b"id,total\n1,30\n")

    # Instance store: temporary; EBS: persistent (the notes' table).
    web.reboot()
    cloud.advance(120)
    assert web.read_file("/scratch/cache.txt") == b"temporary", "instance store survives a reboot"
    web.stop().wait_until_stopped().start().wait_until_running()
    with pytest.raises(ec2lab.ClientError):
        web.read_file("/scratch/cache.txt")
    assert web.read_file("/data/orders.csv") == b"id,total\n1,30\n"

    # Move the volume to another instance in the same AZ ...
    worker = cloud.run_instance("al2023", "t3.micro", Placement={"AvailabilityZone": "us-east-1a"}).wait_until_running()
    data.detach()
    cloud.run_until(lambda: data.state == "available")
    data.attach(worker, "/dev/sdf").wait_until_attached()
    worker.mount("/dev/sdf", "/data")
    assert worker.read_file("/data/orders.csv") == b"id,total\n1,30\n"
    # ... but not across AZs.
    far = cloud.run_instance("al2023", "t3.micro", Placement={"AvailabilityZone": "us-east-1b"}).wait_until_running()
    spare = cloud.create_volume(8, az="us-east-1a").wait_until_available()
    with pytest.raises(ec2lab.ClientError) as e:
        spare.attach(far, "/dev/sdf")
    assert e.value.response["Error"]["Code"] == "InvalidVolume.ZoneMismatch"

    # Two snapshots: the second stores only the changed blocks.
    for n in range(8):
        worker.write_file(f"/data/archive/{n}.bin", bytes([n + 1]) * MIB)
    first = data.snapshot("before the change").wait_until_completed()
    worker.write_file("/data/orders.csv", b"id,total\n1,30\n2,45\n")
    second = data.snapshot("after the change").wait_until_completed()
    assert second.stored_bytes < first.stored_bytes / 4

    # Restore the first snapshot, in another AZ even (that is how a volume moves between AZs).
    restored = first.create_volume(az="us-east-1b").wait_until_available()
    restored.attach(far, "/dev/sdf").wait_until_attached()
    far.mount("/dev/sdf", "/restored")
    assert far.read_file("/restored/orders.csv") == b"id,total\n1,30\n"
    assert far.read_file("/restored/archive/7.bin") == bytes([8]) * MIB


def test_the_ami_story(cloud):
    base = cloud.run_instance("al2023", "t3.micro", tags={"Name": "base"}).wait_until_running()
    base.write_file("/etc/nginx/nginx.conf", b"server { listen 80; }\n")
    image = base.create_image("web-server-v1", description="nginx configured")
    assert isinstance(image, ec2lab.Image) and image.state == "pending"
    image.wait_until_available()
    assert image.state == "available" and image.root_device_type == "ebs"
    assert [i.id for i in cloud.images(owners=["self"])] == [image.id]
    assert image.describe()["SourceInstanceId"] == base.id

    # Launch more from it: the configuration comes along.
    more = image.launch("t3.micro", count=2).wait_until_running()
    assert all(i.read_file("/etc/nginx/nginx.conf") == b"server { listen 80; }\n" for i in more)

    # Copy to Seoul and launch there.
    seoul = image.copy("ap-northeast-2")
    assert seoul.id != image.id and seoul.region == "ap-northeast-2"
    seoul.wait_until_available()
    there = seoul.launch("t3.micro")[0].wait_until_running()
    assert there.region == "ap-northeast-2"
    assert there.read_file("/etc/nginx/nginx.conf") == b"server { listen 80; }\n"

    # Its snapshot is in use; deregistering keeps snapshots and running instances.
    snap = cloud.snapshot(image.snapshot_ids[0])
    with pytest.raises(ec2lab.ClientError) as e:
        snap.delete()
    assert e.value.response["Error"]["Code"] == "InvalidSnapshot.InUse"
    assert e.value.response["Error"]["Message"] == f"The snapshot {snap.id} is currently in use by {image.id}"
    assert image.deregister() == []
    assert more.states() == ["running", "running"]
    assert snap.state == "completed"
    snap.delete()
    assert cloud.images(owners=["self"]) == []
    assert "gone" in image._repr_html_()

    # The Seoul copy deregisters with its snapshots.
    results = seoul.deregister(delete_snapshots=True)
    assert [r["ReturnCode"] for r in results] == ["success"]


def test_sharing_an_image(cloud):
    base = cloud.run_instance("al2023", "t3.micro").wait_until_running()
    image = base.create_image("shared-image", no_reboot=True).wait_until_available()
    image.share("111122223333")
    assert image.launch_permissions() == [{"UserId": "111122223333"}]
    image.share(public=True)
    assert image.describe()["Public"] is True
    image.unshare("111122223333", public=True)
    assert image.launch_permissions() == []
    html = image._repr_html_()
    assert "ec2lab-image" in html and "shared-image" in html


def test_create_image_refusals(cloud):
    base = cloud.run_instance("al2023", "t3.micro").wait_until_running()
    with pytest.raises(ec2lab.ClientError) as e:
        base.create_image("x")
    assert e.value.response["Error"]["Code"] == "InvalidAMIName.Malformed"
    base.create_image("web-v1")
    with pytest.raises(ec2lab.ClientError) as e:
        base.create_image("web-v1")
    assert e.value.response["Error"]["Code"] == "InvalidAMIName.Duplicate"
    ec2lab.set_language("ko")
    with pytest.raises(ec2lab.ClientError) as e:
        base.create_image("web-v1")
    assert "AMI 이름" in e.value.hint
