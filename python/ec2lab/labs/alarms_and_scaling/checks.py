"""Checks of the alarms-and-scaling lab. The launch template, the group, the topic, the alarm and
the policy are read with their services' Describe/List calls; the behaviour (CPU rises → the
alarm fires → an email → the group scales out and the new servers pass the load balancer's
health checks) is watched in a replayed copy of the cloud (``queries.scratch``) where the load is
raised and virtual time runs, so a check never changes the cloud it grades.
The feedback says what is missing, never which setting would fix it."""
from __future__ import annotations

from ec2lab.errors import ClientError
from ec2lab.grading import check, criteria, failed, passed
from ec2lab.grading import queries as q

TITLE = {"en": "Alarms and scaling: a CPU alarm that e-mails, and a web tier that grows under load",
         "ko": "경보와 오토 스케일링: 이메일을 보내는 CPU 경보, 부하에 따라 늘어나는 웹 계층"}
SEED = 2041
REGION = "ap-northeast-2"
DOMAIN = "monitoring"

TEMPLATE = "web"
GROUP = "web-asg"
TOPIC = "ops"
EMAIL = "ops@example.com"
ALARM = "cpu-high"
LB = "web-alb"
TG = "web"
PORT = 8000


def setup(cloud) -> None:
    """What the load-balancer lab built: an internet-facing ALB `web-alb` in two AZs whose HTTP:80
    listener forwards to target group `web` (HTTP:8000, health checks on /health), and the
    security groups `lb-sg` (80 from anywhere) and `web-sg` (8000 from lb-sg)."""
    elbv2 = cloud.client("elbv2")
    vpc = cloud.default_vpc()
    subnets = sorted(vpc.subnets, key=lambda s: s.az)[:2]
    lb_sg = vpc.create_security_group("lb-sg", "HTTP from the internet").allow_inbound(80, "0.0.0.0/0")
    vpc.create_security_group("web-sg", "8000 from the load balancer only").allow_inbound(PORT, lb_sg)
    tg = elbv2.create_target_group(Name=TG, Protocol="HTTP", Port=PORT, VpcId=vpc.id, HealthCheckPath="/health", HealthCheckIntervalSeconds=10,
                                   HealthyThresholdCount=2)["TargetGroups"][0]["TargetGroupArn"]
    lb = elbv2.create_load_balancer(Name=LB, Subnets=[s.id for s in subnets], SecurityGroups=[lb_sg.id])["LoadBalancers"][0]["LoadBalancerArn"]
    elbv2.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])


# --- reading the state ------------------------------------------------------------------------
def _template_data(cloud):
    try:
        versions = q.describe(cloud, "describe_launch_template_versions", "LaunchTemplateVersions", LaunchTemplateName=TEMPLATE, Versions=["$Default"])
    except ClientError:  # no such template
        return None
    return versions[0]["LaunchTemplateData"] if versions else None


def _group(cloud):
    found = q.describe(cloud, "describe_auto_scaling_groups", "AutoScalingGroups", service="autoscaling", AutoScalingGroupNames=[GROUP])
    return found[0] if found else None


def _target_group_arn(cloud):
    try:
        found = q.describe(cloud, "describe_target_groups", "TargetGroups", service="elbv2", Names=[TG])
    except ClientError:
        return None
    return found[0]["TargetGroupArn"] if found else None


def _healthy_members(cloud, group: dict) -> int:
    arn = _target_group_arn(cloud)
    if arn is None:
        return 0
    members = {i["InstanceId"] for i in group.get("Instances", [])}
    health = q.describe(cloud, "describe_target_health", "TargetHealthDescriptions", service="elbv2", TargetGroupArn=arn)
    return sum(1 for h in health if h["Target"]["Id"] in members and h["TargetHealth"]["State"] == "healthy")


def _topic_arn(cloud):
    topics = q.describe(cloud, "list_topics", "Topics", service="sns")
    return next((t["TopicArn"] for t in topics if t["TopicArn"].rsplit(":", 1)[-1] == TOPIC), None)


def _alarm(cloud):
    found = q.describe(cloud, "describe_alarms", "MetricAlarms", service="cloudwatch", AlarmNames=[ALARM])
    return found[0] if found else None


def _no_group():
    return failed(f"No Auto Scaling group named {GROUP}.", f"{GROUP}(이)라는 이름의 Auto Scaling 그룹이 없습니다.")


# --- the checks -------------------------------------------------------------------------------
@check("launch-template", 2, en=f"launch template {TEMPLATE}: a t3.micro in web-sg with detailed monitoring",
       ko=f"시작 템플릿 {TEMPLATE}: web-sg의 t3.micro, 세부 모니터링 사용")
def launch_template(cloud):
    data = _template_data(cloud)
    if data is None:
        return failed(f"No launch template named {TEMPLATE}.", f"{TEMPLATE}(이)라는 이름의 시작 템플릿이 없습니다.")
    groups = q.describe(cloud, "describe_security_groups", "SecurityGroups", Filters=[{"Name": "group-name", "Values": ["web-sg"]}])
    web_sg = groups[0]["GroupId"] if groups else None
    in_sg = web_sg is not None and (data.get("SecurityGroupIds") == [web_sg] or data.get("SecurityGroups") == ["web-sg"])
    return criteria(
        (data.get("InstanceType") == "t3.micro", 0.5, f"The default version of {TEMPLATE} launches {data.get('InstanceType')}, not t3.micro.",
         f"{TEMPLATE}의 기본 버전은 t3.micro가 아니라 {data.get('InstanceType')}을(를) 시작합니다."),
        (in_sg, 1, f"The default version of {TEMPLATE} does not put its instances in web-sg (and only there).",
         f"{TEMPLATE}의 기본 버전이 인스턴스를 web-sg(에만) 넣지 않습니다."),
        ((data.get("Monitoring") or {}).get("Enabled") is True, 0.5, f"Instances from {TEMPLATE} get basic (5-minute) monitoring, not detailed (1-minute).",
         f"{TEMPLATE}에서 시작한 인스턴스는 세부(1분) 모니터링이 아니라 기본(5분) 모니터링을 받습니다."),
    )


@check("group", 3, en=f"group {GROUP}: 2 to 4 servers in two AZs behind target group {TG}, ELB health checks, 2 healthy",
       ko=f"그룹 {GROUP}: 가용 영역 두 곳에 서버 2~4대, 대상 그룹 {TG}에 연결, ELB 상태 확인, 정상 2대")
def group(cloud):
    g = _group(cloud)
    if g is None:
        return _no_group()
    arn = _target_group_arn(cloud)
    healthy = _healthy_members(cloud, g)
    members = len(g.get("Instances", []))
    if members < 2:
        acts = q.describe(cloud, "describe_scaling_activities", "Activities", service="autoscaling", AutoScalingGroupName=GROUP)
        why = next((a.get("StatusMessage", "") for a in acts if a["StatusCode"] == "Failed"), "")
        serving_en = f"{GROUP} runs {members} of the 2 servers it needs" + (f" (its latest failed launch: {why})." if why else ".")
        serving_ko = f"{GROUP}에 필요한 서버 2대 중 {members}대만 실행 중입니다" + (f"(마지막으로 실패한 시작: {why})." if why else ".")
    else:
        serving_en = f"{healthy} of {GROUP}'s servers pass the load balancer's health checks, not 2 (does each one serve on port {PORT} when it boots?)."
        serving_ko = f"{GROUP}의 서버 중 로드 밸런서 상태 확인을 통과하는 서버가 2대가 아니라 {healthy}대입니다(서버가 부팅할 때 {PORT}번 포트에서 서비스를 시작하나요?)."
    return criteria(
        ((g["MinSize"], g["MaxSize"]) == (2, 4), 0.5, f"{GROUP} keeps between {g['MinSize']} and {g['MaxSize']} servers, not 2 and 4.",
         f"{GROUP}은(는) 2~4대가 아니라 {g['MinSize']}~{g['MaxSize']}대를 유지합니다."),
        (len(g.get("AvailabilityZones", [])) >= 2, 0.5, f"{GROUP} launches in {len(g.get('AvailabilityZones', []))} Availability Zone(s), not two or more.",
         f"{GROUP}은(는) 가용 영역 두 곳 이상이 아니라 {len(g.get('AvailabilityZones', []))}곳에서 시작합니다."),
        (arn is not None and arn in g.get("TargetGroupARNs", []), 0.5, f"{GROUP}'s servers are not registered in target group {TG} automatically.",
         f"{GROUP}의 서버가 대상 그룹 {TG}에 자동으로 등록되지 않습니다."),
        (g.get("HealthCheckType") == "ELB", 0.5, f"{GROUP} replaces a server only when EC2 says it is broken, not when the load balancer's health checks fail.",
         f"{GROUP}은(는) 로드 밸런서 상태 확인이 실패할 때가 아니라 EC2가 고장이라고 할 때만 서버를 교체합니다."),
        (healthy >= 2, 1, serving_en, serving_ko),
    )


@check("email", 2, en=f"SNS topic {TOPIC} e-mails {EMAIL} (subscription confirmed)", ko=f"SNS 주제 {TOPIC}이(가) {EMAIL}로 이메일 전송(구독 확인됨)")
def email(cloud):
    arn = _topic_arn(cloud)
    if arn is None:
        return failed(f"No SNS topic named {TOPIC}.", f"{TOPIC}(이)라는 이름의 SNS 주제가 없습니다.")
    subs = [s for s in q.describe(cloud, "list_subscriptions_by_topic", "Subscriptions", service="sns", TopicArn=arn)
            if s["Protocol"] == "email" and s["Endpoint"].lower() == EMAIL]
    if not subs:
        return failed(f"Topic {TOPIC} has no email subscription for {EMAIL}.", f"주제 {TOPIC}에 {EMAIL} 이메일 구독이 없습니다.")
    if all(s["SubscriptionArn"] == "PendingConfirmation" for s in subs):
        return criteria((True, 1, "", ""), (False, 1, f"The subscription of {EMAIL} is still waiting for its confirmation: nothing is delivered yet.",
                                              f"{EMAIL} 구독이 아직 확인을 기다리고 있어 아무것도 전달되지 않습니다."))
    return passed()


@check("alarm", 3, en=f"alarm {ALARM}: average CPU of {GROUP} above 70 % for 2 of 2 one-minute periods notifies {TOPIC}",
       ko=f"경보 {ALARM}: {GROUP}의 평균 CPU가 1분 기간 2개 중 2개에서 70 %를 넘으면 {TOPIC}에 알림")
def alarm(cloud):
    a = _alarm(cloud)
    if a is None:
        return failed(f"No CloudWatch alarm named {ALARM}.", f"{ALARM}(이)라는 이름의 CloudWatch 경보가 없습니다.")
    dims = {d["Name"]: d["Value"] for d in a.get("Dimensions", [])}
    metric = a.get("Namespace") == "AWS/EC2" and a.get("MetricName") == "CPUUtilization" and dims == {"AutoScalingGroupName": GROUP}
    rule = (a.get("Statistic") == "Average" and a.get("Threshold") == 70 and a.get("ComparisonOperator") == "GreaterThanThreshold")
    periods = a.get("Period") == 60 and a.get("EvaluationPeriods") == 2 and a.get("DatapointsToAlarm", 2) == 2
    topic = _topic_arn(cloud)
    notifies = topic is not None and topic in a.get("AlarmActions", []) and a.get("ActionsEnabled", True)
    return criteria(
        (metric, 1, f"{ALARM} does not watch the CPUUtilization of the whole group {GROUP} (AWS/EC2, by group).",
         f"{ALARM}이(가) 그룹 {GROUP} 전체의 CPUUtilization(AWS/EC2, 그룹 기준)을 감시하지 않습니다."),
        (rule, 0.75, f"{ALARM} does not go off when the average is above 70 % (it looks at the {a.get('Statistic') or a.get('ExtendedStatistic')}, "
                     f"{a.get('ComparisonOperator')} {a.get('Threshold')}).",
         f"{ALARM}이(가) 평균이 70 %를 넘을 때 울리지 않습니다({a.get('Statistic') or a.get('ExtendedStatistic')}, {a.get('ComparisonOperator')} {a.get('Threshold')})."),
        (periods, 0.5, f"{ALARM} does not decide on 2 of 2 one-minute periods (Period {a.get('Period')} s, {a.get('DatapointsToAlarm', a.get('EvaluationPeriods'))} of {a.get('EvaluationPeriods')}).",
         f"{ALARM}이(가) 1분 기간 2개 중 2개로 판단하지 않습니다(기간 {a.get('Period')}초, {a.get('EvaluationPeriods')}개 중 {a.get('DatapointsToAlarm', a.get('EvaluationPeriods'))}개)."),
        (notifies, 0.75, f"Going into ALARM, {ALARM} does not notify topic {TOPIC}.", f"ALARM 상태가 될 때 {ALARM}이(가) 주제 {TOPIC}에 알리지 않습니다."),
    )


@check("policy", 2, en=f"{GROUP} tracks an average CPU of 50 %", ko=f"{GROUP}이(가) 평균 CPU 50 %를 목표로 추적")
def policy(cloud):
    if _group(cloud) is None:
        return _no_group()
    policies = q.describe(cloud, "describe_policies", "ScalingPolicies", service="autoscaling", AutoScalingGroupName=GROUP)
    tracking = [p for p in policies if p.get("PolicyType") == "TargetTrackingScaling"]
    if not tracking:
        return failed(f"{GROUP} has no target-tracking scaling policy.", f"{GROUP}에 대상 추적 조정 정책이 없습니다.")
    cpu = [p for p in tracking if (p["TargetTrackingConfiguration"].get("PredefinedMetricSpecification") or {}).get("PredefinedMetricType") == "ASGAverageCPUUtilization"]
    if not cpu:
        return criteria((True, 1, "", ""), (False, 1, f"{GROUP}'s target tracking does not follow the group's average CPU.",
                                              f"{GROUP}의 대상 추적이 그룹의 평균 CPU를 따르지 않습니다."))
    value = cpu[0]["TargetTrackingConfiguration"]["TargetValue"]
    return criteria((True, 1, "", ""), (value == 50, 1, f"{GROUP} keeps its average CPU at {value:g} %, not 50 %.", f"{GROUP}이(가) 평균 CPU를 50 %가 아니라 {value:g} %로 유지합니다."))


@check("scales-out", 3, en=f"under load (CPU 90 %), {ALARM} fires, {EMAIL} gets the e-mail and {GROUP} adds healthy servers",
       ko=f"부하(CPU 90 %)가 걸리면 {ALARM}이(가) 울리고, {EMAIL}이(가) 이메일을 받고, {GROUP}이(가) 정상 서버를 추가")
def scales_out(cloud):
    if _group(cloud) is None:
        return _no_group()
    copy = q.scratch(cloud)
    lab = copy.client("ec2lab")
    before = _group(copy)
    start = len(before.get("Instances", []))
    for i in before.get("Instances", []):
        lab.set_load(InstanceId=i["InstanceId"], Cpu=90)
    since = copy.now
    copy.advance(600)  # 10 minutes of 90 % CPU
    a = _alarm(copy)
    # Once the group has grown the average falls again, so the alarm may be back to OK: its history tells.
    history = q.describe(copy, "describe_alarm_history", "AlarmHistoryItems", service="cloudwatch", AlarmName=ALARM, HistoryItemType="StateUpdate",
                         StartDate=since) if a is not None else []
    fired = any(h["HistorySummary"].endswith("to ALARM") for h in history)
    try:
        mail = lab.inbox(Address=EMAIL)["Messages"]
    except ClientError:
        mail = []
    mailed = any(ALARM in m["Subject"] and m["Subject"].startswith("ALARM") for m in mail)
    after = _group(copy)
    grew = after["DesiredCapacity"] > start
    copy.advance(300)  # the new servers boot and pass their health checks
    settled = _group(copy)
    serving = _healthy_members(copy, settled)
    return criteria(
        (fired, 1, f"With every server at 90 % CPU for 10 minutes, {ALARM} never goes into ALARM (it is {a['StateValue'] if a else 'missing'}).",
         f"모든 서버가 10분 동안 CPU 90 %여도 {ALARM}이(가) 한 번도 ALARM 상태가 되지 않습니다(현재 {a['StateValue'] if a else '없음'})."),
        (mailed, 0.5, f"With every server at 90 % CPU for 10 minutes, no ALARM e-mail about {ALARM} reaches {EMAIL}.",
         f"모든 서버가 10분 동안 CPU 90 %일 때 {ALARM}에 대한 ALARM 이메일이 {EMAIL}에 도착하지 않습니다."),
        (grew, 1, f"With every server at 90 % CPU for 10 minutes, {GROUP} still wants {after['DesiredCapacity']} server(s).",
         f"모든 서버가 10분 동안 CPU 90 %일 때도 {GROUP}의 원하는 용량이 {after['DesiredCapacity']}대 그대로입니다."),
        (grew and serving > start, 0.5, f"5 minutes after scaling out, {serving} of {GROUP}'s servers pass the load balancer's health checks.",
         f"확장 5분 뒤 {GROUP}의 서버 중 로드 밸런서 상태 확인을 통과하는 서버는 {serving}대입니다."),
    )


CHECKS = [launch_template, group, email, alarm, policy, scales_out]
