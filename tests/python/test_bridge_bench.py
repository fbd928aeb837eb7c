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
        model = session.get_service_model(service)
        assert set(operations) <= set(model.operation_names), name


def test_the_workload_runs_on_ec2lab():
    bench = load()
    with ec2lab.mock_aws() as cloud:
        ec2 = boto3.client("ec2", region_name="us-east-1")
        image = ec2.describe_images(Filters=[{"Name": "name", "Values": [bench.X86]}])["Images"][0]["ImageId"]
        times = bench.workload(ec2, image, cloud.advance)
    phases, skipped = bench.runnable_phases()
    assert [n for n, _ in phases] == [n for n in times if n != "calls"]
    assert times["calls"] >= 31
