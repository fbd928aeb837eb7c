"""The instructor's solution of the lifecycle lab: ``solve(cloud)`` in the lab's cloud."""
from __future__ import annotations


def solve(cloud) -> None:
    web = cloud.run_instance("al2023", "t2.micro", tags={"Name": "web"})
    batch = cloud.run_instance("al2023", "t2.micro", tags={"Name": "batch"})
    scratch = cloud.run_instance("al2023", "t2.micro", tags={"Name": "scratch"}, InstanceInitiatedShutdownBehavior="terminate")
    web.modify(DisableApiTermination=True)
    for instance in (web, batch, scratch):
        instance.wait_until_running()
    # The type of an EBS-backed instance changes only while it is stopped.
    batch.stop().wait_until_stopped()
    batch.modify(InstanceType="t3.small")
    # shutdown -h inside the OS: the shutdown behaviour (terminate) decides what happens.
    scratch.shutdown_from_os().wait_until_terminated()
