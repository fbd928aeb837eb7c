"""The instructor's solution of the instance-types lab (one right answer among several)."""
from __future__ import annotations

CHOICES = {
    "api": ("al2023-arm", "m7g.large"),  # general purpose, Graviton, 2 vCPU / 8 GiB
    "cache": ("al2023", "r7i.large"),  # memory optimized, 2 vCPU / 16 GiB
    "encoder": ("al2023", "c7i.xlarge"),  # compute optimized, 4 vCPU
    "dev": ("al2023", "t2.micro"),  # free tier
    "scratchdisk": ("al2023", "i4i.large"),  # storage optimized: a local NVMe instance store
}


def solve(cloud) -> None:
    for name, (image, instance_type) in CHOICES.items():
        cloud.run_instance(image, instance_type, tags={"Name": name})
