"""The load-balancer lab (the notes' lab): the solution earns full marks; realistic wrong
submissions earn the partial marks and the feedback expected, after a save/load round trip;
requests are routed in a copy, so grading leaves the cloud as it was."""
from __future__ import annotations

import pytest

import ec2lab
import ec2lab.labs
import lab_steps

LAB = ec2lab.labs.get("load-balancer")
FULL = {"web-targets": 3, "health-check": 2, "load-balancer": 4, "books-rule": 3, "private-8000": 3}


def work(cloud, open_8000="lb", lb_80=True, health_path="/health", rule="/books/*", both_serve=True, scheme="internet-facing", wait=True,
         app_health=True):
    """The lab done by a student who may get one thing wrong."""
    elbv2 = cloud.client("elbv2")
    vpc = cloud.default_vpc()
    subnets = sorted(vpc.subnets, key=lambda s: s.az)[:2]
    lb_sg = vpc.create_security_group("lb-sg", "the load balancer")
    if lb_80:
        lb_sg.allow_inbound(80, "0.0.0.0/0")
    web_sg = vpc.create_security_group("web-sg", "the servers")
    if open_8000 == "lb":
        web_sg.allow_inbound(8000, lb_sg)
    elif open_8000 == "internet":  # the quick way: the servers answer anyone
        web_sg.allow_inbound(8000, "0.0.0.0/0")
    servers = [cloud.run_instance("al2023", "t3.micro", tags={"Name": n}, SubnetId=s.id, SecurityGroupIds=[web_sg.id])
               for n, s in (("web-1", subnets[0]), ("web-2", subnets[1]), ("books", subnets[0]))]
    for i in servers:
        i.wait_until_running()
    web, books = servers[:2], servers[2]
    for i in web[:2 if both_serve else 1]:
        i.serve(8000, {"/health": "ok", "/*": "web"} if app_health else {"/": "web"})
    books.serve(8000, {"/health": "ok", "/books/*": "books"})
    extra = {"HealthCheckPath": health_path, "Matcher": {"HttpCode": "200"}} if health_path else {}
    web_tg = elbv2.create_target_group(Name="web", Protocol="HTTP", Port=8000, VpcId=vpc.id, **extra)["TargetGroups"][0]["TargetGroupArn"]
    books_tg = elbv2.create_target_group(Name="books", Protocol="HTTP", Port=8000, VpcId=vpc.id, HealthCheckPath="/health")["TargetGroups"][0]["TargetGroupArn"]
    elbv2.register_targets(TargetGroupArn=web_tg, Targets=[{"Id": i.id} for i in web])
    elbv2.register_targets(TargetGroupArn=books_tg, Targets=[{"Id": books.id}])
    lb = elbv2.create_load_balancer(Name="web-alb", Scheme=scheme, Subnets=[s.id for s in subnets], SecurityGroups=[lb_sg.id])["LoadBalancers"][0]["LoadBalancerArn"]
    listener = elbv2.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": web_tg}])["Listeners"][0]["ListenerArn"]
    if rule:
        elbv2.create_rule(ListenerArn=listener, Priority=10, Conditions=[{"Field": "path-pattern", "Values": [rule]}], Actions=[{"Type": "forward", "TargetGroupArn": books_tg}])
    if wait:
        cloud.load_balancer("web-alb").wait_until_active()
        cloud.advance(300)  # health checks run: long enough for any threshold to be crossed


def graded(tmp_path, **how):
    return lab_steps.graded(LAB, tmp_path, work, **how)


def test_the_lab_is_listed_with_its_files():
    assert "load_balancer" in ec2lab.labs.names()
    assert (LAB.seed, LAB.region, LAB.max_score) == (2031, "ap-northeast-2", 15)
    assert "/books/*" in LAB.title() and "/books/" in LAB.readme()
    lab_steps.starter_cells(LAB)


def test_the_starter_notebook_runs_and_saves_a_submission(tmp_path, monkeypatch):
    """Its code cells as a student first runs them (the tasks still commented out)."""
    scope = lab_steps.run_starter(LAB, tmp_path, monkeypatch)
    assert scope["lab"].check(scope["cloud"]).score == 0
    assert LAB.grade_file(tmp_path / "load_balancer.json").score == 0


def test_the_solution_earns_full_marks(tmp_path):
    cloud = LAB.start()
    LAB.solve(cloud)
    cloud.save(tmp_path / "solution.json")
    report = LAB.grade_file(tmp_path / "solution.json")
    assert report.points() == FULL and report.score == report.max_score == 15
    assert all(r.feedback["en"] == "" for r in report.results)


def test_grading_leaves_the_cloud_as_it_was():
    """The requests are routed in a replayed copy: the graded cloud's round-robin cursors,
    traffic and recording do not move (nor does anything else)."""
    cloud = LAB.start()
    LAB.solve(cloud)
    before = cloud.digest
    picked = [cloud.load_balancer("web-alb").request("/").target_id for _ in range(2)]
    after_requests = cloud.digest
    assert LAB.check(cloud).score == 15
    assert cloud.digest == after_requests != before
    assert [cloud.load_balancer("web-alb").request("/").target_id for _ in range(2)] == picked  # round robin went on from where the student left it


def test_an_empty_submission_earns_nothing():
    report = LAB.grade(LAB.start(), lang="ko")
    assert report.score == 0
    assert report["load-balancer"].feedback["ko"] == "web-alb(이)라는 이름의 로드 밸런서가 없습니다."
    assert report["private-8000"].feedback["en"] == "No instance is registered in web or books: there is no server to look at."


CASES = [
    # (how the student went wrong, points that differ from full marks, the feedback it must show)
    (
        dict(open_8000="none"),  # the notes' classic: 8000 not opened to the load balancer's group
        {"web-targets": 0, "health-check": 1.5, "load-balancer": 3, "books-rule": 2.5},
        ("web-targets", "Healthy targets of web on port 8000: 0 of the 2 it needs. 2 target(s): their health checks time out."),
    ),
    (
        dict(open_8000="internet"),
        {"private-8000": 0},
        ("private-8000", "Port 8000 of 3 of the 3 servers can be reached from the internet directly, not only through the load balancer."),
    ),
    (
        dict(rule="/books"),  # "안 되는 것들: /books"
        {"books-rule": 0},
        ("books-rule", "A request for /books/x is not sent to target group books. A request for /books (no slash after it) is sent to books too: only /books/ paths should be."),
    ),
    (dict(rule="/books*"), {"books-rule": 2}, ("books-rule", "A request for /books (no slash after it) is sent to books too: only /books/ paths should be.")),
    (dict(rule=None), {"books-rule": 1}, ("books-rule", "A request for /books/x is not sent to target group books.")),
    (
        dict(both_serve=False),
        {"web-targets": 1.5},
        ("web-targets", "Healthy targets of web on port 8000: 1 of the 2 it needs. 1 target(s): their health checks fail (the connection is refused or reset)."),
    ),
    (dict(health_path=None), {"health-check": 1}, ("health-check", "web's health checks do not ask for /health over HTTP (they ask for /).")),
    (
        dict(app_health=False),  # /health asked for, but the app does not serve it
        {"web-targets": 0, "health-check": 1.5},
        ("web-targets", "Healthy targets of web on port 8000: 0 of the 2 it needs. 2 target(s): their health checks get an answer that is not a success code."),
    ),
    (
        dict(lb_80=False),
        {"load-balancer": 3, "books-rule": 0},
        ("load-balancer", "A request from the internet for / does not reach web-alb on port 80 (the connection times out)."),
    ),
    (
        dict(scheme="internal"),
        {"load-balancer": 2, "books-rule": 0},
        ("load-balancer", "web-alb is not an internet-facing Application Load Balancer in two or more Availability Zones. "
                          "A request from the internet for / does not get through web-alb (InvalidParameterValue)."),
    ),
    (
        dict(wait=False),  # saved right after creating everything
        {"web-targets": 0, "health-check": 1.5, "load-balancer": 2.5, "books-rule": 0},
        ("load-balancer", "web-alb is provisioning, not active. No request can be sent to web-alb on port 80 yet."),
    ),
]


@pytest.mark.parametrize("how, points, feedback", CASES, ids=["-".join(f"{k}={v}" for k, v in c[0].items()) for c in CASES])
def test_a_wrong_submission_earns_the_expected_partial_marks(tmp_path, how, points, feedback):
    report = graded(tmp_path, **how)
    assert report.points() == {**FULL, **points}
    check_id, text = feedback
    assert report[check_id].feedback["en"] == text
    assert report[check_id].feedback["ko"] and report[check_id].feedback["ko"] != text


def test_feedback_in_korean_names_what_is_missing(tmp_path):
    report = graded(tmp_path, open_8000="none")
    assert report["web-targets"].feedback["ko"] == "web에 필요한 대상 2개 중 8000번 포트에서 정상인 대상은 0개입니다. 대상 2개: 상태 확인 요청이 시간 초과됩니다."
    assert report["load-balancer"].feedback["ko"] == "web-alb(으)로 보낸 / 요청의 응답이 200이 아니라 504입니다."


def test_an_app_given_as_python_code_is_not_part_of_the_submission(tmp_path):
    """A submission holds actions, never code: servers that answered with a Python function
    answer nothing when the work is replayed, and the feedback shows it."""
    cloud = LAB.start()
    LAB.solve(cloud)
    for i in cloud.instances(filters={"tag:Name": ["web-*"]}):
        i.serve(8000, lambda request: "web")
    cloud.save(tmp_path / "code.json")
    report = LAB.grade_file(tmp_path / "code.json")
    assert report["load-balancer"].points == 3
    assert report["load-balancer"].feedback["en"] == "A request for / through web-alb gets 502, not 200."
