"""The instructor's solution of the keep-your-data lab."""
from __future__ import annotations

ORDERS = b"id,total\n1,30\n2,45\n"


def solve(cloud) -> None:
    db = cloud.run_instance("al2023", "m5d.large", tags={"Name": "db"}, Placement={"AvailabilityZone": "us-east-1a"})
    db.wait_until_running()
    db.mount("ephemeral0", "/scratch")  # the instance store (인스턴스 스토어)
    db.write_file("/scratch/cache.txt", b"fast, and gone after a stop")

    data = cloud.create_volume(8, "gp3", az=db.az, tags={"Name": "data"}).wait_until_available()
    data.attach(db, "/dev/sdf").wait_until_attached()
    db.mount("/dev/sdf", "/data")
    db.write_file("/data/orders.csv", ORDERS)

    db.stop().wait_until_stopped()  # the instance store is erased; the EBS volume stays
    db.start().wait_until_running()

    backup = data.snapshot(description="orders", tags={"Name": "data-backup"}).wait_until_completed()

    report = cloud.run_instance("al2023", "t3.micro", tags={"Name": "report"}, Placement={"AvailabilityZone": "us-east-1b"})
    restored = backup.create_volume(az="us-east-1b", tags={"Name": "restored"}).wait_until_available()
    report.wait_until_running()
    restored.attach(report, "/dev/sdf").wait_until_attached()
    report.mount("/dev/sdf", "/restored")
