"""Checks of the cost lab: meet a workload within a budget with purchase options. Instances,
Spot requests, addresses and volumes are read with EC2's Describe calls; the money with ec2lab's
``ForecastBill`` (the next 30 days with the world as it is: the same bill a student sees with
``cloud.forecast_bill(720)``), which only reads.
The feedback says what is missing, never which purchase would fix it."""
from __future__ import annotations

from ec2lab.grading import check, criteria, failed, partial, passed
from ec2lab.grading import queries as q

TITLE = {"en": "Cost: run the shop's web tier and nightly batch for the next 30 days within $150",
         "ko": "비용: 쇼핑몰 웹 계층과 야간 배치를 앞으로 30일 동안 $150 안에서 운영하기"}
SEED = 2051
REGION = "us-east-1"
DOMAIN = "cost"

BUDGET = 150.0
HOURS = 720  # 30 days
WEB_TYPE = "m5.large"
BATCH_TYPE = "c5.xlarge"


def setup(cloud) -> None:
    """What last month's team left behind: a stopped test server with a 100 GB gp2 root volume,
    an unattached 200 GB gp2 volume and an Elastic IP attached to nothing."""
    ec2 = cloud.client("ec2")
    old = cloud.run_instance("al2023", WEB_TYPE, tags={"Name": "old-test"},
                             BlockDeviceMappings=[{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 100, "VolumeType": "gp2"}}])
    old.wait_until_running()
    old.stop().wait_until_stopped()
    vol = ec2.create_volume(AvailabilityZone="us-east-1a", Size=200, VolumeType="gp2",
                            TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": "old-data"}]}])["VolumeId"]
    ec2.allocate_address(Domain="vpc")
    cloud.run_until(lambda: ec2.describe_volumes(VolumeIds=[vol])["Volumes"][0]["State"] == "available", timeout=600)


def _role(cloud, role: str, state=("pending", "running")) -> list:
    return q.instances(cloud, tags={"Role": role}, state=list(state))


def _forecast(cloud) -> dict:
    return cloud.client("ec2lab").forecast_bill(Hours=HOURS)


# --- the checks -------------------------------------------------------------------------------
@check("web", 3, en=f"two {WEB_TYPE} web servers (tag Role=web) run, and nothing can take them away",
       ko=f"{WEB_TYPE} 웹 서버 두 대(태그 Role=web)가 실행 중이며 중단될 수 없음")
def web(cloud):
    servers = [i for i in _role(cloud, "web") if i["InstanceType"] == WEB_TYPE]
    if not servers:
        return failed(f"No running {WEB_TYPE} instance is tagged Role=web.", f"Role=web 태그가 붙은 실행 중인 {WEB_TYPE} 인스턴스가 없습니다.")
    spot = [i for i in servers if i.get("InstanceLifecycle") == "spot"]
    return criteria(
        (len(servers) >= 2, 2, f"{len(servers)} running {WEB_TYPE} instance(s) are tagged Role=web, not 2.", f"Role=web 태그가 붙은 실행 중인 {WEB_TYPE} 인스턴스가 2대가 아니라 {len(servers)}대입니다."),
        (not spot, 1, f"{len(spot)} web server(s) can be interrupted by EC2 at two minutes' notice: the shop would go down with them.",
         f"웹 서버 {len(spot)}대는 EC2가 2분 전 통지로 중단할 수 있어, 그때 쇼핑몰도 함께 멈춥니다."),
    )


@check("web-commitment", 3, en="the web servers' hours are covered by a commitment (they run all year)", ko="웹 서버의 사용 시간이 약정으로 충당됨(1년 내내 실행)")
def web_commitment(cloud):
    ids = {i["InstanceId"] for i in _role(cloud, "web") if i["InstanceType"] == WEB_TYPE and i.get("InstanceLifecycle") != "spot"}
    if not ids:
        return failed(f"No On-Demand {WEB_TYPE} web server runs: there is nothing to cover.", f"실행 중인 온디맨드 {WEB_TYPE} 웹 서버가 없어 충당할 사용량이 없습니다.")
    lines = _forecast(cloud)["Lines"]
    usage = sum(l["Cost"] for l in lines if l["Kind"] == "usage" and l["ResourceId"] in ids and l["UsageType"].startswith("BoxUsage"))
    # RI and Savings Plan coverage shows as credits against the usage (free-tier credits are not a commitment)
    covered = -sum(l["Cost"] for l in lines if l["Kind"] == "credit" and not l["UsageType"].startswith("FreeTier") and WEB_TYPE in l["UsageType"])
    covered += -sum(l["Cost"] for l in lines if l["Kind"] == "credit" and "SavingsPlan" in l["UsageType"])
    share = min(1.0, covered / usage) if usage > 0 else 1.0
    if share >= 0.99:
        return passed()
    return partial(share, f"{share:.0%} of the web servers' next 30 days of compute is covered by a Reserved Instance or a Savings Plan.",
                   f"웹 서버의 앞으로 30일 컴퓨팅 비용 중 {share:.0%}만 예약 인스턴스나 Savings Plan으로 충당됩니다.")


@check("batch", 3, en=f"the batch job runs on a {BATCH_TYPE} (tag Role=batch) at the Spot price, and comes back after an interruption",
       ko=f"배치 작업이 {BATCH_TYPE}(태그 Role=batch)에서 스팟 가격으로 실행되고, 중단 뒤 다시 돌아옴")
def batch(cloud):
    runs = [i for i in _role(cloud, "batch") if i["InstanceType"] == BATCH_TYPE]
    if not runs:
        return failed(f"No running {BATCH_TYPE} instance is tagged Role=batch.", f"Role=batch 태그가 붙은 실행 중인 {BATCH_TYPE} 인스턴스가 없습니다.")
    spot = [i for i in runs if i.get("InstanceLifecycle") == "spot"]
    requests = q.describe(cloud, "describe_spot_instance_requests", "SpotInstanceRequests",
                          SpotInstanceRequestIds=[i["SpotInstanceRequestId"] for i in spot if i.get("SpotInstanceRequestId")]) if spot else []
    persistent = any(r.get("Type") == "persistent" and r.get("State") == "active" for r in requests)
    return criteria(
        (bool(spot), 2, f"The batch server is billed On-Demand, not at the Spot price.", "배치 서버가 스팟 가격이 아니라 온디맨드로 과금됩니다."),
        (persistent, 1, "After a Spot interruption, nothing would start the batch server again.", "스팟 중단 뒤 배치 서버를 다시 시작해 줄 것이 없습니다."),
    )


@check("no-waste", 3, en="nothing is paid for that nobody uses (stopped servers' volumes, loose volumes, idle addresses)",
       ko="아무도 쓰지 않는 것에 비용을 내지 않음(중지된 서버의 볼륨, 분리된 볼륨, 유휴 주소)")
def no_waste(cloud):
    stopped = q.instances(cloud, state=["stopped", "stopping"])
    loose = q.describe(cloud, "describe_volumes", "Volumes", Filters=[{"Name": "status", "Values": ["creating", "available"]}])
    idle = [a for a in q.describe(cloud, "describe_addresses", "Addresses") if not a.get("AssociationId")]
    return criteria(
        (not stopped, 1, f"{len(stopped)} stopped instance(s) still keep EBS volumes you pay for.", f"중지된 인스턴스 {len(stopped)}대가 아직 비용이 드는 EBS 볼륨을 갖고 있습니다."),
        (not loose, 1, f"{len(loose)} volume(s) are attached to nothing and still billed per GB-month.", f"볼륨 {len(loose)}개가 어디에도 연결되지 않은 채 GB-월 단위로 과금됩니다."),
        (not idle, 1, f"{len(idle)} Elastic IP address(es) are associated with nothing and billed by the hour.", f"탄력적 IP 주소 {len(idle)}개가 아무것에도 연결되지 않은 채 시간 단위로 과금됩니다."),
    )


@check("budget", 3, en=f"the next 30 days cost at most ${BUDGET:.0f} (forecast)", ko=f"앞으로 30일 비용이 ${BUDGET:.0f} 이하(예측)")
def budget(cloud):
    if not _role(cloud, "web") and not _role(cloud, "batch"):
        return failed("Neither the web tier nor the batch job runs: a budget met by running nothing does not count.",
                      "웹 계층도 배치 작업도 실행되지 않습니다. 아무것도 실행하지 않아 지킨 예산은 인정되지 않습니다.")
    total = _forecast(cloud)["Total"]
    if total <= BUDGET:
        return passed(f"The next 30 days: ${total:.2f}.", f"앞으로 30일: ${total:.2f}.")
    over = total - BUDGET
    return partial(max(0.0, 1 - over / BUDGET), f"The next 30 days would cost ${total:.2f}, ${over:.2f} over the budget of ${BUDGET:.0f}.",
                   f"앞으로 30일 비용이 ${total:.2f}로 예산 ${BUDGET:.0f}을(를) ${over:.2f} 넘습니다.")


CHECKS = [web, web_commitment, batch, no_waste, budget]
