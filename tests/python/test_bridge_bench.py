"""bench/bridge.py stays runnable: its phases name real botocore operations (so a phase starts
running when its domain lands), and the ec2lab side of the workload runs."""
from __future__ import annotations

import importlib.util
import pathlib

import boto3
import botocore.session

import ec2lab

PATH = pathlib.Path(__file__).resolve().parents[2] / "bench" / "bridge.py"


def load():
    spec = importlib.util.spec_from_file_location("bench_bridge", PATH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_phase_names_botocore_operations():
    bench = load()
    session = botocore.session.get_session()
    for name, service, operations, fn in bench.PHASES:
        for svc, names in bench.operations_by_service(service, operations).items():
            model = session.get_service_model(svc)
            assert set(names) <= set(model.operation_names), (name, svc)


def test_the_workload_runs_on_ec2lab():
    bench = load()
    with ec2lab.mock_aws() as cloud:
        ec2 = boto3.client("ec2", region_name="us-east-1")
        image = ec2.describe_images(Filters=[{"Name": "name", "Values": [bench.X86]}])["Images"][0]["ImageId"]
        times = bench.workload(ec2, image, cloud.advance)
    phases, skipped = bench.runnable_phases()
    assert [n for n, _ in phases] == [n for n in times if n not in ("calls", "calls_by_phase")]
    assert "elb" in times and times["calls_by_phase"]["elb"] == 36  # subnets, 2 TGs, LB, listener, 20 rules, 6 registers, 2 health, 3 describes
    assert sum(times["calls_by_phase"].values()) == times["calls"] >= 31
