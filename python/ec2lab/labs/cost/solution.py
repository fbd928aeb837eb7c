"""The instructor's solution of the cost lab: the web tier On-Demand with a one-year Reserved
Instance for each server, the batch job on a persistent Spot request, last month's leftovers
cleaned up."""
from __future__ import annotations

from ec2lab import purchase


def solve(cloud) -> None:
    ec2 = cloud.client("ec2")
    # Last month's leftovers: a stopped test server, a loose volume, an idle address.
    old = [i for i in cloud.instances() if i.state == "stopped"]
    for i in old:
        i.terminate()
    for v in ec2.describe_volumes(Filters=[{"Name": "status", "Values": ["available"]}])["Volumes"]:
        ec2.delete_volume(VolumeId=v["VolumeId"])
    for a in ec2.describe_addresses()["Addresses"]:
        if not a.get("AssociationId"):
            ec2.release_address(AllocationId=a["AllocationId"])

    web = [cloud.run_instance("al2023", "m5.large", tags={"Role": "web", "Name": f"web-{n}"}) for n in (1, 2)]
    offering = purchase.reserved_offerings(cloud, "m5.large", years=1)[0]  # regional, No Upfront
    purchase.buy_reserved(cloud, offering["ReservedInstancesOfferingId"], count=2)
    batch = cloud.request_spot("al2023", "c5.xlarge", persistent=True, interruption="stop")[0]
    for w in web:
        w.wait_until_running()
    cloud.run_until(lambda: batch.instance is not None and batch.instance.state == "running", timeout=600)
    batch.instance.add_tags(Role="batch", Name="batch")
