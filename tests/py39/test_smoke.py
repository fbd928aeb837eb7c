"""Smoke test of the abi3 wheel on the oldest supported Python (3.9), run by `make test` when a
python3.9 is on the machine. The full suite needs botocore, which no longer supports 3.9."""
import subprocess
import sys

import ec2lab


def test_runs_on_this_python():
    assert sys.version_info[:2] >= (3, 9)
    cloud = ec2lab.Cloud(seed=0)
    web = cloud.run_instance("al2023", "t2.micro", tags={"Name": "web"})
    web.wait_until_running()
    first = web.public_ip
    web.stop().wait_until_stopped().start().wait_until_running()
    assert web.state == "running" and web.public_ip != first
    try:
        web.terminate().wait_until_terminated().start()
    except ec2lab.ClientError as e:
        assert e.response["Error"]["Code"] == "IncorrectInstanceState" and e.hint
    else:
        raise AssertionError("a terminated instance started")
    assert "c = compute optimized" in str(ec2lab.explain_instance_type("c5n.xlarge"))


def test_the_tour_runs_quietly():
    out = subprocess.run([sys.executable, "-m", "ec2lab", "tour"], capture_output=True, text=True, check=True)
    assert "Same seed, same text" in out.stdout and out.stderr == ""


def test_a_lab_is_graded_from_a_saved_recording(tmp_path):
    import ec2lab.labs

    lab = ec2lab.labs.get("lifecycle")
    cloud = lab.start()
    lab.solve(cloud)
    cloud.save(tmp_path / "s.json")
    assert lab.grade_file(tmp_path / "s.json").score == lab.max_score
    out = subprocess.run([sys.executable, "-m", "ec2lab", "grade", "lifecycle", str(tmp_path), "--out", str(tmp_path / "g.csv")],
                         capture_output=True, text=True, check=True)
    assert "1 graded" in out.stdout and out.stderr == ""
