"""The narrated tour: ``python -m ec2lab tour`` (or ``make tour``; ``--lang ko`` in Korean).

A short end-to-end run of what ec2lab models today, printed to stdout. The cloud is seeded,
so the text is the same on every run; all the waiting happens in virtual time.
"""
from __future__ import annotations

import sys

from . import i18n

SEED = 0
REGION = "us-east-1"

# Narration in English and Korean; values come from the core's answers.
_TEXT = {
    "title": (
        "ec2lab tour: a local, deterministic Amazon EC2 (seed {seed}, virtual time)",
        "ec2lab 둘러보기: 로컬에서 결정적으로 동작하는 Amazon EC2 (시드 {seed}, 가상 시간)",
    ),
    "s1": ("A Cloud: every modelled region on one virtual clock", "Cloud: 모든 리전이 하나의 가상 시계를 공유합니다"),
    "clock": ("virtual clock: {t}", "가상 시계: {t}"),
    "s2": ("What an instance type name says: explain_instance_type({name!r})", "인스턴스 유형 이름 읽기: explain_instance_type({name!r})"),
    "s3": ("Availability Zones of {region}", "{region}의 가용 영역"),
    "zones": ("{n} zones: {zones}", "가용 영역 {n}개: {zones}"),
    "s4": ("Launch an instance: pending, then running", "인스턴스 시작: 대기 중(pending)에서 실행 중(running)으로"),
    "image": ("{alias} -> {image} ({name})", "{alias} -> {image} ({name})"),
    "launched": ("{id} is {state} at {t}", "{id}: {t}에 {state}"),
    "running": (
        "{state} at {t}: {secs:.1f} s of virtual time, no real waiting",
        "{t}에 {state}: 가상 시간 {secs:.1f}초, 실제로 기다리지 않음",
    ),
    "addresses": ("public IP {public}, private IP {private}, {az}", "퍼블릭 IP {public}, 프라이빗 IP {private}, {az}"),
    "s5": ("Stop, then start again", "중지한 뒤 다시 시작"),
    "stopped": ("stop() -> {first}; {state} at {t}, public IP released", "stop() -> {first}; {t}에 {state}, 퍼블릭 IP 반납"),
    "started": ("start() -> {first}; {state} at {t}", "start() -> {first}; {t}에 {state}"),
    "public_changed": (
        "public IP  {before} -> {after}  (new: the old one went back to the pool)",
        "퍼블릭 IP  {before} -> {after}  (새 주소: 이전 주소는 풀로 돌아감)",
    ),
    "private_kept": (
        "private IP {before} -> {after}  (kept: it belongs to the network interface)",
        "프라이빗 IP {before} -> {after}  (유지: 네트워크 인터페이스에 속한 주소)",
    ),
    "s6": ("A refusal that teaches: termination protection", "거절에서 배우기: 종료 방지"),
    "protect": ("modify(DisableApiTermination=True), then terminate():", "modify(DisableApiTermination=True) 후 terminate():"),
    "still": ("the instance is still {state}; modify(DisableApiTermination=False) lifts it", "인스턴스는 여전히 {state}; modify(DisableApiTermination=False)로 해제"),
    "s7": ("Shutdown from inside the OS (`sudo shutdown -h now`)", "운영 체제 안에서 종료 (`sudo shutdown -h now`)"),
    "worker": (
        "worker = cloud.run_instance(..., InstanceInitiatedShutdownBehavior=\"terminate\")",
        "worker = cloud.run_instance(..., InstanceInitiatedShutdownBehavior=\"terminate\")",
    ),
    "worker_up": ("{id} is {state} at {t}", "{id}: {t}에 {state}"),
    "os_down": ("shutdown_from_os() -> {state} (reason {reason})", "shutdown_from_os() -> {state}, 사유 {reason}"),
    "os_gone": (
        "{state} at {t}: its shutdown behaviour is 'terminate' (default: 'stop')",
        "{t}에 {state}: 종료 방식이 terminate (기본값 stop이면 중지)",
    ),
    "st": ("Storage: EBS keeps files, the instance store forgets them", "스토리지: EBS는 파일을 유지하고 인스턴스 스토어는 잊습니다"),
    "st_box": ("box = cloud.run_instance(\"al2023\", \"m5d.large\"): {root} EBS root, {disk} instance store", "box = cloud.run_instance(\"al2023\", \"m5d.large\"): 루트 EBS {root}, 인스턴스 스토어 {disk}"),
    "st_write": ("wrote /home/ec2-user/notes.txt (EBS) and /scratch/cache.txt (instance store)", "/home/ec2-user/notes.txt(EBS)와 /scratch/cache.txt(인스턴스 스토어)에 씀"),
    "st_after": ("after stop and start: {path} {result}", "중지 후 다시 시작: {path} {result}"),
    "st_kept": ("kept", "유지됨"),
    "st_gone": ("gone (erased on stop)", "사라짐 (중지하면 지워짐)"),
    "st_io": ("io_test randread: instance store {fast:,.0f} IOPS, EBS gp3 {slow:,.0f} IOPS", "io_test 임의 읽기: 인스턴스 스토어 {fast:,.0f} IOPS, EBS gp3 {slow:,.0f} IOPS"),
    "st_snap": (
        "two snapshots of the root volume: {first} KiB, then {second} KiB (only the changed blocks)",
        "루트 볼륨 스냅샷 두 개: {first} KiB, 그다음 {second} KiB (바뀐 블록만 저장)",
    ),
    "ami": ("A custom AMI, copied to Seoul", "사용자 정의 AMI를 서울 리전으로 복사"),
    "ami_made": ("box.create_image(\"tour-web-v1\") -> {id}: {first}, {state} at {t}", "box.create_image(\"tour-web-v1\") -> {id}: {first}, {t}에 {state}"),
    "ami_copy": ("copy(\"ap-northeast-2\") -> {id} (a new id in Seoul), {state} at {t}", "copy(\"ap-northeast-2\") -> {id} (서울의 새 ID), {t}에 {state}"),
    "ami_launch": ("launched in Seoul: {id} reads /home/ec2-user/notes.txt = {data!r}", "서울에서 시작: {id}에서 /home/ec2-user/notes.txt = {data!r}"),
    "s8": ("Terminate", "종료"),
    "terminated": ("terminate() -> {first}; {state} at {t}", "terminate() -> {first}; {t}에 {state}"),
    "restart": ("start() on a terminated instance:", "종료된 인스턴스에 start():"),
    "hour": (
        "Visible for about an hour after termination; cloud.advance(3600) -> {t}:",
        "종료된 인스턴스는 약 1시간 동안 보입니다. cloud.advance(3600) -> {t}:",
    ),
    "net": ("The network of the notes, by hand, and a question to the cloud", "노트의 네트워크를 직접 만들고 클라우드에 묻기"),
    "net_vpc": (
        "VPC {vpc} {cidr}: public subnet {public} ({public_az}), private subnet {private} ({private_az})",
        "VPC {vpc} {cidr}: 퍼블릭 서브넷 {public} ({public_az}), 프라이빗 서브넷 {private} ({private_az})",
    ),
    "net_sg": (
        "security groups: web allows 80 and 443 from 0.0.0.0/0; db allows 3306 from the web group",
        "보안 그룹: web은 0.0.0.0/0에서 80, 443 허용; db는 web 그룹에서 3306 허용",
    ),
    "net_hosts": ("web {web} ({web_ip}) in the public subnet, db {db} ({db_ip}) in the private one", "web {web} ({web_ip})은 퍼블릭, db {db} ({db_ip})은 프라이빗 서브넷에"),
    "net_allowed": ("allowed", "허용"),
    "net_blocked": ("blocked by {kind} {id}{reason}", "차단: {kind} {id}{reason}"),
    "mon": ("Monitoring: a CPU alarm, an e-mail and Auto Scaling", "모니터링: CPU 경보, 이메일, 오토 스케일링"),
    "mon_group": ("web-asg: launch template web (t3.micro), min 1, max 3, 2 AZs; {n} InService at {t}", "web-asg: 시작 템플릿 web (t3.micro), 최소 1, 최대 3, AZ 2개; {t}에 {n}대 InService"),
    "mon_rules": ("alarm cpu-high: CPU > 70 % for 2 of 2 minutes -> SNS ops -> ops@example.com", "경보 cpu-high: CPU > 70 %가 2분 중 2분 -> SNS ops -> ops@example.com"),
    "mon_load": ("set_load(cpu=90) at {t}; CPUUtilization per minute: {values}", "{t}에 set_load(cpu=90); 분당 CPUUtilization: {values}"),
    "mon_states": ("alarm states: {states}", "경보 상태: {states}"),
    "mon_mail": ("inbox of ops@example.com at {t}: {subject}", "{t} ops@example.com 받은 편지함: {subject}"),
    "mon_out": ("target tracking (CPU 50 %) at {t}: desired {before} -> {after}; {n} InService at {ready}", "대상 추적 (CPU 50 %) {t}: 원하는 용량 {before} -> {after}; {ready}에 {n}대 InService"),
    "mon_in": ("load 10 %: after 15 quiet minutes, scale in at {t}: desired {before} -> {after}", "부하 10 %: 조용한 15분 뒤 {t}에 축소: 원하는 용량 {before} -> {after}"),
    "elb": ("Load balancing: a target group, two servers, an ALB and a /books/* rule", "로드 밸런싱: 대상 그룹, 서버 두 대, ALB, /books/* 규칙"),
    "elb_tg": (
        "target group web-tg: HTTP:8000, health check GET / every {interval} s ({healthy} passes: healthy, {unhealthy} failures: unhealthy)",
        "대상 그룹 web-tg: HTTP:8000, 상태 검사 GET / {interval}초마다 (성공 {healthy}번: 정상, 실패 {unhealthy}번: 비정상)",
    ),
    "elb_servers": (
        "web-1 {a} ({az_a}) and web-2 {b} ({az_b}) serve on 8000, registered in web-tg; books {c} in books-tg",
        "web-1 {a} ({az_a}), web-2 {b} ({az_b})가 8000에서 서비스, web-tg에 등록; books {c}는 books-tg에",
    ),
    "elb_sg": ("security groups: tour-lb allows 80 from 0.0.0.0/0; tour-web allows 8000 from tour-lb", "보안 그룹: tour-lb는 0.0.0.0/0에서 80 허용; tour-web은 tour-lb에서 8000 허용"),
    "elb_lb": (
        "internet-facing ALB tour-alb in {azs}: {first}, {state} at {t}",
        "인터넷 경계 ALB tour-alb ({azs}): {first}, {t}에 {state}",
    ),
    "elb_dns": ("DNS name {dns}", "DNS 이름 {dns}"),
    "elb_listener": ("listener HTTP:80 -> web-tg (default rule); rule 10: path /books/* -> books-tg", "리스너 HTTP:80 -> web-tg (기본 규칙); 규칙 10: 경로 /books/* -> books-tg"),
    "elb_healthy": ("every target healthy at {t}", "{t}에 모든 대상이 정상(healthy)"),
    "elb_rule": ("rule {rule}", "규칙 {rule}"),
    "elb_default": ("the default rule", "기본 규칙"),
    "elb_request": ("GET {path:12} -> {status} from {name} ({why})", "GET {path:12} -> {status}, 응답: {name} ({why})"),
    "elb_fail": (
        "web-1.fail(\"status\", status=500): unhealthy at {t} ({reason}, {count} failed checks)",
        "web-1.fail(\"status\", status=500): {t}에 비정상(unhealthy) ({reason}, 검사 실패 {count}번)",
    ),
    "elb_traffic": (
        "send_traffic(10 requests/s, 30 s): {requests} requests, {by_target}; status {by_status}",
        "send_traffic(초당 10개, 30초): 요청 {requests}개, {by_target}; 상태 {by_status}",
    ),
    "s9": ("Where next", "다음 단계"),
    "next1": (
        "notebooks/: one notebook per concept of the course (types, lifecycle, AMI, storage, network, load balancing, monitoring, cost ...)",
        "notebooks/: 강의 개념마다 노트북 하나 (인스턴스 유형, 수명 주기, AMI, 스토리지, 네트워크, 로드 밸런싱, 모니터링, 비용, ...)",
    ),
    "next2": (
        "objects: cloud.run_instance('al2023'), .stop(), .state; a Jupyter cell shows a card",
        "객체: cloud.run_instance('al2023'), .stop(), .state; Jupyter 셀에 카드로 표시",
    ),
    "next3": ("make test: every test (cargo test, pytest, the notebooks)", "make test: 모든 테스트 (cargo test, pytest, 노트북)"),
    "next4": ("python -m ec2lab tour --lang ko: this tour in Korean", "python -m ec2lab tour --lang en: 이 둘러보기를 영어로"),
    "elapsed": ("{h} h {m:02d} min {s:02d} s", "{h}시간 {m:02d}분 {s:02d}초"),
    "done": ("Virtual time passed: {elapsed}. Same seed, same text, every run.", "흐른 가상 시간: {elapsed}. 같은 시드, 매번 같은 출력."),
}


def _t(key: str, **values) -> str:
    en, ko = _TEXT[key]
    return i18n.pick(en, ko).format(**values)


class _Narrator:
    def __init__(self, out):
        self._out = out
        self._step = 0

    def line(self, text: str = "") -> None:
        try:
            self._out.write(text + "\n")
        except UnicodeEncodeError:  # a terminal that cannot show every character
            encoding = getattr(self._out, "encoding", None) or "ascii"
            self._out.write(text.encode(encoding, "replace").decode(encoding) + "\n")

    def step(self, title: str) -> None:
        self._step += 1
        self.line()
        self.line(f"{self._step}. {title}")

    def say(self, text: str) -> None:
        self.line(f"   {text}")

    def wrapped(self, text: str, prefix: str = "") -> None:
        """Word-wrapped to 90 columns (Korean characters take two)."""
        lines = _wrap(f"{prefix}{text}", 84)
        for n, piece in enumerate(lines):
            self.line(("   " if n == 0 else "     ") + piece)

    def refusal(self, error) -> None:
        info = error.response["Error"]
        self.say(f"ClientError {info['Code']}")
        self.wrapped(info["Message"])
        self.wrapped(error.hint, prefix=f"{i18n.label('hint')}: ")


def _width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and _width(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current]


def _clock(cloud) -> str:
    now = cloud.now
    return now.strftime("%H:%M:%S.") + f"{now.microsecond // 1000:03d}"


def _state(instance) -> str:
    from .display import state_label

    return state_label(instance.state)


def tour(out=None) -> None:
    """Prints the tour to ``out`` (default: stdout) in the current language."""
    import ec2lab
    from .instance import find_image

    n = _Narrator(out or sys.stdout)
    n.line(_t("title", seed=SEED))

    n.step(_t("s1"))
    n.say(f"cloud = ec2lab.Cloud(region={REGION!r}, seed={SEED})")
    cloud = ec2lab.Cloud(region=REGION, seed=SEED)
    start = cloud.now
    n.say(_t("clock", t=start.strftime("%Y-%m-%d %H:%M:%S UTC")))

    n.step(_t("s2", name="c5n.xlarge"))
    for text in ec2lab.explain_instance_type("c5n.xlarge").lines[:5]:
        n.wrapped(text)

    ec2 = cloud.client("ec2")
    n.step(_t("s3", region=REGION))
    zones = [z["ZoneName"] for z in ec2.describe_availability_zones()["AvailabilityZones"]]
    n.say(_t("zones", n=len(zones), zones=", ".join(zones)))

    n.step(_t("s4"))
    image = find_image(cloud, "al2023")
    n.say(_t("image", alias="al2023", image=image["ImageId"], name=image["Name"]))
    n.say('web = cloud.run_instance("al2023", "t2.micro", tags={"Name": "web"})')
    web = cloud.run_instance("al2023", "t2.micro", tags={"Name": "web"})
    launched = cloud.now
    n.say(_t("launched", id=web.id, state=_state(web), t=_clock(cloud)))
    cloud.run_until(lambda: web.state == "running")
    n.say(_t("running", state=_state(web), t=_clock(cloud), secs=(cloud.now - launched).total_seconds()))
    n.say(_t("addresses", public=web.public_ip, private=web.private_ip, az=web.az))

    n.step(_t("s5"))
    public_before, private_before = web.public_ip, web.private_ip
    first = _state(web.stop())
    cloud.run_until(lambda: web.state == "stopped")
    n.say(_t("stopped", first=first, state=_state(web), t=_clock(cloud)))
    first = _state(web.start())
    cloud.run_until(lambda: web.state == "running")
    n.say(_t("started", first=first, state=_state(web), t=_clock(cloud)))
    n.say(_t("public_changed", before=public_before, after=web.public_ip))
    n.say(_t("private_kept", before=private_before, after=web.private_ip))

    n.step(_t("s6"))
    n.say(_t("protect"))
    web.modify(DisableApiTermination=True)
    try:
        web.terminate()
    except ec2lab.ClientError as e:
        n.refusal(e)
    n.say(_t("still", state=_state(web)))
    web.modify(DisableApiTermination=False)

    n.step(_t("s7"))
    n.say(_t("worker"))
    worker = cloud.run_instance("al2023", "t2.micro", InstanceInitiatedShutdownBehavior="terminate")
    cloud.run_until(lambda: worker.state == "running")
    n.say(_t("worker_up", id=worker.id, state=_state(worker), t=_clock(cloud)))
    worker.shutdown_from_os()
    n.say(_t("os_down", state=_state(worker), reason=worker.describe().get("StateReason", {}).get("Code")))
    cloud.run_until(lambda: worker.state == "terminated")
    n.say(_t("os_gone", state=_state(worker), t=_clock(cloud)))

    n.step(_t("st"))
    box = cloud.run_instance("al2023", "m5d.large", tags={"Name": "box"})
    cloud.run_until(lambda: box.state == "running")
    kinds = {d["Kind"]: d["DeviceName"] for d in box.devices()}
    n.say(_t("st_box", root=kinds["ebs"], disk=kinds["instance-store"]))
    box.mount("ephemeral0", "/scratch")
    box.write_file("/home/ec2-user/notes.txt", b"hello from EBS")
    box.write_file("/scratch/cache.txt", b"hello from the instance store")
    n.say(_t("st_write"))
    fast = box.io_test("/scratch", size="64MiB", pattern="randread")["Iops"]
    slow = box.io_test("/", size="64MiB", pattern="randread")["Iops"]
    n.say(_t("st_io", fast=fast, slow=slow))
    box.stop()
    cloud.run_until(lambda: box.state == "stopped")
    box.start()
    cloud.run_until(lambda: box.state == "running")
    for path in ("/home/ec2-user/notes.txt", "/scratch/cache.txt"):
        try:
            box.read_file(path)
            result = _t("st_kept")
        except ec2lab.ClientError:
            result = _t("st_gone")
        n.say(_t("st_after", path=path, result=result))
    root = box.volumes[0]
    first = root.snapshot()
    box.write_file("/home/ec2-user/notes.txt", b"hello again from EBS")
    second = root.snapshot()
    cloud.run_until(lambda: first.state == second.state == "completed")
    n.say(_t("st_snap", first=first.stored_bytes // 1024, second=second.stored_bytes // 1024))

    n.step(_t("ami"))
    image = box.create_image("tour-web-v1")
    first_state = image.state
    cloud.run_until(lambda: image.state == "available")
    n.say(_t("ami_made", id=image.id, first=first_state, state=image.state, t=_clock(cloud)))
    copy = image.copy("ap-northeast-2")
    cloud.run_until(lambda: copy.state == "available")
    n.say(_t("ami_copy", id=copy.id, state=copy.state, t=_clock(cloud)))
    there = copy.launch("t3.micro")[0]
    cloud.run_until(lambda: there.state == "running")
    n.say(_t("ami_launch", id=there.id, data=there.read_file("/home/ec2-user/notes.txt").decode()))
    there.terminate()
    box.terminate()

    n.step(_t("s8"))
    web.terminate()
    first = _state(web)
    cloud.run_until(lambda: web.state == "terminated")
    n.say(_t("terminated", first=first, state=_state(web), t=_clock(cloud)))
    n.say(_t("restart"))
    try:
        web.start()
    except ec2lab.ClientError as e:
        n.refusal(e)
    cloud.advance(3600)
    n.say(_t("hour", t=_clock(cloud)))
    try:
        web.describe()
    except ec2lab.ClientError as e:
        info = e.response["Error"]
        n.say(f"ClientError {info['Code']}")
        n.wrapped(info["Message"])

    _network_chapter(n, cloud)
    _elb_chapter(n, cloud)
    _monitoring_chapter(n, cloud)

    n.step(_t("s9"))
    for key in ("next1", "next2", "next3", "next4"):
        n.say(f"- {_t(key)}")
    elapsed = cloud.now - start
    minutes, seconds = divmod(int(elapsed.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    n.line()
    n.line(_t("done", elapsed=_t("elapsed", h=hours, m=minutes, s=seconds)))


def _network_chapter(n: _Narrator, cloud) -> None:
    """The notes' network by hand (a VPC, a public and a private subnet, two security groups)
    and what the cloud answers when asked whether a connection works."""
    n.step(_t("net"))
    vpc = cloud.create_vpc("10.0.0.0/16")
    public = vpc.create_subnet("10.0.1.0/24", "us-east-1a", public=True)
    private = vpc.create_subnet("10.0.2.0/24", "us-east-1b")
    n.wrapped(_t("net_vpc", vpc=vpc.id, cidr=vpc.cidr, public=public.cidr, public_az=public.az, private=private.cidr, private_az=private.az))
    web_sg = vpc.create_security_group("web", "web servers").allow_inbound(80, "0.0.0.0/0").allow_inbound(443, "0.0.0.0/0")
    db_sg = vpc.create_security_group("db", "databases").allow_inbound(3306, web_sg)
    n.wrapped(_t("net_sg"))
    web = cloud.run_instance("al2023", "t2.micro", SubnetId=public.id, SecurityGroupIds=[web_sg.id])
    db = cloud.run_instance("al2023", "t2.micro", SubnetId=private.id, SecurityGroupIds=[db_sg.id])
    cloud.run_until(lambda: web.state == "running" and db.state == "running")
    n.wrapped(_t("net_hosts", web=web.id, web_ip=web.private_ip, db=db.id, db_ip=db.private_ip))
    asks = [("internet", web, 80, '"internet", web, 80'), ("internet", web, 22, '"internet", web, 22'), (web, db, 3306, "web, db, 3306"), ("internet", db, 3306, '"internet", db, 3306')]
    for source, destination, port, text in asks:
        answer = cloud.can_connect(source, destination, port)
        if answer.allowed:
            verdict = _t("net_allowed")
        else:
            blocked = answer.blocked_by
            verdict = _t("net_blocked", kind=blocked["Kind"], id=blocked.get("ComponentId", ""), reason="" if blocked.get("Reason") in (None, "", blocked["Kind"]) else f" ({blocked['Reason']})")
        n.wrapped(f"can_connect({text}) -> {verdict}")
        if not answer.allowed and port == 22:
            n.wrapped(answer.hint, prefix=f"{i18n.label('hint')}: ")


def _monitoring_chapter(n: _Narrator, cloud) -> None:
    """Automatic monitoring as in the notes: an Auto Scaling group, a CPU alarm that e-mails through
    SNS, a target-tracking policy; the CPU rises (set_load), the alarm fires, the e-mail lands in the
    simulated inbox, the group scales out; the CPU falls and it scales back in."""
    n.step(_t("mon"))
    ec2, cw, sns, autoscaling = (cloud.client(s) for s in ("ec2", "cloudwatch", "sns", "autoscaling"))
    subnets = sorted(ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"], key=lambda s: s["AvailabilityZone"])[:2]
    image = ec2.describe_images(Filters=[{"Name": "name", "Values": ["al2023-ami-2023*-x86_64"]}])["Images"][0]["ImageId"]
    ec2.create_launch_template(LaunchTemplateName="web", LaunchTemplateData={"ImageId": image, "InstanceType": "t3.micro", "Monitoring": {"Enabled": True}})
    autoscaling.create_auto_scaling_group(AutoScalingGroupName="web-asg", LaunchTemplate={"LaunchTemplateName": "web"}, MinSize=1, MaxSize=3,
                                          VPCZoneIdentifier=",".join(s["SubnetId"] for s in subnets))
    group = cloud.autoscaling_group("web-asg").wait_until_in_service()
    n.wrapped(_t("mon_group", n=len(group.instance_ids()), t=_clock(cloud)[:5]))

    def load(cpu: float) -> None:
        for i in group.instance_ids(None):
            cloud.instance(i).set_load(cpu=cpu)

    load(20)
    topic = sns.create_topic(Name="ops")["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
    cloud.inbox("ops@example.com").latest.confirm()
    cw.put_metric_alarm(AlarmName="cpu-high", Namespace="AWS/EC2", MetricName="CPUUtilization", Dimensions=[{"Name": "AutoScalingGroupName", "Value": "web-asg"}],
                        Statistic="Average", Period=60, EvaluationPeriods=2, Threshold=70.0, ComparisonOperator="GreaterThanThreshold", AlarmActions=[topic])
    autoscaling.put_scaling_policy(AutoScalingGroupName="web-asg", PolicyName="cpu-50", PolicyType="TargetTrackingScaling", EstimatedInstanceWarmup=60,
                                   TargetTrackingConfiguration={"PredefinedMetricSpecification": {"PredefinedMetricType": "ASGAverageCPUUtilization"}, "TargetValue": 50.0})
    n.wrapped(_t("mon_rules"))
    alarm = cloud.alarm("cpu-high")
    cloud.advance(180)
    load(90)
    hot = _clock(cloud)[:5]
    cloud.run_until(lambda: alarm.state == "ALARM")
    values = cloud.metric("AWS/EC2", "CPUUtilization", {"AutoScalingGroupName": "web-asg"}, period=60, start=300).values
    n.wrapped(_t("mon_load", t=hot, values=", ".join(f"{v:.0f}" for v in values)))
    n.wrapped(_t("mon_states", states=" -> ".join(f"{state} ({start:%H:%M})" for start, _, state in alarm.timeline())))
    mail = cloud.inbox("ops@example.com").latest
    n.wrapped(_t("mon_mail", t=f"{mail.time:%H:%M}", subject=mail.subject))
    cloud.run_until(lambda: group.desired_capacity > 1)
    before, out_at, after = 1, _clock(cloud)[:5], group.desired_capacity
    group.wait_until_in_service()
    n.wrapped(_t("mon_out", t=out_at, before=before, after=after, n=len(group.instance_ids()), ready=_clock(cloud)[:8]))
    load(10)
    cloud.run_until(lambda: group.desired_capacity < after, timeout=3600)
    n.wrapped(_t("mon_in", t=_clock(cloud)[:5], before=after, after=group.desired_capacity))
    group.delete(force=True)
def _elb_chapter(n: _Narrator, cloud) -> None:
    """The notes' load balancer in the default VPC: a target group on 8000 with its health check,
    two servers in two AZs, an internet-facing ALB listening on 80, a `/books/*` rule to a second
    group; a few requests and which server answered; one server breaks and traffic moves."""
    n.step(_t("elb"))
    ec2, elbv2 = cloud.client("ec2"), cloud.client("elbv2")
    vpc = cloud.default_vpc()
    subnets = sorted(ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"], key=lambda s: s["AvailabilityZone"])[:2]
    lb_sg = vpc.create_security_group("tour-lb", "load balancer").allow_inbound(80, "0.0.0.0/0")
    web_sg = vpc.create_security_group("tour-web", "web servers").allow_inbound(8000, lb_sg)
    servers = [cloud.run_instance("al2023", "t3.micro", SubnetId=subnets[k]["SubnetId"], SecurityGroupIds=[web_sg.id]) for k in (0, 1, 0)]
    web1, web2, books = servers
    cloud.run_until(lambda: all(i.state == "running" for i in servers))
    names = {web1.id: "web-1", web2.id: "web-2", books.id: "books"}
    for i in (web1, web2):
        i.serve(8000)  # "Hello from <instance id>"
    books.serve(8000, {"/*": "books"})
    group = elbv2.create_target_group(Name="web-tg", Protocol="HTTP", Port=8000, VpcId=vpc.id)["TargetGroups"][0]
    books_arn = elbv2.create_target_group(Name="books-tg", Protocol="HTTP", Port=8000, VpcId=vpc.id)["TargetGroups"][0]["TargetGroupArn"]
    web_tg = cloud.target_group(group["TargetGroupArn"]).register(web1, web2)
    books_tg = cloud.target_group(books_arn).register(books)
    n.wrapped(_t("elb_tg", interval=group["HealthCheckIntervalSeconds"], healthy=group["HealthyThresholdCount"], unhealthy=group["UnhealthyThresholdCount"]))
    n.wrapped(_t("elb_servers", a=web1.id, az_a=web1.az, b=web2.id, az_b=web2.az, c=books.id))
    n.wrapped(_t("elb_sg"))
    elbv2.create_load_balancer(Name="tour-alb", Subnets=[s["SubnetId"] for s in subnets], SecurityGroups=[lb_sg.id])
    lb = cloud.load_balancer("tour-alb")
    first = lb.state
    listener = elbv2.create_listener(LoadBalancerArn=lb.arn, Protocol="HTTP", Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": web_tg.arn}])
    elbv2.create_rule(ListenerArn=listener["Listeners"][0]["ListenerArn"], Priority=10, Conditions=[{"Field": "path-pattern", "Values": ["/books/*"]}],
                      Actions=[{"Type": "forward", "TargetGroupArn": books_arn}])
    lb.wait_until_active()
    n.wrapped(_t("elb_lb", azs=" + ".join(s["AvailabilityZone"] for s in subnets), first=first, state=lb.state, t=_clock(cloud)))
    n.wrapped(_t("elb_dns", dns=lb.dns_name))
    n.wrapped(_t("elb_listener"))
    web_tg.wait_until_healthy()
    books_tg.wait_until_healthy()
    n.say(_t("elb_healthy", t=_clock(cloud)))
    for path in ("/", "/", "/books/dune", "/books"):
        r = lb.request(path)
        priority = r.trace["RulePriority"]
        why = _t("elb_default") if priority == "default" else _t("elb_rule", rule=priority)
        n.say(_t("elb_request", path=path, status=r.status, name=f"{names[r.target_id]} {r.target_id}", why=why))
    web1.fail("status", status=500)
    cloud.run_until(lambda: web_tg.health().states()[f"{web1.id}:8000"] == "unhealthy")
    row = next(r for r in web_tg.health() if r["target"] == web1.id)
    failures = cloud.client("ec2lab").health_checks(TargetGroupArn=web_tg.arn, Targets=[{"Id": web1.id}])["Targets"][0]["Failures"]
    n.wrapped(_t("elb_fail", t=_clock(cloud), reason=row["reason"], count=failures))
    report = lb.send_traffic(10, 30)
    by_target = ", ".join(f"{names[k.split(':')[0]]} {v}" for k, v in sorted(report["ByTarget"].items()))
    n.wrapped(_t("elb_traffic", requests=report["Requests"], by_target=by_target, by_status=", ".join(f"{k}: {v}" for k, v in sorted(report["ByStatus"].items()))))
    elbv2.delete_load_balancer(LoadBalancerArn=lb.arn)
    for i in servers:
        i.terminate()


def main(argv: list[str] | None = None, lang: str | None = None) -> int:
    """Runs the tour; ``--lang en|ko`` (or ``lang=``) chooses the language, else the current one."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m ec2lab tour", description="A narrated tour of ec2lab.")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, default=None, help="language of the tour (default: en, or EC2LAB_LANGUAGE)")
    args = parser.parse_args([] if argv is None else argv)
    language = lang or args.lang
    before = i18n.get_language()
    try:
        if language:
            i18n.set_language(language)
        tour()
    except BrokenPipeError:  # e.g. `python -m ec2lab tour | head`: stop quietly, as a pipe reader expects
        _silence_stdout()
        return 1
    finally:
        i18n.set_language(before)
    return 0


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
