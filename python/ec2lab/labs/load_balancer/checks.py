"""Checks of the load-balancer lab (the notes' lab). Target groups, target health and the load
balancer through elbv2's Describe* calls, what the health checks got through ec2lab's
``HealthChecks``, exposure of port 8000 through ``CanConnect`` (both only read), and requests
through ec2lab's ``RouteRequest`` in a replayed copy of the cloud (``queries.scratch``): a
request moves round-robin cursors and stickiness, and a check never changes the cloud it grades.
The feedback says what is missing, never which setting would fix it."""
from __future__ import annotations

from ec2lab.errors import ClientError
from ec2lab.grading import check, criteria, failed, partial, passed
from ec2lab.grading import queries as q

TITLE = {"en": "A load balancer: two servers on 8000 behind an ALB on 80, /books/* to its own group",
         "ko": "로드 밸런서: 8000번 포트의 서버 두 대를 80번 포트의 ALB 뒤에, /books/*는 별도 대상 그룹으로"}
SEED = 2031
REGION = "ap-northeast-2"
DOMAIN = "load-balancing"

LB = "web-alb"
WEB = "web"
BOOKS = "books"
PORT = 8000
HEALTH_PATH = "/health"

# DescribeTargetHealth's reason codes, as a student would read them (what happens, not the fix)
REASONS = {
    "Target.Timeout": ("their health checks time out", "상태 확인 요청이 시간 초과됩니다"),
    "Target.ResponseCodeMismatch": ("their health checks get an answer that is not a success code", "상태 확인 응답 코드가 성공 코드가 아닙니다"),
    "Target.FailedHealthChecks": ("their health checks fail (the connection is refused or reset)", "상태 확인이 실패합니다(연결이 거부되거나 끊깁니다)"),
    "Target.NotInUse": ("no load balancer listener uses the target group, so no health checks run",
                        "대상 그룹을 사용하는 로드 밸런서 리스너가 없어 상태 확인이 실행되지 않습니다"),
    "Target.InvalidState": ("the instance is not running", "인스턴스가 실행 중이 아닙니다"),
    "Target.DeregistrationInProgress": ("they are being deregistered", "등록 취소 중입니다"),
    "Elb.InitialHealthChecking": ("their first health checks have not passed yet", "첫 상태 확인이 아직 통과되지 않았습니다"),
    "Elb.RegistrationInProgress": ("their registration is not finished yet", "등록이 아직 끝나지 않았습니다"),
}


# --- reading the state ------------------------------------------------------------------------
def _group(cloud, name: str):
    try:
        found = q.describe(cloud, "describe_target_groups", "TargetGroups", service="elbv2", Names=[name])
    except ClientError:  # TargetGroupNotFound
        return None
    return found[0] if found else None


def _health(cloud, group: dict) -> list:
    return q.describe(cloud, "describe_target_health", "TargetHealthDescriptions", service="elbv2", TargetGroupArn=group["TargetGroupArn"])


def _load_balancer(cloud):
    try:
        found = q.describe(cloud, "describe_load_balancers", "LoadBalancers", service="elbv2", Names=[LB])
    except ClientError:  # LoadBalancerNotFound
        return None
    return found[0] if found else None


def _http_80(cloud, lb: dict):
    listeners = q.describe(cloud, "describe_listeners", "Listeners", service="elbv2", LoadBalancerArn=lb["LoadBalancerArn"])
    return next((l for l in listeners if l.get("Port") == 80 and l.get("Protocol") == "HTTP"), None)


def _forwards_to(actions: list, group_arn: str) -> bool:
    """A forward action (the last action of a listener or rule) to exactly this target group."""
    forward = [a for a in actions if a.get("Type") == "forward"]
    if not forward:
        return False
    a = forward[-1]
    groups = [g["TargetGroupArn"] for g in (a.get("ForwardConfig") or {}).get("TargetGroups", []) if g.get("Weight", 1) != 0]
    return a.get("TargetGroupArn") == group_arn or groups == [group_arn]


class _Answer:
    """One request through the load balancer: its status and target group, or why it did not
    get through (an error code)."""

    def __init__(self, status=None, group_arn=None, error=None):
        self.status, self.group_arn, self.error = status, group_arn, error


def _request(copy, path: str) -> _Answer:
    """GET ``path`` on port 80 of the load balancer from a client on the internet, in ``copy``
    (a ``q.scratch`` copy: never the graded cloud)."""
    try:
        r = copy.client("ec2lab").route_request(LoadBalancer=LB, Port=80, Path=path)
    except ClientError as e:
        return _Answer(error=e.response["Error"]["Code"])
    return _Answer(r["Status"], r.get("TargetGroupArn") or (r.get("Trace") or {}).get("TargetGroupArn"))


def _no_group(name: str):
    return failed(f"No target group named {name}.", f"{name}(이)라는 이름의 대상 그룹이 없습니다.")


def _no_lb():
    return failed(f"No load balancer named {LB}.", f"{LB}(이)라는 이름의 로드 밸런서가 없습니다.")


def _not_through(answer: _Answer, path: str):
    """Feedback for a request that got no answer from a target."""
    if answer.error == "ConnectionTimedOut":
        return (f"A request from the internet for {path} does not reach {LB} on port 80 (the connection times out).",
                f"인터넷에서 보낸 {path} 요청이 80번 포트의 {LB}에 닿지 않습니다(연결 시간 초과).")
    if answer.error is not None:
        return (f"A request from the internet for {path} does not get through {LB} ({answer.error}).",
                f"인터넷에서 보낸 {path} 요청이 {LB}을(를) 통과하지 못합니다({answer.error}).")
    return (f"A request for {path} through {LB} gets {answer.status}, not 200.", f"{LB}(으)로 보낸 {path} 요청의 응답이 200이 아니라 {answer.status}입니다.")


# --- the checks -------------------------------------------------------------------------------
@check("web-targets", 3, en=f"target group {WEB}: two healthy targets on port {PORT}", ko=f"대상 그룹 {WEB}: {PORT}번 포트에서 정상(healthy)인 대상 두 개")
def web_targets(cloud):
    group = _group(cloud, WEB)
    if group is None:
        return _no_group(WEB)
    health = _health(cloud, group)
    if not health:
        return failed(f"No target is registered in {WEB}.", f"{WEB}에 등록된 대상이 없습니다.")
    healthy = [h for h in health if h["TargetHealth"]["State"] == "healthy" and h["Target"].get("Port") == PORT]
    if len(healthy) >= 2:
        return passed()
    en, ko = [f"Healthy targets of {WEB} on port {PORT}: {len(healthy)} of the 2 it needs."], [f"{WEB}에 필요한 대상 2개 중 {PORT}번 포트에서 정상인 대상은 {len(healthy)}개입니다."]
    other_ports = sorted({h["Target"].get("Port") for h in health if h["Target"].get("Port") != PORT})
    if other_ports:
        ports = ", ".join(str(p) for p in other_ports)
        en.append(f"Targets are registered on port {ports}.")
        ko.append(f"{ports}번 포트로 등록된 대상이 있습니다.")
    reasons: dict = {}
    for h in health:
        if h["TargetHealth"]["State"] != "healthy" and h["Target"].get("Port") == PORT:
            code = h["TargetHealth"].get("Reason") or h["TargetHealth"]["State"]
            reasons[code] = reasons.get(code, 0) + 1
    for code, n in sorted(reasons.items()):
        text_en, text_ko = REASONS.get(code, (f"they are {code}", f"상태가 {code}입니다"))
        en.append(f"{n} target(s): {text_en}.")
        ko.append(f"대상 {n}개: {text_ko}.")
    return partial(len(healthy) / 2, " ".join(en), " ".join(ko))


@check("health-check", 2, en=f"target group {WEB}: health checks ask for {HEALTH_PATH}, expect 200 and get it",
       ko=f"대상 그룹 {WEB}: 상태 확인이 {HEALTH_PATH}를 요청하고 200을 기대하며 실제로 200을 받음")
def health_check(cloud):
    group = _group(cloud, WEB)
    if group is None:
        return _no_group(WEB)
    path = group.get("HealthCheckPath")
    matcher = (group.get("Matcher") or {}).get("HttpCode")
    try:
        targets = cloud.client("ec2lab").health_checks(TargetGroupArn=group["TargetGroupArn"])["Targets"]
    except ClientError:
        targets = []
    answered = any(t["Checks"] and t["Checks"][-1].get("StatusCode") == 200 for t in targets)
    return criteria(
        (group.get("HealthCheckProtocol") == "HTTP" and path == HEALTH_PATH, 1, f"{WEB}'s health checks do not ask for {HEALTH_PATH} over HTTP (they ask for {path}).",
         f"{WEB}의 상태 확인이 HTTP로 {HEALTH_PATH}를 요청하지 않습니다(요청 경로: {path})."),
        (matcher == "200", 0.5, f"{WEB}'s health checks do not take exactly 200 as success (they take {matcher}).",
         f"{WEB}의 상태 확인이 정확히 200만 성공으로 보지 않습니다(성공 코드: {matcher})."),
        (answered, 0.5, f"No target of {WEB} answered its latest health check with 200.", f"{WEB}의 어느 대상도 마지막 상태 확인에 200으로 응답하지 않았습니다."),
    )


@check("load-balancer", 4, en=f"{LB}: an active internet-facing ALB in two or more AZs; HTTP:80 forwards to {WEB} and / answers 200",
       ko=f"{LB}: 가용 영역 두 개 이상에 걸친 활성 인터넷 경계 ALB, HTTP:80이 {WEB}(으)로 전달하고 /가 200으로 응답")
def load_balancer(cloud):
    lb = _load_balancer(cloud)
    if lb is None:
        return _no_lb()
    zones = {z["ZoneName"] for z in lb.get("AvailabilityZones", [])}
    kind = lb.get("Type") == "application" and lb.get("Scheme") == "internet-facing" and len(zones) >= 2
    state = lb["State"]["Code"]
    web = _group(cloud, WEB)
    listener = _http_80(cloud, lb)
    forwards = listener is not None and web is not None and _forwards_to(listener.get("DefaultActions", []), web["TargetGroupArn"])
    answer = _request(q.scratch(cloud), "/") if state == "active" and listener is not None else None
    root_ok = answer is not None and answer.status == 200
    root_en, root_ko = _not_through(answer, "/") if answer is not None else (
        f"No request can be sent to {LB} on port 80 yet.", f"아직 80번 포트의 {LB}(으)로 요청을 보낼 수 없습니다.")
    return criteria(
        (kind, 1, f"{LB} is not an internet-facing Application Load Balancer in two or more Availability Zones.",
         f"{LB}이(가) 가용 영역 두 개 이상에 걸친 인터넷 경계(internet-facing) Application Load Balancer가 아닙니다."),
        (state == "active", 0.5, f"{LB} is {state}, not active.", f"{LB}이(가) 활성(active)이 아니라 {state} 상태입니다."),
        (forwards, 1.5, f"{LB} has no HTTP listener on port 80 whose default action forwards to target group {WEB}.",
         f"{LB}에 기본 작업이 대상 그룹 {WEB}(으)로 전달하는 80번 포트 HTTP 리스너가 없습니다."),
        (root_ok, 1, root_en, root_ko),
    )


@check("books-rule", 3, en=f"/books/x is answered by target group {BOOKS}; /books is not", ko=f"/books/x는 대상 그룹 {BOOKS}가 응답하고 /books는 그렇지 않음")
def books_rule(cloud):
    books = _group(cloud, BOOKS)
    if books is None:
        return _no_group(BOOKS)
    lb = _load_balancer(cloud)
    if lb is None:
        return _no_lb()
    if lb["State"]["Code"] != "active" or _http_80(cloud, lb) is None:
        return failed(f"{LB} has no active HTTP listener on port 80 to send /books/ requests to.", f"/books/ 요청을 보낼, {LB}의 활성 80번 포트 HTTP 리스너가 없습니다.")
    copy = q.scratch(cloud)
    x, bare = _request(copy, "/books/x"), _request(copy, "/books")
    if x.error is not None:
        en, ko = _not_through(x, "/books/x")
        return failed(en, ko)
    arn = books["TargetGroupArn"]
    if x.group_arn != arn:
        sent = [(False, 2, f"A request for /books/x is not sent to target group {BOOKS}.", f"/books/x 요청이 대상 그룹 {BOOKS}(으)로 전달되지 않습니다.")]
    else:
        sent = [(True, 1.5, "", ""),
                (x.status == 200, 0.5, f"A request for /books/x sent to {BOOKS} gets {x.status}, not 200.", f"{BOOKS}(으)로 전달된 /books/x 요청의 응답이 200이 아니라 {x.status}입니다.")]
    return criteria(
        *sent,
        (bare.error is None and bare.group_arn != arn, 1, f"A request for /books (no slash after it) is sent to {BOOKS} too: only /books/ paths should be.",
         f"/books 요청(뒤에 슬래시 없음)도 {BOOKS}(으)로 전달됩니다. /books/ 경로만 전달되어야 합니다."),
    )


@check("private-8000", 3, en=f"port {PORT} of the servers is open to the load balancer only, not to the internet",
       ko=f"서버의 {PORT}번 포트는 로드 밸런서에만 열려 있고 인터넷에는 열려 있지 않음")
def private_8000(cloud):
    servers: list = []
    for name in (WEB, BOOKS):
        group = _group(cloud, name)
        if group is not None:
            servers += [h["Target"]["Id"] for h in _health(cloud, group) if h["Target"]["Id"].startswith("i-") and h["Target"]["Id"] not in servers]
    if not servers:
        return failed(f"No instance is registered in {WEB} or {BOOKS}: there is no server to look at.", f"{WEB}나 {BOOKS}에 등록된 인스턴스가 없어 확인할 서버가 없습니다.")
    lab = cloud.client("ec2lab")
    exposed = [i for i in servers if lab.can_connect(Source="internet", Destination=i, Port=PORT, Protocol="tcp")["Allowed"]]
    if not exposed:
        return passed()
    return partial(1 - len(exposed) / len(servers), f"Port {PORT} of {len(exposed)} of the {len(servers)} servers can be reached from the internet directly, not only through the load balancer.",
                   f"서버 {len(servers)}대 중 {len(exposed)}대의 {PORT}번 포트에 로드 밸런서를 거치지 않고 인터넷에서 직접 접근할 수 있습니다.")


CHECKS = [web_targets, health_check, load_balancer, books_rule, private_8000]
