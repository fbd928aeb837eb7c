"""The narrated tour: ``python -m ec2lab tour`` (and ``--lang ko``)."""
import os
import re
import subprocess
import sys

import pytest

import ec2lab
from ec2lab import tour


def _run_tour(capsys, **kwargs):
    assert tour.main(**kwargs) == 0
    out = capsys.readouterr()
    assert out.err == ""
    return out.out


def _cli(*args):
    env = dict(os.environ)
    env.pop("EC2LAB_LANGUAGE", None)
    env.pop("PYTHONWARNINGS", None)
    return subprocess.run([sys.executable, "-W", "default", "-m", "ec2lab", "tour", *args], capture_output=True, text=True, env=env, timeout=120)


def test_the_tour_prints_every_step(capsys):
    ec2lab.set_language("en")
    text = _run_tour(capsys)
    lines = text.splitlines()
    assert 40 <= len(lines) <= 135  # about 10 lines a chapter; the monitoring chapter took 9
    steps = [line for line in lines if re.match(r"^\d+\. ", line)]
    assert [s.split(".")[0] for s in steps] == [str(n) for n in range(1, 15)]
    for needle in [
        "seed=0",
        "virtual clock: 2025-01-06 09:00:00 UTC",
        "explain_instance_type('c5n.xlarge')",
        "c5n.xlarge = [family c][generation 5][attributes n].[size xlarge]",
        "us-east-1a, us-east-1b",
        "is pending at 09:00:00.000",
        "s of virtual time",
        "stop() -> stopping; stopped at",
        "start() -> pending; running at",
        "ClientError OperationNotPermitted",
        "Hint: Termination protection (disableApiTermination) is on",
        "shutdown_from_os() -> shutting-down",
        "Client.InstanceInitiatedShutdown",
        "ClientError IncorrectInstanceState",
        "about an hour",
        "ClientError InvalidInstanceID.NotFound",
        "instance store",
        "/home/ec2-user/notes.txt kept",
        "/scratch/cache.txt gone (erased on stop)",
        "(only the changed blocks)",
        "box.create_image(\"tour-web-v1\") -> ami-",
        "(a new id in Seoul)",
        "reads /home/ec2-user/notes.txt = 'hello again from EBS'",
        "can_connect(\"internet\", web, 80) -> allowed",
        "can_connect(\"internet\", web, 22) -> blocked by security-group-ingress",
        "can_connect(web, db, 3306) -> allowed",
        "12. Load balancing",
        ".us-east-1.elb.amazonaws.com",
        "notebooks/",
        "make test",
    ]:
        assert needle in text, needle


def test_the_tour_shows_the_public_ip_change_and_the_private_ip_kept(capsys):
    ec2lab.set_language("en")
    text = _run_tour(capsys)
    public = re.search(r"public IP  (\S+) -> (\S+)", text)
    private = re.search(r"private IP (\S+) -> (\S+)", text)
    assert public and private
    assert public.group(1) != public.group(2)
    assert private.group(1) == private.group(2) and private.group(1).startswith("172.31.")


def test_the_tour_shows_the_second_snapshot_smaller_and_instance_store_faster(capsys):
    ec2lab.set_language("en")
    text = _run_tour(capsys)
    snaps = re.search(r"root volume: (\d+) KiB, then (\d+) KiB", text)
    assert snaps and int(snaps.group(2)) < int(snaps.group(1))
    io = re.search(r"instance store ([\d,]+) IOPS, EBS gp3 ([\d,]+) IOPS", text)
    assert io and int(io.group(1).replace(",", "")) > 10 * int(io.group(2).replace(",", ""))


def test_the_tour_alarm_emails_and_the_group_scales_out_and_in(capsys):
    ec2lab.set_language("en")
    text = _run_tour(capsys)
    chapter = text[text.index("Monitoring: a CPU alarm"):text.index("Where next")]
    assert len(chapter.splitlines()) <= 10
    states = re.search(r"alarm states: INSUFFICIENT_DATA \((\d\d:\d\d)\) -> OK \((\d\d:\d\d)\) -> ALARM \((\d\d:\d\d)\)", chapter)
    assert states, chapter
    alarm_at = states.group(3)
    assert f'inbox of ops@example.com at {alarm_at}: ALARM: "cpu-high" in US East (N. Virginia)' in chapter
    cpu = re.search(r"CPUUtilization per minute: ([\d, ]+)", chapter).group(1).split(", ")
    assert cpu[0] == "20" and cpu[-2:] == ["90", "90"]  # 2 of 2 minutes above 70 % before the alarm
    assert re.search(rf"target tracking \(CPU 50 %\) at {alarm_at}: desired 1 -> 2; 2 InService at", chapter)
    scale_in = re.search(r"scale in at (\d\d):(\d\d): desired 2 -> 1", chapter)
    assert scale_in
    minutes = int(scale_in.group(1)) * 60 + int(scale_in.group(2)) - (int(alarm_at[:2]) * 60 + int(alarm_at[3:]))
    assert minutes >= 15  # target tracking's low alarm needs 15 quiet minutes
def test_the_tour_load_balancer_routes_by_path_and_moves_traffic_off_a_broken_server(capsys):
    ec2lab.set_language("en")
    text = _run_tour(capsys)
    flat = " ".join(text.split())  # the narrator wraps long lines
    for needle in [
        "health check GET / every 30 s (5 passes: healthy, 2 failures: unhealthy)",
        "internet-facing ALB tour-alb in us-east-1a + us-east-1b: provisioning, active at",
        "listener HTTP:80 -> web-tg (default rule); rule 10: path /books/* -> books-tg",
        "): unhealthy at ",
        "(Target.ResponseCodeMismatch, 2 failed checks)",
    ]:
        assert needle in flat, needle
    requests = re.findall(r"GET (/\S*) +-> 200 from (\S+) i-\w+ \((the default rule|rule 10)\)", text)
    assert [r[0] for r in requests] == ["/", "/", "/books/dune", "/books"]
    assert {requests[0][1], requests[1][1]} == {"web-1", "web-2"}  # round robin over the two servers
    assert requests[2][1:] == ("books", "rule 10") and requests[3][2] == "the default rule"  # /books is not under /books/*
    assert "send_traffic(10 requests/s, 30 s): 300 requests, web-2 300; status 200: 300" in text  # web-1 is unhealthy: none to it


def test_the_tour_is_deterministic(capsys):
    ec2lab.set_language("en")
    assert _run_tour(capsys) == _run_tour(capsys)


def test_the_tour_in_korean_and_the_language_is_restored(capsys):
    ec2lab.set_language("en")
    text = _run_tour(capsys, lang="ko")
    assert "둘러보기" in text and "실행 중 (running)" in text and "종료됨 (terminated)" in text
    assert "모니터링: CPU 경보" in text and "받은 편지함: ALARM" in text and "축소: 원하는 용량 2 -> 1" in text
    assert "로드 밸런싱: 대상 그룹" in text and "비정상(unhealthy)" in text and "규칙 10" in text
    assert "힌트: " in text and "OperationNotPermitted" in text
    assert ec2lab.get_language() == "en"
    assert tour.main(["--lang", "ko"]) == 0
    assert "힌트: " in capsys.readouterr().out
    assert ec2lab.get_language() == "en"


def test_the_cli_runs_the_tour_and_writes_nothing_to_stderr(capsys):
    ec2lab.set_language("en")
    expected = _run_tour(capsys)
    first, second = _cli(), _cli()
    assert first.returncode == 0 and first.stderr == ""
    assert first.stdout == expected
    assert second.stdout == first.stdout


def test_the_cli_tour_in_korean():
    r = _cli("--lang", "ko")
    assert r.returncode == 0 and r.stderr == ""
    assert "다음 단계" in r.stdout and "흐른 가상 시간" in r.stdout


def test_the_cli_rejects_an_unknown_language():
    r = _cli("--lang", "fr")
    assert r.returncode != 0 and "invalid choice" in r.stderr


def test_a_closed_pipe_ends_the_tour_quietly():
    env = dict(os.environ)
    env.pop("EC2LAB_LANGUAGE", None)
    p = subprocess.Popen([sys.executable, "-m", "ec2lab", "tour"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    p.stdout.readline()
    p.stdout.close()
    _, err = p.communicate(timeout=120)
    assert err == b""


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_terminal_that_cannot_show_every_character_still_gets_the_tour(lang):
    env = dict(os.environ, PYTHONIOENCODING="ascii")
    env.pop("EC2LAB_LANGUAGE", None)
    r = subprocess.run([sys.executable, "-m", "ec2lab", "tour", "--lang", lang], capture_output=True, env=env, timeout=120)
    assert r.returncode == 0 and r.stderr == b""
    assert b"ClientError OperationNotPermitted" in r.stdout
