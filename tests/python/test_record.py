"""Recording and replay from Python: every surface records, save/load round-trips, and an edited,
truncated or foreign-seed file is refused with the entry and the mismatch named."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

import ec2lab


def _work(cloud):
    ec2 = cloud.client("ec2")
    web = cloud.run_instance("al2023", "t2.micro", tags={"Name": "web"})  # objects
    web.wait_until_running()  # waiter: DescribeInstances + advances
    with pytest.raises(ec2lab.ClientError):
        ec2.terminate_instances(InstanceIds=["i-0000000000000000f"])  # refused, still recorded
    ec2.stop_instances(InstanceIds=[web.id])  # client
    cloud.run_until(lambda: web.state == "stopped")
    cloud.client("ec2lab").explain_instance_type(InstanceType="t3.micro")
    cloud._core.call("ec2", cloud.region, "DescribeRegions", {})  # the door every surface (and the boto3 bridge) uses
    return web


def _saved(tmp_path, seed=0, region="us-east-1"):
    cloud = ec2lab.Cloud(region=region, seed=seed)
    _work(cloud)
    path = tmp_path / "work.json"
    cloud.save(path)
    return cloud, path


def test_every_surface_records_and_a_load_replays_the_same_world(tmp_path):
    cloud, path = _saved(tmp_path, seed=4, region="ap-northeast-2")
    doc = json.loads(path.read_text())
    assert doc["format"] == "ec2lab-recording" and doc["seed"] == 4 and doc["region"] == "ap-northeast-2"
    ops = [e.get("operation", "advance") for e in doc["entries"]]
    assert "RunInstances" in ops and "StopInstances" in ops and "ExplainInstanceType" in ops and "advance" in ops
    assert ops[-1] == "DescribeRegions"
    refused = [e for e in doc["entries"] if e.get("outcome") == {"error": "InvalidInstanceID.NotFound"}]
    assert len(refused) == 1
    back = ec2lab.Cloud.load(path)
    assert (back.seed, back.region, back.now, back.digest) == (4, "ap-northeast-2", cloud.now, cloud.digest)
    assert back.instances().states() == ["stopped"]
    # the loaded cloud goes on recording: work on it and save again
    back.instances().start()
    back.save(tmp_path / "more.json")
    assert ec2lab.Cloud.load(tmp_path / "more.json").digest == back.digest


def test_an_edited_parameter_names_the_entry(tmp_path):
    _, path = _saved(tmp_path)
    doc = json.loads(path.read_text())
    i = next(n for n, e in enumerate(doc["entries"]) if e.get("operation") == "RunInstances")
    doc["entries"][i]["params"]["InstanceType"] = "t3.micro"
    path.write_text(json.dumps(doc))
    with pytest.raises(ec2lab.ReplayError) as e:
        ec2lab.Cloud.load(path)
    assert e.value.entry == i + 1
    assert "ec2:RunInstances" in e.value.subject and e.value.expected.startswith("success (response ")
    assert str(e.value).startswith(f"entry {i + 1} of {len(doc['entries'])}: ec2:RunInstances in us-east-1 at ")


def test_a_faked_outcome_is_refused(tmp_path):
    _, path = _saved(tmp_path)
    doc = json.loads(path.read_text())
    i = next(n for n, e in enumerate(doc["entries"]) if "error" in e.get("outcome", {}))
    doc["entries"][i]["outcome"] = {"ok": "0123456789abcdef"}
    path.write_text(json.dumps(doc))
    with pytest.raises(ec2lab.ReplayError) as e:
        ec2lab.Cloud.load(path)
    assert (e.value.entry, e.value.got) == (i + 1, "refused with InvalidInstanceID.NotFound")


def test_truncated_garbage_and_non_utf8_files_are_refused(tmp_path):
    _, path = _saved(tmp_path)
    text = path.read_text()
    path.write_text(text[: len(text) // 3])
    with pytest.raises(ec2lab.ReplayError, match=r"the file ends early \(truncated\?\)"):
        ec2lab.Cloud.load(path)
    path.write_bytes(b"\xff\xfe{}")
    with pytest.raises(ec2lab.ReplayError, match="UTF-8") as e:
        ec2lab.Cloud.load(path)
    assert e.value.entry is None
    path.write_text('{"format": "ec2lab-recording", "__reduce__": "os.system"}')
    with pytest.raises(ec2lab.ReplayError, match="not an ec2lab recording"):
        ec2lab.Cloud.load(path)


def test_dropped_entries_are_refused(tmp_path):
    _, path = _saved(tmp_path)
    doc = json.loads(path.read_text())
    doc["entries"] = doc["entries"][:-2]  # the tail cut off, header kept
    path.write_text(json.dumps(doc))
    with pytest.raises(ec2lab.ReplayError) as e:
        ec2lab.Cloud.load(path)
    assert e.value.subject == "the digest of the log"


def test_a_foreign_seed_is_refused(tmp_path):
    _, path = _saved(tmp_path, seed=1)
    with pytest.raises(ec2lab.ReplayError) as e:
        ec2lab.Cloud.load(path, seed=2)
    assert (e.value.subject, e.value.expected, e.value.got) == ("the seed", "2", "1")
    # rewriting the seed in the file does not help: the recorded ids no longer replay
    doc = json.loads(path.read_text())
    doc["seed"] = 2
    path.write_text(json.dumps(doc))
    with pytest.raises(ec2lab.ReplayError) as e:
        ec2lab.Cloud.load(path, seed=2)
    assert e.value.entry is not None


def test_the_digest_is_the_same_in_another_process(tmp_path):
    cloud, path = _saved(tmp_path, seed=9)
    code = "import sys, ec2lab; print(ec2lab.Cloud.load(sys.argv[1]).digest)"
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == cloud.digest and out.stderr == ""
