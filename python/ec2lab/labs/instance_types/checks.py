"""Checks of the instance-types lab: each workload's instance has a type that meets its needs.
The facts come from DescribeInstanceTypes (and the family's category from ExplainInstanceType);
the feedback names the need that is not met, never a type that would meet it."""
from __future__ import annotations

from ec2lab.grading import check, criteria, failed
from ec2lab.grading import queries as q

TITLE = {"en": "Choosing instance types", "ko": "인스턴스 유형 선택"}
SEED = 2027
REGION = "us-east-1"
DOMAIN = "compute"

LIVE = ["pending", "running", "stopping", "stopped"]
KO_CATEGORY = {"general-purpose": "범용", "compute-optimized": "컴퓨팅 최적화", "memory-optimized": "메모리 최적화"}


def _facts(cloud, name: str):
    found = q.instances(cloud, name=name, state=LIVE)
    if not found:
        return None, None
    t = found[-1]["InstanceType"]
    return t, q.instance_type(cloud, t)


def _no(name: str):
    return failed(f"No instance tagged Name={name} exists (or it was terminated).", f"Name={name} 태그가 붙은 인스턴스가 없습니다(또는 종료되었습니다).")


def _category(cloud, name, t, code):
    ko = KO_CATEGORY[code]
    en = code.replace("-", " ")
    return (q.type_category(cloud, t) == code, 1, f"{name}'s type is not {en}.", f"{name}의 유형이 {ko}이(가) 아닙니다.")


def _current(name, facts):
    return (facts["CurrentGeneration"], 1, f"{name}'s type is a previous generation.", f"{name}의 유형이 이전 세대입니다.")


def _vcpus(facts):
    return facts["VCpuInfo"]["DefaultVCpus"]


def _gib(facts):
    return facts["MemoryInfo"]["SizeInMiB"] / 1024


@check("api", 2, en="api: general purpose, current generation, Arm (Graviton), 2 vCPUs and 8 GiB", ko="api: 범용, 현세대, Arm(Graviton), vCPU 2개, 8 GiB")
def api(cloud):
    t, f = _facts(cloud, "api")
    if t is None:
        return _no("api")
    return criteria(
        _category(cloud, "api", t, "general-purpose"),
        _current("api", f),
        ("arm64" in f["ProcessorInfo"]["SupportedArchitectures"], 1, "api's type does not run on Arm (arm64).", "api의 유형이 Arm(arm64) 프로세서가 아닙니다."),
        (_vcpus(f) == 2 and _gib(f) == 8, 1, f"api's type has {_vcpus(f)} vCPUs and {_gib(f):g} GiB; the workload needs 2 and 8.", f"api의 유형은 vCPU {_vcpus(f)}개, {_gib(f):g} GiB입니다. 워크로드에는 2개, 8 GiB가 필요합니다."),
    )


@check("cache", 2, en="cache: memory optimized, current generation, at least 16 GiB with at most 2 vCPUs", ko="cache: 메모리 최적화, 현세대, vCPU 2개 이하에 16 GiB 이상")
def cache(cloud):
    t, f = _facts(cloud, "cache")
    if t is None:
        return _no("cache")
    return criteria(
        _category(cloud, "cache", t, "memory-optimized"),
        _current("cache", f),
        (_gib(f) >= 16, 1, f"cache's type has {_gib(f):g} GiB of memory; the workload needs at least 16.", f"cache의 유형은 메모리가 {_gib(f):g} GiB입니다. 16 GiB 이상이 필요합니다."),
        (_vcpus(f) <= 2, 1, f"cache's type has {_vcpus(f)} vCPUs: more than the workload pays for.", f"cache의 유형은 vCPU가 {_vcpus(f)}개로, 필요 이상입니다."),
    )


@check("encoder", 2, en="encoder: compute optimized, current generation, x86_64, at least 4 vCPUs", ko="encoder: 컴퓨팅 최적화, 현세대, x86_64, vCPU 4개 이상")
def encoder(cloud):
    t, f = _facts(cloud, "encoder")
    if t is None:
        return _no("encoder")
    return criteria(
        _category(cloud, "encoder", t, "compute-optimized"),
        _current("encoder", f),
        ("x86_64" in f["ProcessorInfo"]["SupportedArchitectures"], 1, "encoder's type is not x86_64 (the encoder is an x86 binary).", "encoder의 유형이 x86_64가 아닙니다(인코더는 x86 프로그램입니다)."),
        (_vcpus(f) >= 4, 1, f"encoder's type has {_vcpus(f)} vCPUs; the workload needs at least 4.", f"encoder의 유형은 vCPU {_vcpus(f)}개입니다. 4개 이상이 필요합니다."),
    )


@check("dev", 1, en="dev: free tier eligible", ko="dev: 프리 티어 대상")
def dev(cloud):
    t, f = _facts(cloud, "dev")
    if t is None:
        return _no("dev")
    return criteria((f["FreeTierEligible"], 1, "dev's type is not free tier eligible in this region.", "dev의 유형은 이 리전에서 프리 티어 대상이 아닙니다."))


@check("scratchdisk", 1, en="scratchdisk: an instance store, at most 2 vCPUs", ko="scratchdisk: 인스턴스 스토어, vCPU 2개 이하")
def scratchdisk(cloud):
    t, f = _facts(cloud, "scratchdisk")
    if t is None:
        return _no("scratchdisk")
    return criteria(
        (f["InstanceStorageSupported"], 1, "scratchdisk's type has no instance store: its disks are all EBS.", "scratchdisk의 유형에는 인스턴스 스토어가 없습니다(모두 EBS)."),
        (_vcpus(f) <= 2, 1, f"scratchdisk's type has {_vcpus(f)} vCPUs; 2 are enough.", f"scratchdisk의 유형은 vCPU {_vcpus(f)}개입니다. 2개면 충분합니다."),
    )


CHECKS = [api, cache, encoder, dev, scratchdisk]
