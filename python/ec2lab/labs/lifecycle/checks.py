"""Checks of the lifecycle lab. They read the state through DescribeInstances,
DescribeInstanceAttribute and DescribeImages only, and say what is missing, not how."""
from __future__ import annotations

from ec2lab.grading import check, criteria, failed, passed
from ec2lab.grading import queries as q

TITLE = {"en": "The instance lifecycle", "ko": "인스턴스 수명 주기"}
SEED = 2026
REGION = "ap-northeast-2"
DOMAIN = "compute"

LIVE = ["pending", "running", "stopping", "stopped", "shutting-down"]


def _live(cloud, name: str):
    found = q.instances(cloud, name=name, state=LIVE)
    return found[0] if found else None


def _no(name: str):
    return failed(f"No instance tagged Name={name} exists (or it was terminated).", f"Name={name} 태그가 붙은 인스턴스가 없습니다(또는 종료되었습니다).")


@check("web-launched", 3, en="web: a running t2.micro from an Amazon Linux 2023 AMI", ko="web: Amazon Linux 2023 AMI로 시작한 실행 중인 t2.micro")
def web_launched(cloud):
    web = _live(cloud, "web")
    if web is None:
        return _no("web")
    image = q.image(cloud, web["ImageId"]) or {}
    al2023 = (image.get("Name") or "").startswith("al2023-ami-")
    return criteria(
        (q.state(web) == "running", 1, f"web is {q.state(web)}, not running.", f"web이 실행 중(running)이 아니라 {q.state(web)} 상태입니다."),
        (web["InstanceType"] == "t2.micro", 1, "web's instance type is not the one asked for.", "web의 인스턴스 유형이 요구한 유형이 아닙니다."),
        (al2023, 1, "web was not launched from an Amazon Linux 2023 AMI.", "web은 Amazon Linux 2023 AMI로 시작되지 않았습니다."),
    )


@check("web-protected", 2, en="web cannot be terminated by accident", ko="web은 실수로 종료할 수 없음 (종료 방지)")
def web_protected(cloud):
    web = _live(cloud, "web")
    if web is None:
        return _no("web")
    if q.attribute(cloud, web["InstanceId"], "disableApiTermination"):
        return passed()
    return failed("web can still be terminated through the API.", "web을 아직 API로 종료할 수 있습니다.")


@check("batch-resized", 3, en="batch: stopped, and resized to a t3.small", ko="batch: 중지되었고 t3.small로 크기 변경됨")
def batch_resized(cloud):
    batch = _live(cloud, "batch")
    if batch is None:
        return _no("batch")
    return criteria(
        (q.state(batch) == "stopped", 1, f"batch is {q.state(batch)}; it should end stopped.", f"batch가 {q.state(batch)} 상태입니다. 중지(stopped) 상태로 끝나야 합니다."),
        (batch["InstanceType"] == "t3.small", 2, "batch's instance type has not been changed to the one asked for.", "batch의 인스턴스 유형이 요구한 유형으로 바뀌지 않았습니다."),
    )


@check("scratch-shutdown", 2, en="scratch: terminated by a shutdown from inside its OS", ko="scratch: OS 안에서 종료(shutdown)하여 종료(terminated)됨")
def scratch_shutdown(cloud):
    found = q.instances(cloud, name="scratch")
    if not found:
        return failed(
            "No instance tagged Name=scratch is listed (terminated instances stay listed for about an hour of virtual time).",
            "Name=scratch 태그가 붙은 인스턴스가 없습니다(종료된 인스턴스는 가상 시간으로 약 1시간 동안만 목록에 남습니다).",
        )
    scratch = found[-1]
    if q.state(scratch) != "terminated":
        return failed(
            f"scratch is {q.state(scratch)}, not terminated: what a shutdown inside the OS does depends on an attribute.",
            f"scratch가 종료(terminated)가 아니라 {q.state(scratch)} 상태입니다. OS 안에서의 shutdown이 무엇을 하는지는 속성에 달려 있습니다.",
        )
    by_os = (scratch.get("StateReason") or {}).get("Code") == "Client.InstanceInitiatedShutdown"
    return criteria(
        (True, 1, "", ""),
        (by_os, 1, "scratch was terminated through the API, not by a shutdown from inside its OS.", "scratch가 OS 안의 shutdown이 아니라 API로 종료되었습니다."),
    )


@check("tidy", 1, en="nothing but web is running", ko="web 외에는 실행 중인 인스턴스가 없음")
def tidy(cloud):
    if _live(cloud, "web") is None:
        return _no("web")
    others = [i for i in q.instances(cloud, state=["pending", "running"]) if q.tag(i, "Name") != "web"]
    if not others:
        return passed()
    n = len(others)
    return failed(f"{n} instance(s) other than web are running and would be billed.", f"web 외에 {n}개의 인스턴스가 실행 중이며 요금이 부과됩니다.")


CHECKS = [web_launched, web_protected, batch_resized, scratch_shutdown, tidy]
